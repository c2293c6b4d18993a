//! The command line: one documented struct of options, every flag also an
//! environment variable, one module per subcommand.

mod db;
mod evaluate;
mod extract;
mod import;
mod keys;
mod serve;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::db::{DbTarget, default_data_dir};

/// riposte keeps the record of who accused whom of what, when, and how the
/// accused responded, drawn from news articles with evidence for every record.
///
/// Without DATABASE_URL, riposte runs its own PostgreSQL in the data folder
/// (created on first use, stopped when the last riposte process ends).
#[derive(Debug, Parser)]
#[command(
    name = "riposte",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Folder for riposte's own PostgreSQL cluster [default: ~/.local/share/riposte,
    /// or /var/lib/riposte as root].
    #[arg(long, env = "RIPOSTE_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Use this PostgreSQL server instead of riposte's own
    /// (postgres://user:password@host:port/database).
    #[arg(
        long,
        env = "DATABASE_URL",
        global = true,
        hide_env_values = true,
        value_name = "URL"
    )]
    pub database_url: Option<String>,

    /// Log format on standard error.
    #[arg(long, env = "RIPOSTE_LOG_FORMAT", global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API (migrating the schema first).
    Serve(serve::ServeArgs),
    /// First run: riposte's own PostgreSQL, the seed articles imported, the API
    /// serving with public reads, and ready-to-paste URLs printed.
    Demo(serve::ServeArgs),
    /// Apply the schema migrations and exit.
    Migrate,
    /// Extract accusations and responses from articles and store them.
    Import(import::ImportArgs),
    /// Extract accusations and responses and print them (no database): one
    /// JSON object per article in the shape of a gold annotation file.
    Extract(extract::ExtractArgs),
    /// Score the extractor (or given predictions) against gold annotations:
    /// precision, recall, F1 and field accuracies per class.
    Evaluate(evaluate::EvaluateArgs),
    /// Fit what the extractor learns (the sentence model from annotated
    /// articles, the tagger from a treebank), reporting held-out figures.
    #[command(subcommand)]
    Train(train::TrainCommand),
    /// Manage riposte's own PostgreSQL.
    #[command(subcommand)]
    Db(db::DbCommand),
    /// Manage API keys.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
}

/// Where the extractor's knowledge comes from, for every command that
/// extracts. Each part left unset is the one built into the binary.
#[derive(Debug, Clone, clap::Args)]
pub struct ExtractorArgs {
    /// A folder of gazetteer *.toml files (an edited copy of
    /// seed-data/gazetteer) in place of the built-in gazetteer.
    #[arg(long, env = "RIPOSTE_GAZETTEER_DIR", value_name = "DIR")]
    pub gazetteer_dir: Option<std::path::PathBuf>,

    /// A folder of lexicon *.toml files (an edited copy of
    /// seed-data/lexicon) in place of the built-in lexicons.
    #[arg(long, env = "RIPOSTE_LEXICON_DIR", value_name = "DIR")]
    pub lexicon_dir: Option<std::path::PathBuf>,

    /// A weights file from `riposte train sentences` in place of the
    /// built-in sentence model, or `off` for the rules alone.
    #[arg(long, env = "RIPOSTE_SENTENCE_MODEL", value_name = "FILE|off")]
    pub sentence_model: Option<String>,
}

impl ExtractorArgs {
    pub fn source(&self) -> crate::import::ExtractorSource {
        crate::import::ExtractorSource {
            gazetteer_dir: self.gazetteer_dir.clone(),
            lexicon_dir: self.lexicon_dir.clone(),
            sentence_model: self
                .sentence_model
                .as_deref()
                .map(crate::import::SentenceModelSource::parse)
                .unwrap_or_default(),
        }
    }

    /// The extractor these arguments configure.
    pub fn build(&self) -> anyhow::Result<crate::extract::Extractor> {
        self.source().build()
    }
}

/// The time one article's extraction may take, for every command that
/// extracts (`import`, `extract`, `serve`, `demo`).
#[derive(Debug, Clone, clap::Args)]
pub struct BudgetArgs {
    /// Seconds one article's extraction may take: past it the article is
    /// reported as failed by name (the API answers 422) and the rest
    /// carries on.
    #[arg(
        long,
        env = "RIPOSTE_ARTICLE_TIME_BUDGET",
        default_value_t = 10.0,
        value_name = "SECONDS"
    )]
    pub article_time_budget: f64,
}

impl BudgetArgs {
    /// The budget as a duration: a positive, finite number of seconds.
    pub fn budget(&self) -> anyhow::Result<std::time::Duration> {
        let value = self.article_time_budget;
        if !(value.is_finite() && value > 0.0) {
            anyhow::bail!(
                "--article-time-budget must be a positive number of seconds, not {value}"
            );
        }
        std::time::Duration::try_from_secs_f64(value)
            .map_err(|e| anyhow::anyhow!("--article-time-budget {value}: {e}"))
    }
}

impl Cli {
    /// Where the records live: DATABASE_URL, else riposte's own cluster.
    pub fn target(&self) -> DbTarget {
        match self
            .database_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
        {
            Some(url) => DbTarget::External(url.to_owned()),
            None => DbTarget::Local {
                data_dir: self.data_dir.clone().unwrap_or_else(default_data_dir),
            },
        }
    }
}

pub fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("RIPOSTE_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let target = cli.target();
    match cli.command {
        Command::Serve(args) => serve::run(&target, args).await,
        Command::Demo(args) => serve::demo(&target, args).await,
        Command::Migrate => {
            let db = crate::db::Database::open(&target, 2).await?;
            let result = db.migrate().await;
            db.close().await;
            result?;
            tracing::info!("schema is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::Db(command) => db::run(&target, command).await,
        Command::Import(args) => import::run(&target, args).await,
        Command::Extract(args) => extract::run(args),
        Command::Evaluate(args) => evaluate::run(args),
        Command::Train(cmd) => train::run(cmd),
        Command::Keys(command) => keys::run(&target, command).await,
    }
}
