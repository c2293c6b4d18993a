//! A record's page: who said what to whom, when, how sure the importer was,
//! every evidence sentence highlighted in its article, the linked records,
//! and the record's history from the audit log.

use axum::extract::{Path, State};
use maud::{Markup, html};
use uuid::Uuid;

use super::correct::{self, Correction};
use super::{PageResult, ReadingVisitor, Visitor, actor_link, highlighted, layout};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::article_view;
use crate::store::audit::{self, Entity};
use crate::store::records::{self, EvidenceRef};

/// Audit lines a record page shows.
const HISTORY: i64 = 20;

pub(super) async fn accusation(
    ReadingVisitor(v): ReadingVisitor,
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
) -> PageResult {
    let mut conn = s.reads.pool().acquire().await.map_err(ApiError::from)?;
    let a = records::accusation(&mut conn, id).await?;
    let evidence = evidence_in_articles(&mut conn, &a.evidence).await?;
    let history = history(&mut conn, Entity::Accusation, id).await?;
    let title = format!("{} accuses", a.accuser.name);
    Ok(layout(
        &v,
        &title,
        html! {
            h1 {
                "Accusation: " (actor_link(a.accuser.id, &a.accuser.name))
                @if let Some(t) = &a.accused { " → " (actor_link(t.id, &t.name)) } @else { " → (no one named)" }
            }
            dl.fields {
                dt { "Allegation" } dd { (a.allegation.as_deref().unwrap_or("—")) }
                dt { "Hedge" } dd { (a.hedge.as_deref().unwrap_or("—")) }
                dt { "Date" } dd { (date(a.stated_on)) " (" (a.date_precision) ", from " (a.date_source) ")" }
                dt { "Found by" } dd { (a.origin) }
                dt { "Review" } dd { span.badge { (a.review) } " · version " (a.version) }
                @if let Some(e) = a.event_id {
                    dt { "Event" } dd { a href={ "/app/events/" (e) } { "the event it is about" } }
                }
                @if let Some(t) = &a.accused {
                    dt { "Threads" } dd { a href={ "/app/pair?a=" (a.accuser.id) "&b=" (t.id) } { "all between these two" } }
                }
            }
            (review_controls(&v, "accusation", a.id, a.version, true))
            (correct::form(&v, "accusation", a.id, &Correction::of(
                a.version, &a.accuser, a.accused.as_ref(), None, a.allegation.as_deref(), a.stated_on), false))
            h2 { "Responses" }
            @if a.responses.is_empty() {
                p.none { "No response recorded." }
            } @else {
                ul {
                    @for r in &a.responses {
                        li {
                            a href={ "/app/responses/" (r.id) } { (r.kind) }
                            " by " (actor_link(r.responder.id, &r.responder.name))
                            " on " (date(r.stated_on))
                            @if let Some(d) = r.days_after { " (" (d) " days later)" }
                        }
                    }
                }
            }
            h2 { "Evidence" }
            (evidence)
            h2 { "History" }
            (history)
        },
    ))
}

pub(super) async fn response(
    ReadingVisitor(v): ReadingVisitor,
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
) -> PageResult {
    let mut conn = s.reads.pool().acquire().await.map_err(ApiError::from)?;
    let r = records::response(&mut conn, id).await?;
    let evidence = evidence_in_articles(&mut conn, &r.evidence).await?;
    let history = history(&mut conn, Entity::Response, id).await?;
    let title = format!("{} of {}", r.kind, r.responder.name);
    Ok(layout(
        &v,
        &title,
        html! {
            h1 {
                "Response (" (r.kind) "): " (actor_link(r.responder.id, &r.responder.name))
                @if let Some(t) = &r.target { " → " (actor_link(t.id, &t.name)) }
            }
            dl.fields {
                dt { "What it says" } dd { (r.summary.as_deref().unwrap_or("—")) }
                dt { "Date" } dd { (date(r.stated_on)) " (" (r.date_precision) ", from " (r.date_source) ")" }
                dt { "Found by" } dd { (r.origin) }
                dt { "Review" } dd { span.badge { (r.review) } " · version " (r.version) }
            }
            (review_controls(&v, "response", r.id, r.version, true))
            (correct::form(&v, "response", r.id, &Correction::of(
                r.version, &r.responder, r.target.as_ref(), Some(r.kind), r.summary.as_deref(), r.stated_on), false))
            h2 { "Answers" }
            @if r.answers.is_empty() {
                p.none { "The accusation it answers is not recorded." }
            } @else {
                ul {
                    @for a in &r.answers {
                        li {
                            a href={ "/app/accusations/" (a.id) } { "accusation" }
                            " by " (actor_link(a.accuser.id, &a.accuser.name))
                            " on " (date(a.stated_on))
                            @if let Some(t) = &a.allegation { ": " (t) }
                        }
                    }
                }
            }
            h2 { "Evidence" }
            (evidence)
            h2 { "History" }
            (history)
        },
    ))
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "undated".to_owned(), |d| d.to_string())
}

