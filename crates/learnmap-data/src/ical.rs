//! `learnmap-data import FILE.ics`: iCalendar (RFC 5545) as calendars and
//! CMSs export it, to learnmap events (`data/README.md`, "Events and
//! courses"), without a mapping file.
//!
//! Read: VEVENT with UID, SUMMARY, DESCRIPTION, DTSTART, DTEND or DURATION,
//! TZID (an IANA name, a VTIMEZONE's `X-LIC-LOCATION`, a path ending in an
//! IANA name, or a common Windows name), RRULE, RDATE, EXDATE, LOCATION,
//! GEO, URL, CATEGORIES, STATUS, and RECURRENCE-ID (a cancelled or moved
//! session); folded lines; escaped text. Every time is written as a local
//! time in one zone (the mapping's `time_zone`, else the calendar's
//! `X-WR-TIMEZONE`, else the first TZID used, else UTC). Everything that
//! cannot be read is reported at its line, and the rest is kept.
//!
//! An optional mapping (TOML) adds rules:
//!
//! ```toml
//! time_zone = "Europe/Berlin"          # write times in this zone
//! places = "../demo/learning-spaces.geojson"  # match LOCATION to places (relative to the mapping)
//! festival = "lernfest-2026"           # tag every event
//! [location]                           # LOCATION text -> place id
//! "Bücherhalle Altona, Ottenser Hauptstraße 2" = "hh-012"
//! [always]                             # properties every event gets
//! learning_areas = ["digital"]
//! ```

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use learnmap_core::recur::{parse_ical_time, Rule, Until};
use learnmap_core::{LearningArea, Severity, Vocabulary};
use learnmap_import::ImportProblem;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::fmt::Write as _;

/// What a mapping may say about an iCalendar import.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IcalMapping {
    /// The zone to write local times in.
    pub time_zone: Option<String>,
    /// A places file whose names LOCATION is matched against.
    pub places: Option<std::path::PathBuf>,
    /// A festival tag for every event.
    pub festival: Option<String>,
    /// LOCATION text to place id.
    #[serde(default)]
    pub location: HashMap<String, String>,
    /// Properties every event gets.
    #[serde(default)]
    pub always: Map<String, Value>,
}

/// A content line, unfolded: where it starts, its name, parameters and value.
#[derive(Debug, Clone)]
struct Line {
    line: usize,
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Line {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A component: its name, where it begins, its properties and its children.
#[derive(Debug, Default)]
struct Component {
    name: String,
    line: usize,
    props: Vec<Line>,
    children: Vec<Component>,
}

impl Component {
    fn get(&self, name: &str) -> Option<&Line> {
        self.props.iter().find(|p| p.name == name)
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }
}

struct Reader {
    problems: Vec<ImportProblem>,
}

impl Reader {
    fn problem(
        &mut self,
        severity: Severity,
        code: &'static str,
        line: usize,
        message: String,
        hint: &str,
    ) {
        self.problems.push(ImportProblem {
            severity,
            code,
            message,
            line: Some(line),
            record: None,
            hint: hint.to_owned(),
        });
    }
}

/// Splits the text into unfolded content lines (RFC 5545, 3.1), each with
/// the line number where it starts.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    // CRLF, LF or a lone CR end a line
    let normal = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, raw) in normal.split('\n').enumerate() {
        match (raw.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ if raw.trim().is_empty() => {}
            _ => out.push((i + 1, raw.to_owned())),
        }
    }
    out
}

/// Parses `NAME;PARAM=a,b;P2="x":value`.
fn content_line(line: usize, text: &str) -> Result<Line, String> {
    let mut chars = text.char_indices().peekable();
    let mut name_end = text.len();
    for (i, c) in chars.by_ref() {
        if c == ';' || c == ':' {
            name_end = i;
            break;
        }
    }
    let name = &text[..name_end];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!(
            "\"{}\" is not a property name",
            name.chars().take(40).collect::<String>()
        ));
    }
    let mut params = Vec::new();
    let mut rest = &text[name_end..];
    loop {
        if let Some(value) = rest.strip_prefix(':') {
            return Ok(Line {
                line,
                name: name.to_ascii_uppercase(),
                params,
                value: value.to_owned(),
            });
        }
        let Some(after) = rest.strip_prefix(';') else {
            return Err(format!("the property {name} has no ':' before its value"));
        };
        let Some(eq) = after.find('=') else {
            return Err(format!("a parameter of {name} has no '='"));
        };
        let pname = after[..eq].to_ascii_uppercase();
        let mut value = String::new();
        let mut tail = &after[eq + 1..];
        loop {
            if let Some(quoted) = tail.strip_prefix('"') {
                let Some(end) = quoted.find('"') else {
                    return Err(format!("a quoted parameter of {name} does not end"));
                };
                value.push_str(&quoted[..end]);
                tail = &quoted[end + 1..];
            } else {
                let end = tail.find([',', ';', ':']).unwrap_or(tail.len());
                value.push_str(&tail[..end]);
                tail = &tail[end..];
            }
            match tail.strip_prefix(',') {
                Some(more) => {
                    value.push(',');
                    tail = more;
                }
                None => break,
            }
        }
        params.push((pname, value));
        rest = tail;
    }
}

