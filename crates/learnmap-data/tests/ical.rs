//! `learnmap-data import FILE.ics`: the fixtures in `tests/ical-fixtures`
//! (see its README), and every calendar of the shared corpus of broken and
//! odd iCalendar files read or reported at its line, never a panic.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_learnmap-data");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ical-fixtures");
const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/invalid/icalendar-calendars"
);

fn import(args: &[&str], out: &Path) -> (Output, Value) {
    let output = Command::new(BIN)
        .arg("import")
        .args(args)
        .arg("--out")
        .arg(out)
        .current_dir(FIXTURES)
        .output()
        .expect("the binary runs");
    let text = std::fs::read_to_string(out).unwrap_or_default();
    let value = serde_json::from_str(&text).unwrap_or(Value::Null);
    (output, value)
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ical");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn event<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["id"] == id)
        .unwrap_or_else(|| panic!("no event {id} in {v}"))
}

#[test]
fn good_berlin_courses_without_a_mapping() {
    let (o, v) = import(&["good-berlin-courses.ics"], &tmp("berlin.geojson"));
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("imported 3 events of 4 VEVENTs") && err.contains("0 skipped"),
        "{err}"
    );
    assert_eq!(v["time_zone"], "Europe/Berlin");
    let course = &event(&v, "vhs-python-2026@vhs.example")["properties"];
    assert_eq!(course["title"], "Python für Einsteiger, Teil 1");
    assert_eq!(
        course["description"],
        "Zehn Abende: Variablen, Schleifen; Funktionen.\nBitte Laptop mitbringen."
    );
    assert_eq!(course["start"], "2026-10-06T18:00");
    assert_eq!(course["end"], "2026-10-06T19:30");
    // UNTIL 17:00 UTC is 18:00 in Berlin in December
    assert_eq!(
        course["rrule"],
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261208T180000"
    );
    assert_eq!(
        course["exdate"],
        serde_json::json!(["2026-11-03T18:00", "2026-10-27T18:00"])
    );
    assert_eq!(course["cancelled"], serde_json::json!(["2026-10-20T18:00"]));
    assert_eq!(course["rdate"], serde_json::json!(["2026-12-12T10:00"]));
    assert_eq!(course["learning_areas"], serde_json::json!(["digital"]));
    assert_eq!(course["website"], "https://vhs.example/kurse/python");
    assert_eq!(course["location"], "Lesecafé Eimsbüttel (Demo), Raum 2");
    assert!(course.get("place").is_none(), "no places without a mapping");
    let moved = &event(&v, "vhs-python-2026@vhs.example@20261027T1800")["properties"];
    assert_eq!(moved["start"], "2026-10-29T18:00");
    assert!(moved.get("rrule").is_none());
    let fest = event(&v, "lernfest-robots@lernfest.example");
    assert_eq!(fest["properties"]["start"], "2026-06-13");
    assert_eq!(
        fest["properties"]["end"], "2026-06-14",
        "DTEND of a date is exclusive; ours is the last day"
    );
    assert_eq!(
        fest["geometry"]["coordinates"],
        serde_json::json!([9.9809, 53.5603])
    );
    // the written events load, and the sessions are exactly those of the calendar
    let set = learnmap_core::events::load_events(
        &std::fs::read_to_string(tmp("berlin.geojson")).unwrap(),
    )
    .unwrap();
    let course = set
        .events
        .iter()
        .find(|e| e.id == "vhs-python-2026@vhs.example")
        .unwrap();
    let t = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
    let on: Vec<_> = course
        .upcoming(t("2026-10-01T00:00"), t("2027-01-01T00:00"), 50)
        .iter()
        .map(|s| s.format("%m-%d").to_string())
        .collect();
    assert_eq!(
        on,
        ["10-06", "10-13", "11-10", "11-17", "11-24", "12-01", "12-08", "12-12"]
    );
}

