//! Spatial engine benchmarks: `cargo bench -p learnmap-core --bench index`.
//!
//! On seeded synthetic sets (`synth::write_synthetic`, made in memory) of
//! 10k and 100k places, a 1M set (the 100k set ten times over, each copy
//! moved by a few hundred metres and given new ids, with only `name` and
//! `description` kept among the free properties: loading a 1M-place file
//! would take gigabytes and minutes), and the 37,930 Kenyan schools of
//! `../shared/data/real/kenya-schools.geojson` (skipped with a notice when
//! that folder is absent; `school_name` is read as the name):
//!
//! * `build`: `SpaceIndex::new`;
//! * `nearest10`: the 10 nearest places to a place's position (no filter);
//! * `nearest10_1pct`: the same with a filter matching about 1% of places,
//!   against `scan_1pct`, the naive answer (filter every place, haversine,
//!   sort);
//! * `within`: a phone-sized city view (0.1° × 0.05°);
//! * `clusters`: the whole world at zoom 2 and a city view at zoom 12;
//! * `facets`: all facet counts under a filter.
//!
//! Before measuring it prints each set's memory (index bytes per place,
//! strings excluded) and the selective filter's share.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use learnmap_core::geo::haversine_m;
use learnmap_core::{
    load, Audience, BBox, Filter, LearningArea, LearningSpace, LonLat, PlaceType, SpaceIndex,
    Vocabulary,
};
use learnmap_synth::{write_synthetic, Rng};
use std::hint::black_box;
use std::time::Duration;

const SEED: u64 = 2024;

fn synthetic(n: usize) -> Vec<LearningSpace> {
    let mut bytes = Vec::new();
    write_synthetic(&mut bytes, n, SEED).expect("writing to memory");
    let data = load(std::str::from_utf8(&bytes).expect("UTF-8")).expect("synthetic data loads");
    assert_eq!(data.spaces.len(), n);
    data.spaces
}

/// The 100k set ten times over, each copy moved and renamed (see the header).
fn million(base: &[LearningSpace]) -> Vec<LearningSpace> {
    let mut out = Vec::with_capacity(base.len() * 10);
    for copy in 0..10u32 {
        for s in base {
            let mut s = s.with_id(&format!("{}-{copy}", s.id()));
            s.position.lon = (s.position.lon + copy as f64 * 0.003).min(180.0);
            s.position.lat = (s.position.lat + copy as f64 * 0.002).min(90.0);
            out.push(s);
        }
    }
    out
}

fn kenya() -> Option<Vec<LearningSpace>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/real/kenya-schools.geojson"
    );
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("index bench: skipping kenya-schools: {path}: {e} (the shared data folder is absent)");
            return None;
        }
    };
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("kenya JSON");
    for f in value["features"].as_array_mut().expect("features") {
        let props = f["properties"].as_object_mut().expect("properties");
        let name = props["school_name"].clone();
        let id = format!("ke-{:05}", props["objectid"].as_u64().unwrap_or(0));
        props.insert("name".into(), name);
        props.insert("id".into(), id.into());
    }
    let data = load(&value.to_string()).expect("kenya loads");
    Some(data.spaces)
}

/// The candidate filter whose share of places is closest to 1%.
fn one_percent(spaces: &[LearningSpace]) -> Filter {
    let mut candidates = Vec::new();
    for &t in PlaceType::ALL {
        let base = Filter {
            place_types: [t].into_iter().collect(),
            ..Filter::default()
        };
        candidates.push(base.clone());
        candidates.push(Filter {
            free: true,
            ..base.clone()
        });
        candidates.push(Filter {
            wheelchair: true,
            ..base.clone()
        });
        for &a in Audience::ALL {
            candidates.push(Filter {
                audiences: [a].into_iter().collect(),
                ..base.clone()
            });
        }
        for &a in LearningArea::ALL {
            candidates.push(Filter {
                learning_areas: [a].into_iter().collect(),
                ..base.clone()
            });
        }
    }
    for text in [
        "academy",
        "girls",
        "mission",
        "catholic",
        "islamic",
        "secondary",
    ] {
        candidates.push(Filter {
            text: text.into(),
            ..Filter::default()
        });
    }
    let share = |f: &Filter| {
        spaces.iter().step_by(7).filter(|s| f.matches(s)).count() as f64
            / spaces.iter().step_by(7).count() as f64
    };
    candidates
        .into_iter()
        .min_by(|a, b| (share(a) - 0.01).abs().total_cmp(&(share(b) - 0.01).abs()))
        .unwrap_or_default()
}

