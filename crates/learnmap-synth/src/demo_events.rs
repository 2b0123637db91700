//! Seeded, fictional demo events at the demo places: a learning-festival
//! weekend (about 150 events) and weekly courses through the year
//! (`learnmap-data demo --events data/demo/events.geojson`). Like the demo
//! places, everything is invented and labelled as such.
//!
//! It reads only the places' GeoJSON (as [`crate::demo_city`] writes it).
//!
//! ```
//! use learnmap_synth::{demo_events::demo_events, demo_city, DEMO_SEED};
//! let places = demo_city(DEMO_SEED);
//! let events = demo_events(DEMO_SEED, &places);
//! assert_eq!(events, demo_events(DEMO_SEED, &places));
//! let text = events.to_string();
//! let set = learnmap_core::events::load_events(&text).unwrap();
//! assert!(set.problems.is_empty(), "{:?}", set.problems);
//! assert!(set.events.iter().filter(|e| e.festival.is_some()).count() >= 140);
//! ```

use crate::{Rng, DEMO_SOURCE};
use serde_json::{json, Map, Value};

/// The festival's tag in the demo events.
pub const DEMO_FESTIVAL: &str = "lernfest-demo-2027";

/// The festival's days (a Saturday and a Sunday).
pub const DEMO_FESTIVAL_DAYS: [&str; 2] = ["2027-06-05", "2027-06-06"];

/// Titles by learning area: English, German.
const TITLES: &[(&str, &[(&str, &str)])] = &[
    (
        "digital",
        &[
            ("Coding club for beginners", "Programmierclub für Anfänger"),
            ("Smartphone basics", "Smartphone-Grundkurs"),
            ("Build a robot", "Baue einen Roboter"),
            ("Safe online banking", "Sicher online bezahlen"),
        ],
    ),
    (
        "languages",
        &[
            ("German conversation café", "Deutsch-Sprachcafé"),
            ("English for travellers", "Englisch für die Reise"),
            ("Arabic for children", "Arabisch für Kinder"),
            ("Turkish taster", "Türkisch zum Kennenlernen"),
        ],
    ),
    (
        "health",
        &[
            ("Cooking on a budget", "Günstig und gesund kochen"),
            ("First aid for parents", "Erste Hilfe für Eltern"),
            ("Yoga for seniors", "Yoga für Ältere"),
        ],
    ),
    (
        "sustainable_development",
        &[
            ("Repair café", "Repair-Café"),
            ("Urban gardening", "Gärtnern in der Stadt"),
            ("Energy saving at home", "Energiesparen zu Hause"),
        ],
    ),
    (
        "arts_culture",
        &[
            ("Printmaking workshop", "Druckwerkstatt"),
            ("Choir for everyone", "Chor für alle"),
            ("Comic drawing", "Comics zeichnen"),
        ],
    ),
    (
        "literacy",
        &[
            ("Reading aloud for little ones", "Vorlesen für die Kleinen"),
            ("Writing workshop", "Schreibwerkstatt"),
        ],
    ),
    (
        "jobs_skills",
        &[
            ("CV check", "Bewerbungsmappen-Check"),
            ("Start your own business", "Gründen leicht gemacht"),
        ],
    ),
    (
        "global_citizenship",
        &[
            ("Living together in Hamburg", "Zusammenleben in Hamburg"),
            ("Democracy workshop", "Demokratie-Werkstatt"),
        ],
    ),
    (
        "family_community",
        &[
            ("Family game afternoon", "Familien-Spielenachmittag"),
            ("Neighbourhood walk", "Kiezspaziergang"),
        ],
    ),
    (
        "formal_education",
        &[
            ("Homework help", "Hausaufgabenhilfe"),
            ("Maths for the school leaving exam", "Mathe fürs Abitur"),
        ],
    ),
];

const LANGUAGES: &[&str] = &["de", "en", "tr", "ar", "ru", "fa"];

fn place_list(places: &Value) -> Vec<(String, Vec<String>)> {
    places["features"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let p = &f["properties"];
            let id = p["id"].as_str()?.to_owned();
            let areas = p["learning_areas"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            Some((id, areas))
        })
        .collect()
}

/// One event's properties, common to the festival and the courses.
fn event(rng: &mut Rng, id: String, place: &(String, Vec<String>)) -> Map<String, Value> {
    // an area the place offers, else any
    let area = rng
        .choose(&place.1)
        .filter(|a| TITLES.iter().any(|(t, _)| t == a))
        .cloned()
        .unwrap_or_else(|| rng.choose(TITLES).map_or("digital", |(a, _)| a).to_owned());
    let titles = TITLES
        .iter()
        .find(|(a, _)| *a == area)
        .map_or(TITLES[0].1, |(_, t)| t);
    let (en, de) = rng
        .choose(titles)
        .copied()
        .unwrap_or(("Open learning", "Offenes Lernen"));
    let mut p = Map::new();
    p.insert("id".into(), json!(id));
    p.insert("title".into(), json!(format!("{en} (Demo)")));
    p.insert("title:de".into(), json!(format!("{de} (Demo)")));
    p.insert("place".into(), json!(place.0));
    p.insert("learning_areas".into(), json!([area]));
    let (lo, hi) = *rng
        .choose(&[
            (4, 8),
            (6, 12),
            (10, 16),
            (16, 99),
            (18, 99),
            (60, 99),
            (0, 99),
        ])
        .unwrap_or(&(0, 99));
    if rng.chance(0.85) {
        p.insert("age_min".into(), json!(lo));
        p.insert("age_max".into(), json!(hi));
    }
    if rng.chance(0.3) {
        p.insert(
            "audiences".into(),
            json!([rng
                .choose(&[
                    "families",
                    "newcomers",
                    "jobseekers",
                    "low_income",
                    "special_needs"
                ])
                .copied()
                .unwrap_or("families")]),
        );
    }
    let lang = rng.choose(LANGUAGES).copied().unwrap_or("de");
    p.insert(
        "languages".into(),
        json!(if lang == "de" {
            vec!["de"]
        } else {
            vec!["de", lang]
        }),
    );
    p.insert("source".into(), json!(DEMO_SOURCE));
    p
}

