//! The cue lexicons (seed-data/lexicon/*.toml): reading and merging the
//! files, and one trie over every cue, entered at each word of a text by the
//! word's key, so a text is read once for all of them.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::extract::boilerplate::Boilerplate;
use crate::extract::error::ExtractError;
use crate::extract::model::{HedgeLevel, ResponseKind};
use crate::extract::quotes;
use crate::extract::text::{self, Word, WordSet, is_boundary_after};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    speech: Option<SpeechSection>,
    #[serde(default)]
    accusation: Option<AccusationSection>,
    #[serde(default)]
    response: HashMap<String, CueList>,
    #[serde(default)]
    negation: Option<WordList>,
    #[serde(default)]
    hedge: Vec<HedgeEntry>,
    #[serde(default)]
    boilerplate: Option<BoilerplateSection>,
    #[serde(default)]
    roles: Option<RolesSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeechSection {
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccusationSection {
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(default)]
    attributive: Vec<String>,
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    wrongdoing: Vec<String>,
    #[serde(default)]
    agent_markers: Vec<String>,
    #[serde(default)]
    charge_verbs: Vec<String>,
    #[serde(default)]
    sanction_verbs: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueList {
    #[serde(default)]
    cues: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordList {
    #[serde(default)]
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HedgeEntry {
    phrase: String,
    level: HedgeLevel,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoilerplateSection {
    #[serde(default)]
    cut: Vec<String>,
    #[serde(default)]
    skip: Vec<String>,
    #[serde(default)]
    caption: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesSection {
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    org_heads: Vec<String>,
    #[serde(default)]
    group_heads: Vec<String>,
    #[serde(default)]
    generic_speakers: Vec<String>,
}

/// What a cue phrase signals. One phrase may carry several tags ("claims" is
/// a speech verb and an accusation noun).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Speech,
    SpeechAfter,
    AccVerb,
    AccAttributive,
    AccNoun,
    Wrongdoing,
    AgentMarker,
    /// A verb that accuses its object when a charge follows it with "with":
    /// "prosecutors charged Fabio Schvartsman ... with homicide".
    ChargeVerb,
    /// A verb that accuses its object when the wrong follows it with "for":
    /// "the commission fined MTN for failing to deactivate ...".
    SanctionVerb,
    /// A response cue; `true` when a preceding negation cancels it.
    Response(ResponseKind, bool),
    Negation,
    Hedge(HedgeLevel),
    Role,
    OrgHead,
    GroupHead,
    GenericSpeaker,
}

/// A cue found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueHit {
    pub start: usize,
    pub end: usize,
    pub tag: Tag,
}

/// The merged lexicons with their compiled matcher.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// The boilerplate lists, indexed for the parse stage.
    pub(super) boilerplate: Boilerplate,
    trie: Trie,
    first_words: FirstWords,
    /// What each pattern of the trie stands for.
    patterns: Vec<Pattern>,
}

/// A cue phrase of the trie: its tags, and how a match of it must end.
#[derive(Debug, Clone)]
struct Pattern {
    tags: Vec<Tag>,
    /// Whether the phrase ends in a letter or digit, so that a match counts
    /// only where a word of the text ends too ("denied", not "deniedly").
    /// The trie tells bytes apart but for ASCII case, so the text's last
    /// character matched is the phrase's own but for ASCII case: this is
    /// the test on it, made once for the phrase instead of on every match.
    ends_in_word: bool,
}

impl Pattern {
    fn new(phrase: &str) -> Pattern {
        Pattern {
            tags: Vec::new(),
            ends_in_word: phrase
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric),
        }
    }
}

/// [`is_boundary_after`], with the byte there read undecoded when it is
/// ASCII, as it mostly is (an ASCII character is a letter or digit of any
/// script exactly when it is an ASCII one).
fn word_ends_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
        _ => is_boundary_after(text, i),
    }
}

/// The byte offsets of the opening quote marks a cue may start at ('"' and
/// '“'), in order; the quotations' own scan skips the plain ASCII between.
fn cue_quote_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    quotes::quote_marks(text)
        .filter(|&(_, c)| c == '"' || c == '\u{201C}')
        .map(|(s, _)| s)
}

