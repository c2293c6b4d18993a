//! The sentence model: examples from annotated articles (a sentence is
//! positive for a class when it overlaps that class's gold evidence by the
//! scorer's own rule), k-fold cross-validation by article with the whole
//! extractor scored on each held-out fold, and the final fit on everything.

use crate::evaluate::{
    GoldArticle, GoldCase, Report, StatementClass, score, sentence_overlap, words,
};
use crate::extract::{
    ArticleInput, Example, Extractor, Logistic, ResponseKind, SentenceModel, Thresholds,
    TrainConfig,
};

/// The thresholds cross-validation chooses among: (add, keep), the same for
/// both classes.
const THRESHOLD_GRID: &[(f32, f32)] = &[
    (0.3, 0.0),
    (0.4, 0.0),
    (0.5, 0.0),
    (0.6, 0.0),
    (0.4, 0.05),
    (0.5, 0.05),
    (0.6, 0.05),
    (0.4, 0.1),
    (0.5, 0.1),
    (0.6, 0.1),
    (0.5, 0.2),
    (0.6, 0.2),
    (0.7, 0.0),
    (0.7, 0.1),
    (0.8, 0.0),
    (0.8, 0.1),
];

fn input(case: &GoldCase) -> ArticleInput<'_> {
    ArticleInput {
        name: &case.gold.article,
        text: &case.text,
        url: case.gold.url.as_deref(),
        title: None,
        published: None,
    }
}

fn response_kind(kind: &str) -> Option<ResponseKind> {
    ResponseKind::ALL.into_iter().find(|k| k.as_str() == kind)
}

/// The training sentences of one annotated article.
pub fn examples(article: usize, case: &GoldCase, extractor: &Extractor) -> Vec<Example> {
    let evidence: Vec<(StatementClass, Option<ResponseKind>, Vec<String>)> = case
        .gold
        .statements
        .iter()
        .filter_map(|s| Some((s.class()?, response_kind(&s.kind), &s.evidence)))
        .flat_map(|(class, kind, ev)| ev.iter().map(move |e| (class, kind, words(e))))
        .collect();
    extractor
        .sentence_features(&input(case))
        .into_iter()
        .map(|s| {
            let w = words(case.text.get(s.start..s.end).unwrap_or(""));
            let w = &w;
            let hits = |class: StatementClass| {
                evidence
                    .iter()
                    .filter(move |(c, _, e)| *c == class && sentence_overlap(w, e).is_some())
            };
            Example {
                article,
                accusation: hits(StatementClass::Accusation).next().is_some(),
                response: hits(StatementClass::Response).find_map(|(_, k, _)| *k),
                features: s.features,
            }
        })
        .collect()
}

/// The fold of each article: round-robin over the articles in name order,
/// so every fold holds some of each source.
fn fold_of(i: usize, folds: usize) -> usize {
    i % folds
}

/// What cross-validation measured.
pub struct CrossValidation {
    /// The whole extractor, each article scored with the model of the fold
    /// that did not see it, at the chosen thresholds.
    pub pairs: Vec<(GoldArticle, GoldArticle)>,
    pub report: Report,
    pub accusation: Thresholds,
    pub response: Thresholds,
    /// Calibration: predicted statements at confidence 0.8 or more, and how
    /// many of them match a gold statement.
    pub confident: (usize, usize),
}

/// k-fold cross-validation by article: per fold a model trained on the
/// other folds and the whole extractor run with it on the fold. The
/// thresholds are chosen on the same folds, one class at a time (the best
/// F1 of accusations, then of responses), from a small grid.
/// With `fixed` thresholds (accusation, response) no search is made.
pub fn cross_validate(
    cases: &[GoldCase],
    extractor: &Extractor,
    folds: usize,
    config: TrainConfig,
    fixed: Option<(Thresholds, Thresholds)>,
) -> CrossValidation {
    let examples: Vec<Vec<Example>> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| examples(i, c, extractor))
        .collect();
    let mut fold_extractors: Vec<Extractor> = (0..folds)
        .map(|k| {
            let train: Vec<Example> = examples
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_of(*i, folds) != k)
                .flat_map(|(_, e)| e.iter().cloned())
                .collect();
            let model = SentenceModel::with_logistic(Logistic::train(&train, config));
            extractor.clone().with_sentence_model(Some(model))
        })
        .collect();
    let mut run = |acc: Thresholds, resp: Thresholds| -> Vec<(GoldArticle, GoldArticle)> {
        for x in fold_extractors.iter_mut() {
            x.set_thresholds(acc, resp);
        }
        cases
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let x = &fold_extractors[fold_of(i, folds)];
                (c.gold.clone(), x.extract(&input(c)).to_gold())
            })
            .collect()
    };
    let grid = || {
        THRESHOLD_GRID
            .iter()
            .map(|&(add, keep)| Thresholds { add, keep })
    };
    let best = |f: &mut dyn FnMut(Thresholds) -> f64| {
        grid()
            .map(|t| (f(t), t))
            .fold(None::<(f64, Thresholds)>, |b, (v, t)| match b {
                Some((bv, _)) if bv >= v => b,
                _ => Some((v, t)),
            })
            .map(|(_, t)| t)
            .expect("the threshold grid is not empty")
    };
    let (acc, resp) = match fixed {
        Some(pair) => pair,
        None => {
            let acc = best(&mut |t| score(&run(t, Thresholds::default())).accusation.f1);
            (acc, best(&mut |t| score(&run(acc, t)).response.f1))
        }
    };
    let pairs = run(acc, resp);
    let report = score(&pairs);
    let confident = calibration(cases, &fold_extractors, folds, 0.8);
    CrossValidation {
        pairs,
        report,
        accusation: acc,
        response: resp,
        confident,
    }
}

/// Of the statements predicted at confidence `at` or more (each article by
/// its fold's extractor), how many match a gold statement.
fn calibration(
    cases: &[GoldCase],
    fold_extractors: &[Extractor],
    folds: usize,
    at: f32,
) -> (usize, usize) {
    let (mut total, mut right) = (0, 0);
    for (i, c) in cases.iter().enumerate() {
        let extraction = fold_extractors[fold_of(i, folds)].extract(&input(c));
        let gold_words: Vec<(bool, Vec<Vec<String>>)> = c
            .gold
            .statements
            .iter()
            .map(|s| {
                (
                    s.kind == "accusation",
                    s.evidence.iter().map(|e| words(e)).collect(),
                )
            })
            .collect();
        let confidence = |s: &&crate::extract::ExtractedStatement| {
            s.evidence.iter().map(|e| e.confidence).fold(0.0, f32::max)
        };
        for s in extraction.statements.iter().filter(|s| confidence(s) >= at) {
            total += 1;
            let is_acc = s.kind.as_str() == "accusation";
            let matched = s.evidence.iter().any(|e| {
                let w = words(&e.sentence);
                gold_words.iter().any(|(acc, ev)| {
                    *acc == is_acc && ev.iter().any(|g| sentence_overlap(&w, g).is_some())
                })
            });
            right += usize::from(matched);
        }
    }
    (total, right)
}

/// The model fitted on every article, with the thresholds given.
pub fn fit(
    cases: &[GoldCase],
    extractor: &Extractor,
    config: TrainConfig,
    accusation: Thresholds,
    response: Thresholds,
) -> SentenceModel {
    let all: Vec<Example> = cases
        .iter()
        .enumerate()
        .flat_map(|(i, c)| examples(i, c, extractor))
        .collect();
    SentenceModel::with_logistic(Logistic::train(&all, config))
        .with_thresholds(accusation, response)
}
