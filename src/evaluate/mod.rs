//! The evaluator: gold files in the ANNOTATION.md format, loading a gold
//! directory, and scoring an extractor's output (or given prediction files)
//! against it. Researchers use it on their own annotated data.

mod gold;
mod groups;
mod overlap;
mod report;
mod score;

use std::fs;
use std::path::{Path, PathBuf};

pub use gold::{GoldActor, GoldArticle, GoldStatement, RESPONSE_KINDS, StatementClass, class_of};
pub use groups::{GroupReport, OTHER_GROUP, score_groups};
pub use overlap::{sentence_overlap, words};
pub use report::PerArticle;
pub use score::{
    Accuracy, ArticleReport, ClassReport, FieldError, Report, StatementRef, normalize_name, score,
};

use crate::extract::{ArticleInput, Extractor};

/// What can go wrong reading gold or prediction files; every variant names
/// the file (and the statement) so the annotator can fix it.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("gold file {path}: invalid JSON: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("predictions {path}, line {line}: invalid JSON: {source}")]
    JsonLine {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    #[error("gold file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("gold file {gold}: the article text {text} is missing")]
    MissingText { gold: PathBuf, text: PathBuf },
    #[error("no prediction for article '{article}' in {path}")]
    MissingPrediction { article: String, path: PathBuf },
    #[error("{path}: no *.gold.json files found")]
    Empty { path: PathBuf },
}

/// One annotated article: its gold file, its text, and where it was read.
#[derive(Debug, Clone)]
pub struct GoldCase {
    pub gold: GoldArticle,
    pub text: String,
    pub path: PathBuf,
}

fn read(path: &Path) -> Result<String, EvalError> {
    fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads every `NAME.gold.json` in `dir` with its `NAME.txt`, sorted by
/// name so reports are stable.
pub fn load_gold_dir(dir: &Path) -> Result<Vec<GoldCase>, EvalError> {
    let entries = fs::read_dir(dir).map_err(|source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths = Vec::new();
    for e in entries {
        let e = e.map_err(|source| EvalError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let p = e.path();
        if p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".gold.json"))
        {
            paths.push(p);
        }
    }
    if paths.is_empty() {
        return Err(EvalError::Empty {
            path: dir.to_path_buf(),
        });
    }
    paths.sort();
    let mut cases = Vec::with_capacity(paths.len());
    for path in paths {
        let json = read(&path)?;
        let gold: GoldArticle = serde_json::from_str(&json).map_err(|source| EvalError::Json {
            path: path.clone(),
            source,
        })?;
        gold.validate().map_err(|message| EvalError::Invalid {
            path: path.clone(),
            message,
        })?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".gold.json"))
            .unwrap_or_default();
        let text_path = path.with_file_name(format!("{name}.txt"));
        if !text_path.exists() {
            return Err(EvalError::MissingText {
                gold: path,
                text: text_path,
            });
        }
        let text = read(&text_path)?;
        cases.push(GoldCase { gold, text, path });
    }
    Ok(cases)
}

/// The name an article is known by in prediction files: the gold file's
/// `article` field without its `.txt`.
fn stem(article: &str) -> &str {
    article.strip_suffix(".txt").unwrap_or(article)
}

/// Reads predictions: a directory of `NAME.json` (or `NAME.pred.json`), or a
/// JSONL file of gold-shaped objects keyed by their `article` field.
pub fn load_predictions(path: &Path) -> Result<Vec<GoldArticle>, EvalError> {
    let mut out = Vec::new();
    if path.is_dir() {
        let entries = fs::read_dir(path).map_err(|source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && !p.to_string_lossy().ends_with(".gold.json")
            })
            .collect();
        files.sort();
        for f in files {
            let json = read(&f)?;
            let a: GoldArticle = serde_json::from_str(&json)
                .map_err(|source| EvalError::Json { path: f, source })?;
            out.push(a);
        }
    } else {
        let text = read(path)?;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let a: GoldArticle =
                serde_json::from_str(line).map_err(|source| EvalError::JsonLine {
                    path: path.to_path_buf(),
                    line: i + 1,
                    source,
                })?;
            out.push(a);
        }
    }
    Ok(out)
}

/// Runs the extractor on one gold case, giving it only what a crawler would
/// know: the text and the url.
pub fn predict(case: &GoldCase, extractor: &Extractor) -> GoldArticle {
    let input = ArticleInput {
        name: &case.gold.article,
        text: &case.text,
        url: case.gold.url.as_deref(),
        title: None,
        published: None,
    };
    extractor.extract(&input).to_gold()
}

/// Pairs every gold article with its prediction: the extractor's output, or
/// the given predictions (a directory of `NAME.json` or a JSONL file).
pub fn predict_dir(
    gold_dir: &Path,
    predictions: Option<&Path>,
    extractor: &Extractor,
) -> Result<Vec<(GoldArticle, GoldArticle)>, EvalError> {
    let cases = load_gold_dir(gold_dir)?;
    let mut pairs = Vec::with_capacity(cases.len());
    match predictions {
        None => {
            for c in &cases {
                pairs.push((c.gold.clone(), predict(c, extractor)));
            }
        }
        Some(p) => {
            let preds = load_predictions(p)?;
            for c in &cases {
                let want = stem(&c.gold.article);
                let found = preds
                    .iter()
                    .find(|a| stem(&a.article) == want)
                    .ok_or_else(|| EvalError::MissingPrediction {
                        article: c.gold.article.clone(),
                        path: p.to_path_buf(),
                    })?;
                pairs.push((c.gold.clone(), found.clone()));
            }
        }
    }
    Ok(pairs)
}

/// Scores the gold directory: against the extractor's output, or against
/// the given predictions (a directory of `NAME.json` or a JSONL file).
pub fn evaluate_dir(
    gold_dir: &Path,
    predictions: Option<&Path>,
    extractor: &Extractor,
) -> Result<Report, EvalError> {
    Ok(score(&predict_dir(gold_dir, predictions, extractor)?))
}
