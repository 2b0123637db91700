//! Shared helpers of the index, filter, cluster and facet tests: seeded
//! random places (loaded from GeoJSON text, so the index sees exactly what
//! the loader gives), random filters and brute-force reference answers.
#![allow(dead_code)]

use chrono::NaiveDate;
use learnmap_core::geo::haversine_m;
use learnmap_core::{
    load, Audience, Filter, LearningArea, LearningSpace, LonLat, PlaceType, Vocabulary,
};
use learnmap_synth::Rng;
use serde_json::{json, Map, Value};

/// A point uniform on the sphere, so the poles get their share.
pub fn random_point(rng: &mut Rng) -> LonLat {
    LonLat {
        lon: rng.range_f64(-180.0, 180.0),
        lat: rng.range_f64(-1.0, 1.0).asin().to_degrees(),
    }
}

const NAMES: &[&str] = &[
    "Bücherhalle",
    "Café Lernen",
    "Łódź Library",
    "École du Soir",
    "Straße der Bildung",
    "Øresund Makerspace",
    "Kita Möwennest",
    "Community Hub",
];
const DESCRIPTIONS: &[&str] = &[
    "Kurse für Senioren",
    "Ateliers numériques pour tous",
    "Homework club",
    "Sprachcafé am Dienstag",
];
const HOURS: &[&str] = &[
    "Mo-Fr 09:00-18:00",
    "24/7",
    "Sa,Su 10:00-14:00",
    "Mo-Sa 08:00-12:00; Tu 14:00-19:00",
];
const LANGUAGES: &[&str] = &["de", "en", "pt", "pt-BR", "tr", "ar", "fr", "uk"];

fn subset<T: Vocabulary>(rng: &mut Rng, p: f64) -> Vec<Value> {
    T::ALL
        .iter()
        .filter(|_| rng.chance(p))
        .map(|v| Value::from(v.as_str()))
        .collect()
}

/// A valid but rare 3-letter language tag (`qaa`, `qab`, ...: private use).
pub fn rare_language(j: u32) -> String {
    let letter = |k: u32| char::from(b'a' + k as u8);
    format!("q{}{}", letter(j / 26), letter(j % 26))
}

/// Places at `points` with random attributes: every filter dimension varies,
/// and some places offer rare languages (beyond the index's 31 language bits).
pub fn random_places(rng: &mut Rng, points: &[LonLat]) -> Vec<LearningSpace> {
    let features: Vec<Value> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut props = Map::new();
            props.insert("id".into(), format!("p{i:05}").into());
            let name = format!("{} {i}", rng.choose(NAMES).unwrap());
            props.insert("name".into(), name.into());
            if rng.chance(0.2) {
                props.insert("name:en".into(), "Learning Place".into());
            }
            if rng.chance(0.4) {
                props.insert(
                    "description".into(),
                    (*rng.choose(DESCRIPTIONS).unwrap()).into(),
                );
            }
            if rng.chance(0.9) {
                props.insert(
                    "place_type".into(),
                    rng.choose(PlaceType::ALL).unwrap().as_str().into(),
                );
            }
            if rng.chance(0.8) {
                let lo = rng.range_u32(0, 100);
                let hi = rng.range_u32(lo, 120);
                props.insert("age_min".into(), lo.into());
                props.insert("age_max".into(), hi.into());
            }
            props.insert(
                "learning_areas".into(),
                subset::<LearningArea>(rng, 0.2).into(),
            );
            let audiences = subset::<Audience>(rng, 0.15);
            if !audiences.is_empty() {
                props.insert("audiences".into(), audiences.into());
            }
            if let Some(fee) = rng.choose(&["free", "paid", "varies", ""]) {
                if !fee.is_empty() {
                    props.insert("fee".into(), (*fee).into());
                }
            }
            if let Some(w) = rng.choose(&["yes", "limited", "no", ""]) {
                if !w.is_empty() {
                    props.insert("wheelchair".into(), (*w).into());
                }
            }
            let mut languages: Vec<Value> = LANGUAGES
                .iter()
                .filter(|_| rng.chance(0.2))
                .map(|&l| l.into())
                .collect();
            if rng.chance(0.1) {
                languages.push(rare_language(rng.range_u32(0, 40)).into());
            }
            props.insert("languages".into(), languages.into());
            if rng.chance(0.8) {
                props.insert("opening_hours".into(), (*rng.choose(HOURS).unwrap()).into());
            }
            if rng.chance(0.05) {
                props.insert("status".into(), "temporarily_closed".into());
            }
            json!({"type": "Feature",
                   "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                   "properties": props})
        })
        .collect();
    let text = json!({"type": "FeatureCollection", "features": features}).to_string();
    let data = load(&text).unwrap();
    assert_eq!(
        data.spaces.len(),
        points.len(),
        "{:?}",
        data.problems.first()
    );
    data.spaces
}

