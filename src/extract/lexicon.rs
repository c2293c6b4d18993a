//! The cue lexicons (seed-data/lexicon/*.toml): reading and merging the
//! files, and one Aho-Corasick automaton over every cue so a text is scanned
//! once for all of them.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::extract::error::ExtractError;
use crate::extract::model::{HedgeLevel, ResponseKind};
use crate::extract::text::{is_boundary_after, is_boundary_before};

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
    matcher: AhoCorasick,
    tags: Vec<Vec<Tag>>,
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
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            // one unanchored overlapping pass over the text; matches that do
            // not start at a word start (or a quote mark) are dropped
            .start_kind(aho_corasick::StartKind::Unanchored)
            .build(&patterns)
            .map_err(|e| ExtractError::Matcher {
                what: "lexicon",
                message: e.to_string(),
            })?;
        Ok(Lexicon {
            boiler_cut: cut,
            boiler_skip: skip,
            caption_matcher: if caption.is_empty() {
                None
            } else {
                Some(
                    AhoCorasickBuilder::new()
                        .ascii_case_insensitive(true)
                        .build(&caption)
                        .map_err(|e| ExtractError::Matcher {
                            what: "caption markers",
                            message: e.to_string(),
                        })?,
                )
            },
            boiler_caption: caption,
            matcher,
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
        // Every cue starting at a word start (or a quote mark), found by one
        // overlapping search over the whole text.
        let mut matches = Vec::new();
        let mut state = aho_corasick::automaton::OverlappingState::start();
        let input = aho_corasick::Input::new(text);
        loop {
            self.matcher.find_overlapping(input.clone(), &mut state);
            match state.get_match() {
                Some(m) => {
                    let s = m.start();
                    let ok = match text.get(s..).and_then(|x| x.chars().next()) {
                        Some(c) if c.is_alphanumeric() => is_boundary_before(text, s),
                        Some(c) => c == '"' || c == '\u{201C}',
                        None => false,
                    };
                    if ok {
                        matches.push(m);
                    }
                }
                None => break,
            }
        }
        for m in matches {
            let (s, e) = (m.start(), m.end());
            let first_alnum = text[s..e].chars().next().is_some_and(char::is_alphanumeric);
            let last_alnum = text[s..e]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if (first_alnum && !is_boundary_before(text, s))
                || (last_alnum && !is_boundary_after(text, e))
            {
                continue;
            }
            for &tag in &self.tags[m.pattern().as_usize()] {
                out.push(CueHit {
                    start: s,
                    end: e,
                    tag,
                });
            }
        }
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out
    }
}
