//! `riposte evaluate`: score the extractor (or given predictions) against
//! gold annotations.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::evaluate::evaluate_dir;

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
}

pub(super) fn run(args: EvaluateArgs) -> anyhow::Result<ExitCode> {
    let extractor = super::extractor()?;
    let report = evaluate_dir(&args.gold, args.predictions.as_deref(), &extractor)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        if args.per_article {
            println!("{}", report.per_article());
        }
        println!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
