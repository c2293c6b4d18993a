//! Accusations named by a noun: "X's allegations that Y", "claims by X",
//! "denied charges of fraud".

use super::responses::Answered;
use super::{Ctx, DENIED_CHARGE, Raw, find_ci_from_start, raw, starts_with_ci};
use crate::extract::lexicon::{CueHit, Tag};
use crate::extract::model::StatementKind;

/// Words that cannot stand between an owner and its accusation noun.
const NOT_MODIFIER: &[&str] = &[
    "the", "a", "an", "has", "have", "had", "was", "were", "is", "are", "be", "been", "of", "to",
    "and", "or", "that", "which", "who", "on", "in", "at", "by", "for", "with", "its", "their",
    "his", "her", "said", "says", "any", "all", "these", "those", "such", "this",
];

/// The owners of the sentence's accusation nouns, found once: the first
/// noun with an owner names the sentence's accuser ("Washington's
/// accusations", "claims by X"), whom its responses answer.
pub(super) struct NounOwners {
    /// The index in the sentence's cues of the noun that names `accuser`.
    at: Option<usize>,
    pub(super) accuser: Option<usize>,
}

impl NounOwners {
    pub(super) fn find(ctx: &Ctx<'_, '_>) -> NounOwners {
        let (at, accuser) = ctx
            .cues
            .iter()
            .enumerate()
            .filter(|(_, c)| c.tag == Tag::AccNoun)
            .find_map(|(i, c)| noun_owner(ctx, c).map(|o| (i, o)))
            .unzip();
        NounOwners { at, accuser }
    }

    /// The owner of the accusation noun `cues[i]`: the search for the
    /// accuser read the nouns up to its own and found no owner before it
    /// (and none at all when it found no accuser), so only later nouns are
    /// read again.
    fn of(&self, ctx: &Ctx<'_, '_>, i: usize, c: &CueHit) -> Option<usize> {
        match self.at {
            Some(k) if i > k => noun_owner(ctx, c),
            Some(k) if i == k => self.accuser,
            _ => None,
        }
    }
}

/// The first accusation named by a noun outside quotation ("X's
/// allegations that Y"), appended to `out`.
pub(super) fn accusation(
    ctx: &Ctx<'_, '_>,
    owners: &NounOwners,
    answered: &Answered,
    out: &mut Vec<Raw>,
) {
    for (i, c) in ctx
        .cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.tag == Tag::AccNoun)
    {
        if let Some(r) = named_by(ctx, i, c, owners, answered) {
            out.push(r);
            break;
        }
    }
}

/// The accusation noun `c` (`cues[i]`) names: by its owner against its
/// target, or, as the object of a denial, against the denier.
fn named_by(
    ctx: &Ctx<'_, '_>,
    i: usize,
    c: &CueHit,
    owners: &NounOwners,
    answered: &Answered,
) -> Option<Raw> {
    if !ctx.outside(c.start) {
        return None;
    }
    let mut owner = owners.of(ctx, i, c);
    // the charge is the object of a denial: its target is the denier,
    // and "the allegations of the UN" names who made it
    let denier = answered
        .denied_by
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
        return None;
    }
    if !is_a_charge(
        ctx,
        c,
        owner,
        target,
        denier.is_some(),
        &answered.responders,
    ) {
        return None;
    }
    // a charge known only from its denial ("Ebbers denied charges of
    // fraud") is recorded only when no other accusation names it: see
    // the assembly of accusations
    let rule = if denier.is_some() && owner.is_none() {
        // "denied the allegations" points back at a charge told
        // elsewhere; "denied charges of fraud", "allegations that he
        // pressured" tell one
        if !tells_the_act(ctx, c) {
            return None;
        }
        DENIED_CHARGE
    } else {
        "accusation_noun"
    };
    let mut r = raw(StatementKind::Accusation, ctx.si, c.start, rule, 0.45);
    r.speaker = owner;
    r.target = target;
    r.implicit = true;
    Some(r)
}

/// Whether noun `c` with `owner` and `target` is a charge worth a
/// statement: one denied by its target, or one with an owner of another
/// side than its target, or one with no owner that someone answers
/// ("denied claims that Russian hackers ...").
fn is_a_charge(
    ctx: &Ctx<'_, '_>,
    c: &CueHit,
    owner: Option<usize>,
    target: Option<usize>,
    denied: bool,
    responders: &[Option<usize>],
) -> bool {
    match (owner, target) {
        (_, Some(_)) if denied => true,
        (Some(o), Some(tg)) if ctx.doc.same_side(tg, o) => false,
        (Some(_), _) => true,
        // "denied claims that Russian hackers ...": an accusation whose
        // accuser the sentence does not name, when someone answers it
        (None, Some(_))
            if !responders.is_empty()
                && starts_with_ci(ctx.after(c.end, 12).trim_start(), "that")
                || starts_with_ci(ctx.after(c.end, 12).trim_start(), "saying that") =>
        {
            true
        }
        _ => false,
    }
}

