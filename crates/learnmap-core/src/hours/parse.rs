//! Parsing the supported part of OpenStreetMap's `opening_hours` syntax
//! (see `data/README.md`, "Opening hours") into [`Rules`].
//!
//! A hand-written recursive descent over bytes: every error names the
//! character (1-based) where it starts and what to write instead.

use super::{Kind, Op, Rule, Rules};
use crate::problem::said;

const WEEKDAYS: [&str; 7] = ["mo", "tu", "we", "th", "fr", "sa", "su"];
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// The last day of each month (February with its leap day).
const MONTH_DAYS: [u8; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY: u16 = 24 * 60;

const WRITE_WEEKDAYS: &str = "write weekdays as Mo, Tu, We, Th, Fr, Sa or Su";
const WRITE_TIME: &str = "write a time such as 07:00";
const WRITE_RULE: &str = "write days and times such as Mo-Fr 09:00-18:00";

pub(super) fn parse(src: &str) -> Result<Rules, String> {
    let mut p = Parser {
        src,
        s: src.as_bytes(),
        pos: 0,
        comments: Vec::new(),
    };
    let mut rules = Vec::new();
    let mut op = Op::Normal;
    loop {
        rules.push(p.rule(op)?);
        p.spaces();
        if p.pos == p.s.len() {
            break;
        }
        op = p.separator()?;
    }
    let dated = rules.iter().any(|r| r.days.is_some());
    let can_open = rules.iter().any(|r| r.kind == Kind::Open);
    Ok(Rules {
        rules,
        dated,
        can_open,
    })
}

struct Parser<'a> {
    src: &'a str,
    s: &'a [u8],
    pos: usize,
    comments: Vec<Box<str>>,
}

