//! `GET /api/v1/health`: is the service up, and is its database?

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use super::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
    /// The newest migration applied, or null when the database is unreachable.
    schema_version: Option<i64>,
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let version: Result<Option<i64>, sqlx::Error> =
        sqlx::query_scalar("select max(version) from _sqlx_migrations where success")
            .fetch_one(&state.pool)
            .await;
    match version {
        Ok(v) => (
            StatusCode::OK,
            Json(Health {
                status: "ok",
                database: "ok",
                schema_version: v,
            }),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check cannot reach the database");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "degraded",
                    database: "unreachable",
                    schema_version: None,
                }),
            )
        }
    }
}
