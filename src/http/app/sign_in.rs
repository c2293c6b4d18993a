//! Signing in with an API key, once: the browser then holds a session
//! cookie (HttpOnly, SameSite=Strict, Secure behind https). Signing out
//! ends the session on the server, not only in the browser.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use maud::html;
use serde::Deserialize;

use super::{APP_PATH, PageResult, Visitor, layout, see_other};
use crate::http::AppState;
use crate::http::auth::{self, SESSION_COOKIE};
use crate::http::error::ApiError;
use crate::store::{keys, sessions};

pub(super) async fn form(v: Visitor) -> PageResult {
    Ok(sign_in_page(&v, None, StatusCode::OK))
}

fn sign_in_page(v: &Visitor, error: Option<&str>, status: StatusCode) -> axum::response::Response {
    let mut res = layout(
        v,
        "Sign in",
        html! {
            h1 { "Sign in" }
            p { "Sign in with your API key, once: this browser then stays signed in for 12 hours or until you sign out." }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            form.sign-in method="post" action="/app/sign-in" {
                label for="key" { "API key" }
                input id="key" name="key" type="password" autocomplete="current-password" required placeholder="rpk_…";
                button type="submit" { "Sign in" }
            }
            p.muted { "No key? An administrator makes one with " code { "riposte keys create --name NAME --role analyst" } "." }
        },
    );
    *res.status_mut() = status;
    res
}

#[derive(Debug, Deserialize)]
pub(super) struct Credentials {
    key: String,
}

/// Whether the request came over https (directly or through a proxy that
/// says so): the cookie is then marked Secure.
fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// Whether a form came from another site: its `Origin` names another host
/// than the one it was sent to. (Sign-in has no session, so no CSRF token
/// yet: without this, another site could sign a visitor in as the
/// attacker's key.)
fn cross_site(headers: &HeaderMap) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        // browsers send "null" from opaque origins: never this app
        (Some("null"), _) => true,
        (Some(o), Some(h)) => o.split_once("://").map(|(_, rest)| rest) != Some(h),
        _ => false,
    }
}

pub(super) async fn sign_in(
    v: Visitor,
    State(s): State<AppState>,
    headers: HeaderMap,
    Form(c): Form<Credentials>,
) -> PageResult {
    if cross_site(&headers) {
        return Err(ApiError::Forbidden(
            "a sign-in from another site is refused: sign in from this app's own page".to_owned(),
        )
        .into());
    }
    let holder = keys::authenticate(&s.pool, c.key.trim()).await?;
    let Some(holder) = holder else {
        return Ok(sign_in_page(
            &v,
            Some("This key is unknown or revoked."),
            StatusCode::UNAUTHORIZED,
        ));
    };
    let session = sessions::create(&s.pool, holder.id).await?;
    let secure = if is_https(&headers) { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        session.token,
        sessions::SESSION_LIFETIME.num_seconds()
    );
    let mut res = see_other(APP_PATH);
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| ApiError::Internal(e.into()))?,
    );
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub(super) struct SignOut {
    csrf: String,
}

pub(super) async fn sign_out(
    v: Visitor,
    State(s): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<SignOut>,
) -> PageResult {
    v.check_csrf(&f.csrf)?;
    if let Some(token) = auth::cookie(&headers, SESSION_COOKIE) {
        sessions::end(&s.pool, token).await?;
    }
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    Ok(([(header::SET_COOKIE, clear)], see_other(APP_PATH)).into_response())
}
