//! Accusations and responses: the records, their links, their evidence, and
//! the analyst's corrections and verdicts.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use sqlx::{PgConnection, PgExecutor};
use utoipa::ToSchema;
use uuid::Uuid;

use super::actors::{self, ActorRef};
use super::audit::Entity;
use super::{StoreError, StoreResult};
use crate::domain::dates;
use crate::domain::{
    DatePrecision, DateSource, HedgeLevel, RecordOrigin, ResponseKind, ReviewState,
};

/// For corrections: a field that is absent stays `None`; one that is
/// present (even `null`) becomes `Some(..)`, so `null` can clear it.
pub fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A nullable field that must still be present (`"country": null` is
/// fine, leaving `country` out is not).
pub fn nullable<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d)
}

/// Where a record was found: the article and the exact span.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceRef {
    pub id: Uuid,
    pub article_id: Uuid,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub sentence: String,
    pub char_start: i32,
    pub char_end: i32,
    pub found_by: RecordOrigin,
    pub rule: Option<String>,
    pub confidence: f32,
}

/// A response as an accusation lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResponseBrief {
    pub id: Uuid,
    pub responder: ActorRef,
    pub kind: ResponseKind,
    pub stated_on: Option<NaiveDate>,
    /// Days from the accusation to this response; null when either is undated.
    pub days_after: Option<i32>,
}

