//! The API's own extractors, so every malformed request gets a problem
//! document that names what was wrong, never axum's plain-text rejection.
//!
//! The JSON body and the query string are deserialized through
//! `serde_path_to_error`, which keeps the path of the field at fault
//! (`evidence[0].char_end`); axum's own `Json` rejection flattens that into
//! a string, which is why `ApiJson` reads the bytes itself.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::{ApiError, FieldError};

/// A JSON body.
pub(super) struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime_type::Essence>().ok())
            .is_some_and(|m| m.is_json());
        if !is_json {
            return Err(ApiError::UnsupportedMediaType(
                "the body must be JSON, sent with Content-Type: application/json".to_owned(),
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge(format!(
                    "the body is larger than the limit of {} bytes",
                    super::BODY_LIMIT
                ))
            } else {
                ApiError::bad_request(format!("the body could not be read: {rejection}"))
            }
        })?;
        if let Some(field) = nul_in(&bytes) {
            let message = "holds a NUL character (\\u0000), which text cannot store";
            return Err(ApiError::Validation {
                detail: format!("{field}: {message}"),
                errors: vec![FieldError::new(field, message)],
            });
        }
        parse_json(&bytes).map(ApiJson)
    }
}

/// The first field (as `a.b[2]`) whose string holds a NUL character, which
/// PostgreSQL cannot store in text: refused up front by name rather than
/// failing in the database. Most bodies hold no `\u0000` and are not walked.
fn nul_in(bytes: &[u8]) -> Option<String> {
    if !bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
        return None;
    }
    fn walk(v: &serde_json::Value, path: &str) -> Option<String> {
        let here = |p: &str| {
            if p.is_empty() {
                "body".to_owned()
            } else {
                p.to_owned()
            }
        };
        match v {
            serde_json::Value::String(s) if s.contains('\0') => Some(here(path)),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, x)| walk(x, &format!("{path}[{i}]"))),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, x)| {
                if k.contains('\0') {
                    return Some(here(path));
                }
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(x, &p)
            }),
            _ => None,
        }
    }
    // a body that is not JSON is reported as such by the parser
    walk(&serde_json::from_slice(bytes).ok()?, "")
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        use serde_json::error::Category;
        match inner.classify() {
            // The text is not JSON at all: a syntax problem.
            Category::Syntax | Category::Eof | Category::Io => {
                ApiError::bad_request(format!("the body is not valid JSON: {inner}"))
            }
            // JSON, but not the shape this endpoint takes.
            Category::Data => {
                let message = strip_position(&inner.to_string());
                // A missing field is reported at its parent; name the field.
                let missing = message
                    .strip_prefix("missing field `")
                    .and_then(|m| m.split('`').next());
                let field = match (path.as_str(), missing) {
                    (".", Some(m)) => m.to_owned(),
                    (p, Some(m)) => format!("{p}.{m}"),
                    (".", None) => "body".to_owned(),
                    _ => path,
                };
                ApiError::Validation {
                    detail: format!("{field}: {message}"),
                    errors: vec![FieldError::new(field, message)],
                }
            }
        }
    })
}

/// serde_json appends " at line 1 column 42" to data errors; the field path
/// says where more usefully.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// A query string. Unknown parameters are ignored (dashboards add their
/// own, such as cache-busters), but a known one that does not parse is
/// named in a 400.
pub(super) struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                let field = e.path().to_string();
                let message = e.into_inner().to_string();
                ApiError::BadRequest {
                    detail: format!("query parameter {field}: {message}"),
                    errors: vec![FieldError::new(field, message)],
                }
            })
    }
}

/// Path parameters; a segment that is not a uuid is a 400 that quotes it.
pub(super) struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                let message = e.body_text();
                Err(ApiError::BadRequest {
                    detail: message.clone(),
                    errors: vec![FieldError::new("path", message)],
                })
            }
            Err(other) => Err(ApiError::Internal(anyhow::anyhow!(
                "path parameters unavailable: {other}"
            ))),
        }
    }
}

/// Content types: JSON and its `+json` family (`application/merge-patch+json`).
mod mime_type {
    pub(super) struct Essence(String);

    impl std::str::FromStr for Essence {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            let essence = s
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if essence.is_empty() {
                Err(())
            } else {
                Ok(Self(essence))
            }
        }
    }

    impl Essence {
        pub(super) fn is_json(&self) -> bool {
            self.0 == "application/json"
                || (self.0.starts_with("application/") && self.0.ends_with("+json"))
        }
    }
}

/// The version a write to an existing record is based on, from
/// `If-Match: "3"` (the ETag this API served). A database of record does not
/// let a write replace what its writer never saw: without the header the
/// write is refused (428); `If-Match: *` says, explicitly, "whatever is
/// stored" and skips the check.
pub(super) struct IfMatch(pub Option<i32>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Err(ApiError::PreconditionRequired(
                "this write needs If-Match with the ETag of the version it replaces (GET the record \
                 first), or If-Match: * to replace whatever is stored"
                    .to_owned(),
            ));
        };
        let text = value.to_str().unwrap_or_default().trim();
        if text == "*" {
            return Ok(Self(None));
        }
        text.trim_start_matches("W/")
            .trim_matches('"')
            .parse::<i32>()
            .map(|v| Self(Some(v)))
            .map_err(|_| ApiError::BadRequest {
                detail: format!("If-Match '{text}' is not an ETag this API served (such as \"3\")"),
                errors: vec![FieldError::new("If-Match", "not an ETag from this API")],
            })
    }
}

/// A record's version as its ETag.
pub(super) fn etag(version: i32) -> [(header::HeaderName, String); 1] {
    [(header::ETAG, format!("\"{version}\""))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Input {
        name: String,
        kind: crate::domain::ActorKind,
    }

    #[test]
    fn a_wrong_enum_value_names_its_field_and_the_accepted_values() {
        let err = parse_json::<Input>(br#"{"name": "x", "kind": "nation"}"#).unwrap_err();
        let problem = err.problem();
        assert_eq!(problem.status, 422);
        assert_eq!(problem.errors[0].field, "kind");
        assert!(problem.detail.contains("person"), "{}", problem.detail);
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        let err = parse_json::<Input>(b"{\"name\": ").unwrap_err();
        assert_eq!(err.problem().status, 400);
    }
}
