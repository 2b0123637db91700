//! The last good copy of each data file, for offline visits and for when a
//! new file is broken: kept by the page in Cache Storage (`learnmapSaved` in
//! `public/boot.js`). A file that loads replaces its copy unless it skipped
//! more entries than the copy did; a file that cannot be loaded (offline, an
//! error status, not usable GeoJSON) is replaced by its copy, and the status
//! line says how old that is ("… saved 3 days ago").
//!
//! Without `learnmapSaved` (the wasm tests' page) or Cache Storage (a
//! sandboxed or storage-blocked iframe), nothing is kept and nothing found.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Calls `learnmapSaved[method](...args)` and waits for its promise.
async fn call(method: &str, args: &[JsValue]) -> Option<JsValue> {
    let saved = js_sys::Reflect::get(&js_sys::global(), &"learnmapSaved".into()).ok()?;
    let f: js_sys::Function = js_sys::Reflect::get(&saved, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise = f
        .apply(&saved, &args.iter().collect::<js_sys::Array>())
        .ok()?;
    JsFuture::from(js_sys::Promise::resolve(&promise))
        .await
        .ok()
}

/// The saved copy of `url`: its bytes, and when it was saved (ms since 1970).
pub async fn get(url: &str) -> Option<(Vec<u8>, f64)> {
    let copy = call("get", &[url.into()]).await?;
    if copy.is_null() || copy.is_undefined() {
        return None;
    }
    let bytes = js_sys::Reflect::get(&copy, &"bytes".into()).ok()?;
    let saved_at = js_sys::Reflect::get(&copy, &"savedAt".into())
        .ok()?
        .as_f64()?;
    Some((js_sys::Uint8Array::new(&bytes).to_vec(), saved_at))
}

/// Offers the bytes of `url`, which loaded skipping `skipped` entries, as
/// its new copy (in the background).
pub fn keep(url: &str, bytes: &[u8], skipped: usize) {
    let args = [
        JsValue::from(url),
        js_sys::Uint8Array::from(bytes).into(),
        JsValue::from(skipped as f64),
    ];
    wasm_bindgen_futures::spawn_local(async move {
        let _ = call("keep", &args).await;
    });
}

/// The status line's sentence for a copy saved at `saved_at`, in the
/// interface language `lang` (the texts are in `public/locales/*/boot.json`).
pub async fn note(saved_at: f64, lang: &str) -> Option<String> {
    call("note", &[saved_at.into(), lang.into()])
        .await?
        .as_string()
}