/// An accusation as a response lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccusationBrief {
    pub id: Uuid,
    pub accuser: ActorRef,
    pub allegation: Option<String>,
    pub stated_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEvidence {
    pub article_id: Uuid,
    /// Character offsets into the article's text, end exclusive.
    pub char_start: i32,
    pub char_end: i32,
    #[serde(default)]
    pub confidence: Option<f32>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccusation {
    pub accuser_id: Uuid,
    #[serde(default)]
    pub accused_id: Option<Uuid>,
    #[serde(default)]
    pub co_accuser_ids: Vec<Uuid>,
    #[serde(default)]
    pub event_id: Option<Uuid>,
    #[serde(default)]
    pub allegation: Option<String>,
    #[serde(default)]
    pub hedge: Option<String>,
    #[serde(default)]
    pub hedge_level: Option<HedgeLevel>,
    #[serde(deserialize_with = "dates::date")]
    pub stated_on: NaiveDate,
    #[serde(default)]
    pub date_precision: Option<DatePrecision>,
    /// Optional for analysts: where the accusation can be read.
    #[serde(default)]
    pub evidence: Vec<NewEvidence>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccusationPatch {
    pub accuser_id: Option<Uuid>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub accused_id: Option<Option<Uuid>>,
    pub co_accuser_ids: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub event_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub allegation: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub hedge: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<HedgeLevel>)]
    pub hedge_level: Option<Option<HedgeLevel>>,
    #[serde(default, deserialize_with = "dates::opt_date")]
    pub stated_on: Option<NaiveDate>,
    pub date_precision: Option<DatePrecision>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewResponse {
    pub responder_id: Uuid,
    /// The accuser being answered, when known.
    #[serde(default)]
    pub target_id: Option<Uuid>,
    pub kind: ResponseKind,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(deserialize_with = "dates::date")]
    pub stated_on: NaiveDate,
    #[serde(default)]
    pub date_precision: Option<DatePrecision>,
    /// The accusations this response answers.
    #[serde(default)]
    pub answers: Vec<Uuid>,
    #[serde(default)]
    pub evidence: Vec<NewEvidence>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponsePatch {
    pub responder_id: Option<Uuid>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub target_id: Option<Option<Uuid>>,
    pub kind: Option<ResponseKind>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub summary: Option<Option<String>>,
    #[serde(default, deserialize_with = "dates::opt_date")]
    pub stated_on: Option<NaiveDate>,
    pub date_precision: Option<DatePrecision>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccusationDetail {
    pub id: Uuid,
    pub accuser: ActorRef,
    pub accused: Option<ActorRef>,
    pub co_accusers: Vec<ActorRef>,
    pub event_id: Option<Uuid>,
    pub allegation: Option<String>,
    pub hedge: Option<String>,
    pub hedge_level: Option<HedgeLevel>,
    pub stated_on: Option<NaiveDate>,
    pub date_precision: DatePrecision,
    pub date_source: DateSource,
    pub origin: RecordOrigin,
    pub review: ReviewState,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The responses that answer it (rejected ones left out); empty when
    /// none is recorded, and then `answered` is false.
    pub responses: Vec<ResponseBrief>,
    pub answered: bool,
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResponseDetail {
    pub id: Uuid,
    pub responder: ActorRef,
    pub target: Option<ActorRef>,
    pub kind: ResponseKind,
    pub summary: Option<String>,
    pub stated_on: Option<NaiveDate>,
    pub date_precision: DatePrecision,
    pub date_source: DateSource,
    pub origin: RecordOrigin,
    pub review: ReviewState,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The accusations it answers.
    pub answers: Vec<AccusationBrief>,
    pub evidence: Vec<EvidenceRef>,
}

fn check_evidence(evidence: &[NewEvidence]) -> StoreResult<()> {
    for (i, e) in evidence.iter().enumerate() {
        if e.char_start < 0 || e.char_end <= e.char_start {
            return Err(StoreError::invalid(
                format!("evidence[{i}]"),
                format!(
                    "span {}..{} is empty or negative: char_start must be at least 0 and before char_end",
                    e.char_start, e.char_end
                ),
            ));
        }
        if let Some(c) = e.confidence
            && !(0.0..=1.0).contains(&c)
        {
            return Err(StoreError::invalid(
                format!("evidence[{i}].confidence"),
                format!("{c} is not between 0 and 1"),
            ));
        }
    }
    Ok(())
}

/// An analyst's evidence: the sentence is cut from the article by the span.
async fn insert_evidence(
    conn: &mut PgConnection,
    accusation: Option<Uuid>,
    response: Option<Uuid>,
    evidence: &[NewEvidence],
    analyst: &str,
) -> StoreResult<()> {
    for (i, e) in evidence.iter().enumerate() {
        let inserted = sqlx::query!(
            r#"insert into evidence (id, article_id, accusation_id, response_id, char_start, char_end,
                                     sentence, found_by, analyst, confidence)
               select $1, a.id, $3, $4, $5, $6, substr(a.text, $5 + 1, $6 - $5), 'analyst', $7, $8
               from articles a where a.id = $2"#,
            Uuid::now_v7(),
            e.article_id,
            accusation,
            response,
            e.char_start,
            e.char_end,
            analyst,
            e.confidence.unwrap_or(1.0),
        )
        .execute(&mut *conn)
        .await
        .map_err(|err| match StoreError::from(err) {
            StoreError::Invalid { message, .. } => {
                StoreError::invalid(format!("evidence[{i}]"), message)
            }
            other => other,
        })?;
        if inserted.rows_affected() == 0 {
            return Err(StoreError::invalid(
                format!("evidence[{i}].article_id"),
                format!("no article has id {}", e.article_id),
            ));
        }
    }
    Ok(())
}

async fn set_co_accusers(conn: &mut PgConnection, id: Uuid, actors: &[Uuid]) -> StoreResult<()> {
    sqlx::query!(
        "delete from accusation_co_accusers where accusation_id = $1",
        id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        r#"insert into accusation_co_accusers (accusation_id, actor_id)
           select $1, unnest($2::uuid[]) on conflict do nothing"#,
        id,
        actors
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An analyst's new accusation. Analysts' records start confirmed: the
/// person who typed them has reviewed them.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn create_accusation(
    conn: &mut PgConnection,
    input: &NewAccusation,
    analyst: &str,
) -> StoreResult<Uuid> {
    check_evidence(&input.evidence)?;
    let id = Uuid::now_v7();
    sqlx::query!(
        r#"insert into accusations (id, accuser_id, accused_id, event_id, allegation, hedge, hedge_level,
                                    stated_on, date_precision, date_source, origin, review)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'analyst', 'analyst', 'confirmed')"#,
        id,
        input.accuser_id,
        input.accused_id,
        input.event_id,
        input.allegation.as_deref(),
        input.hedge.as_deref(),
        input.hedge_level as Option<HedgeLevel>,
        input.stated_on,
        input.date_precision.unwrap_or(DatePrecision::Day) as DatePrecision,
    )
    .execute(&mut *conn)
    .await?;
    set_co_accusers(conn, id, &input.co_accuser_ids).await?;
    insert_evidence(conn, Some(id), None, &input.evidence, analyst).await?;
    Ok(id)
}

pub async fn update_accusation(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    p: &AccusationPatch,
) -> StoreResult<()> {
    let updated = sqlx::query!(
        r#"update accusations set
               accuser_id = coalesce($3, accuser_id),
               accused_id = case when $4 then $5 else accused_id end,
               event_id = case when $6 then $7 else event_id end,
               allegation = case when $8 then $9 else allegation end,
               hedge = case when $10 then $11 else hedge end,
               hedge_level = case when $12 then $13 else hedge_level end,
               stated_on = coalesce($14, stated_on),
               date_precision = coalesce($15, date_precision),
               date_source = case when $14::date is null then date_source else 'analyst' end,
               review = case when origin = 'importer' then 'corrected' else review end,
               version = version + 1
           where id = $1 and version = $2"#,
        id,
        version,
        p.accuser_id,
        p.accused_id.is_some(),
        p.accused_id.flatten(),
        p.event_id.is_some(),
        p.event_id.flatten(),
        p.allegation.is_some(),
        p.allegation.clone().flatten(),
        p.hedge.is_some(),
        p.hedge.clone().flatten(),
        p.hedge_level.is_some(),
        p.hedge_level.flatten() as Option<HedgeLevel>,
        p.stated_on,
        p.date_precision as Option<DatePrecision>,
    )
    .execute(&mut *conn)
    .await?;
    stale_unless_one(updated.rows_affected(), Entity::Accusation, id, version)?;
    if let Some(co) = &p.co_accuser_ids {
        set_co_accusers(conn, id, co).await?;
    }
    Ok(())
}

fn stale_unless_one(rows: u64, entity: Entity, id: Uuid, version: i32) -> StoreResult<()> {
    if rows == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleVersion {
            what: entity.name(),
            id,
            expected: version,
            current: version + 1,
        })
    }
}

