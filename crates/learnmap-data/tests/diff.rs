//! `learnmap-data diff`, run as a process on the fixtures in `tests/fixtures/`:
//! good-diff-old.geojson has d-1..d-5; good-diff-new.geojson keeps d-1 and
//! d-5, changes d-2's opening_hours and website, moves d-3, drops d-4 and
//! adds d-6; bad-upload-truncated.geojson keeps only d-1 and d-2 (a 60% drop).

#[macro_use]
mod support;

use serde_json::Value;
use std::path::Path;
use support::{run, stderr, stdout};

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect()
}

#[test]
fn added_removed_and_changed_ids() {
    let output = run(&["diff", "good-diff-old.geojson", "good-diff-new.geojson"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "--- good-diff-old.geojson: 5 places (5 features)\n\
         +++ good-diff-new.geojson: 5 places (5 features)\n\
         - d-4 \"Stadtteilschule Nord\"\n\
         + d-6 \"Repair Café Süd\"\n\
         ~ d-2: opening_hours, website\n\
         ~ d-3: geometry\n\
         1 added, 1 removed, 2 changed, 2 unchanged; places 5 -> 5 (+0.0%)\n"
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn the_json_diff_field_by_field() {
    let output = run(&[
        "diff",
        "--format",
        "json",
        "good-diff-old.geojson",
        "good-diff-new.geojson",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let diff: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(diff["version"], 1);
    assert_eq!(diff["old"]["path"], "good-diff-old.geojson");
    assert_eq!(diff["old"]["places"], 5);
    assert_eq!(diff["new"]["features"], 5);
    assert_eq!(diff["new"]["skipped"], 0);
    assert_eq!(ids(&diff["added"]), ["d-6"]);
    assert_eq!(diff["added"][0]["name"], "Repair Café Süd");
    assert_eq!(ids(&diff["removed"]), ["d-4"]);
    assert_eq!(ids(&diff["changed"]), ["d-2", "d-3"]);
    assert_eq!(
        diff["changed"][0]["fields"],
        serde_json::json!(["opening_hours", "website"])
    );
    assert_eq!(
        diff["changed"][1]["fields"],
        serde_json::json!(["geometry"])
    );
    assert_eq!(diff["unchanged"], 2);
    assert_eq!(diff["change_percent"], 0.0);
    assert_eq!(diff["drop_warning"], false);
}

#[test]
fn a_file_against_itself_has_no_changes() {
    let output = run(&["diff", "good-diff-old.geojson", "good-diff-old.geojson"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output)
        .ends_with("0 added, 0 removed, 0 changed, 5 unchanged; places 5 -> 5 (+0.0%)\n"));
}

#[test]
fn a_drop_over_20_percent_warns_and_fails() {
    let output = run(&[
        "diff",
        "good-diff-old.geojson",
        "bad-upload-truncated.geojson",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("- d-3 \"Lernwerkstatt\"\n- d-4 "), "{text}");
    assert!(
        text.ends_with("0 added, 3 removed, 0 changed, 2 unchanged; places 5 -> 2 (-60.0%)\n"),
        "{text}"
    );
    let warning = stderr(&output);
    assert!(
        warning.contains("WARNING: The number of places drops by 60.0%, from 5 to 2."),
        "{warning}"
    );
    assert!(warning.contains("WARNING: If the drop is intended, run again with --allow-drop."));

    let output = run(&[
        "diff",
        "--allow-drop",
        "good-diff-old.geojson",
        "bad-upload-truncated.geojson",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("WARNING: The drop is allowed by --allow-drop."));

    let output = run(&[
        "diff",
        "--format",
        "json",
        "good-diff-old.geojson",
        "bad-upload-truncated.geojson",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let diff: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(diff["drop_warning"], true);
    assert_eq!(diff["allow_drop"], false);
    assert_eq!(diff["change_percent"], -60.0);
}

#[test]
fn growth_is_not_a_drop() {
    let output = run(&[
        "diff",
        "bad-upload-truncated.geojson",
        "good-diff-old.geojson",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).ends_with("places 2 -> 5 (+150.0%)\n"),
        "{}",
        stdout(&output)
    );
    assert!(stderr(&output).is_empty());
}

/// A broken upload of real data: only the first three quarters of the
/// US library systems arrive (written to the target's scratch folder).
#[test]
fn a_truncated_upload_of_real_data_is_caught() {
    // the US public library survey (9,248 real places)
    let old = shared!("real/us-public-library-systems-fy2022.geojson");
    let mut collection: Value =
        serde_json::from_str(&std::fs::read_to_string(&old).unwrap()).unwrap();
    let features = collection["features"].as_array_mut().unwrap();
    assert_eq!(features.len(), 9248);
    features.truncate(6936);
    let new = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-us-libraries-truncated.geojson");
    std::fs::write(&new, serde_json::to_vec(&collection).unwrap()).unwrap();

    let output = run(&["diff", "--format", "json", &old, new.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let diff: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        (
            diff["old"]["places"].as_u64(),
            diff["new"]["places"].as_u64()
        ),
        (Some(9248), Some(6936))
    );
    assert_eq!(diff["removed"].as_array().unwrap().len(), 9248 - 6936);
    assert_eq!(diff["added"].as_array().unwrap().len(), 0);
    assert_eq!(diff["changed"].as_array().unwrap().len(), 0);
    assert_eq!(diff["unchanged"], 6936);
    assert_eq!(diff["drop_warning"], true);
    let warning = stderr(&output);
    assert!(
        warning.contains("WARNING: The number of places drops by 25.0%, from 9248 to 6936."),
        "{warning}"
    );
    // The survey repeats some ids: the tool says those are matched by position.
    assert!(warning.contains("with a duplicate id"), "{warning}");
}

#[test]
fn unloadable_and_missing_files() {
    let output = run(&["diff", "good-diff-old.geojson", "bad-not-json.geojson"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("bad-not-json.geojson:3:"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());

    let output = run(&["diff", "no-such-old.geojson", "good-diff-new.geojson"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot read no-such-old.geojson"),
        "{}",
        stderr(&output)
    );
    let output = run(&["diff", "good-diff-old.geojson"]);
    assert_eq!(output.status.code(), Some(2), "NEW is required");
}
