//! The HTTP API through its real router against a real PostgreSQL: a
//! `TestApp` per test, on a fresh database, with one key of each role.

mod errors;
mod importing;
mod keys_and_roles;
mod reading;
mod replicas;
mod web_app;
mod writing;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use riposte::domain::ApiRole;
use riposte::http::{ApiConfig, AppState, router};
use serde_json::{Value, json};
use sqlx::PgPool;
use tower::ServiceExt;
use uuid::Uuid;

use crate::support::fresh_db;

pub(crate) struct TestApp {
    pub pool: PgPool,
    router: Router,
    pub admin: String,
    pub analyst: String,
    pub reader: String,
}

pub(crate) struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    /// Assert a problem+json error of this status and return its body.
    #[track_caller]
    pub(crate) fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.text());
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{}",
            self.text()
        );
        let p = self.json();
        assert_eq!(p["status"], status);
        assert!(
            p["type"]
                .as_str()
                .unwrap()
                .starts_with("urn:riposte:problem:")
        );
        assert!(!p["title"].as_str().unwrap().is_empty());
        assert!(!p["detail"].as_str().unwrap().is_empty());
        p
    }

    #[track_caller]
    pub(crate) fn ok(&self) -> Value {
        assert!(self.status.is_success(), "{}: {}", self.status, self.text());
        self.json()
    }
}

impl TestApp {
    pub(crate) async fn new() -> Self {
        Self::with_config(ApiConfig::default()).await
    }

    pub(crate) async fn with_config(config: ApiConfig) -> Self {
        Self::serving(AppState::with_config(fresh_db().await, config)).await
    }

