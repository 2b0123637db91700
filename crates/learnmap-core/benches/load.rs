//! Load throughput, in MB/s: `cargo bench -p learnmap-core --bench load`.
//!
//! `learnmap_core::load` on the bundled demo file, on synthetic sets of 10k
//! and 100k places made in memory (seeded, `synth::write_synthetic`), and on
//! the 37,930 Kenyan schools of `../shared/data/real/kenya-schools.geojson` (imported by `make bench`)
//! (skipped with a notice when that folder is absent). The aim is 100 MB/s
//! natively, in decimal megabytes (criterion's `Throughput::BytesDecimal`).
//! The browser benchmark (`make bench`) measures the same loader as
//! WebAssembly in Chromium.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

const SEED: u64 = 2024;

fn demo() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/demo/learning-spaces.geojson"
    );
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn synthetic(n: usize) -> String {
    let mut bytes = Vec::new();
    learnmap_synth::write_synthetic(&mut bytes, n, SEED).expect("writing to memory");
    String::from_utf8(bytes).expect("the generator writes UTF-8")
}

/// The Kenya schools as learnmap GeoJSON: the raw file names its schools
/// `school_name`, so `make bench` first imports it with its mapping
/// (`data/mappings/kenya-schools.toml`) into `target/import/`.
fn kenya() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/import/kenya-schools.geojson"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!(
                "load bench: skipping kenya-schools: {path}: {e} (run `make bench`, which imports it from ../shared/data)"
            );
            None
        }
    }
}

fn bench_load(c: &mut Criterion) {
    let mut inputs = vec![
        ("demo".to_owned(), demo()),
        ("synth-10k".to_owned(), synthetic(10_000)),
        ("synth-100k".to_owned(), synthetic(100_000)),
    ];
    if let Some(text) = kenya() {
        inputs.push(("kenya-schools".to_owned(), text));
    }
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    for (name, text) in &inputs {
        // Say what each input gives, so a fast load of nothing is visible.
        // (Dropping the result is not timed: iter_with_large_drop.)
        let data = learnmap_core::load(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        eprintln!(
            "load bench: {name}: {:.1} MB, {} features, {} places, {} problems listed (+{} omitted)",
            text.len() as f64 / 1e6,
            data.feature_count,
            data.spaces.len(),
            data.problems.len(),
            data.problems_omitted
        );
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter_with_large_drop(|| learnmap_core::load(black_box(text)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
