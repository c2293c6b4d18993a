//! Stage 6, dates: the day a statement was made, resolved against the
//! publication date. A bare weekday in past-tense news is the last such day
//! on or before publication ("on Friday" in a Saturday paper is the day
//! before); "yesterday", "last week", "on March 4", "earlier this month",
//! "the same day" are handled too, each with its precision.

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex::Regex;

use crate::extract::model::DatePrecision;
use crate::extract::parse::month_number;

/// A date expression found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FoundDate {
    pub pos: usize,
    pub date: Option<NaiveDate>,
    pub precision: DatePrecision,
    /// "the same day": the date of the previous dated sentence.
    pub same_as_previous: bool,
    /// A dateline opening the sentence ("TEHRAN, Jun. 13 (MNA) – Iran has
    /// rejected ..."): the day the story was filed, which dates a statement
    /// only when nothing nearer does.
    pub dateline: bool,
}

static DATE_EXPR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?-u:\b)(?:(?P<same>the same day|that same day|the same evening)",
        r"|(?P<yday>yesterday)|(?P<today>today|tonight|this morning|this afternoon|this evening)",
        r"|(?P<lastweek>last week)|(?P<thisweek>this week|earlier this week)",
        r"|(?P<thismonth>earlier this month|this month)|(?P<lastmonth>last month)",
        r"|(?P<lastyear>last year)",
        r"|(?P<ago>(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+days?\s+ago)",
        r"|(?P<md>(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?P<mdd>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<mdy>(?:19|20)\d{2}))?)(?-u:\b)",
        r"|(?P<dm>(?P<dmd>\d{1,2})(?:st|nd|rd|th)?\s+(?P<dmm>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?:,?\s+(?P<dmy>(?:19|20)\d{2}))?)(?-u:\b)",
        r"|(?P<wd>(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)))",
    ))
    .ok()
});

