//! `GET /series`: statements counted per day, week or month, by kind, for
//! an actor, a pair, an event or everything: what a dashboard's charts read.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::AppState;
use super::auth::Reader;
use super::error::{ApiError, ApiResult, FieldError, Problem};
use super::export::csv_field;
use super::extract::ApiQuery;
use super::filters::TimelineParams;
use crate::store::timeline::{self, Interval, Series, SeriesPoint};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_series))
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, ToSchema)]
#[serde(rename_all = "lowercase")]
enum SeriesFormat {
    #[default]
    Json,
    Csv,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SeriesParams {
    /// The width of a period: day, week (ISO, from Monday) or month (default).
    #[param(inline)]
    interval: Option<Interval>,
    /// json (default) or csv (a header `period,total,KIND...`, a line per period).
    #[param(inline)]
    format: Option<SeriesFormat>,
}

/// Statements per day, week or month by kind, with the timeline's filters
/// (`actor`, `a`&`b`, `accuser`, `accused`, `event`, `from`, `to`, `kind`,
/// `review`); every period is present, so a chart has no gaps.
#[utoipa::path(get, path = "/series", tag = "reading", params(TimelineParams, SeriesParams),
    responses((status = 200, description = "The series as JSON, or as CSV with format=csv",
               content((Series = "application/json"), (String = "text/csv"))),
              (status = 400, body = Problem), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn get_series(
    _: Reader,
    State(s): State<AppState>,
    ApiQuery(params): ApiQuery<TimelineParams>,
    ApiQuery(p): ApiQuery<SeriesParams>,
) -> ApiResult<Response> {
    let interval = p.interval.unwrap_or_default();
    // one read target for the whole request: one snapshot
    let reads = s.reads.pool();
    let filter = params.resolve(&reads).await?;
    let mut conn = reads.acquire().await?;
    let series = timeline::series(&mut conn, &filter, interval)
        .await?
        .map_err(|e| ApiError::BadRequest {
            detail: e.to_string(),
            errors: vec![FieldError::new("interval", e.to_string())],
        })?;
    Ok(match p.format.unwrap_or_default() {
        SeriesFormat::Json => Json(series).into_response(),
        SeriesFormat::Csv => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            csv(&series.kinds, &series.points),
        )
            .into_response(),
    })
}

/// The series as CSV: `period,total` and a column per kind.
fn csv(kinds: &[String], points: &[SeriesPoint]) -> String {
    let mut out = String::from("period,total");
    for k in kinds {
        out.push(',');
        csv_field(&mut out, k);
    }
    out.push('\n');
    for p in points {
        out.push_str(&format!("{},{}", p.period, p.total));
        for k in kinds {
            out.push_str(&format!(",{}", p.counts.get(k).copied().unwrap_or(0)));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::collections::BTreeMap;

    #[test]
    fn csv_has_a_column_per_kind_and_a_line_per_period() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let kinds = vec!["accusation".to_string(), "denial".to_string()];
        let points = vec![
            SeriesPoint {
                period: day("2020-07-01"),
                counts: BTreeMap::from([("accusation".into(), 2), ("denial".into(), 1)]),
                total: 3,
            },
            SeriesPoint {
                period: day("2020-08-01"),
                counts: BTreeMap::from([("accusation".into(), 0), ("denial".into(), 0)]),
                total: 0,
            },
        ];
        assert_eq!(
            csv(&kinds, &points),
            "period,total,accusation,denial\n2020-07-01,3,2,1\n2020-08-01,0,0,0\n"
        );
    }
}
