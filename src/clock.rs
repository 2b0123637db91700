//! The user's local wall-clock time, for "open now".

use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use std::time::Duration;

/// Now, in the browser's local time zone (the city's, for a resident), to the
/// minute: opening hours go by minutes.
pub fn local_now() -> NaiveDateTime {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .and_then(|day| day.and_hms_opt(d.get_hours(), d.get_minutes(), 0))
        .unwrap_or_default()
}

/// How often the clock looks at the time; it changes its signal only when
/// the minute has.
const TICK: Duration = Duration::from_secs(10);

/// A signal of [`local_now`] that follows the time, changing once a minute
/// (and only then), so "open now" and the opening states shown stay current
/// while the page is open, and reading it does not make every reader new.
///
/// The timer stops when the reactive owner that made the clock is cleaned up.
pub fn minute_clock() -> RwSignal<NaiveDateTime> {
    let now = RwSignal::new(local_now());
    if let Ok(timer) = set_interval_with_handle(
        move || {
            let minute = local_now();
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
