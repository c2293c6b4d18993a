//! A part-of-speech tagger and lemmatizer riposte trains itself, on the
//! Universal Dependencies English Web Treebank (`seed-data/ud-english-ewt/`).
//!
//! - [`tokenize`]: a sentence into EWT-style words, as byte spans;
//! - [`Tagger::tag`]: Penn Treebank (XPOS) tags, which tell a past tense from
//!   a participle (VBD/VBN) and a name from a noun (NNP/NN), each with its
//!   Universal POS ([`Pos::upos`]);
//! - [`Tagger::lemma`]: the dictionary form of a tagged word.
//!
//! The model is a greedy left-to-right averaged perceptron (the classic
//! feature set: the word, its affixes and shape, the two previous tags, the
//! neighbouring words), with a tag dictionary for frequent unambiguous words.
//! Its classes are the treebank's (XPOS, UPOS) pairs, so one prediction gives
//! both. [`train`] learns it; the weights riposte ships are compiled in from
//! `seed-data/tagger/` and read once ([`Tagger::builtin`]). The file format is
//! described in [`format`].
//!
//! ```
//! use riposte::extract::tagger::{Tagger, tokenize};
//! let text = "The Kremlin denied the allegations on Friday.";
//! let spans = tokenize(text);
//! let words: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
//! let tags = Tagger::builtin().tag(&words);
//! assert_eq!(tags[2].as_str(), "VBD");
//! assert_eq!(Tagger::builtin().lemma(words[2], tags[2]), "deny");
//! ```

mod features;
pub mod format;
mod lemma;
mod tokenize;
pub mod train;

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use tokenize::tokenize;

use features::{Ambiguity, Context, Hist, for_each_feature};

/// The weights riposte ships (see `seed-data/tagger/README.md`).
const BUILTIN_MODEL: &str = include_str!("../../../seed-data/tagger/en-ewt.tagger");

/// A Universal POS tag (<https://universaldependencies.org/u/pos/>).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    pub fn from_name(name: &str) -> Option<Upos> {
        ALL_UPOS.iter().copied().find(|u| u.as_str() == name)
    }
}

const ALL_UPOS: [Upos; 17] = [
    Upos::Adj,
    Upos::Adp,
    Upos::Adv,
    Upos::Aux,
    Upos::Cconj,
    Upos::Det,
    Upos::Intj,
    Upos::Noun,
    Upos::Num,
    Upos::Part,
    Upos::Pron,
    Upos::Propn,
    Upos::Punct,
    Upos::Sconj,
    Upos::Sym,
    Upos::Verb,
    Upos::X,
];

/// The tagger's classes: the (XPOS, UPOS) pairs seen at least 20 times in
/// EWT train, plus WP$ (14 times), by descending frequency, so the first
/// pair of an XPOS is its most frequent. A rarer pair in a treebank is read
/// as the first pair of its XPOS.
const TAGS: [(&str, Upos); 68] = [
    ("NN", Upos::Noun),
    ("IN", Upos::Adp),
    ("DT", Upos::Det),
    ("PRP", Upos::Pron),
    ("NNP", Upos::Propn),
    ("JJ", Upos::Adj),
    (".", Upos::Punct),
    ("RB", Upos::Adv),
    ("NNS", Upos::Noun),
    ("VB", Upos::Verb),
    (",", Upos::Punct),
    ("CC", Upos::Cconj),
    ("CD", Upos::Num),
    ("IN", Upos::Sconj),
    ("VBN", Upos::Verb),
    ("VBD", Upos::Verb),
    ("MD", Upos::Aux),
    ("TO", Upos::Part),
    ("VBG", Upos::Verb),
    ("PRP$", Upos::Pron),
    ("VBZ", Upos::Aux),
    ("VBP", Upos::Aux),
    ("VBP", Upos::Verb),
    ("VBD", Upos::Aux),
    ("RB", Upos::Part),
    ("VBZ", Upos::Verb),
    ("VB", Upos::Aux),
    ("-RRB-", Upos::Punct),
    ("-LRB-", Upos::Punct),
    ("WDT", Upos::Pron),
    (":", Upos::Punct),
    ("WRB", Upos::Adv),
    ("DT", Upos::Pron),
    ("``", Upos::Punct),
    ("''", Upos::Punct),
    ("WP", Upos::Pron),
    ("RP", Upos::Adp),
    ("UH", Upos::Intj),
    ("POS", Upos::Part),
    ("HYPH", Upos::Punct),
    ("NNP", Upos::Adj),
    ("NNPS", Upos::Propn),
    ("NN", Upos::Pron),
    ("JJR", Upos::Adj),
    ("JJS", Upos::Adj),
    ("EX", Upos::Pron),
    ("VBN", Upos::Aux),
    ("RBR", Upos::Adv),
    ("$", Upos::Sym),
    ("ADD", Upos::Propn),
    ("NFP", Upos::Punct),
    ("GW", Upos::X),
    ("SYM", Upos::Sym),
    ("PDT", Upos::Det),
    ("VBG", Upos::Aux),
    ("LS", Upos::Num),
    ("NFP", Upos::Sym),
    ("RBS", Upos::Adv),
    (",", Upos::Sym),
    ("WDT", Upos::Det),
    ("NN", Upos::Sym),
    ("FW", Upos::Noun),
    ("NN", Upos::X),
    ("GW", Upos::Propn),
    ("ADD", Upos::X),
    ("AFX", Upos::X),
    ("FW", Upos::X),
    ("WP$", Upos::Pron),
];

