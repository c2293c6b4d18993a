//! `/articles`: an article's text and every record found in it.
//! (`POST /articles`, importing through the pipeline, joins this router
//! from the importer's side.)

use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::AppState;
use super::auth::Reader;
use super::error::{ApiResult, Problem};
use super::extract::ApiPath;
use crate::store::article_view::{self, ArticleView};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_article))
    // POST /articles (import one article) is added here with the importer.
}

#[utoipa::path(get, path = "/articles/{id}", tag = "reading", params(("id" = Uuid, Path)),
    responses((status = 200, body = ArticleView), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn get_article(
    _: Reader,
    State(s): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<ArticleView>> {
    let mut conn = s.pool.acquire().await?;
    Ok(Json(article_view::article(&mut conn, id).await?))
}
