//! Recurrence rules: the subset of iCalendar's RRULE (RFC 5545, 3.3.10)
//! that courses and festivals use, in local wall-clock time.
//!
//! Supported: `FREQ=DAILY|WEEKLY|MONTHLY`, `INTERVAL`, `BYDAY` (weekly:
//! `MO,WE`; monthly also with an ordinal: `2TU`, `-1FR`), `BYMONTHDAY`
//! (monthly, `-1` is the last day), `UNTIL` (a date, or a local date and
//! time), `COUNT` and `WKST`. Anything else is refused with a message, so an
//! event never silently gets other dates than its organiser meant.
//!
//! Times are local (`NaiveDateTime`): a course at 18:00 every Tuesday stays
//! at 18:00 across a daylight-saving change, as it does on the wall clock.
//! The start always counts as the first occurrence (RFC 5545).
//!
//! ```
//! use learnmap_core::recur::Rule;
//! use chrono::NaiveDate;
//! let rule = Rule::parse("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4").unwrap();
//! let start = NaiveDate::from_ymd_opt(2026, 10, 20).unwrap().and_hms_opt(18, 0, 0).unwrap();
//! let days: Vec<String> = rule.iter(start).map(|t| t.format("%a %d").to_string()).collect();
//! assert_eq!(days, ["Tue 20", "Thu 22", "Tue 27", "Thu 29"]);
//! ```

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use std::fmt;

/// How often a rule repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freq {
    /// Every `INTERVAL` days.
    Daily,
    /// Every `INTERVAL` weeks.
    Weekly,
    /// Every `INTERVAL` months.
    Monthly,
}

/// The end of a rule: a last date (every occurrence that day is in), or a
/// last local date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Until {
    /// `UNTIL=20261215`: up to and including that day.
    Date(NaiveDate),
    /// `UNTIL=20261215T180000`: up to and including that local time.
    DateTime(NaiveDateTime),
}

impl Until {
    fn allows(self, t: NaiveDateTime) -> bool {
        match self {
            Until::Date(d) => t.date() <= d,
            Until::DateTime(u) => t <= u,
        }
    }
}

/// A parsed recurrence rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// How often.
    pub freq: Freq,
    /// Every how many days, weeks or months (1 or more).
    pub interval: u32,
    /// Weekdays, with an ordinal in the month for monthly rules (`0`: every
    /// such weekday; `2`: the second; `-1`: the last).
    pub by_day: Vec<(i8, Weekday)>,
    /// Days of the month (monthly rules); negative counts from the end.
    pub by_month_day: Vec<i8>,
    /// The last day or time, if any.
    pub until: Option<Until>,
    /// How many occurrences in all (the start included), if limited.
    pub count: Option<u32>,
    /// The first day of the week (weekly rules with an interval).
    pub wkst: Weekday,
}

/// Why a rule was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError(pub String);

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The most occurrences a `COUNT` may ask for: a course of weekly sessions
/// for twenty years is 1040.
pub const MAX_COUNT: u32 = 5000;

/// After this many periods in a row without an occurrence (a rule such as
/// "the 31st of every other February"), a rule is taken to have no more.
const MAX_EMPTY_PERIODS: u32 = 400;

fn weekday_of(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// The two-letter iCalendar code of a weekday.
pub fn weekday_code(day: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.num_days_from_monday() as usize]
}

/// Reads a date `YYYYMMDD` or a date and time `YYYYMMDDTHHMMSS` (a trailing
/// `Z` is accepted and ignored: callers convert UTC before).
pub fn parse_ical_time(text: &str) -> Option<Until> {
    let text = text.strip_suffix('Z').unwrap_or(text);
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (date, time) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    if date.len() != 8 || !digits(date) {
        return None;
    }
    let day = NaiveDate::from_ymd_opt(
        date[..4].parse().ok()?,
        date[4..6].parse().ok()?,
        date[6..].parse().ok()?,
    )?;
    match time {
        None => Some(Until::Date(day)),
        Some(t) if t.len() == 6 && digits(t) => Some(Until::DateTime(day.and_hms_opt(
            t[..2].parse().ok()?,
            t[2..4].parse().ok()?,
            t[4..].parse().ok()?,
        )?)),
        Some(_) => None,
    }
}

