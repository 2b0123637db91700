//! Events and courses: dated offerings at learning spaces (`data/README.md`,
//! "Events"), loaded as tolerantly as places, and the "What's on" engine:
//! the events that match a filter and happen in a time window, nearest
//! (or soonest) first.
//!
//! Times are local wall-clock times in the data's time zone (the file's
//! `time_zone`, else the site's): the core takes and gives `NaiveDateTime`,
//! and whoever knows the zone (the browser's `Intl`, the stewards' tool)
//! says what "now" is there.
//!
//! ```
//! use learnmap_core::events::{load_events, EventFilter, EventIndex, Order};
//! use learnmap_core::LonLat;
//! use chrono::NaiveDate;
//! let text = r#"{"type": "FeatureCollection", "time_zone": "Europe/Berlin", "features": [
//!   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.99, 53.55]},
//!    "properties": {"id": "e1", "title": "Coding club", "title:de": "Programmierclub",
//!                   "start": "2026-10-06T17:00", "end": "2026-10-06T18:30",
//!                   "rrule": "FREQ=WEEKLY;UNTIL=20261215", "exdate": ["2026-10-27"],
//!                   "learning_areas": ["digital"], "age_min": 10, "age_max": 14}}
//! ]}"#;
//! let set = load_events(text).unwrap();
//! assert!(set.problems.is_empty(), "{:?}", set.problems);
//! assert_eq!(set.time_zone.as_deref(), Some("Europe/Berlin"));
//! let index = EventIndex::new(&set.events, |_| None);
//! let day = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap().and_hms_opt(0, 0, 0).unwrap();
//! // the week of 26 October: the 27th is excepted
//! assert!(index.query(&set.events, &EventFilter::default(), None, day(26), day(31), 10, Order::Soonest).is_empty());
//! let hits = index.query(&set.events, &EventFilter::default(), Some(LonLat { lon: 10.0, lat: 53.55 }), day(12), day(19), 10, Order::Nearest);
//! assert_eq!(hits[0].starts.to_string(), "2026-10-13 17:00:00");
//! ```

use crate::error::Error;
use crate::geo::{chord2_to_m, unit_vector};
use crate::model::{age_range_of, LonLat};
use crate::problem::{said, LineIndex, Problem, ProblemCode, ProblemKind, Severity};
use crate::recur::{Rule, MAX_COUNT};
use crate::scan::{self, push_pointer, Seg};
use crate::text::fold;
use crate::vocab::{AgeGroup, Audience, EnumSet, Fee, LearningArea, Vocabulary, MAX_AGE};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Whether an event takes place as announced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EventStatus {
    /// As announced (the default).
    #[default]
    Scheduled,
    /// Every occurrence is called off: never offered as happening.
    Cancelled,
    /// Happening, but no places are left.
    Full,
}

impl EventStatus {
    /// The spelling in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Scheduled => "scheduled",
            EventStatus::Cancelled => "cancelled",
            EventStatus::Full => "full",
        }
    }
}

/// A date or a date and time, as `exdate` and `cancelled` give them: a date
/// takes out every occurrence that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrTime {
    /// A whole day.
    Date(NaiveDate),
    /// One local start time.
    DateTime(NaiveDateTime),
}

impl DateOrTime {
    fn covers(self, t: NaiveDateTime) -> bool {
        match self {
            DateOrTime::Date(d) => t.date() == d,
            DateOrTime::DateTime(u) => t == u,
        }
    }
}

/// Reads a local `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`.
///
/// ```
/// use learnmap_core::events::{parse_local, DateOrTime};
/// assert!(matches!(parse_local("2026-10-06"), Some(DateOrTime::Date(_))));
/// assert_eq!(parse_local("2026-10-06T17:05").map(|t| format!("{t:?}")).unwrap(), "DateTime(2026-10-06T17:05:00)");
/// assert!(parse_local("2026-02-30").is_none() && parse_local("2026-10-06 17:05").is_none());
/// ```
pub fn parse_local(text: &str) -> Option<DateOrTime> {
    let (date, time) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let day = NaiveDate::from_ymd_opt(
        i32::try_from(num(&date[..4])?).ok()?,
        num(&date[5..7])?,
        num(&date[8..])?,
    )?;
    let Some(time) = time else {
        return Some(DateOrTime::Date(day));
    };
    let parts: Vec<&str> = time.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
        return None;
    }
    let second = if parts.len() == 3 { num(parts[2])? } else { 0 };
    Some(DateOrTime::DateTime(day.and_time(NaiveTime::from_hms_opt(
        num(parts[0])?,
        num(parts[1])?,
        second,
    )?)))
}

/// An event or course: one or more dated occurrences of one offering.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// A stable id, unique in the file.
    pub id: String,
    /// The title.
    pub title: String,
    /// Titles in other languages: `(language, title)` from `title:xx`.
    pub titles: Vec<(String, String)>,
    /// A description, if any.
    pub description: Option<String>,
    /// Descriptions in other languages, from `description:xx`.
    pub descriptions: Vec<(String, String)>,
    /// The first occurrence's local start.
    pub start: NaiveDateTime,
    /// How long each occurrence lasts (zero when no end is given).
    pub duration: Duration,
    /// Whether occurrences are whole days (`start` a date).
    pub all_day: bool,
    /// The recurrence rule, if the event repeats.
    pub rule: Option<Rule>,
    /// The rule as written (`rrule`), for export.
    pub rrule: Option<String>,
    /// Extra occurrences (`rdate`), sorted.
    pub rdates: Vec<NaiveDateTime>,
    /// Occurrences taken out (`exdate`): they do not exist.
    pub exdates: Vec<DateOrTime>,
    /// Occurrences called off (`cancelled`): shown as such, never as happening.
    pub cancelled: Vec<DateOrTime>,
    /// The learning space it takes place at (an `id` of the places data).
    pub place: Option<String>,
    /// Its own point, when it gives one (else the place's).
    pub position: Option<LonLat>,
    /// Where, in words: `location`, else the address properties joined.
    pub location: Option<String>,
    /// The stated ages, `None` when the event says nothing about ages.
    pub ages: Option<(u8, u8)>,
    /// Learning areas.
    pub learning_areas: EnumSet<LearningArea>,
    /// Audiences.
    pub audiences: EnumSet<Audience>,
    /// The fee, when stated.
    pub fee: Option<Fee>,
    /// What the fee is, in words.
    pub fee_note: Option<String>,
    /// Where to book: an `http(s)`, `mailto:` or `tel:` link.
    pub booking_url: Option<String>,
    /// Whether booking is required, when stated.
    pub booking_required: Option<bool>,
    /// A page about the event (`http(s)` only).
    pub website: Option<String>,
    /// Languages it is held in (BCP-47 tags).
    pub languages: Vec<String>,
    /// Scheduled, cancelled or full.
    pub status: EventStatus,
    /// The festival it belongs to, if any (a tag shared by its events).
    pub festival: Option<String>,
    /// The feature's index in its file's `features` (events with errors
    /// are skipped, so it may differ from the event's index).
    pub feature_index: usize,
    /// 1-based line of the feature in its file.
    pub line: usize,
    /// 1-based column of the feature in its file.
    pub column: usize,
}

