//! `/events`: the happenings accusations gather under.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::IntoParams;
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
use crate::store::audit::{self, Entity};
use crate::store::events::{self, Event, EventDetail, EventPatch, NewEvent};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_events, create_event))
        .routes(routes!(get_event, update_event, delete_event))
        .routes(routes!(review_event))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct EventQuery {
    /// Words in the event's name.
    q: Option<String>,
}

#[utoipa::path(get, path = "/events", tag = "events", params(EventQuery, PageParams),
    responses((status = 200, body = Page<Event>), (status = 400, body = Problem)),
    security((), ("bearer" = [])))]
async fn list_events(
    _: Reader,
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(q): ApiQuery<EventQuery>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> ApiResult<Json<Page<Event>>> {
    let limit = page.limit()?;
    let after = page.after(|c| Uuid::parse_str(c).ok())?;
    let q = q.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let rows = events::list(&s.reads.pool(), q, after, limit + 1).await?;
    Ok(Json(Page::new(rows, limit, &uri, |e: &Event| {
        e.id.to_string()
    })))
}

#[utoipa::path(get, path = "/events/{id}", tag = "events", params(("id" = Uuid, Path)),
    responses((status = 200, body = EventDetail), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn get_event(
    _: Reader,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<impl IntoResponse> {
    let mut conn = s.reads.pool().acquire().await?;
    let e = events::detail(&mut conn, id).await?;
    Ok((etag(e.event.version), Json(e)))
}

#[utoipa::path(post, path = "/events", tag = "events", request_body = NewEvent,
    responses((status = 201, body = EventDetail), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_event(
    who: Analyst,
    State(s): State<AppState>,
    ApiJson(input): ApiJson<NewEvent>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    let id = events::create(
        &mut *tx,
        &input,
        RecordOrigin::Analyst,
        ReviewState::Confirmed,
    )
    .await?;
    let after = audit::snapshot(&mut tx, Entity::Event, id).await?;
    audit::record(
        &mut *tx,
        &who.writer(),
        "create",
        "event",
        Some(id),
        None,
        Some(after),
    )
    .await?;
    let e = events::detail(&mut tx, id).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/events/{id}"))],
        etag(e.event.version),
        Json(e),
    ))
}

#[utoipa::path(patch, path = "/events/{id}", tag = "events", request_body = EventPatch,
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = EventDetail), (status = 404, body = Problem),
              (status = 412, body = Problem), (status = 428, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn update_event(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
    ApiJson(patch): ApiJson<EventPatch>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    let (before, v) = audit::lock(&mut tx, Entity::Event, Expect { id, version }).await?;
    events::update(&mut *tx, id, v, &patch).await?;
    let after = audit::snapshot(&mut tx, Entity::Event, id).await?;
    audit::record(
        &mut *tx,
        &who.writer(),
        "update",
        "event",
        Some(id),
        Some(before),
        Some(after),
    )
    .await?;
    let e = events::detail(&mut tx, id).await?;
    tx.commit().await?;
    Ok((etag(e.event.version), Json(e)))
}

#[utoipa::path(delete, path = "/events/{id}", tag = "events",
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)),
    security(("bearer" = [])))]
async fn delete_event(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
) -> ApiResult<StatusCode> {
    delete(&s, &who, Entity::Event, id, version).await
}

#[utoipa::path(post, path = "/events/{id}/review", tag = "events", request_body = ReviewInput,
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag read (a stale one gets 412), or * to replace whatever is stored")),
    responses((status = 200, body = EventDetail), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)),
    security(("bearer" = [])))]
async fn review_event(
    who: Analyst,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<ReviewInput>,
) -> ApiResult<impl IntoResponse> {
    let mut tx = s.pool.begin().await?;
    review(&mut tx, &who, Entity::Event, id, version, input.review).await?;
    let e = events::detail(&mut tx, id).await?;
    tx.commit().await?;
    Ok((etag(e.event.version), Json(e)))
}
