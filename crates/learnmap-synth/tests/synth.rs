//! Tests of the seeded demo and synthetic data generators.

use learnmap_core::{AgeGroup, Audience, LearningArea, PlaceType, Vocabulary};
use learnmap_synth::{demo_city, write_synthetic, Rng, DEMO_COUNT, DEMO_SEED, DEMO_SOURCE};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};

fn features(collection: &Value) -> &Vec<Value> {
    collection["features"].as_array().expect("a features array")
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().expect("a string")).collect())
        .unwrap_or_default()
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_f64().expect("a number"))
        .collect()
}

fn synthetic(n: usize, seed: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_synthetic(&mut bytes, n, seed).expect("writing to a Vec cannot fail");
    bytes
}

fn vocabulary<T: Vocabulary>() -> BTreeSet<&'static str> {
    T::ALL.iter().map(|v| v.as_str()).collect()
}

/// The age groups overlapping `min..=max`, per the schema's ranges.
fn expected_groups(min: u64, max: u64) -> Vec<&'static str> {
    AgeGroup::ALL
        .iter()
        .filter(|g| {
            let (lo, hi) = g.range();
            u64::from(lo) <= max && min <= u64::from(hi)
        })
        .map(|g| g.as_str())
        .collect()
}

/// A conservative check of the subset of OpenStreetMap `opening_hours`
/// syntax the generator uses: `24/7`, or rules like `Mo-Fr 09:00-18:00`,
/// `Apr-Oct Sa 10:00-16:00` or `PH off` separated by `; `.
fn is_opening_hours(text: &str) -> bool {
    const WORDS: [&str; 10] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "PH", "Apr", "Oct"];
    let selector = |s: &str| {
        s.split(',')
            .all(|range| range.split('-').all(|w| WORDS.contains(&w)))
    };
    let time = |t: &str| {
        t == "off"
            || t.split('-').count() == 2
                && t.split('-').all(|x| {
                    x.len() == 5
                        && x.as_bytes()[2] == b':'
                        && x[..2].parse::<u8>().is_ok_and(|h| h <= 24)
                        && x[3..].parse::<u8>().is_ok_and(|m| m < 60)
                })
    };
    text == "24/7"
        || text.split("; ").all(|rule| {
            let words: Vec<&str> = rule.split(' ').collect();
            match words.split_last() {
                Some((last, selectors)) => {
                    time(last) && !selectors.is_empty() && selectors.iter().all(|s| selector(s))
                }
                None => false,
            }
        })
}

#[test]
fn opening_hours_check_works() {
    assert!(is_opening_hours("Mo-Fr 09:00-18:00; Sa 10:00-14:00"));
    assert!(is_opening_hours("Apr-Oct Sa 10:00-16:00"));
    assert!(is_opening_hours("We 15:00-18:00; PH off"));
    assert!(is_opening_hours("24/7"));
    assert!(!is_opening_hours("Mon-Fri 9-18"));
    assert!(!is_opening_hours("Mo-Fr"));
    assert!(!is_opening_hours("Mo-Fr 09:00-18:00;Sa 10:00-14:00"));
}

#[test]
fn rng_is_deterministic_and_seed_dependent() {
    let draw = |seed| {
        let mut rng = Rng::new(seed);
        (0..100).map(|_| rng.next_u64()).collect::<Vec<_>>()
    };
    assert_eq!(draw(1), draw(1));
    assert_ne!(draw(1), draw(2));
    assert_ne!(draw(0), vec![0; 100], "seed 0 works too");
}

#[test]
fn rng_helpers_stay_in_range() {
    let mut rng = Rng::new(99);
    let mut seen = BTreeSet::new();
    for _ in 0..10_000 {
        let x = rng.f64();
        assert!((0.0..1.0).contains(&x));
        let y = rng.range_f64(-2.0, 3.0);
        assert!((-2.0..3.0).contains(&y));
        let k = rng.range_u32(3, 7);
        assert!((3..=7).contains(&k));
        seen.insert(k);
        assert!(rng.below(10) < 10);
    }
    assert_eq!(seen, (3..=7).collect(), "every value of the range occurs");
    assert_eq!(rng.range_u32(5, 5), 5);
    assert!(!rng.chance(0.0));
    assert!(rng.chance(1.0));
    let items = [1, 2, 3, 4, 5, 6, 7, 8];
    let mut shuffled = items;
    rng.shuffle(&mut shuffled);
    let mut sorted = shuffled;
    sorted.sort();
    assert_eq!(sorted, items, "a shuffle is a permutation");
    assert!(items.contains(rng.choose(&items).unwrap()));
    assert!(rng.choose::<u8>(&[]).is_none());
}