impl Event {
    /// The title in `lang`, else the title.
    pub fn title_in(&self, lang: &str) -> &str {
        self.titles
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(lang))
            .map_or(&self.title, |(_, t)| t)
    }

    /// The description in `lang`, else the description.
    pub fn description_in(&self, lang: &str) -> Option<&str> {
        self.descriptions
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(lang))
            .map(|(_, t)| t.as_str())
            .or(self.description.as_deref())
    }

    /// Every start of the event, in order: the first, the rule's and the
    /// `rdate`s, without the `exdate`s (cancelled ones included: see
    /// [`Event::is_cancelled_at`]).
    pub fn starts(&self) -> impl Iterator<Item = NaiveDateTime> + '_ {
        self.starts_from(self.start)
    }

    /// The starts at or after `from`, in order, generating no earlier one
    /// when the rule allows (a rule without `COUNT` jumps to `from`).
    pub fn starts_from(&self, from: NaiveDateTime) -> impl Iterator<Item = NaiveDateTime> + '_ {
        let ruled: Box<dyn Iterator<Item = NaiveDateTime> + '_> = match &self.rule {
            Some(rule) => Box::new(rule.iter_from(self.start, from)),
            None => Box::new(std::iter::once(self.start).filter(move |t| *t >= from)),
        };
        let first_rdate = self.rdates.partition_point(|t| *t < from);
        let mut extra = self.rdates[first_rdate..].iter().copied().peekable();
        let mut ruled = ruled.peekable();
        let mut last = None;
        std::iter::from_fn(move || loop {
            let next = match (ruled.peek(), extra.peek()) {
                (Some(a), Some(b)) if b < a => extra.next(),
                (Some(_), _) => ruled.next(),
                (None, Some(_)) => extra.next(),
                (None, None) => return None,
            }?;
            if last == Some(next) {
                continue;
            }
            last = Some(next);
            if !self.exdates.iter().any(|x| x.covers(next)) {
                return Some(next);
            }
        })
    }

    /// Whether the occurrence starting at `t` is called off (the whole
    /// event, or that occurrence).
    pub fn is_cancelled_at(&self, t: NaiveDateTime) -> bool {
        self.status == EventStatus::Cancelled || self.cancelled.iter().any(|c| c.covers(t))
    }

    /// The first occurrence that is not called off and overlaps `from..to`
    /// (it starts before `to` and ends after `from`; one without an end
    /// must start in the window), generating occurrences only up to it.
    pub fn next_in(&self, from: NaiveDateTime, to: NaiveDateTime) -> Option<NaiveDateTime> {
        if self.status == EventStatus::Cancelled {
            return None;
        }
        let earliest = from - self.duration;
        self.starts_from(earliest)
            .skip_while(|&s| !(s + self.duration > from || s >= from))
            .take_while(|&s| s < to)
            .find(|&s| !self.is_cancelled_at(s))
    }

    /// The occurrences that are not called off and overlap `from..to`, in
    /// order, at most `limit`.
    pub fn upcoming(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
        limit: usize,
    ) -> Vec<NaiveDateTime> {
        if self.status == EventStatus::Cancelled {
            return Vec::new();
        }
        self.starts_from(from - self.duration)
            .skip_while(|&s| !(s + self.duration > from || s >= from))
            .take_while(|&s| s < to)
            .filter(|&s| !self.is_cancelled_at(s))
            .take(limit)
            .collect()
    }
}

impl Event {
    /// The first start of the event's sessions and the end of its last
    /// (`None`: a rule without an end).
    pub fn span(&self) -> (NaiveDateTime, Option<NaiveDateTime>) {
        span_of(self)
    }

    /// The next sessions from `from` on (one under way included), at most
    /// `limit`, each with whether it is called off: excepted dates
    /// (`exdate`) do not exist and are not among them; a cancelled event's
    /// sessions are all called off. For the event's details, which say
    /// "cancelled" where the organiser did.
    ///
    /// ```
    /// use learnmap_core::events::load_events;
    /// let set = load_events(r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null,
    ///   "properties": {"id": "c", "title": "Course", "place": "p", "start": "2026-10-06T17:00",
    ///   "rrule": "FREQ=WEEKLY;COUNT=4", "exdate": ["2026-10-13"], "cancelled": ["2026-10-20T17:00"]}}]}"#).unwrap();
    /// let from = chrono::NaiveDate::from_ymd_opt(2026, 10, 7).unwrap().and_hms_opt(0, 0, 0).unwrap();
    /// let got: Vec<String> = set.events[0].sessions(from, 5).iter().map(|s| format!("{} {}", s.starts, s.cancelled)).collect();
    /// assert_eq!(got, ["2026-10-20 17:00:00 true", "2026-10-27 17:00:00 false"]);
    /// ```
    pub fn sessions(&self, from: NaiveDateTime, limit: usize) -> Vec<Session> {
        self.starts_from(from - self.duration)
            .skip_while(|&s| !(s + self.duration > from || s >= from))
            .take(limit)
            .map(|starts| Session {
                starts,
                cancelled: self.is_cancelled_at(starts),
            })
            .collect()
    }
}

/// One session of an event, as its details list it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    /// Its local start.
    pub starts: NaiveDateTime,
    /// Whether it is called off (never offered as happening).
    pub cancelled: bool,
}

