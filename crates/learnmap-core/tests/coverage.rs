//! The planners' coverage checked against brute force on seeded random
//! data: the index's many-point nearest distance against a haversine scan,
//! the grid's scanline assignment against a point-in-polygon test of every
//! cell, and the districts' figures against a plain recomputation; and the
//! district and population loaders on the fixtures in `fixtures/districts/`.

mod support;

use learnmap_core::coverage::{self, Grid, Question};
use learnmap_core::districts::{load_districts, load_population, District, DistrictFields};
use learnmap_core::geo::haversine_m;
use learnmap_core::{Filter, LearningSpace, LonLat, Severity, SpaceIndex};
use learnmap_synth::Rng;
use support::{random_filter, random_places};

const LON: f64 = 10.0;
const LAT: f64 = 53.55;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/districts/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fields() -> DistrictFields {
    DistrictFields {
        id: "code".into(),
        name: "label".into(),
        population: Some("people".into()),
    }
}

fn city_point(rng: &mut Rng, spread: f64) -> LonLat {
    LonLat {
        lon: LON + rng.range_f64(-spread, spread) * 1.7,
        lat: LAT + rng.range_f64(-spread, spread),
    }
}

/// The positions of the places matching `filter` (the reference: `Filter::matches`).
fn matching(spaces: &[LearningSpace], filter: &Filter) -> Vec<LonLat> {
    spaces
        .iter()
        .filter(|s| filter.matches(s))
        .map(|s| s.position)
        .collect()
}

/// The least haversine distance from `at` to any of `places` (a plain scan).
fn brute_distance(places: &[LonLat], at: LonLat) -> f64 {
    places
        .iter()
        .map(|p| haversine_m(at, *p))
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn nearest_distances_match_a_brute_force_scan() {
    let mut rng = Rng::new(23);
    let points: Vec<LonLat> = (0..1500).map(|_| city_point(&mut rng, 0.1)).collect();
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    let mut out = Vec::new();
    for round in 0..60 {
        let filter = if round == 0 {
            Filter::default()
        } else {
            random_filter(&mut rng)
        };
        // in grid order (the bound from the previous point helps) and scattered
        let mut queries: Vec<LonLat> = (0..20)
            .flat_map(|r| (0..20).map(move |c| (r, c)))
            .map(|(r, c)| LonLat {
                lon: LON - 0.2 + c as f64 * 0.02,
                lat: LAT - 0.12 + r as f64 * 0.012,
            })
            .collect();
        queries.extend((0..100).map(|_| city_point(&mut rng, 0.3)));
        index.nearest_distances(&spaces, &queries, &filter, &mut out);
        assert_eq!(out.len(), queries.len());
        let places = matching(&spaces, &filter);
        for (q, got) in queries.iter().zip(&out) {
            let want = brute_distance(&places, *q);
            if want.is_infinite() {
                assert!(got.is_infinite(), "{filter:?} at {q:?}: {got} vs none");
            } else {
                assert!(
                    (got - want).abs() < 0.01,
                    "{filter:?} at {q:?}: {got} vs {want}"
                );
            }
        }
    }
}

#[test]
fn nearest_distances_without_places_or_matches() {
    let index = SpaceIndex::new(&[]);
    let mut out = vec![1.0];
    let at = [LonLat { lon: LON, lat: LAT }; 3];
    index.nearest_distances(&[], &at, &Filter::default(), &mut out);
    assert_eq!(out, [f64::INFINITY; 3]);
}

/// A random star-shaped polygon around `c` (radius `r` degrees of
/// latitude), sometimes with a hole, as a district.
fn random_district(rng: &mut Rng, id: usize, c: LonLat, r: f64) -> District {
    let ring = |rng: &mut Rng, r: f64, clockwise: bool| {
        let n = rng.range_u32(5, 40) as usize;
        let mut ring: Vec<LonLat> = (0..n)
            .map(|k| {
                let a = k as f64 / n as f64 * std::f64::consts::TAU;
                let a = if clockwise { -a } else { a };
                let rr = r * rng.range_f64(0.4, 1.0);
                LonLat {
                    lon: c.lon + rr * a.cos() * 1.7,
                    lat: c.lat + rr * a.sin(),
                }
            })
            .collect();
        ring.push(ring[0]);
        ring
    };
    let mut polygon = vec![ring(rng, r, false)];
    if rng.chance(0.4) {
        polygon.push(ring(rng, r * 0.3, true));
    }
    let polygons = vec![polygon];
    let bbox = polygons.iter().flatten().flatten().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |[w, s, e, n], p| [w.min(p.lon), s.min(p.lat), e.max(p.lon), n.max(p.lat)],
    );
    District {
        id: format!("d{id}"),
        name: format!("District {id}"),
        population: None,
        polygons,
        bbox,
    }
}