#[test]
fn good_berlin_courses_with_a_mapping_match_places() {
    let (o, v) = import(
        &[
            "good-berlin-courses.ics",
            "--mapping",
            "mapping-berlin.toml",
        ],
        &tmp("berlin-mapped.geojson"),
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let course = &event(&v, "vhs-python-2026@vhs.example")["properties"];
    assert_eq!(
        course["place"], "demo-0001",
        "LOCATION begins with the demo place's name"
    );
    assert_eq!(course["festival"], "lernfest-2026");
    assert_eq!(course["audiences"], serde_json::json!(["families"]));
    let fest = &event(&v, "lernfest-robots@lernfest.example")["properties"];
    assert_eq!(fest["place"], "park-1", "the mapping's [location] rule");
    // park-1 is not a demo place: said, located in the output
    assert!(err.contains("warning[unknown-place]"), "{err}");
}

#[test]
fn good_utc_across_dst() {
    let (o, v) = import(
        &[
            "good-utc-across-dst.ics",
            "--mapping",
            "mapping-berlin.toml",
        ],
        &tmp("utc.geojson"),
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("warning[rrule-other-zone]"), "{err}");
    let class = &event(&v, "utc-weekly@example")["properties"];
    assert_eq!(class["start"], "2026-10-20T18:00");
    assert_eq!(class["end"], "2026-10-20T19:30");
    assert!(class.get("rrule").is_none());
    // summer time ends on 25 October: 16:00 UTC is 17:00 in Berlin after it
    assert_eq!(
        class["rdate"],
        serde_json::json!(["2026-10-27T17:00", "2026-11-03T17:00"])
    );
    let night = &event(&v, "outlook@example")["properties"];
    assert_eq!(night["start"], "2026-10-24T22:00");
    assert_eq!(night["end"], "2026-10-25T04:00");
}

#[test]
fn bad_events_each_reported_at_their_line() {
    let (o, v) = import(&["bad-events.ics"], &tmp("bad.geojson"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for expected in [
        "bad-events.ics:3: error[no-summary]",
        "bad-events.ics:7: error[no-dtstart]",
        "bad-events.ics:14: error[bad-dtstart]",
        "bad-events.ics:20: warning[unsupported-rrule]",
        "bad-events.ics:21: warning[bad-geo]",
        "bad-events.ics:26: error[bad-dtstart]",
        "bad-events.ics:28: warning[bad-line]",
        "bad-events.ics:33: warning[bad-duration]",
    ] {
        assert!(err.contains(expected), "{expected} missing in:\n{err}");
    }
    let ids: Vec<&str> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["d", "f"]);
    assert!(
        err.contains("imported 2 events of 6 VEVENTs") && err.contains("4 skipped; 4 errors"),
        "{err}"
    );
}

#[test]
fn every_fixture_has_a_test_and_a_readme_row() {
    let readme = std::fs::read_to_string(format!("{FIXTURES}/README.md")).unwrap();
    let this = include_str!("ical.rs");
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name != "README.md" {
            assert!(
                readme.contains(&format!("`{name}`")),
                "{name} not in README"
            );
            assert!(this.contains(&format!("\"{name}\"")), "{name} has no test");
        }
    }
}

/// Every file of the shared corpus: imported, or each problem reported at
/// a line of the file; never a panic, never an output that does not load.
#[test]
fn shared_icalendar_corpus_is_read_or_reported_never_a_panic() {
    if !Path::new(CORPUS).is_dir() {
        assert!(
            std::env::var("LEARNMAP_REQUIRE_SHARED").as_deref() != Ok("1"),
            "LEARNMAP_REQUIRE_SHARED=1 but {CORPUS} is missing"
        );
        println!("skipped: {CORPUS} is absent (the shared corpus beside the repository)");
        return;
    }
    let mut files: Vec<_> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut imported = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("LICENSE") || name.ends_with(".md") {
            continue;
        }
        let out = tmp("corpus.geojson");
        let _ = std::fs::remove_file(&out);
        let output = Command::new(BIN)
            .args(["import", "--format", "ics"])
            .arg(path)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let err = stderr(&output);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{name}: exit {:?}\n{err}",
            output.status.code()
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
        let lines = std::fs::read_to_string(path)
            .map(|t| t.lines().count().max(1))
            .unwrap_or(usize::MAX);
        let prefix = format!("{}:", path.display());
        for problem in err.lines().filter(|l| l.starts_with(&prefix)) {
            let at: usize = problem[prefix.len()..]
                .split(':')
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("{name}: not located: {problem}"));
            assert!(
                (1..=lines.max(1)).contains(&at) || at == 1,
                "{name}: line {at} is outside the file: {problem}"
            );
        }
        let summary = err.lines().last().unwrap_or_default();
        assert!(
            summary.starts_with("learnmap-data: imported"),
            "{name}: {err}"
        );
        let text = std::fs::read_to_string(&out).unwrap();
        let set = learnmap_core::events::load_events(&text)
            .unwrap_or_else(|e| panic!("{name}: the output does not load: {e}"));
        // what was not imported was said
        let vevents: usize = summary
            .split(" VEVENTs")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        if set.events.len() < vevents {
            assert!(
                err.contains("error["),
                "{name}: {} of {vevents} imported without an error said:\n{err}",
                set.events.len()
            );
        }
        imported += set.events.len();
    }
    assert!(
        imported > 50,
        "the corpus's good events are imported: {imported}"
    );
}