/// The number of classes.
pub const N_TAGS: usize = TAGS.len();

/// A predicted tag: a Penn Treebank XPOS with its Universal POS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos(u8);

impl Pos {
    /// The Penn Treebank tag: "NN", "VBD", "-LRB-", ...
    pub fn as_str(self) -> &'static str {
        TAGS[self.0 as usize].0
    }

    /// The Universal POS the treebank gives this word with this XPOS.
    pub fn upos(self) -> Upos {
        TAGS[self.0 as usize].1
    }

    /// The class number (0..[`N_TAGS`]), as in the weights file.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn from_index(index: usize) -> Option<Pos> {
        (index < N_TAGS).then_some(Pos(index as u8))
    }

    /// The class of a treebank (XPOS, UPOS) pair: the pair itself if it is a
    /// class, else the most frequent pair of the XPOS; `None` for an XPOS
    /// the tagger does not know.
    pub fn from_pair(xpos: &str, upos: Upos) -> Option<Pos> {
        TAGS.iter()
            .position(|&(x, u)| x == xpos && u == upos)
            .or_else(|| TAGS.iter().position(|&(x, _)| x == xpos))
            .map(|i| Pos(i as u8))
    }

    /// The most frequent class of an XPOS.
    pub fn from_xpos(xpos: &str) -> Option<Pos> {
        TAGS.iter()
            .position(|&(x, _)| x == xpos)
            .map(|i| Pos(i as u8))
    }

    /// The name used in feature strings and the weights file: "VBZ:AUX".
    pub fn name(self) -> &'static str {
        TAG_NAMES[self.0 as usize]
    }

    /// A verb form: VB, VBD, VBG, VBN, VBP, VBZ.
    pub fn is_verb(self) -> bool {
        self.as_str().starts_with("VB")
    }

    /// A noun, proper or common, singular or plural.
    pub fn is_noun(self) -> bool {
        self.as_str().starts_with("NN")
    }
}

impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

const TAG_NAMES: [&str; N_TAGS] = {
    // "XPOS:UPOS", spelled out so it can be a constant.
    [
        "NN:NOUN",
        "IN:ADP",
        "DT:DET",
        "PRP:PRON",
        "NNP:PROPN",
        "JJ:ADJ",
        ".:PUNCT",
        "RB:ADV",
        "NNS:NOUN",
        "VB:VERB",
        ",:PUNCT",
        "CC:CCONJ",
        "CD:NUM",
        "IN:SCONJ",
        "VBN:VERB",
        "VBD:VERB",
        "MD:AUX",
        "TO:PART",
        "VBG:VERB",
        "PRP$:PRON",
        "VBZ:AUX",
        "VBP:AUX",
        "VBP:VERB",
        "VBD:AUX",
        "RB:PART",
        "VBZ:VERB",
        "VB:AUX",
        "-RRB-:PUNCT",
        "-LRB-:PUNCT",
        "WDT:PRON",
        "::PUNCT",
        "WRB:ADV",
        "DT:PRON",
        "``:PUNCT",
        "'':PUNCT",
        "WP:PRON",
        "RP:ADP",
        "UH:INTJ",
        "POS:PART",
        "HYPH:PUNCT",
        "NNP:ADJ",
        "NNPS:PROPN",
        "NN:PRON",
        "JJR:ADJ",
        "JJS:ADJ",
        "EX:PRON",
        "VBN:AUX",
        "RBR:ADV",
        "$:SYM",
        "ADD:PROPN",
        "NFP:PUNCT",
        "GW:X",
        "SYM:SYM",
        "PDT:DET",
        "VBG:AUX",
        "LS:NUM",
        "NFP:SYM",
        "RBS:ADV",
        ",:SYM",
        "WDT:DET",
        "NN:SYM",
        "FW:NOUN",
        "NN:X",
        "GW:PROPN",
        "ADD:X",
        "AFX:X",
        "FW:X",
        "WP$:PRON",
    ]
};

