//! The city's wall-clock time, for "open now" and events: the local time in
//! the data's time zone (`config.json` `time_zone`), wherever the resident
//! is. The browser's `Intl.DateTimeFormat` knows the time zones, so the app
//! carries no time zone database; the core takes local times.

use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type ZoneFormat;
    // `catch`: an unknown time zone throws a RangeError
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn new(locales: &str, options: &JsValue) -> Result<ZoneFormat, JsValue>;
    #[wasm_bindgen(method, js_name = formatToParts)]
    fn format_to_parts(this: &ZoneFormat, date: &js_sys::Date) -> js_sys::Array;
}

thread_local! {
    /// The formatter of the last zone asked for (making one costs the
    /// browser far more than using it, and the clock asks every 10 s).
    static FORMAT: std::cell::RefCell<Option<(String, ZoneFormat)>> =
        const { std::cell::RefCell::new(None) };
}

/// A formatter giving the date and the time to the minute in `zone`, as
/// numbers; `None` when the browser does not know the zone. (public/boot.js
/// makes one with the same options while the app downloads: keep them alike.)
fn zone_format(zone: &str) -> Option<ZoneFormat> {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
    ] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    // en-US: Latin digits and the Gregorian calendar whatever the viewer's locale
    ZoneFormat::new("en-US", &options).ok()
}

/// Whether the browser knows `zone` as a time zone (an IANA name).
pub fn zone_known(zone: &str) -> bool {
    zone_format(zone).is_some()
}

/// `date` as the local date and time to the minute in `zone`, if the browser
/// knows the zone.
pub fn local_time_in(zone: &str, date: &js_sys::Date) -> Option<NaiveDateTime> {
    FORMAT.with_borrow_mut(|cached| {
        if cached.as_ref().is_none_or(|(z, _)| z != zone) {
            *cached = Some((zone.to_owned(), zone_format(zone)?));
        }
        let (_, format) = cached.as_ref()?;
        let (mut year, mut month, mut day, mut hour, mut minute) = (None, None, None, None, None);
        for part in format.format_to_parts(date).iter() {
            let kind = js_sys::Reflect::get(&part, &"type".into())
                .ok()?
                .as_string();
            let value = js_sys::Reflect::get(&part, &"value".into())
                .ok()?
                .as_string();
            let number = value.and_then(|v| v.parse::<u32>().ok());
            match kind.as_deref() {
                Some("year") => year = number,
                Some("month") => month = number,
                Some("day") => day = number,
                Some("hour") => hour = number,
                Some("minute") => minute = number,
                _ => {}
            }
        }
        NaiveDate::from_ymd_opt(i32::try_from(year?).ok()?, month?, day?)?
            // some engines write midnight as 24 even with h23
            .and_hms_opt(hour? % 24, minute?, 0)
    })
}

/// Now, in the browser's own time zone, to the minute.
pub fn viewer_now() -> NaiveDateTime {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .and_then(|day| day.and_hms_opt(d.get_hours(), d.get_minutes(), 0))
        .unwrap_or_default()
}

/// Now, to the minute (opening hours go by minutes), as the local time in
/// `zone` (the places' time zone); in the viewer's own zone when there is
/// none or the browser does not know it.
pub fn now_in(zone: Option<&str>) -> NaiveDateTime {
    zone.and_then(|z| local_time_in(z, &js_sys::Date::new_0()))
        .unwrap_or_else(viewer_now)
}

/// How often the clock looks at the time; it changes its signal only when
/// the minute has.
const TICK: Duration = Duration::from_secs(10);

/// A signal of [`now_in`] `zone` that follows the time, changing once a
/// minute (and only then), so "open now" and the opening states shown stay
/// current while the page is open, and reading it does not make every
/// reader new.
///
/// The timer stops when the reactive owner that made the clock is cleaned up.
pub fn minute_clock(zone: Option<String>) -> RwSignal<NaiveDateTime> {
    let now = RwSignal::new(now_in(zone.as_deref()));
    if let Ok(timer) = set_interval_with_handle(
        move || {
            let minute = now_in(zone.as_deref());
            if now.get_untracked() != minute {
                now.set(minute);
            }
        },
        TICK,
    ) {
        on_cleanup(move || timer.clear());
    }
    now
}
