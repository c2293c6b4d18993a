//! Reading articles: text files, HTML pages, JSON Lines, folders (walked
//! recursively) and standard input, one article at a time so memory stays
//! flat however large the input.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use super::html;

/// An article as read, before extraction.
#[derive(Debug, Clone)]
pub struct RawArticle {
    /// Where it came from, for messages: `path`, or `path:line` for JSON Lines.
    pub origin: String,
    /// The article's name in all output: its file name or its JSON `id`.
    pub name: String,
    pub text: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The outlet, when the input says.
    pub source: Option<String>,
}

/// An input item that could not be read as an article. The rest of the
/// batch carries on.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{origin}: {reason}")]
pub struct InputError {
    pub origin: String,
    pub reason: String,
}

impl InputError {
    fn new(origin: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            origin: origin.into(),
            reason: reason.into(),
        }
    }
}

pub type Item = Result<RawArticle, InputError>;

/// The most bytes one article may have as read (a file, or one JSON Lines
/// item). News articles are a few kilobytes; anything past this is a dump,
/// a feed pasted into one item or a mistake, and is refused by name so the
/// rest of the batch carries on.
pub const MAX_ARTICLE_BYTES: usize = 4 * 1024 * 1024;

fn too_large(origin: impl Into<String>, bytes: u64) -> InputError {
    InputError::new(
        origin,
        format!(
            "too large: {bytes} bytes, more than the {} MiB an article may have",
            MAX_ARTICLE_BYTES / (1024 * 1024)
        ),
    )
}

/// Files a folder walk picks up; anything else there (gold files, images,
/// READMEs) is left alone. A file named explicitly is read whatever its name.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "html", "htm", "jsonl", "ndjson"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    JsonLines,
    JsonObject,
}

fn format_of(path: &Path) -> Format {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => Format::Html,
        Some("jsonl" | "ndjson") => Format::JsonLines,
        Some("json") if !name.ends_with(".gold.json") => Format::JsonObject,
        _ => Format::Text,
    }
}

/// Every article under `paths`, in order; `-` is standard input.
pub fn read_all(paths: Vec<PathBuf>) -> impl Iterator<Item = Item> {
    paths
        .into_iter()
        .flat_map(|path| -> Box<dyn Iterator<Item = Item>> {
            if path.as_os_str() == "-" {
                return read_stdin();
            }
            match std::fs::metadata(&path) {
                Err(e) => Box::new(std::iter::once(Err(InputError::new(
                    path.display().to_string(),
                    format!("cannot read: {e}"),
                )))),
                Ok(meta) if meta.is_dir() => Box::new(walk(path).flat_map(|entry| match entry {
                    Ok(file) => read_file(&file),
                    Err(e) => Box::new(std::iter::once(Err(e))),
                })),
                Ok(_) => read_file(&path),
            }
        })
}

/// Files under a folder, depth first, in name order, lazily.
fn walk(root: PathBuf) -> impl Iterator<Item = Result<PathBuf, InputError>> {
    let mut stack = vec![root];
    // folders already read, by their real path: a symbolic link back up the
    // tree ("ln -s . loop") would otherwise be walked forever
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut files: std::vec::IntoIter<PathBuf> = Vec::new().into_iter();
    std::iter::from_fn(move || {
        loop {
            if let Some(file) = files.next() {
                return Some(Ok(file));
            }
            let dir = stack.pop()?;
            if let Ok(real) = std::fs::canonicalize(&dir)
                && !seen.insert(real)
            {
                continue;
            }
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) => {
                    return Some(Err(InputError::new(
                        dir.display().to_string(),
                        format!("cannot read folder: {e}"),
                    )));
                }
            };
            let mut found = Vec::new();
            let mut subdirs = Vec::new();
            for entry in entries.filter_map(Result::ok) {
                let path = entry.path();
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if hidden {
                    continue;
                }
                if path.is_dir() {
                    subdirs.push(path);
                } else if is_article_file(&path) {
                    found.push(path);
                }
            }
            found.sort();
            subdirs.sort();
            // Popped last-first, so push in reverse to visit in name order.
            stack.extend(subdirs.into_iter().rev());
            files = found.into_iter();
        }
    })
}

fn is_article_file(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    ARTICLE_EXTENSIONS
        .iter()
        .any(|ext| name.ends_with(&format!(".{ext}")))
}