/// Why a treebank or a weights file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}: malformed CoNLL-U line: {message}")]
    Conllu {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}:{line}: malformed tagger weights: {message}")]
    Model {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: no sentences")]
    Empty { file: String },
}

/// A trained tagger: averaged-perceptron weights, the tag dictionary, the
/// words' ambiguity classes and the lemma table.
///
/// The weights are stored sparsely, row by row (one row per feature): the
/// nonzero (class, weight) entries of feature row `r` are
/// `classes[offsets[r]..offsets[r + 1]]` and the same range of `weights`.
/// Most features carry weight for a handful of the 68 classes, so this is
/// about a tenth of a dense feature × class matrix, and scoring a word adds
/// only the entries that exist. Features are found by their 64-bit id
/// (see [`features`]), so tagging builds no strings.
#[derive(Debug, Clone, Default)]
pub struct Tagger {
    /// Feature id → row.
    features: FxHashMap<u64, u32>,
    /// Each row's feature text, for writing the file.
    feature_names: Vec<Box<str>>,
    offsets: Vec<u32>,
    classes: Vec<u8>,
    weights: Vec<f32>,
    /// Frequent words (hash of the exact form) seen with one class almost
    /// always...
    tagdict: FxHashMap<u64, Pos>,
    /// ...and the same words as text, for writing the file.
    tagdict_words: Vec<(Box<str>, Pos)>,
    /// Lowercased word → the classes training saw it with.
    ambiguity: Ambiguity,
    /// Lowercased form → (XPOS, lemma) where the suffix rules get it wrong.
    lemmas: FxHashMap<Box<str>, Vec<(&'static str, Box<str>)>>,
}

impl Tagger {
    /// The tagger riposte ships, trained on EWT (parsed on first use).
    pub fn builtin() -> &'static Tagger {
        static BUILTIN: OnceLock<Tagger> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Tagger::from_text(BUILTIN_MODEL, "seed-data/tagger/en-ewt.tagger")
                .expect("the built-in tagger weights parse (a unit test checks them)")
        })
    }

    /// Tags a sentence's words (as [`tokenize`] splits them).
    pub fn tag(&self, words: &[&str]) -> Vec<Pos> {
        let mut ctx = Context::default();
        let mut out = Vec::with_capacity(words.len());
        self.tag_into(words, &mut ctx, &mut out);
        out
    }

    /// [`Tagger::tag`] with buffers reused from sentence to sentence.
    pub fn tag_with(&self, words: &[&str], scratch: &mut TagScratch, out: &mut Vec<Pos>) {
        out.clear();
        self.tag_into(words, &mut scratch.ctx, out);
    }

    fn tag_into(&self, words: &[&str], ctx: &mut Context, out: &mut Vec<Pos>) {
        ctx.fill(words, &self.ambiguity);
        let mut prev = Hist::START;
        let mut prev2 = Hist::START2;
        for i in 0..words.len() {
            let pos = match self.tagdict.get(&ctx.raw_hash(i)) {
                Some(&pos) => pos,
                None => argmax(&self.scores(ctx, i, prev, prev2)),
            };
            out.push(pos);
            prev2 = prev;
            prev = Hist::from(pos);
        }
    }

    fn scores(&self, ctx: &Context, i: usize, prev: Hist, prev2: Hist) -> [f32; N_TAGS] {
        // All ids first, then all lookups, then all sums: independent
        // lookups overlap their memory accesses.
        let mut ids = [0u64; MAX_FEATURES];
        let mut n = 0;
        for_each_feature(ctx, i, prev, prev2, |id, _, _| {
            ids[n] = id;
            n += 1;
        });
        let mut rows = [u32::MAX; MAX_FEATURES];
        for (row, id) in rows.iter_mut().zip(&ids[..n]) {
            if let Some(&r) = self.features.get(id) {
                *row = r;
            }
        }
        let mut scores = [0f32; N_TAGS];
        for &row in &rows[..n] {
            if row == u32::MAX {
                continue;
            }
            let (start, end) = (
                self.offsets[row as usize] as usize,
                self.offsets[row as usize + 1] as usize,
            );
            for (&class, &w) in self.classes[start..end]
                .iter()
                .zip(&self.weights[start..end])
            {
                scores[class as usize] += w;
            }
        }
        scores
    }

    /// The lemma of a word with its tag: the treebank's most frequent lemma
    /// for the lowercased form and XPOS, else suffix rules ("denies" → "deny",
    /// "stopped" → "stop"); proper nouns keep their case, other words are
    /// lowercased.
    pub fn lemma<'a>(&'a self, word: &'a str, pos: Pos) -> Cow<'a, str> {
        let lower = lemma::lowercase(word);
        if let Some(entries) = self.lemmas.get(lower.as_ref())
            && let Some((_, lemma)) = entries.iter().find(|(x, _)| *x == pos.as_str())
        {
            return Cow::Borrowed(lemma);
        }
        lemma::rule_lemma(word, pos.as_str())
    }

    /// How many features have weights.
    pub fn n_features(&self) -> usize {
        self.features.len()
    }
}

