//! `riposte db`: riposte's own PostgreSQL by hand.

use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Subcommand;

use crate::db::{Database, DbTarget, Durability, local_cluster};

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Start riposte's PostgreSQL and keep it running until `riposte db stop`.
    Start,
    /// Stop riposte's PostgreSQL, even if riposte processes still use it.
    Stop,
    /// Say whether riposte's PostgreSQL exists and runs, and who uses it.
    Status,
    /// Open psql on riposte's database (migrated first).
    Psql {
        /// Extra arguments for psql (after `--`), e.g. `-- -c '\d'`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

pub(super) async fn run(target: &DbTarget, command: DbCommand) -> anyhow::Result<ExitCode> {
    match (command, target) {
        (DbCommand::Psql { args }, DbTarget::External(url)) => {
            psql(&["-d".into(), url.clone()], &args, None)
        }
        (DbCommand::Psql { args }, DbTarget::Local { .. }) => {
            let db = Database::open(target, 1).await?;
            db.migrate().await?;
            let cluster = db.local_cluster().context("riposte's own cluster")?;
            let conn = [
                "-h".to_owned(),
                cluster.socket_dir().display().to_string(),
                "-U".to_owned(),
                "postgres".to_owned(),
                "-d".to_owned(),
                crate::db::DATABASE_NAME.to_owned(),
            ];
            let bin = crate::db::PgBinaries::locate(&crate::db::PgSearch::from_environment())?;
            let code = psql(&conn, &args, Some(bin.program("psql")));
            db.close().await;
            code
        }
        (_, DbTarget::External(_)) => {
            bail!("DATABASE_URL is set: riposte uses that server and does not manage it")
        }
        (command, DbTarget::Local { data_dir }) => {
            let cluster = local_cluster(data_dir, Durability::Durable)?;
            match command {
                DbCommand::Start => {
                    let db = Database::open(target, 1).await?;
                    db.migrate().await?;
                    db.close().await;
                    tokio::task::spawn_blocking(move || cluster.pin()).await??;
                    println!(
                        "riposte's PostgreSQL is running in {} until `riposte db stop`",
                        data_dir.display()
                    );
                }
                DbCommand::Stop => {
                    let stopped = tokio::task::spawn_blocking(move || cluster.stop()).await??;
                    println!(
                        "{}",
                        if stopped {
                            "stopped"
                        } else {
                            "was not running"
                        }
                    );
                }
                DbCommand::Status => {
                    let status = tokio::task::spawn_blocking(move || cluster.status()).await??;
                    println!("data folder: {}", data_dir.display());
                    println!("initialized: {}", status.initialized);
                    println!("running:     {}", status.running);
                    println!("pinned:      {}", status.pinned);
                    println!("riposte processes using it: {}", status.processes);
                }
                DbCommand::Psql { .. } => unreachable!("handled above"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn psql(
    conn: &[String],
    extra: &[String],
    program: Option<std::path::PathBuf>,
) -> anyhow::Result<ExitCode> {
    let program = program
        .filter(|p| p.is_file())
        .unwrap_or_else(|| "psql".into());
    let status = std::process::Command::new(&program)
        .args(conn)
        .args(extra)
        .status()
        .with_context(|| format!("running {}", program.display()))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
