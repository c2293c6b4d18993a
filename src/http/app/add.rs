//! Adding an article (analysts): paste its text with its url, date and
//! outlet, and see the records the importer found in it, each a link to its
//! page, ready to review. The article goes through the same import as
//! `POST /api/v1/articles`; a problem brings the form back with everything
//! typed in it.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;

use super::{PageError, PageResult, Visitor, form_again, layout};
use crate::http::AppState;
use crate::http::articles::{self, ImportedArticle, NewArticle};
use crate::http::auth::Analyst;
use crate::http::error::ApiError;

/// What the Add form holds, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Pasted {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    published: String,
    #[serde(default)]
    source: String,
}

impl Pasted {
    /// The article to import, or what is wrong with the form.
    fn article(&self) -> Result<NewArticle, String> {
        let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let published = match given(&self.published) {
            None => None,
            Some(d) => Some(
                d.parse::<NaiveDate>()
                    .map_err(|_| format!("date: '{d}' is not a date (YYYY-MM-DD)"))?,
            ),
        };
        if self.text.trim().is_empty() {
            return Err("text: paste the article's text".to_owned());
        }
        Ok(NewArticle {
            text: self.text.clone(),
            name: given(&self.title).or_else(|| given(&self.url)),
            url: given(&self.url),
            title: given(&self.title),
            published,
            source: given(&self.source),
        })
    }
}

fn form(v: &Visitor, p: &Pasted) -> Markup {
    html! {
        form.add method="post" action="/app/add" {
            input type="hidden" name="csrf" value=(v.csrf());
            label for="text" { "Text of the article" }
            textarea id="text" name="text" rows="16" required { (p.text) }
            label for="url" { "URL" }
            input id="url" name="url" type="url" value=(p.url);
            label for="title" { "Title" }
            input id="title" name="title" type="text" value=(p.title);
            label for="published" { "Published (empty: read from the text)" }
            input id="published" name="published" type="date" value=(p.published);
            label for="source" { "Outlet" }
            input id="source" name="source" type="text" value=(p.source);
            button type="submit" { "Add and find the records" }
        }
    }
}

/// The Add page: the empty form.
pub(super) async fn page(v: Visitor) -> PageResult {
    let session = v.session.as_ref().ok_or(PageError::SignIn)?;
    Analyst::of_session(session)?;
    Ok(layout(
        &v,
        "Add an article",
        html! {
            h1 { "Add an article" }
            p { "The records found in it are stored unreviewed, as an import stores them, and listed here to review." }
            (form(&v, &Pasted::default()))
        },
    ))
}

pub(super) async fn add(
    v: Visitor,
    State(s): State<AppState>,
    Form(p): Form<Pasted>,
) -> PageResult {
    let session = v.check_csrf(&p.csrf)?;
    let who = Analyst::of_session(session)?;
    let problem = match p.article() {
        Ok(article) => match articles::import(&s, &who, article).await {
            Ok(imported) => return Ok(found(&v, &imported)),
            Err(e @ (ApiError::Validation { .. } | ApiError::BadRequest { .. })) => e.to_string(),
            Err(e) => return Err(e.into()),
        },
        Err(problem) => problem,
    };
    Ok(form_again(
        &v,
        "Article not added",
        &problem,
        form(&v, &p),
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

/// A record found in the article, with the sentences behind it.
struct Found<'a> {
    record: &'a str,
    id: uuid::Uuid,
    kind: Option<&'a str>,
    sentences: Vec<&'a str>,
    confidence: f32,
}

/// What the import found: each record once, with the sentences behind it.
fn found(v: &Visitor, imported: &ImportedArticle) -> axum::response::Response {
    let a = &imported.article;
    let mut records: Vec<Found<'_>> = Vec::new();
    for f in a
        .findings
        .iter()
        .filter(|f| f.record == "accusation" || f.record == "response")
    {
        match records.iter_mut().find(|r| r.id == f.record_id) {
            Some(r) => r.sentences.push(&f.sentence),
            None => records.push(Found {
                record: &f.record,
                id: f.record_id,
                kind: f.kind.as_deref(),
                sentences: vec![&f.sentence],
                confidence: f.confidence,
            }),
        }
    }
    layout(
        v,
        "Article added",
        html! {
            h1 { @if imported.duplicate { "Already stored" } @else { "Article added" } }
            p {
                @if imported.duplicate {
                    "The same text was stored before: nothing new was written. Its records:"
                } @else {
                    (count(imported.accusations, "accusation")) " and "
                    (count(imported.responses, "response")) " found ("
                    (imported.merged) " already reported by other articles, "
                    (count(imported.links, "link")) ", " (count(imported.events, "event")) ")."
                }
            }
            @if records.is_empty() {
                p.muted { "No accusation or response was found in it." }
            } @else {
                ol.found {
                    @for r in &records {
                        li {
                            a href={ "/app/" (r.record) "s/" (r.id) } {
                                (r.kind.unwrap_or(r.record))
                            }
                            " · confidence " (format!("{:.2}", r.confidence))
                            @for s in &r.sentences { blockquote { (s) } }
                        }
                    }
                }
                p { a href="/app/review?order=newest" { "Review them in the queue (newest first)" } }
            }
        },
    )
}

/// "1 accusation", "3 accusations".
fn count(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
