//! The HTTP API: JSON under `/api/v1`, served by axum.
//!
//! Each module owns its routes (and their OpenAPI annotations); this one
//! merges them and adds what every request shares: errors as problem
//! documents, the body limit, CORS, metrics, panics caught.

mod actors;
mod app;
mod articles;
mod audit;
mod auth;
mod error;
mod events;
mod export;
mod extract;
mod filters;
mod health;
pub mod metrics;
mod openapi;
mod paging;
pub mod reads;
mod records;
mod relations;
mod search;
mod series;
mod stats;
mod timeline;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::response::IntoResponse;
use axum::routing::get;
use sqlx::PgPool;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

pub use error::{ApiError, FieldError, Problem};
pub use export::cameo;

/// Request bodies above this are refused with 413.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Request targets (path and query) above this are refused with 414 and a
/// problem+json body. The HTTP layer itself refuses targets over 64 KiB
/// with a bare 414 before any of riposte runs; this limit sits below it so
/// that a client sees why.
pub const URI_LIMIT: usize = 16 * 1024;

/// How the API behaves, from `riposte serve`'s flags.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Reads need no key (writes always do).
    pub public_read: bool,
    /// Browser origins allowed to call the API (CORS).
    pub cors_origins: Vec<String>,
    /// How long extracting one posted article may take (422 past it).
    pub article_budget: std::time::Duration,
    /// The extractor for posted articles; `None` for the built-in one.
    pub extractor: Option<Arc<crate::extract::Extractor>>,
    /// Read replicas (hot standbys of the database) to serve reads.
    pub replicas: Vec<sqlx::postgres::PgConnectOptions>,
    /// How far behind the primary (WAL bytes) a replica may fall and still
    /// serve reads.
    pub replica_max_lag: u64,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            public_read: false,
            cors_origins: Vec::new(),
            article_budget: crate::extract::budget::DEFAULT_ARTICLE_BUDGET,
            extractor: None,
            replicas: Vec::new(),
            replica_max_lag: DEFAULT_REPLICA_MAX_LAG,
        }
    }
}

/// 16 MiB of WAL: a standby that far behind is replaying a bulk import.
pub const DEFAULT_REPLICA_MAX_LAG: u64 = 16 << 20;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Writes, and reads that must see the caller's own writes.
    pub pool: PgPool,
    /// Where every GET reads: read-only transactions (a read that tried to
    /// write would fail rather than write) on a healthy replica or the
    /// primary.
    pub reads: Arc<reads::Reads>,
    pub config: Arc<ApiConfig>,
}

impl AppState {
    pub fn new(pool: PgPool) -> Self {
        Self::with_config(pool, ApiConfig::default())
    }

    pub fn with_config(pool: PgPool, config: ApiConfig) -> Self {
        Self {
            reads: Arc::new(reads::Reads::new(&pool, &config.replicas)),
            pool,
            config: Arc::new(config),
        }
    }
}

/// The API's routes and its OpenAPI document, built from the same code.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (routes, doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .nest(
            "/api/v1",
            OpenApiRouter::new()
                .merge(timeline::router())
                .merge(relations::router())
                .merge(series::router())
                .merge(stats::router())
                .merge(search::router())
                .merge(export::router())
                .merge(actors::router())
                .merge(records::router())
                .merge(events::router())
                .merge(articles::router())
                .merge(audit::router()),
        )
        .split_for_parts();
    let mut doc = doc;
    openapi::problem_responses(&mut doc);
    openapi::describe_responses(&mut doc);
    (routes, doc)
}

/// The OpenAPI document alone, without the router (for programs that embed riposte).
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    api().1
}

/// The whole application; tests drive it with `oneshot` without a socket.
pub fn router(state: AppState) -> Router {
    let (api, doc) = api();
    metrics::handle();
    let cors = cors(&state.config.cors_origins);
    Router::new()
        .merge(api)
        .nest("/api/v1", health::router())
        .merge(SwaggerUi::new("/api/v1/docs").url("/api/v1/openapi.json", doc))
        .route("/metrics", get(metrics::render))
        .merge(app::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            reads::read_your_writes,
        ))
        .layer(axum::middleware::from_fn(refuse_long_uris))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(cors)
        .layer(CatchPanicLayer::custom(panicked))
        .with_state(state)
}

fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim()).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            HeaderName::from_static("www-authenticate"),
        ])
}

async fn refuse_long_uris(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let len = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if len > URI_LIMIT {
        return ApiError::UriTooLong(format!(
            "the request target is {len} bytes, more than the {URI_LIMIT} allowed; \
             send fewer or shorter query parameters"
        ))
        .into_response();
    }
    next.run(request).await
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("there is nothing at {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::MethodNotAllowed(format!("{} does not accept {method}", uri.path()))
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    ApiError::Internal(anyhow::anyhow!("a handler panicked")).into_response()
}

/// Serve until `shutdown` completes, then finish in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
