//! Events: one test per fixture in `tests/fixtures/events` (see its README):
//! recurrence with exceptions, time zones and daylight-saving changes, and
//! the loader's located problems.

use chrono::{NaiveDate, NaiveDateTime};
use learnmap_core::events::{load_events, EventFilter, EventIndex, EventSet, EventStatus, Order};
use learnmap_core::{LearningArea, LonLat};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/events");

fn fixture(name: &str) -> EventSet {
    let path = format!("{FIXTURES}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    load_events(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn t(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
}

fn places(id: &str) -> Option<LonLat> {
    match id {
        "hh-001" => Some(LonLat {
            lon: 10.0,
            lat: 53.55,
        }),
        "hh-002" => Some(LonLat {
            lon: 10.01,
            lat: 53.56,
        }),
        _ => None,
    }
}

#[test]
fn good_weekly_course_has_exactly_its_sessions() {
    let set = fixture("good-weekly-course.geojson");
    assert!(set.problems.is_empty(), "{:?}", set.problems);
    assert_eq!(set.time_zone.as_deref(), Some("Europe/Berlin"));
    let course = &set.events[0];
    assert_eq!(course.title_in("de"), "Deutsch für Neuankommende");
    assert_eq!(course.title_in("fr"), "German for newcomers");
    assert_eq!(course.ages, Some((16, 120)));
    assert_eq!(course.booking_required, Some(true));
    let starts: Vec<String> = course
        .starts()
        .map(|s| s.format("%m-%d %H:%M").to_string())
        .collect();
    let mut want: Vec<String> = [
        "09-01", "09-03", "09-08", "09-10", "09-15", "09-17", "09-22", "09-24", "09-29", "10-01",
        "10-06", "10-08", /* 13 and 15 October excepted */ "10-20", "10-22", "10-27", "10-29",
        "11-03", "11-05", "11-10",
    ]
    .iter()
    .map(|d| format!("{d} 18:00"))
    .collect();
    want.push("11-14 10:00".into()); // the rdate
    assert_eq!(starts, want);
    // the cancelled session exists, but is never offered as happening
    assert!(course.is_cancelled_at(t("2026-09-17T18:00")));
    assert_eq!(
        course.next_in(t("2026-09-16T00:00"), t("2026-09-19T00:00")),
        None
    );
    assert_eq!(
        course.next_in(t("2026-09-16T00:00"), t("2026-09-23T00:00")),
        Some(t("2026-09-22T18:00"))
    );
    // a session under way is on: it started at 18:00 and ends at 19:30
    assert_eq!(
        course.next_in(t("2026-10-20T19:00"), t("2026-10-20T23:00")),
        Some(t("2026-10-20T18:00"))
    );
    assert_eq!(
        course.next_in(t("2026-10-20T19:30"), t("2026-10-20T23:00")),
        None
    );
    // the excepted fortnight: nothing
    assert_eq!(
        course.next_in(t("2026-10-12T00:00"), t("2026-10-19T00:00")),
        None
    );
    assert_eq!(
        course.upcoming(t("2026-11-01T00:00"), t("2027-01-01T00:00"), 10),
        [
            t("2026-11-03T18:00"),
            t("2026-11-05T18:00"),
            t("2026-11-10T18:00"),
            t("2026-11-14T10:00")
        ]
    );
    // the festival day: all day, its own point, full
    let fest = &set.events[1];
    assert!(fest.all_day);
    assert_eq!(
        fest.duration,
        chrono::Duration::days(2),
        "13 and 14 June, both days included"
    );
    assert_eq!(fest.status, EventStatus::Full);
    assert_eq!(fest.festival.as_deref(), Some("lernfest-2026"));
    assert_eq!(fest.ages, Some((6, 17)));
    let index = EventIndex::new(&set.events, places);
    assert!(index.unknown_places.is_empty());
    let on_14th = index.query(
        &set.events,
        &EventFilter::default(),
        None,
        t("2026-06-14T12:00"),
        t("2026-06-14T13:00"),
        5,
        Order::Soonest,
    );
    assert_eq!(on_14th.len(), 1);
    let not_full = EventFilter {
        not_full: true,
        ..EventFilter::default()
    };
    assert!(index
        .query(
            &set.events,
            &not_full,
            None,
            t("2026-06-14T12:00"),
            t("2026-06-14T13:00"),
            5,
            Order::Soonest
        )
        .is_empty());
    // the filter: the course is for languages, stated ages 16+
    let languages = EventFilter {
        learning_areas: [LearningArea::Languages].into_iter().collect(),
        ages: Some((30, 30)),
        free: true,
        ..EventFilter::default()
    };
    let hits = index.query(
        &set.events,
        &languages,
        Some(LonLat {
            lon: 10.0,
            lat: 53.5,
        }),
        t("2026-09-01T00:00"),
        t("2026-12-01T00:00"),
        5,
        Order::Nearest,
    );
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].starts, t("2026-09-01T18:00"));
    assert!(
        (hits[0].distance_m.unwrap() - 5559.7).abs() < 1.0,
        "{:?}",
        hits[0].distance_m
    );
    // unknown is not yes: the festival event states no fee
    let free = EventFilter {
        free: true,
        ..EventFilter::default()
    };
    assert!(index
        .query(
            &set.events,
            &free,
            None,
            t("2026-06-13T00:00"),
            t("2026-06-15T00:00"),
            5,
            Order::Soonest
        )
        .is_empty());
}

