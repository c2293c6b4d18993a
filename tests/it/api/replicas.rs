//! Reads from a real hot standby: a primary and a standby of riposte's own
//! (the standby made as `riposte db start --standby-of` makes it), every
//! read endpoint and page served from the standby while it keeps up (a
//! standby refuses any write), a writer reading their own writes at once,
//! and reads carrying on from the primary once the standby is gone.

use std::path::PathBuf;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use riposte::db::{self, Durability, LocalCluster};
use riposte::http::{ApiConfig, AppState, DEFAULT_REPLICA_MAX_LAG};
use serde_json::json;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use super::{TestApp, id_of};

const SEED: &str = include_str!("../../corpus/dev/000_c0a993ecbfa666d5.txt");

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
/// so far (a replica within the allowed lag may still be behind). The
/// insert position: with asynchronous commit (the test cluster's), a commit
/// may still wait in the WAL buffers, before the write position.
async fn until_caught_up(primary: &PgPool, standby: &LocalCluster) {
    let head: String = sqlx::query_scalar("select pg_current_wal_insert_lsn()::text")
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
async fn every_read_is_served_by_a_healthy_standby_and_a_writer_reads_their_own_writes() {
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
            public_read: true,
            ..ApiConfig::default()
        },
    );
    let app = TestApp::serving(state.clone()).await;
    until_healthy(&state, 1).await;
    let replica = riposte::http::reads::replica_name(&standby.connect_options(db::DATABASE_NAME));
    let metrics = || async {
        app.request(Method::GET, "/metrics", Some(&app.admin), None, &[])
            .await
            .text()
    };

    // a writer reads each write at once, whether the standby has replayed
    // it yet or not
    let s = app.scene().await;
    let (uk, russia) = (s.uk, s.russia);
    for day in 1..=20 {
        let created = app
            .post(
                "/api/v1/accusations",
                json!({"accuser_id": uk, "accused_id": russia,
                    "stated_on": format!("2020-07-{day:02}"), "allegation": "hacking"}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
        let id = id_of(&created.json());
        let read = app
            .request(
                Method::GET,
                &format!("/api/v1/accusations/{id}"),
                Some(&app.analyst),
                None,
                &[],
            )
            .await;
        assert_eq!(read.status, StatusCode::OK, "day {day}: {}", read.text());
    }
    // with the standby's replay paused, a new write is read by its writer
    // from the primary, while a reader is still served the standby's
    // older view
    let mut on_standby = sqlx::ConnectOptions::connect(&standby.connect_options(db::DATABASE_NAME))
        .await
        .unwrap();
    sqlx::query("select pg_wal_replay_pause()")
        .execute(&mut on_standby)
        .await
        .unwrap();
    // a pause is requested, and takes effect a moment later
    for _ in 0..200 {
        let state: String = sqlx::query_scalar("select pg_get_wal_replay_pause_state()")
            .fetch_one(&mut on_standby)
            .await
            .unwrap();
        if state == "paused" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let created = app
        .post(
            "/api/v1/accusations",
            json!({"accuser_id": uk, "accused_id": russia,
                "stated_on": "2020-08-01", "allegation": "more hacking"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let paused = format!("/api/v1/accusations/{}", id_of(&created.json()));
    until_healthy(&state, 1).await;
    let before = reads_to(&metrics().await, &replica);
    let own = app
        .request(Method::GET, &paused, Some(&app.analyst), None, &[])
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.text());
    assert_eq!(
        reads_to(&metrics().await, &replica),
        before,
        "read from the standby"
    );
    let other = app.get(&paused).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.text());
    assert!(reads_to(&metrics().await, &replica) > before);
    sqlx::query("select pg_wal_replay_resume()")
        .execute(&mut on_standby)
        .await
        .unwrap();

    let article = app
        .post(
            "/api/v1/articles",
            json!({"text": SEED, "name": "seed.txt"}),
        )
        .await;
    assert_eq!(article.status, StatusCode::CREATED, "{}", article.text());
    let article = id_of(&article.json()["article"]);
    let event = app
        .post("/api/v1/events", json!({"name": "Vaccine hacking"}))
        .await;
    assert_eq!(event.status, StatusCode::CREATED, "{}", event.text());
    let event = id_of(&event.json());

    // once the standby has replayed them, every read is served from it,
    // read-only, whoever reads
    until_caught_up(&pool, &standby).await;
    until_healthy(&state, 1).await;
    let timeline = app
        .get(&format!("/api/v1/timeline?actor={uk}&limit=100"))
        .await
        .ok();
    let uk_timeline = timeline["items"].clone();
    // the scene's and the article's records, and the 21 written above
    assert!(
        uk_timeline.as_array().map_or(0, Vec::len) >= 23,
        "{timeline}"
    );
    let (a, r) = (s.accusation, s.denial);
    let reads = [
        format!("/api/v1/timeline?a={uk}&b={russia}"),
        "/api/v1/relations".to_owned(),
        format!("/api/v1/relations?accuser={uk}&from=2020-01-01"),
        "/api/v1/series?interval=month&format=csv".to_owned(),
        "/api/v1/stats".to_owned(),
        "/api/v1/search?q=hacking".to_owned(),
        "/api/v1/export?format=jsonl".to_owned(),
        "/api/v1/actors?q=Rus".to_owned(),
        format!("/api/v1/actors/{russia}"),
        format!("/api/v1/accusations/{a}"),
        format!("/api/v1/responses/{r}"),
        "/api/v1/events".to_owned(),
        format!("/api/v1/events/{event}"),
        format!("/api/v1/articles/{article}"),
        "/app".to_owned(),
        format!("/app/actors/{russia}"),
        format!("/app/pair?a={uk}&b={russia}"),
        "/app/relations".to_owned(),
        "/app/events".to_owned(),
        format!("/app/events/{event}"),
        format!("/app/accusations/{a}"),
        format!("/app/responses/{r}"),
    ];
    for path in &reads {
        let before = reads_to(&metrics().await, &replica);
        let got = app.get(path).await;
        assert_eq!(got.status, StatusCode::OK, "{path}: {}", got.text());
        let after = reads_to(&metrics().await, &replica);
        assert!(after > before, "{path} was not read from the standby");
    }
    for path in ["/api/v1/audit", "/api/v1/keys", "/app/review"] {
        let got = app
            .request(Method::GET, path, Some(&app.admin), None, &[])
            .await;
        assert!(
            got.status == StatusCode::OK || got.status == StatusCode::SEE_OTHER,
            "{path}: {} {}",
            got.status,
            got.text()
        );
    }
    let after = metrics().await;
    assert!(after.contains("riposte_replica_lag_bytes"), "{after}");
    assert!(after.contains("riposte_replica_healthy"), "{after}");

    // the standby goes away: reads carry on from the primary
    drop(standby_lease);
    {
        let s = standby.clone();
        blocking(move || s.stop()).await.unwrap();
    }
    until_healthy(&state, 0).await;
    let gone = reads_to(&metrics().await, &replica);
    let timeline = app
        .get(&format!("/api/v1/timeline?actor={uk}&limit=100"))
        .await
        .ok();
    assert_eq!(timeline["items"], uk_timeline);
    assert_eq!(reads_to(&metrics().await, &replica), gone);

    state.reads.close().await;
    pool.close().await;
    drop(lease);
}
