//! `POST /api/v1/articles`: one article through the import pipeline.

use serde_json::json;

use super::TestApp;

const SEED: &str = include_str!("../../corpus/dev/000_c0a993ecbfa666d5.txt");

#[tokio::test]
async fn posting_an_article_stores_it_and_answers_with_the_records_found() {
    let app = TestApp::new().await;
    let resp = app
        .post(
            "/api/v1/articles",
            json!({"text": SEED, "name": "seed.txt", "source": "Al-Ahed"}),
        )
        .await;
    assert_eq!(resp.status.as_u16(), 201, "{}", resp.text());
    let body = resp.json();
    assert_eq!(body["duplicate"], false);
    assert!(body["accusations"].as_u64().unwrap() >= 2, "{body}");
    assert!(body["responses"].as_u64().unwrap() >= 3, "{body}");
    let article = &body["article"];
    assert_eq!(article["name"], "seed.txt");
    assert_eq!(article["source"], "Al-Ahed");
    let findings = article["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    let location = resp.header("location").unwrap();
    let stored = app.get(&location).await;
    assert_eq!(stored.status.as_u16(), 200);
    assert_eq!(stored.json()["findings"], article["findings"]);

    // Raab's hedged accusation is on his timeline.
    let timeline = app.get_timeline("actor=Dominic%20Raab").await;
    assert!(
        timeline.to_string().contains("almost certainly"),
        "{timeline}"
    );

    let audit = app
        .request(
            axum::http::Method::GET,
            "/api/v1/audit",
            Some(&app.admin),
            None,
            &[],
        )
        .await;
    assert!(audit.text().contains("\"import\""), "{}", audit.text());
}

#[tokio::test]
async fn posting_the_same_text_again_is_a_duplicate_that_writes_nothing() {
    let app = TestApp::new().await;
    let first = app.post("/api/v1/articles", json!({"text": SEED})).await;
    assert_eq!(first.status.as_u16(), 201);
    let again = app.post("/api/v1/articles", json!({"text": SEED})).await;
    assert_eq!(again.status.as_u16(), 200);
    assert_eq!(again.json()["duplicate"], true);
    assert_eq!(again.json()["article"]["id"], first.json()["article"]["id"]);
    let articles: i64 = sqlx::query_scalar("select count(*) from articles")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(articles, 1);
}

#[tokio::test]
async fn a_bad_article_gets_a_precise_problem_and_blank_optional_fields_are_not_given() {
    let app = TestApp::new().await;
    let empty = app.post("/api/v1/articles", json!({"text": "   "})).await;
    let problem = empty.problem(422);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("empty article"),
        "{problem}"
    );

    let bad_date = app
        .post(
            "/api/v1/articles",
            json!({"text": "Russia denied it.", "published": "2020-13-40"}),
        )
        .await;
    let problem = bad_date.problem(422);
    assert!(problem.to_string().contains("2020-13-40"), "{problem}");

    // Blank optional fields are "not given", never a 500.
    let blanks = app
        .post(
            "/api/v1/articles",
            json!({"text": "\u{d4}W", "source": "", "title": "", "url": " ", "published": "0430-01-19"}),
        )
        .await;
    assert_eq!(blanks.status.as_u16(), 201, "{}", blanks.text());
    assert_eq!(blanks.json()["article"]["source"], serde_json::Value::Null);

    let unknown = app
        .post(
            "/api/v1/articles",
            json!({"text": "Russia denied it.", "author": "x"}),
        )
        .await;
    unknown.problem(422);

    let reader = app
        .request(
            axum::http::Method::POST,
            "/api/v1/articles",
            Some(&app.reader),
            Some(&json!({"text": "Russia denied it."})),
            &[],
        )
        .await;
    reader.problem(403);

    let articles: i64 = sqlx::query_scalar("select count(*) from articles")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(articles, 1, "only the article with blank optional fields");
}

/// A long article of about `bytes`: paragraph after paragraph of new
/// names accusing and denying (seconds of extraction in a debug build).
fn long_article(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "Minister Karl Berg{i} said on Monday that Acme{i} Corp had hacked the servers of Britain, and Acme{i} Corp denied the allegations as baseless.\n\n"
        ));
        i += 1;
    }
    text
}

#[tokio::test]
async fn an_article_past_its_time_budget_is_refused_by_name_and_nothing_is_stored() {
    let app = TestApp::with_config(riposte::http::ApiConfig {
        article_budget: std::time::Duration::from_nanos(1),
        ..Default::default()
    })
    .await;
    let resp = app
        .post(
            "/api/v1/articles",
            json!({"text": long_article(100_000), "name": "long.txt"}),
        )
        .await;
    let problem = resp.problem(422);
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("time budget of 1ns"), "{problem}");
    assert!(detail.contains("nothing was stored"), "{problem}");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM articles")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}

/// The count of extractions stopped for `reason`, read from `/metrics`.
async fn stopped(app: &TestApp, reason: &str) -> f64 {
    let metrics = app.get("/metrics").await.text();
    let line = format!("riposte_extractions_stopped_total{{reason=\"{reason}\"}} ");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(line.as_str()))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn an_abandoned_request_stops_its_extraction() {
    let app = TestApp::new().await;
    let before = stopped(&app, "cancelled").await;
    // the client gives up while the article is being extracted: how long
    // reading the body and checking the key take before that depends on
    // the build, so it gives up later and later until it happens
    let mut cancelled = false;
    for (attempt, wait_ms) in [150u64, 400, 1000].into_iter().enumerate() {
        let body = json!({
            "text": format!("Attempt {attempt}.\n\n{}", long_article(1_900_000)),
            "name": format!("abandoned-{attempt}.txt"),
        });
        let request = app.post("/api/v1/articles", body);
        if tokio::time::timeout(std::time::Duration::from_millis(wait_ms), request)
            .await
            .is_ok()
        {
            // it ended before the client gave up: nothing was abandoned
            // (a fast build); a shorter wait cannot help, so stop here
            break;
        }
        // the blocking extraction notices and stops
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        while std::time::Instant::now() < deadline {
            if stopped(&app, "cancelled").await > before {
                cancelled = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        if cancelled {
            let name = format!("abandoned-{attempt}.txt");
            let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM articles WHERE name = $1")
                .bind(&name)
                .fetch_one(&app.pool)
                .await
                .unwrap();
            assert_eq!(stored, 0, "the abandoned article was stored");
            break;
        }
    }
    assert!(cancelled, "no abandoned extraction was stopped");
}
