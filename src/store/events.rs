//! Events: the real-world happenings accusations gather under.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgExecutor};
use utoipa::ToSchema;
use uuid::Uuid;

use super::records::{AccusationBrief, present, ref_map};
use super::{StoreError, StoreResult};
use crate::domain::{RecordOrigin, ReviewState, dates};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Event {
    pub id: Uuid,
    pub name: String,
    pub kind: Option<String>,
    pub description: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub origin: RecordOrigin,
    pub review: ReviewState,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Accusations about it (rejected ones left out).
    pub accusation_count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventDetail {
    #[serde(flatten)]
    pub event: Event,
    pub accusations: Vec<AccusationBrief>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEvent {
    pub name: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "dates::opt_date")]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "dates::opt_date")]
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventPatch {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub kind: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "dates::present_date")]
    #[schema(value_type = Option<NaiveDate>)]
    pub starts_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "dates::present_date")]
    #[schema(value_type = Option<NaiveDate>)]
    pub ends_on: Option<Option<NaiveDate>>,
}

pub async fn create(
    executor: impl PgExecutor<'_>,
    input: &NewEvent,
    origin: RecordOrigin,
    review: ReviewState,
) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query!(
        r#"insert into events (id, name, kind, description, starts_on, ends_on, origin, review)
           values ($1, $2, $3, $4, $5, $6, $7, $8)"#,
        id,
        input.name.trim(),
        input.kind.as_deref(),
        input.description.as_deref(),
        input.starts_on,
        input.ends_on,
        origin as RecordOrigin,
        review as ReviewState,
    )
    .execute(executor)
    .await?;
    Ok(id)
}

pub async fn update(
    executor: impl PgExecutor<'_>,
    id: Uuid,
    version: i32,
    p: &EventPatch,
) -> StoreResult<()> {
    let done = sqlx::query!(
        r#"update events set
               name = coalesce($3, name),
               kind = case when $4 then $5 else kind end,
               description = case when $6 then $7 else description end,
               starts_on = case when $8 then $9 else starts_on end,
               ends_on = case when $10 then $11 else ends_on end,
               review = case when origin = 'importer' then 'corrected' else review end,
               version = version + 1
           where id = $1 and version = $2"#,
        id,
        version,
        p.name.as_deref().map(str::trim),
        p.kind.is_some(),
        p.kind.clone().flatten(),
        p.description.is_some(),
        p.description.clone().flatten(),
        p.starts_on.is_some(),
        p.starts_on.flatten(),
        p.ends_on.is_some(),
        p.ends_on.flatten(),
    )
    .execute(executor)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::StaleVersion {
            what: "event",
            id,
            expected: version,
            current: version + 1,
        });
    }
    Ok(())
}

/// Events by id (uuid v7, so in creation order), keyset-paged; `q` narrows
/// by name.
pub async fn list(
    executor: impl PgExecutor<'_>,
    q: Option<&str>,
    after: Option<Uuid>,
    limit: i64,
) -> StoreResult<Vec<Event>> {
    Ok(sqlx::query_as!(
        Event,
        r#"select e.id, e.name, e.kind, e.description, e.starts_on, e.ends_on,
                  e.origin as "origin: RecordOrigin", e.review as "review: ReviewState",
                  e.version, e.created_at, e.updated_at,
                  (select count(*) from accusations a where a.event_id = e.id and a.review <> 'rejected') as "accusation_count!"
           from events e
           where ($1::text is null or e.name ilike '%' || $1 || '%')
             and ($2::uuid is null or e.id > $2)
           order by e.id
           limit $3"#,
        q.map(super::like_literal),
        after,
        limit,
    )
    .fetch_all(executor)
    .await?)
}

pub async fn detail(conn: &mut PgConnection, id: Uuid) -> StoreResult<EventDetail> {
    let event = sqlx::query_as!(
        Event,
        r#"select e.id, e.name, e.kind, e.description, e.starts_on, e.ends_on,
                  e.origin as "origin: RecordOrigin", e.review as "review: ReviewState",
                  e.version, e.created_at, e.updated_at,
                  (select count(*) from accusations a where a.event_id = e.id and a.review <> 'rejected') as "accusation_count!"
           from events e where e.id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound { what: "event", id })?;
    let rows = sqlx::query!(
        r#"select id, accuser_id, allegation, stated_on from accusations
           where event_id = $1 and review <> 'rejected' order by stated_on, id limit 1000"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.accuser_id).collect();
    let actors = ref_map(&mut *conn, &ids).await?;
    let accusations = rows
        .into_iter()
        .filter_map(|r| {
            Some(AccusationBrief {
                id: r.id,
                accuser: actors.get(&r.accuser_id)?.clone(),
                allegation: r.allegation,
                stated_on: r.stated_on,
            })
        })
        .collect();
    Ok(EventDetail { event, accusations })
}
