//! The questions users ask of the record, as SQL: the timeline (accusations
//! and responses in the order they were made), who accused whom, counts per
//! month, and the export. All share one filter, turned into bind parameters
//! by a query builder (never values formatted into SQL).

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

use super::StoreResult;
use super::actors::ActorRef;
use super::records::{self, AccusationBrief, EvidenceRef, ResponseBrief};
use crate::domain::{DatePrecision, RecordOrigin, ResponseKind, ReviewState};

/// A filter whose actor names are already resolved to ids.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Statements by or about these actors.
    pub actor: Option<Vec<Uuid>>,
    pub accuser: Option<Vec<Uuid>>,
    pub accused: Option<Vec<Uuid>>,
    /// Statements between these two sides, in either direction.
    pub pair: Option<(Vec<Uuid>, Vec<Uuid>)>,
    /// Count statements of actors affiliated with a named actor on the day
    /// they were made (Peskov for Russia).
    pub affiliates: bool,
    pub event: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Include accusations (when kinds are filtered, only if asked for).
    pub accusations: bool,
    /// None: every response kind; Some(empty): no responses.
    pub response_kinds: Option<Vec<ResponseKind>>,
    /// None: everything but rejected records.
    pub review: Option<Vec<ReviewState>>,
}

impl Filter {
    pub fn all() -> Self {
        Self {
            affiliates: true,
            accusations: true,
            ..Self::default()
        }
    }

    fn responses(&self) -> bool {
        self.response_kinds.as_ref().is_none_or(|k| !k.is_empty())
    }

    /// Nothing narrows the record beyond the default view (every dated,
    /// non-rejected statement): what `relation_pairs` holds pre-aggregated.
    pub(super) fn is_default_view(&self) -> bool {
        self.actor.is_none()
            && self.accuser.is_none()
            && self.accused.is_none()
            && self.pair.is_none()
            && self.event.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.response_kinds.is_none()
            && self.review.is_none()
    }
}

/// `col` is one of `ids`, or (with affiliates) an actor affiliated with one
/// of them on `date`.
///
/// Two shapes, because the best plan depends on how common the actors are.
/// `probe`: lead with `col = any(every actor ever affiliated, and the ids)`,
/// an uncorrelated set computed once that the actor indexes can be probed
/// with; right when matches are rare (a pair of actors: 58 ms instead of
/// 210 ms of SQL on the benchmark's million statements) and whenever every
/// match is read anyway (`Scan::Every`: relations, stats, exports, where the
/// other shape tests every statement in the table). Otherwise a plain
/// `or exists`, which lets PostgreSQL walk the (stated_on, id) index and
/// stop after one page; right for a frequent actor (Russia's timeline:
/// 7 ms instead of 237 ms).
fn push_is(
    qb: &mut QueryBuilder<Postgres>,
    col: &str,
    date: &str,
    ids: &[Uuid],
    affiliates: bool,
    scan: Scan,
) {
    push_is_shaped(qb, col, date, ids, affiliates, scan == Scan::Every);
}

/// How much of the matching statements a query reads, which decides the
/// shape of its actor conditions (see `push_is`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scan {
    /// The first page in date order: a frequent actor's statements are
    /// found by walking the date index.
    Page,
    /// Every match (relations, stats, exports): the actor indexes are
    /// probed, whatever the actor.
    Every,
}

