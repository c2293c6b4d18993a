//! Extraction throughput, one core: MB/s of article text; and the tagger's,
//! in words/s, on the sentences of the dev corpus articles.
//!
//! `cargo bench --bench extract` measures the dev corpus shipped in
//! tests/corpus/dev. With `RIPOSTE_BULK=path/to/file.jsonl` (JSON Lines of
//! articles with a `text` field) it also measures the first 2,000 articles
//! of that file.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use riposte::extract::tagger::{TagScratch, Tagger, tokenize};
use riposte::extract::{ArticleInput, Extractor};

/// The allocator the `riposte` binary runs extraction with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn dev_corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/dev");
    let mut articles: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/corpus/dev")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    articles.sort();
    articles
}

fn bulk_corpus() -> Option<Vec<(String, String)>> {
    let path = std::env::var_os("RIPOSTE_BULK")?;
    let text = std::fs::read_to_string(&path).ok()?;
    Some(
        text.lines()
            .take(2000)
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|v| {
                Some((
                    v.get("id")?.to_string(),
                    v.get("text")?.as_str()?.to_owned(),
                ))
            })
            .collect(),
    )
}

fn bench_corpus(
    c: &mut Criterion,
    label: &str,
    articles: &[(String, String)],
    extractor: &Extractor,
) {
    let bytes: usize = articles.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function(label, |b| {
        b.iter(|| {
            for (name, text) in articles {
                black_box(extractor.extract(&ArticleInput {
                    name,
                    text,
                    url: None,
                    title: None,
                    published: None,
                }));
            }
        })
    });
    group.finish();
}

/// Articles built to be slow: a 1 MB run-on sentence of names and speech
/// verbs, and a 2 MB article of one sentence repeated. Work per article is
/// bounded (sentences read in pieces, evidence per statement capped), so
/// these run at about the speed of ordinary text.
fn adversarial() -> Vec<(String, String)> {
    let names = [
        "Russia",
        "Peskov",
        "Britain",
        "the ministry",
        "Mr Smith",
        "Lin",
    ];
    let verbs = ["denied", "said", "accused", "rejected", "claimed"];
    let mut run_on = String::new();
    let mut i = 0;
    while run_on.len() < 1_000_000 {
        run_on.push_str(names[i * 7 % names.len()]);
        run_on.push(' ');
        run_on.push_str(verbs[i * 3 % verbs.len()]);
        run_on.push(' ');
        i += 1;
    }
    // paragraph after paragraph of names nobody introduced, each accusing
    // and denying: thousands of actors in one article
    let mut new_names = String::new();
    let mut k = 0;
    while new_names.len() < 3_000_000 {
        new_names.push_str(&format!(
            "Minister Karl Berg{k} said on Monday that Acme{k} Corp had hacked the servers of Britain, and Acme{k} Corp denied the allegations as baseless.\n\n"
        ));
        k += 1;
    }
    vec![
        ("run-on.txt".into(), run_on),
        ("new-names.txt".into(), new_names),
        (
            "repeated.txt".into(),
            "Russia denied claims by Britain on Friday. ".repeat(46_511),
        ),
    ]
}

fn extraction(c: &mut Criterion) {
    let extractor = Extractor::builtin().expect("the built-in extractor");
    bench_corpus(c, "dev corpus", &dev_corpus(), &extractor);
    bench_corpus(c, "adversarial articles", &adversarial(), &extractor);
    if let Some(bulk) = bulk_corpus() {
        bench_corpus(c, "bulk sample", &bulk, &extractor);
    }
}

/// The dev corpus articles' lines, tokenized (a line is a paragraph: the
/// tagger's throughput does not depend on where sentences end).
fn dev_sentences() -> Vec<Vec<String>> {
    dev_corpus()
        .iter()
        .flat_map(|(_, text)| text.lines().map(str::to_owned).collect::<Vec<_>>())
        .map(|line| {
            tokenize(&line)
                .into_iter()
                .map(|(s, e)| line[s..e].to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .collect()
}

fn tagging(c: &mut Criterion) {
    let tagger = Tagger::builtin();
    let sentences = dev_sentences();
    let sentences: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let words: usize = sentences.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("tagger");
    group.throughput(Throughput::Elements(words as u64));
    group.sample_size(20);
    let mut scratch = TagScratch::default();
    let mut tags = Vec::new();
    group.bench_function("tag dev corpus words", |b| {
        b.iter(|| {
            for words in &sentences {
                tagger.tag_with(words, &mut scratch, &mut tags);
                black_box(&tags);
            }
        })
    });
    group.bench_function("tokenize and tag dev corpus", |b| {
        let texts: Vec<(String, String)> = dev_corpus();
        b.iter(|| {
            for (_, text) in &texts {
                for line in text.lines() {
                    let spans = tokenize(line);
                    let words: Vec<&str> = spans.iter().map(|&(s, e)| &line[s..e]).collect();
                    tagger.tag_with(&words, &mut scratch, &mut tags);
                    black_box(&tags);
                }
            }
        })
    });
    group.finish();
}

criterion_group!(benches, extraction, tagging);
criterion_main!(benches);
