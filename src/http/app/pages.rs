//! The reading pages: search and the latest records, an actor with its
//! counts and timeline, a pair of actors with their threads.

use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

use super::{PageResult, ReadingVisitor, actor_link, chart, layout};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::timeline::{self, Filter, RecordType, TimelineEntry};
use crate::store::{actors, queue, search};

/// Statements per timeline page.
const PAGE: i64 = 50;

#[derive(Debug, Deserialize)]
pub(super) struct HomeQuery {
    #[serde(default)]
    q: Option<String>,
}

pub(super) async fn home(
    ReadingVisitor(v): ReadingVisitor,
    State(s): State<AppState>,
    Query(query): Query<HomeQuery>,
) -> PageResult {
    let mut conn = s.reads.pool().acquire().await.map_err(ApiError::from)?;
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let found = match q {
        Some(q) => actors::search(&mut *conn, q, 20).await?,
        None => Vec::new(),
    };
    let sentences = match q {
        Some(q) => search::search(&mut *conn, q, None, 10).await?,
        None => Vec::new(),
    };
    let counts = queue::counts(&mut conn).await?;
    let latest = queue::review_queue(&mut conn, queue::QueueOrder::Newest, 0, 15).await?;
    Ok(layout(
        &v,
        "Search",
        html! {
            h1 { "Who accused whom, and how they answered" }
            p.counts {
                (counts.accusations) " accusations · " (counts.responses) " responses · "
                (counts.actors) " actors · " (counts.articles) " articles"
            }
            form.search method="get" action="/app" role="search" {
                label for="q" { "Find an actor, or words in the evidence" }
                input id="q" name="q" type="search" value=[q] placeholder="Russia, Peskov, the Kremlin…" autofocus;
                button type="submit" { "Search" }
            }
            @if let Some(q) = q {
                h2 { "Actors matching “" (q) "”" }
                @if found.is_empty() {
                    p { "No actor goes by that name or alias." }
                } @else {
                    ul.results {
                        @for m in &found {
                            li {
                                (actor_link(m.actor.id, &m.actor.name))
                                " " span.muted { (m.actor.kind) @if let Some(c) = &m.actor.country { " · " (c) } }
                            }
                        }
                    }
                }
            }
            @if let Some(q) = q {
                h2 { "Evidence mentioning “" (q) "”" }
                @if sentences.is_empty() {
                    p { "No evidence sentence matches." }
                } @else {
                    ul.records {
                        @for h in &sentences {
                            li {
                                a href={ "/app/" (h.record) "s/" (h.record_id) } { (h.record) }
                                @if let Some(d) = h.published_on { " · " (d) }
                                blockquote { (h.sentence) }
                            }
                        }
                    }
                }
            }
            h2 { "Latest unreviewed records" }
            @if latest.is_empty() {
                p { "Nothing waits for review." }
            } @else {
                ul.records {
                    @for r in &latest {
                        li {
                            a href={ "/app/" (r.record) "s/" (r.id) } { (r.stated_on) " · " (r.kind) }
                            " by " (actor_link(r.speaker_id, &r.speaker))
                            @if let (Some(t), Some(name)) = (r.target_id, &r.target) { " → " (actor_link(t, name)) }
                        }
                    }
                }
            }
        },
    ))
}

#[derive(Debug, Deserialize)]
pub(super) struct TimelineQuery {
    #[serde(default)]
    from: Option<NaiveDate>,
    #[serde(default)]
    to: Option<NaiveDate>,
    /// Where the page starts: after `DATE,ID`.
    #[serde(default)]
    after: Option<String>,
}

impl TimelineQuery {
    fn cursor(&self) -> Result<Option<timeline::TimelineKey>, ApiError> {
        let Some(a) = &self.after else {
            return Ok(None);
        };
        let bad = || ApiError::invalid("after", "must be DATE,ID as the next-page link gives it");
        let (d, id) = a.split_once(',').ok_or_else(bad)?;
        Ok(Some((
            d.parse().map_err(|_| bad())?,
            id.parse().map_err(|_| bad())?,
        )))
    }

    fn apply(&self, f: &mut Filter) {
        f.from = self.from;
        f.to = self.to;
    }

    /// This query's filters as URL parameters, for the next-page link.
    fn params(&self) -> String {
        let mut p = String::new();
        if let Some(d) = self.from {
            p.push_str(&format!("&from={d}"));
        }
        if let Some(d) = self.to {
            p.push_str(&format!("&to={d}"));
        }
        p
    }
}