/// The cue phrases (lower case) as a byte trie. Cues start only at word
/// starts and quote marks, so walking the trie from those few places finds
/// every cue, overlapping ones included, and reads far fewer bytes than an
/// automaton run over every byte of the text. The trie is laid out flat and
/// breadth first: it stays small and its top levels, which every walk reads,
/// sit together in the cache. Bytes are mapped to the few classes the
/// phrases use; a node with several children looks its child up in a row of
/// a dense table (one load, where a scan of the edges of "a", which has
/// dozens, would mispredict), a node with one or two scans its edges.
#[derive(Debug, Clone)]
struct Trie {
    /// Per byte, its class (0: in no phrase, so no walk goes through it).
    class: [u8; 256],
    /// Number of classes, the width of a dense row.
    width: usize,
    /// The root is node 0.
    nodes: Vec<TrieNode>,
    /// (class, child) edges, each node's together.
    edges: Vec<(u8, u32)>,
    /// Rows of `width` children (0: none) for the branching nodes.
    dense: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct TrieNode {
    first_edge: u32,
    edge_count: u32,
    /// Its row in `dense`, or `u32::MAX` when its edges are scanned.
    row: u32,
    /// The pattern that ends here, or `u32::MAX`.
    pattern: u32,
}

/// Children from which a node gets a dense row.
const DENSE_FROM: usize = 3;

impl Trie {
    fn new(patterns: &[String]) -> Trie {
        let mut class = [0u8; 256];
        let mut width = 1usize;
        for b in patterns.iter().flat_map(|p| p.bytes()) {
            if class[usize::from(b)] == 0 {
                class[usize::from(b)] = u8::try_from(width).unwrap_or(u8::MAX);
                width += 1;
            }
        }
        // case is ignored by lower-casing the text's byte before the lookup
        // (patterns are lower case), so upper-case ASCII shares its class
        for b in b'A'..=b'Z' {
            class[usize::from(b)] = class[usize::from(b.to_ascii_lowercase())];
        }
        // a plain trie first, then numbered breadth first into flat arrays
        let mut kids: Vec<std::collections::BTreeMap<u8, usize>> = vec![Default::default()];
        let mut ends: Vec<Option<usize>> = vec![None];
        for (id, p) in patterns.iter().enumerate() {
            let mut n = 0;
            for b in p.bytes() {
                let c = class[usize::from(b)];
                n = match kids[n].get(&c) {
                    Some(&k) => k,
                    None => {
                        let k = kids.len();
                        kids.push(Default::default());
                        ends.push(None);
                        kids[n].insert(c, k);
                        k
                    }
                };
            }
            ends[n].get_or_insert(id);
        }
        let mut order = vec![0usize];
        let mut new_id = vec![0u32; kids.len()];
        let mut i = 0;
        while i < order.len() {
            for &c in kids[order[i]].values() {
                new_id[c] = order.len() as u32;
                order.push(c);
            }
            i += 1;
        }
        let mut nodes = Vec::with_capacity(order.len());
        let mut edges = Vec::new();
        let mut dense = Vec::new();
        for &n in &order {
            let row = if n == 0 || kids[n].len() >= DENSE_FROM {
                let r = dense.len() / width;
                dense.resize(dense.len() + width, 0);
                for (&c, &k) in &kids[n] {
                    dense[r * width + usize::from(c)] = new_id[k];
                }
                r as u32
            } else {
                u32::MAX
            };
            nodes.push(TrieNode {
                first_edge: edges.len() as u32,
                edge_count: kids[n].len() as u32,
                row,
                pattern: ends[n].map_or(u32::MAX, |p| p as u32),
            });
            edges.extend(kids[n].iter().map(|(&c, &k)| (c, new_id[k])));
        }
        Trie {
            class,
            width,
            nodes,
            edges,
            dense,
        }
    }

    fn child(&self, node: u32, b: u8) -> Option<u32> {
        let c = self.class[usize::from(b)];
        if c == 0 {
            return None;
        }
        let t = self.nodes[node as usize];
        if t.row != u32::MAX {
            let k = self.dense[t.row as usize * self.width + usize::from(c)];
            return (k != 0).then_some(k);
        }
        let first = t.first_edge as usize;
        self.edges[first..first + t.edge_count as usize]
            .iter()
            .find(|e| e.0 == c)
            .map(|e| e.1)
    }

    /// The walk from `node`, which the bytes before `from` led to (from
    /// the root, node 0, at `from` itself): calls `found(end, pattern)` for
    /// every pattern that those bytes and `bytes[from..]` begin with, ASCII
    /// case ignored (patterns are lower case), shortest first.
    fn walk_on(&self, node: u32, bytes: &[u8], from: usize, mut found: impl FnMut(usize, usize)) {
        let mut node = node;
        let mut end = from;
        loop {
            let p = self.nodes[node as usize].pattern;
            if p != u32::MAX {
                found(end, p as usize);
            }
            let Some(&b) = bytes.get(end) else { return };
            match self.child(node, b) {
                Some(n) => node = n,
                None => return,
            }
            end += 1;
        }
    }

