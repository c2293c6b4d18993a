//! The rule-based extractor: news article text in, linked accusation and
//! response records out. One ordered pipeline of small stages:
//!
//! 1. [`parse`]: header line, datelines, url date, title, body without boilerplate
//! 2. [`sentences`]: sentence splitting on an abbreviation list
//! 3. gazetteer and cue matching (the body's words split once; names and
//!    cues looked up by the word they begin with)
//! 4. [`mentions`]: actor mentions and coreference
//! 5. [`quotes`]: quotations and their speakers
//! 6. [`acts`]: speech acts in grammatical frames, hedges
//! 7. [`dates`]: each statement's date against the publication date
//! 8. [`link`]: responses to the accusations they answer
//! 9. assembly ([`assemble`]): merging repeats, evidence with offsets
//!
//! Extraction is pure and deterministic; it stops early only when a
//! [`Budget`] (a time limit, a cancelled request) says so.

mod acts;
mod assemble;
mod boilerplate;
pub mod budget;
mod dates;
mod doc;
mod error;
mod files;
mod gazetteer;
mod lexicon;
mod link;
mod mentions;
mod model;
mod parse;
mod quotes;
mod sentence_model;
mod sentences;
pub mod tagger;
mod text;

#[cfg(test)]
mod tests;

use std::path::Path;

pub use budget::{Budget, Stopped};

pub use error::ExtractError;
pub use files::{BUILTIN_GAZETTEER, BUILTIN_LEXICON};
pub use gazetteer::{ActorKind, Gazetteer, GazetteerActor, GazetteerAffiliation};
pub use lexicon::Lexicon;
pub use model::{
    ArticleInput, DatePrecision, DateSource, Evidence, ExtractedActor, ExtractedStatement,
    Extraction, HedgeLevel, PublishedSource, ResponseKind, StatementKind,
};
pub(crate) use sentence_model::Logistic;
pub use sentence_model::{Example, TrainConfig};
pub use sentence_model::{SentenceFeatures, SentenceModel, Thresholds, WeightsError};

/// Stored with every record's evidence, so records can be traced to the
/// rules that made them.
pub const EXTRACTOR_VERSION: &str = concat!("riposte-rules/", env!("CARGO_PKG_VERSION"), "+r1");

/// Words before a speech word that make it a noun ("media reports").
const NOUN_CONTEXT: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "these",
    "those",
    "such",
    "media",
    "new",
    "latest",
    "its",
    "their",
    "his",
    "her",
    "any",
    "all",
    "similar",
    "numerous",
    "some",
    "many",
    "press",
    "news",
    "unconfirmed",
    "earlier",
    "recent",
    "previous",
    "our",
    "your",
    "my",
    "whose",
    "and",
];

/// The extractor: gazetteer and lexicons with their indexes, built once and
/// shared across threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    /// The sentence model; `None` runs the rules alone.
    sentence_model: Option<SentenceModel>,
}

fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

impl Extractor {
    /// The extractor with the seed-data gazetteer and lexicons compiled in.
    pub fn builtin() -> Result<Extractor, ExtractError> {
        Ok(Extractor {
            gazetteer: Gazetteer::from_sources(&owned(BUILTIN_GAZETTEER))?,
            lexicon: Lexicon::from_sources(&owned(BUILTIN_LEXICON))?,
            sentence_model: Some(SentenceModel::builtin()?),
        })
    }

    /// The extractor with every *.toml of the given directories (an
    /// analyst's edited copy of seed-data), each part not given built in.
    pub fn from_sources(
        gazetteer: Option<&Path>,
        lexicon: Option<&Path>,
    ) -> Result<Extractor, ExtractError> {
        let gazetteer = match gazetteer {
            Some(dir) => files::read_toml_dir(dir)?,
            None => owned(BUILTIN_GAZETTEER),
        };
        let lexicon = match lexicon {
            Some(dir) => files::read_toml_dir(dir)?,
            None => owned(BUILTIN_LEXICON),
        };
        Ok(Extractor {
            gazetteer: Gazetteer::from_sources(&gazetteer)?,
            lexicon: Lexicon::from_sources(&lexicon)?,
            sentence_model: Some(SentenceModel::builtin()?),
        })
    }

