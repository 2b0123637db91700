//! Opening hours: our compact evaluator (`learnmap_core::OpeningHours`)
//! against the `opening-hours` crate (a dev-dependency), on the fixtures in
//! `tests/fixtures/hours/`, the demo data and the importer's hours.
//!
//! The crate has no holiday data here, as in our evaluator. Where the crate
//! reports any change of state (also between `unknown` and closed, or of
//! comment), ours reports only opening and closing; the test follows the
//! crate's changes until `is_open` flips.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use learnmap_core::{OpenState, OpeningHours};
use learnmap_synth::Rng;
use std::collections::BTreeSet;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hours");
const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/demo/learning-spaces.geojson"
);
const IMPORT_FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../learnmap-data/tests/import-fixtures"
);
const SEED: u64 = 20_261_121;

/// Where each window of 9 days starts: spread over a year, with the year's
/// end (Dec 20 and Dec 27), a leap day (2024-02-29) and a common February.
const STARTS: [(i32, u32, u32); 7] = [
    (2024, 2, 25),
    (2025, 2, 24),
    (2026, 4, 29),
    (2026, 7, 3),
    (2026, 10, 23),
    (2026, 12, 20),
    (2026, 12, 27),
];
const WINDOW_DAYS: i64 = 9;
/// How far our `next_change` looks for hours with dates (12 years).
const DATED_HORIZON: i64 = 12 * 366;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The lines of a fixture file, without comments and blank lines.
fn lines(name: &str) -> Vec<String> {
    let path = format!("{FIXTURES}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn fixture_files(prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(FIXTURES)
        .unwrap_or_else(|e| panic!("{FIXTURES}: {e}"))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no {prefix}*.txt in {FIXTURES}");
    names
}

/// Every `opening_hours` string value anywhere in a JSON document.
fn json_hours(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("opening_hours", serde_json::Value::String(s)) => {
                        out.insert(s.trim().to_owned());
                    }
                    _ => json_hours(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_hours(v, out)),
        _ => {}
    }
}

fn json_file_hours(path: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = BTreeSet::new();
    json_hours(&value, &mut out);
    out
}

fn demo_hours() -> BTreeSet<String> {
    let hours = json_file_hours(DEMO);
    assert!(
        hours.len() > 20,
        "{DEMO}: only {} distinct hours",
        hours.len()
    );
    hours
}

/// The hours in the importer's fixtures that it keeps as `opening_hours`
/// (those of `good-overpass.json`; the importer's converted outputs are in
/// `good-import.txt`).
fn import_hours() -> BTreeSet<String> {
    let hours = json_file_hours(&format!("{IMPORT_FIXTURES}/good-overpass.json"));
    assert!(!hours.is_empty(), "no opening_hours in the import fixtures");
    hours
}

/// The strings both evaluators must agree on.
fn agreement_corpus() -> Vec<String> {
    let mut all = BTreeSet::new();
    for name in fixture_files("good-") {
        if name != "good-lenient.txt" && name != "good-crate-next-change-differs.txt" {
            all.extend(lines(&name));
        }
    }
    let fixtures = all.len();
    assert!(fixtures >= 80, "only {fixtures} good fixture strings");
    all.extend(demo_hours());
    all.extend(import_hours());
    all.into_iter().collect()
}

/// The crate's open stretches of `day`, as the old `OpeningHours::day` gave them.
fn crate_day(
    oh: &opening_hours::OpeningHours,
    day: NaiveDate,
) -> Vec<(NaiveTime, Option<NaiveTime>)> {
    let start = day.and_hms_opt(0, 0, 0).unwrap();
    let end = start + Duration::days(1);
    oh.iter_range(start, end)
        .filter(|r| r.kind == opening_hours::RuleKind::Open)
        .map(|r| {
            (
                r.range.start.time(),
                (r.range.end < end).then(|| r.range.end.time()),
            )
        })
        .collect()
}

/// When the crate's `is_open` next differs from now, following its changes
/// of state, up to `limit`.
fn crate_flip(
    oh: &opening_hours::OpeningHours,
    t: NaiveDateTime,
    limit: NaiveDateTime,
) -> Option<NaiveDateTime> {
    let open = oh.is_open(t);
    let mut at = t;
    loop {
        let next = oh.next_change(at)?;
        assert!(next > at, "the crate's next_change({at}) = {next}");
        if next > limit {
            return None;
        }
        if oh.is_open(next) != open {
            return Some(next);
        }
        at = next;
    }
}

