//! `/actors`: fuzzy look-up, one actor with its names and links, and the
//! analyst's creation, correction, merging and review.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::AppState;
use super::auth::{Analyst, Reader};
use super::error::{ApiResult, Problem};
use super::extract::{ApiJson, ApiPath, ApiQuery, IfMatch, etag};
use super::paging::{Page, PageParams};
use super::records::{ReviewInput, delete, review};
use crate::domain::{RecordOrigin, ReviewState};
use crate::store::Expect;
use crate::store::actors::{self, ActorDetail, ActorMatch, ActorPatch, NewActor};
use crate::store::audit::{self, Entity};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_actors, create_actor))
        .routes(routes!(get_actor, update_actor, delete_actor))
        .routes(routes!(merge_actor))
        .routes(routes!(review_actor))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ActorQuery {
    /// A name or alias, matched fuzzily (trigram similarity): best matches
    /// first, one page. Without it, all actors by name, paged.
    q: Option<String>,
}

/// Actors: fuzzy search with `q`, else the list by name.
#[utoipa::path(get, path = "/actors", tag = "actors", params(ActorQuery, PageParams),
    responses((status = 200, body = Page<ActorMatch>), (status = 400, body = Problem)),
    security((), ("bearer" = [])))]
async fn list_actors(
    _: Reader,
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(q): ApiQuery<ActorQuery>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<ActorMatch>>> {
    let limit = page.limit()?;
    if let Some(q) = q.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        // Ranked results are one page: a cursor into a ranking is of little use.
        let items = actors::search(&s.reads.pool(), q, limit).await?;
        return Ok(Json(Page {
            items,
            next_cursor: None,
            next: None,
        }));
    }
    let after = page.after(|c| {
        let (id, name) = c.split_once(':')?;
        Some((name.to_owned(), Uuid::parse_str(id).ok()?))
    })?;
    let rows = actors::list(&s.reads.pool(), after, limit + 1).await?;
    let items = rows
        .into_iter()
        .map(|actor| ActorMatch { actor, score: 1.0 })
        .collect();
    Ok(Json(Page::new(items, limit, &uri, |m: &ActorMatch| {
        format!("{}:{}", m.actor.id, m.actor.name)
    })))
}

#[utoipa::path(get, path = "/actors/{id}", tag = "actors",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ActorDetail, description = "Aliases, affiliations, counts; ETag is its version"),
              (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn get_actor(
    _: Reader,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<impl IntoResponse> {
    let mut conn = s.reads.pool().acquire().await?;
    let a = actors::detail(&mut conn, id).await?;
    Ok((etag(a.version), Json(a)))
}

#[utoipa::path(post, path = "/actors", tag = "actors", request_body = NewActor,
    responses((status = 201, body = ActorDetail), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, err(level = "debug", Debug))]
async fn create_actor(
    who: Analyst,
    State(s): State<AppState>,
    ApiJson(input): ApiJson<NewActor>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    let id = actors::create(
        &mut tx,
        &input,
        RecordOrigin::Analyst,
        ReviewState::Confirmed,
    )
    .await?;
    let a = actors::detail(&mut tx, id).await?;
    audit::record(
        &mut *tx,
        &who.writer(),
        "create",
        "actor",
        Some(id),
        None,
        Some(serde_json::to_value(&a).unwrap_or_default()),
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/actors/{id}"))],
        etag(a.version),
        Json(a),
    ))
}

#[utoipa::path(patch, path = "/actors/{id}", tag = "actors", request_body = ActorPatch,
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = ActorDetail), (status = 404, body = Problem),
              (status = 412, body = Problem), (status = 428, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, err(level = "debug", Debug), fields(actor.id = %id))]
async fn update_actor(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
    ApiJson(patch): ApiJson<ActorPatch>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    audit::lock(&mut tx, Entity::Actor, Expect { id, version }).await?;
    // The actor's own view (with aliases and affiliations) is the audit's
    // before and after, since a correction can change all three tables.
    let before = actors::detail(&mut tx, id).await?;
    actors::update(&mut tx, id, &patch).await?;
    let a = actors::detail(&mut tx, id).await?;
    audit::record(
        &mut *tx,
        &who.writer(),
        "update",
        "actor",
        Some(id),
        Some(serde_json::to_value(&before).unwrap_or_default()),
        Some(serde_json::to_value(&a).unwrap_or_default()),
    )
    .await?;
    tx.commit().await?;
    Ok((etag(a.version), Json(a)))
}

/// Delete an actor that no record refers to (else 409: merge it instead).
#[utoipa::path(delete, path = "/actors/{id}", tag = "actors",
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)),
    security(("bearer" = [])))]
async fn delete_actor(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
) -> ApiResult<StatusCode> {
    delete(&s, &who, Entity::Actor, id, version).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct MergeInput {
    /// The actor that is the same as this one; its records, names and
    /// affiliations move here and it points here from now on.
    pub duplicate: Uuid,
}

/// Merge a duplicate into this actor (the survivor).
#[utoipa::path(post, path = "/actors/{id}/merge", tag = "actors", request_body = MergeInput,
    params(("id" = Uuid, Path, description = "The survivor"), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = ActorDetail), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, err(level = "debug", Debug), fields(actor.id = %id))]
async fn merge_actor(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<MergeInput>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    let a = merge_audited(&mut tx, &who, id, version, input.duplicate).await?;
    tx.commit().await?;
    Ok((etag(a.version), Json(a)))
}

/// Merge `duplicate` into actor `id`, from the version of `id` the caller
/// holds, audited on both actors; the API and the web app share it.
pub(crate) async fn merge_audited(
    tx: &mut sqlx::PgConnection,
    who: &Analyst,
    id: Uuid,
    version: Option<i32>,
    duplicate: Uuid,
) -> ApiResult<ActorDetail> {
    audit::lock(tx, Entity::Actor, Expect { id, version }).await?;
    let (dup_before, _) = audit::lock(
        tx,
        Entity::Actor,
        Expect {
            id: duplicate,
            version: None,
        },
    )
    .await?;
    let before = actors::detail(tx, id).await?;
    actors::merge(tx, id, duplicate).await?;
    let a = actors::detail(tx, id).await?;
    let dup_after = audit::snapshot(tx, Entity::Actor, duplicate).await?;
    let w = who.writer();
    audit::record(
        &mut *tx,
        &w,
        "merge",
        "actor",
        Some(id),
        Some(serde_json::to_value(&before).unwrap_or_default()),
        Some(serde_json::to_value(&a).unwrap_or_default()),
    )
    .await?;
    audit::record(
        &mut *tx,
        &w,
        "merged",
        "actor",
        Some(duplicate),
        Some(dup_before),
        Some(dup_after),
    )
    .await?;
    Ok(a)
}

#[utoipa::path(post, path = "/actors/{id}/review", tag = "actors", request_body = ReviewInput,
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = ActorDetail), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)),
    security(("bearer" = [])))]
async fn review_actor(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<ReviewInput>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    review(&mut tx, &who, Entity::Actor, id, version, input.review).await?;
    let a = actors::detail(&mut tx, id).await?;
    tx.commit().await?;
    Ok((etag(a.version), Json(a)))
}