impl Rule {
    /// Reads an RRULE value such as `FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215`
    /// (an `RRULE:` prefix is allowed; names are case-insensitive).
    pub fn parse(text: &str) -> Result<Rule, RuleError> {
        let text = text.trim();
        let text = text
            .get(..6)
            .filter(|p| p.eq_ignore_ascii_case("RRULE:"))
            .map_or(text, |_| &text[6..]);
        let err = |m: String| Err(RuleError(m));
        let mut freq = None;
        let mut rule = Rule {
            freq: Freq::Weekly,
            interval: 1,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            until: None,
            count: None,
            wkst: Weekday::Mon,
        };
        for part in text.split(';').filter(|p| !p.trim().is_empty()) {
            let Some((name, value)) = part.split_once('=') else {
                return err(format!("\"{part}\" is not NAME=VALUE"));
            };
            let (name, value) = (name.trim().to_ascii_uppercase(), value.trim());
            let upper = value.to_ascii_uppercase();
            match name.as_str() {
                "FREQ" => {
                    freq = Some(match upper.as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" | "HOURLY" | "MINUTELY" | "SECONDLY" => {
                            return err(format!(
                                "FREQ={upper} is not supported: use DAILY, WEEKLY or MONTHLY, or list the dates in rdate"
                            ))
                        }
                        _ => return err(format!("FREQ={value} is not a frequency")),
                    })
                }
                "INTERVAL" => match value.parse::<u32>() {
                    Ok(n) if (1..=1000).contains(&n) => rule.interval = n,
                    _ => return err(format!("INTERVAL={value} must be a whole number from 1")),
                },
                "COUNT" => match value.parse::<u32>() {
                    Ok(n) if (1..=MAX_COUNT).contains(&n) => rule.count = Some(n),
                    _ => return err(format!("COUNT={value} must be a whole number from 1 to {MAX_COUNT}")),
                },
                "UNTIL" => match parse_ical_time(&upper) {
                    Some(u) => rule.until = Some(u),
                    None => {
                        return err(format!(
                            "UNTIL={value} must be a date (20261215) or a date and time (20261215T180000)"
                        ))
                    }
                },
                "WKST" => match weekday_of(&upper) {
                    Some(d) => rule.wkst = d,
                    None => return err(format!("WKST={value} is not a weekday (MO..SU)")),
                },
                "BYDAY" => {
                    for item in upper.split(',') {
                        let item = item.trim();
                        let split = item.len().saturating_sub(2);
                        let (ordinal, code) = item.split_at(split);
                        let Some(day) = weekday_of(code) else {
                            return err(format!("BYDAY item \"{item}\" is not a weekday (MO..SU)"));
                        };
                        let ordinal = if ordinal.is_empty() {
                            0
                        } else {
                            match ordinal.trim_start_matches('+').parse::<i8>() {
                                Ok(n) if n != 0 && (-5..=5).contains(&n) => n,
                                _ => {
                                    return err(format!(
                                        "BYDAY item \"{item}\": the ordinal must be 1 to 5 or -1 to -5"
                                    ))
                                }
                            }
                        };
                        rule.by_day.push((ordinal, day));
                    }
                }
                "BYMONTHDAY" => {
                    for item in value.split(',') {
                        match item.trim().trim_start_matches('+').parse::<i8>() {
                            Ok(n) if n != 0 && (-31..=31).contains(&n) => rule.by_month_day.push(n),
                            _ => return err(format!("BYMONTHDAY item \"{item}\" must be 1 to 31 or -1 to -31")),
                        }
                    }
                }
                other => {
                    return err(format!(
                        "{other} is not supported: the rules learnmap reads use FREQ, INTERVAL, BYDAY, BYMONTHDAY, UNTIL, COUNT and WKST"
                    ))
                }
            }
        }
        let Some(freq) = freq else {
            return err("the rule has no FREQ".into());
        };
        rule.freq = freq;
        if rule.count.is_some() && rule.until.is_some() {
            return err("a rule may have COUNT or UNTIL, not both".into());
        }
        if freq != Freq::Monthly {
            if !rule.by_month_day.is_empty() {
                return err("BYMONTHDAY is only supported with FREQ=MONTHLY".into());
            }
            if rule.by_day.iter().any(|(n, _)| *n != 0) {
                return err(format!(
                    "BYDAY with an ordinal (such as 2TU) needs FREQ=MONTHLY, not {}",
                    if freq == Freq::Daily {
                        "DAILY"
                    } else {
                        "WEEKLY"
                    }
                ));
            }
        }
        rule.by_day
            .sort_by_key(|(n, d)| (d.num_days_from_monday(), *n));
        rule.by_day.dedup();
        rule.by_month_day.sort_unstable();
        rule.by_month_day.dedup();
        Ok(rule)
    }

    /// The occurrences from `start` (itself the first), in order.
    pub fn iter(&self, start: NaiveDateTime) -> RuleIter<'_> {
        RuleIter::new(self, start, 0)
    }

    /// The occurrences at or after `from`, in order, without generating the
    /// earlier ones when the rule has no `COUNT` (it jumps to the period of
    /// `from`).
    pub fn iter_from(
        &self,
        start: NaiveDateTime,
        from: NaiveDateTime,
    ) -> impl Iterator<Item = NaiveDateTime> + '_ {
        let period = if self.count.is_some() || from <= start {
            0
        } else {
            self.period_of(start, from.date()).saturating_sub(1)
        };
        let mut iter = RuleIter::new(self, start, period);
        if period > 0 {
            // the start is an occurrence of its own, long before `from`
            iter.start_emitted = true;
        }
        iter.skip_while(move |t| *t < from)
    }

    /// The number of the period (day, week or month, in steps of the
    /// interval) in which `day` lies, counted from the start's.
    fn period_of(&self, start: NaiveDateTime, day: NaiveDate) -> u64 {
        let interval = i64::from(self.interval);
        let periods = match self.freq {
            Freq::Daily => (day - start.date()).num_days() / interval,
            Freq::Weekly => {
                (week_start(day, self.wkst) - week_start(start.date(), self.wkst)).num_days()
                    / 7
                    / interval
            }
            Freq::Monthly => (month_number(day) - month_number(start.date())) / interval,
        };
        periods.max(0) as u64
    }

    /// Whether the rule (its start, interval and BY parts, not its end)
    /// makes an occurrence on `day`. The reference for the tests: it looks
    /// at one day, where [`Rule::iter`] walks the periods.
    pub fn matches_day(&self, start: NaiveDateTime, day: NaiveDate) -> bool {
        if day < start.date() {
            return false;
        }
        let interval = i64::from(self.interval);
        let weekday_ok = |ordinal_allowed: bool| {
            self.by_day.is_empty()
                || self.by_day.iter().any(|&(n, d)| {
                    d == day.weekday()
                        && (n == 0 || (ordinal_allowed && ordinal_in_month(day).contains(&n)))
                })
        };
        match self.freq {
            Freq::Daily => (day - start.date()).num_days() % interval == 0 && weekday_ok(false),
            Freq::Weekly => {
                let weeks = (week_start(day, self.wkst) - week_start(start.date(), self.wkst))
                    .num_days()
                    / 7;
                weeks % interval == 0
                    && if self.by_day.is_empty() {
                        day.weekday() == start.weekday()
                    } else {
                        weekday_ok(false)
                    }
            }
            Freq::Monthly => {
                if (month_number(day) - month_number(start.date())) % interval != 0 {
                    return false;
                }
                let last = days_in_month(day);
                let month_day_ok = self.by_month_day.iter().any(|&n| {
                    let d = if n > 0 {
                        i64::from(n)
                    } else {
                        i64::from(last) + 1 + i64::from(n)
                    };
                    d == i64::from(day.day())
                });
                match (self.by_month_day.is_empty(), self.by_day.is_empty()) {
                    (true, true) => day.day() == start.day(),
                    (false, true) => month_day_ok,
                    (true, false) => weekday_ok(true),
                    (false, false) => month_day_ok && weekday_ok(true),
                }
            }
        }
    }

    /// The days of one period with an occurrence, in order.
    fn days_of_period(&self, start: NaiveDateTime, period: u64, out: &mut Vec<NaiveDate>) {
        out.clear();
        let step = i64::from(self.interval) * period as i64;
        match self.freq {
            Freq::Daily => {
                let day = start.date() + Duration::days(step);
                if self.matches_day(start, day) {
                    out.push(day);
                }
            }
            Freq::Weekly => {
                let first = week_start(start.date(), self.wkst) + Duration::days(7 * step);
                for i in 0..7 {
                    let day = first + Duration::days(i);
                    if self.matches_day(start, day) {
                        out.push(day);
                    }
                }
            }
            Freq::Monthly => {
                let Some(first) = add_months(start.date(), step) else {
                    return;
                };
                for i in 0..days_in_month(first) {
                    let day = first + Duration::days(i64::from(i));
                    if self.matches_day(start, day) {
                        out.push(day);
                    }
                }
            }
        }
    }
}

