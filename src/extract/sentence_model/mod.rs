//! The sentence model: a calibrated second opinion on every sentence of an
//! article. The rules read frames; the model reads the whole sentence
//! (words, CAMEO verb codes, cue classes, what the rules found) and gives
//! the probability that it holds an accusation, a response, and which kind.
//!
//! It does three things with that:
//! - a rule's statement takes the model's probability as its confidence,
//!   and one the model finds very unlikely is dropped (a cue read out of
//!   context: "fears are unfounded", "rejected the call");
//! - a sentence the model finds likely but where no rule fired gets a
//!   statement of its own (phrasing the rules never saw), with its speaker
//!   and target read by the rules' frames;
//! - `riposte train sentences` refits it from annotated articles, with
//!   cross-validation, so its figures are measured on articles it did not
//!   learn from.

mod cameo;
mod features;
mod logistic;

use crate::extract::acts::{self, Raw};
use crate::extract::doc::Doc;
use crate::extract::lexicon::Tag;
use crate::extract::model::{ResponseKind, StatementKind};

pub(crate) use cameo::CameoVerbs;
pub use logistic::{Example, TrainConfig};
pub(crate) use logistic::{Logistic, Scores};

/// The shipped weights, trained by `riposte train sentences` on the
/// annotated articles (provenance in the file's header).
const BUILTIN_WEIGHTS: &str = include_str!("../../../seed-data/sentence-model/weights.tsv");
const CAMEO_VERBS: &str = include_str!("../../../seed-data/cameo/CAMEO.2.0.txt");

/// The line of a weights file that holds the thresholds: accusation add and
/// keep, response add and keep.
const THRESHOLDS: &str = "#!thresholds ";

/// How sure the model must be, per class, to add or to keep a statement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// A sentence with no rule statement of the class gets one at or above this.
    pub add: f32,
    /// A rule statement below this is dropped.
    pub keep: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            add: 0.5,
            keep: 0.1,
        }
    }
}

/// The model with the verb index its features need.
#[derive(Debug, Clone)]
pub struct SentenceModel {
    cameo: CameoVerbs,
    weights: Logistic,
    pub(crate) accusation: Thresholds,
    pub(crate) response: Thresholds,
}

/// One sentence of an article with its features, for training.
#[derive(Debug, Clone)]
pub struct SentenceFeatures {
    /// Byte range in the article text.
    pub start: usize,
    pub end: usize,
    pub features: Vec<String>,
}

/// Why a shipped or given weights file could not be used.
#[derive(Debug, thiserror::Error)]
#[error("sentence model weights: {0}")]
pub struct WeightsError(String);

impl SentenceModel {
    /// The model shipped in `seed-data/sentence-model/`.
    pub fn builtin() -> Result<SentenceModel, WeightsError> {
        SentenceModel::from_weights(BUILTIN_WEIGHTS)
    }

    /// A model from a weights file's text: the weights, and the thresholds
    /// chosen by cross-validation on a `#!thresholds` line.
    pub fn from_weights(text: &str) -> Result<SentenceModel, WeightsError> {
        let mut model =
            SentenceModel::with_logistic(Logistic::from_text(text).map_err(WeightsError)?);
        if let Some(line) = text.lines().find_map(|l| l.strip_prefix(THRESHOLDS)) {
            let v: Vec<f32> = line
                .split_whitespace()
                .map(str::parse)
                .collect::<Result<_, _>>()
                .map_err(|_| WeightsError(format!("'{THRESHOLDS}{line}' is not four numbers")))?;
            let [acc_add, acc_keep, resp_add, resp_keep] = v[..] else {
                return Err(WeightsError(format!(
                    "'{THRESHOLDS}{line}' is not four numbers"
                )));
            };
            model.accusation = Thresholds {
                add: acc_add,
                keep: acc_keep,
            };
            model.response = Thresholds {
                add: resp_add,
                keep: resp_keep,
            };
        }
        Ok(model)
    }

    /// The weights file of this model: its thresholds and weights, with
    /// `provenance` in its header.
    pub(crate) fn to_weights(&self, provenance: &str) -> String {
        let mut text = self.weights.to_text(provenance);
        let at = text.find("\n# feature").map_or(text.len(), |i| i + 1);
        text.insert_str(
            at,
            &format!(
                "{THRESHOLDS}{} {} {} {}\n",
                self.accusation.add, self.accusation.keep, self.response.add, self.response.keep
            ),
        );
        text
    }

