//! What "sane" means for a load result. Shared, via `#[path]`, by the fuzz
//! target (`fuzz_targets/load.rs`) and the regression test
//! (`tests/fuzz_regressions.rs`), so both check exactly the same things.

use learnmap_core::{load, load_with, Dataset, Error, LoadOptions};

/// The small limits the fuzz target and the regression test also load with.
pub fn tiny_limits() -> LoadOptions {
    LoadOptions {
        max_bytes: 4096,
        max_problems: 3,
    }
}

/// Loads `text` with the default limits and with [`tiny_limits`], and
/// panics (with `name` and the broken rule) if a result is not sane.
pub fn check_text(name: &str, text: &str) {
    check_result(name, text, &LoadOptions::default(), load(text));
    let tiny = tiny_limits();
    check_result(name, text, &tiny, load_with(text, &tiny));
}

/// Checks one result of loading `text` with `options`.
pub fn check_result(name: &str, text: &str, options: &LoadOptions, result: Result<Dataset, Error>) {
    // Lines in the text: a location may point just past the last character.
    let lines = text.split('\n').count();
    match result {
        Ok(data) => check_dataset(name, lines, options, &data),
        Err(Error::TooLarge { size, limit }) => {
            assert_eq!(size, text.len(), "{name}: TooLarge size");
            assert_eq!(limit, options.max_bytes, "{name}: TooLarge limit");
            assert!(size > limit, "{name}: TooLarge for {size} <= {limit} bytes");
        }
        Err(e) => {
            assert!(
                text.len() <= options.max_bytes,
                "{name}: {e} for a text over the size limit (expected TooLarge)"
            );
            let (line, column) = e
                .location()
                .expect("NotJson and NotFeatureCollection are located");
            assert!(
                (1..=lines).contains(&line),
                "{name}: error line {line} outside 1..={lines}: {e}"
            );
            // columns are 1-based, also for a fault at the very start of a
            // line (serde_json says 0 there; the loader corrects it)
            assert!(
                (1..=text.len() + 1).contains(&column),
                "{name}: error column {column}: {e}"
            );
        }
    }
}

fn check_dataset(name: &str, lines: usize, options: &LoadOptions, data: &Dataset) {
    assert!(
        data.spaces.len() <= data.feature_count,
        "{name}: {} spaces from {} features",
        data.spaces.len(),
        data.feature_count
    );
    assert!(
        data.problems.len() <= options.max_problems,
        "{name}: {} problems listed over the limit of {}",
        data.problems.len(),
        options.max_problems
    );
    if data.problems_omitted > 0 {
        assert_eq!(
            data.problems.len(),
            options.max_problems,
            "{name}: problems omitted before the list is full"
        );
    }
    for p in &data.problems {
        assert!(
            p.line >= 1 && p.column >= 1,
            "{name}: problem at {}:{} (1-based expected): {p}",
            p.line,
            p.column
        );
        assert!(
            p.line <= lines,
            "{name}: problem on line {} of {lines}: {p}",
            p.line
        );
        assert!(
            !p.code.is_empty() && !p.message.is_empty(),
            "{name}: empty code or message: {p:?}"
        );
        if let Some(i) = p.feature_index {
            assert!(
                i < data.feature_count,
                "{name}: problem in feature {i} of {}: {p}",
                data.feature_count
            );
        }
    }
    let mut ids = std::collections::HashSet::new();
    for s in &data.spaces {
        assert!(
            s.position.lon.is_finite()
                && s.position.lat.is_finite()
                && s.position.lon.abs() <= 180.0
                && s.position.lat.abs() <= 90.0,
            "{name}: space {:?} at {:?}",
            s.id(),
            s.position
        );
        assert!(
            !s.name().trim().is_empty(),
            "{name}: space {:?} has an empty name",
            s.id()
        );
        assert!(
            s.ages.range().is_none_or(|(lo, hi)| lo <= hi),
            "{name}: space {:?} ages {:?}",
            s.id(),
            s.ages
        );
        assert!(
            ids.insert(s.id()),
            "{name}: duplicate id {:?} after de-duplication",
            s.id()
        );
    }
}