fn random_districts(rng: &mut Rng, n: usize) -> Vec<District> {
    (0..n)
        .map(|i| {
            let c = city_point(rng, 0.05);
            let r = rng.range_f64(0.005, 0.03);
            random_district(rng, i, c, r)
        })
        .collect()
}

#[test]
fn grid_cells_belong_to_the_first_district_containing_their_centre() {
    let mut rng = Rng::new(5);
    for round in 0..20 {
        let districts = random_districts(&mut rng, 1 + round % 7);
        let cell_m = rng.range_f64(60.0, 400.0);
        let grid = Grid::new(&districts, cell_m, 1_000_000).unwrap();
        let mut k = 0;
        for cell in 0..grid.cols * grid.rows {
            let centre = grid.centre(cell);
            let want = districts.iter().position(|d| d.contains(centre));
            let got = (grid.cells.get(k) == Some(&(cell as u32))).then(|| {
                k += 1;
                grid.district[k - 1] as usize
            });
            assert_eq!(got, want, "round {round}, cell {cell} at {centre:?}");
        }
        assert_eq!(k, grid.cells.len());
    }
}

#[test]
fn coverage_matches_a_plain_recomputation() {
    let mut rng = Rng::new(2026);
    let points: Vec<LonLat> = (0..800).map(|_| city_point(&mut rng, 0.08)).collect();
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    for round in 0..12 {
        let districts = random_districts(&mut rng, 6);
        let grid = Grid::new(&districts, 150.0, 1_000_000).unwrap();
        let question = Question {
            filter: if round == 0 {
                Filter::default()
            } else {
                random_filter(&mut rng)
            },
            within_m: rng.range_f64(200.0, 2000.0),
            detour: if round % 2 == 0 { 1.0 } else { 1.3 },
        };
        let (distances, got) = coverage::coverage(&index, &spaces, &districts, &grid, &question);
        // brute force, cell by cell
        let places = matching(&spaces, &question.filter);
        let mut weight = vec![0.0; districts.len()];
        let mut covered = vec![0.0; districts.len()];
        let mut cells: Vec<Vec<(f64, f64)>> = vec![Vec::new(); districts.len()];
        for cell in 0..grid.cols * grid.rows {
            let centre = grid.centre(cell);
            let Some(d) = districts.iter().position(|d| d.contains(centre)) else {
                continue;
            };
            let w = centre.lat.to_radians().cos();
            let dist = brute_distance(&places, centre) * question.detour;
            weight[d] += w;
            if dist <= question.within_m {
                covered[d] += w;
            }
            cells[d].push((dist, w));
        }
        for (d, c) in got.districts.iter().enumerate() {
            let share = if weight[d] > 0.0 {
                covered[d] / weight[d]
            } else {
                0.0
            };
            assert!(
                (c.share - share).abs() < 1e-9,
                "round {round}, district {d}: {} vs {share}",
                c.share
            );
            cells[d].sort_by(|a, b| a.0.total_cmp(&b.0));
            let median = quantile(&cells[d], 0.5);
            if median.is_finite() {
                assert!(
                    (c.median_m - median).abs() < 0.01,
                    "{} vs {median}",
                    c.median_m
                );
                assert!((c.p90_m - quantile(&cells[d], 0.9)).abs() < 0.01);
            } else {
                assert!(!c.median_m.is_finite());
            }
            let inside = spaces
                .iter()
                .filter(|s| question.filter.matches(s))
                .filter(|s| districts.iter().position(|x| x.contains(s.position)) == Some(d))
                .count();
            assert_eq!(c.places, inside);
        }
        let all_w: f64 = weight.iter().sum();
        let share = covered.iter().sum::<f64>() / all_w;
        assert!((got.total.share - share).abs() < 1e-9);
        assert_eq!(distances.len(), grid.cells.len());

        // the page's way: straight-line distances kept, the detour applied to the figures
        let straight = coverage::coverage(
            &index,
            &spaces,
            &districts,
            &grid,
            &Question {
                detour: 1.0,
                ..question.clone()
            },
        )
        .0;
        let detoured = coverage::with_detour(&straight, question.detour);
        assert_eq!(&*detoured, &distances[..]);
        assert_eq!(
            matches!(detoured, std::borrow::Cow::Borrowed(_)),
            question.detour == 1.0
        );
        let places = coverage::places_per_district(&spaces, &districts, &question.filter);
        let again = coverage::summarise(&grid, &districts, &detoured, &places, question.within_m);
        assert_eq!(again, got);
    }
}

