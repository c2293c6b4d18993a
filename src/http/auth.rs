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

/// The key behind a request, when one was given.
async fn key_holder(parts: &Parts, state: &AppState) -> Result<Option<KeyHolder>, ApiError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
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
