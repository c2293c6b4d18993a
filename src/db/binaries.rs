//! Finding the installed PostgreSQL server binaries.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::ClusterError;

/// The programs riposte runs to own a cluster.
const REQUIRED: [&str; 3] = ["initdb", "pg_ctl", "postgres"];

/// A directory holding `initdb`, `pg_ctl` and `postgres`.
#[derive(Debug, Clone)]
pub struct PgBinaries {
    dir: PathBuf,
}

/// Where to look, in order. Kept as data so the search is testable without
/// touching the real machine's PATH.
#[derive(Debug, Clone, Default)]
pub struct PgSearch {
    /// `RIPOSTE_PG_BIN`: when set, the only place looked at.
    pub explicit: Option<PathBuf>,
    /// The `PATH` variable.
    pub path_var: Option<OsString>,
    /// Whether to ask `pg_config --bindir`.
    pub ask_pg_config: bool,
    /// Roots whose `*/bin` subfolders are tried, newest version first
    /// (Debian installs under `/usr/lib/postgresql/<major>/bin`).
    pub versioned_roots: Vec<PathBuf>,
}

impl PgSearch {
    /// The search a user's machine gets: `RIPOSTE_PG_BIN`, then `PATH`, then
    /// `pg_config --bindir`, then `/usr/lib/postgresql/*/bin`.
    pub fn from_environment() -> Self {
        Self {
            explicit: std::env::var_os("RIPOSTE_PG_BIN").map(PathBuf::from),
            path_var: std::env::var_os("PATH"),
            ask_pg_config: true,
            versioned_roots: vec![PathBuf::from("/usr/lib/postgresql")],
        }
    }
}

impl PgBinaries {
    pub fn locate(search: &PgSearch) -> Result<Self, ClusterError> {
        if let Some(dir) = &search.explicit {
            return if has_all(dir) {
                Ok(Self { dir: dir.clone() })
            } else {
                Err(ClusterError::BinariesNotFound {
                    looked_in: format!("RIPOSTE_PG_BIN={}", dir.display()),
                })
            };
        }
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(path) = &search.path_var {
            for dir in std::env::split_paths(path) {
                let initdb = dir.join("initdb");
                if initdb.is_file() {
                    // /usr/local/bin/initdb is often a link into the real
                    // bin folder, where pg_ctl and postgres also live.
                    let real = std::fs::canonicalize(&initdb).unwrap_or(initdb);
                    if let Some(parent) = real.parent() {
                        candidates.push(parent.to_path_buf());
                    }
                    candidates.push(dir);
                }
            }
        }
        if search.ask_pg_config
            && let Ok(out) = Command::new("pg_config").arg("--bindir").output()
            && out.status.success()
        {
            let dir = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            if !dir.is_empty() {
                candidates.push(PathBuf::from(dir));
            }
        }
        for root in &search.versioned_roots {
            candidates.extend(versioned_bin_dirs(root));
        }
        candidates
            .into_iter()
            .find(|dir| has_all(dir))
            .map(|dir| Self { dir })
            .ok_or_else(|| ClusterError::BinariesNotFound {
                looked_in: "PATH, `pg_config --bindir` and /usr/lib/postgresql/*/bin".into(),
            })
    }

    pub fn program(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn has_all(dir: &Path) -> bool {
    REQUIRED.iter().all(|p| dir.join(p).is_file())
}

/// `root/<major>/bin` folders, highest major version first.
fn versioned_bin_dirs(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut versions: Vec<(u32, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let major = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((major, e.path().join("bin")))
        })
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.0));
    versions.into_iter().map(|(_, dir)| dir).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_search_names_what_to_install() {
        let err = PgBinaries::locate(&PgSearch::default()).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("install PostgreSQL"), "{message}");
        assert!(message.contains("DATABASE_URL"), "{message}");
    }

    #[test]
    fn an_explicit_folder_without_initdb_is_refused() {
        let search = PgSearch {
            explicit: Some(PathBuf::from("/nonexistent/bin")),
            ..PgSearch::default()
        };
        let message = PgBinaries::locate(&search).unwrap_err().to_string();
        assert!(message.contains("/nonexistent/bin"), "{message}");
    }

    #[test]
    fn versioned_folders_are_tried_newest_first() {
        let root = tempfile::tempdir().unwrap();
        for v in ["9", "15", "13"] {
            std::fs::create_dir_all(root.path().join(v).join("bin")).unwrap();
        }
        let dirs = versioned_bin_dirs(root.path());
        let majors: Vec<_> = dirs
            .iter()
            .map(|d| d.parent().unwrap().file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(majors, ["15", "13", "9"]);
    }
}