    /// The node the bytes of `phrase` lead to from the root.
    fn node_of(&self, phrase: &[u8]) -> Option<u32> {
        phrase.iter().try_fold(0u32, |node, &b| self.child(node, b))
    }
}

/// The trie node after each cue's first word, by the word's key: a cue is
/// looked up with one probe per word of the text instead of a walk from the
/// word's first byte (most words begin no cue, and a walk is a chain of
/// loads from a table too large for the nearest cache).
///
/// The words sit in a small open-addressed table of their own, entered at
/// the slot the top bits of the key give and read on to the first empty
/// slot: the keys are hashes already, so no hashing is done again, and
/// words that share a key (hardly ever any) are simply both in the run.
#[derive(Debug, Clone)]
struct FirstWords {
    /// The keys, as a small bit table that rejects most words in one load.
    keys: WordSet,
    /// Per slot, 1 + the index in `words` of a word filed there, or 0.
    slots: Box<[u32]>,
    /// log2 of the number of slots.
    slot_bits: u32,
    words: Vec<FirstWord>,
}

#[derive(Debug, Clone)]
struct FirstWord {
    key: u64,
    /// The word's bytes, ASCII lower-cased, eight at a time (see
    /// [`lowered_eights`]).
    eights: Box<[u64]>,
    len: usize,
    node: u32,
}

impl FirstWord {
    fn new(word: &[u8], node: u32) -> FirstWord {
        FirstWord {
            key: text::word_key(word),
            eights: lowered_eights(word, 0, word.len()).collect(),
            len: word.len(),
            node,
        }
    }

    /// Whether this is `text[start..end]`, ASCII case ignored as the trie
    /// ignores it. Both sides are lower-cased eight bytes at a time with
    /// zeros past their end, so with the lengths equal the lots are equal
    /// exactly when `eq_ignore_ascii_case`, a byte at a time, holds.
    fn is_at(&self, text: &[u8], start: usize, end: usize) -> bool {
        end - start == self.len && lowered_eights(text, start, end).eq(self.eights.iter().copied())
    }
}

/// `bytes[start..end]` as little-endian numbers of eight bytes each (zeros
/// past `end`), read straight from `bytes`, each ASCII lower-cased.
fn lowered_eights(bytes: &[u8], start: usize, end: usize) -> impl Iterator<Item = u64> + '_ {
    (start..end).step_by(8).map(move |at| {
        let eight = text::eight_at(bytes, at, (end - at).min(8)).unwrap_or(0);
        text::ascii_lower8(eight)
    })
}

