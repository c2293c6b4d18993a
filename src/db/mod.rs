//! The database connection: riposte's own PostgreSQL or a server named by
//! `DATABASE_URL`, and the schema migrations.

pub mod backup;
mod binaries;
mod cluster;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub use binaries::{PgBinaries, PgSearch};
pub use cluster::{ClusterStatus, DATABASE_NAME, Durability, Lease, LocalCluster};

/// The schema, embedded at compile time from `migrations/`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "PostgreSQL's server programs (initdb, pg_ctl, postgres) were not found in {looked_in}; \
         riposte runs its own PostgreSQL from them when DATABASE_URL is not set. Either install PostgreSQL (Debian/Ubuntu: `apt-get install postgresql`; \
         macOS: `brew install postgresql`), or point RIPOSTE_PG_BIN at the folder \
         holding initdb, or set DATABASE_URL=postgres://user:password@host/database \
         to use an existing server."
    )]
    BinariesNotFound { looked_in: String },
    #[error(
        "riposte runs as root, and PostgreSQL refuses to: it needs a `postgres` \
         system user to run its server as, and there is none (install PostgreSQL, \
         which creates it, or run riposte as a normal user)"
    )]
    NoPostgresUser,
    #[error(
        "the data folder {path} is too deep: PostgreSQL's socket path inside it would \
         pass the 107-byte limit; choose a shorter --data-dir"
    )]
    PathTooLong { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not run {program}: {source}")]
    Spawn {
        program: &'static str,
        source: std::io::Error,
    },
    #[error(
        "{path} already holds a running PostgreSQL: stop it (`riposte db stop`) before \
         making it a standby"
    )]
    StandbyOverRunning { path: PathBuf },
    #[error("{program} failed ({status}): {output}")]
    Command {
        program: &'static str,
        status: String,
        output: String,
    },
}

impl ClusterError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Cluster(#[from] ClusterError),
    #[error("DATABASE_URL is not a valid PostgreSQL URL: {0}")]
    BadUrl(sqlx::Error),
    #[error("could not connect to the database: {0}")]
    Connect(sqlx::Error),
    #[error("migrating the schema failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the cluster task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// Where the records live.
#[derive(Clone)]
pub enum DbTarget {
    /// An existing server; riposte never starts one of its own.
    External(String),
    /// riposte's own cluster in this data folder.
    Local { data_dir: PathBuf },
}

impl std::fmt::Debug for DbTarget {
    // A DATABASE_URL can carry a password: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::External(_) => f.write_str("External(<DATABASE_URL>)"),
            Self::Local { data_dir } => {
                f.debug_struct("Local").field("data_dir", data_dir).finish()
            }
        }
    }
}

/// An open database, and, for riposte's own cluster, this process's lease on it.
pub struct Database {
    pub pool: PgPool,
    lease: Option<Lease>,
    cluster: Option<LocalCluster>,
}

impl Database {
    /// Connect, starting riposte's own PostgreSQL first if that is the target.
    /// Does not migrate: callers decide (`serve` and `import` do).
    pub async fn open(target: &DbTarget, max_connections: u32) -> Result<Self, DbError> {
        match target {
            DbTarget::External(url) => {
                let options = PgConnectOptions::from_str(url).map_err(DbError::BadUrl)?;
                let pool = pool(options, max_connections).await?;
                Ok(Self {
                    pool,
                    lease: None,
                    cluster: None,
                })
            }
            DbTarget::Local { data_dir } => {
                let cluster = local_cluster(data_dir, Durability::Durable)?;
                let (cluster, lease) = tokio::task::spawn_blocking(move || {
                    let lease = cluster.acquire()?;
                    Ok::<_, ClusterError>((cluster, lease))
                })
                .await??;
                if !cluster.is_standby() {
                    until_recovered(&cluster).await?;
                }
                create_database_if_missing(&cluster, DATABASE_NAME).await?;
                let pool = pool(cluster.connect_options(DATABASE_NAME), max_connections).await?;
                Ok(Self {
                    pool,
                    lease: Some(lease),
                    cluster: Some(cluster),
                })
            }
        }
    }

    /// Applies the migrations, with no statement timeout: rewriting a large
    /// table may rightly take longer than any request.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let mut conn = self.pool.acquire().await.map_err(DbError::Connect)?;
        sqlx::query("set statement_timeout = 0")
            .execute(&mut *conn)
            .await
            .map_err(DbError::Connect)?;
        let migrated = MIGRATOR.run(&mut *conn).await;
        // back to the session's default before the connection is reused
        sqlx::query("reset statement_timeout")
            .execute(&mut *conn)
            .await
            .map_err(DbError::Connect)?;
        migrated?;
        Ok(())
    }

    /// riposte's own cluster, when that is what this database is.
    pub fn local_cluster(&self) -> Option<&LocalCluster> {
        self.cluster.as_ref()
    }

    /// Close the pool, then give up the lease (stopping the server when this
    /// was its last user).
    pub async fn close(mut self) {
        self.pool.close().await;
        if let Some(lease) = self.lease.take() {
            let _ = tokio::task::spawn_blocking(move || drop(lease)).await;
        }
    }
}

