//! The boilerplate lists of the lexicon (boilerplate.toml), indexed for the
//! parse stage, which asks about every line of every article: does the line
//! end the story, is it dropped where it stands, is it a photo caption.
//!
//! Every question is asked of a line already lower-cased (and with curly
//! apostrophes straightened) by the parse stage, and the lists are stored
//! lower-cased, so plain byte comparison is the case-insensitive one.

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashSet;

use crate::extract::error::ExtractError;

/// A story-end header may be followed by more words only when it is this
/// long: "related" alone must not cut "Related matters were discussed".
const CUT_PREFIX_MIN: usize = 12;

/// The indexed boilerplate lists.
#[derive(Debug, Clone)]
pub(super) struct Boilerplate {
    /// Lines that end the story when they are the whole line.
    cut_exact: FxHashSet<String>,
    /// The long ones, which end it also when they begin the line.
    cut_prefixes: Vec<String>,
    /// Lines starting with one of these (as whole words) are dropped.
    skip: Vec<String>,
    /// The first bytes of `skip`: most lines begin with none of them.
    skip_first: [bool; 256],
    /// One automaton over the caption markers, so a line is read once.
    caption: Option<AhoCorasick>,
}

impl Boilerplate {
    /// Indexes the lists (any case) as read from the lexicon files.
    pub(super) fn new(
        cut: &[String],
        skip: &[String],
        caption: &[String],
    ) -> Result<Boilerplate, ExtractError> {
        let lower = |list: &[String]| -> Vec<String> {
            list.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>()
        };
        let (cut, skip, caption) = (lower(cut), lower(skip), lower(caption));
        let mut skip_first = [false; 256];
        for s in &skip {
            if let Some(&b) = s.as_bytes().first() {
                skip_first[usize::from(b)] = true;
            }
        }
        Ok(Boilerplate {
            cut_prefixes: cut
                .iter()
                .filter(|c| c.len() >= CUT_PREFIX_MIN)
                .cloned()
                .collect(),
            cut_exact: cut.into_iter().collect(),
            skip,
            skip_first,
            caption: if caption.is_empty() {
                None
            } else {
                // Lines arrive lower-cased, so the automaton can be case
                // sensitive; leftmost semantics find the first marker and
                // let it use a fast literal search.
                Some(
                    AhoCorasick::builder()
                        .match_kind(MatchKind::LeftmostFirst)
                        .build(&caption)
                        .map_err(|e| ExtractError::Matcher {
                            what: "caption markers",
                            message: e.to_string(),
                        })?,
                )
            },
        })
    }

    /// The line (lower case) is a header after which the story is over.
    pub(super) fn ends_story(&self, line: &str) -> bool {
        self.cut_exact.contains(line) || self.cut_prefixes.iter().any(|c| line.starts_with(c))
    }

    /// The line (lower case) begins with a phrase that marks it as no part
    /// of the story ("story code", "advertisement", "by ").
    pub(super) fn is_skipped(&self, line: &str) -> bool {
        let Some(&first) = line.as_bytes().first() else {
            return false;
        };
        self.skip_first[usize::from(first)] && self.skip.iter().any(|p| starts_with_word(line, p))
    }

    /// Where the first photo-caption marker in the line (lower case) is.
    pub(super) fn caption_marker(&self, line: &str) -> Option<usize> {
        self.caption.as_ref()?.find(line).map(|m| m.start())
    }
}

/// `line` begins with `phrase`, and the phrase ends a word there (or ends
/// in a mark, as "by " and "photo:" do).
fn starts_with_word(line: &str, phrase: &str) -> bool {
    line.starts_with(phrase)
        && (phrase.ends_with(|c: char| !c.is_alphanumeric())
            || line[phrase.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> Boilerplate {
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        match Boilerplate::new(
            &v(&["Related", "More Must-Reads"]),
            &v(&["story code", "by "]),
            &v(&["Getty Images", "(photo"]),
        ) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn short_headers_end_the_story_only_as_the_whole_line() {
        let b = lists();
        assert!(b.ends_story("related"));
        assert!(!b.ends_story("related matters were discussed"));
        assert!(b.ends_story("more must-reads"));
        assert!(b.ends_story("more must-reads from time"));
    }

    #[test]
    fn skipped_lines_begin_with_a_whole_phrase() {
        let b = lists();
        assert!(b.is_skipped("story code : 875090"));
        assert!(!b.is_skipped("story coder"));
        assert!(b.is_skipped("by john smith"));
        assert!(!b.is_skipped("bypassing the rules"));
        assert!(!b.is_skipped(""));
    }

    #[test]
    fn caption_markers_are_found_anywhere_in_the_line() {
        let b = lists();
        assert_eq!(b.caption_marker("putin in 2019. getty images"), Some(15));
        assert_eq!(b.caption_marker("no marker here"), None);
    }
}
