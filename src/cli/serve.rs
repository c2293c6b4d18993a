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
}

impl ServeArgs {
    fn api_config(&self) -> http::ApiConfig {
        http::ApiConfig {
            public_read: self.public_read,
            cors_origins: self.cors_origins.clone(),
        }
    }
}

pub(super) async fn run(target: &DbTarget, args: ServeArgs) -> anyhow::Result<ExitCode> {
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
    let state = AppState::with_config(db.pool.clone(), args.api_config());
    let served = http::serve(listener, state, http::shutdown_signal()).await;
    db.close().await;
    served.context("serving HTTP")?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// `riposte demo`: what a newcomer runs first.
pub(super) async fn demo(target: &DbTarget, args: ServeArgs) -> anyhow::Result<ExitCode> {
    run(target, args).await
}
