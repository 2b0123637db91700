//! "Add to calendar": one event as an iCalendar file (RFC 5545), as
//! calendar apps import it.
//!
//! The file carries the event's local times with their zone (`TZID`), its
//! recurrence as the data gives it (`RRULE`, `RDATE`, `EXDATE`), and its
//! sessions that are called off as cancelled instances of it
//! (`RECURRENCE-ID` with `STATUS:CANCELLED`), so no calendar shows them as
//! happening. Text is escaped, lines end in CRLF and are folded at 75 octets.
//!
//! The core has no time zone database: the caller describes the zone's UTC
//! offsets over the event's dates ([`IcsZone::probe`] with the browser's
//! `Intl`), and the file gets a `VTIMEZONE` with exactly those changes.
//!
//! ```
//! use learnmap_core::events::load_events;
//! use learnmap_core::ics::{event_ics, IcsOptions};
//! let set = load_events(r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
//!   "geometry": null, "properties": {"id": "e1", "title": "Code, club; \"kids\"", "place": "p1",
//!   "start": "2026-10-06T17:00", "end": "2026-10-06T18:30", "rrule": "FREQ=WEEKLY;COUNT=4"}}]}"#).unwrap();
//! let stamp = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
//! let ics = event_ics(&set.events[0], &IcsOptions { stamp, ..IcsOptions::default() });
//! assert!(ics.contains("\r\nSUMMARY:Code\\, club\\; \"kids\"\r\n"));
//! assert!(ics.contains("\r\nDTSTART:20261006T170000\r\nDTEND:20261006T183000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"));
//! ```

use crate::events::{DateOrTime, Event, EventStatus};
use crate::model::LonLat;
use crate::recur::{parse_ical_time, Until};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// A time zone as a calendar file describes it: its IANA name and its UTC
/// offsets over the dates that matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcsZone {
    /// The IANA name (`Europe/Berlin`), written as the `TZID`.
    pub name: String,
    /// Minutes east of UTC before the first change.
    pub offset: i32,
    /// The changes of offset, in order: the UTC instant of each and the
    /// offset (minutes east of UTC) from then on.
    pub changes: Vec<(NaiveDateTime, i32)>,
}

impl IcsZone {
    /// Describes the zone `name` between the UTC instants `from` and `to`,
    /// from `offset_at` (minutes east of UTC at a UTC instant, as the
    /// browser's `Intl` tells): looked at each day, and each change found
    /// to the minute. `None` when `offset_at` does not know the zone.
    ///
    /// ```
    /// use learnmap_core::ics::IcsZone;
    /// use chrono::NaiveDate;
    /// // a zone one hour east of UTC, two from 29 March 2026 01:00 UTC
    /// let change = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(1, 0, 0).unwrap();
    /// let offset = |t| Some(if t < change { 60 } else { 120 });
    /// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap().and_hms_opt(0, 0, 0).unwrap();
    /// let zone = IcsZone::probe("Europe/Berlin", day(3, 1), day(5, 1), offset).unwrap();
    /// assert_eq!((zone.offset, zone.changes), (60, vec![(change, 120)]));
    /// ```
    pub fn probe(
        name: &str,
        from: NaiveDateTime,
        to: NaiveDateTime,
        offset_at: impl Fn(NaiveDateTime) -> Option<i32>,
    ) -> Option<IcsZone> {
        let mut zone = IcsZone {
            name: name.to_owned(),
            offset: offset_at(from)?,
            changes: Vec::new(),
        };
        let (mut t, mut offset) = (from, zone.offset);
        while t < to {
            let next = (t + Duration::days(1)).min(to);
            let after = offset_at(next)?;
            if after != offset {
                // the first minute with the new offset
                let (mut lo, mut hi) = (t, next);
                while hi - lo > Duration::minutes(1) {
                    let mid = lo + (hi - lo) / 2;
                    let mid = mid - Duration::seconds(mid.and_utc().timestamp().rem_euclid(60));
                    if mid <= lo {
                        break;
                    }
                    if offset_at(mid)? == offset {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                zone.changes.push((hi, after));
                offset = after;
            }
            t = next;
        }
        Some(zone)
    }

    /// The offset in force at the UTC instant `t`.
    fn offset_at_utc(&self, t: NaiveDateTime) -> i32 {
        self.changes
            .iter()
            .take_while(|(at, _)| *at <= t)
            .last()
            .map_or(self.offset, |(_, o)| *o)
    }

    /// The UTC instant of the local time `local` (in a gap or a repeated
    /// hour, the offset before the change).
    pub fn to_utc(&self, local: NaiveDateTime) -> NaiveDateTime {
        let minus = |m: i32| local - Duration::minutes(i64::from(m));
        let first = self.offset_at_utc(minus(self.offset_at_utc(local)));
        let second = self.offset_at_utc(minus(first));
        if first == second {
            minus(first)
        } else {
            // in a gap or a repeated hour: the earlier offset's reading
            minus(first.max(second))
        }
    }
}

/// What besides the event goes into its calendar file.
#[derive(Clone, Debug, Default)]
pub struct IcsOptions<'a> {
    /// The language of the title and description (`title:xx`), if any.
    pub lang: &'a str,
    /// The events' time zone; `None`: floating local times.
    pub zone: Option<&'a IcsZone>,
    /// Where, in words (the place's name and address, or the event's location).
    pub location: Option<String>,
    /// Where, as a point (`GEO`).
    pub position: Option<LonLat>,
    /// When the file is made, in UTC (`DTSTAMP`).
    pub stamp: NaiveDateTime,
    /// The site's host, for the event's `UID` (`id@host`): the same event
    /// added twice is one in the calendar.
    pub host: &'a str,
}

/// Escapes TEXT (RFC 5545, 3.3.11): backslash, semicolon, comma and line
/// breaks.
///
/// ```
/// assert_eq!(learnmap_core::ics::escape_text("a\\b;c,d\r\ne"), "a\\\\b\\;c\\,d\\ne");
/// ```
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded (RFC 5545, 3.1): at most 75 octets a
/// line, never inside a character, continuation lines starting with a space.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        // the continuation's leading space counts in its 75
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn basic_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn basic_time(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}{:02}", m / 60, m % 60)
}