/// Query points: positions of seeded random places, moved a little.
fn queries(spaces: &[LearningSpace], n: usize) -> Vec<LonLat> {
    let mut rng = Rng::new(99);
    (0..n)
        .map(|_| {
            let p = spaces[rng.below(spaces.len() as u64) as usize].position;
            LonLat {
                lon: (p.lon + rng.range_f64(-0.01, 0.01)).clamp(-180.0, 180.0),
                lat: (p.lat + rng.range_f64(-0.01, 0.01)).clamp(-90.0, 90.0),
            }
        })
        .collect()
}

/// The naive answer: filter everything, measure, sort.
fn scan(spaces: &[LearningSpace], at: LonLat, k: usize, filter: &Filter) -> Vec<(f64, usize)> {
    let mut all: Vec<(f64, usize)> = spaces
        .iter()
        .enumerate()
        .filter(|(_, s)| filter.matches(s))
        .map(|(i, s)| (haversine_m(at, s.position), i))
        .collect();
    all.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(spaces[a.1].id().cmp(spaces[b.1].id()))
    });
    all.truncate(k);
    all
}

fn bench_index(c: &mut Criterion) {
    let s10k = synthetic(10_000);
    let s100k = synthetic(100_000);
    let s1m = million(&s100k);
    let mut sets: Vec<(&str, &[LearningSpace], bool)> = vec![
        ("synth-10k", &s10k, true),
        ("synth-100k", &s100k, true),
        ("synth-1M", &s1m, false),
    ];
    let kenya = kenya();
    if let Some(k) = &kenya {
        sets.push(("kenya-schools", k, true));
    }
    let indexes: Vec<SpaceIndex> = sets.iter().map(|(_, s, _)| SpaceIndex::new(s)).collect();
    for ((name, spaces, _), index) in sets.iter().zip(&indexes) {
        let filter = one_percent(spaces);
        let matching = spaces.iter().filter(|s| filter.matches(s)).count();
        eprintln!(
            "index bench: {name}: {} places, index {:.1} bytes/place (strings excluded), search text {:.1} bytes/place; \
             1% filter {:?} matches {matching} ({:.2}%)",
            spaces.len(),
            index.heap_bytes() as f64 / spaces.len() as f64,
            index.text_bytes() as f64 / spaces.len() as f64,
            filter,
            100.0 * matching as f64 / spaces.len() as f64
        );
    }

    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for ((name, spaces, _), index) in sets.iter().zip(&indexes) {
        group.bench_with_input(BenchmarkId::new("build", name), spaces, |b, s| {
            b.iter(|| SpaceIndex::new(black_box(s)))
        });
        let points = queries(spaces, 256);
        let filter = one_percent(spaces);
        let all = Filter::default();
        let mut i = 0;
        group.bench_function(BenchmarkId::new("nearest10", name), |b| {
            b.iter(|| {
                i = (i + 1) % points.len();
                index.nearest(spaces, black_box(points[i]), 10, &all)
            })
        });
        group.bench_function(BenchmarkId::new("nearest10_1pct", name), |b| {
            b.iter(|| {
                i = (i + 1) % points.len();
                index.nearest(spaces, black_box(points[i]), 10, &filter)
            })
        });
        group.bench_function(BenchmarkId::new("scan_1pct", name), |b| {
            b.iter(|| {
                i = (i + 1) % points.len();
                scan(spaces, black_box(points[i]), 10, &filter)
            })
        });
    }
    for ((name, spaces, small), index) in sets.iter().zip(&indexes) {
        if !small {
            continue;
        }
        let points = queries(spaces, 256);
        let mut i = 0;
        let all = Filter::default();
        let view = |p: LonLat| BBox::new(p.lon - 0.05, p.lat - 0.025, p.lon + 0.05, p.lat + 0.025);
        group.bench_function(BenchmarkId::new("within", name), |b| {
            b.iter(|| {
                i = (i + 1) % points.len();
                index.within(spaces, view(black_box(points[i])), &all)
            })
        });
        group.bench_function(BenchmarkId::new("clusters_world_z2", name), |b| {
            b.iter(|| index.clusters(spaces, BBox::world(), 2, &all))
        });
        // the first view at a zoom also makes that zoom's table of cells
        group.bench_function(BenchmarkId::new("clusters_city_z12_first", name), |b| {
            b.iter_batched(
                || SpaceIndex::new(spaces),
                |fresh| {
                    i = (i + 1) % points.len();
                    fresh.clusters(spaces, view(black_box(points[i])), 12, &all)
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function(BenchmarkId::new("clusters_city_z12", name), |b| {
            b.iter(|| {
                i = (i + 1) % points.len();
                index.clusters(spaces, view(black_box(points[i])), 12, &all)
            })
        });
        let digital = Filter {
            learning_areas: [LearningArea::Digital].into_iter().collect(),
            ..Filter::default()
        };
        group.bench_function(BenchmarkId::new("facets", name), |b| {
            b.iter(|| index.facets(spaces, black_box(&digital), None))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