/// The crate's answer for `next_change`: its first flip of `is_open` after
/// `t`. Where ours finds none, the crate is followed 12 years ahead when
/// `far`, else 15 days (hours that never open would take the crate a day's
/// steps for 12 years). `memo` holds the previous instant's answer: until
/// that flip comes, the state is the same and so is the flip.
fn crate_next(
    theirs: &opening_hours::OpeningHours,
    t: NaiveDateTime,
    open: bool,
    ours: Option<NaiveDateTime>,
    far: bool,
    memo: &mut Option<(bool, NaiveDateTime, NaiveDateTime)>,
) -> Option<NaiveDateTime> {
    if let Some((was_open, since, flip)) = *memo {
        if was_open == open && since <= t && t < flip {
            return Some(flip);
        }
    }
    let limit = match ours {
        Some(x) => x,
        None if far => t + Duration::days(DATED_HORIZON),
        None => t + Duration::days(15),
    };
    let flip = crate_flip(theirs, t, limit);
    *memo = flip.map(|f| (open, t, f));
    flip
}

/// Compares both evaluators on one string: `day` on every day of the
/// windows, `is_open` and `next_change` every 15 minutes and at seeded
/// instants; `next_change` only where the crate's own is right (`crate_next`),
/// else against the crate's `is_open`, minute by minute.
fn compare(
    text: &str,
    crate_next_change_is_right: bool,
    rng: &mut Rng,
    failures: &mut Vec<String>,
) -> (usize, usize) {
    let ours = OpeningHours::parse(text).unwrap_or_else(|e| panic!("ours {text:?}: {e}"));
    let theirs: opening_hours::OpeningHours = text
        .parse()
        .unwrap_or_else(|e| panic!("crate {text:?}: {e}"));
    let (mut instants, mut days) = (0, 0);
    let mut windows: Vec<Vec<NaiveDateTime>> = Vec::new();
    for (y, m, d) in STARTS {
        let start = date(y, m, d);
        for i in 0..WINDOW_DAYS {
            let day = start + Duration::days(i);
            let (a, b) = (ours.day(day), crate_day(&theirs, day));
            days += 1;
            if a != b {
                failures.push(format!("{text:?} on {day}: day ours {a:?}, crate {b:?}"));
            }
        }
        let first = start.and_hms_opt(0, 0, 0).unwrap();
        windows.push(
            (0..WINDOW_DAYS * 96)
                .map(|q| first + Duration::minutes(15 * q))
                .collect(),
        );
    }
    // and seeded instants to the second over 2024-2031, off the quarter hours
    let base = date(2024, 1, 1).and_hms_opt(0, 0, 0).unwrap();
    windows.push(
        (0..100)
            .map(|_| base + Duration::seconds(rng.below(8 * 365 * 86_400) as i64))
            .collect(),
    );
    for window in windows {
        let mut memo = None;
        for (i, t) in window.into_iter().enumerate() {
            instants += 1;
            let (open, crate_open) = (ours.is_open(t), theirs.is_open(t));
            if open != crate_open {
                failures.push(format!(
                    "{text:?} at {t}: is_open ours {open}, crate {crate_open}"
                ));
                continue;
            }
            let mine = ours.next_change(t);
            let expected = if crate_next_change_is_right {
                crate_next(&theirs, t, open, mine, i == 0, &mut memo)
            } else if i % 96 == 0 {
                let minute = |k: i64| t + Duration::seconds(60 * k - i64::from(t.second()));
                (1..=WINDOW_DAYS * 1440)
                    .map(minute)
                    .find(|&m| theirs.is_open(m) != open)
            } else {
                continue;
            };
            if mine != expected {
                failures.push(format!(
                    "{text:?} at {t}: next_change ours {mine:?}, crate {expected:?}"
                ));
            }
        }
    }
    (instants, days)
}

