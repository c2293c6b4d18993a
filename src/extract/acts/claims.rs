//! Accusations told as reported speech: "X said Y was behind Z" (a claim of
//! wrongdoing), "..., as claimed by X", "X is claiming that Y ...".

use super::{
    Ctx, Raw, ends_with_ci, find_ci, found_in, hedge, is_passive_aux, raw, starts_with_ci,
    word_before, words_before,
};
use crate::extract::doc::Mention;
use crate::extract::lexicon::{CueHit, Tag};
use crate::extract::model::StatementKind;

/// A stretch of the sentence (`from..to`) that `speaker` reports, read for
/// a claim of wrongdoing.
struct Report {
    speaker: Option<usize>,
    co: Vec<usize>,
    from: usize,
    to: usize,
    rule: &'static str,
    /// Whether a wrong told in the passive without an agent may be kept as
    /// a claim with no doer.
    open_ok: bool,
}

/// Reported claims of wrongdoing ("X said Y was behind Z"): in a transcript
/// the narrator's whole sentence, else what the sentence's speech verbs
/// report.
pub(super) fn of_wrongdoing(ctx: &Ctx<'_, '_>, responders: &[Option<usize>], out: &mut Vec<Raw>) {
    if let Some(n) = ctx.narrator() {
        let s = &ctx.doc.sentences[ctx.si];
        let report = Report {
            speaker: Some(n),
            co: vec![],
            from: s.start,
            to: s.end,
            rule: "claim_in_transcript",
            open_ok: true,
        };
        claim(ctx, responders, report, out);
    } else {
        reported(ctx, responders, out);
    }
}

/// The claim of wrongdoing reported by the first speech verb that reports
/// one: each verb reports the text up to the next one, and the last verb of
/// a final attribution ("Russia does X, officials said") the text before its
/// subject.
fn reported(ctx: &Ctx<'_, '_>, responders: &[Option<usize>], out: &mut Vec<Raw>) {
    let t = ctx.text();
    let anchors = &ctx.anchors;
    // a claim frame adds an accuser the sentence's accusation verbs do not
    // have ("He disagreed with media reports claiming that X was behind the
    // attack, implicating China")
    let verb_accusers: Vec<Option<usize>> = found_in(out, ctx.si)
        .filter(|r| r.kind == StatementKind::Accusation)
        .map(|r| r.speaker)
        .collect();
    let s_end = ctx.doc.sentences[ctx.si].end;
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
        let report = Report {
            speaker: sp,
            co: co.clone(),
            from: a.end,
            to,
            rule: "claim_of_wrongdoing",
            open_ok,
        };
        if claim(ctx, responders, report, out) {
            break;
        }
        if k == anchors.len() - 1
            && let Some(sp) = sp
            && let Some(report) = before_final_attribution(ctx, a, sp, co, open_ok)
        {
            claim(ctx, responders, report, out);
        }
    }
}

/// "Russia does X, officials said": the content before a final attribution
/// by speech verb `a` with subject `sp`, when a comma sets it off from the
/// subject.
fn before_final_attribution(
    ctx: &Ctx<'_, '_>,
    a: &CueHit,
    sp: usize,
    co: Vec<usize>,
    open_ok: bool,
) -> Option<Report> {
    let m_start = ctx
        .ms
        .iter()
        .find(|m| m.actor == sp && m.start < a.start)
        .map_or(a.start, |m| m.start);
    let before_txt = ctx.text().get(..m_start).unwrap_or("").trim_end();
    before_txt.ends_with(',').then(|| Report {
        speaker: Some(sp),
        co,
        from: ctx.doc.sentences[ctx.si].start,
        to: m_start,
        rule: "claim_of_wrongdoing",
        open_ok,
    })
}

/// What one wrongdoing word of a report charges.
enum Charge {
    /// The word is against this actor.
    Against(usize),
    /// A wrong told in the passive without an agent.
    Agentless,
    /// No charge: someone else's claim, denied, or no doer of another side.
    None,
}

