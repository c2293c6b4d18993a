//! Stage 8/9, assembly: dates on raw statements, merging the repeats of one
//! speech act (a headline and the lead, the sentences of one quotation),
//! links, and the output records with evidence offsets into the input text.

use std::cell::OnceCell;
use std::collections::BTreeSet;

use chrono::NaiveDate;
// Only looked up, never walked, so the fast hasher changes nothing but speed.
use rustc_hash::FxHashMap;

use crate::extract::acts::{self, Raw};
use crate::extract::dates::{self, FoundDate};
use crate::extract::doc::Doc;
use crate::extract::gazetteer::{ActorKind, Gazetteer};
use crate::extract::link::{self, AccView};
use crate::extract::model::{
    DatePrecision, DateSource, Evidence, ExtractedActor, ExtractedStatement, StatementKind,
};
use crate::extract::text::char_offsets;

/// The most sentences one statement keeps as evidence. An act told again
/// and again (a repeated paragraph, a pasted feed) is still one act; past
/// this many its repeats add nothing a reader needs, and the work and the
/// rows one article can cause stay bounded.
pub(super) const MAX_EVIDENCE: usize = 50;

struct Group {
    kind: StatementKind,
    speaker: Option<usize>,
    co: Vec<usize>,
    target: Option<usize>,
    raws: Vec<Raw>,
    links: Vec<usize>,
    accuser: Option<usize>,
}

impl Group {
    fn new(r: Raw) -> Group {
        Group {
            kind: r.kind,
            speaker: r.speaker,
            co: r.co_speakers.clone(),
            target: r.target,
            accuser: r.accuser,
            raws: vec![r],
            links: vec![],
        }
    }

    fn sentences(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.raws.iter().map(|r| r.sentence).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Keeps `r` as one more telling of this act, up to [`MAX_EVIDENCE`].
    fn keep(&mut self, r: Raw) {
        if self.raws.len() < MAX_EVIDENCE {
            self.raws.push(r);
        }
    }

    fn add(&mut self, r: Raw) {
        if self.target.is_none() {
            self.target = r.target;
        }
        if self.accuser.is_none() {
            self.accuser = r.accuser;
        }
        for c in &r.co_speakers {
            if !self.co.contains(c) && Some(*c) != self.speaker {
                self.co.push(*c);
            }
        }
        self.keep(r);
    }
}

/// Per sentence, its date expressions with "the same day" resolved to the
/// last day-precise date before it. Read on first use: most sentences never
/// date a statement, and finding dates is costly.
struct SentenceDates<'a> {
    doc: &'a Doc<'a>,
    published: Option<NaiveDate>,
    /// As found, unresolved.
    found: Vec<OnceCell<Vec<FoundDate>>>,
    resolved: Vec<OnceCell<Vec<FoundDate>>>,
}

impl<'a> SentenceDates<'a> {
    fn new(doc: &'a Doc<'a>, published: Option<NaiveDate>) -> SentenceDates<'a> {
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
fn in_reported_clause(text: &str, cue: usize, at: usize) -> bool {
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

/// An accusation only of wrongs told without their doer.
fn is_open(g: &Group) -> bool {
    g.target.is_none() && g.raws.iter().all(|r| r.rule == "claim_agentless")
}

/// How specific an actor is as a speaker: a person over an organisation over
/// a state, so a merged statement keeps "Peskov" rather than "the Kremlin".
fn specificity(doc: &Doc<'_>, a: Option<usize>) -> u8 {
    match a.and_then(|a| doc.actors.get(a)).map(|a| a.kind) {
        Some(ActorKind::Person) => 3,
        Some(ActorKind::Organization) => 2,
        Some(ActorKind::Group | ActorKind::Unknown) => 1,
        Some(ActorKind::State) => 0,
        None => 0,
    }
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&deunicode::deunicode(w).to_lowercase());
    }
    if out.is_empty() {
        "actor".to_string()
    } else {
        out
    }
}

fn subject_of(doc: &Doc<'_>, r: &Raw) -> Option<String> {
    let s = doc.sentences.get(r.sentence)?;
    let from = r.pos.clamp(s.start, s.end);
    let rest = doc.text.get(from..s.end)?;
    // the words of the clause, to its first comma, semicolon or colon after
    // a few words, at most SUBJECT_WORDS of them, joined as read
    let mut words: Vec<&str> = Vec::new();
    for w in rest.split_whitespace().take(SUBJECT_WORDS) {
        words.push(w);
        if words.len() >= 4 && w.ends_with([',', ';', ':']) {
            break;
        }
    }
    // a phrase cut short does not end on "the" or "to": drop such words
    while words.len() > 1
        && words.last().is_some_and(|w| {
            let bare = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            bare.is_empty() || DANGLING.iter().any(|d| bare.eq_ignore_ascii_case(d))
        })
    {
        words.pop();
    }
    let out = words
        .join(" ")
        .trim_end_matches([',', ';', ':'])
        .to_string();
    (!out.is_empty()).then_some(out)
}

/// The most words a subject keeps: enough for "of interfering in the
/// December 2019 general election by amplifying leaked documents".
const SUBJECT_WORDS: usize = 20;

/// Words a phrase cannot end on.
const DANGLING: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "by", "with", "from", "and", "or",
    "that", "which", "its", "their", "his", "her", "our", "as", "into", "than",
];

