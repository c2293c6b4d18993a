//! `GET /stats`: counts per month by kind, for charts.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::AppState;
use super::auth::Reader;
use super::error::{ApiResult, Problem};
use super::extract::ApiQuery;
use super::filters::TimelineParams;
use crate::store::timeline::{self, MonthCounts};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_stats))
}

#[derive(Debug, Serialize, ToSchema)]
pub(super) struct Stats {
    pub months: Vec<MonthCounts>,
}

/// Statements per month by kind, with the timeline's filters.
#[utoipa::path(get, path = "/stats", tag = "reading", params(TimelineParams),
    responses((status = 200, body = Stats), (status = 400, body = Problem), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn get_stats(
    _: Reader,
    State(s): State<AppState>,
    ApiQuery(params): ApiQuery<TimelineParams>,
) -> ApiResult<Json<Stats>> {
    // one read target for the whole request: one snapshot
    let reads = s.reads.pool();
    let filter = params.resolve(&reads).await?;
    let mut conn = reads.acquire().await?;
    Ok(Json(Stats {
        months: timeline::stats(&mut conn, &filter).await?,
    }))
}
