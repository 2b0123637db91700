//! A learning space: one place (or online offer) where people can learn.
//!
//! Every property of the schema (`data/README.md`) is typed: the
//! vocabularies as enums and sets, ages as [`Ages`] (stated, typical for
//! the place type, or not stated), opening hours parsed, and the text
//! properties in one [`Texts`] block per place (all the place's text in one
//! allocation, with a 4-byte entry per value), read through typed keys
//! ([`Text`]). Nothing is stored twice. Properties outside the schema are
//! kept (as their JSON text) only with the `extras` feature, which the
//! stewards' tool uses to compare and round-trip them; the app leaves them
//! out.

use crate::hours::OpeningHours;
use crate::vocab::{
    AgeGroup, Audience, Delivery, EnumSet, Fee, LearningArea, PlaceType, Status, Wheelchair,
    MAX_AGE,
};

/// A point on Earth in WGS84 degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LonLat {
    /// Longitude, -180..=180.
    pub lon: f64,
    /// Latitude, -90..=90.
    pub lat: f64,
}

/// Which ages a place serves, and how we know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ages {
    /// The data says nothing about ages, and the place type implies no
    /// range: the place is **not** taken to serve every age.
    NotStated,
    /// The data gives no ages; this is the usual range of its place type
    /// ([`typical_ages`]), shown as such.
    Typical {
        /// The youngest age, in years.
        min: u8,
        /// The oldest age, in years.
        max: u8,
    },
    /// The data states the ages (`age_min`/`age_max` or `age_groups`).
    Stated {
        /// The youngest age, in years.
        min: u8,
        /// The oldest age, in years.
        max: u8,
    },
}

impl Ages {
    /// The range served, stated or typical; `None` when not stated.
    pub fn range(self) -> Option<(u8, u8)> {
        match self {
            Ages::NotStated => None,
            Ages::Typical { min, max } | Ages::Stated { min, max } => Some((min, max)),
        }
    }

    /// Whether someone aged between `min` and `max` (inclusive) is served;
    /// never for ages not stated.
    pub fn serve(self, min: u8, max: u8) -> bool {
        self.range().is_some_and(|(lo, hi)| lo <= max && min <= hi)
    }
}

/// The usual ages of a place type, where the type implies them (the table
/// in `data/README.md`, "Ages"): a kindergarten, a school, a college, a
/// university, adult education, a training centre, a workplace. Other
/// types (a library, a museum, a music school...) serve any age or some,
/// and imply nothing.
///
/// ```
/// use learnmap_core::{typical_ages, PlaceType};
/// assert_eq!(typical_ages(PlaceType::University), Some((18, 120)));
/// assert_eq!(typical_ages(PlaceType::Library), None);
/// ```
pub fn typical_ages(place_type: PlaceType) -> Option<(u8, u8)> {
    Some(match place_type {
        PlaceType::Kindergarten => (0, 6),
        PlaceType::School => (6, 18),
        PlaceType::College | PlaceType::TrainingCentre | PlaceType::Workplace => (16, MAX_AGE),
        PlaceType::University | PlaceType::AdultEducation => (18, MAX_AGE),
        _ => return None,
    })
}

/// The text properties of the schema, as typed keys into a place's [`Texts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Text {
    /// `id` (always there: the loader gives `#<index>` when missing).
    Id,
    /// `name` (always there).
    Name,
    /// `description`.
    Description,
    /// `opening_hours_note`.
    OpeningHoursNote,
    /// `fee_note`.
    FeeNote,
    /// `addr:street`.
    Street,
    /// `addr:housenumber`.
    HouseNumber,
    /// `addr:postcode`.
    Postcode,
    /// `addr:city`.
    City,
    /// `addr:suburb`.
    Suburb,
    /// `addr:district`.
    District,
    /// `phone`.
    Phone,
    /// `email`.
    Email,
    /// `website`.
    Website,
    /// `booking_url`.
    BookingUrl,
    /// `operator`.
    Operator,
    /// `last_verified`.
    LastVerified,
    /// `source`.
    Source,
}

impl Text {
    /// Every text property, in schema order.
    pub const ALL: [Text; 18] = [
        Text::Id,
        Text::Name,
        Text::Description,
        Text::OpeningHoursNote,
        Text::FeeNote,
        Text::Street,
        Text::HouseNumber,
        Text::Postcode,
        Text::City,
        Text::Suburb,
        Text::District,
        Text::Phone,
        Text::Email,
        Text::Website,
        Text::BookingUrl,
        Text::Operator,
        Text::LastVerified,
        Text::Source,
    ];

