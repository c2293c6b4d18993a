//! The features of a word in its sentence, shared by training and tagging.
//!
//! A feature is a template and one or two values: `w denied` (the lowercased
//! word), `s3 ied` (its last three letters), `sh Xxx` (its shape), `t1 DT:DET`
//! (the previous tag), `t12 -START- DT:DET` (the two previous tags) and so
//! on ([`TEMPLATES`]). Numbers are folded (`!YEAR`, `!DIGITS`) so that one
//! weight covers them all.
//!
//! Tagging never builds a feature's text: each value's 64-bit hash is
//! computed once per word, and a feature's id is the hash of its template
//! and value hashes ([`feature_hash`]), looked up among the weights' ids. The
//! weights file keeps the text, and reading it computes the same ids;
//! two weights' features with one id are refused there.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::{N_TAGS, Pos, TAG_NAMES};

/// The feature templates, by number: name and number of values.
pub(super) const TEMPLATES: [(&str, usize); 33] = [
    ("b", 0),
    ("w", 1),
    ("W", 1),
    ("s1", 1),
    ("s2", 1),
    ("s3", 1),
    ("s4", 1),
    ("p1", 1),
    ("p2", 1),
    ("p3", 1),
    ("sh", 1),
    ("csh", 2),
    ("t1sh", 2),
    ("t1", 1),
    ("t2", 1),
    ("t12", 2),
    ("t1w", 2),
    ("w-1", 1),
    ("w-1w", 2),
    ("sh-1", 1),
    ("s-1", 1),
    ("w-2", 1),
    ("w+1", 1),
    ("s+1", 1),
    ("sh+1", 1),
    ("w+2", 1),
    ("t1w+1", 2),
    ("ww+1", 2),
    ("a", 1),
    ("a+1", 1),
    ("a+2", 1),
    ("t1a", 2),
    ("aa+1", 2),
];

