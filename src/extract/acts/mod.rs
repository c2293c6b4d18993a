//! Stage 5, speech acts: lexicon cues in grammatical frames give raw
//! statements with a speaker, a target and a rule name.
//!
//! Frames: "X accused Y of" (speaker before the verb, target after it), "Y was
//! accused by X", "Y has been accused" (speaker unknown), "X said Y was behind
//! Z" (a reported claim of wrongdoing), "X's allegations that Y ...", response
//! cues under the speech verb, quotation or transcript that carries them
//! ("Peskov reiterated that Moscow does not accept" is Peskov's), and "X denied
//! accusing Y" (a denial by X, never an accusation).
//!
//! [`sentence`] reads one sentence's rule families in order: [`responses`],
//! accusations told by a verb ([`verbs`]), claims reported by a speech verb
//! ([`claims`]) and accusations named by a noun ([`nouns`]); who speaks is
//! read by [`speakers`].

mod claims;
mod nouns;
mod responses;
mod speakers;
mod verbs;

use crate::extract::doc::{Doc, Mention};
use crate::extract::lexicon::{CueHit, Tag};
use crate::extract::model::{HedgeLevel, StatementKind};

/// A statement found in one sentence, before merging and linking.
#[derive(Debug, Clone)]
pub(super) struct Raw {
    pub kind: StatementKind,
    pub speaker: Option<usize>,
    pub co_speakers: Vec<usize>,
    pub target: Option<usize>,
    pub sentence: usize,
    /// Where the cue is (byte offset), for nearness.
    pub pos: usize,
    pub rule: &'static str,
    pub confidence: f32,
    pub hedge: Option<(String, HedgeLevel)>,
    /// Found from a noun in someone else's sentence ("X's allegations").
    pub implicit: bool,
    /// For responses: an accuser the sentence names ("Washington's accusations").
    pub accuser: Option<usize>,
    /// The sentence that attributes the quotation this statement is in.
    pub attribution: Option<usize>,
}

/// The rule of an accusation known only as the object of its target's
/// denial, with no accuser named: "Ebbers denied charges of fraud".
pub(super) const DENIED_CHARGE: &str = "denied_charge";

/// The rule of one side's half of a mutual accusation ("Erdoğan and
/// Kılıçdaroğlu sued each other"): an accusation in its own right, never
/// an answer in kind to the other half.
pub(super) const RECIPROCAL: &str = "accusation_reciprocal";

/// Forms of "be" that make the verb after them passive ("was rejected");
/// "has", "have" and "had" do not ("had hacked").
const PASSIVE_AUX: &[&str] = &["was", "were", "been", "is", "are", "being", "be"];

fn is_passive_aux(word: &str) -> bool {
    PASSIVE_AUX.iter().any(|a| word.eq_ignore_ascii_case(a))
}

/// The words in the 60 bytes before `pos`, nearest first, as written (tests
/// on them ignore ASCII case).
fn words_before(text: &str, pos: usize) -> impl Iterator<Item = &str> {
    let before = text.get(..pos).unwrap_or("");
    let start = crate::extract::text::floor_boundary(before, before.len().saturating_sub(60));
    before[start..]
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
}

fn word_before(text: &str, pos: usize) -> Option<&str> {
    words_before(text, pos).next()
}

/// "didn't", "won’t": a word ending in a negative "n't", either apostrophe.
fn ends_in_nt(word: &str) -> bool {
    word.strip_suffix(['t', 'T'])
        .and_then(|w| w.strip_suffix(['\'', '\u{2019}']))
        .is_some_and(|w| w.ends_with(['n', 'N']))
}

/// Whether `s` starts with `prefix` (written in lower case), ignoring ASCII
/// case: a test on the text as written instead of a lower-cased copy.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `s` ends with `suffix` (written in lower case), ignoring ASCII
/// case.
fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// "and" or "or", in any case: a word that joins two verbs.
fn is_and_or(word: &str) -> bool {
    word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or")
}

/// The first byte offset of `needle` (written in lower case) in `s`,
/// ignoring ASCII case.
fn find_ci(s: &str, needle: &str) -> Option<usize> {
    position_ci(s.as_bytes(), needle)
}

/// [`find_ci`] when the first occurrence starts at most `max_start` bytes in.
fn find_ci_from_start(s: &str, needle: &str, max_start: usize) -> Option<usize> {
    let head = &s.as_bytes()[..s.len().min(max_start + needle.len())];
    position_ci(head, needle)
}

fn position_ci(hay: &[u8], needle: &str) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

struct Ctx<'d, 't> {
    doc: &'d Doc<'t>,
    si: usize,
    cues: &'d [CueHit],
    ms: &'d [Mention],
    /// The sentence's speech cues outside quotations, which give speakers:
    /// found once for the sentence's every cue and frame.
    anchors: Vec<&'d CueHit>,
}

impl<'d, 't> Ctx<'d, 't> {
    fn new(doc: &'d Doc<'t>, si: usize) -> Ctx<'d, 't> {
        let cues = doc.cues_of(si);
        let anchors = cues
            .iter()
            .filter(|c| matches!(c.tag, Tag::Speech | Tag::SpeechAfter))
            .filter(|c| doc.quote_at(c.start).is_none())
            .collect();
        Ctx {
            doc,
            si,
            cues,
            ms: doc.mentions_of(si),
            anchors,
        }
    }
}

impl Ctx<'_, '_> {
    /// The narrator of the sentence when it is part of a transcript.
    fn narrator(&self) -> Option<usize> {
        self.doc.narrator.get(self.si).copied().flatten()
    }

