//! `GET /export?format=csv|jsonl`: every statement matching the timeline's
//! filters, streamed row by row from the database (never buffered whole),
//! each with its CAMEO code so riposte's records join GDELT and ICEWS data.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::AppState;
use super::auth::Reader;
use super::error::{ApiResult, Problem};
use super::extract::ApiQuery;
use super::filters::TimelineParams;
use crate::domain::ResponseKind;
use crate::store::timeline::{self, ExportRow};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export))
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(super) enum Format {
    #[default]
    Csv,
    Jsonl,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct FormatParam {
    /// csv (default) or jsonl.
    #[param(inline)]
    format: Option<Format>,
}

/// A CAMEO event code (Schrodt's codebook, v1.1b3) and its label.
///
/// Accusations are 112 "Accuse, not specified below", or a 112x sub-code
/// when the allegation's words make the alleged act clear: 1121 crime or
/// corruption, 1122 human rights abuses, 1123 aggression, 1124 war crimes,
/// 1125 espionage or treason. Responses:
/// - denial → 016 "Deny responsibility": the codebook's code for an actor
///   denying it did what it is accused of.
/// - dismissal → 016 too: CAMEO has no separate code for rejecting an
///   accusation as baseless, and its coders file "calls the allegations
///   groundless" under denial.
/// - counter_accusation → 112 "Accuse": it accuses in return.
/// - deflection → 010 "Make statement, not specified below": whataboutism
///   neither denies nor accuses in CAMEO's terms.
/// - threat → 130 "Threaten, not specified below" (the 13 root): riposte
///   does not record which consequence is threatened.
/// - admission → 015 "Acknowledge or claim responsibility".
/// - no_comment → 011 "Decline comment".
pub fn cameo(kind: &str, subject: Option<&str>) -> (&'static str, &'static str) {
    match kind.parse::<ResponseKind>() {
        Ok(ResponseKind::Denial) | Ok(ResponseKind::Dismissal) => ("016", "Deny responsibility"),
        Ok(ResponseKind::CounterAccusation) => ("112", "Accuse, not specified below"),
        Ok(ResponseKind::Deflection) => ("010", "Make statement, not specified below"),
        Ok(ResponseKind::Threat) => ("130", "Threaten, not specified below"),
        Ok(ResponseKind::Admission) => ("015", "Acknowledge or claim responsibility"),
        Ok(ResponseKind::NoComment) => ("011", "Decline comment"),
        Err(_) => accusation_code(subject.unwrap_or_default()),
    }
}

/// The 112 sub-code whose words appear in the allegation. Order matters:
/// "war crimes" must win over the plain "crime" of 1121.
fn accusation_code(allegation: &str) -> (&'static str, &'static str) {
    const SUBCODES: &[(&str, &str, &[&str])] = &[
        (
            "1124",
            "Accuse of war crimes",
            &[
                "war crime",
                "genocide",
                "crimes against humanity",
                "chemical weapon",
                "shelling civilians",
            ],
        ),
        (
            "1125",
            "Accuse of espionage, treason",
            &[
                "espionage",
                "spying",
                "spy",
                "treason",
                "intelligence officer",
            ],
        ),
        (
            "1122",
            "Accuse of human rights abuses",
            &[
                "human rights",
                "torture",
                "repression",
                "persecution",
                "forced labour",
                "forced labor",
            ],
        ),
        (
            "1123",
            "Accuse of aggression",
            &[
                "aggression",
                "invasion",
                "invading",
                "annexation",
                "military attack",
                "incursion",
            ],
        ),
        (
            "1121",
            "Accuse of crime, corruption",
            &[
                "crime",
                "criminal",
                "corruption",
                "bribe",
                "fraud",
                "money laundering",
                "doping",
                "murder",
                "poisoning",
                "assassination",
            ],
        ),
    ];
    let text = allegation.to_lowercase();
    SUBCODES
        .iter()
        .find(|(_, _, words)| words.iter().any(|w| text.contains(w)))
        .map(|(code, label, _)| (*code, *label))
        .unwrap_or(("112", "Accuse, not specified below"))
}

#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    row: &'a ExportRow,
    cameo_code: &'static str,
    cameo_label: &'static str,
}

