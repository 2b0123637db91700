//! "Add to calendar": the event's iCalendar file, made by the core
//! ([`learnmap_core::ics`]) with the zone's offsets from the browser's
//! `Intl`, downloaded as `<id>.ics`.

use chrono::{DateTime, Duration, NaiveDateTime};
use learnmap_core::events::Event;
use learnmap_core::ics::{event_ics, file_name, IcsOptions, IcsZone};
use learnmap_core::LonLat;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type Blob;
    #[wasm_bindgen(constructor, js_class = "Blob")]
    fn new(parts: &js_sys::Array, options: &JsValue) -> Blob;
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL)]
    fn create_object_url(blob: &Blob) -> String;
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
    fn revoke_object_url(url: &str);
}

/// The UTC instant now, to the second.
fn utc_now() -> NaiveDateTime {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// Minutes east of UTC in `zone` at the UTC instant `t`, as the browser
/// tells (to the minute).
fn offset_in(zone: &str, t: NaiveDateTime) -> Option<i32> {
    let date = js_sys::Date::new(&JsValue::from_f64(t.and_utc().timestamp_millis() as f64));
    let local = crate::clock::local_time_in(zone, &date)?;
    i32::try_from((local - t).num_minutes()).ok()
}

/// The zone `name` over the event's sessions (at most two years of them).
fn zone_for(name: &str, e: &Event) -> Option<IcsZone> {
    let (first, last) = e.span();
    // local times are within a day of UTC
    let from = first - Duration::days(1);
    let to = last
        .unwrap_or(first + Duration::days(731))
        .min(first + Duration::days(731))
        + Duration::days(1);
    IcsZone::probe(name, from, to, |t| offset_in(name, t))
}

/// Downloads the event's calendar file. `zone` is the events' time zone
/// (none: floating local times); `location` and `at` say where.
pub fn download(
    e: &Event,
    lang: &str,
    zone: Option<&str>,
    location: Option<String>,
    at: Option<LonLat>,
) {
    let zone = zone.and_then(|z| zone_for(z, e));
    let host = window().location().host().unwrap_or_default();
    let text = event_ics(
        e,
        &IcsOptions {
            lang,
            zone: zone.as_ref(),
            location,
            position: at,
            stamp: utc_now(),
            host: &host,
        },
    );
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &options,
        &"type".into(),
        &"text/calendar;charset=utf-8".into(),
    );
    let url = create_object_url(&Blob::new(&parts, &options));
    let Ok(link) = document().create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", &url);
    let _ = link.set_attribute("download", &file_name(&e.id));
    if let Ok(link) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(link) {
        link.click();
    }
    // the download has its own copy once it started
    set_timeout(
        move || revoke_object_url(&url),
        std::time::Duration::from_secs(60),
    );
}
