//! The real data shared beside the repository (`../shared/data`, see its
//! README), for the tests that need it: the other source of test data,
//! next to the generated.
//!
//! A clone without it still passes its tests: a test that needs the data
//! calls [`path`], which says the test was skipped and why (on stderr, and
//! as a line in the file named by `LEARNMAP_SKIP_LOG`, which `make test`
//! sums up in one line). Where `LEARNMAP_REQUIRE_SHARED` is set, as on CI
//! (`.ci/run`), the data is required: its absence fails the test.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Set (to anything but the empty string) where the real-data tests must run.
pub const REQUIRE_ENV: &str = "LEARNMAP_REQUIRE_SHARED";

/// A file to which each skipped test appends its name (one per line).
pub const SKIP_LOG_ENV: &str = "LEARNMAP_SKIP_LOG";

/// The shared data folder: `../shared/data` from the repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// Whether the real-data tests are required here (`LEARNMAP_REQUIRE_SHARED`).
pub fn required() -> bool {
    std::env::var_os(REQUIRE_ENV).is_some_and(|v| !v.is_empty())
}

/// The path of `relative` in the shared data, or `None` when it is absent:
/// the calling test then returns early, skipped; the skip is said and logged
/// (see the module's documentation). Panics when it is absent but required.
///
/// ```no_run
/// if let Some(dir) = learnmap_synth::shared::path("real") {
///     assert!(dir.is_dir());
/// }
/// ```
pub fn path(relative: &str) -> Option<PathBuf> {
    let path = root().join(relative);
    if path.exists() {
        return Some(path);
    }
    let why = format!(
        "{} is absent (the shared real data, ../shared/data beside the repository)",
        path.display()
    );
    if required() {
        panic!("{why}, and {REQUIRE_ENV} is set: the real-data tests are required here");
    }
    // libtest names each test's thread after the test
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a real-data test");
    eprintln!("skipped {test}: {why}");
    if let Some(log) = std::env::var_os(SKIP_LOG_ENV) {
        // appended whole, one line at a time: tests run in parallel
        if let Ok(mut file) = OpenOptions::new().create(true).append(true).open(log) {
            let _ = file.write_all(format!("{test}\n").as_bytes());
        }
    }
    None
}

/// In a test: the path (a `PathBuf`) of `relative` in the shared real data,
/// or, when it is absent, a return from the test, skipped (see [`path`]).
///
/// ```no_run
/// fn a_real_data_test() {
///     let dir = learnmap_synth::shared_or_skip!("real");
///     assert!(dir.is_dir());
/// }
/// # a_real_data_test();
/// ```
#[macro_export]
macro_rules! shared_or_skip {
    ($relative:expr) => {
        match $crate::shared::path($relative) {
            Some(path) => path,
            None => return,
        }
    };
}
