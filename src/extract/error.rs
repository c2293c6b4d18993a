//! Errors building an extractor: bad data files. Extraction itself never fails.

use std::path::PathBuf;

/// Why an [`crate::extract::Extractor`] could not be built. Each variant names
/// the file (and entry) so an analyst can fix their edited copy.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: invalid TOML: {source}")]
    Toml {
        file: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("gazetteer file {file}: actor '{key}': {message}")]
    Actor {
        file: String,
        key: String,
        message: String,
    },
    #[error("gazetteer: actor key '{key}' is defined in both {first} and {second}")]
    DuplicateKey {
        key: String,
        first: String,
        second: String,
    },
    #[error("lexicon file {file}: {message}")]
    Lexicon { file: String, message: String },
    #[error("{path}: no *.toml files found")]
    NoFiles { path: PathBuf },
    #[error("building the {what} matcher: {message}")]
    Matcher { what: &'static str, message: String },
    #[error(transparent)]
    SentenceModel(#[from] crate::extract::WeightsError),
}
