//! `config.json`: one test per fixture in `tests/fixtures/config` (see its
//! README), and the schema, the bundled config and the Rust types in step.

use learnmap_core::config::{
    parse_config, Bounds, ConfigProblem, DataParameter, DataSource, FilterControl, SiteConfig,
    Tiles, CONFIG_OPTIONS, OSM_TILES,
};
use learnmap_core::{LearningArea, LonLat, Vocabulary};
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/config");
const PUBLIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public");

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(name: &str) -> (SiteConfig, Vec<ConfigProblem>) {
    parse_config(&read(&format!("{FIXTURES}/{name}")))
}

fn pointers(problems: &[ConfigProblem]) -> Vec<&str> {
    problems.iter().map(|p| p.pointer.as_str()).collect()
}

#[test]
fn good_full_reads_every_option() {
    let (c, problems) = fixture("good-full.json");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(c.title.as_deref(), Some("Where to learn in Musterstadt"));
    assert_eq!(
        c.sources,
        [
            DataSource {
                label: "City libraries".into(),
                url: "data/libraries.geojson".into(),
                time_zone: None,
            },
            DataSource {
                label: "Adult education centres".into(),
                url: "https://opendata.musterstadt.example/vhs.geojson".into(),
                time_zone: Some("Europe/Vienna".into()),
            },
        ]
    );
    assert_eq!(
        c.allowed_data_origins,
        [
            "https://opendata.musterstadt.example",
            "http://127.0.0.1:4175"
        ]
    );
    assert_eq!(
        c.center,
        Some(LonLat {
            lon: 8.68,
            lat: 50.1
        })
    );
    assert_eq!(c.zoom, Some(13.0));
    assert_eq!(
        c.bounds,
        Some(Bounds {
            south: 49.9,
            west: 8.4,
            north: 50.3,
            east: 8.9
        })
    );
    assert_eq!(
        c.tiles,
        Tiles {
            url: "https://tiles.musterstadt.example/{z}/{x}/{y}.png".into(),
            attribution: "© Musterstadt, OpenStreetMap contributors".into(),
            attribution_url: Some("https://musterstadt.example/map-credits".into()),
            max_zoom: 18.0,
        }
    );
    assert_eq!(c.tiles.origin(), "https://tiles.musterstadt.example");
    assert_eq!(c.accent.as_deref(), Some("#A30"));
    assert_eq!(c.logo.as_deref(), Some("img/musterstadt.svg"));
    assert_eq!(c.language.as_deref(), Some("de"));
    assert_eq!(
        c.filters,
        [
            FilterControl::Age,
            FilterControl::Area,
            FilterControl::Open,
            FilterControl::Free
        ]
    );
    assert_eq!(
        c.area_label(LearningArea::Digital, "de"),
        Some("Computer und Programmieren")
    );
    assert_eq!(c.area_label(LearningArea::Health, "ar"), Some("Gesundheit"));
    assert_eq!(c.area_label(LearningArea::Literacy, "de"), None);
    assert_eq!(
        c.report_url("hh-7", "Stadtbücherei").as_deref(),
        Some("mailto:lernorte@musterstadt.example?subject=Fehler%20bei%20hh-7&body=Stadtb%C3%BCcherei")
    );
    assert_eq!(c.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(c.zone_of(&c.sources[0]), Some("Europe/Berlin"));
    assert_eq!(c.zone_of(&c.sources[1]), Some("Europe/Vienna"));
    assert!(c.allows_data_from("http://127.0.0.1:4175", "http://127.0.0.1:4173"));
    assert!(!c.allows_data_from("http://127.0.0.1:4176", "http://127.0.0.1:4173"));
    assert_eq!(
        c.data_parameter,
        DataParameter::Only(vec![
            "self".into(),
            "https://opendata.musterstadt.example".into()
        ])
    );
    // data= from the site itself and the open-data portal, not from the test server
    let page = "https://musterstadt.example";
    assert!(c.allows_data_parameter_from(page, page));
    assert!(c.allows_data_parameter_from("https://opendata.musterstadt.example", page));
    assert!(!c.allows_data_parameter_from("http://127.0.0.1:4175", page));
}

#[test]
fn good_data_parameter_off_ignores_data() {
    let (c, problems) = fixture("good-data-parameter-off.json");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(c.data_parameter, DataParameter::Off);
    let page = "https://city.example";
    assert!(!c.allows_data_parameter_from(page, page));
    // the configured source still loads from the site
    assert!(c.allows_data_from(page, page));
}

/// bug: sources and tiles accepted `http://` while their messages said
/// https; and an origin written with `:443` never matched the browser's.
#[test]
fn bad_plain_http_is_refused_except_on_localhost() {
    let (c, problems) = fixture("bad-plain-http.json");
    assert_eq!(
        c.sources
            .iter()
            .map(|s| s.label.as_str())
            .collect::<Vec<_>>(),
        ["Local test server", "Libraries"]
    );
    assert_eq!(
        c.allowed_data_origins,
        ["https://opendata.city.example", "http://localhost:4175"]
    );
    assert_eq!(c.tiles, Tiles::default());
    assert_eq!(
        pointers(&problems),
        ["/sources/0/url", "/allowed_data_origins/0", "/tiles/url"]
    );
    for p in &problems {
        assert!(
            p.message.contains("https://") && p.message.contains("http:// only for localhost"),
            "{p}"
        );
    }
    assert!(c.allows_data_from("https://opendata.city.example", "https://city.example"));
}

#[test]
fn good_empty_gives_the_defaults() {
    let (c, problems) = fixture("good-empty.json");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(c, SiteConfig::default());
    assert!(c.sources.is_empty());
    assert_eq!(c.tiles.url, OSM_TILES);
    assert!(FilterControl::ALL.iter().all(|&f| c.shows(f)));
}

#[test]
fn bad_not_json_gives_defaults_and_a_located_problem() {
    let (c, problems) = fixture("bad-not-json.json");
    assert_eq!(c, SiteConfig::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].pointer, "");
    assert!(problems[0].message.contains("line 4"), "{}", problems[0]);
    assert!(problems[0]
        .to_string()
        .starts_with("config.json: is not valid JSON"));
}

