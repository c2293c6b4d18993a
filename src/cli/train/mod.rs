//! `riposte train`: fit the extractor's trained parts, reporting held-out
//! figures before anything is written.

mod sentences;
mod tagger;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::extract::TrainConfig;
use crate::extract::tagger::train::TrainOptions;

#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// The sentence model: k-fold cross-validation by article (the whole
    /// extractor scored on each held-out fold), then the fit on every article
    /// written as the weights file.
    Sentences(SentencesArgs),
    /// The part-of-speech tagger and lemmatizer, trained on a Universal
    /// Dependencies treebank (en_ewt-ud-{train,dev,test}.conllu): writes its
    /// weights and prints its accuracy on the dev and test splits.
    Tagger(TaggerArgs),
}

#[derive(Debug, Args)]
pub struct SentencesArgs {
    /// Folder of NAME.txt articles with their NAME.gold.json annotations.
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,

    /// Number of cross-validation folds.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=50))]
    pub folds: u16,

    /// Where to write the weights (the built-in model is
    /// seed-data/sentence-model/weights.tsv; rebuild to use a new one).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Training epochs.
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    pub epochs: usize,

    /// L2 penalty (larger: smaller weights, a smoother model).
    #[arg(long, default_value_t = TrainConfig::default().l2)]
    pub l2: f32,

    /// Learn a feature only if this many training articles have it.
    #[arg(long, default_value_t = TrainConfig::default().min_articles)]
    pub min_articles: usize,

    /// Use these thresholds instead of searching for them: accusation add,
    /// accusation keep, response add, response keep (e.g. `0.7,0,0.4,0`).
    #[arg(long, value_name = "A_ADD,A_KEEP,R_ADD,R_KEEP", value_delimiter = ',')]
    pub thresholds: Option<Vec<f32>>,

    /// Write each article's held-out extraction (by the model of the fold
    /// that did not see it) to this JSON Lines file, for
    /// `riposte evaluate --gold DIR --per-article FILE`.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,

    /// Print the cross-validated figures as JSON.
    #[arg(long)]
    pub json: bool,

    /// Print figures per group of articles whose names start with these
    /// prefixes (comma-separated).
    #[arg(long, value_name = "PREFIXES", value_delimiter = ',')]
    pub by_prefix: Vec<String>,

    #[command(flatten)]
    pub knowledge: crate::cli::ExtractorArgs,
}

#[derive(Debug, Args)]
pub struct TaggerArgs {
    /// Folder of the treebank's en_ewt-ud-train/dev/test.conllu files.
    #[arg(long, value_name = "DIR", default_value = "seed-data/ud-english-ewt")]
    pub treebank: PathBuf,

    /// Where to write the weights (the built-in tagger is compiled from
    /// seed-data/tagger/en-ewt.tagger).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "seed-data/tagger/en-ewt.tagger"
    )]
    pub out: PathBuf,

    /// Passes over the training sentences.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,

    /// Drop averaged weights smaller than this in absolute value.
    #[arg(long, default_value_t = TrainOptions::default().prune)]
    pub prune: f32,
}

pub(super) fn run(command: TrainCommand) -> anyhow::Result<ExitCode> {
    match command {
        TrainCommand::Sentences(args) => sentences::sentences_model(args),
        TrainCommand::Tagger(args) => tagger::tagger(args),
    }
}