/// The events at the learning space `place` (by id) with a session that is
/// not called off between `from` and `to`, soonest first (then in file
/// order), at most `limit`: a place's details list them.
///
/// ```
/// use learnmap_core::events::{events_at, load_events};
/// let set = load_events(r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "geometry": null, "properties": {"id": "late", "title": "Late", "place": "p", "start": "2026-10-08T17:00"}},
///   {"type": "Feature", "geometry": null, "properties": {"id": "other", "title": "Elsewhere", "place": "q", "start": "2026-10-06T17:00"}},
///   {"type": "Feature", "geometry": null, "properties": {"id": "soon", "title": "Soon", "place": "p", "start": "2026-10-07T09:00", "status": "full"}},
///   {"type": "Feature", "geometry": null, "properties": {"id": "off", "title": "Off", "place": "p", "start": "2026-10-06T09:00", "status": "cancelled"}}
/// ]}"#).unwrap();
/// let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 10, d).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let ids: Vec<&str> = events_at(&set.events, "p", day(1), day(31), 5).iter().map(|h| set.events[h.index].id.as_str()).collect();
/// assert_eq!(ids, ["soon", "late"]);
/// ```
pub fn events_at(
    events: &[Event],
    place: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
    limit: usize,
) -> Vec<EventHit> {
    let mut hits: Vec<EventHit> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.place.as_deref() == Some(place))
        .filter_map(|(index, e)| {
            Some(EventHit {
                index,
                starts: e.next_in(from, to)?,
                distance_m: None,
            })
        })
        .collect();
    hits.sort_by_key(|h| (h.starts, h.index));
    hits.truncate(limit);
    hits
}

/// One day of a festival's printed programme: its places, and at each the
/// sessions that happen that day.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgrammeDay {
    /// The day.
    pub day: NaiveDate,
    /// The places with sessions that day, by name.
    pub places: Vec<ProgrammePlace>,
}

/// A place in a day of the programme.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgrammePlace {
    /// The place's name (or the event's location in words).
    pub name: String,
    /// The sessions there that day, in order: (local start, event index).
    pub sessions: Vec<(NaiveDateTime, usize)>,
}

/// A festival's programme, by day, then place (by name, as `fold`ed text
/// sorts), then time: every session from `from` to `to` (both days
/// included) of the events tagged `festival` (every event without a tag)
/// that is not called off. `place_name` names an event's place.
///
/// ```
/// use learnmap_core::events::{load_events, programme};
/// let set = load_events(r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "geometry": null, "properties": {"id": "a", "title": "A", "place": "zoo", "start": "2027-06-05T15:00", "festival": "f"}},
///   {"type": "Feature", "geometry": null, "properties": {"id": "b", "title": "B", "place": "library", "start": "2027-06-05T17:00", "festival": "f"}},
///   {"type": "Feature", "geometry": null, "properties": {"id": "c", "title": "C", "place": "library", "start": "2027-06-05T11:00", "festival": "f"}},
///   {"type": "Feature", "geometry": null, "properties": {"id": "d", "title": "D", "place": "zoo", "start": "2027-06-06T10:00", "festival": "f", "status": "cancelled"}},
///   {"type": "Feature", "geometry": null, "properties": {"id": "e", "title": "E", "place": "zoo", "start": "2027-06-06T10:00"}}
/// ]}"#).unwrap();
/// let day = |d| chrono::NaiveDate::from_ymd_opt(2027, 6, d).unwrap();
/// let days = programme(&set.events, Some("f"), day(5), day(6), |e| e.place.clone().unwrap_or_default());
/// assert_eq!(days.len(), 1);
/// let names: Vec<&str> = days[0].places.iter().map(|p| p.name.as_str()).collect();
/// assert_eq!(names, ["library", "zoo"]);
/// assert_eq!(days[0].places[0].sessions.iter().map(|s| s.1).collect::<Vec<_>>(), [2, 1]);
/// ```
pub fn programme(
    events: &[Event],
    festival: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    place_name: impl Fn(&Event) -> String,
) -> Vec<ProgrammeDay> {
    let start = from.and_time(NaiveTime::MIN);
    let end = (to + Duration::days(1)).and_time(NaiveTime::MIN);
    // (day, folded name, name, start, index)
    let mut all: Vec<(NaiveDate, String, String, NaiveDateTime, usize)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if festival.is_some_and(|f| e.festival.as_deref() != Some(f)) {
            continue;
        }
        let name = place_name(e);
        for s in e.upcoming(start, end, MAX_COUNT as usize) {
            // a session that began the day before belongs to that day
            if s < start {
                continue;
            }
            all.push((s.date(), fold(&name), name.clone(), s, i));
        }
    }
    all.sort_by(|a, b| (a.0, &a.1, &a.2, a.3, a.4).cmp(&(b.0, &b.1, &b.2, b.3, b.4)));
    let mut days: Vec<ProgrammeDay> = Vec::new();
    for (day, _, name, s, i) in all {
        if days.last().is_none_or(|d| d.day != day) {
            days.push(ProgrammeDay {
                day,
                places: Vec::new(),
            });
        }
        let places = &mut days.last_mut().expect("a day was pushed").places;
        if places.last().is_none_or(|p| p.name != name) {
            places.push(ProgrammePlace {
                name,
                sessions: Vec::new(),
            });
        }
        places
            .last_mut()
            .expect("a place was pushed")
            .sessions
            .push((s, i));
    }
    days
}

/// What an events file gave: the events that loaded and the problems.
#[derive(Clone, Debug, Default)]
pub struct EventSet {
    /// The events, in file order.
    pub events: Vec<Event>,
    /// The problems, in file order (the first 1000).
    pub problems: Vec<Problem>,
    /// Problems past the limit, only counted.
    pub problems_omitted: usize,
    /// How many features the file has, good or bad.
    pub feature_count: usize,
    /// The file's `time_zone` (an IANA name), if it gives one.
    pub time_zone: Option<String>,
    /// The collection's `name`, if any.
    pub name: Option<String>,
}

