//! Where reads go: a healthy read replica (a PostgreSQL hot standby), else
//! the primary, always in read-only transactions.
//!
//! A replica is healthy while it answers, is in recovery (a standby, not a
//! second primary), and has replayed the primary's WAL to within a set lag
//! (checked every second by [`Reads::watch`]). Someone who has just written
//! reads their own write: after a successful write, the caller's next reads
//! go to a replica only once it has replayed past the primary's WAL
//! position at the end of that write, and to the primary until then.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::AppState;

/// Replicas' lag gauge (WAL bytes behind the primary), by replica.
pub const REPLICA_LAG: &str = "riposte_replica_lag_bytes";
/// 1 while a replica serves reads, 0 while it is left out.
pub const REPLICA_HEALTHY: &str = "riposte_replica_healthy";
/// Read transactions begun, by where they went (`primary` or a replica).
pub const READS: &str = "riposte_reads_total";

/// How long a writer's reads wait for the replicas to catch up with their
/// write (they go to the primary meanwhile); past it the write is old news.
const READ_YOUR_WRITES_FOR: Duration = Duration::from_secs(60);

/// How long a replica may take to say how far it has replayed.
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

tokio::task_local! {
    /// The primary's WAL position at the end of the caller's last write: a
    /// replica must have replayed past it to serve this request.
    static READ_AFTER: u64;
}

/// A read replica and what the last check found.
struct Replica {
    /// The URL without its password, for logs and metrics.
    name: String,
    pool: PgPool,
    healthy: AtomicBool,
    /// The last WAL position it had replayed when checked.
    replayed: AtomicU64,
}

/// Where the API's reads go.
pub struct Reads {
    /// Read-only transactions on the primary.
    primary: PgPool,
    replicas: Vec<Replica>,
    next: AtomicUsize,
    /// Per caller (a hash of their credentials), the primary's WAL position
    /// after their last write and when it was.
    written: Mutex<HashMap<u64, (u64, Instant)>>,
}

impl Reads {
    /// Reads on `primary` (its settings, read-only), and on `replicas`
    /// once [`Reads::check`] finds them healthy. Connections open as reads
    /// need them.
    pub fn new(primary: &PgPool, replicas: &[PgConnectOptions]) -> Self {
        let settings = primary.options();
        let read_only = |options: PgConnectOptions| {
            PgPoolOptions::new()
                .max_connections(settings.get_max_connections())
                .acquire_timeout(settings.get_acquire_timeout())
                .connect_lazy_with(options.options([("default_transaction_read_only", "on")]))
        };
        let replicas = replicas
            .iter()
            .map(|options| {
                let name = replica_name(options);
                metrics::gauge!(REPLICA_HEALTHY, "replica" => name.clone()).set(0.0);
                Replica {
                    name,
                    pool: read_only(options.clone()),
                    healthy: AtomicBool::new(false),
                    replayed: AtomicU64::new(0),
                }
            })
            .collect();
        Self {
            primary: read_only((*primary.connect_options()).clone()),
            replicas,
            next: AtomicUsize::new(0),
            written: Mutex::new(HashMap::new()),
        }
    }

    /// The pool this request's reads go to: the next healthy replica that
    /// has replayed the caller's last write, else the primary.
    pub fn pool(&self) -> PgPool {
        let after = READ_AFTER.try_with(|lsn| *lsn).unwrap_or(0);
        let n = self.replicas.len();
        if n > 0 {
            let start = self.next.fetch_add(1, Ordering::Relaxed);
            for k in 0..n {
                let r = &self.replicas[(start + k) % n];
                if r.healthy.load(Ordering::Relaxed) && r.replayed.load(Ordering::Relaxed) >= after
                {
                    metrics::counter!(READS, "to" => r.name.clone()).increment(1);
                    return r.pool.clone();
                }
            }
        }
        metrics::counter!(READS, "to" => "primary").increment(1);
        self.primary.clone()
    }

    /// Checks every replica once against the primary's WAL position: one in
    /// recovery that answers and has replayed to within `max_lag` bytes
    /// serves reads; any other is left out until a later check.
    pub async fn check(&self, writes: &PgPool, max_lag: u64) {
        let head = match wal_position(writes, "pg_current_wal_lsn()").await {
            Ok(Some(lsn)) => lsn,
            Ok(None) | Err(_) => return, // the primary itself is unreachable
        };
        for r in &self.replicas {
            // a replica that hangs is as good as gone, and must not hold
            // up the checks of the others
            let probe = tokio::time::timeout(PROBE_TIMEOUT, replica_position(&r.pool)).await;
            let replayed = match probe {
                Ok(Ok(Some(lsn))) => Some(lsn),
                Ok(Ok(None)) => {
                    tracing::warn!(replica = %r.name, "not a standby: no reads go to it");
                    None
                }
                Ok(Err(e)) => {
                    tracing::debug!(replica = %r.name, error = %e, "replica unreachable");
                    None
                }
                Err(_) => {
                    tracing::debug!(replica = %r.name, "replica did not answer in time");
                    None
                }
            };
            let lag = replayed.map(|lsn| head.saturating_sub(lsn));
            let healthy = lag.is_some_and(|l| l <= max_lag);
            let was = r.healthy.swap(healthy, Ordering::Relaxed);
            if was != healthy {
                tracing::info!(replica = %r.name, healthy, lag_bytes = lag, "replica health");
            }
            if let Some(lsn) = replayed {
                r.replayed.store(lsn, Ordering::Relaxed);
            }
            if let Some(l) = lag {
                metrics::gauge!(REPLICA_LAG, "replica" => r.name.clone()).set(l as f64);
            }
            metrics::gauge!(REPLICA_HEALTHY, "replica" => r.name.clone()).set(if healthy {
                1.0
            } else {
                0.0
            });
        }
    }

