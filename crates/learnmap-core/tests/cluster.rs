//! Clusters against brute force on seeded random places: counts conserved,
//! every matching place in view in exactly one cluster, stable while
//! panning, and `expansion_zoom` where the cluster really splits.

mod support;

use learnmap_core::cluster::{cell_of, MAX_ZOOM};
use learnmap_core::{BBox, Cluster, Filter, LearningSpace, LonLat, SpaceIndex};
use learnmap_synth::Rng;
use std::collections::{BTreeSet, HashMap};
use support::{brute_within, random_filter, random_places, random_point};

fn world_with_a_city(rng: &mut Rng) -> Vec<LearningSpace> {
    let mut points: Vec<LonLat> = (0..800).map(|_| random_point(rng)).collect();
    for _ in 0..800 {
        // a dense city, with some places sharing a spot
        let p = LonLat {
            lon: 9.9 + rng.range_f64(0.0, 0.2),
            lat: 53.5 + rng.range_f64(0.0, 0.1),
        };
        points.push(p);
        if rng.chance(0.05) {
            points.push(p);
        }
    }
    for _ in 0..200 {
        points.push(LonLat {
            lon: rng.range_f64(178.0, 180.0),
            lat: rng.range_f64(-19.0, -16.0),
        });
        points.push(LonLat {
            lon: rng.range_f64(-180.0, -178.0),
            lat: rng.range_f64(-19.0, -16.0),
        });
    }
    random_places(rng, &points)
}

/// Checks one answer of `clusters` against brute force.
fn check(
    spaces: &[LearningSpace],
    index: &SpaceIndex,
    (w, s, e, n): (f64, f64, f64, f64),
    zoom: u8,
    filter: &Filter,
) -> Vec<Cluster> {
    let clusters = index.clusters(spaces, BBox::new(w, s, e, n), zoom, filter);
    let mut per_cell: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    for (i, p) in spaces.iter().enumerate() {
        if filter.matches(p) {
            per_cell
                .entry(cell_of(p.position, zoom))
                .or_default()
                .push(i);
        }
    }
    let mut seen = BTreeSet::new();
    for c in &clusters {
        let members = index.cluster_members(spaces, c, filter);
        // the count is the whole cell's
        assert_eq!(members, per_cell[&c.cell], "{c:?}");
        assert_eq!(c.count, members.len());
        for &m in &members {
            assert!(seen.insert(m), "place {m} in two clusters");
        }
        let first = members.iter().min_by_key(|&&m| spaces[m].id()).unwrap();
        assert_eq!(c.first, *first);
        if c.count == 1 {
            assert!(c.is_point());
            assert_eq!(c.position, spaces[c.first].position);
            assert_eq!(c.expansion_zoom, None);
        } else {
            assert_eq!(
                cell_of(c.position, zoom),
                c.cell,
                "the marker lies in its cell"
            );
            check_expansion(spaces, c, &members);
        }
    }
    // every matching place in view is in a cluster
    for i in brute_within(spaces, w, s, e, n, filter) {
        assert!(seen.contains(&i), "place {i} in view but in no cluster");
    }
    clusters
}

fn check_expansion(spaces: &[LearningSpace], c: &Cluster, members: &[usize]) {
    let cells = |z: u8| {
        members
            .iter()
            .map(|&m| cell_of(spaces[m].position, z))
            .collect::<BTreeSet<_>>()
    };
    match c.expansion_zoom {
        Some(z) => {
            assert!(z > c.zoom);
            assert_eq!(cells(z - 1).len(), 1, "{c:?} splits before {z}");
            assert!(cells(z).len() > 1, "{c:?} does not split at {z}");
        }
        None => assert_eq!(cells(MAX_ZOOM).len(), 1, "{c:?} splits"),
    }
}

#[test]
fn clusters_match_brute_force() {
    let mut rng = Rng::new(41);
    let spaces = world_with_a_city(&mut rng);
    let index = SpaceIndex::new(&spaces);
    let mut views = vec![
        ((-180.0, -90.0, 180.0, 90.0), 0),
        ((177.0, -20.0, -177.0, -15.0), 6), // Fiji, across 180°
        ((9.9, 53.5, 10.1, 53.6), 12),
        ((9.95, 53.52, 9.97, 53.54), 18),
        ((-180.0, 80.0, 180.0, 90.0), 3),
    ];
    for _ in 0..60 {
        let zoom = rng.range_u32(0, 20) as u8;
        let span = 360.0 / f64::powi(2.0, zoom as i32);
        let at = if rng.chance(0.5) {
            LonLat {
                lon: 10.0,
                lat: 53.55,
            }
        } else {
            random_point(&mut rng)
        };
        let w = at.lon - span / 2.0;
        let (w, e) = (
            if w < -180.0 { w + 360.0 } else { w },
            (at.lon + span / 2.0 + 180.0).rem_euclid(360.0) - 180.0,
        );
        let (s, n) = (
            (at.lat - span / 4.0).max(-90.0),
            (at.lat + span / 4.0).min(90.0),
        );
        views.push(((w, s, e, n), zoom));
    }
    for (view, zoom) in views {
        check(&spaces, &index, view, zoom, &Filter::default());
        check(&spaces, &index, view, zoom, &random_filter(&mut rng));
    }
}

