//! Backups: `riposte db dump` and `riposte db restore` on a real
//! PostgreSQL, judged by what a restored database serves.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use riposte::extract::Extractor;
use riposte::http::{ApiConfig, AppState, router};
use riposte::import::{ImportOptions, import_paths};
use sqlx::PgPool;
use tower::ServiceExt;

use crate::support::fresh_db_with_url;

fn riposte(url: &str, args: &[&str], file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_riposte"))
        .env("DATABASE_URL", url)
        .args(args)
        .arg(file)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What a researcher reads: Russia's timeline and the relations matrix.
async fn served(pool: &PgPool) -> Vec<serde_json::Value> {
    let state = AppState::with_config(
        pool.clone(),
        ApiConfig {
            public_read: true,
            ..ApiConfig::default()
        },
    );
    let app = router(state.clone());
    let mut out = Vec::new();
    for path in [
        "/api/v1/timeline?actor=Russia&limit=200",
        "/api/v1/relations",
    ] {
        let r = app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = r.status();
        let body = r.into_body().collect().await.unwrap().to_bytes();
        assert!(
            status.is_success(),
            "{path}: {status} {}",
            String::from_utf8_lossy(&body)
        );
        out.push(serde_json::from_slice(&body).unwrap());
    }
    // the server's read sessions end with it (a restore waits for them)
    state.reads.close().await;
    out
}

/// The rows of `table` (one of the fixed names below).
async fn count(pool: &PgPool, table: &'static str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("select count(*) from {table}")))
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_restored_database_serves_the_same_timelines() {
    let (original, from) = fresh_db_with_url().await;
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data/articles");
    let options = ImportOptions {
        progress: false,
        ..ImportOptions::default()
    };
    let extractor = Arc::new(Extractor::builtin().unwrap());
    import_paths(&original, extractor, vec![seed], &options)
        .await
        .unwrap();
    assert!(count(&original, "accusations").await > 0);
    let before = served(&original).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("riposte.dump");

    let out = riposte(&from, &["db", "dump"], &file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(file.is_file());
    assert!(!dir.path().join("riposte.dump.partial").exists());

    let (copy, to) = fresh_db_with_url().await;
    // a restore refuses while others use the database
    let out = riposte(&to, &["db", "restore"], &file);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("other sessions"), "{}", stderr(&out));
    copy.close().await;
    let out = riposte(&to, &["db", "restore"], &file);
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = PgPool::connect(&to).await.unwrap();
    for table in [
        "articles",
        "actors",
        "accusations",
        "responses",
        "evidence",
        "audit_log",
    ] {
        assert_eq!(
            count(&copy, table).await,
            count(&original, table).await,
            "{table}"
        );
    }
    assert_eq!(served(&copy).await, before);

    // a database with records is not overwritten without --replace
    copy.close().await;
    let out = riposte(&to, &["db", "restore"], &file);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--replace"), "{}", stderr(&out));
    let out = riposte(&to, &["db", "restore", "--replace"], &file);
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = PgPool::connect(&to).await.unwrap();
    assert_eq!(served(&copy).await, before);
}

#[tokio::test]
async fn a_dump_from_a_newer_riposte_or_not_from_riposte_is_refused_and_nothing_changes() {
    let (original, from) = fresh_db_with_url().await;
    sqlx::query(
        "insert into _sqlx_migrations (version, description, success, checksum, execution_time) \
         values (99990101000000, 'from the future', true, '\\x00', 0)",
    )
    .execute(&original)
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("newer.dump");
    let out = riposte(&from, &["db", "dump"], &file);
    assert!(out.status.success(), "{}", stderr(&out));

    let (target, to) = fresh_db_with_url().await;
    sqlx::query("insert into sources (id, name) values (gen_random_uuid(), 'kept')")
        .execute(&target)
        .await
        .unwrap();
    target.close().await;
    let out = riposte(&to, &["db", "restore", "--replace"], &file);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("newer riposte") && err.contains("99990101000000"),
        "{err}"
    );

    let junk = dir.path().join("junk.dump");
    std::fs::write(&junk, b"not a dump at all").unwrap();
    let out = riposte(&to, &["db", "restore"], &junk);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("junk.dump"), "{}", stderr(&out));
    let target = PgPool::connect(&to).await.unwrap();
    assert_eq!(count(&target, "sources").await, 1, "nothing changed");
}