#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn create_response(
    conn: &mut PgConnection,
    input: &NewResponse,
    analyst: &str,
) -> StoreResult<Uuid> {
    check_evidence(&input.evidence)?;
    let id = Uuid::now_v7();
    sqlx::query!(
        r#"insert into responses (id, responder_id, target_id, kind, summary, stated_on,
                                  date_precision, date_source, origin, review)
           values ($1, $2, $3, $4, $5, $6, $7, 'analyst', 'analyst', 'confirmed')"#,
        id,
        input.responder_id,
        input.target_id,
        input.kind as ResponseKind,
        input.summary.as_deref(),
        input.stated_on,
        input.date_precision.unwrap_or(DatePrecision::Day) as DatePrecision,
    )
    .execute(&mut *conn)
    .await?;
    for accusation in &input.answers {
        link(conn, id, *accusation, RecordOrigin::Analyst).await?;
    }
    insert_evidence(conn, None, Some(id), &input.evidence, analyst).await?;
    Ok(id)
}

pub async fn update_response(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    p: &ResponsePatch,
) -> StoreResult<()> {
    let updated = sqlx::query!(
        r#"update responses set
               responder_id = coalesce($3, responder_id),
               target_id = case when $4 then $5 else target_id end,
               kind = coalesce($6, kind),
               summary = case when $7 then $8 else summary end,
               stated_on = coalesce($9, stated_on),
               date_precision = coalesce($10, date_precision),
               date_source = case when $9::date is null then date_source else 'analyst' end,
               review = case when origin = 'importer' then 'corrected' else review end,
               version = version + 1
           where id = $1 and version = $2"#,
        id,
        version,
        p.responder_id,
        p.target_id.is_some(),
        p.target_id.flatten(),
        p.kind as Option<ResponseKind>,
        p.summary.is_some(),
        p.summary.clone().flatten(),
        p.stated_on,
        p.date_precision as Option<DatePrecision>,
    )
    .execute(&mut *conn)
    .await?;
    stale_unless_one(updated.rows_affected(), Entity::Response, id, version)
}

/// Link a response to an accusation it answers; linking twice is a no-op.
/// Returns whether a link was added.
pub async fn link(
    conn: &mut PgConnection,
    response: Uuid,
    accusation: Uuid,
    origin: RecordOrigin,
) -> StoreResult<bool> {
    let done = sqlx::query!(
        r#"insert into response_links (response_id, accusation_id, origin) values ($1, $2, $3)
           on conflict do nothing"#,
        response,
        accusation,
        origin as RecordOrigin,
    )
    .execute(&mut *conn)
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Invalid { field, .. } if field == "answers" => StoreError::NotFound {
            what: "accusation",
            id: accusation,
        },
        other => other,
    })?;
    Ok(done.rows_affected() == 1)
}

