//! The web app in a real browser: headless Chromium driven through
//! chromedriver (WebDriver), against a real `riposte serve` on a real
//! PostgreSQL holding the imported seed articles.
//!
//! Every page a test visits is saved as a screenshot under
//! `target/browser-screenshots/`, must log no console error, and must pass an
//! accessibility audit (axe-core, vendored in `tests/browser/axe-core/`)
//! without a serious or critical violation.
//!
//! Without chromedriver on the PATH these tests say so and pass, unless
//! `RIPOSTE_BROWSER_TESTS=required` (as `.ci/run` sets it), where they fail.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::support::fresh_db_with_url;

const AXE: &str = include_str!("../browser/axe-core/axe.min.js");

/// A child process stopped when the test ends, passed or not.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn chromedriver() -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("chromedriver"))
        .find(|p| p.is_file())
}

/// Waits until something accepts connections on `port`.
fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what} did not start listening on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// riposte serving the seed articles, and the keys to sign in with.
struct Server {
    _process: Running,
    base: String,
    analyst: String,
    reader: String,
    pool: sqlx::PgPool,
}

impl Server {
    /// The review state of accusation `id`, read from the database.
    async fn review_of(&self, id: &str) -> String {
        sqlx::query_scalar("select review::text from accusations where id = $1::uuid")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}

async fn server() -> Server {
    let (pool, url) = fresh_db_with_url().await;
    let riposte = env!("CARGO_BIN_EXE_riposte");
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seed-data/articles");
    let import = Command::new(riposte)
        .args(["import", seed, "--database-url", &url])
        .env_remove("RIPOSTE_DATA_DIR")
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let key = |name: &str, role: &str| {
        let out = Command::new(riposte)
            .args(["keys", "create", "--name", name, "--role", role])
            .args(["--database-url", &url])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let analyst = key("analyst", "analyst");
    let reader = key("reader", "reader");
    let port = free_port();
    let process = Command::new(riposte)
        .args(["serve", "--database-url", &url])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let process = Running(process);
    wait_for_port(port, "riposte serve");
    Server {
        _process: process,
        base: format!("http://127.0.0.1:{port}"),
        analyst,
        reader,
        pool,
    }
}

/// A headless Chromium, its driver, and the pages visited.
struct Browser {
    client: Client,
    _driver: Running,
    test: &'static str,
    visited: usize,
    base: String,
}

/// The browser's console log since the last read (chromedriver's
/// `se/log` endpoint; the W3C protocol has none).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or("")))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (
            axum::http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

impl Browser {
    /// None (after saying why) when no chromedriver is installed and the
    /// tests are not required.
    async fn open(test: &'static str, base: &str) -> Option<Browser> {
        let Some(driver) = chromedriver() else {
            assert!(
                std::env::var("RIPOSTE_BROWSER_TESTS").as_deref() != Ok("required"),
                "RIPOSTE_BROWSER_TESTS=required but chromedriver is not on the PATH \
                 (Debian: apt-get install chromium chromium-driver)"
            );
            eprintln!("{test}: skipped, chromedriver is not installed");
            return None;
        };
        let port = free_port();
        let process = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let driver = Running(process);
        wait_for_port(port, "chromedriver");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                             "--disable-dev-shm-usage", "--window-size=1280,1000"]}),
        );
        caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("starting headless Chromium");
        Some(Browser {
            client,
            _driver: driver,
            test,
            visited: 0,
            base: base.to_owned(),
        })
    }

    async fn goto(&mut self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
        self.check_page().await;
    }

    async fn click(&mut self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no '{css}' on the page: {e}"))
            .click()
            .await
            .unwrap();
        self.check_page().await;
    }

    async fn source(&self) -> String {
        self.client.source().await.unwrap()
    }

    async fn path(&self) -> String {
        let u = self.client.current_url().await.unwrap();
        match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        }
    }

    /// What every page must be: saved, free of console errors, accessible.
    async fn check_page(&mut self) {
        self.visited += 1;
        let shot = self.client.screenshot().await.unwrap();
        let dir = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/browser-screenshots"
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("{}-{:02}.png", self.test, self.visited)),
            shot,
        )
        .unwrap();
        let path = self.path().await;

        let log = self.client.issue_cmd(BrowserLog).await.unwrap();
        let errors: Vec<&Value> = log
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .collect();
        assert!(errors.is_empty(), "{path}: console errors {errors:?}");

        let violations = self
            .client
            .execute_async(
                &format!(
                    "{AXE}\n;const done = arguments[arguments.length - 1];\
                     axe.run(document).then(r => done(r.violations\
                       .filter(v => v.impact === 'serious' || v.impact === 'critical')\
                       .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' \
                            + v.nodes.map(n => n.target.join(' ')).join(', '))))\
                       .catch(e => done(['axe failed: ' + e]));"
                ),
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            violations,
            json!([]),
            "{path}: serious or critical accessibility violations"
        );
    }

    /// Presses Tab until the focused element matches `js_test` (an
    /// expression on `el`), then Enter: the keyboard-only path.
    async fn tab_to_and_press_enter(&mut self, js_test: &str, what: &str) {
        for _ in 0..60 {
            let focused = self
                .client
                .execute(
                    &format!("const el = document.activeElement; return !!(el && ({js_test}));"),
                    vec![],
                )
                .await
                .unwrap();
            if focused == json!(true) {
                self.client
                    .active_element()
                    .await
                    .unwrap()
                    .send_keys("\u{E007}")
                    .await
                    .unwrap();
                self.check_page().await;
                return;
            }
            self.client
                .active_element()
                .await
                .unwrap()
                .send_keys("\u{E004}")
                .await
                .unwrap();
        }
        panic!("Tab never reached {what}");
    }

    async fn sign_in(&mut self, key: &str) {
        self.goto("/app/sign-in").await;
        self.client
            .find(Locator::Css("#key"))
            .await
            .unwrap()
            .send_keys(key)
            .await
            .unwrap();
        self.click("form.sign-in button[type=submit]").await;
        assert!(self.source().await.contains("Signed in as"));
    }

    async fn sign_out(&mut self) {
        self.click("form.inline button[type=submit]").await;
        assert!(self.source().await.contains(">Sign in<"));
    }
}