fn read_file(path: &Path) -> Box<dyn Iterator<Item = Item>> {
    let origin = path.display().to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| origin.clone());
    // only a regular file: reading a FIFO or a device would wait forever
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Box::new(std::iter::once(Err(InputError::new(
                origin,
                "not a regular file (a FIFO, socket or device): not read",
            ))));
        }
        Ok(meta)
            if format_of(path) != Format::JsonLines && meta.len() > MAX_ARTICLE_BYTES as u64 =>
        {
            return Box::new(std::iter::once(Err(too_large(origin, meta.len()))));
        }
        _ => {}
    }
    match format_of(path) {
        Format::JsonLines => match File::open(path) {
            Ok(file) => Box::new(json_lines(BufReader::new(file), origin)),
            Err(e) => Box::new(std::iter::once(Err(InputError::new(
                origin,
                format!("cannot read: {e}"),
            )))),
        },
        format => {
            let item = std::fs::read(path)
                .map_err(|e| InputError::new(origin.clone(), format!("cannot read: {e}")))
                .and_then(|bytes| article_from_bytes(bytes, format, &origin, name));
            Box::new(std::iter::once(item))
        }
    }
}

fn read_stdin() -> Box<dyn Iterator<Item = Item>> {
    let stdin = std::io::stdin();
    let mut reader = BufReader::new(stdin);
    // JSON Lines when the first thing on standard input is an object.
    let first = match reader.fill_buf() {
        Ok(buf) => buf.iter().copied().find(|b| !b.is_ascii_whitespace()),
        Err(e) => {
            return Box::new(std::iter::once(Err(InputError::new(
                "<stdin>",
                format!("cannot read: {e}"),
            ))));
        }
    };
    if first == Some(b'{') {
        return Box::new(json_lines(reader, "<stdin>".to_owned()));
    }
    let mut bytes = Vec::new();
    let item = reader
        .take(MAX_ARTICLE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::new("<stdin>", format!("cannot read: {e}")))
        .and_then(|n| {
            if n > MAX_ARTICLE_BYTES {
                Err(too_large("<stdin>", n as u64))
            } else {
                article_from_bytes(bytes, Format::Text, "<stdin>", "stdin".to_owned())
            }
        });
    Box::new(std::iter::once(item))
}

/// The bytes of one file as an article.
fn article_from_bytes(
    bytes: Vec<u8>,
    format: Format,
    origin: &str,
    name: String,
) -> Result<RawArticle, InputError> {
    let text = into_text(bytes).map_err(|reason| InputError::new(origin, reason))?;
    match format {
        Format::Html => {
            let page = html::main_text(&text);
            non_empty(RawArticle {
                origin: origin.to_owned(),
                name,
                text: page.text,
                url: page.url,
                title: page.title,
                published: page.published,
                source: page.site_name,
            })
        }
        Format::JsonObject => {
            let record: JsonArticle = serde_json::from_str(&text)
                .map_err(|e| InputError::new(origin, format!("not a JSON article: {e}")))?;
            record.into_article(origin.to_owned(), name)
        }
        Format::Text | Format::JsonLines => non_empty(RawArticle {
            origin: origin.to_owned(),
            name,
            text,
            url: None,
            title: None,
            published: None,
            source: None,
        }),
    }
}

/// Text, or why the bytes are not text.
fn into_text(bytes: Vec<u8>) -> Result<String, String> {
    // A NUL byte never occurs in a text article: it is a binary file
    // (a PDF, an image, a database) that happens to decode.
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("not a text file (a NUL byte at offset {at})"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {}); convert it to UTF-8 first",
            e.utf8_error().valid_up_to()
        )
    })
}

fn non_empty(article: RawArticle) -> Result<RawArticle, InputError> {
    if article.text.trim().is_empty() {
        Err(InputError::new(article.origin, "empty article: no text"))
    } else {
        Ok(article)
    }
}

/// One line of a JSON Lines input.
#[derive(Debug, Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    text: Option<String>,
    url: Option<String>,
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
}

