//! "What's on" benchmark: `cargo bench -p learnmap-core --bench events`.
//!
//! 10k seeded events across Hamburg, each a weekly course (one to three
//! weekdays, a random first date in a two-year span, most with an end date
//! and some with excepted days and cancelled sessions), one learning area
//! each and one in ten free:
//!
//! * `nearest10_week_1pct`: the 10 nearest events with an occurrence in a
//!   one-week window under a filter matching about 1% of the events (one
//!   learning area, free), from a random point (aim: ≤ 1 ms);
//! * `nearest10_week`: the same without a filter (every event's dates are
//!   looked at until ten nearer ones are known);
//! * `soonest10_week_1pct`: soonest first under the 1% filter;
//! * `index_build`: `EventIndex::new`.
//!
//! Before measuring it prints the filter's share and how many events it
//! finds in the window.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use criterion::{criterion_group, criterion_main, Criterion};
use learnmap_core::events::{load_events, Event, EventFilter, EventIndex, Order};
use learnmap_core::{LearningArea, LonLat, Vocabulary};
use learnmap_synth::Rng;
use serde_json::{json, Value};
use std::hint::black_box;

const SEED: u64 = 22;
const N: usize = 10_000;
const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn origin() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 5)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

fn events() -> Vec<Event> {
    let mut rng = Rng::new(SEED);
    let features: Vec<Value> = (0..N)
        .map(|i| {
            let start = origin()
                + Duration::days(rng.range_u32(0, 700).into())
                + Duration::minutes(i64::from(rng.range_u32(32, 80)) * 15);
            let days: Vec<&str> = (0..rng.range_u32(1, 3)).map(|_| *rng.choose(&DAYS).unwrap()).collect();
            let mut rule = format!("FREQ=WEEKLY;BYDAY={}", days.join(","));
            if rng.chance(0.8) {
                let until = start + Duration::weeks(rng.range_u32(4, 60).into());
                rule.push_str(&format!(";UNTIL={}", until.format("%Y%m%d")));
            }
            let later = |rng: &mut Rng| (start + Duration::weeks(rng.range_u32(1, 30).into())).format("%Y-%m-%d").to_string();
            let exdate: Vec<String> = (0..rng.range_u32(0, 2)).map(|_| later(&mut rng)).collect();
            let cancelled: Vec<String> = (0..rng.range_u32(0, 1)).map(|_| later(&mut rng)).collect();
            let area = rng.choose(LearningArea::ALL).unwrap().as_str();
            let fee = if rng.chance(0.1) { "free" } else { "paid" };
            json!({"type": "Feature",
                   "geometry": {"type": "Point", "coordinates": [rng.range_f64(9.75, 10.25), rng.range_f64(53.45, 53.65)]},
                   "properties": {"id": format!("e{i}"), "title": format!("Course {i}"),
                                  "start": start.format("%Y-%m-%dT%H:%M").to_string(),
                                  "end": (start + Duration::minutes(90)).format("%Y-%m-%dT%H:%M").to_string(),
                                  "rrule": rule, "exdate": exdate, "cancelled": cancelled,
                                  "learning_areas": [area], "fee": fee}})
        })
        .collect();
    let text = json!({"type": "FeatureCollection", "features": features}).to_string();
    let set = load_events(&text).expect("the events load");
    assert!(set.problems.is_empty(), "{:?}", &set.problems[..1]);
    set.events
}

fn bench(c: &mut Criterion) {
    let events = events();
    let index = EventIndex::new(&events, |_| None);
    let selective = EventFilter {
        learning_areas: [LearningArea::Digital].into_iter().collect(),
        free: true,
        ..EventFilter::default()
    };
    let share = events.iter().filter(|e| selective.matches(e)).count() as f64 / N as f64;
    let mut rng = Rng::new(SEED + 1);
    // queries: a random point and a random week within the courses' span
    let queries: Vec<(LonLat, NaiveDateTime)> = (0..256)
        .map(|_| {
            let at = LonLat {
                lon: rng.range_f64(9.8, 10.2),
                lat: rng.range_f64(53.5, 53.6),
            };
            (at, origin() + Duration::days(rng.range_u32(60, 600).into()))
        })
        .collect();
    let found: usize = queries
        .iter()
        .map(|(at, from)| {
            index
                .query(
                    &events,
                    &selective,
                    Some(*at),
                    *from,
                    *from + Duration::weeks(1),
                    10,
                    Order::Nearest,
                )
                .len()
        })
        .sum();
    println!(
        "events: {N}, filter share {:.2}%, mean answers per week under it {:.1} (of 10 asked)",
        share * 100.0,
        found as f64 / queries.len() as f64
    );
    // On a busy machine the wall clock carries the other processes' load:
    // the time this thread spent on a CPU (Linux schedstat) does not.
    let cpu_ns = || {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
    };
    for (name, filter) in [
        ("1% filter", &selective),
        ("no filter", &EventFilter::default()),
    ] {
        if let Some(before) = cpu_ns() {
            let rounds = 2000;
            for r in 0..rounds {
                let (at, from) = queries[r % queries.len()];
                black_box(index.query(
                    &events,
                    filter,
                    Some(at),
                    from,
                    from + Duration::weeks(1),
                    10,
                    Order::Nearest,
                ));
            }
            if let Some(after) = cpu_ns() {
                println!(
                    "nearest-10 in a week, {name}: {:.1} µs of thread CPU per query",
                    (after - before) as f64 / rounds as f64 / 1e3
                );
            }
        }
    }
    let mut group = c.benchmark_group("events_10k");
    let mut q = 0;
    let mut next = || {
        q = (q + 1) % queries.len();
        queries[q]
    };
    let everything = EventFilter::default();
    for (name, filter, order) in [
        ("nearest10_week_1pct", &selective, Order::Nearest),
        ("soonest10_week_1pct", &selective, Order::Soonest),
        ("nearest10_week", &everything, Order::Nearest),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let (at, from) = next();
                black_box(index.query(
                    &events,
                    filter,
                    Some(at),
                    from,
                    from + Duration::weeks(1),
                    10,
                    order,
                ))
            })
        });
    }
    group.bench_function("index_build", |b| {
        b.iter(|| black_box(EventIndex::new(&events, |_| None)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
