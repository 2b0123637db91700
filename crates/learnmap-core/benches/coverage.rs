//! The planners' coverage: `cargo bench -p learnmap-core --bench coverage`.
//!
//! 10,000 seeded synthetic places (`synth::write_synthetic`, their
//! attributes kept and their positions moved, seeded, into one city) and a
//! grid of 100,000 cells over a 32 × 32 km square of districts (a 10 × 10
//! checkerboard of square districts) around them, at 100 m:
//!
//! * `grid_100k`: `Grid::new` (scanline assignment of every cell);
//! * `distances_100k` and `distances_100k_1pct`: the nearest matching
//!   place of every cell (`SpaceIndex::nearest_distances`) with no filter
//!   and with a filter matching about 1% of places;
//! * `scan_1k` and `scan_1k_1pct`: the plain answer for 1,000 of those
//!   cells (the matching places found once, then for each cell the least
//!   haversine distance to them): times 100 for the whole grid (a full
//!   scan of 100k cells takes seconds a run).
//!
//! Before measuring it prints the ratio of the plain scan (scaled to
//! 100k cells) to the index.

use criterion::{criterion_group, criterion_main, Criterion};
use learnmap_core::coverage::Grid;
use learnmap_core::districts::District;
use learnmap_core::geo::haversine_m;
use learnmap_core::{load, Filter, LearningArea, LearningSpace, LonLat, PlaceType, SpaceIndex};
use learnmap_synth::{write_synthetic, Rng};
use std::hint::black_box;
use std::time::{Duration, Instant};

const CITY: LonLat = LonLat {
    lon: 9.99,
    lat: 53.55,
};

fn places(side_deg: f64) -> Vec<LearningSpace> {
    let mut bytes = Vec::new();
    write_synthetic(&mut bytes, 10_000, 2024).expect("writing to memory");
    let mut spaces = load(std::str::from_utf8(&bytes).expect("UTF-8"))
        .expect("synthetic data loads")
        .spaces;
    let mut rng = Rng::new(23);
    let half = side_deg * 5.0;
    for s in &mut spaces {
        s.position = LonLat {
            lon: CITY.lon + rng.range_f64(-half, half) / CITY.lat.to_radians().cos(),
            lat: CITY.lat + rng.range_f64(-half, half),
        };
    }
    spaces
}

/// 10 × 10 square districts, each `side` degrees of latitude high, around `c`.
fn districts(c: LonLat, side: f64) -> Vec<District> {
    let wide = side / c.lat.to_radians().cos();
    let mut out = Vec::new();
    for r in 0..10 {
        for k in 0..10 {
            let (w, s) = (
                c.lon + (k as f64 - 5.0) * wide,
                c.lat + (r as f64 - 5.0) * side,
            );
            let (e, n) = (w + wide, s + side);
            let ring = [(w, s), (e, s), (e, n), (w, n), (w, s)]
                .map(|(lon, lat)| LonLat { lon, lat })
                .to_vec();
            out.push(District {
                id: format!("d{r}{k}"),
                name: format!("District {r}-{k}"),
                population: None,
                polygons: vec![vec![ring]],
                bbox: [w, s, e, n],
            });
        }
    }
    out
}

/// The plain answer: the matching places found once, then for each point
/// the least haversine distance to any of them.
fn scan(spaces: &[LearningSpace], filter: &Filter, points: &[LonLat]) -> Vec<f64> {
    let matching: Vec<LonLat> = spaces
        .iter()
        .filter(|s| filter.matches(s))
        .map(|s| s.position)
        .collect();
    points
        .iter()
        .map(|p| {
            matching
                .iter()
                .map(|q| haversine_m(*p, *q))
                .fold(f64::INFINITY, f64::min)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    // 31.6 km a side at 100 m: 100,000 cells
    let side = 3162.3 / learnmap_core::coverage::metres_per_degree();
    let spaces = places(side);
    let index = SpaceIndex::new(&spaces);
    let districts = districts(CITY, side);
    let grid = Grid::new(&districts, 100.0, 10_000_000).unwrap();
    let centres = grid.centres();
    let selective = Filter {
        place_types: [PlaceType::Makerspace].into_iter().collect(),
        learning_areas: [LearningArea::Digital].into_iter().collect(),
        ..Filter::default()
    };
    let share = spaces.iter().filter(|s| selective.matches(s)).count() as f64 / spaces.len() as f64;
    println!(
        "coverage: {} places, {} cells ({} × {}), selective filter matches {:.2}%",
        spaces.len(),
        centres.len(),
        grid.cols,
        grid.rows,
        share * 100.0
    );
    let sample: Vec<LonLat> = centres
        .iter()
        .step_by(centres.len() / 1000)
        .take(1000)
        .copied()
        .collect();
    for (name, filter) in [("all", Filter::default()), ("1pct", selective.clone())] {
        let mut out = Vec::new();
        let t = Instant::now();
        index.nearest_distances(&spaces, &centres, &filter, &mut out);
        let ours = t.elapsed();
        let t = Instant::now();
        let plain = scan(&spaces, &filter, &sample);
        let scan_1k = t.elapsed();
        // the answers agree on the sample
        let mut ours_sample = Vec::new();
        index.nearest_distances(&spaces, &sample, &filter, &mut ours_sample);
        for (a, b) in ours_sample.iter().zip(&plain) {
            assert!((a - b).abs() < 0.01 || (a.is_infinite() && b.is_infinite()));
        }
        println!(
            "coverage {name}: index {:.1} ms for {} cells; plain scan {:.1} ms per 1k cells, ~{:.0} ms for all: {:.0}× faster",
            ours.as_secs_f64() * 1e3,
            centres.len(),
            scan_1k.as_secs_f64() * 1e3,
            scan_1k.as_secs_f64() * 1e3 * centres.len() as f64 / 1000.0,
            scan_1k.as_secs_f64() * centres.len() as f64 / 1000.0 / ours.as_secs_f64()
        );
    }

    let mut g = c.benchmark_group("coverage");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("grid_100k", |b| {
        b.iter(|| Grid::new(black_box(&districts), 100.0, 10_000_000).unwrap())
    });
    let mut out = Vec::new();
    g.bench_function("distances_100k", |b| {
        b.iter(|| {
            index.nearest_distances(&spaces, black_box(&centres), &Filter::default(), &mut out)
        })
    });
    g.bench_function("distances_100k_1pct", |b| {
        b.iter(|| index.nearest_distances(&spaces, black_box(&centres), &selective, &mut out))
    });
    g.bench_function("scan_1k", |b| {
        b.iter(|| scan(&spaces, &Filter::default(), black_box(&sample)))
    });
    g.bench_function("scan_1k_1pct", |b| {
        b.iter(|| scan(&spaces, &selective, black_box(&sample)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