fn push_is_shaped(
    qb: &mut QueryBuilder<Postgres>,
    col: &str,
    date: &str,
    ids: &[Uuid],
    affiliates: bool,
    probe: bool,
) {
    if !affiliates {
        qb.push(format_args!("{col} = any("))
            .push_bind(ids.to_vec())
            .push(")");
        return;
    }
    if !probe {
        qb.push(format_args!("({col} = any("))
            .push_bind(ids.to_vec())
            .push(format_args!(
                ") or exists (select 1 from actor_affiliations f where f.actor_id = {col} \
                 and f.affiliated_with = any("
            ))
            .push_bind(ids.to_vec())
            .push(format_args!(
                ") and (f.valid_from is null or f.valid_from <= {date}) \
                 and (f.valid_to is null or f.valid_to >= {date})))"
            ));
        return;
    }
    qb.push(format_args!("({col} = any(array(select unnest("))
        .push_bind(ids.to_vec())
        .push("::uuid[]) union select f.actor_id from actor_affiliations f where f.affiliated_with = any(")
        .push_bind(ids.to_vec())
        .push(format_args!("))) and ({col} = any("))
        .push_bind(ids.to_vec())
        .push(format_args!(
            ") or exists (select 1 from actor_affiliations f where f.actor_id = {col} \
             and f.affiliated_with = any("
        ))
        .push_bind(ids.to_vec())
        .push(format_args!(
            ") and (f.valid_from is null or f.valid_from <= {date}) \
             and (f.valid_to is null or f.valid_to >= {date}))))"
        ));
}

fn push_review(qb: &mut QueryBuilder<Postgres>, col: &str, review: &Option<Vec<ReviewState>>) {
    match review {
        None => qb.push(format_args!(" and {col} <> 'rejected'")),
        Some(states) => qb
            .push(format_args!(" and {col} = any("))
            .push_bind(states.clone())
            .push(")"),
    };
}

/// `or` one of `ids` joined the accusation (aliased `a`) as a co-accuser:
/// the co-accusers' accusations gathered once into an array, which the
/// primary key is probed with.
fn push_co_accuser(qb: &mut QueryBuilder<Postgres>, ids: &[Uuid]) {
    qb.push(" or a.id = any(array(select c.accusation_id from accusation_co_accusers c where c.actor_id = any(")
        .push_bind(ids.to_vec())
        .push(")))");
}

/// The `where` conditions for accusations (aliased `a`).
pub(super) fn accusation_conditions(qb: &mut QueryBuilder<Postgres>, f: &Filter, scan: Scan) {
    let aff = f.affiliates;
    let d = "a.stated_on";
    // Timelines, relations, stats and exports are about when things were
    // said: statements from undated articles (no date anywhere) stay out of
    // them, and are reached through their article or their own record.
    qb.push(" where a.stated_on is not null");
    push_review(qb, "a.review", &f.review);
    if let Some(ids) = &f.actor {
        qb.push(" and (");
        push_is(qb, "a.accuser_id", d, ids, aff, scan);
        qb.push(" or ");
        push_is(qb, "a.accused_id", d, ids, aff, scan);
        push_co_accuser(qb, ids);
        qb.push(")");
    }
    if let Some(ids) = &f.accuser {
        qb.push(" and (");
        push_is(qb, "a.accuser_id", d, ids, aff, scan);
        push_co_accuser(qb, ids);
        qb.push(")");
    }
    if let Some(ids) = &f.accused {
        qb.push(" and ");
        push_is(qb, "a.accused_id", d, ids, aff, scan);
    }
    if let Some((x, y)) = &f.pair {
        qb.push(" and ((");
        push_is_shaped(qb, "a.accuser_id", d, x, aff, true);
        qb.push(" and ");
        push_is_shaped(qb, "a.accused_id", d, y, aff, true);
        qb.push(") or (");
        push_is_shaped(qb, "a.accuser_id", d, y, aff, true);
        qb.push(" and ");
        push_is_shaped(qb, "a.accused_id", d, x, aff, true);
        qb.push("))");
    }
    if let Some(e) = f.event {
        qb.push(" and a.event_id = ").push_bind(e);
    }
    if let Some(from) = f.from {
        qb.push(" and a.stated_on >= ").push_bind(from);
    }
    if let Some(to) = f.to {
        qb.push(" and a.stated_on <= ").push_bind(to);
    }
}

