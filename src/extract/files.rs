//! The data files compiled into the binary, and reading an analyst's edited
//! copy from a directory instead.

use std::path::Path;

use crate::extract::error::ExtractError;

/// The seed-data gazetteer files, embedded so the binary works on its own.
/// A file added to seed-data/gazetteer/ must be added here too to be built in
/// (`from_sources` reads every *.toml without this list).
pub const BUILTIN_GAZETTEER: &[(&str, &str)] = &[
    (
        "groups.toml",
        include_str!("../../seed-data/gazetteer/groups.toml"),
    ),
    (
        "institutions.toml",
        include_str!("../../seed-data/gazetteer/institutions.toml"),
    ),
    (
        "international.toml",
        include_str!("../../seed-data/gazetteer/international.toml"),
    ),
    (
        "people.toml",
        include_str!("../../seed-data/gazetteer/people.toml"),
    ),
    (
        "states.toml",
        include_str!("../../seed-data/gazetteer/states.toml"),
    ),
];

/// The seed-data cue lexicons, embedded.
pub const BUILTIN_LEXICON: &[(&str, &str)] = &[
    (
        "accusation.toml",
        include_str!("../../seed-data/lexicon/accusation.toml"),
    ),
    (
        "boilerplate.toml",
        include_str!("../../seed-data/lexicon/boilerplate.toml"),
    ),
    (
        "hedges.toml",
        include_str!("../../seed-data/lexicon/hedges.toml"),
    ),
    (
        "responses.toml",
        include_str!("../../seed-data/lexicon/responses.toml"),
    ),
    (
        "roles.toml",
        include_str!("../../seed-data/lexicon/roles.toml"),
    ),
    (
        "speech.toml",
        include_str!("../../seed-data/lexicon/speech.toml"),
    ),
];

/// Every `*.toml` in `dir`, in name order, as (file name, contents).
pub(super) fn read_toml_dir(dir: &Path) -> Result<Vec<(String, String)>, ExtractError> {
    let io = |source| ExtractError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).map_err(|source| ExtractError::Io {
                path: path.clone(),
                source,
            })?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, text));
        }
    }
    if files.is_empty() {
        return Err(ExtractError::NoFiles {
            path: dir.to_path_buf(),
        });
    }
    files.sort();
    Ok(files)
}
