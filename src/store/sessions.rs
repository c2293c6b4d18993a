//! Browser sessions of the web app. Signing in with an API key creates one:
//! the browser holds a random token in an HttpOnly cookie, the database only
//! its SHA-256 (as for keys), and the session acts with its key's role. A
//! per-session CSRF token must come back with every write, so a page on
//! another site cannot write with the cookie.

use chrono::{DateTime, TimeDelta, Utc};
use rand::RngCore;
use sqlx::PgExecutor;

use super::StoreResult;
use super::keys::{KeyHolder, hash};
use crate::domain::ApiRole;

/// How long a session lasts after sign-in.
pub const SESSION_LIFETIME: TimeDelta = TimeDelta::hours(12);

/// A new session's secrets: the cookie's token (shown once, to the browser)
/// and the CSRF token its pages carry.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
}

/// A live session: who it acts for, and the CSRF token writes must carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub holder: KeyHolder,
    pub csrf: String,
}

fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Opens a session for the key `key_id`.
pub async fn create(executor: impl PgExecutor<'_>, key_id: uuid::Uuid) -> StoreResult<NewSession> {
    let s = NewSession {
        token: random_hex(),
        csrf: random_hex(),
        expires_at: Utc::now() + SESSION_LIFETIME,
    };
    sqlx::query(
        "insert into web_sessions (token_hash, api_key_id, csrf_token, expires_at) \
         values ($1, $2, $3, $4)",
    )
    .bind(hash(&s.token))
    .bind(key_id)
    .bind(&s.csrf)
    .bind(s.expires_at)
    .execute(executor)
    .await?;
    Ok(s)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: uuid::Uuid,
    name: String,
    role: ApiRole,
    last_used_at: Option<DateTime<Utc>>,
    csrf_token: String,
}

/// The live session behind a cookie token: none when unknown, expired, or
/// when its key was revoked.
pub async fn find(executor: impl PgExecutor<'_>, token: &str) -> StoreResult<Option<Session>> {
    let row: Option<Row> = sqlx::query_as(
        "select k.id, k.name, k.role, k.last_used_at, s.csrf_token \
         from web_sessions s join api_keys k on k.id = s.api_key_id \
         where s.token_hash = $1 and s.expires_at > now() and k.revoked_at is null",
    )
    .bind(hash(token))
    .fetch_optional(executor)
    .await?;
    Ok(row.map(|r| Session {
        holder: KeyHolder {
            id: r.id,
            name: r.name,
            role: r.role,
            last_used_at: r.last_used_at,
        },
        csrf: r.csrf_token,
    }))
}

/// Ends the session behind a cookie token (sign-out), and any expired ones.
pub async fn end(executor: impl PgExecutor<'_>, token: &str) -> StoreResult<()> {
    sqlx::query("delete from web_sessions where token_hash = $1 or expires_at <= now()")
        .bind(hash(token))
        .execute(executor)
        .await?;
    Ok(())
}
