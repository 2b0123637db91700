//! What the process tests of `learnmap-data` share: the binary, the
//! fixtures, and reading its output.
#![allow(dead_code)] // each test binary uses its own part

use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_learnmap-data");
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
pub const DEMO_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/demo/learning-spaces.geojson"
);

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

/// A file of the shared real data as a string, or a return from the test,
/// skipped (said, and counted by `make test`) where it is absent.
#[allow(unused_macros)] // each test binary uses its own part
macro_rules! shared {
    ($relative:expr) => {
        learnmap_synth::shared_or_skip!($relative)
            .to_string_lossy()
            .into_owned()
    };
}
