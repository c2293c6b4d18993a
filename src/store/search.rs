//! Full-text search over evidence sentences (the `sentence_tsv` index).

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::PgExecutor;
use utoipa::ToSchema;
use uuid::Uuid;

use super::StoreResult;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Hit {
    pub evidence_id: Uuid,
    /// accusation, response, actor or event.
    pub record: String,
    pub record_id: Uuid,
    pub article_id: Uuid,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub sentence: String,
    /// The sentence with matches marked `<b>..</b>`.
    pub highlight: String,
    pub rank: f32,
}

/// Best first; the keyset is (rank, evidence id), both stable for a query.
pub async fn search(
    executor: impl PgExecutor<'_>,
    q: &str,
    after: Option<(f32, Uuid)>,
    limit: i64,
) -> StoreResult<Vec<Hit>> {
    let (rank, id) = after.unzip();
    Ok(sqlx::query_as!(
        Hit,
        r#"with q as (select websearch_to_tsquery('english', $1) as q),
           hits as (
               select e.*, ts_rank(e.sentence_tsv, q.q) as rank, q.q as query
               from evidence e, q where e.sentence_tsv @@ q.q
           )
           select h.id as evidence_id,
                  case when h.accusation_id is not null then 'accusation'
                       when h.response_id is not null then 'response'
                       when h.actor_id is not null then 'actor' else 'event' end as "record!",
                  coalesce(h.accusation_id, h.response_id, h.actor_id, h.event_id) as "record_id!",
                  h.article_id, a.url, a.title, a.published_on, h.sentence,
                  ts_headline('english', h.sentence, h.query) as "highlight!",
                  h.rank as "rank!"
           from hits h join articles a on a.id = h.article_id
           where $2::real is null or (h.rank, h.id) < ($2, $3)
           order by h.rank desc, h.id desc
           limit $4"#,
        q,
        rank,
        id,
        limit,
    )
    .fetch_all(executor)
    .await?)
}
