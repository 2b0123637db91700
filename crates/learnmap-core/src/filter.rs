//! What a resident filters by: ages, learning areas, audiences, place types,
//! opening time, fee, wheelchair access, language and text.

use crate::model::{Ages, LearningSpace};
use crate::text::{fold, fold_into};
use crate::vocab::{
    Audience, EnumSet, Fee, LearningArea, PlaceType, Status, Vocabulary, Wheelchair,
};
use chrono::NaiveDateTime;

/// A filter over learning spaces. [`Filter::default()`] matches everything;
/// each field that is set narrows the result, and all set fields must hold.
///
/// Semantics of each field:
///
/// * `ages`: `Some((min, max))` keeps places whose age range, stated or
///   typical for their place type ([`Ages`]), overlaps `min..=max`; one
///   age is `(a, a)`. Places that do not state their ages (and whose type
///   implies none) are kept apart: they match only with `unstated_ages`
///   (the resident asked to see them too; [`crate::Facets::unstated_ages`]
///   counts them).
/// * `learning_areas`, `audiences`, `place_types`: empty means "any";
///   otherwise a place must have **any** of the chosen values (a place
///   without a `place_type` never matches a non-empty `place_types`).
/// * `open_at`: the local wall-clock time. A place matches when it has
///   valid `opening_hours` that say it is open then, and its `status` is not
///   `temporarily_closed`; places without opening hours do not match.
///   Opening hours are evaluated in the place's local time, and the places
///   of a map are assumed to be in the viewer's time zone (the usual case
///   for a city map), so the app passes the user's local time.
/// * `free`: only places whose `fee` is `free` (not `varies`, not unknown).
/// * `wheelchair`: only places whose `wheelchair` is `yes` (not `limited`).
/// * `language`: a BCP-47 tag, compared case-insensitively; `pt` matches
///   places offering `pt` or any `pt-*` (`pt-BR`), `pt-BR` matches only
///   `pt-BR` (and its own subtags).
/// * `text`: case- and accent-insensitive substring (see
///   [`text::fold`](crate::text::fold)) of the name, any `name:xx`, the
///   `description`, any `description:xx` or one of the `subjects` (where
///   `_` counts as a space). Blank text means no constraint.
///
/// ```
/// use learnmap_core::{load, Filter, LearningArea};
/// let data = load(r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[9.99,53.55]},
///    "properties":{"id":"a","name":"Bücherhalle","age_min":6,"age_max":12,"learning_areas":["digital"],"fee":"free"}}
/// ]}"#).unwrap();
/// let place = &data.spaces[0];
/// let mut filter = learnmap_core::Filter::default();
/// assert!(filter.matches(place));
/// filter.ages = Some((10, 16));
/// filter.learning_areas = [LearningArea::Digital, LearningArea::Health].into_iter().collect();
/// filter.free = true;
/// filter.text = "BUCHER".into();
/// assert!(filter.matches(place));
/// filter.ages = Some((13, 16));
/// assert!(!filter.matches(place));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// An age or age range (inclusive) that must overlap the place's.
    pub ages: Option<(u8, u8)>,
    /// With `ages`: also the places that do not say which ages they serve.
    pub unstated_ages: bool,
    /// Any of these learning areas (empty: any).
    pub learning_areas: EnumSet<LearningArea>,
    /// Any of these audiences (empty: any).
    pub audiences: EnumSet<Audience>,
    /// Any of these place types (empty: any).
    pub place_types: EnumSet<PlaceType>,
    /// Open at this local date and time.
    pub open_at: Option<NaiveDateTime>,
    /// Only free places.
    pub free: bool,
    /// Only places with full wheelchair access.
    pub wheelchair: bool,
    /// A language offered (BCP-47 tag).
    pub language: Option<String>,
    /// Text in the name, description or subjects.
    pub text: String,
}

