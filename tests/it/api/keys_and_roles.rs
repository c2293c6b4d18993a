//! Keys and roles: who may read, write, and administer.

use axum::http::{Method, StatusCode};
use riposte::http::ApiConfig;
use serde_json::json;

use super::TestApp;

#[tokio::test]
async fn a_read_without_a_key_gets_401_with_www_authenticate() {
    let app = TestApp::new().await;
    let r = app
        .request(Method::GET, "/api/v1/timeline", None, None, &[])
        .await;
    r.problem(401);
    assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
}

#[tokio::test]
async fn an_unknown_key_gets_401() {
    let app = TestApp::new().await;
    let r = app
        .request(
            Method::GET,
            "/api/v1/timeline",
            Some("rpk_nonsense"),
            None,
            &[],
        )
        .await;
    assert!(
        r.problem(401)["detail"]
            .as_str()
            .unwrap()
            .contains("unknown or revoked")
    );
    assert!(r.header("www-authenticate").is_some());
}

#[tokio::test]
async fn a_revoked_key_gets_401() {
    let app = TestApp::new().await;
    app.get("/api/v1/timeline").await.ok();
    riposte::store::keys::revoke(&app.pool, "reader")
        .await
        .unwrap()
        .unwrap();
    app.get("/api/v1/timeline").await.problem(401);
}

#[tokio::test]
async fn only_the_hash_of_a_key_is_stored() {
    let app = TestApp::new().await;
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("select key_hash from api_keys")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 3);
    assert!(app.reader.starts_with("rpk_"));
    assert!(
        stored
            .iter()
            .all(|h| h.len() == 32 && *h != app.reader.as_bytes())
    );
}

#[tokio::test]
async fn a_reader_cannot_write() {
    let app = TestApp::new().await;
    let r = app
        .request(
            Method::POST,
            "/api/v1/actors",
            Some(&app.reader),
            Some(&json!({"name": "Russia", "kind": "state", "country": "RUS"})),
            &[],
        )
        .await;
    assert!(
        r.problem(403)["detail"]
            .as_str()
            .unwrap()
            .contains("analyst or admin")
    );
}

#[tokio::test]
async fn an_analyst_cannot_read_the_audit_log_or_manage_keys() {
    let app = TestApp::new().await;
    for path in ["/api/v1/audit", "/api/v1/keys"] {
        app.request(Method::GET, path, Some(&app.analyst), None, &[])
            .await
            .problem(403);
    }
    app.request(Method::GET, "/api/v1/audit", Some(&app.admin), None, &[])
        .await
        .ok();
}

