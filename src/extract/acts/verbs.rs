//! Accusations told by a verb: "X accused Y of", "Y was accused by X",
//! "Y has been accused", "X blamed the blasts on Y".

use super::{
    Ctx, Raw, ends_in_nt, find_ci, found_in, hedge, is_and_or, is_passive_aux, raw, starts_with_ci,
    word_before,
};
use crate::extract::doc::Doc;
use crate::extract::lexicon::{CueHit, Tag};
use crate::extract::model::StatementKind;

/// The accusations of the sentence's accusation verbs, in their order,
/// appended to `out` (a coordinated verb reads the ones before it).
pub(super) fn accusations(ctx: &Ctx<'_, '_>, out: &mut Vec<Raw>) {
    for c in ctx.cues.iter().filter(|c| c.tag == Tag::AccVerb) {
        if let Some(r) = accusation(ctx, c, out) {
            if reciprocal(ctx, c) && !r.co_speakers.is_empty() {
                each_other(r, out);
            } else {
                out.push(r);
            }
        }
    }
    for c in ctx.cues.iter() {
        let frame = match c.tag {
            Tag::ChargeVerb => Charge::With,
            Tag::SanctionVerb => Charge::For,
            _ => continue,
        };
        if let Some(r) = charged_with(ctx, c, frame) {
            out.push(r);
        }
    }
}

/// "Kyrgyzstan and Tajikistan blamed each other", "accused one another":
/// the verb's object is its joint subjects themselves.
fn reciprocal(ctx: &Ctx<'_, '_>, c: &CueHit) -> bool {
    let after = ctx.after(c.end, 14);
    starts_with_ci(after, " each other") || starts_with_ci(after, " one another")
}

/// The accusations of a reciprocal verb, `r` read with its joint subjects:
/// each subject accuses each other one ("A and B accused each other" is A
/// accusing B and B accusing A). Past four subjects the pairs say little
/// of who accused whom; only the first four are read.
fn each_other(r: Raw, out: &mut Vec<Raw>) {
    const MAX_SUBJECTS: usize = 4;
    let mut subjects: Vec<usize> = Vec::with_capacity(MAX_SUBJECTS);
    for a in r.speaker.into_iter().chain(r.co_speakers.iter().copied()) {
        if subjects.len() == MAX_SUBJECTS {
            break;
        }
        if !subjects.contains(&a) {
            subjects.push(a);
        }
    }
    for &a in &subjects {
        for &b in subjects.iter().filter(|&&b| b != a) {
            let mut one = r.clone();
            one.speaker = Some(a);
            one.co_speakers = vec![];
            one.target = Some(b);
            one.rule = super::RECIPROCAL;
            out.push(one);
        }
    }
}

/// How a charging verb's object is told its wrong.
#[derive(Clone, Copy)]
enum Charge {
    /// "charged Zhu Hua with hacking"
    With,
    /// "fined MTN for failing to deactivate ..."
    For,
}

impl Charge {
    fn lead(self) -> &'static str {
        match self {
            Charge::With => " with ",
            Charge::For => " for ",
        }
    }

    fn rule(self) -> &'static str {
        match self {
            Charge::With => "accusation_charged_with",
            Charge::For => "accusation_sanctioned_for",
        }
    }
}