#[test]
fn bad_values_each_keep_their_default() {
    let (c, problems) = fixture("bad-values.json");
    // the two numbers out of range were clamped; everything else keeps its default
    assert_eq!(c.title, None);
    assert!(c.sources.is_empty());
    assert!(c.allowed_data_origins.is_empty());
    assert_eq!(c.center, None);
    assert_eq!(c.bounds, None);
    assert_eq!(c.tiles.url, OSM_TILES);
    assert_eq!(c.tiles.max_zoom, 0.0, "clamped from -1");
    assert_eq!(c.zoom, Some(0.0), "clamped to the tiles' max zoom");
    assert_eq!(c.accent, None);
    assert_eq!(c.language, None);
    assert_eq!(c.filters, FilterControl::ALL);
    assert!(c.area_labels.is_empty());
    assert_eq!(c.report_error, None);
    assert_eq!(c.time_zone, None);
    assert_eq!(
        pointers(&problems),
        [
            "/title",
            "/sources",
            "/allowed_data_origins/0",
            "/allowed_data_origins/1",
            "/tiles/url",
            "/tiles/max_zoom",
            "/center/lat",
            "/center",
            "/zoom",
            "/bounds",
            "/theme/accent",
            "/language",
            "/filters",
            "/area_labels/digital",
            "/report_error",
            "/time_zone",
        ]
    );
    assert!(
        problems[15]
            .message
            .contains("did you mean \"Europe/Berlin\""),
        "names the right case: {}",
        problems[15]
    );
    let zoom = &problems[8];
    assert!(zoom.message.contains("30 was taken as 0"), "{zoom}");
}

#[test]
fn bad_unknown_options_suggest_the_right_name() {
    let (c, problems) = fixture("bad-unknown-options.json");
    let by_pointer = |p: &str| {
        problems
            .iter()
            .find(|x| x.pointer == p)
            .unwrap_or_else(|| panic!("no problem at {p}: {problems:?}"))
            .message
            .clone()
    };
    assert!(by_pointer("/tittle").contains("did you mean \"title\""));
    assert!(by_pointer("/tiles/maxzoom").contains("did you mean \"max_zoom\""));
    assert!(by_pointer("/theme/colour").contains("known options are accent, logo"));
    assert!(by_pointer("/filters/1").contains("did you mean \"free\""));
    assert!(by_pointer("/area_labels/digtal").contains("did you mean \"digital\""));
    assert_eq!(problems.len(), 5, "{problems:?}");
    // everything else was read
    assert_eq!(c.zoom, Some(12.0));
    assert_eq!(c.accent.as_deref(), Some("#0b5f8a"));
    assert_eq!(c.filters, [FilterControl::Age, FilterControl::Wheelchair]);
    assert_eq!(c.area_label(LearningArea::Health, "en"), Some("Health"));
}