impl Filter {
    /// Whether the filter holds for this place. This is the reference
    /// definition; the index evaluates the same rules on compact records.
    pub fn matches(&self, s: &LearningSpace) -> bool {
        if let Some((lo, hi)) = self.ages {
            let unstated = s.ages == Ages::NotStated;
            let served = s.serves_ages(lo, hi) || (unstated && self.unstated_ages);
            if !served {
                return false;
            }
        }
        if !self.learning_areas.is_empty() && !self.learning_areas.intersects(&s.learning_areas) {
            return false;
        }
        if !self.audiences.is_empty() && !self.audiences.intersects(&s.audiences) {
            return false;
        }
        if !self.place_types.is_empty()
            && !s.place_type.is_some_and(|t| self.place_types.contains(t))
        {
            return false;
        }
        if self.free && s.fee != Some(Fee::Free) {
            return false;
        }
        if self.wheelchair && s.wheelchair != Some(Wheelchair::Yes) {
            return false;
        }
        if let Some(lang) = self.wanted_language() {
            if !s.languages().any(|t| language_matches(t, lang)) {
                return false;
            }
        }
        if let Some(t) = self.open_at {
            if !open_at(s, t) {
                return false;
            }
        }
        let needle = fold(self.text.trim());
        needle.is_empty() || searchable_text(s).contains(&needle)
    }

    /// Whether the filter has no constraint (matches everything).
    pub fn is_empty(&self) -> bool {
        self.ages.is_none()
            && self.learning_areas.is_empty()
            && self.audiences.is_empty()
            && self.place_types.is_empty()
            && self.open_at.is_none()
            && !self.free
            && !self.wheelchair
            && self.wanted_language().is_none()
            && self.text.trim().is_empty()
    }

    /// The language constraint, if any (blank means none).
    fn wanted_language(&self) -> Option<&str> {
        self.language
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
    }
}

/// Whether a place offering `tag` matches a filter for language `wanted`.
pub(crate) fn language_matches(tag: &str, wanted: &str) -> bool {
    tag.len() >= wanted.len()
        && tag.as_bytes()[..wanted.len()].eq_ignore_ascii_case(wanted.as_bytes())
        && (tag.len() == wanted.len() || tag.as_bytes()[wanted.len()] == b'-')
}

/// Whether a filter for language `wanted` can match a place offering one
/// of `tags` (the rule of [`Filter::language`]: `pt` matches `pt-BR`).
/// The app offers a language the data lacks, asked for in the address, as
/// an option of its own that matches nothing.
///
/// ```
/// let offered = ["de".to_owned(), "pt-br".to_owned()];
/// assert!(learnmap_core::offers_language(&offered, "PT"));
/// assert!(!learnmap_core::offers_language(&offered, "zz"));
/// ```
pub fn offers_language<S: AsRef<str>>(tags: &[S], wanted: &str) -> bool {
    let wanted = wanted.trim();
    tags.iter().any(|t| language_matches(t.as_ref(), wanted))
}

/// Which places are open at `t`, by their index in `spaces`: for
/// [`crate::SpaceIndex::facets`]' "open now" count, worked out once per
/// minute rather than at every filter change.
///
/// ```
/// let data = learnmap_core::load(r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10, 53]},
///    "properties": {"id": "a", "name": "A", "opening_hours": "Mo-Fr 09:00-18:00"}}
/// ]}"#).unwrap();
/// let tuesday_noon = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap().and_hms_opt(12, 0, 0).unwrap();
/// assert_eq!(learnmap_core::open_places(&data.spaces, tuesday_noon), [true]);
/// ```
pub fn open_places(spaces: &[LearningSpace], t: NaiveDateTime) -> Vec<bool> {
    spaces.iter().map(|s| open_at(s, t)).collect()
}

pub(crate) fn open_at(s: &LearningSpace, t: NaiveDateTime) -> bool {
    s.status != Some(Status::TemporarilyClosed)
        && s.opening_hours.as_ref().is_some_and(|h| h.is_open(t))
}

