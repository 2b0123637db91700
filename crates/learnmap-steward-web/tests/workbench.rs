//! What the workbench's page gets from the WebAssembly functions, checked
//! natively on the spec's fixtures (`tests/e2e/fixtures/steward/`).

use learnmap_steward_web::{
    diff_json, fix_csv, fix_json, hours_json, import_json, import_parts, inspect_json, record_json,
};
use serde_json::Value;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/e2e/fixtures/steward"
);
const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/demo/learning-spaces.geojson"
);

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

fn mapping() -> String {
    String::from_utf8(fixture("mapping-spreadsheet.toml")).unwrap()
}

#[test]
fn the_export_is_the_clis_bytes_and_problems_keep_their_rows() {
    let result = import_json(
        &fixture("bad-spreadsheet.csv"),
        "bad-spreadsheet.csv",
        &mapping(),
    );
    let expected = String::from_utf8(fixture("expected-spreadsheet.geojson")).unwrap();
    assert_eq!(result["text"], Value::String(expected));
    assert_eq!(result["errors"], 4);
    assert_eq!(result["warnings"], 4);
    let problems = result["problems"].as_array().unwrap();
    let at = |code: &str| {
        problems
            .iter()
            .find(|p| p["code"] == code)
            .map(|p| {
                (
                    p["line"].as_u64().unwrap(),
                    p["text"].as_str().unwrap().to_owned(),
                )
            })
            .unwrap()
    };
    assert_eq!(at("no-coordinates").0, 4);
    assert!(at("no-coordinates")
        .1
        .starts_with("bad-spreadsheet.csv:4: error[no-coordinates]: row 4 has"));
    // an output problem is tied back to its input row
    assert_eq!(at("age-range-reversed").0, 8);
    assert!(at("age-range-reversed")
        .1
        .starts_with("learning-spaces.geojson:6:161: error[age-range-reversed]"));
}

