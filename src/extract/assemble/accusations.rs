//! Accusations: dropping an answering side's own claims, grouping the
//! tellings of one act, answers in kind, and settling accusations told
//! without their doer once the responses are known.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::{Group, denies_or_dismisses, is_open};
use crate::extract::acts::{self, Raw};
use crate::extract::doc::Doc;
use crate::extract::gazetteer::ActorKind;
use crate::extract::link;
use crate::extract::model::StatementKind;

/// A claim of wrongdoing by an accused side, said while it answers, is a
/// counter-accusation, not a new accusation: such claims are dropped from
/// `accs` (the answer itself is among `resps`).
pub(super) fn drop_claims_of_the_answering_side(doc: &Doc<'_>, accs: &mut Vec<Raw>, resps: &[Raw]) {
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
pub(super) fn group_accusations(
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

/// "Mr Clarke accused him of trying to score cheap points", "The government
/// accused Washington itself of ...": an accused side that answers in the
/// article and accuses its accuser (who does not answer) is answering the
/// charge in kind. Such
/// accusation groups become counter-accusations (responses naming that
/// accuser), added to `resps`; the guide records them as answers, not as
/// new accusations.
pub(super) fn answers_in_kind(
    doc: &Doc<'_>,
    agroups: &mut Vec<Group>,
    mut resps: Vec<Raw>,
) -> Vec<Raw> {
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
        g.raws
            .iter()
            .all(|r| !r.implicit && r.rule != acts::RECIPROCAL)
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

/// A wrong told without its doer stands only when someone answers it, and
/// then the answering side is the one it is held against; an accusation
/// naming neither accuser nor accused stands only when answered too.
/// Returns the accusations kept, with the responses' links renumbered to
/// them.
pub(super) fn settle_open_accusations(
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
