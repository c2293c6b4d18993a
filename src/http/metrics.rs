//! `GET /metrics` in Prometheus text format: requests and latencies per
//! route, and whatever else riposte counts through the `metrics` macros
//! (the importer's `riposte_articles_imported_total`).

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Articles stored by the importer (counted where it commits one).
pub const ARTICLES_IMPORTED: &str = "riposte_articles_imported_total";
/// Extractions of posted articles stopped before their end, by reason
/// (`over_budget`, or `cancelled`: the client went away).
pub const EXTRACTIONS_STOPPED: &str = "riposte_extractions_stopped_total";
const REQUESTS: &str = "riposte_http_requests_total";
const DURATION: &str = "riposte_http_request_duration_seconds";

/// The recorder is process-global: installed once, whichever router (or
/// test) asks first. If another recorder was installed before, ours still
/// renders, though it then sees nothing recorded through the macros.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = || {
            PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full(DURATION.to_owned()),
                    &[
                        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                    ],
                )
                .expect("the bucket list is not empty")
        };
        let handle = builder()
            .install_recorder()
            .unwrap_or_else(|_| builder().build_recorder().handle());
        metrics::describe_counter!(REQUESTS, "HTTP requests by method, route and status");
        metrics::describe_histogram!(
            DURATION,
            metrics::Unit::Seconds,
            "HTTP request latency by route"
        );
        metrics::describe_counter!(ARTICLES_IMPORTED, "Articles the importer stored");
        // Present from the start, so dashboards see a zero, not a gap.
        metrics::counter!(ARTICLES_IMPORTED).increment(0);
        metrics::describe_counter!(
            EXTRACTIONS_STOPPED,
            "Extractions of posted articles stopped early, by reason"
        );
        for reason in ["over_budget", "cancelled"] {
            metrics::counter!(EXTRACTIONS_STOPPED, "reason" => reason).increment(0);
        }
        handle
    })
}

/// Middleware: count and time every request by its route template (not
/// its raw path, which would make one series per id).
pub async fn track(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(REQUESTS, "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!(DURATION, "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    response
}

/// The metrics, read like any other reading: with a key, unless reads are
/// public (Prometheus sends one with `authorization: credentials: KEY`).
/// Route names and request counts tell an outsider what the API is used for.
pub(super) async fn render(_: super::auth::Reader) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle().render(),
    )
}
