//! The output records: actors with their keys, statements with ids,
//! dates and evidence offsets into the input text.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::Group;
use super::dating::Dated;
use crate::extract::acts::Raw;
use crate::extract::doc::Doc;
use crate::extract::gazetteer::Gazetteer;
use crate::extract::model::{
    DatePrecision, DateSource, Evidence, ExtractedActor, ExtractedStatement,
};
use crate::extract::text::char_offsets;

/// The actors the statements name (speakers, co-speakers, targets, in that
/// order per statement), then those they are affiliated with, each once.
pub(super) fn used_actors(doc: &Doc<'_>, all: &[Group]) -> Vec<usize> {
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
pub(super) fn actor_keys(doc: &Doc<'_>, used: &[usize], gaz: &Gazetteer) -> Vec<Option<String>> {
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
pub(super) fn output_actors(
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
    pub(super) fn new(doc: &Doc<'_>, all: &[Group]) -> CharOffsets {
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
pub(super) fn output_statements(
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