/// Reads the components of the text; problems for what cannot be read.
fn components(text: &str, r: &mut Reader) -> Vec<Component> {
    let mut stack: Vec<Component> = Vec::new();
    let mut top = Vec::new();
    for (line, raw) in unfold(text) {
        let parsed = match content_line(line, &raw) {
            Ok(p) => p,
            Err(why) => {
                r.problem(
                    Severity::Warning,
                    "bad-line",
                    line,
                    format!("the line cannot be read: {why}"),
                    "check the line; it was left out",
                );
                continue;
            }
        };
        match parsed.name.as_str() {
            "BEGIN" => stack.push(Component {
                name: parsed.value.trim().to_ascii_uppercase(),
                line,
                ..Component::default()
            }),
            "END" => {
                let name = parsed.value.trim().to_ascii_uppercase();
                match stack.pop() {
                    Some(c) if c.name == name => match stack.last_mut() {
                        Some(parent) => parent.children.push(c),
                        None => top.push(c),
                    },
                    Some(c) => {
                        r.problem(
                            Severity::Warning,
                            "bad-nesting",
                            line,
                            format!("END:{name} closes BEGIN:{} of line {}", c.name, c.line),
                            "each BEGIN needs the END of the same name",
                        );
                        // keep what it held: close it anyway
                        match stack.last_mut() {
                            Some(parent) => parent.children.push(c),
                            None => top.push(c),
                        }
                    }
                    None => r.problem(
                        Severity::Warning,
                        "bad-nesting",
                        line,
                        format!("END:{name} without a BEGIN"),
                        "remove it, or add the BEGIN",
                    ),
                }
            }
            _ => match stack.last_mut() {
                Some(c) => c.props.push(parsed),
                None => r.problem(
                    Severity::Warning,
                    "bad-line",
                    line,
                    format!("{} is outside any BEGIN:VCALENDAR", parsed.name),
                    "put properties inside a component",
                ),
            },
        }
    }
    while let Some(c) = stack.pop() {
        r.problem(
            Severity::Warning,
            "bad-nesting",
            c.line,
            format!("BEGIN:{} is never ended", c.name),
            "add the END; what it holds was still read",
        );
        match stack.last_mut() {
            Some(parent) => parent.children.push(c),
            None => top.push(c),
        }
    }
    top
}

/// Text values: `\n`, `\,`, `\;` and `\\` unescaped.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

