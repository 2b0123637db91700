//! One test per fixture in `tests/fixtures` (see the README there).

use learnmap_core::{load, Dataset, Error, LearningArea, PlaceType, Problem, Severity};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load_fixture(name: &str) -> Dataset {
    load(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn only_problem(data: &Dataset) -> &Problem {
    assert_eq!(data.problems.len(), 1, "{:#?}", data.problems);
    &data.problems[0]
}

fn codes(data: &Dataset) -> Vec<&str> {
    data.problems.iter().map(|p| p.code).collect()
}

#[test]
fn good_minimal() {
    let data = load_fixture("good-minimal.geojson");
    assert_eq!(data.spaces.len(), 1);
    assert!(data.problems.is_empty(), "{:#?}", data.problems);
    let space = &data.spaces[0];
    assert_eq!(
        (space.id.as_str(), space.name.as_str()),
        ("m-1", "Bücherhalle")
    );
    assert_eq!((space.position.lon, space.position.lat), (9.9937, 53.5511));
    // no ages given: open to everyone
    assert_eq!((space.age_min, space.age_max), (0, 120));
}

#[test]
fn good_full_feature() {
    let data = load_fixture("good-full-feature.geojson");
    assert!(data.problems.is_empty(), "{:#?}", data.problems);
    let space = &data.spaces[0];
    assert_eq!(space.place_type, Some(PlaceType::Makerspace));
    assert_eq!((space.age_min, space.age_max), (8, 99));
    assert!(space.learning_areas.contains(LearningArea::Digital));
    assert!(space.learning_areas.contains(LearningArea::ArtsCulture));
    assert_eq!(space.learning_areas.len(), 2);
    assert_eq!(space.name_in("en"), "Ottensen Makerspace");
    assert_eq!(space.name_in("fr"), "Makerspace Ottensen");
    assert_eq!(space.text("addr:postcode"), Some("22765"));
    // unknown properties are kept, not lost
    assert_eq!(space.properties["x-internal-code"], 42);
}

#[test]
fn bad_not_json() {
    match load(&fixture("bad-not-json.geojson")) {
        Err(Error::NotJson { line, column, .. }) => assert_eq!((line, column), (3, 48)),
        other => panic!("expected NotJson, got {other:?}"),
    }
}

#[test]
fn bad_not_a_feature_collection() {
    let err = load(&fixture("bad-not-a-feature-collection.geojson")).unwrap_err();
    assert!(matches!(err, Error::NotFeatureCollection { .. }), "{err:?}");
    assert!(err.to_string().contains("\"Point\""), "{err}");
}

#[test]
fn bad_null_geometry() {
    let data = load_fixture("bad-null-geometry.geojson");
    assert_eq!(data.spaces.len(), 1, "the good feature is kept");
    assert_eq!(data.skipped(), 1);
    let p = only_problem(&data);
    assert_eq!((p.severity, p.code), (Severity::Error, "null-geometry"));
    assert_eq!((p.line, p.feature_index), (4, Some(1)));
    assert_eq!(p.feature_id.as_deref(), Some("no-geom"));
    assert_eq!(p.pointer, "/features/1/geometry");
    assert!(!p.hint.is_empty());
}

#[test]
fn bad_projected_coordinates() {
    let data = load_fixture("bad-projected-coordinates.geojson");
    assert!(data.spaces.is_empty());
    let p = only_problem(&data);
    assert_eq!(p.code, "projected-coordinates");
    assert!(p.hint.contains("WGS84"), "{}", p.hint);
}

#[test]
fn bad_swapped_coordinates() {
    let data = load_fixture("bad-swapped-coordinates.geojson");
    assert!(data.spaces.is_empty());
    let p = only_problem(&data);
    assert_eq!(p.code, "coordinates-swapped");
    assert!(p.hint.contains("[179.5, 53.55]"), "{}", p.hint);
}

#[test]
fn bad_unknown_values() {
    let data = load_fixture("bad-unknown-values.geojson");
    assert_eq!(data.spaces.len(), 1, "warnings keep the feature");
    assert_eq!(
        codes(&data),
        ["unknown-value", "unknown-value", "age-range-reversed"]
    );
    assert!(data
        .problems
        .iter()
        .all(|p| p.severity == Severity::Warning));
    assert_eq!(data.problems[0].hint, "did you mean \"library\"?");
    assert_eq!(data.problems[1].hint, "did you mean \"health\"?");
    assert_eq!(data.problems[0].line, 3);
    let space = &data.spaces[0];
    assert_eq!(space.place_type, None);
    assert_eq!(
        space.learning_areas.iter().collect::<Vec<_>>(),
        [LearningArea::Digital]
    );
    assert_eq!((space.age_min, space.age_max), (0, 120));
}

#[test]
fn bad_missing_name_and_ids() {
    let data = load_fixture("bad-missing-name-and-ids.geojson");
    assert_eq!(codes(&data), ["duplicate-id", "missing-id", "missing-name"]);
    let ids: Vec<&str> = data.spaces.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["dup", "dup~1", "#2"]);
    assert_eq!(data.problems[2].severity, Severity::Error);
    assert_eq!(data.problems[2].feature_id.as_deref(), Some("nameless"));
}

#[test]
fn bad_unsafe_links() {
    let data = load_fixture("bad-unsafe-links.geojson");
    let p = only_problem(&data);
    assert_eq!((p.code, p.severity), ("unsafe-link", Severity::Warning));
    let space = &data.spaces[0];
    assert_eq!(space.text("website"), None, "javascript: link dropped");
    assert_eq!(space.text("booking_url"), Some("https://example.org/book"));
}

#[test]
fn bad_deeply_nested() {
    // no stack overflow: the nested feature is refused, located, with a clear message
    let data = load_fixture("bad-deeply-nested.geojson");
    assert!(data.spaces.is_empty());
    let p = only_problem(&data);
    assert_eq!((p.code, p.severity), ("bad-feature", Severity::Error));
    assert_eq!((p.line, p.column), (1, 44));
    assert_eq!(
        p.message,
        "the feature could not be read: recursion limit exceeded"
    );
}

#[test]
fn bad_bom() {
    let data = load_fixture("bad-bom.geojson");
    assert_eq!(data.spaces.len(), 1);
    assert_eq!(only_problem(&data).code, "bom");
}

#[test]
fn size_cap_refuses_large_files() {
    let text = fixture("good-minimal.geojson");
    let options = learnmap_core::LoadOptions {
        max_bytes: 100,
        ..Default::default()
    };
    let err = learnmap_core::load_with(&text, &options).unwrap_err();
    assert_eq!(
        err,
        Error::TooLarge {
            size: text.len(),
            limit: 100
        }
    );
}

#[test]
fn problems_past_the_limit_are_counted_not_listed() {
    let text = fixture("bad-null-geometry.geojson");
    let options = learnmap_core::LoadOptions {
        max_problems: 0,
        ..Default::default()
    };
    let data = learnmap_core::load_with(&text, &options).unwrap();
    assert!(data.problems.is_empty());
    assert_eq!(data.problems_omitted, 1);
}
