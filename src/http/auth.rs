//! Who is calling, and may they: `Authorization: Bearer KEY`, checked
//! against the hashes in `api_keys`. Handlers state what they need by
//! taking [`Reader`], [`Analyst`] or [`Admin`] as an argument.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::AppState;
use super::error::ApiError;
use crate::domain::ApiRole;
use crate::store::Writer;
use crate::store::keys::{self, KeyHolder};
use crate::store::sessions::{self, Session};

/// The cookie that holds a web app session's token.
pub(super) const SESSION_COOKIE: &str = "riposte_session";

/// The header a browser session's writes to the API carry its CSRF token in.
pub(super) const CSRF_HEADER: &str = "x-csrf-token";

/// The value of cookie `name` in a request, if sent.
pub(super) fn cookie<'h>(headers: &'h axum::http::HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

/// The live web app session behind a request's cookie, if any.
pub(super) async fn session(parts: &Parts, state: &AppState) -> Result<Option<Session>, ApiError> {
    match cookie(&parts.headers, SESSION_COOKIE).filter(|t| !t.is_empty()) {
        Some(token) => Ok(sessions::find(&state.pool, token).await?),
        None => Ok(None),
    }
}

/// Whether two secrets are equal, in time that does not depend on where
/// they differ.
pub(super) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The key behind a request: its `Authorization` header, else a web app
/// session's cookie. A session writes only with its CSRF token in
/// [`CSRF_HEADER`]: a cross-site page can make the browser send the
/// cookie, never read the token.
async fn key_holder(parts: &Parts, state: &AppState) -> Result<Option<KeyHolder>, ApiError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        let Some(s) = session(parts, state).await? else {
            return Ok(None);
        };
        let safe = matches!(
            parts.method,
            axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
        );
        let token = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        if !safe && !token.is_some_and(|t| same_secret(t, &s.csrf)) {
            return Err(ApiError::Forbidden(format!(
                "a write from a browser session needs the session's CSRF token in {CSRF_HEADER}"
            )));
        }
        return Ok(Some(s.holder));
    };
    let key = value
        .to_str()
        .ok()
        // the scheme's name is case-insensitive (RFC 9110, 11.1)
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key)
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            ApiError::Unauthorized("the Authorization header must be `Bearer <key>`".to_owned())
        })?;
    let holder = keys::authenticate(&state.pool, key)
        .await?
        .ok_or_else(|| ApiError::Unauthorized("this key is unknown or revoked".to_owned()))?;
    let stale = holder
        .last_used_at
        .is_none_or(|t| chrono::Utc::now() - t > chrono::TimeDelta::minutes(1));
    if stale {
        keys::touch(&state.pool, holder.id).await?;
    }
    Ok(Some(holder))
}

fn require(
    holder: Option<KeyHolder>,
    allowed: &[ApiRole],
    what: &str,
) -> Result<KeyHolder, ApiError> {
    let holder = holder.ok_or_else(|| {
        ApiError::Unauthorized(format!(
            "{what} needs an API key: send Authorization: Bearer <key>"
        ))
    })?;
    if allowed.contains(&holder.role) {
        Ok(holder)
    } else {
        Err(ApiError::Forbidden(format!(
            "{what} needs the role {}; key '{}' has the role {}",
            allowed
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(" or "),
            holder.name,
            holder.role
        )))
    }
}

/// May read: any key, or no key when the server runs with public reads.
#[derive(Debug)]
pub(super) struct Reader(#[allow(dead_code)] pub Option<KeyHolder>);

/// May write records: an analyst's or an admin's key.
#[derive(Debug)]
pub(super) struct Analyst(pub KeyHolder);

/// May read the audit log and manage keys.
#[derive(Debug)]
pub(super) struct Admin(pub KeyHolder);

impl Analyst {
    /// The analyst a web app session acts as, when its key may write.
    pub(super) fn of_session(s: &Session) -> Result<Self, ApiError> {
        require(
            Some(s.holder.clone()),
            &[ApiRole::Analyst, ApiRole::Admin],
            "writing",
        )
        .map(Self)
    }

    pub(super) fn writer(&self) -> Writer {
        writer(&self.0)
    }
}

impl Admin {
    pub(super) fn writer(&self) -> Writer {
        writer(&self.0)
    }
}

fn writer(k: &KeyHolder) -> Writer {
    Writer {
        key_id: Some(k.id),
        name: k.name.clone(),
    }
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let holder = key_holder(parts, state).await?;
        if holder.is_none() && !state.config.public_read {
            return Err(ApiError::Unauthorized(
                "reading needs an API key: send Authorization: Bearer <key>".to_owned(),
            ));
        }
        Ok(Self(holder))
    }
}

impl FromRequestParts<AppState> for Analyst {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let holder = key_holder(parts, state).await?;
        require(holder, &[ApiRole::Analyst, ApiRole::Admin], "writing").map(Self)
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let holder = key_holder(parts, state).await?;
        require(holder, &[ApiRole::Admin], "this").map(Self)
    }
}
