//! `/accusations` and `/responses`: one record with its actors, links and
//! evidence; analysts create, correct, delete, link and review them.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::AppState;
use super::auth::{Analyst, Reader};
use super::error::{ApiResult, Problem};
use super::extract::{ApiJson, ApiPath, IfMatch, etag};
use crate::domain::{RecordOrigin, ReviewState};
use crate::store::audit::{self, Entity};
use crate::store::records::{
    self, AccusationDetail, AccusationPatch, NewAccusation, NewResponse, ResponseDetail,
    ResponsePatch,
};
use crate::store::{Expect, StoreError};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_accusation))
        .routes(routes!(
            get_accusation,
            update_accusation,
            delete_accusation
        ))
        .routes(routes!(review_accusation))
        .routes(routes!(create_response))
        .routes(routes!(get_response, update_response, delete_response))
        .routes(routes!(review_response))
        .routes(routes!(link, unlink))
}

/// An analyst's verdict.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ReviewInput {
    pub review: ReviewState,
}

#[utoipa::path(get, path = "/accusations/{id}", tag = "records",
    params(("id" = Uuid, Path, description = "Accusation id")),
    responses((status = 200, body = AccusationDetail, description = "The accusation, its responses and evidence; ETag is its version"),
              (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn get_accusation(
    _: Reader,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<impl IntoResponse> {
    let mut conn = s.reads.pool().acquire().await?;
    let a = records::accusation(&mut conn, id).await?;
    Ok((etag(a.version), Json(a)))
}

#[utoipa::path(post, path = "/accusations", tag = "records", request_body = NewAccusation,
    responses((status = 201, body = AccusationDetail), (status = 422, body = Problem),
              (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, err(level = "debug", Debug))]
async fn create_accusation(
    who: Analyst,
    State(s): State<AppState>,
    ApiJson(input): ApiJson<NewAccusation>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    let id = records::create_accusation(&mut tx, &input, &who.0.name).await?;
    let after = audit::snapshot(&mut tx, Entity::Accusation, id).await?;
    audit::record(
        &mut *tx,
        &who.writer(),
        "create",
        "accusation",
        Some(id),
        None,
        Some(after),
    )
    .await?;
    let a = records::accusation(&mut tx, id).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/accusations/{id}"))],
        etag(a.version),
        Json(a),
    ))
}

#[utoipa::path(patch, path = "/accusations/{id}", tag = "records", request_body = AccusationPatch,
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = AccusationDetail), (status = 404, body = Problem),
              (status = 412, body = Problem), (status = 428, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, err(level = "debug", Debug), fields(accusation.id = %id))]
async fn update_accusation(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
    ApiJson(patch): ApiJson<AccusationPatch>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    correct_accusation(&mut tx, &who, id, version, &patch).await?;
    let a = records::accusation(&mut tx, id).await?;
    tx.commit().await?;
    Ok((etag(a.version), Json(a)))
}

#[utoipa::path(delete, path = "/accusations/{id}", tag = "records",
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)),
    security(("bearer" = [])))]
async fn delete_accusation(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
) -> ApiResult<StatusCode> {
    delete(&s, &who, Entity::Accusation, id, version).await
}

#[utoipa::path(post, path = "/accusations/{id}/review", tag = "records", request_body = ReviewInput,
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = AccusationDetail), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)),
    security(("bearer" = [])))]
async fn review_accusation(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<ReviewInput>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    review(&mut tx, &who, Entity::Accusation, id, version, input.review).await?;
    let a = records::accusation(&mut tx, id).await?;
    tx.commit().await?;
    Ok((etag(a.version), Json(a)))
}

#[utoipa::path(get, path = "/responses/{id}", tag = "records",
    params(("id" = Uuid, Path, description = "Response id")),
    responses((status = 200, body = ResponseDetail), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn get_response(
    _: Reader,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<impl IntoResponse> {
    let mut conn = s.reads.pool().acquire().await?;
    let r = records::response(&mut conn, id).await?;
    Ok((etag(r.version), Json(r)))
}

#[utoipa::path(post, path = "/responses", tag = "records", request_body = NewResponse,
    responses((status = 201, body = ResponseDetail), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, err(level = "debug", Debug))]
async fn create_response(
    who: Analyst,
    State(s): State<AppState>,
    ApiJson(input): ApiJson<NewResponse>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    let id = records::create_response(&mut tx, &input, &who.0.name)
        .await
        .map_err(|e| match e {
            StoreError::NotFound {
                what: "accusation",
                id,
            } => StoreError::invalid("answers", format!("no accusation has id {id}")),
            other => other,
        })?;
    let after = audit::snapshot(&mut tx, Entity::Response, id).await?;
    audit::record(
        &mut *tx,
        &who.writer(),
        "create",
        "response",
        Some(id),
        None,
        Some(after),
    )
    .await?;
    let r = records::response(&mut tx, id).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/responses/{id}"))],
        etag(r.version),
        Json(r),
    ))
}

#[utoipa::path(patch, path = "/responses/{id}", tag = "records", request_body = ResponsePatch,
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = ResponseDetail), (status = 404, body = Problem),
              (status = 412, body = Problem), (status = 428, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, err(level = "debug", Debug), fields(response.id = %id))]
async fn update_response(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
    ApiJson(patch): ApiJson<ResponsePatch>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    correct_response(&mut tx, &who, id, version, &patch).await?;
    let r = records::response(&mut tx, id).await?;
    tx.commit().await?;
    Ok((etag(r.version), Json(r)))
}

#[utoipa::path(delete, path = "/responses/{id}", tag = "records",
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)),
    security(("bearer" = [])))]
