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
fn a_standby_of_a_folder_without_riposte_postgresql_is_refused_and_nothing_is_created() {
    let data = tempfile::tempdir().unwrap();
    let missing = data.path().join("no-such-primary");
    let out = riposte()
        .args(["db", "start", "--data-dir"])
        .arg(data.path().join("standby"))
        .arg("--standby-of")
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no riposte PostgreSQL to follow"),
        "{stderr}"
    );
    assert!(stderr.contains(&*missing.to_string_lossy()), "{stderr}");
    assert!(!missing.exists());
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

#[test]
fn extract_prints_one_gold_shaped_object_per_article() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/dev/000_c0a993ecbfa666d5.txt"
    );
    let out = riposte().args(["extract", seed]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    let article: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    for field in ["article", "url", "published", "actors", "statements"] {
        assert!(article.get(field).is_some(), "no `{field}` in {article}");
    }
    assert_eq!(article["article"], "000_c0a993ecbfa666d5.txt");
    assert_eq!(article["published"], "2020-07-18");
    let statement = &article["statements"][0];
    for field in [
        "id",
        "type",
        "speaker",
        "target",
        "subject",
        "date",
        "hedge",
        "responds_to",
        "evidence",
    ] {
        assert!(
            statement.get(field).is_some(),
            "no `{field}` in {statement}"
        );
    }
}

/// Runs `riposte extract` on the seed article from an empty working folder
/// with `args` before the file, returning its statements (or stderr).
fn extract_seed_from_elsewhere(args: &[&str]) -> Result<Vec<serde_json::Value>, String> {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/dev/000_c0a993ecbfa666d5.txt"
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let out = riposte()
        .current_dir(elsewhere.path())
        .env_remove("RIPOSTE_GAZETTEER_DIR")
        .env_remove("RIPOSTE_LEXICON_DIR")
        .env_remove("RIPOSTE_SENTENCE_MODEL")
        .arg("extract")
        .args(args)
        .arg(seed)
        .output()
        .unwrap();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let article: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    Ok(article["statements"]
        .as_array()
        .cloned()
        .unwrap_or_default())
}

#[test]
fn an_edited_lexicon_alone_keeps_the_built_in_gazetteer_and_model() {
    let lexicon = concat!(env!("CARGO_MANIFEST_DIR"), "/seed-data/lexicon");
    let built_in = extract_seed_from_elsewhere(&[]).unwrap();
    let edited = extract_seed_from_elsewhere(&["--lexicon-dir", lexicon]).unwrap();
    assert!(!built_in.is_empty());
    assert_eq!(
        edited, built_in,
        "the same lexicon as a folder finds the same"
    );
    let rules_alone = extract_seed_from_elsewhere(&["--sentence-model", "off"]).unwrap();
    assert!(!rules_alone.is_empty());
}

#[test]
fn a_faulty_knowledge_folder_is_named_and_nothing_is_extracted() {
    let err = extract_seed_from_elsewhere(&["--gazetteer-dir", "/nonexistent/gazetteer"])
        .err()
        .unwrap_or_default();
    assert!(err.contains("/nonexistent/gazetteer"), "{err}");
}

#[test]
fn extract_with_out_writes_a_json_file_per_article() {
    let out_dir = tempfile::tempdir().unwrap();
    let dev = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/dev");
    let out = riposte()
        .args(["extract", dev, "--out"])
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out_dir.path().join("000_c0a993ecbfa666d5.json").is_file());
    let written = std::fs::read_dir(out_dir.path()).unwrap().count();
    assert_eq!(written, 171);
}

#[test]
fn extract_names_a_file_it_cannot_read_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\xff\xfe binary").unwrap();
    let out = riposte().arg("extract").arg(&bad).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.txt: not UTF-8 text"), "{stderr}");
}

/// An evaluation report (as `--json` prints it) covers all 171 annotated
/// articles and holds at least these F1 figures.
fn assert_f1_at_least(report: &serde_json::Value, accusation: f64, response: f64) {
    assert_eq!(report["articles"], 171);
    for (class, floor) in [("accusation", accusation), ("response", response)] {
        let f1 = report[class]["f1"].as_f64().unwrap();
        assert!(f1 >= floor, "{class} F1 fell: {f1} < {floor}");
    }
}

/// The built-in extractor on the annotated articles. Its sentence model was
/// fitted on them, so this guards against breakage, not for quality on new
/// text: the cross-validated test below does that.
#[test]
fn evaluate_scores_the_extractor_on_the_annotated_articles() {
    let gold = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/dev");
    let out = riposte()
        .args(["evaluate", "--json", "--gold", gold])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_f1_at_least(&report, 0.55, 0.55);
    let text = riposte()
        .args(["evaluate", "--per-article", "--gold", gold])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("000_c0a993ecbfa666d5"), "{text}");
}

/// The regression guard on extraction quality: figures from 5-fold
/// cross-validation by article (each article scored by a model that never
/// saw it), at the shipped thresholds, must not fall below today's.
#[test]
fn cross_validated_extraction_quality_holds() {
    let gold = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/dev");
    let out = riposte()
        .args([
            "train",
            "sentences",
            "--json",
            "--folds",
            "5",
            "--gold",
            gold,
        ])
        .args([
            "--thresholds",
            "0.8,0.1,0.55,0.15",
            "--by-prefix",
            "stream-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_f1_at_least(&report["cross_validated"], 0.57, 0.56);
    // precision on ordinary news: the 30 articles drawn at random from the
    // news stream (24 of them with no statement at all)
    let stream = &report["groups"][0];
    assert_eq!(stream["group"], "stream-");
    let false_per_article = stream["false_records_per_article"].as_f64().unwrap();
    assert!(
        false_per_article <= 0.25,
        "false records per stream article rose: {false_per_article}"
    );
    assert!(
        stream["quiet_articles_with_records"].as_u64().unwrap() <= 3,
        "{stream}"
    );
    let calibration = &report["calibration"];
    let right = calibration["right"].as_f64().unwrap();
    let total = calibration["statements"].as_f64().unwrap();
    assert!(
        total > 0.0 && right / total >= 0.7,
        "statements at confidence 0.8 are right {right} of {total}"
    );
}
