//! `GET /timeline`: accusations and responses in the order they were made.

use axum::Json;
use axum::extract::{OriginalUri, State};
use chrono::NaiveDate;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::AppState;
use super::auth::Reader;
use super::error::{ApiResult, Problem};
use super::extract::ApiQuery;
use super::filters::TimelineParams;
use super::paging::{Page, PageParams};
use crate::store::timeline::{self, TimelineEntry};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_timeline))
}

/// The timeline: each accusation with the responses that answer it
/// (`answered: false` and `responses: []` when none is recorded), each
/// response with what it answers; actors and evidence named. Rejected
/// records are left out unless `review` asks for them.
#[utoipa::path(get, path = "/timeline", tag = "reading", params(TimelineParams, PageParams),
    responses((status = 200, body = Page<TimelineEntry>), (status = 400, body = Problem),
              (status = 404, body = Problem, description = "An actor filter names no actor")),
    security((), ("bearer" = [])))]
#[tracing::instrument(skip_all, err(level = "debug", Debug))]
async fn get_timeline(
    _: Reader,
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(params): ApiQuery<TimelineParams>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<TimelineEntry>>> {
    let limit = page.limit()?;
    let after = page.after(|c| {
        let (d, id) = c.split_once('|')?;
        Some((d.parse::<NaiveDate>().ok()?, Uuid::parse_str(id).ok()?))
    })?;
    // one read target for the whole request: one snapshot
    let reads = s.reads.pool();
    let filter = params.resolve(&reads).await?;
    let mut conn = reads.acquire().await?;
    let rows = timeline::page(&mut conn, &filter, after, limit + 1).await?;
    Ok(Json(Page::new(rows, limit, &uri, |e: &TimelineEntry| {
        format!("{}|{}", e.stated_on, e.id)
    })))
}