#[test]
fn agrees_with_the_opening_hours_crate() {
    let corpus = agreement_corpus();
    let differs = lines("good-crate-next-change-differs.txt");
    let mut rng = Rng::new(SEED);
    let mut failures = Vec::new();
    let (mut instants, mut days) = (0usize, 0usize);
    for (text, crate_is_right) in corpus
        .iter()
        .map(|t| (t, true))
        .chain(differs.iter().map(|t| (t, false)))
    {
        let (i, d) = compare(text, crate_is_right, &mut rng, &mut failures);
        instants += i;
        days += d;
    }
    eprintln!(
        "{} strings, {instants} instants (is_open + next_change), {days} days compared",
        corpus.len() + differs.len()
    );
    assert!(corpus.len() >= 100, "{} strings", corpus.len());
    // the first disagreement of each string
    let mut first = std::collections::BTreeMap::new();
    for f in &failures {
        let text = f
            .split(" at 20")
            .next()
            .unwrap()
            .split(" on 20")
            .next()
            .unwrap();
        first.entry(text.to_owned()).or_insert(f.clone());
    }
    assert!(
        failures.is_empty(),
        "{} disagreements in {} strings, the first of each:\n{}",
        failures.len(),
        first.len(),
        first.into_values().collect::<Vec<_>>().join("\n")
    );
}

/// `good-lenient.txt`: spellings the crate refuses but the map reads, each
/// with the canonical text it must behave exactly like.
#[test]
fn lenient_spellings_behave_like_their_canonical_text() {
    let pairs = lines("good-lenient.txt");
    assert!(pairs.len() >= 3);
    for line in pairs {
        let (lenient, canonical) = line.split_once('\t').expect("lenient<TAB>canonical");
        let a = OpeningHours::parse(lenient).unwrap_or_else(|e| panic!("{lenient:?}: {e}"));
        let b = OpeningHours::parse(canonical).unwrap_or_else(|e| panic!("{canonical:?}: {e}"));
        assert!(
            canonical.parse::<opening_hours::OpeningHours>().is_ok(),
            "{canonical:?}"
        );
        for (y, m, d) in STARTS {
            for q in 0..WINDOW_DAYS * 96 {
                let t = date(y, m, d).and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(15 * q);
                assert_eq!(a.is_open(t), b.is_open(t), "{lenient:?} at {t}");
                assert_eq!(a.next_change(t), b.next_change(t), "{lenient:?} at {t}");
            }
        }
    }
}

#[test]
fn bad_fixtures_are_rejected_with_a_located_hint() {
    let mut count = 0;
    for name in fixture_files("bad-") {
        for line in lines(&name) {
            let mut parts = line.split('\t');
            let (text, at, words) = match (parts.next(), parts.next(), parts.next()) {
                (Some(t), Some(a), Some(w)) => (t, a, w),
                _ => panic!("{name}: want text<TAB>character<TAB>words: {line:?}"),
            };
            let message = match OpeningHours::parse(text) {
                Ok(_) => panic!("{name}: {text:?} was accepted"),
                Err(m) => m,
            };
            assert!(
                message.starts_with(&format!("at character {at}: ")),
                "{name}: {text:?}: {message}"
            );
            assert!(message.contains(words), "{name}: {text:?}: {message}");
            assert!(message.contains("write"), "{name}: {text:?}: {message}");
            assert!(!message.contains('\n'), "{name}: {text:?}: {message}");
            count += 1;
        }
    }
    assert!(count >= 40, "only {count} bad strings");
}

#[test]
fn the_demo_data_is_fully_understood() {
    for text in demo_hours() {
        assert!(
            OpeningHours::parse(&text).is_ok(),
            "{text:?}: {:?}",
            OpeningHours::parse(&text)
        );
    }
    let text = std::fs::read_to_string(DEMO).unwrap();
    let data = learnmap_core::load(&text).unwrap();
    assert!(data.problems.iter().all(|p| p.code != "bad-opening-hours"));
    let with_hours = data
        .spaces
        .iter()
        .filter(|s| s.opening_hours.is_some())
        .count();
    assert_eq!(with_hours, text.matches("\"opening_hours\":").count());
    assert!(with_hours > 200, "{with_hours} places with hours");
}

#[test]
fn the_importers_hours_are_understood() {
    for text in import_hours().iter().chain(&lines("good-import.txt")) {
        assert!(OpeningHours::parse(text).is_ok(), "{text:?}");
    }
}

