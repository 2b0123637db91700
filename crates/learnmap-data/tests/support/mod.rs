//! What the process tests of `learnmap-data` share: the binary, the
//! fixtures, and reading its output.
#![allow(dead_code)] // each test binary uses its own part

use std::path::Path;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_learnmap-data");
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
pub const DEMO_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/demo/learning-spaces.geojson"
);
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

/// Runs the binary in the fixtures folder, so paths print as given.
pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(FIXTURES)
        .output()
        .expect("the binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A file of the shared real data, or a clear failure when it is absent.
pub fn shared(relative: &str) -> String {
    let path = format!("{SHARED}/{relative}");
    assert!(
        Path::new(&path).is_file(),
        "the shared real data is missing: {path} not found. These tests need the \
         `shared/data` folder beside the repository (see ../shared/data/README.md)."
    );
    path
}