/// The problem codes only events use (the others are the places' codes,
/// with the same meaning), documented in `data/README.md`.
pub const EVENT_PROBLEM_CODES: &[ProblemCode] = &[
    ProblemCode {
        code: "missing-title",
        kind: ProblemKind::Data,
        severity: Severity::Error,
    },
    ProblemCode {
        code: "missing-start",
        kind: ProblemKind::Data,
        severity: Severity::Error,
    },
    ProblemCode {
        code: "bad-date",
        kind: ProblemKind::Data,
        severity: Severity::Error,
    },
    ProblemCode {
        code: "end-before-start",
        kind: ProblemKind::Data,
        severity: Severity::Warning,
    },
    ProblemCode {
        code: "bad-rrule",
        kind: ProblemKind::Data,
        severity: Severity::Error,
    },
    ProblemCode {
        code: "no-location",
        kind: ProblemKind::Data,
        severity: Severity::Warning,
    },
    ProblemCode {
        code: "unknown-place",
        kind: ProblemKind::Data,
        severity: Severity::Warning,
    },
    ProblemCode {
        code: "bad-time-zone",
        kind: ProblemKind::Data,
        severity: Severity::Warning,
    },
];

/// Every property of the events schema besides `title:xx` and `description:xx`.
pub const EVENT_PROPERTIES: &[&str] = &[
    "id",
    "title",
    "description",
    "start",
    "end",
    "rrule",
    "rdate",
    "exdate",
    "cancelled",
    "place",
    "location",
    "addr:street",
    "addr:housenumber",
    "addr:postcode",
    "addr:city",
    "age_min",
    "age_max",
    "age_groups",
    "learning_areas",
    "audiences",
    "fee",
    "fee_note",
    "booking_url",
    "booking_required",
    "website",
    "languages",
    "status",
    "festival",
    "source",
];

/// Whether `text` looks like an events file rather than places: a
/// FeatureCollection whose first features have a `start` or an `rrule`
/// and no `name` (places have names, events titles). Reads only the top
/// level and the first few features.
///
/// ```
/// use learnmap_core::events::looks_like_events;
/// assert!(looks_like_events(r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {"title": "Choir", "start": "2027-06-05T15:00"}}]}"#));
/// assert!(!looks_like_events(r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {"name": "Library"}}]}"#));
/// assert!(!looks_like_events("not json"));
/// ```
pub fn looks_like_events(text: &str) -> bool {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(top) = serde_json::from_str::<HashMap<String, &RawValue>>(body) else {
        return false;
    };
    let Some(features) = top
        .get("features")
        .and_then(|f| serde_json::from_str::<Vec<&RawValue>>(f.get()).ok())
    else {
        return false;
    };
    let mut votes = (0, 0);
    for raw in features.iter().take(5) {
        let Ok(Value::Object(feature)) = serde_json::from_str::<Value>(raw.get()) else {
            continue;
        };
        let Some(Value::Object(props)) = feature.get("properties") else {
            continue;
        };
        if (props.contains_key("start") || props.contains_key("rrule"))
            && !props.contains_key("name")
        {
            votes.0 += 1;
        } else {
            votes.1 += 1;
        }
    }
    votes.0 > votes.1
}

const MAX_PROBLEMS: usize = 1000;

/// Loads a GeoJSON FeatureCollection of events. A feature is a `Point`
/// (its own place) or has a `null` geometry and names its `place`. Every
/// good event is kept; every problem is located like the places loader's
/// (line, column, feature, JSON pointer, hint). Only text that is not JSON
/// or not a FeatureCollection fails whole.
pub fn load_events(text: &str) -> Result<EventSet, Error> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let index = LineIndex::new(text);
    let top: HashMap<String, &RawValue> =
        serde_json::from_str(body).map_err(|e| Error::of_top_level(&e))?;
    let locate = |raw: &RawValue| index.locate(index.offset_of(raw.get()));
    let string = |key: &str| {
        top.get(key)
            .and_then(|r| serde_json::from_str::<String>(r.get()).ok())
    };
    if string("type").as_deref() != Some("FeatureCollection") {
        let (line, column) = top.get("type").map_or((1, 1), |r| locate(r));
        return Err(Error::NotFeatureCollection {
            line,
            column,
            message: "the \"type\" must be \"FeatureCollection\"".into(),
        });
    }
    let Some(features) = top.get("features") else {
        return Err(Error::NotFeatureCollection {
            line: 1,
            column: 1,
            message: "the FeatureCollection has no \"features\" member".into(),
        });
    };
    let features: Vec<&RawValue> = serde_json::from_str(features.get()).map_err(|_| {
        let (line, column) = locate(features);
        Error::NotFeatureCollection {
            line,
            column,
            message: "\"features\" should be an array of Features".into(),
        }
    })?;
    let mut set = EventSet {
        feature_count: features.len(),
        name: string("name"),
        ..EventSet::default()
    };
    let mut reader = Reader {
        index: &index,
        set: &mut set,
        seen: HashSet::new(),
    };
    if let Some(raw) = top.get("time_zone") {
        match serde_json::from_str::<String>(raw.get()) {
            Ok(zone) if crate::config::is_time_zone_name(zone.trim()) => {
                reader.set.time_zone = Some(zone.trim().to_owned())
            }
            _ => {
                let (line, column) = locate(raw);
                reader.push(Problem {
                    severity: Severity::Warning,
                    code: "bad-time-zone",
                    message: said!(
                        "\"time_zone\" is not an IANA time zone name, so the site's applies".into()
                    ),
                    line,
                    column,
                    feature_index: None,
                    feature_id: None,
                    pointer: "/time_zone".into(),
                    hint: said!(
                        "write a name such as \"Europe/Berlin\" (case sensitive), or remove it"
                            .into()
                    ),
                });
            }
        }
    }
    for (i, raw) in features.iter().enumerate() {
        if let Some(event) = reader.feature(i, raw) {
            reader.set.events.push(event);
        }
    }
    Ok(set)
}

struct Reader<'i, 'a, 's> {
    index: &'i LineIndex<'a>,
    set: &'s mut EventSet,
    seen: HashSet<String>,
}

/// One feature being read: where it is, and what has been found.
struct Feature<'r> {
    raw: &'r str,
    base: usize,
    i: usize,
    id: Option<String>,
    problems: Vec<Problem>,
}

