//! `riposte import`: extract and store.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use crate::db::{Database, DbTarget};
use crate::import::{ImportError, ImportOptions, ImportSummary, import_paths};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files or folders of articles (.txt crawled pages, .html pages, .jsonl
    /// with one article per line); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Articles per transaction.
    #[arg(long, env = "RIPOSTE_IMPORT_BATCH", default_value_t = 200)]
    pub batch_size: usize,

    /// Extraction threads [default: one per core].
    #[arg(long, env = "RIPOSTE_IMPORT_WORKERS")]
    pub workers: Option<usize>,

    #[command(flatten)]
    pub time: super::BudgetArgs,

    #[command(flatten)]
    pub knowledge: super::ExtractorArgs,

    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,

    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub(super) async fn run(target: &DbTarget, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let extractor = Arc::new(args.knowledge.build()?);
    let db = Database::open(target, 4).await?;
    db.migrate().await?;
    let mut options = ImportOptions {
        batch_size: args.batch_size.max(1),
        progress: !args.quiet,
        article_budget: args.time.budget()?,
        ..ImportOptions::default()
    };
    if let Some(workers) = args.workers {
        options.workers = workers.max(1);
    }
    let summary = import_paths(&db.pool, extractor, args.paths, &options).await;
    db.close().await;
    let print = |summary: &ImportSummary| -> anyhow::Result<()> {
        if args.json {
            println!("{}", serde_json::to_string_pretty(summary)?);
        } else {
            println!("{summary}");
        }
        Ok(())
    };
    match summary {
        Ok(summary) => {
            print(&summary)?;
            Ok(if summary.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        // what was stored before the database went away is reported too
        Err(e @ ImportError::Interrupted { .. }) => {
            if let ImportError::Interrupted { summary, .. } = &e {
                print(summary)?;
            }
            eprintln!("riposte: {e}");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}