/// The ordinals of a day's weekday in its month: `[n, -m]` (the n-th from
/// the start, the m-th from the end).
fn ordinal_in_month(day: NaiveDate) -> [i8; 2] {
    let from_start = (day.day0() / 7 + 1) as i8;
    let from_end = ((days_in_month(day) - day.day()) / 7 + 1) as i8;
    [from_start, -from_end]
}

fn week_start(day: NaiveDate, wkst: Weekday) -> NaiveDate {
    let back = (7 + day.weekday().num_days_from_monday() - wkst.num_days_from_monday()) % 7;
    day - Duration::days(i64::from(back))
}

fn month_number(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

/// The first day of the month `months` after `day`'s.
fn add_months(day: NaiveDate, months: i64) -> Option<NaiveDate> {
    let n = month_number(day) + months;
    NaiveDate::from_ymd_opt(
        i32::try_from(n.div_euclid(12)).ok()?,
        n.rem_euclid(12) as u32 + 1,
        1,
    )
}

fn days_in_month(day: NaiveDate) -> u32 {
    let first = NaiveDate::from_ymd_opt(day.year(), day.month(), 1).unwrap_or(day);
    add_months(first, 1).map_or(31, |next| (next - first).num_days() as u32)
}

/// The occurrences of a rule, in order (see [`Rule::iter`]).
#[derive(Debug)]
pub struct RuleIter<'r> {
    rule: &'r Rule,
    start: NaiveDateTime,
    period: u64,
    days: Vec<NaiveDate>,
    next_day: usize,
    start_emitted: bool,
    emitted: u32,
    empty: u32,
    done: bool,
}

