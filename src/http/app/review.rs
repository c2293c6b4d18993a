//! The analysts' review queue: unreviewed records, least confident first,
//! each with its evidence; confirm or reject from the version shown. A
//! decision on a record someone else changed meanwhile is not applied: the
//! page shows the record as it now is and offers the decision again.

use axum::Form;
use axum::extract::{Path, Query, State};
use maud::html;
use serde::Deserialize;
use uuid::Uuid;

use super::records::review_controls;
use super::{PageError, PageResult, Visitor, actor_link, layout, record_entity, see_other};
use crate::domain::ReviewState;
use crate::http::AppState;
use crate::http::auth::Analyst;
use crate::http::error::ApiError;
use crate::store::audit::Entity;
use crate::store::queue::{self, QueueOrder};

/// Records per queue page.
const PAGE: i64 = 25;

#[derive(Debug, Deserialize)]
pub(super) struct QueueQuery {
    #[serde(default)]
    order: Option<String>,
    #[serde(default)]
    page: Option<u32>,
}

pub(super) async fn queue(
    v: Visitor,
    State(s): State<AppState>,
    Query(q): Query<QueueQuery>,
) -> PageResult {
    let session = v.session.as_ref().ok_or(PageError::SignIn)?;
    Analyst::of_session(session)?;
    let order = match q.order.as_deref() {
        None | Some("confidence") => QueueOrder::LeastConfident,
        Some("newest") => QueueOrder::Newest,
        Some(other) => {
            return Err(ApiError::invalid(
                "order",
                format!("'{other}' is not an order: confidence or newest"),
            )
            .into());
        }
    };
    let page = q.page.unwrap_or(0);
    let mut conn = s.reads.pool().acquire().await.map_err(ApiError::from)?;
    let items = queue::review_queue(&mut conn, order, i64::from(page) * PAGE, PAGE).await?;
    let order_name = if order == QueueOrder::Newest {
        "newest"
    } else {
        "confidence"
    };
    Ok(layout(
        &v,
        "Review queue",
        html! {
            h1 { "Review queue" }
            p.muted {
                "Unreviewed records, "
                @if order == QueueOrder::Newest { "newest first (" a href="/app/review" { "least confident first" } ")" }
                @else { "least confident first (" a href="/app/review?order=newest" { "newest first" } ")" }
                ". Tab reaches each record's Confirm and Reject; on a record's page, C and R (with your browser's access-key modifier) do the same."
            }
            @if items.is_empty() {
                p { "Nothing waits for review." }
            }
            ol.queue start=(page * PAGE as u32 + 1) {
                @for it in &items {
                    li {
                        a href={ "/app/" (it.record) "s/" (it.id) } { (it.stated_on) " · " (it.kind) }
                        " by " (actor_link(it.speaker_id, &it.speaker))
                        @if let (Some(t), Some(n)) = (it.target_id, &it.target) { " → " (actor_link(t, n)) }
                        " · confidence " (format!("{:.2}", it.confidence))
                        @if let Some(sentence) = &it.sentence { blockquote { (sentence) } }
                        (review_controls(&v, &it.record, it.id, it.version, false))
                    }
                }
            }
            @if items.len() as i64 == PAGE {
                p { a rel="next" href={ "/app/review?order=" (order_name) "&page=" (page + 1) } { "More →" } }
            }
        },
    ))
}

#[derive(Debug, Deserialize)]
pub(super) struct Decision {
    csrf: String,
    version: i32,
    review: ReviewState,
}

pub(super) async fn decide(
    v: Visitor,
    State(s): State<AppState>,
    Path((record, id)): Path<(String, Uuid)>,
    Form(d): Form<Decision>,
) -> PageResult {
    let session = v.check_csrf(&d.csrf)?;
    let who = Analyst::of_session(session)?;
    let entity = record_entity(&record)?;
    let mut tx = s.pool.begin().await.map_err(ApiError::from)?;
    match crate::http::records::review(&mut tx, &who, entity, id, Some(d.version), d.review).await {
        Ok(()) => {
            tx.commit().await.map_err(ApiError::from)?;
            Ok(see_other(&format!("/app/{record}s/{id}")))
        }
        Err(ApiError::PreconditionFailed(why)) => {
            drop(tx);
            // someone else changed it: show it as it is now, and offer the
            // decision again on the current version
            let current = current_version(&s, entity, id).await?;
            Ok(layout(
                &v,
                "Changed meanwhile",
                html! {
                    h1 { "Someone changed this record meanwhile" }
                    p.error role="alert" { (why) }
                    p {
                        "You chose " strong { (d.review) } " on version " (d.version)
                        "; it is now at version " (current.0) ", reviewed as " strong { (current.1) } "."
                    }
                    p { a href={ "/app/" (record) "s/" (id) } { "See the record as it is now" } }
                    p { "Apply your choice to the current version:" }
                    (review_controls(&v, &record, id, current.0, true))
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// A record's current version and review state.
async fn current_version(
    s: &AppState,
    entity: Entity,
    id: Uuid,
) -> Result<(i32, ReviewState), PageError> {
    let sql = format!(
        "select version, review from {} where id = $1",
        entity.table()
    );
    let row: Option<(i32, ReviewState)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&s.pool)
        .await
        .map_err(ApiError::from)?;
    row.ok_or_else(|| ApiError::not_found(entity.name(), id).into())
}