    /// Builds from already-loaded parts.
    pub fn from_parts(gazetteer: Gazetteer, lexicon: Lexicon) -> Extractor {
        Extractor {
            gazetteer,
            lexicon,
            sentence_model: None,
        }
    }

    /// Sets the sentence model's thresholds (no effect without a model).
    pub fn set_thresholds(&mut self, accusation: Thresholds, response: Thresholds) {
        if let Some(m) = self.sentence_model.as_mut() {
            m.accusation = accusation;
            m.response = response;
        }
    }

    /// The same extractor with another sentence model, or the rules alone
    /// (`None`): cross-validation swaps in a model per fold.
    pub fn with_sentence_model(mut self, model: Option<SentenceModel>) -> Extractor {
        self.sentence_model = model;
        self
    }

    /// The actors the extractor knows (the importer loads them).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Extracts the accusations and responses of one article.
    pub fn extract(&self, input: &ArticleInput<'_>) -> Extraction {
        match self.extract_within(input, &Budget::unlimited()) {
            Ok(x) => x,
            // an unlimited budget never stops; were it to, nothing is found
            Err(_) => Extraction::empty(input),
        }
    }

    /// Extracts the accusations and responses of one article, giving up
    /// once `budget` is spent or cancelled: the article's failure, reported
    /// by its caller, while the rest of a batch carries on.
    pub fn extract_within(
        &self,
        input: &ArticleInput<'_>,
        budget: &Budget,
    ) -> Result<Extraction, Stopped> {
        let parsed = parse::parse(input, &self.lexicon);
        budget.check()?;
        let mut actors = Vec::new();
        let mut statements = Vec::new();
        if let Some(d) = self.analyse(input.text, &parsed, false, budget) {
            budget.check()?;
            let raws = acts::find_within(&d, budget);
            budget.check()?;
            if tracing::enabled!(tracing::Level::DEBUG) {
                trace_unread_answers(&d, &raws);
            }
            let raws = match &self.sentence_model {
                Some(model) => model.revise(&d, raws),
                None => raws,
            };
            (actors, statements) = assemble::assemble(&d, raws, parsed.published, &self.gazetteer);
        }
        budget.check()?;
        Ok(Extraction {
            article: input.name.to_string(),
            url: input.url.map(str::to_string),
            title: parsed.title,
            published: parsed.published,
            published_source: parsed.published_source,
            body: parsed.body,
            actors,
            statements,
        })
    }

    /// Every body sentence of an article with the sentence model's features,
    /// for training it (`riposte train sentences`). Empty without a model.
    pub fn sentence_features(&self, input: &ArticleInput<'_>) -> Vec<SentenceFeatures> {
        let Some(model) = &self.sentence_model else {
            return Vec::new();
        };
        let parsed = parse::parse(input, &self.lexicon);
        match self.analyse(input.text, &parsed, true, &Budget::unlimited()) {
            Some(d) => model.features(&d, &acts::find(&d)),
            None => Vec::new(),
        }
    }

