//! From the view in the address to a query of the core.

use crate::url_state::{OpenWhen, ViewState};
use chrono::NaiveDateTime;
use learnmap_core::{age_range_of, Filter, LearningSpace, LonLat};

/// The core filter for a view, with `now` as the local time for `open=now`.
///
/// Age groups combine into the range from the youngest to the oldest group
/// chosen; an exact age narrows that further.
///
/// ```
/// use learnmap::{query::filter_of, url_state::ViewState};
/// let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
/// let f = filter_of(&ViewState::from_query("age=8&area=digital&open=now&free=1"), now);
/// assert_eq!(f.ages, Some((8, 8)));
/// assert_eq!(f.open_at, Some(now));
/// assert!(f.free && f.learning_areas.len() == 1);
/// ```
pub fn filter_of(view: &ViewState, now: NaiveDateTime) -> Filter {
    let ages = match (view.age, view.ages.is_empty()) {
        (Some(age), _) => Some((age, age)),
        (None, false) => Some(age_range_of(view.ages)),
        (None, true) => None,
    };
    Filter {
        ages,
        unstated_ages: view.unstated,
        learning_areas: view.areas,
        audiences: view.audiences,
        place_types: view.types,
        open_at: match &view.open {
            None => None,
            Some(OpenWhen::Now) => Some(now),
            Some(OpenWhen::At(when)) => local_datetime(when),
        },
        free: view.free,
        wheelchair: view.wheelchair,
        language: view.speaks.clone(),
        text: view.q.clone(),
    }
}

/// Reads `YYYY-MM-DDTHH:MM` (the form `open=` takes), if it is a real date and time.
///
/// ```
/// use learnmap::query::local_datetime;
/// assert_eq!(local_datetime("2026-11-23T09:30").unwrap().to_string(), "2026-11-23 09:30:00");
/// assert!(local_datetime("2026-02-30T09:30").is_none() && local_datetime("2026-11-23 09:30").is_none());
/// ```
pub fn local_datetime(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?.and_hms_opt(
        num(11..13)?,
        num(14..16)?,
        0,
    )
}

/// The middle of the data: the median longitude and latitude (robust to a
/// few far-away places), or Hamburg for empty data.
pub fn centre_of(spaces: &[LearningSpace]) -> LonLat {
    let points: Vec<LonLat> = spaces.iter().map(|s| s.position).collect();
    learnmap_core::geo::median_centre(&points).unwrap_or(LonLat {
        lon: 10.0,
        lat: 53.55,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    #[test]
    fn age_groups_become_a_range() {
        let f = filter_of(&ViewState::from_query("ages=children,youth"), now());
        assert_eq!(f.ages, Some((6, 17)));
        let f = filter_of(&ViewState::from_query("ages=seniors&age=70"), now());
        assert_eq!(f.ages, Some((70, 70)));
        assert!(filter_of(&ViewState::default(), now()).is_empty());
    }

    #[test]
    fn open_at_a_given_time() {
        let f = filter_of(&ViewState::from_query("open=2026-12-24T18:30"), now());
        assert_eq!(f.open_at.unwrap().to_string(), "2026-12-24 18:30:00");
    }

    #[test]
    fn centre_is_the_median() {
        let data = learnmap_core::load(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[10,53]},"properties":{"id":"a","name":"A"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[11,54]},"properties":{"id":"b","name":"B"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[170,-40]},"properties":{"id":"c","name":"C"}}]}"#,
        )
        .unwrap();
        assert_eq!(
            centre_of(&data.spaces),
            LonLat {
                lon: 11.0,
                lat: 53.0
            }
        );
    }
}