/// Buffers [`Tagger::tag_with`] reuses.
#[derive(Debug, Default)]
pub struct TagScratch {
    ctx: Context,
}

/// At least the number of features of a word.
const MAX_FEATURES: usize = features::TEMPLATES.len();

/// The highest-scoring class; ties go to the more frequent class (the lower
/// index), so the choice is deterministic.
fn argmax(scores: &[f32; N_TAGS]) -> Pos {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate().skip(1) {
        if s > scores[best] {
            best = i;
        }
    }
    Pos(best as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag_sentence(text: &str) -> Vec<String> {
        let spans = tokenize(text);
        let words: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
        Tagger::builtin()
            .tag(&words)
            .into_iter()
            .map(|p| p.as_str().to_owned())
            .collect()
    }

    #[test]
    fn the_tag_table_names_every_class_as_xpos_colon_upos() {
        for (i, (xpos, upos)) in TAGS.iter().enumerate() {
            assert_eq!(TAG_NAMES[i], format!("{xpos}:{}", upos.as_str()));
        }
    }

    #[test]
    fn a_rare_pair_is_read_as_the_most_frequent_pair_of_its_xpos() {
        let pos = Pos::from_pair("NNP", Upos::Num).unwrap();

        assert_eq!((pos.as_str(), pos.upos()), ("NNP", Upos::Propn));
        assert_eq!(Pos::from_pair("ZZZ", Upos::X), None);
    }

    #[test]
    fn the_builtin_weights_parse() {
        let tagger = Tagger::builtin();

        assert!(tagger.n_features() > 10_000);
    }

    #[test]
    fn the_shipped_tagger_tags_a_denial_sentence() {
        let tags = tag_sentence("The Kremlin denied the allegations on Friday .");

        assert_eq!(
            tags,
            ["DT", "NNP", "VBD", "DT", "NNS", "IN", "NNP", "."].map(String::from)
        );
    }

    #[test]
    fn the_shipped_tagger_tells_a_passive_participle_from_a_past_tense() {
        let tags = tag_sentence("The claims were denied by Moscow .");

        assert_eq!(tags[3], "VBN");
    }

    #[test]
    fn the_shipped_tagger_reaches_94_percent_on_the_first_500_test_sentences() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("seed-data/ud-english-ewt/en_ewt-ud-test.conllu");
        let mut sentences = train::read_conllu(&path).expect("the test split reads");
        sentences.truncate(500);

        let accuracy = train::evaluate(Tagger::builtin(), &sentences);

        assert!(
            accuracy.xpos() >= 0.94,
            "XPOS accuracy {:.4} on {} tokens",
            accuracy.xpos(),
            accuracy.tokens
        );
    }

    #[test]
    fn the_shipped_lemmatizer_gives_dictionary_forms() {
        let tagger = Tagger::builtin();
        let lemma = |w: &str, x: &str| tagger.lemma(w, Pos::from_xpos(x).unwrap()).into_owned();

        assert_eq!(lemma("denied", "VBD"), "deny");
        assert_eq!(lemma("allegations", "NNS"), "allegation");
        assert_eq!(lemma("was", "VBD"), "be");
        assert_eq!(lemma("Kremlin", "NNP"), "Kremlin");
        assert_eq!(lemma("The", "DT"), "the");
        assert_eq!(lemma("accuses", "VBZ"), "accuse");
        assert_eq!(lemma("stonewalled", "VBD"), "stonewall");
    }
}
