//! The model behind sentence scores: logistic regression over named binary
//! features, with two yes/no heads (does the sentence hold an accusation? a
//! response?) and one seven-way head (which kind of response). Plain,
//! deterministic, and explainable: every weight belongs to a readable
//! feature name, and the file lists them.

use rustc_hash::FxHashMap;

use crate::extract::model::ResponseKind;

/// Heads: accusation, response, then one per response kind.
pub(crate) const HEADS: usize = 2 + ResponseKind::ALL.len();
pub(crate) const ACCUSATION: usize = 0;
pub(crate) const RESPONSE: usize = 1;
const KIND0: usize = 2;

/// The first line of a weights file.
const HEADER: &str = "# riposte sentence model v1";

/// Feature weights per head.
#[derive(Debug, Clone, Default)]
pub(crate) struct Logistic {
    weights: FxHashMap<String, [f32; HEADS]>,
}

/// One training sentence: its features and what the gold says of it.
#[derive(Debug, Clone)]
pub struct Example {
    /// Which article it comes from (any number the same per article).
    pub article: usize,
    pub features: Vec<String>,
    pub accusation: bool,
    pub response: Option<ResponseKind>,
}

/// The model's reading of one sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scores {
    pub accusation: f32,
    pub response: f32,
    /// The likeliest response kind and its probability among the kinds.
    pub kind: (ResponseKind, f32),
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

fn softmax(z: &mut [f32]) {
    let m = z.iter().copied().fold(f32::MIN, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - m).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

/// Training settings; the defaults are what `riposte train sentences` uses.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    pub epochs: usize,
    pub learning_rate: f32,
    /// L2 penalty per update, scaled by the learning rate.
    pub l2: f32,
    /// A feature is learned only if this many training articles have it: a
    /// word of one or two articles says more about them than about English.
    pub min_articles: usize,
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            learning_rate: 0.2,
            l2: 1e-2,
            min_articles: 3,
            seed: 0x5eed,
        }
    }
}

/// A small deterministic generator for the training order.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

impl Logistic {
    /// The raw sums of a sentence's feature weights per head.
    fn sums(&self, features: &[String]) -> [f32; HEADS] {
        let mut z = [0.0; HEADS];
        for f in features {
            if let Some(w) = self.weights.get(f) {
                for (zi, wi) in z.iter_mut().zip(w) {
                    *zi += wi;
                }
            }
        }
        z
    }

    /// Scores a sentence from its features.
    pub(crate) fn score(&self, features: &[String]) -> Scores {
        let z = self.sums(features);
        let mut kinds = [0.0; ResponseKind::ALL.len()];
        kinds.copy_from_slice(&z[KIND0..]);
        softmax(&mut kinds);
        let (best, p) =
            kinds.iter().enumerate().fold(
                (0, f32::MIN),
                |acc, (i, &p)| if p > acc.1 { (i, p) } else { acc },
            );
        Scores {
            accusation: sigmoid(z[ACCUSATION]),
            response: sigmoid(z[RESPONSE]),
            kind: (ResponseKind::ALL[best], p),
        }
    }

    /// Fits the heads by stochastic gradient descent over the examples in
    /// a seeded order: the same examples give the same weights.
    pub(crate) fn train(examples: &[Example], config: TrainConfig) -> Logistic {
        let mut model = Logistic::default();
        // the features seen in enough articles; the others get no weight
        let mut seen: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
        for ex in examples {
            for f in &ex.features {
                let e = seen.entry(f.as_str()).or_insert((usize::MAX, 0));
                if e.0 != ex.article {
                    *e = (ex.article, e.1 + 1);
                }
            }
        }
        let learnable = |f: &str| seen.get(f).is_some_and(|&(_, n)| n >= config.min_articles);
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = XorShift(config.seed | 1);
        for epoch in 0..config.epochs {
            for i in (1..order.len()).rev() {
                order.swap(i, (rng.next() % (i as u64 + 1)) as usize);
            }
            let lr = config.learning_rate / (1.0 + epoch as f32 * 0.5);
            for &i in &order {
                let ex = &examples[i];
                let z = model.sums(&ex.features);
                let mut grad = [0.0f32; HEADS];
                grad[ACCUSATION] = f32::from(u8::from(ex.accusation)) - sigmoid(z[ACCUSATION]);
                grad[RESPONSE] = f32::from(u8::from(ex.response.is_some())) - sigmoid(z[RESPONSE]);
                // the kind head learns only from sentences that hold a response
                if let Some(kind) = ex.response {
                    let mut p = [0.0; ResponseKind::ALL.len()];
                    p.copy_from_slice(&z[KIND0..]);
                    softmax(&mut p);
                    for (k, pk) in p.iter().enumerate() {
                        let y = f32::from(u8::from(ResponseKind::ALL[k] == kind));
                        grad[KIND0 + k] = y - pk;
                    }
                }
                for f in ex.features.iter().filter(|f| learnable(f)) {
                    let w = model.weights.entry(f.clone()).or_insert([0.0; HEADS]);
                    for (wi, gi) in w.iter_mut().zip(grad) {
                        *wi += lr * (gi - config.l2 * *wi);
                    }
                }
            }
        }
        // weights too small to matter make the file longer, not the model better
        model
            .weights
            .retain(|_, w| w.iter().any(|x| x.abs() >= 1e-3));
        model
    }