    /// The app serving `state` (on a migrated database), with its keys.
    pub(crate) async fn serving(state: AppState) -> Self {
        let pool = state.pool.clone();
        let key = |name: &'static str, role| {
            let pool = pool.clone();
            async move {
                riposte::store::keys::create(&pool, name, role)
                    .await
                    .unwrap()
                    .1
            }
        };
        let admin = key("admin", ApiRole::Admin).await;
        let analyst = key("analyst", ApiRole::Analyst).await;
        let reader = key("reader", ApiRole::Reader).await;
        let router = router(state);
        Self {
            pool,
            router,
            admin,
            analyst,
            reader,
        }
    }

    pub(crate) async fn send(&self, request: Request<Body>) -> Resp {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Resp {
            status,
            headers,
            body,
        }
    }

    pub(crate) async fn request(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut r = Request::builder().method(method).uri(path);
        if let Some(k) = key {
            r = r.header("authorization", format!("Bearer {k}"));
        }
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        let body = match body {
            Some(b) => {
                r = r.header("content-type", "application/json");
                Body::from(serde_json::to_vec(b).unwrap())
            }
            None => Body::empty(),
        };
        self.send(r.body(body).unwrap()).await
    }

    /// GET with the reader's key.
    pub(crate) async fn get(&self, path: &str) -> Resp {
        self.request(Method::GET, path, Some(&self.reader), None, &[])
            .await
    }

    /// POST with the analyst's key.
    pub(crate) async fn post(&self, path: &str, body: Value) -> Resp {
        self.request(Method::POST, path, Some(&self.analyst), Some(&body), &[])
            .await
    }

    /// PATCH with the analyst's key and `If-Match` (`*` when none is given:
    /// replace whatever is stored).
    pub(crate) async fn patch(&self, path: &str, body: Value, if_match: Option<&str>) -> Resp {
        let headers = [("if-match", if_match.unwrap_or("*"))];
        self.request(
            Method::PATCH,
            path,
            Some(&self.analyst),
            Some(&body),
            &headers,
        )
        .await
    }

    /// POST to an existing record (a review, a merge) with the analyst's
    /// key, whatever version is stored.
    pub(crate) async fn post_write(&self, path: &str, body: Value) -> Resp {
        self.request(
            Method::POST,
            path,
            Some(&self.analyst),
            Some(&body),
            &[("if-match", "*")],
        )
        .await
    }

    /// DELETE with the analyst's key, whatever version is stored.
    pub(crate) async fn delete(&self, path: &str) -> Resp {
        self.request(
            Method::DELETE,
            path,
            Some(&self.analyst),
            None,
            &[("if-match", "*")],
        )
        .await
    }

    pub(crate) async fn create_actor(
        &self,
        name: &str,
        kind: &str,
        country: Option<&str>,
        aliases: &[&str],
    ) -> Uuid {
        let r = self
            .post(
                "/api/v1/actors",
                json!({"name": name, "kind": kind, "country": country, "aliases": aliases}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        id_of(&r.json())
    }

    pub(crate) async fn affiliate(
        &self,
        actor: Uuid,
        with: Uuid,
        role: &str,
        from: &str,
        to: Option<&str>,
    ) {
        let r = self
            .patch(
                &format!("/api/v1/actors/{actor}"),
                json!({"affiliations": [{"with": with, "role": role, "valid_from": from, "valid_to": to}]}),
                None,
            )
            .await;
        r.ok();
    }

    pub(crate) async fn create_accusation(
        &self,
        accuser: Uuid,
        accused: Uuid,
        on: &str,
        allegation: &str,
    ) -> Uuid {
        let r = self
            .post(
                "/api/v1/accusations",
                json!({"accuser_id": accuser, "accused_id": accused, "stated_on": on, "allegation": allegation}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        id_of(&r.json())
    }

    pub(crate) async fn create_response(
        &self,
        responder: Uuid,
        target: Uuid,
        kind: &str,
        on: &str,
        answers: &[Uuid],
    ) -> Uuid {
        let r = self
            .post(
                "/api/v1/responses",
                json!({"responder_id": responder, "target_id": target, "kind": kind, "stated_on": on, "answers": answers}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        id_of(&r.json())
    }

    pub(crate) async fn get_timeline(&self, query: &str) -> Value {
        self.get(&format!("/api/v1/timeline?{query}")).await.ok()
    }

    /// Articles arrive through the importer; tests store one directly.
    pub(crate) async fn insert_article(&self, title: &str, text: &str) -> Uuid {
        use sha2::{Digest, Sha256};
        let id = Uuid::new_v4();
        sqlx::query(
            "insert into articles (id, name, url, title, text, content_hash, imported_by, published_on, published_precision) \
             values ($1, 'a.txt', 'https://example.org/a', $2, $3, $4, 'test', '2020-07-17', 'day')",
        )
        .bind(id)
        .bind(title)
        .bind(text)
        .bind(Sha256::digest(text.as_bytes()).to_vec())
        .execute(&self.pool)
        .await
        .unwrap();
        id
    }
}

pub(crate) fn id_of(v: &Value) -> Uuid {
    v["id"].as_str().unwrap().parse().unwrap()
}

/// The UK accuses Russia; Russia (through Peskov) denies it.
pub(crate) struct Scene {
    pub uk: Uuid,
    pub russia: Uuid,
    pub peskov: Uuid,
    pub accusation: Uuid,
    pub denial: Uuid,
}

impl TestApp {
    pub(crate) async fn scene(&self) -> Scene {
        let uk = self
            .create_actor(
                "United Kingdom",
                "state",
                Some("GBR"),
                &["London", "the British side"],
            )
            .await;
        let russia = self
            .create_actor("Russia", "state", Some("RUS"), &["Moscow", "the Kremlin"])
            .await;
        let peskov = self
            .create_actor("Dmitry Peskov", "person", Some("RUS"), &["Peskov"])
            .await;
        self.affiliate(peskov, russia, "presidential spokesman", "2012-05-22", None)
            .await;
        let accusation = self
            .create_accusation(
                uk,
                russia,
                "2020-07-16",
                "interference in the December 2019 general election",
            )
            .await;
        let denial = self
            .create_response(peskov, uk, "denial", "2020-07-17", &[accusation])
            .await;
        Scene {
            uk,
            russia,
            peskov,
            accusation,
            denial,
        }
    }
}
