//! The web app: researchers read the record, analysts review it, in a
//! browser. Pages are rendered on the server from the same store calls the
//! API's handlers make, so a page shows exactly what the API serves; they
//! need no JavaScript. Signing in with an API key once gives a session
//! cookie (HttpOnly, SameSite=Strict); every form that writes carries the
//! session's CSRF token, and roles are checked as for the API.

mod add;
mod chart;
mod correct;
mod merge;
mod pages;
mod records;
mod relations;
mod review;
mod sign_in;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::AppState;
use super::auth::{self, same_secret};
use super::error::ApiError;
use crate::domain::ApiRole;
use crate::store::sessions::Session;

/// Where the app lives.
pub(super) const APP_PATH: &str = "/app";

const STYLE: &str = include_str!("../../../assets/app.css");
const ICON: &str = include_str!("../../../assets/icon.svg");

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to(APP_PATH) }))
        .route("/app", get(pages::home))
        .route("/app/actors/{id}", get(pages::actor))
        .route("/app/pair", get(pages::pair))
        .route("/app/relations", get(relations::matrix))
        .route("/app/events", get(relations::event_list))
        .route("/app/events/{id}", get(relations::event))
        .route("/app/accusations/{id}", get(records::accusation))
        .route("/app/responses/{id}", get(records::response))
        .route("/app/review", get(review::queue))
        .route("/app/review/{record}/{id}", post(review::decide))
        .route("/app/correct/{record}/{id}", post(correct::correct))
        .route("/app/merge/{id}", post(merge::merge))
        .route("/app/add", get(add::page).post(add::add))
        .route("/app/sign-in", get(sign_in::form).post(sign_in::sign_in))
        .route("/app/sign-out", post(sign_in::sign_out))
        .route("/app/assets/app.css", get(style))
        .route("/app/assets/icon.svg", get(icon))
}

async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
}

async fn icon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON,
    )
}

/// Who is looking at a page: a signed-in session, or an anonymous reader
/// (when the server allows public reads).
pub(super) struct Visitor {
    pub(super) session: Option<Session>,
}

impl Visitor {
    /// May this visitor write (confirm, reject, correct)?
    pub(super) fn may_write(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| matches!(s.holder.role, ApiRole::Analyst | ApiRole::Admin))
    }

    /// The CSRF token forms carry, when signed in.
    pub(super) fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf.as_str())
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub(super) fn check_csrf(&self, token: &str) -> Result<&Session, PageError> {
        let s = self.session.as_ref().ok_or(PageError::SignIn)?;
        if same_secret(token, &s.csrf) {
            Ok(s)
        } else {
            Err(PageError::Api(ApiError::Forbidden(
                "this form is not from this session (CSRF token mismatch): reload the page and try again"
                    .to_owned(),
            )))
        }
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let session = auth::session(parts, state).await?;
        Ok(Visitor { session })
    }
}

/// A visitor who may read: signed in, or anyone with public reads on.
pub(super) struct ReadingVisitor(pub Visitor);

impl FromRequestParts<AppState> for ReadingVisitor {
    type Rejection = PageError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let v = Visitor::from_request_parts(parts, state).await?;
        if v.session.is_none() && !state.config.public_read {
            return Err(PageError::SignIn);
        }
        Ok(ReadingVisitor(v))
    }
}

/// Why a page could not be shown.
pub(super) enum PageError {
    /// Not signed in where a session is needed: to the sign-in page.
    SignIn,
    Api(ApiError),
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError::Api(e)
    }
}

impl From<crate::store::StoreError> for PageError {
    fn from(e: crate::store::StoreError) -> Self {
        PageError::Api(e.into())
    }
}

impl From<sqlx::Error> for PageError {
    fn from(e: sqlx::Error) -> Self {
        PageError::Api(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::SignIn => Redirect::to("/app/sign-in").into_response(),
            PageError::Api(e) => {
                let status = e.status_code();
                let detail = match &e {
                    // the cause is logged by the API's own response; a page
                    // shows no internals either
                    ApiError::Internal(_) => {
                        let _ = e.into_response();
                        "something went wrong on the server; it has been logged".to_owned()
                    }
                    other => other.to_string(),
                };
                let title = status.canonical_reason().unwrap_or("Error");
                let body = layout(
                    &Visitor { session: None },
                    title,
                    html! {
                        h1 { (status.as_u16()) " " (title) }
                        p.error role="alert" { (detail) }
                        p { a href=(APP_PATH) { "Back to the start" } }
                    },
                );
                (status, body).into_response()
            }
        }
    }
}

