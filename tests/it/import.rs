//! Importing articles: what is stored, what is skipped, what fails, and
//! how records from several articles come together.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use riposte::extract::Extractor;
use riposte::import::{ImportOptions, ImportSummary, import_paths};
use sqlx::PgPool;

use crate::support::fresh_db;

fn extractor() -> Arc<Extractor> {
    static EXTRACTOR: OnceLock<Arc<Extractor>> = OnceLock::new();
    EXTRACTOR
        .get_or_init(|| Arc::new(Extractor::builtin().expect("the built-in extractor loads")))
        .clone()
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

async fn import(pool: &PgPool, paths: &[PathBuf]) -> ImportSummary {
    let options = ImportOptions {
        progress: false,
        batch_size: 2,
        ..ImportOptions::default()
    };
    import_paths(pool, extractor(), paths.to_vec(), &options)
        .await
        .expect("the import runs")
}

fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[tokio::test]
async fn the_seed_article_yields_raabs_accusation_and_peskovs_denial_answering_it() {
    let pool = fresh_db().await;
    let summary = import(&pool, &[corpus("dev/000_c0a993ecbfa666d5.txt")]).await;
    assert_eq!((summary.read, summary.stored), (1, 1), "{summary}");

    let raab: (uuid::Uuid, Option<String>, Option<chrono::NaiveDate>) = sqlx::query_as(
        "select a.id, a.hedge, a.stated_on from accusations a join actors p on p.id = a.accuser_id
         where p.name = 'Dominic Raab' and a.hedge = 'almost certainly'",
    )
    .fetch_one(&pool)
    .await
    .expect("Raab's hedged accusation is stored");
    assert_eq!(raab.2, chrono::NaiveDate::from_ymd_opt(2020, 7, 16));

    let denials: Vec<(Option<chrono::NaiveDate>,)> = sqlx::query_as(
        "select r.stated_on from responses r
         join actors p on p.id = r.responder_id
         join response_links l on l.response_id = r.id
         where p.name = 'Dmitry Peskov' and r.kind = 'denial' and l.accusation_id = $1",
    )
    .bind(raab.0)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(
        denials
            .iter()
            .any(|d| d.0 == chrono::NaiveDate::from_ymd_opt(2020, 7, 17)),
        "Peskov's denial of 2020-07-17 answers Raab's accusation: {denials:?}"
    );

    let text = std::fs::read_to_string(corpus("dev/000_c0a993ecbfa666d5.txt")).unwrap();
    let featured = text[..text.find("Featured Stories").unwrap()]
        .chars()
        .count() as i32;
    let from_headlines: i64 =
        sqlx::query_scalar("select count(*) from evidence where char_end > $1")
            .bind(featured)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        from_headlines, 0,
        "nothing comes from the Featured Stories headlines"
    );
}

#[tokio::test]
async fn evidence_offsets_point_at_their_sentences_in_the_stored_text() {
    let pool = fresh_db().await;
    import(&pool, &[corpus("dev")]).await;
    let rows: Vec<(String, i32, i32, String)> = sqlx::query_as(
        "select a.text, e.char_start, e.char_end, e.sentence from evidence e join articles a on a.id = e.article_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(
        rows.len() > 50,
        "the dev corpus gives evidence: {}",
        rows.len()
    );
    for (text, start, end, sentence) in rows {
        let span: String = text
            .chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect();
        assert_eq!(span, sentence);
    }
}

#[tokio::test]
async fn an_article_imported_twice_is_skipped_and_no_actor_is_duplicated() {
    let pool = fresh_db().await;
    let first = import(&pool, &[corpus("dev")]).await;
    assert_eq!(first.stored, first.read);
    let actors: i64 = sqlx::query_scalar("select count(*) from actors")
        .fetch_one(&pool)
        .await
        .unwrap();
    let second = import(&pool, &[corpus("dev")]).await;
    assert_eq!((second.stored, second.duplicates), (0, first.read));
    assert!(second.is_clean());
    let after: i64 = sqlx::query_scalar("select count(*) from actors")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(actors, after);
    let unique_names: i64 = sqlx::query_scalar(
        "select count(*) from (select name from actors where gazetteer_key is null group by name having count(*) > 1) d",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        unique_names, 0,
        "an actor found again is reused, not created twice"
    );
}