#[test]
fn good_dst_berlin_keeps_the_wall_clock() {
    let set = fixture("good-dst-berlin.geojson");
    assert!(set.problems.is_empty(), "{:?}", set.problems);
    let autumn: Vec<NaiveDateTime> = set.events[0].starts().collect();
    // 25 October 2026: summer time ends; the class stays at 18:00 on the wall clock
    assert_eq!(
        autumn,
        [
            t("2026-10-13T18:00"),
            t("2026-10-20T18:00"),
            t("2026-10-27T18:00"),
            t("2026-11-03T18:00")
        ]
    );
    let spring: Vec<NaiveDateTime> = set.events[1].starts().collect();
    assert_eq!(
        spring,
        [t("2026-03-27T02:30"), t("2026-03-28T02:30"), t("2026-03-29T02:30"), t("2026-03-30T02:30")],
        "29 March: 02:30 does not exist in Berlin, the session stays in the list at its written time"
    );
    let index = EventIndex::new(&set.events, places);
    // the night the clocks go back: 22:00 to 04:00 local, found by a window at 03:30 local
    let night = index.query(
        &set.events,
        &EventFilter::default(),
        None,
        t("2026-10-25T03:30"),
        t("2026-10-25T03:45"),
        5,
        Order::Soonest,
    );
    assert_eq!(
        night
            .iter()
            .map(|h| set.events[h.index].id.as_str())
            .collect::<Vec<_>>(),
        ["overnight"]
    );
    // "this week" in local days, across the change: the 27th is in the week of 26 October
    let week = index.query(
        &set.events,
        &EventFilter::default(),
        None,
        t("2026-10-26T00:00"),
        t("2026-11-02T00:00"),
        5,
        Order::Soonest,
    );
    assert_eq!(
        week.iter().map(|h| h.starts).collect::<Vec<_>>(),
        [t("2026-10-27T18:00")]
    );
}

#[test]
fn bad_events_are_located_and_the_rest_kept() {
    let set = fixture("bad-events.geojson");
    let found: Vec<(usize, &str, Option<usize>)> = set
        .problems
        .iter()
        .map(|p| (p.line, p.code, p.feature_index))
        .collect();
    assert_eq!(
        found,
        [
            (1, "bad-time-zone", None),
            (2, "missing-title", Some(0)),
            (3, "missing-start", Some(1)),
            (4, "bad-date", Some(2)),
            (5, "bad-rrule", Some(3)),
            (6, "no-location", Some(4)),
            (6, "end-before-start", Some(4)),
            (7, "age-range-reversed", Some(4)),
            (7, "unknown-value", Some(4)),
            (7, "unknown-value", Some(4)),
            (8, "unsafe-link", Some(4)),
            (8, "bad-language", Some(4)),
            (8, "bad-date", Some(4)),
            (9, "duplicate-id", Some(5)),
            (10, "missing-id", Some(6)),
            (11, "not-a-feature", Some(7)),
            (12, "missing-properties", Some(8)),
        ],
        "{:#?}",
        set.problems
    );
    // located by column too, and named
    let rule = set.problems.iter().find(|p| p.code == "bad-rrule").unwrap();
    assert_eq!(rule.feature_id.as_deref(), Some("bad-rule"));
    assert_eq!(rule.pointer, "/features/3/properties/rrule");
    assert!(rule.message.contains("FREQ=YEARLY"), "{}", rule.message);
    assert_eq!(rule.column, 131);
    let ids: Vec<&str> = set.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["kept", "kept~5", "event-7"]);
    let kept = &set.events[0];
    assert_eq!(kept.ages, Some((8, 12)));
    assert_eq!(kept.duration, chrono::Duration::zero());
    assert_eq!(kept.booking_url, None);
    assert_eq!(kept.status, EventStatus::Scheduled);
    assert_eq!(set.time_zone, None);
    // an unknown place is found when the events meet the places
    let index = EventIndex::new(&set.events, places);
    let problems = index.place_problems(&set.events);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (
            problems[0].code,
            problems[0].line,
            problems[0].feature_id.as_deref()
        ),
        ("unknown-place", 10, Some("event-7"))
    );
    // shown without a distance, after those with one
    let all = index.query(
        &set.events,
        &EventFilter::default(),
        Some(LonLat {
            lon: 10.0,
            lat: 53.55,
        }),
        t("2026-10-01T00:00"),
        t("2026-10-04T00:00"),
        5,
        Order::Nearest,
    );
    assert_eq!(
        all.iter()
            .map(|h| (h.index, h.distance_m.is_some()))
            .collect::<Vec<_>>(),
        [(1, true), (0, false), (2, false)]
    );
}