/// Whether sentence `si` names an accusation or a wrongdoing: what a
/// response in it may answer when the article reports no accusation.
fn names_an_accusation(doc: &Doc<'_>, si: usize) -> bool {
    doc.cues_of(si).iter().any(|c| {
        matches!(
            c.tag,
            crate::extract::lexicon::Tag::AccNoun
                | crate::extract::lexicon::Tag::AccVerb
                | crate::extract::lexicon::Tag::Wrongdoing
        )
    })
}

/// "Mr Clarke accused him of trying to score cheap points", "The government
/// accused Washington itself of ...": an accused side that answers in the
/// article and accuses its accuser (who does not answer) is answering the
/// charge in kind. Such
/// accusation groups become counter-accusations (responses naming that
/// accuser), added to `resps`; the guide records them as answers, not as
/// new accusations.
fn answers_in_kind(doc: &Doc<'_>, agroups: &mut Vec<Group>, mut resps: Vec<Raw>) -> Vec<Raw> {
    // who answers in this article (denies, dismisses ...): news tells the
    // answer before the charge as often as after, so the order of the text
    // cannot say who answers whom; that one side answers and the other does
    // not can
    let answers_somewhere = |a: usize| {
        resps.iter().any(|r| {
            r.kind
                != StatementKind::Response(crate::extract::model::ResponseKind::CounterAccusation)
                && r.speaker.is_some_and(|s| doc.same_side(s, a))
        })
    };
    let answers = |g: &Group| {
        let (Some(speaker), Some(target)) = (g.speaker, g.target) else {
            return false;
        };
        g.raws.iter().all(|r| !r.implicit)
            && answers_somewhere(speaker)
            && !answers_somewhere(target)
            && agroups.iter().any(|h| {
                h.target.is_some_and(|t| doc.same_side(t, speaker))
                    && h.speaker.is_some_and(|s| doc.same_side(s, target))
            })
    };
    let in_kind: Vec<bool> = agroups.iter().map(answers).collect();
    let (converted, kept): (Vec<_>, Vec<_>) = std::mem::take(agroups)
        .into_iter()
        .zip(in_kind)
        .partition(|(_, answer)| *answer);
    *agroups = kept.into_iter().map(|(g, _)| g).collect();
    for (g, _) in converted {
        for mut r in g.raws {
            r.kind =
                StatementKind::Response(crate::extract::model::ResponseKind::CounterAccusation);
            r.accuser = r.target.take();
            r.rule = "counter_accusation_in_kind";
            resps.push(r);
        }
    }
    resps
}

/// Builds the output actors and statements: accusations grouped into acts,
/// responses grouped and linked to the accusations they answer, each
/// response's target chosen, accusations without a doer settled by who
/// answers them, then dates, actors and statements with evidence.
pub(super) fn assemble(
    doc: &Doc<'_>,
    raws: Vec<Raw>,
    published: Option<NaiveDate>,
    gaz: &Gazetteer,
) -> (Vec<ExtractedActor>, Vec<ExtractedStatement>) {
    let sd = SentenceDates::new(doc, published);
    let (mut accs, resps): (Vec<Raw>, Vec<Raw>) = raws
        .into_iter()
        .partition(|r| r.kind == StatementKind::Accusation);
    drop_claims_of_the_answering_side(doc, &mut accs, &resps);
    let mut agroups = group_accusations(doc, accs, &resps, published);
    let resps = answers_in_kind(doc, &mut agroups, resps);

    let acc_sents: Vec<Vec<usize>> = agroups.iter().map(Group::sentences).collect();
    let views: Vec<AccView<'_>> = agroups
        .iter()
        .zip(&acc_sents)
        .map(|(g, s)| AccView::new(g.speaker, g.target, s, is_open(g)))
        .collect();
    let (mut rgroups, headline) = group_responses(doc, resps, &agroups, &views, published);
    add_headline_responses(doc, &mut rgroups, headline, &views, published);
    merge_bare_reports(doc, &mut rgroups);
    drop_counter_accusations_answering_nothing(&mut rgroups, &agroups);
    rgroups.sort_by_key(|g| g.raws.iter().map(|r| (r.sentence, r.pos)).min());
    for g in rgroups.iter_mut() {
        g.target = response_target(doc, g, &agroups, &acc_sents);
    }
    let agroups = settle_open_accusations(doc, agroups, &mut rgroups);

    let mut all: Vec<Group> = agroups;
    let n_acc = all.len();
    all.extend(rgroups);
    let dated = statement_dates(doc, &all, &sd, published);
    let used = used_actors(doc, &all);
    let keys = actor_keys(doc, &used, gaz);
    let actors = output_actors(doc, &used, &keys, gaz);
    let out = output_statements(doc, &all, n_acc, &dated, &keys, published);
    (actors, out)
}

/// Whether `r` denies or dismisses (rather than, say, counter-accuses).
fn denies_or_dismisses(r: &Raw) -> bool {
    matches!(
        r.kind,
        StatementKind::Response(
            crate::extract::model::ResponseKind::Denial
                | crate::extract::model::ResponseKind::Dismissal
        )
    )
}

