//! "Add to calendar": the iCalendar file of an event (`src/ics.rs`), byte
//! for byte, for the course of `fixtures/events/good-weekly-course.geojson`
//! (see its README) in Berlin, across the end of summer time.

use chrono::{NaiveDate, NaiveDateTime};
use learnmap_core::events::load_events;
use learnmap_core::ics::{event_ics, IcsOptions, IcsZone};
use learnmap_core::LonLat;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/events/good-weekly-course.geojson"
);

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

/// Berlin's offsets as a browser tells them: +2 until 25 October 2026 01:00
/// UTC, +1 from then until 29 March 2027 01:00 UTC.
fn berlin(t: NaiveDateTime) -> Option<i32> {
    Some(
        if t < utc(2026, 10, 25, 1, 0) || t >= utc(2027, 3, 29, 1, 0) {
            120
        } else {
            60
        },
    )
}

#[test]
fn the_course_file_is_exactly_rfc_5545() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let set = load_events(&text).unwrap();
    let course = &set.events[0];
    let zone = IcsZone::probe(
        "Europe/Berlin",
        utc(2026, 8, 31, 0, 0),
        utc(2026, 11, 16, 0, 0),
        berlin,
    )
    .unwrap();
    assert_eq!(zone.changes, vec![(utc(2026, 10, 25, 1, 0), 60)]);
    let ics = event_ics(
        course,
        &IcsOptions {
            lang: "de",
            zone: Some(&zone),
            location: Some("Bücherhalle Zentralbibliothek, Hühnerposten 1, 20097 Hamburg; Eingang über den Hof".into()),
            position: Some(LonLat {
                lon: 10.0,
                lat: 53.55,
            }),
            stamp: utc(2026, 8, 20, 9, 30),
            host: "map.example",
        },
    );
    let expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//learnmap//What's on//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        "BEGIN:STANDARD",
        "DTSTART:20260831T000000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0200",
        "END:STANDARD",
        "BEGIN:STANDARD",
        "DTSTART:20261025T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:course-1@map.example",
        "DTSTAMP:20260820T093000Z",
        "DTSTART;TZID=Europe/Berlin:20260901T180000",
        "DTEND;TZID=Europe/Berlin:20260901T193000",
        // the last day, 10 November, ends at 23:59:59 in Berlin (+1): 22:59:59 UTC
        "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261110T225959Z",
        "RDATE;TZID=Europe/Berlin:20261114T100000",
        "EXDATE;TZID=Europe/Berlin:20261013T180000,20261015T180000",
        "SUMMARY:Deutsch für Neuankommende",
        "DESCRIPTION:Tuesdays and Thursdays\\, ten weeks",
        // folded at 75 octets, not inside the "ü" (two octets)
        "LOCATION:Bücherhalle Zentralbibliothek\\, Hühnerposten 1\\, 20097 Hamburg\\; Eingang über den Hof",
        "GEO:53.550000;10.000000",
        "URL:https://vhs.example/kurs/1",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:course-1@map.example",
        "DTSTAMP:20260820T093000Z",
        "RECURRENCE-ID;TZID=Europe/Berlin:20260917T180000",
        "DTSTART;TZID=Europe/Berlin:20260917T180000",
        "DTEND;TZID=Europe/Berlin:20260917T193000",
        "SUMMARY:Deutsch für Neuankommende",
        "STATUS:CANCELLED",
        "END:VEVENT",
        "END:VCALENDAR",
    ];
    let unfolded = ics.replace("\r\n ", "");
    assert_eq!(unfolded, expected.map(|l| format!("{l}\r\n")).concat());
    // every line at most 75 octets, every line break CRLF
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    // the long LOCATION line is folded after 75 octets
    assert!(ics.contains(
        "\r\nLOCATION:Bücherhalle Zentralbibliothek\\, Hühnerposten 1\\, 20097 Hamburg\\;\r\n  Eingang über den Hof\r\n"
    ), "{ics}");
}

#[test]
fn a_line_is_never_folded_inside_a_character() {
    // "SUMMARY:" and 66 letters are 74 octets: the "ü" (two) goes on the next line
    let title = format!("{}über", "a".repeat(66));
    let text = format!(
        r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature", "geometry": null,
        "properties": {{"id": "x", "title": "{title}", "place": "p", "start": "2026-10-06"}}}}]}}"#
    );
    let set = load_events(&text).unwrap();
    let ics = event_ics(&set.events[0], &IcsOptions::default());
    assert!(
        ics.contains(&format!("\r\nSUMMARY:{}\r\n über\r\n", "a".repeat(66))),
        "{ics}"
    );
    // a whole day: dates, not times, and no zone
    assert!(ics.contains("\r\nDTSTART;VALUE=DATE:20261006\r\nDTEND;VALUE=DATE:20261007\r\n"));
    assert!(!ics.contains("VTIMEZONE"));
}
