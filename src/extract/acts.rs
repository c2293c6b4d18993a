//! Stage 5, speech acts: lexicon cues in grammatical frames give raw
//! statements with a speaker, a target and a rule name.
//!
//! Frames: "X accused Y of" (speaker before the verb, target after it), "Y was
//! accused by X", "Y has been accused" (speaker unknown), "X said Y was behind
//! Z" (a reported claim of wrongdoing), "X's allegations that Y ...", response
//! cues under the speech verb, quotation or transcript that carries them
//! ("Peskov reiterated that Moscow does not accept" is Peskov's), and "X denied
//! accusing Y" (a denial by X, never an accusation).

use crate::extract::doc::{Doc, Mention};
use crate::extract::lexicon::{CueHit, Tag};
use crate::extract::model::{HedgeLevel, ResponseKind, StatementKind};

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

/// Words that cannot stand between an owner and its accusation noun.
const NOT_MODIFIER: &[&str] = &[
    "the", "a", "an", "has", "have", "had", "was", "were", "is", "are", "be", "been", "of", "to",
    "and", "or", "that", "which", "who", "on", "in", "at", "by", "for", "with", "its", "their",
    "his", "her", "said", "says", "any", "all", "these", "those", "such", "this",
];

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

/// "Skripal and his daughter were poisoned by ...": the actor before a
/// passive verb suffered the act.
fn is_passive_clause(between: &str) -> bool {
    let words = between.split_whitespace();
    words.clone().zip(words.skip(1)).any(|(aux, verb)| {
        matches!(aux, "was" | "were" | "been" | "being" | "is" | "are") && verb.ends_with("ed")
    })
}

