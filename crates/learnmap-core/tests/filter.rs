//! The filter: each field's documented meaning on hand-made places, and the
//! index's compact evaluation agreeing with `Filter::matches` on seeded
//! random places and filters.

mod support;

use chrono::NaiveDate;
use learnmap_core::{
    load, Audience, BBox, Filter, LearningArea, LearningSpace, LonLat, PlaceType, SpaceIndex,
};
use learnmap_synth::Rng;
use serde_json::{json, Value};
use support::{random_filter, random_places, random_point, rare_language};

fn places(props: &[Value]) -> Vec<LearningSpace> {
    let features: Vec<Value> = props
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({"type": "Feature",
                   "geometry": {"type": "Point", "coordinates": [10.0 + i as f64 * 0.001, 53.5]},
                   "properties": p})
        })
        .collect();
    let data =
        load(&json!({"type": "FeatureCollection", "features": features}).to_string()).unwrap();
    assert_eq!(
        data.spaces.len(),
        props.len(),
        "{:?}",
        data.problems.first()
    );
    data.spaces
}

/// The ids of the places `filter` keeps, by `matches` and by the index (which must agree).
fn kept(spaces: &[LearningSpace], filter: &Filter) -> Vec<String> {
    let by_matches: Vec<String> = spaces
        .iter()
        .filter(|s| filter.matches(s))
        .map(|s| s.id().to_owned())
        .collect();
    let index = SpaceIndex::new(spaces);
    let by_index: Vec<String> = index
        .within(spaces, BBox::world(), filter)
        .into_iter()
        .map(|i| spaces[i].id().to_owned())
        .collect();
    assert_eq!(by_index, by_matches, "{filter:?}");
    by_matches
}

#[test]
fn each_field_has_its_documented_meaning() {
    let spaces = places(&[
        json!({"id": "kids", "name": "Bücherhalle Straße", "age_min": 6, "age_max": 12,
               "learning_areas": ["digital", "literacy"], "place_type": "library", "fee": "free",
               "wheelchair": "yes", "languages": ["de", "pt-BR"], "opening_hours": "Mo-Fr 09:00-18:00",
               "description:fr": "Ateliers numériques"}),
        json!({"id": "adults", "name": "École du Soir", "age_min": 25, "age_max": 64,
               "learning_areas": ["languages"], "audiences": ["newcomers"], "fee": "varies",
               "wheelchair": "limited", "languages": ["pt"], "opening_hours": "24/7",
               "status": "temporarily_closed", "description": "Kurse"}),
        json!({"id": "untyped", "name": "Somewhere", "fee": "paid", "wheelchair": "no"}),
    ]);
    let all = Filter::default();
    assert!(all.is_empty());
    assert_eq!(kept(&spaces, &all), ["kids", "adults", "untyped"]);
    let f = |edit: &dyn Fn(&mut Filter)| {
        let mut filter = Filter::default();
        edit(&mut filter);
        assert!(!filter.is_empty());
        kept(&spaces, &filter)
    };
    // ages: overlap, edges included; a place that does not say which ages
    // it serves is kept apart, not taken to serve everyone (issue 18)...
    assert_eq!(f(&|x| x.ages = Some((12, 20))), ["kids"]);
    assert!(f(&|x| x.ages = Some((13, 20))).is_empty());
    assert_eq!(f(&|x| x.ages = Some((64, 64))), ["adults"]);
    // ... and shown when the resident asks for those too
    assert_eq!(
        f(&|x| {
            x.ages = Some((13, 20));
            x.unstated_ages = true;
        }),
        ["untyped"]
    );
    // any of the learning areas / audiences / place types
    assert_eq!(
        f(
            &|x| x.learning_areas = [LearningArea::Health, LearningArea::Languages]
                .into_iter()
                .collect()
        ),
        ["adults"]
    );
    assert_eq!(
        f(&|x| x.audiences = [Audience::Newcomers].into_iter().collect()),
        ["adults"]
    );
    assert_eq!(
        f(&|x| x.place_types = [PlaceType::Library, PlaceType::School]
            .into_iter()
            .collect()),
        ["kids"]
    );
    // open: by opening_hours; temporarily closed and unknown hours never match
    let monday_noon = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let sunday_noon = NaiveDate::from_ymd_opt(2026, 11, 29)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    assert_eq!(f(&|x| x.open_at = Some(monday_noon)), ["kids"]);
    assert!(f(&|x| x.open_at = Some(sunday_noon)).is_empty());
    // free is fee = free, wheelchair is wheelchair = yes
    assert_eq!(f(&|x| x.free = true), ["kids"]);
    assert_eq!(f(&|x| x.wheelchair = true), ["kids"]);
    // languages: a primary tag covers its regions, case-insensitively
    assert_eq!(f(&|x| x.language = Some("pt".into())), ["kids", "adults"]);
    assert_eq!(f(&|x| x.language = Some("PT-br".into())), ["kids"]);
    assert!(f(&|x| x.language = Some("p".into())).is_empty());
    assert_eq!(
        kept(
            &spaces,
            &Filter {
                language: Some(" ".into()),
                ..Filter::default()
            }
        )
        .len(),
        3
    );
    // text: case- and accent-insensitive, in names and descriptions of any language
    assert_eq!(f(&|x| x.text = "STRASSE".into()), ["kids"]);
    assert_eq!(f(&|x| x.text = "ecole".into()), ["adults"]);
    assert_eq!(f(&|x| x.text = "numerique".into()), ["kids"]);
    assert_eq!(f(&|x| x.text = "kurse".into()), ["adults"]);
    // never across two fields
    assert!(f(&|x| x.text = "soir kurse".into()).is_empty());
    // all constraints at once
    assert_eq!(
        f(&|x| {
            x.ages = Some((10, 10));
            x.free = true;
            x.text = "bucher".into();
            x.open_at = Some(monday_noon);
        }),
        ["kids"]
    );
}