// Without a filter, the clusters of a zoom come from a table of all its
// cells made on first use (issue 18: as fast as supercluster); with one,
// from the tree. A filter that every place passes must give the same.
#[test]
fn clusters_from_the_zoom_table_match_those_from_the_tree() {
    let mut rng = Rng::new(53);
    let spaces = world_with_a_city(&mut rng);
    let index = SpaceIndex::new(&spaces);
    let everyone = Filter {
        ages: Some((0, u8::MAX)),
        unstated_ages: true,
        ..Filter::default()
    };
    assert!(!everyone.is_empty());
    assert!(spaces.iter().all(|s| everyone.matches(s)));
    let mut tables_used = 0;
    for zoom in 0..=20u8 {
        let world = index.clusters(&spaces, BBox::world(), zoom, &Filter::default());
        if world.len() <= spaces.len() / 2 {
            tables_used += 1;
        }
        for _ in 0..12 {
            let span = 400.0 / f64::powi(2.0, i32::from(zoom)) * rng.range_f64(0.2, 3.0);
            let at = if rng.chance(0.6) {
                LonLat {
                    lon: rng.range_f64(9.9, 10.1),
                    lat: rng.range_f64(53.5, 53.6),
                }
            } else {
                random_point(&mut rng)
            };
            let view = BBox::new(
                at.lon - span,
                at.lat - span / 2.0,
                at.lon + span,
                at.lat + span / 2.0,
            );
            assert_eq!(
                index.clusters(&spaces, view, zoom, &Filter::default()),
                index.clusters(&spaces, view, zoom, &everyone),
                "zoom {zoom}, view {view:?}"
            );
        }
    }
    // the first zooms group the 2,600 places into few cells: their tables are kept
    assert!(tables_used >= 8, "{tables_used} zooms kept a table");
}

#[test]
fn counts_are_conserved_over_the_world() {
    let mut rng = Rng::new(43);
    let spaces = world_with_a_city(&mut rng);
    let index = SpaceIndex::new(&spaces);
    for zoom in [0, 1, 2, 5, 9, 14, 20, 28] {
        for filter in [Filter::default(), random_filter(&mut rng)] {
            let clusters = index.clusters(&spaces, BBox::world(), zoom, &filter);
            let total: usize = clusters.iter().map(|c| c.count).sum();
            assert_eq!(
                total,
                spaces.iter().filter(|s| filter.matches(s)).count(),
                "zoom {zoom}"
            );
        }
    }
}

#[test]
fn clusters_are_stable_while_panning() {
    let mut rng = Rng::new(47);
    let spaces = world_with_a_city(&mut rng);
    let index = SpaceIndex::new(&spaces);
    for zoom in [10u8, 12, 13, 15] {
        let mut by_cell: HashMap<(u32, u32), Cluster> = HashMap::new();
        for step in 0..20 {
            let lon = 9.85 + step as f64 * 0.015;
            let view = BBox::new(lon, 53.48, lon + 0.1, 53.58);
            for c in index.clusters(&spaces, view, zoom, &Filter::default()) {
                if let Some(before) = by_cell.insert(c.cell, c.clone()) {
                    assert_eq!(before, c, "cluster changed while panning");
                }
            }
        }
        assert!(by_cell.len() > 1);
    }
}

