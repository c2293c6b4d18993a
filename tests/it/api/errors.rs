//! Every error is a problem document that says what was wrong.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::json;

use super::TestApp;

#[tokio::test]
async fn malformed_json_gets_a_400_problem() {
    let app = TestApp::new().await;
    let r = app
        .send(
            Request::post("/api/v1/actors")
                .header("authorization", format!("Bearer {}", app.analyst))
                .header("content-type", "application/json")
                .body(Body::from("{\"name\": \"Russia\", "))
                .unwrap(),
        )
        .await;
    let p = r.problem(400);
    assert!(
        p["detail"].as_str().unwrap().contains("not valid JSON"),
        "{p}"
    );
}

#[tokio::test]
async fn an_unknown_field_gets_a_422_that_names_it() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/v1/actors",
            json!({"name": "Russia", "kind": "state", "country": "RUS", "colour": "red"}),
        )
        .await;
    let p = r.problem(422);
    assert_eq!(p["errors"][0]["field"], "colour", "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("unknown field"),
        "{p}"
    );
}

#[tokio::test]
async fn a_wrong_enum_value_gets_a_422_listing_the_accepted_values() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/v1/actors",
            json!({"name": "Russia", "kind": "nation", "country": "RUS"}),
        )
        .await;
    let p = r.problem(422);
    assert_eq!(p["errors"][0]["field"], "kind");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("organization"),
        "{p}"
    );
}

#[tokio::test]
async fn a_date_that_is_not_a_date_gets_a_422_quoting_it() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let r = app
        .post(
            "/api/v1/accusations",
            json!({"accuser_id": s.uk, "accused_id": s.russia, "stated_on": "2020-13-40"}),
        )
        .await;
    let p = r.problem(422);
    assert_eq!(p["errors"][0]["field"], "stated_on");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("'2020-13-40' is not a date"),
        "{p}"
    );
}

/// PostgreSQL cannot store a NUL character in text: it is refused up front,
/// naming the field, rather than failing in the database.
#[tokio::test]
async fn a_nul_character_in_a_body_gets_a_422_naming_the_field() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let r = app
        .post(
            "/api/v1/accusations",
            json!({"accuser_id": s.uk, "accused_id": s.russia, "stated_on": "2020-07-16",
                   "allegation": "hacking\u{0}"}),
        )
        .await;
    let p = r.problem(422);
    assert_eq!(p["errors"][0]["field"], "allegation", "{p}");
    assert!(p["detail"].as_str().unwrap().contains("NUL"), "{p}");
    let r = app
        .request(
            Method::POST,
            "/api/v1/articles",
            Some(&app.analyst),
            Some(&json!({"text": "Russia denied it.\u{0}"})),
            &[],
        )
        .await;
    let p = r.problem(422);
    assert_eq!(p["errors"][0]["field"], "text", "{p}");
}

#[tokio::test]
async fn a_reference_to_a_missing_actor_gets_a_422_naming_the_field() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    let r = app
        .post(
            "/api/v1/accusations",
            json!({"accuser_id": s.uk, "accused_id": uuid::Uuid::new_v4(), "stated_on": "2020-07-16"}),
        )
        .await;
    let p = r.problem(422);
    assert_eq!(p["errors"][0]["field"], "accused_id", "{p}");
}

#[tokio::test]
async fn a_bad_country_code_gets_a_422() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/v1/actors",
            json!({"name": "Russia", "kind": "state", "country": "ru"}),
        )
        .await;
    assert_eq!(r.problem(422)["errors"][0]["field"], "country");
}

#[tokio::test]
async fn a_path_segment_that_is_not_a_uuid_gets_a_400_problem() {
    let app = TestApp::new().await;
    let p = app.get("/api/v1/accusations/not-a-uuid").await.problem(400);
    assert!(
        p["detail"].as_str().unwrap().contains("not-a-uuid")
            || p["detail"].as_str().unwrap().contains("UUID"),
        "{p}"
    );
}

#[tokio::test]
async fn a_query_date_that_is_not_a_date_gets_a_400_naming_the_parameter() {
    let app = TestApp::new().await;
    let p = app
        .get("/api/v1/timeline?from=yesterday")
        .await
        .problem(400);
    assert_eq!(p["errors"][0]["field"], "from", "{p}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("'yesterday' is not a date"),
        "{p}"
    );
}

