//! Stage 1, parse: the crawl header line, datelines, a date in the url, the
//! title, and the story body without boilerplate (menus, captions, "Story
//! Code", and everything from a "Featured Stories"/"Related"/"Comments"
//! header on, which must never yield records).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::extract::lexicon::Lexicon;
use crate::extract::model::{ArticleInput, PublishedSource};
use crate::extract::text::{ascii_digit8, eight_at};

/// A kept paragraph: a byte range of the input text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Paragraph {
    pub start: usize,
    pub end: usize,
    /// A headline-like line (no final full stop) at the top of the story.
    pub headline: bool,
    /// Part of hard-wrapped text (archived newswire), whose style
    /// capitalises the word after "U.S." mid-sentence.
    pub wrapped: bool,
}

/// What the parse stage found.
#[derive(Debug, Clone)]
pub(super) struct Parsed {
    pub published: Option<NaiveDate>,
    pub published_source: Option<PublishedSource>,
    pub title: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub body: std::ops::Range<usize>,
}

const MONTHS: &str = r"(?i:(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))";

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*date (\d{4})-(\d{2})-(\d{2})(?: \d+)?[ \t]*\n?").unwrap_or_else(|_| never())
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(\d{{1,2}})\s+{MONTHS}\.?,?\s+(\d{{4}})")).unwrap_or_else(|_| never())
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b{MONTHS}\.?\s+(\d{{1,2}}),?\s+(\d{{4}})")).unwrap_or_else(|_| never())
});
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
        .unwrap_or_else(|_| never())
});
static LEAD_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*[A-Z][A-Za-z .'-]{{1,30}},\s+{MONTHS}\.?\s+(\d{{1,2}})(?:,\s+(\d{{4}}))?\s*(?:[./(-]|--|—|–)"
    ))
    .unwrap_or_else(|_| never())
});
static WEEKDAY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+(?:{MONTHS}\.?\s+(\d{{1,2}})|(\d{{1,2}})\s+{MONTHS}\.?),?\s+(\d{{4}})"
    ))
    .unwrap_or_else(|_| never())
});
static URL_SLASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/_.-]|$)")
        .unwrap_or_else(|_| never())
});
static URL_COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:\d|[/_.-]|$)").unwrap_or_else(|_| never())
});
/// A date in an article's name (a file name, a JSON Lines id):
/// `2020-07-18`, `2020_07_18`, `2020.07.18`, or a year and month
/// (`2013-07`), standing apart from other digits.
static NAME_DASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:19|20)\d{2})[-_.](\d{1,2})(?:[-_.](\d{1,2}))?(?:[^0-9]|$)")
        .unwrap_or_else(|_| never())
});
/// `20200718` standing apart from other digits.
static NAME_COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:19|20)\d{2})(\d{2})(\d{2})(?:[^0-9]|$)")
        .unwrap_or_else(|_| never())
});
static YEAR_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:{MONTHS}\.?\s+(?:\d{{1,2}},?\s+)?|(?-u:\b)[Ii]n\s+)((?:19|20)\d{{2}})(?-u:\b)"
    ))
    .unwrap_or_else(|_| never())
});

/// The patterns above are literals checked by the tests; a failure to compile
/// one is a programming error caught before release, never input-dependent.
fn never() -> Regex {
    // An always-valid pattern that matches nothing useful.
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!("a constant regex"))
}

/// The line opens as [`LEAD_DATELINE`] requires: a capital, then 1 to 30
/// letters, spaces, dots, apostrophes or hyphens, then a comma. Exact for
/// that part of the pattern (the comma is outside the class, so the run
/// must end at it) and far cheaper than the pattern on most lines.
fn may_open_with_place(line: &str) -> bool {
    let line = line.trim_start().as_bytes();
    if !line.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let run = line
        .iter()
        .skip(1)
        .take(31)
        .take_while(|&&b| b.is_ascii_alphabetic() || matches!(b, b' ' | b'.' | b'\'' | b'-'))
        .count();
    (1..=30).contains(&run) && line.get(1 + run) == Some(&b',')
}