pub(super) type PageResult = Result<Response, PageError>;

/// A page in the app's frame: navigation, the signed-in key, sign-out.
pub(super) fn layout(v: &Visitor, title: &str, main: Markup) -> Response {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · riposte" }
                link rel="stylesheet" href="/app/assets/app.css";
                link rel="icon" href="/app/assets/icon.svg" type="image/svg+xml";
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header {
                    nav aria-label="Main" {
                        a.brand href=(APP_PATH) { "riposte" }
                        a href=(APP_PATH) { "Search" }
                        a href="/app/relations" { "Relations" }
                        a href="/app/events" { "Events" }
                        @if v.may_write() {
                            a href="/app/review" { "Review queue" }
                            a href="/app/add" { "Add" }
                        }
                        a href="/api/v1/docs/" { "API" }
                        span.who {
                            @match &v.session {
                                Some(s) => {
                                    "Signed in as " strong { (s.holder.name) } " (" (s.holder.role) ") "
                                    form.inline method="post" action="/app/sign-out" {
                                        input type="hidden" name="csrf" value=(s.csrf);
                                        button type="submit" { "Sign out" }
                                    }
                                }
                                None => { a href="/app/sign-in" { "Sign in" } }
                            }
                        }
                    }
                }
                main id="main" { (main) }
            }
        }
    };
    let mut res = page.into_response();
    let h = res.headers_mut();
    // pages show what a session may see: never cached by shared caches,
    // never framed by another site
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    res
}

/// The record kind a path names (`accusation` or `response`), for the
/// pages and forms that act on either.
pub(super) fn record_entity(record: &str) -> Result<crate::store::audit::Entity, PageError> {
    use crate::store::audit::Entity;
    match record {
        "accusation" => Ok(Entity::Accusation),
        "response" => Ok(Entity::Response),
        other => Err(ApiError::NotFound(format!("no record kind '{other}'")).into()),
    }
}

/// A 303 to `to`, after a form.
/// A form sent back unsaved: what is wrong, the form with what was typed,
/// and a way to leave it (`(href, text)`).
pub(super) fn form_again(
    v: &Visitor,
    title: &str,
    problem: &str,
    form: Markup,
    leave: Option<(&str, &str)>,
    status: StatusCode,
) -> Response {
    let mut res = layout(
        v,
        title,
        html! {
            h1 { (title) }
            p.error role="alert" { (problem) }
            (form)
            @if let Some((href, text)) = leave {
                p { a href=(href) { (text) } }
            }
        },
    );
    *res.status_mut() = status;
    res
}

pub(super) fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}

/// A name linked to its actor page.
pub(super) fn actor_link(id: uuid::Uuid, name: &str) -> Markup {
    html! { a href={ "/app/actors/" (id) } { (name) } }
}

/// Text with the character ranges `marks` (start, end, id) highlighted;
/// ranges are Unicode code points, as the store keeps them.
pub(super) fn highlighted(text: &str, marks: &[(usize, usize, String)]) -> Markup {
    let mut marks: Vec<&(usize, usize, String)> = marks.iter().collect();
    marks.sort_by_key(|m| m.0);
    // every character offset the marks name, turned into a byte offset in
    // one walk over the text
    let mut wanted: Vec<usize> = marks.iter().flat_map(|m| [m.0, m.1]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut bytes = std::collections::HashMap::with_capacity(wanted.len());
    let mut next = wanted.iter().peekable();
    for (ci, (bi, _)) in text.char_indices().enumerate() {
        while next.peek().is_some_and(|&&w| w == ci) {
            bytes.insert(ci, bi);
            next.next();
        }
        if next.peek().is_none() {
            break;
        }
    }
    let byte_at = |c: usize| bytes.get(&c).copied().unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + marks.len() * 40);
    let mut at = 0;
    for (s, e, id) in marks {
        let (s, e) = (byte_at(*s).max(at), byte_at(*e));
        if s >= e {
            continue;
        }
        out.push_str(&escape(&text[at..s]));
        out.push_str(&format!("<mark id=\"{}\">", escape(id)));
        out.push_str(&escape(&text[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&escape(&text[at..]));
    PreEscaped(out)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