#[tokio::test]
async fn an_unknown_kind_filter_gets_a_400_listing_the_kinds() {
    let app = TestApp::new().await;
    let p = app.get("/api/v1/timeline?kind=shrug").await.problem(400);
    assert!(p["detail"].as_str().unwrap().contains("denial"), "{p}");
}

#[tokio::test]
async fn a_page_size_over_the_cap_gets_a_400() {
    let app = TestApp::new().await;
    app.get("/api/v1/timeline?limit=100000").await.problem(400);
    app.get("/api/v1/timeline?cursor=garbage!")
        .await
        .problem(400);
}

#[tokio::test]
async fn an_unknown_id_gets_a_404_problem() {
    let app = TestApp::new().await;
    let id = uuid::Uuid::new_v4();
    for path in ["accusations", "responses", "actors", "events", "articles"] {
        let p = app.get(&format!("/api/v1/{path}/{id}")).await.problem(404);
        assert!(
            p["detail"].as_str().unwrap().contains(&id.to_string()),
            "{p}"
        );
    }
}

#[tokio::test]
async fn an_unknown_actor_name_in_a_filter_gets_a_404() {
    let app = TestApp::new().await;
    let p = app
        .get("/api/v1/timeline?actor=Atlantis")
        .await
        .problem(404);
    assert!(p["detail"].as_str().unwrap().contains("Atlantis"));
}

#[tokio::test]
async fn an_unknown_route_gets_a_404_problem() {
    let app = TestApp::new().await;
    app.get("/api/v1/nothing-here").await.problem(404);
    app.get("/elsewhere").await.problem(404);
}

#[tokio::test]
async fn a_wrong_method_gets_a_405_problem() {
    let app = TestApp::new().await;
    app.request(Method::PUT, "/api/v1/timeline", Some(&app.admin), None, &[])
        .await
        .problem(405);
}

#[tokio::test]
async fn a_body_over_the_limit_gets_a_413_problem() {
    let app = TestApp::new().await;
    let huge = "x".repeat(riposte::http::BODY_LIMIT + 10);
    let r = app
        .post(
            "/api/v1/actors",
            json!({"name": huge, "kind": "state", "country": "RUS"}),
        )
        .await;
    r.problem(413);
}

#[tokio::test]
async fn a_request_target_over_the_limit_gets_a_414_problem() {
    let app = TestApp::new().await;
    let q = "a".repeat(riposte::http::URI_LIMIT);
    let r = app.get(&format!("/api/v1/actors?q={q}")).await;
    let problem = r.problem(414);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("more than the 16384 allowed")),
        "{problem}"
    );
    // just under the limit is read as usual
    let q = "a".repeat(riposte::http::URI_LIMIT - "/api/v1/actors?q=".len());
    assert_eq!(
        app.get(&format!("/api/v1/actors?q={q}"))
            .await
            .status
            .as_u16(),
        200
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_gets_a_415_problem() {
    let app = TestApp::new().await;
    let r = app
        .send(
            Request::post("/api/v1/actors")
                .header("authorization", format!("Bearer {}", app.analyst))
                .header("content-type", "text/plain")
                .body(Body::from("name=Russia"))
                .unwrap(),
        )
        .await;
    r.problem(415);
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_broken_database_gets_a_clean_500_problem_and_the_cause_is_logged() {
    let app = TestApp::new().await;
    let s = app.scene().await;
    sqlx::query("drop table evidence cascade")
        .execute(&app.pool)
        .await
        .unwrap();
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let r = app
        .get(&format!("/api/v1/accusations/{}", s.accusation))
        .await;

    let p = r.problem(500);
    let detail = p["detail"].as_str().unwrap();
    assert!(
        !detail.contains("evidence"),
        "the cause must not leak: {detail}"
    );
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("request failed"), "{logged}");
    assert!(
        logged.contains("relation \"evidence\" does not exist"),
        "{logged}"
    );
    assert_eq!(
        logged.matches("request failed").count(),
        1,
        "logged once: {logged}"
    );
}

#[tokio::test]
async fn text_with_a_nul_character_gets_a_422_not_a_500() {
    let app = TestApp::new().await;
    let r = app.post("/api/v1/events", json!({"name": "a\u{0}b"})).await;
    r.problem(422);
    app.get("/api/v1/search?q=a%00b").await.problem(422);
}
