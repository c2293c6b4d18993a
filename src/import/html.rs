//! The main text of an HTML page: its story, without navigation, scripts,
//! styles, comments, headers, footers and asides.

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Node, Selector};

#[derive(Debug, Default)]
pub(super) struct Page {
    pub(super) text: String,
    pub(super) title: Option<String>,
    pub(super) url: Option<String>,
    pub(super) published: Option<NaiveDate>,
    pub(super) site_name: Option<String>,
}

/// Elements whose text is never part of the story.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
    "figcaption",
];

/// Block elements whose text becomes a paragraph of its own.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "li",
    "blockquote",
    "pre",
    "td",
    "div",
    "section",
];

pub(super) fn main_text(html: &str) -> Page {
    let document = Html::parse_document(html);
    let meta = |selector: &str| -> Option<String> {
        let sel = Selector::parse(selector).ok()?;
        document
            .select(&sel)
            .find_map(|e| e.value().attr("content").or_else(|| e.value().attr("href")))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let title = meta("meta[property='og:title']").or_else(|| {
        let sel = Selector::parse("title").ok()?;
        document
            .select(&sel)
            .next()
            .map(|t| collapse(&t.text().collect::<String>()))
            .filter(|t| !t.is_empty())
    });
    let url = meta("link[rel='canonical']").or_else(|| meta("meta[property='og:url']"));
    let published = meta("meta[property='article:published_time']")
        .or_else(|| meta("meta[name='date']"))
        .or_else(|| meta("meta[itemprop='datePublished']"))
        .and_then(|v| {
            v.get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        });
    let site_name = meta("meta[property='og:site_name']");

    // The story is in <article> or <main> when the page marks it; else the body.
    let root = ["article", "main", "[role='main']", "body"]
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|sel| document.select(&sel).next());
    let mut paragraphs = Vec::new();
    if let Some(root) = root {
        let mut current = String::new();
        collect(root, &mut current, &mut paragraphs);
        flush(&mut current, &mut paragraphs);
    }
    let mut text = String::new();
    if let Some(title) = &title
        && paragraphs.first().is_none_or(|p| p != title)
    {
        text.push_str(title);
        text.push_str("\n\n");
    }
    text.push_str(&paragraphs.join("\n\n"));
    Page {
        text,
        title,
        url,
        published,
        site_name,
    }
}

fn collect(element: ElementRef<'_>, current: &mut String, paragraphs: &mut Vec<String>) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => current.push_str(text),
            Node::Element(el) => {
                let name = el.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                if name == "br" {
                    current.push(' ');
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    flush(current, paragraphs);
                }
                collect(child, current, paragraphs);
                if block {
                    flush(current, paragraphs);
                }
            }
            // Comments, doctype, processing instructions: never text.
            _ => {}
        }
    }
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let text = collapse(current);
    if !text.is_empty() {
        paragraphs.push(text);
    }
    current.clear();
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_story_is_kept_and_navigation_scripts_and_comments_are_not() {
        let page = main_text(
            r#"<html><head><title>Kremlin denies hacking</title>
            <link rel="canonical" href="https://example.org/2020/07/18/kremlin">
            <meta property="article:published_time" content="2020-07-18T09:00:00Z">
            <script>var x = "Russia accused";</script></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Kremlin denies hacking</h1>
            <p>Moscow <b>denied</b> the accusation on Friday.</p><!-- ad slot -->
            <p>"We had nothing to do with it," Peskov said.</p>
            <aside>Related: Another story</aside></article>
            <footer>Copyright</footer></body></html>"#,
        );
        assert_eq!(
            page.text,
            "Kremlin denies hacking\n\nMoscow denied the accusation on Friday.\n\n\"We had nothing to do with it,\" Peskov said."
        );
        assert_eq!(page.title.as_deref(), Some("Kremlin denies hacking"));
        assert_eq!(
            page.url.as_deref(),
            Some("https://example.org/2020/07/18/kremlin")
        );
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2020, 7, 18));
    }
}
