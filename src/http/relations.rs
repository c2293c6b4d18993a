//! `GET /relations`: who accused whom, for a matrix or a network.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::AppState;
use super::auth::Reader;
use super::error::{ApiError, ApiResult, FieldError, Problem};
use super::extract::ApiQuery;
use super::filters::TimelineParams;
use crate::store::relations::{self, Relation};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_relations))
}

const DEFAULT_PAIRS: i64 = 1000;
const MAX_PAIRS: i64 = 10_000;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RelationsLimit {
    /// The largest pairs to return: 1 to 10000, 1000 by default.
    #[param(minimum = 1, maximum = 10000)]
    limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(super) struct Relations {
    /// Accuser → accused pairs, most accusations first.
    pub pairs: Vec<Relation>,
    /// True when more pairs matched than `limit`.
    pub truncated: bool,
}

/// For each accuser → accused pair: accusations, responses by kind, the
/// share answered and the median days to the first response.
#[utoipa::path(get, path = "/relations", tag = "reading", params(TimelineParams, RelationsLimit),
    responses((status = 200, body = Relations), (status = 400, body = Problem), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
#[tracing::instrument(skip_all, err(level = "debug", Debug))]
async fn get_relations(
    _: Reader,
    State(s): State<AppState>,
    ApiQuery(params): ApiQuery<TimelineParams>,
    ApiQuery(l): ApiQuery<RelationsLimit>,
) -> ApiResult<Json<Relations>> {
    let limit = match l.limit {
        None => DEFAULT_PAIRS,
        Some(n) if (1..=MAX_PAIRS).contains(&n) => n,
        Some(n) => {
            return Err(ApiError::BadRequest {
                detail: format!("limit {n} is out of range: 1 to {MAX_PAIRS}"),
                errors: vec![FieldError::new(
                    "limit",
                    format!("{n} is not between 1 and {MAX_PAIRS}"),
                )],
            });
        }
    };
    // one read target for the whole request: one snapshot
    let reads = s.reads.pool();
    let filter = params.resolve(&reads).await?;
    let mut conn = reads.acquire().await?;
    let mut pairs = relations::relations(&mut conn, &filter, limit + 1).await?;
    let truncated = pairs.len() as i64 > limit;
    pairs.truncate(limit as usize);
    Ok(Json(Relations { pairs, truncated }))
}
