//! `riposte train sentences`: k-fold cross-validation of the sentence model
//! by article, then the fit on every article written as the weights file.

use std::process::ExitCode;

use anyhow::Context;

use super::SentencesArgs;
use crate::evaluate::{load_gold_dir, score_groups};
use crate::extract::{SentenceModel, Thresholds, TrainConfig};
use crate::train::sentences;

pub(super) fn sentences_model(args: SentencesArgs) -> anyhow::Result<ExitCode> {
    let cases = load_gold_dir(&args.gold)?;
    // the rules with the configured lexicons and gazetteer; the model is
    // what is being fitted, so each fold swaps in its own
    let extractor = args.knowledge.build()?;
    let config = TrainConfig {
        epochs: args.epochs,
        l2: args.l2,
        min_articles: args.min_articles,
        ..TrainConfig::default()
    };
    let folds = usize::from(args.folds);
    eprintln!(
        "cross-validating on {} articles in {folds} folds...",
        cases.len()
    );
    if let Some(t) = args.thresholds.as_deref()
        && (t.len() != 4 || t.iter().any(|v| !(0.0..=1.0).contains(v)))
    {
        anyhow::bail!(
            "--thresholds takes four probabilities between 0 and 1 (accusation add, accusation keep, response add, response keep), got {t:?}"
        );
    }
    let fixed = args.thresholds.as_deref().map(|t| {
        (
            Thresholds {
                add: t[0],
                keep: t[1],
            },
            Thresholds {
                add: t[2],
                keep: t[3],
            },
        )
    });
    let cv = sentences::cross_validate(&cases, &extractor, folds, config, fixed);
    if let Some(path) = &args.predictions {
        write_predictions(path, &cv.pairs)?;
        eprintln!("wrote the held-out extractions to {}", path.display());
    }
    if args.json {
        let (total, right) = cv.confident;
        let json = serde_json::json!({
            "folds": folds,
            "thresholds": {"accusation": [cv.accusation.add, cv.accusation.keep],
                           "response": [cv.response.add, cv.response.keep]},
            "cross_validated": cv.report,
            "groups": score_groups(&cv.pairs, &args.by_prefix),
            "calibration": {"at": 0.8, "statements": total, "right": right},
        });
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        print_report(&cv, folds, &args.by_prefix);
    }
    let model: SentenceModel =
        sentences::fit(&cases, &extractor, config, cv.accusation, cv.response);
    if let Some(out) = args.out {
        // given thresholds are part of how the file was made
        let thresholds = args.thresholds.as_deref().map_or(String::new(), |t| {
            let t: Vec<String> = t.iter().map(f32::to_string).collect();
            format!(" --thresholds {}", t.join(","))
        });
        let provenance = format!(
            "trained by `riposte train sentences --gold {} --folds {folds}{thresholds} --epochs {} --l2 {} --min-articles {}` on {} annotated articles\n\
             cross-validated: accusation F1 {:.3}, response F1 {:.3}",
            args.gold.display(),
            config.epochs,
            config.l2,
            config.min_articles,
            cases.len(),
            cv.report.accusation.f1,
            cv.report.response.f1
        );
        std::fs::write(&out, model.to_weights(&provenance))
            .with_context(|| format!("writing {}", out.display()))?;
        eprintln!("wrote {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The cross-validated figures as a table, overall and per group.
fn print_report(cv: &sentences::CrossValidation, folds: usize, by_prefix: &[String]) {
    println!(
        "cross-validated ({folds} folds by article; thresholds: accusation add {} keep {}, response add {} keep {}):",
        cv.accusation.add, cv.accusation.keep, cv.response.add, cv.response.keep
    );
    println!("{}", cv.report);
    let (total, right) = cv.confident;
    println!(
        "calibration: {right} of {total} statements at confidence >= 0.8 match a gold statement ({:.3})",
        if total > 0 {
            right as f64 / total as f64
        } else {
            0.0
        }
    );
    if !by_prefix.is_empty() {
        for g in score_groups(&cv.pairs, by_prefix) {
            let (a, r) = (&g.report.accusation, &g.report.response);
            println!(
                "  {:<10} {:>4} articles  accusation P {:.2} R {:.2} F1 {:.2}  response P {:.2} R {:.2} F1 {:.2}  false/article {:.2}",
                g.group,
                g.report.articles,
                a.precision,
                a.recall,
                a.f1,
                r.precision,
                r.recall,
                r.f1,
                g.false_records_per_article
            );
        }
    }
}

/// The held-out extractions as JSON Lines, one gold-shaped object per article.
fn write_predictions(
    path: &std::path::Path,
    pairs: &[(crate::evaluate::GoldArticle, crate::evaluate::GoldArticle)],
) -> anyhow::Result<()> {
    use std::io::Write as _;
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    for (_, predicted) in pairs {
        serde_json::to_writer(&mut out, predicted)?;
        out.write_all(b"\n")?;
    }
    out.flush()
        .with_context(|| format!("writing {}", path.display()))
}
