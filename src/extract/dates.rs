//! Stage 6, dates: the day a statement was made, resolved against the
//! publication date. A bare weekday in past-tense news is the last such day
//! on or before publication ("on Friday" in a Saturday paper is the day
//! before); "yesterday", "last week", "on March 4", "earlier this month",
//! "the same day" are handled too, each with its precision.

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex::{CaptureLocations, Regex};

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
}

static DATE_EXPR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?-u:\b)(?:(?P<same>the same day|that same day|the same evening)",
        r"|(?P<yday>yesterday)|(?P<today>today|tonight|this morning|this afternoon|this evening)",
        r"|(?P<lastweek>last week)|(?P<thisweek>this week|earlier this week)",
        r"|(?P<thismonth>earlier this month|this month)|(?P<lastmonth>last month)",
        r"|(?P<lastyear>last year)",
        r"|(?P<md>(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?P<mdd>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<mdy>(?:19|20)\d{2}))?)(?-u:\b)",
        r"|(?P<dm>(?P<dmd>\d{1,2})(?:st|nd|rd|th)?\s+(?P<dmm>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?:,?\s+(?P<dmy>(?:19|20)\d{2}))?)(?-u:\b)",
        r"|(?P<wd>(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)))",
    ))
    .ok()
});

/// The numbers of `DATE_EXPR`'s named groups, in the order they open (a
/// test checks them against the pattern): read by number, a match's parts
/// need no look-up by name.
mod group {
    pub(super) const SAME: usize = 1;
    pub(super) const YDAY: usize = 2;
    pub(super) const TODAY: usize = 3;
    pub(super) const LASTWEEK: usize = 4;
    pub(super) const THISWEEK: usize = 5;
    pub(super) const THISMONTH: usize = 6;
    pub(super) const LASTMONTH: usize = 7;
    pub(super) const LASTYEAR: usize = 8;
    pub(super) const MD: usize = 9;
    pub(super) const MDD: usize = 10;
    pub(super) const MDY: usize = 11;
    pub(super) const DM: usize = 12;
    pub(super) const DMD: usize = 13;
    pub(super) const DMM: usize = 14;
    pub(super) const DMY: usize = 15;
    pub(super) const WD: usize = 16;
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
    // The fast matcher finds each expression; the slower capturing search,
    // which tells the parts apart, then reads just that expression (every
    // alternative begins at a word start, and those ending with a word
    // boundary had one there, so it matches the same way there).
    let mut out = Vec::new();
    let mut locs: Option<CaptureLocations> = None;
    for m in re.find_iter(sentence) {
        let expr = m.as_str();
        let locs = locs.get_or_insert_with(|| re.capture_locations());
        if re.captures_read(locs, expr).is_none() {
            continue;
        }
        let part = |g: usize| locs.get(g).and_then(|(a, b)| expr.get(a..b));
        let has = |g: usize| locs.get(g).is_some();
        let pos = base + m.start();
        let p = published;
        let (date, precision, same) = if has(group::SAME) {
            (None, DatePrecision::Day, true)
        } else if has(group::YDAY) {
            (
                p.and_then(|d| d.checked_sub_days(Days::new(1))),
                DatePrecision::Day,
                false,
            )
        } else if has(group::TODAY) {
            (p, DatePrecision::Day, false)
        } else if has(group::LASTWEEK) {
            (
                p.and_then(|d| d.checked_sub_days(Days::new(7)))
                    .map(|d| last_weekday(d, Weekday::Mon)),
                DatePrecision::Week,
                false,
            )
        } else if has(group::THISWEEK) {
            (
                p.map(|d| last_weekday(d, Weekday::Mon)),
                DatePrecision::Week,
                false,
            )
        } else if has(group::THISMONTH) {
            (p.and_then(|d| d.with_day(1)), DatePrecision::Month, false)
        } else if has(group::LASTMONTH) {
            (
                p.and_then(|d| d.with_day(1))
                    .and_then(|d| d.checked_sub_days(Days::new(1)))
                    .and_then(|d| d.with_day(1)),
                DatePrecision::Month,
                false,
            )
        } else if has(group::LASTYEAR) {
            (
                p.and_then(|d| NaiveDate::from_ymd_opt(d.year() - 1, 1, 1)),
                DatePrecision::Year,
                false,
            )
        } else if let Some(md) = part(group::MD) {
            let m = month_number(md);
            let d = part(group::MDD).unwrap_or("");
            let date = m.and_then(|m| month_day(p, m, d, part(group::MDY)));
            (date, DatePrecision::Day, false)
        } else if has(group::DM) {
            let m = part(group::DMM).and_then(month_number);
            let d = part(group::DMD).unwrap_or("");
            let date = m.and_then(|m| month_day(p, m, d, part(group::DMY)));
            (date, DatePrecision::Day, false)
        } else if let Some(wd) = part(group::WD) {
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
        } else {
            continue;
        };
        // "May" is a month only before a day number, which the pattern asks
        // for; a capitalised weekday in a title line still counts.
        out.push(FoundDate {
            pos,
            date,
            precision,
            same_as_previous: same,
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

    #[test]
    fn group_numbers_follow_the_pattern() {
        let re = DATE_EXPR.as_ref().expect("the date pattern compiles");
        let names: Vec<Option<&str>> = re.capture_names().collect();
        let expected = [
            ("same", group::SAME),
            ("yday", group::YDAY),
            ("today", group::TODAY),
            ("lastweek", group::LASTWEEK),
            ("thisweek", group::THISWEEK),
            ("thismonth", group::THISMONTH),
            ("lastmonth", group::LASTMONTH),
            ("lastyear", group::LASTYEAR),
            ("md", group::MD),
            ("mdd", group::MDD),
            ("mdy", group::MDY),
            ("dm", group::DM),
            ("dmd", group::DMD),
            ("dmm", group::DMM),
            ("dmy", group::DMY),
            ("wd", group::WD),
        ];
        assert_eq!(names.len(), expected.len() + 1);
        for (name, g) in expected {
            assert_eq!(names[g], Some(name));
        }
    }

    #[test]
    fn without_a_publication_date_relative_days_stay_unknown() {
        assert_eq!(find("on Friday", 0, None)[0].date, None);
    }
}