/// The first distance with at least `q` of the weight at or below it.
fn quantile(cells: &[(f64, f64)], q: f64) -> f64 {
    let total: f64 = cells.iter().map(|c| c.1).sum();
    let mut sum = 0.0;
    for c in cells {
        sum += c.1;
        if sum >= q * total - 1e-9 * total {
            return c.0;
        }
    }
    f64::NAN
}

#[test]
fn good_districts_load_with_holes_islands_and_population() {
    let loaded = load_districts(&fixture("good-districts.geojson"), &fields()).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let ids: Vec<&str> = loaded.districts.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["N1", "S1", "7"]);
    let pops: Vec<Option<f64>> = loaded.districts.iter().map(|d| d.population).collect();
    assert_eq!(pops, [Some(1200.0), Some(800.0), Some(0.0)]);
    let lake = LonLat {
        lon: 10.01,
        lat: 53.505,
    };
    assert!(!loaded.districts.iter().any(|d| d.contains(lake)));
    let grid = Grid::new(&loaded.districts, 100.0, 1_000_000).unwrap();
    let lake_cell = grid.cell_of(lake).unwrap();
    assert!(!grid.cells.contains(&(lake_cell as u32)));
    // both islands' cells belong to district "7"
    let islands: Vec<LonLat> = [(10.038, 53.5015), (10.035, 53.515)]
        .map(|(lon, lat)| LonLat { lon, lat })
        .to_vec();
    for p in islands {
        let k = grid
            .cells
            .iter()
            .position(|&c| c as usize == grid.cell_of(p).unwrap())
            .unwrap();
        assert_eq!(grid.district[k], 2);
    }
}

#[test]
fn bad_districts_are_skipped_with_located_problems() {
    let loaded = load_districts(&fixture("bad-districts.geojson"), &fields()).unwrap();
    let ids: Vec<(&str, &str)> = loaded
        .districts
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_str()))
        .collect();
    assert_eq!(ids, [("A", "Good"), ("F", "Open ring"), ("G", "G")]);
    let problems: Vec<(Severity, &str, usize)> = loaded
        .problems
        .iter()
        .map(|p| (p.severity, p.code, p.line))
        .collect();
    use Severity::{Error, Warning};
    assert_eq!(
        problems,
        [
            (Warning, "district-population", 2),
            (Error, "district-geometry", 3),
            (Error, "district-geometry", 4),
            (Error, "district-id", 5),
            (Error, "duplicate-district-id", 6),
            (Error, "district-geometry", 7),
            (Warning, "district-ring-open", 8),
            (Warning, "district-population", 8),
            (Warning, "district-name", 9),
            (Warning, "district-population", 9),
        ]
    );
    assert!(loaded.problems[5].message.contains("off the Earth"));
    assert_eq!(loaded.problems[1].column, 1);
    assert!(loaded.problems[0].message.contains("no \"people\""));
}

