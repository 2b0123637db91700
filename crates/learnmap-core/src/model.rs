//! A learning space: one place (or online offer) where people can learn.

use crate::hours::OpeningHours;
use crate::vocab::{
    AgeGroup, Audience, Delivery, EnumSet, Fee, LearningArea, PlaceType, Status, Wheelchair,
    MAX_AGE,
};
use serde_json::{Map, Value};

/// A point on Earth in WGS84 degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LonLat {
    /// Longitude, -180..=180.
    pub lon: f64,
    /// Latitude, -90..=90.
    pub lat: f64,
}

/// One learning space, as the map shows it.
///
/// The fields the app filters and shows are typed; every property of the
/// source feature, known or not, stays in [`LearningSpace::properties`].
#[derive(Clone, Debug, PartialEq)]
pub struct LearningSpace {
    /// Unique and stable: deep links depend on it.
    pub id: String,
    /// The name in the data's main language.
    pub name: String,
    /// Where the place is.
    pub position: LonLat,
    /// What kind of place it is, when the data says.
    pub place_type: Option<PlaceType>,
    /// The youngest age served, in years.
    pub age_min: u8,
    /// The oldest age served, in years.
    pub age_max: u8,
    /// The stages of life served (derived from the age range when absent).
    pub age_groups: EnumSet<AgeGroup>,
    /// What can be learnt there.
    pub learning_areas: EnumSet<LearningArea>,
    /// People the place gives special support to.
    pub audiences: EnumSet<Audience>,
    /// How the learning is delivered, when the data says.
    pub delivery: Option<Delivery>,
    /// Wheelchair access, when the data says.
    pub wheelchair: Option<Wheelchair>,
    /// Whether it costs money, when the data says.
    pub fee: Option<Fee>,
    /// Whether it is running (absent means active).
    pub status: Option<Status>,
    /// Languages offered, as BCP-47 tags (`de`, `en`, `pt-BR`).
    pub languages: Vec<String>,
    /// Opening hours, when given and valid.
    pub opening_hours: Option<OpeningHours>,
    /// All properties of the source feature, including the ones above.
    pub properties: Map<String, Value>,
}

impl LearningSpace {
    /// A text property, if present and a string (`"description"`, `"addr:city"`, ...).
    pub fn text(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(Value::as_str)
    }

    /// The name in `lang` (`name:<lang>`) when the data has it, else the main name.
    pub fn name_in(&self, lang: &str) -> &str {
        self.text(&format!("name:{lang}")).unwrap_or(&self.name)
    }

    /// The `subjects`, the free tags of what one can learn there (`coding`,
    /// `repair_cafe`): a list of strings, or one string for one subject;
    /// blank ones and anything else left out.
    ///
    /// ```
    /// let data = learnmap_core::load(r#"{"type": "FeatureCollection", "features": [
    ///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10, 53]},
    ///    "properties": {"id": "a", "name": "A", "subjects": ["coding", " ", 3, "repair_cafe"]}},
    ///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10, 53]},
    ///    "properties": {"id": "b", "name": "B", "subjects": "chess"}}
    /// ]}"#).unwrap();
    /// assert_eq!(data.spaces[0].subjects().collect::<Vec<_>>(), ["coding", "repair_cafe"]);
    /// assert_eq!(data.spaces[1].subjects().collect::<Vec<_>>(), ["chess"]);
    /// ```
    pub fn subjects(&self) -> impl Iterator<Item = &str> {
        let (list, single) = match self.properties.get("subjects") {
            Some(Value::Array(items)) => (items.as_slice(), None),
            Some(Value::String(one)) => (&[][..], Some(one.as_str())),
            _ => (&[][..], None),
        };
        list.iter()
            .filter_map(Value::as_str)
            .chain(single)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// Whether someone aged between `min` and `max` (inclusive) is served.
    pub fn serves_ages(&self, min: u8, max: u8) -> bool {
        self.age_min <= max && min <= self.age_max
    }
}

/// The age range covered by a set of age groups, or everyone when empty.
pub fn age_range_of(groups: EnumSet<AgeGroup>) -> (u8, u8) {
    let mut iter = groups.iter();
    match iter.next() {
        None => (0, MAX_AGE),
        Some(first) => {
            let (mut lo, mut hi) = first.range();
            for g in iter {
                let (l, h) = g.range();
                lo = lo.min(l);
                hi = hi.max(h);
            }
            (lo, hi)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Vocabulary;

    #[test]
    fn range_of_groups() {
        let groups: EnumSet<AgeGroup> = [AgeGroup::Children, AgeGroup::Youth].into_iter().collect();
        assert_eq!(age_range_of(groups), (6, 17));
        assert_eq!(age_range_of(EnumSet::empty()), (0, MAX_AGE));
        let all: EnumSet<AgeGroup> = AgeGroup::ALL.iter().copied().collect();
        assert_eq!(age_range_of(all), (0, MAX_AGE));
    }
}