#[test]
fn text_search_finds_what_places_teach_in_their_subjects() {
    // bug: "coding" found 1 of the demo's places, though 16 list it in their
    // `subjects`: the search read names and descriptions only
    let spaces = places(&[
        json!({"id": "maker", "name": "Offene Werkstatt", "subjects": ["coding", "robotics", "3d_printing"]}),
        json!({"id": "chess", "name": "Schachclub", "subjects": "Chess"}),
        json!({"id": "cafe", "name": "Nachbarschaftshaus", "subjects": ["repair_cafe"],
               "description": "Reparieren statt wegwerfen", "description:en": "Repair, don't throw away",
               "name:en": "Neighbourhood house"}),
        json!({"id": "odd", "name": "Elsewhere", "subjects": [42, {"coding": true}]}),
    ]);
    let text = |q: &str| {
        kept(
            &spaces,
            &Filter {
                text: q.into(),
                ..Filter::default()
            },
        )
    };
    assert_eq!(text("coding"), ["maker"]);
    assert_eq!(text("ROBOT"), ["maker"]);
    assert_eq!(text("chess"), ["chess"]);
    // tags are read as the details show them, `_` as a space
    assert_eq!(text("3d printing"), ["maker"]);
    assert_eq!(text("repair cafe"), ["cafe"]);
    assert_eq!(text("repair café"), ["cafe"]);
    // descriptions and names in every language still count
    assert_eq!(text("wegwerfen"), ["cafe"]);
    assert_eq!(text("throw away"), ["cafe"]);
    assert_eq!(text("neighbourhood"), ["cafe"]);
    // never across two subjects, nor from a subject into the name
    assert!(text("robotics 3d").is_empty());
    assert!(text("chess schach").is_empty());
}

#[test]
fn index_agrees_with_matches_for_random_filters() {
    let mut rng = Rng::new(29);
    let points: Vec<LonLat> = (0..3000).map(|_| random_point(&mut rng)).collect();
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    for _ in 0..400 {
        let filter = random_filter(&mut rng);
        let want: Vec<usize> = (0..spaces.len())
            .filter(|&i| filter.matches(&spaces[i]))
            .collect();
        assert_eq!(
            index.within(&spaces, BBox::world(), &filter),
            want,
            "{filter:?}"
        );
    }
}

#[test]
fn rare_languages_beyond_the_bitset() {
    // 45 languages: the index keeps bits for 31 and checks the rest on the place
    let props: Vec<Value> = (0..450)
        .map(|i| json!({"id": format!("p{i:03}"), "name": "Place", "languages": [format!("{}-x1", rare_language(i % 45)), "en"]}))
        .collect();
    let spaces = places(&props);
    let index = SpaceIndex::new(&spaces);
    for j in 0..45 {
        let filter = Filter {
            language: Some(rare_language(j as u32)),
            ..Filter::default()
        };
        let got = index.within(&spaces, BBox::world(), &filter);
        let want: Vec<usize> = (0..450).filter(|i| i % 45 == j).collect();
        assert_eq!(got, want, "language {j}");
        let hits = index.nearest(
            &spaces,
            LonLat {
                lon: 10.0,
                lat: 53.5,
            },
            3,
            &filter,
        );
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), want[..3]);
    }
}
