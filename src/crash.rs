//! A crash is never silent: a panic's message goes to the console, and the
//! page says in the interface language that the map stopped, with a button
//! to reload it (`learnmapCrash` in `public/boot.js`, which also catches the
//! WebAssembly traps that no panic announces).
//!
//! The release build aborts on panic (Cargo.toml's release profile), so
//! after the hook the module traps and cannot go on: the page must be
//! reloaded.

use wasm_bindgen::JsCast;

/// Installs the panic hook: the message and a stack trace to the console
/// (`console_error_panic_hook`), then the page's crash notice.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Calls the page's `learnmapCrash(message)` (public/boot.js), if it has one.
fn show(message: &str) {
    let global = js_sys::global();
    if let Ok(f) = js_sys::Reflect::get(&global, &"learnmapCrash".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call1(&global, &message.into());
        }
    }
}

/// For the end-to-end tests (tests/e2e/crash.spec.ts) only: a test sets
/// `learnmapTestCrash` on the page before it loads (`"panic:MESSAGE"` or
/// `"trap"`), and the app panics or traps once it is running, from a timer
/// as an event would. Only a script already running on the page can set it
/// (no address or data can), and such a script could stop the page anyway.
pub fn test_trigger() {
    let Some(what) = js_sys::Reflect::get(&js_sys::global(), &"learnmapTestCrash".into())
        .ok()
        .and_then(|v| v.as_string())
    else {
        return;
    };
    leptos::prelude::set_timeout(
        move || match what.strip_prefix("panic:") {
            Some(message) => panic!("{message}"),
            // a trap without a panic (on wasm, abort is `unreachable`)
            None => std::process::abort(),
        },
        std::time::Duration::ZERO,
    );
}