pub async fn unlink(
    conn: &mut PgConnection,
    response: Uuid,
    accusation: Uuid,
) -> StoreResult<bool> {
    let done = sqlx::query!(
        "delete from response_links where response_id = $1 and accusation_id = $2",
        response,
        accusation
    )
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An analyst's verdict on any reviewable record, from the locked version.
pub async fn set_review(
    conn: &mut PgConnection,
    entity: Entity,
    id: Uuid,
    version: i32,
    state: ReviewState,
) -> StoreResult<()> {
    let sql = format!(
        "update {} set review = $3, version = version + 1 where id = $1 and version = $2",
        entity.table()
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(version)
        .bind(state)
        .execute(&mut *conn)
        .await?;
    stale_unless_one(done.rows_affected(), entity, id, version)
}

pub async fn delete(conn: &mut PgConnection, entity: Entity, id: Uuid) -> StoreResult<()> {
    let sql = format!("delete from {} where id = $1", entity.table());
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(|e| match e.as_database_error() {
            // Deleting a row that others still point at (an actor with records).
            Some(db) if db.is_foreign_key_violation() => StoreError::Conflict(format!(
                "{} {id} is still referred to by other records ({}); merge it into another instead",
                entity.name(),
                db.table().unwrap_or("another table")
            )),
            _ => StoreError::from(e),
        })?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            what: entity.name(),
            id,
        });
    }
    Ok(())
}

/// Evidence of many records at once, keyed by record id.
pub async fn evidence_of(
    executor: impl PgExecutor<'_>,
    ids: &[Uuid],
) -> StoreResult<HashMap<Uuid, Vec<EvidenceRef>>> {
    let rows = sqlx::query!(
        r#"select e.id, e.article_id, coalesce(e.accusation_id, e.response_id) as "record!",
                  a.url, a.title, a.published_on, e.sentence, e.char_start, e.char_end,
                  e.found_by as "found_by: RecordOrigin", e.rule, e.confidence
           from evidence e join articles a on a.id = e.article_id
           where e.accusation_id = any($1) or e.response_id = any($1)
           order by a.published_on nulls last, e.char_start"#,
        ids
    )
    .fetch_all(executor)
    .await?;
    let mut out: HashMap<Uuid, Vec<EvidenceRef>> = HashMap::new();
    for r in rows {
        out.entry(r.record).or_default().push(EvidenceRef {
            id: r.id,
            article_id: r.article_id,
            url: r.url,
            title: r.title,
            published_on: r.published_on,
            sentence: r.sentence,
            char_start: r.char_start,
            char_end: r.char_end,
            found_by: r.found_by,
            rule: r.rule,
            confidence: r.confidence,
        });
    }
    Ok(out)
}

/// The (non-rejected) responses answering each of these accusations.
pub async fn responses_to(
    conn: &mut PgConnection,
    accusations: &[Uuid],
) -> StoreResult<HashMap<Uuid, Vec<ResponseBrief>>> {
    let rows = sqlx::query!(
        r#"select l.accusation_id, r.id, r.responder_id, r.kind as "kind: ResponseKind", r.stated_on,
                  (r.stated_on - a.stated_on) as days
           from response_links l
           join responses r on r.id = l.response_id
           join accusations a on a.id = l.accusation_id
           where l.accusation_id = any($1) and r.review <> 'rejected'
           order by r.stated_on, r.id"#,
        accusations
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.responder_id).collect();
    ids.sort();
    ids.dedup();
    let actors = ref_map(conn, &ids).await?;
    let mut out: HashMap<Uuid, Vec<ResponseBrief>> = HashMap::new();
    for r in rows {
        let Some(responder) = actors.get(&r.responder_id).cloned() else {
            continue;
        };
        out.entry(r.accusation_id).or_default().push(ResponseBrief {
            id: r.id,
            responder,
            kind: r.kind,
            stated_on: r.stated_on,
            days_after: r.days,
        });
    }
    Ok(out)
}