#[tokio::test]
async fn bad_items_fail_with_their_file_and_line_and_the_rest_is_stored() {
    let pool = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "good.txt",
        b"Kremlin spokesman Dmitry Peskov on Monday denied that Russia had hacked the servers.\n",
    );
    let binary = write(dir.path(), "scan.txt", b"%PDF-1.4\0\0\x01binary");
    let latin1 = write(dir.path(), "latin1.txt", b"Le Kremlin a d\xe9menti.");
    let empty = write(dir.path(), "empty.txt", b"  \n");
    let feed = write(
        dir.path(),
        "feed.jsonl",
        b"{\"id\": \"one\", \"text\": \"China's foreign ministry on Tuesday rejected the accusation.\"}\n{oops\n{\"id\": \"three\", \"text\": \"x\", \"published\": \"2020-13-40\"}\n",
    );
    let summary = import(&pool, &[good, binary, latin1, empty, feed]).await;
    assert_eq!(summary.read, 7, "{summary}");
    assert_eq!(summary.stored, 2, "{summary}");
    let failures: Vec<String> = summary
        .failed
        .iter()
        .map(|f| format!("{}: {}", f.origin, f.reason))
        .collect();
    let expect = [
        "scan.txt: not a text file",
        "latin1.txt: not UTF-8 text",
        "empty.txt: empty article",
        "feed.jsonl:2: not JSON",
        "feed.jsonl:3: `published` '2020-13-40' is not a date",
    ];
    for e in expect {
        assert!(
            failures.iter().any(|f| f.contains(e)),
            "missing {e:?} in {failures:#?}"
        );
    }
    assert_eq!(failures.len(), expect.len());
    let stored: i64 = sqlx::query_scalar("select count(*) from articles")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 2);
}

#[tokio::test]
async fn one_statement_reported_by_two_outlets_is_one_record_with_evidence_from_both() {
    let pool = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let sentence = "British Foreign Secretary Dominic Raab on Thursday accused Russia of hacking the email servers of the Labour party.";
    let a = write(dir.path(), "outlet-a.txt", format!(" date 2021-03-20 0\nUK accuses Russia\n\nLONDON (Reuters) - {sentence}\n\nThe party said it was investigating.\n").as_bytes());
    let b = write(dir.path(), "outlet-b.txt", format!(" date 2021-03-20 0\nHacking row\n\n{sentence}\n\nOfficials in London gave no further details.\n").as_bytes());
    let summary = import(&pool, &[a, b]).await;
    assert_eq!(summary.stored, 2, "{summary}");
    let rows: Vec<(uuid::Uuid, i64)> = sqlx::query_as(
        "select a.id, count(distinct e.article_id) from accusations a
         join actors p on p.id = a.accuser_id join evidence e on e.accusation_id = a.id
         where p.name = 'Dominic Raab' and a.stated_on = '2021-03-18'
         group by a.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 1, "one accusation record: {rows:?}");
    assert_eq!(rows[0].1, 2, "with evidence from both articles");
}