#[test]
fn fields_are_guessed_from_names_in_german_and_from_values() {
    let info = inspect_json(&fixture("bad-spreadsheet.csv"), "bad-spreadsheet.csv", "");
    let target = |field: &str| {
        info["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == field)
            .unwrap_or_else(|| panic!("no field {field}: {info}"))["target"]
            .clone()
    };
    assert_eq!(target("Breite"), "lat");
    assert_eq!(target("Länge"), "lon");
    assert_eq!(target("Name"), "name");
    assert_eq!(target("Kennung"), "id");
    assert_eq!(target("Öffnungszeiten"), "opening_hours");
    let boolean = |field: &str| {
        info["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == field)
            .unwrap()["boolean"]
            .clone()
    };
    // ja, yes, no, x, 1 and one "vielleicht": still a yes/no column
    assert_eq!(boolean("Digital"), true);
    assert_eq!(boolean("Name"), false);
    assert_eq!(info["format"], "csv");
    assert_eq!(info["delimiter"], ";");
}

#[test]
fn a_correction_is_written_back_and_the_row_imports() {
    let fixes = r#"[{"line": 4, "field": "Breite", "value": "53,5702"}, {"line": 4, "field": "Länge", "value": "9,9571"}]"#;
    let fixed = fix_csv(&fixture("bad-spreadsheet.csv"), &mapping(), fixes).unwrap();
    let result = import_json(&fixed, "bad-spreadsheet.csv", &mapping());
    assert_eq!(result["features"], 7);
    assert!(!result["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["code"] == "no-coordinates"));
    // the other rows keep their lines
    let record = record_json(&fixed, "bad-spreadsheet.csv", &mapping(), 8);
    assert_eq!(record["line"], 11);
    assert_eq!(record["label"], "row 11");
}

#[test]
fn the_diff_against_the_demo_refuses_the_drop() {
    let result = import_json(
        &fixture("bad-spreadsheet.csv"),
        "bad-spreadsheet.csv",
        &mapping(),
    );
    let demo = std::fs::read_to_string(DEMO).unwrap();
    let d = diff_json(&demo, "demo", result["text"].as_str().unwrap(), "new");
    assert_eq!(d["added"].as_array().unwrap().len(), 6);
    assert_eq!(d["removed"].as_array().unwrap().len(), 300);
    assert_eq!(d["drop_warning"], true);
    assert!(d["warning"].as_str().unwrap().contains("drops by 98.0%"));
}

#[test]
fn hours_preview_says_open_now_and_the_week() {
    // Monday 7 December 2026, 11:00
    let h = hours_json("Mo-Fr 10:00-18:00", "2026-12-07T11:00");
    assert_eq!(h["valid"], true);
    assert_eq!(h["open"], true);
    assert_eq!(h["week"][0]["spans"][0], "10:00-18:00");
    assert_eq!(h["week"][5]["spans"].as_array().unwrap().len(), 0);
    let free = hours_json("Mon - Fri: 10 AM - 6 PM", "2026-12-07T11:00");
    assert_eq!(free["valid"], false);
    assert_eq!(free["converted"], "Mo-Fr 10:00-18:00");
}

#[test]
fn a_geojson_source_is_corrected_in_place_and_keeps_its_lines() {
    let source = fixture("bad-libraries.geojson");
    let mapping = String::from_utf8(fixture("mapping-libraries.toml")).unwrap();
    let before = import_json(&source, "bad-libraries.geojson", &mapping);
    assert_eq!(
        (before["errors"].clone(), before["warnings"].clone()),
        (2.into(), 1.into())
    );
    // the form shows a nested object as JSON; the steward edits it as JSON
    let fixes = r#"[{"record": 1, "field": "ages", "value": "{\"from\": 6, \"to\": 18}"}]"#;
    let fixed = fix_json(&source, "bad-libraries.geojson", &mapping, fixes).unwrap();
    let after = import_json(&fixed, "bad-libraries.geojson", &mapping);
    assert_eq!(
        (after["errors"].clone(), after["warnings"].clone()),
        (1.into(), 1.into())
    );
    // the other problem keeps its line
    assert_eq!(after["problems"][0]["line"], 4);
    // a feature without geometry is given a position in the form's own field
    let record = record_json(&source, "bad-libraries.geojson", &mapping, 3);
    assert_eq!(record["fields"]["@geometry"], "");
    let placed = fix_json(
        &fixed,
        "bad-libraries.geojson",
        &mapping,
        r#"[{"record": 3, "field": "@geometry", "value": "-73.9465, 40.8116"}]"#,
    )
    .unwrap();
    let all = import_json(&placed, "bad-libraries.geojson", &mapping);
    assert_eq!(
        (all["features"].clone(), all["errors"].clone()),
        (4.into(), 0.into())
    );
    assert_eq!(
        record_json(&placed, "bad-libraries.geojson", &mapping, 3)["fields"]["@geometry"],
        "-73.9465, 40.8116"
    );
    assert_eq!(
        String::from_utf8(fixed).unwrap(),
        String::from_utf8(source)
            .unwrap()
            .replace(r#""from": 65, "to": 18"#, r#""from":6,"to":18"#)
    );
}

#[test]
fn the_page_gets_the_places_as_columns_and_the_fields_from_the_same_read() {
    let import = import_parts(
        &fixture("bad-spreadsheet.csv"),
        "bad-spreadsheet.csv",
        &mapping(),
        true,
    )
    .unwrap();
    let places = &import.summary["places"];
    assert_eq!(places["record"].as_array().unwrap().len(), 6);
    assert_eq!(places["id"][0], "sheet-s-1");
    assert_eq!(places["type"][0], "library");
    assert_eq!(places["line"][0], 2);
    assert_eq!(import.summary["delimiter"], ";");
    assert!(import.summary["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["field"] == "Breite" && f["target"] == "lat"));
    assert_eq!(import.dataset.spaces.len(), 6);
    assert!(import.summary.get("text").is_none());
}
