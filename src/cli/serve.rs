//! `riposte serve`: the HTTP API.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::db::{Database, DbTarget};
use crate::http::{self, AppState};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "RIPOSTE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Let reads through without an API key (writes always need one).
    #[arg(long, env = "RIPOSTE_PUBLIC_READ", default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub public_read: bool,

    /// Browser origins allowed to call the API, comma-separated
    /// (https://dash.example.org,http://localhost:3000).
    #[arg(long, env = "RIPOSTE_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// A read replica (a hot standby of the database, e.g. from `riposte db
    /// start --standby-of`) to serve reads from; repeatable, or
    /// comma-separated in the variable. Writes, and a writer's reads until
    /// a replica has replayed their write, go to the primary.
    #[arg(
        long = "replica-url",
        env = "RIPOSTE_REPLICA_URLS",
        value_delimiter = ',',
        value_name = "URL"
    )]
    pub replica_urls: Vec<String>,

    /// How far behind the primary a replica may fall (bytes of WAL) and
    /// still serve reads.
    #[arg(long, env = "RIPOSTE_REPLICA_MAX_LAG", default_value_t = http::DEFAULT_REPLICA_MAX_LAG)]
    pub replica_max_lag: u64,

    #[command(flatten)]
    pub time: super::BudgetArgs,

    #[command(flatten)]
    pub knowledge: super::ExtractorArgs,
}

impl ServeArgs {
    fn api_config(
        &self,
        extractor: std::sync::Arc<crate::extract::Extractor>,
    ) -> anyhow::Result<http::ApiConfig> {
        Ok(http::ApiConfig {
            public_read: self.public_read,
            cors_origins: self.cors_origins.clone(),
            article_budget: self.time.budget()?,
            extractor: Some(extractor),
            replicas: self
                .replica_urls
                .iter()
                .map(|url| {
                    http::reads::replica_options(url)
                        .context("--replica-url is not a PostgreSQL URL")
                        .map(|o| o.options([("statement_timeout", crate::db::statement_timeout())]))
                })
                .collect::<anyhow::Result<_>>()?,
            replica_max_lag: self.replica_max_lag,
        })
    }
}

pub(super) async fn run(target: &DbTarget, args: ServeArgs) -> anyhow::Result<ExitCode> {
    // an edited gazetteer or lexicon with a fault stops riposte here, not
    // at the first article posted
    let extractor = std::sync::Arc::new(args.knowledge.build()?);
    let config = args.api_config(extractor)?;
    let db = Database::open(target, 16).await?;
    db.migrate().await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    tracing::info!(
        "riposte serves http://{}/api/v1/health",
        listener.local_addr()?
    );
    if args.public_read {
        tracing::info!("reads are public: no API key needed to read");
    }
    serve_until_stopped(db, listener, config).await?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// `riposte demo`: what a newcomer runs first. riposte's own PostgreSQL (or
/// DATABASE_URL), the seed articles imported (skipped when already there),
/// the API serving with reads open to anyone on this machine, and URLs to
/// paste.
pub(super) async fn demo(target: &DbTarget, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let db = Database::open(target, 16).await?;
    db.migrate().await?;
    let seed = seed_articles();
    tracing::info!("importing the seed articles from {}", seed.display());
    let extractor = std::sync::Arc::new(args.knowledge.build()?);
    let options = crate::import::ImportOptions {
        progress: false,
        ..crate::import::ImportOptions::default()
    };
    let summary =
        crate::import::import_paths(&db.pool, extractor.clone(), vec![seed], &options).await?;
    tracing::info!(
        "seed articles: {} stored, {} already there, {} failed",
        summary.stored,
        summary.duplicates,
        summary.failed.len()
    );
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let base = format!("http://{}", listener.local_addr()?);
    let kept = match target {
        DbTarget::Local { data_dir } => format!(
            "The database is kept in {} and persists: the next `riposte demo` \
             starts from it.",
            data_dir.display()
        ),
        DbTarget::External(_) => "The database is the one DATABASE_URL names.".to_owned(),
    };
    println!(
        "\nriposte is serving {base} (reads need no key in this demo)\n\n  \
         the web app:             {base}/app\n  \
         Russia's timeline:       {base}/api/v1/timeline?actor=Russia\n  \
         who accused whom:        {base}/api/v1/relations\n  \
         actors named like 'UK':  {base}/api/v1/actors?q=UK\n  \
         the API reference:       {base}/api/v1/docs/\n  \
         health:                  {base}/api/v1/health\n\n\
         {kept}\n\
         To review and correct records, make a key (`riposte keys create --name NAME --role analyst`)\n\
         and sign in at {base}/app/sign-in with it.\n\n\
         Ctrl-C stops riposte and its PostgreSQL.\n"
    );
    // Reads are open in the demo only; writes still need a key.
    let mut config = args.api_config(extractor)?;
    config.public_read = true;
    serve_until_stopped(db, listener, config).await?;
    Ok(ExitCode::SUCCESS)
}

/// Serves the API until Ctrl-C or SIGTERM, then closes the database. Beside
/// it, the who-accused-whom pairs that writes (analysts', or an import
/// running beside the server) have touched are recomputed every few seconds.
async fn serve_until_stopped(
    db: Database,
    listener: tokio::net::TcpListener,
    config: http::ApiConfig,
) -> anyhow::Result<()> {
    let max_lag = config.replica_max_lag;
    let state = AppState::with_config(db.pool.clone(), config);
    let reads = state.reads.clone();
    let refresher = tokio::spawn(crate::store::relations::refresh_relation_pairs_every(
        db.pool.clone(),
        std::time::Duration::from_secs(5),
    ));
    let watcher = tokio::spawn(reads.clone().watch(
        db.pool.clone(),
        std::time::Duration::from_secs(1),
        max_lag,
    ));
    let served = http::serve(listener, state, http::shutdown_signal()).await;
    refresher.abort();
    watcher.abort();
    reads.close().await;
    db.close().await;
    served.context("serving HTTP")
}

/// The demo's articles: seed-data/articles of the working directory, else of
/// the source tree riposte was built from.
fn seed_articles() -> std::path::PathBuf {
    let here = std::path::PathBuf::from("seed-data/articles");
    if here.is_dir() {
        return here;
    }
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data/articles")
}
