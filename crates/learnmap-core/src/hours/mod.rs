//! Opening hours in OpenStreetMap's `opening_hours` syntax.
//!
//! A compact evaluator of our own (the `opening-hours` crate and its parser
//! generator were a quarter of the app's WebAssembly). It understands the part
//! of the syntax that `data/README.md` ("Opening hours") documents and rejects
//! the rest with a located message; on that part it agrees with the
//! `opening-hours` crate (without holiday data), which `tests/hours.rs` checks.

mod eval;
mod parse;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt;
use std::sync::Arc;

/// Parsed opening hours, evaluated in the place's local time.
///
/// ```
/// use learnmap_core::OpeningHours;
/// use chrono::NaiveDate;
/// let hours = OpeningHours::parse("Mo-Fr 09:00-18:00").unwrap();
/// let monday_noon = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(12, 0, 0).unwrap();
/// assert!(hours.is_open(monday_noon));
/// assert!(!hours.is_open(monday_noon + chrono::Duration::days(6)));
/// assert!(OpeningHours::parse("Tue - Thu: 10:30 AM - 5:30 PM").is_err());
/// ```
///
/// One pointer: places with the same hours share one parse (the loader
/// parses each distinct text once), and a place's hours cost 8 bytes.
#[derive(Clone)]
pub struct OpeningHours {
    inner: Arc<Parsed>,
}

/// The text and its rules, shared.
struct Parsed {
    source: Box<str>,
    rules: Rules,
}

/// How a rule combines with the rules before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// After `;` (or first): replaces earlier rules on the days it selects.
    Normal,
    /// After `, `: adds to earlier rules.
    Additional,
    /// After `||`: applies only where earlier rules say nothing.
    Fallback,
}

/// The state a rule gives to its times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Open,
    Closed,
    Unknown,
}

/// One rule, with its time spans resolved to minutes.
#[derive(Debug)]
struct Rule {
    op: Op,
    /// The days of the year it selects, as bits `1 << day` per month;
    /// `None`: every day.
    days: Option<[u32; 12]>,
    /// Weekdays as bits, Monday = 1; `None`: every day (`PH`/`SH` add none).
    weekdays: Option<u8>,
    /// Minutes of a selected day, sorted and disjoint, within 0..1440.
    today: Vec<(u16, u16)>,
    /// Minutes of the day after a selected day (spans past midnight).
    spill: Vec<(u16, u16)>,
    kind: Kind,
    /// 0: none; otherwise an index + 1 into [`Rules::comments`].
    comment: u16,
}

#[derive(Debug)]
struct Rules {
    rules: Vec<Rule>,
    /// Whether any rule selects months or dates (so the hours repeat yearly,
    /// not weekly).
    dated: bool,
    /// Whether any rule can make the place open.
    can_open: bool,
}

/// How far [`OpeningHours::next_change`] looks: hours that depend only on
/// the weekday repeat every week; hours with dates are searched 12 years
/// ahead (long enough for `Dec 25 Mo` or `Feb 29`).
const WEEKLY_HORIZON_DAYS: u32 = 9;
const DATED_HORIZON_DAYS: u32 = 12 * 366;

impl OpeningHours {
    /// Parses the OpenStreetMap syntax; the error names the character where
    /// it went wrong and what to write instead.
    pub fn parse(source: &str) -> Result<Self, String> {
        let parsed = parse::parse(source)?;
        Ok(OpeningHours {
            inner: Arc::new(Parsed {
                source: source.into(),
                rules: parsed,
            }),
        })
    }

    /// The text as the data gave it.
    pub fn source(&self) -> &str {
        &self.inner.source
    }

    /// Whether the place is open at this local date and time (to the minute;
    /// `unknown` and holiday-only rules count as closed).
    pub fn is_open(&self, local: NaiveDateTime) -> bool {
        let minute = minute_of(local.time());
        self.inner
            .rules
            .open_spans(local.date())
            .iter()
            .any(|&(s, e)| s <= minute && minute < e)
    }

    /// When the place next opens or closes after `local`, if it does within
    /// the evaluator's horizon (a week for weekly hours, 12 years for hours
    /// with dates).
    pub fn next_change(&self, local: NaiveDateTime) -> Option<NaiveDateTime> {
        let days = if self.inner.rules.dated {
            DATED_HORIZON_DAYS
        } else {
            WEEKLY_HORIZON_DAYS
        };
        self.next_flip(local, days)
    }

