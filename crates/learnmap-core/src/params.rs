//! The residents' filters as address parameters (`age=8&area=digital&free=1`),
//! read and written in one place, so that the map (`index.html`) and the
//! planners' page (`planner.html`) share one filter language.
//!
//! Reading is forgiving: unknown values are ignored, an age out of range is
//! clamped, a malformed time or language is dropped, so a hand-edited link
//! still opens.

use crate::filter::Filter;
use crate::model::age_range_of;
use crate::number::decimal;
use crate::vocab::{AgeGroup, Audience, EnumSet, LearningArea, PlaceType, Vocabulary, MAX_AGE};
use chrono::NaiveDateTime;

/// When the "open" filter applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenWhen {
    /// Open at the moment of viewing.
    Now,
    /// Open at a local date and time, `YYYY-MM-DDTHH:MM`.
    At(String),
}

/// The filter parameters of an address: `age`, `ages`, `area`, `for`,
/// `type`, `open`, `free`, `wheelchair`, `speaks` and `q`.
///
/// ```
/// use learnmap_core::params::FilterParams;
/// let mut p = FilterParams::default();
/// for (k, v) in [("ages", "seniors"), ("area", "digital,bogus"), ("free", "1"), ("zoom", "3")] {
///     p.set(k, v);
/// }
/// assert_eq!(p.pairs(), [("ages", "seniors".to_owned()), ("area", "digital".to_owned()), ("free", "1".to_owned())]);
/// let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
/// assert_eq!(p.filter(now).ages, Some((65, 120)));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterParams {
    /// `age=N`: an exact age.
    pub age: Option<u8>,
    /// `ages=children,seniors`: age groups.
    pub ages: EnumSet<AgeGroup>,
    /// `area=digital,health`: learning areas (any of).
    pub areas: EnumSet<LearningArea>,
    /// `for=newcomers`: audiences.
    pub audiences: EnumSet<Audience>,
    /// `type=library`: place types.
    pub types: EnumSet<PlaceType>,
    /// `unstated=1`: with an age filter, also the places that do not say
    /// which ages they serve.
    pub unstated: bool,
    /// `open=now` or `open=YYYY-MM-DDTHH:MM`.
    pub open: Option<OpenWhen>,
    /// `free=1`.
    pub free: bool,
    /// `wheelchair=1`.
    pub wheelchair: bool,
    /// `speaks=fr`: a language offered.
    pub speaks: Option<String>,
    /// `q=text`: text search.
    pub q: String,
}

/// The names of the filter parameters, in the order links write them.
pub const FILTER_KEYS: [&str; 11] = [
    "age",
    "ages",
    "area",
    "for",
    "type",
    "unstated",
    "open",
    "free",
    "wheelchair",
    "speaks",
    "q",
];

impl FilterParams {
    /// Reads one parameter (its value already percent-decoded); `false`
    /// when `key` is not a filter parameter (and nothing changed).
    pub fn set(&mut self, key: &str, value: &str) -> bool {
        let value = value.trim();
        match key {
            "age" => {
                self.age = decimal(value)
                    .filter(|a| a.is_finite())
                    .map(|a| a.clamp(0.0, f64::from(MAX_AGE)) as u8)
            }
            "ages" => parse_set(value, &mut self.ages),
            "area" => parse_set(value, &mut self.areas),
            "for" => parse_set(value, &mut self.audiences),
            "type" => parse_set(value, &mut self.types),
            "open" => {
                self.open = match value {
                    "now" => Some(OpenWhen::Now),
                    v if is_local_datetime(v) => Some(OpenWhen::At(v.to_owned())),
                    _ => None,
                }
            }
            "unstated" => self.unstated = value == "1",
            "free" => self.free = value == "1",
            "wheelchair" => self.wheelchair = value == "1",
            "speaks" => self.speaks = parse_lang(value),
            "q" => self.q = value.chars().take(200).collect(),
            _ => return false,
        }
        true
    }

