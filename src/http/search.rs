//! `GET /search?q=`: full text over evidence sentences.

use axum::Json;
use axum::extract::{OriginalUri, State};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::AppState;
use super::auth::Reader;
use super::error::{ApiError, ApiResult, FieldError, Problem};
use super::extract::ApiQuery;
use super::paging::{Page, PageParams};
use crate::store::search::{self, Hit};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_search))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchQuery {
    /// Words, "a phrase", -excluded, or: web-search syntax, English stemming.
    q: Option<String>,
}

/// Evidence sentences matching `q`, best first, with the record each supports.
#[utoipa::path(get, path = "/search", tag = "reading", params(SearchQuery, PageParams),
    responses((status = 200, body = Page<Hit>), (status = 400, body = Problem)),
    security((), ("bearer" = [])))]
async fn get_search(
    _: Reader,
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(q): ApiQuery<SearchQuery>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<Hit>>> {
    let Some(q) = q.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) else {
        return Err(ApiError::BadRequest {
            detail: "q is required: the words to search for".to_owned(),
            errors: vec![FieldError::new("q", "missing")],
        });
    };
    let limit = page.limit()?;
    let after = page.after(|c| {
        let (rank, id) = c.split_once('|')?;
        Some((
            f32::from_bits(rank.parse().ok()?),
            Uuid::parse_str(id).ok()?,
        ))
    })?;
    let hits = search::search(&s.reads.pool(), q, after, limit + 1).await?;
    Ok(Json(Page::new(hits, limit, &uri, |h: &Hit| {
        format!("{}|{}", h.rank.to_bits(), h.evidence_id)
    })))
}