/// The `where` conditions for responses (aliased `r`). A response's
/// "accuser" is the side it answers: its target, or the accuser of an
/// accusation it is linked to; its "accused" is the responder.
fn response_conditions(qb: &mut QueryBuilder<Postgres>, f: &Filter, scan: Scan) {
    let aff = f.affiliates;
    let d = "r.stated_on";
    qb.push(" where r.stated_on is not null");
    push_review(qb, "r.review", &f.review);
    if let Some(kinds) = &f.response_kinds {
        qb.push(" and r.kind = any(")
            .push_bind(kinds.clone())
            .push(")");
    }
    if let Some(ids) = &f.actor {
        qb.push(" and (");
        push_is(qb, "r.responder_id", d, ids, aff, scan);
        qb.push(" or ");
        push_is(qb, "r.target_id", d, ids, aff, scan);
        qb.push(")");
    }
    if let Some(ids) = &f.accuser {
        qb.push(" and (");
        push_is(qb, "r.target_id", d, ids, aff, scan);
        qb.push(
            " or exists (select 1 from response_links l join accusations x on x.id = l.accusation_id \
             where l.response_id = r.id and x.accuser_id = any(",
        )
        .push_bind(ids.clone())
        .push(")))");
    }
    if let Some(ids) = &f.accused {
        qb.push(" and ");
        push_is(qb, "r.responder_id", d, ids, aff, scan);
    }
    if let Some((x, y)) = &f.pair {
        qb.push(" and ((");
        push_is_shaped(qb, "r.responder_id", d, x, aff, true);
        qb.push(" and ");
        push_is_shaped(qb, "r.target_id", d, y, aff, true);
        qb.push(") or (");
        push_is_shaped(qb, "r.responder_id", d, y, aff, true);
        qb.push(" and ");
        push_is_shaped(qb, "r.target_id", d, x, aff, true);
        qb.push("))");
    }
    if let Some(e) = f.event {
        qb.push(
            " and exists (select 1 from response_links l join accusations x on x.id = l.accusation_id \
             where l.response_id = r.id and x.event_id = ",
        )
        .push_bind(e)
        .push(")");
    }
    if let Some(from) = f.from {
        qb.push(" and r.stated_on >= ").push_bind(from);
    }
    if let Some(to) = f.to {
        qb.push(" and r.stated_on <= ").push_bind(to);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordType {
    Accusation,
    Response,
}

/// One statement on a timeline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub record: RecordType,
    pub id: Uuid,
    pub stated_on: NaiveDate,
    pub date_precision: DatePrecision,
    /// `accusation`, or the response's kind (denial, dismissal...).
    pub kind: String,
    /// Who made the statement: the accuser, or the responder.
    pub speaker: ActorRef,
    /// Whom it is about: the accused, or the accuser being answered.
    pub target: Option<ActorRef>,
    /// The allegation, or what the response says.
    pub subject: Option<String>,
    pub hedge: Option<String>,
    pub event_id: Option<Uuid>,
    pub review: ReviewState,
    pub origin: RecordOrigin,
    pub version: i32,
    /// Accusations only: the responses that answer it, `[]` when none is
    /// recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responses: Option<Vec<ResponseBrief>>,
    /// Accusations only: false is an explicit "no response recorded".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered: Option<bool>,
    /// Responses only: the accusations it answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<AccusationBrief>>,
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Debug, sqlx::FromRow)]
struct Row {
    record: String,
    id: Uuid,
    stated_on: NaiveDate,
    date_precision: DatePrecision,
    kind: String,
    speaker_id: Uuid,
    target_id: Option<Uuid>,
    subject: Option<String>,
    hedge: Option<String>,
    event_id: Option<Uuid>,
    review: ReviewState,
    origin: RecordOrigin,
    version: i32,
}

/// Where a timeline page starts: after this (date, id).
pub type TimelineKey = (NaiveDate, Uuid);

const ACCUSATION_COLUMNS: &str = "select 'accusation' as record, a.id, a.stated_on, a.date_precision, \
    'accusation' as kind, a.accuser_id as speaker_id, a.accused_id as target_id, a.allegation as subject, \
    a.hedge, a.event_id, a.review, a.origin, a.version from accusations a";
const RESPONSE_COLUMNS: &str = "select 'response' as record, r.id, r.stated_on, r.date_precision, \
    r.kind::text as kind, r.responder_id as speaker_id, r.target_id, r.summary as subject, \
    null::text as hedge, null::uuid as event_id, r.review, r.origin, r.version from responses r";