impl Parser<'_> {
    /// Why the text is not understood, for the data's steward (without the
    /// `messages` feature, empty: see `said!`).
    fn err(&self, at: usize, what: impl std::fmt::Display) -> String {
        said!({
            let character = self.src[..at.min(self.src.len())].chars().count() + 1;
            format!("at character {character}: {what}")
        })
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn peek_at(&self, at: usize) -> Option<u8> {
        self.s.get(at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        self.pos += usize::from(hit);
        hit
    }

    /// Skips spaces and says how many there were.
    fn spaces(&mut self) -> usize {
        let start = self.pos;
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
        self.pos - start
    }

    fn count(&self, at: usize, f: fn(&u8) -> bool) -> usize {
        self.s[at.min(self.s.len())..]
            .iter()
            .take_while(|b| f(b))
            .count()
    }

    /// The ASCII word at `at`, lower-cased, if there is one.
    fn word_at(&self, at: usize) -> Option<String> {
        let n = self.count(at, u8::is_ascii_alphabetic);
        (n > 0).then(|| self.src[at..at + n].to_ascii_lowercase())
    }

    fn weekday_at(&self, at: usize) -> Option<u8> {
        let w = self.word_at(at)?;
        WEEKDAYS.iter().position(|d| *d == w).map(|i| i as u8)
    }

    fn month_at(&self, at: usize) -> Option<u8> {
        let w = self.word_at(at)?;
        MONTHS.iter().position(|m| *m == w).map(|i| i as u8 + 1)
    }

    /// `PH` or `SH` (upper case, as the specification writes them).
    fn holiday_at(&self, at: usize) -> bool {
        matches!(self.s.get(at..at + 2), Some(b"PH" | b"SH"))
            && !self
                .peek_at(at + 2)
                .is_some_and(|b| b.is_ascii_alphabetic())
    }

    fn day_word_at(&self, at: usize) -> bool {
        self.weekday_at(at).is_some() || self.holiday_at(at)
    }

    /// Why the word at `at` is not understood, and what to write instead.
    fn word_error(&self, at: usize, expected: &str) -> String {
        said!({
            let n = self.src[at..]
                .chars()
                .take_while(|&c| is_word_char(c))
                .map(char::len_utf8)
                .sum::<usize>();
            let word = &self.src[at..at + n];
            // every word the syntax knows is ASCII
            let lower = word.to_ascii_lowercase();
            let known = self.day_word_at(at)
                || self.month_at(at).is_some()
                || ["off", "closed", "open", "unknown"].contains(&lower.as_str());
            if known {
                return self.err(at, format!("\"{word}\" cannot come here: {expected}"));
            }
            let hint = match lower.as_str() {
                "sunrise" | "sunset" | "dawn" | "dusk" => WRITE_TIME.to_owned(),
                "easter" => "write a date such as Apr 05".to_owned(),
                "week" => "write months or dates such as Jan 05-Mar 31".to_owned(),
                "am" | "pm" => "write 24-hour times such as 17:30".to_owned(),
                "ph" | "sh" => format!("write {}", lower.to_ascii_uppercase()),
                _ if WEEKDAYS.iter().any(|d| lower.starts_with(d)) => WRITE_WEEKDAYS.to_owned(),
                _ if MONTHS.iter().any(|m| lower.starts_with(m)) => {
                    "write months as Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov or Dec"
                        .to_owned()
                }
                _ => WRITE_RULE.to_owned(),
            };
            let what = match lower.as_str() {
                "sunrise" | "sunset" | "dawn" | "dusk" | "easter" | "week" => "is not supported",
                _ => "is not understood",
            };
            self.err(at, format!("\"{word}\" {what}: {hint}"))
        })
    }

    /// What is wrong at the current position, when nothing there fits.
    fn unexpected(&self, expected: &str) -> String {
        said!({
            let at = self.pos;
            match self.peek() {
                None => self.err(at, format!("the text ends early: {expected}")),
                Some(_) if self.src[at..].starts_with(|c: char| is_word_char(c) && !c.is_ascii_digit()) => {
                    self.word_error(at, expected)
                }
                Some(b'(') => self.err(at, format!("times such as (sunrise+01:00) are not supported: {WRITE_TIME}")),
                Some(b'[') => self.err(at, "nth weekdays such as Mo[1] are not supported: write the weekday alone, e.g. Mo"),
                Some(b'+') => self.err(at, "open ends (\"+\") are not supported: write a closing time, e.g. 18:00-22:00"),
                Some(b'/') => self.err(at, "repeating times (\"/\") are not supported: write each time, e.g. 10:00-10:30,12:00-12:30"),
                Some(b) if b.is_ascii_digit() && self.is_year_at(at) => {
                    self.err(at, "years are not supported: write months or dates such as Dec 24-Jan 02")
                }
                Some(_) => {
                    let c = self.src[at..].chars().next().unwrap_or(' ');
                    self.err(at, format!("unexpected \"{c}\": {expected}"))
                }
            }
        })
    }

    fn separator(&mut self) -> Result<Op, String> {
        let at = self.pos;
        let op = if self.eat(b';') {
            Op::Normal
        } else if self.s[at..].starts_with(b"||") {
            self.pos += 2;
            Op::Fallback
        } else if self.eat(b',') {
            if self.peek() != Some(b' ') {
                return Err(self.err(at, "a \",\" between rules needs a space after it; inside a list write Mo,We or 09:00-12:00,14:00-18:00"));
            }
            Op::Additional
        } else {
            return Err(self.unexpected("write \";\" between rules"));
        };
        self.spaces();
        if self.pos == self.s.len() {
            let sep = &self.src[at..self.pos].trim();
            return Err(self.err(
                at,
                said!(format!(
                    "a rule is missing after \"{sep}\": write one or remove the \"{sep}\""
                )),
            ));
        }
        Ok(op)
    }

    fn rule(&mut self, op: Op) -> Result<Rule, String> {
        let start = self.pos;
        let mut rule = Rule {
            op,
            days: None,
            weekdays: None,
            today: vec![(0, DAY)],
            spill: Vec::new(),
            kind: Kind::Open,
            comment: 0,
        };
        if self.s[start..].starts_with(b"24/7") {
            self.pos += 4;
        } else {
            if self.month_at(self.pos).is_some() {
                self.dates(&mut rule)?;
                // "Dec 25 Mo", "Dec 25: 10:00-12:00", "Dec 25: off"
                let after = self.pos;
                let colon = self.eat(b':');
                self.spaces();
                if !(colon || self.day_word_at(self.pos) || self.peek_is_digit()) {
                    self.pos = after;
                }
            }
            if self.day_word_at(self.pos) {
                self.weekdays(&mut rule)?;
                let after = self.pos;
                let colon = self.eat(b':');
                let gap = self.spaces();
                if self.peek_is_digit() {
                    if colon {
                        return Err(
                            self.err(after, "write a space, not \":\", between days and times")
                        );
                    }
                    if gap == 0 {
                        return Err(self.err(after, "write a space between days and times"));
                    }
                    self.times(&mut rule)?;
                } else {
                    self.pos = after;
                }
            } else if self.peek_is_digit() {
                self.times(&mut rule)?;
            }
        }
        self.modifier(&mut rule)?;
        if self.pos == start {
            return Err(self.unexpected(WRITE_RULE));
        }
        Ok(rule)
    }

    fn peek_is_digit(&self) -> bool {
        self.peek().is_some_and(|b| b.is_ascii_digit())
    }

    /// `off`, `closed`, `open` or `unknown`, then a comment; or a comment alone.
    fn modifier(&mut self, rule: &mut Rule) -> Result<(), String> {
        let before = self.pos;
        self.spaces();
        let kind = match self.word_at(self.pos).as_deref() {
            Some("off" | "closed") => Some(Kind::Closed),
            Some("open") => Some(Kind::Open),
            Some("unknown") => Some(Kind::Unknown),
            _ => None,
        };
        if let Some(kind) = kind {
            rule.kind = kind;
            self.pos += self.count(self.pos, u8::is_ascii_alphabetic);
            let after = self.pos;
            self.spaces();
            if self.peek() != Some(b'"') {
                self.pos = after;
                return Ok(());
            }
        }
        if self.peek() == Some(b'"') {
            rule.comment = self.comment()?;
        } else if kind.is_none() {
            self.pos = before;
        }
        Ok(())
    }

    fn comment(&mut self) -> Result<u16, String> {
        let at = self.pos;
        self.pos += 1;
        let Some(len) = self.s[self.pos..].iter().position(|&b| b == b'"') else {
            return Err(self.err(at, "the comment is not closed: write a closing \" after it"));
        };
        if len == 0 {
            return Err(self.err(
                at,
                "the comment \"\" is empty: write text between the quotes or leave them out",
            ));
        }
        let text = &self.src[self.pos..self.pos + len];
        self.pos += len + 1;
        let index = match self.comments.iter().position(|c| &**c == text) {
            Some(i) => i,
            None => {
                self.comments.push(text.into());
                self.comments.len() - 1
            }
        };
        Ok(index as u16 + 1)
    }

    /// `Jan`, `Apr-Oct`, `Dec 24`, `Dec 24-26`, `Dec 24-Jan 02`, and lists of them.
    fn dates(&mut self, rule: &mut Rule) -> Result<(), String> {
        let days = rule.days.get_or_insert([0; 12]);
        loop {
            self.date_range()?.mark(days);
            if self.peek() == Some(b',') && self.month_at(self.pos + 1).is_some() {
                self.pos += 1;
            } else {
                return Ok(());
            }
        }
    }

    fn date_range(&mut self) -> Result<DateRange, String> {
        let m1 = self.month()?;
        match self.day_of(m1)? {
            Some(d1) => {
                let before = self.pos;
                self.spaces();
                if !self.eat(b'-') {
                    self.pos = before;
                    self.no_plus()?;
                    return Ok(DateRange {
                        from: (m1, d1),
                        to: (m1, d1),
                    });
                }
                self.spaces();
                let to = if self.month_at(self.pos).is_some() {
                    let m2 = self.month()?;
                    match self.day_of(m2)? {
                        Some(d2) => (m2, d2),
                        None => {
                            return Err(self
                                .err(self.pos, "write a day after the month, e.g. Dec 24-Jan 02"));
                        }
                    }
                } else if self.peek_is_digit() {
                    let at = self.pos;
                    match self.day_of_at(m1, at)? {
                        Some(d2) => (m1, d2),
                        None => return Err(self.unexpected("write a day, e.g. Dec 24-26")),
                    }
                } else {
                    return Err(self.unexpected("write a date after \"-\", e.g. Dec 24-Jan 02"));
                };
                self.no_plus()?;
                Ok(DateRange { from: (m1, d1), to })
            }
            None => {
                // "Apr-Oct", "Apr - Oct"
                let before = self.pos;
                self.spaces();
                let dash = self.eat(b'-');
                self.spaces();
                let m2 = match self.month_at(self.pos) {
                    Some(m2) if dash => {
                        self.pos += 3;
                        m2
                    }
                    _ => {
                        self.pos = before;
                        m1
                    }
                };
                Ok(DateRange {
                    from: (m1, 1),
                    to: (m2, 31),
                })
            }
        }
    }

    fn no_plus(&self) -> Result<(), String> {
        if self.peek() == Some(b'+') {
            return Err(self.err(self.pos, "open-ended dates (\"+\") are not supported: write a date range, e.g. Dec 24-Jan 02"));
        }
        Ok(())
    }

    fn month(&mut self) -> Result<u8, String> {
        match self.month_at(self.pos) {
            Some(m) => {
                self.pos += 3;
                Ok(m)
            }
            None => Err(self.unexpected("write a month such as Jan")),
        }
    }

    /// A day of month `m` after the month and an optional space, if there is one.
    fn day_of(&mut self, m: u8) -> Result<Option<u8>, String> {
        let at = self.pos + usize::from(self.peek() == Some(b' '));
        self.day_of_at(m, at)
    }

    fn day_of_at(&mut self, m: u8, at: usize) -> Result<Option<u8>, String> {
        let n = self.count(at, u8::is_ascii_digit);
        if n == 0 || self.is_time_at(at) {
            return Ok(None);
        }
        let digits = &self.src[at..at + n];
        let day: u8 = digits.parse().unwrap_or(0);
        if n > 2 || day == 0 || day > MONTH_DAYS[usize::from(m - 1)] {
            let month = &MONTH_NAMES[usize::from(m - 1)];
            let last = MONTH_DAYS[usize::from(m - 1)];
            return Err(self.err(
                at,
                said!(format!(
                    "\"{digits}\" is not a day of {month}: write 01 to {last}, e.g. Dec 24"
                )),
            ));
        }
        self.pos = at + n;
        Ok(Some(day))
    }

    /// Whether a year (four digits, 1900 or later) starts at `at`.
    fn is_year_at(&self, at: usize) -> bool {
        self.count(at, u8::is_ascii_digit) == 4
            && self.src[at..at + 4].parse::<u16>().is_ok_and(|y| y >= 1900)
    }

    /// Whether `H:MM` or `HH:MM` (and not `HH:MM:SS`) starts at `at`.
    fn is_time_at(&self, at: usize) -> bool {
        let n = self.count(at, u8::is_ascii_digit);
        let two =
            |i: usize| self.peek_at(i) == Some(b':') && self.count(i + 1, u8::is_ascii_digit) == 2;
        (1..=2).contains(&n) && two(at + n) && !two(at + n + 3)
    }

    /// `Mo`, `Mo-Fr`, `Fr-Mo`, `PH`, `SH` and lists of them.
    fn weekdays(&mut self, rule: &mut Rule) -> Result<(), String> {
        let mut mask = 0u8;
        let mut holidays = false;
        let mut days = false;
        loop {
            let at = self.pos;
            if self.holiday_at(at) {
                self.pos += 2;
                holidays = true;
                let before = self.pos;
                self.spaces();
                if matches!(self.peek(), Some(b'+' | b'-')) {
                    return Err(self.err(
                        before + 1,
                        "holiday offsets such as \"PH +1 day\" are not supported: write PH alone",
                    ));
                }
                self.pos = before;
            } else {
                let first = self.weekday()?;
                days = true;
                let before = self.pos;
                self.spaces();
                let last = if self.eat(b'-') {
                    self.spaces();
                    self.weekday()?
                } else {
                    self.pos = before;
                    first
                };
                if self.peek() == Some(b'[') {
                    return Err(self.unexpected(""));
                }
                let mut d = first;
                loop {
                    mask |= 1 << d;
                    if d == last {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            if self.peek() == Some(b',') && self.day_word_at(self.pos + 1) {
                self.pos += 1;
                continue;
            }
            let before = self.pos;
            if self.spaces() > 0
                && ((days && !holidays && self.holiday_at(self.pos))
                    || (holidays && !days && self.weekday_at(self.pos).is_some()))
            {
                continue;
            }
            self.pos = before;
            rule.weekdays = Some(mask);
            return Ok(());
        }
    }

    fn weekday(&mut self) -> Result<u8, String> {
        match self.weekday_at(self.pos) {
            Some(d) => {
                self.pos += 2;
                Ok(d)
            }
            None => Err(self.unexpected(WRITE_WEEKDAYS)),
        }
    }

    /// `09:00-18:00`, `09:00-12:00,14:00-18:00`, `22:00-02:00`, `18:00-26:00`.
    fn times(&mut self, rule: &mut Rule) -> Result<(), String> {
        let mut spans = vec![self.span()?];
        loop {
            let before = self.pos;
            self.spaces();
            if !self.eat(b',') {
                self.pos = before;
                break;
            }
            let gap = self.spaces();
            if !self.peek_is_digit() {
                self.pos = before;
                break;
            }
            match self.span() {
                Ok(span) => spans.push(span),
                // ", 24/7" or ", 10:00-12:00 ..." after a space can start the next rule
                Err(_) if gap > 0 => {
                    self.pos = before;
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        let mut today = Vec::new();
        let mut spill = Vec::new();
        for (start, end) in spans {
            let end = if end <= start { end + DAY } else { end };
            today.push((start, end.min(DAY)));
            if end > DAY {
                spill.push((0, end - DAY));
            }
        }
        rule.today = union(today);
        rule.spill = union(spill);
        Ok(())
    }

    fn span(&mut self) -> Result<(u16, u16), String> {
        let start = self.time(false)?;
        self.spaces();
        if !self.eat(b'-') {
            if !matches!(self.peek(), None | Some(b';' | b',' | b'"' | b'|')) {
                return Err(self.unexpected("write a time span such as 09:00-18:00"));
            }
            let at = self.pos;
            return Err(self.err(
                at,
                "a closing time is missing: write a time span such as 09:00-18:00",
            ));
        }
        self.spaces();
        let end = self.time(true)?;
        let before = self.pos;
        self.spaces();
        if matches!(self.peek(), Some(b'+' | b'/')) {
            return Err(self.unexpected(""));
        }
        self.pos = before;
        Ok((start, end))
    }

    /// Minutes since midnight; an end may be 24:00 or later, up to 48:00.
    fn time(&mut self, end: bool) -> Result<u16, String> {
        let at = self.pos;
        let n = self.count(at, u8::is_ascii_digit);
        if n == 0 {
            return Err(self.unexpected(WRITE_TIME));
        }
        if !self.is_time_at(at) {
            if !end && self.is_year_at(at) {
                return Err(self.unexpected(""));
            }
            let text: String = self.src[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.'))
                .collect();
            return Err(self.err(
                at,
                said!(format!(
                    "\"{text}\" is not a time: write hours and minutes such as 09:00"
                )),
            ));
        }
        let hours: u16 = self.src[at..at + n].parse().unwrap_or(99);
        let minutes: u16 = self.src[at + n + 1..at + n + 3].parse().unwrap_or(99);
        let text = &self.src[at..at + n + 3];
        let value = hours * 60 + minutes;
        if minutes > 59 || (!end && hours > 23) || value > 2 * DAY {
            let range = if end {
                "00:00 to 48:00"
            } else {
                "00:00 to 23:59"
            };
            return Err(self.err(
                at,
                said!(format!("\"{text}\" is not a time: write {range}")),
            ));
        }
        self.pos = at + n + 3;
        Ok(value)
    }
}

/// Days of the year from `from` to `to` (month 1-12, day 1-31), wrapping
/// over the new year when `to` comes before `from`. Which days a range
/// selects depends on the month and day alone: `Feb 29-Mar 02` starts on
/// Mar 1 in a common year, `Feb` ends on Feb 28.
struct DateRange {
    from: (u8, u8),
    to: (u8, u8),
}

impl DateRange {
    fn mark(&self, days: &mut [u32; 12]) {
        for (m, bits) in (1..=12).zip(days.iter_mut()) {
            for d in 1..=31 {
                let o = (m, d);
                let inside = if self.from <= self.to {
                    self.from <= o && o <= self.to
                } else {
                    o >= self.from || o <= self.to
                };
                if inside {
                    *bits |= 1 << d;
                }
            }
        }
    }
}

/// Whether `c` belongs to a word, for naming a word the parser does not know
/// ("März" is one word, "Mo–Fr" is two words and a dash). ASCII letters and
/// digits, and any other character that is not a space, a punctuation mark or
/// a symbol from the common blocks: close to `char::is_alphanumeric`,
/// without its Unicode tables in the app's download.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !matches!(c,
        '\u{80}'..='\u{a9}' | '\u{ab}'..='\u{b1}' | '\u{b4}' | '\u{b6}'..='\u{b8}' | '\u{bb}' | '\u{bf}'
        | '\u{d7}' | '\u{f7}'
        | '\u{2000}'..='\u{2bff}'
        | '\u{3000}'..='\u{303f}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}'
        | '\u{fff0}'..='\u{ffff}')
}

/// Sorts spans and merges those that overlap or touch.
fn union(mut spans: Vec<(u16, u16)>) -> Vec<(u16, u16)> {
    spans.retain(|(s, e)| s < e);
    crate::sort::u16_pairs(&mut spans);
    let mut out: Vec<(u16, u16)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if last.1 >= s => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_are_letters_and_digits_not_dashes_or_spaces() {
        // letters of the scripts with case, and Arabic: as is_alphanumeric says
        for (lo, hi) in [
            (0x41, 0x24F),
            (0x370, 0x52F),
            (0x600, 0x6FF),
            (0x1E00, 0x1EFF),
        ] {
            for c in (lo..=hi)
                .filter_map(char::from_u32)
                .filter(|c| c.is_alphanumeric())
            {
                assert!(is_word_char(c), "{c} U+{:04X}", c as u32);
            }
        }
        // ASCII, Latin-1 and general punctuation, spaces and symbols are not
        for c in (0x20..0xC0)
            .chain(0x2000..0x2070)
            .filter_map(char::from_u32)
        {
            if !c.is_alphanumeric() {
                assert!(!is_word_char(c), "{c} U+{:04X}", c as u32);
            }
        }
        let e = parse("März 01-Apr 30 Mo–Fr 10:00-18:00")
            .map(|_| ())
            .unwrap_err();
        assert!(e.contains("\"März\" is not understood"), "{e}");
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        // "ü" is two bytes; the error is at the 32nd character
        let e = parse("Mo-Fr 10:00-12:00 \"Bücher\"; Sa 9 Uhr")
            .map(|_| ())
            .unwrap_err();
        assert!(e.starts_with("at character 32: \"9\" is not a time"), "{e}");
    }

    #[test]
    fn spans_past_midnight_spill_into_the_next_day() {
        let rules = parse("Mo 22:00-02:00,23:00-26:30").unwrap();
        assert_eq!(rules.rules[0].today, [(22 * 60, DAY)]);
        assert_eq!(rules.rules[0].spill, [(0, 150)]);
        assert_eq!(parse("10:00-10:00").unwrap().rules[0].spill, [(0, 600)]);
    }

    #[test]
    fn date_ranges_wrap_over_the_new_year() {
        let mut days = [0; 12];
        DateRange {
            from: (12, 24),
            to: (1, 2),
        }
        .mark(&mut days);
        assert_eq!(days[11], (24..=31).map(|d| 1 << d).sum::<u32>());
        assert_eq!(days[0], 0b110);
        assert!(days[1..11].iter().all(|&m| m == 0));
    }

    #[test]
    fn a_comma_with_a_space_starts_a_rule() {
        let rules = parse("Mo, We 10:00-12:00").unwrap().rules;
        assert_eq!((rules.len(), rules[1].op), (2, Op::Additional));
        assert_eq!(rules[0].today, [(0, DAY)]);
        let rules = parse("Mo,We 10:00-12:00, 14:00-16:00, 24/7").unwrap().rules;
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].weekdays, Some(0b101));
        assert_eq!(rules[0].today, [(600, 720), (840, 960)]);
    }

    #[test]
    fn same_comments_share_an_index() {
        let rules = parse("Mo \"a\"; Tu \"b\"; We \"a\"").unwrap().rules;
        let ids: Vec<u16> = rules.iter().map(|r| r.comment).collect();
        assert_eq!(ids, [1, 2, 1]);
    }
}
