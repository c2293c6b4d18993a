//! `riposte keys`: API keys on riposte's database, safe while a server runs
//! on it (each command is one statement).

use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use crate::db::{Database, DbTarget};
use crate::domain::ApiRole;
use crate::store::{Writer, audit, keys};

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a key and print it, once: only its hash is stored.
    Create {
        /// A name to know the key by (who or what uses it).
        #[arg(long)]
        name: String,
        /// reader (read only), analyst (also write records), admin (also the audit log and keys).
        #[arg(long, value_parser = parse_role)]
        role: ApiRole,
    },
    /// List keys (never the keys themselves).
    List,
    /// Revoke a key by name; requests with it get 401 from then on.
    Revoke { name: String },
}

fn parse_role(s: &str) -> Result<ApiRole, String> {
    s.parse::<ApiRole>().map_err(|e| e.to_string())
}

pub(super) async fn run(target: &DbTarget, command: KeysCommand) -> anyhow::Result<ExitCode> {
    let db = Database::open(target, 2).await?;
    db.migrate().await?;
    let result = execute(&db, command).await;
    db.close().await;
    result
}

async fn execute(db: &Database, command: KeysCommand) -> anyhow::Result<ExitCode> {
    let cli = Writer {
        key_id: None,
        name: "cli".to_owned(),
    };
    match command {
        KeysCommand::Create { name, role } => {
            let mut tx = db.pool.begin().await?;
            let (info, key) = keys::create(&mut *tx, &name, role)
                .await
                .with_context(|| format!("creating key '{name}'"))?;
            let after = serde_json::to_value(&info)?;
            audit::record(
                &mut *tx,
                &cli,
                "create",
                "key",
                Some(info.id),
                None,
                Some(after),
            )
            .await?;
            tx.commit().await?;
            eprintln!("created {role} key '{name}'; it is shown once, store it now:");
            println!("{key}");
        }
        KeysCommand::List => {
            let keys = keys::list(&db.pool).await?;
            println!(
                "{:<24} {:<8} {:<20} {:<20} last used",
                "name", "role", "created", "revoked"
            );
            for k in keys {
                let t = |t: Option<chrono::DateTime<chrono::Utc>>| {
                    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_else(|| "-".into())
                };
                println!(
                    "{:<24} {:<8} {:<20} {:<20} {}",
                    k.name,
                    k.role,
                    k.created_at.format("%Y-%m-%d %H:%M"),
                    t(k.revoked_at),
                    t(k.last_used_at)
                );
            }
        }
        KeysCommand::Revoke { name } => {
            let mut tx = db.pool.begin().await?;
            let Some(info) = keys::revoke(&mut *tx, &name).await? else {
                anyhow::bail!("no key is named '{name}'");
            };
            let after = serde_json::to_value(&info)?;
            audit::record(
                &mut *tx,
                &cli,
                "revoke",
                "key",
                Some(info.id),
                None,
                Some(after),
            )
            .await?;
            tx.commit().await?;
            println!("revoked '{name}'");
        }
    }
    Ok(ExitCode::SUCCESS)
}