/// Screen pixels (256-pixel tiles) of a point at `zoom`, in Web Mercator.
fn pixels(p: LonLat, zoom: u8) -> (f64, f64) {
    let size = 256.0 * f64::powi(2.0, i32::from(zoom));
    let lat = p.lat.clamp(-85.051_128, 85.051_128).to_radians();
    let y =
        0.5 - (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln() / (2.0 * std::f64::consts::PI);
    ((p.lon + 180.0) / 360.0 * size, y * size)
}

// Bug: cluster markers were drawn at the mean of their places, so where
// places crowd near the edge of a cell the markers of neighbouring cells
// overlapped and one hid the other ("5" under "7" on the demo's first view).
#[test]
fn cluster_markers_of_neighbouring_cells_do_not_overlap() {
    let mut rng = Rng::new(59);
    let spaces = world_with_a_city(&mut rng);
    let index = SpaceIndex::new(&spaces);
    let gap = 2.0 * learnmap_core::cluster::MARGIN_PX - 0.01;
    for zoom in [9u8, 10, 11, 12, 13, 14, 16] {
        let clusters: Vec<Cluster> = index
            .clusters(
                &spaces,
                BBox::new(9.85, 53.45, 10.15, 53.65),
                zoom,
                &Filter::default(),
            )
            .into_iter()
            .filter(|c| !c.is_point())
            .collect();
        assert!(clusters.len() > 1, "zoom {zoom}");
        for (i, a) in clusters.iter().enumerate() {
            let pa = pixels(a.position, zoom);
            assert_eq!(cell_of(a.position, zoom), a.cell, "still in its cell");
            for b in &clusters[i + 1..] {
                let pb = pixels(b.position, zoom);
                let apart = (pa.0 - pb.0).abs().max((pa.1 - pb.1).abs());
                assert!(
                    apart >= gap,
                    "zoom {zoom}: {a:?} and {b:?} are {apart:.1} px apart"
                );
            }
        }
    }
}

#[test]
fn places_at_one_spot_never_split() {
    let mut rng = Rng::new(53);
    let spot = LonLat {
        lon: 36.8219,
        lat: -1.2921,
    };
    let mut points = vec![spot; 50];
    points.push(LonLat {
        lon: 36.83,
        lat: -1.2921,
    });
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    let low = index.clusters(&spaces, BBox::world(), 3, &Filter::default());
    assert_eq!(low.len(), 1);
    assert_eq!(low[0].count, 51);
    let z = low[0].expansion_zoom.unwrap();
    let high = index.clusters(&spaces, BBox::world(), z, &Filter::default());
    assert_eq!(high.len(), 2);
    let stack = high.iter().find(|c| c.count == 50).unwrap();
    assert_eq!(stack.expansion_zoom, None);
    assert_eq!(spaces[stack.first].id(), "p00000");
    assert!(index
        .clusters(
            &spaces,
            BBox::new(0.0, 10.0, 1.0, 0.0),
            3,
            &Filter::default()
        )
        .is_empty());
}

/// Bug: five places at one spot (providers sharing a building) were one
/// cluster "5" that never split, and activating it opened only the first
/// place: the other four could not be reached from the map. The details of
/// each now name the others at that spot, those the filter shows.
#[test]
fn places_at_one_spot_name_each_other() {
    let mut rng = Rng::new(59);
    let spot = LonLat {
        lon: 9.9937,
        lat: 53.5511,
    };
    // five at the spot, one a metre away
    let mut points = vec![spot; 5];
    points.push(LonLat {
        lon: 9.9937,
        lat: 53.5512,
    });
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    let all = Filter::default();
    let stack = index
        .clusters(&spaces, BBox::world(), MAX_ZOOM, &all)
        .into_iter()
        .find(|c| c.count == 5)
        .expect("the five stay one cluster at the deepest zoom");
    assert_eq!(stack.expansion_zoom, None);
    for i in 0..5 {
        let others: Vec<usize> = (0..5).filter(|&j| j != i).collect();
        assert_eq!(
            index.same_spot(&spaces, i, &all, MAX_ZOOM),
            others,
            "place {i}"
        );
    }
    assert!(index.same_spot(&spaces, 5, &all, MAX_ZOOM).is_empty());
    // a filter hides places there, as it does on the map
    let mut rng = Rng::new(61);
    for _ in 0..50 {
        let filter = random_filter(&mut rng);
        for i in 0..6 {
            let expected: Vec<usize> = (0..5)
                .filter(|&j| j != i && i < 5 && filter.matches(&spaces[j]))
                .collect();
            assert_eq!(
                index.same_spot(&spaces, i, &filter, MAX_ZOOM),
                expected,
                "{filter:?}"
            );
        }
    }
}

#[test]
fn same_spot_matches_brute_force() {
    let mut rng = Rng::new(67);
    let spaces = world_with_a_city(&mut rng);
    let index = SpaceIndex::new(&spaces);
    for _ in 0..4 {
        let filter = random_filter(&mut rng);
        for (i, s) in spaces.iter().enumerate() {
            let expected: Vec<usize> = spaces
                .iter()
                .enumerate()
                .filter(|&(j, o)| j != i && o.position == s.position && filter.matches(o))
                .map(|(j, _)| j)
                .collect();
            assert_eq!(index.same_spot(&spaces, i, &filter, MAX_ZOOM), expected);
        }
    }
}

// Bug: places a few metres apart stayed one cluster at the deepest zoom the
// map offers (19), and activating it asked for a zoom the map cannot reach:
// nothing happened. At the map's deepest zoom they are one spot: the cluster
// opens one of them and its details name the others (the app's part is in
// map_view.rs and detail.rs; here, that same_spot lists them).
#[test]
fn places_the_map_cannot_split_are_one_spot_at_its_deepest_zoom() {
    let mut rng = Rng::new(71);
    let spaces = world_with_a_city(&mut rng);
    let index = SpaceIndex::new(&spaces);
    let all = Filter::default();
    for zoom in [17u8, 19] {
        let unsplit: Vec<Cluster> = index
            .clusters(&spaces, BBox::new(9.9, 53.5, 10.1, 53.6), zoom, &all)
            .into_iter()
            .filter(|c| !c.is_point())
            .collect();
        assert!(!unsplit.is_empty(), "zoom {zoom}");
        for c in unsplit {
            let members = index.cluster_members(&spaces, &c, &all);
            for &m in &members {
                let others: Vec<usize> = members.iter().copied().filter(|&o| o != m).collect();
                assert_eq!(index.same_spot(&spaces, m, &all, zoom), others, "{c:?}");
            }
        }
    }
}