#[tokio::test]
async fn an_admin_creates_lists_and_revokes_keys() {
    let app = TestApp::new().await;
    let body = json!({"name": "dashboard", "role": "reader"});
    let r = app
        .request(
            Method::POST,
            "/api/v1/keys",
            Some(&app.admin),
            Some(&body),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let key = r.json()["key"].as_str().unwrap().to_owned();
    app.request(Method::GET, "/api/v1/timeline", Some(&key), None, &[])
        .await
        .ok();
    let list = app
        .request(Method::GET, "/api/v1/keys", Some(&app.admin), None, &[])
        .await
        .ok();
    assert_eq!(list.as_array().unwrap().len(), 4);
    assert!(
        !list.to_string().contains(&key),
        "a listing never shows a key"
    );
    app.request(
        Method::DELETE,
        "/api/v1/keys/dashboard",
        Some(&app.admin),
        None,
        &[],
    )
    .await
    .ok();
    app.request(Method::GET, "/api/v1/timeline", Some(&key), None, &[])
        .await
        .problem(401);
    let dup = app
        .request(
            Method::POST,
            "/api/v1/keys",
            Some(&app.admin),
            Some(&body),
            &[],
        )
        .await;
    assert_eq!(dup.problem(422)["errors"][0]["field"], "name");
}

#[tokio::test]
async fn public_reads_need_no_key_but_writes_still_do() {
    let app = TestApp::with_config(ApiConfig {
        public_read: true,
        ..Default::default()
    })
    .await;
    app.request(Method::GET, "/api/v1/timeline", None, None, &[])
        .await
        .ok();
    let r = app
        .request(
            Method::POST,
            "/api/v1/events",
            None,
            Some(&json!({"name": "x"})),
            &[],
        )
        .await;
    r.problem(401);
    // A bad key is still refused, public or not.
    app.request(
        Method::GET,
        "/api/v1/timeline",
        Some("rpk_wrong"),
        None,
        &[],
    )
    .await
    .problem(401);
}

#[tokio::test]
async fn the_openapi_document_is_readable_without_a_key() {
    let app = TestApp::new().await;
    let doc = app
        .request(Method::GET, "/api/v1/openapi.json", None, None, &[])
        .await
        .ok();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/timeline",
        "/api/v1/relations",
        "/api/v1/accusations/{id}",
        "/api/v1/actors",
        "/api/v1/export",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn the_reference_page_is_served_from_the_binary() {
    let app = TestApp::new().await;
    let r = app
        .request(Method::GET, "/api/v1/docs/", None, None, &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("swagger"), "{}", r.text());
    let js = app
        .request(
            Method::GET,
            "/api/v1/docs/swagger-ui-bundle.js",
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(
        js.body.len() > 100_000,
        "the UI is vendored, not fetched from a CDN"
    );
}

#[tokio::test]
async fn riposte_keys_creates_lists_and_revokes_keys_the_api_accepts() {
    use std::process::Command;
    let (pool, url) = crate::support::fresh_db_with_url().await;
    let riposte = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_riposte"))
            .args(args)
            .env("DATABASE_URL", &url)
            .env_remove("RIPOSTE_DATA_DIR")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "riposte {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let key = riposte(&["keys", "create", "--name", "ops", "--role", "admin"])
        .trim()
        .to_owned();
    assert!(key.starts_with("rpk_") && key.len() == 4 + 64, "{key}");
    let app = riposte::http::router(riposte::http::AppState::new(pool.clone()));
    let get = |key: String| {
        let app = app.clone();
        async move {
            use tower::ServiceExt;
            let req = axum::http::Request::get("/api/v1/audit")
                .header("authorization", format!("Bearer {key}"))
                .body(axum::body::Body::empty())
                .unwrap();
            app.oneshot(req).await.unwrap().status()
        }
    };
    assert_eq!(get(key.clone()).await, StatusCode::OK);
    let listed = riposte(&["keys", "list"]);
    assert!(
        listed.contains("ops") && listed.contains("admin") && !listed.contains(&key),
        "{listed}"
    );
    riposte(&["keys", "revoke", "ops"]);
    assert_eq!(get(key).await, StatusCode::UNAUTHORIZED);
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where who = 'cli' and entity = 'key'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn the_openapi_document_says_errors_are_problem_documents() {
    let app = TestApp::new().await;
    let doc = app
        .request(Method::GET, "/api/v1/openapi.json", None, None, &[])
        .await
        .ok();
    let op = &doc["paths"]["/api/v1/accusations/{id}"]["get"]["responses"];
    assert!(
        op["404"]["content"]["application/problem+json"].is_object(),
        "{op}"
    );
    assert!(
        op["default"]["content"]["application/problem+json"].is_object(),
        "{op}"
    );
    assert!(op["200"]["content"]["application/json"].is_object(), "{op}");
}

/// OpenAPI requires a description on every response; client generators
/// refuse a document without them.
#[tokio::test]
async fn every_response_in_the_openapi_document_has_a_description() {
    let app = TestApp::new().await;
    let doc = app
        .request(Method::GET, "/api/v1/openapi.json", None, None, &[])
        .await
        .ok();
    let mut responses = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                responses += 1;
                let description = response["description"].as_str().unwrap_or("");
                assert!(
                    !description.trim().is_empty(),
                    "{method} {path} {status} has no description"
                );
            }
        }
    }
    assert!(responses > 100, "only {responses} responses");
}

/// RFC 9110: the authentication scheme's name is case-insensitive.
#[tokio::test]
async fn the_bearer_scheme_is_read_in_any_case() {
    let app = TestApp::new().await;
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let auth = format!("{scheme} {}", app.reader);
        let r = app
            .request(
                Method::GET,
                "/api/v1/timeline",
                None,
                None,
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{scheme}");
    }
    let basic = format!("Basic {}", app.reader);
    app.request(
        Method::GET,
        "/api/v1/timeline",
        None,
        None,
        &[("authorization", &basic)],
    )
    .await
    .problem(401);
}