/// The first `href` starting with `prefix` in a page.
fn first_link(page: &str, prefix: &str) -> String {
    page.split("href=\"")
        .find(|s| s.starts_with(prefix))
        .map(|s| s[..s.find('"').unwrap()].replace("&amp;", "&"))
        .unwrap_or_else(|| panic!("no link to {prefix}"))
}

#[tokio::test]
async fn a_researcher_goes_from_search_to_an_actor_a_pair_and_the_evidence() {
    let server = server().await;
    let Some(mut b) = Browser::open("researcher", &server.base).await else {
        return;
    };
    b.sign_in(&server.reader).await;
    b.client
        .find(Locator::Css("#q"))
        .await
        .unwrap()
        .send_keys("Russia")
        .await
        .unwrap();
    b.click("form.search button[type=submit]").await;
    assert!(b.path().await.starts_with("/app?q=Russia"));
    b.click("ul.results li:first-child a").await;
    assert!(b.path().await.starts_with("/app/actors/"));
    let page = b.source().await;
    assert!(page.contains("Statements per month") && page.contains("<svg"));
    b.click("a.pair").await;
    assert!(b.path().await.starts_with("/app/pair?"));
    let page = b.source().await;
    let record = first_link(&page, "/app/accusations/");
    b.goto(&record).await;
    let page = b.source().await;
    assert!(
        page.contains("<mark id=\"evidence-"),
        "the evidence is highlighted"
    );
    // a reader sees no write control
    assert!(!page.contains("value=\"confirmed\""));
    // who accuses whom: a cell leads to the pair's threads
    b.goto("/app/relations").await;
    b.click("table.heatmap td a").await;
    assert!(b.path().await.starts_with("/app/pair?"));
    // an event and its accusations
    b.goto("/app/events").await;
    b.click("ul.records li:first-child a").await;
    assert!(b.path().await.starts_with("/app/events/"));
    assert!(b.source().await.contains("Accusations about it"));
    b.sign_out().await;
    b.client.close().await.unwrap();
}