#[test]
fn a_file_that_is_not_districts_is_one_error() {
    let err = load_districts("{\"type\": \"Feature\"}", &fields()).unwrap_err();
    assert!(err.to_string().contains("FeatureCollection"), "{err}");
    let err = load_districts("{\"type\": ", &fields()).unwrap_err();
    assert!(err.to_string().contains("not valid JSON"), "{err}");
}

#[test]
fn population_weighs_the_cells() {
    let good = load_population(&fixture("good-population.csv"), "population").unwrap();
    assert!(good.problems.is_empty(), "{:?}", good.problems);
    assert_eq!(good.points.len(), 4);
    let bad = load_population(&fixture("bad-population.csv"), "population").unwrap();
    assert_eq!(bad.points.len(), 2);
    assert_eq!(bad.points[0].position.lon, 10.01);
    let lines: Vec<usize> = bad.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 4, 5]);

    let loaded = load_districts(&fixture("good-districts.geojson"), &fields()).unwrap();
    let mut grid = Grid::new(&loaded.districts, 100.0, 1_000_000).unwrap();
    // the 999 people on the lake live in no district's cell
    assert_eq!(grid.weigh_by_population(&good.points), 999.0);
    // one place at the first point: only its 500 people (in North) are
    // within 75 m (a cell's centre is at most 71 m from its corners)
    let places = support::random_places(
        &mut Rng::new(1),
        &[LonLat {
            lon: 10.010,
            lat: 53.515,
        }],
    );
    let index = SpaceIndex::new(&places);
    let question = Question {
        filter: Filter::default(),
        within_m: 75.0,
        detour: 1.0,
    };
    let (_, got) = coverage::coverage(&index, &places, &loaded.districts, &grid, &question);
    assert_eq!(got.districts[0].share, 1.0);
    assert_eq!(got.districts[0].weight, 500.0);
    assert_eq!(got.districts[1].share, 0.0);
    assert_eq!(got.districts[1].weight, 300.0);
    assert_eq!(got.total.weight, 840.0);
    assert!((got.total.share - 500.0 / 840.0).abs() < 1e-12);
}

#[test]
fn districts_population_weighs_the_city_share() {
    let loaded = load_districts(&fixture("good-districts.geojson"), &fields()).unwrap();
    let grid = Grid::new(&loaded.districts, 100.0, 1_000_000).unwrap();
    // one place in the middle of North, reaching all of it and none of the others
    let places = support::random_places(
        &mut Rng::new(1),
        &[LonLat {
            lon: 10.01,
            lat: 53.515,
        }],
    );
    let index = SpaceIndex::new(&places);
    let question = Question {
        filter: Filter::default(),
        within_m: 900.0,
        detour: 1.0,
    };
    let (_, got) = coverage::coverage(&index, &places, &loaded.districts, &grid, &question);
    assert_eq!(got.districts[0].share, 1.0);
    assert!(got.districts[1].share > 0.0 && got.districts[1].share < 1.0);
    // each district's share counts by its people (1200, 800 and 0 of 2000)
    let want = (1200.0 + 800.0 * got.districts[1].share) / 2000.0;
    assert!(
        (got.total.share - want).abs() < 1e-12,
        "{}",
        got.total.share
    );
    assert_eq!(got.total.weight, 2000.0);
}

#[test]
fn grids_too_fine_or_empty_are_refused() {
    let loaded = load_districts(&fixture("good-districts.geojson"), &fields()).unwrap();
    assert!(Grid::new(&loaded.districts, 1.0, 100_000).is_err());
    assert!(Grid::new(&[], 100.0, 100_000).is_err());
    assert!(Grid::new(&loaded.districts, 0.0, 100_000).is_err());
}
