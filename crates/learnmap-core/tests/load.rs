//! One test per fixture in `tests/fixtures` (see the README there).

use learnmap_core::{
    load, AgeGroup, Ages, Dataset, Error, Extra, Fee, Filter, LearningArea, LonLat, PlaceType,
    Problem, ProblemKind, Severity, SpaceIndex, Wheelchair,
};

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
    assert_eq!((space.id(), space.name()), ("m-1", "Bücherhalle"));
    assert_eq!((space.position.lon, space.position.lat), (9.9937, 53.5511));
    // no ages given, and no place type to imply them: not stated (not "everyone")
    assert_eq!(space.ages, Ages::NotStated);
    assert!(space.age_groups.is_empty());
}

#[test]
fn good_full_feature() {
    let data = load_fixture("good-full-feature.geojson");
    assert!(data.problems.is_empty(), "{:#?}", data.problems);
    let space = &data.spaces[0];
    assert_eq!(space.place_type, Some(PlaceType::Makerspace));
    assert_eq!(space.ages.range(), Some((8, 99)));
    assert!(space.learning_areas.contains(LearningArea::Digital));
    assert!(space.learning_areas.contains(LearningArea::ArtsCulture));
    assert_eq!(space.learning_areas.len(), 2);
    assert_eq!(space.name_in("en"), "Ottensen Makerspace");
    assert_eq!(space.name_in("fr"), "Makerspace Ottensen");
    assert_eq!(space.property_text("addr:postcode"), Some("22765"));
    // unknown properties are kept, not lost
    let extras: Vec<_> = space.extras().collect();
    assert_eq!(extras, [("x-internal-code", Extra::Json("42"))]);
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
    // a bare Point is valid GeoJSON, but no place: a learnmap error, not a GeoJSON one
    let data = load_fixture("bad-not-a-feature-collection.geojson");
    assert!(data.spaces.is_empty());
    let p = only_problem(&data);
    assert_eq!((p.code, p.severity), ("bare-geometry", Severity::Error));
    assert_eq!(p.kind(), ProblemKind::Data);
    assert!(p.message.contains("Point"), "{}", p.message);
    assert_eq!((p.line, p.column), (1, 1));
}

#[test]
fn bad_type_case() {
    match load(&fixture("bad-type-case.geojson")) {
        Err(e @ Error::NotFeatureCollection { .. }) => {
            assert_eq!(e.location(), Some((1, 10)), "at the type's value");
            assert!(e.to_string().contains("case sensitive"), "{e}");
        }
        other => panic!("expected NotFeatureCollection, got {other:?}"),
    }
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
    // reversed ages are ignored, and nothing else says which ages it serves
    assert_eq!(space.ages, Ages::NotStated);
}