/// Whether a negation cue of the sentence starting at `sent_start` (the
/// sentence the cue is in) stands shortly before `cue`, or "n't" does.
fn is_negated(text: &str, sent_start: usize, cue: &CueHit, cues: &[CueHit]) -> bool {
    cues.iter().any(|c| {
        c.tag == Tag::Negation
            && c.end <= cue.start
            && c.start >= sent_start
            && cue.start - c.end <= 20
    }) || words_before(text, cue.start).take(2).any(ends_in_nt)
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

    /// The subject of a verb cue, with any joint subjects ("Raab and the NCSC").
    fn subject(&self, cue: &CueHit) -> (Option<usize>, Vec<usize>) {
        let t = self.text();
        // ", mocking what it called ...", ", implicating China": a
        // participle after a comma has the sentence's subject
        let before = t.get(..cue.start).unwrap_or("").trim_end();
        // (", citing an SVR statement" names its speaker after it)
        if before.ends_with(',')
            && cue.tag != Tag::SpeechAfter
            && t.get(cue.start..cue.end)
                .is_some_and(|w| w.ends_with("ing"))
            && let Some(m) = self
                .ms
                .iter()
                .find(|m| !m.possessive && !m.prep && self.outside(m.start) && m.end <= cue.start)
        {
            return (Some(m.actor), vec![]);
        }
        // "accusing it of ... and condemning ...": a verb joined by "and"
        // to an earlier verb of the same form shares its subject
        let ing = |c: &CueHit| t.get(c.start..c.end).is_some_and(|w| w.ends_with("ing"));
        let verb =
            |c: &CueHit| matches!(c.tag, Tag::Speech | Tag::AccVerb | Tag::Response(_, true));
        if verb(cue)
            && self.outside(cue.start)
            && is_and_or(crate::extract::mentions::prev_word(t, cue.start))
            && let Some(first) = self.cues.iter().rev().find(|c| {
                c.end < cue.start && verb(c) && ing(c) == ing(cue) && self.outside(c.start)
            })
        {
            return self.subject(first);
        }
        // passive with an agent: "claimed by the NCSC", "was accused by X"
        if starts_with_ci(self.after(cue.end, 40), " by ")
            && let Some(m) = self.mention_after(cue.end + 4, 8)
        {
            return (Some(m.actor), vec![]);
        }
        // "quoting X", "according to X"
        if cue.tag == Tag::SpeechAfter {
            return (self.mention_after(cue.end, 12).map(|m| m.actor), vec![]);
        }
        // inverted: '..., said Kremlin spokesman Dmitry Peskov'
        let before = t.get(..cue.start).unwrap_or("").trim_end();
        let comma_after_mention = before.ends_with(',')
            && self
                .ms
                .iter()
                .any(|m| m.end + 3 >= before.len() && m.end <= before.len() && !m.quoted);
        if before.ends_with([',', '"', '\u{201D}', '\u{2019}'])
            && !comma_after_mention
            && let Some(m) = self.mention_after(cue.end, 6)
            && !t.get(cue.end..m.start).is_some_and(|g| g.contains("that"))
        {
            return (Some(m.actor), vec![]);
        }
        // "The company, which is based in Texas, denied": a subject set
        // off from its verb by a parenthetical is the mention before it,
        // not one inside it
        if let Some(m) = self.ms.iter().rev().find(|m| {
            m.end < cue.start
                && !m.prep
                && self.outside(m.start)
                && crate::extract::mentions::after_parenthetical(t, m.end).is_some_and(|p| {
                    t.get(p..cue.start).is_some_and(|gap| {
                        let words: Vec<&str> = gap.split_whitespace().collect();
                        words.len() <= 3 && words.iter().all(|w| w.chars().all(char::is_lowercase))
                    })
                })
        }) {
            return (Some(m.actor), vec![]);
        }
        // the mentions before the cue that may be its subject, read from
        // the nearest back as far as each test needs (not gathered first:
        // most tests stop at the nearest one or two)
        let left = || {
            self.ms
                .iter()
                .filter(|m| m.end <= cue.start && self.outside(m.start) && !m.possessive)
        };
        let nearest = left().next_back();
        // "a team of investigators said": a noun after "of" right before the
        // verb heads the subject phrase
        // "media reports claiming that": a participle right after a noun
        // phrase has it as subject
        let adjacent =
            nearest.filter(|m| t.get(m.end..cue.start).is_some_and(|g| g.trim().is_empty()));
        let participle = t
            .get(cue.start..cue.end)
            .is_some_and(|w| w.ends_with("ing"));
        // "with Prime Minister Theresa May last year accusing it of": the
        // actor after "with" is the participle's subject
        if participle
            && let Some(m) = nearest
            && crate::extract::mentions::prev_word(t, m.start).eq_ignore_ascii_case("with")
            && t.get(m.end..cue.start).is_some_and(|g| {
                g.split_whitespace().count() <= 3
                    && g.chars().all(|ch| ch.is_ascii_lowercase() || ch == ' ')
            })
        {
            return (Some(m.actor), vec![]);
        }
        let of_head = adjacent.filter(|m| {
            participle
                || m.prep
                    && crate::extract::mentions::prev_word(t, m.start).eq_ignore_ascii_case("of")
        });
        let pick = of_head
            .or_else(|| left().rev().find(|m| !m.prep))
            .or(nearest);
        // "WADA's executive committee concluded": the owner speaks
        let pick = pick.or_else(|| {
            self.ms.iter().rev().find(|m| {
                m.end <= cue.start
                    && self.outside(m.start)
                    && m.possessive
                    && cue.start - m.end <= 30
            })
        });
        let Some(m) = pick else {
            return (None, vec![]);
        };
        // joint subjects joined by "and" or ","
        // (the walk goes leftwards, so the subjects joined are nearest first)
        let mut joined: Vec<usize> = Vec::new();
        let mut cur = m;
        for prev in left().rev() {
            if prev.end > cur.start {
                continue;
            }
            let gap = t.get(prev.end..cur.start).unwrap_or("x");
            // "the National Cyber Security Centre (NCSC)": an acronym in
            // brackets is the same subject, the walk goes on from its name
            if prev.actor == cur.actor && gap.trim() == "(" {
                cur = prev;
                continue;
            }
            if matches!(gap.trim(), "and" | "," | ", and") {
                joined.push(prev.actor);
                cur = prev;
            } else {
                break;
            }
        }
        // the leftmost subject first, the others in their order in the text
        let Some((&first, nearer)) = joined.split_last() else {
            return (Some(m.actor), vec![]);
        };
        let mut rest: Vec<usize> = nearer.iter().rev().copied().chain([m.actor]).collect();
        rest.dedup();
        rest.retain(|&a| a != first);
        (Some(first), rest)
    }

    /// The governing speaker of a cue at `pos`: quotation, transcript,
    /// sentence-final attribution, the verb to its left, "according to".
    fn speaker_at(&self, pos: usize) -> (Option<usize>, Vec<usize>, Option<usize>, &'static str) {
        if let Some(q) = self.doc.quote_at(pos) {
            return (q.speaker, vec![], q.attribution, "quote");
        }
        if let Some(n) = self.doc.narrator.get(self.si).copied().flatten() {
            return (Some(n), vec![], None, "transcript");
        }
        let anchors = &self.anchors;
        if let Some(c) = anchors.iter().find(|c| c.tag == Tag::SpeechAfter) {
            let (s, co) = self.subject(c);
            if s.is_some() {
                return (s, co, None, "according_to");
            }
        }
        // a speech verb after the cue with its subject after a comma:
        // "Russia does not interfere ..., Kremlin spokesman Dmitry Peskov said"
        for c in anchors.iter().filter(|c| c.start > pos) {
            let (s, co) = self.subject(c);
            if let Some(sp) = s
                && let Some(m) = self
                    .ms
                    .iter()
                    .find(|m| m.actor == sp && m.start > pos && m.end <= c.start + 60)
            {
                let before = self.text().get(..m.start).unwrap_or("").trim_end();
                if before.ends_with([',', '\u{2014}', '-'])
                    || before.ends_with(" said")
                    || before.ends_with(" told")
                {
                    return (s, co, None, "final_attribution");
                }
            }
        }
        // the nearest speech verb before the cue, skipping words that may be
        // nouns ("Lavrov said that US claims ... are baseless" is Lavrov's)
        let noun_like = |c: &CueHit| {
            self.cues
                .iter()
                .any(|n| n.tag == Tag::AccNoun && n.start == c.start && n.end == c.end)
        };
        let nearest = anchors.iter().rev().find(|c| c.end <= pos && !noun_like(c));
        if let Some(c) = nearest.or_else(|| anchors.iter().rev().find(|c| c.end <= pos)) {
            let (s, co) = self.subject(c);
            if s.is_some() {
                return (s, co, None, "speech_verb");
            }
        }
        (None, vec![], None, "none")
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

/// Words that, after "declined to comment on", point back at the charge
/// being reported rather than at another topic.
const CHARGE_REFERENCES: &[&str] = &[
    "it",
    "this",
    "that",
    "them",
    "these",
    "those",
    "matter",
    "matters",
    "report",
    "reports",
    "case",
    "cases",
    "story",
    "stories",
    "issue",
    "incident",
    "investigation",
    "inquiry",
    "probe",
    "details",
    "specifics",
    "findings",
    "statement",
    "letter",
    "article",
    "remarks",
    "comments",
    "accusation",
    "accusations",
    "allegation",
    "allegations",
    "claim",
    "claims",
    "charges",
    "lawsuit",
    "complaint",
    "ruling",
    "decision",
    "suit",
    "question",
    "questions",
];

/// "She refused to comment on the terms of the license agreement": declining
/// to comment on a named topic that is neither the charge nor a word pointing
/// back at it answers no accusation.
fn declines_on_another_topic(ctx: &Ctx<'_, '_>, c: &CueHit) -> bool {
    let end = ctx.doc.sentences[ctx.si].end;
    let rest = ctx.text().get(c.end..end).unwrap_or("");
    let rest = rest.trim_start();
    let Some(topic) = ["on ", "about "].iter().find_map(|p| rest.strip_prefix(p)) else {
        return false;
    };
    // the topic phrase: up to the clause's end
    let topic_len = topic
        .find([',', ';', '.', '"', '\u{201D}'])
        .unwrap_or(topic.len());
    // (`topic` ends where the sentence ends)
    let topic_start = end - topic.len();
    let names_charge = ctx.cues.iter().any(|k| {
        matches!(k.tag, Tag::AccNoun | Tag::AccVerb | Tag::Wrongdoing)
            && k.start >= topic_start
            && k.start < topic_start + topic_len
    });
    let points_back = topic[..topic_len].split_whitespace().any(|w| {
        let w = w.trim_matches(|ch: char| !ch.is_alphanumeric());
        CHARGE_REFERENCES.iter().any(|r| w.eq_ignore_ascii_case(r))
    });
    !names_charge && !points_back
}

fn sentence(ctx: &Ctx<'_, '_>, out: &mut Vec<Raw>) {
    let si = ctx.si;
    let t = ctx.text();
    let cues = ctx.cues;
    let mut responses: Vec<Raw> = Vec::new();

    // an accuser this sentence names: "Washington's accusations", "claims by X"
    // (with the index of its noun in `cues`, for the owners read again below)
    let (accuser_at, accuser) = cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.tag == Tag::AccNoun)
        .find_map(|(i, c)| noun_owner(ctx, c).map(|o| (i, o)))
        .unzip();
    // the owner of the accusation noun `cues[i]`: the search for the accuser
    // above read the nouns up to its own and found no owner before it (and
    // none at all when it found no accuser), so only later nouns are read again
    let owner_of = |i: usize, c: &CueHit| match accuser_at {
        Some(k) if i > k => noun_owner(ctx, c),
        Some(k) if i == k => accuser,
        _ => None,
    };

    // --- responses
    for c in cues {
        let Tag::Response(kind, negatable) = c.tag else {
            continue;
        };
        if negatable && is_negated(t, ctx.doc.sentences[si].start, c, cues) {
            continue;
        }
        // "had been rebuffed", "was rejected": passive, no responder as subject
        if negatable && word_before(t, c.start).is_some_and(is_passive_aux) {
            continue;
        }
        if kind == ResponseKind::NoComment && declines_on_another_topic(ctx, c) {
            continue;
        }
        // evaluative words ("false", "wrong", "fake") are a response only in
        // quoted speech or about a named accusation
        if !negatable
            && kind == ResponseKind::Dismissal
            && ctx.outside(c.start)
            && ctx.doc.narrator.get(si).copied().flatten().is_none()
            && !cues
                .iter()
                .any(|n| n.tag == Tag::AccNoun || n.tag == Tag::AccVerb)
            && t.get(c.start..c.end).is_some_and(|w| !w.contains(' '))
        {
            continue;
        }
        // a scare-quoted term used as a modifier ("a “fake news” target")
        // is no answer
        if !negatable
            && t.get(..c.start).is_some_and(|b| b.ends_with(['"', '\u{201C}']))
            && let Some(rest) = t
                .get(c.end..ctx.doc.sentences[si].end)
                .and_then(|r| r.strip_prefix(['"', '\u{201D}']))
            && let Some(next) = rest.strip_prefix(' ').and_then(|r| r.split_whitespace().next())
            && next.chars().next().is_some_and(char::is_lowercase)
            && next.chars().all(char::is_alphabetic)
            && !matches!(
                next,
                "and" | "or" | "but" | "as" | "to" | "in" | "of" | "for" | "the" | "was" | "is"
                    | "are" | "were" | "by" | "from" | "on" | "at" | "with" | "that" | "he" | "she"
                    | "it" | "they" | "said" | "says"
            )
            // '"insane" allegation' is an answer
            && !cues
                .iter()
                .any(|n| n.tag == Tag::AccNoun && n.start > c.end && n.start <= c.end + 5)
        {
            continue;
        }
        let (speaker, co, attribution, how) = if negatable
            && ctx.outside(c.start)
            && ctx.doc.narrator.get(si).copied().flatten().is_none()
        {
            // a response verb has its own subject: "Russia denied", "which Russia denied"
            let (s, co) = ctx.subject(c);
            if s.is_some() {
                (s, co, None, "response_verb")
            } else {
                ctx.speaker_at(c.start)
            }
        } else {
            ctx.speaker_at(c.start)
        };
        let rule = match how {
            "quote" => "response_in_quote",
            "transcript" => "response_in_transcript",
            "response_verb" => "response_verb",
            _ => "response_cue_reported",
        };
        let conf = if negatable { 0.8 } else { 0.6 };
        let mut r = raw(StatementKind::Response(kind), si, c.start, rule, conf);
        r.speaker = speaker;
        r.co_speakers = co;
        r.attribution = attribution;
        r.accuser = accuser.filter(|&a| Some(a) != speaker);
        responses.push(r);
    }
    // one statement per (speaker, kind) in a sentence; a denial wins over a
    // dismissal by the same speaker (the guide's rule)
    let mut kept: Vec<Raw> = Vec::new();
    for r in responses {
        if kept
            .iter()
            .any(|k| k.kind == r.kind && k.speaker == r.speaker)
        {
            continue;
        }
        kept.push(r);
    }
    let has_denial: Vec<Option<usize>> = kept
        .iter()
        .filter(|k| k.kind == StatementKind::Response(ResponseKind::Denial))
        .map(|k| k.speaker)
        .collect();
    // "we do not know who did it, but we had nothing to do with it" is a
    // denial too
    kept.retain(|k| {
        !(matches!(
            k.kind,
            StatementKind::Response(ResponseKind::Dismissal | ResponseKind::NoComment)
        ) && has_denial.contains(&k.speaker))
    });
    // a speaker who denies or dismisses in this sentence makes no claim of
    // wrongdoing in it; a counter-accusation is one
    let responders: Vec<Option<usize>> = kept
        .iter()
        .filter(|k| {
            !matches!(
                k.kind,
                StatementKind::Response(ResponseKind::CounterAccusation | ResponseKind::Threat)
            )
        })
        .map(|k| k.speaker)
        .collect();
    // "Ebbers denied charges of fraud": the end of each denying or
    // dismissing verb with its speaker, whose object names a charge
    // against that speaker
    let denied_by: Vec<(usize, usize)> = kept
        .iter()
        .filter(|k| {
            matches!(
                k.kind,
                StatementKind::Response(ResponseKind::Denial | ResponseKind::Dismissal)
            )
        })
        .filter_map(|k| {
            let verb = cues
                .iter()
                .find(|c| c.start == k.pos && matches!(c.tag, Tag::Response(_, true)))?;
            Some((verb.end, k.speaker?))
        })
        .collect();
    out.extend(kept);

    // --- accusations: verbs
    for c in cues.iter().filter(|c| c.tag == Tag::AccVerb) {
        let narrated = ctx.doc.narrator.get(si).copied().flatten();
        if !ctx.outside(c.start) && narrated.is_none() {
            continue;
        }
        // "denied accusing", "rejected blaming": not an accusation
        let governed = cues.iter().any(|r| {
            matches!(r.tag, Tag::Response(_, true)) && r.end <= c.start && c.start - r.end <= 12
        });
        if governed {
            continue;
        }
        let after = ctx.after(c.end, 30);
        let mut r = raw(
            StatementKind::Accusation,
            si,
            c.start,
            "accusation_verb",
            0.8,
        );
        if starts_with_ci(after, " by ") {
            r.rule = "accusation_passive_by";
            r.speaker = ctx.mention_after(c.end + 4, 8).map(|m| m.actor);
            r.target = ctx
                .subject(&CueHit {
                    start: c.start,
                    end: c.start,
                    tag: c.tag,
                })
                .0;
        } else if word_before(t, c.start).is_some_and(is_passive_aux) {
            r.rule = "accusation_passive";
            r.confidence = 0.6;
            r.target = ctx.subject(c).0;
        } else {
            let (mut s, mut co) = ctx.subject(c);
            // ", implicating China instead": the clause's subject is the
            // sentence's subject
            let before = t.get(..c.start).unwrap_or("").trim_end();
            if before.ends_with(',')
                && t.get(c.start..c.end).is_some_and(|w| w.ends_with("ing"))
                && let Some(m) = ctx
                    .ms
                    .iter()
                    .find(|m| !m.possessive && !m.prep && ctx.outside(m.start))
            {
                s = Some(m.actor);
                co = vec![];
            }
            r.speaker = s.or(narrated);
            r.co_speakers = co;
            r.target = blamed_on(ctx, c)
                .filter(|&a| Some(a) != r.speaker)
                .or_else(|| {
                    ctx.ms
                        .iter()
                        .find(|m| {
                            m.start >= c.end && m.start <= c.end + 60 && Some(m.actor) != r.speaker
                        })
                        .map(|m| m.actor)
                });
            // "accusing it of X and condemning Y": the second verb without
            // an accused of its own has the first one's
            let coordinated = is_and_or(crate::extract::mentions::prev_word(t, c.start));
            if coordinated {
                r.rule = "accusation_verb_coordinated";
            }
            if r.target.is_none() && coordinated {
                r.target = found_in(out, si)
                    .find(|o| {
                        o.kind == StatementKind::Accusation
                            && o.speaker == r.speaker
                            && o.pos < c.start
                    })
                    .and_then(|o| o.target);
            }
            // "Johnson condemned the attack as “outrageous”. “The Russian
            // government must now explain ...,” he tweeted": a condemnation
            // that names no one accuses whom the speaker's next quotation
            // holds to account
            let next = si + 1;
            if r.target.is_none()
                && let Some(sp) = r.speaker
                && doc_para(ctx.doc, next) == doc_para(ctx.doc, si)
            {
                r.target = ctx
                    .doc
                    .mentions_of(next)
                    .iter()
                    .find(|m| {
                        ctx.doc
                            .quote_at(m.start)
                            .is_some_and(|q| q.speaker == Some(sp))
                            && !ctx.doc.same_side(m.actor, sp)
                    })
                    .map(|m| m.actor);
            }
        }
        if r.speaker.is_none() && r.target.is_none() {
            continue;
        }
        if let (Some(s), Some(tg)) = (r.speaker, r.target)
            && s == tg
        {
            continue;
        }
        r.hedge = hedge(ctx, c.end);
        out.push(r);
    }

    // --- accusations: reported claims of wrongdoing ("X said Y was behind Z")
    let anchors = &ctx.anchors;
    let narrated = ctx.doc.narrator.get(si).copied().flatten();
    let mut claim_done = false;
    let try_claim = |speaker: Option<usize>,
                     co: Vec<usize>,
                     from: usize,
                     to: usize,
                     rule: &'static str,
                     open_ok: bool,
                     out: &mut Vec<Raw>| {
        let Some(sp) = speaker else { return };
        if responders.contains(&Some(sp)) {
            return;
        }
        // "proof that Navalny was poisoned, Germany has said": a wrong told
        // in the passive without an agent; kept (by assembly) only when
        // someone answers it
        let mut agentless: Option<usize> = None;
        for w in cues.iter().filter(|c| {
            matches!(c.tag, Tag::AccAttributive | Tag::Wrongdoing) && c.start >= from && c.end <= to
        }) {
            // "US hacking claims", "alleged meddling": someone else's claim
            let noun_after = cues
                .iter()
                .any(|n| n.tag == Tag::AccNoun && n.start >= w.end && n.start <= w.end + 14);
            // the three words before, nearest first, read once for the
            // tests below ("" where the sentence has fewer)
            let mut prev = [""; 3];
            for (slot, p) in prev.iter_mut().zip(words_before(t, w.start)) {
                *slot = p;
            }
            let alleged = prev
                .iter()
                .any(|p| p.eq_ignore_ascii_case("alleged") || p.eq_ignore_ascii_case("allegedly"));
            // "there was no foreign meddling", "non-interference"
            let negated = prev[..2].iter().any(|p| {
                ["no", "not", "never", "without", "non"]
                    .iter()
                    .any(|n| p.eq_ignore_ascii_case(n))
            }) || t.get(..w.start).is_some_and(|b| b.ends_with("non-"));
            if noun_after || alleged || negated {
                continue;
            }
            // "were hacked" is passive, "had hacked" is not
            let passive = is_passive_aux(prev[0]);
            let after_w = ctx.after(w.end, 60);
            let agent = if starts_with_ci(after_w, " by ") {
                ctx.mention_after(w.end + 4, 8).map(|m| m.actor)
            } else if starts_with_ci(after_w, " on ")
                && ["orders", "order of", "behest"]
                    .iter()
                    .any(|n| find_ci(after_w, n).is_some())
            {
                // "poisoned on President Putin's orders", "on the orders of X"
                ctx.ms
                    .iter()
                    .find(|m| m.start > w.end && m.start <= w.end + 30)
                    .map(|m| m.actor)
            } else {
                origin_agent(ctx, w.end, to)
            };
            // "were poisoned by X": the subject is the victim
            if passive && agent.is_none() {
                // "was poisoned", not the progressive "is meddling"
                let participle = t
                    .get(w.start..w.end)
                    .and_then(|x| x.split_whitespace().next())
                    .is_some_and(|x| x.ends_with("ed") || x.ends_with("en"));
                if open_ok && participle {
                    agentless = agentless.or(Some(w.start));
                }
                continue;
            }
            let target = agent
                .or_else(|| {
                    ctx.ms
                        .iter()
                        .rev()
                        .find(|m| {
                            m.start >= from
                                && m.end <= w.start
                                && m.actor != sp
                                && !ctx.doc.same_side(m.actor, sp)
                                // "transports of voters in Russia, Belarus
                                // and Turkey, and ... report further
                                // violations": a place is no doer
                                && !(m.prep && t.get(m.end..w.start).is_some_and(|g| g.contains(',')))
                                && !t.get(m.end..w.start).is_some_and(is_passive_clause)
                        })
                        .map(|m| m.actor)
                })
                .or_else(|| {
                    ctx.ms
                        .iter()
                        .find(|m| {
                            m.start >= w.end
                                && m.start <= w.end + 40
                                // "illegal transports in Turkey", "the murder
                                // of X": a place or victim after a preposition
                                // is not the agent
                                && !m.prep
                                && m.actor != sp
                                && !ctx.doc.same_side(m.actor, sp)
                        })
                        .map(|m| m.actor)
                });
            let Some(tg) = target else { continue };
            if ctx.doc.same_side(tg, sp) {
                continue;
            }
            let mut r = raw(StatementKind::Accusation, si, w.start, rule, 0.6);
            r.speaker = Some(sp);
            r.co_speakers = co.clone();
            r.target = Some(tg);
            r.hedge = hedge(ctx, from);
            out.push(r);
            return;
        }
        if let Some(p) = agentless {
            let mut r = raw(StatementKind::Accusation, si, p, "claim_agentless", 0.4);
            r.speaker = Some(sp);
            r.co_speakers = co;
            r.hedge = hedge(ctx, from);
            out.push(r);
        }
    };
    if let Some(n) = narrated {
        let s = &ctx.doc.sentences[si];
        try_claim(
            Some(n),
            vec![],
            s.start,
            s.end,
            "claim_in_transcript",
            true,
            out,
        );
        claim_done = true;
    }
    // a claim frame adds an accuser the sentence's accusation verbs do not
    // have ("He disagreed with media reports claiming that X was behind the
    // attack, implicating China")
    let verb_accusers: Vec<Option<usize>> = found_in(out, si)
        .filter(|r| r.kind == StatementKind::Accusation)
        .map(|r| r.speaker)
        .collect();
    if !claim_done {
        let s_end = ctx.doc.sentences[si].end;
        let mut reporter: (Option<usize>, Vec<usize>) = (None, vec![]);
        for (k, a) in anchors.iter().enumerate() {
            let (mut sp, mut co) = ctx.subject(a);
            // "X said that the analysis established that ...": a speech verb
            // with no subject of its own inside the report continues X's
            let prev_end = k.checked_sub(1).map(|j| anchors[j].end);
            if let Some(pe) = prev_end
                && reporter.0.is_some()
                && !ctx.ms.iter().any(|m| Some(m.actor) == sp && m.start >= pe)
            {
                (sp, co) = reporter.clone();
            }
            reporter = (sp, co.clone());
            let to = anchors.get(k + 1).map_or(s_end, |n| n.start.max(a.end));
            if !verb_accusers.is_empty() && (sp.is_none() || verb_accusers.contains(&sp)) {
                continue;
            }
            // "It was reported that ...": a speech verb in the passive has
            // no speaker to hold a doerless wrong against anyone
            let open_ok = !word_before(t, a.start).is_some_and(is_passive_aux);
            let before = out.len();
            try_claim(
                sp,
                co.clone(),
                a.end,
                to,
                "claim_of_wrongdoing",
                open_ok,
                out,
            );
            if out.len() > before {
                break;
            }
            // "Russia does X, officials said": content before a final attribution
            if k == anchors.len() - 1 && sp.is_some() {
                let s0 = ctx.doc.sentences[si].start;
                let m_start = ctx
                    .ms
                    .iter()
                    .find(|m| Some(m.actor) == sp && m.start < a.start)
                    .map_or(a.start, |m| m.start);
                let before_txt = t.get(..m_start).unwrap_or("").trim_end();
                if before_txt.ends_with(',') {
                    try_claim(sp, co, s0, m_start, "claim_of_wrongdoing", open_ok, out);
                }
            }
        }
    }

    // --- "whether the group is connected with Russian intelligence, as
    // claimed by the NCSC": the clause before "as claimed by X" is X's claim
    // about the last actor it names (an actor of X's own side is no claim
    // against it)
    for a in anchors.iter() {
        if !word_before(t, a.start).is_some_and(|w| w.eq_ignore_ascii_case("as"))
            || !starts_with_ci(ctx.after(a.end, 6), " by ")
        {
            continue;
        }
        let Some(sp) = ctx.mention_after(a.end + 4, 8).map(|m| m.actor) else {
            continue;
        };
        let Some(tg) = ctx
            .ms
            .iter()
            .rev()
            .find(|m| m.end <= a.start && ctx.outside(m.start) && !m.possessive)
            .map(|m| m.actor)
            .filter(|&tg| !ctx.doc.same_side(tg, sp))
        else {
            continue;
        };
        let mut r = raw(StatementKind::Accusation, si, a.start, "as_claimed_by", 0.5);
        r.speaker = Some(sp);
        r.target = Some(tg);
        out.push(r);
        break;
    }

    // --- "US intelligence is claiming that Iran and Russia have gotten hold
    // of voter data": an accusatory speech verb whose content clause has an
    // actor of another side as subject is an accusation even without a
    // wrongdoing word
    if !found_in(out, si).any(|r| r.kind == StatementKind::Accusation) {
        for a in anchors.iter() {
            let w = t.get(a.start..a.end).unwrap_or("");
            if !["claimed", "claiming", "alleged", "alleging", "alleges"]
                .iter()
                .any(|v| w.eq_ignore_ascii_case(v))
            {
                continue;
            }
            let lr = ctx.after(a.end, 12);
            if !starts_with_ci(lr, " that ") {
                continue;
            }
            let p = a.end
                + 6
                + if starts_with_ci(&lr[6..], "the ") {
                    4
                } else {
                    0
                };
            let Some(first) = ctx.ms.iter().position(|m| m.start == p && !m.possessive) else {
                continue;
            };
            // "Iran and Russia have ...": of a joint subject, the actor the
            // article is most about
            let mut list = vec![ctx.ms[first]];
            for n in &ctx.ms[first + 1..] {
                let last = list[list.len() - 1];
                if !matches!(t.get(last.end..n.start), Some(" and " | ", " | ", and ")) {
                    break;
                }
                list.push(*n);
            }
            let salience = |x: &Mention| {
                ctx.doc
                    .mentions
                    .iter()
                    .filter(|o| o.actor == x.actor)
                    .count()
            };
            let Some(m) = list.iter().copied().rev().max_by_key(salience) else {
                continue;
            };
            let m = &m;
            let (Some(sp), co) = ctx.subject(a) else {
                continue;
            };
            if responders.contains(&Some(sp)) || ctx.doc.same_side(m.actor, sp) {
                continue;
            }
            // "claimed that Russia had never ...": a defence, not a charge
            let denied = ctx.after(m.end, 40).split_whitespace().take(3).any(|x| {
                ["not", "never", "no"]
                    .iter()
                    .any(|n| x.eq_ignore_ascii_case(n))
                    || ends_with_ci(x, "n't")
            });
            if denied {
                continue;
            }
            let mut r = raw(StatementKind::Accusation, si, a.start, "claim_that", 0.5);
            r.speaker = Some(sp);
            r.co_speakers = co;
            r.target = Some(m.actor);
            r.hedge = hedge(ctx, a.end);
            out.push(r);
            break;
        }
    }

    // --- accusations named by a noun in someone's sentence: "X's allegations that Y"
    for (i, c) in cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.tag == Tag::AccNoun)
    {
        if !ctx.outside(c.start) {
            continue;
        }
        let mut owner = owner_of(i, c);
        // the charge is the object of a denial: its target is the denier,
        // and "the allegations of the UN" names who made it
        let denier = denied_by
            .iter()
            .find(|(end, _)| object_of_verb(ctx, *end, c.start))
            .map(|&(_, sp)| sp);
        let target = match denier {
            Some(d) => {
                owner = owner.or_else(|| {
                    ["of ", "from "].iter().find_map(|lead| {
                        let after = ctx.after(c.end, 12).trim_start();
                        starts_with_ci(after, lead)
                            .then(|| ctx.mention_after(c.end + 1 + lead.len(), 8))
                            .flatten()
                            .map(|m| m.actor)
                    })
                });
                Some(d)
            }
            None => noun_target(ctx, c, owner),
        };
        if owner.is_some() && owner == target {
            continue;
        }
        match (owner, target) {
            (_, Some(_)) if denier.is_some() => {}
            (Some(o), Some(tg)) if ctx.doc.same_side(tg, o) => continue,
            (Some(_), _) => {}
            // "denied claims that Russian hackers ...": an accusation whose
            // accuser the sentence does not name, when someone answers it
            (None, Some(_))
                if !responders.is_empty()
                    && starts_with_ci(ctx.after(c.end, 12).trim_start(), "that")
                    || starts_with_ci(ctx.after(c.end, 12).trim_start(), "saying that") => {}
            _ => continue,
        }
        // a charge known only from its denial ("Ebbers denied charges of
        // fraud") is recorded only when no other accusation names it: see
        // the assembly of accusations
        let rule = if denier.is_some() && owner.is_none() {
            // "denied the allegations" points back at a charge told
            // elsewhere; "denied charges of fraud", "allegations that he
            // pressured" tell one
            if !tells_the_act(ctx, c) {
                continue;
            }
            DENIED_CHARGE
        } else {
            "accusation_noun"
        };
        let mut r = raw(StatementKind::Accusation, si, c.start, rule, 0.45);
        r.speaker = owner;
        r.target = target;
        r.implicit = true;
        out.push(r);
        break;
    }
}