/// The claim of wrongdoing in `report`, appended to `out`: the first
/// wrongdoing word with a doer of another side than the speaker, else the
/// first wrong told in the passive without an agent. Whether one was found.
/// A speaker who answers in the sentence (one of `responders`) makes none.
fn claim(
    ctx: &Ctx<'_, '_>,
    responders: &[Option<usize>],
    report: Report,
    out: &mut Vec<Raw>,
) -> bool {
    let Some(sp) = report.speaker else {
        return false;
    };
    if responders.contains(&Some(sp)) {
        return false;
    }
    // "proof that Navalny was poisoned, Germany has said": a wrong told
    // in the passive without an agent; kept (by assembly) only when
    // someone answers it
    let mut agentless: Option<usize> = None;
    for w in ctx.cues.iter().filter(|c| {
        matches!(c.tag, Tag::AccAttributive | Tag::Wrongdoing)
            && c.start >= report.from
            && c.end <= report.to
    }) {
        match charge(ctx, w, &report, sp) {
            Charge::Against(tg) => {
                let mut r = raw(StatementKind::Accusation, ctx.si, w.start, report.rule, 0.6);
                r.speaker = Some(sp);
                r.co_speakers = report.co.clone();
                r.target = Some(tg);
                r.hedge = hedge(ctx, report.from);
                out.push(r);
                return true;
            }
            Charge::Agentless => agentless = agentless.or(Some(w.start)),
            Charge::None => {}
        }
    }
    let Some(p) = agentless else {
        return false;
    };
    let mut r = raw(StatementKind::Accusation, ctx.si, p, "claim_agentless", 0.4);
    r.speaker = Some(sp);
    r.co_speakers = report.co;
    r.hedge = hedge(ctx, report.from);
    out.push(r);
    true
}

/// What wrongdoing word `w` in `report` by speaker `sp` charges: its agent
/// ("by X", "on X's orders", "came from X"), else the nearest doer before
/// it, else one shortly after it; "were poisoned" with no agent is a wrong
/// without a doer (the subject is the victim).
fn charge(ctx: &Ctx<'_, '_>, w: &CueHit, report: &Report, sp: usize) -> Charge {
    let t = ctx.text();
    if is_told_as_others_or_denied(ctx, w) {
        return Charge::None;
    }
    // "were hacked" is passive, "had hacked" is not
    let passive = word_before(t, w.start).is_some_and(is_passive_aux);
    let agent = agent_of(ctx, w, report.to);
    // "were poisoned by X": the subject is the victim
    if passive && agent.is_none() {
        // "was poisoned", not the progressive "is meddling"
        let participle = t
            .get(w.start..w.end)
            .and_then(|x| x.split_whitespace().next())
            .is_some_and(|x| x.ends_with("ed") || x.ends_with("en"));
        return if report.open_ok && participle {
            Charge::Agentless
        } else {
            Charge::None
        };
    }
    let target = agent
        .or_else(|| doer_before(ctx, w, report.from, sp))
        .or_else(|| doer_after(ctx, w, sp));
    match target {
        Some(tg) if !ctx.doc.same_side(tg, sp) => Charge::Against(tg),
        _ => Charge::None,
    }
}

/// Whether wrongdoing word `w` is someone else's claim ("US hacking
/// claims", "alleged meddling") or negated ("there was no foreign
/// meddling", "non-interference").
fn is_told_as_others_or_denied(ctx: &Ctx<'_, '_>, w: &CueHit) -> bool {
    let t = ctx.text();
    // "US hacking claims", "alleged meddling": someone else's claim
    let noun_after = ctx
        .cues
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
    noun_after || alleged || negated
}

/// The agent a report names for wrongdoing word `w`: "by X", "poisoned on
/// President Putin's orders", "on the orders of X", or one an agent marker
/// introduces before `to` ([`origin_agent`]).
fn agent_of(ctx: &Ctx<'_, '_>, w: &CueHit, to: usize) -> Option<usize> {
    let after_w = ctx.after(w.end, 60);
    if starts_with_ci(after_w, " by ") {
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
    }
}

/// The doer of wrongdoing word `w` named before it in the report from
/// `from`: the nearest actor of another side than speaker `sp`, not a
/// place and not the subject of a passive clause.
fn doer_before(ctx: &Ctx<'_, '_>, w: &CueHit, from: usize, sp: usize) -> Option<usize> {
    let t = ctx.text();
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
}