#[test]
fn bad_missing_name_and_ids() {
    let data = load_fixture("bad-missing-name-and-ids.geojson");
    assert_eq!(codes(&data), ["duplicate-id", "missing-id", "missing-name"]);
    let ids: Vec<&str> = data.spaces.iter().map(|s| s.id()).collect();
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
    assert_eq!(
        space.property_text("website"),
        None,
        "javascript: link dropped"
    );
    assert_eq!(
        space.property_text("booking_url"),
        Some("https://example.org/book")
    );
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

/// (code, severity, line, column, pointer) of every problem.
fn located(data: &Dataset) -> Vec<(&str, Severity, usize, usize, &str)> {
    data.problems
        .iter()
        .map(|p| (p.code, p.severity, p.line, p.column, p.pointer.as_str()))
        .collect()
}

fn position(data: &Dataset, id: &str) -> LonLat {
    data.spaces
        .iter()
        .find(|s| s.id() == id)
        .unwrap_or_else(|| panic!("no place {id}"))
        .position
}

#[test]
fn bad_non_point_geometries() {
    let data = load_fixture("bad-non-point-geometries.geojson");
    assert_eq!(data.spaces.len(), 5, "every shape is kept, as a point");
    assert!(data
        .problems
        .iter()
        .all(|p| (p.code, p.severity) == ("non-point-geometry", Severity::Warning)));
    let at = |id| {
        let p = position(&data, id);
        (p.lon, p.lat)
    };
    assert_eq!(at("np-multipoint"), (9.95, 53.55), "its first point");
    assert_eq!(at("np-line"), (9.92, 53.52), "its middle vertex");
    // the U's bbox centre (9.15, 53.15) is in the gap; the point is in an arm
    let (lon, lat) = at("np-u-polygon");
    assert!(lat == 53.15 && (9.2..9.3).contains(&lon), "{lon}, {lat}");
    assert_eq!(
        at("np-multipolygon"),
        (10.1, 54.1),
        "inside the larger polygon"
    );
    assert_eq!(
        at("np-collection"),
        (9.99, 53.55),
        "its first usable member"
    );
    let p = &data.problems[2];
    assert_eq!(
        (p.line, p.column, p.pointer.as_str()),
        (6, 44, "/features/2/geometry/type")
    );
    assert!(p.message.contains("inside"), "{}", p.message);
}

#[test]
fn bad_invalid_geometries() {
    let data = load_fixture("bad-invalid-geometries.geojson");
    let ids: Vec<&str> = data.spaces.iter().map(|s| s.id()).collect();
    assert_eq!(ids, ["g-good"], "only the good feature is kept");
    use Severity::Error as E;
    assert_eq!(
        located(&data),
        [
            (
                "bad-coordinates",
                E,
                2,
                71,
                "/features/0/geometry/coordinates/0"
            ),
            (
                "bad-coordinates",
                E,
                4,
                73,
                "/features/1/geometry/coordinates"
            ),
            (
                "bad-coordinates",
                E,
                6,
                74,
                "/features/2/geometry/coordinates/1"
            ),
            ("bad-geometry", E, 8, 35, "/features/3/geometry"),
            ("bad-geometry", E, 10, 44, "/features/4/geometry/type"),
            (
                "bad-coordinates",
                E,
                12,
                76,
                "/features/5/geometry/coordinates/0"
            ),
            ("missing-geometry", E, 14, 3, "/features/6"),
            ("empty-geometry", E, 16, 35, "/features/7/geometry"),
        ]
    );
    assert!(data.problems[0].message.contains("first and last"));
    assert!(data.problems[4].message.contains("case sensitive"));
    assert!(data.problems[5].message.contains("nest it more deeply"));
    // structure errors are GeoJSON errors; an empty geometry is valid GeoJSON
    assert!(data.problems[..7].iter().all(Problem::is_geojson_error));
    assert_eq!(data.problems[7].kind(), ProblemKind::Data);
}

#[test]
fn bad_feature_structure() {
    let data = load_fixture("bad-feature-structure.geojson");
    let ids: Vec<&str> = data.spaces.iter().map(|s| s.id()).collect();
    assert_eq!(ids, ["7"], "a numeric Feature id is a valid id");
    use Severity::Error as E;
    assert_eq!(
        located(&data),
        [
            ("bad-properties", E, 3, 18, "/features/0/properties"),
            ("bad-id", E, 4, 29, "/features/1/id"),
            ("forbidden-member", E, 6, 38, "/features/2/coordinates"),
            ("missing-properties", E, 8, 3, "/features/3"),
            ("not-a-feature", E, 9, 12, "/features/4/type"),
            ("not-a-feature", E, 11, 3, "/features/5"),
        ]
    );
    assert!(data.problems.iter().all(Problem::is_geojson_error));
}

#[test]
fn bad_non_finite_numbers() {
    // JSON has no NaN or Infinity: each feature holding one is skipped, the rest load
    let data = load_fixture("bad-non-finite-numbers.geojson");
    let ids: Vec<&str> = data.spaces.iter().map(|s| s.id()).collect();
    assert_eq!(ids, ["nf-good"]);
    use Severity::Error as E;
    assert_eq!(
        located(&data),
        [
            (
                "non-finite-number",
                E,
                2,
                69,
                "/features/0/geometry/coordinates/0"
            ),
            (
                "non-finite-number",
                E,
                5,
                70,
                "/features/1/properties/age_max"
            ),
        ]
    );
    assert_eq!(data.problems[0].message, "NaN is not a JSON number");
    assert_eq!(data.problems[1].feature_id.as_deref(), Some("nf-inf"));
    assert!(data.problems[0].hint.contains("NaN or Infinity"));
}

#[test]
fn bad_duplicate_keys() {
    let data = load_fixture("bad-duplicate-keys.geojson");
    let p = only_problem(&data);
    assert_eq!((p.code, p.severity), ("duplicate-key", Severity::Warning));
    // at the second "name" key, not at the decoy inside the description
    assert_eq!((p.line, p.column), (4, 19));
    assert_eq!(p.pointer, "/features/0/properties");
    assert!(p.message.contains("last value was kept"), "{}", p.message);
    assert_eq!(
        data.spaces[0].name(),
        "Second name",
        "serde_json keeps the last"
    );
}

#[test]
fn bad_unsafe_link_schemes() {
    let data = load_fixture("bad-unsafe-link-schemes.geojson");
    assert_eq!(data.spaces.len(), 4, "links are dropped, places kept");
    let dropped: Vec<(usize, &str)> = data
        .problems
        .iter()
        .map(|p| {
            assert_eq!((p.code, p.severity), ("unsafe-link", Severity::Warning));
            (
                p.feature_index.unwrap(),
                p.pointer.rsplit('/').next().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        dropped,
        [
            (0, "website"),     // data:
            (0, "booking_url"), // VbScript: (mixed case)
            (0, "email"),       // javascript: in an email
            (0, "phone"),       // JAVASCRIPT: in a phone
            (1, "website"),     // a control character before javascript:
            (1, "booking_url"), // a tab inside "javascript:"
        ]
    );
    for space in &data.spaces[..2] {
        for key in ["website", "booking_url", "email", "phone"] {
            assert_eq!(space.property_text(key), None, "{} {key}", space.id());
        }
    }
    let good = &data.spaces[2];
    assert_eq!(
        good.property_text("website"),
        Some("HTTPS://example.org/"),
        "trimmed"
    );
    assert_eq!(good.property_text("email"), Some("mailto:info@example.org"));
    assert_eq!(good.property_text("phone"), Some("tel:+4940123456"));
    let plain = &data.spaces[3];
    assert_eq!(plain.property_text("email"), Some("info@example.org"));
    assert_eq!(plain.property_text("phone"), Some("+49 40 123456"));
}

#[test]
fn bad_coordinates_out_of_range() {
    let data = load_fixture("bad-coordinates-out-of-range.geojson");
    assert_eq!(data.spaces.len(), 1);
    let p = only_problem(&data);
    assert_eq!(
        (p.code, p.severity),
        ("coordinates-out-of-range", Severity::Error)
    );
    assert_eq!((p.line, p.column), (2, 68));
    assert_eq!(p.feature_id.as_deref(), Some("r-1"));
}

/// One place at (10, 53.5) with id "a", name "A" and `key` set to the
/// JSON `value`, loaded; the codes of its problems beside.
fn one_place(key: &str, value: &str) -> (Dataset, Vec<String>) {
    let text = format!(
        r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature",
           "geometry": {{"type": "Point", "coordinates": [10, 53.5]}},
           "properties": {{"id": "a", "name": "A", "{key}": {value}}}}}]}}"#
    );
    let data = load(&text).unwrap();
    let problems = codes(&data).into_iter().map(str::to_owned).collect();
    (data, problems)
}

