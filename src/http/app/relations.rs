//! Who accuses whom as a heatmap of the most active actors, and the events
//! accusations are gathered under.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

use super::{PageResult, ReadingVisitor, actor_link, layout};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::actors::ActorRef;
use crate::store::events;
use crate::store::relations::{self, Relation};
use crate::store::timeline::Filter;

/// Rows and columns of the heatmap: the most active accusers and accused.
const SIDE: usize = 12;
/// Pairs read to choose them.
const PAIRS: i64 = 2000;
/// Events listed per page.
const EVENTS: i64 = 50;

#[derive(Debug, Deserialize)]
pub(super) struct RangeQuery {
    #[serde(default)]
    from: Option<NaiveDate>,
    #[serde(default)]
    to: Option<NaiveDate>,
}

pub(super) async fn matrix(
    ReadingVisitor(v): ReadingVisitor,
    State(s): State<AppState>,
    Query(q): Query<RangeQuery>,
) -> PageResult {
    let mut conn = s.reads.pool().acquire().await.map_err(ApiError::from)?;
    let f = Filter {
        from: q.from,
        to: q.to,
        ..Filter::all()
    };
    let pairs = relations::relations(&mut conn, &f, PAIRS).await?;
    let (rows, cols) = most_active(&pairs);
    let cell: HashMap<(Uuid, Uuid), &Relation> = pairs
        .iter()
        .filter_map(|r| Some(((r.accuser.id, r.accused.as_ref()?.id), r)))
        .collect();
    let max = cell
        .values()
        .map(|r| r.accusations)
        .max()
        .unwrap_or(1)
        .max(1);
    Ok(layout(
        &v,
        "Who accuses whom",
        html! {
            h1 { "Who accuses whom" }
            p.muted { "The " (SIDE) " most active accusers (rows) and accused (columns); each cell counts accusations and leads to the pair's threads." }
            form.filters method="get" {
                label { "From " input type="date" name="from" value=[q.from]; }
                label { "To " input type="date" name="to" value=[q.to]; }
                button type="submit" { "Filter" }
            }
            @if rows.is_empty() {
                p { "No accusation recorded in this range." }
            } @else {
                div.matrix tabindex="0" role="region" aria-label="Accusation matrix" {
                    table.heatmap {
                        caption { "Accusations by accuser (row) and accused (column)" }
                        thead {
                            tr {
                                th scope="col" { "accuser ↓ / accused →" }
                                @for c in &cols { th scope="col" { (actor_link(c.id, &c.name)) } }
                            }
                        }
                        tbody {
                            @for r in &rows {
                                tr {
                                    th scope="row" { (actor_link(r.id, &r.name)) }
                                    @for c in &cols {
                                        @match cell.get(&(r.id, c.id)) {
                                            Some(rel) => {
                                                td class={ "h" (heat(rel.accusations, max)) } {
                                                    a href={ "/app/pair?a=" (r.id) "&b=" (c.id) }
                                                      title={ (r.name) " accused " (c.name) " " (rel.accusations) " times; " (rel.answered) " answered" } {
                                                        (rel.accusations)
                                                    }
                                                }
                                            }
                                            None => { td.h0 { "" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// The shade of a cell, 1 to 5, on a square-root scale (a few pairs are
/// far busier than the rest).
fn heat(n: i64, max: i64) -> u8 {
    let share = (n as f64 / max as f64).sqrt();
    (1.0 + share * 4.0).round().clamp(1.0, 5.0) as u8
}

/// The most active accusers and accused, by their accusations.
fn most_active(pairs: &[Relation]) -> (Vec<ActorRef>, Vec<ActorRef>) {
    let mut accusers: HashMap<Uuid, (i64, &ActorRef)> = HashMap::new();
    let mut accused: HashMap<Uuid, (i64, &ActorRef)> = HashMap::new();
    for r in pairs {
        accusers.entry(r.accuser.id).or_insert((0, &r.accuser)).0 += r.accusations;
        if let Some(t) = &r.accused {
            accused.entry(t.id).or_insert((0, t)).0 += r.accusations;
        }
    }
    let top = |m: HashMap<Uuid, (i64, &ActorRef)>| {
        let mut v: Vec<(i64, &ActorRef)> = m.into_values().collect();
        v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
        v.into_iter().take(SIDE).map(|(_, a)| a.clone()).collect()
    };
    (top(accusers), top(accused))
}

/// Counterparts of one actor: who accused it, and whom it accused.
pub(super) async fn counterparts(
    conn: &mut sqlx::PgConnection,
    id: Uuid,
) -> Result<Markup, crate::store::StoreError> {
    let by = relations::relations(
        &mut *conn,
        &Filter {
            accused: Some(vec![id]),
            ..Filter::all()
        },
        10,
    )
    .await?;
    let of = relations::relations(
        &mut *conn,
        &Filter {
            accuser: Some(vec![id]),
            ..Filter::all()
        },
        10,
    )
    .await?;
    let received: i64 = by.iter().map(|r| r.accusations).sum();
    let answered: i64 = by.iter().map(|r| r.answered).sum();
    Ok(html! {
        @if received > 0 {
            p {
                "Of the " (received) " accusations from its top accusers, it answered "
                (answered) " (" (percent(answered, received)) "); " (received - answered) " got no recorded answer."
            }
        }
        div.pair-tables {
            (counterpart_table("Accused by", &by, id, |r| Some(&r.accuser), true))
            (counterpart_table("Accused", &of, id, |r| r.accused.as_ref(), false))
        }
    })
}

fn percent(n: i64, of: i64) -> String {
    if of == 0 {
        "—".to_owned()
    } else {
        format!("{:.0}%", n as f64 * 100.0 / of as f64)
    }
}

fn counterpart_table(
    title: &str,
    rows: &[Relation],
    me: Uuid,
    other: impl Fn(&Relation) -> Option<&ActorRef>,
    answers: bool,
) -> Markup {
    html! {
        table.counterparts {
            caption { (title) }
            thead {
                tr {
                    th scope="col" { "actor" }
                    th scope="col" { "accusations" }
                    th scope="col" { @if answers { "answered" } @else { "answered by them" } }
                    th scope="col" { "median days to answer" }
                }
            }
            tbody {
                @if rows.is_empty() { tr { td colspan="4" { "none recorded" } } }
                @for r in rows {
                    tr {
                        @match other(r) {
                            Some(o) => {
                                th scope="row" {
                                    (actor_link(o.id, &o.name)) " "
                                    a.pair href={ "/app/pair?a=" (me) "&b=" (o.id) } { "(threads)" }
                                }
                            }
                            None => { th scope="row" { "(no one named)" } }
                        }
                        td { (r.accusations) }
                        td { (percent(r.answered, r.accusations)) }
                        td { @match r.median_days_to_respond { Some(d) => (format!("{d:.0}")), None => "—" } }
                    }
                }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct EventsQuery {
    #[serde(default)]
    q: Option<String>,
}

pub(super) async fn event_list(
    ReadingVisitor(v): ReadingVisitor,
    State(s): State<AppState>,
    Query(query): Query<EventsQuery>,
) -> PageResult {
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let list = events::list(&s.reads.pool(), q, None, EVENTS).await?;
    Ok(layout(
        &v,
        "Events",
        html! {
            h1 { "Events" }
            form.search method="get" role="search" {
                label for="eq" { "Find an event" }
                input id="eq" name="q" type="search" value=[q];
                button type="submit" { "Search" }
            }
            @if list.is_empty() { p { "No event recorded." } }
            ul.records {
                @for e in &list {
                    li {
                        a href={ "/app/events/" (e.id) } { (e.name) }
                        @if let Some(d) = e.starts_on { " · " (d) }
                        " · " (e.accusation_count) " accusations"
                    }
                }
            }
        },
    ))
}

pub(super) async fn event(
    ReadingVisitor(v): ReadingVisitor,
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
) -> PageResult {
    let mut conn = s.reads.pool().acquire().await.map_err(ApiError::from)?;
    let e = events::detail(&mut conn, id).await?;
    Ok(layout(
        &v,
        &e.event.name,
        html! {
            h1 { (e.event.name) }
            p.muted {
                @if let Some(k) = &e.event.kind { (k) " · " }
                @match (e.event.starts_on, e.event.ends_on) {
                    (Some(a), Some(b)) if a != b => { (a) " to " (b) }
                    (Some(a), _) => { (a) }
                    _ => { "undated" }
                }
            }
            @if let Some(d) = &e.event.description { p { (d) } }
            h2 { "Accusations about it" }
            @if e.accusations.is_empty() { p { "None recorded." } }
            ul {
                @for a in &e.accusations {
                    li {
                        a href={ "/app/accusations/" (a.id) } { "accusation" }
                        " by " (actor_link(a.accuser.id, &a.accuser.name))
                        @if let Some(d) = a.stated_on { " on " (d) }
                        @if let Some(t) = &a.allegation { ": " (t) }
                    }
                }
            }
        },
    ))
}
