//! Writing an article and everything extracted from it. One article is
//! written inside one savepoint of the caller's transaction, so it is stored
//! whole or not at all.

use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use uuid::Uuid;

use super::registry::ActorRegistry;
use super::statements::{self, StatementCounts};
use crate::extract::Extraction;

/// An article ready to store: the text exactly as extracted from.
#[derive(Debug, Clone, Copy)]
pub struct ArticleRecord<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub url: Option<&'a str>,
    pub source: Option<&'a str>,
    /// Who imports it: the extractor's version, or an analyst's key name.
    pub imported_by: &'a str,
}

/// What storing one article did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleOutcome {
    Stored {
        article_id: Uuid,
        counts: StatementCounts,
    },
    /// An article with the same text is already stored.
    Duplicate { existing: Uuid },
}

/// SHA-256 of the text: the identity of an article.
pub fn content_hash(text: &str) -> Vec<u8> {
    Sha256::digest(text.as_bytes()).to_vec()
}

/// Store one article with its records. The caller owns the transaction; on
/// an error it rolls back (to a savepoint) and tells the registry.
#[tracing::instrument(skip_all, err(level = "debug"), fields(article = record.name))]
pub async fn store_article(
    conn: &mut PgConnection,
    registry: &mut ActorRegistry,
    record: &ArticleRecord<'_>,
    extraction: &Extraction,
    extractor_version: &str,
) -> Result<ArticleOutcome, sqlx::Error> {
    let hash = content_hash(record.text);
    let source_id = match record.source {
        Some(name) => Some(
            sqlx::query_scalar!(
                "insert into sources (id, name) values ($1, $2)
                 on conflict (name) do update set name = excluded.name
                 returning id",
                Uuid::new_v4(),
                name,
            )
            .fetch_one(&mut *conn)
            .await?,
        ),
        None => None,
    };
    let published_source = extraction
        .published_source
        .and_then(|s| serde_json::to_value(s).ok())
        .and_then(|v| v.as_str().map(str::to_owned));
    let inserted = sqlx::query_scalar!(
        r#"
        insert into articles (id, source_id, name, url, title, published_on, published_precision,
                              published_source, text, content_hash, imported_by)
        values ($1, $2, $3, $4, $5, $6, case when $6::date is null then null else 'day'::date_precision end,
                $7, $8, $9, $10)
        on conflict (content_hash) do nothing
        returning id
        "#,
        Uuid::new_v4(),
        source_id,
        record.name,
        record.url.or(extraction.url.as_deref()),
        extraction.title,
        extraction.published,
        published_source,
        record.text,
        &hash,
        record.imported_by,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(article_id) = inserted else {
        let existing =
            sqlx::query_scalar!("select id from articles where content_hash = $1", &hash)
                .fetch_one(&mut *conn)
                .await?;
        return Ok(ArticleOutcome::Duplicate { existing });
    };
    let counts =
        statements::store_statements(conn, registry, article_id, extraction, extractor_version)
            .await?;
    Ok(ArticleOutcome::Stored { article_id, counts })
}