/// The folded searchable text of a place: name, `name:xx`, description,
/// `description:xx` and each of its `subjects` (with `_` read as a space,
/// as the details show them: `repair_cafe` is found as "repair cafe"),
/// separated by a control character (which folded queries never contain),
/// so a query never matches across two fields.
pub(crate) fn searchable_text(s: &LearningSpace) -> String {
    let mut out = String::new();
    push_searchable(s, &mut out);
    out
}

pub(crate) fn push_searchable(s: &LearningSpace, out: &mut String) {
    fold_into(s.name(), out);
    let texts = s
        .names()
        .map(|(_, t)| t)
        .chain(s.text(crate::model::Text::Description))
        .chain(s.descriptions().map(|(_, t)| t));
    for text in texts {
        out.push('\u{1}');
        fold_into(text, out);
    }
    for subject in s.subjects() {
        out.push('\u{1}');
        let start = out.len();
        fold_into(subject, out);
        if out[start..].contains('_') {
            let spaced = out[start..].replace('_', " ");
            out.truncate(start);
            out.push_str(&spaced);
        }
    }
}

pub(crate) fn bits<T: Vocabulary>(set: EnumSet<T>) -> u32 {
    set.iter().fold(0, |b, v| b | 1 << v.index())
}

/// Place-record flag: `fee` is `free`.
pub(crate) const FREE: u8 = 1;
/// Place-record flag: `wheelchair` is `yes`.
pub(crate) const WHEELCHAIR: u8 = 2;
/// Place-record flag: has opening hours and is not temporarily closed.
pub(crate) const HOURS: u8 = 4;
/// Place-record flag: does not state its ages (nor does its type imply them).
pub(crate) const NO_AGES: u8 = 8;
/// The language bit for languages beyond the first 31 interned.
pub(crate) const OTHER_LANGUAGE: u32 = 1 << 31;
/// The place-type bit for places without a type.
pub(crate) const NO_TYPE: u16 = 1 << 15;

/// What a filter needs to know about one place, in 12 bytes. For a node of
/// the tree, the union over its subtree (OR of bits, min/max of ages).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Record {
    pub langs: u32,
    pub areas: u16,
    pub types: u16,
    pub audiences: u8,
    pub flags: u8,
    pub age_min: u8,
    pub age_max: u8,
}

impl Record {
    /// The record of a place; `language_id` interns a tag (ids from 0).
    pub fn of(s: &LearningSpace, mut language_id: impl FnMut(&str) -> usize) -> Record {
        let mut flags = 0;
        if s.fee == Some(Fee::Free) {
            flags |= FREE;
        }
        if s.wheelchair == Some(Wheelchair::Yes) {
            flags |= WHEELCHAIR;
        }
        if s.opening_hours.is_some() && s.status != Some(Status::TemporarilyClosed) {
            flags |= HOURS;
        }
        let langs = s
            .languages()
            .fold(0u32, |b, t| b | language_bit(language_id(t)));
        // not stated: an empty range, which overlaps no age
        let (age_min, age_max) = s.ages.range().unwrap_or((u8::MAX, 0));
        if s.ages == Ages::NotStated {
            flags |= NO_AGES;
        }
        Record {
            langs,
            areas: bits(s.learning_areas) as u16,
            types: s.place_type.map_or(NO_TYPE, |t| 1 << t.index()),
            audiences: bits(s.audiences) as u8,
            flags,
            age_min,
            age_max,
        }
    }

    /// The empty union (the identity of [`Record::merge`]).
    pub fn none() -> Record {
        Record {
            age_min: u8::MAX,
            age_max: 0,
            ..Record::default()
        }
    }

    /// Adds `other` to this union.
    pub fn merge(&mut self, other: &Record) {
        self.langs |= other.langs;
        self.areas |= other.areas;
        self.types |= other.types;
        self.audiences |= other.audiences;
        self.flags |= other.flags;
        self.age_min = self.age_min.min(other.age_min);
        self.age_max = self.age_max.max(other.age_max);
    }
}