impl FirstWords {
    fn new(trie: &Trie, patterns: &[String]) -> FirstWords {
        let mut words: Vec<FirstWord> = Vec::new();
        let mut filed: HashSet<Vec<u8>> = HashSet::new();
        for word in patterns.iter().filter_map(|p| text::first_word(p)) {
            let bytes = word.as_bytes();
            let Some(node) = trie.node_of(bytes) else {
                continue;
            };
            // the first cue to begin with a word (in any ASCII case) files it
            if filed.insert(bytes.to_ascii_lowercase()) {
                words.push(FirstWord::new(bytes, node));
            }
        }
        // at most a quarter of the slots full, so runs stay short
        let slot_bits = (words.len() * 4)
            .next_power_of_two()
            .max(64)
            .trailing_zeros();
        let mut table = FirstWords {
            keys: WordSet::new(),
            slots: vec![0; 1 << slot_bits].into_boxed_slice(),
            slot_bits,
            words: Vec::new(),
        };
        for (i, w) in words.iter().enumerate() {
            table.keys.insert(w.key);
            let mut slot = table.home(w.key);
            while table.slots[slot] != 0 {
                slot = table.next(slot);
            }
            table.slots[slot] = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        table.words = words;
        table
    }

    /// The slot a key's run begins at.
    fn home(&self, key: u64) -> usize {
        (key >> (64 - self.slot_bits)) as usize
    }

    /// The slot after `slot`, round to the first.
    fn next(&self, slot: usize) -> usize {
        (slot + 1) & (self.slots.len() - 1)
    }

    /// The node after the word `w` of `text` (ASCII case ignored, as the
    /// trie does), when some cue begins with it.
    fn node_after(&self, text: &[u8], w: &Word) -> Option<u32> {
        if !self.keys.may_contain(w.key) {
            return None;
        }
        let mut slot = self.home(w.key);
        loop {
            let first = self
                .words
                .get((self.slots[slot] as usize).checked_sub(1)?)?;
            if first.key == w.key && first.is_at(text, w.start, w.end) {
                return Some(first.node);
            }
            slot = self.next(slot);
        }
    }
}

fn response_kind(name: &str) -> Option<ResponseKind> {
    Some(match name {
        "denial" => ResponseKind::Denial,
        "dismissal" => ResponseKind::Dismissal,
        "counter_accusation" => ResponseKind::CounterAccusation,
        "deflection" => ResponseKind::Deflection,
        "threat" => ResponseKind::Threat,
        "admission" => ResponseKind::Admission,
        "no_comment" => ResponseKind::NoComment,
        _ => return None,
    })
}

impl Lexicon {
    /// Parses and merges lexicon files given as (file name, TOML text).
    pub fn from_sources(files: &[(String, String)]) -> Result<Lexicon, ExtractError> {
        let mut entries: Vec<(String, Tag)> = Vec::new();
        let mut cut = Vec::new();
        let mut skip = Vec::new();
        let mut caption = Vec::new();
        for (file, text) in files {
            let f: LexiconFile = toml::from_str(text).map_err(|source| ExtractError::Toml {
                file: file.clone(),
                source,
            })?;
            let mut add = |list: Vec<String>, tag: Tag| {
                for p in list {
                    entries.push((p, tag));
                }
            };
            if let Some(s) = f.speech {
                add(s.verbs, Tag::Speech);
                add(s.after, Tag::SpeechAfter);
            }
            if let Some(a) = f.accusation {
                add(a.verbs, Tag::AccVerb);
                add(a.attributive, Tag::AccAttributive);
                add(a.nouns, Tag::AccNoun);
                add(a.wrongdoing, Tag::Wrongdoing);
                add(a.agent_markers, Tag::AgentMarker);
                add(a.charge_verbs, Tag::ChargeVerb);
                add(a.sanction_verbs, Tag::SanctionVerb);
            }
            let mut kinds: Vec<(String, CueList)> = f.response.into_iter().collect();
            kinds.sort_by(|a, b| a.0.cmp(&b.0));
            for (name, list) in kinds {
                let kind = response_kind(&name).ok_or_else(|| ExtractError::Lexicon {
                    file: file.clone(),
                    message: format!("unknown response kind [response.{name}]"),
                })?;
                for c in list.cues {
                    match c.strip_prefix('~') {
                        Some(p) => entries.push((p.to_string(), Tag::Response(kind, true))),
                        None => entries.push((c, Tag::Response(kind, false))),
                    }
                }
            }
            if let Some(n) = f.negation {
                for w in n.words {
                    entries.push((w, Tag::Negation));
                }
            }
            for h in f.hedge {
                entries.push((h.phrase, Tag::Hedge(h.level)));
            }
            if let Some(b) = f.boilerplate {
                cut.extend(b.cut);
                skip.extend(b.skip);
                caption.extend(b.caption);
            }
            if let Some(r) = f.roles {
                for t in r.titles {
                    entries.push((t, Tag::Role));
                }
                for t in r.org_heads {
                    entries.push((t, Tag::OrgHead));
                }
                for t in r.group_heads {
                    entries.push((t, Tag::GroupHead));
                }
                for t in r.generic_speakers {
                    entries.push((t, Tag::GenericSpeaker));
                }
            }
        }
        // one pattern per distinct phrase (lowercased), carrying all its tags;
        // apostrophes are written both ways so "don't" matches "don’t".
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (phrase, tag) in entries {
            let p = phrase.trim().to_lowercase();
            if p.is_empty() {
                continue;
            }
            let mut variants = vec![p.clone()];
            if p.contains('\'') {
                variants.push(p.replace('\'', "\u{2019}"));
            }
            for v in variants {
                let i = *index.entry(v.clone()).or_insert_with(|| {
                    patterns.push(Pattern::new(&v));
                    phrases.push(v.clone());
                    phrases.len() - 1
                });
                if !patterns[i].tags.contains(&tag) {
                    patterns[i].tags.push(tag);
                }
            }
        }
        let trie = Trie::new(&phrases);
        let first_words = FirstWords::new(&trie, &phrases);
        Ok(Lexicon {
            boilerplate: Boilerplate::new(&cut, &skip, &caption)?,
            trie,
            first_words,
            patterns,
        })
    }