/// One page of the timeline, in statement-date order, and whether more follow.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn page(
    conn: &mut PgConnection,
    f: &Filter,
    after: Option<TimelineKey>,
    limit: i64,
) -> StoreResult<Vec<TimelineEntry>> {
    // Each branch is ordered and limited on its own, so PostgreSQL walks the
    // (stated_on, id) indexes and merges, instead of sorting everything.
    let mut qb = QueryBuilder::<Postgres>::new("select * from (");
    let mut branches = 0;
    for (include, columns, alias) in [
        (f.accusations, ACCUSATION_COLUMNS, "a"),
        (f.responses(), RESPONSE_COLUMNS, "r"),
    ] {
        if !include {
            continue;
        }
        if branches > 0 {
            qb.push(" union all ");
        }
        branches += 1;
        qb.push("(").push(columns);
        if alias == "a" {
            accusation_conditions(&mut qb, f, Scan::Page);
        } else {
            response_conditions(&mut qb, f, Scan::Page);
        }
        if let Some((d, id)) = after {
            qb.push(format_args!(" and ({alias}.stated_on, {alias}.id) > ("))
                .push_bind(d)
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        qb.push(format_args!(
            " order by {alias}.stated_on, {alias}.id limit "
        ))
        .push_bind(limit)
        .push(")");
    }
    if branches == 0 {
        return Ok(Vec::new());
    }
    qb.push(") t order by stated_on, id limit ")
        .push_bind(limit);
    let rows: Vec<Row> = qb.build_query_as().fetch_all(&mut *conn).await?;
    assemble(conn, rows).await
}

async fn assemble(conn: &mut PgConnection, rows: Vec<Row>) -> StoreResult<Vec<TimelineEntry>> {
    let mut actor_ids: HashSet<Uuid> = HashSet::new();
    let (mut accusations, mut responses, mut all) = (Vec::new(), Vec::new(), Vec::new());
    for r in &rows {
        actor_ids.insert(r.speaker_id);
        actor_ids.extend(r.target_id);
        all.push(r.id);
        if r.record == "accusation" {
            accusations.push(r.id);
        } else {
            responses.push(r.id);
        }
    }
    let actor_ids: Vec<Uuid> = actor_ids.into_iter().collect();
    let actors = records::ref_map(&mut *conn, &actor_ids).await?;
    let mut answers_to = records::responses_to(conn, &accusations).await?;
    let mut answered_by = records::answered_by(conn, &responses).await?;
    let mut evidence = records::evidence_of(&mut *conn, &all).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(speaker) = actors.get(&r.speaker_id).cloned() else {
            continue;
        };
        let is_accusation = r.record == "accusation";
        let responses = is_accusation.then(|| answers_to.remove(&r.id).unwrap_or_default());
        out.push(TimelineEntry {
            record: if is_accusation {
                RecordType::Accusation
            } else {
                RecordType::Response
            },
            id: r.id,
            stated_on: r.stated_on,
            date_precision: r.date_precision,
            kind: r.kind,
            speaker,
            target: r.target_id.and_then(|t| actors.get(&t).cloned()),
            subject: r.subject,
            hedge: r.hedge,
            event_id: r.event_id,
            review: r.review,
            origin: r.origin,
            version: r.version,
            answered: responses.as_ref().map(|r| !r.is_empty()),
            responses,
            answers: (!is_accusation).then(|| answered_by.remove(&r.id).unwrap_or_default()),
            evidence: evidence.remove(&r.id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Counts for one month, by kind (`accusation` and each response kind).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonthCounts {
    /// `YYYY-MM`.
    pub month: String,
    pub counts: BTreeMap<String, i64>,
    pub total: i64,
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn stats(conn: &mut PgConnection, f: &Filter) -> StoreResult<Vec<MonthCounts>> {
    let rows = counts_by_period(conn, f, Interval::Month).await?;
    let mut months: Vec<MonthCounts> = Vec::new();
    for (period, kind, n) in rows {
        let month = period.format("%Y-%m").to_string();
        if months.last().is_none_or(|m| m.month != month) {
            months.push(MonthCounts {
                month,
                counts: BTreeMap::new(),
                total: 0,
            });
        }
        let m = months.last_mut().expect("pushed above");
        m.counts.insert(kind, n);
        m.total += n;
    }
    Ok(months)
}

/// The step of a counts-over-time series: periods start on a day, a Monday
/// (ISO weeks) or the first of a month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    Week,
    #[default]
    Month,
}

impl Interval {
    fn sql(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }

    /// The start of the period that holds `day`.
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        use chrono::Datelike;
        match self {
            Interval::Day => day,
            Interval::Week => {
                day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
            }
            Interval::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The start of the period after the one starting at `start`.
    pub fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Interval::Day => start.checked_add_days(chrono::Days::new(1)),
            Interval::Week => start.checked_add_days(chrono::Days::new(7)),
            Interval::Month => start.checked_add_months(chrono::Months::new(1)),
        }
    }
}

/// One period of a series: statements per kind, and all of them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesPoint {
    /// The period's first day.
    pub period: NaiveDate,
    /// Every kind of the series, zero where the period has none.
    pub counts: BTreeMap<String, i64>,
    pub total: i64,
}

/// Counts over time.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Series {
    pub interval: Interval,
    /// The kinds counted: `accusation` and the response kinds that occur.
    pub kinds: Vec<String>,
    /// Every period from `from` (or the first statement) to `to` (or the
    /// last), zeros included.
    pub points: Vec<SeriesPoint>,
}

/// The most periods one series may have (about 55 years by day).
pub const MAX_SERIES_POINTS: usize = 20_000;

/// Why a series cannot be given.
#[derive(Debug, thiserror::Error)]
#[error(
    "the series would have more than {MAX_SERIES_POINTS} periods; choose a longer interval or a shorter from..to range"
)]
pub struct SeriesTooLong;