impl<'r> RuleIter<'r> {
    fn new(rule: &'r Rule, start: NaiveDateTime, period: u64) -> Self {
        RuleIter {
            rule,
            start,
            period,
            days: Vec::with_capacity(7),
            next_day: 0,
            start_emitted: false,
            emitted: 0,
            empty: 0,
            done: false,
        }
    }

    fn emit(&mut self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        if self.rule.count.is_some_and(|c| self.emitted >= c)
            || self.rule.until.is_some_and(|u| !u.allows(t))
        {
            self.done = true;
            return None;
        }
        self.emitted += 1;
        Some(t)
    }
}

impl Iterator for RuleIter<'_> {
    type Item = NaiveDateTime;

    fn next(&mut self) -> Option<NaiveDateTime> {
        if self.done {
            return None;
        }
        if !self.start_emitted {
            self.start_emitted = true;
            // the start always counts as the first occurrence (RFC 5545),
            // but not after UNTIL
            let start = self.start;
            return self.emit(start);
        }
        loop {
            while self.next_day < self.days.len() {
                let t = self.days[self.next_day].and_time(self.start.time());
                self.next_day += 1;
                if t > self.start {
                    return self.emit(t);
                }
            }
            if self.empty >= MAX_EMPTY_PERIODS {
                self.done = true;
                return None;
            }
            let mut days = std::mem::take(&mut self.days);
            self.rule.days_of_period(self.start, self.period, &mut days);
            self.days = days;
            self.next_day = 0;
            self.period += 1;
            if self.days.is_empty() {
                self.empty += 1;
            } else {
                self.empty = 0;
                // a period past UNTIL ends the rule
                if let (Some(u), Some(first)) = (self.rule.until, self.days.first()) {
                    if !u.allows(first.and_time(self.start.time())) {
                        self.done = true;
                        return None;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn monthly_ordinals() {
        let rule = Rule::parse("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3").unwrap();
        let got: Vec<_> = rule.iter(at(2026, 1, 30, 10)).collect();
        assert_eq!(
            got,
            [
                at(2026, 1, 30, 10),
                at(2026, 2, 27, 10),
                at(2026, 3, 27, 10)
            ]
        );
        let rule = Rule::parse("FREQ=MONTHLY;BYMONTHDAY=31").unwrap();
        let got: Vec<_> = rule.iter(at(2026, 1, 31, 10)).take(3).collect();
        assert_eq!(
            got,
            [
                at(2026, 1, 31, 10),
                at(2026, 3, 31, 10),
                at(2026, 5, 31, 10)
            ]
        );
    }

    #[test]
    fn refuses_what_it_cannot_do() {
        for bad in [
            "FREQ=YEARLY",
            "FREQ=WEEKLY;BYSETPOS=1",
            "BYDAY=MO",
            "FREQ=WEEKLY;BYDAY=2MO",
            "FREQ=DAILY;COUNT=0",
            "FREQ=DAILY;COUNT=3;UNTIL=20260101",
            "FREQ=WEEKLY;UNTIL=2026-01-01",
            "FREQ=WEEKLY;BYDAY=XX",
        ] {
            assert!(Rule::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_rule_that_never_matches_ends() {
        let rule = Rule::parse("FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30").unwrap();
        // every February: never a 30th; only the start itself
        assert_eq!(rule.iter(at(2026, 2, 1, 9)).count(), 1);
    }
}
