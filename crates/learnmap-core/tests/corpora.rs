//! The loader against validator corpora and real data written by others, in
//! `../shared/data` (see its README.md and PROVENANCE.tsv). One test per
//! corpus folder; a failing test lists every file that failed.
//!
//! "GeoJSON error" below means a whole-file [`Error`] with a line and column,
//! or a [`Problem`] of severity error whose code is a GeoJSON-validity code
//! ([`ProblemKind::GeoJson`], table in `data/README.md`), located at line ≥ 1.
//! Learning-space data problems (no name, a bare geometry instead of places,
//! out-of-range coordinates...) are not GeoJSON errors.

use learnmap_core::{load, Dataset, Error, ProblemKind, Severity};
use std::path::{Path, PathBuf};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn shared(rel: &str) -> PathBuf {
    let path = Path::new(SHARED).join(rel);
    assert!(
        path.exists(),
        "{} is absent: these tests need the shared real-data folder beside the repository (../shared/data, see its README.md)",
        path.display()
    );
    path
}

/// Every file under `dir` (recursively) whose name ends with one of `exts`, sorted.
fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if exts.is_empty() || exts.iter().any(|e| path.to_string_lossy().ends_with(e)) {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no files in {}", dir.display());
    out
}

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{}: not UTF-8: {e}", path.display()))
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// A description of the file's first located GeoJSON error, if it has one.
fn geojson_error(result: &Result<Dataset, Error>) -> Option<String> {
    match result {
        Err(e) => e
            .location()
            .filter(|(line, _)| *line >= 1)
            .map(|_| e.to_string()),
        Ok(data) => data
            .problems
            .iter()
            .find(|p| p.is_geojson_error() && p.line >= 1 && p.column >= 1)
            .map(|p| p.to_string()),
    }
}

/// Files in geojsonhint's `bad` folder that are not errors by geojsonhint's
/// own `.result` (empty, or `"level": "message"` only) or by RFC 7946, with
/// the GeoJSON warning the loader gives instead (or none).
const HINT_NOT_ERRORS: &[(&str, Option<&str>)] = &[
    // geojsonhint's own result is []
    ("excessive_precision_truncated.geojson", None),
    // right-hand rule: RFC 7946 §3.1.6 says parsers SHOULD NOT reject; geojsonhint level "message"
    ("polygon_winding_order.geojson", None),
    ("bad-polygon-interiorring-rhr.geojson", None),
    // RFC 7946 has no rule against it; check-geojson dropped this fixture from its bad set
    (
        "geometrycollection_single.geojson",
        Some("single-geometry-collection"),
    ),
];