/// Statements matching `f` counted per period and kind, every period from
/// `from` (or the first statement) to `to` (or the last) present, zeros
/// included, so a chart has no gaps.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn series(
    conn: &mut PgConnection,
    f: &Filter,
    interval: Interval,
) -> StoreResult<Result<Series, SeriesTooLong>> {
    let rows = counts_by_period(conn, f, interval).await?;
    let kinds: Vec<String> = rows
        .iter()
        .map(|(_, k, _)| k.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let first = f
        .from
        .or(rows.first().map(|r| r.0))
        .map(|d| interval.start(d));
    let last = f.to.or(rows.last().map(|r| r.0)).map(|d| interval.start(d));
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Ok(Series {
            interval,
            kinds,
            points: Vec::new(),
        }));
    };
    let zero: BTreeMap<String, i64> = kinds.iter().map(|k| (k.clone(), 0)).collect();
    let mut points: Vec<SeriesPoint> = Vec::new();
    let mut rows = rows.into_iter().peekable();
    let mut period = Some(first);
    while let Some(p) = period.filter(|p| *p <= last) {
        if points.len() == MAX_SERIES_POINTS {
            return Ok(Err(SeriesTooLong));
        }
        let mut point = SeriesPoint {
            period: p,
            counts: zero.clone(),
            total: 0,
        };
        while let Some((_, kind, n)) = rows.next_if(|r| r.0 == p) {
            point.total += n;
            point.counts.insert(kind, n);
        }
        points.push(point);
        period = interval.next(p);
    }
    Ok(Ok(Series {
        interval,
        kinds,
        points,
    }))
}

