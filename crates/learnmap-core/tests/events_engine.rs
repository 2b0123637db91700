//! Events, property-tested against brute force (seeded): recurrence rules
//! against a day-by-day reference, the jump to a window against walking
//! from the start, and "What's on" queries against testing every event and
//! sorting.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use learnmap_core::events::{load_events, Event, EventFilter, EventIndex, EventStatus, Order};
use learnmap_core::geo::haversine_m;
use learnmap_core::recur::{Freq, Rule, Until};
use learnmap_core::{Audience, LearningArea, LonLat, Vocabulary};
use learnmap_synth::Rng;
use serde_json::{json, Value};

const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn random_start(rng: &mut Rng) -> NaiveDateTime {
    day(2025, 1, 1).and_hms_opt(0, 0, 0).unwrap()
        + Duration::days(rng.range_u32(0, 800).into())
        + Duration::minutes(i64::from(rng.range_u32(0, 95)) * 15)
}

fn random_rule(rng: &mut Rng, start: NaiveDateTime) -> String {
    let freq = *rng
        .choose(&["DAILY", "WEEKLY", "WEEKLY", "MONTHLY"])
        .unwrap();
    let mut parts = vec![format!("FREQ={freq}")];
    if rng.chance(0.4) {
        parts.push(format!("INTERVAL={}", rng.range_u32(1, 4)));
    }
    match freq {
        "WEEKLY" | "DAILY" if rng.chance(0.6) => {
            let days: Vec<&str> = DAYS.iter().copied().filter(|_| rng.chance(0.35)).collect();
            if !days.is_empty() {
                parts.push(format!("BYDAY={}", days.join(",")));
            }
        }
        "MONTHLY" => match rng.range_u32(0, 3) {
            0 => parts.push(format!(
                "BYDAY={}{}",
                rng.choose(&["1", "2", "3", "4", "-1", "-2", "5"]).unwrap(),
                rng.choose(&DAYS).unwrap()
            )),
            1 => parts.push(format!(
                "BYMONTHDAY={}",
                rng.choose(&["1", "15", "28", "30", "31", "-1"]).unwrap()
            )),
            2 => parts.push(format!("BYDAY={}", rng.choose(&DAYS).unwrap())),
            _ => {}
        },
        _ => {}
    }
    if freq == "WEEKLY" && rng.chance(0.2) {
        parts.push(format!("WKST={}", rng.choose(&DAYS).unwrap()));
    }
    match rng.range_u32(0, 2) {
        0 => parts.push(format!("COUNT={}", rng.range_u32(1, 40))),
        1 => {
            let until = start + Duration::days(rng.range_u32(0, 400).into());
            if rng.chance(0.5) {
                parts.push(format!("UNTIL={}", until.format("%Y%m%d")));
            } else {
                parts.push(format!("UNTIL={}", until.format("%Y%m%dT%H%M%S")));
            }
        }
        _ => {}
    }
    parts.join(";")
}

/// The reference: day by day from the start, each day tested on its own.
fn reference(rule: &Rule, start: NaiveDateTime, horizon: NaiveDate) -> Vec<NaiveDateTime> {
    let mut out = vec![start];
    let mut d = start.date();
    while d <= horizon {
        let t = d.and_time(start.time());
        if t > start && rule.matches_day(start, d) {
            out.push(t);
        }
        d += Duration::days(1);
    }
    let allowed = |t: &NaiveDateTime| match rule.until {
        Some(Until::Date(u)) => t.date() <= u,
        Some(Until::DateTime(u)) => *t <= u,
        None => true,
    };
    let mut out: Vec<_> = out.into_iter().take_while(allowed).collect();
    if let Some(c) = rule.count {
        out.truncate(c as usize);
    }
    out
}

#[test]
fn rules_agree_with_the_day_by_day_reference() {
    let mut rng = Rng::new(22);
    for case in 0..1500 {
        let start = random_start(&mut rng);
        let text = random_rule(&mut rng, start);
        let rule = Rule::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let horizon = start.date() + Duration::days(900);
        let got: Vec<_> = rule
            .iter(start)
            .take_while(|t| t.date() <= horizon)
            .collect();
        let want = reference(&rule, start, horizon);
        assert_eq!(got, want, "case {case}: {text} from {start}");
        // jumping to a later time gives the same as walking there
        let from = start + Duration::hours(rng.range_u32(0, 24 * 600).into());
        let jumped: Vec<_> = rule
            .iter_from(start, from)
            .take_while(|t| t.date() <= horizon)
            .collect();
        let walked: Vec<_> = want.iter().copied().filter(|t| *t >= from).collect();
        assert_eq!(
            jumped, walked,
            "case {case}: {text} from {start}, jump to {from}"
        );
    }
}