/// Whether a charge noun goes on to tell the act: "charges of fraud",
/// "allegations that he pressured", "claims it spied"; "the allegations"
/// alone points back at a charge told elsewhere.
fn tells_the_act(ctx: &Ctx<'_, '_>, noun: &CueHit) -> bool {
    let after = ctx.after(noun.end, 12);
    [
        " of ", " that ", " over ", " he ", " she ", " it ", " they ",
    ]
    .iter()
    .any(|lead| starts_with_ci(after, lead))
}

/// Whether a noun at `noun` is the object of the verb ending at `verb_end`:
/// "denied charges", "rejected the latest allegations", "opposes
/// 'slanderous' accusations", "denied fraud charges" (at most three words
/// between, no punctuation that ends a phrase, no cue but hedges and
/// wrongdoing words).
fn object_of_verb(ctx: &Ctx<'_, '_>, verb_end: usize, noun: usize) -> bool {
    if verb_end > noun {
        return false;
    }
    let Some(gap) = ctx.text().get(verb_end..noun) else {
        return false;
    };
    gap.split_whitespace().count() <= 3
        && !gap.contains([',', '.', ';', ':'])
        && !ctx.cues.iter().any(|c| {
            c.start >= verb_end
                && c.start < noun
                && !matches!(c.tag, Tag::Hedge(_) | Tag::Wrongdoing)
        })
}

