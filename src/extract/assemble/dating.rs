//! Dating statements: the days their sentences tell, resolved and
//! weighed, and a speaker's one known day for its undated statements.

use std::cell::OnceCell;
use std::collections::BTreeSet;

use chrono::NaiveDate;
// Only looked up, never walked, so the fast hasher changes nothing but speed.
use rustc_hash::FxHashMap;

use super::Group;
use crate::extract::acts::Raw;
use crate::extract::dates::{self, FoundDate};
use crate::extract::doc::Doc;
use crate::extract::model::{DatePrecision, DateSource, StatementKind};

/// Per sentence, its date expressions with "the same day" resolved to the
/// last day-precise date before it. Read on first use: most sentences never
/// date a statement, and finding dates is costly.
pub(super) struct SentenceDates<'a> {
    doc: &'a Doc<'a>,
    published: Option<NaiveDate>,
    /// As found, unresolved.
    found: Vec<OnceCell<Vec<FoundDate>>>,
    resolved: Vec<OnceCell<Vec<FoundDate>>>,
}

impl<'a> SentenceDates<'a> {
    pub(super) fn new(doc: &'a Doc<'a>, published: Option<NaiveDate>) -> SentenceDates<'a> {
        let n = doc.sentences.len();
        SentenceDates {
            doc,
            published,
            found: vec![OnceCell::new(); n],
            resolved: vec![OnceCell::new(); n],
        }
    }

    /// The dates of sentence `s`, resolved.
    fn get(&self, s: usize) -> Option<&[FoundDate]> {
        let cell = self.resolved.get(s)?;
        Some(cell.get_or_init(|| self.resolve(s)))
    }

    fn found(&self, s: usize) -> &[FoundDate] {
        self.found[s].get_or_init(|| {
            let start = self.doc.sentences[s].start;
            dates::find(self.doc.sentence_text(s), start, self.published)
        })
    }

    fn resolve(&self, s: usize) -> Vec<FoundDate> {
        let mut out = self.found(s).to_vec();
        // looked back for only when "the same day" asks
        let mut last_day: Option<Option<NaiveDate>> = None;
        for f in out.iter_mut() {
            if f.same_as_previous {
                f.date = *last_day.get_or_insert_with(|| self.last_day_before(s));
            } else if f.precision == DatePrecision::Day && f.date.is_some() {
                last_day = Some(f.date);
            }
            // "shooting down MH17 ... on 17 July 2014" in a 2016 article: a
            // day years before publication dates the act, not a statement
            if f.precision == DatePrecision::Day
                && let (Some(p), Some(d)) = (self.published, f.date)
                && (p - d).num_days() > 365
            {
                f.date = None;
            }
        }
        out
    }

    /// The last day told (not "the same day") in the sentences before `s`,
    /// as found: a day too old to date a statement still anchors "the same
    /// day".
    fn last_day_before(&self, s: usize) -> Option<NaiveDate> {
        (0..s).rev().find_map(|j| {
            self.found(j)
                .iter()
                .rev()
                .find(|f| {
                    !f.same_as_previous && f.precision == DatePrecision::Day && f.date.is_some()
                })
                .and_then(|f| f.date)
        })
    }
}

/// A statement's day as a sentence tells it, and whether the telling is
/// weak: a dateline's day (the day the story was filed), which dates a
/// statement only when none of its sentences tells a better one.
type Told = (NaiveDate, DatePrecision, bool);

/// Whether the date at byte `at` lies in the clause a speech act at `cue`
/// reports (after the cue, past a "that"): "rejected a report that soldiers
/// killed villagers on February 25" tells the act's day, not the answer's.
pub(super) fn in_reported_clause(text: &str, cue: usize, at: usize) -> bool {
    at > cue
        && text.get(cue..at).is_some_and(|between| {
            crate::extract::text::word_spans(between)
                .any(|(s, e)| between[s..e].eq_ignore_ascii_case("that"))
        })
}

fn raw_date(doc: &Doc<'_>, r: &Raw, sd: &SentenceDates<'_>) -> Option<Told> {
    // the day told nearest the cue, a dateline's only as a last resort
    let pick = |s: usize, dateline: bool| -> Option<Told> {
        let list = sd.get(s)?;
        list.iter()
            .filter(|f| {
                f.date.is_some()
                    && f.dateline == dateline
                    && !(s == r.sentence && in_reported_clause(doc.text, r.pos, f.pos))
            })
            .min_by_key(|f| (f.precision != DatePrecision::Day, f.pos.abs_diff(r.pos)))
            .and_then(|f| Some((f.date?, f.precision, dateline)))
    };
    pick(r.sentence, false)
        .or_else(|| r.attribution.and_then(|s| pick(s, false)))
        .or_else(|| speaker_date(doc, r, sd).map(|(d, p)| (d, p, false)))
        .or_else(|| paragraph_lead_date(doc, r.sentence, sd))
        .or_else(|| pick(r.sentence, true))
        .or_else(|| r.attribution.and_then(|s| pick(s, true)))
}

/// An accusation found only as a noun in someone's answer ("rejected an
/// accusation by the US Saturday that ...", "claims voiced on Friday") is
/// dated by a day that follows the noun within its phrase, before any
/// clause ("that", "which") begins.
fn noun_phrase_date(doc: &Doc<'_>, r: &Raw, sd: &SentenceDates<'_>) -> Option<Told> {
    sd.get(r.sentence)?
        .iter()
        .filter(|f| f.precision == DatePrecision::Day && !f.dateline && f.pos > r.pos)
        .find(|f| {
            f.pos - r.pos <= 60
                && doc.text.get(r.pos..f.pos).is_some_and(|between| {
                    !crate::extract::text::word_spans(between).any(|(s, e)| {
                        let w = &between[s..e];
                        ["that", "which", "who", "said", "says"]
                            .iter()
                            .any(|c| w.eq_ignore_ascii_case(c))
                    })
                })
        })
        .and_then(|f| Some((f.date?, f.precision, false)))
}