    /// The analysed document of a parsed article: sentences, cues, actors
    /// and their mentions, quotations with their speakers. `None` when the
    /// body holds no accusation or response cue at all (most news), unless
    /// `always` asks for it anyway.
    fn analyse<'t>(
        &self,
        text: &'t str,
        parsed: &parse::Parsed,
        always: bool,
        budget: &Budget,
    ) -> Option<doc::Doc<'t>> {
        // scan the kept body once for cues and names
        let (bs, be) = (
            parsed.body.start.min(text.len()),
            parsed
                .body
                .end
                .min(text.len())
                .max(parsed.body.start.min(text.len())),
        );
        let body = text.get(bs..be).unwrap_or("");
        let shift = |v: &mut usize| *v += bs;
        // cues and names begin at word starts: the words are split once
        let words = text::words(body);
        let mut cues = self.lexicon.find_in(body, &words);
        for c in cues.iter_mut() {
            shift(&mut c.start);
            shift(&mut c.end);
        }
        // "media reports", "of claims": a speech word used as a noun is no verb
        // (the list is lower-case ASCII: a case-blind compare, no copy)
        cues.retain(|c| {
            c.tag != lexicon::Tag::Speech || {
                let prev = mentions::prev_word(text, c.start);
                !NOUN_CONTEXT.iter().any(|w| prev.eq_ignore_ascii_case(w))
            }
        });
        // Without any accusation or response cue nothing can be found: skip
        // the costly stages (most news is not about accusations).
        let relevant = cues.iter().any(|c| {
            matches!(
                c.tag,
                lexicon::Tag::AccVerb
                    | lexicon::Tag::ChargeVerb
                    | lexicon::Tag::SanctionVerb
                    | lexicon::Tag::AccAttributive
                    | lexicon::Tag::AccNoun
                    | lexicon::Tag::Wrongdoing
                    | lexicon::Tag::Response(_, _)
            )
        });
        if !relevant && !always {
            return None;
        }
        let sents = sentences::split(text, &parsed.paragraphs);
        let mut hits = self.gazetteer.find_in(body, &words);
        for h in hits.iter_mut() {
            shift(&mut h.start);
            shift(&mut h.end);
        }
        // keep only what lies inside sentences
        let sent_cues = doc::Doc::bucket(&sents, &cues, |c| c.start);
        let body_words = mentions::BodyWords {
            text: body,
            start: bs,
            words: &words,
        };
        let found = mentions::detect(
            text,
            &body_words,
            &sents,
            &self.gazetteer,
            &hits,
            mentions::SentenceCues {
                cues: &cues,
                ranges: &sent_cues,
            },
            budget,
        );
        let sent_mentions = doc::Doc::bucket(&sents, &found.mentions, |m| m.start);
        let memo = link::SentenceMemo::new(sents.len());
        let mut d = doc::Doc {
            text,
            sentences: sents,
            cues,
            sent_cues,
            actors: found.actors,
            mentions: found.mentions,
            sent_mentions,
            quotes: quotes::find(text, &parsed.paragraphs),
            narrator: Vec::new(),
            memo,
        };
        quotes::attribute(&mut d, &parsed.paragraphs);
        quotes::narrators(&mut d);
        Some(d)
    }
}

/// Logs (at debug level) each sentence with an answer cue that no frame
/// read as an answer: where recall is lost before assembly.
fn trace_unread_answers(d: &doc::Doc<'_>, raws: &[acts::Raw]) {
    for si in 0..d.sentences.len() {
        let cue = d
            .cues_of(si)
            .iter()
            .any(|c| matches!(c.tag, lexicon::Tag::Response(_, _)));
        let read = raws
            .iter()
            .any(|r| r.sentence == si && r.kind != model::StatementKind::Accusation);
        if cue && !read {
            tracing::debug!(
                sentence = d.sentence_text(si),
                "answer cue read by no frame"
            );
        }
    }
}

impl Extraction {
    /// Nothing found in `input`.
    fn empty(input: &ArticleInput<'_>) -> Extraction {
        Extraction {
            article: input.name.to_string(),
            url: input.url.map(str::to_string),
            title: None,
            published: None,
            published_source: None,
            body: 0..0,
            actors: Vec::new(),
            statements: Vec::new(),
        }
    }

    /// The gold-file shape (ANNOTATION.md) for `riposte extract`: the date is
    /// null unless the text gave the day.
    pub fn to_gold(&self) -> crate::evaluate::GoldArticle {
        use crate::evaluate::{GoldActor, GoldArticle, GoldStatement};
        GoldArticle {
            article: self.article.clone(),
            url: self.url.clone(),
            published: self.published,
            actors: self
                .actors
                .iter()
                .map(|a| GoldActor {
                    key: a.key.clone(),
                    name: a.name.clone(),
                    kind: a.kind.as_str().to_string(),
                    country: a.country.clone(),
                    aliases: a.aliases.clone(),
                })
                .collect(),
            statements: self
                .statements
                .iter()
                .map(|s| GoldStatement {
                    id: s.id.clone(),
                    kind: s.kind.as_str().to_string(),
                    speaker: s.speaker.clone(),
                    co_speakers: s.co_speakers.clone(),
                    target: s.target.clone(),
                    subject: s.subject.clone(),
                    date: if s.date_source == DateSource::Text
                        && s.date_precision == DatePrecision::Day
                    {
                        s.date
                    } else {
                        None
                    },
                    hedge: s.hedge.clone(),
                    responds_to: s.responds_to.clone(),
                    evidence: s.evidence.iter().map(|e| e.sentence.clone()).collect(),
                })
                .collect(),
        }
    }
}
