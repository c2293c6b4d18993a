//! `riposte db`: riposte's own PostgreSQL by hand.

use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Subcommand;

use crate::db::backup::{self, PgConnection};
use crate::db::{Database, DbTarget, Durability, local_cluster};

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Start riposte's PostgreSQL and keep it running until `riposte db stop`.
    Start {
        /// Make this data folder's PostgreSQL a read-only hot standby of the
        /// riposte cluster in DIR (another `--data-dir`), copied from it with
        /// pg_basebackup and following it; `riposte serve --replica-url`
        /// can then read from it. What this folder held is replaced.
        #[arg(long, value_name = "DIR")]
        standby_of: Option<std::path::PathBuf>,
    },
    /// Stop riposte's PostgreSQL, even if riposte processes still use it.
    Stop,
    /// Say whether riposte's PostgreSQL exists and runs, and who uses it.
    Status,
    /// Back the database up to PATH (pg_dump's custom format; the file
    /// appears whole or not at all).
    Dump {
        #[arg(value_name = "PATH")]
        path: std::path::PathBuf,
    },
    /// Restore a dump made by `riposte db dump`, in one transaction: a dump
    /// from a newer riposte is refused, an older one is migrated after.
    Restore {
        #[arg(value_name = "PATH")]
        path: std::path::PathBuf,
        /// Replace the records the database holds (without it, restoring
        /// into a database with records is refused).
        #[arg(long)]
        replace: bool,
    },
    /// Open psql on riposte's database (migrated first).
    Psql {
        /// Extra arguments for psql (after `--`), e.g. `-- -c '\d'`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

pub(super) async fn run(target: &DbTarget, command: DbCommand) -> anyhow::Result<ExitCode> {
    match (command, target) {
        (DbCommand::Dump { path }, _) => dump(target, &path).await,
        (DbCommand::Restore { path, replace }, _) => restore(target, &path, replace).await,
        (DbCommand::Psql { args }, DbTarget::External(url)) => {
            psql(&["--dbname".into(), url.clone()], &args, None)
        }
        (DbCommand::Psql { args }, DbTarget::Local { .. }) => {
            let db = Database::open(target, 1).await?;
            db.migrate().await?;
            let conn = tool_connection(target, &db)?;
            let bin = crate::db::PgBinaries::locate(&crate::db::PgSearch::from_environment())?;
            let code = psql(&conn.0, &args, Some(bin.program("psql")));
            db.close().await;
            code
        }
        (_, DbTarget::External(_)) => {
            bail!("DATABASE_URL is set: riposte uses that server and does not manage it")
        }
        (command, DbTarget::Local { data_dir }) => {
            let cluster = local_cluster(data_dir, Durability::Durable)?;
            match command {
                DbCommand::Start { standby_of: None } if !cluster.is_standby() => {
                    let db = Database::open(target, 1).await?;
                    db.migrate().await?;
                    db.close().await;
                    tokio::task::spawn_blocking(move || cluster.pin()).await??;
                    println!(
                        "riposte's PostgreSQL is running in {} until `riposte db stop`",
                        data_dir.display()
                    );
                }
                DbCommand::Start { standby_of } => {
                    // a standby is read-only: its schema is its primary's
                    if let Some(primary_dir) = standby_of {
                        let primary = local_cluster(&primary_dir, Durability::Durable)?;
                        // a mistyped folder would otherwise become a new,
                        // empty primary
                        let known = primary.clone();
                        if !tokio::task::spawn_blocking(move || known.status())
                            .await??
                            .initialized
                        {
                            bail!(
                                "{} holds no riposte PostgreSQL to follow (run `riposte db start \
                                 --data-dir {}` first)",
                                primary_dir.display(),
                                primary_dir.display()
                            );
                        }
                        let standby = cluster.clone();
                        // the primary keeps running for its standby to follow
                        tokio::task::spawn_blocking(move || {
                            standby.init_standby_of(&primary)?;
                            primary.pin()
                        })
                        .await?
                        .with_context(|| {
                            format!("copying {} as a standby", primary_dir.display())
                        })?;
                    }
                    let url = cluster.url(crate::db::DATABASE_NAME);
                    tokio::task::spawn_blocking(move || cluster.pin()).await??;
                    println!(
                        "riposte's PostgreSQL standby is running in {} until `riposte db stop`; \
                         read from it with `riposte serve --replica-url '{url}'`",
                        data_dir.display(),
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
                DbCommand::Psql { .. } | DbCommand::Dump { .. } | DbCommand::Restore { .. } => {
                    unreachable!("handled above")
                }
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

/// How PostgreSQL's tools reach the database `db` opened on `target`.
fn tool_connection(target: &DbTarget, db: &Database) -> anyhow::Result<PgConnection> {
    Ok(PgConnection(match target {
        DbTarget::External(url) => vec!["--dbname".into(), url.clone()],
        DbTarget::Local { .. } => {
            let cluster = db.local_cluster().context("riposte's own cluster")?;
            vec![
                "--host".into(),
                cluster.socket_dir().display().to_string(),
                "--username".into(),
                "postgres".into(),
                "--dbname".into(),
                crate::db::DATABASE_NAME.into(),
            ]
        }
    }))
}

/// Articles, actors and statements the database holds.
async fn records(db: &Database) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar::<_, i64>(
        "select (select count(*) from articles) + (select count(*) from actors) \
              + (select count(*) from accusations) + (select count(*) from responses)",
    )
    .fetch_one(&db.pool)
    .await?)
}

async fn dump(target: &DbTarget, path: &std::path::Path) -> anyhow::Result<ExitCode> {
    let bin = crate::db::PgBinaries::locate(&crate::db::PgSearch::from_environment())?;
    // dumped as it is: a dump changes nothing, not even the schema
    let db = Database::open(target, 1).await?;
    let conn = tool_connection(target, &db)?;
    let out = path.to_owned();
    let done = tokio::task::spawn_blocking(move || backup::dump(&bin, &conn, &out)).await?;
    let n = records(&db).await;
    db.close().await;
    done?;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "dumped {} records to {} ({size} bytes); `riposte db restore {}` brings them back",
        n?,
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn restore(
    target: &DbTarget,
    path: &std::path::Path,
    replace: bool,
) -> anyhow::Result<ExitCode> {
    let bin = crate::db::PgBinaries::locate(&crate::db::PgSearch::from_environment())?;
    // the schema first: a dump this riposte cannot read touches nothing
    let versions = {
        let (bin, path) = (bin.clone(), path.to_owned());
        tokio::task::spawn_blocking(move || backup::dump_versions(&bin, &path)).await??
    };
    let known: Vec<i64> = crate::db::MIGRATOR.iter().map(|m| m.version).collect();
    backup::check_versions(path, &versions, &known)?;
    let db = Database::open(target, 1).await?;
    db.migrate().await?;
    let held = records(&db).await?;
    if held > 0 && !replace {
        db.close().await;
        bail!(
            "the database holds {held} records: `riposte db restore --replace {}` replaces them with the dump's (dump them first to keep them)",
            path.display()
        );
    }
    // a running server keeps statements prepared on the tables a restore
    // replaces: it must be stopped first
    let others: i64 = sqlx::query_scalar(
        "select count(*) from pg_stat_activity \
         where datname = current_database() and pid <> pg_backend_pid()",
    )
    .fetch_one(&db.pool)
    .await?;
    if others > 0 {
        db.close().await;
        bail!(
            "{others} other sessions use this database (a running `riposte serve` or import?): stop them, then restore"
        );
    }
    let conn = tool_connection(target, &db)?;
    let from = path.to_owned();
    let done = tokio::task::spawn_blocking(move || backup::restore(&bin, &conn, &from)).await?;
    // a new session sees the restored schema (the first one's cached
    // statements name the replaced tables); an older dump is migrated
    let restored = Database::open(target, 1).await?;
    db.close().await;
    done?;
    restored.migrate().await?;
    let n = records(&restored).await;
    restored.close().await;
    println!("restored {} records from {}", n?, path.display());
    Ok(ExitCode::SUCCESS)
}
