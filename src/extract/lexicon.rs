//! The cue lexicons (seed-data/lexicon/*.toml): reading and merging the
//! files, and one Aho-Corasick automaton over every cue so a text is scanned
//! once for all of them.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use serde::Deserialize;

use crate::extract::error::ExtractError;
use crate::extract::model::{HedgeLevel, ResponseKind};
use crate::extract::text::{self, is_boundary_after};

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
    pub boiler_cut: Vec<String>,
    pub boiler_skip: Vec<String>,
    pub boiler_caption: Vec<String>,
    /// One automaton over the caption markers, so a line is read once.
    caption_matcher: Option<AhoCorasick>,
    trie: Trie,
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
    fn walk(&self, bytes: &[u8], start: usize, mut found: impl FnMut(usize, usize)) {
        let mut node = 0u32;
        for (k, &b) in bytes[start..].iter().enumerate() {
            match self.child(node, b) {
                Some(n) => node = n,
                None => return,
            }
            let p = self.nodes[node as usize].pattern;
            if p != u32::MAX {
                found(start + k + 1, p as usize);
            }
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
                cut.extend(b.cut.into_iter().map(|s| s.to_lowercase()));
                skip.extend(b.skip.into_iter().map(|s| s.to_lowercase()));
                caption.extend(b.caption.into_iter().map(|s| s.to_lowercase()));
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
        Ok(Lexicon {
            boiler_cut: cut,
            boiler_skip: skip,
            caption_matcher: if caption.is_empty() {
                None
            } else {
                Some(
                    AhoCorasickBuilder::new()
                        .ascii_case_insensitive(true)
                        // every line of every article is scanned
                        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                        .build(&caption)
                        .map_err(|e| ExtractError::Matcher {
                            what: "caption markers",
                            message: e.to_string(),
                        })?,
                )
            },
            boiler_caption: caption,
            trie,
            tags,
        })
    }

    /// Where the first photo-caption marker in `line` is, if any.
    pub fn caption_marker(&self, line: &str) -> Option<usize> {
        self.caption_matcher.as_ref()?.find(line).map(|m| m.start())
    }

    /// Every cue in `text` at word boundaries, overlapping ones included (the
    /// stages pick what they need), sorted by start.
    pub fn find(&self, text: &str) -> Vec<CueHit> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        for (s, c, word_start) in text::chars_with_word_starts(text) {
            // a cue starts at a word start, or at an opening quote mark
            if !(word_start || c == '"' || c == '\u{201C}') {
                continue;
            }
            self.trie.walk(bytes, s, |e, pattern| {
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
            });
        }
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out
    }
}