/// A month number from an English month name or abbreviation.
pub(super) fn month_number(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    let m = match l.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Four ASCII digits in a row: the year without which no date is read.
fn has_year_digits(line: &str) -> bool {
    let bytes = line.as_bytes();
    // Any four bytes in a row lie within one of the eight-byte windows that
    // start every fifth byte (past the end, zeros: no digits).
    (0..bytes.len()).step_by(5).any(|at| {
        let digits = eight_at(bytes, at, (bytes.len() - at).min(8)).map_or(0, ascii_digit8);
        digits & (digits >> 8) & (digits >> 16) & (digits >> 24) != 0
    })
}

/// A full date (day, month and year) written in a line, if any. Only a
/// year of ASCII digits parses, so a line without four of them in a row
/// has none.
fn full_date_in(line: &str) -> Option<NaiveDate> {
    if let Some(c) = DAY_MONTH_YEAR.captures(line) {
        let m = month_number(c.get(2)?.as_str())?;
        if let Some(d) = ymd(c.get(3)?.as_str(), m, c.get(1)?.as_str()) {
            return Some(d);
        }
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(line) {
        let m = month_number(c.get(1)?.as_str())?;
        if let Some(d) = ymd(c.get(3)?.as_str(), m, c.get(2)?.as_str()) {
            return Some(d);
        }
    }
    if let Some(c) = NUMERIC_DATE.captures(line) {
        if let (Some(a), Some(b), Some(y)) = (c.get(1), c.get(2), c.get(3)) {
            let a: u32 = a.as_str().parse().ok()?;
            let b: u32 = b.as_str().parse().ok()?;
            // Day first unless that cannot be (most outlets outside the US).
            let (d, m) = if b > 12 { (b, a) } else { (a, b) };
            return ymd(y.as_str(), m, &d.to_string());
        }
        if let (Some(y), Some(m), Some(d)) = (c.get(4), c.get(5), c.get(6)) {
            let m: u32 = m.as_str().parse().ok()?;
            return ymd(y.as_str(), m, d.as_str());
        }
    }
    None
}

/// The date in a url (/2019/09/18/, -20191210-, /202010221080846559-).
pub(super) fn url_date(url: &str) -> Option<NaiveDate> {
    for re in [&*URL_SLASHED, &*URL_COMPACT] {
        for c in re.captures_iter(url) {
            let (Some(y), Some(m), Some(d)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            let Ok(m) = m.as_str().parse::<u32>() else {
                continue;
            };
            if let Some(date) = ymd(y.as_str(), m, d.as_str()) {
                return Some(date);
            }
        }
    }
    None
}

/// A date an article's name carries: a whole day, or only a year and month
/// (`...-2013-07.txt`), which still tells a dateline's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameDate {
    Day(NaiveDate),
    Month(i32, u32),
}

/// The date in an article's name (its file name or JSON Lines id:
/// `iran-denies-1987-03-22.txt`, `2020_07_18_story`, `report-20191210`).
pub(super) fn name_date(name: &str) -> Option<NameDate> {
    // most names have no run of four digits at all
    if !has_year_digits(name) {
        return None;
    }
    for c in NAME_DASHED.captures_iter(name) {
        let (Some(y), Some(m)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let Ok(m) = m.as_str().parse::<u32>() else {
            continue;
        };
        match c.get(3) {
            Some(d) => {
                if let Some(date) = ymd(y.as_str(), m, d.as_str()) {
                    return Some(NameDate::Day(date));
                }
            }
            None => {
                if let (Ok(y), true) = (y.as_str().parse::<i32>(), (1..=12).contains(&m)) {
                    return Some(NameDate::Month(y, m));
                }
            }
        }
    }
    for c in NAME_COMPACT.captures_iter(name) {
        let (Some(y), Some(m), Some(d)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let Ok(m) = m.as_str().parse::<u32>() else {
            continue;
        };
        if let Some(date) = ymd(y.as_str(), m, d.as_str()) {
            return Some(NameDate::Day(date));
        }
    }
    None
}

/// The year of a dateline that gives only a month and a day ("RYBINSK,
/// April 25"), from a date known otherwise (`evidence`: the url's, the
/// name's, the crawl's): the year that puts the dateline on or before the
/// evidence (a story is dated before it is crawled or filed) and nearest
/// to it, a day's slack allowed for time zones.
fn dateline_in_year_of(month: u32, day: u32, evidence: NaiveDate) -> Option<NaiveDate> {
    let latest = evidence + chrono::Days::new(1);
    (evidence.year() - 1..=evidence.year() + 1)
        .rev()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .find(|&d| d <= latest)
}

/// The latest year the text mentions in a date-like phrase ("March 2020",
/// "in 2016"): the best guess for a dateline that gives no year.
fn year_hint(text: &str) -> Option<i32> {
    // The year group ends every match and is four ASCII digits: the match's
    // last four bytes. Plain matching skips the far slower capture search.
    YEAR_MENTION
        .find_iter(text)
        .filter_map(|m| {
            m.as_str()
                .get(m.len().saturating_sub(4)..)?
                .parse::<i32>()
                .ok()
        })
        .max()
}

#[cfg(test)]
fn normalized_line(line: &str) -> String {
    let mut norm = String::new();
    normalize_line_into(line, &mut norm);
    norm
}

/// The line as the boilerplate lists are written (trimmed, without a final
/// colon, lower case, apostrophes straight), into a buffer that serves every
/// line of an article.
fn normalize_line_into(line: &str, norm: &mut String) {
    norm.clear();
    let line = line.trim().trim_end_matches([':', ' ', '\u{a0}']);
    // A capital sigma lower-cases by its place in the word, which only the
    // whole-string conversion knows.
    if line.contains('\u{03A3}') {
        norm.push_str(&line.to_lowercase().replace('\u{2019}', "'"));
        return;
    }
    // An ASCII line (most of them) is copied whole and lower-cased in place.
    if line.is_ascii() {
        norm.push_str(line);
        norm.make_ascii_lowercase();
        return;
    }
    // Otherwise runs of ASCII copied and lower-cased whole, each other
    // character lower-cased alone, the curly apostrophe straightened.
    let mut rest = line;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let from = norm.len();
        norm.push_str(&rest[..ascii]);
        norm[from..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        match c {
            '\u{2019}' => norm.push('\''),
            c => norm.extend(c.to_lowercase()),
        }
        rest = &rest[c.len_utf8()..];
    }
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | ':' | '"' | '\u{201D}' | '\u{2019}' | ')' | '…' | '\''
        )
    })
}

/// Runs the parse stage: the header line, the lines kept as the story
/// (datelines read, boilerplate and captions left out, the story cut where
/// its end matter starts), the publication date from every source the
/// input offers, and the paragraphs with their headlines.
pub(super) fn parse(input: &ArticleInput<'_>, lex: &Lexicon) -> Parsed {
    let text = input.text;
    let (pos, header_date) = header(text);
    let lines = line_ranges(text, pos);
    let wrap = wrap_width(text, &lines);
    let scan = scan_lines(text, &lines, wrap, lex);

    // Dates known besides the text's own datelines, most exact first.
    let url_d = input.url.and_then(url_date);
    let name_d = name_date(input.name);
    let name_day = match name_d {
        Some(NameDate::Day(d)) => Some(d),
        _ => None,
    };
    // what fixes the year of a dateline that gives none
    let evidence = url_d
        .or(name_day)
        .or_else(|| match name_d {
            Some(NameDate::Month(y, m)) => month_end(y, m),
            _ => None,
        })
        .or(header_date)
        .or(input.published);
    let dateline_date = scan
        .dateline
        .or_else(|| lead_dateline(text, &scan.kept, evidence, scan.weak_date));

    let (published, published_source) = if let Some(d) = input.published {
        (Some(d), Some(PublishedSource::Input))
    } else if let Some(d) = dateline_date {
        (Some(d), Some(PublishedSource::Dateline))
    } else if let Some(d) = url_d {
        (Some(d), Some(PublishedSource::Url))
    } else if let Some(d) = name_day {
        (Some(d), Some(PublishedSource::Name))
    } else if let Some(d) = header_date {
        (Some(d), Some(PublishedSource::HeaderLine))
    } else if let Some(d) = scan.weak_date {
        (Some(d), Some(PublishedSource::Dateline))
    } else {
        (None, None)
    };

    let mut paragraphs = paragraphs(text, &scan.kept, wrap);
    mark_headlines(text, &mut paragraphs);
    let title = input.title.map(str::to_string).or_else(|| {
        paragraphs
            .iter()
            .find(|p| p.headline && text[p.start..p.end].split_whitespace().count() >= 3)
            .map(|p| text[p.start..p.end].to_string())
    });
    let body_start = paragraphs.first().map_or(pos, |p| p.start);
    let body_end = scan
        .cut_at
        .map(|c| c.max(body_start))
        .or_else(|| paragraphs.last().map(|p| p.end))
        .unwrap_or(body_start);
    Parsed {
        published,
        published_source,
        title,
        paragraphs,
        body: body_start..body_end,
    }
}

/// A crawl header line ("date 2020-07-16 ...") opening the text: where the
/// text after it starts, and its date.
fn header(text: &str) -> (usize, Option<NaiveDate>) {
    // The header opens the text: a look at the start spares most texts the
    // pattern.
    if !text.trim_start().starts_with("date ") {
        return (0, None);
    }
    let Some(c) = HEADER.captures(text) else {
        return (0, None);
    };
    let date = match (c.get(1), c.get(2), c.get(3)) {
        (Some(y), Some(m), Some(d)) => m
            .as_str()
            .parse::<u32>()
            .ok()
            .and_then(|m| ymd(y.as_str(), m, d.as_str())),
        _ => None,
    };
    (c.get(0).map_or(0, |m| m.end()), date)
}

/// The lines of the text from `pos`, as byte ranges.
fn line_ranges(text: &str, pos: usize) -> Vec<(usize, usize)> {
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut s = pos;
    while let Some(i) = text.get(s..).and_then(|rest| rest.find('\n')) {
        lines.push((s, s + i));
        s += i + 1;
    }
    if s < text.len() {
        lines.push((s, text.len()));
    }
    lines
}

/// What reading the lines one by one finds.
struct LineScan {
    /// The lines kept as the story, trimmed; an empty range marks a
    /// paragraph break.
    kept: Vec<(usize, usize)>,
    /// A line near the top that is only a date.
    dateline: Option<NaiveDate>,
    /// A date with its weekday near the top ("Friday, March 13, 1987").
    weak_date: Option<NaiveDate>,
    /// Where the story's end matter starts, if it does.
    cut_at: Option<usize>,
}

/// Reads the lines: datelines are read and dropped, boilerplate, captions
/// and repeated headlines left out, and the story cut at its end matter.
fn scan_lines(
    text: &str,
    lines: &[(usize, usize)],
    wrap: Option<usize>,
    lex: &Lexicon,
) -> LineScan {
    let mut scan = LineScan {
        kept: Vec::new(),
        dateline: None,
        weak_date: None,
        cut_at: None,
    };
    let mut kept_prose = 0usize;
    let mut seen_lines: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let mut nonempty_seen = 0usize;
    let mut norm = String::new();
    // the line before, as hard-wrapped text continues it
    let mut prev_line = "";

    for &(ls, le) in lines {
        let raw = &text[ls..le];
        let line = raw.trim();
        let before = std::mem::replace(&mut prev_line, line);
        if line.is_empty() {
            scan.kept.push((ls, ls)); // a paragraph break marker
            continue;
        }
        nonempty_seen += 1;
        normalize_line_into(line, &mut norm);
        let norm = norm.as_str();
        let (ts, te) = crate::extract::text::trim_range(text, ls, le);

        // Every date these patterns read has a year of four ASCII digits
        // (a year that will not parse gives no date): most lines have none
        // and skip the patterns. Only lines near the top are looked at.
        let has_year = || has_year_digits(line);
        // A line that is only a date (and time) is a dateline; in
        // hard-wrapped text, only where a paragraph may start (a wrapped
        // line ending "... up to October 31, 1987." is a sentence's end).
        if line.len() <= 80
            && nonempty_seen <= 15
            && has_year()
            && !line.contains(". ")
            && (wrap.is_none() || before.is_empty() || ends_sentence(before))
            && let Some(d) = full_date_in(line)
            && line.chars().filter(|c| c.is_alphabetic()).count() <= 40
        {
            scan.dateline.get_or_insert(d);
            continue;
        }
        // every weekday's name ends in "day", which the lower-cased line
        // holds if the pattern can match
        if scan.weak_date.is_none()
            && ls < 2000
            && has_year()
            && norm.contains("day")
            && let Some(c) = WEEKDAY_DATE.captures(line)
        {
            scan.weak_date = full_date_in(c.get(0).map_or("", |m| m.as_str()));
        }
        if lex.boilerplate.ends_story(norm) {
            if kept_prose >= 60 {
                scan.cut_at = Some(ls);
                break;
            }
            continue;
        }
        if line.len() <= 100 && lex.boilerplate.is_skipped(norm) {
            continue;
        }
        if !line.chars().any(char::is_alphabetic) {
            continue;
        }
        if is_caption(line, norm, lex) {
            continue;
        }
        // a page repeats its headlines; wrapped lines repeat by chance
        if wrap.is_none() && !seen_lines.insert(line) {
            continue;
        }
        if ends_sentence(line) && line.len() > 60 {
            kept_prose += line.len();
        }
        scan.kept.push((ts, te));
    }
    scan
}

/// A lead dateline ("MOSCOW, December 21. /TASS/.") in the first kept
/// lines; without a year of its own, the year of `evidence` (the url's or
/// file name's date, the header's, the input's), else of a weekday date,
/// else of a year the text names.
fn lead_dateline(
    text: &str,
    kept: &[(usize, usize)],
    evidence: Option<NaiveDate>,
    weak_date: Option<NaiveDate>,
) -> Option<NaiveDate> {
    for &(ks, ke) in kept.iter().filter(|k| k.1 > k.0).take(8) {
        let line = &text[ks..ke];
        if !may_open_with_place(line) {
            continue;
        }
        let Some(c) = LEAD_DATELINE.captures(line) else {
            continue;
        };
        let Some(m) = c.get(1).and_then(|m| month_number(m.as_str())) else {
            continue;
        };
        let day = c.get(2).map_or("", |d| d.as_str());
        return match c.get(3) {
            Some(y) => ymd(y.as_str(), m, day),
            None => {
                let day: Option<u32> = day.parse().ok();
                match (day, evidence) {
                    (Some(d), Some(e)) => dateline_in_year_of(m, d, e),
                    (Some(d), None) => weak_date
                        .and_then(|w| dateline_in_year_of(m, d, w))
                        .or_else(|| year_hint(text).and_then(|y| NaiveDate::from_ymd_opt(y, m, d))),
                    (None, _) => None,
                }
            }
        };
    }
    None
}

/// Headline-like paragraphs before the first prose paragraph.
fn mark_headlines(text: &str, paragraphs: &mut [Paragraph]) {
    for p in paragraphs.iter_mut() {
        let t = &text[p.start..p.end];
        if t.len() > 60 && ends_sentence(t) {
            break;
        }
        if !t.trim_end().ends_with('.') && t.len() <= 250 {
            p.headline = true;
        }
    }
}

/// The last day of a month.
fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// The wrap width of hard-wrapped text (newswire archives: Reuters' lines
/// of 60-odd characters), or `None` for text whose lines are paragraphs.
/// Hard-wrapped: hardly a line over 100 bytes, many lines the wrap filled
/// (40 bytes and more), and many lines broken mid-sentence (no final
/// punctuation, the next line going on in lower case or with a number).
fn wrap_width(text: &str, lines: &[(usize, usize)]) -> Option<usize> {
    let (mut nonempty, mut long, mut filled, mut soft, mut width) = (0usize, 0, 0, 0, 0);
    let mut prev_open = false;
    for &(ls, le) in lines {
        let line = text[ls..le].trim();
        let Some(first) = line.chars().next() else {
            prev_open = false;
            continue;
        };
        if prev_open && (first.is_lowercase() || first.is_ascii_digit()) {
            soft += 1;
        }
        nonempty += 1;
        if line.len() > 100 {
            long += 1;
            // most lines of ordinary text are whole paragraphs: give up early
            if long > 8 && long * 20 > lines.len() {
                return None;
            }
        } else {
            width = width.max(line.len());
            filled += usize::from(line.len() >= 40);
        }
        prev_open = !ends_sentence(line);
    }
    (nonempty >= 3
        && long * 20 <= nonempty
        && filled * 5 >= nonempty * 2
        && soft * 5 >= nonempty
        && width >= 50)
        .then_some(width)
}

/// The indentation of the line whose trimmed text starts at `start`.
fn indent_at(text: &str, start: usize) -> usize {
    text[..start].rsplit('\n').next().map_or(0, str::len)
}

/// A line in capitals (a slug or headline), not a sentence's part.
fn in_capitals(line: &str) -> bool {
    !line.chars().any(char::is_lowercase) && line.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Whether, in hard-wrapped text of width `width`, the line `next` goes on
/// with the paragraph of the line `prev` right above it. A line break inside
/// a paragraph is where the wrap fell, not a sentence end; a paragraph ends
/// at a blank line (handled by the caller), before an indented line
/// (Reuters indents each paragraph), around a line in capitals (a slug, a
/// headline, the "REUTER" sign-off), before a dateline, and after a line that ends a sentence with room left for the
/// next line's first word (the wrap did not break it).
fn wrapped_continues(text: &str, prev: (usize, usize), next: (usize, usize), width: usize) -> bool {
    let (p, l) = (&text[prev.0..prev.1], &text[next.0..next.1]);
    // neighbours: no dropped line in between
    if text[prev.1..next.0].bytes().filter(|&b| b == b'\n').count() != 1 {
        return false;
    }
    if indent_at(text, next.0) >= indent_at(text, prev.0) + 2 || in_capitals(p) || in_capitals(l) {
        return false;
    }
    if may_open_with_place(l) && LEAD_DATELINE.is_match(l) {
        return false;
    }
    if !ends_sentence(p) {
        return true;
    }
    let first_word = l.split_whitespace().next().map_or(0, str::len);
    p.len() + 1 + first_word > width
}

/// Paragraphs of the kept lines (an empty range marks a blank line):
/// blank-line separated blocks. In hard-wrapped text (`wrap`) a block's
/// lines join as [`wrapped_continues`] tells; otherwise each line is a
/// paragraph unless it goes on in lower case after a line with no final
/// punctuation.
fn paragraphs(text: &str, kept: &[(usize, usize)], wrap: Option<usize>) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut prev: Option<(usize, usize)> = None;
    let close = |cur: &mut Option<(usize, usize)>, out: &mut Vec<Paragraph>| {
        if let Some(c) = cur.take() {
            out.push(Paragraph {
                start: c.0,
                end: c.1,
                headline: false,
                wrapped: wrap.is_some(),
            });
        }
    };
    for &(ks, ke) in kept {
        if ke <= ks {
            close(&mut cur, &mut out);
            prev = None;
            continue;
        }
        let continues = match (prev, wrap) {
            (None, _) => false,
            (Some(p), Some(width)) => wrapped_continues(text, p, (ks, ke), width),
            (Some((ps, pe)), None) => {
                !ends_sentence(&text[ps..pe])
                    && text[ks..ke]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
            }
        };
        match cur.as_mut() {
            Some(c) if continues => c.1 = ke,
            _ => {
                close(&mut cur, &mut out);
                cur = Some((ks, ke));
            }
        }
        prev = Some((ks, ke));
    }
    close(&mut cur, &mut out);
    out
}

fn is_caption(line: &str, norm: &str, lex: &Lexicon) -> bool {
    lex.boilerplate
        .caption_marker(norm)
        .is_some_and(|i| line.len() < 250 || i + 40 >= norm.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::builtin_for_tests()
    }

    fn date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn parse_named(text: &str, name: &str, url: Option<&str>) -> Parsed {
        let input = ArticleInput {
            name,
            text,
            url,
            title: None,
            published: None,
        };
        parse(&input, &lex())
    }

    fn parse_text(text: &str) -> Parsed {
        parse_named(text, "article.txt", None)
    }

    /// The paragraphs' texts.
    fn paras(text: &str) -> Vec<&str> {
        parse_text(text)
            .paragraphs
            .iter()
            .map(|p| &text[p.start..p.end])
            .collect()
    }

    /// Reuters 1987 copy: lines of about 62 characters, paragraphs indented.
    const WIRE: &str = concat!(
        "Iran said reports that it intended to\n",
        "threaten shipping in the Gulf were baseless, and warned the\n",
        "U.S. And other countries not to interfere in the region.\n",
        "    \"These reports are baseless,\" the official news agency quoted\n",
        "a Foreign Ministry spokesman as saying on Friday in Tehran.\n",
        "    The spokesman also said Iran would respond to any attack\n",
        "launched against its territory or its shipping in the Gulf.\n",
        " REUTER\n",
    );

    #[test]
    fn the_header_line_gives_the_publication_date_and_is_not_body() {
        let t = " date 2021-04-15 0 Article content\n\nMOSCOW — Russia denied it.";
        let p = parse_text(t);
        assert_eq!(p.published, date("2021-04-15"));
        assert!(!t[p.body.clone()].contains("date 2021"));
    }

    #[test]
    fn a_date_line_is_a_dateline() {
        for (line, want) in [
            ("Saturday 18 July 2020 - 00:09", "2020-07-18"),
            ("24 May 2018 | Canada", "2018-05-24"),
            ("Published on 12/10/2016", "2016-10-12"),
            ("9 July 201816:18", "2018-07-09"),
            ("11:45 GMT +315 March 2018", "2018-03-15"),
        ] {
            let t = format!(
                "Title here\n{line}\n\nRussia denied the claims made last week by the UK, the ministry said in a long statement."
            );
            let p = parse_text(&t);
            assert_eq!(p.published, date(want), "{line}");
            assert_eq!(
                p.published_source,
                Some(PublishedSource::Dateline),
                "{line}"
            );
        }
    }

    #[test]
    fn a_lead_dateline_without_a_year_takes_the_year_the_text_mentions() {
        let t = "MOSCOW, December 21. /TASS/. Peskov spoke. It was hacked in March 2020.";
        assert_eq!(parse_text(t).published, date("2020-12-21"));
    }

    #[test]
    fn the_place_test_lets_every_lead_dateline_through() {
        for line in [
            "MOSCOW, December 21. /TASS/. Peskov spoke.",
            "BEIJING, Sept. 18 -- China denied it.",
            "  WASHINGTON D.C., March 4, 2019 - The U.S.",
            "St. John's, Nov 3 (Reuters) - ",
            "Moscow-based TASS, Jan 9 -",
            "Russia denied it, Oct. 2 - no",
            "A, May 5 -",
            "ThisPlaceNameIsFarTooLongToBeOne, May 5 -",
            "Putin, the president, said so.",
            "“MOSCOW, May 5 -",
        ] {
            if LEAD_DATELINE.is_match(line) {
                assert!(may_open_with_place(line), "{line}");
            }
        }
        assert!(may_open_with_place("MOSCOW, December 21. /TASS/."));
        assert!(!may_open_with_place("Russia’s foreign ministry, on Monday"));
        assert!(!may_open_with_place(
            "ThisPlaceNameIsFarTooLongToBeOne, May 5 -"
        ));
    }

    #[test]
    fn dates_in_urls_are_found_in_several_shapes() {
        assert_eq!(
            url_date("https://x.com/2019/09/18/story"),
            date("2019-09-18")
        );
        assert_eq!(
            url_date("https://x.com/a-b-20191210-p53if1.html"),
            date("2019-12-10")
        );
        assert_eq!(
            url_date("https://x.com/world/202010221080846559-kremlin/"),
            date("2020-10-22")
        );
        assert_eq!(url_date("https://tass.com/politics/1237787/amp"), None);
    }

    #[test]
    fn everything_from_a_featured_stories_header_on_is_dropped() {
        let t = "Russia Denies Claims\n\nRussia denied the claims made by Britain on Friday, the spokesman said, in a statement to reporters in Moscow.\nComment\n\n\nFeatured Stories\nUN Envoy Accuses Russia\n";
        let p = parse_text(t);
        assert!(!t[p.body.clone()].contains("UN Envoy"));
        assert!(
            p.paragraphs
                .iter()
                .all(|x| !t[x.start..x.end].contains("Envoy"))
        );
        assert_eq!(p.title.as_deref(), Some("Russia Denies Claims"));
    }

    #[test]
    fn story_codes_and_captions_are_not_paragraphs() {
        let t = "Story Code : 875090\nPutin said so. Credit: AP\nThe Kremlin denied the accusation on Friday in a long statement to the press.";
        let p = parse_text(t);
        assert_eq!(p.paragraphs.len(), 1);
    }

    #[test]
    fn lines_are_normalized_like_a_whole_string_lower_casing() {
        for line in [
            "  Featured Stories: ",
            "Don\u{2019}t Miss\u{a0}",
            "ÉTÉ ΟΔΥΣΣΕΥΣ Getty Images",
            "İstanbul \u{212A}elvin",
            "\u{201C}Quoted\u{201D} Words \u{2014} HERE\u{2019}S é",
        ] {
            let t = line.trim().trim_end_matches([':', ' ', '\u{a0}']);
            assert_eq!(
                normalized_line(line),
                t.to_lowercase().replace('\u{2019}', "'")
            );
        }
    }

    #[test]
    fn year_digits_are_found_wherever_four_digits_stand_in_a_row() {
        let plain = |line: &str| {
            let mut run = 0;
            line.bytes().any(|b| {
                run = if b.is_ascii_digit() { run + 1 } else { 0 };
                run == 4
            })
        };
        let base = "ab 12 345 x6789y 2020 ١٢٣٤ 12.34 99 -0 1";
        for start in 0..base.len() {
            for end in start..=base.len() {
                if let Some(line) = base.get(start..end) {
                    assert_eq!(has_year_digits(line), plain(line), "{line:?}");
                }
            }
        }
    }

    #[test]
    fn hard_wrapped_lines_join_into_one_paragraph() {
        let t = "The minister said the\ncompany would appeal.\nNew line here.";
        let p = parse_text(t);
        assert_eq!(p.paragraphs.len(), 2);
    }

    #[test]
    fn a_line_break_inside_a_paragraph_does_not_end_a_sentence() {
        let p = paras(WIRE);
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p[0].starts_with("Iran said") && p[0].ends_with("in the region."));
        assert!(p[1].ends_with("in Tehran."));
        assert!(parse_text(WIRE).paragraphs.iter().all(|p| p.wrapped));
    }

    #[test]
    fn text_whose_lines_are_paragraphs_is_not_hard_wrapped() {
        let t = "Russia Denies Claims\nMoscow has denied the claims made by Britain on Friday, the spokesman said in a statement to reporters.\nThe Kremlin said the accusations were groundless and that it would not respond to them at all.\n";
        let p = parse_text(t);
        assert_eq!(p.paragraphs.len(), 3);
        assert!(p.paragraphs.iter().all(|p| !p.wrapped));
    }

    #[test]
    fn a_dateline_or_a_line_in_capitals_opens_a_new_paragraph_in_wrapped_text() {
        let t = concat!(
            "IRAN DENIES GULF THREAT\n",
            "TEHRAN, March 22 - Iran said reports that it intended to\n",
            "threaten shipping in the Gulf were baseless, and warned the\n",
            "U.S. And other countries not to interfere in the region.\n",
            "    The spokesman also said Iran would respond to any attack\n",
            "launched against its territory or its shipping in the Gulf.\n",
        );
        let p = paras(t);
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[0], "IRAN DENIES GULF THREAT");
        assert!(p[1].starts_with("TEHRAN, March 22"));
    }

    #[test]
    fn a_wrapped_line_ending_in_a_date_is_not_a_dateline() {
        let t = concat!(
            "Pega Capital Resources Ltd said it agreed in principle\n",
            "to buy a 50 pct interest in a packaging process for shares,\n",
            "which it may cancel under an escrow agreement up to\n",
            "October 31, 1987.\n",
            "    It said the process shows when a package is pierced.\n",
        );
        assert_eq!(parse_text(t).published, None);
    }

    #[test]
    fn a_date_in_the_file_name_is_the_publication_date() {
        let t = "Japan denied breaking a pact with the\nU.S. On semiconductor trade.\n";
        let p = parse_named(t, "japan-denies-chip-pact-1987-03-13.txt", None);
        assert_eq!(p.published, date("1987-03-13"));
        assert_eq!(p.published_source, Some(PublishedSource::Name));
        // a JSON Lines id too, and the url's date before the name's
        let p = parse_named(t, "wire_19870313_0042", Some("https://x.com/1987/03/12/a"));
        assert_eq!(
            (p.published, p.published_source),
            (date("1987-03-12"), Some(PublishedSource::Url))
        );
    }

    #[test]
    fn dates_in_names_are_found_in_several_shapes() {
        let day = |s: &str| date(s).map(NameDate::Day);
        assert_eq!(name_date("a-b-1987-03-22.txt"), day("1987-03-22"));
        assert_eq!(name_date("2020_07_18_story.txt"), day("2020-07-18"));
        assert_eq!(name_date("report-20191210.html"), day("2019-12-10"));
        assert_eq!(
            name_date("smear-2013-07.txt"),
            Some(NameDate::Month(2013, 7))
        );
        for none in [
            "reuters21578-11242",
            "bbc-politics-001",
            "fnc1-train-2014",
            "season-2019-2020.txt",
            "x-2020-13-01.txt",
            "id-120200718.txt",
        ] {
            assert_eq!(name_date(none), None, "{none}");
        }
    }

    #[test]
    fn a_dateline_without_a_year_is_put_on_or_before_the_other_evidence() {
        // a 2017 story that mentions 2016: the name's date decides
        let t = "RYBINSK, April 25. /TASS/. Peskov rejected the allegations. In 2016, the United States accused Russia.";
        let p = parse_named(t, "kremlin-fake-news-2017-04-25.txt", None);
        assert_eq!(p.published, date("2017-04-25"));
        assert_eq!(p.published_source, Some(PublishedSource::Dateline));
        // crawled on 3 January: the dateline's 30 December is last year's
        let t = " date 2017-01-03 0\nMOSCOW, December 30. /TASS/. Peskov rejected the allegations.";
        assert_eq!(parse_text(t).published, date("2016-12-30"));
        // a year and month in the name fix the year too
        let t = "MOSCOW, July 17. /TASS/. Peskov rejected the allegations made in 2012.";
        let p = parse_named(t, "lobby-2013-07.txt", None);
        assert_eq!(p.published, date("2013-07-17"));
        // a month-only name is no publication date by itself
        let p = parse_named(
            "Peskov rejected the allegations.",
            "lobby-2013-07.txt",
            None,
        );
        assert_eq!(p.published, None);
    }
}