/// Which alternative of `DATE_EXPR` a match is, with the parts the date
/// is worked out from (the pattern's named groups).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expr<'a> {
    SameDay,
    Yesterday,
    Today,
    LastWeek,
    ThisWeek,
    ThisMonth,
    LastMonth,
    LastYear,
    /// "two days ago", "3 days ago": the number of days.
    DaysAgo(u64),
    /// "March 4, 2018": the whole expression, the day, the year.
    MonthDay(&'a str, &'a str, Option<&'a str>),
    /// "4 December 2019": the day, the month, the year.
    DayMonth(&'a str, &'a str, Option<&'a str>),
    /// "Friday", "last Friday": the whole expression.
    Weekday(&'a str),
}

/// A character as `(?i)` compares it with the pattern's ASCII letters: the
/// Kelvin sign and the long s fold to "k" and "s" as well.
fn fold(c: char) -> char {
    match c {
        '\u{212A}' => 'k',
        '\u{17F}' => 's',
        _ => c.to_ascii_lowercase(),
    }
}

/// Whether `s` is `phrase` (lower case) under the pattern's case folding.
fn is_phrase(s: &str, phrase: &str) -> bool {
    s.chars().map(fold).eq(phrase.chars())
}

/// A day number with its ordinal suffix, and the rest of the expression
/// after it: the digits end at the suffix's letters, a comma or a space
/// (every other character of a match there is a digit, in any script, as
/// `\d` allows).
fn split_day(s: &str) -> (&str, &str) {
    let end = s
        .find(|c: char| c.is_alphabetic() || c == ',' || c.is_whitespace())
        .unwrap_or(s.len());
    let rest = s[end..].trim_start_matches(char::is_alphabetic);
    (&s[..end], rest)
}

/// The year after a date's day or month (", 2018", " 2018"), if the match
/// has one: `,?\s+` and four digits.
fn year(rest: &str) -> Option<&str> {
    let y = rest
        .strip_prefix(',')
        .unwrap_or(rest)
        .trim_start_matches(char::is_whitespace);
    (!y.is_empty()).then_some(y)
}

/// Tells which alternative of `DATE_EXPR` matched `expr` (the whole match)
/// and reads its parts, instead of a second, capturing search. The
/// alternatives cannot match the same text: only a day-month date begins
/// with a digit, only a month-day date has one after a letter, and the rest
/// are fixed phrases or end in a weekday.
fn classify(expr: &str) -> Expr<'_> {
    // only "N days ago" ends in "ago"
    if expr.len() > 3 && expr.as_bytes()[expr.len() - 3..].eq_ignore_ascii_case(b"ago") {
        return Expr::DaysAgo(days_ago(expr));
    }
    let starts_with_letter = expr.chars().next().is_some_and(char::is_alphabetic);
    if !starts_with_letter {
        let (day, rest) = split_day(expr);
        let rest = rest.trim_start_matches(char::is_whitespace);
        let month_end = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        return Expr::DayMonth(day, &rest[..month_end], year(&rest[month_end..]));
    }
    // the month, its optional full stop and the space before the day
    if let Some(day_start) =
        expr.find(|c: char| !(c.is_alphabetic() || c == '.' || c.is_whitespace()))
    {
        let (day, rest) = split_day(&expr[day_start..]);
        return Expr::MonthDay(expr, day, year(rest));
    }
    const PHRASES: &[(&str, Expr<'static>)] = &[
        ("the same day", Expr::SameDay),
        ("that same day", Expr::SameDay),
        ("the same evening", Expr::SameDay),
        ("yesterday", Expr::Yesterday),
        ("today", Expr::Today),
        ("tonight", Expr::Today),
        ("this morning", Expr::Today),
        ("this afternoon", Expr::Today),
        ("this evening", Expr::Today),
        ("last week", Expr::LastWeek),
        ("this week", Expr::ThisWeek),
        ("earlier this week", Expr::ThisWeek),
        ("earlier this month", Expr::ThisMonth),
        ("this month", Expr::ThisMonth),
        ("last month", Expr::LastMonth),
        ("last year", Expr::LastYear),
    ];
    PHRASES
        .iter()
        .find(|(p, _)| is_phrase(expr, p))
        .map_or(Expr::Weekday(expr), |&(_, e)| e)
}

/// The number of "N days ago" (a word or digits).
fn days_ago(expr: &str) -> u64 {
    let n = expr.split_whitespace().next().unwrap_or("");
    const WORDS: &[&str] = &[
        "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .iter()
        .position(|w| is_phrase(n, w))
        .map_or_else(|| n.parse().unwrap_or(0), |i| i.max(1) as u64)
}

/// Whether the date expression at byte `at` of `sentence` is the dateline
/// the sentence opens with: only a place (a few capitalised words) and a
/// comma before it ("TEHRAN, Jun. 13", "Mexico City, Feb. 1").
fn is_dateline(sentence: &str, at: usize) -> bool {
    let Some(place) = sentence.get(..at).map(str::trim_end) else {
        return false;
    };
    let Some(place) = place.strip_suffix(',') else {
        return false;
    };
    let words = place.split_whitespace();
    place.len() <= 40
        && words.clone().count() <= 4
        && words
            .clone()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && place
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-' | ','))
}

fn weekday(s: &str) -> Option<Weekday> {
    let l = s.to_ascii_lowercase();
    let w = l.rsplit(' ').next()?;
    Some(match w.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// The last `wd` on or before `base`.
pub(super) fn last_weekday(base: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (7 + base.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    base.checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(base)
}

fn month_day(published: Option<NaiveDate>, m: u32, d: &str, y: Option<&str>) -> Option<NaiveDate> {
    let d: u32 = d.parse().ok()?;
    if let Some(y) = y.and_then(|y| y.parse::<i32>().ok()) {
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    let p = published?;
    let this = NaiveDate::from_ymd_opt(p.year(), m, d)?;
    // Shortly after publication is an upcoming event ("the November 8
    // vote"), never the day of a statement; long after is last year's.
    if this > p + Days::new(60) {
        NaiveDate::from_ymd_opt(p.year() - 1, m, d)
    } else if this > p + Days::new(1) {
        None
    } else {
        Some(this)
    }
}

/// Every date expression of a sentence, resolved against `published`.
pub(super) fn find(sentence: &str, base: usize, published: Option<NaiveDate>) -> Vec<FoundDate> {
    let Some(re) = DATE_EXPR.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in re.find_iter(sentence) {
        let pos = base + m.start();
        let p = published;
        let (date, precision, same) = match classify(m.as_str()) {
            Expr::SameDay => (None, DatePrecision::Day, true),
            Expr::Yesterday => (
                p.and_then(|d| d.checked_sub_days(Days::new(1))),
                DatePrecision::Day,
                false,
            ),
            Expr::Today => (p, DatePrecision::Day, false),
            Expr::LastWeek => (
                p.and_then(|d| d.checked_sub_days(Days::new(7)))
                    .map(|d| last_weekday(d, Weekday::Mon)),
                DatePrecision::Week,
                false,
            ),
            Expr::ThisWeek => (
                p.map(|d| last_weekday(d, Weekday::Mon)),
                DatePrecision::Week,
                false,
            ),
            Expr::ThisMonth => (p.and_then(|d| d.with_day(1)), DatePrecision::Month, false),
            Expr::LastMonth => (
                p.and_then(|d| d.with_day(1))
                    .and_then(|d| d.checked_sub_days(Days::new(1)))
                    .and_then(|d| d.with_day(1)),
                DatePrecision::Month,
                false,
            ),
            Expr::LastYear => (
                p.and_then(|d| NaiveDate::from_ymd_opt(d.year() - 1, 1, 1)),
                DatePrecision::Year,
                false,
            ),
            // a count that will not parse (digits of another script) is 0
            Expr::DaysAgo(n) => (
                p.filter(|_| n > 0)
                    .and_then(|d| d.checked_sub_days(Days::new(n))),
                DatePrecision::Day,
                false,
            ),
            Expr::MonthDay(md, d, y) => {
                let date = month_number(md).and_then(|m| month_day(p, m, d, y));
                (date, DatePrecision::Day, false)
            }
            Expr::DayMonth(d, month, y) => {
                let date = month_number(month).and_then(|m| month_day(p, m, d, y));
                (date, DatePrecision::Day, false)
            }
            Expr::Weekday(wd) => {
                let w = weekday(wd);
                let last = wd
                    .as_bytes()
                    .get(..4)
                    .is_some_and(|h| h.eq_ignore_ascii_case(b"last"));
                let date = match (p, w) {
                    (Some(p), Some(w)) => {
                        let d = last_weekday(p, w);
                        // "last Friday" on a Friday means a week ago
                        if last && d == p {
                            d.checked_sub_days(Days::new(7))
                        } else {
                            Some(d)
                        }
                    }
                    _ => None,
                };
                (date, DatePrecision::Day, false)
            }
        };
        // "May" is a month only before a day number, which the pattern asks
        // for; a capitalised weekday in a title line still counts.
        let dateline = matches!(
            classify(m.as_str()),
            Expr::MonthDay(..) | Expr::DayMonth(..)
        ) && is_dateline(sentence, m.start());
        out.push(FoundDate {
            pos,
            date,
            precision,
            same_as_previous: same,
            dateline,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn a_bare_weekday_is_the_last_such_day_on_or_before_publication() {
        let p = d("2020-07-18"); // a Saturday
        assert_eq!(find("speaking on Friday", 0, p)[0].date, d("2020-07-17"));
        assert_eq!(
            find("On Thursday, Raab said", 0, p)[0].date,
            d("2020-07-16")
        );
        assert_eq!(find("said Saturday", 0, p)[0].date, d("2020-07-18"));
    }

    #[test]
    fn yesterday_last_week_and_month_days_resolve_with_their_precision() {
        let p = d("2020-07-18");
        assert_eq!(find("yesterday", 0, p)[0].date, d("2020-07-17"));
        let w = find("last week", 0, p)[0];
        assert_eq!(
            (w.date, w.precision),
            (d("2020-07-06"), DatePrecision::Week)
        );
        assert_eq!(find("on March 4", 0, p)[0].date, d("2020-03-04"));
        assert_eq!(find("on 4 December", 0, p)[0].date, d("2019-12-04"));
        assert_eq!(find("Jan. 5, 2018", 0, p)[0].date, d("2018-01-05"));
        assert_eq!(
            find("earlier this month", 0, p)[0].precision,
            DatePrecision::Month
        );
    }

    /// The parts the pattern's named groups capture, as `classify` names them.
    fn captured(expr: &str) -> Expr<'_> {
        let re = DATE_EXPR.as_ref().expect("the date pattern compiles");
        let c = re.captures(expr).expect("a match matches itself");
        let part = |n: &str| c.name(n).map(|m| m.as_str());
        let fixed = [
            ("same", Expr::SameDay),
            ("yday", Expr::Yesterday),
            ("today", Expr::Today),
            ("lastweek", Expr::LastWeek),
            ("thisweek", Expr::ThisWeek),
            ("thismonth", Expr::ThisMonth),
            ("lastmonth", Expr::LastMonth),
            ("lastyear", Expr::LastYear),
        ];
        if let Some(&(_, e)) = fixed.iter().find(|(n, _)| part(n).is_some()) {
            return e;
        }
        if let Some(ago) = part("ago") {
            return Expr::DaysAgo(days_ago(ago));
        }
        if let Some(md) = part("md") {
            return Expr::MonthDay(md, part("mdd").unwrap_or(""), part("mdy"));
        }
        if part("dm").is_some() {
            return Expr::DayMonth(
                part("dmd").unwrap_or(""),
                part("dmm").unwrap_or(""),
                part("dmy"),
            );
        }
        Expr::Weekday(part("wd").expect("the last alternative"))
    }

    #[test]
    fn classify_reads_the_parts_the_pattern_captures() {
        let re = DATE_EXPR.as_ref().expect("the date pattern compiles");
        let text = "The same day, that same day, the same evening; yesterday, \
            Today, tonight, this morning, this afternoon, this evening, last week, \
            this week, earlier this week, earlier this month, this month, last \
            month, Last Year, March 4, Jan. 5, 2018, Sept 1st, 2019, dec 31st, \
            may\u{a0}3, 4 December, 21st July, 2020, 3rd  Sept\t1999, 1 may, \
            Friday, last  Monday, LAST SUNDAY, Mondays, yesterdays, Augu\u{17F}t 4, \
            \u{17F}unday, la\u{17F}t wee\u{212A}, 4 March 20155, March 4thx, \
            June \u{663}4, 1\u{17F}t May, two days ago, 3 days  ago, a day ago";
        let mut n = 0;
        for m in re.find_iter(text) {
            assert_eq!(
                classify(m.as_str()),
                captured(m.as_str()),
                "{:?}",
                m.as_str()
            );
            n += 1;
        }
        assert_eq!(n, 38);
    }

    #[test]
    fn without_a_publication_date_relative_days_stay_unknown() {
        assert_eq!(find("on Friday", 0, None)[0].date, None);
    }

    #[test]
    fn days_ago_count_back_from_publication() {
        let p = d("1987-03-22");
        assert_eq!(
            find("the State Department said two days ago", 0, p)[0].date,
            d("1987-03-20")
        );
        assert_eq!(find("3 days ago", 0, p)[0].date, d("1987-03-19"));
        assert_eq!(find("a day ago", 0, p)[0].date, d("1987-03-21"));
    }

    #[test]
    fn a_dateline_opening_the_sentence_is_marked_as_one() {
        let p = d("2020-06-13");
        let f = find("TEHRAN, Jun. 13 (MNA) – Iran has rejected it.", 0, p);
        assert!(f[0].dateline && f[0].date == d("2020-06-13"));
        let f = find("Mexico City, Feb. 1 - Sheinbaum rejected it.", 0, p);
        assert!(f[0].dateline);
        let f = find("Iran rejected it, the ministry said on June 12.", 0, p);
        assert!(!f[0].dateline);
        let f = find("On June 12, Iran rejected it.", 0, p);
        assert!(!f[0].dateline);
    }
}