    /// Checks the replicas every `period` until dropped (nothing to do
    /// without replicas).
    pub async fn watch(self: Arc<Self>, writes: PgPool, period: Duration, max_lag: u64) {
        if self.replicas.is_empty() {
            return;
        }
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            self.check(&writes, max_lag).await;
        }
    }

    /// Closes every read pool (a server stopping, or a test done).
    pub async fn close(&self) {
        self.primary.close().await;
        for r in &self.replicas {
            r.pool.close().await;
        }
    }

    /// How many replicas serve reads now.
    pub fn healthy_replicas(&self) -> usize {
        self.replicas
            .iter()
            .filter(|r| r.healthy.load(Ordering::Relaxed))
            .count()
    }

    fn has_replicas(&self) -> bool {
        !self.replicas.is_empty()
    }

    /// The WAL position the caller's reads must wait for, forgetting
    /// writes older than [`READ_YOUR_WRITES_FOR`].
    fn read_after(&self, caller: u64) -> u64 {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written.retain(|_, (_, at)| at.elapsed() < READ_YOUR_WRITES_FOR);
        written.get(&caller).map_or(0, |(lsn, _)| *lsn)
    }

    fn wrote(&self, caller: u64, lsn: u64) {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written.insert(caller, (lsn, Instant::now()));
    }
}

/// Routes each request's reads (see the module's documentation): a read
/// waits for the caller's last write; a successful write records where the
/// primary's WAL stood after it. Does nothing without replicas.
pub(super) async fn read_your_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if !state.reads.has_replicas() {
        return next.run(request).await;
    }
    let caller = caller_of(&request);
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let after = caller.map_or(0, |c| state.reads.read_after(c));
    let response = READ_AFTER.scope(after, next.run(request)).await;
    // a write answered with success or a redirection (the app's forms
    // answer 303) may have changed something; when the primary's position
    // cannot be read, the caller reads from the primary for a while
    let status = response.status();
    if writes
        && !status.is_client_error()
        && !status.is_server_error()
        && let Some(c) = caller
    {
        let lsn = wal_position(&state.pool, "pg_current_wal_insert_lsn()")
            .await
            .ok()
            .flatten()
            .unwrap_or(u64::MAX);
        state.reads.wrote(c, lsn);
    }
    response
}

/// Who is asking, as a hash of their credentials (API key or session
/// cookie); none for anonymous reads.
fn caller_of(request: &Request) -> Option<u64> {
    let headers = request.headers();
    let credentials = headers
        .get(header::AUTHORIZATION)
        .or_else(|| headers.get(header::COOKIE))?;
    let mut h = DefaultHasher::new();
    credentials.as_bytes().hash(&mut h);
    Some(h.finish())
}

/// A WAL position (`pg_current_wal_lsn()` and the like) as a number.
async fn wal_position(pool: &PgPool, function: &'static str) -> sqlx::Result<Option<u64>> {
    let sql = format!("select ({function})::text");
    let text: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(pool)
        .await?;
    Ok(text.as_deref().and_then(parse_lsn))
}

/// How far a standby has replayed; none when it is not a standby.
async fn replica_position(pool: &PgPool) -> sqlx::Result<Option<u64>> {
    let (recovering, replayed): (bool, Option<String>) =
        sqlx::query_as("select pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")
            .fetch_one(pool)
            .await?;
    Ok(replayed
        .as_deref()
        .and_then(parse_lsn)
        .filter(|_| recovering))
}

/// "16/B374D848" as the 64-bit position it writes.
fn parse_lsn(text: &str) -> Option<u64> {
    let (high, low) = text.split_once('/')?;
    Some(u64::from_str_radix(high, 16).ok()? << 32 | u64::from_str_radix(low, 16).ok()?)
}

/// A replica's URL as shown in logs and metrics: host, port and database,
/// never the password.
pub fn replica_name(options: &PgConnectOptions) -> String {
    let host = match options.get_socket() {
        Some(dir) => dir.display().to_string(),
        None => options.get_host().to_owned(),
    };
    format!(
        "{host}:{}/{}",
        options.get_port(),
        options.get_database().unwrap_or("")
    )
}

/// A replica URL as given on the command line.
pub fn replica_options(url: &str) -> Result<PgConnectOptions, sqlx::Error> {
    PgConnectOptions::from_str(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wal_position_reads_as_its_two_hex_halves() {
        assert_eq!(parse_lsn("0/0"), Some(0));
        assert_eq!(parse_lsn("16/B374D848"), Some(0x16_B374_D848));
        assert!(parse_lsn("16/B374D848").unwrap() > parse_lsn("15/FFFFFFFF").unwrap());
        assert_eq!(parse_lsn("nonsense"), None);
        assert_eq!(parse_lsn("1/x"), None);
    }
}
