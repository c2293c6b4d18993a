//! Who accused whom: for each accuser → accused pair, the accusations, the
//! responses they drew by kind, the share answered and the median days to
//! respond. What a dashboard draws as a matrix or a network.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

use super::StoreResult;
use super::actors::ActorRef;
use super::records;
use super::timeline::{Filter, Scan, accusation_conditions};

/// Who accused whom: one accuser → accused pair.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Relation {
    pub accuser: ActorRef,
    /// Null for findings that blame no one.
    pub accused: Option<ActorRef>,
    pub accusations: i64,
    /// Accusations with at least one recorded response.
    pub answered: i64,
    /// answered / accusations.
    pub share_answered: f64,
    /// Responses linked to these accusations, by kind.
    pub responses: BTreeMap<String, i64>,
    /// Median days from an accusation to its first response (answered ones).
    pub median_days_to_respond: Option<f64>,
}

#[derive(Debug, sqlx::FromRow)]
struct RelationRow {
    accuser_id: Uuid,
    accused_id: Option<Uuid>,
    n: i64,
    answered: i64,
    median_days: Option<f64>,
    by_kind: serde_json::Value,
}

/// The who-accused-whom matrix, largest pairs first: read from the
/// pre-aggregated `relation_pairs` when nothing narrows it, aggregated from
/// the statements themselves otherwise. Only reads: pairs that writes have
/// touched since the last refresh (`relation_pairs_dirty`) are aggregated
/// afresh in the same query instead of being refreshed here, so a reader
/// sees every committed write, and the matrix can be read in a read-only
/// transaction or from a hot standby.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn relations(
    conn: &mut PgConnection,
    f: &Filter,
    limit: i64,
) -> StoreResult<Vec<Relation>> {
    let rows = if f.is_default_view() {
        let stale: bool = sqlx::query_scalar("select exists (select 1 from relation_pairs_dirty)")
            .fetch_one(&mut *conn)
            .await?;
        if stale {
            aggregate_relations(&mut *conn, f, limit, Pairs::RollupWithTouchedAfresh).await?
        } else {
            sqlx::query_as::<_, RelationRow>(
                "select accuser_id, accused_id, accusations::int8 as n, answered::int8 as answered, \
                 median_days, responses as by_kind from relation_pairs \
                 order by accusations desc, accuser_id, accused_id limit $1",
            )
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
    } else {
        aggregate_relations(&mut *conn, f, limit, Pairs::All).await?
    };
    relations_from_rows(conn, rows).await
}

/// Which pairs [`aggregate_relations`] computes from the statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pairs {
    /// Every pair the filter lets through.
    All,
    /// Only the pairs writes have touched since the last refresh; the
    /// others are read from `relation_pairs` as they stand (the default
    /// view only).
    RollupWithTouchedAfresh,
}

/// Recomputes the accuser -> accused pairs that writes have touched since
/// the last refresh (see migrations/0003_relation_pairs.sql); returns how
/// many. Cheap when nothing changed.
pub async fn refresh_relation_pairs(conn: &mut PgConnection) -> StoreResult<i32> {
    let n: i32 = sqlx::query_scalar("select relation_pairs_refresh()")
        .fetch_one(&mut *conn)
        .await?;
    Ok(n)
}

