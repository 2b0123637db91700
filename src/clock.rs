//! The user's local wall-clock time, for "open now".

use chrono::{NaiveDate, NaiveDateTime};

/// Now, in the browser's local time zone (the city's, for a resident).
pub fn local_now() -> NaiveDateTime {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .and_then(|day| day.and_hms_opt(d.get_hours(), d.get_minutes(), d.get_seconds()))
        .unwrap_or_default()
}
