//! The spatial index checked against a brute-force haversine scan, on seeded
//! random data: anywhere on Earth, near the poles, across the antimeridian,
//! with duplicate coordinates, empty results and k larger than the matches.

use learnmap_core::geo::haversine_m;
use learnmap_core::synth::Rng;
use learnmap_core::{load, LearningSpace, LonLat, SpaceIndex};

/// Places from GeoJSON text, so the index sees exactly what the loader gives.
fn places(points: &[LonLat]) -> Vec<LearningSpace> {
    let features: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{},{}]}},"properties":{{"id":"p{i:05}","name":"Place {i}","age_min":{},"age_max":{}}}}}"#,
                p.lon,
                p.lat,
                i % 50,
                i % 50 + 10
            )
        })
        .collect();
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let data = load(&text).unwrap();
    assert!(data.problems.is_empty(), "{:?}", data.problems.first());
    data.spaces
}

fn random_point(rng: &mut Rng) -> LonLat {
    // uniform on the sphere, so the poles get their share
    LonLat {
        lon: rng.range_f64(-180.0, 180.0),
        lat: (rng.range_f64(-1.0, 1.0)).asin().to_degrees(),
    }
}

/// The reference answer: every place, filtered, sorted by (distance, id).
fn brute_force(
    spaces: &[LearningSpace],
    at: LonLat,
    k: usize,
    filter: impl Fn(&LearningSpace) -> bool,
) -> Vec<(String, f64)> {
    let mut all: Vec<(String, f64)> = spaces
        .iter()
        .filter(|s| filter(s))
        .map(|s| (s.id.clone(), haversine_m(at, s.position)))
        .collect();
    all.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(k);
    all
}

fn check(
    spaces: &[LearningSpace],
    index: &SpaceIndex,
    at: LonLat,
    k: usize,
    filter: impl Fn(&LearningSpace) -> bool + Copy,
) {
    let got: Vec<(String, f64)> = index
        .nearest(spaces, at, k, filter)
        .into_iter()
        .map(|h| (spaces[h.index].id.clone(), h.distance_m))
        .collect();
    let want = brute_force(spaces, at, k, filter);
    assert_eq!(got.len(), want.len(), "at {at:?}, k {k}");
    for (g, w) in got.iter().zip(&want) {
        assert!(
            (g.1 - w.1).abs() < 0.01,
            "at {at:?}: distance {} vs {}",
            g.1,
            w.1
        );
        // where two places are at (numerically) the same distance, either order is exact
        if (g.1 - w.1).abs() > 1e-6 || g.0 == w.0 {
            continue;
        }
        let same_distance = want.iter().any(|x| x.0 == g.0 && (x.1 - w.1).abs() < 1e-6);
        assert!(same_distance, "at {at:?}: {} vs {}", g.0, w.0);
    }
}

#[test]
fn nearest_matches_brute_force_anywhere_on_earth() {
    let mut rng = Rng::new(7);
    let points: Vec<LonLat> = (0..2000).map(|_| random_point(&mut rng)).collect();
    let spaces = places(&points);
    let index = SpaceIndex::new(&spaces);
    for _ in 0..200 {
        let at = random_point(&mut rng);
        check(&spaces, &index, at, 10, |_| true);
        check(&spaces, &index, at, 5, |s| s.serves_ages(8, 8));
    }
}

#[test]
fn nearest_across_the_antimeridian_and_near_the_poles() {
    let mut rng = Rng::new(11);
    let mut points = Vec::new();
    for _ in 0..500 {
        // Fiji and the Chatham Islands straddle 180°
        points.push(LonLat {
            lon: rng.range_f64(177.0, 180.0),
            lat: rng.range_f64(-19.0, -16.0),
        });
        points.push(LonLat {
            lon: rng.range_f64(-180.0, -176.0),
            lat: rng.range_f64(-45.0, -43.0),
        });
        points.push(LonLat {
            lon: rng.range_f64(-180.0, 180.0),
            lat: rng.range_f64(88.0, 90.0),
        });
    }
    let spaces = places(&points);
    let index = SpaceIndex::new(&spaces);
    let queries = [
        LonLat {
            lon: 179.99,
            lat: -17.5,
        },
        LonLat {
            lon: -179.99,
            lat: -17.5,
        },
        LonLat {
            lon: -176.5,
            lat: -44.0,
        },
        LonLat {
            lon: 0.0,
            lat: 90.0,
        },
        LonLat {
            lon: 135.0,
            lat: 89.5,
        },
    ];
    for at in queries {
        check(&spaces, &index, at, 20, |_| true);
    }
    // the nearest to a point just east of 180° is just west of it
    let hits = index.nearest(
        &spaces,
        LonLat {
            lon: -179.999,
            lat: -17.0,
        },
        1,
        |_| true,
    );
    assert!(spaces[hits[0].index].position.lon > 177.0);
}

#[test]
fn duplicate_coordinates_are_ordered_by_id() {
    let same = LonLat {
        lon: 36.8219,
        lat: -1.2921,
    };
    let mut points = vec![same; 30];
    points.push(LonLat {
        lon: 36.9,
        lat: -1.3,
    });
    let spaces = places(&points);
    let index = SpaceIndex::new(&spaces);
    let ids: Vec<&str> = index
        .nearest(&spaces, same, 12, |_| true)
        .iter()
        .map(|h| spaces[h.index].id.as_str())
        .collect();
    let want: Vec<String> = (0..12).map(|i| format!("p{i:05}")).collect();
    assert_eq!(ids, want);
    check(&spaces, &index, same, 40, |_| true);
}

#[test]
fn empty_results_and_k_beyond_the_matches() {
    let mut rng = Rng::new(3);
    let points: Vec<LonLat> = (0..300).map(|_| random_point(&mut rng)).collect();
    let spaces = places(&points);
    let index = SpaceIndex::new(&spaces);
    let at = LonLat {
        lon: 10.0,
        lat: 53.5,
    };
    assert!(index.nearest(&spaces, at, 10, |_| false).is_empty());
    assert!(index.nearest(&spaces, at, 0, |_| true).is_empty());
    let few = |s: &LearningSpace| s.id.ends_with('7');
    assert_eq!(index.nearest(&spaces, at, 1000, few).len(), 30);
    check(&spaces, &index, at, 1000, few);
    let empty = SpaceIndex::new(&[]);
    assert!(empty.is_empty());
    assert!(empty.nearest(&[], at, 3, |_| true).is_empty());
}