    fn next_flip(&self, local: NaiveDateTime, days: u32) -> Option<NaiveDateTime> {
        let open = self.is_open(local);
        if !open && !self.inner.rules.can_open {
            return None;
        }
        let first = minute_of(local.time());
        let mut date = local.date();
        // A day's schedule depends only on which rules select it and the day
        // before: a day like the last one, which had no change, has none.
        let mut last = None;
        for i in 0..=days {
            let key = self.inner.rules.selection(date);
            if i < 2 || key.is_none() || key != last {
                let spans = self.inner.rules.open_spans(date);
                let open_at = |m: u16| spans.iter().any(|&(s, e)| s <= m && m < e);
                let bounds = std::iter::once(0).chain(spans.iter().flat_map(|&(s, e)| [s, e]));
                let flip = bounds
                    .filter(|&m| m < eval::DAY && (i > 0 || m > first))
                    .filter(|&m| open_at(m) != open)
                    .min();
                if let Some(m) = flip {
                    let time = NaiveTime::from_hms_opt(u32::from(m / 60), u32::from(m % 60), 0)?;
                    return Some(date.and_time(time));
                }
            }
            last = key;
            date = date.succ_opt()?;
        }
        None
    }
}

fn minute_of(time: NaiveTime) -> u16 {
    (time.hour() * 60 + time.minute()) as u16
}

/// Whether a place is open at a moment, and until or from when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenState {
    /// Open now; closes at the time given, if it closes within a week.
    Open {
        /// When it next closes.
        closes: Option<NaiveDateTime>,
    },
    /// Closed now; opens at the time given, if it opens within a week.
    Closed {
        /// When it next opens.
        opens: Option<NaiveDateTime>,
    },
}

impl OpeningHours {
    /// The times the place is open on `day`, as (from, to) local times; a
    /// stretch that runs past midnight ends at 24:00 (`to` is `None`).
    /// Stretches that touch but carry different comments stay apart.
    ///
    /// ```
    /// use learnmap_core::OpeningHours;
    /// use chrono::{NaiveDate, NaiveTime};
    /// let hours = OpeningHours::parse("Mo 09:00-12:00,14:00-18:00; Tu off").unwrap();
    /// let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    /// let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    /// assert_eq!(hours.day(monday), vec![(hm(9, 0), Some(hm(12, 0))), (hm(14, 0), Some(hm(18, 0)))]);
    /// assert!(hours.day(monday.succ_opt().unwrap()).is_empty());
    /// ```
    pub fn day(&self, day: NaiveDate) -> Vec<(NaiveTime, Option<NaiveTime>)> {
        let hm = |m: u16| NaiveTime::from_hms_opt(u32::from(m / 60), u32::from(m % 60), 0);
        let mut out: Vec<(u16, u16, u16)> = Vec::new();
        for seg in self.inner.rules.schedule(day) {
            if seg.kind != Kind::Open {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.1 == seg.start && last.2 == seg.comment => last.1 = seg.end,
                _ => out.push((seg.start, seg.end, seg.comment)),
            }
        }
        out.into_iter()
            .map(|(s, e, _)| (hm(s).unwrap_or_default(), hm(e).filter(|_| e < eval::DAY)))
            .collect()
    }

    /// Open or closed at `local`, with the next change within a week.
    ///
    /// ```
    /// use learnmap_core::{OpeningHours, OpenState};
    /// use chrono::NaiveDate;
    /// let hours = OpeningHours::parse("Mo-Fr 09:00-18:00").unwrap();
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(); // a Monday
    /// let at = |h, m| day.and_hms_opt(h, m, 0).unwrap();
    /// assert_eq!(hours.state_at(at(12, 0)), OpenState::Open { closes: Some(at(18, 0)) });
    /// assert_eq!(hours.state_at(at(8, 0)), OpenState::Closed { opens: Some(at(9, 0)) });
    /// ```
    pub fn state_at(&self, local: NaiveDateTime) -> OpenState {
        let horizon = local + Duration::days(8);
        let next = self
            .next_flip(local, WEEKLY_HORIZON_DAYS)
            .filter(|t| *t <= horizon);
        if self.is_open(local) {
            OpenState::Open { closes: next }
        } else {
            OpenState::Closed { opens: next }
        }
    }
}

impl fmt::Debug for OpeningHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OpeningHours")
            .field(&self.inner.source)
            .finish()
    }
}

impl PartialEq for OpeningHours {
    fn eq(&self, other: &Self) -> bool {
        self.inner.source == other.inner.source
    }
}