    /// The parameters that are set, as (key, value) pairs in the order of
    /// [`FILTER_KEYS`] (values not yet percent-encoded).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(age) = self.age {
            out.push(("age", age.to_string()));
        }
        for (key, value) in [
            ("ages", join_set(&self.ages)),
            ("area", join_set(&self.areas)),
            ("for", join_set(&self.audiences)),
            ("type", join_set(&self.types)),
        ] {
            if !value.is_empty() {
                out.push((key, value));
            }
        }
        if self.unstated {
            out.push(("unstated", "1".into()));
        }
        match &self.open {
            Some(OpenWhen::Now) => out.push(("open", "now".into())),
            Some(OpenWhen::At(when)) => out.push(("open", when.clone())),
            None => {}
        }
        if self.free {
            out.push(("free", "1".into()));
        }
        if self.wheelchair {
            out.push(("wheelchair", "1".into()));
        }
        if let Some(lang) = &self.speaks {
            out.push(("speaks", lang.clone()));
        }
        if !self.q.is_empty() {
            out.push(("q", self.q.clone()));
        }
        out
    }

    /// Whether any filter is set.
    pub fn is_empty(&self) -> bool {
        self.pairs().is_empty()
    }

    /// The core filter, with `now` as the local time for `open=now`.
    ///
    /// Age groups combine into the range from the youngest to the oldest
    /// group chosen; an exact age narrows that further.
    pub fn filter(&self, now: NaiveDateTime) -> Filter {
        let ages = match (self.age, self.ages.is_empty()) {
            (Some(age), _) => Some((age, age)),
            (None, false) => Some(age_range_of(self.ages)),
            (None, true) => None,
        };
        Filter {
            ages,
            unstated_ages: self.unstated,
            learning_areas: self.areas,
            audiences: self.audiences,
            place_types: self.types,
            open_at: match &self.open {
                None => None,
                Some(OpenWhen::Now) => Some(now),
                Some(OpenWhen::At(when)) => local_datetime(when),
            },
            free: self.free,
            wheelchair: self.wheelchair,
            language: self.speaks.clone(),
            text: self.q.clone(),
        }
    }
}

fn parse_set<T: Vocabulary>(value: &str, set: &mut EnumSet<T>) {
    for item in value.split(',') {
        if let Some(v) = T::parse(item.trim()) {
            set.insert(v);
        }
    }
}

/// The values of a set joined with commas (`digital,health`).
pub fn join_set<T: Vocabulary>(set: &EnumSet<T>) -> String {
    set.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(",")
}

/// `YYYY-MM-DDTHH:MM` with plausible numbers.
fn is_local_datetime(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 16
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 => *c == b':',
            _ => c.is_ascii_digit(),
        })
        && (1..=12).contains(&value[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&value[8..10].parse::<u8>().unwrap_or(0))
        && value[11..13].parse::<u8>().unwrap_or(99) < 24
        && value[14..16].parse::<u8>().unwrap_or(99) < 60
}

/// A short language tag (`en`, `pt-BR`): 2 to 12 letters, digits and
/// hyphens, starting with letters.
///
/// ```
/// use learnmap_core::params::parse_lang;
/// assert_eq!(parse_lang(" pt-BR ").as_deref(), Some("pt-BR"));
/// assert_eq!(parse_lang("<b>"), None);
/// ```
pub fn parse_lang(value: &str) -> Option<String> {
    let value = value.trim();
    let ok = (2..=12).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && value
            .chars()
            .take_while(|c| *c != '-')
            .all(|c| c.is_ascii_alphabetic());
    ok.then(|| value.to_owned())
}

/// Reads `YYYY-MM-DDTHH:MM` (the form `open=` takes), if it is a real date and time.
///
/// ```
/// use learnmap_core::params::local_datetime;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    fn read(pairs: &[(&str, &str)]) -> FilterParams {
        let mut p = FilterParams::default();
        for (k, v) in pairs {
            p.set(k, v);
        }
        p
    }

    #[test]
    fn age_groups_become_a_range() {
        assert_eq!(
            read(&[("ages", "children,youth")]).filter(now()).ages,
            Some((6, 17))
        );
        assert_eq!(
            read(&[("ages", "seniors"), ("age", "70")])
                .filter(now())
                .ages,
            Some((70, 70))
        );
        assert!(FilterParams::default().filter(now()).is_empty());
    }

    #[test]
    fn open_at_a_given_time_or_now() {
        let f = read(&[("open", "2026-12-24T18:30")]).filter(now());
        assert_eq!(f.open_at.unwrap().to_string(), "2026-12-24 18:30:00");
        assert_eq!(read(&[("open", "now")]).filter(now()).open_at, Some(now()));
        assert_eq!(read(&[("open", "tomorrow")]).open, None);
        assert_eq!(read(&[("open", "2026-13-01T10:00")]).open, None);
    }

    #[test]
    fn bad_values_are_ignored_or_clamped() {
        let p = read(&[
            ("age", "500"),
            ("speaks", "<b>"),
            ("type", "castle"),
            ("free", "yes"),
        ]);
        assert_eq!(p.age, Some(MAX_AGE));
        assert_eq!(p.speaks, None);
        assert!(p.types.is_empty() && !p.free);
        assert!(!FilterParams::default().set("zoom", "3"));
    }

    #[test]
    fn pairs_read_back_the_same() {
        let p = read(&[
            ("q", "café"),
            ("speaks", "fr"),
            ("wheelchair", "1"),
            ("free", "1"),
            ("open", "now"),
            ("type", "library"),
            ("unstated", "1"),
            ("for", "newcomers"),
            ("area", "digital,health"),
            ("ages", "seniors"),
            ("age", "70"),
        ]);
        let pairs = p.pairs();
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, FILTER_KEYS);
        let back = read(
            &pairs
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        );
        assert_eq!(back, p);
    }
}