/// Who "blamed the blasts on the outlawed ANC" and "attributed the attack
/// to Russia" name as the doer: the actor after "on" or "to", the thing
/// blamed coming first. None when the verb has no such phrase before the
/// clause ends.
fn blamed_on(ctx: &Ctx<'_, '_>, verb: &CueHit) -> Option<usize> {
    let t = ctx.text();
    let w = t.get(verb.start..verb.end)?;
    let lead = if starts_with_ci(w, "blam") {
        " on "
    } else if starts_with_ci(w, "attribut") {
        " to "
    } else {
        return None;
    };
    let after = ctx.after(verb.end, 160);
    let clause = after.split([',', ';', '.']).next().unwrap_or(after);
    let at = find_ci(clause, lead)?;
    let from = verb.end + at + lead.len();
    // "on the outlawed African National Congress": an article and an
    // adjective may come first
    ctx.mention_after(from, 16).map(|m| m.actor)
}

/// The paragraph of sentence `si`, if there is one.
fn doc_para(doc: &Doc<'_>, si: usize) -> Option<usize> {
    doc.sentences.get(si).map(|s| s.para)
}

/// The agent a clause names after a wrongdoing word: "the missile that
/// downed the plane came from a Russian unit", "acting on behalf of X".
fn origin_agent(ctx: &Ctx<'_, '_>, from: usize, to: usize) -> Option<usize> {
    let t = ctx.text();
    let marker = ctx.cues.iter().find(|c| {
        c.tag == Tag::AgentMarker
            && c.start >= from
            && c.end <= to
            && c.start <= from + 120
            && !t
                .get(c.start..c.end)
                .is_some_and(|w| w.eq_ignore_ascii_case("by"))
    })?;
    ctx.mention_after(marker.end, 12).map(|m| m.actor)
}