#[test]
fn geojsonhint_bad_files_each_give_a_located_geojson_error() {
    let dir = shared("invalid/mapbox-geojsonhint/test/data/bad");
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in files(&dir, &[".geojson"]) {
        let result = load(&read(&path));
        let file = name(&path);
        checked += 1;
        match HINT_NOT_ERRORS.iter().find(|(f, _)| *f == file) {
            Some((_, warning)) => {
                if let Some(e) = geojson_error(&result) {
                    failures.push(format!("{file}: listed as not an error, but {e}"));
                }
                if let Some(code) = warning {
                    let warned = result
                        .as_ref()
                        .is_ok_and(|d| d.problems.iter().any(|p| p.code == *code));
                    if !warned {
                        failures.push(format!("{file}: no {code} warning: {result:?}"));
                    }
                }
            }
            None => {
                if geojson_error(&result).is_none() {
                    failures.push(format!("{file}: no located GeoJSON error: {result:?}"));
                }
            }
        }
    }
    assert_eq!(checked, 44, "geojsonhint has 44 bad files");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The issue's own criterion: every bad file, fed to the loader as a
/// learnmap data file, yields at least one located error (of any kind:
/// the four files above that are valid GeoJSON are bare geometries, not
/// FeatureCollections of places, which is an error for learnmap).
#[test]
fn geojsonhint_bad_files_each_give_a_located_error_of_some_kind() {
    let dir = shared("invalid/mapbox-geojsonhint/test/data/bad");
    let mut failures = Vec::new();
    for path in files(&dir, &[".geojson"]) {
        let file = name(&path);
        match load(&read(&path)) {
            Err(e) => {
                if e.location()
                    .is_none_or(|(line, column)| line < 1 || column < 1)
                {
                    failures.push(format!("{file}: unlocated {e}"));
                }
            }
            Ok(d) => {
                let located = d
                    .problems
                    .iter()
                    .any(|p| p.severity == Severity::Error && p.line >= 1 && p.column >= 1);
                if !located {
                    failures.push(format!("{file}: no located error: {:?}", d.problems));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn assert_no_geojson_errors(dir: &Path) -> usize {
    let mut failures = Vec::new();
    let paths = files(dir, &[".geojson"]);
    for path in &paths {
        let result = load(&read(path));
        if let Some(e) = geojson_error(&result) {
            failures.push(format!("{}: {e}", name(path)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    paths.len()
}

#[test]
fn geojsonhint_good_files_have_no_geojson_errors() {
    let n = assert_no_geojson_errors(&shared("invalid/mapbox-geojsonhint/test/data/good"));
    assert_eq!(n, 18);
}

#[test]
fn check_geojson_bad_files_each_give_a_located_geojson_error() {
    // check-geojson's bad.test.ts expects every file in fixture/bad to throw,
    // including the `.cli-output-json` files (JSON arrays, not GeoJSON)
    let dir = shared("invalid/placemark-check-geojson/test/fixture/bad");
    let mut failures = Vec::new();
    let paths = files(&dir, &[]);
    for path in &paths {
        let result = load(&read(path));
        if geojson_error(&result).is_none() {
            failures.push(format!(
                "{}: no located GeoJSON error: {result:?}",
                name(path)
            ));
        }
    }
    assert!(paths.len() >= 50, "{} files", paths.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn check_geojson_good_files_have_no_geojson_errors() {
    let n = assert_no_geojson_errors(&shared("invalid/placemark-check-geojson/test/fixture/good"));
    assert_eq!(n, 17);
}

#[test]
fn georust_fixtures_are_valid_geojson() {
    // the Rust geojson crate's fixtures are valid and canonical
    let n = assert_no_geojson_errors(&shared("invalid/georust-geojson/tests/fixtures"));
    assert!(n >= 18, "{n}");
}

#[test]
fn turf_boolean_valid_files_load_without_panicking() {
    // turf's "false" files are geometrically invalid (self-touching rings,
    // spikes, overlaps) as well as structurally invalid; the loader checks
    // structure only, so it must not panic and must flag the structural ones
    let dir = shared("invalid/turf-boolean-valid/test");
    let mut failures = Vec::new();
    for path in files(&dir, &[".geojson"]) {
        let result = load(&read(&path));
        let rel = path.strip_prefix(&dir).unwrap().display().to_string();
        let structural = [
            "false/GeometryCollection/malformed-geometry-in-collection",
            "false/GeometryCollection/nested-collection",
            "false/GeometryCollection/no-type-in-nested-geometry",
            "false/GeometryCollection/non-geometry-in-collection",
            "false/Polygon/not-closing-ring",
            "false/Polygon/not-enough-coords",
            "false/MultiPolygon/not-enough-coords",
        ];
        let has_error = geojson_error(&result).is_some();
        if rel.starts_with("true/") && has_error {
            failures.push(format!("{rel}: {}", geojson_error(&result).unwrap()));
        }
        if structural.iter().any(|s| rel.starts_with(s)) && !has_error {
            failures.push(format!("{rel}: no GeoJSON error: {result:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn real_files_load_without_panicking() {
    let dir = shared("real");
    let mut summary = Vec::new();
    for path in files(&dir, &[".geojson"]) {
        let data = load(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(data.feature_count > 0, "{}", path.display());
        summary.push((name(&path), data.feature_count, data.spaces.len()));
    }
    summary.sort();
    // (file, features, places loaded): only files with a lower-case `name`
    // property load as they are; the others need their fields mapped first
    assert_eq!(
        summary,
        [
            ("hamburg-schools-wgs84.geojson".to_owned(), 581, 0),
            ("kenya-schools.geojson".to_owned(), 37930, 0),
            ("map-libraries.geojson".to_owned(), 230, 230),
            ("map-museums.geojson".to_owned(), 63, 0),
            // polygons (districts for the planner), not places
            (
                "nyc-neighbourhood-tabulation-areas-2010.geojson".to_owned(),
                195,
                0
            ),
            ("schulen.geojson".to_owned(), 581, 0),
            (
                "uk-os-library-buildings-centroids.geojson".to_owned(),
                3469,
                0
            ),
            (
                "us-public-library-systems-fy2022.geojson".to_owned(),
                9248,
                9248
            ),
        ]
    );
}

#[test]
fn hamburg_original_in_metres_gets_projected_coordinates_and_no_place() {
    let path = shared("real/hamburg-schools-original/schulen.geojson");
    let data = load(&read(&path)).unwrap();
    assert_eq!(data.feature_count, 581);
    assert!(data.spaces.is_empty(), "no point in metres may be accepted");
    let projected: Vec<_> = data
        .problems
        .iter()
        .filter(|p| p.code == "projected-coordinates")
        .collect();
    // every feature is refused, and the first 1000 problems list each one
    assert_eq!(projected.len(), 581, "{:#?}", &data.problems[..3]);
    let mut features: Vec<usize> = projected.iter().filter_map(|p| p.feature_index).collect();
    features.dedup();
    assert_eq!(features, (0..581).collect::<Vec<_>>());
    assert!(projected.iter().all(|p| p.severity == Severity::Error
        && p.hint.contains("WGS84")
        && p.pointer.ends_with("/geometry/coordinates")
        && p.kind() == ProblemKind::Data));
}

#[test]
fn hamburg_wgs84_with_german_field_names() {
    let path = shared("real/hamburg-schools-wgs84.geojson");
    let data = load(&read(&path)).unwrap();
    assert_eq!(data.feature_count, 581);
    // the file says `Name`, not `name`: the schema's key is lower case, so
    // every place is refused with a located missing-name error
    let codes: std::collections::BTreeSet<&str> = data.problems.iter().map(|p| p.code).collect();
    assert_eq!(data.spaces.len(), 0, "{codes:?}");
    assert!(codes.contains("missing-name"), "{codes:?}");
    assert!(
        data.problems.iter().all(|p| !p.is_geojson_error()),
        "{:?}",
        data.problems.first()
    );
}

#[test]
fn every_other_file_in_shared_data_loads_without_panicking() {
    // everything outside real/ (tested above), whatever its extension:
    // expected-result files, CLI outputs, licences, READMEs, the TSV
    let dir = shared("");
    let mut count = 0;
    let mut whole_file_errors = 0;
    for path in files(&dir, &[]) {
        if path.strip_prefix(&dir).unwrap().starts_with("real") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        match load(&text) {
            Ok(data) => assert!(data.spaces.len() <= data.feature_count),
            Err(e) => {
                whole_file_errors += 1;
                assert!(
                    matches!(
                        e,
                        Error::NotJson { .. } | Error::NotFeatureCollection { .. }
                    ),
                    "{}: {e}",
                    path.display()
                );
            }
        }
        count += 1;
    }
    assert!(count > 300, "{count} files");
    assert!(whole_file_errors > 0);
}