/// A random filter: each field set now and then, sometimes several at once.
pub fn random_filter(rng: &mut Rng) -> Filter {
    let mut f = Filter::default();
    if rng.chance(0.3) {
        let lo = rng.range_u32(0, 110) as u8;
        f.ages = Some((lo, lo + rng.range_u32(0, 10) as u8));
        f.unstated_ages = rng.chance(0.3);
    }
    if rng.chance(0.3) {
        f.learning_areas = (0..rng.range_u32(1, 2))
            .map(|_| *rng.choose(LearningArea::ALL).unwrap())
            .collect();
    }
    if rng.chance(0.15) {
        f.audiences = [*rng.choose(Audience::ALL).unwrap()].into_iter().collect();
    }
    if rng.chance(0.2) {
        f.place_types = (0..rng.range_u32(1, 3))
            .map(|_| *rng.choose(PlaceType::ALL).unwrap())
            .collect();
    }
    if rng.chance(0.15) {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23 + rng.range_u32(0, 6)).unwrap();
        f.open_at = day.and_hms_opt(rng.range_u32(0, 23), rng.range_u32(0, 59), 0);
    }
    f.free = rng.chance(0.15);
    f.wheelchair = rng.chance(0.15);
    if rng.chance(0.15) {
        let lang = *rng
            .choose(&["de", "pt", "pt-BR", "EN", "qah", "qbj", "zz", " "])
            .unwrap();
        f.language = Some(lang.into());
    }
    if rng.chance(0.15) {
        let text = *rng
            .choose(&[
                "bücher",
                "BUCHER",
                "lodz",
                "ecole",
                "strasse",
                "Straße",
                "kurse",
                "NUMERIQUE",
                "learning place",
                "zzz",
                "  ",
            ])
            .unwrap();
        f.text = text.into();
    }
    f
}

/// The reference answer: every place, filtered, sorted by (haversine distance, id).
pub fn brute_nearest(
    spaces: &[LearningSpace],
    at: LonLat,
    k: usize,
    filter: &Filter,
) -> Vec<(String, f64)> {
    let mut all: Vec<(String, f64)> = spaces
        .iter()
        .filter(|s| filter.matches(s))
        .map(|s| (s.id().to_owned(), haversine_m(at, s.position)))
        .collect();
    all.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(k);
    all
}

/// Indices of the places matching `filter` in a box (reference; `west`,
/// `east` within -180..=180, `west > east` crossing the antimeridian).
pub fn brute_within(
    spaces: &[LearningSpace],
    w: f64,
    s: f64,
    e: f64,
    n: f64,
    filter: &Filter,
) -> Vec<usize> {
    spaces
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let lon = p.position.lon;
            let lon_ok = if w <= e {
                w <= lon && lon <= e
            } else {
                lon >= w || lon <= e
            };
            s <= p.position.lat && p.position.lat <= n && lon_ok && filter.matches(p)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The real Kenya schools set (37,930 schools, 2,384 at one coordinate),
/// loaded through the core loader after naming its properties the way the
/// schema does (`school_name` → `name`, `objectid` → `id` `ke-NNNNN`),
/// in memory. Fails, naming the path, when the shared data is absent.
pub fn kenya_spaces() -> Vec<LearningSpace> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/real/kenya-schools.geojson"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!("the shared real data is missing ({path}: {e}); see /work/shared/data/README.md")
    });
    let mut value: Value = serde_json::from_str(&text).unwrap();
    for feature in value["features"].as_array_mut().unwrap() {
        let props = feature["properties"].as_object_mut().unwrap();
        let name = props["school_name"].clone();
        let id = format!("ke-{:05}", props["objectid"].as_u64().unwrap());
        props.insert("name".into(), name);
        props.insert("id".into(), id.into());
    }
    let data = load(&value.to_string()).unwrap();
    assert!(data.spaces.len() > 37_000, "{:?}", data.problems.first());
    data.spaces
}