/// Random events as a GeoJSON text, so the engine sees what the loader gives.
fn random_events(rng: &mut Rng, n: usize, places: &[(String, LonLat)]) -> String {
    let features: Vec<Value> = (0..n)
        .map(|i| {
            let start = random_start(rng);
            let mut p = json!({
                "id": format!("e{i}"),
                "title": format!("Event {i}"),
                "start": start.format("%Y-%m-%dT%H:%M").to_string(),
            });
            if rng.chance(0.7) {
                let minutes = i64::from(rng.range_u32(0, 60 * 30));
                p["end"] = json!((start + Duration::minutes(minutes)).format("%Y-%m-%dT%H:%M").to_string());
            }
            if rng.chance(0.8) {
                p["rrule"] = json!(random_rule(rng, start));
            }
            let some_dates = |rng: &mut Rng, whole_days: bool| -> Vec<String> {
                (0..rng.range_u32(0, 4))
                    .map(|_| {
                        let t = start + Duration::days(i64::from(rng.range_u32(0, 120)));
                        if whole_days { t.format("%Y-%m-%d").to_string() } else { t.format("%Y-%m-%dT%H:%M").to_string() }
                    })
                    .collect()
            };
            p["rdate"] = json!(some_dates(rng, false));
            let whole = rng.chance(0.5);
            p["exdate"] = json!(some_dates(rng, whole));
            let whole = rng.chance(0.5);
            p["cancelled"] = json!(some_dates(rng, whole));
            if rng.chance(0.1) {
                p["status"] = json!(*rng.choose(&["cancelled", "full", "scheduled"]).unwrap());
            }
            let areas: Vec<&str> = LearningArea::ALL.iter().filter(|_| rng.chance(0.15)).map(|a| a.as_str()).collect();
            p["learning_areas"] = json!(areas);
            let audiences: Vec<&str> = Audience::ALL.iter().filter(|_| rng.chance(0.15)).map(|a| a.as_str()).collect();
            p["audiences"] = json!(audiences);
            if rng.chance(0.7) {
                let lo = rng.range_u32(0, 70);
                p["age_min"] = json!(lo);
                p["age_max"] = json!(lo + rng.range_u32(0, 40));
            }
            if rng.chance(0.6) {
                p["fee"] = json!(*rng.choose(&["free", "paid", "varies"]).unwrap());
            }
            let mut geometry = Value::Null;
            match rng.range_u32(0, 2) {
                0 => p["place"] = json!(rng.choose(places).unwrap().0),
                1 => geometry = json!({"type": "Point", "coordinates": [rng.range_f64(9.7, 10.3), rng.range_f64(53.4, 53.7)]}),
                _ => p["place"] = json!("nowhere"),
            }
            json!({"type": "Feature", "geometry": geometry, "properties": p})
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

fn random_filter(rng: &mut Rng) -> EventFilter {
    let mut f = EventFilter::default();
    if rng.chance(0.3) {
        let lo = rng.range_u32(0, 80) as u8;
        f.ages = Some((lo, lo + rng.range_u32(0, 10) as u8));
    }
    if rng.chance(0.3) {
        f.learning_areas = LearningArea::ALL
            .iter()
            .copied()
            .filter(|_| rng.chance(0.3))
            .collect();
    }
    if rng.chance(0.2) {
        f.audiences = Audience::ALL
            .iter()
            .copied()
            .filter(|_| rng.chance(0.3))
            .collect();
    }
    f.free = rng.chance(0.2);
    f.not_full = rng.chance(0.2);
    f
}

/// The brute-force answer: every event tested, every start walked from the first.
#[allow(clippy::too_many_arguments)] // the same arguments as `EventIndex::query`, and the positions
fn brute(
    events: &[Event],
    position: &dyn Fn(&Event) -> Option<LonLat>,
    filter: &EventFilter,
    at: Option<LonLat>,
    from: NaiveDateTime,
    to: NaiveDateTime,
    k: usize,
    order: Order,
) -> Vec<(usize, NaiveDateTime)> {
    let mut all: Vec<(f64, NaiveDateTime, usize)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if !filter.matches(e) || e.status == EventStatus::Cancelled {
            continue;
        }
        let first = e
            .starts()
            .take_while(|s| *s < to)
            .find(|&s| (s + e.duration > from || s >= from) && !e.is_cancelled_at(s));
        let Some(s) = first else { continue };
        let d = match (at, position(e)) {
            (Some(a), Some(p)) => haversine_m(a, p),
            _ => f64::INFINITY,
        };
        all.push((d, s, i));
    }
    match order {
        Order::Nearest => all.sort_by(|a, b| a.partial_cmp(b).unwrap()),
        Order::Soonest => {
            all.sort_by(|a, b| (a.1, a.0, a.2).partial_cmp(&(b.1, b.0, b.2)).unwrap())
        }
    }
    all.into_iter().take(k).map(|(_, s, i)| (i, s)).collect()
}

#[test]
fn queries_agree_with_brute_force() {
    let mut rng = Rng::new(2026);
    let places: Vec<(String, LonLat)> = (0..50)
        .map(|i| {
            (
                format!("p{i}"),
                LonLat {
                    lon: rng.range_f64(9.7, 10.3),
                    lat: rng.range_f64(53.4, 53.7),
                },
            )
        })
        .collect();
    let set = load_events(&random_events(&mut rng, 600, &places)).unwrap();
    assert!(
        set.problems.iter().all(|p| p.code != "bad-rrule"),
        "{:?}",
        set.problems
    );
    assert_eq!(set.events.len(), 600);
    let lookup = |id: &str| places.iter().find(|(p, _)| p == id).map(|(_, at)| *at);
    let index = EventIndex::new(&set.events, lookup);
    assert!(!index.unknown_places.is_empty());
    let position = |e: &Event| e.position.or_else(|| e.place.as_deref().and_then(lookup));
    let mut answered = 0;
    for case in 0..400 {
        let filter = random_filter(&mut rng);
        let at = rng.chance(0.8).then(|| LonLat {
            lon: rng.range_f64(9.6, 10.4),
            lat: rng.range_f64(53.3, 53.8),
        });
        let from = random_start(&mut rng);
        let to = from + Duration::hours(rng.range_u32(1, 24 * 10).into());
        let k = rng.range_u32(1, 30) as usize;
        let order = if rng.chance(0.5) {
            Order::Nearest
        } else {
            Order::Soonest
        };
        let got = index.query(&set.events, &filter, at, from, to, k, order);
        let want = brute(&set.events, &position, &filter, at, from, to, k, order);
        let got_pairs: Vec<_> = got.iter().map(|h| (h.index, h.starts)).collect();
        assert_eq!(
            got_pairs, want,
            "case {case}: {filter:?} at {at:?} {from}..{to} k={k} {order:?}"
        );
        for h in &got {
            let e = &set.events[h.index];
            match (at, position(e)) {
                (Some(a), Some(p)) => {
                    assert!((h.distance_m.unwrap() - haversine_m(a, p)).abs() < 0.01)
                }
                _ => assert_eq!(h.distance_m, None),
            }
            // never an excepted or cancelled occurrence
            assert!(!e.exdates.iter().any(
                |x| matches!(x, learnmap_core::events::DateOrTime::Date(d) if *d == h.starts.date())
            ));
            assert!(!e.is_cancelled_at(h.starts));
        }
        answered += usize::from(!got.is_empty());
    }
    assert!(
        answered > 100,
        "the queries find something often enough to test: {answered}"
    );
}

#[test]
fn the_rule_kinds_are_all_generated() {
    // the property test above covers each kind of rule
    let mut rng = Rng::new(22);
    let mut seen = [false; 3];
    for _ in 0..200 {
        let start = random_start(&mut rng);
        let rule = Rule::parse(&random_rule(&mut rng, start)).unwrap();
        seen[match rule.freq {
            Freq::Daily => 0,
            Freq::Weekly => 1,
            Freq::Monthly => 2,
        }] = true;
    }
    assert_eq!(seen, [true; 3]);
}
