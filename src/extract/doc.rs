//! The working state of one extraction, shared by the stages after parsing:
//! sentences, cue hits, actors and their mentions, quotations.

use std::ops::Range;

use crate::extract::gazetteer::ActorKind;
use crate::extract::lexicon::CueHit;
use crate::extract::sentences::Sentence;

/// An actor of this article.
#[derive(Debug, Clone)]
pub(super) struct DocActor {
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    pub gazetteer: Option<usize>,
    pub roles: Vec<String>,
    pub affiliated: Option<usize>,
}

/// How a mention names its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MentionForm {
    /// A name, alias or descriptive phrase.
    Name,
    /// A pronoun or a definite description resolved by coreference.
    Coref,
}

/// One place the article names an actor.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mention {
    pub start: usize,
    pub end: usize,
    pub actor: usize,
    /// Followed by "'s": "London's claims" names an owner, not a subject.
    pub possessive: bool,
    /// Preceded by a preposition ("in London", "to Russia").
    pub prep: bool,
    /// Inside a (long) quotation.
    pub quoted: bool,
}

/// A quotation with the actor it is attributed to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Quote {
    /// Byte range including the quote marks.
    pub start: usize,
    pub end: usize,
    pub speaker: Option<usize>,
    /// Index of the sentence holding the attribution.
    pub attribution: Option<usize>,
}

/// The working document.
#[derive(Debug)]
pub(super) struct Doc<'t> {
    pub text: &'t str,
    pub sentences: Vec<Sentence>,
    pub cues: Vec<CueHit>,
    /// Per sentence, its range in `cues`.
    pub sent_cues: Vec<Range<usize>>,
    pub actors: Vec<DocActor>,
    pub mentions: Vec<Mention>,
    /// Per sentence, its range in `mentions`.
    pub sent_mentions: Vec<Range<usize>>,
    /// In text order and disjoint (paragraph by paragraph, each closed
    /// before the next opens), so the one holding a position is found by
    /// binary search.
    pub quotes: Vec<Quote>,
    /// Per sentence: the speaker of a transcript paragraph ("Maria Zakharova: ...").
    pub narrator: Vec<Option<usize>>,
    /// Per sentence facts for linking, computed on first use.
    pub memo: crate::extract::link::SentenceMemo,
}

impl Doc<'_> {
    /// The cues of a sentence.
    pub(super) fn cues_of(&self, s: usize) -> &[CueHit] {
        self.sent_cues
            .get(s)
            .and_then(|r| self.cues.get(r.clone()))
            .unwrap_or(&[])
    }

    /// The mentions of a sentence.
    pub(super) fn mentions_of(&self, s: usize) -> &[Mention] {
        self.sent_mentions
            .get(s)
            .and_then(|r| self.mentions.get(r.clone()))
            .unwrap_or(&[])
    }

    /// The text of a sentence.
    pub(super) fn sentence_text(&self, s: usize) -> &str {
        self.sentences
            .get(s)
            .and_then(|x| self.text.get(x.start..x.end))
            .unwrap_or("")
    }

    /// The quotation containing byte `pos`, if any.
    pub(super) fn quote_at(&self, pos: usize) -> Option<&Quote> {
        // ordered and disjoint: only the last quote starting before `pos`
        // can hold it
        let k = self.quotes.partition_point(|q| q.start < pos);
        self.quotes[..k].last().filter(|q| pos < q.end)
    }

    /// Whether two actors are on the same side: the same actor, the same
    /// country, or one affiliated with the other.
    pub(super) fn same_side(&self, a: usize, b: usize) -> bool {
        if a == b {
            return true;
        }
        let (Some(x), Some(y)) = (self.actors.get(a), self.actors.get(b)) else {
            return false;
        };
        if x.affiliated == Some(b) || y.affiliated == Some(a) {
            return true;
        }
        matches!((&x.country, &y.country), (Some(c), Some(d)) if c == d)
    }

    /// Ranges of items per sentence, for items sorted by start.
    pub(super) fn bucket<T>(
        sentences: &[Sentence],
        items: &[T],
        start: impl Fn(&T) -> usize,
    ) -> Vec<Range<usize>> {
        let mut out = Vec::with_capacity(sentences.len());
        let mut i = 0;
        for s in sentences {
            while i < items.len() && start(&items[i]) < s.start {
                i += 1;
            }
            let b = i;
            while i < items.len() && start(&items[i]) < s.end {
                i += 1;
            }
            out.push(b..i);
        }
        out
    }
}
