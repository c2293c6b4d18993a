//! Stage 8/9, assembly: dates on raw statements, merging the repeats of one
//! speech act (a headline and the lead, the sentences of one quotation),
//! links, and the output records with evidence offsets into the input text.

mod accusations;
mod dating;
mod output;
mod responses;

use chrono::NaiveDate;

use crate::extract::acts::Raw;
use crate::extract::doc::Doc;
use crate::extract::gazetteer::{ActorKind, Gazetteer};
use crate::extract::link::AccView;
use crate::extract::model::{ExtractedActor, ExtractedStatement, StatementKind};

use accusations::{
    answers_in_kind, drop_claims_of_the_answering_side, group_accusations, settle_open_accusations,
};
use dating::{SentenceDates, statement_dates};
use output::{actor_keys, output_actors, output_statements, used_actors};
use responses::{
    add_headline_responses, drop_counter_accusations_answering_nothing, group_responses,
    merge_bare_reports, response_target,
};

/// The most sentences one statement keeps as evidence. An act told again
/// and again (a repeated paragraph, a pasted feed) is still one act; past
/// this many its repeats add nothing a reader needs, and the work and the
/// rows one article can cause stay bounded.
pub(super) const MAX_EVIDENCE: usize = 50;

/// One statement being assembled: the candidates told as one speech act
/// (its evidence, at most [`MAX_EVIDENCE`]), its speaker, co-speakers and
/// target, the accuser a response names, and for a response the
/// accusations it answers (`links`, indices into the accusation groups).
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::dating::in_reported_clause;
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
