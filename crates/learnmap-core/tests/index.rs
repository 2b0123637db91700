//! The spatial index checked against a brute-force haversine scan, on seeded
//! random data and random filters: anywhere on Earth, near the poles, across
//! the antimeridian, with duplicate coordinates, empty results and k larger
//! than the matches; the map view (`within`), the real Kenya schools set
//! and the memory budget (on 10k places here, as the
//! per-place cost does not grow with size; `cargo bench --bench index`
//! prints it for 100k and 1M).

mod support;

use learnmap_core::{load, BBox, Filter, LearningSpace, LonLat, PlaceType, SpaceIndex};
use learnmap_synth::{write_synthetic, Rng};
use support::{brute_nearest, brute_within, random_filter, random_places, random_point};

fn check(spaces: &[LearningSpace], index: &SpaceIndex, at: LonLat, k: usize, filter: &Filter) {
    let got: Vec<(String, f64)> = index
        .nearest(spaces, at, k, filter)
        .into_iter()
        .map(|h| (spaces[h.index].id().to_owned(), h.distance_m))
        .collect();
    let want = brute_nearest(spaces, at, k, filter);
    assert_eq!(got.len(), want.len(), "at {at:?}, k {k}, {filter:?}");
    for (g, w) in got.iter().zip(&want) {
        assert!(
            (g.1 - w.1).abs() < 0.01,
            "at {at:?}: distance {} vs {}",
            g.1,
            w.1
        );
        if g.0 == w.0 {
            continue;
        }
        // where two places are at (numerically) the same distance, either order is exact
        assert!(
            (g.1 - w.1).abs() < 1e-6,
            "at {at:?}: {} vs {} ({filter:?})",
            g.0,
            w.0
        );
        let same_distance = want.iter().any(|x| x.0 == g.0 && (x.1 - w.1).abs() < 1e-6);
        assert!(same_distance, "at {at:?}: {} vs {}", g.0, w.0);
    }
}

#[test]
fn nearest_matches_brute_force_anywhere_on_earth() {
    let mut rng = Rng::new(7);
    let points: Vec<LonLat> = (0..2000).map(|_| random_point(&mut rng)).collect();
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    for _ in 0..300 {
        let at = random_point(&mut rng);
        check(&spaces, &index, at, 10, &Filter::default());
        let filter = random_filter(&mut rng);
        check(&spaces, &index, at, 1 + rng.below(20) as usize, &filter);
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
        points.push(LonLat {
            lon: rng.range_f64(-180.0, 180.0),
            lat: rng.range_f64(-90.0, -88.0),
        });
    }
    let spaces = random_places(&mut rng, &points);
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
            lon: 180.0,
            lat: -44.0,
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
        LonLat {
            lon: -45.0,
            lat: -90.0,
        },
    ];
    for at in queries {
        check(&spaces, &index, at, 20, &Filter::default());
        for _ in 0..20 {
            check(&spaces, &index, at, 15, &random_filter(&mut rng));
        }
    }
    // the nearest to a point just east of 180° is just west of it
    let hits = index.nearest(
        &spaces,
        LonLat {
            lon: -179.999,
            lat: -17.0,
        },
        1,
        &Filter::default(),
    );
    assert!(spaces[hits[0].index].position.lon > 177.0);
}

#[test]
fn duplicate_coordinates_are_ordered_by_id() {
    let mut rng = Rng::new(5);
    let same = LonLat {
        lon: 36.8219,
        lat: -1.2921,
    };
    let mut points = vec![same; 300];
    points.push(LonLat {
        lon: 36.9,
        lat: -1.3,
    });
    let mut spaces = random_places(&mut rng, &points);
    // ids in an order unrelated to the slice order
    spaces.reverse();
    let index = SpaceIndex::new(&spaces);
    let ids: Vec<&str> = index
        .nearest(&spaces, same, 12, &Filter::default())
        .iter()
        .map(|h| spaces[h.index].id())
        .collect();
    let want: Vec<String> = (0..12).map(|i| format!("p{i:05}")).collect();
    assert_eq!(ids, want);
    check(&spaces, &index, same, 400, &Filter::default());
    for _ in 0..50 {
        check(&spaces, &index, same, 40, &random_filter(&mut rng));
    }
}