/// A property with a local time: `NAME;TZID=zone:value`, `NAME:value`
/// (floating) or `NAME;VALUE=DATE:value` (whole days).
fn time_property(name: &str, e: &Event, zone: Option<&IcsZone>, times: &[NaiveDateTime]) -> String {
    if e.all_day {
        let days: Vec<String> = times.iter().map(|t| basic_date(t.date())).collect();
        return format!("{name};VALUE=DATE:{}", days.join(","));
    }
    let values: Vec<String> = times.iter().map(|t| basic_time(*t)).collect();
    match zone {
        Some(z) => format!("{name};TZID={}:{}", z.name, values.join(",")),
        None => format!("{name}:{}", values.join(",")),
    }
}

/// The starts that `dates` (a day: every session that day) names among the
/// event's sessions as the rule makes them, in order. Days with no session
/// are left out: there is nothing there to take out.
fn sessions_named(e: &Event, dates: &[DateOrTime]) -> Vec<NaiveDateTime> {
    let mut out: Vec<NaiveDateTime> = dates
        .iter()
        .map(|d| match *d {
            DateOrTime::DateTime(t) => t,
            DateOrTime::Date(day) => day.and_time(e.start.time()),
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The rule as the data wrote it, with an `UNTIL` in the value type RFC 5545
/// asks for: UTC when the times have a zone (the end of that local day, or
/// that local time), the start's type otherwise.
fn rrule_line(e: &Event, zone: Option<&IcsZone>) -> Option<String> {
    let written = e.rrule.as_deref()?.trim();
    let written = written
        .get(..6)
        .filter(|p| p.eq_ignore_ascii_case("RRULE:"))
        .map_or(written, |_| &written[6..]);
    let parts: Vec<String> = written
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            let Some((name, value)) = part.split_once('=') else {
                return part.to_owned();
            };
            if !name.trim().eq_ignore_ascii_case("UNTIL") {
                return format!("{}={}", name.trim().to_ascii_uppercase(), value.trim());
            }
            let value = value.trim().to_ascii_uppercase();
            // already UTC, or not readable (the loader refuses such a rule)
            let Some(until) = parse_ical_time(&value).filter(|_| !value.ends_with('Z')) else {
                return format!("UNTIL={value}");
            };
            let last = match until {
                Until::Date(d) => {
                    d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
                }
                Until::DateTime(t) => t,
            };
            match (e.all_day, zone) {
                (true, _) => format!("UNTIL={}", basic_date(last.date())),
                (false, Some(z)) => format!("UNTIL={}Z", basic_time(z.to_utc(last))),
                (false, None) => format!("UNTIL={}", basic_time(last)),
            }
        })
        .collect();
    Some(format!("RRULE:{}", parts.join(";")))
}

/// The `VTIMEZONE` of `zone`: its offset before the first change, then
/// each change as a `STANDARD` (to a smaller offset) or `DAYLIGHT` one, at
/// the local time it happens (in the offset before it).
fn push_zone(out: &mut String, zone: &IcsZone, first: NaiveDateTime) {
    push_line(out, "BEGIN:VTIMEZONE");
    push_line(out, &format!("TZID:{}", zone.name));
    let mut before = zone.offset;
    let block = |out: &mut String, kind: &str, at: NaiveDateTime, from: i32, to: i32| {
        push_line(out, &format!("BEGIN:{kind}"));
        push_line(out, &format!("DTSTART:{}", basic_time(at)));
        push_line(out, &format!("TZOFFSETFROM:{}", offset_text(from)));
        push_line(out, &format!("TZOFFSETTO:{}", offset_text(to)));
        push_line(out, &format!("END:{kind}"));
    };
    // the offset in force from before the first session
    let start = first.date().and_time(NaiveTime::MIN) - Duration::days(1);
    block(out, "STANDARD", start, zone.offset, zone.offset);
    for &(at, after) in &zone.changes {
        let local = at + Duration::minutes(i64::from(before));
        let kind = if after > before {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        block(out, kind, local, before, after);
        before = after;
    }
    push_line(out, "END:VTIMEZONE");
}

/// The iCalendar file of one event: a `VCALENDAR` with its zone and the
/// event (`SUMMARY`, `DESCRIPTION`, `LOCATION`, `GEO`, `URL`, the times and
/// the recurrence as the data has them), and a cancelled instance for each
/// session that is called off.
pub fn event_ics(e: &Event, o: &IcsOptions<'_>) -> String {
    let mut out = String::new();
    let zone = o.zone.filter(|_| !e.all_day);
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, "PRODID:-//learnmap//What's on//EN");
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    if let Some(z) = zone {
        push_zone(
            &mut out,
            z,
            e.rdates.first().map_or(e.start, |r| e.start.min(*r)),
        );
    }
    let uid = if o.host.is_empty() {
        format!("UID:{}@learnmap", e.id)
    } else {
        format!("UID:{}@{}", e.id, o.host)
    };
    let stamp = format!("DTSTAMP:{}Z", basic_time(o.stamp));
    let summary = format!("SUMMARY:{}", escape_text(e.title_in(o.lang)));
    let end = |t: NaiveDateTime| (!e.duration.is_zero()).then(|| t + e.duration);
    push_line(&mut out, "BEGIN:VEVENT");
    push_line(&mut out, &uid);
    push_line(&mut out, &stamp);
    push_line(&mut out, &time_property("DTSTART", e, zone, &[e.start]));
    if let Some(t) = end(e.start) {
        push_line(&mut out, &time_property("DTEND", e, zone, &[t]));
    }
    if let Some(line) = rrule_line(e, zone) {
        push_line(&mut out, &line);
    }
    if !e.rdates.is_empty() {
        push_line(&mut out, &time_property("RDATE", e, zone, &e.rdates));
    }
    let excepted = sessions_named(e, &e.exdates);
    if !excepted.is_empty() {
        push_line(&mut out, &time_property("EXDATE", e, zone, &excepted));
    }
    push_line(&mut out, &summary);
    if let Some(d) = e.description_in(o.lang) {
        push_line(&mut out, &format!("DESCRIPTION:{}", escape_text(d)));
    }
    if let Some(l) = o.location.as_deref().or(e.location.as_deref()) {
        push_line(&mut out, &format!("LOCATION:{}", escape_text(l)));
    }
    if let Some(p) = o.position.or(e.position) {
        let coord = |x: f64| crate::number::fixed(x, 6);
        push_line(&mut out, &format!("GEO:{};{}", coord(p.lat), coord(p.lon)));
    }
    // a page of the event, else where to book it (a web address only)
    if let Some(url) = e
        .website
        .as_deref()
        .or(e.booking_url.as_deref())
        .filter(|u| u.contains("://"))
    {
        push_line(&mut out, &format!("URL:{url}"));
    }
    let repeats = e.rule.is_some() || !e.rdates.is_empty();
    let called_off = sessions_named(e, &e.cancelled);
    // a single session that is called off is the event called off
    let status =
        if e.status == EventStatus::Cancelled || (!repeats && called_off.contains(&e.start)) {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
    push_line(&mut out, &format!("STATUS:{status}"));
    push_line(&mut out, "END:VEVENT");
    // sessions called off: cancelled instances of the event
    if e.status != EventStatus::Cancelled && repeats {
        for t in called_off {
            push_line(&mut out, "BEGIN:VEVENT");
            push_line(&mut out, &uid);
            push_line(&mut out, &stamp);
            push_line(&mut out, &time_property("RECURRENCE-ID", e, zone, &[t]));
            push_line(&mut out, &time_property("DTSTART", e, zone, &[t]));
            if let Some(end) = end(t) {
                push_line(&mut out, &time_property("DTEND", e, zone, &[end]));
            }
            push_line(&mut out, &summary);
            push_line(&mut out, "STATUS:CANCELLED");
            push_line(&mut out, "END:VEVENT");
        }
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// The file name for an event's calendar file: its id, with anything but
/// letters, digits, `-` and `_` made `-`.
///
/// ```
/// assert_eq!(learnmap_core::ics::file_name("fest/1 001"), "fest-1-001.ics");
/// ```
pub fn file_name(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{safe}.ics")
}