pub(super) async fn actor(
    ReadingVisitor(v): ReadingVisitor,
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Query(query): Query<TimelineQuery>,
) -> PageResult {
    let mut conn = s.reads.pool().acquire().await.map_err(ApiError::from)?;
    let actor = actors::detail(&mut conn, id).await?;
    let mut f = Filter {
        actor: Some(vec![id]),
        ..Filter::all()
    };
    query.apply(&mut f);
    let months = timeline::stats(&mut conn, &f).await?;
    let counterparts = super::relations::counterparts(&mut conn, id).await?;
    // statements by kind over the whole range shown
    let mut by_kind: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    for m in &months {
        for (k, n) in &m.counts {
            *by_kind.entry(k.as_str()).or_default() += n;
        }
    }
    let entries = timeline::page(&mut conn, &f, query.cursor()?, PAGE).await?;
    let next = next_cursor(&entries);
    Ok(layout(
        &v,
        &actor.name,
        html! {
            h1 { (actor.name) }
            p.muted {
                (actor.kind) @if let Some(c) = &actor.country { " · " (c) }
                @if !actor.aliases.is_empty() {
                    " · also: "
                    @for (i, a) in actor.aliases.iter().take(8).enumerate() {
                        @if i > 0 { ", " } (a.alias)
                    }
                }
            }
            (super::merge::form(&v, id, actor.version, "", false))
            h2 { "Statements per month" }
            (chart::months(&months))
            p.kinds {
                @for (i, (k, n)) in by_kind.iter().enumerate() {
                    @if i > 0 { " · " } (n) " " (k)
                }
            }
            h2 { "Counterparts" }
            (counterparts)
            form.filters method="get" {
                label { "From " input type="date" name="from" value=[query.from]; }
                label { "To " input type="date" name="to" value=[query.to]; }
                button type="submit" { "Filter" }
            }
            h2 { "Timeline" }
            (timeline_list(&entries, Some(id)))
            @if let Some(n) = next {
                p { a rel="next" href={ "/app/actors/" (id) "?after=" (n) (query.params()) } { "Later statements →" } }
            }
        },
    ))
}

#[derive(Debug, Deserialize)]
pub(super) struct PairQuery {
    a: Uuid,
    b: Uuid,
    #[serde(flatten)]
    timeline: TimelineQuery,
}

pub(super) async fn pair(
    ReadingVisitor(v): ReadingVisitor,
    State(s): State<AppState>,
    Query(query): Query<PairQuery>,
) -> PageResult {
    let mut conn = s.reads.pool().acquire().await.map_err(ApiError::from)?;
    let a = actors::detail(&mut conn, query.a).await?;
    let b = actors::detail(&mut conn, query.b).await?;
    let mut f = Filter {
        pair: Some((vec![a.id], vec![b.id])),
        // the threads: each accusation with the answers it got
        response_kinds: Some(Vec::new()),
        ..Filter::all()
    };
    query.timeline.apply(&mut f);
    let threads = timeline::page(&mut conn, &f, query.timeline.cursor()?, PAGE).await?;
    let next = next_cursor(&threads);
    let title = format!("{} and {}", a.name, b.name);
    Ok(layout(
        &v,
        &title,
        html! {
            h1 { (actor_link(a.id, &a.name)) " and " (actor_link(b.id, &b.name)) }
            p.muted { "Accusations between them, both directions, each with the answers it got." }
            @if threads.is_empty() {
                p { "No accusation between these two is recorded." }
            }
            ol.threads {
                @for t in &threads {
                    li.thread {
                        (entry_line(t, None))
                        @match &t.responses {
                            Some(rs) if !rs.is_empty() => {
                                ul.answers {
                                    @for r in rs {
                                        li {
                                            a href={ "/app/responses/" (r.id) } { (r.kind) }
                                            " by " (actor_link(r.responder.id, &r.responder.name))
                                            @if let Some(d) = r.days_after { " · " (d) " days later" }
                                        }
                                    }
                                }
                            }
                            _ => { p.none { "No response recorded." } }
                        }
                    }
                }
            }
            @if let Some(n) = next {
                p { a rel="next" href={ "/app/pair?a=" (a.id) "&b=" (b.id) "&after=" (n) (query.timeline.params()) } { "Later threads →" } }
            }
        },
    ))
}

/// The cursor of the page after `entries`: none when they are the last.
fn next_cursor(entries: &[TimelineEntry]) -> Option<String> {
    let last = entries.last().filter(|_| entries.len() as i64 == PAGE)?;
    Some(format!("{},{}", last.stated_on, last.id))
}

/// A timeline as a list; `of` is the actor whose page it is (its
/// counterparts link to the pair page).
fn timeline_list(entries: &[TimelineEntry], of: Option<Uuid>) -> Markup {
    html! {
        @if entries.is_empty() {
            p { "No statement recorded." }
        } @else {
            ol.timeline {
                @for e in entries { li { (entry_line(e, of)) } }
            }
        }
    }
}

/// One statement: date, kind, speaker → target, subject, its first evidence.
fn entry_line(e: &TimelineEntry, of: Option<Uuid>) -> Markup {
    let record = match e.record {
        RecordType::Accusation => "accusations",
        RecordType::Response => "responses",
    };
    let counterpart = of.and_then(|me| {
        let other = if e.speaker.id == me {
            e.target.as_ref()
        } else {
            Some(&e.speaker)
        };
        other.filter(|o| o.id != me).map(|o| o.id)
    });
    html! {
        span.date { (e.stated_on) }
        " "
        a.kind href={ "/app/" (record) "/" (e.id) } { (e.kind) }
        " "
        (actor_link(e.speaker.id, &e.speaker.name))
        @if let Some(t) = &e.target { " → " (actor_link(t.id, &t.name)) }
        @if let (Some(me), Some(other)) = (of, counterpart) {
            " " a.pair href={ "/app/pair?a=" (me) "&b=" (other) } { "(threads)" }
        }
        @if e.review != crate::domain::ReviewState::Unreviewed { " " span.badge { (e.review) } }
        @if let Some(subject) = &e.subject { div.subject { (subject) } }
        @if let Some(ev) = e.evidence.first() { blockquote { (ev.sentence) } }
    }
}
