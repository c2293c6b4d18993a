//! Charts drawn on the server as SVG: no script, shown at first render.

use maud::{Markup, html};

use crate::store::timeline::MonthCounts;

/// How many months a chart shows at most (the latest ones).
const MAX_MONTHS: usize = 120;

/// Accusations and responses per month as side-by-side bars, with a table
/// of the same figures for screen readers and copying.
pub(super) fn months(months: &[MonthCounts]) -> Markup {
    if months.is_empty() {
        return html! { p { "No dated statement." } };
    }
    let shown = &months[months.len().saturating_sub(MAX_MONTHS)..];
    let acc = |m: &MonthCounts| m.counts.get("accusation").copied().unwrap_or(0);
    let max = shown
        .iter()
        .map(|m| acc(m).max(m.total - acc(m)))
        .max()
        .unwrap_or(1)
        .max(1);
    let (bar, gap, height) = (6.0_f64, 4.0_f64, 120.0_f64);
    let width = shown.len() as f64 * (2.0 * bar + gap);
    let h = |n: i64| n as f64 / max as f64 * height;
    let label = format!(
        "Statements per month from {} to {}, at most {} of one kind in a month",
        shown[0].month,
        shown[shown.len() - 1].month,
        max
    );
    html! {
        figure.chart {
            svg role="img" aria-label=(label) viewBox={ "0 0 " (width) " " (height) }
                preserveAspectRatio="none" width="100%" height="120" {
                @for (i, m) in shown.iter().enumerate() {
                    @let x = i as f64 * (2.0 * bar + gap);
                    @let (a, r) = (acc(m), m.total - acc(m));
                    rect.acc x=(x) y=(height - h(a)) width=(bar) height=(h(a)) {
                        title { (m.month) ": " (a) " accusations" }
                    }
                    rect.resp x=(x + bar) y=(height - h(r)) width=(bar) height=(h(r)) {
                        title { (m.month) ": " (r) " responses" }
                    }
                }
            }
            figcaption {
                span.range { (shown[0].month) " to " (shown[shown.len() - 1].month) }
                " · " span.key.acc { "accusations" } " " span.key.resp { "responses" }
            }
            details {
                summary { "Figures" }
                table {
                    thead { tr { th scope="col" { "Month" } th scope="col" { "Accusations" } th scope="col" { "Responses" } } }
                    tbody {
                        @for m in shown {
                            tr { td { (m.month) } td { (acc(m)) } td { (m.total - acc(m)) } }
                        }
                    }
                }
            }
        }
    }
}
