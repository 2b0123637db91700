//! `learnmap-data config`: the site configuration checked as the app reads it.

mod support;
use support::{run, stderr, stdout};

const CORE_FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../learnmap-core/tests/fixtures/config"
);
const BUNDLED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/config.json");

#[test]
fn bundled_config_is_clean() {
    let out = run(&["config", BUNDLED]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains(": 0 problems; data from \"Demo data"),
        "{text}"
    );
    assert!(
        text.contains("tiles from https://tile.openstreetmap.org"),
        "{text}"
    );
}

#[test]
fn each_problem_is_printed_with_its_pointer_and_exit_is_1() {
    let file = format!("{CORE_FIXTURES}/bad-unknown-options.json");
    let out = run(&["config", &file]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "{file} /tittle: is not an option, so it was ignored: did you mean \"title\"?"
        )),
        "{text}"
    );
    assert!(
        text.contains(" /filters/1: is not a filter: did you mean \"free\"?"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("5 problems; data from the bundled demo data; data= from this site; tiles from https://tile.openstreetmap.org"), "{text}");
}

#[test]
fn broken_json_is_located_at_the_file() {
    let out = run(&["config", &format!("{CORE_FIXTURES}/bad-not-json.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("(file): is not valid JSON at line 4"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_missing_file_is_an_io_error() {
    let out = run(&["config", "no-such-config.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read no-such-config.json"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_summary_says_what_data_may_name() {
    for (fixture, says) in [
        ("good-data-parameter-off.json", "; data= off; "),
        (
            "good-full.json",
            "; data= only from this site, https://opendata.musterstadt.example; ",
        ),
    ] {
        let out = run(&["config", &format!("{CORE_FIXTURES}/{fixture}")]);
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        assert!(stdout(&out).contains(says), "{}", stdout(&out));
    }
}

/// A time zone name of the right form that the database does not have
/// (`Europe/Hamburg`): the core cannot know, the tool says so.
#[test]
fn unknown_time_zones_are_reported() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("config-zones");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.json");
    std::fs::write(
        &file,
        r#"{"time_zone": "Europe/Hamburg", "sources": [{"label": "A", "url": "a.geojson", "time_zone": "Europe/Lisbon"}, {"label": "B", "url": "b.geojson", "time_zone": "America/Gotham"}]}"#,
    )
    .unwrap();
    let out = run(&["config", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(" /time_zone: \"Europe/Hamburg\" is not in the IANA time zone database"),
        "{text}"
    );
    assert!(
        text.contains(" /sources/1/time_zone: \"America/Gotham\""),
        "{text}"
    );
    assert!(!text.contains("/sources/0/"), "{text}");
}