/// A claim of wrongdoing by an accused side, said while it answers, is a
/// counter-accusation, not a new accusation: such claims are dropped from
/// `accs` (the answer itself is among `resps`).
fn drop_claims_of_the_answering_side(doc: &Doc<'_>, accs: &mut Vec<Raw>, resps: &[Raw]) {
    let accused: Vec<usize> = accs
        .iter()
        .filter(|a| a.rule != "claim_of_wrongdoing")
        .filter_map(|a| a.target)
        .collect();
    accs.retain(|a| {
        !(a.rule.starts_with("claim")
            && a.speaker.is_some_and(|s| {
                (accused.iter().any(|&t| doc.same_side(s, t))
                    || resps.iter().any(|r| {
                        denies_or_dismisses(r) && r.speaker.is_some_and(|rs| doc.same_side(rs, s))
                    }))
                    && resps.iter().any(|r| {
                        r.sentence == a.sentence && r.speaker.is_some_and(|rs| doc.same_side(rs, s))
                    })
            }))
    });
}

/// Whether sentence `si` tells of the past ("In 2016, X accused Y").
fn is_past(doc: &Doc<'_>, si: usize, published: Option<NaiveDate>) -> bool {
    link::is_past(doc, &[si], published)
}

/// Whether every sentence of `g` is a headline.
fn headline_only(doc: &Doc<'_>, g: &Group) -> bool {
    g.raws
        .iter()
        .all(|x| doc.sentences.get(x.sentence).is_some_and(|s| s.headline))
}

/// Whether the accused of `r` denies or dismisses in `r`'s own sentence
/// ("Ebbers denied claims that he knew ..."): the answer names the charge.
fn answered_in_place(doc: &Doc<'_>, r: &Raw, resps: &[Raw]) -> bool {
    r.target.is_some_and(|t| {
        resps.iter().any(|x| {
            x.sentence == r.sentence
                && denies_or_dismisses(x)
                && x.speaker.is_some_and(|s| doc.same_side(s, t))
        })
    })
}

/// Accusations: one per speaker and target; an accusation named by a noun
/// joins the explicit one it names. Returns the groups in text order.
fn group_accusations(
    doc: &Doc<'_>,
    mut accs: Vec<Raw>,
    resps: &[Raw],
    published: Option<NaiveDate>,
) -> Vec<Group> {
    accs.sort_by_key(|r| (r.implicit, r.sentence, r.pos));
    let mut agroups: Vec<Group> = Vec::new();
    for r in accs {
        // a charge known only from its denial is the one the article tells
        // elsewhere when it tells one against the denier's side; it stands
        // alone only when it does not
        if r.rule == acts::DENIED_CHARGE {
            let told = agroups
                .iter()
                .any(|g| matches!((g.target, r.target), (Some(a), Some(b)) if doc.same_side(a, b)));
            if !told {
                agroups.push(Group::new(r));
            }
            continue;
        }
        let r_past = is_past(doc, r.sentence, published);
        // "the NCSC's claims" joins the NCSC's own accusation (or one it
        // made jointly) before another one of its side
        let found = agroups
            .iter()
            .position(|g| {
                r.implicit
                    && r.speaker
                        .is_some_and(|s| g.speaker == Some(s) || g.co.contains(&s))
            })
            .or_else(|| {
                agroups
                    .iter()
                    .position(|g| joins_accusation(doc, g, &r, r_past, published))
            });
        match found {
            Some(i) => {
                if !r.implicit && headline_only(doc, &agroups[i]) {
                    agroups[i].target = r.target;
                }
                agroups[i].add(r)
            }
            // an accusation named only by "claims that ..." with no accuser
            // stands alone only when nothing else names it
            // ... and "Washington's accusations" that name no accused add no act
            // ... unless the accused answers it in that very sentence ("Ebbers
            // denied claims that he knew ..."): the answer names the charge
            None if r.implicit
                && (r.target.is_none()
                    || (r.speaker.is_none() && !answered_in_place(doc, &r, resps))) => {}
            None => agroups.push(Group::new(r)),
        }
    }
    agroups.sort_by_key(|g| g.raws.iter().map(|r| (r.sentence, r.pos)).min());
    agroups
}

/// Whether accusation `r` (its sentence past or not: `r_past`) is one more
/// telling of the act of group `g`.
fn joins_accusation(
    doc: &Doc<'_>,
    g: &Group,
    r: &Raw,
    r_past: bool,
    published: Option<NaiveDate>,
) -> bool {
    let past = |si: usize| is_past(doc, si, published);
    if r.implicit {
        // claims answered today are not the ones told as background
        // ("In 2016, X accused Y")
        let same_time = past(g.raws[0].sentence) == r_past;
        same_time
            && (r
                .speaker
                .is_some_and(|s| g.speaker.is_some_and(|gs| gs == s || doc.same_side(s, gs))))
            || (r.target.is_some()
                && g.target == r.target
                && r.speaker
                    .is_none_or(|s| g.speaker.is_some_and(|gs| doc.same_side(s, gs))))
    } else {
        // "In 2016, X accused Y" is another act than today's; a
        // headline ("UK blames Russia") is the body's act; "accusing
        // Y of A and condemning B" are two acts
        // "International prosecutors found the rebels were
        // responsible": an unnamed body accusing whom a named body
        // accuses tells that body's finding
        let generic = r
            .speaker
            .and_then(|a| doc.actors.get(a))
            .is_some_and(|a| a.kind == ActorKind::Unknown && a.gazetteer.is_none());
        let body = g
            .speaker
            .and_then(|a| doc.actors.get(a))
            .is_some_and(|a| a.kind == ActorKind::Organization);
        (generic && body && r.target.is_some() && g.target == r.target)
            || (g.speaker == r.speaker
                && !(r.rule == "accusation_verb_coordinated"
                    && g.raws.iter().any(|x| x.sentence == r.sentence))
                && (g.speaker.is_some() || g.raws[0].sentence == r.sentence)
                && ((g.target == r.target && past(g.raws[0].sentence) == r_past)
                    || (!r_past
                        && headline_only(doc, g)
                        && matches!((g.target, r.target), (Some(a), Some(b)) if doc.same_side(a, b)))))
    }
}