impl Feature<'_> {
    fn problem(
        &mut self,
        index: &LineIndex<'_>,
        severity: Severity,
        code: &'static str,
        path: &[Seg<'_>],
        message: String,
        hint: String,
    ) {
        let offset = self.base + scan::locate(self.raw, path);
        let (line, column) = index.locate(offset);
        let mut pointer = format!("/features/{}", self.i);
        push_pointer(&mut pointer, path);
        self.problems.push(Problem {
            severity,
            code,
            message,
            line,
            column,
            feature_index: Some(self.i),
            feature_id: self.id.clone(),
            pointer,
            hint,
        });
    }

    fn has_error(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

impl Reader<'_, '_, '_> {
    fn push(&mut self, problem: Problem) {
        if self.set.problems.len() < MAX_PROBLEMS {
            self.set.problems.push(problem);
        } else {
            self.set.problems_omitted += 1;
        }
    }

    fn feature(&mut self, i: usize, raw: &RawValue) -> Option<Event> {
        let index = self.index;
        let mut f = Feature {
            raw: raw.get(),
            base: index.offset_of(raw.get()),
            i,
            id: None,
            problems: Vec::new(),
        };
        let event = read_event(index, &mut f, &mut self.seen);
        let keep = !f.has_error();
        // in file order within the feature too
        f.problems.sort_by_key(|p| (p.line, p.column));
        for p in std::mem::take(&mut f.problems) {
            self.push(p);
        }
        if keep {
            event
        } else {
            None
        }
    }
}

/// Text of a string property, trimmed; `None` when absent, blank or not a string.
fn text_of(props: &Map<String, Value>, key: &str) -> Option<String> {
    props
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn read_event(
    index: &LineIndex<'_>,
    f: &mut Feature<'_>,
    seen: &mut HashSet<String>,
) -> Option<Event> {
    use Severity::{Error as E, Warning as W};
    let Ok(value) = serde_json::from_str::<Value>(f.raw) else {
        f.problem(
            index,
            E,
            "bad-feature",
            &[],
            said!("the feature is not valid JSON".into()),
            String::new(),
        );
        return None;
    };
    let Value::Object(feature) = value else {
        f.problem(
            index,
            E,
            "not-a-feature",
            &[],
            said!("the feature is not an object".into()),
            said!("write {\"type\": \"Feature\", \"geometry\": ..., \"properties\": {...}}".into()),
        );
        return None;
    };
    if feature.get("type").and_then(Value::as_str) != Some("Feature") {
        f.problem(
            index,
            E,
            "not-a-feature",
            &[Seg::Key("type")],
            said!("the \"type\" must be \"Feature\"".into()),
            String::new(),
        );
        return None;
    }
    let Some(Value::Object(props)) = feature.get("properties") else {
        f.problem(
            index,
            E,
            "missing-properties",
            &[],
            said!("the event has no \"properties\" object".into()),
            said!("put the event's title, start and the rest in \"properties\"".into()),
        );
        return None;
    };
    let key = |k: &'static str| [Seg::Key("properties"), Seg::Key(k)];
    // id
    let id = match props.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            let generated = format!("event-{}", f.i + 1);
            f.problem(
                index,
                W,
                "missing-id",
                &[Seg::Key("properties")],
                said!("the event has no \"id\"".into()),
                said!(format!(
                    "give each event a stable id; it is called \"{generated}\" until then"
                )),
            );
            generated
        }
    };
    // the problems of a repeated id name it as the file has it
    f.id = Some(id.clone());
    let id = if seen.insert(id.clone()) {
        id
    } else {
        let renamed = format!("{id}~{}", f.i);
        f.problem(
            index,
            W,
            "duplicate-id",
            &key("id"),
            said!(format!("the id \"{id}\" is used by an earlier event")),
            said!(format!(
                "give every event its own id; this one is \"{renamed}\" until then"
            )),
        );
        seen.insert(renamed.clone());
        renamed
    };
    f.id = Some(id.clone());
    let title = text_of(props, "title");
    if title.is_none() {
        f.problem(
            index,
            E,
            "missing-title",
            &[Seg::Key("properties")],
            said!("the event has no \"title\"".into()),
            said!("add a \"title\": the event is not shown without one".into()),
        );
    }
    let mut titles = Vec::new();
    let mut descriptions = Vec::new();
    for (k, v) in props {
        let (Some(lang), Some(text)) = (
            k.strip_prefix("title:")
                .or_else(|| k.strip_prefix("description:")),
            v.as_str().map(str::trim).filter(|s| !s.is_empty()),
        ) else {
            continue;
        };
        let into = if k.starts_with("title:") {
            &mut titles
        } else {
            &mut descriptions
        };
        into.push((lang.to_owned(), text.to_owned()));
    }
    // when
    let date_of =
        |f: &mut Feature<'_>, k: &'static str, v: &Value, path: &[Seg<'_>]| -> Option<DateOrTime> {
            let parsed = v.as_str().and_then(|s| parse_local(s.trim()));
            if parsed.is_none() {
                f.problem(
                    index,
                    if k == "start" { E } else { W },
                    "bad-date",
                    path,
                    said!(format!("\"{k}\" is not a local date or date and time: {v}")),
                    said!(
                        "write \"2026-10-06\" or \"2026-10-06T17:00\" (local time, no offset)"
                            .into()
                    ),
                );
            }
            parsed
        };
    let start = match props.get("start") {
        None | Some(Value::Null) => {
            f.problem(
                index,
                E,
                "missing-start",
                &[Seg::Key("properties")],
                said!("the event has no \"start\"".into()),
                said!("add \"start\": \"2026-10-06T17:00\" (local time)".into()),
            );
            None
        }
        Some(v) => date_of(f, "start", v, &key("start")),
    };
    let (start, all_day) = match start {
        Some(DateOrTime::Date(d)) => (d.and_time(NaiveTime::MIN), true),
        Some(DateOrTime::DateTime(t)) => (t, false),
        None => (NaiveDateTime::default(), false),
    };
    let mut duration = if all_day {
        Duration::days(1)
    } else {
        Duration::zero()
    };
    if let Some(v) = props.get("end").filter(|v| !v.is_null()) {
        if let Some(end) = date_of(f, "end", v, &key("end")) {
            // an end date is the last day, included
            let end = match end {
                DateOrTime::Date(d) => (d + Duration::days(1)).and_time(NaiveTime::MIN),
                DateOrTime::DateTime(t) => t,
            };
            if end < start {
                f.problem(
                    index,
                    W,
                    "end-before-start",
                    &key("end"),
                    said!("the event ends before it starts, so its end was left out".into()),
                    said!("check the dates; an end on the same day gives only the time".into()),
                );
            } else {
                duration = end - start;
            }
        }
    }
    let rrule = text_of(props, "rrule");
    let rule = match rrule.as_deref().map(Rule::parse) {
        None => None,
        Some(Ok(rule)) => Some(rule),
        Some(Err(why)) => {
            f.problem(index, E, "bad-rrule", &key("rrule"), said!(format!("the recurrence rule cannot be read: {why}")), said!("use FREQ=DAILY, WEEKLY or MONTHLY with INTERVAL, BYDAY, BYMONTHDAY, UNTIL or COUNT (data/README.md), or list the dates in \"rdate\"".into()));
            None
        }
    };
    let dates = |f: &mut Feature<'_>, k: &'static str| -> Vec<DateOrTime> {
        let mut out = Vec::new();
        match props.get(k) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (j, v) in items.iter().enumerate().take(MAX_COUNT as usize) {
                    if let Some(d) = date_of(
                        f,
                        k,
                        v,
                        &[Seg::Key("properties"), Seg::Key(k), Seg::Index(j)],
                    ) {
                        out.push(d);
                    }
                }
            }
            Some(_) => f.problem(
                index,
                W,
                "wrong-type",
                &key(k),
                said!(format!("\"{k}\" must be a list of dates")),
                said!("write [\"2026-10-27\", \"2026-11-03T17:00\"]".into()),
            ),
        }
        out
    };
    let mut rdates: Vec<NaiveDateTime> = dates(f, "rdate")
        .into_iter()
        .map(|d| match d {
            DateOrTime::Date(day) => day.and_time(start.time()),
            DateOrTime::DateTime(t) => t,
        })
        .collect();
    rdates.sort_unstable();
    rdates.dedup();
    let exdates = dates(f, "exdate");
    let cancelled = dates(f, "cancelled");
    // where
    let place = match props.get("place") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        None | Some(Value::Null) => None,
        Some(_) => {
            f.problem(
                index,
                W,
                "wrong-type",
                &key("place"),
                said!("\"place\" must be the id of a learning space".into()),
                String::new(),
            );
            None
        }
    };
    let position = match feature.get("geometry") {
        None | Some(Value::Null) => None,
        Some(g) => point_of(g).or_else(|| {
            f.problem(index, W, "bad-coordinates", &[Seg::Key("geometry")], said!("the geometry is not a Point with [longitude, latitude] in range, so it was left out".into()), said!("write {\"type\": \"Point\", \"coordinates\": [9.99, 53.55]}, or null with a \"place\"".into()));
            None
        }),
    };
    let location = text_of(props, "location").or_else(|| {
        let parts: Vec<String> = [
            ["addr:street", "addr:housenumber"],
            ["addr:postcode", "addr:city"],
        ]
        .iter()
        .map(|pair| {
            pair.iter()
                .filter_map(|k| text_of(props, k))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|s| !s.is_empty())
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    });
    if place.is_none() && position.is_none() {
        f.problem(
            index,
            W,
            "no-location",
            &[Seg::Key("properties")],
            said!(
                "the event has neither a \"place\" nor a Point geometry, so it has no distance"
                    .into()
            ),
            said!("name the learning space's id in \"place\", or give the event a Point".into()),
        );
    }
    // who, what
    let age = |f: &mut Feature<'_>, k: &'static str| -> Option<u8> {
        let v = props.get(k).filter(|v| !v.is_null())?;
        match v.as_f64() {
            Some(a) if (0.0..=f64::from(MAX_AGE)).contains(&a) && a.fract() == 0.0 => Some(a as u8),
            _ => {
                f.problem(
                    index,
                    W,
                    "bad-age",
                    &key(k),
                    said!(format!(
                        "\"{k}\" must be a whole number of years from 0 to {MAX_AGE}"
                    )),
                    String::new(),
                );
                None
            }
        }
    };
    let (lo, hi) = (age(f, "age_min"), age(f, "age_max"));
    let groups: EnumSet<AgeGroup> = vocab_list(index, f, props, "age_groups");
    let ages = match (lo, hi) {
        (Some(lo), Some(hi)) if lo > hi => {
            f.problem(
                index,
                W,
                "age-range-reversed",
                &key("age_min"),
                said!("\"age_min\" is above \"age_max\", so they were swapped".into()),
                String::new(),
            );
            Some((hi, lo))
        }
        (None, None) if groups.is_empty() => None,
        (None, None) => Some(age_range_of(groups)),
        (lo, hi) => Some((lo.unwrap_or(0), hi.unwrap_or(MAX_AGE))),
    };
    let learning_areas = vocab_list(index, f, props, "learning_areas");
    let audiences = vocab_list(index, f, props, "audiences");
    let fee = match props.get("fee").and_then(Value::as_str) {
        None => None,
        Some(s) => Fee::parse(s.trim()).or_else(|| {
            f.problem(
                index,
                W,
                "unknown-value",
                &key("fee"),
                said!(format!("\"{s}\" is not a fee: free, paid or varies")),
                String::new(),
            );
            None
        }),
    };
    let link = |f: &mut Feature<'_>, k: &'static str| -> Option<String> {
        let url = text_of(props, k)?;
        let href = if k == "booking_url" {
            crate::links::booking_href(&url)
        } else {
            crate::links::link_href("website", &url).filter(|u| u.contains("://"))
        };
        if href.is_none() {
            f.problem(
                index,
                W,
                "unsafe-link",
                &key(k),
                said!(if k == "booking_url" {
                    format!(
                        "\"{k}\" is not an http(s), mailto: or tel: address, so it was left out"
                    )
                } else {
                    format!("\"{k}\" is not an http(s) address, so it was left out")
                }),
                said!(if k == "booking_url" {
                    "write the whole address, starting with https://, or mailto: or tel:".into()
                } else {
                    "write the whole address, starting with https://".into()
                }),
            );
        }
        href
    };
    let booking_url = link(f, "booking_url");
    let website = link(f, "website");
    let booking_required = match props.get("booking_required") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            f.problem(
                index,
                W,
                "wrong-type",
                &key("booking_required"),
                said!("\"booking_required\" must be true or false".into()),
                String::new(),
            );
            None
        }
    };
    let mut languages = Vec::new();
    if let Some(list) = props.get("languages") {
        for (j, v) in list
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            match v.as_str().map(str::trim) {
                Some(tag) if crate::load::is_language_tag(tag) => languages.push(tag.to_owned()),
                _ => f.problem(
                    index,
                    W,
                    "bad-language",
                    &[Seg::Key("properties"), Seg::Key("languages"), Seg::Index(j)],
                    said!(format!("{v} is not a language tag")),
                    said!("write a BCP-47 tag such as \"de\" or \"pt-BR\"".into()),
                ),
            }
        }
        if !list.is_array() && !list.is_null() {
            f.problem(
                index,
                W,
                "wrong-type",
                &key("languages"),
                said!("\"languages\" must be a list".into()),
                String::new(),
            );
        }
    }
    let status = match props.get("status").and_then(Value::as_str).map(str::trim) {
        None | Some("scheduled") => EventStatus::Scheduled,
        Some("cancelled") | Some("canceled") => EventStatus::Cancelled,
        Some("full") => EventStatus::Full,
        Some(other) => {
            f.problem(
                index,
                W,
                "unknown-value",
                &key("status"),
                said!(format!(
                    "\"{other}\" is not an event status: scheduled, cancelled or full"
                )),
                String::new(),
            );
            EventStatus::Scheduled
        }
    };
    let (line, column) = index.locate(f.base);
    Some(Event {
        id,
        title: title?,
        titles,
        description: text_of(props, "description"),
        descriptions,
        start,
        duration,
        all_day,
        rule,
        rrule,
        rdates,
        exdates,
        cancelled,
        place,
        position,
        location,
        ages,
        learning_areas,
        audiences,
        fee,
        fee_note: text_of(props, "fee_note"),
        booking_url,
        booking_required,
        website,
        languages,
        status,
        festival: text_of(props, "festival"),
        feature_index: f.i,
        line,
        column,
    })
}

