//! From the view in the address to a query of the core.

use crate::url_state::ViewState;
use chrono::NaiveDateTime;
use learnmap_core::{Filter, LearningSpace, LonLat};

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
    view.filter_params().filter(now)
}

pub use learnmap_core::params::local_datetime;

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
