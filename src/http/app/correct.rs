//! Correcting a record from its page: speaker, target, kind, what it says,
//! date. Actors are named as the API's filters name them (a name, an alias
//! or an id). A correction applies only what changed, through the same
//! audited path as `PATCH` on the API, from the version the page showed;
//! when the input is wrong or someone changed the record meanwhile, the
//! form comes back with everything typed in it.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

use super::{PageError, PageResult, Visitor, form_again, layout, record_entity, see_other};
use crate::domain::ResponseKind;
use crate::http::AppState;
use crate::http::auth::Analyst;
use crate::http::error::ApiError;
use crate::store::actors::{self, ActorRef};
use crate::store::audit::Entity;
use crate::store::records::{self, AccusationPatch, ResponsePatch};

/// What the correction form holds: as shown, or as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Correction {
    #[serde(default)]
    csrf: String,
    version: i32,
    speaker: String,
    #[serde(default)]
    target: String,
    /// Responses only.
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    stated_on: String,
}

impl Correction {
    /// The form as a record's page shows it: its current values.
    pub(super) fn of(
        version: i32,
        speaker: &ActorRef,
        target: Option<&ActorRef>,
        kind: Option<ResponseKind>,
        subject: Option<&str>,
        stated_on: Option<NaiveDate>,
    ) -> Self {
        Correction {
            csrf: String::new(),
            version,
            speaker: speaker.name.clone(),
            target: target.map(|t| t.name.clone()).unwrap_or_default(),
            kind: kind.map(|k| k.as_str().to_owned()),
            subject: subject.unwrap_or_default().to_owned(),
            stated_on: stated_on.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// The correction form of record `record` (`accusation` or `response`).
pub(super) fn form(v: &Visitor, record: &str, id: Uuid, c: &Correction, open: bool) -> Markup {
    let is_response = record == "response";
    html! {
        @if v.may_write() {
            details.correct open[open] {
                summary { "Correct this record" }
                form.correct method="post" action={ "/app/correct/" (record) "/" (id) } {
                    input type="hidden" name="csrf" value=(v.csrf());
                    input type="hidden" name="version" value=(c.version);
                    label for="speaker" { @if is_response { "Responder" } @else { "Accuser" } " (name, alias or id)" }
                    input id="speaker" name="speaker" type="text" required value=(c.speaker);
                    label for="target" { @if is_response { "Answers (the accuser)" } @else { "Accused" } " (empty: no one named)" }
                    input id="target" name="target" type="text" value=(c.target);
                    @if is_response {
                        label for="kind" { "Kind" }
                        select id="kind" name="kind" {
                            @for k in ResponseKind::ALL {
                                option value=(k.as_str()) selected[c.kind.as_deref() == Some(k.as_str())] { (k.as_str()) }
                            }
                        }
                    }
                    label for="subject" { @if is_response { "What it says" } @else { "Allegation" } }
                    input id="subject" name="subject" type="text" value=(c.subject);
                    label for="stated_on" { "Date" }
                    input id="stated_on" name="stated_on" type="date" value=(c.stated_on);
                    button type="submit" { "Save correction" }
                }
            }
        }
    }
}

/// The one actor a form field names.
pub(super) async fn one_actor(s: &AppState, field: &str, value: &str) -> Result<Uuid, String> {
    let ids = actors::resolve(&s.pool, value)
        .await
        .map_err(|e| format!("{field}: {e}"))?;
    match ids.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("{field}: no actor is named '{value}'")),
        several => Err(format!(
            "{field}: '{value}' names {} actors; give the one you mean by its id (on its page)",
            several.len()
        )),
    }
}

fn date(value: &str) -> Result<Option<NaiveDate>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse()
        .map(Some)
        .map_err(|_| format!("date: '{v}' is not a date (YYYY-MM-DD)"))
}

fn text(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|t| !t.is_empty())
}

/// What a correction changes, field by field, against the stored record.
struct Changes {
    speaker: Option<Uuid>,
    target: Option<Option<Uuid>>,
    kind: Option<ResponseKind>,
    subject: Option<Option<String>>,
    stated_on: Option<NaiveDate>,
}

impl Changes {
    fn is_empty(&self) -> bool {
        self.speaker.is_none()
            && self.target.is_none()
            && self.kind.is_none()
            && self.subject.is_none()
            && self.stated_on.is_none()
    }
}

/// The stored record's values, for comparison and for the conflict view.
struct Current {
    version: i32,
    speaker: ActorRef,
    target: Option<ActorRef>,
    kind: Option<ResponseKind>,
    subject: Option<String>,
    stated_on: Option<NaiveDate>,
}