/// Splits a list value on unescaped commas.
fn split_list(value: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut escaped = false;
    for c in value.chars() {
        match c {
            ',' if !escaped => out.push(String::new()),
            _ => {
                escaped = c == '\\' && !escaped;
                if let Some(last) = out.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    out.into_iter()
        .map(|s| unescape(&s))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Common Windows zone names (Outlook, Exchange) and their IANA names.
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("Romance Standard Time", "Europe/Paris"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("E. Africa Standard Time", "Africa/Nairobi"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("China Standard Time", "Asia/Shanghai"),
    ("India Standard Time", "Asia/Kolkata"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("UTC", "UTC"),
];

/// An IANA zone for a TZID: the name itself, a known Windows name, the
/// IANA name at the end of a path (`/mozilla.org/20050126_1/Europe/Berlin`),
/// or the VTIMEZONE's `X-LIC-LOCATION`.
fn zone_of(tzid: &str, vtimezones: &HashMap<String, Option<String>>) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = tzid.parse::<Tz>() {
        return Some(tz);
    }
    if let Some((_, iana)) = WINDOWS_ZONES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(tzid))
    {
        return iana.parse().ok();
    }
    if let Some(Some(location)) = vtimezones.get(tzid) {
        if let Ok(tz) = location.parse::<Tz>() {
            return Some(tz);
        }
    }
    // a path: try its last one, two and three parts
    let parts: Vec<&str> = tzid.split('/').collect();
    (1..=3.min(parts.len()))
        .rev()
        .find_map(|n| parts[parts.len() - n..].join("/").parse::<Tz>().ok())
}

/// A time as iCalendar gives it.
#[derive(Clone, Copy, Debug)]
enum When {
    Date(NaiveDate),
    Floating(NaiveDateTime),
    Utc(NaiveDateTime),
    Zoned(NaiveDateTime, Tz),
}

fn when_of(
    value: &str,
    tzid: Option<&str>,
    zones: &HashMap<String, Option<String>>,
) -> Result<When, String> {
    let value = value.trim();
    match parse_ical_time(value) {
        Some(Until::Date(d)) => Ok(When::Date(d)),
        Some(Until::DateTime(t)) if value.ends_with('Z') => Ok(When::Utc(t)),
        Some(Until::DateTime(t)) => match tzid {
            None => Ok(When::Floating(t)),
            Some(id) => zone_of(id, zones)
                .map(|tz| When::Zoned(t, tz))
                .ok_or_else(|| format!("the time zone \"{id}\" is unknown")),
        },
        None => Err(format!(
            "\"{value}\" is not a date (20261006) or a date and time (20261006T170000)"
        )),
    }
}

/// The local time in `target` of a time in `zone` (gaps move forward, as RFC 5545 says).
fn local_in(t: NaiveDateTime, zone: Tz, target: Tz) -> NaiveDateTime {
    let instant: DateTime<Tz> = match zone.from_local_datetime(&t) {
        chrono::LocalResult::Single(x) => x,
        chrono::LocalResult::Ambiguous(first, _) => first,
        chrono::LocalResult::None => {
            // in a gap (02:30 when clocks jump from 02:00 to 03:00): the offset before it
            let before = zone
                .offset_from_utc_datetime(&(t - Duration::hours(3)))
                .fix();
            let utc = t - Duration::seconds(i64::from(before.local_minus_utc()));
            zone.from_utc_datetime(&utc)
        }
    };
    instant.with_timezone(&target).naive_local()
}

impl When {
    /// The local time in `target` (a date is midnight; floating stays as written).
    fn local(self, target: Tz) -> NaiveDateTime {
        match self {
            When::Date(d) => d.and_time(NaiveTime::MIN),
            When::Floating(t) => t,
            When::Utc(t) => Utc
                .from_utc_datetime(&t)
                .with_timezone(&target)
                .naive_local(),
            When::Zoned(t, zone) if zone == target => t,
            When::Zoned(t, zone) => local_in(t, zone, target),
        }
    }
    /// The zone the time was written in, if any.
    fn zone(self) -> Option<Tz> {
        match self {
            When::Utc(_) => Some(Tz::UTC),
            When::Zoned(_, z) => Some(z),
            _ => None,
        }
    }
}

/// An RFC 5545 DURATION such as `PT1H30M` or `P1D`.
fn duration_of(value: &str) -> Option<Duration> {
    let v = value.trim();
    let (negative, v) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let mut rest = v.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut in_time = false;
    let mut any = false;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('T') {
            in_time = true;
            rest = after;
            continue;
        }
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let n: i64 = rest[..digits]
            .parse()
            .ok()
            .filter(|n: &i64| *n <= 100_000)?;
        let unit = rest[digits..].chars().next()?;
        total += match (unit, in_time) {
            ('W', false) => Duration::weeks(n),
            ('D', false) => Duration::days(n),
            ('H', true) => Duration::hours(n),
            ('M', true) => Duration::minutes(n),
            ('S', true) => Duration::seconds(n),
            _ => return None,
        };
        any = true;
        rest = &rest[digits + 1..];
    }
    (any && !negative).then_some(total)
}

/// The UNTIL of an RRULE rewritten as a local time in `zone`: RFC 5545
/// writes it in UTC when the start has a zone.
fn rule_in(rule_text: &str, zone: Tz) -> String {
    rule_text
        .trim()
        .split(';')
        .map(|part| match part.split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("UNTIL") && v.trim().ends_with('Z') => {
                match parse_ical_time(v.trim()) {
                    Some(Until::DateTime(t)) => {
                        let local = Utc.from_utc_datetime(&t).with_timezone(&zone).naive_local();
                        format!("UNTIL={}", local.format("%Y%m%dT%H%M%S"))
                    }
                    _ => part.to_owned(),
                }
            }
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// One VEVENT, read: a master event, or an override of one of its sessions.
struct Read {
    uid: String,
    line: usize,
    recurrence_id: Option<NaiveDateTime>,
    cancelled: bool,
    props: Map<String, Value>,
    geometry: Value,
}

/// What an iCalendar import gave.
pub struct IcalImport {
    /// The events, as a GeoJSON text, one feature per line.
    pub text: String,
    /// How many VEVENTs the file has.
    pub records: usize,
    /// How many VEVENTs were skipped for an error.
    pub skipped: usize,
    /// Problems located in the input.
    pub problems: Vec<ImportProblem>,
}

/// Folds text for matching names: lower case, letters and digits only.
fn key(text: &str) -> String {
    learnmap_core::text::fold(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Imports an iCalendar text. `places` are `(id, name)` pairs that
/// LOCATION is matched to (the mapping's table first, then a LOCATION that
/// is, or begins with, a place's name).
pub fn import(text: &str, mapping: &IcalMapping, places: &[(String, String)]) -> IcalImport {
    let mut r = Reader {
        problems: Vec::new(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let top = components(text, &mut r);
    let calendars: Vec<&Component> = top.iter().filter(|c| c.name == "VCALENDAR").collect();
    if calendars.is_empty() {
        r.problem(
            Severity::Error,
            "not-icalendar",
            1,
            "the file has no BEGIN:VCALENDAR: it is not an iCalendar file".into(),
            "export the calendar as .ics (iCalendar)",
        );
    }
    // VTIMEZONE ids and their X-LIC-LOCATION
    let mut vtimezones = HashMap::new();
    for cal in &calendars {
        for tz in cal.children.iter().filter(|c| c.name == "VTIMEZONE") {
            if let Some(id) = tz.get("TZID") {
                let location = tz.get("X-LIC-LOCATION").map(|l| l.value.trim().to_owned());
                vtimezones.insert(id.value.trim().to_owned(), location);
            }
        }
    }
    let events: Vec<&Component> = calendars
        .iter()
        .flat_map(|c| c.children.iter().filter(|e| e.name == "VEVENT"))
        .collect();
    // the zone to write in
    let calendar_zone = calendars
        .iter()
        .find_map(|c| c.get("X-WR-TIMEZONE"))
        .map(|l| l.value.trim().to_owned());
    let first_tzid = events.iter().find_map(|e| {
        e.get("DTSTART")
            .and_then(|d| d.param("TZID"))
            .map(str::to_owned)
    });
    let target: Tz = mapping
        .time_zone
        .as_deref()
        .or(calendar_zone.as_deref())
        .or(first_tzid.as_deref())
        .and_then(|z| zone_of(z, &vtimezones))
        .unwrap_or(Tz::UTC);
    let location_table: HashMap<String, &String> =
        mapping.location.iter().map(|(k, v)| (key(k), v)).collect();
    let place_keys: Vec<(String, &String)> = places
        .iter()
        .map(|(id, name)| (key(name), id))
        .filter(|(k, _)| k.len() >= 3)
        .collect();
    let mut read: Vec<Read> = Vec::new();
    let mut skipped = 0;
    for (n, event) in events.iter().enumerate() {
        match read_event(
            event,
            n,
            target,
            &vtimezones,
            mapping,
            &location_table,
            &place_keys,
            &mut r,
        ) {
            Some(e) => read.push(e),
            None => skipped += 1,
        }
    }
    // overrides of one session: a cancelled one is marked on its event;
    // a moved one takes the original out and is an event of its own
    let mut out: Vec<Read> = Vec::new();
    let mut overrides = Vec::new();
    for e in read {
        if e.recurrence_id.is_some() {
            overrides.push(e);
        } else {
            out.push(e);
        }
    }
    for o in overrides {
        let (Some(at), Some(master)) = (o.recurrence_id, out.iter_mut().find(|m| m.uid == o.uid))
        else {
            r.problem(Severity::Warning, "orphan-override", o.line, format!("this VEVENT changes a session (RECURRENCE-ID) of \"{}\", which the file does not have; it is imported as an event of its own", o.uid), "export the whole series");
            out.push(Read {
                recurrence_id: None,
                ..o
            });
            continue;
        };
        let stamp = json!(at.format("%Y-%m-%dT%H:%M").to_string());
        let list = if o.cancelled { "cancelled" } else { "exdate" };
        push_to_list(&mut master.props, list, stamp);
        if !o.cancelled {
            let mut moved = o;
            moved.recurrence_id = None;
            moved.props.insert(
                "id".into(),
                json!(format!("{}@{}", moved.uid, at.format("%Y%m%dT%H%M"))),
            );
            moved.props.remove("rrule");
            out.push(moved);
        }
    }
    let features: Vec<String> = out
        .iter()
        .map(|e| {
            json!({"type": "Feature", "geometry": e.geometry, "properties": e.props}).to_string()
        })
        .collect();
    let mut text = format!(
        "{{\"type\": \"FeatureCollection\", \"time_zone\": {}, \"features\": [\n",
        json!(target.name())
    );
    text.push_str(&features.join(",\n"));
    text.push_str("\n]}\n");
    IcalImport {
        text,
        records: events.len(),
        skipped,
        problems: r.problems,
    }
}

fn push_to_list(props: &mut Map<String, Value>, key: &str, value: Value) {
    match props.entry(key.to_owned()).or_insert_with(|| json!([])) {
        Value::Array(items) => {
            if !items.contains(&value) {
                items.push(value)
            }
        }
        other => *other = json!([value]),
    }
}

fn stamp(t: NaiveDateTime, all_day: bool) -> Value {
    if all_day {
        json!(t.format("%Y-%m-%d").to_string())
    } else {
        json!(t.format("%Y-%m-%dT%H:%M").to_string())
    }
}

#[allow(clippy::too_many_arguments)]
fn read_event(
    event: &Component,
    n: usize,
    target: Tz,
    zones: &HashMap<String, Option<String>>,
    mapping: &IcalMapping,
    location_table: &HashMap<String, &String>,
    place_keys: &[(String, &String)],
    r: &mut Reader,
) -> Option<Read> {
    let line = event.line;
    let uid = event
        .get("UID")
        .map(|l| unescape(&l.value))
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| format!("vevent-{}", n + 1));
    let mut props = Map::new();
    props.insert("id".into(), json!(uid));
    match event
        .get("SUMMARY")
        .map(|l| unescape(&l.value))
        .filter(|s| !s.is_empty())
    {
        Some(title) => props.insert("title".into(), json!(title)),
        None => {
            r.problem(
                Severity::Error,
                "no-summary",
                line,
                "the VEVENT has no SUMMARY (its title), so it was skipped".into(),
                "give the event a title",
            );
            return None;
        }
    };
    let Some(dtstart) = event.get("DTSTART") else {
        r.problem(
            Severity::Error,
            "no-dtstart",
            line,
            "the VEVENT has no DTSTART, so it was skipped".into(),
            "give the event a start",
        );
        return None;
    };
    let start = match when_of(&dtstart.value, dtstart.param("TZID"), zones) {
        Ok(w) => w,
        Err(why) => {
            r.problem(
                Severity::Error,
                "bad-dtstart",
                dtstart.line,
                format!("DTSTART cannot be read: {why}; the event was skipped"),
                "write DTSTART;TZID=Europe/Berlin:20261006T170000",
            );
            return None;
        }
    };
    let all_day = matches!(start, When::Date(_));
    let start_local = start.local(target);
    props.insert("start".into(), stamp(start_local, all_day));
    // the end: DTEND, else DURATION
    let end = if let Some(dtend) = event.get("DTEND") {
        match when_of(&dtend.value, dtend.param("TZID"), zones) {
            // an end date is exclusive in iCalendar; learnmap's is the last day
            Ok(When::Date(d)) if all_day => Some(stamp(
                (d - Duration::days(1)).and_time(NaiveTime::MIN),
                true,
            )),
            Ok(w) => Some(stamp(w.local(target), false)),
            Err(why) => {
                r.problem(
                    Severity::Warning,
                    "bad-dtend",
                    dtend.line,
                    format!("DTEND cannot be read: {why}; the event has no end"),
                    "write DTEND like DTSTART",
                );
                None
            }
        }
    } else if let Some(d) = event.get("DURATION") {
        match duration_of(&d.value).and_then(|len| start_local.checked_add_signed(len)) {
            Some(end) if all_day => Some(stamp(end - Duration::days(1), true)),
            Some(end) => Some(stamp(end, false)),
            None => {
                r.problem(
                    Severity::Warning,
                    "bad-duration",
                    d.line,
                    format!(
                        "DURATION \"{}\" cannot be read; the event has no end",
                        d.value.trim()
                    ),
                    "write e.g. PT1H30M",
                );
                None
            }
        }
    } else {
        None
    };
    if let Some(end) = end {
        props.insert("end".into(), end);
    }
    if let Some(d) = event
        .get("DESCRIPTION")
        .map(|l| unescape(&l.value))
        .filter(|s| !s.is_empty())
    {
        props.insert("description".into(), json!(d));
    }
    // recurrence
    let rrules: Vec<&Line> = event.all("RRULE").collect();
    if rrules.len() > 1 {
        r.problem(
            Severity::Warning,
            "several-rrules",
            rrules[1].line,
            "more than one RRULE: only the first is kept".into(),
            "list the other dates in RDATE",
        );
    }
    if let Some(rule) = rrules.first() {
        let text = rule_in(&rule.value, target);
        match Rule::parse(&text) {
            Ok(_)
                if start.zone().is_some_and(|z| z != target) && !same_wall_clock(start, target) =>
            {
                let own = rule_in(&rule.value, start.zone().unwrap_or(target));
                r.problem(Severity::Warning, "rrule-other-zone", rule.line, format!("the sessions repeat in {}, not in {}, so their local times change with daylight saving: they were written out as dates (rdate) for two years", start.zone().map_or("UTC", |z| z.name()), target.name()), "give DTSTART the TZID of the calendar's zone");
                expand_into(&mut props, &own, start, target, all_day);
            }
            Ok(_) => {
                props.insert("rrule".into(), json!(text));
            }
            Err(why) => r.problem(
                Severity::Warning,
                "unsupported-rrule",
                rule.line,
                format!("the RRULE cannot be used ({why}); only the first session was imported"),
                "use FREQ=DAILY, WEEKLY or MONTHLY, or list the dates in RDATE",
            ),
        }
    }
    for (prop, list) in [("RDATE", "rdate"), ("EXDATE", "exdate")] {
        for l in event.all(prop) {
            for item in l.value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                // a PERIOD (start/end) counts by its start
                let first = item.split('/').next().unwrap_or(item);
                match when_of(first, l.param("TZID"), zones) {
                    Ok(w) => push_to_list(
                        &mut props,
                        list,
                        stamp(
                            w.local(target),
                            matches!(w, When::Date(_)) && (all_day || list == "exdate"),
                        ),
                    ),
                    Err(why) => r.problem(
                        Severity::Warning,
                        "bad-date",
                        l.line,
                        format!("{prop} item cannot be read: {why}"),
                        "write dates like DTSTART",
                    ),
                }
            }
        }
    }
    // where
    let mut geometry = Value::Null;
    if let Some(geo) = event.get("GEO") {
        let parts: Vec<Option<f64>> = geo
            .value
            .split([';', ','])
            .map(|p| p.trim().parse::<f64>().ok())
            .collect();
        match parts.as_slice() {
            [Some(lat), Some(lon)] if lat.abs() <= 90.0 && lon.abs() <= 180.0 => {
                geometry = json!({"type": "Point", "coordinates": [lon, lat]})
            }
            _ => r.problem(
                Severity::Warning,
                "bad-geo",
                geo.line,
                format!("GEO \"{}\" is not latitude;longitude", geo.value.trim()),
                "write GEO:53.55;9.99",
            ),
        }
    }
    if let Some(location) = event
        .get("LOCATION")
        .map(|l| unescape(&l.value))
        .filter(|s| !s.is_empty())
    {
        let k = key(&location);
        let place = location_table.get(&k).copied().or_else(|| {
            place_keys
                .iter()
                .filter(|(name, _)| k.starts_with(name.as_str()))
                .max_by_key(|(name, _)| name.len())
                .map(|(_, id)| *id)
        });
        if let Some(id) = place {
            props.insert("place".into(), json!(id));
        }
        props.insert("location".into(), json!(location));
    }
    if let Some(url) = event
        .get("URL")
        .map(|l| l.value.trim().to_owned())
        .filter(|s| !s.is_empty())
    {
        props.insert("website".into(), json!(url));
    }
    let mut areas: Vec<&str> = Vec::new();
    for l in event.all("CATEGORIES") {
        for c in split_list(&l.value) {
            let k = key(&c);
            if let Some(area) = LearningArea::ALL.iter().find(|a| key(a.as_str()) == k) {
                if !areas.contains(&area.as_str()) {
                    areas.push(area.as_str());
                }
            }
        }
    }
    if !areas.is_empty() {
        props.insert("learning_areas".into(), json!(areas));
    }
    let cancelled = event
        .get("STATUS")
        .is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"));
    let recurrence_id = match event.get("RECURRENCE-ID") {
        None => None,
        Some(l) => match when_of(&l.value, l.param("TZID"), zones) {
            Ok(w) => Some(w.local(target)),
            Err(why) => {
                r.problem(
                    Severity::Warning,
                    "bad-date",
                    l.line,
                    format!("RECURRENCE-ID cannot be read: {why}"),
                    "write it like DTSTART",
                );
                None
            }
        },
    };
    if cancelled && recurrence_id.is_none() {
        props.insert("status".into(), json!("cancelled"));
    }
    if let Some(f) = &mapping.festival {
        props.insert("festival".into(), json!(f));
    }
    for (k, v) in &mapping.always {
        props.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Some(Read {
        uid,
        line,
        recurrence_id,
        cancelled,
        props,
        geometry,
    })
}

/// Whether the start's zone and the target agree on the wall clock all the
/// year after the start (then a rule repeats at the same local times in both).
fn same_wall_clock(start: When, target: Tz) -> bool {
    let (Some(zone), When::Utc(t) | When::Zoned(t, _)) = (start.zone(), start) else {
        return true;
    };
    let gap = |at: NaiveDateTime| {
        zone.offset_from_utc_datetime(&at).fix().local_minus_utc()
            - target.offset_from_utc_datetime(&at).fix().local_minus_utc()
    };
    let first = gap(t);
    (1..=26).all(|fortnight| gap(t + Duration::days(14 * fortnight)) == first)
}

/// Writes a rule's sessions for two years as `rdate`s in the target zone,
/// expanded in the start's own zone (`rule_text`'s UNTIL in that zone).
fn expand_into(
    props: &mut Map<String, Value>,
    rule_text: &str,
    start: When,
    target: Tz,
    all_day: bool,
) {
    let (When::Utc(t) | When::Zoned(t, _)) = start else {
        return;
    };
    let zone = start.zone().unwrap_or(Tz::UTC);
    let Ok(rule) = Rule::parse(rule_text) else {
        return;
    };
    let horizon = t + Duration::days(730);
    for s in rule.iter(t).skip(1).take_while(|s| *s <= horizon).take(500) {
        push_to_list(
            props,
            "rdate",
            stamp(When::Zoned(s, zone).local(target), all_day),
        );
    }
}

/// Whether a path names an iCalendar file (`.ics`, `.ical`, `.ifb`, `.icalendar`).
pub fn is_ical_path(path: &std::path::Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["ics", "ical", "ifb", "icalendar"].contains(&e.to_ascii_lowercase().as_str())
    })
}

/// Reads an iCalendar file (never fails on its content: what cannot be read
/// is a problem at its line). Not UTF-8: one problem at the first bad byte's
/// line, and the rest read with the bad bytes replaced.
pub fn read_text(bytes: &[u8]) -> (String, Option<ImportProblem>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), None),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            let problem = ImportProblem {
                severity: Severity::Warning,
                code: "not-utf8",
                message: format!(
                    "the text is not UTF-8 (byte 0x{:02X}); bad bytes were replaced",
                    bytes[e.valid_up_to()]
                ),
                line: Some(line),
                record: None,
                hint: "iCalendar files are UTF-8 (RFC 5545): export again, or convert the file"
                    .into(),
            };
            (String::from_utf8_lossy(bytes).into_owned(), Some(problem))
        }
    }
}

/// `learnmap-data import FILE.ics [--mapping M.toml] [--out OUT]`: writes
/// the events and reports problems in the input (FILE:LINE) and in the
/// output (OUT:LINE:COLUMN), like the places import.
pub fn run(
    input: &std::path::Path,
    mapping_path: Option<&std::path::Path>,
    out: Option<&std::path::Path>,
    max_problems: usize,
) -> anyhow::Result<std::process::ExitCode> {
    use anyhow::Context;
    let mapping: IcalMapping = match mapping_path {
        None => IcalMapping::default(),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the mapping {}", p.display()))?;
            toml::from_str(&text).with_context(|| format!("the mapping {} is not usable for iCalendar (keys: time_zone, places, festival, [location], [always])", p.display()))?
        }
    };
    if let Some(zone) = &mapping.time_zone {
        anyhow::ensure!(
            zone.parse::<Tz>().is_ok(),
            "the mapping's time_zone \"{zone}\" is not an IANA time zone name (e.g. Europe/Berlin)"
        );
    }
    let places_data = match &mapping.places {
        None => None,
        Some(p) => {
            // relative to the mapping file
            let p = &mapping_path
                .and_then(|m| m.parent())
                .map_or_else(|| p.clone(), |dir| dir.join(p));
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the places {}", p.display()))?;
            Some(
                learnmap_core::load(&text)
                    .with_context(|| format!("the places {} do not load", p.display()))?,
            )
        }
    };
    let places: Vec<(String, String)> = places_data
        .iter()
        .flat_map(|d| {
            d.spaces
                .iter()
                .map(|s| (s.id().to_owned(), s.name().to_owned()))
        })
        .collect();
    let bytes = std::fs::read(input).with_context(|| format!("cannot read {}", input.display()))?;
    let (text, not_utf8) = read_text(&bytes);
    let mut imported = import(&text, &mapping, &places);
    imported.problems.extend(not_utf8);
    imported.problems.sort_by_key(|p| p.line.unwrap_or(0));
    let written = crate::output::write_to(out, |w| w.write_all(imported.text.as_bytes()))?;
    let out_name = out.map_or_else(|| "<stdout>".to_owned(), |p| p.display().to_string());
    let set = learnmap_core::events::load_events(&imported.text)
        .context("the output does not load; this is a bug in the importer")?;
    let mut output_problems = set.problems.clone();
    if let Some(d) = &places_data {
        let index = learnmap_core::events::EventIndex::new(&set.events, |id| {
            d.spaces.iter().find(|s| s.id() == id).map(|s| s.position)
        });
        output_problems.extend(index.place_problems(&set.events));
    }
    let input_name = input.display().to_string();
    let lines = imported
        .problems
        .iter()
        .map(|p| {
            (
                p.severity,
                format!(
                    "{input_name}:{}: {}[{}]: {}\n  hint: {}",
                    p.line.unwrap_or(1),
                    p.severity,
                    p.code,
                    p.message,
                    p.hint
                ),
            )
        })
        .chain(output_problems.iter().map(|p| {
            let id = p
                .feature_id
                .as_deref()
                .map(|id| format!(" (id \"{id}\")"))
                .unwrap_or_default();
            (
                p.severity,
                format!("{out_name}:{p}{id}\n  hint: {}", p.hint),
            )
        }));
    let (mut report, errors, warnings) = report_lines(lines, max_problems, set.problems_omitted);
    report.push_str(&format!(
        "learnmap-data: imported {} events of {} VEVENTs from {input_name} to {out_name} ({}), times in {}; {} skipped; {errors} errors, {warnings} warnings\n",
        set.events.len(),
        imported.records,
        learnmap_import::human_bytes(written),
        set.time_zone.as_deref().unwrap_or("UTC"),
        imported.skipped,
    ));
    eprint!("{report}");
    Ok(if errors > 0 {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    })
}

/// The problems' lines, the first `max` of them, then how many more there
/// are (`omitted` more were only counted before); with the counts of errors
/// and warnings.
fn report_lines(
    lines: impl Iterator<Item = (Severity, String)>,
    max: usize,
    omitted: usize,
) -> (String, usize, usize) {
    let (mut shown, mut omitted, mut errors, mut warnings) = (0, omitted, 0, 0);
    let mut report = String::new();
    for (severity, line) in lines {
        match severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        if shown >= max {
            omitted += 1;
            continue;
        }
        shown += 1;
        let _ = writeln!(report, "{line}");
    }
    if omitted > 0 {
        let _ = writeln!(
            report,
            "... and {omitted} more problems not shown (--max-problems)"
        );
    }
    (report, errors, warnings)
}
