//! Opening hours in OpenStreetMap's `opening_hours` syntax.

use chrono::NaiveDateTime;
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
#[derive(Clone)]
pub struct OpeningHours {
    source: Arc<str>,
    parsed: Arc<opening_hours::OpeningHours>,
}

impl OpeningHours {
    /// Parses the OpenStreetMap syntax; the error says what the parser found.
    pub fn parse(source: &str) -> Result<Self, String> {
        let parsed = source
            .parse::<opening_hours::OpeningHours>()
            .map_err(|e| e.to_string())?;
        Ok(OpeningHours {
            source: source.into(),
            parsed: Arc::new(parsed),
        })
    }

    /// The text as the data gave it.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the place is open at this local date and time.
    pub fn is_open(&self, local: NaiveDateTime) -> bool {
        self.parsed.is_open(local)
    }

    /// When the state next changes after `local` (opens or closes), if within the parser's horizon.
    pub fn next_change(&self, local: NaiveDateTime) -> Option<NaiveDateTime> {
        self.parsed.next_change(local)
    }
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
    pub fn day(
        &self,
        day: chrono::NaiveDate,
    ) -> Vec<(chrono::NaiveTime, Option<chrono::NaiveTime>)> {
        let start = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        let end = start + chrono::Duration::days(1);
        self.parsed
            .iter_range(start, end)
            .filter(|r| r.kind == opening_hours::RuleKind::Open)
            .map(|r| {
                let to = (r.range.end < end).then(|| r.range.end.time());
                (r.range.start.time(), to)
            })
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
        let horizon = local + chrono::Duration::days(8);
        let next = self.next_change(local).filter(|t| *t <= horizon);
        if self.is_open(local) {
            OpenState::Open { closes: next }
        } else {
            OpenState::Closed { opens: next }
        }
    }
}

impl fmt::Debug for OpeningHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OpeningHours").field(&self.source).finish()
    }
}

impl PartialEq for OpeningHours {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}
