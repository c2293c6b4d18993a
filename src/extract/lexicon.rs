//! The cue lexicons (seed-data/lexicon/*.toml): reading and merging the
//! files, and one trie over every cue, entered at each word of a text by the
//! word's key, so a text is read once for all of them.

use std::collections::HashMap;

use serde::Deserialize;

use crate::extract::boilerplate::Boilerplate;
use crate::extract::error::ExtractError;
use crate::extract::model::{HedgeLevel, ResponseKind};
use crate::extract::text::{self, Word, WordSet, is_boundary_after};
use rustc_hash::FxHashMap;

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
    tags: Vec<Vec<Tag>>,
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

    /// Calls `found(end, pattern)` for every pattern that `bytes[start..]`
    /// begins with, ASCII case ignored (patterns are lower case), shortest
    /// first.
    fn walk(&self, bytes: &[u8], start: usize, found: impl FnMut(usize, usize)) {
        self.walk_on(0, bytes, start, found);
    }

    /// The walk from `node`, which the bytes before `from` led to: calls
    /// `found` for the pattern ending at `node`, then as [`Trie::walk`].
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
#[derive(Debug, Clone)]
struct FirstWords {
    /// The keys, as a small bit table that rejects most words in one load.
    keys: WordSet,
    by_key: FxHashMap<u64, FirstWord>,
    /// First words whose key another one already has (hardly ever any).
    shared_keys: Vec<(u64, FirstWord)>,
}

#[derive(Debug, Clone)]
struct FirstWord {
    word: Box<[u8]>,
    node: u32,
}

impl FirstWord {
    /// Whether this is `word`, ASCII case ignored as the trie ignores it.
    fn is(&self, word: &[u8]) -> bool {
        self.word.eq_ignore_ascii_case(word)
    }
}

impl FirstWords {
    fn new(trie: &Trie, patterns: &[String]) -> FirstWords {
        let mut keys = WordSet::new();
        let mut by_key: FxHashMap<u64, FirstWord> = FxHashMap::default();
        let mut shared_keys = Vec::new();
        for word in patterns.iter().filter_map(|p| text::first_word(p)) {
            let bytes = word.as_bytes();
            let Some(node) = trie.node_of(bytes) else {
                continue;
            };
            let key = text::word_key(bytes);
            keys.insert(key);
            let entry = FirstWord {
                word: bytes.into(),
                node,
            };
            match by_key.get(&key) {
                None => {
                    by_key.insert(key, entry);
                }
                Some(first) if first.is(bytes) => {}
                Some(_) => {
                    if !shared_keys
                        .iter()
                        .any(|(_, e): &(u64, FirstWord)| e.is(bytes))
                    {
                        shared_keys.push((key, entry));
                    }
                }
            }
        }
        FirstWords {
            keys,
            by_key,
            shared_keys,
        }
    }

    /// The node after `word` (ASCII case ignored, as the trie does), when
    /// some cue begins with it.
    fn node_after(&self, word: &[u8], key: u64) -> Option<u32> {
        if !self.keys.may_contain(key) {
            return None;
        }
        match self.by_key.get(&key) {
            Some(first) if first.is(word) => Some(first.node),
            Some(_) => self
                .shared_keys
                .iter()
                .find(|(k, e)| *k == key && e.is(word))
                .map(|(_, e)| e.node),
            None => None,
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
        let mut patterns: Vec<String> = Vec::new();
        let mut tags: Vec<Vec<Tag>> = Vec::new();
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
                    patterns.push(v.clone());
                    tags.push(Vec::new());
                    patterns.len() - 1
                });
                if !tags[i].contains(&tag) {
                    tags[i].push(tag);
                }
            }
        }
        let trie = Trie::new(&patterns);
        let first_words = FirstWords::new(&trie, &patterns);
        Ok(Lexicon {
            boilerplate: Boilerplate::new(&cut, &skip, &caption)?,
            trie,
            first_words,
            tags,
        })
    }

    /// Every cue in `text` at word boundaries, overlapping ones included (the
    /// stages pick what they need), sorted by start.
    pub fn find(&self, text: &str) -> Vec<CueHit> {
        self.find_in(text, &text::words(text))
    }

    /// [`Lexicon::find`] with the words of `text` already split.
    pub(super) fn find_in(&self, text: &str, words: &[Word]) -> Vec<CueHit> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut push = |s: usize, e: usize, pattern: usize| {
            let last_alnum = text[s..e]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if last_alnum && !is_boundary_after(text, e) {
                return;
            }
            for &tag in &self.tags[pattern] {
                out.push(CueHit {
                    start: s,
                    end: e,
                    tag,
                });
            }
        };
        // A cue starts at a word start, and its first word is the whole
        // word there: a cue ending inside a word is no cue.
        for w in words {
            if let Some(node) = self.first_words.node_after(&bytes[w.start..w.end], w.key) {
                self.trie
                    .walk_on(node, bytes, w.end, |e, p| push(w.start, e, p));
            }
        }
        // ... or at an opening quote mark
        let quote_lead = |b: u8| b == b'"' || b == 0xE2;
        for (s, c) in text::chars_led_by(text, quote_lead) {
            if c == '"' || c == '\u{201C}' {
                self.trie.walk(bytes, s, |e, p| push(s, e, p));
            }
        }
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out
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
}
