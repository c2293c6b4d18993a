//! The `riposte` binary as a user runs it.

use std::process::Command;

fn riposte() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_riposte"));
    cmd.env_remove("DATABASE_URL")
        .env_remove("RIPOSTE_DATA_DIR");
    cmd
}

#[test]
fn without_postgresql_binaries_riposte_says_what_to_install_and_fails() {
    let data = tempfile::tempdir().unwrap();
    let out = riposte()
        .args(["migrate", "--data-dir"])
        .arg(data.path())
        .env("RIPOSTE_PG_BIN", "/nonexistent/bin")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("install PostgreSQL"), "{stderr}");
    assert!(stderr.contains("DATABASE_URL"), "{stderr}");
    assert_eq!(
        stderr.trim().lines().count(),
        1,
        "one clear message, got:\n{stderr}"
    );
}

#[test]
fn every_subcommand_has_help() {
    for sub in [
        vec![],
        vec!["serve"],
        vec!["migrate"],
        vec!["db"],
        vec!["db", "psql"],
        vec!["keys"],
        vec!["keys", "create"],
        vec!["keys", "list"],
        vec!["keys", "revoke"],
    ] {
        let out = riposte().args(&sub).arg("--help").output().unwrap();
        assert!(out.status.success(), "riposte {sub:?} --help failed");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"));
    }
}