#[test]
fn past_midnight_on_sunday_runs_into_monday() {
    let hours = OpeningHours::parse("Su 22:00-03:00").unwrap();
    let sunday = date(2026, 11, 22);
    let monday = date(2026, 11, 23);
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    assert_eq!(hours.day(sunday), vec![(hm(22, 0), None)]);
    assert_eq!(hours.day(monday), vec![(hm(0, 0), Some(hm(3, 0)))]);
    assert!(hours.is_open(monday.and_hms_opt(2, 59, 59).unwrap()));
    assert!(!hours.is_open(monday.and_hms_opt(3, 0, 0).unwrap()));
    assert_eq!(
        hours.state_at(sunday.and_hms_opt(23, 0, 0).unwrap()),
        OpenState::Open {
            closes: Some(monday.and_hms_opt(3, 0, 0).unwrap())
        }
    );
}

#[test]
fn dates_across_the_new_year() {
    let hours = OpeningHours::parse("Mo-Su 10:00-20:00; Dec 24-Jan 02 off").unwrap();
    let noon = |y, m, d| date(y, m, d).and_hms_opt(12, 0, 0).unwrap();
    assert!(hours.is_open(noon(2026, 12, 23)));
    assert!(!hours.is_open(noon(2026, 12, 24)));
    assert!(!hours.is_open(noon(2027, 1, 1)));
    assert!(!hours.is_open(noon(2027, 1, 2)));
    assert!(hours.is_open(noon(2027, 1, 3)));
    assert_eq!(
        hours.next_change(noon(2026, 12, 24)),
        Some(date(2027, 1, 3).and_hms_opt(10, 0, 0).unwrap())
    );
    let winter = OpeningHours::parse("Nov-Feb 10:00-14:00").unwrap();
    assert!(winter.is_open(noon(2024, 2, 29)));
    assert!(!winter.is_open(noon(2024, 3, 1)));
    assert!(winter.is_open(noon(2026, 11, 1)));
    assert!(!winter.is_open(noon(2026, 10, 31)));
}

#[test]
fn a_leap_day_rule_waits_for_the_next_leap_year() {
    let hours = OpeningHours::parse("Feb 29 10:00-11:00").unwrap();
    let from = date(2025, 3, 1).and_hms_opt(0, 0, 0).unwrap();
    let expected = date(2028, 2, 29).and_hms_opt(10, 0, 0).unwrap();
    assert_eq!(hours.next_change(from), Some(expected));
    let theirs: opening_hours::OpeningHours = "Feb 29 10:00-11:00".parse().unwrap();
    assert_eq!(theirs.next_change(from), Some(expected));
    // state_at looks a week ahead only
    assert_eq!(hours.state_at(from), OpenState::Closed { opens: None });
}

#[test]
fn unknown_holidays_and_comments() {
    let t = date(2026, 11, 23).and_hms_opt(12, 0, 0).unwrap(); // a Monday
                                                               // `unknown` is not open
    assert!(!OpeningHours::parse("Mo-Fr 10:00-18:00 unknown")
        .unwrap()
        .is_open(t));
    // there is no holiday calendar: PH and SH select no day
    assert!(OpeningHours::parse("Mo-Fr 10:00-18:00; PH off")
        .unwrap()
        .is_open(t));
    assert!(!OpeningHours::parse("PH 10:00-18:00").unwrap().is_open(t));
    // a comment does not change the state (a comment alone means open, as in the crate)
    assert!(OpeningHours::parse("Mo 10:00-18:00 \"by appointment\"")
        .unwrap()
        .is_open(t));
    assert!(OpeningHours::parse("\"by appointment\"")
        .unwrap()
        .is_open(t));
    // never open: no next change, found at once
    assert_eq!(OpeningHours::parse("off").unwrap().next_change(t), None);
    assert_eq!(OpeningHours::parse("24/7").unwrap().next_change(t), None);
}

#[test]
fn clones_share_the_parsed_rules() {
    let a = OpeningHours::parse("Mo-Fr 09:00-18:00").unwrap();
    let b = a.clone();
    assert_eq!(a, b);
    assert_eq!(b.source(), "Mo-Fr 09:00-18:00");
    assert_eq!(format!("{b:?}"), "OpeningHours(\"Mo-Fr 09:00-18:00\")");
    assert_ne!(a, OpeningHours::parse("Mo-Fr 09:00-18:30").unwrap());
}