/// FNV-1a, 64 bits: the hash of a feature value.
pub(super) const fn hash_str(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < b.len() {
        h ^= b[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// The splitmix64 finaliser: a bijection that scatters every input bit.
const fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The id of a feature: template `t` with value hashes `values`.
pub(super) fn feature_hash(t: usize, values: &[u64]) -> u64 {
    let mut h = mix((t as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    for &v in values {
        h = mix(h ^ v);
    }
    h
}

/// The tag history: a class, or the padding before the first word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hist(u8);

impl Hist {
    pub(super) const START: Hist = Hist(N_TAGS as u8);
    pub(super) const START2: Hist = Hist(N_TAGS as u8 + 1);

    pub(super) fn name(self) -> &'static str {
        match self {
            Hist::START => "-START-",
            Hist::START2 => "-START2-",
            Hist(i) => TAG_NAMES[i as usize],
        }
    }

    fn hash(self) -> u64 {
        HIST_HASHES[self.0 as usize]
    }
}

impl From<Pos> for Hist {
    fn from(pos: Pos) -> Hist {
        Hist(pos.index() as u8)
    }
}

const HIST_HASHES: [u64; N_TAGS + 2] = {
    let mut out = [0; N_TAGS + 2];
    let mut i = 0;
    while i < N_TAGS {
        out[i] = hash_str(TAG_NAMES[i]);
        i += 1;
    }
    out[N_TAGS] = hash_str("-START-");
    out[N_TAGS + 1] = hash_str("-START2-");
    out
};

/// Lowercased (number-folded) word → the classes the training data saw it
/// with, as "NN:NOUN|VB:VERB": a hint at the tags of the word and of its
/// neighbours before they are tagged.
#[derive(Debug, Clone, Default)]
pub(super) struct Ambiguity {
    /// Hash of the word → class set.
    words: FxHashMap<u64, u32>,
    /// The class sets: text and hash.
    sets: Vec<(Box<str>, u64)>,
    set_index: FxHashMap<Box<str>, u32>,
    /// The words, for writing the file.
    entries: Vec<(Box<str>, u32)>,
}

impl Ambiguity {
    pub(super) fn insert(&mut self, word: &str, classes: &str) {
        let set = match self.set_index.get(classes) {
            Some(&k) => k,
            None => {
                let k = self.sets.len() as u32;
                self.sets.push((classes.into(), hash_str(classes)));
                self.set_index.insert(classes.into(), k);
                k
            }
        };
        if self.words.insert(hash_str(word), set).is_none() {
            self.entries.push((word.into(), set));
        }
    }

    /// (word, classes), sorted.
    pub(super) fn entries(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = self
            .entries
            .iter()
            .map(|(w, k)| (&**w, &*self.sets[*k as usize].0))
            .collect();
        out.sort();
        out
    }
}

/// A word's value for a template: text in the context's buffer (or a fixed
/// string), and its hash.
#[derive(Debug, Clone, Default)]
struct Value {
    text: Range<u32>,
    fixed: Option<&'static str>,
    hash: u64,
}

/// The values of one word.
#[derive(Debug, Clone, Default)]
struct Word {
    raw: Value,
    norm: Value,
    shape: Value,
    suffix: [Value; 4],
    prefix: [Value; 3],
    classes: Value,
    /// The raw form has an upper-case letter.
    cased: bool,
}

/// A sentence's words prepared for feature extraction, with two padding
/// words on each side; buffers are reused from sentence to sentence.
#[derive(Debug, Default)]
pub(super) struct Context {
    buf: String,
    words: Vec<Word>,
    /// How capitalised the sentence is (headlines and shouting differ from
    /// prose).
    casing: Value,
}

const PAD_BEFORE: [&str; 2] = ["-START2-", "-START-"];
const PAD_AFTER: [&str; 2] = ["-END-", "-END2-"];
const CASINGS: [&str; 4] = ["lower", "some", "title", "upper"];

/// One value of a feature, for naming it (training, tests).
#[derive(Debug, Clone, Copy)]
pub(super) enum Part {
    Text(u32, u32),
    Fixed(&'static str),
}

impl Context {
    /// Prepares the words of one sentence.
    pub(super) fn fill(&mut self, words: &[&str], ambiguity: &Ambiguity) {
        self.buf.clear();
        self.words.clear();
        for pad in PAD_BEFORE {
            self.push_pad(pad);
        }
        for word in words {
            self.push_word(word, ambiguity);
        }
        for pad in PAD_AFTER {
            self.push_pad(pad);
        }
        let casing = CASINGS[casing(words)];
        self.casing = Value {
            text: 0..0,
            fixed: Some(casing),
            hash: hash_str(casing),
        };
    }

    /// The hash of word `i`'s exact form (for the tag dictionary).
    pub(super) fn raw_hash(&self, i: usize) -> u64 {
        self.words[i + 2].raw.hash
    }

    /// The text of a feature value.
    pub(super) fn part(&self, part: Part) -> &str {
        match part {
            Part::Text(s, e) => &self.buf[s as usize..e as usize],
            Part::Fixed(s) => s,
        }
    }

    fn fixed(s: &'static str) -> Value {
        Value {
            text: 0..0,
            fixed: Some(s),
            hash: hash_str(s),
        }
    }

    fn push_pad(&mut self, pad: &'static str) {
        let v = Context::fixed(pad);
        self.words.push(Word {
            raw: v.clone(),
            norm: v.clone(),
            shape: v.clone(),
            suffix: [v.clone(), v.clone(), v.clone(), v.clone()],
            prefix: [v.clone(), v.clone(), v.clone()],
            classes: v,
            cased: false,
        });
    }

    /// Appends text to the buffer (by `write`) and returns it as a value.
    fn value(buf: &mut String, write: impl FnOnce(&mut String)) -> Value {
        let start = buf.len();
        write(buf);
        Value {
            text: start as u32..buf.len() as u32,
            fixed: None,
            hash: hash_str(&buf[start..]),
        }
    }

    fn push_word(&mut self, word: &str, ambiguity: &Ambiguity) {
        let buf = &mut self.buf;
        let raw = Context::value(buf, |b| b.push_str(word));
        let norm = Context::value(buf, |b| push_norm(b, word));
        let mut cased = false;
        let shape = Context::value(buf, |b| cased = push_shape(b, word));

        let norm_text = norm.text.start as usize..norm.text.end as usize;
        let sub = |buf: &str, r: Range<usize>| Value {
            text: r.start as u32..r.end as u32,
            fixed: None,
            hash: hash_str(&buf[r]),
        };
        let n = &buf[norm_text.clone()];
        let suffix = [1, 2, 3, 4].map(|k| {
            let start = n.char_indices().rev().nth(k - 1).map_or(0, |(i, _)| i);
            sub(buf, norm_text.start + start..norm_text.end)
        });
        let prefix_end = |k: usize| n.char_indices().nth(k).map_or(n.len(), |(i, _)| i);
        let raw_first = buf[raw.text.start as usize..raw.text.end as usize]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        let prefix = [
            sub(
                buf,
                raw.text.start as usize..raw.text.start as usize + raw_first,
            ),
            sub(buf, norm_text.start..norm_text.start + prefix_end(2)),
            sub(buf, norm_text.start..norm_text.start + prefix_end(3)),
        ];
        let classes = match ambiguity.words.get(&norm.hash) {
            Some(&k) => {
                let (text, hash) = &ambiguity.sets[k as usize];
                let start = buf.len();
                buf.push_str(text);
                Value {
                    text: start as u32..buf.len() as u32,
                    fixed: None,
                    hash: *hash,
                }
            }
            None => Context::fixed("?"),
        };
        self.words.push(Word {
            raw,
            norm,
            shape,
            suffix,
            prefix,
            classes,
            cased,
        });
    }

    /// The normalised form of `word`, as a feature and the ambiguity table
    /// see it (in a buffer the next [`Context::fill`] overwrites).
    pub(super) fn norm(&mut self, word: &str) -> &str {
        self.buf.clear();
        push_norm(&mut self.buf, word);
        &self.buf
    }
}

/// How capitalised a sentence's words are: an index into [`CASINGS`].
fn casing(words: &[&str]) -> usize {
    let (mut alpha, mut capital, mut upper) = (0, 0, 0);
    for word in words {
        let Some(first) = word.chars().next().filter(|c| c.is_alphabetic()) else {
            continue;
        };
        alpha += 1;
        if first.is_uppercase() {
            capital += 1;
            if word.chars().count() > 1 && !word.chars().any(char::is_lowercase) {
                upper += 1;
            }
        }
    }
    if alpha >= 2 && upper * 2 > alpha {
        3
    } else if alpha >= 3 && capital * 2 > alpha {
        2
    } else if capital > 0 {
        1
    } else {
        0
    }
}

/// The word as features see it: lowercased, a year "!YEAR", another number
/// "!DIGITS".
fn push_norm(buf: &mut String, word: &str) {
    let first_digit = word.as_bytes().first().is_some_and(u8::is_ascii_digit);
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        buf.push_str("!YEAR");
    } else if first_digit {
        buf.push_str("!DIGITS");
    } else if word.is_ascii() {
        buf.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        for c in word.chars() {
            buf.extend(c.to_lowercase());
        }
    }
}

/// The word's shape, "Xxx" for "Kremlin", "dd" for "2020", "X.X." for
/// "U.S." (runs longer than two kept at two); whether it has a capital.
fn push_shape(buf: &mut String, word: &str) -> bool {
    let mut last = '\0';
    let mut run = 0;
    let mut cased = false;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            cased = true;
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
        }
        if run <= 2 {
            buf.push(s);
        }
    }
    cased
}

fn part(v: &Value) -> Part {
    match v.fixed {
        Some(s) => Part::Fixed(s),
        None => Part::Text(v.text.start, v.text.end),
    }
}

fn hist_part(h: Hist) -> Part {
    Part::Fixed(h.name())
}

/// Calls `f` with each feature of word `i` (0-based, in the sentence given
/// to [`Context::fill`]) after tags `prev` and `prev2`: its id, template and
/// values (for naming it).
#[inline]
pub(super) fn for_each_feature(
    ctx: &Context,
    i: usize,
    prev: Hist,
    prev2: Hist,
    mut f: impl FnMut(u64, usize, [Option<Part>; 2]),
) {
    let words = &ctx.words;
    let w = &words[i + 2];
    let (before, before2) = (&words[i + 1], &words[i]);
    let (after, after2) = (&words[i + 3], &words[i + 4]);

    let mut emit = |t: usize, values: &[(u64, Part)]| {
        let (h, parts) = match values {
            [] => (feature_hash(t, &[]), [None, None]),
            [(a, pa)] => (feature_hash(t, &[*a]), [Some(*pa), None]),
            [(a, pa), (b, pb), ..] => (feature_hash(t, &[*a, *b]), [Some(*pa), Some(*pb)]),
        };
        f(h, t, parts);
    };
    let v = |x: &Value| (x.hash, part(x));
    let h = |x: Hist| (x.hash(), hist_part(x));

    emit(0, &[]);
    emit(1, &[v(&w.norm)]);
    if w.cased {
        emit(2, &[v(&w.raw)]);
    }
    emit(3, &[v(&w.suffix[0])]);
    emit(4, &[v(&w.suffix[1])]);
    emit(5, &[v(&w.suffix[2])]);
    emit(6, &[v(&w.suffix[3])]);
    emit(7, &[v(&w.prefix[0])]);
    emit(8, &[v(&w.prefix[1])]);
    emit(9, &[v(&w.prefix[2])]);
    emit(10, &[v(&w.shape)]);
    emit(11, &[v(&ctx.casing), v(&w.shape)]);
    emit(12, &[h(prev), v(&w.shape)]);
    emit(13, &[h(prev)]);
    emit(14, &[h(prev2)]);
    emit(15, &[h(prev2), h(prev)]);
    emit(16, &[h(prev), v(&w.norm)]);
    emit(17, &[v(&before.norm)]);
    emit(18, &[v(&before.norm), v(&w.norm)]);
    emit(19, &[v(&before.shape)]);
    emit(20, &[v(&before.suffix[2])]);
    emit(21, &[v(&before2.norm)]);
    emit(22, &[v(&after.norm)]);
    emit(23, &[v(&after.suffix[2])]);
    emit(24, &[v(&after.shape)]);
    emit(25, &[v(&after2.norm)]);
    emit(26, &[h(prev), v(&after.norm)]);
    emit(27, &[v(&w.norm), v(&after.norm)]);
    emit(28, &[v(&w.classes)]);
    emit(29, &[v(&after.classes)]);
    emit(30, &[v(&after2.classes)]);
    emit(31, &[h(prev), v(&w.classes)]);
    emit(32, &[v(&w.classes), v(&after.classes)]);
}

/// The text of a feature: template and values, tab-separated.
pub(super) fn feature_text(ctx: &Context, t: usize, parts: [Option<Part>; 2]) -> String {
    let mut out = TEMPLATES[t].0.to_owned();
    for p in parts.into_iter().flatten() {
        out.push('\t');
        out.push_str(ctx.part(p));
    }
    out
}

/// The id of a feature written as text (template and values, tab-separated),
/// `None` if the template is unknown or the number of values wrong.
pub(super) fn text_hash(text: &str) -> Option<u64> {
    let mut fields = text.split('\t');
    let name = fields.next()?;
    let t = TEMPLATES.iter().position(|&(n, _)| n == name)?;
    let values: Vec<u64> = fields.map(hash_str).collect();
    (values.len() == TEMPLATES[t].1).then(|| feature_hash(t, &values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(words: &[&str], i: usize) -> Vec<String> {
        let mut ctx = Context::default();
        let mut ambiguity = Ambiguity::default();
        ambiguity.insert("denied", "VBD:VERB|VBN:VERB");
        ctx.fill(words, &ambiguity);
        let mut out = Vec::new();
        let prev = Hist::from(Pos::from_xpos("DT").unwrap());
        for_each_feature(&ctx, i, prev, Hist::START, |h, t, parts| {
            let text = feature_text(&ctx, t, parts);
            assert_eq!(text_hash(&text), Some(h), "{text}");
            out.push(text.replace('\t', " "));
        });
        out
    }

    #[test]
    fn features_name_the_word_its_affixes_shape_and_neighbours() {
        let f = features(&["The", "Kremlin", "denied", "it"], 1);

        for expected in [
            "b",
            "w kremlin",
            "W Kremlin",
            "s3 lin",
            "p1 K",
            "p2 kr",
            "sh Xxx",
            "csh some Xxx",
            "t1 DT:DET",
            "t12 -START- DT:DET",
            "w-1 the",
            "w+1 denied",
            "w+2 it",
            "ww+1 kremlin denied",
            "a ?",
            "a+1 VBD:VERB|VBN:VERB",
        ] {
            assert!(f.iter().any(|k| k == expected), "{expected} not in {f:?}");
        }
    }

    #[test]
    fn numbers_are_folded_and_the_sentence_is_padded() {
        let f = features(&["In", "2020"], 1);

        assert!(f.iter().any(|k| k == "w !YEAR"));
        assert!(f.iter().any(|k| k == "sh dd"));
        assert!(f.iter().any(|k| k == "w+1 -END-"));
        assert!(f.iter().any(|k| k == "w+2 -END2-"));
    }

    #[test]
    fn every_template_is_emitted_under_its_name() {
        let mut seen = [false; TEMPLATES.len()];
        let mut ctx = Context::default();
        ctx.fill(&["A", "b"], &Ambiguity::default());

        for_each_feature(&ctx, 0, Hist::START, Hist::START2, |_, t, parts| {
            seen[t] = true;
            assert_eq!(
                parts.iter().flatten().count(),
                TEMPLATES[t].1,
                "{}",
                TEMPLATES[t].0
            );
        });

        assert!(seen.iter().all(|&s| s));
    }
}