#[test]
fn rng_mean_is_about_a_half() {
    let mut rng = Rng::new(5);
    let mean = (0..100_000).map(|_| rng.f64()).sum::<f64>() / 100_000.0;
    assert!((mean - 0.5).abs() < 0.01, "{mean}");
}

#[test]
fn demo_is_deterministic_and_seed_dependent() {
    let a = serde_json::to_string_pretty(&demo_city(DEMO_SEED)).unwrap();
    let b = serde_json::to_string_pretty(&demo_city(DEMO_SEED)).unwrap();
    assert_eq!(a, b);
    assert_ne!(demo_city(DEMO_SEED), demo_city(DEMO_SEED + 1));
}

#[test]
fn demo_is_labelled_as_fictional() {
    for seed in [DEMO_SEED, 7] {
        let demo = demo_city(seed);
        assert_eq!(demo["type"], "FeatureCollection");
        assert_eq!(demo["name"], "learnmap demo data: Hamburg (fictional)");
        let description = demo["description"].as_str().unwrap();
        assert!(description.contains("FICTIONAL"), "{description}");
        assert!(
            description.contains(&format!("learnmap-data demo --seed {seed}")),
            "{description}"
        );
        for f in features(&demo) {
            assert_eq!(f["properties"]["source"], DEMO_SOURCE);
            let name = f["properties"]["name"].as_str().unwrap();
            assert!(name.ends_with(" (Demo)"), "{name}");
        }
    }
}

