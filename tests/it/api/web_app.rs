//! The web app through the real router: reading pages, sessions, the
//! review queue, and what a session may and may not write.

use axum::body::Body;
use axum::http::{Method, Request};
use riposte::http::ApiConfig;
use serde_json::json;
use uuid::Uuid;

use super::{Resp, TestApp};

const SEED: &str = include_str!("../../corpus/dev/000_c0a993ecbfa666d5.txt");

/// A browser: the cookie it was given, and what it sends.
struct Browser<'a> {
    app: &'a TestApp,
    cookie: Option<String>,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Browser { app, cookie: None }
    }

    async fn send(&self, method: Method, path: &str, form: Option<&[(&str, &str)]>) -> Resp {
        let mut r = Request::builder().method(method).uri(path);
        if let Some(c) = &self.cookie {
            r = r.header("cookie", c);
        }
        let body = match form {
            Some(fields) => {
                r = r.header("content-type", "application/x-www-form-urlencoded");
                Body::from(
                    fields
                        .iter()
                        .map(|(k, v)| format!("{k}={}", urlencode(v)))
                        .collect::<Vec<_>>()
                        .join("&"),
                )
            }
            None => Body::empty(),
        };
        self.app.send(r.body(body).unwrap()).await
    }

    async fn get(&self, path: &str) -> Resp {
        self.send(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> Resp {
        self.send(Method::POST, path, Some(form)).await
    }

    /// Signs in with `key`, keeping the session cookie.
    async fn sign_in(&mut self, key: &str) -> Resp {
        let r = self.post("/app/sign-in", &[("key", key)]).await;
        if let Some(set) = r.header("set-cookie") {
            self.cookie = set.split(';').next().map(str::to_owned);
        }
        r
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The CSRF token a page's forms carry.
fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .unwrap_or_else(|| panic!("no CSRF field in {page}"));
    let rest = &page[at + "name=\"csrf\" value=\"".len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// The importer's records of the seed article (unreviewed, with evidence).
async fn imported(app: &TestApp) -> (Uuid, Uuid) {
    let r = app
        .post(
            "/api/v1/articles",
            json!({"text": SEED, "name": "seed.txt"}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text());
    let accusation: Uuid = sqlx::query_scalar(
        "select a.id from accusations a join actors s on s.id = a.accuser_id \
         where s.name like '%Raab%' order by a.stated_on, a.id limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let russia: Uuid = sqlx::query_scalar("select id from actors where name = 'Russia'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    (accusation, russia)
}

fn public() -> ApiConfig {
    ApiConfig {
        public_read: true,
        ..ApiConfig::default()
    }
}

#[tokio::test]
async fn a_researcher_goes_from_search_to_actor_to_pair_to_the_evidence() {
    let app = TestApp::with_config(public()).await;
    let (accusation, russia) = imported(&app).await;
    let b = Browser::new(&app);

    let home = b.get("/app?q=russia").await;
    assert_eq!(home.status.as_u16(), 200, "{}", home.text());
    assert!(
        home.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let page = home.text();
    assert!(page.contains(&format!("/app/actors/{russia}")), "{page}");

    let actor = b.get(&format!("/app/actors/{russia}")).await;
    assert_eq!(actor.status.as_u16(), 200, "{}", actor.text());
    let page = actor.text();
    assert!(
        page.contains("Statements per month") && page.contains("<svg"),
        "{page}"
    );
    assert!(page.contains("denial"), "{page}");
    let pair_link = page
        .split("href=\"")
        .find(|s| s.starts_with("/app/pair?"))
        .map(|s| s[..s.find('"').unwrap()].replace("&amp;", "&"))
        .expect("a link to the threads with a counterpart");

    let pair = b.get(&pair_link).await;
    assert_eq!(pair.status.as_u16(), 200, "{}", pair.text());
    assert!(pair.text().contains("accusation"), "{}", pair.text());

    let record = b.get(&format!("/app/accusations/{accusation}")).await;
    assert_eq!(record.status.as_u16(), 200, "{}", record.text());
    let page = record.text();
    // the evidence sentence is highlighted inside the article's text
    assert!(page.contains("<mark id=\"evidence-"), "{page}");
    assert!(page.contains("Raab"), "{page}");
    assert!(page.contains("almost certainly"), "{page}");
    // a reader without a session sees no write control
    assert!(!page.contains("value=\"confirmed\""), "{page}");
}

#[tokio::test]
async fn the_relations_heatmap_and_the_actor_counterparts_agree_with_the_api() {
    let app = TestApp::with_config(public()).await;
    let s = app.scene().await;
    let b = Browser::new(&app);
    let page = b.get("/app/relations").await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text());
    let page = page.text();
    // the scene's one accusation, answered by Peskov for Russia
    assert!(
        page.contains(&format!("/app/pair?a={}&amp;b={}", s.uk, s.russia)),
        "{page}"
    );
    assert!(
        page.contains("accused Russia 1 times; 1 answered"),
        "{page}"
    );
    let actor = b.get(&format!("/app/actors/{}", s.russia)).await.text();
    assert!(actor.contains("Accused by"), "{actor}");
    assert!(actor.contains("it answered 1 (100%)"), "{actor}");
    // an empty range says so
    let empty = b
        .get("/app/relations?from=1990-01-01&to=1990-12-31")
        .await
        .text();
    assert!(empty.contains("No accusation recorded in this range"));
}

#[tokio::test]
async fn searching_finds_actors_and_the_evidence_that_uses_the_words() {
    let app = TestApp::with_config(public()).await;
    imported(&app).await;
    let page = Browser::new(&app).get("/app?q=cyber").await.text();
    assert!(page.contains("Evidence mentioning"), "{page}");
    assert!(page.contains("/app/accusations/") || page.contains("/app/responses/"));
}

#[tokio::test]
async fn bad_page_input_gets_a_page_that_says_what_is_wrong() {
    let app = TestApp::with_config(public()).await;
    let b = Browser::new(&app);
    let missing = b.get(&format!("/app/actors/{}", Uuid::new_v4())).await;
    assert_eq!(missing.status.as_u16(), 404);
    assert!(
        missing.text().contains("no actor has id"),
        "{}",
        missing.text()
    );
    let bad = b.get("/app/review/nonsense").await;
    assert_eq!(bad.status.as_u16(), 404);
    let cursor = b
        .get(&format!("/app/actors/{}?after=yesterday", Uuid::new_v4()))
        .await;
    assert!(cursor.status.is_client_error());
}

#[tokio::test]
async fn without_public_reads_pages_ask_to_sign_in() {
    let app = TestApp::new().await;
    let b = Browser::new(&app);
    let r = b.get("/app").await;
    assert_eq!(r.status.as_u16(), 303);
    assert_eq!(r.header("location").as_deref(), Some("/app/sign-in"));
    let form = b.get("/app/sign-in").await;
    assert_eq!(form.status.as_u16(), 200);
    assert!(form.text().contains("type=\"password\""));
}

#[tokio::test]
async fn signing_in_gives_a_strict_http_only_session_that_signing_out_ends() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);

    let wrong = b.sign_in("rpk_not_a_key").await;
    assert_eq!(wrong.status.as_u16(), 401);
    assert!(wrong.text().contains("unknown or revoked"));
    assert!(b.cookie.is_none());

    let ok = b.sign_in(&app.analyst).await;
    assert_eq!(ok.status.as_u16(), 303, "{}", ok.text());
    let set = ok.header("set-cookie").unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attribute), "{set}");
    }
    assert!(
        !set.contains(app.analyst.as_str()),
        "the key is never the cookie"
    );
    let home = b.get("/app").await;
    assert_eq!(home.status.as_u16(), 200);
    assert!(home.text().contains("Signed in as"), "{}", home.text());
    assert!(home.text().contains("Review queue"));

    // the session reads the API too, without a key
    let api = b.get("/api/v1/timeline").await;
    assert_eq!(api.status.as_u16(), 200, "{}", api.text());

    // signing out needs the session's own token
    let forged = b.post("/app/sign-out", &[("csrf", "0")]).await;
    assert_eq!(forged.status.as_u16(), 403);
    let csrf = csrf_of(&home.text());
    let out = b.post("/app/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(out.status.as_u16(), 303);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    // the old cookie is dead on the server, not only in the browser
    let after = b.get("/app").await;
    assert_eq!(after.status.as_u16(), 303);
    assert_eq!(after.header("location").as_deref(), Some("/app/sign-in"));
}

#[tokio::test]
async fn a_sign_in_posted_from_another_site_is_refused() {
    let app = TestApp::new().await;
    let form = format!("key={}", app.analyst);
    let post = |origin: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/app/sign-in")
            .header("host", "riposte.example")
            .header("origin", origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form.clone()))
            .unwrap()
    };
    let elsewhere = app.send(post("https://attacker.example")).await;
    assert_eq!(elsewhere.status.as_u16(), 403);
    assert!(elsewhere.header("set-cookie").is_none());
    let here = app.send(post("https://riposte.example")).await;
    assert_eq!(here.status.as_u16(), 303, "{}", here.text());
    assert!(here.header("set-cookie").is_some());
}