/// Confirm and reject buttons, for a visitor who may write; `keys` gives
/// them access keys (C, R): only where one record's buttons are on the page,
/// as access keys must be unique.
pub(super) fn review_controls(
    v: &Visitor,
    record: &str,
    id: Uuid,
    version: i32,
    keys: bool,
) -> Markup {
    let (confirm, reject) = if keys {
        (Some("c"), Some("r"))
    } else {
        (None, None)
    };
    html! {
        @if v.may_write() {
            form.review method="post" action={ "/app/review/" (record) "/" (id) } {
                input type="hidden" name="csrf" value=(v.csrf());
                input type="hidden" name="version" value=(version);
                button type="submit" name="review" value="confirmed" accesskey=[confirm] { "Confirm" }
                " "
                button type="submit" name="review" value="rejected" accesskey=[reject] { "Reject" }
            }
        }
    }
}

/// Each article the evidence comes from, its text with the evidence
/// sentences highlighted.
async fn evidence_in_articles(
    conn: &mut sqlx::PgConnection,
    evidence: &[EvidenceRef],
) -> Result<Markup, crate::store::StoreError> {
    let mut articles: Vec<Uuid> = evidence.iter().map(|e| e.article_id).collect();
    articles.dedup();
    let mut seen = std::collections::HashSet::new();
    articles.retain(|a| seen.insert(*a));
    let mut parts = Vec::new();
    for article_id in articles {
        let view = article_view::article(&mut *conn, article_id).await?;
        let marks: Vec<(usize, usize, String)> = evidence
            .iter()
            .filter(|e| e.article_id == article_id)
            .map(|e| {
                (
                    e.char_start.max(0) as usize,
                    e.char_end.max(0) as usize,
                    format!("evidence-{}", e.id),
                )
            })
            .collect();
        let rules: Vec<&EvidenceRef> = evidence
            .iter()
            .filter(|e| e.article_id == article_id)
            .collect();
        parts.push(html! {
            article.source {
                h3 {
                    (view.title.as_deref().unwrap_or(&view.name))
                    @if let Some(d) = view.published_on { " · " (d) }
                    @if let Some(u) = &view.url { " · " a href=(u) rel="noopener noreferrer" { "original" } }
                }
                ul.found {
                    @for e in rules {
                        li {
                            a href={ "#evidence-" (e.id) } { "sentence" }
                            " · " (e.found_by)
                            @if let Some(r) = &e.rule { " · rule " code { (r) } }
                            " · confidence " (format!("{:.2}", e.confidence))
                        }
                    }
                }
                div.text tabindex="0" role="region" aria-label="Article text" { (highlighted(&view.text, &marks)) }
            }
        });
    }
    Ok(html! {
        @if parts.is_empty() { p { "No evidence recorded (added by hand)." } }
        @for p in parts { (p) }
    })
}

/// The record's audit lines, newest first.
async fn history(
    conn: &mut sqlx::PgConnection,
    entity: Entity,
    id: Uuid,
) -> Result<Markup, crate::store::StoreError> {
    let lines = audit::page(&mut *conn, Some(entity.name()), Some(id), None, HISTORY).await?;
    Ok(html! {
        @if lines.is_empty() {
            p { "Not changed since it was imported." }
        } @else {
            ol.history {
                @for l in &lines {
                    li { (l.at.format("%Y-%m-%d %H:%M UTC")) " · " (l.who) " · " (l.action) }
                }
            }
        }
    })
}
