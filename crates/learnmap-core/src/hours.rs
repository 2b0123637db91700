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
