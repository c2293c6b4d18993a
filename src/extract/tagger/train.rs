//! Training the tagger on a CoNLL-U treebank, and scoring it.
//!
//! Training is the averaged perceptron, greedy and left to right: each
//! word's features score every class, the best class becomes the previous
//! tag of the next word, and a wrong guess moves the weights of its features
//! towards the truth. The weights kept are each weight's average over all
//! the steps of training, which generalises far better than the last
//! weights. Sentences are visited in a new order each epoch, shuffled by a
//! fixed-seed generator, so training twice gives the same file.

use std::path::Path;

use rustc_hash::FxHashMap;

use super::features::{Ambiguity, Context, Hist, feature_text, for_each_feature, hash_str};
use super::lemma::{lowercase, rule_lemma};
use super::{N_TAGS, Pos, Tagger, TaggerError, Upos, argmax};

/// One word of a treebank sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// The tagger's class for (XPOS, UPOS).
    pub pos: Pos,
}

/// Reads a CoNLL-U file's sentences.
pub fn read_conllu(path: &Path) -> Result<Vec<Vec<Token>>, TaggerError> {
    let text = std::fs::read_to_string(path).map_err(|source| TaggerError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_conllu(&text, &path.display().to_string())
}

/// Parses CoNLL-U text (`file` names it in errors): the words of each
/// sentence, without comment lines, multiword-token lines ("3-4") and
/// empty nodes ("8.1").
pub fn parse_conllu(text: &str, file: &str) -> Result<Vec<Vec<Token>>, TaggerError> {
    let mut sentences = Vec::new();
    let mut sentence = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let err = |message: String| TaggerError::Conllu {
            file: file.to_owned(),
            line: i + 1,
            message,
        };
        if line.trim().is_empty() {
            if !sentence.is_empty() {
                sentences.push(std::mem::take(&mut sentence));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 10 {
            return Err(err(format!(
                "{} tab-separated fields, CoNLL-U has 10",
                fields.len()
            )));
        }
        let id = fields[0];
        let is_number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if let Some((a, b)) = id.split_once('-').or_else(|| id.split_once('.')) {
            if is_number(a) && is_number(b) {
                continue;
            }
            return Err(err(format!("bad ID {id:?}")));
        }
        if !is_number(id) {
            return Err(err(format!("bad ID {id:?}")));
        }
        let (form, lemma, upos, xpos) = (fields[1], fields[2], fields[3], fields[4]);
        if form.is_empty() {
            return Err(err("empty FORM".to_owned()));
        }
        let upos_tag =
            Upos::from_name(upos).ok_or_else(|| err(format!("unknown UPOS {upos:?}")))?;
        let pos =
            Pos::from_pair(xpos, upos_tag).ok_or_else(|| err(format!("unknown XPOS {xpos:?}")))?;
        sentence.push(Token {
            form: form.to_owned(),
            lemma: lemma.to_owned(),
            upos: upos.to_owned(),
            xpos: xpos.to_owned(),
            pos,
        });
    }
    if !sentence.is_empty() {
        sentences.push(sentence);
    }
    Ok(sentences)
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Seed of the shuffle between epochs.
    pub seed: u64,
    /// Averaged weights smaller than this (in absolute value) are dropped,
    /// which keeps the weights file small at no cost in accuracy.
    pub prune: f32,
    /// A word joins the tag dictionary when seen at least this often...
    pub dict_min_count: usize,
    /// ...with one class at least this share of the time.
    pub dict_min_share: f64,
    /// A word's ambiguity class (the classes it was seen with, a feature of
    /// it and of its neighbours) is kept when seen at least this often, so
    /// that rare training words look like unseen ones...
    pub ambiguity_min_count: usize,
    /// ...listing the classes of at least this share of its occurrences.
    pub ambiguity_min_share: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            seed: 0x5EED_7A66,
            prune: 0.4,
            dict_min_count: 20,
            dict_min_share: 0.97,
            ambiguity_min_count: 3,
            ambiguity_min_share: 0.05,
        }
    }
}

/// One weight while training, with what averaging needs.
#[derive(Debug, Clone, Copy)]
struct Cell {
    class: u8,
    weight: f32,
    /// The sum of the weight over the steps up to `stamp`.
    total: f64,
    /// The step `total` was last brought up to.
    stamp: u32,
}

#[derive(Debug, Default)]
struct Learner {
    /// Feature id → row.
    index: FxHashMap<u64, u32>,
    /// Each row's feature text.
    names: Vec<String>,
    rows: Vec<Vec<Cell>>,
    step: u32,
}

impl Learner {
    fn intern(&mut self, id: u64, name: impl FnOnce() -> String) -> u32 {
        if let Some(&row) = self.index.get(&id) {
            return row;
        }
        let row = self.rows.len() as u32;
        self.index.insert(id, row);
        self.names.push(name());
        self.rows.push(Vec::new());
        row
    }