    fn outside(&self, p: usize) -> bool {
        self.doc.quote_at(p).is_none()
    }

    fn text(&self) -> &str {
        self.doc.text
    }

    fn after(&self, pos: usize, len: usize) -> &str {
        let end = crate::extract::text::floor_boundary(
            self.text(),
            (pos + len).min(self.doc.sentences[self.si].end),
        );
        self.text().get(pos..end).unwrap_or("")
    }

    /// The mention right after `pos` (skipping up to `gap` bytes).
    fn mention_after(&self, pos: usize, gap: usize) -> Option<&Mention> {
        self.ms
            .iter()
            .find(|m| m.start >= pos && m.start <= pos + gap)
    }
}

fn hedge(ctx: &Ctx<'_, '_>, from: usize) -> Option<(String, HedgeLevel)> {
    ctx.cues
        .iter()
        .filter(|c| c.start >= from)
        .find_map(|c| match c.tag {
            Tag::Hedge(level) => {
                let w = ctx.text().get(c.start..c.end)?;
                // "May" the prime minister is no hedge: single hedge words must
                // be written in lower case
                if !w.contains(' ') && w.chars().next().is_some_and(char::is_uppercase) {
                    return None;
                }
                Some((w.to_string(), level))
            }
            _ => None,
        })
}

fn raw(kind: StatementKind, si: usize, pos: usize, rule: &'static str, confidence: f32) -> Raw {
    Raw {
        kind,
        speaker: None,
        co_speakers: vec![],
        target: None,
        sentence: si,
        pos,
        rule,
        confidence,
        hedge: None,
        implicit: false,
        accuser: None,
        attribution: None,
    }
}

/// A statement of `kind` at `pos` of sentence `si` that no frame of the
/// rules read (the sentence model proposes it), with the speaker the frames
/// give that place (quotation, transcript, attribution, speech verb; else
/// the sentence's first plain subject) and, for an accusation, the first
/// other actor of the sentence as its target. A response's target is the
/// accuser it answers, found when it is linked.
pub(super) fn framed(
    doc: &Doc<'_>,
    si: usize,
    pos: usize,
    kind: StatementKind,
    rule: &'static str,
    confidence: f32,
) -> Raw {
    let ctx = Ctx::new(doc, si);
    let (speaker, co_speakers, attribution, _) = ctx.speaker_at(pos);
    let speaker = speaker.or_else(|| {
        ctx.ms
            .iter()
            .find(|m| !m.prep && !m.possessive && ctx.outside(m.start))
            .map(|m| m.actor)
    });
    let mut r = raw(kind, si, pos, rule, confidence);
    r.speaker = speaker;
    r.co_speakers = co_speakers;
    r.attribution = attribution;
    if kind == StatementKind::Accusation {
        let other = |m: &&Mention| speaker.is_none_or(|s| !doc.same_side(s, m.actor));
        r.target = ctx
            .ms
            .iter()
            .filter(other)
            .find(|m| m.start >= pos && !m.possessive)
            .or_else(|| ctx.ms.iter().find(other))
            .map(|m| m.actor);
        r.hedge = hedge(&ctx, doc.sentences[si].start);
    }
    r
}

/// The raw statements already found in sentence `si`: the tail of `out`,
/// as every sentence's statements are appended together. Reading only the
/// tail keeps the work per sentence independent of the article's length.
fn found_in(out: &[Raw], si: usize) -> impl Iterator<Item = &Raw> {
    out.iter().rev().take_while(move |r| r.sentence == si)
}

/// Finds the raw statements of every sentence.
pub(super) fn find(doc: &Doc<'_>) -> Vec<Raw> {
    find_within(doc, &crate::extract::budget::Budget::unlimited())
}

/// The most candidate statements one article yields: news articles have a
/// few dozen; past this is a dump or an attack, and assembly (which
/// compares statements with each other) must stay bounded.
pub(super) const MAX_CANDIDATES: usize = 1_000;

/// [`find`], stopping early once `budget` is spent (its caller reports why)
/// or [`MAX_CANDIDATES`] are found.
pub(super) fn find_within(doc: &Doc<'_>, budget: &crate::extract::budget::Budget) -> Vec<Raw> {
    let mut out = Vec::new();
    for si in 0..doc.sentences.len() {
        if !budget.open() || out.len() >= MAX_CANDIDATES {
            break;
        }
        sentence(&Ctx::new(doc, si), &mut out);
    }
    out
}

/// Finds the raw statements of one sentence, rule family by rule family,
/// in an order the later families rely on: responses first (a speaker who
/// answers in the sentence makes no claim of wrongdoing in it, and a denied
/// noun names a charge against the denier), then accusations told by a
/// verb, claims of wrongdoing reported by a speech verb (only for a speaker
/// the verbs found no accusation of), "as claimed by X", "X is claiming
/// that Y ..." (only when nothing before found an accusation), and last an
/// accusation named by a noun ("X's allegations").
fn sentence(ctx: &Ctx<'_, '_>, out: &mut Vec<Raw>) {
    let owners = nouns::NounOwners::find(ctx);
    let accuser = owners.accuser.or_else(|| nouns::work_author(ctx));
    let responses = responses::find(ctx, accuser);
    let answered = responses::Answered::by(ctx, &responses);
    out.extend(responses);
    verbs::accusations(ctx, out);
    claims::of_wrongdoing(ctx, &answered.responders, out);
    claims::as_claimed_by(ctx, out);
    claims::claim_that(ctx, &answered.responders, out);
    nouns::accusation(ctx, &owners, &answered, out);
}
