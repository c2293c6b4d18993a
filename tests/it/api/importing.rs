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
