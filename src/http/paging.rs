//! Keyset paging: an opaque cursor (the last row's sort key, base64url) and
//! a `next` link that carries it; page sizes are capped.

use axum::http::Uri;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, FieldError};

pub(super) const DEFAULT_LIMIT: i64 = 50;
pub(super) const MAX_LIMIT: i64 = 500;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct PageParams {
    /// From a previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// Items per page: 1 to 500, 50 by default.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

impl PageParams {
    pub(super) fn limit(&self) -> Result<i64, ApiError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(n) => Err(ApiError::BadRequest {
                detail: format!("limit {n} is out of range: 1 to {MAX_LIMIT}"),
                errors: vec![FieldError::new(
                    "limit",
                    format!("{n} is not between 1 and {MAX_LIMIT}"),
                )],
            }),
        }
    }

    /// The decoded cursor, parsed by `parse` (the inverse of what
    /// [`cursor`] was given).
    pub(super) fn after<T>(
        &self,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, ApiError> {
        let Some(c) = &self.cursor else {
            return Ok(None);
        };
        let bad = || ApiError::BadRequest {
            detail: format!("cursor '{c}' is not one this API gave out"),
            errors: vec![FieldError::new(
                "cursor",
                "not a cursor from a previous page",
            )],
        };
        let bytes = URL_SAFE_NO_PAD.decode(c).map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        parse(&text).map(Some).ok_or_else(bad)
    }
}

pub(super) fn cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// The next page's URL; null on the last page.
    pub next: Option<String>,
}

impl<T: ToSchema> Page<T> {
    /// `items` was fetched with one extra row to learn whether more follow.
    pub(super) fn new(
        mut items: Vec<T>,
        limit: i64,
        uri: &Uri,
        key: impl Fn(&T) -> String,
    ) -> Self {
        let more = items.len() as i64 > limit;
        items.truncate(limit as usize);
        let next_cursor = more
            .then(|| items.last().map(|last| cursor(&key(last))))
            .flatten();
        let next = next_cursor.as_ref().map(|c| next_link(uri, c));
        Self {
            items,
            next_cursor,
            next,
        }
    }
}

fn next_link(uri: &Uri, cursor: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(q) = uri.query() {
        for (k, v) in form_urlencoded::parse(q.as_bytes()) {
            if k != "cursor" {
                query.append_pair(&k, &v);
            }
        }
    }
    query.append_pair("cursor", cursor);
    format!("{}?{}", uri.path(), query.finish())
}
