//! The fuzz corpus as a normal test: every file in `fuzz/corpus/load` (seeds
//! from the fixtures and hand-written edge cases) and `fuzz/regressions/load`
//! (inputs that once crashed the fuzz target) goes through `load` and
//! through `load_with` with tiny limits, and every result must be sane: no
//! panic, no more spaces than features, problems within the limit and
//! located at 1-based lines and columns inside the text (the rules are in
//! `fuzz/invariants.rs`, shared with the fuzz target). See `fuzz/README.md`.

#[path = "../fuzz/invariants.rs"]
mod invariants;

use std::path::{Path, PathBuf};

fn files_in(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

/// Runs every file of `folder` through the invariants; returns how many.
fn check_folder(folder: &str) -> usize {
    let files = files_in(folder);
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // As the fuzz target does: invalid UTF-8 is converted lossily.
        let text = String::from_utf8_lossy(&bytes);
        invariants::check_text(&path.display().to_string(), &text);
    }
    files.len()
}

#[test]
fn fuzz_corpus_loads_sanely() {
    let count = check_folder("fuzz/corpus/load");
    // The seeds copied from tests/fixtures plus the hand-written ones.
    assert!(count >= 15, "only {count} seeds in fuzz/corpus/load");
}

#[test]
fn fuzz_regressions_load_sanely() {
    check_folder("fuzz/regressions/load");
}

#[test]
fn invariants_catch_an_insane_result() {
    // The checker itself must fail on a result that breaks a rule, or the
    // tests above would pass vacuously.
    let text = "{\"type\":\"FeatureCollection\",\"features\":[]}";
    let mut data = learnmap_core::load(text).expect("an empty collection loads");
    data.feature_count = 0;
    data.problems.push(learnmap_core::Problem {
        severity: learnmap_core::Severity::Error,
        code: "made-up",
        message: "a problem at column 0".into(),
        line: 1,
        column: 0,
        feature_index: None,
        feature_id: None,
        pointer: String::new(),
        hint: String::new(),
    });
    let outcome = std::panic::catch_unwind(|| {
        invariants::check_result(
            "made-up",
            text,
            &learnmap_core::LoadOptions::default(),
            Ok(data),
        )
    });
    assert!(outcome.is_err(), "a problem at column 0 was accepted");
}
