//! `riposte evaluate`: score the extractor (or given predictions) against
//! gold annotations.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::evaluate::{GroupReport, predict_dir, score, score_groups};

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Folder of NAME.txt articles with their NAME.gold.json annotations.
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,

    /// Score these predictions (a folder of NAME.json, or a JSON Lines file of
    /// gold-shaped objects) instead of running the extractor.
    #[arg(value_name = "PREDICTIONS")]
    pub predictions: Option<PathBuf>,

    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,

    /// Show, article by article, the misses, false alarms and wrong fields.
    #[arg(long)]
    pub per_article: bool,

    /// Also score each group of articles whose file names start with one of
    /// these prefixes (comma-separated, e.g. `wire-,web-,stream-`); the rest
    /// form one more group.
    #[arg(long, value_name = "PREFIXES", value_delimiter = ',')]
    pub by_prefix: Vec<String>,

    #[command(flatten)]
    pub knowledge: super::ExtractorArgs,
}

pub(super) fn run(args: EvaluateArgs) -> anyhow::Result<ExitCode> {
    let extractor = args.knowledge.build()?;
    let pairs = predict_dir(&args.gold, args.predictions.as_deref(), &extractor)?;
    let report = score(&pairs);
    let groups = if args.by_prefix.is_empty() {
        Vec::new()
    } else {
        score_groups(&pairs, &args.by_prefix)
    };
    if args.json {
        let json = if groups.is_empty() {
            serde_json::to_value(&report)?
        } else {
            serde_json::json!({ "all": report, "groups": groups })
        };
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        if args.per_article {
            println!("{}", report.per_article());
        }
        println!("{report}");
        if !groups.is_empty() {
            print_groups(&groups);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line per group: detection and the fields researchers check first.
fn print_groups(groups: &[GroupReport]) {
    println!(
        "\n{:<10} {:>4}  {:<17} {:<17} {:>6} {:>6} {:>6} {:>6}  {:>12}",
        "group",
        "art.",
        "accusation P/R/F1",
        "response P/R/F1",
        "acc.sp",
        "resp.t",
        "link",
        "date*",
        "false/article"
    );
    let rate = |a: &crate::evaluate::Accuracy| {
        a.rate
            .map(|r| format!("{r:.2}"))
            .unwrap_or_else(|| "-".into())
    };
    for g in groups {
        let (a, r) = (&g.report.accusation, &g.report.response);
        let prf = |c: &crate::evaluate::ClassReport| {
            format!("{:.2}/{:.2}/{:.2}", c.precision, c.recall, c.f1)
        };
        let mut date = a.date_known;
        date.correct += r.date_known.correct;
        date.total += r.date_known.total;
        date.rate = (date.total > 0).then(|| date.correct as f64 / date.total as f64);
        println!(
            "{:<10} {:>4}  {:<17} {:<17} {:>6} {:>6} {:>6} {:>6}  {:>5.2} ({}/{} quiet)",
            g.group,
            g.report.articles,
            prf(a),
            prf(r),
            rate(&a.speaker),
            rate(&r.target),
            rate(&r.link),
            rate(&date),
            g.false_records_per_article,
            g.quiet_articles_with_records,
            g.articles_without_statements,
        );
    }
    println!(
        "(date*: both classes, where gold knows the date; quiet: articles with no gold statement that got records)"
    );
}