    /// Every cue in `text` at word boundaries, overlapping ones included (the
    /// stages pick what they need), sorted by start.
    pub fn find(&self, text: &str) -> Vec<CueHit> {
        self.find_in(text, &text::words(text))
    }

    /// [`Lexicon::find`] with the words of `text` already split.
    ///
    /// The hits come out in their final order as they are found, with no
    /// sort: the places a cue may start at (word starts and quote marks,
    /// never the same place, as a quote mark is no letter) are visited in
    /// order, and the cues from one place, which the trie finds shortest
    /// first, are put longest first.
    pub(super) fn find_in(&self, text: &str, words: &[Word]) -> Vec<CueHit> {
        let bytes = text.as_bytes();
        // the few cues at quote marks first, to be merged in by start
        let mut at_quotes = Vec::new();
        for s in cue_quote_starts(text) {
            self.push_cues_at(text, s, 0, s, &mut at_quotes);
        }
        let mut at_quotes = at_quotes.into_iter().peekable();
        let mut out = Vec::new();
        for w in words {
            // A cue starts at a word start, and its first word is the whole
            // word there: a cue ending inside a word is no cue.
            if let Some(node) = self.first_words.node_after(bytes, w) {
                while let Some(h) = at_quotes.next_if(|h| h.start < w.start) {
                    out.push(h);
                }
                self.push_cues_at(text, w.start, node, w.end, &mut out);
            }
        }
        out.extend(at_quotes);
        out
    }