impl JsonArticle {
    fn into_article(self, origin: String, fallback_name: String) -> Result<RawArticle, InputError> {
        let Some(text) = self.text else {
            return Err(InputError::new(origin, "no `text` field"));
        };
        // PostgreSQL cannot store a NUL in text: say which field holds one
        let fields = [
            ("text", Some(&text)),
            ("url", self.url.as_ref()),
            ("title", self.title.as_ref()),
            ("source", self.source.as_ref()),
        ];
        if let Some((field, value)) = fields
            .iter()
            .find_map(|(f, v)| v.filter(|v| v.contains('\0')).map(|v| (f, v)))
        {
            let at = value.find('\0').unwrap_or(0);
            return Err(InputError::new(
                origin,
                format!(
                    "`{field}` holds a NUL character (\\u0000) at byte {at}, which text cannot store"
                ),
            ));
        }
        let published = match self.published.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(value) => Some(parse_published(value).ok_or_else(|| {
                InputError::new(
                    origin.clone(),
                    format!("`published` '{value}' is not a date (expected YYYY-MM-DD or an RFC 3339 time)"),
                )
            })?),
        };
        let name = match self.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => fallback_name,
        };
        non_empty(RawArticle {
            origin,
            name,
            text: decode_sgml_entities(&text),
            url: self.url.filter(|u| !u.trim().is_empty()),
            title: self.title.filter(|t| !t.trim().is_empty()),
            published,
            source: self.source.filter(|s| !s.trim().is_empty()),
        })
    }
}

fn parse_published(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(value)
                .ok()
                .map(|t| t.date_naive())
        })
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S")
                .ok()
                .map(|t| t.date())
        })
}

/// Archives such as Reuters-21578 keep SGML entities (`&lt;`, `&#3;`) in
/// their text. Decoding them once, here, means the stored text (and every
/// evidence offset into it) is the text a reader sees.
fn decode_sgml_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[..rest.len().min(10)].find(';');
        let decoded = end.and_then(|end| {
            let entity = &rest[1..end];
            let ch = match entity {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix('#')
                    .and_then(|n| n.parse::<u32>().ok())
                    .and_then(char::from_u32)
                    // Control characters (Reuters' &#3; end-of-text marks) carry no text.
                    .map(|c| if c.is_control() && c != '\n' { ' ' } else { c }),
            }?;
            Some((ch, end + 1))
        });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// JSON Lines, one article a line; blank lines are skipped; each bad line
/// is an error naming its line number, and the rest carries on.
fn json_lines<R: BufRead + 'static>(mut reader: R, origin: String) -> impl Iterator<Item = Item> {
    let mut number = 0usize;
    let mut buf = Vec::new();
    std::iter::from_fn(move || {
        loop {
            buf.clear();
            number += 1;
            match read_line_bounded(&mut reader, &mut buf, MAX_ARTICLE_BYTES) {
                Ok(Line::End) => return None,
                Ok(Line::Read) => {}
                Ok(Line::TooLong(bytes)) => {
                    return Some(Err(too_large(format!("{origin}:{number}"), bytes)));
                }
                Err(e) => {
                    return Some(Err(InputError::new(
                        format!("{origin}:{number}"),
                        format!("cannot read: {e}"),
                    )));
                }
            }
            let here = format!("{origin}:{number}");
            let line = match std::str::from_utf8(&buf) {
                Ok(line) => line.trim(),
                Err(e) => {
                    return Some(Err(InputError::new(
                        here,
                        format!(
                            "not UTF-8 text (invalid byte at column {})",
                            e.valid_up_to() + 1
                        ),
                    )));
                }
            };
            if line.is_empty() {
                continue;
            }
            let fallback = format!("{}:{number}", file_name(&origin));
            return Some(
                serde_json::from_str::<JsonArticle>(line)
                    .map_err(|e| InputError::new(here.clone(), format!("not JSON: {e}")))
                    .and_then(|record| record.into_article(here, fallback)),
            );
        }
    })
}

/// What [`read_line_bounded`] read.
enum Line {
    End,
    Read,
    /// A line longer than the limit, passed over: its length in bytes.
    TooLong(u64),
}

/// Reads one line into `buf` (cleared by the caller), keeping at most
/// `limit` bytes: a longer line is read to its end without being kept, so
/// one huge item costs no more memory than the limit and the next line is
/// read as usual.
fn read_line_bounded<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Line> {
    let mut total: u64 = 0;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(match total {
                0 => Line::End,
                _ if buf.len() as u64 == total => Line::Read,
                _ => Line::TooLong(total),
            });
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (&available[..=at], true),
            None => (available, false),
        };
        let n = chunk.len();
        if buf.len() + n <= limit && buf.len() as u64 == total {
            buf.extend_from_slice(chunk);
        } else {
            buf.clear();
        }
        total += n as u64;
        reader.consume(n);
        if done {
            return Ok(if buf.len() as u64 == total {
                Line::Read
            } else {
                Line::TooLong(total)
            });
        }
    }
}