    pub(crate) fn with_logistic(weights: Logistic) -> SentenceModel {
        SentenceModel {
            cameo: CameoVerbs::parse(CAMEO_VERBS),
            weights,
            accusation: Thresholds::default(),
            response: Thresholds::default(),
        }
    }

    /// The same model with other thresholds (cross-validation tries several).
    pub fn with_thresholds(
        mut self,
        accusation: Thresholds,
        response: Thresholds,
    ) -> SentenceModel {
        self.accusation = accusation;
        self.response = response;
        self
    }

    /// Every sentence's features, given the rules' statements.
    pub(super) fn features(&self, doc: &Doc<'_>, raws: &[Raw]) -> Vec<SentenceFeatures> {
        let mut buf = Vec::new();
        (0..doc.sentences.len())
            .map(|si| {
                let rules: Vec<&Raw> = raws.iter().filter(|r| r.sentence == si).collect();
                features::sentence_features(doc, si, &rules, &self.cameo, &mut buf);
                SentenceFeatures {
                    start: doc.sentences[si].start,
                    end: doc.sentences[si].end,
                    features: std::mem::take(&mut buf),
                }
            })
            .collect()
    }

    /// The rules' statements revised by the model: confidences set, the
    /// unlikely dropped, the likely sentences no rule read added.
    pub(super) fn revise(&self, doc: &Doc<'_>, raws: Vec<Raw>) -> Vec<Raw> {
        let mut buf = Vec::new();
        let mut out = Vec::with_capacity(raws.len());
        let mut by_sentence: Vec<Vec<Raw>> = vec![Vec::new(); doc.sentences.len()];
        for r in raws {
            if let Some(v) = by_sentence.get_mut(r.sentence) {
                v.push(r);
            }
        }
        for (si, rules) in by_sentence.into_iter().enumerate() {
            let refs: Vec<&Raw> = rules.iter().collect();
            features::sentence_features(doc, si, &refs, &self.cameo, &mut buf);
            let scores = self.weights.score(&buf);
            let has_acc = rules.iter().any(|r| r.kind == StatementKind::Accusation);
            let has_resp = rules.iter().any(|r| r.kind != StatementKind::Accusation);
            for mut r in rules {
                let (p, t) = match r.kind {
                    StatementKind::Accusation => (scores.accusation, self.accusation),
                    StatementKind::Response(_) => (scores.response, self.response),
                };
                // an accusation named by a noun in another act's sentence
                // ("denied British accusations") is evidence for the one
                // told elsewhere, not a claim of the sentence's own: the
                // sentence's probability does not judge it
                if p >= t.keep || r.implicit {
                    r.confidence = p;
                    out.push(r);
                }
            }
            if !has_acc && scores.accusation >= self.accusation.add {
                out.push(self.proposed(doc, si, StatementKind::Accusation, &scores));
            }
            // a response is someone answering: without a speaker a proposed
            // one records nothing (an accusation may have an unknown accuser)
            // where the rules read the sentence's act as an accusation, a
            // response from the same words would tell it twice
            if !has_resp && !has_acc && scores.response >= self.response.add {
                let kind = StatementKind::Response(self.response_kind(doc, si, &scores));
                let r = self.proposed(doc, si, kind, &scores);
                if r.speaker.is_some() {
                    out.push(r);
                }
            }
        }
        out
    }

    /// A proposed response's kind: the sentence's own response cue if it has
    /// one, else the model's likeliest kind.
    fn response_kind(&self, doc: &Doc<'_>, si: usize, scores: &Scores) -> ResponseKind {
        doc.cues_of(si)
            .iter()
            .find_map(|c| match c.tag {
                Tag::Response(kind, false) => Some(kind),
                _ => None,
            })
            .unwrap_or(scores.kind.0)
    }

    /// A statement for sentence `si`, its speaker and target read by the
    /// rules' frames around the sentence's first act cue.
    fn proposed(&self, doc: &Doc<'_>, si: usize, kind: StatementKind, scores: &Scores) -> Raw {
        let cues = doc.cues_of(si);
        let pos = cues
            .iter()
            .find(|c| {
                matches!(
                    c.tag,
                    Tag::AccVerb
                        | Tag::AccNoun
                        | Tag::AccAttributive
                        | Tag::Wrongdoing
                        | Tag::Response(_, false)
                )
            })
            .map_or(doc.sentences[si].start, |c| c.start);
        let (rule, confidence) = match kind {
            StatementKind::Accusation => ("model_accusation", scores.accusation),
            StatementKind::Response(_) => ("model_response", scores.response),
        };
        acts::framed(doc, si, pos, kind, rule, confidence)
    }
}
