//! Memory per place, measured by a counting allocator (one test in this
//! binary, so nothing else allocates meanwhile): a loaded place takes at
//! most 200 bytes beyond its text; the index's own heap must agree with
//! `SpaceIndex::heap_bytes` + `text_bytes` and stay within 150 bytes a
//! place without strings.

use learnmap_core::{load, Filter, LearningSpace, SpaceIndex};
use learnmap_synth::write_synthetic;
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

#[test]
fn bytes_per_place() {
    let n = 10_000;
    let mut bytes = Vec::new();
    write_synthetic(&mut bytes, n, 42).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let before = LIVE.load(Relaxed);
    let spaces = load(&text).unwrap().spaces;
    let places = LIVE.load(Relaxed) - before;
    let strings: usize = spaces.iter().map(LearningSpace::text_bytes).sum();
    let per = |b: usize| b as f64 / n as f64;
    let beyond = per(places - strings);
    println!(
        "per place: {:.1} B, of which text {:.1} B, so {beyond:.1} B beyond its text ({} B inline)",
        per(places),
        per(strings),
        std::mem::size_of::<LearningSpace>(),
    );
    // issue 18: at most 200 bytes a place beyond its text (it was about 3 KB)
    assert!(beyond <= 200.0, "{beyond:.1} bytes a place beyond its text");
    assert!(std::mem::size_of::<LearningSpace>() <= 96);

    let before = LIVE.load(Relaxed);
    let index = SpaceIndex::new(&spaces);
    // the search text is made by the first text search: counted too
    let languages_only = index.text_bytes();
    let search = Filter {
        text: "a".into(),
        ..Filter::default()
    };
    let found = index.nearest(&spaces, spaces[0].position, 1, &search);
    drop(search);
    drop(found);
    assert!(index.text_bytes() > languages_only);
    let measured = LIVE.load(Relaxed) - before;
    println!(
        "index: {:.1} B a place (+{:.1} B search text)",
        per(index.heap_bytes()),
        per(index.text_bytes()),
    );
    let reported = index.heap_bytes() + index.text_bytes();
    // the interning maps of the build are freed; what is left is what heap_bytes says
    assert!(
        measured.abs_diff(reported) <= reported / 50,
        "measured {measured}, reported {reported}"
    );
    assert!(per(index.heap_bytes()) <= 150.0);
}