fn point_of(geometry: &Value) -> Option<LonLat> {
    if geometry.get("type")?.as_str()? != "Point" {
        return None;
    }
    let c = geometry.get("coordinates")?.as_array()?;
    let (lon, lat) = (c.first()?.as_f64()?, c.get(1)?.as_f64()?);
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat))
        .then_some(LonLat { lon, lat })
}

fn vocab_list<T: Vocabulary>(
    index: &LineIndex<'_>,
    f: &mut Feature<'_>,
    props: &Map<String, Value>,
    k: &'static str,
) -> EnumSet<T> {
    let mut set = EnumSet::default();
    let items = match props.get(k) {
        None | Some(Value::Null) => return set,
        Some(Value::Array(items)) => items.as_slice(),
        Some(v) => std::slice::from_ref(v),
    };
    for (j, v) in items.iter().enumerate() {
        match v.as_str().and_then(|s| T::parse(s.trim())) {
            Some(t) => set.insert(t),
            None => {
                let known: Vec<&str> = T::ALL.iter().map(|t| t.as_str()).collect();
                f.problem(
                    index,
                    Severity::Warning,
                    "unknown-value",
                    &[Seg::Key("properties"), Seg::Key(k), Seg::Index(j)],
                    said!(format!("{v} is not one of the {k}")),
                    said!(format!("use one of {}", known.join(", "))),
                );
            }
        }
    }
    set
}

