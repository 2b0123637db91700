//! The controlled vocabularies of the learning-space schema (`data/README.md`).
//!
//! Each vocabulary is a small enum with a stable snake_case spelling, and
//! [`EnumSet`] stores any subset of one in a single integer.

use std::fmt;
use std::marker::PhantomData;

/// A vocabulary: a closed list of values with stable spellings.
pub trait Vocabulary: Copy + Eq + fmt::Debug + 'static {
    /// Every value, in schema order.
    const ALL: &'static [Self];
    /// What the schema calls this vocabulary (used in messages).
    const FIELD: &'static str;
    /// The spelling used in data files.
    fn as_str(self) -> &'static str;
    /// The position of this value in [`Vocabulary::ALL`].
    fn index(self) -> usize;
    /// Parses the exact spelling used in data files.
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == s)
    }
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* #[doc = concat!("`", $text, "`")] $variant),+
        }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            const FIELD: &'static str = $field;
            fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
            fn index(self) -> usize {
                self as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// What kind of place offers the learning.
    PlaceType, "place_type" {
        Library = "library",
        CommunityCentre = "community_centre",
        AdultEducation = "adult_education",
        School = "school",
        College = "college",
        University = "university",
        Kindergarten = "kindergarten",
        TrainingCentre = "training_centre",
        LanguageSchool = "language_school",
        MusicSchool = "music_school",
        Makerspace = "makerspace",
        Museum = "museum",
        Workplace = "workplace",
        Online = "online",
        Other = "other",
    }
);

vocabulary!(
    /// A stage of life, from early childhood to the elderly.
    AgeGroup, "age_groups" {
        /// 0–5 years.
        EarlyYears = "early_years",
        /// 6–11 years.
        Children = "children",
        /// 12–17 years.
        Youth = "youth",
        /// 18–24 years.
        YoungAdults = "young_adults",
        /// 25–64 years.
        Adults = "adults",
        /// 65 years and over.
        Seniors = "seniors",
    }
);

impl AgeGroup {
    /// The inclusive age range of the group, in years.
    pub fn range(self) -> (u8, u8) {
        match self {
            AgeGroup::EarlyYears => (0, 5),
            AgeGroup::Children => (6, 11),
            AgeGroup::Youth => (12, 17),
            AgeGroup::YoungAdults => (18, 24),
            AgeGroup::Adults => (25, 64),
            AgeGroup::Seniors => (65, MAX_AGE),
        }
    }

    /// The groups whose ranges overlap `min..=max`.
    pub fn overlapping(min: u8, max: u8) -> EnumSet<AgeGroup> {
        AgeGroup::ALL
            .iter()
            .copied()
            .filter(|g| {
                let (lo, hi) = g.range();
                lo <= max && min <= hi
            })
            .collect()
    }
}

/// The oldest age the schema accepts.
pub const MAX_AGE: u8 = 120;

vocabulary!(
    /// What is learnt. UNESCO's five priority areas for learning cities come first.
    LearningArea, "learning_areas" {
        SustainableDevelopment = "sustainable_development",
        Health = "health",
        JobsSkills = "jobs_skills",
        Digital = "digital",
        GlobalCitizenship = "global_citizenship",
        Literacy = "literacy",
        FormalEducation = "formal_education",
        FamilyCommunity = "family_community",
        Languages = "languages",
        ArtsCulture = "arts_culture",
    }
);

vocabulary!(
    /// People a place gives special support to.
    Audience, "audiences" {
        Families = "families",
        Newcomers = "newcomers",
        SpecialNeeds = "special_needs",
        Jobseekers = "jobseekers",
        LowIncome = "low_income",
    }
);

vocabulary!(
    /// How the learning is delivered.
    Delivery, "delivery" {
        InPerson = "in_person",
        Online = "online",
        Hybrid = "hybrid",
        Outreach = "outreach",
    }
);

vocabulary!(
    /// Wheelchair access, as OpenStreetMap's `wheelchair` tag.
    Wheelchair, "wheelchair" {
        Yes = "yes",
        Limited = "limited",
        No = "no",
    }
);

vocabulary!(
    /// Whether learning there costs money.
    Fee, "fee" {
        Free = "free",
        Paid = "paid",
        Varies = "varies",
    }
);

vocabulary!(
    /// Whether the place is running.
    Status, "status" {
        Active = "active",
        TemporarilyClosed = "temporarily_closed",
    }
);

/// A subset of a [`Vocabulary`], stored as bits.
///
/// ```
/// use learnmap_core::{EnumSet, LearningArea};
/// let set: EnumSet<LearningArea> = [LearningArea::Digital, LearningArea::Health].into_iter().collect();
/// assert!(set.contains(LearningArea::Digital));
/// assert_eq!(set.len(), 2);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnumSet<T> {
    bits: u32,
    _kind: PhantomData<T>,
}

impl<T: Vocabulary> EnumSet<T> {
    /// The empty set.
    pub const fn empty() -> Self {
        EnumSet {
            bits: 0,
            _kind: PhantomData,
        }
    }
    /// Adds a value.
    pub fn insert(&mut self, value: T) {
        self.bits |= 1 << value.index();
    }
    /// Whether the set holds `value`.
    pub fn contains(&self, value: T) -> bool {
        self.bits & (1 << value.index()) != 0
    }
    /// Whether the two sets share a value.
    pub fn intersects(&self, other: &Self) -> bool {
        self.bits & other.bits != 0
    }
    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits == 0
    }
    /// How many values the set holds.
    pub fn len(&self) -> usize {
        self.bits.count_ones() as usize
    }
    /// The values, in schema order.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        T::ALL.iter().copied().filter(|v| self.contains(*v))
    }
}

impl<T: Vocabulary> Default for EnumSet<T> {
    fn default() -> Self {
        Self::empty()
    }
}

impl<T: Vocabulary> FromIterator<T> for EnumSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Self::empty();
        for v in iter {
            set.insert(v);
        }
        set
    }
}

impl<T: Vocabulary> fmt::Debug for EnumSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for t in PlaceType::ALL {
            assert_eq!(PlaceType::parse(t.as_str()), Some(*t));
        }
        for a in LearningArea::ALL {
            assert_eq!(LearningArea::parse(a.as_str()), Some(*a));
        }
        assert_eq!(PlaceType::parse("Library"), None);
    }

    #[test]
    fn age_groups_cover_every_age_once() {
        for age in 0..=MAX_AGE {
            let groups = AgeGroup::overlapping(age, age);
            assert_eq!(groups.len(), 1, "age {age} is in {groups:?}");
        }
    }

    #[test]
    fn overlapping_groups_of_a_range() {
        let groups = AgeGroup::overlapping(8, 14);
        assert_eq!(
            groups.iter().collect::<Vec<_>>(),
            vec![AgeGroup::Children, AgeGroup::Youth]
        );
    }
}