/// The doer of wrongdoing word `w` named shortly after it: an actor of
/// another side than speaker `sp`, not after a preposition.
fn doer_after(ctx: &Ctx<'_, '_>, w: &CueHit, sp: usize) -> Option<usize> {
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
}

/// "Skripal and his daughter were poisoned by ...": the actor before a
/// passive verb suffered the act.
fn is_passive_clause(between: &str) -> bool {
    let words = between.split_whitespace();
    words.clone().zip(words.skip(1)).any(|(aux, verb)| {
        matches!(aux, "was" | "were" | "been" | "being" | "is" | "are") && verb.ends_with("ed")
    })
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

/// "whether the group is connected with Russian intelligence, as claimed
/// by the NCSC": the clause before "as claimed by X" is X's claim about the
/// last actor it names (an actor of X's own side is no claim against it).
/// The first such frame of the sentence, appended to `out`.
pub(super) fn as_claimed_by(ctx: &Ctx<'_, '_>, out: &mut Vec<Raw>) {
    let t = ctx.text();
    for a in ctx.anchors.iter() {
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
        let mut r = raw(
            StatementKind::Accusation,
            ctx.si,
            a.start,
            "as_claimed_by",
            0.5,
        );
        r.speaker = Some(sp);
        r.target = Some(tg);
        out.push(r);
        break;
    }
}

/// "US intelligence is claiming that Iran and Russia have gotten hold of
/// voter data": an accusatory speech verb whose content clause has an actor
/// of another side as subject is an accusation even without a wrongdoing
/// word. Read only when the sentence has no accusation yet; the first such
/// frame, appended to `out`.
pub(super) fn claim_that(ctx: &Ctx<'_, '_>, responders: &[Option<usize>], out: &mut Vec<Raw>) {
    if found_in(out, ctx.si).any(|r| r.kind == StatementKind::Accusation) {
        return;
    }
    for a in ctx.anchors.iter() {
        if let Some(r) = claim_that_at(ctx, responders, a) {
            out.push(r);
            break;
        }
    }
}

/// The "claimed that Y ..." accusation of speech verb `a`, if it is one:
/// an accusatory verb, "that", an actor of another side than the verb's
/// subject (who is not one of `responders`), and no defence ("claimed that
/// Russia had never ...").
fn claim_that_at(ctx: &Ctx<'_, '_>, responders: &[Option<usize>], a: &CueHit) -> Option<Raw> {
    let t = ctx.text();
    let w = t.get(a.start..a.end).unwrap_or("");
    if !["claimed", "claiming", "alleged", "alleging", "alleges"]
        .iter()
        .any(|v| w.eq_ignore_ascii_case(v))
    {
        return None;
    }
    let lr = ctx.after(a.end, 12);
    if !starts_with_ci(lr, " that ") {
        return None;
    }
    let p = a.end
        + 6
        + if starts_with_ci(&lr[6..], "the ") {
            4
        } else {
            0
        };
    let m = &clause_subject(ctx, p)?;
    let (Some(sp), co) = ctx.subject(a) else {
        return None;
    };
    if responders.contains(&Some(sp)) || ctx.doc.same_side(m.actor, sp) {
        return None;
    }
    // "claimed that Russia had never ...": a defence, not a charge
    let denied = ctx.after(m.end, 40).split_whitespace().take(3).any(|x| {
        ["not", "never", "no"]
            .iter()
            .any(|n| x.eq_ignore_ascii_case(n))
            || ends_with_ci(x, "n't")
    });
    if denied {
        return None;
    }
    let mut r = raw(
        StatementKind::Accusation,
        ctx.si,
        a.start,
        "claim_that",
        0.5,
    );
    r.speaker = Some(sp);
    r.co_speakers = co;
    r.target = Some(m.actor);
    r.hedge = hedge(ctx, a.end);
    Some(r)
}

/// The subject of a content clause whose first mention starts at `p`:
/// "Iran and Russia have ...": of a joint subject, the actor the article is
/// most about.
fn clause_subject(ctx: &Ctx<'_, '_>, p: usize) -> Option<Mention> {
    let t = ctx.text();
    let first = ctx.ms.iter().position(|m| m.start == p && !m.possessive)?;
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
    list.iter().copied().rev().max_by_key(salience)
}