/// The who-accused-whom matrix from the statements. The pairs join their
/// per-kind counts on a key column `coalesce(accused, nil uuid)`: `is not
/// distinct from` cannot be hashed or merged (a nested loop over every
/// pair), and the coalesce written in the join condition was merged on the
/// accuser alone, filtering an accuser's pairs against each other (seconds
/// for one frequent accuser at a million statements).
async fn aggregate_relations(
    conn: &mut PgConnection,
    f: &Filter,
    limit: i64,
    which: Pairs,
) -> StoreResult<Vec<RelationRow>> {
    let mut qb = QueryBuilder::<Postgres>::new("with ");
    if which == Pairs::RollupWithTouchedAfresh {
        qb.push(
            "touched as (select distinct accuser_id, accused_id, \
               coalesce(accused_id, '00000000-0000-0000-0000-000000000000') as accused_key \
             from relation_pairs_dirty), ",
        );
    }
    qb.push("acc as (select a.id, a.accuser_id, a.accused_id, a.stated_on from accusations a");
    accusation_conditions(&mut qb, f, Scan::Every);
    if which == Pairs::RollupWithTouchedAfresh {
        // the pairs with an accused and those blaming no one probed apart,
        // each a look-up in accusations_parties_idx (as the refresh does)
        qb.push(
            " and (exists (select 1 from touched t where t.accuser_id = a.accuser_id \
               and t.accused_id = a.accused_id) \
             or (a.accused_id is null and exists (select 1 from touched t \
               where t.accuser_id = a.accuser_id and t.accused_id is null)))",
        );
    }
    qb.push(
        "), resp as (select l.accusation_id, r.id, r.kind, r.stated_on from response_links l \
         join responses r on r.id = l.response_id where l.accusation_id in (select id from acc) \
         and r.review <> 'rejected'",
    );
    if let Some(kinds) = &f.response_kinds {
        qb.push(" and r.kind = any(")
            .push_bind(kinds.clone())
            .push(")");
    }
    qb.push(
        "), firsts as (select accusation_id, min(stated_on) as first_on from resp group by 1), \
         pairs as (select acc.accuser_id, acc.accused_id, \
             coalesce(acc.accused_id, '00000000-0000-0000-0000-000000000000') as accused_key, \
             count(*) as n, count(f.first_on) as answered, \
             percentile_cont(0.5) within group (order by (f.first_on - acc.stated_on)) as median_days \
           from acc left join firsts f on f.accusation_id = acc.id group by 1, 2), \
         kinds as (select acc.accuser_id, \
             coalesce(acc.accused_id, '00000000-0000-0000-0000-000000000000') as accused_key, \
             resp.kind::text as kind, count(distinct resp.id) as n \
           from acc join resp on resp.accusation_id = acc.id group by 1, 2, 3), \
         computed as (select p.accuser_id, p.accused_id, p.n, p.answered, p.median_days, \
             coalesce(jsonb_object_agg(k.kind, k.n) filter (where k.kind is not null), '{}'::jsonb) as by_kind \
           from pairs p left join kinds k on k.accuser_id = p.accuser_id and k.accused_key = p.accused_key \
           group by 1, 2, 3, 4, 5) \
         select accuser_id, accused_id, n, answered, median_days, by_kind from computed",
    );
    if which == Pairs::RollupWithTouchedAfresh {
        qb.push(
            " union all select p.accuser_id, p.accused_id, p.accusations::int8, p.answered::int8, \
               p.median_days, p.responses from relation_pairs p where not exists (select 1 \
               from touched t where t.accuser_id = p.accuser_id and t.accused_key = \
               coalesce(p.accused_id, '00000000-0000-0000-0000-000000000000'))",
        );
    }
    qb.push(" order by n desc, accuser_id, accused_id limit ")
        .push_bind(limit);
    Ok(qb.build_query_as().fetch_all(&mut *conn).await?)
}

async fn relations_from_rows(
    conn: &mut PgConnection,
    rows: Vec<RelationRow>,
) -> StoreResult<Vec<Relation>> {
    let mut ids: Vec<Uuid> = rows
        .iter()
        .flat_map(|r| std::iter::once(r.accuser_id).chain(r.accused_id))
        .collect();
    ids.sort();
    ids.dedup();
    let actors = records::ref_map(&mut *conn, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let responses = serde_json::from_value(r.by_kind).unwrap_or_default();
            Some(Relation {
                accuser: actors.get(&r.accuser_id)?.clone(),
                accused: r.accused_id.and_then(|id| actors.get(&id).cloned()),
                accusations: r.n,
                answered: r.answered,
                share_answered: if r.n == 0 {
                    0.0
                } else {
                    r.answered as f64 / r.n as f64
                },
                responses,
                median_days_to_respond: r.median_days,
            })
        })
        .collect())
}

/// Keeps `relation_pairs` close to the statements while a server runs, so a
/// reader rarely has a backlog of pairs to recompute. Runs until dropped.
pub async fn refresh_relation_pairs_every(pool: PgPool, period: Duration) {
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let refreshed = match pool.acquire().await {
            Ok(mut conn) => refresh_relation_pairs(&mut conn).await,
            Err(e) => Err(e.into()),
        };
        match refreshed {
            Ok(0) => {}
            Ok(n) => tracing::debug!(pairs = n, "relation pairs refreshed"),
            Err(e) => {
                tracing::warn!(error = %e, "refreshing relation pairs failed; retried at the next tick (readers aggregate the touched pairs meanwhile)")
            }
        }
    }
}