/// The accuser a noun names: "London's latest claims", "US claims",
/// "the allegation made by Theresa May", "claims by X".
fn noun_owner(ctx: &Ctx<'_, '_>, c: &CueHit) -> Option<usize> {
    let t = ctx.text();
    // possessive or adjective mention close before, with only lower-case
    // words between ("the NCSC's coronavirus vaccine hacking claims")
    if let Some(m) = ctx
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
        let verb_between = ctx.cues.iter().any(|h| {
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
    let after = ctx.after(c.end, 40);
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
            if let Some(m) = ctx.ms.iter().find(|m| m.start >= p && m.start <= p + 8) {
                return Some(m.actor);
            }
        }
    }
    None
}

/// Nouns for a published work whose author, when someone answers it, is
/// the accuser: "Hanoi refuted the allegations in response to FireEye's
/// report", "dismissed the Greenpeace report", "a story by the Post".
const WORK_NOUNS: &[&str] = &[
    "report",
    "reports",
    "study",
    "story",
    "article",
    "investigation",
    "findings",
    "documentary",
    "book",
];

/// The author of a published work the sentence's answer is about ("in
/// response to FireEye's report", "dismissed the Amnesty report",
/// "disputed a report by Forbidden Stories"), read only where no
/// accusation noun names the accuser. A work cited as the source of the
/// news ("according to a Reuters report") is not what the answer answers.
pub(super) fn work_author(ctx: &Ctx<'_, '_>) -> Option<usize> {
    const ABOUT: &[&str] = &[
        "in response to",
        "responding to",
        "reacting to",
        "replying to",
        "in reply to",
    ];
    const WITHIN: usize = 40;
    // (only a sentence that answers something has its answer's work read)
    if !ctx
        .cues
        .iter()
        .any(|c| matches!(c.tag, Tag::Response(_, _)))
    {
        return None;
    }
    let verbs: Vec<&CueHit> = ctx
        .cues
        .iter()
        .filter(|c| matches!(c.tag, Tag::Response(_, true)))
        .collect();
    let s = &ctx.doc.sentences[ctx.si];
    let text = ctx.text().get(s.start..s.end)?;
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() || !WORK_NOUNS.iter().any(|n| w.eq_ignore_ascii_case(n)) {
            continue;
        }
        // (`w` lies in `text`: its offset, whatever the separators' widths)
        let start = s.start + (w.as_ptr() as usize - text.as_ptr() as usize);
        let lead_start = crate::extract::text::floor_boundary(
            ctx.text(),
            start.saturating_sub(WITHIN).max(s.start),
        );
        let lead = ctx.text().get(lead_start..start).unwrap_or("");
        // the object of an answering verb, only modifiers between, or
        // what "in response to" names
        let object = verbs.iter().any(|v| {
            v.end <= start
                && start - v.end <= WITHIN
                && ctx
                    .text()
                    .get(v.end..start)
                    .is_some_and(|g| !g.contains([',', ';', '"', '\u{201C}']))
        });
        let answered = object || ABOUT.iter().any(|a| super::find_ci(lead, a).is_some());
        if !answered || !ctx.outside(start) {
            continue;
        }
        let noun = CueHit {
            start,
            end: start + w.len(),
            tag: Tag::AccNoun,
        };
        if let Some(author) = noun_owner(ctx, &noun) {
            return Some(author);
        }
    }
    None
}

/// The accused a noun names: the actor after "against", "that" or "of"
/// ("allegations against X", "claims that X", "accusations of X"), else one
/// right after the noun; never its owner.
fn noun_target(ctx: &Ctx<'_, '_>, c: &CueHit, owner: Option<usize>) -> Option<usize> {
    let after = ctx.after(c.end, 120);
    for lead in ["against ", "that ", "of "] {
        if let Some(p) = find_ci_from_start(after, lead, 50) {
            let pos = c.end + p + lead.len();
            if let Some(m) = ctx
                .ms
                .iter()
                .find(|m| m.start >= pos && m.start <= pos + 10 && Some(m.actor) != owner)
            {
                return Some(m.actor);
            }
        }
    }
    ctx.ms
        .iter()
        .find(|m| m.start >= c.end && m.start <= c.end + 3 && Some(m.actor) != owner)
        .map(|m| m.actor)
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
