//! Tests of the `learnmap-data` binary, run as a process.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_learnmap-data");

/// The committed demo file, relative to this crate.
const DEMO_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/demo/learning-spaces.geojson"
);

const REGENERATE: &str =
    "cargo run -p learnmap-data -- demo --seed 2024 --out data/demo/learning-spaces.geojson";

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn feature_count(bytes: &[u8]) -> usize {
    let value: serde_json::Value = serde_json::from_slice(bytes).expect("valid JSON");
    value["features"].as_array().expect("features").len()
}

#[test]
fn committed_demo_file_matches_the_generator() {
    let committed = std::fs::read(DEMO_FILE)
        .unwrap_or_else(|e| panic!("cannot read {DEMO_FILE} ({e}); make it with `{REGENERATE}`"));
    let output = run(&["demo", "--seed", "2024"]);
    assert!(output.status.success(), "{}", stderr(&output));
    if output.stdout != committed {
        let generated = String::from_utf8_lossy(&output.stdout);
        let committed = String::from_utf8_lossy(&committed);
        let line = generated
            .lines()
            .zip(committed.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| generated.lines().count().min(committed.lines().count()));
        panic!(
            "data/demo/learning-spaces.geojson differs from the generator's output from line {}:\n  \
             generated: {:?}\n  committed: {:?}\nRegenerate it with `{REGENERATE}`.",
            line + 1,
            generated.lines().nth(line),
            committed.lines().nth(line),
        );
    }
}

/// The committed demo events, made with the demo places.
const DEMO_EVENTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/demo/events.geojson"
);

#[test]
fn committed_demo_events_match_the_generator() {
    let dir = scratch("demo-events");
    let events = dir.join("events.geojson");
    let output = run(&[
        "demo",
        "--seed",
        "2024",
        "--out",
        dir.join("places.geojson").to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let committed = std::fs::read_to_string(DEMO_EVENTS).unwrap_or_else(|e| {
        panic!("cannot read {DEMO_EVENTS} ({e}); make it with `make demo-data`")
    });
    let generated = std::fs::read_to_string(&events).unwrap();
    if let Some(line) = generated
        .lines()
        .zip(committed.lines())
        .position(|(a, b)| a != b)
        .or((generated.len() != committed.len()).then_some(0))
    {
        panic!("data/demo/events.geojson differs from the generator's output at line {}; regenerate it with `make demo-data`", line + 1);
    }
    // labelled as demo, and every event at a demo place
    let set = learnmap_core::events::load_events(&committed).unwrap();
    assert!(set.problems.is_empty(), "{:?}", set.problems);
    assert!(set
        .name
        .as_deref()
        .unwrap_or_default()
        .contains("fictional"));
    assert!(set.events.iter().all(|e| e.title.ends_with("(Demo)")));
    let places = learnmap_core::load(&std::fs::read_to_string(DEMO_FILE).unwrap()).unwrap();
    let index = learnmap_core::events::EventIndex::new(&set.events, |id| {
        places
            .spaces
            .iter()
            .find(|s| s.id() == id)
            .map(|s| s.position)
    });
    assert!(index.unknown_places.is_empty());
    let festival = set
        .events
        .iter()
        .filter(|e| e.festival.as_deref() == Some(learnmap_synth::demo_events::DEMO_FESTIVAL))
        .count();
    assert!(
        (140..=160).contains(&festival),
        "about 150 festival events: {festival}"
    );
    assert!(
        set.events.iter().filter(|e| e.rule.is_some()).count() >= 50,
        "weekly courses"
    );
}

#[test]
fn demo_defaults_to_seed_2024() {
    let default = run(&["demo"]);
    let explicit = run(&["demo", "--seed", "2024"]);
    assert!(default.status.success());
    assert_eq!(default.stdout, explicit.stdout);
    assert_eq!(feature_count(&default.stdout), 300);
}

#[test]
fn demo_with_another_seed_differs() {
    let a = run(&["demo", "--seed", "1"]);
    let b = run(&["demo", "--seed", "2024"]);
    assert!(a.status.success());
    assert_ne!(a.stdout, b.stdout);
    assert!(String::from_utf8_lossy(&a.stdout).contains("learnmap-data demo --seed 1`"));
}

#[test]
fn demo_writes_a_file_and_creates_directories() {
    let dir = scratch("demo-out");
    let path = dir.join("nested/demo.geojson");
    let output = run(&["demo", "--out", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "nothing on stdout with --out");
    assert!(stderr(&output).contains("wrote 300"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&path).unwrap(), run(&["demo"]).stdout);
    assert!(!dir.join("nested/demo.geojson.partial").exists());
}

#[test]
fn synth_streams_the_requested_count() {
    for (count, expected) in [("0", 0), ("1", 1), ("25", 25), ("1k", 1000)] {
        let output = run(&["synth", "--count", count, "--seed", "5"]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(feature_count(&output.stdout), expected, "--count {count}");
    }
}

#[test]
fn synth_is_deterministic_and_writes_files() {
    let dir = scratch("synth-out");
    let path = dir.join("synth/places.geojson");
    let output = run(&["synth", "--count", "300", "--out", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let file = std::fs::read(&path).unwrap();
    assert_eq!(feature_count(&file), 300);
    assert_eq!(file, run(&["synth", "--count", "300"]).stdout);
    assert_ne!(
        file,
        run(&["synth", "--count", "300", "--seed", "1"]).stdout
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["demo", "--bogus"][..],
        &["--bogus"],
        &["frobnicate"],
        &["synth"],
        &["synth", "--count", "many"],
        &["synth", "--count", "-3"],
        &["demo", "--seed", "minus-one"],
        &[],
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).is_empty(), "{args:?} explains itself");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    let output = run(&["synth", "--count", "many"]);
    assert!(stderr(&output).contains("many"), "{}", stderr(&output));
}

#[test]
fn io_errors_exit_2_with_a_message() {
    // A path below a regular file can be neither created nor written.
    let blocked = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml/out/demo.geojson");
    for args in [
        &["demo", "--out", blocked][..],
        &["synth", "--count", "3", "--out", blocked],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.starts_with("learnmap-data: error: cannot "),
            "{message}"
        );
        assert!(message.contains("Cargo.toml"), "{message}");
    }
}

#[test]
fn help_and_version_exit_0() {
    for args in [
        &["--help"][..],
        &["demo", "--help"],
        &["synth", "--help"],
        &["--version"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(!output.stdout.is_empty(), "{args:?}");
    }
}
