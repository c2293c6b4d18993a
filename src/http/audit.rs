//! Admin only: `GET /audit` (every write, who, when, before and after) and
//! `/keys` (the same key management as `riposte keys`).

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::AppState;
use super::auth::Admin;
use super::error::{ApiError, ApiResult, Problem};
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::paging::{Page, PageParams};
use crate::domain::ApiRole;
use crate::store::audit::{self, AuditEntry};
use crate::store::keys::{self, KeyInfo};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_audit))
        .routes(routes!(list_keys, create_key))
        .routes(routes!(revoke_key))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// accusation, response, actor, event or key.
    entity: Option<String>,
    entity_id: Option<Uuid>,
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/audit", tag = "admin", params(AuditQuery, PageParams),
    responses((status = 200, body = Page<AuditEntry>), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn get_audit(
    _: Admin,
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(q): ApiQuery<AuditQuery>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<AuditEntry>>> {
    let limit = page.limit()?;
    let before = page.after(|c| c.parse::<i64>().ok())?;
    let rows = audit::page(
        &s.reads.pool(),
        q.entity.as_deref(),
        q.entity_id,
        before,
        limit + 1,
    )
    .await?;
    Ok(Json(Page::new(rows, limit, &uri, |e: &AuditEntry| {
        e.id.to_string()
    })))
}

#[utoipa::path(get, path = "/keys", tag = "admin",
    responses((status = 200, body = Vec<KeyInfo>), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn list_keys(_: Admin, State(s): State<AppState>) -> ApiResult<Json<Vec<KeyInfo>>> {
    Ok(Json(keys::list(&s.reads.pool()).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct NewKey {
    pub name: String,
    pub role: ApiRole,
}

#[derive(Debug, Serialize, ToSchema)]
pub(super) struct CreatedKey {
    #[serde(flatten)]
    pub info: KeyInfo,
    /// The key itself: shown this once, stored only as a hash.
    pub key: String,
}

#[utoipa::path(post, path = "/keys", tag = "admin", request_body = NewKey,
    responses((status = 201, body = CreatedKey), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn create_key(
    who: Admin,
    State(s): State<AppState>,
    ApiJson(input): ApiJson<NewKey>,
) -> ApiResult<(StatusCode, Json<CreatedKey>)> {
    let mut tx = s.pool.begin().await?;
    let (info, key) = keys::create(&mut *tx, &input.name, input.role).await?;
    let after = serde_json::to_value(&info).unwrap_or_default();
    audit::record(
        &mut *tx,
        &who.writer(),
        "create",
        "key",
        Some(info.id),
        None,
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(CreatedKey { info, key })))
}

#[utoipa::path(delete, path = "/keys/{name}", tag = "admin", params(("name" = String, Path)),
    responses((status = 200, body = KeyInfo), (status = 404, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn revoke_key(
    who: Admin,
    State(s): State<AppState>,
    ApiPath(name): ApiPath<String>,
) -> ApiResult<Json<KeyInfo>> {
    let mut tx = s.pool.begin().await?;
    let info = keys::revoke(&mut *tx, &name)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no key is named '{name}'")))?;
    let after = serde_json::to_value(&info).unwrap_or_default();
    audit::record(
        &mut *tx,
        &who.writer(),
        "revoke",
        "key",
        Some(info.id),
        None,
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(info))
}