/// "Prosecutors charged Zhu Hua with hacking", "have charged Fabio
/// Schvartsman, the former chief executive of miner Vale, and 15 other
/// people with homicide", "the commission fined MTN for failing to ...":
/// verb `c` in the active, an actor right after it, and the `frame`'s
/// preposition later in the clause, no other verb between. The subject
/// accuses the object.
fn charged_with(ctx: &Ctx<'_, '_>, c: &CueHit, frame: Charge) -> Option<Raw> {
    const REACH: usize = 160;
    let t = ctx.text();
    // "decided to charge", "could charge", "did not charge": not done
    // ("the charges Moscow filed", "his charges": a noun, not the verb)
    const UNREAL: &[&str] = &[
        "to", "would", "could", "may", "might", "will", "should", "can", "must", "cannot", "shall",
        "not", "never", "whether", "the", "these", "those", "his", "her", "its", "their",
    ];
    let before = word_before(t, c.start);
    if !ctx.outside(c.start)
        || before.is_some_and(|w| {
            is_passive_aux(w) || ends_in_nt(w) || UNREAL.iter().any(|u| w.eq_ignore_ascii_case(u))
        })
    {
        return None;
    }
    // "faces espionage charges in Russia": a name after a preposition is
    // no one charged
    let object = ctx
        .mention_after(c.end, 5)
        .filter(|m| !m.possessive && !m.prep)?;
    let after = ctx.after(object.end, REACH);
    let clause = after
        .split(['.', ';', ':', '"', '\u{201C}'])
        .next()
        .unwrap_or(after);
    let at = find_ci(clause, frame.lead())?;
    let verb_between = ctx.cues.iter().any(|v| {
        (object.end..object.end + at).contains(&v.start)
            && matches!(v.tag, Tag::AccVerb | Tag::Speech | Tag::Response(_, true))
    });
    if verb_between {
        return None;
    }
    let (speaker, co) = ctx.subject(c);
    if speaker == Some(object.actor) {
        // "prosecutors have also charged them": a pronoun read as the
        // subject itself names no one accused
        return None;
    }
    let mut r = raw(
        StatementKind::Accusation,
        ctx.si,
        c.start,
        frame.rule(),
        0.8,
    );
    r.speaker = speaker;
    r.co_speakers = co;
    r.target = Some(object.actor);
    r.hedge = hedge(ctx, c.end);
    Some(r)
}

/// The accusation of verb `c` in one of three frames: passive with an
/// agent ("was accused by X"), passive without one ("has been accused"),
/// or active ("X accused Y"). None inside a quotation outside a
/// transcript, under a denial ("denied accusing"), or when the frame gives
/// neither speaker nor target, or gives one actor as both.
fn accusation(ctx: &Ctx<'_, '_>, c: &CueHit, out: &[Raw]) -> Option<Raw> {
    let narrated = ctx.narrator();
    if !ctx.outside(c.start) && narrated.is_none() {
        return None;
    }
    if is_denied(ctx, c) {
        return None;
    }
    let after = ctx.after(c.end, 30);
    let mut r = raw(
        StatementKind::Accusation,
        ctx.si,
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
    } else if let Some(agent) = late_passive_agent(ctx, c) {
        // "were formally accused of criminal associations by Prosecutor
        // General Rodrigo Janot"
        r.rule = "accusation_passive_by";
        r.speaker = Some(agent);
        r.target = ctx.subject(c).0.filter(|&t| t != agent);
    } else if word_before(ctx.text(), c.start).is_some_and(is_passive_aux) {
        r.rule = "accusation_passive";
        r.confidence = 0.6;
        r.target = ctx.subject(c).0;
    } else {
        active(ctx, c, narrated, out, &mut r);
    }
    if r.speaker.is_none() && r.target.is_none() {
        return None;
    }
    if let (Some(s), Some(tg)) = (r.speaker, r.target)
        && s == tg
    {
        return None;
    }
    r.hedge = hedge(ctx, c.end);
    Some(r)
}

/// Participles that take an agent of their own inside the charge ("accused
/// of being paid by Moscow"): a "by" after one of them names no accuser.
fn ends_in_participle(word: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "paid", "made", "led", "run", "held", "sent", "built", "set", "taken", "given", "done",
        "seen", "known", "sold", "bought", "hit", "shot", "won", "lost", "caught", "brought",
    ];
    // (as written: "Sweden", "Bowen" are names, not participles)
    word.ends_with("ed") || word.ends_with("en") || IRREGULAR.contains(&word)
}

/// The agent of passive verb `c` named later in its clause: "Lula and
/// Rousseff were (formally) accused of criminal associations by Prosecutor
/// General Rodrigo Janot". The verb is passive ("were", perhaps with an
/// adverb in "-ly" between), and "by" follows within the clause, not after
/// a participle of the charge ("accused of being paid by Moscow").
fn late_passive_agent(ctx: &Ctx<'_, '_>, c: &CueHit) -> Option<usize> {
    const REACH: usize = 120;
    let t = ctx.text();
    let mut before = super::words_before(t, c.start);
    let passive = match before.next() {
        Some(w) if is_passive_aux(w) => true,
        Some(w) if w.len() > 3 && w.to_ascii_lowercase().ends_with("ly") => {
            before.next().is_some_and(is_passive_aux)
        }
        _ => false,
    };
    if !passive {
        return None;
    }
    let after = ctx.after(c.end, REACH);
    let clause = after
        .split([',', ';', '.', ':', '"', '\u{201C}'])
        .next()
        .unwrap_or(after);
    let at = find_ci(clause, " by ")?;
    // "accused of links to the bombings by al-Qaeda": a wrong right before
    // "by" has its own doer
    let by = c.end + at;
    let last = word_before(clause, at).unwrap_or("");
    let last_start = by - last.len();
    // ("bombings by", "killings by": a plural in "-ings" is an act noun)
    if ends_in_participle(last)
        || last.ends_with("ings")
        || ctx.cues.iter().any(|v| {
            (c.end..by).contains(&v.start)
                && matches!(v.tag, Tag::AccVerb | Tag::Speech | Tag::Response(_, true))
                || v.tag == Tag::Wrongdoing && v.start == last_start
        })
    {
        return None;
    }
    ctx.mention_after(c.end + at + 4, 8)
        .filter(|m| !m.possessive)
        .map(|m| m.actor)
}