async fn current(s: &AppState, entity: Entity, id: Uuid) -> Result<Current, PageError> {
    let mut conn = s.pool.acquire().await.map_err(ApiError::from)?;
    Ok(if entity == Entity::Accusation {
        let a = records::accusation(&mut conn, id).await?;
        Current {
            version: a.version,
            speaker: a.accuser,
            target: a.accused,
            kind: None,
            subject: a.allegation,
            stated_on: a.stated_on,
        }
    } else {
        let r = records::response(&mut conn, id).await?;
        Current {
            version: r.version,
            speaker: r.responder,
            target: r.target,
            kind: Some(r.kind),
            subject: r.summary,
            stated_on: r.stated_on,
        }
    })
}

async fn changes(s: &AppState, c: &Correction, now: &Current) -> Result<Changes, String> {
    let speaker = one_actor(s, "speaker", c.speaker.trim()).await?;
    let target = match c.target.trim() {
        "" => None,
        t => Some(one_actor(s, "target", t).await?),
    };
    let kind = match c.kind.as_deref() {
        Some(k) => Some(
            k.parse::<ResponseKind>()
                .map_err(|e| format!("kind: {e}"))?,
        ),
        None => None,
    };
    let subject = text(&c.subject);
    let stated_on = date(&c.stated_on)?;
    if stated_on.is_none() && now.stated_on.is_some() {
        return Err("date: a dated record keeps a date; give the right one".to_owned());
    }
    Ok(Changes {
        speaker: (speaker != now.speaker.id).then_some(speaker),
        target: (target != now.target.as_ref().map(|t| t.id)).then_some(target),
        kind: kind.filter(|k| Some(*k) != now.kind),
        subject: (subject != now.subject).then_some(subject),
        stated_on: stated_on.filter(|d| Some(*d) != now.stated_on),
    })
}

pub(super) async fn correct(
    v: Visitor,
    State(s): State<AppState>,
    Path((record, id)): Path<(String, Uuid)>,
    Form(c): Form<Correction>,
) -> PageResult {
    let session = v.check_csrf(&c.csrf)?;
    let who = Analyst::of_session(session)?;
    let entity = record_entity(&record)?;
    let now = current(&s, entity, id).await?;
    let changes = match changes(&s, &c, &now).await {
        Ok(ch) => ch,
        Err(problem) => {
            return Ok(again(
                &v,
                &record,
                id,
                &c,
                &problem,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    if changes.is_empty() {
        return Ok(see_other(&format!("/app/{record}s/{id}")));
    }
    let mut tx = s.pool.begin().await.map_err(ApiError::from)?;
    let done = if entity == Entity::Accusation {
        let patch = AccusationPatch {
            accuser_id: changes.speaker,
            accused_id: changes.target,
            allegation: changes.subject,
            stated_on: changes.stated_on,
            ..AccusationPatch::default()
        };
        crate::http::records::correct_accusation(&mut tx, &who, id, Some(c.version), &patch).await
    } else {
        let patch = ResponsePatch {
            responder_id: changes.speaker,
            target_id: changes.target,
            kind: changes.kind,
            summary: changes.subject,
            stated_on: changes.stated_on,
            ..ResponsePatch::default()
        };
        crate::http::records::correct_response(&mut tx, &who, id, Some(c.version), &patch).await
    };
    match done {
        Ok(()) => {
            tx.commit().await.map_err(ApiError::from)?;
            Ok(see_other(&format!("/app/{record}s/{id}")))
        }
        Err(ApiError::PreconditionFailed(_)) => {
            drop(tx);
            // someone else changed it: show what is stored now beside what
            // was typed, and let the typed values be saved on top of it
            let now = current(&s, entity, id).await?;
            let typed = Correction {
                version: now.version,
                ..c.clone()
            };
            let stored = html! {
                p {
                    "Stored now (version " (now.version) "): " strong { (now.speaker.name) }
                    " → " (now.target.as_ref().map_or("no one named", |t| t.name.as_str()))
                    @if let Some(k) = now.kind { ", " (k) }
                    @if let Some(sub) = &now.subject { ", “" (sub) "”" }
                    @if let Some(d) = now.stated_on { ", " (d) }
                    "."
                }
            };
            Ok(layout(
                &v,
                "Changed meanwhile",
                html! {
                    h1 { "Someone changed this record meanwhile" }
                    p.error role="alert" { "Your correction was not saved: the record is no longer at version " (c.version) "." }
                    (stored)
                    p { "Your correction is below, as you typed it; saving it now replaces the stored values." }
                    (form(&v, &record, id, &typed, true))
                    p { a href={ "/app/" (record) "s/" (id) } { "Leave it and see the record" } }
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The form again, with what was typed and what is wrong with it.
fn again(
    v: &Visitor,
    record: &str,
    id: Uuid,
    c: &Correction,
    problem: &str,
    status: StatusCode,
) -> axum::response::Response {
    form_again(
        v,
        "Correction not saved",
        problem,
        form(v, record, id, c, true),
        Some((
            &format!("/app/{record}s/{id}"),
            "Leave it and see the record",
        )),
        status,
    )
}
