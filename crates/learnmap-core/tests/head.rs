//! `stated_extent`, the extent a file states before its features, read from
//! its first bytes (the app moves the map there while the rest downloads):
//! for every head of every fixture and of the demo data, nothing, or the
//! very `bbox` the whole file's load states.

use learnmap_core::{load, stated_extent, BBox};
use std::path::PathBuf;

fn files() -> Vec<PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the fixtures")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "geojson"))
        .collect();
    files.sort();
    files.push(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/demo/learning-spaces.geojson"
        )
        .into(),
    );
    files
}

#[test]
fn every_head_states_nothing_or_the_bbox_the_whole_file_states() {
    let mut stated_early = Vec::new();
    for path in files() {
        let bytes = std::fs::read(&path).expect("readable");
        let declared: Option<BBox> = load(&String::from_utf8_lossy(&bytes))
            .ok()
            .and_then(|d| d.declared_extent);
        // every head of the first 8 KB, byte by byte, and the whole file
        let mut first = None;
        for n in (0..=bytes.len().min(8192)).chain([bytes.len()]) {
            if let Some(early) = stated_extent(&bytes[..n]) {
                assert_eq!(Some(early), declared, "{} cut at {n} bytes", path.display());
                first.get_or_insert(n);
            }
        }
        if let Some(n) = first {
            stated_early.push((path.file_name().unwrap().to_string_lossy().into_owned(), n));
        }
    }
    // the files whose bbox comes before their features say so early: the
    // demo data within its first kilobyte
    let names: Vec<&str> = stated_early.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        names,
        [
            "bad-bbox-leaves-out.geojson",
            "good-bbox.geojson",
            "learning-spaces.geojson"
        ]
    );
    assert!(
        stated_early.iter().all(|&(_, n)| n < 1024),
        "{stated_early:?}"
    );
}