#[test]
fn demo_has_the_expected_count_and_unique_ids_and_names() {
    for seed in [DEMO_SEED, 1, 2, 3] {
        let demo = demo_city(seed);
        let features = features(&demo);
        assert_eq!(features.len(), DEMO_COUNT);
        let ids: HashSet<&str> = features
            .iter()
            .map(|f| f["properties"]["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), DEMO_COUNT, "ids are unique (seed {seed})");
        assert!(ids.contains("demo-0001") && ids.contains("demo-0300"));
        let names: HashSet<&str> = features
            .iter()
            .map(|f| f["properties"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), DEMO_COUNT, "names are unique (seed {seed})");
    }
}

#[test]
fn demo_covers_every_vocabulary_value() {
    // Several seeds: coverage is enforced, not luck.
    for seed in [DEMO_SEED, 0, 1, 2, 3, 42, 1000, u64::MAX] {
        let demo = demo_city(seed);
        let mut seen: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for f in features(&demo) {
            let p = &f["properties"];
            seen.entry("place_type")
                .or_default()
                .insert(p["place_type"].as_str().unwrap());
            for key in ["age_groups", "learning_areas", "audiences"] {
                seen.entry(key).or_default().extend(strings(&p[key]));
            }
        }
        assert_eq!(seen["place_type"], vocabulary::<PlaceType>(), "seed {seed}");
        assert_eq!(seen["age_groups"], vocabulary::<AgeGroup>(), "seed {seed}");
        assert_eq!(
            seen["learning_areas"],
            vocabulary::<LearningArea>(),
            "seed {seed}"
        );
        assert_eq!(seen["audiences"], vocabulary::<Audience>(), "seed {seed}");
    }
}

#[test]
fn demo_places_are_in_hamburg() {
    for seed in [DEMO_SEED, 11] {
        for f in features(&demo_city(seed)) {
            assert_eq!(f["type"], "Feature");
            assert_eq!(f["geometry"]["type"], "Point");
            let c = numbers(&f["geometry"]["coordinates"]);
            assert_eq!(c.len(), 2, "[lon, lat]");
            let (lon, lat) = (c[0], c[1]);
            assert!((9.72..=10.33).contains(&lon), "lon {lon}");
            assert!((53.39..=53.75).contains(&lat), "lat {lat}");
            for x in [lon, lat] {
                assert_eq!((x * 1e6).round() / 1e6, x, "rounded to 6 decimals");
            }
        }
    }
}

#[test]
fn demo_properties_follow_the_schema() {
    let set = |values: &[&'static str]| values.iter().copied().collect::<BTreeSet<_>>();
    let learning_areas = vocabulary::<LearningArea>();
    let audiences = vocabulary::<Audience>();
    let delivery = set(&["in_person", "online", "hybrid", "outreach"]);
    let fees = set(&["free", "paid", "varies"]);
    let wheelchair = set(&["yes", "limited", "no"]);
    let statuses = set(&["active", "temporarily_closed"]);
    let mut closed = 0;
    let demo = demo_city(DEMO_SEED);
    for f in features(&demo) {
        let p = &f["properties"];
        let id = p["id"].as_str().unwrap();
        assert!(id.starts_with("demo-") && id.len() == 9, "{id}");

        let (min, max) = (
            p["age_min"].as_u64().unwrap(),
            p["age_max"].as_u64().unwrap(),
        );
        assert!(min <= max && max <= 120, "{id}: {min}-{max}");
        assert_eq!(strings(&p["age_groups"]), expected_groups(min, max), "{id}");
        match p["place_type"].as_str().unwrap() {
            "kindergarten" => assert!(max <= 6, "{id}"),
            "school" => assert!(min >= 6 && max <= 19, "{id}"),
            "adult_education" => assert!(min >= 16, "{id}"),
            _ => {}
        }

        let areas = strings(&p["learning_areas"]);
        assert!((1..=4).contains(&areas.len()), "{id}: {areas:?}");
        assert!(areas.iter().all(|a| learning_areas.contains(a)), "{id}");
        assert_eq!(
            areas.iter().collect::<BTreeSet<_>>().len(),
            areas.len(),
            "{id}"
        );
        if let Some(list) = p.get("audiences") {
            let list = strings(list);
            assert!(!list.is_empty(), "{id}");
            assert!(list.iter().all(|a| audiences.contains(a)), "{id}");
        }
        assert!(delivery.contains(p["delivery"].as_str().unwrap()), "{id}");
        assert!(fees.contains(p["fee"].as_str().unwrap()), "{id}");
        assert!(
            wheelchair.contains(p["wheelchair"].as_str().unwrap()),
            "{id}"
        );
        let status = p["status"].as_str().unwrap();
        assert!(statuses.contains(status), "{id}");
        closed += usize::from(status == "temporarily_closed");
        if let Some(hours) = p.get("opening_hours") {
            let hours = hours.as_str().unwrap();
            assert!(is_opening_hours(hours), "{id}: {hours}");
        }
        let languages = strings(&p["languages"]);
        assert_eq!(languages.first(), Some(&"de"), "{id}");
        assert!(
            languages
                .iter()
                .all(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase())),
            "{id}: {languages:?}"
        );

        let date = p["last_verified"].as_str().unwrap();
        assert!(
            date.len() == 10 && ("2025-01-01"..="2026-12-31").contains(&date),
            "{id}: {date}"
        );
        if let Some(code) = p.get("addr:postcode") {
            let code: u32 = code.as_str().unwrap().parse().unwrap();
            assert!((20000..23000).contains(&code), "{id}");
            assert_eq!(p["addr:city"], "Hamburg");
            assert!(p["addr:street"].is_string() && p["addr:housenumber"].is_string());
        }
        if let Some(phone) = p.get("phone") {
            assert!(phone.as_str().unwrap().starts_with("+49 40 "), "{id}");
        }
        if let Some(email) = p.get("email") {
            assert!(email.as_str().unwrap().ends_with("@example.org"), "{id}");
        }
        if let Some(site) = p.get("website") {
            assert!(
                site.as_str().unwrap().starts_with("https://example.org/"),
                "{id}"
            );
        }
        if p.get("description:en").is_some() {
            assert!(p["description"].is_string(), "{id}");
        }
    }
    assert!(
        (1..=30).contains(&closed),
        "a few are temporarily closed: {closed}"
    );
}

#[test]
fn demo_loads_without_problems() {
    let text = serde_json::to_string_pretty(&demo_city(DEMO_SEED)).unwrap();
    let data = learnmap_core::load(&text).expect("the demo loads");
    assert_eq!(data.spaces.len(), DEMO_COUNT);
    assert!(data.problems.is_empty(), "{:?}", data.problems);
    assert_eq!(
        data.name.as_deref(),
        Some("learnmap demo data: Hamburg (fictional)")
    );
}

#[test]
fn synthetic_output_is_valid_json_with_n_features() {
    for n in [0, 1, 2, 10, 1000] {
        let bytes = synthetic(n, 3);
        let value: Value = serde_json::from_slice(&bytes).expect("valid JSON");
        assert_eq!(value["type"], "FeatureCollection");
        assert!(value["description"].as_str().unwrap().contains("FICTIONAL"));
        assert_eq!(features(&value).len(), n);
        let lines = bytes.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(
            lines,
            n + 2,
            "a line for the header, each feature and the end"
        );
    }
}

#[test]
fn synthetic_output_is_deterministic_and_seed_dependent() {
    assert_eq!(synthetic(500, 9), synthetic(500, 9));
    assert_ne!(synthetic(500, 9), synthetic(500, 10));
    // Each place depends only on the seed and the places before it, so a
    // shorter run is a prefix of a longer one (apart from the header).
    let long = String::from_utf8(synthetic(200, 9)).unwrap();
    let short = String::from_utf8(synthetic(100, 9)).unwrap();
    let features_of = |s: &str| -> Vec<String> {
        s.lines()
            .skip(1)
            .take(100)
            .map(|l| l.trim_end_matches(',').to_owned())
            .collect()
    };
    assert_eq!(features_of(&long), features_of(&short));
}

#[test]
fn synthetic_places_are_valid_and_include_hard_cases() {
    let value: Value = serde_json::from_slice(&synthetic(5000, 2024)).unwrap();
    let learning_areas = vocabulary::<LearningArea>();
    let mut ids = HashSet::new();
    let mut positions = HashSet::new();
    let (mut duplicates, mut arctic, mut antarctic, mut east, mut west) = (0, 0, 0, 0, 0);
    let mut types = BTreeSet::new();
    for f in features(&value) {
        let c = numbers(&f["geometry"]["coordinates"]);
        let (lon, lat) = (c[0], c[1]);
        assert!(
            (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat),
            "{c:?}"
        );
        if !positions.insert((lon.to_bits(), lat.to_bits())) {
            duplicates += 1;
        }
        arctic += usize::from(lat > 80.0);
        antarctic += usize::from(lat < -85.0);
        east += usize::from(lon > 179.5);
        west += usize::from(lon < -179.5);

        let p = &f["properties"];
        assert!(ids.insert(p["id"].as_str().unwrap()));
        assert!(!p["name"].as_str().unwrap().is_empty());
        types.insert(p["place_type"].as_str().unwrap());
        let (min, max) = (
            p["age_min"].as_u64().unwrap(),
            p["age_max"].as_u64().unwrap(),
        );
        assert_eq!(strings(&p["age_groups"]), expected_groups(min, max));
        let areas = strings(&p["learning_areas"]);
        assert!(!areas.is_empty() && areas.iter().all(|a| learning_areas.contains(a)));
        assert!(p["fee"].is_string() && p["wheelchair"].is_string());
        assert!(!strings(&p["languages"]).is_empty());
    }
    assert_eq!(ids.len(), 5000);
    assert_eq!(types, vocabulary::<PlaceType>(), "every place type");
    assert!(
        duplicates >= 20,
        "some places share a position: {duplicates}"
    );
    assert!(
        arctic > 0 && antarctic > 0,
        "near the poles: {arctic} {antarctic}"
    );
    assert!(
        east > 0 && west > 0,
        "on both sides of the antimeridian: {east} {west}"
    );
}

#[test]
fn synthetic_places_load_without_problems() {
    let text = String::from_utf8(synthetic(2000, 1)).unwrap();
    let data = learnmap_core::load(&text).expect("the synthetic set loads");
    assert_eq!(data.spaces.len(), 2000);
    assert!(
        data.problems.is_empty(),
        "{:?}",
        &data.problems[..data.problems.len().min(5)]
    );
}