#[test]
fn bad_unsafe_addresses_are_refused() {
    let (c, problems) = fixture("bad-unsafe-addresses.json");
    assert_eq!(
        c.sources,
        [DataSource {
            label: "Libraries".into(),
            url: "data/libraries.geojson".into(),
            time_zone: None,
        }]
    );
    assert_eq!(c.tiles, Tiles::default());
    assert_eq!(c.logo, None);
    assert_eq!(c.report_error, None);
    assert_eq!(
        pointers(&problems),
        [
            "/sources/0/url",
            "/sources/1/url",
            "/tiles/url",
            "/tiles/attribution_url",
            "/theme/logo",
            "/report_error",
        ]
    );
}

fn schema() -> Value {
    serde_json::from_str(&read(&format!("{PUBLIC}/config.schema.json"))).expect("schema is JSON")
}

#[test]
fn schema_lists_exactly_the_options_the_reader_knows() {
    let schema = schema();
    let mut in_schema: Vec<&str> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    let mut known = CONFIG_OPTIONS.to_vec();
    in_schema.sort();
    known.sort();
    assert_eq!(in_schema, known);
    let filters: Vec<&str> = schema["properties"]["filters"]["items"]["enum"]
        .as_array()
        .expect("filters enum")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let names: Vec<&str> = FilterControl::ALL.iter().map(|f| f.name()).collect();
    assert_eq!(filters, names);
    let areas: Vec<&str> = schema["properties"]["area_labels"]["propertyNames"]["enum"]
        .as_array()
        .expect("area enum")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let vocab: Vec<&str> = LearningArea::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(areas, vocab);
}

#[test]
fn bundled_config_reads_cleanly_and_points_at_the_demo_data() {
    let (c, problems) = parse_config(&read(&format!("{PUBLIC}/config.json")));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(c.sources.len(), 1);
    assert_eq!(c.sources[0].url, "data/demo/learning-spaces.geojson");
    // and the demo events at them
    assert_eq!(c.events.len(), 1);
    assert_eq!(c.events[0].url, "data/demo/events.geojson");
    assert!(std::path::Path::new(&format!("{PUBLIC}/../{}", c.events[0].url)).exists());
    // the demo places are in Hamburg: their opening hours are Berlin time
    assert_eq!(c.time_zone.as_deref(), Some("Europe/Berlin"));
    assert!(
        c.sources[0].label.contains("Demo"),
        "demo data says it is demo data"
    );
    let demo = format!("{PUBLIC}/../{}", c.sources[0].url);
    assert!(std::path::Path::new(&demo).exists(), "{demo} missing");
}

#[test]
fn every_fixture_has_a_test_and_a_readme_row() {
    let readme = read(&format!("{FIXTURES}/README.md"));
    let this = read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/config.rs"));
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "README.md" {
            continue;
        }
        assert!(
            readme.contains(&format!("`{name}`")),
            "{name} not in README"
        );
        assert!(this.contains(&format!("\"{name}\"")), "{name} has no test");
    }
}

#[test]
fn a_festival_needs_a_name_and_its_days_and_keeps_its_events_file() {
    let (c, problems) = learnmap_core::config::parse_config(
        r#"{"festival": {"name": "Lernfest", "from": "2027-06-05", "to": "2027-06-06", "tag": "lf",
            "events": "data/lernfest.geojson", "banner": "Lernfest!"}}"#,
    );
    assert!(problems.is_empty(), "{problems:?}");
    let f = c.festival.unwrap();
    assert_eq!(f.tag.as_deref(), Some("lf"));
    assert_eq!(f.events.as_ref().unwrap().url, "data/lernfest.geojson");
    assert_eq!(f.banner_in("de"), "Lernfest!");
    for (text, pointer) in [
        (
            r#"{"festival": {"name": "L", "from": "2027-06-05"}}"#,
            "/festival",
        ),
        (
            r#"{"festival": {"name": "L", "from": "2027-06-07", "to": "2027-06-06"}}"#,
            "/festival/to",
        ),
        (
            r#"{"festival": {"name": "L", "from": "5 June", "to": "2027-06-06"}}"#,
            "/festival/from",
        ),
        (
            r#"{"festival": {"name": "L", "from": "2027-06-05", "to": "2027-06-06", "events": "javascript:x"}}"#,
            "/festival/events",
        ),
        (
            r#"{"festival": {"name": "L", "from": "2027-06-05", "to": "2027-06-06", "colour": 1}}"#,
            "/festival/colour",
        ),
    ] {
        let (c, problems) = learnmap_core::config::parse_config(text);
        assert_eq!(problems[0].pointer, pointer, "{text}: {problems:?}");
        if pointer != "/festival/events" && pointer != "/festival/colour" {
            assert!(c.festival.is_none(), "{text}");
        }
    }
}