fn feature(p: Map<String, Value>) -> Value {
    json!({"type": "Feature", "geometry": null, "properties": p})
}

/// The demo events for the demo places `places` (a FeatureCollection).
pub fn demo_events(seed: u64, places: &Value) -> Value {
    let mut rng = Rng::new(seed ^ 0x0e0e_2027);
    let places = place_list(places);
    let mut features = Vec::new();
    if places.is_empty() {
        return json!({"type": "FeatureCollection", "features": features});
    }
    // the festival weekend: 75 events a day, 10:00 to 18:00
    for (d, day) in DEMO_FESTIVAL_DAYS.iter().enumerate() {
        for i in 0..75 {
            let place = &places[rng.below(places.len() as u64) as usize];
            let mut p = event(&mut rng, format!("fest-{}-{:03}", d + 1, i + 1), place);
            let start = rng.range_u32(20, 35); // half hours from 10:00
            let length = rng.range_u32(1, 4); // 30 to 120 minutes
            let hm = |half: u32| format!("{:02}:{:02}", half / 2, (half % 2) * 30);
            p.insert("start".into(), json!(format!("{day}T{}", hm(start))));
            p.insert("end".into(), json!(format!("{day}T{}", hm(start + length))));
            p.insert("fee".into(), json!("free"));
            p.insert("festival".into(), json!(DEMO_FESTIVAL));
            if rng.chance(0.3) {
                p.insert("booking_required".into(), json!(true));
                p.insert(
                    "booking_url".into(),
                    json!(format!(
                        "https://lernfest.demo.invalid/booking/{}",
                        p["id"].as_str().unwrap_or_default()
                    )),
                );
            }
            match rng.below(40) {
                0 => p.insert("status".into(), json!("cancelled")),
                1..=3 => p.insert("status".into(), json!("full")),
                _ => None,
            };
            features.push(feature(p));
        }
    }
    // weekly courses from September 2026: one or two evenings a week
    const WEEKDAYS: [(&str, &str); 5] = [
        ("MO", "07"),
        ("TU", "08"),
        ("WE", "09"),
        ("TH", "10"),
        ("FR", "11"),
    ];
    for i in 0..60 {
        let place = &places[rng.below(places.len() as u64) as usize];
        let mut p = event(&mut rng, format!("course-{:03}", i + 1), place);
        let first = rng.below(5) as usize;
        let mut days = vec![WEEKDAYS[first].0];
        if rng.chance(0.3) {
            days.push(WEEKDAYS[(first + 2) % 5].0);
        }
        let hour = rng.range_u32(9, 19);
        p.insert(
            "start".into(),
            json!(format!("2026-09-{}T{hour:02}:00", WEEKDAYS[first].1)),
        );
        p.insert(
            "end".into(),
            json!(format!("2026-09-{}T{:02}:30", WEEKDAYS[first].1, hour + 1)),
        );
        let until = if rng.chance(0.5) {
            ";UNTIL=20270630"
        } else {
            ""
        };
        p.insert(
            "rrule".into(),
            json!(format!("FREQ=WEEKLY;BYDAY={}{until}", days.join(","))),
        );
        // no sessions in the Christmas holidays
        p.insert(
            "exdate".into(),
            json!(["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"]),
        );
        if rng.chance(0.2) {
            let week = rng.range_u32(1, 30);
            let date = chrono::NaiveDate::from_ymd_opt(2026, 9, 7 + first as u32)
                .map(|d| d + chrono::Duration::weeks(week.into()));
            if let Some(d) = date {
                p.insert(
                    "cancelled".into(),
                    json!([format!("{}T{hour:02}:00", d.format("%Y-%m-%d"))]),
                );
            }
        }
        match rng.below(3) {
            0 => {
                p.insert("fee".into(), json!("free"));
            }
            _ => {
                p.insert("fee".into(), json!("paid"));
                p.insert(
                    "fee_note".into(),
                    json!(format!("{} € for the term (demo)", 20 + 5 * rng.below(12))),
                );
            }
        }
        p.insert("booking_required".into(), json!(true));
        p.insert(
            "booking_url".into(),
            json!(format!(
                "https://kurse.demo.invalid/{}",
                p["id"].as_str().unwrap_or_default()
            )),
        );
        if rng.chance(0.1) {
            p.insert("status".into(), json!("full"));
        }
        features.push(feature(p));
    }
    json!({
        "type": "FeatureCollection",
        "name": "learnmap demo events: Hamburg (fictional)",
        "description": "FICTIONAL demo events generated by `learnmap-data demo --seed 2024 --events`: a learning festival weekend and weekly courses at the fictional demo places. Not real events.",
        "time_zone": "Europe/Berlin",
        "features": features,
    })
}
