//! Fuzzes `learnmap_core::load` and `load_with` (tiny limits) on arbitrary
//! bytes: valid UTF-8 as is, anything else after lossy conversion (so the
//! mutator's byte flips still reach the parser). Panics, overflows and
//! insane results (see `../invariants.rs`) are crashes.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    invariants::check_text("fuzz input", &text);
});
