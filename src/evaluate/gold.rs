//! The gold-file shape of ANNOTATION.md. The same types serve gold files and
//! predictions, so an extractor's output can be written, read back and scored
//! with no conversion step.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One annotated (or predicted) article: `NAME.gold.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldArticle {
    pub article: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub published: Option<NaiveDate>,
    #[serde(default)]
    pub actors: Vec<GoldActor>,
    #[serde(default)]
    pub statements: Vec<GoldStatement>,
}

/// An actor named in the article: every speaker and target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldActor {
    pub key: String,
    pub name: String,
    #[serde(default = "default_kind")]
    pub kind: String,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

fn default_kind() -> String {
    "unknown".to_string()
}

/// One statement: an accusation or a response of one of the seven kinds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldStatement {
    pub id: String,
    /// `accusation` or one of the response kinds (`denial`, `dismissal`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_speakers: Vec<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub hedge: Option<String>,
    #[serde(default)]
    pub responds_to: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// The response kinds ANNOTATION.md defines, as written in gold files.
pub const RESPONSE_KINDS: [&str; 7] = [
    "denial",
    "dismissal",
    "counter_accusation",
    "deflection",
    "threat",
    "admission",
    "no_comment",
];

/// The two statement classes that detection is scored on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementClass {
    Accusation,
    Response,
}

impl GoldStatement {
    /// The class of a `type` string; `None` for a type the guide does not define.
    pub fn class(&self) -> Option<StatementClass> {
        class_of(&self.kind)
    }
}

/// The class of a gold `type` string.
pub fn class_of(kind: &str) -> Option<StatementClass> {
    if kind == "accusation" {
        Some(StatementClass::Accusation)
    } else if RESPONSE_KINDS.contains(&kind) {
        Some(StatementClass::Response)
    } else {
        None
    }
}

impl GoldArticle {
    /// The actor with this key, if the file defines it.
    pub fn actor(&self, key: &str) -> Option<&GoldActor> {
        self.actors.iter().find(|a| a.key == key)
    }

    /// Checks the references inside the file, so a typo in a hand-written
    /// gold file is reported instead of silently scoring as a wrong speaker.
    pub fn validate(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for s in &self.statements {
            if !seen.insert(s.id.as_str()) {
                return Err(format!("statement {}: duplicate id", s.id));
            }
        }
        for s in &self.statements {
            if s.class().is_none() {
                return Err(format!("statement {}: unknown type '{}'", s.id, s.kind));
            }
            let refs = s
                .speaker
                .iter()
                .map(|k| ("speaker", k))
                .chain(s.co_speakers.iter().map(|k| ("co_speaker", k)))
                .chain(s.target.iter().map(|k| ("target", k)));
            for (role, key) in refs {
                if self.actor(key).is_none() {
                    return Err(format!("statement {}: unknown {role} key '{key}'", s.id));
                }
            }
            for r in &s.responds_to {
                match self.statements.iter().find(|t| &t.id == r) {
                    None => {
                        return Err(format!("statement {}: responds_to unknown id '{r}'", s.id));
                    }
                    // ANNOTATION.md: a response answers accusations, or a
                    // counter-accusation when the original accuser answers it.
                    Some(t) if t.kind != "accusation" && t.kind != "counter_accusation" => {
                        return Err(format!(
                            "statement {}: responds_to '{r}', a {}, which is neither an accusation nor a counter-accusation",
                            s.id, t.kind
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(())
    }
}