#[test]
fn empty_results_and_k_beyond_the_matches() {
    let mut rng = Rng::new(3);
    let points: Vec<LonLat> = (0..300).map(|_| random_point(&mut rng)).collect();
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    let at = LonLat {
        lon: 10.0,
        lat: 53.5,
    };
    let nothing = Filter {
        text: "no such place".into(),
        ..Filter::default()
    };
    assert!(index.nearest(&spaces, at, 10, &nothing).is_empty());
    assert!(index.nearest(&spaces, at, 0, &Filter::default()).is_empty());
    let libraries = Filter {
        place_types: [PlaceType::Library].into_iter().collect(),
        ..Filter::default()
    };
    let count = spaces
        .iter()
        .filter(|s| s.place_type == Some(PlaceType::Library))
        .count();
    assert!(count > 0 && count < 100);
    assert_eq!(index.nearest(&spaces, at, 1000, &libraries).len(), count);
    check(&spaces, &index, at, 1000, &libraries);
    let few = index.nearest_where(&spaces, at, 1000, &libraries, |s| s.id().ends_with('7'));
    assert!(few.iter().all(|h| spaces[h.index].id().ends_with('7')
        && spaces[h.index].place_type == Some(PlaceType::Library)));
    assert_eq!(
        few.len(),
        spaces
            .iter()
            .filter(|s| s.id().ends_with('7') && libraries.matches(s))
            .count()
    );
    let empty = SpaceIndex::new(&[]);
    assert!(empty.is_empty());
    assert!(empty.nearest(&[], at, 3, &Filter::default()).is_empty());
    assert!(empty
        .within(&[], BBox::world(), &Filter::default())
        .is_empty());
}

#[test]
fn within_matches_brute_force() {
    let mut rng = Rng::new(17);
    let mut points: Vec<LonLat> = (0..1500).map(|_| random_point(&mut rng)).collect();
    for _ in 0..300 {
        points.push(LonLat {
            lon: rng.range_f64(178.0, 180.0),
            lat: rng.range_f64(-19.0, -16.0),
        });
        points.push(LonLat {
            lon: rng.range_f64(-180.0, -178.0),
            lat: rng.range_f64(-19.0, -16.0),
        });
    }
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    let mut boxes = vec![
        (-180.0, -90.0, 180.0, 90.0),
        (177.0, -20.0, -177.0, -15.0), // Fiji, across 180°
        (179.0, -90.0, -179.0, 90.0),
        (-10.0, 80.0, 10.0, 90.0),     // the north pole
        (-180.0, -90.0, 180.0, -85.0), // around the south pole
        (10.0, 10.0, 10.0, 10.0),      // a point: empty
    ];
    for _ in 0..200 {
        let w = rng.range_f64(-180.0, 180.0);
        let e = rng.range_f64(-180.0, 180.0); // half of them cross the antimeridian
        let s = rng.range_f64(-90.0, 90.0);
        let n = (s + rng.range_f64(0.0, 60.0)).min(90.0);
        boxes.push((w, s, e, n));
    }
    for (w, s, e, n) in boxes {
        for filter in [Filter::default(), random_filter(&mut rng)] {
            let got = index.within(&spaces, BBox::new(w, s, e, n), &filter);
            let want = brute_within(&spaces, w, s, e, n, &filter);
            assert_eq!(got, want, "box {w} {s} {e} {n}, {filter:?}");
        }
    }
}

/// City-sized views over a dense city, where the view holds whole nodes
/// (taken without a look at their places) beside nodes it cuts: the same
/// places as a scan, with and without a filter.
#[test]
fn within_views_holding_whole_nodes_match_brute_force() {
    let mut rng = Rng::new(23);
    let points: Vec<LonLat> = (0..6000)
        .map(|_| LonLat {
            lon: rng.range_f64(9.8, 10.2),
            lat: rng.range_f64(53.4, 53.7),
        })
        .collect();
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    for _ in 0..300 {
        let (lon, lat) = (rng.range_f64(9.8, 10.2), rng.range_f64(53.4, 53.7));
        let (dx, dy) = (rng.range_f64(0.0, 0.1), rng.range_f64(0.0, 0.05));
        let (w, s, e, n) = (lon - dx, lat - dy, lon + dx, lat + dy);
        for filter in [Filter::default(), random_filter(&mut rng)] {
            let got = index.within(&spaces, BBox::new(w, s, e, n), &filter);
            let want = brute_within(&spaces, w, s, e, n, &filter);
            assert_eq!(got, want, "box {w} {s} {e} {n}, {filter:?}");
        }
    }
}