/// "denied accusing", "rejected blaming": a verb right after a response
/// verb is not an accusation.
fn is_denied(ctx: &Ctx<'_, '_>, c: &CueHit) -> bool {
    ctx.cues.iter().any(|r| {
        matches!(r.tag, Tag::Response(_, true)) && r.end <= c.start && c.start - r.end <= 12
    })
}

/// Fills in `r`, the accusation of active verb `c` ("X accused Y of"): the
/// speaker is the verb's subject (or the transcript's narrator), the target
/// whom it blames, else the first other actor shortly after the verb, else
/// (for a coordinated verb) an earlier verb's target in `out`, else whom
/// the speaker's next quotation holds to account.
fn active(ctx: &Ctx<'_, '_>, c: &CueHit, narrated: Option<usize>, out: &[Raw], r: &mut Raw) {
    let (s, co) = active_subject(ctx, c);
    r.speaker = s.or(narrated);
    r.co_speakers = co;
    r.target = blamed_on(ctx, c)
        .filter(|&a| Some(a) != r.speaker)
        .or_else(|| {
            ctx.ms
                .iter()
                .find(|m| m.start >= c.end && m.start <= c.end + 60 && Some(m.actor) != r.speaker)
                .map(|m| m.actor)
        });
    // "accusing it of X and condemning Y": the second verb without
    // an accused of its own has the first one's
    let coordinated = is_and_or(crate::extract::mentions::prev_word(ctx.text(), c.start));
    if coordinated {
        r.rule = "accusation_verb_coordinated";
    }
    if r.target.is_none() && coordinated {
        r.target = found_in(out, ctx.si)
            .find(|o| {
                o.kind == StatementKind::Accusation && o.speaker == r.speaker && o.pos < c.start
            })
            .and_then(|o| o.target);
    }
    if r.target.is_none()
        && let Some(sp) = r.speaker
    {
        r.target = accused_in_next_quotation(ctx, sp);
    }
}

/// The subject of active verb `c`, with any joint subjects; ", implicating
/// China instead": the clause's subject is the sentence's subject.
fn active_subject(ctx: &Ctx<'_, '_>, c: &CueHit) -> (Option<usize>, Vec<usize>) {
    let t = ctx.text();
    let before = t.get(..c.start).unwrap_or("").trim_end();
    if before.ends_with(',')
        && t.get(c.start..c.end).is_some_and(|w| w.ends_with("ing"))
        && let Some(m) = ctx
            .ms
            .iter()
            .find(|m| !m.possessive && !m.prep && ctx.outside(m.start) && m.end <= c.start)
    {
        return (Some(m.actor), vec![]);
    }
    ctx.subject(c)
}

/// "Johnson condemned the attack as “outrageous”. “The Russian government
/// must now explain ...,” he tweeted": a condemnation that names no one
/// accuses whom the speaker `sp`'s next quotation holds to account, when
/// the next sentence is in the same paragraph.
fn accused_in_next_quotation(ctx: &Ctx<'_, '_>, sp: usize) -> Option<usize> {
    let next = ctx.si + 1;
    if doc_para(ctx.doc, next) != doc_para(ctx.doc, ctx.si) {
        return None;
    }
    ctx.doc
        .mentions_of(next)
        .iter()
        .find(|m| {
            ctx.doc
                .quote_at(m.start)
                .is_some_and(|q| q.speaker == Some(sp))
                && !ctx.doc.same_side(m.actor, sp)
        })
        .map(|m| m.actor)
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
