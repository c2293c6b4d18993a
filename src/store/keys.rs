//! API keys: `rpk_` and 32 random bytes in hex, shown once; only the
//! SHA-256 is stored. Keys are 256-bit random, so a fast hash is right (a
//! slow password hash on every request would be a denial-of-service risk),
//! and a look-up by the unique index on the hash compares no secret in Rust.

use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::PgExecutor;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{StoreError, StoreResult};
use crate::domain::ApiRole;

pub const KEY_PREFIX: &str = "rpk_";

/// A key as listed: never the key itself.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KeyInfo {
    pub id: Uuid,
    pub name: String,
    pub role: ApiRole,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// What a presented key turned out to be.
#[derive(Debug, Clone)]
pub struct KeyHolder {
    pub id: Uuid,
    pub name: String,
    pub role: ApiRole,
    pub last_used_at: Option<DateTime<Utc>>,
}

pub fn hash(key: &str) -> Vec<u8> {
    Sha256::digest(key.as_bytes()).to_vec()
}

fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{KEY_PREFIX}{}", hex::encode(bytes))
}

/// Create a key; the returned string is the only time it exists in clear.
pub async fn create(
    executor: impl PgExecutor<'_>,
    name: &str,
    role: ApiRole,
) -> StoreResult<(KeyInfo, String)> {
    if name.trim().is_empty() {
        return Err(StoreError::invalid("name", "must not be blank"));
    }
    let key = generate();
    let info = sqlx::query_as!(
        KeyInfo,
        r#"insert into api_keys (id, name, role, key_hash) values ($1, $2, $3, $4)
           returning id, name, role as "role: ApiRole", created_at, revoked_at, last_used_at"#,
        Uuid::now_v7(),
        name,
        role as ApiRole,
        hash(&key),
    )
    .fetch_one(executor)
    .await?;
    Ok((info, key))
}

pub async fn list(executor: impl PgExecutor<'_>) -> StoreResult<Vec<KeyInfo>> {
    Ok(sqlx::query_as!(
        KeyInfo,
        r#"select id, name, role as "role: ApiRole", created_at, revoked_at, last_used_at
           from api_keys order by created_at, name"#
    )
    .fetch_all(executor)
    .await?)
}

/// Revoke by name; revoking twice keeps the first time. None: no such key.
pub async fn revoke(executor: impl PgExecutor<'_>, name: &str) -> StoreResult<Option<KeyInfo>> {
    Ok(sqlx::query_as!(
        KeyInfo,
        r#"update api_keys set revoked_at = coalesce(revoked_at, now()) where name = $1
           returning id, name, role as "role: ApiRole", created_at, revoked_at, last_used_at"#,
        name
    )
    .fetch_optional(executor)
    .await?)
}

/// The live key with this value, if any.
pub async fn authenticate(
    executor: impl PgExecutor<'_>,
    key: &str,
) -> StoreResult<Option<KeyHolder>> {
    Ok(sqlx::query_as!(
        KeyHolder,
        r#"select id, name, role as "role: ApiRole", last_used_at
           from api_keys where key_hash = $1 and revoked_at is null"#,
        hash(key)
    )
    .fetch_optional(executor)
    .await?)
}

/// Note a key's use, at most once a minute per key so reads stay reads.
pub async fn touch(executor: impl PgExecutor<'_>, id: Uuid) -> StoreResult<()> {
    sqlx::query!(
        "update api_keys set last_used_at = now()
         where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')",
        id
    )
    .execute(executor)
    .await?;
    Ok(())
}