/// Responses: each kept candidate is linked to the accusations it answers
/// and joins the group of the act it repeats, or starts one. Returns the
/// groups and, apart, the headline candidates (which
/// [`add_headline_responses`] places once the body's groups are known).
fn group_responses<'a>(
    doc: &'a Doc<'_>,
    resps: Vec<Raw>,
    agroups: &[Group],
    views: &[AccView<'a>],
    published: Option<NaiveDate>,
) -> (Vec<Group>, Vec<Raw>) {
    let mut rgroups: Vec<Group> = Vec::new();
    let mut headline: Vec<Raw> = Vec::new();
    for r in resps {
        if let Some(why) = why_not_an_answer(doc, &r, agroups) {
            trace_dropped(doc, &r, why);
            continue;
        }
        if doc.sentences.get(r.sentence).is_some_and(|s| s.headline) {
            headline.push(r);
            continue;
        }
        let links = response_links(doc, &r, views, published);
        match same_response_act(doc, &rgroups, &r, &links) {
            Some(i) => {
                if specificity(doc, r.speaker) > specificity(doc, rgroups[i].speaker) {
                    rgroups[i].speaker = r.speaker;
                }
                rgroups[i].add(r)
            }
            None => {
                let mut g = Group::new(r);
                g.links = links;
                rgroups.push(g);
            }
        }
    }
    (rgroups, headline)
}

/// Why a candidate answer is not kept, for `RIPOSTE_LOG=riposte::extract=debug`.
fn trace_dropped(doc: &Doc<'_>, r: &Raw, why: &str) {
    tracing::debug!(
        reason = why,
        kind = ?r.kind,
        sentence = doc.sentence_text(r.sentence),
        "response candidate dropped"
    )
}