    /// The property's key in data files.
    pub fn key(self) -> &'static str {
        match self {
            Text::Id => "id",
            Text::Name => "name",
            Text::Description => "description",
            Text::OpeningHoursNote => "opening_hours_note",
            Text::FeeNote => "fee_note",
            Text::Street => "addr:street",
            Text::HouseNumber => "addr:housenumber",
            Text::Postcode => "addr:postcode",
            Text::City => "addr:city",
            Text::Suburb => "addr:suburb",
            Text::District => "addr:district",
            Text::Phone => "phone",
            Text::Email => "email",
            Text::Website => "website",
            Text::BookingUrl => "booking_url",
            Text::Operator => "operator",
            Text::LastVerified => "last_verified",
            Text::Source => "source",
        }
    }

    /// The text property with this key.
    pub fn from_key(key: &str) -> Option<Text> {
        Text::ALL.iter().copied().find(|t| t.key() == key)
    }
}

/// What an entry of [`Texts`] holds: a [`Text`] (its discriminant), or one of these.
pub(crate) mod kind {
    /// The language of the entry after it (`name:<lang>`, `description:<lang>`),
    /// or the key of a property outside the schema.
    pub const KEY: u8 = 40;
    /// `name:<lang>` (after its `KEY`).
    pub const NAME_IN: u8 = 41;
    /// `description:<lang>` (after its `KEY`).
    pub const DESCRIPTION_IN: u8 = 42;
    /// One of the `subjects`.
    pub const SUBJECT: u8 = 43;
    /// One of the `languages` (a valid tag).
    pub const LANGUAGE: u8 = 44;
    /// `opening_hours` the map does not understand (valid hours live in
    /// [`crate::OpeningHours`]).
    pub const HOURS_TEXT: u8 = 45;
    /// A string property outside the schema (after its `KEY`).
    pub const EXTRA_STRING: u8 = 46;
    /// Any other property outside the schema, as its JSON text (after its `KEY`).
    pub const EXTRA_JSON: u8 = 47;
}

/// Entry ends are 24 bits: a place's text is at most 16 MiB.
pub(crate) const MAX_TEXT: usize = (1 << 24) - 1;

/// All the text of one place: one string, and per value a 4-byte entry
/// (its kind and where it ends). Read through [`LearningSpace::text`] and
/// the other accessors.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Texts {
    all: Box<str>,
    entries: Box<[u32]>,
}

