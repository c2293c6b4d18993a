//! The extractor's input and output types.

use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::extract::gazetteer::ActorKind;

/// One article to extract from.
#[derive(Debug, Clone, Copy)]
pub struct ArticleInput<'a> {
    /// A name for the article (its file name), copied to the output.
    pub name: &'a str,
    /// The text exactly as crawled.
    pub text: &'a str,
    /// The page address; a date in it is a fair publication date.
    pub url: Option<&'a str>,
    /// A title known from elsewhere (a feed); otherwise taken from the text.
    pub title: Option<&'a str>,
    /// A publication date known from elsewhere; it wins over the text's.
    pub published: Option<NaiveDate>,
}

/// Where the publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedSource {
    /// The crawl's ` date YYYY-MM-DD N` first line.
    HeaderLine,
    /// A dateline in the text ("Saturday 18 July 2020 - 00:09", "MOSCOW, December 21.").
    Dateline,
    /// A date in the url (/2019/09/18/).
    Url,
    /// A date in the article's name: its file name (`...-1987-03-22.txt`)
    /// or JSON Lines `id`.
    Name,
    /// Given by the caller.
    Input,
}

/// The seven response kinds of ANNOTATION.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResponseKind {
    Denial,
    Dismissal,
    CounterAccusation,
    Deflection,
    Threat,
    Admission,
    NoComment,
}

impl ResponseKind {
    /// All kinds, in the order the guide lists them.
    pub const ALL: [ResponseKind; 7] = [
        ResponseKind::Denial,
        ResponseKind::Dismissal,
        ResponseKind::CounterAccusation,
        ResponseKind::Deflection,
        ResponseKind::Threat,
        ResponseKind::Admission,
        ResponseKind::NoComment,
    ];

    /// The gold-file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseKind::Denial => "denial",
            ResponseKind::Dismissal => "dismissal",
            ResponseKind::CounterAccusation => "counter_accusation",
            ResponseKind::Deflection => "deflection",
            ResponseKind::Threat => "threat",
            ResponseKind::Admission => "admission",
            ResponseKind::NoComment => "no_comment",
        }
    }
}

/// An accusation or a response of some kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatementKind {
    Accusation,
    Response(ResponseKind),
}

impl StatementKind {
    /// The gold `type` string.
    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::Accusation => "accusation",
            StatementKind::Response(k) => k.as_str(),
        }
    }

    /// Parses a gold `type` string.
    pub fn parse(s: &str) -> Option<StatementKind> {
        if s == "accusation" {
            return Some(StatementKind::Accusation);
        }
        ResponseKind::ALL
            .iter()
            .find(|k| k.as_str() == s)
            .map(|&k| StatementKind::Response(k))
    }

    /// Is this a response of any kind?
    pub fn is_response(self) -> bool {
        matches!(self, StatementKind::Response(_))
    }
}

impl Serialize for StatementKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StatementKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        StatementKind::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown statement type '{s}'")))
    }
}

/// How exactly a statement's date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
}

/// Where a statement's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The text says when ("on Friday", "yesterday", "on March 4").
    Text,
    /// The text says nothing; the publication date stands in.
    Published,
    /// Neither the text nor a publication date is known.
    Unknown,
}

/// How certain an accuser says they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HedgeLevel {
    Low,
    Medium,
    High,
    Certain,
}

/// An actor of the article: from the gazetteer or found by a pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedActor {
    pub key: String,
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    /// The gazetteer entry it resolved to.
    pub gazetteer_key: Option<String>,
    /// The role the article gives ("spokesman", "foreign minister").
    pub role: Option<String>,
    /// The key of another actor of this extraction it speaks for.
    pub affiliated_with: Option<String>,
}

/// Where a statement was found, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence, copied exactly from the input text.
    pub sentence: String,
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
    /// The rule that fired.
    pub rule: String,
    /// 0..=1
    pub confidence: f32,
}

/// An accusation or a response found in the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedStatement {
    pub id: String,
    pub kind: StatementKind,
    pub speaker: Option<String>,
    pub co_speakers: Vec<String>,
    pub target: Option<String>,
    pub subject: Option<String>,
    pub date: Option<NaiveDate>,
    pub date_precision: DatePrecision,
    pub date_source: DateSource,
    pub hedge: Option<String>,
    pub hedge_level: Option<HedgeLevel>,
    pub responds_to: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub article: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub published_source: Option<PublishedSource>,
    /// Byte range of the story body kept after boilerplate removal.
    pub body: Range<usize>,
    pub actors: Vec<ExtractedActor>,
    pub statements: Vec<ExtractedStatement>,
}