/// Why response candidate `r` is no answer, if it is not: it has no
/// speaker, it answers nothing, or its speaker is on the accusers' side or
/// a third party.
fn why_not_an_answer(doc: &Doc<'_>, r: &Raw, agroups: &[Group]) -> Option<&'static str> {
    let Some(sp) = r.speaker else {
        return Some("nospeaker");
    };
    // a response answers something: an accusation the article reports,
    // or one its own sentence names ("denied the allegations", "rejected
    // claims that ..."); rejecting a bid or denying a plan answers nothing
    if agroups.is_empty()
        && !(r.sentence.saturating_sub(1)..=r.sentence).any(|s| names_an_accusation(doc, s))
    {
        return Some("answers-nothing");
    }
    // (an accusation made in the answering sentence itself is the
    // answer's own counter-charge: "denied all accusations and accused
    // the prosecution of ...", no sign of the accusers' side)
    // ("denied the charges", "rejected the allegations": an answer whose
    // own object is an accusation is an answer, whoever the rules took
    // for an accuser elsewhere)
    let answers_named_charge = doc.cues_of(r.sentence).iter().any(|c| {
        c.tag == crate::extract::lexicon::Tag::AccNoun
            && c.start > r.pos
            && doc
                .text
                .get(r.pos..c.start)
                .is_some_and(|gap| gap.split_whitespace().count() <= 5)
    });
    // ("Mr Clarke dismissed the latest Tory attack": a denying or
    // dismissing verb with its own subject is an answer too)
    let own_verb = r.rule == "response_verb" && denies_or_dismisses(r);
    let accuser_side = !agroups.is_empty()
        && !answers_named_charge
        && !own_verb
        && agroups.iter().any(|g| {
            g.speaker.is_some_and(|s| doc.same_side(s, sp))
                && g.raws.iter().any(|x| x.sentence != r.sentence)
        })
        && !agroups
            .iter()
            .any(|g| g.target.is_some_and(|t| doc.same_side(t, sp)));
    // an international body that nobody accuses speaks as a third party
    // (a known one: "the ministry" has no country only because the
    // article does not say it)
    let third_party = !agroups.is_empty()
        && doc.actors.get(sp).is_some_and(|a| {
            a.kind == ActorKind::Organization && a.country.is_none() && a.gazetteer.is_some()
        })
        && !agroups
            .iter()
            .any(|g| g.target.is_some_and(|t| doc.same_side(t, sp)));
    if accuser_side {
        Some("accuser-side")
    } else if third_party {
        Some("third-party")
    } else {
        None
    }
}

/// The accusations (indices into `views`) that response `r` answers.
fn response_links<'a>(
    doc: &'a Doc<'_>,
    r: &Raw,
    views: &[AccView<'a>],
    published: Option<NaiveDate>,
) -> Vec<usize> {
    let mut links = link::link(doc, r.speaker, r.accuser, &[r.sentence], views, published);
    // "Both Iran and Russia have denied": a joint responder answers what
    // any of them is accused of
    for &c in &r.co_speakers {
        if !links.is_empty() {
            break;
        }
        links = link::link(doc, Some(c), r.accuser, &[r.sentence], views, published);
    }
    links
}

/// The group in `rgroups` of the act response `r` (answering `links`)
/// repeats, if any: same kind, same accusations answered, same side ("The
/// Kremlin denied ..." and "Peskov denied ...").
fn same_response_act(doc: &Doc<'_>, rgroups: &[Group], r: &Raw, links: &[usize]) -> Option<usize> {
    // A lead sentence ("The Kremlin denied ...") and the body's "Peskov
    // denied" are one act; elsewhere a different speaker is a different act.
    let lead = |s: usize| s < 2 || doc.sentences.get(s).is_some_and(|x| x.headline);
    rgroups.iter().position(|g| {
        // the same speaker repeating one kind of answer in one quotation
        // or paragraph run is one statement even when the linker narrows
        // the sentences differently
        let near = g.raws.iter().any(|x| {
            let (a, b) = (x.sentence.min(r.sentence), x.sentence.max(r.sentence));
            b - a <= 2 && doc.sentences.get(b).zip(doc.sentences.get(a)).is_some_and(|(y, z)| y.para <= z.para + 1)
        });
        // a few sentences on, the same speaker's same kind of answer to
        // an overlapping set of accusations is that answer taken up again
        // ("does not accept these accusations" ... "baseless allegations")
        let resumed = g.raws.iter().any(|x| x.sentence.abs_diff(r.sentence) <= 5);
        g.kind == r.kind
            && (g.links == links
                || (g.speaker == r.speaker
                    && (near || resumed)
                    && g.links.iter().any(|l| links.contains(l))))
            && matches!((g.speaker, r.speaker), (Some(a), Some(b))
                if a == b || (doc.same_side(a, b) && (lead(r.sentence) || g.raws.iter().any(|x| lead(x.sentence)))))
    })
}

/// A headline sums up one answer: its other cues are that answer's words.
/// Each headline candidate joins the first group of its kind on its
/// speaker's side, or starts a group, once per sentence and side.
fn add_headline_responses<'a>(
    doc: &'a Doc<'_>,
    rgroups: &mut Vec<Group>,
    headline: Vec<Raw>,
    views: &[AccView<'a>],
    published: Option<NaiveDate>,
) {
    let mut headline_done: Vec<(usize, usize)> = Vec::new();
    for r in headline {
        let sp = r.speaker;
        let found = rgroups.iter().position(|g| {
            g.kind == r.kind && matches!((g.speaker, sp), (Some(a), Some(b)) if doc.same_side(a, b))
        });
        let done = headline_done
            .iter()
            .any(|&(s, a)| s == r.sentence && sp.is_some_and(|b| doc.same_side(a, b)));
        if let Some(a) = sp {
            headline_done.push((r.sentence, a));
        }
        match found {
            Some(i) => rgroups[i].keep(r),
            None if done => {}
            None => {
                let links = link::link(doc, r.speaker, r.accuser, &[r.sentence], views, published);
                let mut g = Group::new(r);
                g.links = links;
                rgroups.push(g);
            }
        }
    }
}

/// "The Kremlin denied the accusation. “We categorically reject such
/// accusations ...”": a bare report of an answer that the same side's
/// quotation right after spells out is that answer, of the quotation's
/// kind; its group is merged into the quotation's.
fn merge_bare_reports(doc: &Doc<'_>, rgroups: &mut Vec<Group>) {
    let mut i = 0;
    while i < rgroups.len() {
        let g = &rgroups[i];
        let bare = g.raws.len() == 1 && g.raws[0].rule == "response_verb" && {
            let r = &g.raws[0];
            let s_end = doc.sentences.get(r.sentence).map_or(r.pos, |s| s.end);
            let rest = doc.text.get(r.pos..s_end).unwrap_or("");
            rest.split_whitespace().count() <= 5
                && doc
                    .cues_of(r.sentence)
                    .iter()
                    .any(|c| c.tag == crate::extract::lexicon::Tag::AccNoun && c.start > r.pos)
        };
        let next = g.raws[0].sentence + 1;
        let quoted_next = doc
            .sentence_text(next)
            .trim_start()
            .starts_with(['"', '\u{201C}']);
        let sp = g.speaker;
        let into = (bare && quoted_next)
            .then(|| {
                rgroups.iter().position(|o| {
                    o.raws.iter().any(|x| x.sentence == next)
                        && matches!((o.speaker, sp), (Some(a), Some(b)) if doc.same_side(a, b))
                })
            })
            .flatten()
            .filter(|&j| j != i);
        match into {
            Some(j) => {
                let g = rgroups.remove(i);
                let j = if j > i { j - 1 } else { j };
                for r in g.raws {
                    rgroups[j].keep(r);
                }
            }
            None => i += 1,
        }
    }
}

/// A counter-accusation that answers nothing is an accusation, which the
/// claim frame already reports: dropped when its speaker has one.
fn drop_counter_accusations_answering_nothing(rgroups: &mut Vec<Group>, agroups: &[Group]) {
    rgroups.retain(|g| {
        !(g.kind == StatementKind::Response(crate::extract::model::ResponseKind::CounterAccusation)
            && g.links.is_empty()
            && agroups
                .iter()
                .any(|a| a.speaker == g.speaker && a.speaker.is_some()))
    });
}

/// A response's target: the accuser it names, else the speaker of the
/// accusation it answers, or the state that speaks for that accuser (named
/// in the answer, common to several accusers, or the government an
/// official speaks for); linked to nothing, the article's sole accuser of
/// the answering side. `acc_sents` are the sentences of each accusation.
fn response_target(
    doc: &Doc<'_>,
    g: &Group,
    agroups: &[Group],
    acc_sents: &[Vec<usize>],
) -> Option<usize> {
    let sp = g.speaker;
    let accuser = g
        .links
        .iter()
        .find_map(|&i| agroups.get(i).and_then(|a| a.speaker));
    let state_named = state_named(doc, g, accuser);
    let common_state = common_state(doc, g, agroups, accuser);
    let official_state = official_state(doc, g, acc_sents, accuser);
    g.accuser
        .filter(|&a| sp.is_none_or(|s| !doc.same_side(a, s)))
        .or(state_named)
        .or(common_state)
        .or(official_state)
        .or(accuser)
        .or_else(|| sole_accuser(doc, agroups, sp))
}

/// The accuser's state when the response names it ("including those of the
/// UK", "in the US"), else the accuser.
fn state_named(doc: &Doc<'_>, g: &Group, accuser: Option<usize>) -> Option<usize> {
    let sp = g.speaker;
    accuser.and_then(|acc| {
        g.sentences()
            .iter()
            .flat_map(|&s| doc.mentions_of(s))
            .find_map(|m| {
                let a = doc.actors.get(m.actor)?;
                (a.kind == ActorKind::State
                    && m.actor != acc
                    && doc.same_side(m.actor, acc)
                    && !sp.is_some_and(|s| doc.same_side(s, m.actor)))
                .then_some(m.actor)
            })
    })
}

/// Answering several accusers of one country ("Raab and the NCSC"): the
/// country's state answers for them.
fn common_state(
    doc: &Doc<'_>,
    g: &Group,
    agroups: &[Group],
    accuser: Option<usize>,
) -> Option<usize> {
    let accusers: Vec<usize> = g
        .links
        .iter()
        .filter_map(|&i| agroups.get(i))
        .flat_map(|a| a.speaker.iter().chain(a.co.iter()).copied())
        .collect();
    (accusers.len() > 1 && accusers.iter().any(|&a| Some(a) != accuser))
        .then(|| {
            let c = doc.actors.get(accusers[0])?.country.clone()?;
            if !accusers.iter().all(|&a| {
                doc.actors
                    .get(a)
                    .is_some_and(|x| x.country.as_ref() == Some(&c))
            }) {
                return None;
            }
            doc.actors
                .iter()
                .position(|x| x.kind == ActorKind::State && x.country.as_ref() == Some(&c))
        })
        .flatten()
}

/// An answer that does not name the official who accused, and answers
/// several accusations or ones the article reports only after it, answers
/// the government the official speaks for ("We reject any accusations"
/// before a national security adviser's claim); an independent
/// investigator or an international body's official stays the accuser.
fn official_state(
    doc: &Doc<'_>,
    g: &Group,
    acc_sents: &[Vec<usize>],
    accuser: Option<usize>,
) -> Option<usize> {
    let first_own = g
        .raws
        .iter()
        .filter(|r| doc.sentences.get(r.sentence).is_some_and(|s| !s.headline))
        .map(|r| r.sentence)
        .min();
    let answers_side = g.links.len() > 1
        || first_own.is_some_and(|f| {
            g.links.iter().all(|&i| {
                acc_sents
                    .get(i)
                    .and_then(|v| v.first())
                    .is_some_and(|&a| a > f)
            })
        });
    accuser.filter(|_| answers_side).and_then(|acc| {
        let a = doc.actors.get(acc)?;
        if a.kind != ActorKind::Person {
            return None;
        }
        let organ = doc.actors.get(a.affiliated?)?;
        let c = organ.country.as_ref()?;
        if organ.kind != ActorKind::Organization || a.country.as_ref() != Some(c) {
            return None;
        }
        doc.actors
            .iter()
            .position(|x| x.kind == ActorKind::State && x.country.as_ref() == Some(c))
    })
}

/// Linked to nothing and naming no one: when the article has one accuser of
/// the answering side (speaker `sp`), that is who is answered.
fn sole_accuser(doc: &Doc<'_>, agroups: &[Group], sp: Option<usize>) -> Option<usize> {
    let sp = sp?;
    let mut accusers = agroups
        .iter()
        .filter(|a| a.target.is_some_and(|t| doc.same_side(t, sp)))
        .filter_map(|a| a.speaker);
    let first = accusers.next()?;
    accusers
        .all(|b| doc.same_side(b, first))
        .then_some(first)
        .filter(|&a| !doc.same_side(a, sp))
}

/// A wrong told without its doer stands only when someone answers it, and
/// then the answering side is the one it is held against; an accusation
/// naming neither accuser nor accused stands only when answered too.
/// Returns the accusations kept, with the responses' links renumbered to
/// them.
fn settle_open_accusations(
    doc: &Doc<'_>,
    agroups: Vec<Group>,
    rgroups: &mut [Group],
) -> Vec<Group> {
    let answered: BTreeSet<usize> = rgroups
        .iter()
        .flat_map(|g| g.links.iter().copied())
        .collect();
    let mut renumber: Vec<Option<usize>> = Vec::with_capacity(agroups.len());
    let mut kept_acc: Vec<Group> = Vec::with_capacity(agroups.len());
    for (i, mut g) in agroups.into_iter().enumerate() {
        if is_open(&g) {
            if !answered.contains(&i) {
                renumber.push(None);
                continue;
            }
            g.target = answering_side(doc, rgroups, i);
        }
        // an accusation that names neither accuser nor accused, and that
        // nothing answers, tells a researcher nothing ("they accuse
        // ministers of ...", with "they" and "ministers" unresolved)
        if g.speaker.is_none() && g.target.is_none() && !answered.contains(&i) {
            renumber.push(None);
            continue;
        }
        renumber.push(Some(kept_acc.len()));
        kept_acc.push(g);
    }
    for g in rgroups.iter_mut() {
        g.links = g.links.iter().filter_map(|&i| renumber[i]).collect();
    }
    kept_acc
}

/// The side that answers accusation `i`: the first answering speaker's
/// state, else that speaker.
fn answering_side(doc: &Doc<'_>, rgroups: &[Group], i: usize) -> Option<usize> {
    rgroups
        .iter()
        .filter(|r| r.links.contains(&i))
        .find_map(|r| r.speaker)
        .map(|sp| {
            doc.actors[sp]
                .country
                .as_ref()
                .and_then(|c| {
                    doc.actors
                        .iter()
                        .position(|x| x.kind == ActorKind::State && x.country.as_ref() == Some(c))
                })
                .unwrap_or(sp)
        })
}

/// A statement's date as the text tells it.
type Dated = Option<(NaiveDate, DatePrecision, DateSource)>;

/// Each statement's date as the text tells it; an undated statement takes
/// its speaker's one known date in the article.
fn statement_dates(
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

/// The actors the statements name (speakers, co-speakers, targets, in that
/// order per statement), then those they are affiliated with, each once.
fn used_actors(doc: &Doc<'_>, all: &[Group]) -> Vec<usize> {
    let mut used: Vec<usize> = Vec::new();
    let use_actor = |a: usize, used: &mut Vec<usize>| {
        if !used.contains(&a) {
            used.push(a);
        }
    };
    for g in all {
        for a in g.speaker.iter().chain(g.co.iter()).chain(g.target.iter()) {
            use_actor(*a, &mut used);
        }
    }
    let mut i = 0;
    while i < used.len() {
        if let Some(af) = doc.actors.get(used[i]).and_then(|a| a.affiliated) {
            use_actor(af, &mut used);
        }
        i += 1;
    }
    used
}

/// Each used actor's output key, by its index in the article's actors: its
/// gazetteer key or a slug of its name, numbered when taken.
fn actor_keys(doc: &Doc<'_>, used: &[usize], gaz: &Gazetteer) -> Vec<Option<String>> {
    let mut keys: Vec<Option<String>> = vec![None; doc.actors.len()];
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for &a in used {
        let da = &doc.actors[a];
        let base = match da.gazetteer {
            Some(g) => gaz.actor(g).key.clone(),
            None => slug(&da.name),
        };
        let mut k = base.clone();
        let mut n = 2;
        while !taken.insert(k.clone()) {
            k = format!("{base}_{n}");
            n += 1;
        }
        keys[a] = Some(k);
    }
    keys
}

/// Actor `a`'s output key, if it is used.
fn key_of(keys: &[Option<String>], a: usize) -> Option<String> {
    keys.get(a).cloned().flatten()
}

/// The output record of each used actor.
fn output_actors(
    doc: &Doc<'_>,
    used: &[usize],
    keys: &[Option<String>],
    gaz: &Gazetteer,
) -> Vec<ExtractedActor> {
    let key = |a: usize| key_of(keys, a);
    used.iter()
        .map(|&a| {
            let da = &doc.actors[a];
            ExtractedActor {
                key: key(a).unwrap_or_default(),
                name: da.name.clone(),
                kind: da.kind,
                country: da.country.clone(),
                aliases: da.aliases.clone(),
                gazetteer_key: da.gazetteer.map(|g| gaz.actor(g).key.clone()),
                role: da.roles.first().cloned(),
                affiliated_with: da.affiliated.and_then(key),
            }
        })
        .collect()
}

/// Character offsets of the evidence sentences' byte bounds, counted once
/// for the whole text.
struct CharOffsets {
    bytes: Vec<usize>,
    chars: Vec<usize>,
}

impl CharOffsets {
    fn new(doc: &Doc<'_>, all: &[Group]) -> CharOffsets {
        let mut bytes: Vec<usize> = Vec::new();
        for g in all {
            for s in g.sentences() {
                if let Some(x) = doc.sentences.get(s) {
                    bytes.push(x.start);
                    bytes.push(x.end);
                }
            }
        }
        bytes.sort_unstable();
        bytes.dedup();
        let chars = char_offsets(doc.text, &bytes);
        CharOffsets { bytes, chars }
    }

    /// The character offset of byte `b`.
    fn of(&self, b: usize) -> usize {
        self.bytes.binary_search(&b).map_or(0, |i| self.chars[i])
    }
}

/// Statement ids: `S1`, `S2` ... for the first `n_acc` (the accusations),
/// `R1`, `R2` ... for the rest.
fn statement_ids(n: usize, n_acc: usize) -> Vec<String> {
    let mut acc_no = 0;
    let mut resp_no = 0;
    (0..n)
        .map(|i| {
            if i < n_acc {
                acc_no += 1;
                format!("S{acc_no}")
            } else {
                resp_no += 1;
                format!("R{resp_no}")
            }
        })
        .collect()
}

/// The output statements (accusations first, `n_acc` of them), each with
/// its evidence; an undated one is dated by publication.
fn output_statements(
    doc: &Doc<'_>,
    all: &[Group],
    n_acc: usize,
    dated: &[Dated],
    keys: &[Option<String>],
    published: Option<NaiveDate>,
) -> Vec<ExtractedStatement> {
    let key = |a: usize| key_of(keys, a);
    let offsets = CharOffsets::new(doc, all);
    let mut out = Vec::with_capacity(all.len());
    let ids = statement_ids(all.len(), n_acc);
    for (gi, g) in all.iter().enumerate() {
        let evidence = evidence_of(doc, g, &offsets);
        let (date, precision, source) = match dated[gi] {
            Some((d, p, s)) => (Some(d), p, s),
            None => match published {
                Some(p) => (Some(p), DatePrecision::Day, DateSource::Published),
                None => (None, DatePrecision::Day, DateSource::Unknown),
            },
        };
        let hedge = g.raws.iter().find_map(|r| r.hedge.clone());
        out.push(ExtractedStatement {
            id: ids[gi].clone(),
            kind: g.kind,
            speaker: g.speaker.and_then(key),
            co_speakers: g.co.iter().filter_map(|&a| key(a)).collect(),
            target: g.target.and_then(key),
            subject: g.raws.first().and_then(|r| subject_of(doc, r)),
            date,
            date_precision: precision,
            date_source: source,
            hedge: hedge.as_ref().map(|h| h.0.clone()),
            hedge_level: hedge.map(|h| h.1),
            responds_to: if g.kind.is_response() {
                g.links
                    .iter()
                    .filter_map(|&i| ids.get(i).cloned())
                    .collect()
            } else {
                vec![]
            },
            evidence,
        });
    }
    out
}

/// The evidence of `g`: each of its sentences, with the rule and confidence
/// of its surest candidate there.
fn evidence_of(doc: &Doc<'_>, g: &Group, offsets: &CharOffsets) -> Vec<Evidence> {
    let mut evidence = Vec::new();
    for s in g.sentences() {
        let Some(x) = doc.sentences.get(s) else {
            continue;
        };
        let best = g
            .raws
            .iter()
            .filter(|r| r.sentence == s)
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence));
        let (rule, conf) = best.map_or(("merged", 0.5), |r| (r.rule, r.confidence));
        evidence.push(Evidence {
            sentence: doc.text.get(x.start..x.end).unwrap_or("").to_string(),
            byte_start: x.start,
            byte_end: x.end,
            char_start: offsets.of(x.start),
            char_end: offsets.of(x.end),
            rule: rule.to_string(),
            confidence: conf,
        });
    }
    evidence
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::in_reported_clause;
    use crate::extract::{ArticleInput, DateSource, Extraction, Extractor, StatementKind};

    fn extract(name: &str, text: &str) -> Extraction {
        let x = Extractor::builtin().unwrap_or_else(|e| panic!("builtin data: {e}"));
        x.extract(&ArticleInput {
            name,
            text,
            url: None,
            title: None,
            published: None,
        })
    }

    fn date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn a_day_past_that_after_the_cue_lies_in_the_reported_clause() {
        let t = "Burkina Faso rejected a report that soldiers killed villagers on February 25.";
        let cue = t.find("rejected").unwrap_or(0);
        assert!(in_reported_clause(t, cue, t.find("February").unwrap_or(0)));
        let t = "Russia on Friday rejected the claim that it hacked the party.";
        let cue = t.find("rejected").unwrap_or(0);
        assert!(!in_reported_clause(t, cue, t.find("Friday").unwrap_or(0)));
    }

    #[test]
    fn the_day_of_the_alleged_act_does_not_date_the_answer() {
        let t = "Military-ruled Burkina Faso has rejected as \"baseless accusations\" a Human Rights Watch report that soldiers killed at least 223 villagers in two attacks on February 25.\n";
        let x = extract("burkina-rejects-report-2024-04-28.txt", t);
        assert_eq!(x.published, date("2024-04-28"));
        assert!(!x.statements.is_empty());
        for s in x.statements.iter().filter(|s| s.kind.is_response()) {
            assert_ne!(s.date, date("2024-02-25"), "{s:?}");
        }
    }

    #[test]
    fn an_accusation_named_in_an_answer_takes_the_day_its_own_phrase_tells() {
        let t = "Mexican President Claudia Sheinbaum angrily rejected an accusation by the US Saturday that her government has an alliance with drug cartels.\n";
        let x = extract("sheinbaum-rejects-2025-02-02.txt", t);
        let acc = x
            .statements
            .iter()
            .find(|s| s.kind == StatementKind::Accusation);
        assert!(
            acc.is_some_and(|s| s.date == date("2025-02-01") && s.date_source == DateSource::Text),
            "{:?}",
            x.statements
        );
    }
}