// ---------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------

/// What a resident asks of events. The default matches every event. As
/// with places, an event that says nothing is not a yes: an event without
/// ages never matches an age, one without a fee never matches `free`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventFilter {
    /// An age or range (inclusive) that must overlap the event's stated ages.
    pub ages: Option<(u8, u8)>,
    /// Any of these learning areas (empty: any).
    pub learning_areas: EnumSet<LearningArea>,
    /// Any of these audiences (empty: any).
    pub audiences: EnumSet<Audience>,
    /// Only free events.
    pub free: bool,
    /// Only events held in this language (BCP-47; `pt` matches `pt-BR`).
    pub language: Option<String>,
    /// Text in the title (any language), description or location.
    pub text: String,
    /// Only events of this festival.
    pub festival: Option<String>,
    /// Leave out events that are full.
    pub not_full: bool,
}

impl EventFilter {
    /// Whether the event's own attributes (not its dates) match.
    pub fn matches(&self, e: &Event) -> bool {
        self.matches_folded(e, &fold(self.text.trim()))
    }

    /// [`EventFilter::matches`] with the text already folded (once per query).
    fn matches_folded(&self, e: &Event, needle: &str) -> bool {
        if e.status == EventStatus::Cancelled {
            return false;
        }
        if let Some((lo, hi)) = self.ages {
            if !e.ages.is_some_and(|(a, b)| a <= hi && lo <= b) {
                return false;
            }
        }
        if !self.learning_areas.is_empty() && !self.learning_areas.intersects(&e.learning_areas) {
            return false;
        }
        if !self.audiences.is_empty() && !self.audiences.intersects(&e.audiences) {
            return false;
        }
        if self.free && e.fee != Some(Fee::Free) {
            return false;
        }
        if self.not_full && e.status == EventStatus::Full {
            return false;
        }
        if let Some(f) = self.festival.as_deref() {
            if e.festival.as_deref() != Some(f) {
                return false;
            }
        }
        if let Some(lang) = self
            .language
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            if !e
                .languages
                .iter()
                .any(|t| crate::filter::language_matches(t, lang))
            {
                return false;
            }
        }
        needle.is_empty() || searchable(e).contains(needle)
    }
}

fn searchable(e: &Event) -> String {
    let mut all = String::new();
    for t in std::iter::once(&e.title)
        .chain(e.titles.iter().map(|(_, t)| t))
        .chain(e.description.iter())
        .chain(e.descriptions.iter().map(|(_, t)| t))
        .chain(e.location.iter())
    {
        all.push_str(&fold(t));
        all.push('\n');
    }
    all
}

/// The first start of an event's sessions and the end of its last (none
/// when a rule has no end): a session outside it cannot exist. A session
/// without a length ends where it starts, and is in a window it starts in:
/// its end is taken a second later.
fn span_of(e: &Event) -> (NaiveDateTime, Option<NaiveDateTime>) {
    let first = e.rdates.first().map_or(e.start, |r| e.start.min(*r));
    let last_start = match &e.rule {
        None => Some(e.start),
        Some(rule) => match (rule.until, rule.count) {
            (Some(crate::recur::Until::Date(d)), _) => {
                Some(d.and_time(NaiveTime::MIN) + Duration::days(1))
            }
            (Some(crate::recur::Until::DateTime(t)), _) => Some(t),
            (None, Some(_)) => rule.iter(e.start).last(),
            (None, None) => None,
        },
    };
    let last = last_start.map(|t| {
        let t = e.rdates.last().map_or(t, |r| t.max(*r));
        t + e.duration.max(Duration::zero()) + Duration::seconds(1)
    });
    (first, last)
}

