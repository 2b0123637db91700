//! `learnmap-data validate`, run as a process on the fixtures in
//! `tests/fixtures/` (see its README) and on real data in `../shared/data`.

#[macro_use]
mod support;

use serde_json::Value;
use std::path::Path;
use std::process::Output;
use support::{run, stderr, stdout, DEMO_FILE, FIXTURES};

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(output)))
}

/// Compares with `tests/fixtures/expected/NAME`; `UPDATE_GOLDEN=1` rewrites it.
fn assert_golden(name: &str, actual: &str) {
    let path = Path::new(FIXTURES).join("expected").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {} ({e})", path.display()));
    assert_eq!(
        actual,
        expected,
        "output differs from {} (rerun with UPDATE_GOLDEN=1 to accept it after checking)",
        path.display()
    );
}

#[test]
fn the_bad_fixture_gives_the_golden_text() {
    let output = run(&["validate", "bad-mixed.geojson"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_golden("bad-mixed.validate.txt", &stdout(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn the_bad_fixture_in_json_field_by_field() {
    let output = run(&["validate", "--format", "json", "bad-mixed.geojson"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["version"], 1);
    let file = &report["files"][0];
    assert_eq!(file["path"], "bad-mixed.geojson");
    assert_eq!(file["features"], 5);
    assert_eq!(file["valid"], 2);
    assert_eq!(file["errors"], 3);
    assert_eq!(file["ok"], false);
    assert_eq!(file["problems_omitted"], 0);
    assert_eq!(file["file_error"], Value::Null);
    let problems = file["problems"].as_array().unwrap();
    assert_eq!(file["warnings"], problems.len() - 3);
    let errors: Vec<&Value> = problems
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 3);
    let null = errors
        .iter()
        .find(|p| p["code"] == "null-geometry")
        .expect("a null-geometry error");
    assert_eq!(null["line"], 3);
    assert_eq!(null["feature_index"], 1);
    assert_eq!(null["feature_id"], "hh-2");
    assert_eq!(null["pointer"], "/features/1/geometry");
    assert!(null["column"].as_u64().unwrap() > 1);
    assert!(!null["message"].as_str().unwrap().is_empty());
    assert!(!null["hint"].as_str().unwrap().is_empty());
    let projected = errors
        .iter()
        .find(|p| p["code"] == "projected-coordinates")
        .expect("a projected-coordinates error");
    assert_eq!(projected["line"], 4);
    assert_eq!(projected["feature_id"], "hh-3");
    let nameless = errors
        .iter()
        .find(|p| p["code"] == "missing-name")
        .expect("a missing-name error");
    assert_eq!(
        (
            nameless["line"].as_u64(),
            nameless["feature_index"].as_u64()
        ),
        (Some(5), Some(3))
    );
    let typo = problems
        .iter()
        .find(|p| p["code"] == "unknown-value")
        .expect("the misspelt place type");
    assert_eq!(typo["severity"], "warning");
    assert_eq!(typo["feature_id"], "hh-1");
    assert!(typo["hint"].as_str().unwrap().contains("library"), "{typo}");
    let no_id = problems
        .iter()
        .find(|p| p["code"] == "missing-id")
        .expect("a missing-id warning");
    assert_eq!(no_id["feature_id"], Value::Null);
    assert_eq!(no_id["feature_index"], 4);
    // Problems are in file order.
    let lines: Vec<u64> = problems
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
    let total = &report["total"];
    assert_eq!(total["files"], 1);
    assert_eq!(total["features"], 5);
    assert_eq!(total["valid"], 2);
    assert_eq!(total["errors"], 3);
    assert_eq!(total["warnings"], file["warnings"]);
    assert_eq!(total["ok"], false);
}

#[test]
fn a_good_file_exits_0() {
    let output = run(&["validate", "good-small.geojson"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "good-small.geojson: 4 features, 4 valid, 0 errors, 0 warnings\n"
    );
}

#[test]
fn the_demo_data_is_valid() {
    let output = run(&["validate", DEMO_FILE]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("300 features, 300 valid, 0 errors"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn projected_hamburg_schools_are_located_errors() {
    let path = shared!("real/hamburg-schools-original/schulen.geojson");
    let output = run(&["validate", &path]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    let first = text
        .lines()
        .find(|l| l.contains("error[projected-coordinates]"))
        .expect("projected-coordinates errors");
    // FILE:LINE:COL: error[projected-coordinates]: ...
    let rest = first
        .strip_prefix(&format!("{path}:"))
        .expect("starts with the path");
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts.next().unwrap().parse().expect("a line number");
    let column: usize = parts.next().unwrap().parse().expect("a column number");
    assert!(line >= 4 && column >= 1, "{first}");
    assert_eq!(
        text.matches("error[projected-coordinates]").count(),
        581,
        "one per school"
    );
    assert!(text.contains("581 features, 0 valid, 581 errors"), "{text}");
    assert!(
        text.contains("  = help: convert the file to WGS84"),
        "{text}"
    );
}

#[test]
fn several_files_get_a_total_and_the_worst_exit_code() {
    let output = run(&["validate", "good-small.geojson", "bad-mixed.geojson"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("total: 2 files, 9 features, 6 valid, 3 errors, "),
        "{last}"
    );
    // The good file's summary comes first: files are reported in order.
    assert!(text.starts_with("good-small.geojson: 4 features"), "{text}");
}

#[test]
fn a_missing_file_exits_2_and_is_named() {
    let output = run(&["validate", "good-small.geojson", "no-such-file.geojson"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.starts_with("learnmap-data: error: cannot read no-such-file.geojson"),
        "{message}"
    );
    // The readable file is still checked.
    assert!(stdout(&output).contains("good-small.geojson: 4 features"));
    let output = run(&["validate", "--format", "json", "no-such-file.geojson"]);
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    let error = &report["files"][0]["file_error"];
    assert_eq!(error["code"], "io-error");
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("no-such-file.geojson"));
}

/// Bug: serde_json gives column 0 for an error at the very start of a line
/// (here the end of a file that ends with a newline); columns are 1-based.
#[test]
fn not_json_at_the_end_of_the_file_is_at_column_1_not_0() {
    let output = run(&["validate", "--format", "json", "bad-not-json.geojson"]);
    let error = &json(&output)["files"][0]["file_error"];
    assert_eq!(error["code"], "not-json");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(3), Some(1))
    );
}

#[test]
fn whole_file_errors_are_located() {
    let output = run(&["validate", "bad-not-json.geojson"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.starts_with("bad-not-json.geojson:3:1: error[not-json]: not valid JSON: "),
        "{text}"
    );
    assert!(text.contains("bad-not-json.geojson: 0 features, 0 valid, 1 error, 0 warnings"));

    let output = run(&["validate", "--format", "json", "bad-not-collection.geojson"]);
    assert_eq!(output.status.code(), Some(1));
    let error = &json(&output)["files"][0]["file_error"];
    assert_eq!(error["code"], "not-feature-collection");
    // At the value of "type".
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(1), Some(10))
    );
    assert!(
        error["message"].as_str().unwrap().contains("Topology"),
        "{error}"
    );
}

#[test]
fn too_large_files_are_refused_whole() {
    let output = run(&["validate", "--max-bytes", "100", "good-small.geojson"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.starts_with("good-small.geojson: error[too-large]: the file is "),
        "{text}"
    );
    assert!(text.contains("over the limit of 100 bytes"), "{text}");
}

#[test]
fn non_utf8_input_names_the_first_bad_byte() {
    let output = run(&["validate", "bad-latin1.geojson"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    // Byte 163 is the Latin-1 "ü" of "Bücherhalle", on line 2.
    assert!(
        text.starts_with(
            "bad-latin1.geojson:2:120: error[not-utf8]: the file is not UTF-8: \
             invalid byte 0xFC at byte offset 163\n"
        ),
        "{text}"
    );
    assert!(text.contains("iconv"), "{text}");
    let output = run(&["validate", "--format", "json", "bad-latin1.geojson"]);
    let error = &json(&output)["files"][0]["file_error"];
    assert_eq!(error["byte_offset"], 163);
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(2), Some(120))
    );
}

#[test]
fn max_problems_lists_the_first_and_counts_the_rest() {
    let output = run(&["validate", "--max-problems", "2", "bad-mixed.geojson"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let all = run(&["validate", "--format", "json", "bad-mixed.geojson"]);
    let total = json(&all)["files"][0]["problems"].as_array().unwrap().len();
    let diagnostics = text
        .lines()
        .filter(|l| l.starts_with("bad-mixed.geojson:") && l.contains("]: "))
        .count();
    assert_eq!(diagnostics, 2, "{text}");
    assert!(
        text.contains(&format!(
            "bad-mixed.geojson: {} more problems not listed; raise --max-problems to see them",
            total - 2
        )),
        "{text}"
    );
    // The counts stay exact.
    assert!(text.contains("5 features, 2 valid, 3 errors"), "{text}");

    let output = run(&[
        "validate",
        "--format",
        "json",
        "--max-problems",
        "0",
        "bad-mixed.geojson",
    ]);
    let file = &json(&output)["files"][0];
    assert_eq!(file["problems"].as_array().unwrap().len(), 0);
    assert_eq!(file["problems_omitted"], total);
    assert_eq!(file["errors"], 3);
}

#[test]
fn output_is_deterministic() {
    let a = run(&[
        "validate",
        "--format",
        "json",
        "bad-mixed.geojson",
        "good-small.geojson",
    ]);
    let b = run(&[
        "validate",
        "--format",
        "json",
        "bad-mixed.geojson",
        "good-small.geojson",
    ]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["validate"][..],
        &["validate", "--format", "xml", "good-small.geojson"],
        &["validate", "--max-problems", "-1", "good-small.geojson"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

/// Issue 21: a repeated id breaks share links and a reversed age range the
/// age filter, so `validate` calls them errors (exit 1); the app's loader
/// still keeps both places, as before.
#[test]
fn a_duplicate_id_and_a_reversed_age_range_are_errors_but_the_places_stay() {
    let name = "bad-duplicate-id-reversed-ages.geojson";
    let output = run(&["validate", "--format", "json", name]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let file = &report["files"][0];
    assert_eq!(file["errors"], 2, "{file}");
    assert_eq!(file["valid"], 3, "the app keeps showing every place");
    let codes: Vec<(&str, &str)> = file["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["severity"].as_str().unwrap(), p["code"].as_str().unwrap()))
        .collect();
    assert!(codes.contains(&("error", "duplicate-id")), "{codes:?}");
    assert!(
        codes.contains(&("error", "age-range-reversed")),
        "{codes:?}"
    );
    let text = std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap();
    let data = learnmap_core::load(&text).unwrap();
    assert_eq!(data.spaces.len(), 3, "the loader must not skip them");
    let text = stdout(&run(&["validate", name]));
    assert!(text.contains("error[duplicate-id]"), "{text}");
    assert!(text.contains("error[age-range-reversed]"), "{text}");
}

#[test]
fn an_events_file_is_found_by_its_content_and_passes() {
    let output = run(&[
        "validate",
        "good-events.geojson",
        "--places",
        "good-small.geojson",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "good-events.geojson: 2 features, 2 valid, 0 errors, 0 warnings\n"
    );
}

#[test]
fn an_events_file_reports_located_problems_in_the_places_words() {
    let output = run(&["validate", "bad-events.geojson"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    // each problem's first line up to its code, and the summary
    let heads: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with("  = "))
        .map(|l| l.split(": ").take(2).collect::<Vec<_>>().join(": "))
        .collect();
    assert_eq!(
        heads,
        [
            "bad-events.geojson:1:44: warning[bad-time-zone]",
            // the properties without a start; the rule; the link; the repeated id
            "bad-events.geojson:2:53: error[missing-start]",
            "bad-events.geojson:3:141: error[bad-rrule]",
            "bad-events.geojson:4:156: warning[unsafe-link]",
            "bad-events.geojson:5:60: error[duplicate-id]",
            "bad-events.geojson: 4 features, 2 valid, 3 errors, 2 warnings",
        ]
    );
    // each with its feature, id and pointer, and a hint
    assert!(text.contains("  = feature 1, id \"ev-2\", at /features/1/properties/rrule\n"));
    assert!(text.contains("  = feature 3, id \"ev-3\", at /features/3/properties/id\n"));
}

#[test]
fn events_place_ids_are_checked_against_the_places_given() {
    let output = run(&[
        "validate",
        "--format",
        "json",
        "--places",
        "good-small.geojson",
        "bad-events.geojson",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let problems = report["files"][0]["problems"].as_array().unwrap();
    let unknown: Vec<&Value> = problems
        .iter()
        .filter(|p| p["code"] == "unknown-place")
        .collect();
    assert_eq!(unknown.len(), 1, "{problems:#?}");
    assert_eq!(unknown[0]["feature_id"], "ev-3");
    assert_eq!(unknown[0]["pointer"], "/features/2/properties/place");
    assert_eq!(unknown[0]["line"], 4);
    assert_eq!(report["files"][0]["warnings"], 3);
}

#[test]
fn kind_places_reads_an_events_file_as_places() {
    // forced: the events have no names, so as places they are errors
    let output = run(&["validate", "--kind", "places", "good-events.geojson"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("error[missing-name]"),
        "{}",
        stdout(&output)
    );
    let output = run(&["validate", "--kind", "events", "bad-not-json.geojson"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("error[not-json]"),
        "{}",
        stdout(&output)
    );
}