#[test]
fn every_fixture_has_a_test_and_a_readme_row() {
    let readme = std::fs::read_to_string(format!("{FIXTURES}/README.md")).unwrap();
    let this = include_str!("events.rs");
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
fn dates_that_do_not_exist_are_refused() {
    let text = r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null,
      "properties": {"id": "x", "title": "X", "start": "2026-02-29T10:00", "place": "p"}}]}"#;
    let set = load_events(text).unwrap();
    assert_eq!(set.events.len(), 0);
    assert_eq!(set.problems[0].code, "bad-date");
    let _ = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
}

fn data_file(name: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/").to_owned() + name;
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn events_section(readme: &str) -> &str {
    let start = readme
        .find("## Events and courses")
        .expect("data/README.md has an events section");
    let end = start
        + readme[start..]
            .find("\n## Problems")
            .expect("the section ends");
    &readme[start..end]
}

#[test]
fn readme_events_example_loads_cleanly_and_uses_every_property() {
    let readme = data_file("README.md");
    let section = events_section(&readme);
    let start = section.find("```json\n").unwrap() + "```json\n".len();
    let end = start + section[start..].find("```").unwrap();
    let text = &section[start..end];
    let set = load_events(text).unwrap();
    assert!(set.problems.is_empty(), "{:#?}", set.problems);
    assert_eq!(set.events.len(), 1);
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let props = value["features"][0]["properties"].as_object().unwrap();
    for key in learnmap_core::events::EVENT_PROPERTIES
        .iter()
        .chain(&["title:de", "description:de"])
    {
        assert!(props.contains_key(*key), "the example lacks {key}");
    }
}

#[test]
fn readme_and_schema_list_every_event_property_and_code() {
    use learnmap_core::events::{EVENT_PROBLEM_CODES, EVENT_PROPERTIES};
    let readme = data_file("README.md");
    let section = events_section(&readme);
    let rows: Vec<Vec<&str>> = section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| l.split('|').map(str::trim).collect())
        .collect();
    for key in EVENT_PROPERTIES {
        let cell = format!("`{key}`");
        assert!(
            rows.iter().any(|r| r[1].contains(&cell)),
            "the events table lacks {key}"
        );
    }
    for code in EVENT_PROBLEM_CODES {
        let row = rows
            .iter()
            .find(|r| r[1] == format!("`{}`", code.code))
            .unwrap_or_else(|| panic!("no row for {}", code.code));
        assert!(
            row[3].starts_with(&code.severity.to_string()),
            "{}: {}",
            code.code,
            row[3]
        );
    }
    let schema: serde_json::Value = serde_json::from_str(&data_file("schema.json")).unwrap();
    let mut in_schema: Vec<&str> = schema["$defs"]["event_properties"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut in_rust = EVENT_PROPERTIES.to_vec();
    in_schema.sort_unstable();
    in_rust.sort_unstable();
    assert_eq!(in_schema, in_rust);
    assert_eq!(
        schema["$defs"]["event_properties"]["properties"]["status"]["enum"],
        serde_json::json!(["scheduled", "cancelled", "full"])
    );
}