/// Subjects are read in one pass when they are plain strings, else item by
/// item: both give the same trimmed, non-blank list.
#[test]
fn subjects_plain_escaped_and_mixed_read_alike() {
    let subjects = |list: &str| {
        let (data, _) = one_place("subjects", list);
        data.spaces[0]
            .subjects()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let want = vec!["Python".to_owned(), "Chess".to_owned()];
    assert_eq!(subjects(r#"[" Python ", "", "  ", "Chess"]"#), want);
    assert_eq!(subjects(r#"[" Pyth\u006fn ", "", "Chess"]"#), want);
    assert_eq!(subjects(r#"["Python", 7, "Chess"]"#), want);
    assert_eq!(subjects(r#"" Python ""#), vec!["Python".to_owned()]);
    assert_eq!(subjects("[]"), Vec::<String>::new());
}

/// A list of known values is read in one pass when its items are plain
/// strings, else item by item, with a warning for an unknown one: both
/// give the same set.
#[test]
fn learning_areas_plain_escaped_and_unknown_read_alike() {
    let areas = |list: &str| {
        let (data, problems) = one_place("learning_areas", list);
        (format!("{:?}", data.spaces[0].learning_areas), problems)
    };
    let (plain, none) = areas(r#"["digital", " languages "]"#);
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(
        areas(r#"["digit\u0061l", "languages"]"#),
        (plain.clone(), vec![])
    );
    let (with_unknown, warned) = areas(r#"["digital", "languages", "basket weaving"]"#);
    assert_eq!(with_unknown, plain);
    assert_eq!(warned, ["unknown-value"]);
    assert_eq!(areas("[]").1, Vec::<String>::new());
}

/// Languages, likewise: plain, escaped, with a bad tag.
#[test]
fn languages_plain_escaped_and_bad_read_alike() {
    let languages = |list: &str| {
        let (data, problems) = one_place("languages", list);
        let tags: Vec<String> = data.spaces[0].languages().map(str::to_owned).collect();
        (tags, problems)
    };
    let want = vec!["de".to_owned(), "pt-BR".to_owned()];
    assert_eq!(
        languages(r#"["de", " ", " pt-BR "]"#),
        (want.clone(), vec![])
    );
    assert_eq!(languages(r#"["d\u0065", "pt-BR"]"#), (want.clone(), vec![]));
    assert_eq!(
        languages(r#"["de", "Deutsch!", "pt-BR"]"#),
        (want, vec!["bad-language".to_owned()])
    );
}

#[test]
fn good_bbox() {
    let data = load_fixture("good-bbox.geojson");
    assert_eq!(data.spaces.len(), 3);
    assert_eq!(codes(&data), Vec::<&str>::new());
    let b = data.declared_extent.expect("the bbox");
    assert_eq!(
        (b.west, b.south, b.east, b.north),
        (9.93, 53.53, 10.02, 53.58)
    );
    // known before a feature is read: where the map can start
    let text = fixture("good-bbox.geojson");
    let loading = learnmap_core::Loading::start(&text, &Default::default()).unwrap();
    assert_eq!(
        (loading.remaining(), loading.declared_extent()),
        (3, Some(b))
    );
}

/// A bbox that leaves places out would start the map where they are not.
#[test]
fn bad_bbox_leaves_out() {
    let data = load_fixture("bad-bbox-leaves-out.geojson");
    assert_eq!(data.spaces.len(), 3);
    let p = only_problem(&data);
    assert_eq!((p.code, p.severity), ("bbox-leaves-out", Severity::Warning));
    assert_eq!((p.line, p.column, p.pointer.as_str()), (2, 10, "/bbox"));
    assert!(
        p.message.contains("leaves out 2 of its 3 places"),
        "{}",
        p.message
    );
    assert!(p.message.contains("\"y-2\""), "{}", p.message);
    // still stated: the app refits when the places come
    assert!(data.declared_extent.is_some());
}

/// No usable extent: none, a malformed one, one across the antimeridian.
#[test]
fn a_bbox_that_cannot_place_the_map_is_not_declared() {
    for (bbox, problem) in [
        ("", None),
        (r#""bbox": [1, 2, 3],"#, Some("bad-bbox")),
        (r#""bbox": [170, -20, -170, 20],"#, None),
        (r#""bbox": [9, 53, 11, 52],"#, None),
    ] {
        let text = format!(
            r#"{{"type": "FeatureCollection", {bbox} "features": [{{"type": "Feature",
               "geometry": {{"type": "Point", "coordinates": [10, 53.5]}}, "properties": {{"id": "a", "name": "A"}}}}]}}"#
        );
        let data = load(&text).unwrap();
        assert_eq!(data.declared_extent, None, "{bbox}");
        assert_eq!(data.problems.first().map(|p| p.code), problem, "{bbox}");
    }
    // with heights: [west, south, low, east, north, high]
    let text = r#"{"type": "FeatureCollection", "bbox": [9, 53, 0, 11, 54, 100], "features": []}"#;
    let b = load(text).unwrap().declared_extent.unwrap();
    assert_eq!((b.west, b.south, b.east, b.north), (9.0, 53.0, 11.0, 54.0));
}

#[test]
fn bad_crs_member() {
    let data = load_fixture("bad-crs-member.geojson");
    assert_eq!(data.spaces.len(), 1);
    let p = only_problem(&data);
    assert_eq!((p.code, p.severity), ("crs-member", Severity::Warning));
    assert_eq!((p.line, p.column, p.pointer.as_str()), (2, 9, "/crs"));
}

#[test]
fn bad_opening_hours_and_languages() {
    let data = load_fixture("bad-opening-hours-and-languages.geojson");
    assert_eq!(data.spaces.len(), 1);
    assert_eq!(
        located(&data),
        [
            (
                "bad-language",
                Severity::Warning,
                4,
                39,
                "/features/0/properties/languages/1"
            ),
            (
                "bad-opening-hours",
                Severity::Warning,
                3,
                67,
                "/features/0/properties/opening_hours"
            ),
        ]
    );
    assert!(
        data.problems[1].message.contains("at character 7"),
        "{}",
        data.problems[1].message
    );
    let space = &data.spaces[0];
    assert_eq!(space.languages().collect::<Vec<_>>(), ["de", "pt-BR"]);
    assert!(space.opening_hours.is_none());
}

#[test]
fn bad_location_decoys() {
    // bug: the location was found by searching for the quoted key, which hit
    // the key inside the description and in a nested object first
    let data = load_fixture("bad-location-decoys.geojson");
    let p = only_problem(&data);
    assert_eq!(p.code, "unknown-value");
    assert_eq!((p.line, p.column), (6, 20), "at the real value");
    assert_eq!(p.hint, "did you mean \"museum\"?");
}

/// Bug (found by the fuzzer): with a byte order mark, NaN tokens were
/// patched 3 bytes off, so the file failed whole (or the loader panicked).
#[test]
fn bad_bom_and_nan() {
    let data = load_fixture("bad-bom-and-nan.geojson");
    assert_eq!(
        data.spaces.iter().map(|s| s.id()).collect::<Vec<_>>(),
        ["ok"]
    );
    let codes: Vec<&str> = data.problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, ["bom", "non-finite-number"], "{:#?}", data.problems);
    let nan = &data.problems[1];
    // line 2, where `NaN` starts (columns count characters; the BOM is on line 1)
    assert_eq!((nan.line, nan.column), (2, 69));
}

/// Bug: whole-file errors at the start of a line said column 0; columns are 1-based.
#[test]
fn whole_file_errors_have_1_based_columns() {
    for text in ["", "\n", "[1,", "{\"type\": \"FeatureCollection\",\n"] {
        let err = load(text).unwrap_err();
        let (_, column) = err.location().unwrap();
        assert!(column >= 1, "{text:?}: {err}");
    }
}

#[test]
fn good_not_stated() {
    // issue 18: unknown stays unknown
    let data = load_fixture("good-not-stated.geojson");
    assert!(data.problems.is_empty(), "{:#?}", data.problems);
    let place = |id: &str| data.spaces.iter().find(|s| s.id() == id).unwrap();
    let typical = |min, max| Ages::Typical { min, max };
    let stated = |min, max| Ages::Stated { min, max };
    for (id, ages) in [
        ("nothing", Ages::NotStated),
        ("library", Ages::NotStated),
        ("uni", typical(18, 120)),
        ("adult-ed", typical(18, 120)),
        ("kita", typical(0, 6)),
        ("school", typical(6, 18)),
        ("uni-kids", stated(6, 11)),
        ("from-8", stated(8, 120)),
        ("everyone", stated(0, 120)),
        ("blank", Ages::NotStated),
    ] {
        assert_eq!(place(id).ages, ages, "{id}");
    }
    assert!(place("nothing").age_groups.is_empty());
    assert_eq!(
        place("kita").age_groups.iter().collect::<Vec<_>>(),
        [AgeGroup::EarlyYears, AgeGroup::Children]
    );
    // wheelchair, fee, hours, languages: stated, or not (null and blank are not stated)
    let said = place("stated");
    assert_eq!(said.wheelchair, Some(Wheelchair::No));
    assert_eq!(said.fee, Some(Fee::Paid));
    assert!(said.opening_hours.is_some());
    assert_eq!(said.languages().collect::<Vec<_>>(), ["de"]);
    for id in ["nothing", "blank"] {
        let s = place(id);
        assert_eq!((s.wheelchair, s.fee), (None, None), "{id}");
        assert!(
            s.opening_hours.is_none() && s.opening_hours_text().is_none(),
            "{id}"
        );
        assert_eq!(s.languages().count(), 0, "{id}");
    }
    // a 4-year-old: the kindergarten and those stating 4, never a university,
    // a school or adult education, and not the places that say nothing
    let four = Filter {
        ages: Some((4, 4)),
        ..Filter::default()
    };
    let index = SpaceIndex::new(&data.spaces);
    let at = LonLat {
        lon: 9.99,
        lat: 53.55,
    };
    let mut found: Vec<&str> = index
        .nearest(&data.spaces, at, 100, &four)
        .iter()
        .map(|h| data.spaces[h.index].id())
        .collect();
    found.sort_unstable();
    assert_eq!(found, ["everyone", "kita"]);
    // counted apart, and shown on request
    let facets = index.facets(&data.spaces, &four, None);
    assert_eq!(facets.unstated_ages, 4, "nothing, library, stated, blank");
    let with_them = Filter {
        unstated_ages: true,
        ..four
    };
    assert_eq!(index.nearest(&data.spaces, at, 100, &with_them).len(), 6);
}

/// Loading in steps gives exactly what loading in one go gives, whatever
/// the step: every fixture (good and bad), and a seeded collection whose
/// repeated ids, bad coordinates and opening hours fall across the steps.
#[test]
fn loading_in_steps_equals_loading_at_once() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "geojson"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    texts.sort();
    // seeded: ids repeat every 37 features, one in 11 has its coordinates swapped out of range
    let mut state = 42u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let features: Vec<String> = (0..500)
        .map(|i| {
            let (lon, lat) = (9.9 + f64::from(next() % 1000) / 5000.0, 53.5 + f64::from(next() % 1000) / 5000.0);
            let (lon, lat) = if i % 11 == 5 { (lat * 3.0, lon * 20.0) } else { (lon, lat) };
            let id = if i % 37 == 36 { format!("p{}", i - 1) } else { format!("p{i}") };
            let hours = ["Mo-Fr 09:00-17:00", "Sa 10:00-14:00", "nonsense"][(next() % 3) as usize];
            format!(
                r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{lon},{lat}]}},"properties":{{"id":"{id}","name":"Place {i}","opening_hours":"{hours}"}}}}"#
            )
        })
        .collect();
    texts.push((
        "seeded".into(),
        format!(
            r#"{{"type":"FeatureCollection","name":"seeded","features":[{}]}}"#,
            features.join(",\n")
        ),
    ));
    let options = learnmap_core::LoadOptions {
        max_problems: 40,
        ..Default::default()
    };
    for (name, text) in &texts {
        let once = learnmap_core::load_with(text, &options);
        for step in [1, 2, 7, 1000] {
            let stepped = learnmap_core::Loading::start(text, &options).and_then(|mut loading| {
                let total = loading.remaining();
                let mut steps = 0;
                while loading.step(step) {
                    steps += 1;
                }
                assert_eq!(loading.remaining(), 0, "{name}");
                let data = loading.finish()?;
                // (a feature that is not JSON ends the steps early: the file fails)
                if total > step {
                    assert_eq!(steps, total.div_ceil(step) - 1, "{name}: steps of {step}");
                }
                Ok(data)
            });
            match (&once, &stepped) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.spaces, b.spaces, "{name}, steps of {step}");
                    assert_eq!(a.problems, b.problems, "{name}, steps of {step}");
                    assert_eq!(
                        (a.problems_omitted, a.feature_count, &a.name),
                        (b.problems_omitted, b.feature_count, &b.name),
                        "{name}, steps of {step}"
                    );
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
                _ => panic!("{name}: one load failed and the other did not"),
            }
        }
    }
    let seeded = learnmap_core::load_with(&texts.last().unwrap().1, &options).unwrap();
    assert!(
        seeded.problems.iter().any(|p| p.code == "duplicate-id"),
        "the seeded file repeats ids"
    );
    assert!(
        seeded.problems_omitted > 0,
        "the seeded file passes the problem limit"
    );
}
