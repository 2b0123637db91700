//! Marks on the page's performance timeline (`performance.mark`) at the
//! steps of starting up, so that a trace, Lighthouse's "User Timing marks"
//! and `bench/startup.mjs` show where the main thread's time goes.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = mark, catch)]
    fn performance_mark(name: &str) -> Result<JsValue, JsValue>;
}

/// Marks this moment by `name` (`learnmap:<step>`).
pub fn mark(name: &str) {
    let _ = performance_mark(name);
}