    /// Pushes the cues that start at `start`, longest first, each with all
    /// its tags in order; the text up to `from` led the trie to `node`. The
    /// trie finds them shortest first: each one's tags are pushed backwards,
    /// then all the hits of the place are turned round at once.
    fn push_cues_at(
        &self,
        text: &str,
        start: usize,
        node: u32,
        from: usize,
        out: &mut Vec<CueHit>,
    ) {
        let first = out.len();
        self.trie.walk_on(node, text.as_bytes(), from, |end, p| {
            let pattern = &self.patterns[p];
            if !pattern.ends_in_word || word_ends_at(text, end) {
                out.extend(
                    pattern
                        .tags
                        .iter()
                        .rev()
                        .map(|&tag| CueHit { start, end, tag }),
                );
            }
        });
        out[first..].reverse();
    }
}

/// The built-in lexicon, for the stages' unit tests.
#[cfg(test)]
impl Lexicon {
    pub(super) fn builtin_for_tests() -> Lexicon {
        let files: Vec<(String, String)> = crate::extract::files::BUILTIN_LEXICON
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        match Lexicon::from_sources(&files) {
            Ok(l) => l,
            Err(e) => panic!("builtin lexicon: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let toml = r#"
[speech]
verbs = ["said", "told reporters"]
[accusation]
verbs = ["accused", "u.s.-backed"]
[response.denial]
cues = ["denied", "\"fake news", "don't"]
"#;
        Lexicon::from_sources(&[("t.toml".into(), toml.into())]).expect("lexicon")
    }

    fn spans(l: &Lexicon, text: &str) -> Vec<String> {
        l.find(text)
            .iter()
            .map(|c| text[c.start..c.end].to_string())
            .collect()
    }

    #[test]
    fn cues_are_whole_words_in_any_ascii_case() {
        let l = lexicon();
        assert_eq!(spans(&l, "Moscow DENIED it, he Said"), ["DENIED", "Said"]);
        assert!(spans(&l, "undenied saids deniedly").is_empty());
    }

    #[test]
    fn cues_of_several_words_and_punctuation_are_found() {
        let l = lexicon();
        assert_eq!(
            spans(&l, "He Told Reporters that U.S.-backed forces… We don’t"),
            ["Told Reporters", "U.S.-backed", "don’t"]
        );
    }

    #[test]
    fn a_cue_may_start_at_a_quote_mark() {
        let l = lexicon();
        assert_eq!(spans(&l, "it was \"fake news\""), ["\"fake news"]);
    }

    const ARTICLES: &[&str] = &[
        include_str!("../../tests/corpus/dev/000_c0a993ecbfa666d5.txt"),
        include_str!("../../tests/corpus/dev/uk-blames-russia-notpetya-2018-02-16.txt"),
        include_str!(
            "../../tests/corpus/dev/zakharova-skripal-briefing-insane-allegation-2018-03-15.txt"
        ),
    ];

    fn builtin() -> Lexicon {
        Lexicon::builtin_for_tests()
    }

    /// The plain way [`Lexicon::find_in`] replaces: every match checked by
    /// decoding the text's last character matched and the one after it,
    /// the text scanned byte by byte for quote marks, then all sorted.
    fn find_plain(l: &Lexicon, text: &str) -> Vec<CueHit> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut push = |s: usize, e: usize, p: usize| {
            let last_alnum = text[s..e]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if last_alnum && !is_boundary_after(text, e) {
                return;
            }
            for &tag in &l.patterns[p].tags {
                out.push(CueHit {
                    start: s,
                    end: e,
                    tag,
                });
            }
        };
        for w in text::words(text) {
            if let Some(node) = l.first_words.node_after(bytes, &w) {
                l.trie
                    .walk_on(node, bytes, w.end, |e, p| push(w.start, e, p));
            }
        }
        let marks = text::positions_of(bytes, [b'"', 0xE2])
            .filter_map(|s| Some((s, text::char_at(text, s)?)));
        for (s, c) in marks {
            if c == '"' || c == '\u{201C}' {
                l.trie.walk_on(0, bytes, s, |e, p| push(s, e, p));
            }
        }
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out
    }

    #[test]
    fn hits_come_out_as_a_sort_of_all_matches_would_order_them() {
        let l = builtin();
        let mut texts: Vec<String> = ARTICLES.iter().map(|a| a.to_string()).collect();
        texts.extend([
            "“Fake news” and \"fake news\", said Mr. Peskov; we don’t deny—\
             he DIDN'T deny it, nor did the Kremlin’s spokesman. Отрицал \
             «нет» „no“ accused\u{301} claimsé claims"
                .to_string(),
        ]);
        // every cut of an article's head, so that cues and quote marks meet
        // the text's end
        let head: String = ARTICLES[0].chars().take(400).collect();
        texts.extend(head.char_indices().map(|(i, _)| head[..i].to_string()));
        for t in &texts {
            assert_eq!(l.find(t), find_plain(&l, t), "{t:?}");
        }
        assert!(ARTICLES.iter().all(|a| !l.find(a).is_empty()));
    }

    #[test]
    fn a_word_ends_where_no_letter_or_digit_follows() {
        let t = "said, saidé said2 said\u{301} said";
        for i in 0..=t.len() {
            if t.is_char_boundary(i) {
                assert_eq!(word_ends_at(t, i), is_boundary_after(t, i), "{i}");
            }
        }
    }

    #[test]
    fn first_words_compare_as_eq_ignore_ascii_case_does() {
        let words = [
            "said",
            "SAID",
            "saiD",
            "sai",
            "saidx",
            "counterintelligence",
            "COUNTERINTELLIGENCE",
            "counterintelligencE",
            "counterintelligenc",
            "kremlin’s",
            "KREMLIN’s",
            "état",
            "éTAT",
            "ÉTAT",
            "@",
            "`",
            "[",
            "{",
        ];
        let text = words.join(" ");
        for a in words {
            let first = FirstWord::new(a.as_bytes(), 0);
            let mut start = 0;
            for b in words {
                let want = a.as_bytes().eq_ignore_ascii_case(b.as_bytes());
                let end = start + b.len();
                // within a text, and alone (read to its end)
                assert_eq!(first.is_at(text.as_bytes(), start, end), want, "{a} {b}");
                assert_eq!(first.is_at(b.as_bytes(), 0, b.len()), want, "{a} {b}");
                start = end + 1;
            }
        }
    }

    #[test]
    fn the_first_word_table_answers_as_a_map_of_lower_cased_words_would() {
        let l = builtin();
        // the plain way: each first word, ASCII lower-cased, to its node
        let mut plain: HashMap<Vec<u8>, u32> = HashMap::new();
        for w in &l.first_words.words {
            let word: Vec<u8> = w.eights.iter().flat_map(|e| e.to_le_bytes()).collect();
            plain.insert(word[..w.len].to_vec(), w.node);
        }
        assert!(plain.len() > 100);
        for article in ARTICLES {
            for t in [article.to_string(), article.to_uppercase()] {
                let bytes = t.as_bytes();
                for w in text::words(&t) {
                    let want = plain
                        .get(&bytes[w.start..w.end].to_ascii_lowercase())
                        .copied();
                    assert_eq!(l.first_words.node_after(bytes, &w), want);
                }
            }
        }
    }
}