/// (period start, kind, statements) for the statements matching `f`, in
/// period order.
async fn counts_by_period(
    conn: &mut PgConnection,
    f: &Filter,
    interval: Interval,
) -> StoreResult<Vec<(NaiveDate, String, i64)>> {
    let mut qb = QueryBuilder::<Postgres>::new("select date_trunc(");
    qb.push_bind(interval.sql());
    qb.push(", stated_on)::date as period, kind, count(*) as n from (");
    let mut branches = 0;
    if f.accusations {
        qb.push("select a.stated_on, 'accusation' as kind from accusations a");
        accusation_conditions(&mut qb, f, Scan::Every);
        branches += 1;
    }
    if f.responses() {
        if branches > 0 {
            qb.push(" union all ");
        }
        qb.push("select r.stated_on, r.kind::text from responses r");
        response_conditions(&mut qb, f, Scan::Every);
        branches += 1;
    }
    if branches == 0 {
        return Ok(Vec::new());
    }
    qb.push(") t group by 1, 2 order by 1, 2");
    Ok(qb.build_query_as().fetch_all(&mut *conn).await?)
}

/// One flat row of the export.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ExportRow {
    pub record: String,
    pub id: Uuid,
    pub stated_on: NaiveDate,
    pub kind: String,
    pub speaker_id: Uuid,
    pub speaker: String,
    pub speaker_country: Option<String>,
    pub target_id: Option<Uuid>,
    pub target: Option<String>,
    pub target_country: Option<String>,
    pub subject: Option<String>,
    pub hedge: Option<String>,
    pub event_id: Option<Uuid>,
    pub review: ReviewState,
    pub origin: RecordOrigin,
    /// Accusations this response answers, `;`-separated.
    pub answers: Option<String>,
    /// The most confident piece of evidence (the sentence that makes the
    /// record, not one that only mentions it).
    pub article_id: Option<Uuid>,
    pub url: Option<String>,
    pub sentence: Option<String>,
    /// How many sentences evidence the record in all (`sentence` is the most
    /// confident of them).
    pub evidence_count: i64,
}

/// The export query: every matching statement in date order, for streaming.
pub fn export_query(f: &Filter) -> Option<QueryBuilder<Postgres>> {
    let evidence = |col: &str| {
        format!(
            " left join lateral (select e.article_id, ar.url, e.sentence, \
             count(*) over () as evidence_count from evidence e \
             join articles ar on ar.id = e.article_id where e.{col} = t.id \
             order by e.confidence desc, ar.published_on nulls last, e.char_start limit 1) ev on true"
        )
    };
    let mut qb = QueryBuilder::<Postgres>::new("select * from (");
    let mut branches = 0;
    if f.accusations {
        qb.push(
            "select 'accusation' as record, t.id, t.stated_on, 'accusation' as kind, \
             s.id as speaker_id, s.name as speaker, s.country::text as speaker_country, \
             o.id as target_id, o.name as target, o.country::text as target_country, \
             t.allegation as subject, t.hedge, t.event_id, t.review, t.origin, \
             null::text as answers, ev.article_id, ev.url, ev.sentence, \
             coalesce(ev.evidence_count, 0) as evidence_count \
             from accusations t join actors s on s.id = t.accuser_id \
             left join actors o on o.id = t.accused_id",
        )
        .push(evidence("accusation_id"))
        .push(" where t.id in (select a.id from accusations a");
        accusation_conditions(&mut qb, f, Scan::Every);
        qb.push(")");
        branches += 1;
    }
    if f.responses() {
        if branches > 0 {
            qb.push(" union all ");
        }
        qb.push(
            "select 'response', t.id, t.stated_on, t.kind::text, \
             s.id, s.name, s.country::text, o.id, o.name, o.country::text, \
             t.summary, null::text, null::uuid, t.review, t.origin, \
             (select string_agg(l.accusation_id::text, ';') from response_links l where l.response_id = t.id), \
             ev.article_id, ev.url, ev.sentence, coalesce(ev.evidence_count, 0) \
             from responses t join actors s on s.id = t.responder_id \
             left join actors o on o.id = t.target_id",
        )
        .push(evidence("response_id"))
        .push(" where t.id in (select r.id from responses r");
        response_conditions(&mut qb, f, Scan::Every);
        qb.push(")");
        branches += 1;
    }
    if branches == 0 {
        return None;
    }
    qb.push(") x order by stated_on, id");
    Some(qb)
}
