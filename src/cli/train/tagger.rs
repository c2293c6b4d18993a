//! `riposte train tagger`: the part-of-speech tagger and lemmatizer from a
//! Universal Dependencies treebank, with its accuracy on the held-out splits.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;

use super::TaggerArgs;
use crate::extract::tagger::train::{Accuracy, Token, TrainOptions, evaluate, read_conllu, train};

fn split(args: &TaggerArgs, name: &str) -> anyhow::Result<Vec<Vec<Token>>> {
    let path = args.treebank.join(format!("en_ewt-ud-{name}.conllu"));
    let sentences = read_conllu(&path).with_context(|| format!("reading the {name} split"))?;
    anyhow::ensure!(!sentences.is_empty(), "{}: no sentences", path.display());
    Ok(sentences)
}

pub(super) fn tagger(args: TaggerArgs) -> anyhow::Result<ExitCode> {
    let train_set = split(&args, "train")?;
    let dev = split(&args, "dev")?;
    let test = split(&args, "test")?;
    let tokens: usize = train_set.iter().map(Vec::len).sum();
    println!(
        "training on {} sentences ({tokens} words) of {}",
        train_set.len(),
        args.treebank.display()
    );

    let options = TrainOptions {
        epochs: args.epochs,
        prune: args.prune,
        ..TrainOptions::default()
    };
    let started = Instant::now();
    let tagger = train(&train_set, &options, |epoch, accuracy| {
        println!(
            "  epoch {epoch}: {:.2}% of training words tagged right",
            accuracy * 100.0
        );
    });
    println!(
        "trained in {:.1}s: {} features",
        started.elapsed().as_secs_f64(),
        tagger.n_features()
    );

    let started = Instant::now();
    let dev_acc = evaluate(&tagger, &dev);
    let test_acc = evaluate(&tagger, &test);
    let seconds = started.elapsed().as_secs_f64();
    let report = |name: &str, a: &Accuracy| {
        format!(
            "{name}: XPOS {:.2}%, UPOS {:.2}%, lemma {:.2}% ({} words)",
            a.xpos() * 100.0,
            a.upos() * 100.0,
            a.lemma() * 100.0,
            a.tokens
        )
    };
    let lines = [report("dev", &dev_acc), report("test", &test_acc)];
    for line in &lines {
        println!("{line}");
    }
    println!(
        "tagging and lemmatizing: {:.0} words/s (one core)",
        (dev_acc.tokens + test_acc.tokens) as f64 / seconds
    );

    let comments = vec![
        format!(
            "trained by `riposte train tagger` on {} ({} sentences, {tokens} words), {} epochs, prune {}",
            args.treebank.display(),
            train_set.len(),
            options.epochs,
            options.prune
        ),
        lines[0].clone(),
        lines[1].clone(),
        "Weights derived from the UD English Web Treebank, CC BY-SA 4.0 (see seed-data/ud-english-ewt/LICENSE.txt).".to_owned(),
    ];
    tagger
        .write_file(&args.out, &comments)
        .context("writing the weights")?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    println!(
        "wrote {} ({:.1} MB)",
        args.out.display(),
        size as f64 / 1_000_000.0
    );
    Ok(ExitCode::SUCCESS)
}
