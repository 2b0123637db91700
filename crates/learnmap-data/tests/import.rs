//! Tests of `learnmap-data import`, run as a process: the fixtures in
//! `tests/import-fixtures/` and the real sets in `../shared/data/real`
//! with the mappings in `data/mappings/`.

use learnmap_core::{Audience, Dataset, LearningArea, LearningSpace, Severity};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_learnmap-data");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/import-fixtures");
const MAPPINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/mappings");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// A real set in `../shared/data/real`, or a return from the test, skipped
/// (said, and counted by `make test`) where the shared data is absent.
macro_rules! real {
    ($name:expr) => {
        learnmap_synth::shared_or_skip!(&format!("real/{}", $name))
            .to_string_lossy()
            .into_owned()
    };
}

/// A fresh scratch directory for one test, under target/.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("import-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Run {
    output: Output,
    text: String,
    data: Dataset,
}

impl Run {
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    fn code(&self) -> Option<i32> {
        self.output.status.code()
    }
    fn space(&self, id: &str) -> &LearningSpace {
        self.data
            .spaces
            .iter()
            .find(|s| s.id() == id)
            .unwrap_or_else(|| panic!("no place with id {id}"))
    }
}

/// Imports `input` with `mapping` into a file and loads the result.
fn import(test: &str, mapping: &str, input: &str, extra: &[&str]) -> Run {
    let out = scratch(test).join("out.geojson");
    let output = Command::new(BIN)
        .args(["import", "--mapping", mapping, input, "--out"])
        .arg(&out)
        .args(extra)
        .output()
        .expect("the binary runs");
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!(
            "no output ({e}); stderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let data = learnmap_core::load(&text).expect("the output is a FeatureCollection");
    Run { output, text, data }
}

fn csv_mapping() -> String {
    fixture("mapping-csv.toml")
}

fn assert_no_errors(run: &Run) {
    let errors: Vec<_> = run
        .data
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
}

#[test]
fn csv_with_semicolons_decimal_commas_and_spaced_headers() {
    let run = import(
        "semicolon",
        &csv_mapping(),
        &fixture("good-semicolon-decimal-comma.csv"),
        &[],
    );
    assert_no_errors(&run);
    assert_eq!(run.data.spaces.len(), 3);
    let altona = run.space("csv-hh-1");
    assert_eq!(altona.name(), "Bücherhalle Altona");
    assert_eq!(
        (altona.position.lon, altona.position.lat),
        (9.9352, 53.5503)
    );
    assert_eq!(altona.property_text("place_type"), Some("library"));
    // a quoted field keeps its delimiter
    assert_eq!(run.space("csv-hh-2").name(), "Volkshochschule; Zentrum");
    // free-text hours converted
    assert_eq!(
        run.space("csv-hh-3").property_text("opening_hours"),
        Some("Tu-Th 10:30-17:30")
    );
    assert_eq!(run.data.name.as_deref(), Some("CSV fixtures"));
}

#[test]
fn csv_with_tabs() {
    let run = import("tab", &csv_mapping(), &fixture("good-tab.tsv"), &[]);
    assert_no_errors(&run);
    assert_eq!(run.data.spaces.len(), 2);
    assert_eq!(
        run.space("csv-hh-2").property_text("place_type"),
        Some("adult_education")
    );
}

#[test]
fn csv_with_quoted_commas_and_quotes() {
    let run = import(
        "quoted",
        &csv_mapping(),
        &fixture("good-quoted-commas.csv"),
        &[],
    );
    assert_no_errors(&run);
    assert_eq!(run.space("csv-hh-1").name(), "Bücherhalle Altona, Zentrum");
    assert_eq!(run.space("csv-hh-2").name(), "Haus \"Eins\"");
    assert_eq!(
        run.space("csv-hh-2").property_text("opening_hours"),
        Some("Mo,We 10:00-18:00")
    );
}

#[test]
fn latin1_rows_are_reported_by_row_and_byte_unless_the_encoding_is_given() {
    let run = import("latin1", &csv_mapping(), &fixture("bad-latin1.csv"), &[]);
    let stderr = run.stderr();
    assert_eq!(run.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("bad-latin1.csv:2: error[not-utf8]: row 2 is not UTF-8: byte 0xFC in column 2 (\"name\")"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad-latin1.csv:3: error[not-utf8]"),
        "{stderr}"
    );
    assert_eq!(run.data.feature_count, 0);

    let run = import(
        "latin1-decoded",
        &fixture("mapping-csv-latin1.toml"),
        &fixture("bad-latin1.csv"),
        &[],
    );
    assert_no_errors(&run);
    assert_eq!(run.space("csv-hh-2").name(), "Kita Möwennest");
}

#[test]
fn rows_without_coordinates_are_errors_never_null_geometries() {
    let run = import(
        "missing",
        &csv_mapping(),
        &fixture("bad-missing-coordinates.csv"),
        &[],
    );
    let stderr = run.stderr();
    assert_eq!(run.code(), Some(1), "{stderr}");
    for expected in [
        "bad-missing-coordinates.csv:3: error[no-coordinates]: row 3 has no longitude/latitude",
        "bad-missing-coordinates.csv:4: error[bad-coordinates]: row 4",
        "bad-missing-coordinates.csv:5: error[missing-name]: row 5",
        "bad-missing-coordinates.csv:6: error[coordinates-swapped]: row 6",
        "imported 1 of 5 records",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }
    // only the good row is written, and no feature has a null geometry
    assert_eq!(run.data.feature_count, 1);
    assert!(!run.text.contains("null"));
}

#[test]
fn overpass_json_maps_osm_tags() {
    let run = import(
        "osm",
        &format!("{MAPPINGS}/osm-overpass.toml"),
        &fixture("good-overpass.json"),
        &[],
    );
    assert_no_errors(&run);
    assert_eq!(run.data.spaces.len(), 4);
    let library = run.space("osm-node-101");
    assert_eq!(library.name_in("en"), "Altona Public Library");
    assert_eq!(library.property_text("fee"), Some("free"));
    assert_eq!(library.property_text("wheelchair"), Some("yes"));
    assert_eq!(library.property_text("addr:postcode"), Some("22765"));
    assert!(library.opening_hours.is_some());
    let kita = run.space("osm-way-202");
    assert_eq!(kita.ages.range().unwrap(), (1, 6));
    assert_eq!(
        kita.property_text("website"),
        Some("https://kita.example.org")
    );
    assert_eq!(kita.property_text("phone"), Some("+49 40 456"));
    assert_eq!((kita.position.lon, kita.position.lat), (9.9571, 53.5702));
    assert_eq!(
        run.space("osm-node-303").property_text("place_type"),
        Some("makerspace")
    );
    assert_eq!(run.space("osm-node-303").property_text("fee"), Some("paid"));
    assert_eq!(
        run.space("osm-node-404").property_text("place_type"),
        Some("museum")
    );
}

#[test]
fn overpass_problems_are_located_in_the_input() {
    let run = import(
        "osm-bad",
        &format!("{MAPPINGS}/osm-overpass.toml"),
        &fixture("bad-overpass.json"),
        &[],
    );
    let stderr = run.stderr();
    assert_eq!(run.code(), Some(1), "{stderr}");
    for expected in [
        "bad-overpass.json:5: warning[hours-not-converted]: node 303",
        "bad-overpass.json:6: error[no-coordinates]: relation 505",
        "bad-overpass.json:7: error[missing-name]: node 606",
        "warning[untagged-elements]: 2 elements",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }
    // amenity=cafe is not a learning place, but leisure=hackerspace is
    let fablab = run.space("osm-node-303");
    assert_eq!(fablab.property_text("place_type"), Some("makerspace"));
    assert_eq!(
        fablab.property_text("opening_hours_note"),
        Some("Tu 18:00+ sometimes")
    );
    assert_eq!(fablab.property_text("opening_hours"), None);
}

#[test]
fn a_mapping_that_names_a_missing_field_is_a_usage_error() {
    let dir = scratch("bad-mapping");
    let mapping = dir.join("typo.toml");
    std::fs::write(
        &mapping,
        "[input]\nformat = \"csv\"\n[properties]\nid = \"{id}\"\nname = \"nam\"\n",
    )
    .unwrap();
    let output = Command::new(BIN)
        .args(["import", "--mapping"])
        .arg(&mapping)
        .arg(fixture("good-tab.tsv"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the mapping reads fields the input does not have: \"nam\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("the input's fields are: id, name, type"),
        "{stderr}"
    );
}

// ---- the real sets: one run each ----

#[test]
fn nyc_libraries() {
    let run = import(
        "nyc-libraries",
        &format!("{MAPPINGS}/nyc-libraries.toml"),
        &real!("nyc-cultural-institutions/map-libraries.geojson"),
        &[],
    );
    assert_no_errors(&run);
    // every library is kept
    assert_eq!(run.data.spaces.len(), 230);
    let lib = run.space("nyc-lib-115th-street-library");
    assert_eq!(lib.name(), "115th Street Library");
    assert_eq!(lib.property_text("addr:street"), Some("West 115th Street"));
    assert_eq!(lib.property_text("addr:housenumber"), Some("203"));
    assert_eq!(lib.property_text("addr:postcode"), Some("10026"));
    assert_eq!(lib.property_text("addr:city"), Some("New York"));
    assert_eq!(
        lib.property_text("opening_hours"),
        Some("Mo 12:00-19:00; Tu 11:00-18:00; We 12:00-19:00; Th 11:00-18:00; Fr-Sa 10:00-17:00")
    );
    assert_eq!(
        lib.property_text("website"),
        Some("https://www.nypl.org/locations/115th-street")
    );
    assert_eq!(lib.property_text("place_type"), Some("library"));
    assert!(lib.learning_areas.contains(LearningArea::Languages));
    assert!(lib.audiences.contains(Audience::Newcomers));
    // a text that is not hours is kept as a note, never as opening_hours
    let closed = run.space("nyc-lib-washington-heights-library");
    assert_eq!(closed.property_text("opening_hours"), None);
    assert_eq!(
        closed.property_text("opening_hours_note"),
        Some("Closed for renovation.")
    );
    // scheme-less links are completed, not dropped
    assert_eq!(
        run.space("nyc-lib-bay-ridge-library")
            .property_text("website"),
        Some("http://www.bklynlibrary.org/locations/bay-ridge")
    );
    let converted = run
        .data
        .spaces
        .iter()
        .filter(|s| s.opening_hours.is_some())
        .count();
    let notes = run
        .data
        .spaces
        .iter()
        .filter(|s| s.property_text("opening_hours_note").is_some())
        .count();
    // 222 converted; 8 texts with typos (10:00 PM - 6:00 PM), notices or a day named twice
    assert_eq!((converted, notes), (222, 8), "{}", run.stderr());
}

#[test]
fn nyc_museums() {
    let run = import(
        "nyc-museums",
        &format!("{MAPPINGS}/nyc-museums.toml"),
        &real!("nyc-cultural-institutions/map-museums.geojson"),
        &[],
    );
    assert_no_errors(&run);
    assert_eq!(run.data.spaces.len(), 63);
    let folk = run.space("nyc-museum-american-folk-art-museum");
    assert_eq!(
        folk.property_text("opening_hours"),
        Some("Tu-Th 10:30-17:30; Fr 10:30-19:30; Sa 10:30-17:30")
    );
    assert_eq!(folk.property_text("place_type"), Some("museum"));
    assert_eq!(folk.property_text("phone"), Some("(212) 265-1040"));
    let moma = run.space("nyc-museum-museum-of-modern-art");
    assert_eq!(
        moma.property_text("opening_hours"),
        Some("Mo,We,Th 10:30-17:30; Fr 10:30-20:00; Sa,Su 10:30-17:30")
    );
    // seasons are not converted: the text is kept as a note
    let seaport = run.space("nyc-museum-south-street-seaport-museum");
    assert!(seaport
        .property_text("opening_hours_note")
        .unwrap()
        .starts_with("April 1"));
    // the same input gives the same bytes
    let again = import(
        "nyc-museums-again",
        &format!("{MAPPINGS}/nyc-museums.toml"),
        &real!("nyc-cultural-institutions/map-museums.geojson"),
        &[],
    );
    assert!(again.text == run.text, "two imports differ");
}

#[test]
fn hamburg_schools_with_german_fields() {
    let run = import(
        "hamburg",
        &format!("{MAPPINGS}/hamburg-schools.toml"),
        &real!("hamburg-schools-wgs84.geojson"),
        &[],
    );
    assert_no_errors(&run);
    assert_eq!(run.data.spaces.len(), 581);
    assert!(run.data.problems.is_empty(), "{:?}", run.data.problems);
    let school = run.space("hh-schule-app-hh-schulen-dwh-45808");
    assert_eq!(
        school.name(),
        "Zukunftsschule Alsterpalais (Stadtteilschule)"
    );
    assert_eq!(school.property_text("place_type"), Some("school"));
    assert_eq!(school.ages.range().unwrap(), (10, 19));
    assert_eq!(
        school.property_text("addr:street"),
        Some("Alsterdorfer Straße")
    );
    assert_eq!(school.property_text("addr:housenumber"), Some("523"));
    assert_eq!(school.property_text("addr:postcode"), Some("22337"));
    assert_eq!(school.property_text("addr:city"), Some("Hamburg"));
    let count = |t: &str| {
        run.data
            .spaces
            .iter()
            .filter(|s| s.property_text("place_type") == Some(t))
            .count()
    };
    // 80 "Berufliche Schulen" are colleges; the other 501 are schools
    assert_eq!((count("school"), count("college")), (501, 80));
    let primary = run
        .data
        .spaces
        .iter()
        .filter(|s| s.ages.range() == Some((6, 10)))
        .count();
    assert_eq!(primary, 239);
}

#[test]
fn kenya_schools_at_scale_with_stable_ids() {
    let mapping = format!("{MAPPINGS}/kenya-schools.toml");
    let input = real!("kenya-schools.geojson");
    let run = import("kenya", &mapping, &input, &[]);
    assert_no_errors(&run);
    // every school is kept, including the 2,384 that share a coordinate
    assert_eq!(run.data.spaces.len(), 37_930);
    let first = run.space("ke-school-1");
    assert_eq!(first.name(), "Bakwanin");
    assert_eq!(first.ages.range().unwrap(), (6, 13));
    assert_eq!(first.property_text("addr:county"), Some("Baringo"));
    // "<NA>" is no value
    let voo = run.space("ke-school-29543");
    assert_eq!(voo.name(), "Voo Special Unit");
    assert_eq!(voo.property_text("addr:district"), None);
    assert_eq!(
        voo.property_text("source"),
        Some("Open Data Kenya, School 2007")
    );
    let secondary = run
        .data
        .spaces
        .iter()
        .filter(|s| s.ages.range().is_some_and(|r| r.0 == 14))
        .count();
    assert_eq!(secondary, 8_833);
    // ids come from objectid, so they do not depend on row order: no
    // duplicate was renamed
    assert!(!run.stderr().contains("duplicate-id"), "{}", run.stderr());
}

#[test]
fn us_library_systems_with_ids_unique_per_state() {
    let mapping = format!("{MAPPINGS}/us-library-systems.toml");
    let input = real!("us-public-library-systems-fy2022.geojson");
    let run = import("us", &mapping, &input, &[]);
    assert_no_errors(&run);
    assert_eq!(run.data.spaces.len(), 9_248);
    assert!(!run.stderr().contains("duplicate-id"), "{}", run.stderr());
    let anchor = run.space("us-pls-ak-ak0001-002");
    assert_eq!(anchor.name(), "Anchor Point Public Library");
    assert_eq!(anchor.property_text("addr:street"), Some("North Fork Road"));
    assert_eq!(anchor.property_text("addr:housenumber"), Some("34020"));
    assert_eq!(anchor.position.lat, 59.7796673); // rounded to 7 decimals
                                                 // the survey id "SOMERVILLE" is in two states
    assert_eq!(
        run.space("us-pls-al-somerville")
            .property_text("addr:state"),
        Some("AL")
    );
    assert_eq!(
        run.space("us-pls-ma-somerville")
            .property_text("addr:state"),
        Some("MA")
    );
}

/// The properties the import wrote for the feature with this id.
fn written(run: &Run, id: &str) -> serde_json::Map<String, serde_json::Value> {
    let collection: serde_json::Value = serde_json::from_str(&run.text).unwrap();
    collection["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["id"] == id)
        .unwrap_or_else(|| panic!("no feature {id}"))["properties"]
        .as_object()
        .unwrap()
        .clone()
}

// ---- issue 21: yes/no columns, OSM GeoJSON exports, nested fields ----

#[test]
fn yes_no_columns_become_list_values_in_every_interface_language() {
    let run = import(
        "boolean",
        &fixture("mapping-boolean.toml"),
        &fixture("good-boolean-columns.csv"),
        &[],
    );
    assert_no_errors(&run);
    assert_eq!(run.data.spaces.len(), 12);
    let list = |id: &str, key: &str| -> Vec<String> {
        match written(&run, id).get(key) {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect(),
            None => Vec::new(),
            other => panic!("{key} of {id} is {other:?}"),
        }
    };
    let areas = |id: &str| list(id, "learning_areas");
    let ages = |id: &str| list(id, "age_groups");
    let (digital, literacy, languages) = ("digital", "literacy", "languages");
    let (early, seniors) = ("early_years", "seniors");
    assert_eq!(areas("lib-b1"), vec![digital, literacy, languages]);
    assert_eq!(ages("lib-b1"), vec![early]);
    // no, 1.0, empty, no
    assert_eq!(areas("lib-b2"), vec![literacy, languages]);
    assert!(ages("lib-b2").is_empty());
    // yes in French, Spanish, German, Arabic, Portuguese, Chinese, Korean,
    // Russian and Swahili; no in the same languages
    for id in ["b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11"] {
        let id = format!("lib-{id}");
        assert_eq!(areas(&id), vec![digital], "{id}");
        assert!(ages(&id).contains(&early.to_owned()), "{id}");
    }
    assert_eq!(ages("lib-b3"), vec![early, seniors]);
    assert_eq!(ages("lib-b10"), vec![early]);
    // "maybe" is neither: a warning at its row, the other columns still count
    assert_eq!(areas("lib-b12"), vec![literacy, languages]);
    assert_eq!(ages("lib-b12"), vec![early, seniors]);
    let stderr = run.stderr();
    assert!(
        stderr.contains("good-boolean-columns.csv:13: warning[not-a-boolean]: the value \"maybe\" of \"DIH\" (row 13) is neither yes nor no for [when.learning_areas]; left out"),
        "{stderr}"
    );
}

#[test]
fn a_when_table_with_a_value_outside_the_vocabulary_is_a_mapping_error() {
    let dir = scratch("bad-when");
    let mapping = dir.join("when.toml");
    std::fs::write(
        &mapping,
        "[properties]\nid = \"{BranchID}\"\nname = \"Branch\"\n[when.learning_areas]\nDIH = \"digitl\"\n",
    )
    .unwrap();
    let output = Command::new(BIN)
        .args(["import", "--mapping"])
        .arg(&mapping)
        .arg(fixture("good-boolean-columns.csv"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("[when.learning_areas] \"DIH\": \"digitl\" is not a learning_areas value; did you mean \"digital\"?"),
        "{stderr}"
    );
}

#[test]
fn openstreetmap_geojson_exports_import_with_the_osm_mapping() {
    let run = import(
        "osm-geojson",
        &format!("{MAPPINGS}/osm-overpass.toml"),
        &fixture("good-osm-export.geojson"),
        &[],
    );
    assert_no_errors(&run);
    assert_eq!(run.data.spaces.len(), 4);
    // overpass turbo: @id "node/101"
    let library = run.space("osm-node-101");
    assert_eq!(library.property_text("fee"), Some("free"));
    assert_eq!(library.property_text("addr:housenumber"), Some("10"));
    assert_eq!(
        library.property_text("opening_hours"),
        Some("Mo-Fr 10:00-19:00")
    );
    // a way exported as a polygon: placed at the mean of its vertices
    let kita = run.space("osm-way-202");
    assert_eq!(written(&run, "osm-way-202")["age_min"], 1);
    assert_eq!(written(&run, "osm-way-202")["age_max"], 6);
    assert_eq!(
        kita.property_text("website"),
        Some("https://kita.example.org")
    );
    // osmtogeojson's older form: type, id and a tags object
    assert_eq!(
        run.space("osm-node-303").property_text("place_type"),
        Some("makerspace")
    );
    // QGIS / QuickOSM: full_id
    assert_eq!(
        run.space("osm-node-404").property_text("place_type"),
        Some("museum")
    );
    assert!(run.stderr().contains("warning[geometry-reduced]"));
    assert!(!run.stderr().contains("language"), "{}", run.stderr());
}

#[test]
fn nested_fields_and_a_missing_optional_field_is_a_warning() {
    let run = import(
        "nested",
        &fixture("mapping-nested.toml"),
        &fixture("good-nested-hours.geojson"),
        &[],
    );
    assert_no_errors(&run);
    let centre = run.space("nested-n1");
    assert_eq!(centre.property_text("phone"), Some("+1 212 555 0100"));
    assert_eq!(
        centre.property_text("website"),
        Some("https://riverside.example.org")
    );
    assert_eq!(
        centre.property_text("opening_hours"),
        Some("Mo 10:00-18:00; Tu 10:00-18:00; We 10:00-20:00; Th 10:00-18:00; Fr 10:00-17:00; Sa off; Su off")
    );
    assert_eq!(run.space("nested-n2").property_text("website"), None);
    let stderr = run.stderr();
    assert!(
        stderr.contains("good-nested-hours.geojson: warning[missing-field]: the mapping reads the field \"language\" for languages, but no record has it; it is left empty"),
        "{stderr}"
    );
}

const STEWARD_FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/e2e/fixtures/steward"
);

/// The workbench's spec compares its export with this file: the CLI must
/// write exactly these bytes. Also the bug that a CSV with Windows line
/// ends (as spreadsheet programs save it) had every row reported one line
/// too early.
#[test]
fn the_workbench_fixture_gives_the_committed_bytes_and_crlf_rows_keep_their_lines() {
    let run = import(
        "steward-fixture",
        &format!("{STEWARD_FIXTURES}/mapping-spreadsheet.toml"),
        &format!("{STEWARD_FIXTURES}/bad-spreadsheet.csv"),
        &[],
    );
    let expected_path = format!("{STEWARD_FIXTURES}/expected-spreadsheet.geojson");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &run.text).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    assert!(
        run.text == expected,
        "the CLI no longer writes {expected_path}"
    );
    let stderr = run.stderr();
    assert_eq!(run.code(), Some(1), "{stderr}");
    for expected in [
        "bad-spreadsheet.csv:4: error[no-coordinates]: row 4 has",
        "bad-spreadsheet.csv:5: warning[unmapped-value]: the value \"Lernhaus\" (row 5)",
        "bad-spreadsheet.csv:6: warning[duplicate-id]: row 6 has the id \"sheet-s-2\" of row 3 (line 3)",
        "bad-spreadsheet.csv:7: error[bad-coordinates]: row 7:",
        "bad-spreadsheet.csv:9: warning[not-a-boolean]: the value \"vielleicht\" of \"Digital\" (row 9)",
        "bad-spreadsheet.csv:11: error[missing-name]: row 11 has no name",
        "error[age-range-reversed]",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }
}
