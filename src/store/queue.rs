//! What the web app lists beside the timeline: the analysts' review queue
//! (unreviewed records, least confident first), the latest records, and the
//! headline counts.

use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use super::StoreResult;
use super::audit::Entity;

/// One record waiting for review, with the evidence it is least sure of.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueItem {
    /// `accusation` or `response`.
    pub record: String,
    pub id: Uuid,
    pub version: i32,
    /// `accusation`, or the response's kind.
    pub kind: String,
    pub stated_on: NaiveDate,
    pub speaker_id: Uuid,
    pub speaker: String,
    pub target_id: Option<Uuid>,
    pub target: Option<String>,
    /// The record's most confident evidence (a record is as sure as its
    /// best sentence); 1 for a record without evidence.
    pub confidence: f32,
    pub sentence: Option<String>,
}

impl QueueItem {
    pub fn entity(&self) -> Entity {
        if self.record == "accusation" {
            Entity::Accusation
        } else {
            Entity::Response
        }
    }
}

/// How the review queue is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueOrder {
    LeastConfident,
    Newest,
}

/// The unreviewed records of both tables, as `q`, a page of them in
/// `order_by` with their best evidence, and their actors' names.
/// `branch_tail` closes each table's part (an order and limit, or nothing;
/// `{t}` is the table's alias), `{p}` in `order_by` the page's.
fn queue_sql(branch_tail: &str, order_by: &str) -> String {
    format!(
        "with q as (
    (select 'accusation' as record, a.id, a.version, 'accusation' as kind, a.stated_on,
            a.accuser_id as speaker_id, a.accused_id as target_id
     from accusations a where a.review = 'unreviewed'{tail_a})
    union all
    (select 'response', r.id, r.version, r.kind::text, r.stated_on, r.responder_id, r.target_id
     from responses r where r.review = 'unreviewed'{tail_r})
), page as (
    select q.*, coalesce(e.confidence, 1)::real as confidence, e.sentence
    from q
    left join lateral (
        select ev.confidence, ev.sentence from evidence ev
        where (q.record = 'accusation' and ev.accusation_id = q.id)
           or (q.record = 'response' and ev.response_id = q.id)
        order by ev.confidence desc limit 1
    ) e on true
    {order_inner} offset $1 limit $2
)
select page.record, page.id, page.version, page.kind, page.stated_on, page.speaker_id,
       s.name as speaker, page.target_id, t.name as target, page.confidence, page.sentence
from page
join actors s on s.id = page.speaker_id
left join actors t on t.id = page.target_id
{order_outer}",
        tail_a = branch_tail.replace("{t}", "a"),
        tail_r = branch_tail.replace("{t}", "r"),
        order_inner = order_by.replace("{p}", ""),
        order_outer = order_by.replace("{p}", "page."),
    )
}

/// A page of the review queue. Newest first walks each table's date index
/// and reads only the page's rows; least confident first must weigh every
/// unreviewed record's evidence.
pub async fn review_queue(
    conn: &mut PgConnection,
    order: QueueOrder,
    offset: i64,
    limit: i64,
) -> StoreResult<Vec<QueueItem>> {
    let sql = match order {
        QueueOrder::LeastConfident => queue_sql(
            "",
            "order by {p}confidence, {p}stated_on desc nulls last, {p}id",
        ),
        // undated records have no place in a date order: they wait in the
        // confidence order
        QueueOrder::Newest => queue_sql(
            " and {t}.stated_on is not null order by {t}.stated_on desc, {t}.id desc limit $1 + $2",
            "order by {p}stated_on desc, {p}id desc",
        ),
    };
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(offset)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?)
}

/// The record's headline numbers: exact while the tables are small, the
/// planner's estimate (kept by autovacuum) once counting every row would
/// cost more than the page it heads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub accusations: Count,
    pub responses: Count,
    pub actors: Count,
    pub articles: Count,
}

/// A headline number and whether it is exact.
#[derive(Debug, Clone, Copy, Default)]
pub struct Count {
    pub n: i64,
    pub estimated: bool,
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.estimated {
            write!(f, "about {}", self.n)
        } else {
            write!(f, "{}", self.n)
        }
    }
}

/// Above this many rows (by the planner's estimate) a table is not counted.
const EXACT_UP_TO: f32 = 100_000.0;

pub async fn counts(conn: &mut PgConnection) -> StoreResult<Counts> {
    let mut out = Counts::default();
    for (table, exact_sql, slot) in [
        (
            "accusations",
            "select count(*) from accusations where review <> 'rejected'",
            &mut out.accusations,
        ),
        (
            "responses",
            "select count(*) from responses where review <> 'rejected'",
            &mut out.responses,
        ),
        (
            "actors",
            "select count(*) from actors where merged_into is null",
            &mut out.actors,
        ),
        (
            "articles",
            "select count(*) from articles",
            &mut out.articles,
        ),
    ] {
        let estimate: f32 = sqlx::query_scalar(
            "select coalesce(max(reltuples), -1) from pg_class \
             where oid = to_regclass($1)",
        )
        .bind(table)
        .fetch_one(&mut *conn)
        .await?;
        *slot = if estimate > EXACT_UP_TO {
            Count {
                n: estimate as i64,
                estimated: true,
            }
        } else {
            Count {
                n: sqlx::query_scalar(sqlx::AssertSqlSafe(exact_sql))
                    .fetch_one(&mut *conn)
                    .await?,
                estimated: false,
            }
        };
    }
    Ok(out)
}
