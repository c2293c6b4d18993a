//! The audit log, and the row snapshots and version checks every audited
//! write goes through.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::{PgConnection, PgExecutor};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Expect, StoreError, StoreResult, Writer};

/// The versioned tables an analyst edits. Table names are fixed here, never
/// taken from a request, so formatting them into SQL is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Accusation,
    Response,
    Actor,
    Event,
}

impl Entity {
    pub fn table(self) -> &'static str {
        match self {
            Self::Accusation => "accusations",
            Self::Response => "responses",
            Self::Actor => "actors",
            Self::Event => "events",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Accusation => "accusation",
            Self::Response => "response",
            Self::Actor => "actor",
            Self::Event => "event",
        }
    }
}

/// Lock a row for the rest of the transaction and check the caller's
/// version; returns the row as JSON (the audit's "before") and its version.
pub async fn lock(
    conn: &mut PgConnection,
    entity: Entity,
    expect: Expect,
) -> StoreResult<(Value, i32)> {
    let sql = format!(
        "select to_jsonb(t) as row, t.version from {} t where t.id = $1 for update",
        entity.table()
    );
    let row: Option<(Value, i32)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(expect.id)
        .fetch_optional(&mut *conn)
        .await?;
    let (json, current) = row.ok_or(StoreError::NotFound {
        what: entity.name(),
        id: expect.id,
    })?;
    if let Some(expected) = expect.version
        && expected != current
    {
        return Err(StoreError::StaleVersion {
            what: entity.name(),
            id: expect.id,
            expected,
            current,
        });
    }
    Ok((json, current))
}

/// The row as JSON (the audit's "after").
pub async fn snapshot(conn: &mut PgConnection, entity: Entity, id: Uuid) -> StoreResult<Value> {
    let sql = format!(
        "select to_jsonb(t) from {} t where t.id = $1",
        entity.table()
    );
    let row: Option<Value> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.ok_or(StoreError::NotFound {
        what: entity.name(),
        id,
    })
}

/// Bump a row's version after a write, but only from the version that was
/// locked: the SQL itself refuses a lost update.
pub async fn bump_version(
    conn: &mut PgConnection,
    entity: Entity,
    id: Uuid,
    from: i32,
) -> StoreResult<i32> {
    let sql = format!(
        "update {} set version = version + 1 where id = $1 and version = $2 returning version",
        entity.table()
    );
    let v: Option<i32> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(from)
        .fetch_optional(&mut *conn)
        .await?;
    v.ok_or(StoreError::StaleVersion {
        what: entity.name(),
        id,
        expected: from,
        current: from + 1,
    })
}

/// One line of the audit log, in the same transaction as the write.
pub async fn record(
    executor: impl PgExecutor<'_>,
    writer: &Writer,
    action: &str,
    entity: &str,
    entity_id: Option<Uuid>,
    before: Option<Value>,
    after: Option<Value>,
) -> StoreResult<()> {
    sqlx::query!(
        r#"insert into audit_log (api_key_id, who, action, entity, entity_id, before, after)
           values ($1, $2, $3, $4, $5, $6, $7)"#,
        writer.key_id,
        writer.name,
        action,
        entity,
        entity_id,
        before,
        after,
    )
    .execute(executor)
    .await?;
    Ok(())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub api_key_id: Option<Uuid>,
    pub who: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<Uuid>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Newest first; `before_id` is the keyset cursor.
pub async fn page(
    executor: impl PgExecutor<'_>,
    entity: Option<&str>,
    entity_id: Option<Uuid>,
    before_id: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<AuditEntry>> {
    let rows = sqlx::query_as!(
        AuditEntry,
        r#"select id, at, api_key_id, who, action, entity, entity_id, before, after
           from audit_log
           where ($1::text is null or entity = $1)
             and ($2::uuid is null or entity_id = $2)
             and ($3::bigint is null or id < $3)
           order by id desc
           limit $4"#,
        entity,
        entity_id,
        before_id,
        limit,
    )
    .fetch_all(executor)
    .await?;
    Ok(rows)
}
