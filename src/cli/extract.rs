//! `riposte extract`: the extractor alone, no database.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::extract::Budget;
use crate::import::{self, input};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders of articles; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write DIR/NAME.json for each input NAME.txt instead of printing JSON Lines.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Print everything the extractor knows (offsets, rules, confidences,
    /// date sources) instead of the gold-file shape.
    #[arg(long)]
    pub explain: bool,

    #[command(flatten)]
    pub time: super::BudgetArgs,

    #[command(flatten)]
    pub knowledge: super::ExtractorArgs,
}

pub(super) fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let extractor = args.knowledge.build()?;
    let budget = args.time.budget()?;
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for item in input::read_all(args.paths) {
        let raw = match item {
            Ok(raw) => raw,
            Err(e) => {
                eprintln!("riposte: {e}");
                failed += 1;
                continue;
            }
        };
        let extraction = match import::extract_within(&extractor, &raw, &Budget::within(budget)) {
            Ok(x) => x,
            Err(stopped) => {
                eprintln!("riposte: {}: {stopped}", raw.origin);
                failed += 1;
                continue;
            }
        };
        let json = if args.explain {
            serde_json::to_string(&extraction)?
        } else {
            serde_json::to_string(&extraction.to_gold())?
        };
        match &args.out {
            Some(dir) => {
                let stem = raw
                    .name
                    .rsplit_once('.')
                    .map_or(raw.name.as_str(), |(stem, _)| stem);
                let safe: String = stem
                    .chars()
                    .map(|c| if c == '/' || c == '\\' { '_' } else { c })
                    .collect();
                let path = dir.join(format!("{safe}.json"));
                std::fs::write(&path, json + "\n")
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            None => writeln!(out, "{json}")?,
        }
    }
    out.flush()?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
