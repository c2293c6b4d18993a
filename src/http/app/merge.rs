//! Merging a duplicate actor into the one whose page it is ("Russian
//! Federation" into "Russia"): its records, evidence and names move to the
//! survivor, through the same audited path as `POST /actors/{id}/merge`,
//! from the version the page showed. A wrong name or a stale page brings
//! the form back with what was typed.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

use super::correct::one_actor;
use super::{PageResult, Visitor, form_again, see_other};
use crate::http::AppState;
use crate::http::auth::Analyst;
use crate::http::error::ApiError;

/// What the merge form holds.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Merge {
    #[serde(default)]
    csrf: String,
    /// The survivor's version the page showed.
    version: i32,
    /// The duplicate: a name, an alias or an id.
    duplicate: String,
}

/// The merge form on actor `id`'s page (analysts only).
pub(super) fn form(v: &Visitor, id: Uuid, version: i32, duplicate: &str, open: bool) -> Markup {
    html! {
        @if v.may_write() {
            details.merge open[open] {
                summary { "Merge a duplicate into this actor" }
                form.merge method="post" action={ "/app/merge/" (id) } {
                    input type="hidden" name="csrf" value=(v.csrf());
                    input type="hidden" name="version" value=(version);
                    label for="duplicate" { "Duplicate (name, alias or id): its records and names move here" }
                    input id="duplicate" name="duplicate" type="text" required value=(duplicate);
                    button type="submit" { "Merge into this actor" }
                }
            }
        }
    }
}

pub(super) async fn merge(
    v: Visitor,
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Form(m): Form<Merge>,
) -> PageResult {
    let session = v.check_csrf(&m.csrf)?;
    let who = Analyst::of_session(session)?;
    let duplicate = match one_actor(&s, "duplicate", m.duplicate.trim()).await {
        Ok(d) if d == id => Err("duplicate: an actor cannot be merged into itself".to_owned()),
        other => other,
    };
    let duplicate = match duplicate {
        Ok(d) => d,
        Err(problem) => {
            return Ok(again(
                &v,
                id,
                &m,
                m.version,
                &problem,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let mut tx = s.pool.begin().await.map_err(ApiError::from)?;
    match crate::http::actors::merge_audited(&mut tx, &who, id, Some(m.version), duplicate).await {
        Ok(_) => {
            tx.commit().await.map_err(ApiError::from)?;
            Ok(see_other(&format!("/app/actors/{id}")))
        }
        Err(ApiError::PreconditionFailed(_)) => {
            drop(tx);
            let mut conn = s.pool.acquire().await.map_err(ApiError::from)?;
            let now = crate::store::actors::detail(&mut conn, id).await?;
            let problem = format!(
                "Someone changed this actor meanwhile (it is at version {} now, the page showed {}): \
                 nothing was merged. Check its page, then merge again below.",
                now.version, m.version
            );
            Ok(again(
                &v,
                id,
                &m,
                now.version,
                &problem,
                StatusCode::CONFLICT,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The form again, with what was typed and what is wrong.
fn again(
    v: &Visitor,
    id: Uuid,
    m: &Merge,
    version: i32,
    problem: &str,
    status: StatusCode,
) -> axum::response::Response {
    form_again(
        v,
        "Merge not done",
        problem,
        form(v, id, version, &m.duplicate, true),
        Some((&format!("/app/actors/{id}"), "Leave it and see the actor")),
        status,
    )
}