impl Texts {
    /// Every entry, in order: its kind and its text.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u8, &str)> + '_ {
        let mut start = 0;
        self.entries.iter().map(move |&e| {
            let end = (e & 0xff_ffff) as usize;
            let text = &self.all[start..end];
            start = end;
            ((e >> 24) as u8, text)
        })
    }

    /// The entry at position `i`.
    fn at(&self, i: usize) -> &str {
        let start = match i {
            0 => 0,
            i => (self.entries[i - 1] & 0xff_ffff) as usize,
        };
        &self.all[start..(self.entries[i] & 0xff_ffff) as usize]
    }

    /// The first entry of this kind.
    fn first(&self, wanted: u8) -> Option<&str> {
        self.iter().find(|(k, _)| *k == wanted).map(|(_, t)| t)
    }

    /// Pairs of a `KEY` entry and the entry of kind `wanted` after it.
    fn keyed(&self, wanted: &[u8]) -> impl Iterator<Item = (&str, u8, &str)> + '_ {
        let mut key = "";
        let wanted: Vec<u8> = wanted.to_vec();
        self.iter().filter_map(move |(k, text)| {
            if k == kind::KEY {
                key = text;
                None
            } else if wanted.contains(&k) {
                Some((key, k, text))
            } else {
                None
            }
        })
    }

    /// Bytes of text.
    pub fn text_bytes(&self) -> usize {
        self.all.len()
    }

    /// Bytes of the entries (what the text costs beyond itself).
    pub fn entry_bytes(&self) -> usize {
        self.entries.len() * 4
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Builds [`Texts`]; reused from place to place, so only the finished
/// block is allocated.
#[derive(Default)]
pub(crate) struct TextsBuilder {
    all: String,
    entries: Vec<u32>,
}

impl TextsBuilder {
    /// Starts a place's text with its id and name.
    pub fn start(&mut self, id: &str, name: &str) {
        self.all.clear();
        self.entries.clear();
        self.push(Text::Id as u8, id);
        self.push(Text::Name as u8, name);
    }

    /// Adds an entry (see [`kind`]).
    pub fn push(&mut self, kind: u8, text: &str) {
        self.all.push_str(text);
        self.entries
            .push(u32::from(kind) << 24 | (self.all.len().min(MAX_TEXT) as u32));
    }

    /// How long the text is so far.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// Replaces the id (the first entry), e.g. `a~3` for a repeated id.
    pub fn finish_with_id(&self, id: Option<&str>) -> Texts {
        match id {
            None => Texts {
                all: self.all.as_str().into(),
                entries: self.entries.as_slice().into(),
            },
            Some(id) => {
                let old = (self.entries[0] & 0xff_ffff) as usize;
                let mut all = String::with_capacity(self.all.len() - old + id.len());
                all.push_str(id);
                all.push_str(&self.all[old..]);
                let shift = id.len() as i64 - old as i64;
                let entries: Vec<u32> = self
                    .entries
                    .iter()
                    .map(|&e| {
                        let end = ((e & 0xff_ffff) as i64 + shift) as u32;
                        (e & 0xff00_0000) | end.min(MAX_TEXT as u32)
                    })
                    .collect();
                Texts {
                    all: all.into(),
                    entries: entries.into(),
                }
            }
        }
    }
}

/// A property outside the schema, as kept with the `extras` feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra<'a> {
    /// A string value (decoded).
    String(&'a str),
    /// Any other value, as its JSON text in the file.
    Json(&'a str),
}

/// One learning space, as the map shows it: every schema property typed.
#[derive(Clone, Debug, PartialEq)]
pub struct LearningSpace {
    /// Where the place is.
    pub position: LonLat,
    /// The text properties (read with [`LearningSpace::text`] and the
    /// other accessors).
    pub texts: Texts,
    /// Opening hours, when given and valid (invalid ones are reported and
    /// kept as text: [`LearningSpace::opening_hours_text`]).
    pub opening_hours: Option<OpeningHours>,
    /// The ages served: stated, typical for the place type, or not stated.
    pub ages: Ages,
    /// The stages of life served: as stated, else those of the stated or
    /// typical ages; empty when ages are not stated.
    pub age_groups: EnumSet<AgeGroup>,
    /// What can be learnt there (empty: not stated).
    pub learning_areas: EnumSet<LearningArea>,
    /// People the place gives special support to.
    pub audiences: EnumSet<Audience>,
    /// What kind of place it is, when the data says.
    pub place_type: Option<PlaceType>,
    /// How the learning is delivered, when the data says.
    pub delivery: Option<Delivery>,
    /// Wheelchair access, when the data says (`None`: not stated).
    pub wheelchair: Option<Wheelchair>,
    /// Whether it costs money, when the data says (`None`: not stated).
    pub fee: Option<Fee>,
    /// Whether it is running (absent means active).
    pub status: Option<Status>,
}

impl LearningSpace {
    /// Unique and stable: deep links depend on it.
    pub fn id(&self) -> &str {
        self.texts.at(0)
    }

    /// The name in the data's main language.
    pub fn name(&self) -> &str {
        self.texts.at(1)
    }

    /// A text property, when given (`Text::Description`, `Text::City`, ...).
    pub fn text(&self, key: Text) -> Option<&str> {
        match key {
            Text::Id => Some(self.id()),
            Text::Name => Some(self.name()),
            key => self.texts.first(key as u8),
        }
    }

    /// The name in `lang` (`name:<lang>`) when the data has it, else the main name.
    pub fn name_in(&self, lang: &str) -> &str {
        self.localized(kind::NAME_IN, lang)
            .unwrap_or_else(|| self.name())
    }

    /// The description in `lang` (`description:<lang>`) when the data has
    /// it, else the main description.
    pub fn description_in(&self, lang: &str) -> Option<&str> {
        self.localized(kind::DESCRIPTION_IN, lang)
            .or_else(|| self.text(Text::Description))
    }

    fn localized(&self, wanted: u8, lang: &str) -> Option<&str> {
        self.texts
            .keyed(&[wanted])
            .find(|(key, _, _)| *key == lang)
            .map(|(_, _, text)| text)
    }

    /// The names in other languages, `(lang, name)`, in file order.
    pub fn names(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.texts
            .keyed(&[kind::NAME_IN])
            .map(|(lang, _, text)| (lang, text))
    }

    /// The descriptions in other languages, `(lang, description)`, in file order.
    pub fn descriptions(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.texts
            .keyed(&[kind::DESCRIPTION_IN])
            .map(|(lang, _, text)| (lang, text))
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
    pub fn subjects(&self) -> impl Iterator<Item = &str> + '_ {
        self.texts
            .iter()
            .filter(|(k, _)| *k == kind::SUBJECT)
            .map(|(_, t)| t)
    }

    /// The languages offered, as BCP-47 tags (`de`, `en`, `pt-BR`); none
    /// when not stated.
    pub fn languages(&self) -> impl Iterator<Item = &str> + '_ {
        self.texts
            .iter()
            .filter(|(k, _)| *k == kind::LANGUAGE)
            .map(|(_, t)| t)
    }

    /// The `opening_hours` text as given, valid or not.
    pub fn opening_hours_text(&self) -> Option<&str> {
        match &self.opening_hours {
            Some(hours) => Some(hours.source()),
            None => self.texts.first(kind::HOURS_TEXT),
        }
    }

    /// The properties outside the schema, `(key, value)`, in file order
    /// (kept only with the `extras` feature; the app leaves them out).
    pub fn extras(&self) -> impl Iterator<Item = (&str, Extra<'_>)> + '_ {
        self.texts
            .keyed(&[kind::EXTRA_STRING, kind::EXTRA_JSON])
            .map(|(key, k, text)| {
                let value = if k == kind::EXTRA_STRING {
                    Extra::String(text)
                } else {
                    Extra::Json(text)
                };
                (key, value)
            })
    }

    /// A string property by its key in the file: a text property, a
    /// vocabulary value as written (`"library"`), `name:<lang>`,
    /// `description:<lang>`, `opening_hours`, or a string outside the
    /// schema (with `extras`). For tools and tests; the app reads typed.
    pub fn property_text(&self, key: &str) -> Option<&str> {
        use crate::vocab::Vocabulary;
        if let Some(text) = Text::from_key(key) {
            return self.text(text);
        }
        if let Some(lang) = key.strip_prefix("name:") {
            return self.localized(kind::NAME_IN, lang);
        }
        if let Some(lang) = key.strip_prefix("description:") {
            return self.localized(kind::DESCRIPTION_IN, lang);
        }
        match key {
            "opening_hours" => self.opening_hours_text(),
            "place_type" => self.place_type.map(PlaceType::as_str),
            "delivery" => self.delivery.map(Delivery::as_str),
            "wheelchair" => self.wheelchair.map(Wheelchair::as_str),
            "fee" => self.fee.map(Fee::as_str),
            "status" => self.status.map(Status::as_str),
            _ => self.extras().find_map(|(k, v)| match v {
                Extra::String(s) if k == key => Some(s),
                _ => None,
            }),
        }
    }

    /// Whether someone aged between `min` and `max` (inclusive) is served:
    /// by the stated or typical ages; never when ages are not stated.
    pub fn serves_ages(&self, min: u8, max: u8) -> bool {
        self.ages.serve(min, max)
    }

    /// The same place under another id (the other texts unchanged).
    pub fn with_id(&self, id: &str) -> LearningSpace {
        let mut b = TextsBuilder::default();
        b.start(id, self.name());
        for (k, text) in self.texts.iter().skip(2) {
            b.push(k, text);
        }
        LearningSpace {
            texts: b.finish_with_id(None),
            ..self.clone()
        }
    }

    /// The place's properties as a GeoJSON `properties` object, as the
    /// model holds them: the schema properties it read (normalised: lists
    /// as arrays, ages and groups as derived; typical ages are not written)
    /// and, with the `extras` feature, every other property as given. For
    /// the stewards' tool (compare, count, write back).
    #[cfg(feature = "extras")]
    pub fn to_properties(&self) -> serde_json::Map<String, serde_json::Value> {
        use crate::vocab::Vocabulary;
        use serde_json::Value;
        fn list<'a>(items: impl Iterator<Item = &'a str>) -> Option<Value> {
            let items: Vec<Value> = items.map(|s| Value::String(s.to_owned())).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        fn set<T: Vocabulary>(set: EnumSet<T>) -> Option<Value> {
            list(set.iter().map(T::as_str))
        }
        let mut out = serde_json::Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(v) = value {
                out.insert(key.to_owned(), v);
            }
        };
        for key in Text::ALL {
            put(
                key.key(),
                self.text(key).map(|t| Value::String(t.to_owned())),
            );
        }
        for (lang, name) in self.names() {
            put(
                &format!("name:{lang}"),
                Some(Value::String(name.to_owned())),
            );
        }
        for (lang, text) in self.descriptions() {
            put(
                &format!("description:{lang}"),
                Some(Value::String(text.to_owned())),
            );
        }
        put("place_type", self.place_type.map(|v| v.as_str().into()));
        if let Ages::Stated { min, max } = self.ages {
            put("age_min", Some(min.into()));
            put("age_max", Some(max.into()));
            put("age_groups", set(self.age_groups));
        }
        put("learning_areas", set(self.learning_areas));
        put("audiences", set(self.audiences));
        put("subjects", list(self.subjects()));
        put("delivery", self.delivery.map(|v| v.as_str().into()));
        put(
            "opening_hours",
            self.opening_hours_text().map(|t| t.to_owned().into()),
        );
        put("wheelchair", self.wheelchair.map(|v| v.as_str().into()));
        put("languages", list(self.languages()));
        put("fee", self.fee.map(|v| v.as_str().into()));
        put("status", self.status.map(|v| v.as_str().into()));
        for (key, extra) in self.extras() {
            let value = match extra {
                Extra::String(s) => Value::String(s.to_owned()),
                Extra::Json(raw) => serde_json::from_str(raw).unwrap_or(Value::Null),
            };
            // a value the model could not read, beside none it could
            out.entry(key.to_owned()).or_insert(value);
        }
        out
    }

    /// Bytes of text this place holds (its [`Texts`]).
    pub fn text_bytes(&self) -> usize {
        self.texts.text_bytes()
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

/// Places by id: for features that refer to places (events, links), and
/// the app's `sel=`. 4 bytes a place (indices sorted by id; no copy of the
/// ids), built once per dataset.
///
/// ```
/// let data = learnmap_core::load(r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10, 53]}, "properties": {"id": "b", "name": "B"}},
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10, 53]}, "properties": {"id": "a", "name": "A"}}
/// ]}"#).unwrap();
/// let ids = learnmap_core::PlaceIds::new(&data.spaces);
/// assert_eq!(ids.find(&data.spaces, "a"), Some(1));
/// assert_eq!(ids.find(&data.spaces, "c"), None);
/// ```
#[derive(Clone, Debug, Default)]
pub struct PlaceIds {
    by_id: Vec<u32>,
}