    fn scores(&self, ids: &[u32]) -> [f32; N_TAGS] {
        let mut scores = [0f32; N_TAGS];
        for &id in ids {
            for cell in &self.rows[id as usize] {
                scores[cell.class as usize] += cell.weight;
            }
        }
        scores
    }

    fn update(&mut self, ids: &[u32], truth: Pos, guess: Pos) {
        self.step += 1;
        if truth == guess {
            return;
        }
        let step = self.step;
        for &id in ids {
            let row = &mut self.rows[id as usize];
            for (class, delta) in [(truth, 1.0), (guess, -1.0)] {
                let class = class.index() as u8;
                let cell = match row.iter().position(|c| c.class == class) {
                    Some(k) => &mut row[k],
                    None => {
                        row.push(Cell {
                            class,
                            weight: 0.0,
                            total: 0.0,
                            stamp: step,
                        });
                        row.last_mut().expect("just pushed")
                    }
                };
                cell.total += f64::from(step - cell.stamp) * f64::from(cell.weight);
                cell.stamp = step;
                cell.weight += delta;
            }
        }
    }

    /// The averaged weights, rounded to three decimals, those under `prune`
    /// dropped; features sorted.
    fn averaged(&self, prune: f32) -> Vec<(String, Vec<(Pos, f32)>)> {
        let step = f64::from(self.step.max(1));
        let mut rows: Vec<(String, Vec<(Pos, f32)>)> = self
            .names
            .iter()
            .zip(&self.rows)
            .filter_map(|(feature, row)| {
                let mut entries: Vec<(Pos, f32)> = row
                    .iter()
                    .filter_map(|c| {
                        let total = c.total + f64::from(self.step - c.stamp) * f64::from(c.weight);
                        let avg = ((total / step) * 1000.0).round() / 1000.0;
                        let avg = avg as f32;
                        (avg.abs() >= prune && avg != 0.0)
                            .then(|| (Pos::from_index(c.class as usize).expect("a class"), avg))
                    })
                    .collect();
                entries.sort_by_key(|&(p, _)| p);
                (!entries.is_empty()).then(|| (feature.clone(), entries))
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows
    }
}

/// A small deterministic generator (xorshift64*) for the epoch shuffles.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Trains a tagger on `sentences`; `progress` hears each epoch's number
/// (from 1) and its accuracy on the training data as it was tagged.
pub fn train(
    sentences: &[Vec<Token>],
    options: &TrainOptions,
    mut progress: impl FnMut(usize, f64),
) -> Tagger {
    let tagdict = tag_dictionary(sentences, options);
    let dict: FxHashMap<u64, Pos> = tagdict.iter().map(|(w, p)| (hash_str(w), *p)).collect();
    let lemmas = lemma_table(sentences);
    let ambiguity = ambiguity_classes(sentences, options);

    let mut learner = Learner::default();
    let mut ctx = Context::default();
    let mut ids: Vec<u32> = Vec::with_capacity(32);
    let mut words: Vec<&str> = Vec::new();
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = XorShift(options.seed | 1);
    for epoch in 1..=options.epochs {
        let (mut correct, mut total) = (0usize, 0usize);
        for &s in &order {
            let sentence = &sentences[s];
            words.clear();
            words.extend(sentence.iter().map(|t| t.form.as_str()));
            ctx.fill(&words, &ambiguity);
            let (mut prev, mut prev2) = (Hist::START, Hist::START2);
            for (i, token) in sentence.iter().enumerate() {
                let guess = match dict.get(&ctx.raw_hash(i)) {
                    Some(&pos) => pos,
                    None => {
                        ids.clear();
                        for_each_feature(&ctx, i, prev, prev2, |id, t, parts| {
                            ids.push(learner.intern(id, || feature_text(&ctx, t, parts)));
                        });
                        let guess = argmax(&learner.scores(&ids));
                        learner.update(&ids, token.pos, guess);
                        guess
                    }
                };
                correct += usize::from(guess == token.pos);
                total += 1;
                prev2 = prev;
                prev = Hist::from(guess);
            }
        }
        progress(epoch, correct as f64 / total.max(1) as f64);
        rng.shuffle(&mut order);
    }
    Tagger::from_parts(learner.averaged(options.prune), tagdict, ambiguity, lemmas)
}

/// Each frequent word's classes, as "NN:NOUN|VB:VERB" in class order.
fn ambiguity_classes(sentences: &[Vec<Token>], options: &TrainOptions) -> Ambiguity {
    let mut counts: FxHashMap<String, [u32; N_TAGS]> = FxHashMap::default();
    let mut ctx = Context::default();
    for token in sentences.iter().flatten() {
        let norm = ctx.norm(&token.form);
        if let Some(c) = counts.get_mut(norm) {
            c[token.pos.index()] += 1;
        } else {
            let mut c = [0; N_TAGS];
            c[token.pos.index()] = 1;
            counts.insert(norm.to_owned(), c);
        }
    }
    let mut words: Vec<(String, [u32; N_TAGS])> = counts.into_iter().collect();
    words.sort();
    let mut ambiguity = Ambiguity::default();
    for (word, c) in words {
        let n: u32 = c.iter().sum();
        if (n as usize) < options.ambiguity_min_count {
            continue;
        }
        let names: Vec<&str> = (0..N_TAGS)
            .filter(|&k| f64::from(c[k]) >= options.ambiguity_min_share * f64::from(n))
            .map(|k| Pos::from_index(k).expect("a class").name())
            .collect();
        ambiguity.insert(&word, &names.join("|"));
    }
    ambiguity
}

/// Frequent words seen with one class almost always.
fn tag_dictionary(sentences: &[Vec<Token>], options: &TrainOptions) -> Vec<(Box<str>, Pos)> {
    let mut counts: FxHashMap<&str, [u32; N_TAGS]> = FxHashMap::default();
    for token in sentences.iter().flatten() {
        counts.entry(&token.form).or_insert([0; N_TAGS])[token.pos.index()] += 1;
    }
    let mut dict: Vec<(Box<str>, Pos)> = counts
        .into_iter()
        .filter_map(|(word, c)| {
            let n: u32 = c.iter().sum();
            let best = argmax_count(&c);
            (n as usize >= options.dict_min_count
                && f64::from(c[best]) / f64::from(n) >= options.dict_min_share)
                .then(|| (word.into(), Pos::from_index(best).expect("a class")))
        })
        .collect();
    dict.sort();
    dict
}

fn argmax_count(counts: &[u32; N_TAGS]) -> usize {
    let mut best = 0;
    for (i, &c) in counts.iter().enumerate() {
        if c > counts[best] {
            best = i;
        }
    }
    best
}

/// (lowercased form, XPOS) → the most frequent lemma, kept where the suffix
/// rules would give another.
fn lemma_table(sentences: &[Vec<Token>]) -> FxHashMap<Box<str>, Vec<(&'static str, Box<str>)>> {
    // key → (lemma → count, form → count)
    type Counts<'a> = (FxHashMap<&'a str, u32>, FxHashMap<&'a str, u32>);
    let mut counts: FxHashMap<(String, &'static str), Counts<'_>> = FxHashMap::default();
    for token in sentences.iter().flatten() {
        if token.lemma == "_" {
            continue;
        }
        let xpos = token.pos.as_str();
        let key = (lowercase(&token.form).into_owned(), xpos);
        let (lemmas, forms) = counts.entry(key).or_default();
        *lemmas.entry(&token.lemma).or_default() += 1;
        *forms.entry(&token.form).or_default() += 1;
    }
    let most = |m: &FxHashMap<&str, u32>| -> String {
        let mut v: Vec<(&str, u32)> = m.iter().map(|(k, &n)| (*k, n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v[0].0.to_owned()
    };
    let mut table: FxHashMap<Box<str>, Vec<(&'static str, Box<str>)>> = FxHashMap::default();
    let mut keys: Vec<_> = counts.into_iter().collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    for ((lower, xpos), (lemmas, forms)) in keys {
        let lemma = most(&lemmas);
        let form = most(&forms);
        if rule_lemma(&form, xpos) != lemma {
            table
                .entry(lower.into_boxed_str())
                .or_default()
                .push((xpos, lemma.into_boxed_str()));
        }
    }
    table
}

/// Token accuracy of a tagger on treebank sentences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accuracy {
    pub tokens: usize,
    pub xpos_correct: usize,
    pub upos_correct: usize,
    /// Lemmas right with the predicted tags.
    pub lemma_correct: usize,
}

impl Accuracy {
    pub fn xpos(&self) -> f64 {
        self.xpos_correct as f64 / self.tokens.max(1) as f64
    }
    pub fn upos(&self) -> f64 {
        self.upos_correct as f64 / self.tokens.max(1) as f64
    }
    pub fn lemma(&self) -> f64 {
        self.lemma_correct as f64 / self.tokens.max(1) as f64
    }
}

/// Tags `sentences` (given the treebank's words) and counts the tags and
/// lemmas that match the treebank's.
pub fn evaluate(tagger: &Tagger, sentences: &[Vec<Token>]) -> Accuracy {
    let mut acc = Accuracy::default();
    let mut scratch = super::TagScratch::default();
    let mut tags = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for sentence in sentences {
        words.clear();
        words.extend(sentence.iter().map(|t| t.form.as_str()));
        tagger.tag_with(&words, &mut scratch, &mut tags);
        for (token, &pos) in sentence.iter().zip(&tags) {
            acc.tokens += 1;
            acc.xpos_correct += usize::from(pos.as_str() == token.xpos);
            acc.upos_correct += usize::from(pos.upos().as_str() == token.upos);
            acc.lemma_correct += usize::from(tagger.lemma(&token.form, pos) == token.lemma);
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "\
# sent_id = 1
# text = The Kremlin denied it.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tKremlin\tKremlin\tPROPN\tNNP\t_\t3\tnsubj\t_\t_
3\tdenied\tdeny\tVERB\tVBD\t_\t0\troot\t_\t_
4\tit\tit\tPRON\tPRP\t_\t3\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# text = Claims were denied by Moscow.
1\tClaims\tclaim\tNOUN\tNNS\t_\t3\tnsubj:pass\t_\t_
2\twere\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_
3\tdenied\tdeny\tVERB\tVBN\t_\t0\troot\t_\t_
4\tby\tby\tADP\tIN\t_\t5\tcase\t_\t_
5\tMoscow\tMoscow\tPROPN\tNNP\t_\t3\tobl\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# text = It didn't deny the claims.
1\tIt\tit\tPRON\tPRP\t_\t4\tnsubj\t_\t_
2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tdeny\tdeny\tVERB\tVB\t_\t0\troot\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_
5.1\tbe\tbe\tAUX\tVB\t_\t_\t_\t5:cop\t_
6\tclaims\tclaim\tNOUN\tNNS\t_\t4\tobj\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_
";

    #[test]
    fn the_reader_skips_comments_multiword_tokens_and_empty_nodes() {
        let sentences = parse_conllu(TINY, "tiny.conllu").unwrap();

        assert_eq!(sentences.len(), 3);
        let third: Vec<&str> = sentences[2].iter().map(|t| t.form.as_str()).collect();
        assert_eq!(third, ["It", "did", "n't", "deny", "the", "claims", "."]);
        assert_eq!(sentences[1][1].lemma, "be");
        assert_eq!(sentences[1][1].pos.upos(), Upos::Aux);
    }

    #[test]
    fn a_malformed_line_is_reported_with_its_file_and_number() {
        let broken = TINY.replace("3\tdenied\tdeny\tVERB\tVBN", "3\tdenied\tdeny\tVERB");

        let err = parse_conllu(&broken, "tiny.conllu")
            .unwrap_err()
            .to_string();

        assert!(err.starts_with("tiny.conllu:12: "), "{err}");
        assert!(err.contains("9 tab-separated fields"), "{err}");
    }

    #[test]
    fn an_unknown_tag_or_id_is_reported_with_its_line() {
        let bad_tag = TINY.replace("PRP\t_\t3", "PRQ\t_\t3");
        let bad_id = TINY.replace("5.1\tbe", "5.x\tbe");

        let tag_err = parse_conllu(&bad_tag, "t").unwrap_err().to_string();
        let id_err = parse_conllu(&bad_id, "t").unwrap_err().to_string();

        assert!(
            tag_err.starts_with("t:6: ") && tag_err.contains("PRQ"),
            "{tag_err}"
        );
        assert!(
            id_err.starts_with("t:24: ") && id_err.contains("5.x"),
            "{id_err}"
        );
    }

    fn tiny_options() -> TrainOptions {
        TrainOptions {
            epochs: 5,
            prune: 0.0,
            dict_min_count: 100,
            ..TrainOptions::default()
        }
    }

    #[test]
    fn training_twice_gives_the_same_weights() {
        let sentences = parse_conllu(TINY, "tiny").unwrap();

        let first = train(&sentences, &tiny_options(), |_, _| {}).to_text(&[]);
        let second = train(&sentences, &tiny_options(), |_, _| {}).to_text(&[]);

        assert_eq!(first, second);
    }

    #[test]
    fn a_tagger_trained_on_a_tiny_corpus_learns_it() {
        let sentences = parse_conllu(TINY, "tiny").unwrap();

        let tagger = train(&sentences, &tiny_options(), |_, _| {});
        let accuracy = evaluate(&tagger, &sentences);

        assert_eq!(accuracy.tokens, 18);
        assert_eq!(accuracy.xpos_correct, 18, "{accuracy:?}");
        assert_eq!(accuracy.upos_correct, 18, "{accuracy:?}");
        assert_eq!(accuracy.lemma_correct, 18, "{accuracy:?}");
    }

    #[test]
    fn the_shuffle_is_a_fixed_permutation() {
        let mut a: Vec<u32> = (0..10).collect();
        let mut b = a.clone();

        XorShift(7).shuffle(&mut a);
        XorShift(7).shuffle(&mut b);

        assert_eq!(a, b);
        assert_ne!(a, (0..10).collect::<Vec<_>>());
        a.sort();
        assert_eq!(a, (0..10).collect::<Vec<_>>());
    }
}
