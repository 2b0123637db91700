//! Facet counts for the filter chips ("Digital (12)").

use crate::vocab::{AgeGroup, Audience, LearningArea, PlaceType};

/// How many places each chip would show.
///
/// Semantics (the usual faceted search): the count for a value of one
/// dimension (a learning area, an age group, an audience, a place type) is
/// the number of places that match the filter **with that dimension's own
/// constraint replaced by that one value**, all other constraints kept. So
/// with "Digital" chosen, "Health (7)" says how many places choosing only
/// Health would show, and the counts do not collapse to zero for the
/// values not chosen. For age groups the filter's age range is replaced by
/// the group's range ([`AgeGroup::range`]), and only places that serve it
/// (by stated or typical ages) count: not those that do not say. `free` and `wheelchair` count
/// the places matching the filter with that toggle switched on, and `open`
/// those open at the time the "open now" chip would ask for (see
/// [`crate::SpaceIndex::facets`]). `total` is the number of places matching
/// the filter itself.
///
/// Every vocabulary value is listed, in schema order, zeros included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// Places matching the filter.
    pub total: usize,
    /// Per learning area.
    pub learning_areas: Vec<(LearningArea, usize)>,
    /// Per age group.
    pub age_groups: Vec<(AgeGroup, usize)>,
    /// Per audience.
    pub audiences: Vec<(Audience, usize)>,
    /// Per place type.
    pub place_types: Vec<(PlaceType, usize)>,
    /// Matching places that are free.
    pub free: usize,
    /// Matching places with full wheelchair access.
    pub wheelchair: usize,
    /// Matching places open at the time asked for (0 when none was).
    pub open: usize,
    /// Places that do not say which ages they serve (nor does their place
    /// type imply them) and match every other constraint of the filter:
    /// with an age filter, those kept apart from the results unless the
    /// filter asks for them too (`Filter::unstated_ages`).
    pub unstated_ages: usize,
}

impl Facets {
    /// The count for one learning area.
    pub fn learning_area(&self, area: LearningArea) -> usize {
        lookup(&self.learning_areas, area)
    }
    /// The count for one age group.
    pub fn age_group(&self, group: AgeGroup) -> usize {
        lookup(&self.age_groups, group)
    }
    /// The count for one audience.
    pub fn audience(&self, audience: Audience) -> usize {
        lookup(&self.audiences, audience)
    }
    /// The count for one place type.
    pub fn place_type(&self, place_type: PlaceType) -> usize {
        lookup(&self.place_types, place_type)
    }
}

fn lookup<T: PartialEq>(list: &[(T, usize)], value: T) -> usize {
    list.iter()
        .find(|(v, _)| *v == value)
        .map_or(0, |(_, n)| *n)
}
