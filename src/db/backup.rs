//! Backups of riposte's database: `pg_dump`'s custom format out, and back
//! in through one transaction, refusing a dump whose schema is newer than
//! this riposte's (its migrations are in the dump, in `_sqlx_migrations`).
//! The work is PostgreSQL's own tools'; riposte checks what they cannot.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::binaries::PgBinaries;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("running {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("{program} failed ({status}): {stderr}")]
    Failed {
        program: String,
        status: std::process::ExitStatus,
        stderr: String,
    },
    #[error("{path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a dump riposte can read: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{0} is not a riposte dump: it holds no schema migrations")]
    NotRiposte(PathBuf),
    #[error(
        "{path} was made by a newer riposte (schema migration {version} is unknown to this one, \
         whose newest is {newest}): restore it with that riposte or a later one"
    )]
    Newer {
        path: PathBuf,
        version: i64,
        newest: i64,
    },
}

/// How the PostgreSQL tools reach the database: libpq arguments
/// (`-d URL`, or a socket folder, user and database name).
#[derive(Debug, Clone)]
pub struct PgConnection(pub Vec<String>);

/// Runs `program`, returning its standard output, or its error output as
/// the error when it fails.
fn run(mut cmd: Command) -> Result<Vec<u8>, BackupError> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|source| BackupError::Spawn {
            program: program.clone(),
            source,
        })?;
    if !out.status.success() {
        return Err(BackupError::Failed {
            program,
            status: out.status,
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(out.stdout)
}

/// Writes the database to `path` in pg_dump's custom format. The file
/// appears whole or not at all: it is written beside and renamed.
pub fn dump(bin: &PgBinaries, conn: &PgConnection, path: &Path) -> Result<(), BackupError> {
    let partial = partial_path(path);
    let mut cmd = Command::new(bin.program("pg_dump"));
    cmd.args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
        .arg(&partial)
        .args(&conn.0);
    if let Err(e) = run(cmd) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, path).map_err(|source| BackupError::File {
        path: path.to_owned(),
        source,
    })
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".partial");
    path.with_file_name(name)
}

/// The schema migrations a dump holds (their version numbers).
pub fn dump_versions(bin: &PgBinaries, path: &Path) -> Result<Vec<i64>, BackupError> {
    if !path.is_file() {
        return Err(BackupError::File {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    let mut cmd = Command::new(bin.program("pg_restore"));
    cmd.args(["--data-only", "--table=_sqlx_migrations", "--file=-"])
        .arg(path);
    let script = run(cmd).map_err(|e| match e {
        BackupError::Failed { stderr, .. } => BackupError::Unreadable {
            path: path.to_owned(),
            reason: stderr,
        },
        other => other,
    })?;
    Ok(copied_versions(&String::from_utf8_lossy(&script)))
}

/// The first column of the rows a `COPY ... _sqlx_migrations ... FROM
/// stdin;` block of a SQL script holds.
fn copied_versions(script: &str) -> Vec<i64> {
    let mut versions = Vec::new();
    let mut inside = false;
    for line in script.lines() {
        if inside {
            if line == "\\." {
                inside = false;
            } else if let Some(v) = line.split('\t').next().and_then(|v| v.parse().ok()) {
                versions.push(v);
            }
        } else if line.starts_with("COPY ") && line.contains("_sqlx_migrations") {
            inside = true;
        }
    }
    versions
}

/// Refuses a dump whose schema this riposte does not know: a migration
/// newer than its own. An older dump is fine (restoring migrates it).
pub fn check_versions(path: &Path, dump: &[i64], known: &[i64]) -> Result<(), BackupError> {
    if dump.is_empty() {
        return Err(BackupError::NotRiposte(path.to_owned()));
    }
    let newest = known.iter().copied().max().unwrap_or(0);
    match dump.iter().find(|v| !known.contains(v)) {
        Some(&version) => Err(BackupError::Newer {
            path: path.to_owned(),
            version,
            newest,
        }),
        None => Ok(()),
    }
}

/// Replaces the database's contents with the dump's, in one transaction:
/// on any error nothing changes. (`pg_restore` writes the dump as SQL,
/// which `psql` runs after emptying the schema.)
pub fn restore(bin: &PgBinaries, conn: &PgConnection, path: &Path) -> Result<(), BackupError> {
    let spawn_error = |program: &str| {
        let program = program.to_owned();
        move |source| BackupError::Spawn { program, source }
    };
    let mut script = Command::new(bin.program("pg_restore"))
        .args(["--no-owner", "--no-privileges", "--file=-"])
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_error("pg_restore"))?;
    let mut psql = Command::new(bin.program("psql"))
        .args([
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            "--file=-",
        ])
        .args(&conn.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_error("psql"))?;
    let fed = {
        let (Some(mut into), Some(out)) = (psql.stdin.take(), script.stdout.take()) else {
            unreachable!("both pipes were asked for");
        };
        let mut out = BufReader::new(out);
        let result = into
            .write_all(b"drop schema if exists public cascade;\ncreate schema public;\n")
            .and_then(|()| {
                // line by line, so a psql that stopped at an error ends the copy
                let mut line = Vec::new();
                while out.read_until(b'\n', &mut line)? > 0 {
                    into.write_all(&line)?;
                    line.clear();
                }
                Ok(())
            });
        drop(into);
        result
    };
    let script_out = script
        .wait_with_output()
        .map_err(spawn_error("pg_restore"))?;
    let psql_out = psql.wait_with_output().map_err(spawn_error("psql"))?;
    if !script_out.status.success() {
        return Err(BackupError::Failed {
            program: "pg_restore".to_owned(),
            status: script_out.status,
            stderr: String::from_utf8_lossy(&script_out.stderr)
                .trim()
                .to_owned(),
        });
    }
    if !psql_out.status.success() {
        return Err(BackupError::Failed {
            program: "psql".to_owned(),
            status: psql_out.status,
            stderr: String::from_utf8_lossy(&psql_out.stderr).trim().to_owned(),
        });
    }
    fed.map_err(|source| BackupError::File {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_versions_are_read_from_the_copy_block_only() {
        let script = "SET x = 1;\nCOPY public._sqlx_migrations (version, description) FROM stdin;\n1\tschema\n2\tindexes\n\\.\n\nSELECT 3;\n";
        assert_eq!(copied_versions(script), vec![1, 2]);
    }

    #[test]
    fn a_dump_newer_than_this_riposte_is_refused_and_an_older_one_is_not() {
        let p = Path::new("x.dump");
        assert!(check_versions(p, &[1, 2], &[1, 2, 3]).is_ok());
        let newer = check_versions(p, &[1, 2, 9], &[1, 2, 3]).unwrap_err();
        assert!(newer.to_string().contains("migration 9"), "{newer}");
        assert!(matches!(
            check_versions(p, &[], &[1]),
            Err(BackupError::NotRiposte(_))
        ));
    }

    #[test]
    fn a_partial_dump_sits_beside_the_file() {
        assert_eq!(
            partial_path(Path::new("/b/x.dump")),
            PathBuf::from("/b/x.dump.partial")
        );
    }
}
