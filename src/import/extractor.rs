//! Where the extractor's knowledge comes from: the gazetteer, the lexicons
//! and the sentence model are each built into the binary, and each may be
//! replaced on its own by an analyst's edited copy.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::extract::{Extractor, SentenceModel};

/// The sentence model to run beside the rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SentenceModelSource {
    /// The weights compiled into the binary.
    #[default]
    Builtin,
    /// The rules alone.
    Off,
    /// A weights file written by `riposte train sentences`.
    File(PathBuf),
}

impl SentenceModelSource {
    /// `off` for the rules alone, anything else a weights file.
    pub fn parse(value: &str) -> SentenceModelSource {
        if value == "off" {
            SentenceModelSource::Off
        } else {
            SentenceModelSource::File(PathBuf::from(value))
        }
    }
}

/// The extractor's configuration: each part not given is the built-in one
/// (never a folder relative to where riposte happens to run).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtractorSource {
    /// A folder of gazetteer *.toml files in place of the built-in ones.
    pub gazetteer_dir: Option<PathBuf>,
    /// A folder of lexicon *.toml files in place of the built-in ones.
    pub lexicon_dir: Option<PathBuf>,
    pub sentence_model: SentenceModelSource,
}

impl ExtractorSource {
    /// Builds the extractor, naming the folder or file at fault on error.
    pub fn build(&self) -> anyhow::Result<Extractor> {
        let extractor =
            Extractor::from_sources(self.gazetteer_dir.as_deref(), self.lexicon_dir.as_deref())
                .with_context(|| self.describe())?;
        Ok(match &self.sentence_model {
            SentenceModelSource::Builtin => extractor,
            SentenceModelSource::Off => extractor.with_sentence_model(None),
            SentenceModelSource::File(path) => {
                extractor.with_sentence_model(Some(read_sentence_model(path)?))
            }
        })
    }

    /// "gazetteer from DIR, lexicons built in": what was being loaded.
    fn describe(&self) -> String {
        let part = |what: &str, dir: &Option<PathBuf>| match dir {
            Some(d) => format!("{what} from {}", d.display()),
            None => format!("{what} built in"),
        };
        format!(
            "loading the extractor ({}, {})",
            part("gazetteer", &self.gazetteer_dir),
            part("lexicons", &self.lexicon_dir)
        )
    }
}

fn read_sentence_model(path: &Path) -> anyhow::Result<SentenceModel> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the sentence model {}", path.display()))?;
    SentenceModel::from_weights(&text).with_context(|| format!("sentence model {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_is_the_rules_alone_and_anything_else_a_file() {
        assert_eq!(SentenceModelSource::parse("off"), SentenceModelSource::Off);
        assert_eq!(
            SentenceModelSource::parse("w.tsv"),
            SentenceModelSource::File(PathBuf::from("w.tsv"))
        );
    }

    #[test]
    fn a_missing_folder_is_named_in_the_error() {
        let source = ExtractorSource {
            lexicon_dir: Some(PathBuf::from("/nonexistent/lexicon")),
            ..ExtractorSource::default()
        };
        let err = source
            .build()
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(err.contains("/nonexistent/lexicon"), "{err}");
    }
}
