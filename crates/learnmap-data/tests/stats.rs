//! `learnmap-data stats`, run as a process on `tests/fixtures/good-small.geojson`
//! (counted by hand below) and on the demo data.

mod support;

use serde_json::Value;
use std::process::Output;
use support::{run, stdout, DEMO_FILE};

fn json(output: &Output) -> Value {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

/// The four places of good-small.geojson, by hand:
/// g-1 library, children+adults, digital+literacy, families, in_person, free, wheelchair yes,
///     hours, website, phone, languages, description, address, last_verified;
/// g-2 school, ages 6-17 (children+youth), formal_education, in_person, free, limited,
///     email, address;
/// g-3 online, adults+seniors, digital+languages, newcomers+jobseekers, online, paid,
///     website, languages "de;tr", description:en, last_verified;
/// g-4 a name only: no type, ages not stated (not "every age"), nothing else.
#[test]
fn counts_equal_the_hand_count() {
    let stats = json(&run(&["stats", "--format", "json", "good-small.geojson"]));
    assert_eq!(stats["version"], 1);
    assert_eq!(stats["path"], "good-small.geojson");
    assert_eq!(
        (&stats["features"], &stats["places"], &stats["skipped"]),
        (&Value::from(4), &Value::from(4), &Value::from(0))
    );
    let counts = &stats["counts"];
    let check = |field: &str, expected: &[(&str, u64)], not_given: u64| {
        let values = counts[field]["values"].as_object().unwrap();
        for (value, n) in values {
            let want = expected
                .iter()
                .find(|(v, _)| v == value)
                .map_or(0, |(_, n)| *n);
            assert_eq!(n.as_u64(), Some(want), "{field} {value}");
        }
        for (value, _) in expected {
            assert!(values.contains_key(*value), "{field} lacks {value}");
        }
        assert_eq!(counts[field]["not_given"], not_given, "{field} not given");
    };
    check(
        "place_type",
        &[("library", 1), ("school", 1), ("online", 1)],
        1,
    );
    assert_eq!(
        counts["place_type"]["values"].as_object().unwrap().len(),
        15
    );
    check(
        "age_groups",
        &[("children", 2), ("youth", 1), ("adults", 2), ("seniors", 1)],
        1,
    );
    assert_eq!(counts["age_groups"]["typical_for_type"], 0);
    check(
        "learning_areas",
        &[
            ("digital", 2),
            ("literacy", 1),
            ("formal_education", 1),
            ("languages", 1),
        ],
        1,
    );
    check(
        "audiences",
        &[("families", 1), ("newcomers", 1), ("jobseekers", 1)],
        2,
    );
    check("delivery", &[("in_person", 2), ("online", 1)], 1);
    check("fee", &[("free", 2), ("paid", 1)], 1);
    check("wheelchair", &[("yes", 1), ("limited", 1)], 2);

    let completeness = &stats["completeness"];
    for (what, n, share) in [
        ("ages", 3, 0.75),
        ("opening_hours", 1, 0.25),
        ("website", 2, 0.5),
        ("phone_or_email", 2, 0.5),
        ("wheelchair", 2, 0.5),
        ("fee", 3, 0.75),
        ("languages", 2, 0.5),
        ("description", 2, 0.5),
        ("address", 2, 0.5),
        ("last_verified", 2, 0.5),
    ] {
        assert_eq!(completeness[what]["count"], n, "{what}");
        assert_eq!(completeness[what]["share"].as_f64(), Some(share), "{what}");
    }
    assert_eq!(completeness.as_object().unwrap().len(), 10);
}

#[test]
fn the_text_tables_are_aligned() {
    let output = run(&["stats", "good-small.geojson"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("good-small.geojson: 4 features, 4 loaded, 0 skipped with errors\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "fee           places  share\n\
             free               2  50.0%\n\
             paid               1  25.0%\n\
             varies             0   0.0%\n\
             (not stated)       1  25.0%\n"
        ),
        "{text}"
    );
    assert!(text.contains("\ncompleteness    places  share\n"), "{text}");
    assert!(
        text.contains("\n(typical for type)       0   0.0%\n(not stated)             1  25.0%\n"),
        "{text}"
    );
    assert!(text.contains("\nopening_hours        1  25.0%\n"), "{text}");
    assert!(text.contains("\nfee                  3  75.0%\n"), "{text}");
    // Every table's rows line up: in each block the lines have one length
    // unless a row ends sooner (never: numbers are right-aligned).
    for block in text.split("\n\n").skip(1) {
        let widths: Vec<usize> = block.lines().map(|l| l.chars().count()).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{block}");
    }
}

#[test]
fn demo_counts_add_up() {
    let stats = json(&run(&["stats", "--format", "json", DEMO_FILE]));
    assert_eq!(stats["places"], 300);
    for field in ["place_type", "delivery", "fee", "wheelchair"] {
        let sum: u64 = stats["counts"][field]["values"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        let not_given = stats["counts"][field]["not_given"].as_u64().unwrap();
        assert_eq!(sum + not_given, 300, "{field}: one value per place");
    }
    // The demo covers every place type.
    assert!(stats["counts"]["place_type"]["values"]
        .as_object()
        .unwrap()
        .values()
        .all(|n| n.as_u64().unwrap() > 0));
    assert_eq!(stats["completeness"]["last_verified"]["count"], 300);
}

#[test]
fn unloadable_and_missing_files() {
    let output = run(&["stats", "bad-not-json.geojson"]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.starts_with("bad-not-json.geojson:3:"), "{message}");
    assert!(output.stdout.is_empty());

    let output = run(&["stats", "no-such-file.geojson"]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("cannot read no-such-file.geojson"),
        "{message}"
    );
}

#[test]
fn skipped_features_are_not_counted() {
    let stats = json(&run(&["stats", "--format", "json", "bad-mixed.geojson"]));
    assert_eq!(
        (&stats["features"], &stats["places"], &stats["skipped"]),
        (&Value::from(5), &Value::from(2), &Value::from(3))
    );
    // hh-1's "libary" is not a place type: both places give none.
    assert_eq!(stats["counts"]["place_type"]["not_given"], 2);
}