/// The accuser a noun names: "London's latest claims", "US claims",
/// "the allegation made by Theresa May", "claims by X".
fn noun_owner(ctx_: &Ctx<'_, '_>, c: &CueHit) -> Option<usize> {
    let t = ctx_.text();
    // possessive or adjective mention close before, with only lower-case
    // words between ("the NCSC's coronavirus vaccine hacking claims")
    if let Some(m) = ctx_
        .ms
        .iter()
        .rev()
        .find(|m| m.end <= c.start && c.start - m.end <= 45)
    {
        let between = t.get(m.end..c.start).unwrap_or("x");
        let between = between
            .trim_start_matches("'s")
            .trim_start_matches("\u{2019}s");
        // only modifiers between owner and noun: no verbs, articles or
        // auxiliaries ("The Kremlin has dismissed the allegation" names no owner)
        let ok = between.split_whitespace().all(|w| {
            w.chars()
                .all(|ch| ch.is_lowercase() || ch == '-' || ch == '\u{2019}' || ch == '\'')
                && !NOT_MODIFIER.contains(&w)
        });
        let verb_between = ctx_.cues.iter().any(|h| {
            h.start >= m.end
                && h.end <= c.start
                && matches!(h.tag, Tag::Speech | Tag::AccVerb | Tag::Response(_, _))
        });
        let max_words = if m.possessive { 4 } else { 2 };
        if ok
            && !verb_between
            && between.split_whitespace().count() <= max_words
            && !between.contains([',', '.', '"', '\u{201C}'])
        {
            return Some(m.actor);
        }
    }
    let after = ctx_.after(c.end, 40);
    for lead in [
        " made by ",
        " by ",
        " from ",
        " voiced by ",
        " levelled by ",
        " leveled by ",
    ] {
        if starts_with_ci(after, lead) {
            let p = c.end + lead.len();
            if let Some(m) = ctx_.ms.iter().find(|m| m.start >= p && m.start <= p + 8) {
                return Some(m.actor);
            }
        }
    }
    None
}

fn noun_target(ctx_: &Ctx<'_, '_>, c: &CueHit, owner: Option<usize>) -> Option<usize> {
    let after = ctx_.after(c.end, 120);
    for lead in ["against ", "that ", "of "] {
        if let Some(p) = find_ci_from_start(after, lead, 50) {
            let pos = c.end + p + lead.len();
            if let Some(m) = ctx_
                .ms
                .iter()
                .find(|m| m.start >= pos && m.start <= pos + 10 && Some(m.actor) != owner)
            {
                return Some(m.actor);
            }
        }
    }
    ctx_.ms
        .iter()
        .find(|m| m.start >= c.end && m.start <= c.end + 3 && Some(m.actor) != owner)
        .map(|m| m.actor)
}