async fn delete_response(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
) -> ApiResult<StatusCode> {
    delete(&s, &who, Entity::Response, id, version).await
}

#[utoipa::path(post, path = "/responses/{id}/review", tag = "records", request_body = ReviewInput,
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = ResponseDetail), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)),
    security(("bearer" = [])))]
async fn review_response(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<ReviewInput>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    review(&mut tx, &who, Entity::Response, id, version, input.review).await?;
    let r = records::response(&mut tx, id).await?;
    tx.commit().await?;
    Ok((etag(r.version), Json(r)))
}

/// Record that a response answers an accusation.
#[utoipa::path(put, path = "/responses/{id}/answers/{accusation_id}", tag = "records",
    params(("id" = Uuid, Path), ("accusation_id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = ResponseDetail), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)),
    security(("bearer" = [])))]
async fn link(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath((id, accusation)): ApiPath<(Uuid, Uuid)>,
    IfMatch(version): IfMatch,
) -> ApiResult<impl IntoResponse> {
    relink(&s, &who, id, accusation, version, true).await
}

/// Remove the link between a response and an accusation.
#[utoipa::path(delete, path = "/responses/{id}/answers/{accusation_id}", tag = "records",
    params(("id" = Uuid, Path), ("accusation_id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = ResponseDetail), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)),
    security(("bearer" = [])))]
async fn unlink(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath((id, accusation)): ApiPath<(Uuid, Uuid)>,
    IfMatch(version): IfMatch,
) -> ApiResult<impl IntoResponse> {
    relink(&s, &who, id, accusation, version, false).await
}

async fn relink(
    s: &AppState,
    who: &Analyst,
    id: Uuid,
    accusation: Uuid,
    version: Option<i32>,
    add: bool,
) -> ApiResult<impl IntoResponse + use<>> {
    let mut tx = s.pool.begin().await?;
    let (before, v) = audit::lock(&mut tx, Entity::Response, Expect { id, version }).await?;
    let changed = if add {
        records::link(&mut tx, id, accusation, RecordOrigin::Analyst).await?
    } else {
        records::unlink(&mut tx, id, accusation).await?
    };
    if !add && !changed {
        return Err(super::error::ApiError::NotFound(format!(
            "response {id} is not linked to accusation {accusation}"
        )));
    }
    if changed {
        audit::bump_version(&mut tx, Entity::Response, id, v).await?;
        let after = audit::snapshot(&mut tx, Entity::Response, id).await?;
        let action = if add { "link" } else { "unlink" };
        let mut before = before;
        before["accusation_id"] = accusation.to_string().into();
        audit::record(
            &mut *tx,
            &who.writer(),
            action,
            "response",
            Some(id),
            Some(before),
            Some(after),
        )
        .await?;
    }
    let r = records::response(&mut tx, id).await?;
    tx.commit().await?;
    Ok((etag(r.version), Json(r)))
}

/// Correct an accusation, audited, from the version the caller holds.
pub(super) async fn correct_accusation(
    tx: &mut sqlx::PgConnection,
    who: &Analyst,
    id: Uuid,
    version: Option<i32>,
    patch: &AccusationPatch,
) -> ApiResult<()> {
    let (before, v) = audit::lock(tx, Entity::Accusation, Expect { id, version }).await?;
    records::update_accusation(tx, id, v, patch).await?;
    let after = audit::snapshot(tx, Entity::Accusation, id).await?;
    audit::record(
        &mut *tx,
        &who.writer(),
        "update",
        "accusation",
        Some(id),
        Some(before),
        Some(after),
    )
    .await?;
    Ok(())
}

/// Correct a response, audited, from the version the caller holds.
pub(super) async fn correct_response(
    tx: &mut sqlx::PgConnection,
    who: &Analyst,
    id: Uuid,
    version: Option<i32>,
    patch: &ResponsePatch,
) -> ApiResult<()> {
    let (before, v) = audit::lock(tx, Entity::Response, Expect { id, version }).await?;
    records::update_response(tx, id, v, patch).await?;
    let after = audit::snapshot(tx, Entity::Response, id).await?;
    audit::record(
        &mut *tx,
        &who.writer(),
        "update",
        "response",
        Some(id),
        Some(before),
        Some(after),
    )
    .await?;
    Ok(())
}

/// Set a record's review state, audited, from the version the caller holds.
pub(super) async fn review(
    tx: &mut sqlx::PgConnection,
    who: &Analyst,
    entity: Entity,
    id: Uuid,
    version: Option<i32>,
    state: ReviewState,
) -> ApiResult<()> {
    let (before, v) = audit::lock(tx, entity, Expect { id, version }).await?;
    records::set_review(tx, entity, id, v, state).await?;
    let after = audit::snapshot(tx, entity, id).await?;
    audit::record(
        &mut *tx,
        &who.writer(),
        "review",
        entity.name(),
        Some(id),
        Some(before),
        Some(after),
    )
    .await?;
    Ok(())
}

/// Delete a record, audited, from the version the caller holds.
pub(super) async fn delete(
    s: &AppState,
    who: &Analyst,
    entity: Entity,
    id: Uuid,
    version: Option<i32>,
) -> ApiResult<StatusCode> {
    let mut tx = s.pool.begin().await?;
    let (before, _) = audit::lock(&mut tx, entity, Expect { id, version }).await?;
    records::delete(&mut tx, entity, id).await?;
    audit::record(
        &mut *tx,
        &who.writer(),
        "delete",
        entity.name(),
        Some(id),
        Some(before),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