#[tokio::test]
async fn a_session_ends_with_its_key() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.sign_in(&app.reader).await;
    assert_eq!(b.get("/app").await.status.as_u16(), 200);
    riposte::store::keys::revoke(&app.pool, "reader")
        .await
        .unwrap();
    assert_eq!(b.get("/app").await.status.as_u16(), 303);
}

#[tokio::test]
async fn an_analyst_confirms_from_the_queue_and_the_history_shows_it() {
    let app = TestApp::new().await;
    let (accusation, _) = imported(&app).await;
    let mut b = Browser::new(&app);
    b.sign_in(&app.analyst).await;

    let queue = b.get("/app/review").await;
    assert_eq!(queue.status.as_u16(), 200, "{}", queue.text());
    let page = queue.text();
    assert!(
        page.contains(&format!("/app/review/accusation/{accusation}")),
        "{page}"
    );
    let csrf = csrf_of(&page);

    let r = b
        .post(
            &format!("/app/review/accusation/{accusation}"),
            &[("csrf", &csrf), ("version", "1"), ("review", "confirmed")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.text());
    assert_eq!(
        r.header("location").as_deref(),
        Some(format!("/app/accusations/{accusation}").as_str())
    );
    let record = b
        .get(&format!("/app/accusations/{accusation}"))
        .await
        .text();
    assert!(record.contains("confirmed"), "{record}");
    assert!(record.contains("analyst · review"), "{record}");
    // the API reads the same record
    let api = app
        .get(&format!("/api/v1/accusations/{accusation}"))
        .await
        .ok();
    assert_eq!(api["review"], "confirmed");
    assert_eq!(api["version"], 2);
    // and it has left the queue
    let queue = b.get("/app/review").await.text();
    assert!(!queue.contains(&format!("/app/review/accusation/{accusation}")));
}

#[tokio::test]
async fn a_stale_decision_shows_the_other_change_and_applies_nothing() {
    let app = TestApp::new().await;
    let (accusation, _) = imported(&app).await;
    let mut first = Browser::new(&app);
    first.sign_in(&app.analyst).await;
    let mut second = Browser::new(&app);
    second.sign_in(&app.admin).await;
    let path = format!("/app/review/accusation/{accusation}");
    let csrf1 = csrf_of(&first.get("/app/review").await.text());
    let csrf2 = csrf_of(&second.get("/app/review").await.text());

    let r = first
        .post(
            &path,
            &[("csrf", &csrf1), ("version", "1"), ("review", "confirmed")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303);
    let stale = second
        .post(
            &path,
            &[("csrf", &csrf2), ("version", "1"), ("review", "rejected")],
        )
        .await;
    assert_eq!(stale.status.as_u16(), 200, "{}", stale.text());
    let page = stale.text();
    assert!(page.contains("changed this record meanwhile"), "{page}");
    assert!(
        page.contains("rejected") && page.contains("confirmed"),
        "{page}"
    );
    // the decision is offered again on the current version
    assert!(page.contains("name=\"version\" value=\"2\""), "{page}");
    let api = app
        .get(&format!("/api/v1/accusations/{accusation}"))
        .await
        .ok();
    assert_eq!(api["review"], "confirmed");
}

#[tokio::test]
async fn a_reader_sees_no_write_control_and_forged_writes_are_refused() {
    let app = TestApp::with_config(public()).await;
    let (accusation, _) = imported(&app).await;
    let mut reader = Browser::new(&app);
    reader.sign_in(&app.reader).await;
    let page = reader
        .get(&format!("/app/accusations/{accusation}"))
        .await
        .text();
    assert!(!page.contains("value=\"confirmed\""), "{page}");
    assert!(!page.contains("Review queue"), "{page}");
    assert_eq!(reader.get("/app/review").await.status.as_u16(), 403);
    let csrf = csrf_of(&page);
    let path = format!("/app/review/accusation/{accusation}");
    let forged = reader
        .post(
            &path,
            &[("csrf", &csrf), ("version", "1"), ("review", "rejected")],
        )
        .await;
    assert_eq!(forged.status.as_u16(), 403, "{}", forged.text());

    // an analyst's session with a token from elsewhere writes nothing
    let mut analyst = Browser::new(&app);
    analyst.sign_in(&app.analyst).await;
    let cross_site = analyst
        .post(
            &path,
            &[("csrf", &csrf), ("version", "1"), ("review", "rejected")],
        )
        .await;
    assert_eq!(cross_site.status.as_u16(), 403);
    // nor can it write to the API with the cookie alone
    let api = analyst
        .send(
            Method::POST,
            &format!("/api/v1/accusations/{accusation}/review"),
            None,
        )
        .await;
    assert_eq!(api.status.as_u16(), 403, "{}", api.text());
    let stored = app
        .get(&format!("/api/v1/accusations/{accusation}"))
        .await
        .ok();
    assert_eq!(stored["review"], "unreviewed");
}

#[tokio::test]
async fn a_session_writes_to_the_api_with_its_csrf_token() {
    let app = TestApp::new().await;
    let (accusation, _) = imported(&app).await;
    let mut b = Browser::new(&app);
    b.sign_in(&app.analyst).await;
    let csrf = csrf_of(&b.get("/app").await.text());
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/accusations/{accusation}/review"))
        .header("cookie", b.cookie.clone().unwrap())
        .header("x-csrf-token", csrf)
        .header("if-match", "*")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"review":"confirmed"}"#))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text());
    assert_eq!(r.json()["review"], "confirmed");
}

#[tokio::test]
async fn pages_are_never_cached_or_framed() {
    let app = TestApp::with_config(public()).await;
    let r = Browser::new(&app).get("/app").await;
    assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(r.header("x-frame-options").as_deref(), Some("DENY"));
    assert!(
        r.header("content-security-policy")
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    let css = Browser::new(&app).get("/app/assets/app.css").await;
    assert_eq!(css.status.as_u16(), 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn an_analyst_corrects_a_record_and_the_api_and_history_show_it() {
    let app = TestApp::new().await;
    let (accusation, _) = imported(&app).await;
    let mut b = Browser::new(&app);
    b.sign_in(&app.analyst).await;
    let page = b
        .get(&format!("/app/accusations/{accusation}"))
        .await
        .text();
    assert!(page.contains("Correct this record"), "{page}");
    let csrf = csrf_of(&page);
    let path = format!("/app/correct/accusation/{accusation}");
    let before = app
        .get(&format!("/api/v1/accusations/{accusation}"))
        .await
        .ok();

    // nothing changed: nothing written
    let accuser = before["accuser"]["name"].as_str().unwrap().to_owned();
    let accused = before["accused"]["name"].as_str().unwrap_or("").to_owned();
    let date = before["stated_on"].as_str().unwrap().to_owned();
    let allegation = before["allegation"].as_str().unwrap_or("").to_owned();
    let same = [
        ("csrf", csrf.as_str()),
        ("version", "1"),
        ("speaker", accuser.as_str()),
        ("target", accused.as_str()),
        ("subject", allegation.as_str()),
        ("stated_on", date.as_str()),
    ];
    assert_eq!(b.post(&path, &same).await.status.as_u16(), 303);
    let unchanged = app
        .get(&format!("/api/v1/accusations/{accusation}"))
        .await
        .ok();
    assert_eq!(unchanged["version"], 1);

    // an actor nobody is named: the form comes back with what was typed
    let mut wrong = same;
    wrong[2] = ("speaker", "Nobody Atall");
    let r = b.post(&path, &wrong).await;
    assert_eq!(r.status.as_u16(), 422);
    let text = r.text();
    assert!(text.contains("no actor is named 'Nobody Atall'"), "{text}");
    assert!(text.contains("value=\"Nobody Atall\""), "{text}");

    // a real correction: the accused is the UK's Russia, the date a day later
    let mut fix = same;
    fix[3] = ("target", "the Kremlin");
    fix[5] = ("stated_on", "2020-07-17");
    let r = b.post(&path, &fix).await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.text());
    let after = app
        .get(&format!("/api/v1/accusations/{accusation}"))
        .await
        .ok();
    assert_eq!(after["accused"]["name"], "Russia");
    assert_eq!(after["stated_on"], "2020-07-17");
    assert_eq!(after["review"], "corrected");
    assert_eq!(after["version"], 2);
    let history = b
        .get(&format!("/app/accusations/{accusation}"))
        .await
        .text();
    assert!(history.contains("analyst · update"), "{history}");

    // the same form again, from version 1: the conflict keeps what was typed
    let mut stale = fix;
    stale[5] = ("stated_on", "2020-07-18");
    let r = b.post(&path, &stale).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text());
    let text = r.text();
    assert!(text.contains("changed this record meanwhile"), "{text}");
    assert!(text.contains("value=\"2020-07-18\""), "{text}");
    assert!(text.contains("name=\"version\" value=\"2\""), "{text}");
    let kept = app
        .get(&format!("/api/v1/accusations/{accusation}"))
        .await
        .ok();
    assert_eq!(kept["stated_on"], "2020-07-17");
}

#[tokio::test]
async fn an_analyst_merges_a_duplicate_from_the_actor_page() {
    let app = TestApp::new().await;
    let (_, russia) = imported(&app).await;
    let r = app
        .post(
            "/api/v1/actors",
            json!({"name": "Rossiyskaya Federatsiya", "kind": "state", "country": "RUS"}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text());
    let duplicate = r.ok()["id"].as_str().unwrap().to_owned();
    let mut b = Browser::new(&app);
    b.sign_in(&app.analyst).await;
    let page = b.get(&format!("/app/actors/{russia}")).await.text();
    assert!(page.contains("Merge a duplicate into this actor"), "{page}");
    let csrf = csrf_of(&page);
    let version = app.get(&format!("/api/v1/actors/{russia}")).await.ok()["version"].to_string();
    let path = format!("/app/merge/{russia}");

    // a name nobody has: the form comes back with it
    let r = b
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("duplicate", "Nobody Atall"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422);
    let text = r.text();
    assert!(text.contains("no actor is named 'Nobody Atall'"), "{text}");
    assert!(text.contains("value=\"Nobody Atall\""), "{text}");

    // itself: refused
    let russia_id = russia.to_string();
    let r = b
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("duplicate", &russia_id),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422);
    assert!(r.text().contains("cannot be merged into itself"));

    // a stale page: nothing merged, the form offered again at the new version
    let r = b
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", "999"),
                ("duplicate", &duplicate),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 409, "{}", r.text());
    assert!(r.text().contains("changed this actor meanwhile"));
    let still = app.get(&format!("/api/v1/actors/{duplicate}")).await.ok();
    assert!(still["merged_into"].is_null(), "{still}");

    // the merge: the duplicate points at Russia, audited
    let r = b
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("duplicate", &duplicate),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.text());
    let merged = app.get(&format!("/api/v1/actors/{duplicate}")).await.ok();
    assert_eq!(merged["merged_into"], russia_id, "{merged}");
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action in ('merge', 'merged')")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, 2);

    // without the session's token the form does nothing
    let r = b
        .post(
            &path,
            &[
                ("csrf", "forged"),
                ("version", &version),
                ("duplicate", &duplicate),
            ],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
}

#[tokio::test]
async fn a_reader_sees_no_merge_form() {
    let app = TestApp::with_config(public()).await;
    let (_, russia) = imported(&app).await;
    let page = Browser::new(&app)
        .get(&format!("/app/actors/{russia}"))
        .await
        .text();
    assert!(!page.contains("Merge a duplicate"), "{page}");
}

#[tokio::test]
async fn an_analyst_pastes_an_article_and_sees_the_records_found() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    // not signed in: to the sign-in page
    assert_eq!(b.get("/app/add").await.status.as_u16(), 303);
    b.sign_in(&app.analyst).await;
    let page = b.get("/app/add").await.text();
    assert!(page.contains("Add an article"), "{page}");
    let csrf = csrf_of(&page);

    // a wrong date: the form comes back with everything typed
    let r = b
        .post(
            "/app/add",
            &[
                ("csrf", &csrf),
                ("text", SEED),
                ("url", "https://example.org/seed"),
                ("published", "2020-13-45"),
                ("source", "Example"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422);
    let text = r.text();
    assert!(text.contains("is not a date"), "{text}");
    assert!(
        text.contains("value=\"https://example.org/seed\""),
        "{text}"
    );
    let count: i64 = sqlx::query_scalar("select count(*) from articles")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 0, "nothing stored");

    // the article: its records listed, each a link to its page
    let fields = [
        ("csrf", csrf.as_str()),
        ("text", SEED),
        ("url", "https://example.org/seed"),
        ("published", "2020-07-18"),
        ("source", "Example"),
    ];
    let r = b.post("/app/add", &fields).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text());
    let text = r.text();
    assert!(text.contains("Article added"), "{text}");
    let accusations: i64 = sqlx::query_scalar("select count(*) from accusations")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(accusations > 0);
    let shown = text.matches("href=\"/app/accusations/").count();
    assert_eq!(shown as i64, accusations, "{text}");
    assert!(text.contains("href=\"/app/responses/"), "{text}");

    // the same text again: nothing new, and it says so
    let r = b.post("/app/add", &fields).await;
    assert!(r.text().contains("Already stored"));

    // a reader may not add
    let mut reader = Browser::new(&app);
    reader.sign_in(&app.reader).await;
    let r = reader.get("/app/add").await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.text());
}
