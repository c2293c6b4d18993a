//! Responses: a response cue ("denied", "rejected", "declined to comment",
//! "false") with the speaker who says it, unless its frame shows it answers
//! nothing; then one response per speaker and kind in a sentence.

use super::{Ctx, Raw, ends_in_nt, is_passive_aux, raw, word_before, words_before};
use crate::extract::lexicon::{CueHit, Tag};
use crate::extract::model::{ResponseKind, StatementKind};

/// The responses of the sentence, in the order of their cues, one per
/// speaker and kind. `accuser` is an accuser the sentence names
/// ("Washington's accusations"), which the responses answer unless it is
/// their own speaker.
pub(super) fn find(ctx: &Ctx<'_, '_>, accuser: Option<usize>) -> Vec<Raw> {
    let responses = ctx
        .cues
        .iter()
        .filter_map(|c| response(ctx, c, accuser))
        .collect();
    one_per_speaker(responses)
}

/// What the sentence's responses tell the accusation rules read after them.
pub(super) struct Answered {
    /// A speaker who denies or dismisses in this sentence makes no claim of
    /// wrongdoing in it; a counter-accusation (or a threat) is one.
    pub(super) responders: Vec<Option<usize>>,
    /// "Ebbers denied charges of fraud": the end of each denying or
    /// dismissing verb with its speaker, whose object names a charge
    /// against that speaker.
    pub(super) denied_by: Vec<(usize, usize)>,
}

impl Answered {
    /// What the responses `kept` (from [`find`]) answer.
    pub(super) fn by(ctx: &Ctx<'_, '_>, kept: &[Raw]) -> Answered {
        let responders = kept
            .iter()
            .filter(|k| {
                !matches!(
                    k.kind,
                    StatementKind::Response(ResponseKind::CounterAccusation | ResponseKind::Threat)
                )
            })
            .map(|k| k.speaker)
            .collect();
        let denied_by = kept
            .iter()
            .filter(|k| {
                matches!(
                    k.kind,
                    StatementKind::Response(ResponseKind::Denial | ResponseKind::Dismissal)
                )
            })
            .filter_map(|k| {
                let verb = ctx
                    .cues
                    .iter()
                    .find(|c| c.start == k.pos && matches!(c.tag, Tag::Response(_, true)))?;
                Some((verb.end, k.speaker?))
            })
            .collect();
        Answered {
            responders,
            denied_by,
        }
    }
}

/// The response a response cue `c` makes, with its speaker, rule and
/// confidence; None when `c` is no response cue or its frame shows it
/// answers nothing ([`answers_nothing`]).
fn response(ctx: &Ctx<'_, '_>, c: &CueHit, accuser: Option<usize>) -> Option<Raw> {
    let Tag::Response(kind, negatable) = c.tag else {
        return None;
    };
    if answers_nothing(ctx, c, kind, negatable) {
        return None;
    }
    let (speaker, co, attribution, how) = responder(ctx, c, negatable);
    let rule = match how {
        "quote" => "response_in_quote",
        "transcript" => "response_in_transcript",
        "response_verb" => "response_verb",
        _ => "response_cue_reported",
    };
    let conf = if negatable { 0.8 } else { 0.6 };
    let mut r = raw(StatementKind::Response(kind), ctx.si, c.start, rule, conf);
    r.speaker = speaker;
    r.co_speakers = co;
    r.attribution = attribution;
    r.accuser = accuser.filter(|&a| Some(a) != speaker);
    Some(r)
}

/// Whether the frame of response cue `c` (of `kind`; `negatable` for a
/// response verb such as "denied") shows it answers nothing: negated
/// ("did not deny"), passive ("was rejected"), declining to comment on
/// another topic, an evaluative word in narration, or a scare-quoted
/// modifier.
fn answers_nothing(ctx: &Ctx<'_, '_>, c: &CueHit, kind: ResponseKind, negatable: bool) -> bool {
    let t = ctx.text();
    if negatable && is_negated(t, ctx.doc.sentences[ctx.si].start, c, ctx.cues) {
        return true;
    }
    // "had been rebuffed", "was rejected": passive, no responder as subject
    if negatable && word_before(t, c.start).is_some_and(is_passive_aux) {
        return true;
    }
    if kind == ResponseKind::NoComment && declines_on_another_topic(ctx, c) {
        return true;
    }
    !negatable
        && (kind == ResponseKind::Dismissal && is_narrated_evaluation(ctx, c)
            || is_scare_quoted_modifier(ctx, c))
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

/// Evaluative words ("false", "wrong", "fake") are a response only in
/// quoted speech or about a named accusation: this is a single evaluative
/// word in narration, in a sentence with no accusation noun or verb.
fn is_narrated_evaluation(ctx: &Ctx<'_, '_>, c: &CueHit) -> bool {
    ctx.outside(c.start)
        && ctx.narrator().is_none()
        && !ctx
            .cues
            .iter()
            .any(|n| n.tag == Tag::AccNoun || n.tag == Tag::AccVerb)
        && ctx
            .text()
            .get(c.start..c.end)
            .is_some_and(|w| !w.contains(' '))
}

/// A scare-quoted term used as a modifier ("a “fake news” target") is no
/// answer: the quoted cue is followed by a lower-case word that is not a
/// function word or a verb of saying, and by no accusation noun ('"insane"
/// allegation' is an answer).
fn is_scare_quoted_modifier(ctx: &Ctx<'_, '_>, c: &CueHit) -> bool {
    let t = ctx.text();
    if t.get(..c.start).is_some_and(|b| b.ends_with(['"', '\u{201C}']))
        && let Some(rest) = t
            .get(c.end..ctx.doc.sentences[ctx.si].end)
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
        && !ctx
            .cues
            .iter()
            .any(|n| n.tag == Tag::AccNoun && n.start > c.end && n.start <= c.end + 5)
    {
        return true;
    }
    false
}

/// Who gives the response at cue `c`, as [`Ctx::speaker_at`] tells it: a
/// response verb outside quotation and transcript has its own subject
/// ("Russia denied", "which Russia denied"); anything else has the
/// sentence's governing speaker.
fn responder(
    ctx: &Ctx<'_, '_>,
    c: &CueHit,
    negatable: bool,
) -> (Option<usize>, Vec<usize>, Option<usize>, &'static str) {
    // ('Korovin "categorically denies" taking it': a verb in a quoted
    // fragment of narration has the narration's subject)
    let in_fragment = || {
        ctx.doc
            .quote_at(c.start)
            .is_some_and(|q| q.speaker.is_none() && ctx.is_quoted_fragment(q.start, q.end))
    };
    if negatable && (ctx.outside(c.start) || in_fragment()) && ctx.narrator().is_none() {
        let (s, co) = ctx.subject(c);
        if s.is_some() {
            return (s, co, None, "response_verb");
        }
    }
    ctx.speaker_at(c.start)
}

/// One statement per (speaker, kind) in a sentence, the first; and a denial
/// wins over a dismissal or a refusal to comment by the same speaker (the
/// guide's rule): "we do not know who did it, but we had nothing to do with
/// it" is a denial.
fn one_per_speaker(responses: Vec<Raw>) -> Vec<Raw> {
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
    kept.retain(|k| {
        !(matches!(
            k.kind,
            StatementKind::Response(ResponseKind::Dismissal | ResponseKind::NoComment)
        ) && has_denial.contains(&k.speaker))
    });
    kept
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