pub(crate) fn language_bit(id: usize) -> u32 {
    if id < 31 {
        1 << id
    } else {
        OTHER_LANGUAGE
    }
}

/// A [`Filter`] compiled against an index's interned languages, so most
/// checks are a few bit operations on a [`Record`].
pub(crate) struct Compiled<'f> {
    pub filter: &'f Filter,
    /// The filter has no constraint: every place matches, nothing need be checked.
    pub all: bool,
    pub ages: Option<(u8, u8)>,
    /// With `ages`: places with the [`NO_AGES`] flag match too.
    pub unstated_ages: bool,
    pub areas: u16,
    pub audiences: u8,
    pub types: u16,
    pub flags: u8,
    /// Language bits that match (`None`: no language constraint).
    pub langs: Option<u32>,
    /// Folded search text, if any.
    pub text: Option<String>,
}

impl<'f> Compiled<'f> {
    pub fn new(filter: &'f Filter, languages: &[String]) -> Self {
        let mut flags = 0;
        if filter.free {
            flags |= FREE;
        }
        if filter.wheelchair {
            flags |= WHEELCHAIR;
        }
        if filter.open_at.is_some() {
            flags |= HOURS;
        }
        let langs = filter.wanted_language().map(|wanted| {
            languages
                .iter()
                .enumerate()
                .filter(|(_, tag)| language_matches(tag, wanted))
                .fold(0u32, |b, (id, _)| b | language_bit(id))
        });
        let text = fold(filter.text.trim());
        Compiled {
            filter,
            all: filter.is_empty(),
            ages: filter.ages,
            unstated_ages: filter.unstated_ages,
            areas: bits(filter.learning_areas) as u16,
            audiences: bits(filter.audiences) as u8,
            types: bits(filter.place_types) as u16,
            flags,
            langs,
            text: (!text.is_empty()).then_some(text),
        }
    }

    /// Whether a place or subtree with this record (or union) may match;
    /// for a single place, exact except for text, opening hours and
    /// languages beyond the first 31.
    #[inline]
    pub fn may_match(&self, r: &Record) -> bool {
        self.ages_ok(r)
            && self.areas_ok(r)
            && self.audiences_ok(r)
            && self.types_ok(r)
            && self.rest_may_match(r)
    }

    #[inline]
    pub fn ages_ok(&self, r: &Record) -> bool {
        self.ages.is_none_or(|(lo, hi)| {
            (r.age_min <= hi && lo <= r.age_max) || (self.unstated_ages && r.flags & NO_AGES != 0)
        })
    }
    #[inline]
    pub fn areas_ok(&self, r: &Record) -> bool {
        self.areas == 0 || r.areas & self.areas != 0
    }
    #[inline]
    pub fn audiences_ok(&self, r: &Record) -> bool {
        self.audiences == 0 || r.audiences & self.audiences != 0
    }
    #[inline]
    pub fn types_ok(&self, r: &Record) -> bool {
        self.types == 0 || r.types & self.types != 0
    }
    /// Flags and languages (the cheap part of everything but the four faceted dimensions).
    #[inline]
    pub fn rest_may_match(&self, r: &Record) -> bool {
        r.flags & self.flags == self.flags && self.langs.is_none_or(|m| r.langs & m != 0)
    }

    /// Whether a single place whose record passed [`Compiled::may_match`]
    /// really matches: text, opening hours and rare languages.
    pub fn confirm(&self, r: &Record, s: &LearningSpace, text: &str) -> bool {
        if let Some(m) = self.langs {
            if r.langs & m & !OTHER_LANGUAGE == 0 {
                let wanted = self.filter.wanted_language().unwrap_or_default();
                if !s.languages().any(|t| language_matches(t, wanted)) {
                    return false;
                }
            }
        }
        if let Some(needle) = &self.text {
            if !text.contains(needle.as_str()) {
                return false;
            }
        }
        if let Some(t) = self.filter.open_at {
            if !open_at(s, t) {
                return false;
            }
        }
        true
    }
}