pub fn local_cluster(
    data_dir: &Path,
    durability: Durability,
) -> Result<LocalCluster, ClusterError> {
    let binaries = PgBinaries::locate(&PgSearch::from_environment())?;
    LocalCluster::new(data_dir, binaries, durability)
}

/// The longest one SQL statement may run, unless `RIPOSTE_STATEMENT_TIMEOUT`
/// (a PostgreSQL duration: `90s`, `5min`, `0` for none) says otherwise. A
/// request or import statement takes milliseconds; one that runs for
/// minutes is a fault, and is cancelled rather than left holding locks and
/// a connection. Migrations run without it.
pub const DEFAULT_STATEMENT_TIMEOUT: &str = "60s";

pub fn statement_timeout() -> String {
    std::env::var("RIPOSTE_STATEMENT_TIMEOUT")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_STATEMENT_TIMEOUT.to_owned())
}

async fn pool(options: PgConnectOptions, max_connections: u32) -> Result<PgPool, DbError> {
    connect(options, max_connections, &statement_timeout()).await
}

/// A pool whose sessions cancel any statement running longer than
/// `statement_timeout` (a PostgreSQL duration).
pub async fn connect(
    options: PgConnectOptions,
    max_connections: u32,
    statement_timeout: &str,
) -> Result<PgPool, DbError> {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options.options([("statement_timeout", statement_timeout)]))
        .await
        .map_err(DbError::Connect)
}

/// Waits while riposte's own cluster replays archived WAL (a point-in-time
/// recovery started with `recovery.signal`): it accepts read-only sessions
/// meanwhile, and nothing may be written, migrations included, until it has
/// reached its target and been promoted.
async fn until_recovered(cluster: &LocalCluster) -> Result<(), DbError> {
    use sqlx::ConnectOptions;
    let mut conn = cluster
        .connect_options("postgres")
        .connect()
        .await
        .map_err(DbError::Connect)?;
    let mut told = false;
    loop {
        let recovering: bool = sqlx::query_scalar("select pg_is_in_recovery()")
            .fetch_one(&mut conn)
            .await
            .map_err(DbError::Connect)?;
        if !recovering {
            return Ok(());
        }
        if !told {
            tracing::info!(
                "PostgreSQL is replaying archived WAL (recovery); waiting for it to end"
            );
            told = true;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Create a database of riposte's own cluster on first use. Two processes
/// may race here; the loser's "already exists" is success.
pub async fn create_database_if_missing(cluster: &LocalCluster, name: &str) -> Result<(), DbError> {
    use sqlx::ConnectOptions;
    let mut conn = cluster
        .connect_options("postgres")
        .connect()
        .await
        .map_err(DbError::Connect)?;
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
            .bind(name)
            .fetch_one(&mut conn)
            .await
            .map_err(DbError::Connect)?;
    if !exists {
        // A database name cannot be a bind parameter; the names come from
        // riposte itself (a constant, or a uuid in tests), never from input.
        let sql = format!("create database \"{}\"", name.replace('"', "\"\""));
        let created = sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await;
        match created {
            Ok(_) => {}
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
            Err(e) => return Err(DbError::Connect(e)),
        }
    }
    Ok(())
}

/// Create a database as a copy of a template (the test harness gives every
/// test a fresh copy of a migrated template).
pub async fn create_database_from_template(
    cluster: &LocalCluster,
    name: &str,
    template: &str,
) -> Result<(), DbError> {
    use sqlx::ConnectOptions;
    let mut conn = cluster
        .connect_options("postgres")
        .connect()
        .await
        .map_err(DbError::Connect)?;
    // Names come from riposte itself, never from input; see above.
    let sql = format!(
        "create database \"{}\" template \"{}\"",
        name.replace('"', "\"\""),
        template.replace('"', "\"\"")
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .map_err(DbError::Connect)?;
    Ok(())
}

/// The default data folder: `$XDG_DATA_HOME/riposte` (or
/// `~/.local/share/riposte`) for a user; `/var/lib/riposte` for root, because
/// root's home is closed to the `postgres` user the server must run as.
pub fn default_data_dir() -> PathBuf {
    if rustix::process::geteuid().is_root() {
        return PathBuf::from("/var/lib/riposte");
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("riposte");
    }
    match std::env::var_os("HOME") {
        Some(home) => PathBuf::from(home).join(".local/share/riposte"),
        None => PathBuf::from("riposte-data"),
    }
}
