//! Memory per place, measured by a counting allocator (one test in this
//! binary, so nothing else allocates meanwhile): the index's own heap must
//! agree with `SpaceIndex::heap_bytes` + `text_bytes` and stay within 150
//! bytes a place without strings; the places' own memory is printed.

use learnmap_synth::write_synthetic;
use learnmap_core::{load, LearningSpace, SpaceIndex};
use serde_json::Value;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn string_bytes(s: &LearningSpace) -> usize {
    fn value(v: &Value) -> usize {
        match v {
            Value::String(s) => s.capacity(),
            Value::Array(a) => a.iter().map(value).sum(),
            Value::Object(o) => o.iter().map(|(k, v)| k.capacity() + value(v)).sum(),
            _ => 0,
        }
    }
    s.id.capacity()
        + s.name.capacity()
        + s.languages.iter().map(String::capacity).sum::<usize>()
        + s.opening_hours.as_ref().map_or(0, |h| h.source().len())
        + s.properties
            .iter()
            .map(|(k, v)| k.capacity() + value(v))
            .sum::<usize>()
}

#[test]
fn bytes_per_place() {
    let n = 10_000;
    let mut bytes = Vec::new();
    write_synthetic(&mut bytes, n, 42).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let before = LIVE.load(Relaxed);
    let spaces = load(&text).unwrap().spaces;
    let places = LIVE.load(Relaxed) - before;
    let strings: usize = spaces.iter().map(string_bytes).sum();
    let before = LIVE.load(Relaxed);
    let index = SpaceIndex::new(&spaces);
    let measured = LIVE.load(Relaxed) - before;
    let per = |b: usize| b as f64 / n as f64;
    println!(
        "per place: index {:.1} B (+{:.1} B search text); places {:.1} B, of which strings {:.1} B, so {:.1} B without strings",
        per(index.heap_bytes()),
        per(index.text_bytes()),
        per(places),
        per(strings),
        per(places.saturating_sub(strings)),
    );
    let reported = index.heap_bytes() + index.text_bytes();
    // the interning maps of the build are freed; what is left is what heap_bytes says
    assert!(
        measured.abs_diff(reported) <= reported / 50,
        "measured {measured}, reported {reported}"
    );
    assert!(per(index.heap_bytes()) <= 150.0);
    drop(index);

    // where the places' memory goes (for the model's owners)
    let mut spaces = spaces;
    let before = LIVE.load(Relaxed);
    for s in &mut spaces {
        s.opening_hours = None;
    }
    let hours = before - LIVE.load(Relaxed);
    let before = LIVE.load(Relaxed);
    for s in &mut spaces {
        s.properties = Default::default();
    }
    let properties = before - LIVE.load(Relaxed);
    println!(
        "places: {} B inline, {:.1} B spare Vec capacity, opening hours {:.1} B, properties map {:.1} B",
        std::mem::size_of::<LearningSpace>(),
        per((spaces.capacity() - spaces.len()) * std::mem::size_of::<LearningSpace>()),
        per(hours),
        per(properties),
    );
    assert!(places > hours + properties);
}