    /// The weights file: a header, then one line per feature (sorted) with
    /// its weight for each head.
    pub(crate) fn to_text(&self, provenance: &str) -> String {
        let mut names: Vec<&String> = self.weights.keys().collect();
        names.sort();
        let mut out = format!("{HEADER}\n");
        for line in provenance.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str("# feature\taccusation\tresponse");
        for k in ResponseKind::ALL {
            out.push_str(&format!("\t{}", k.as_str()));
        }
        out.push('\n');
        for name in names {
            out.push_str(name);
            for w in &self.weights[name] {
                out.push_str(&format!("\t{w:.4}"));
            }
            out.push('\n');
        }
        out
    }

    /// Reads a weights file written by [`Logistic::to_text`].
    pub(crate) fn from_text(text: &str) -> Result<Logistic, String> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, h)) if h.trim() == HEADER => {}
            _ => return Err(format!("the first line is not '{HEADER}'")),
        }
        let mut weights = FxHashMap::default();
        for (i, line) in lines {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or_default();
            let mut w = [0.0; HEADS];
            for slot in w.iter_mut() {
                let col = cols
                    .next()
                    .ok_or_else(|| format!("line {}: fewer than {HEADS} weights", i + 1))?;
                *slot = col
                    .parse()
                    .map_err(|_| format!("line {}: '{col}' is not a number", i + 1))?;
            }
            if cols.next().is_some() {
                return Err(format!("line {}: more than {HEADS} weights", i + 1));
            }
            weights.insert(name.to_string(), w);
        }
        Ok(Logistic { weights })
    }

    /// How many features carry a weight.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.weights.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(words: &[&str], accusation: bool, response: Option<ResponseKind>) -> Example {
        Example {
            article: words.len() + usize::from(accusation),
            features: words.iter().map(|w| w.to_string()).collect(),
            accusation,
            response,
        }
    }

    fn toy() -> Vec<Example> {
        let mut v = Vec::new();
        for _ in 0..20 {
            v.push(ex(&["bias", "w:accus"], true, None));
            v.push(ex(&["bias", "w:deni"], false, Some(ResponseKind::Denial)));
            v.push(ex(
                &["bias", "w:threaten"],
                false,
                Some(ResponseKind::Threat),
            ));
            v.push(ex(&["bias", "w:weather"], false, None));
        }
        v
    }

    #[test]
    fn training_learns_a_separable_toy_set() {
        let m = Logistic::train(&toy(), toy_config());
        let s = m.score(&["bias".into(), "w:accus".into()]);
        assert!(s.accusation > 0.8 && s.response < 0.2, "{s:?}");
        let s = m.score(&["bias".into(), "w:deni".into()]);
        assert!(
            s.response > 0.8 && s.kind.0 == ResponseKind::Denial,
            "{s:?}"
        );
        let s = m.score(&["bias".into(), "w:threaten".into()]);
        assert_eq!(s.kind.0, ResponseKind::Threat);
        let s = m.score(&["bias".into(), "w:weather".into()]);
        assert!(s.accusation < 0.2 && s.response < 0.2, "{s:?}");
    }

    /// The toy set's few "articles" all count: the cut-off is tested apart.
    fn toy_config() -> TrainConfig {
        TrainConfig {
            min_articles: 1,
            ..TrainConfig::default()
        }
    }

    fn one_article(mut v: Vec<Example>) -> Vec<Example> {
        for e in v.iter_mut() {
            e.article = 0;
        }
        v
    }

    #[test]
    fn a_feature_of_too_few_articles_gets_no_weight() {
        let config = TrainConfig {
            min_articles: 2,
            ..TrainConfig::default()
        };
        let m = Logistic::train(&one_article(toy()), config);
        assert_eq!(m.len(), 0);
    }

    #[test]
    fn training_is_deterministic() {
        let a = Logistic::train(&toy(), toy_config()).to_text("x");
        let b = Logistic::train(&toy(), toy_config()).to_text("x");
        assert_eq!(a, b);
    }

    #[test]
    fn the_weights_file_round_trips() {
        let m = Logistic::train(&toy(), toy_config());
        let back = Logistic::from_text(&m.to_text("trained on a toy set")).unwrap();
        let f = ["bias".to_string(), "w:deni".to_string()];
        let (a, b) = (m.score(&f), back.score(&f));
        assert!((a.response - b.response).abs() < 1e-3);
        assert_eq!(back.len(), m.len());
    }

    #[test]
    fn a_damaged_weights_file_names_its_line() {
        let err = Logistic::from_text(&format!("{HEADER}\nw:x\t1\tzz")).unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(Logistic::from_text("nonsense").is_err());
    }
}