/// "US President Donald Trump said on Saturday ... . He disagreed with
/// ...": the nearest earlier sentence of the paragraph (or the sentence
/// right before) that names the speaker or its side ("The Kremlin on
/// Tuesday dismissed ... . “...,” Peskov told journalists") dates the
/// speaker's next sentences (when it gives a day).
fn speaker_date(
    doc: &Doc<'_>,
    r: &Raw,
    sd: &SentenceDates<'_>,
) -> Option<(NaiveDate, DatePrecision)> {
    let sp = r.speaker?;
    let para = doc.sentences.get(r.sentence)?.para;
    let mut i = r.sentence;
    while i > 0 && r.sentence - i < 3 {
        i -= 1;
        let other_para = doc.sentences.get(i)?.para != para;
        if other_para && i + 1 < r.sentence {
            return None;
        }
        // the speaker itself, or (within the paragraph) its side as a
        // subject, not a place ("officials in the US")
        if doc
            .mentions_of(i)
            .iter()
            .any(|m| m.actor == sp || (!other_para && !m.prep && doc.same_side(m.actor, sp)))
        {
            return sd
                .get(i)?
                .iter()
                .find(|f| f.precision == DatePrecision::Day && f.date.is_some())
                .and_then(|f| Some((f.date?, f.precision)));
        }
    }
    None
}

/// "On Monday, the ministry said ... . It added ...": a day that opens the
/// paragraph dates the paragraph's later sentences.
fn paragraph_lead_date(doc: &Doc<'_>, si: usize, sd: &SentenceDates<'_>) -> Option<Told> {
    let para = doc.sentences.get(si)?.para;
    let mut first = si;
    while first > 0 && doc.sentences.get(first - 1).is_some_and(|x| x.para == para) {
        first -= 1;
    }
    if first == si {
        return None;
    }
    let lead = doc.sentences.get(first)?;
    sd.get(first)?
        .iter()
        .find(|f| f.precision == DatePrecision::Day && f.pos <= lead.start + 12)
        .and_then(|f| Some((f.date?, f.precision, f.dateline)))
}

/// A statement's date as the text tells it.
pub(super) type Dated = Option<(NaiveDate, DatePrecision, DateSource)>;

/// Each statement's date as the text tells it; an undated statement takes
/// its speaker's one known date in the article.
pub(super) fn statement_dates(
    doc: &Doc<'_>,
    all: &[Group],
    sd: &SentenceDates<'_>,
    published: Option<NaiveDate>,
) -> Vec<Dated> {
    let mut dated: Vec<Dated> = all
        .iter()
        .map(|g| group_date(doc, g, sd, published))
        .collect();
    let mut by_speaker: FxHashMap<usize, BTreeSet<NaiveDate>> = FxHashMap::default();
    for (g, d) in all.iter().zip(&dated) {
        // a joint accuser's date is its own too ("Raab and the NCSC
        // accused" dates the NCSC's claims)
        if let Some((date, DatePrecision::Day, _)) = d {
            for s in g.speaker.iter().chain(g.co.iter()) {
                by_speaker.entry(*s).or_default().insert(*date);
            }
        }
    }
    for (g, d) in all.iter().zip(dated.iter_mut()) {
        if d.is_none()
            && let Some(s) = g.speaker
            && let Some(set) = by_speaker.get(&s)
            && set.len() == 1
            && let Some(&only) = set.iter().next()
        {
            *d = Some((only, DatePrecision::Day, DateSource::Text));
        }
    }
    dated
}

/// The date the sentences of `g` tell, body before headline: the first day
/// told, unless it was weak and a later sentence tells one plainly.
fn group_date(
    doc: &Doc<'_>,
    g: &Group,
    sd: &SentenceDates<'_>,
    published: Option<NaiveDate>,
) -> Dated {
    let mut best: Option<Told> = None;
    let mut order: Vec<&Raw> = g.raws.iter().collect();
    order.sort_by_key(|r| {
        (
            doc.sentences.get(r.sentence).is_some_and(|s| s.headline),
            r.sentence,
        )
    });
    // an accusation named in someone's answer does not carry the
    // answer's date, only one its own phrase tells
    for r in order {
        let told = if r.implicit && g.kind == StatementKind::Accusation {
            noun_phrase_date(doc, r, sd)
        } else {
            raw_date(doc, r, sd)
        };
        // the first day told wins, unless it was weak and a later
        // sentence tells one plainly
        if let Some((d, p, weak)) = told
            && best.is_none_or(|b| {
                p == DatePrecision::Day && (b.1 != DatePrecision::Day || (b.2 && !weak))
            })
        {
            best = Some((d, p, weak));
        }
    }
    let mut best = best.map(|(d, p, _)| (d, p));
    // a briefing transcript ("Maria Zakharova: ...") is dated by its
    // publication
    if best.is_none()
        && let Some(p) = published
        && g.raws
            .iter()
            .any(|r| doc.narrator.get(r.sentence).copied().flatten().is_some())
    {
        best = Some((p, DatePrecision::Day));
    }
    best.map(|(d, p)| (d, p, DateSource::Text))
}