/// The accusations each of these responses answers.
pub async fn answered_by(
    conn: &mut PgConnection,
    responses: &[Uuid],
) -> StoreResult<HashMap<Uuid, Vec<AccusationBrief>>> {
    let rows = sqlx::query!(
        r#"select l.response_id, a.id, a.accuser_id, a.allegation, a.stated_on
           from response_links l join accusations a on a.id = l.accusation_id
           where l.response_id = any($1)
           order by a.stated_on, a.id"#,
        responses
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.accuser_id).collect();
    ids.sort();
    ids.dedup();
    let actors = ref_map(conn, &ids).await?;
    let mut out: HashMap<Uuid, Vec<AccusationBrief>> = HashMap::new();
    for r in rows {
        let Some(accuser) = actors.get(&r.accuser_id).cloned() else {
            continue;
        };
        out.entry(r.response_id).or_default().push(AccusationBrief {
            id: r.id,
            accuser,
            allegation: r.allegation,
            stated_on: r.stated_on,
        });
    }
    Ok(out)
}

pub async fn ref_map(
    executor: impl PgExecutor<'_>,
    ids: &[Uuid],
) -> StoreResult<HashMap<Uuid, ActorRef>> {
    Ok(actors::refs(executor, ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect())
}

pub async fn accusation(conn: &mut PgConnection, id: Uuid) -> StoreResult<AccusationDetail> {
    let a = sqlx::query!(
        r#"select id, accuser_id, accused_id, event_id, allegation, hedge,
                  hedge_level as "hedge_level: HedgeLevel", stated_on,
                  date_precision as "date_precision: DatePrecision",
                  date_source as "date_source: DateSource", origin as "origin: RecordOrigin",
                  review as "review: ReviewState", version, created_at, updated_at,
                  array(select actor_id from accusation_co_accusers where accusation_id = a.id) as "co!"
           from accusations a where id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound { what: "accusation", id })?;
    let mut ids = a.co.clone();
    ids.push(a.accuser_id);
    ids.extend(a.accused_id);
    let actors = ref_map(&mut *conn, &ids).await?;
    let responses = responses_to(conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let evidence = evidence_of(&mut *conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let actor = |id: Uuid| {
        actors
            .get(&id)
            .cloned()
            .ok_or(StoreError::NotFound { what: "actor", id })
    };
    Ok(AccusationDetail {
        id: a.id,
        accuser: actor(a.accuser_id)?,
        accused: a.accused_id.map(actor).transpose()?,
        co_accusers: a.co.iter().map(|c| actor(*c)).collect::<Result<_, _>>()?,
        event_id: a.event_id,
        allegation: a.allegation,
        hedge: a.hedge,
        hedge_level: a.hedge_level,
        stated_on: a.stated_on,
        date_precision: a.date_precision,
        date_source: a.date_source,
        origin: a.origin,
        review: a.review,
        version: a.version,
        created_at: a.created_at,
        updated_at: a.updated_at,
        answered: !responses.is_empty(),
        responses,
        evidence,
    })
}

pub async fn response(conn: &mut PgConnection, id: Uuid) -> StoreResult<ResponseDetail> {
    let r = sqlx::query!(
        r#"select id, responder_id, target_id, kind as "kind: ResponseKind", summary, stated_on,
                  date_precision as "date_precision: DatePrecision",
                  date_source as "date_source: DateSource", origin as "origin: RecordOrigin",
                  review as "review: ReviewState", version, created_at, updated_at
           from responses where id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound {
        what: "response",
        id,
    })?;
    let mut ids = vec![r.responder_id];
    ids.extend(r.target_id);
    let actors = ref_map(&mut *conn, &ids).await?;
    let answers = answered_by(conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let evidence = evidence_of(&mut *conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let actor = |id: Uuid| {
        actors
            .get(&id)
            .cloned()
            .ok_or(StoreError::NotFound { what: "actor", id })
    };
    Ok(ResponseDetail {
        id: r.id,
        responder: actor(r.responder_id)?,
        target: r.target_id.map(actor).transpose()?,
        kind: r.kind,
        summary: r.summary,
        stated_on: r.stated_on,
        date_precision: r.date_precision,
        date_source: r.date_source,
        origin: r.origin,
        review: r.review,
        version: r.version,
        created_at: r.created_at,
        updated_at: r.updated_at,
        answers,
        evidence,
    })
}
