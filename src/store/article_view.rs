//! An article as stored, with every record found in it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{StoreError, StoreResult};
use crate::domain::RecordOrigin;

/// One span of the article and the record it evidences.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Finding {
    pub evidence_id: Uuid,
    /// accusation, response, actor or event.
    pub record: String,
    pub record_id: Uuid,
    /// For statements: `accusation` or the response kind.
    pub kind: Option<String>,
    pub char_start: i32,
    pub char_end: i32,
    pub sentence: String,
    pub found_by: RecordOrigin,
    pub rule: Option<String>,
    pub confidence: f32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleView {
    pub id: Uuid,
    pub name: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub language: String,
    pub imported_at: DateTime<Utc>,
    pub imported_by: String,
    pub text: String,
    /// Every record found in it, in text order; spans are character offsets.
    pub findings: Vec<Finding>,
}

pub async fn article(conn: &mut PgConnection, id: Uuid) -> StoreResult<ArticleView> {
    let a = sqlx::query!(
        r#"select a.id, a.name, a.url, a.title, s.name as "source?", a.published_on, a.language,
                  a.imported_at, a.imported_by, a.text
           from articles a left join sources s on s.id = a.source_id where a.id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound {
        what: "article",
        id,
    })?;
    let findings = sqlx::query_as!(
        Finding,
        r#"select e.id as evidence_id,
                  case when e.accusation_id is not null then 'accusation'
                       when e.response_id is not null then 'response'
                       when e.actor_id is not null then 'actor' else 'event' end as "record!",
                  coalesce(e.accusation_id, e.response_id, e.actor_id, e.event_id) as "record_id!",
                  case when e.accusation_id is not null then 'accusation' else r.kind::text end as kind,
                  e.char_start, e.char_end, e.sentence, e.found_by as "found_by: RecordOrigin",
                  e.rule, e.confidence
           from evidence e left join responses r on r.id = e.response_id
           where e.article_id = $1
           order by e.char_start, e.char_end"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(ArticleView {
        id: a.id,
        name: a.name,
        url: a.url,
        title: a.title,
        source: a.source,
        published_on: a.published_on,
        language: a.language,
        imported_at: a.imported_at,
        imported_by: a.imported_by,
        text: a.text,
        findings,
    })
}
