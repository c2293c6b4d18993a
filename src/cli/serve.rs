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
    let state = AppState::new(db.pool.clone());
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