fn file_name(origin: &str) -> &str {
    origin.rsplit('/').next().unwrap_or(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_character_in_a_json_lines_text_is_named() {
        let input = "{\"text\": \"Russia\\u0000 denied it.\"}\n{\"text\": \"ok\"}\n";
        let items: Vec<Item> = json_lines(
            std::io::Cursor::new(input.as_bytes().to_vec()),
            "f.jsonl".into(),
        )
        .collect();
        let err = items[0].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with("f.jsonl:1: `text` holds a NUL character"),
            "{err}"
        );
        assert!(items[1].is_ok());
    }

    #[test]
    fn a_line_past_the_limit_is_passed_over_and_the_next_is_read() {
        let input = format!("{}\n{{\"text\": \"ok\"}}\n", "x".repeat(100));
        let mut reader = std::io::Cursor::new(input.into_bytes());
        let mut buf = Vec::new();
        assert!(matches!(
            read_line_bounded(&mut reader, &mut buf, 50).unwrap(),
            Line::TooLong(101)
        ));
        buf.clear();
        assert!(matches!(
            read_line_bounded(&mut reader, &mut buf, 50).unwrap(),
            Line::Read
        ));
        assert_eq!(buf, b"{\"text\": \"ok\"}\n");
        buf.clear();
        assert!(matches!(
            read_line_bounded(&mut reader, &mut buf, 50).unwrap(),
            Line::End
        ));
    }

    #[test]
    fn a_folder_with_a_link_to_itself_is_read_once() {
        let dir = std::env::temp_dir().join(format!("riposte-walk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "Russia denied it.").unwrap();
        let _ = std::os::unix::fs::symlink(".", dir.join("loop"));
        let files: Vec<PathBuf> = walk(dir.clone()).filter_map(Result::ok).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(files.len(), 1, "{files:?}");
    }

    fn lines(input: &str) -> Vec<Item> {
        json_lines(
            std::io::Cursor::new(input.as_bytes().to_vec()),
            "feed.jsonl".into(),
        )
        .collect()
    }

    #[test]
    fn a_bad_json_line_is_an_error_naming_its_line_and_the_rest_carries_on() {
        let items = lines(
            "{\"id\": \"a\", \"text\": \"Russia denied it.\"}\n\nnot json\n{\"text\": \"China denied it.\", \"published\": \"2020-13-40\"}\n{\"text\": \"\"}\n{\"text\": \"Iran denied it.\", \"published\": \"2020-07-18\"}\n",
        );
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].as_ref().unwrap().name, "a");
        let err = items[1].as_ref().unwrap_err();
        assert_eq!(err.origin, "feed.jsonl:3");
        assert!(err.reason.starts_with("not JSON"), "{err}");
        let err = items[2].as_ref().unwrap_err();
        assert_eq!(err.origin, "feed.jsonl:4");
        assert!(err.reason.contains("'2020-13-40' is not a date"), "{err}");
        assert!(
            items[3]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("empty article")
        );
        let last = items[4].as_ref().unwrap();
        assert_eq!(last.name, "feed.jsonl:6");
        assert_eq!(last.published, NaiveDate::from_ymd_opt(2020, 7, 18));
    }

    #[test]
    fn binary_and_non_utf8_files_are_refused_with_the_offset() {
        let err = article_from_bytes(
            b"%PDF\0\x01".to_vec(),
            Format::Text,
            "a.pdf",
            "a.pdf".into(),
        )
        .unwrap_err();
        assert!(err.reason.contains("NUL byte at offset 4"), "{err}");
        let err = article_from_bytes(b"Caf\xe9".to_vec(), Format::Text, "b.txt", "b.txt".into())
            .unwrap_err();
        assert!(
            err.reason
                .contains("not UTF-8 text (invalid byte at offset 3)"),
            "{err}"
        );
    }

    #[test]
    fn sgml_entities_are_decoded() {
        assert_eq!(
            decode_sgml_entities("AT&amp;T &lt;T&gt; said&#3; &bogus; & co"),
            "AT&T <T> said  &bogus; & co"
        );
    }

    #[test]
    fn a_folder_walk_takes_articles_and_leaves_gold_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for f in [
            "b.txt",
            "a.txt",
            "a.gold.json",
            "notes.md",
            "sub/c.html",
            ".hidden.txt",
        ] {
            std::fs::write(dir.path().join(f), "<p>Russia denied it.</p>").unwrap();
        }
        let names: Vec<_> = read_all(vec![dir.path().to_path_buf()])
            .map(|item| item.unwrap().name)
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "c.html"]);
    }
}