const CSV_HEADER: &str = "record,id,stated_on,kind,cameo_code,cameo_label,speaker_id,speaker,speaker_country,\
target_id,target,target_country,subject,hedge,event_id,review,origin,answers,article_id,url,sentence,evidence_count\n";

pub(super) fn csv_field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn csv_line(row: &ExportRow) -> String {
    let (code, label) = cameo(&row.kind, row.subject.as_deref());
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let id = |v: Option<uuid::Uuid>| v.map(|u| u.to_string()).unwrap_or_default();
    let fields = [
        row.record.clone(),
        row.id.to_string(),
        row.stated_on.to_string(),
        row.kind.clone(),
        code.to_owned(),
        label.to_owned(),
        row.speaker_id.to_string(),
        row.speaker.clone(),
        opt(&row.speaker_country),
        id(row.target_id),
        opt(&row.target),
        opt(&row.target_country),
        opt(&row.subject),
        opt(&row.hedge),
        id(row.event_id),
        row.review.to_string(),
        row.origin.to_string(),
        opt(&row.answers),
        id(row.article_id),
        opt(&row.url),
        opt(&row.sentence),
        row.evidence_count.to_string(),
    ];
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(&mut out, f);
    }
    out.push('\n');
    out
}

fn json_line(row: &ExportRow) -> String {
    let (cameo_code, cameo_label) = cameo(&row.kind, row.subject.as_deref());
    let mut s = serde_json::to_string(&Line {
        row,
        cameo_code,
        cameo_label,
    })
    .unwrap_or_default();
    s.push('\n');
    s
}

/// Accusations and responses as CSV or JSON Lines, streamed, in date order.
#[utoipa::path(get, path = "/export", tag = "reading", params(TimelineParams, FormatParam),
    responses((status = 200, description = "CSV (or, with format=jsonl, JSON Lines), one statement a line",
               content((String = "text/csv"), (String = "application/x-ndjson"))),
              (status = 400, body = Problem), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn export(
    _: Reader,
    State(s): State<AppState>,
    ApiQuery(params): ApiQuery<TimelineParams>,
    ApiQuery(f): ApiQuery<FormatParam>,
) -> ApiResult<Response> {
    let format = f.format.unwrap_or_default();
    // one read target for the whole request: one snapshot
    let pool = s.reads.pool();
    let filter = params.resolve(&pool).await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    if format == Format::Csv {
        let _ = tx.send(Ok(Bytes::from_static(CSV_HEADER.as_bytes()))).await;
    }
    // The query runs in its own task and feeds the body through a small
    // channel, so a slow client holds back the cursor, not memory.
    tokio::spawn(async move {
        let Some(mut qb) = timeline::export_query(&filter) else {
            return;
        };
        let mut rows = qb.build_query_as::<ExportRow>().fetch(&pool);
        loop {
            match rows.try_next().await {
                Ok(Some(row)) => {
                    let line = match format {
                        Format::Csv => csv_line(&row),
                        Format::Jsonl => json_line(&row),
                    };
                    if tx.send(Ok(Bytes::from(line))).await.is_err() {
                        return; // the client went away
                    }
                }
                Ok(None) => return,
                Err(e) => {
                    // Headers are sent already: all we can do is cut the
                    // body short, which the client sees as an error.
                    tracing::error!(error = %e, "export failed mid-stream");
                    let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
                    return;
                }
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let (content_type, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Jsonl => ("application/x-ndjson", "jsonl"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"riposte-export.{ext}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameo_codes_follow_the_codebook() {
        assert_eq!(cameo("denial", None).0, "016");
        assert_eq!(cameo("no_comment", None).0, "011");
        assert_eq!(cameo("threat", None).0, "130");
        assert_eq!(
            cameo("accusation", Some("interference in the election")).0,
            "112"
        );
        assert_eq!(
            cameo("accusation", Some("state-sponsored doping")).0,
            "1121"
        );
        assert_eq!(cameo("accusation", Some("war crimes in Bucha")).0, "1124");
        assert_eq!(cameo("accusation", Some("spying on diplomats")).0, "1125");
    }

    #[test]
    fn csv_fields_with_commas_and_quotes_are_quoted() {
        let mut s = String::new();
        csv_field(&mut s, "a \"b\", c");
        assert_eq!(s, "\"a \"\"b\"\", c\"");
    }
}