#[tokio::test]
async fn an_analyst_reviews_by_keyboard_and_a_stale_edit_shows_the_conflict() {
    let server = server().await;
    let Some(mut b) = Browser::open("analyst", &server.base).await else {
        return;
    };
    b.sign_in(&server.analyst).await;
    b.goto("/app/review").await;
    // keyboard only: Tab to the first Confirm button, Enter
    b.tab_to_and_press_enter("el.value === 'confirmed'", "a Confirm button")
        .await;
    let page = b.source().await;
    assert!(b.path().await.starts_with("/app/"), "{}", b.path().await);
    assert!(page.contains("confirmed"), "{page}");
    assert!(
        page.contains("analyst · review"),
        "the history shows the review"
    );

    // a stale edit: the queue page is read, someone else changes the record,
    // then the analyst's decision arrives with the old version
    b.goto("/app/review").await;
    let page = b.source().await;
    let target = first_link(&page, "/app/accusations/");
    let id = target.rsplit('/').next().unwrap().to_owned();
    sqlx::query(
        "update accusations set review = 'corrected', version = version + 1 where id = $1::uuid",
    )
    .bind(&id)
    .execute(&server.pool)
    .await
    .unwrap();
    b.click(&format!(
        "form[action='/app/review/accusation/{id}'] button[value=rejected]"
    ))
    .await;
    let page = b.source().await;
    assert!(page.contains("changed this record meanwhile"), "{page}");
    assert!(page.contains("corrected"), "the other change is shown");
    // nothing typed is lost: the decision is offered again, on the new version
    b.click("form.review button[value=rejected]").await;
    let review = server.review_of(&id).await;
    assert_eq!(review, "rejected");

    // a correction typed into a record's form
    b.goto("/app/review").await;
    let record = first_link(&b.source().await, "/app/accusations/");
    b.goto(&record).await;
    b.click("details.correct summary").await;
    let subject = b.client.find(Locator::Css("#subject")).await.unwrap();
    subject.clear().await.unwrap();
    subject.send_keys("a corrected allegation").await.unwrap();
    b.click("form.correct button[type=submit]").await;
    assert_eq!(b.path().await, record);
    let page = b.source().await;
    assert!(page.contains("a corrected allegation"), "{page}");
    assert!(page.contains("analyst · update"), "{page}");

    // an article pasted into the Add page: its records listed to review
    b.goto("/app/add").await;
    b.client
        .find(Locator::Css("#text"))
        .await
        .unwrap()
        .send_keys(
            "LONDON, July 20 - Britain accused Russia on Monday of trying to steal \
             coronavirus vaccine research.\n\nRussia denied the accusations on Tuesday, \
             calling them groundless.",
        )
        .await
        .unwrap();
    b.click("form.add button[type=submit]").await;
    let page = b.source().await;
    assert!(page.contains("Article added"), "{page}");
    let found = first_link(&page, "/app/accusations/");
    b.goto(&found).await;

    // an actor's page offers the merge form to an analyst
    let actor = first_link(&b.source().await, "/app/actors/");
    b.goto(&actor).await;
    b.click("details.merge summary").await;
    assert!(b.source().await.contains("Merge into this actor"));
    b.sign_out().await;
    b.client.close().await.unwrap();
}

#[tokio::test]
async fn a_reader_cannot_write_even_with_a_forged_request() {
    let server = server().await;
    let Some(mut b) = Browser::open("reader", &server.base).await else {
        return;
    };
    b.sign_in(&server.reader).await;
    let page = b.source().await;
    assert!(!page.contains("Review queue"));
    let record = first_link(&page, "/app/accusations/");
    let id = record.rsplit('/').next().unwrap().to_owned();
    // a request the page never offers, made from the page with its token
    let status = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const csrf = document.querySelector('input[name=csrf]').value;\
             fetch('/app/review/accusation/' + arguments[0], {method: 'POST',\
               headers: {'content-type': 'application/x-www-form-urlencoded'},\
               body: 'csrf=' + csrf + '&version=1&review=rejected'})\
             .then(r => done(r.status));",
            vec![json!(id)],
        )
        .await
        .unwrap();
    assert_eq!(status, json!(403));
    // the refusal is the one error the browser logged
    let log = b.client.issue_cmd(BrowserLog).await.unwrap();
    let errors: Vec<String> = log
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].to_string())
        .collect();
    assert!(errors.len() == 1 && errors[0].contains("403"), "{errors:?}");
    let review = server.review_of(&id).await;
    assert_eq!(review, "unreviewed");
    b.sign_out().await;
    b.client.close().await.unwrap();
}