impl PlaceIds {
    /// Sorts the places' indices by id.
    pub fn new(spaces: &[LearningSpace]) -> Self {
        let mut by_id: Vec<u32> = (0..spaces.len() as u32).collect();
        by_id.sort_unstable_by(|&a, &b| spaces[a as usize].id().cmp(spaces[b as usize].id()));
        PlaceIds { by_id }
    }

    /// The index of the place with this id in `spaces` (the slice this was built from).
    pub fn find(&self, spaces: &[LearningSpace], id: &str) -> Option<usize> {
        self.by_id
            .binary_search_by(|&i| spaces[i as usize].id().cmp(id))
            .ok()
            .map(|at| self.by_id[at] as usize)
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.by_id.capacity() * 4
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

    #[test]
    fn not_stated_serves_no_age() {
        assert!(!Ages::NotStated.serve(0, MAX_AGE));
        assert!(Ages::Typical { min: 18, max: 120 }.serve(30, 30));
        assert!(!Ages::Typical { min: 18, max: 120 }.serve(4, 4));
    }

    #[test]
    fn only_a_kindergarten_is_typical_for_a_four_year_old() {
        for t in PlaceType::ALL {
            let typical = typical_ages(*t).is_some_and(|(lo, hi)| lo <= 4 && 4 <= hi);
            assert_eq!(typical, *t == PlaceType::Kindergarten, "{t:?}");
        }
    }

    #[test]
    fn texts_keep_every_entry_and_a_new_id() {
        let mut b = TextsBuilder::default();
        b.start("a", "Name");
        b.push(kind::KEY, "fr");
        b.push(kind::NAME_IN, "Nom");
        b.push(Text::City as u8, "Hamburg");
        let texts = b.finish_with_id(Some("a~7"));
        let all: Vec<(u8, &str)> = texts.iter().collect();
        assert_eq!(
            all,
            [
                (Text::Id as u8, "a~7"),
                (Text::Name as u8, "Name"),
                (kind::KEY, "fr"),
                (kind::NAME_IN, "Nom"),
                (Text::City as u8, "Hamburg")
            ]
        );
    }
}