/// In which order [`EventIndex::query`] answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Nearest first; events without a position last; then soonest.
    Nearest,
    /// Soonest first; then nearest.
    Soonest,
}

/// One answer: an event and its first occurrence in the window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EventHit {
    /// The event's index in the slice given to the index.
    pub index: usize,
    /// The local start of its first occurrence in the window.
    pub starts: NaiveDateTime,
    /// Metres from where the resident is, when both are known.
    pub distance_m: Option<f64>,
}

/// Events made ready for "What's on": each one's position (its own, else
/// its place's) as a unit vector, and its attributes as bit sets, so that a
/// query tests the cheap things first and expands dates only for events
/// that pass.
#[derive(Clone, Debug)]
pub struct EventIndex {
    /// Unit vectors of the positions (NaN when unknown).
    xyz: Vec<[f64; 3]>,
    /// When each event's sessions can be: from its first start to the end
    /// of its last session (`None`: a rule without end), so a query passes
    /// over events outside its window without expanding a date.
    spans: Vec<(NaiveDateTime, Option<NaiveDateTime>)>,
    /// Learning areas and audiences, beside the positions.
    areas: Vec<EnumSet<LearningArea>>,
    audiences: Vec<EnumSet<Audience>>,
    /// The events whose `place` is not in the places data.
    pub unknown_places: Vec<usize>,
}

impl EventIndex {
    /// Indexes `events`; `place_position` gives a learning space's position
    /// by id (the places data), for events that name a `place` and have no
    /// point of their own.
    pub fn new(events: &[Event], place_position: impl Fn(&str) -> Option<LonLat>) -> Self {
        let mut unknown_places = Vec::new();
        let xyz = events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                // a place that is not in the places data is said even when
                // the event has a point of its own
                let place = e.place.as_deref().map(&place_position);
                if place == Some(None) {
                    unknown_places.push(i);
                }
                let at = e.position.or(place.flatten());
                at.map_or([f64::NAN; 3], unit_vector)
            })
            .collect();
        EventIndex {
            xyz,
            spans: events.iter().map(span_of).collect(),
            areas: events.iter().map(|e| e.learning_areas).collect(),
            audiences: events.iter().map(|e| e.audiences).collect(),
            unknown_places,
        }
    }

    /// The problems of events whose `place` is not among the places (a
    /// warning each, located at the event): they are shown without a distance.
    pub fn place_problems(&self, events: &[Event]) -> Vec<Problem> {
        self.unknown_places
            .iter()
            .map(|&i| {
                let e = &events[i];
                Problem {
                    severity: Severity::Warning,
                    code: "unknown-place",
                    message: said!(format!(
                        "no learning space has the id \"{}\"",
                        e.place.as_deref().unwrap_or("")
                    )),
                    line: e.line,
                    column: e.column,
                    feature_index: Some(e.feature_index),
                    feature_id: Some(e.id.clone()),
                    pointer: format!("/features/{}/properties/place", e.feature_index),
                    hint: said!(
                        "use the id of a place in the places data, or give the event a Point"
                            .into()
                    ),
                }
            })
            .collect()
    }

    /// Where an event is, if known.
    pub fn position(&self, index: usize) -> Option<[f64; 3]> {
        self.xyz.get(index).copied().filter(|v| !v[0].is_nan())
    }

    /// The events that match `filter` and have an occurrence (not called
    /// off, not excepted) overlapping `from..to`, in `order`, at most `k`.
    /// Exact: the same answer as testing every event and sorting.
    /// Distances are from `at` (none without it).
    #[allow(clippy::too_many_arguments)]
    pub fn query(
        &self,
        events: &[Event],
        filter: &EventFilter,
        at: Option<LonLat>,
        from: NaiveDateTime,
        to: NaiveDateTime,
        k: usize,
        order: Order,
    ) -> Vec<EventHit> {
        if k == 0 || from >= to {
            return Vec::new();
        }
        let origin = at.map(unit_vector);
        let (areas, audiences) = (&filter.learning_areas, &filter.audiences);
        let needle = fold(filter.text.trim());
        // (key, index, start, chord²): kept sorted, at most k
        let mut best: Vec<(f64, NaiveDateTime, usize, f64)> = Vec::with_capacity(k + 1);
        for (i, e) in events.iter().enumerate() {
            let (first, last) = self.spans[i];
            if first >= to
                || last.is_some_and(|end| end <= from)
                || (!areas.is_empty() && !self.areas[i].intersects(areas))
                || (!audiences.is_empty() && !self.audiences[i].intersects(audiences))
            {
                continue;
            }
            let chord2 = match (origin, self.position(i)) {
                (Some(o), Some(p)) => {
                    (o[0] - p[0]).powi(2) + (o[1] - p[1]).powi(2) + (o[2] - p[2]).powi(2)
                }
                _ => f64::INFINITY,
            };
            // a nearest-first answer that is full needs nothing farther
            if order == Order::Nearest && best.len() == k && chord2 > best[k - 1].0 {
                continue;
            }
            if !filter.matches_folded(e, &needle) {
                continue;
            }
            let Some(starts) = e.next_in(from, to) else {
                continue;
            };
            let candidate = match order {
                Order::Nearest => (chord2, starts, i, chord2),
                Order::Soonest => (0.0, starts, i, chord2),
            };
            let before = |a: &(f64, NaiveDateTime, usize, f64), b: &(f64, NaiveDateTime, usize, f64)| match order {
                Order::Nearest => (a.0, a.1, a.2).partial_cmp(&(b.0, b.1, b.2)),
                Order::Soonest => (a.1, a.3, a.2).partial_cmp(&(b.1, b.3, b.2)),
            } == Some(std::cmp::Ordering::Less);
            if best.len() == k && !before(&candidate, &best[k - 1]) {
                continue;
            }
            let at = best.partition_point(|b| before(b, &candidate));
            best.insert(at, candidate);
            best.truncate(k);
        }
        best.into_iter()
            .map(|(_, starts, index, chord2)| EventHit {
                index,
                starts,
                distance_m: chord2.is_finite().then(|| chord2_to_m(chord2)),
            })
            .collect()
    }
}