#[test]
fn within_wraps_longitudes_and_handles_the_edges() {
    let mut rng = Rng::new(19);
    let points = [
        LonLat {
            lon: 179.5,
            lat: 0.0,
        },
        LonLat {
            lon: -179.5,
            lat: 0.0,
        },
        LonLat {
            lon: 180.0,
            lat: 1.0,
        },
        LonLat {
            lon: -180.0,
            lat: 2.0,
        },
        LonLat {
            lon: 10.0,
            lat: 5.0,
        },
    ];
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    let all = Filter::default();
    // Leaflet panned eastwards across 180°: 179..181 is 179..-179
    assert_eq!(
        index.within(&spaces, BBox::new(179.0, -1.0, 181.0, 3.0), &all),
        vec![0, 1, 2, 3]
    );
    assert_eq!(
        index.within(&spaces, BBox::new(-181.0, -1.0, -179.0, 3.0), &all),
        vec![0, 1, 2, 3]
    );
    // ±180 are the same meridian
    assert_eq!(
        index.within(&spaces, BBox::new(179.0, -1.0, 180.0, 3.0), &all),
        vec![0, 2, 3]
    );
    assert_eq!(
        index.within(&spaces, BBox::new(-180.0, -1.0, -179.0, 3.0), &all),
        vec![1, 2, 3]
    );
    // edges are included; 360° or more is the world; south > north is empty
    assert_eq!(
        index.within(&spaces, BBox::new(10.0, 5.0, 10.0, 5.0), &all),
        vec![4]
    );
    assert_eq!(
        index
            .within(&spaces, BBox::new(-300.0, -90.0, 300.0, 90.0), &all)
            .len(),
        5
    );
    assert!(index
        .within(&spaces, BBox::new(0.0, 6.0, 20.0, 4.0), &all)
        .is_empty());
}

#[test]
fn kenya_schools_sharing_a_coordinate_are_ordered_by_id() {
    let Some(spaces) = &support::kenya_spaces() else {
        return;
    };
    let index = SpaceIndex::new(spaces);
    // 2,384 schools repeat the coordinate of another: at each shared
    // coordinate, the nearest are exactly the schools there, in id order
    let mut at_coordinate: std::collections::BTreeMap<(u64, u64), Vec<&str>> = Default::default();
    for s in spaces {
        let key = (s.position.lon.to_bits(), s.position.lat.to_bits());
        at_coordinate.entry(key).or_default().push(s.id());
    }
    let mut repeats = 0;
    for ((lon, lat), mut ids) in at_coordinate {
        if ids.len() < 2 {
            continue;
        }
        repeats += ids.len() - 1;
        ids.sort_unstable();
        let at = LonLat {
            lon: f64::from_bits(lon),
            lat: f64::from_bits(lat),
        };
        let hits = index.nearest(spaces, at, ids.len(), &Filter::default());
        let got: Vec<&str> = hits.iter().map(|h| spaces[h.index].id()).collect();
        assert_eq!(got, ids, "at {at:?}");
        assert!(hits.iter().all(|h| h.distance_m == 0.0));
    }
    assert_eq!(repeats, 2384);
    let mut rng = Rng::new(23);
    for _ in 0..20 {
        let s = &spaces[rng.below(spaces.len() as u64) as usize];
        check(spaces, &index, s.position, 25, &random_filter(&mut rng));
    }
}

#[test]
fn index_fits_150_bytes_per_place_on_synthetic_places() {
    let mut bytes = Vec::new();
    write_synthetic(&mut bytes, 10_000, 42).unwrap();
    let data = load(std::str::from_utf8(&bytes).unwrap()).unwrap();
    let index = SpaceIndex::new(&data.spaces);
    assert_eq!(index.len(), 10_000);
    // the search text is made by the first text search
    let search = Filter {
        text: "a".into(),
        ..Filter::default()
    };
    index.nearest(&data.spaces, data.spaces[0].position, 1, &search);
    assert!(index.text_bytes() > 0);
    let per_place = index.heap_bytes() as f64 / index.len() as f64;
    println!(
        "index: {per_place:.1} bytes/place without strings, search text {:.1} bytes/place, LearningSpace itself {} bytes inline",
        index.text_bytes() as f64 / index.len() as f64,
        std::mem::size_of::<LearningSpace>()
    );
    assert!(per_place <= 150.0, "{per_place} bytes per place");
    assert!(
        per_place >= 60.0,
        "{per_place}: the measure misses the per-place arrays"
    );
}
