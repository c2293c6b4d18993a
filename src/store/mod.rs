//! Storage: the SQL riposte runs, as functions over `impl PgExecutor<'_>` (or
//! a transaction when several statements must land together), so the API,
//! the importer and the CLI share one implementation of each operation.

pub mod actors;
pub mod article_view;
pub mod audit;
pub mod events;
mod ingest;
pub mod keys;
pub mod queue;
pub mod records;
mod registry;
pub mod relations;
pub mod search;
pub mod sessions;
mod statements;
pub mod subject;
pub mod timeline;

use uuid::Uuid;

pub use ingest::{ArticleOutcome, ArticleRecord, content_hash, store_article};
pub use registry::{ActorRegistry, UNATTRIBUTED_KEY};
pub use statements::StatementCounts;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no {what} has id {id}")]
    NotFound { what: &'static str, id: Uuid },
    /// An optimistic-concurrency check failed: the caller's copy is old.
    #[error("{what} {id} is at version {current}, not {expected}")]
    StaleVersion {
        what: &'static str,
        id: Uuid,
        expected: i32,
        current: i32,
    },
    /// A value the schema refuses, named by the field a caller sent.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Database(sqlx::Error),
}

impl StoreError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Named constraints become errors that name the caller's field. Anything
/// not listed is a bug or an outage and stays a database error.
const CONSTRAINT_FIELDS: &[(&str, &str, &str)] = &[
    ("articles_text_not_empty", "text", "empty article: no text"),
    ("sources_name_not_blank", "source", "must not be blank"),
    ("accusations_accuser_id_fkey", "accuser_id", "no such actor"),
    ("accusations_accused_id_fkey", "accused_id", "no such actor"),
    ("accusations_event_id_fkey", "event_id", "no such event"),
    (
        "accusations_hedge_level_with_hedge",
        "hedge_level",
        "a hedge level needs the hedge's words",
    ),
    (
        "accusation_co_accusers_actor_id_fkey",
        "co_accuser_ids",
        "no such actor",
    ),
    (
        "responses_responder_id_fkey",
        "responder_id",
        "no such actor",
    ),
    ("responses_target_id_fkey", "target_id", "no such actor"),
    (
        "response_links_accusation_id_fkey",
        "answers",
        "no such accusation",
    ),
    ("actors_name_not_blank", "name", "must not be blank"),
    (
        "actors_country_is_alpha3",
        "country",
        "must be an ISO 3166-1 alpha-3 code in capitals, such as RUS",
    ),
    (
        "actors_gazetteer_key_key",
        "gazetteer_key",
        "another actor has this gazetteer key",
    ),
    (
        "actor_aliases_not_blank",
        "aliases",
        "an alias must have letters or digits",
    ),
    (
        "actor_affiliations_not_self",
        "affiliations",
        "an actor cannot be affiliated with itself",
    ),
    (
        "actor_affiliations_span_ordered",
        "affiliations",
        "valid_from must not be after valid_to",
    ),
    (
        "actor_affiliations_role_not_blank",
        "affiliations",
        "role must not be blank",
    ),
    (
        "actor_affiliations_affiliated_with_fkey",
        "affiliations",
        "no such actor",
    ),
    (
        "actor_affiliations_key",
        "affiliations",
        "the same affiliation is listed twice",
    ),
    ("events_name_not_blank", "name", "must not be blank"),
    (
        "events_span_ordered",
        "ends_on",
        "must not be before starts_on",
    ),
    ("evidence_article_id_fkey", "evidence", "no such article"),
    (
        "evidence_span_ordered",
        "evidence",
        "char_start must be at least 0 and before char_end",
    ),
    (
        "evidence_span_within_article",
        "evidence",
        "the span ends past its article",
    ),
    ("api_keys_name_key", "name", "a key with this name exists"),
    ("api_keys_name_not_blank", "name", "must not be blank"),
];

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        // PostgreSQL text cannot hold NUL; JSON and URLs can ("\u0000", %00).
        if let Some(db) = e.as_database_error()
            && matches!(db.code().as_deref(), Some("22021" | "22P05"))
        {
            return Self::invalid("text", "text must not contain NUL (\\u0000) characters");
        }
        if let Some(db) = e.as_database_error()
            && db.code().as_deref() == Some("22001")
        {
            return Self::invalid("text", format!("a value is too long: {}", db.message()));
        }
        if let Some(db) = e.as_database_error()
            && let Some(constraint) = db.constraint()
        {
            if let Some((_, field, message)) =
                CONSTRAINT_FIELDS.iter().find(|(c, _, _)| *c == constraint)
            {
                return Self::invalid(*field, *message);
            }
            // An actor or event still referenced by records cannot go.
            if db.is_foreign_key_violation() {
                return Self::Conflict(format!(
                    "still referenced by other records ({constraint}); merge or re-point them first"
                ));
            }
        }
        Self::Database(e)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which row a versioned write targets, and the version the caller holds
/// (`If-Match`), when it said.
#[derive(Debug, Clone, Copy)]
pub struct Expect {
    pub id: Uuid,
    pub version: Option<i32>,
}

/// The audit trail's view of who is writing: an API key, or the CLI.
#[derive(Debug, Clone)]
pub struct Writer {
    pub key_id: Option<Uuid>,
    pub name: String,
}

/// `s` as a LIKE pattern that matches itself only: `%`, `_` and the escape
/// character `\` are escaped, so a search for "100%" or "a_b" finds those
/// characters rather than using them as wildcards.
pub(crate) fn like_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod like_tests {
    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(super::like_literal("a%b_c\\d"), "a\\%b\\_c\\\\d");
        assert_eq!(super::like_literal("Russia"), "Russia");
    }
}