#[tokio::test]
async fn a_response_links_to_an_accusation_stored_from_an_earlier_article() {
    let pool = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let accusation = write(dir.path(), "a.txt", b" date 2021-03-20 0\nUK accuses Russia\n\nBritish Foreign Secretary Dominic Raab on Thursday accused Russia of hacking the email servers of the Labour party.\n");
    let denial = write(dir.path(), "b.txt", b" date 2021-03-22 0\nKremlin responds\n\nKremlin spokesman Dmitry Peskov on Monday denied that Russia had hacked the email servers of the Labour party.\n");
    import(&pool, &[accusation]).await;
    import(&pool, &[denial]).await;
    let linked: i64 = sqlx::query_scalar(
        "select count(*) from response_links l
         join responses r on r.id = l.response_id join actors p on p.id = r.responder_id
         join accusations a on a.id = l.accusation_id join actors q on q.id = a.accuser_id
         where p.name = 'Dmitry Peskov' and r.kind = 'denial' and q.name = 'Dominic Raab'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(linked, 1);
}

/// Two imports of the same folder into one database at the same time (two
/// terminals, two cron jobs) store each article once and create each actor
/// once: the records are those one import leaves.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_imports_at_once_duplicate_no_actor_and_no_statement() {
    let once = fresh_db().await;
    import(&once, &[corpus("dev")]).await;
    let twice = fresh_db().await;
    let dev = [corpus("dev")];
    let (a, b) = tokio::join!(
        tokio::spawn({
            let (pool, dev) = (twice.clone(), dev.clone());
            async move { import(&pool, &dev).await }
        }),
        tokio::spawn({
            let (pool, dev) = (twice.clone(), dev.clone());
            async move { import(&pool, &dev).await }
        })
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.is_clean() && b.is_clean(), "{a:?} {b:?}");
    assert_eq!(a.stored + b.stored, a.read);
    let counts = |pool: PgPool| async move {
        // (the number of actors is left out: with two imports, which one
        // stores an article first decides the name an actor is first
        // stored under; duplicates are checked below)
        let n: (i64, i64, i64, i64) = sqlx::query_as(
            "select (select count(*) from articles), (select count(*) from accusations), \
                    (select count(*) from responses), (select count(*) from evidence)",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        n
    };
    assert_eq!(counts(twice.clone()).await, counts(once.clone()).await);
    let duplicated: i64 = sqlx::query_scalar(
        "select count(*) from (select name from actors where gazetteer_key is null group by name having count(*) > 1) d",
    )
    .fetch_one(&twice)
    .await
    .unwrap();
    assert_eq!(duplicated, 0);
}

/// The same corpus gives the same database: actors, events and
/// cross-article links depend on what was stored before, so articles are
/// stored in reading order whichever extraction worker finishes first.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_corpus_gives_the_same_events_and_links_on_every_run() {
    let digest = |pool: PgPool| async move {
        let options = ImportOptions {
            progress: false,
            batch_size: 16,
            workers: 4,
            ..ImportOptions::default()
        };
        import_paths(&pool, extractor(), vec![corpus("dev")], &options)
            .await
            .expect("the import runs");
        let row: (i64, String, String) = sqlx::query_as(
            "select (select count(*) from actors), \
               (select coalesce(string_agg(e.match_key || ':' || \
                   (select count(*) from accusations a where a.event_id = e.id), ',' order by e.match_key, e.id), '') \
                from events e), \
               (select coalesce(string_agg(ra.name || '>' || aa.name, ',' order by ra.name, aa.name), '') \
                from response_links l \
                join evidence re on re.response_id = l.response_id \
                join articles ra on ra.id = re.article_id \
                join evidence ae on ae.accusation_id = l.accusation_id \
                join articles aa on aa.id = ae.article_id)",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        row
    };
    let first = digest(fresh_db().await).await;
    assert!(!first.1.is_empty() && !first.2.is_empty());
    for _ in 0..2 {
        assert_eq!(digest(fresh_db().await).await, first);
    }
}

#[tokio::test]
async fn each_article_past_its_time_budget_fails_by_name_and_the_import_goes_on() {
    let pool = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let first = write(
        dir.path(),
        "first.txt",
        b"Kremlin spokesman Dmitry Peskov on Monday denied that Russia had hacked the servers.\n",
    );
    let second = write(
        dir.path(),
        "second.txt",
        b"China's foreign ministry on Tuesday rejected the accusation as groundless.\n",
    );
    // a budget no extraction can keep: each article fails on its own
    let options = ImportOptions {
        progress: false,
        article_budget: std::time::Duration::from_nanos(1),
        ..ImportOptions::default()
    };
    let summary = import_paths(&pool, extractor(), vec![first, second], &options)
        .await
        .expect("the import runs");
    assert_eq!(summary.read, 2, "{summary}");
    assert_eq!(summary.stored, 0, "{summary}");
    let mut failed: Vec<String> = summary
        .failed
        .iter()
        .map(|f| format!("{}: {}", f.origin, f.reason))
        .collect();
    failed.sort();
    assert_eq!(failed.len(), 2, "{summary}");
    assert!(
        failed[0].contains("first.txt: extraction took longer than its time budget of 1ns"),
        "{failed:?}"
    );
    assert!(
        failed[1].contains("second.txt: extraction took longer"),
        "{failed:?}"
    );
}

/// PostgreSQL drops the import's connection mid-way (a restart, a
/// failover, an administrator): the import stops with what it had stored,
/// which stays stored, and says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_that_loses_its_database_reports_what_it_stored() {
    let pool = fresh_db().await;
    let options = ImportOptions {
        progress: false,
        batch_size: 1,
        workers: 1,
        ..ImportOptions::default()
    };
    let import = tokio::spawn({
        let pool = pool.clone();
        async move { import_paths(&pool, extractor(), vec![corpus("dev")], &options).await }
    });
    // once some articles are in, every other connection to this database
    // is cut
    let watcher = PgPool::connect_with((*pool.connect_options()).clone())
        .await
        .unwrap();
    loop {
        let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM articles")
            .fetch_one(&watcher)
            .await
            .unwrap();
        if stored >= 3 {
            break;
        }
        assert!(!import.is_finished(), "the import ended before it was cut");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&watcher)
    .await
    .unwrap();
    let result = import.await.unwrap();
    let Err(riposte::import::ImportError::Interrupted { summary, .. }) = &result else {
        panic!("expected an interrupted import, got {result:?}");
    };
    let message = result.as_ref().unwrap_err().to_string();
    assert!(message.contains("stay stored"), "{message}");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM articles")
        .fetch_one(&watcher)
        .await
        .unwrap();
    assert!(summary.stored >= 3, "{summary}");
    // the summary counts what the database confirmed; a commit cut before
    // its answer arrived may be stored without being counted
    assert!(
        stored == summary.stored as i64 || stored == summary.stored as i64 + 1,
        "{stored} stored, {summary}"
    );
}
