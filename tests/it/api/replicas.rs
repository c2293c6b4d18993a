//! Reads from a real hot standby: a primary and a standby of riposte's own
//! (the standby made as `riposte db start --standby-of` makes it), the API
//! reading from the standby while it keeps up, a writer reading their own
//! writes at once, and reads carrying on from the primary once the standby
//! is gone.

use std::path::PathBuf;
use std::time::Duration;

use axum::http::StatusCode;
use riposte::db::{self, Durability, LocalCluster};
use riposte::http::{ApiConfig, AppState, DEFAULT_REPLICA_MAX_LAG};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use super::{TestApp, id_of};

/// A cluster folder of this test's own under /tmp (which the `postgres`
/// user reaches when tests run as root), removed when dropped.
struct Folder(PathBuf);

impl Drop for Folder {
    fn drop(&mut self) {
        if let Ok(c) = db::local_cluster(&self.0, Durability::Scratch) {
            let _ = c.stop();
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn cluster(role: &str, id: &str) -> (LocalCluster, Folder) {
    let dir = PathBuf::from(format!("/tmp/riposte-{role}-{id}"));
    let c = db::local_cluster(&dir, Durability::Scratch).unwrap();
    (c, Folder(dir))
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

/// Checks the replicas until `want` of them serve reads (a standby catches
/// up within moments here).
async fn until_healthy(state: &AppState, want: usize) {
    for _ in 0..200 {
        state
            .reads
            .check(&state.pool, DEFAULT_REPLICA_MAX_LAG)
            .await;
        if state.reads.healthy_replicas() == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never {want} healthy replicas");
}

/// Waits until the standby has replayed everything the primary has written
/// so far (a replica within the allowed lag may still be behind).
async fn until_caught_up(primary: &PgPool, standby: &LocalCluster) {
    let head: String = sqlx::query_scalar("select pg_current_wal_lsn()::text")
        .fetch_one(primary)
        .await
        .unwrap();
    let mut conn = sqlx::ConnectOptions::connect(&standby.connect_options(db::DATABASE_NAME))
        .await
        .unwrap();
    for _ in 0..200 {
        let done: bool = sqlx::query_scalar("select pg_last_wal_replay_lsn() >= $1::pg_lsn")
            .bind(&head)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        if done {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the standby never replayed up to {head}");
}

/// The reads counted for each target in `/metrics`.
fn reads_to(metrics: &str, target: &str) -> f64 {
    metrics
        .lines()
        .filter(|l| l.starts_with("riposte_reads_total") && l.contains(&format!("to=\"{target}\"")))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_go_to_a_healthy_standby_and_a_writer_reads_their_own_writes() {
    let id = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
    let (primary, _primary_dir) = cluster("primary", &id);
    let (standby, _standby_dir) = cluster("standby", &id);
    let lease = {
        let p = primary.clone();
        blocking(move || p.acquire()).await.unwrap()
    };
    db::create_database_if_missing(&primary, db::DATABASE_NAME)
        .await
        .unwrap();
    let pool: PgPool = PgPoolOptions::new()
        .max_connections(5)
        .connect_with(primary.connect_options(db::DATABASE_NAME))
        .await
        .unwrap();
    db::MIGRATOR.run(&pool).await.unwrap();
    // the standby starts from a copy of the migrated primary, then follows it
    let standby_lease = {
        let (s, p) = (standby.clone(), primary.clone());
        blocking(move || {
            s.init_standby_of(&p)?;
            s.acquire()
        })
        .await
        .unwrap()
    };
    assert!(standby.is_standby());

    let state = AppState::with_config(
        pool.clone(),
        ApiConfig {
            replicas: vec![standby.connect_options(db::DATABASE_NAME)],
            ..ApiConfig::default()
        },
    );
    let app = TestApp::serving(state.clone()).await;
    until_healthy(&state, 1).await;

    // a writer reads each write at once, whether the standby has replayed
    // it yet or not
    let uk = app
        .create_actor("United Kingdom", "state", Some("GBR"), &[])
        .await;
    let russia = app.create_actor("Russia", "state", Some("RUS"), &[]).await;
    for day in 1..=20 {
        let created = app
            .post(
                "/api/v1/accusations",
                serde_json::json!({"accuser_id": uk, "accused_id": russia,
                    "stated_on": format!("2020-07-{day:02}"), "allegation": "hacking"}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
        let id = id_of(&created.json());
        let read = app
            .request(
                axum::http::Method::GET,
                &format!("/api/v1/accusations/{id}"),
                Some(&app.analyst),
                None,
                &[],
            )
            .await;
        assert_eq!(read.status, StatusCode::OK, "day {day}: {}", read.text());
    }

    // once the standby has replayed them, other readers read it there
    until_caught_up(&pool, &standby).await;
    until_healthy(&state, 1).await;
    let metrics = || async {
        app.request(
            axum::http::Method::GET,
            "/metrics",
            Some(&app.admin),
            None,
            &[],
        )
        .await
        .text()
    };
    let replica = riposte::http::reads::name_of(&standby.connect_options(db::DATABASE_NAME));
    let before = reads_to(&metrics().await, &replica);
    let timeline = app
        .get(&format!("/api/v1/timeline?actor={uk}&limit=100"))
        .await
        .ok();
    assert_eq!(timeline["items"].as_array().map(Vec::len), Some(20));
    let after = metrics().await;
    assert!(
        reads_to(&after, &replica) > before,
        "a reader's timeline did not come from the standby:\n{after}"
    );
    assert!(after.contains("riposte_replica_lag_bytes"), "{after}");
    assert!(after.contains("riposte_replica_healthy"), "{after}");

    // the standby goes away: reads carry on from the primary
    drop(standby_lease);
    {
        let s = standby.clone();
        blocking(move || s.stop()).await.unwrap();
    }
    until_healthy(&state, 0).await;
    let timeline = app
        .get(&format!("/api/v1/timeline?actor={uk}&limit=100"))
        .await
        .ok();
    assert_eq!(timeline["items"].as_array().map(Vec::len), Some(20));
    let gone = reads_to(&metrics().await, &replica);
    let timeline = app
        .get(&format!("/api/v1/timeline?actor={russia}&limit=100"))
        .await
        .ok();
    assert_eq!(timeline["items"].as_array().map(Vec::len), Some(20));
    assert_eq!(reads_to(&metrics().await, &replica), gone);

    state.reads.close().await;
    pool.close().await;
    drop(lease);
}
