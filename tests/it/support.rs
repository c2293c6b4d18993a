//! The test harness: a throwaway PostgreSQL shared by every test process of
//! one checkout (started by the first, stopped by riposte's reaper once the
//! last ends, even after a failure or a crash), a migrated template
//! database, and a fresh copy of it per test.

use std::path::PathBuf;
use std::sync::OnceLock;

use riposte::db::{self, Durability, Lease, LocalCluster};
use sqlx::postgres::PgPoolOptions;
use sqlx::{ConnectOptions, PgPool};

const TEMPLATE: &str = "riposte_template";

struct Shared {
    cluster: LocalCluster,
    _lease: Lease,
}

static SHARED: OnceLock<Shared> = OnceLock::new();

/// The cluster folder: under /tmp, which the `postgres` user can reach
/// when tests run as root, and named after the checkout so two checkouts
/// never share one.
fn cluster_dir() -> PathBuf {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(env!("CARGO_MANIFEST_DIR").as_bytes());
    PathBuf::from(format!("/tmp/riposte-test-{}", &hex::encode(digest)[..12]))
}

fn shared() -> &'static Shared {
    SHARED.get_or_init(|| {
        let cluster = db::local_cluster(&cluster_dir(), Durability::Scratch)
            .expect("the test PostgreSQL cannot be set up");
        let lease = cluster
            .acquire()
            .expect("the test PostgreSQL does not start");
        Shared {
            cluster,
            _lease: lease,
        }
    })
}

/// A fresh, migrated database of its own for one test.
pub(crate) async fn fresh_db() -> PgPool {
    fresh_db_with_url().await.0
}

/// A fresh database and its URL, for tests that run the `riposte` binary
/// on it (as DATABASE_URL).
pub(crate) async fn fresh_db_with_url() -> (PgPool, String) {
    let cluster = &tokio::task::spawn_blocking(|| shared().cluster.clone())
        .await
        .unwrap();
    ensure_template(cluster).await;
    let name = format!("test_{}", uuid::Uuid::new_v4().simple());
    db::create_database_from_template(cluster, &name, TEMPLATE)
        .await
        .expect("creating a test database");
    let options = cluster.connect_options(&name);
    let url = format!(
        "postgres://postgres@localhost:{}/{name}?host={}",
        options.get_port(),
        cluster.socket_dir().display()
    );
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .connect_with(options)
        .await
        .expect("connecting to the test database");
    (pool, url)
}

/// Build the migrated template once per cluster, whichever test process
/// gets there first (an advisory lock orders them).
async fn ensure_template(cluster: &LocalCluster) {
    let mut admin = cluster
        .connect_options("postgres")
        .connect()
        .await
        .expect("connecting to the test cluster");
    sqlx::query("select pg_advisory_lock(7411)")
        .execute(&mut admin)
        .await
        .unwrap();
    let exists: bool = sqlx::query_scalar(
        "select exists (select 1 from pg_database where datname = $1 and datistemplate)",
    )
    .bind(TEMPLATE)
    .fetch_one(&mut admin)
    .await
    .unwrap();
    if !exists {
        db::create_database_if_missing(cluster, TEMPLATE)
            .await
            .unwrap();
        {
            let pool = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(cluster.connect_options(TEMPLATE))
                .await
                .unwrap();
            db::MIGRATOR
                .run(&pool)
                .await
                .expect("migrating the template");
            pool.close().await;
        }
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "alter database {TEMPLATE} with is_template true allow_connections false"
        )))
        .execute(&mut admin)
        .await
        .unwrap();
    }
    sqlx::query("select pg_advisory_unlock(7411)")
        .execute(&mut admin)
        .await
        .unwrap();
}
