//! `/articles`: an article's text and every record found in it, and
//! importing one article through the same pipeline as `riposte import`.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::AppState;
use super::auth::{Analyst, Reader};
use super::error::{ApiError, ApiResult, Problem};
use super::extract::{ApiJson, ApiPath};
use crate::domain::dates;
use crate::extract::budget::CancelOnDrop;
use crate::extract::{ArticleInput, Budget, EXTRACTOR_VERSION, Extractor, Stopped};
use crate::store::article_view::{self, ArticleView};
use crate::store::{self, ActorRegistry, ArticleOutcome, ArticleRecord, StatementCounts, audit};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_article, import_article))
}

/// One article to import.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct NewArticle {
    /// The article's text, as crawled (a ` date YYYY-MM-DD N` first line and
    /// a dateline are understood).
    pub text: String,
    /// Its name in all output; defaults to "api".
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date, YYYY-MM-DD; wins over what the text says.
    #[serde(default, deserialize_with = "dates::opt_date")]
    #[schema(value_type = Option<String>, format = Date)]
    pub published: Option<NaiveDate>,
    /// The outlet.
    #[serde(default)]
    pub source: Option<String>,
}

/// What importing an article did, with the article as stored.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct ImportedArticle {
    /// True when the same text was already stored: nothing new was written.
    pub duplicate: bool,
    pub accusations: u32,
    pub responses: u32,
    /// Statements other articles had already reported: evidence added.
    pub merged: u32,
    pub links: u32,
    pub events: u32,
    pub article: ArticleView,
}

/// The extractor the server was configured with, else the built-in one,
/// built once on first use (it compiles the gazetteer's and lexicons'
/// automata).
fn extractor(config: &crate::http::ApiConfig) -> ApiResult<Arc<Extractor>> {
    if let Some(e) = &config.extractor {
        return Ok(Arc::clone(e));
    }
    static BUILTIN: OnceLock<Arc<Extractor>> = OnceLock::new();
    if let Some(e) = BUILTIN.get() {
        return Ok(e.clone());
    }
    let built = Extractor::builtin().map_err(|e| ApiError::Internal(e.into()))?;
    Ok(BUILTIN.get_or_init(|| Arc::new(built)).clone())
}

#[utoipa::path(post, path = "/articles", tag = "articles", request_body = NewArticle,
    responses((status = 201, body = ImportedArticle, description = "Stored, with the records found"),
              (status = 200, body = ImportedArticle, description = "Already stored: the stored article"),
              (status = 413, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, err(level = "debug", Debug))]
async fn import_article(
    who: Analyst,
    State(s): State<AppState>,
    ApiJson(input): ApiJson<NewArticle>,
) -> ApiResult<impl IntoResponse> {
    let imported = import(&s, &who, input).await?;
    let status = if imported.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        [(
            header::LOCATION,
            format!("/api/v1/articles/{}", imported.article.id),
        )],
        Json(imported),
    ))
}

/// Imports one article as `who`: extraction within the configured budget
/// (stopped when the caller goes away), then the store, audited. The API
/// and the web app's Add page share it.
pub(super) async fn import(
    s: &AppState,
    who: &Analyst,
    input: NewArticle,
) -> ApiResult<ImportedArticle> {
    if input.text.trim().is_empty() {
        return Err(ApiError::invalid("text", "empty article: no text"));
    }
    // Blank optional fields mean "not given", as in a JSON Lines import.
    let mut input = input;
    for field in [
        &mut input.url,
        &mut input.title,
        &mut input.source,
        &mut input.name,
    ] {
        if field.as_deref().is_some_and(|v| v.trim().is_empty()) {
            *field = None;
        }
    }
    let name = input.name.clone().unwrap_or_else(|| "api".to_owned());
    let extractor = extractor(&s.config)?;
    // Extraction is CPU-bound: off the async workers, handing the input back.
    // It runs within the configured budget, and stops when the request is
    // abandoned: the guard, dropped with this future, cancels it.
    let cancel = Arc::new(AtomicBool::new(false));
    let _cancel_on_drop = CancelOnDrop(Arc::clone(&cancel));
    let budget = Budget::within(s.config.article_budget).cancelled_by(cancel);
    let (extraction, input) = {
        let (extractor, name) = (Arc::clone(&extractor), name.clone());
        tokio::task::spawn_blocking(move || {
            let extraction = extractor.extract_within(
                &ArticleInput {
                    name: &name,
                    text: &input.text,
                    url: input.url.as_deref(),
                    title: input.title.as_deref(),
                    published: input.published,
                },
                &budget,
            );
            if let Err(stopped) = &extraction {
                let reason = match stopped {
                    Stopped::OverBudget(_) => "over_budget",
                    Stopped::Cancelled => "cancelled",
                };
                metrics::counter!(super::metrics::EXTRACTIONS_STOPPED, "reason" => reason)
                    .increment(1);
            }
            (extraction, input)
        })
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("extraction failed")))?
    };
    let extraction = match extraction {
        Ok(x) => x,
        Err(stopped @ Stopped::OverBudget(_)) => {
            return Err(ApiError::invalid(
                "text",
                format!(
                    "{stopped}: nothing was stored; split the article or raise --article-time-budget"
                ),
            ));
        }
        // (only this future's own drop sets the flag, and then nothing
        // runs here: the arm is for completeness)
        Err(Stopped::Cancelled) => {
            return Err(ApiError::Internal(anyhow::anyhow!(
                "extraction cancelled: the request was abandoned"
            )));
        }
    };
    let writer = who.writer();
    let mut tx = s.pool.begin().await?;
    ActorRegistry::take_writer_turn(&mut tx).await?;
    let mut registry = ActorRegistry::load_existing(&mut tx, extractor.gazetteer()).await?;
    let record = ArticleRecord {
        name: &name,
        text: &input.text,
        url: input.url.as_deref(),
        source: input.source.as_deref(),
        imported_by: &writer.name,
    };
    let outcome = store::store_article(
        &mut tx,
        &mut registry,
        &record,
        &extraction,
        EXTRACTOR_VERSION,
    )
    .await?;
    let (id, duplicate, counts) = match outcome {
        ArticleOutcome::Stored { article_id, counts } => (article_id, false, counts),
        ArticleOutcome::Duplicate { existing } => (existing, true, StatementCounts::default()),
    };
    if !duplicate {
        audit::record(
            &mut *tx,
            &writer,
            "import",
            "article",
            Some(id),
            None,
            Some(serde_json::json!({
                "name": name,
                "accusations": counts.accusations,
                "responses": counts.responses,
                "merged": counts.merged,
                "links": counts.links,
                "events": counts.events,
            })),
        )
        .await?;
    }
    let article = article_view::article(&mut tx, id).await?;
    tx.commit().await?;
    if !duplicate {
        metrics::counter!("riposte_articles_imported_total").increment(1);
    }
    Ok(ImportedArticle {
        duplicate,
        accusations: counts.accusations,
        responses: counts.responses,
        merged: counts.merged,
        links: counts.links,
        events: counts.events,
        article,
    })
}

#[utoipa::path(get, path = "/articles/{id}", tag = "reading", params(("id" = Uuid, Path)),
    responses((status = 200, body = ArticleView), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn get_article(
    _: Reader,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<ArticleView>> {
    let mut conn = s.reads.pool().acquire().await?;
    Ok(Json(article_view::article(&mut conn, id).await?))
}
