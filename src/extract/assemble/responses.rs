//! Responses: which candidates answer something, grouping the tellings
//! of one answer, headlines and bare reports, and each response's target.

use chrono::NaiveDate;

use super::{Group, denies_or_dismisses, specificity};
use crate::extract::acts::Raw;
use crate::extract::doc::Doc;
use crate::extract::gazetteer::ActorKind;
use crate::extract::link::{self, AccView};
use crate::extract::model::StatementKind;

/// Responses: each kept candidate is linked to the accusations it answers
/// and joins the group of the act it repeats, or starts one. Returns the
/// groups and, apart, the headline candidates (which
/// [`add_headline_responses`] places once the body's groups are known).
pub(super) fn group_responses<'a>(
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
pub(super) fn add_headline_responses<'a>(
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
pub(super) fn merge_bare_reports(doc: &Doc<'_>, rgroups: &mut Vec<Group>) {
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
pub(super) fn drop_counter_accusations_answering_nothing(
    rgroups: &mut Vec<Group>,
    agroups: &[Group],
) {
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
pub(super) fn response_target(
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
