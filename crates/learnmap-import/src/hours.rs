//! Converting free-text opening hours to OpenStreetMap's `opening_hours` syntax.
//!
//! The converter reads US-style hours such as
//! `Mon: 12:00 PM - 7:00 PM; Tue - Thu: 10:30 AM - 5:30 PM; Sun: closed`
//! and writes `Mo 12:00-19:00; Tu-Th 10:30-17:30; Su off`. It converts a
//! text whole or not at all: a text with anything it does not understand
//! (seasons, dates, "first Thursday of each month", "closed for renovation")
//! gives `Err` with the reason, and the caller keeps the original text as a
//! note instead of guessing.

use std::fmt::Write as _;

/// Converts US free-text hours to OpenStreetMap syntax, or says why not.
pub fn us_free_text(text: &str) -> Result<String, String> {
    let tokens = tokenize(text)?;
    let rules = parse_rules(&tokens)?;
    let mut seen = [false; 7];
    let mut out = String::new();
    for rule in &rules {
        for &(from, to) in &rule.days {
            for day in day_span(from, to) {
                if seen[day] {
                    return Err(format!("{} is named twice", DAY_OSM[day]));
                }
                seen[day] = true;
            }
        }
        if !out.is_empty() {
            out.push_str("; ");
        }
        let days: Vec<String> = rule
            .days
            .iter()
            .map(|&(from, to)| {
                if from == to {
                    DAY_OSM[from].to_owned()
                } else {
                    format!("{}-{}", DAY_OSM[from], DAY_OSM[to])
                }
            })
            .collect();
        out.push_str(&days.join(","));
        match &rule.times {
            None => out.push_str(" off"),
            Some(spans) => {
                out.push(' ');
                for (i, (start, end)) in spans.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let _ = write!(
                        out,
                        "{:02}:{:02}-{:02}:{:02}",
                        start / 60,
                        start % 60,
                        end / 60,
                        end % 60
                    );
                }
            }
        }
    }
    if out.is_empty() {
        return Err("no days and times found".into());
    }
    Ok(out)
}

const DAY_OSM: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// The days from `from` to `to`, wrapping past Sunday (`Sat - Wed`).
fn day_span(from: usize, to: usize) -> impl Iterator<Item = usize> {
    let len = (to + 7 - from) % 7 + 1;
    (0..len).map(move |i| (from + i) % 7)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Token {
    Day(usize),
    /// Minutes since midnight as written, and whether AM (`Some(false)`) or PM (`Some(true)`) was given.
    Time(u32, Option<bool>),
    Dash,
    Comma,
    Colon,
    Semicolon,
    Closed,
    Daily,
}

fn day_of(word: &str) -> Option<usize> {
    let w = word.to_ascii_lowercase();
    let days: [&[&str]; 7] = [
        &["mon", "monday", "mo"],
        &["tue", "tues", "tuesday", "tu"],
        &["wed", "weds", "wednesday", "we"],
        &["thu", "thur", "thurs", "thursday", "th"],
        &["fri", "friday", "fr"],
        &["sat", "saturday", "sa"],
        &["sun", "sunday", "su"],
    ];
    days.iter().position(|names| names.contains(&w.as_str()))
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' || c == '–' || c == '—' {
            tokens.push(Token::Dash);
            i += 1;
        } else if c == ',' {
            tokens.push(Token::Comma);
            i += 1;
        } else if c == ':' {
            tokens.push(Token::Colon);
            i += 1;
        } else if c == ';' {
            tokens.push(Token::Semicolon);
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let hours: u32 = chars[start..i]
                .iter()
                .collect::<String>()
                .parse()
                .map_err(|_| "a number is too long".to_owned())?;
            let mut minutes = 0;
            // `10:30`, and the typo `10;30` seen in real data
            if i + 2 < chars.len()
                && (chars[i] == ':' || chars[i] == ';')
                && chars[i + 1].is_ascii_digit()
                && chars[i + 2].is_ascii_digit()
                && !chars.get(i + 3).is_some_and(char::is_ascii_digit)
            {
                minutes = chars[i + 1].to_digit(10).unwrap_or(0) * 10
                    + chars[i + 2].to_digit(10).unwrap_or(0);
                i += 3;
            } else if i - start > 2 {
                return Err(format!(
                    "\"{}\" is not a time",
                    chars[start..i].iter().collect::<String>()
                ));
            }
            // AM / PM / a.m. / p.m.
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let rest: String = chars[j..chars.len().min(j + 4)]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase();
            let meridiem = if rest.starts_with("a.m.") || rest.starts_with("p.m.") {
                i = j + 4;
                Some(rest.starts_with('p'))
            } else if (rest.starts_with("am") || rest.starts_with("pm"))
                && !chars.get(j + 2).is_some_and(|c| c.is_alphanumeric())
            {
                i = j + 2;
                Some(rest.starts_with('p'))
            } else {
                None
            };
            if hours > 24 || minutes > 59 {
                return Err(format!("{hours}:{minutes:02} is not a time"));
            }
            tokens.push(Token::Time(hours * 60 + minutes, meridiem));
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // "Tues." and "Sept." abbreviations
            if chars.get(i) == Some(&'.') {
                i += 1;
            }
            if let Some(day) = day_of(&word) {
                tokens.push(Token::Day(day));
            } else {
                match word.to_ascii_lowercase().as_str() {
                    "closed" => tokens.push(Token::Closed),
                    "daily" => tokens.push(Token::Daily),
                    "to" | "through" | "thru" => tokens.push(Token::Dash),
                    _ => return Err(format!("the word \"{word}\" is not understood")),
                }
            }
        } else {
            return Err(format!("the character '{c}' is not understood"));
        }
    }
    Ok(tokens)
}

struct Rule {
    /// Day ranges, Monday = 0.
    days: Vec<(usize, usize)>,
    /// Time spans in minutes since midnight, or `None` for closed.
    times: Option<Vec<(u32, u32)>>,
}

fn parse_rules(tokens: &[Token]) -> Result<Vec<Rule>, String> {
    let mut rules = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == Token::Semicolon {
            i += 1;
            continue;
        }
        // the days
        let mut days = Vec::new();
        if tokens[i] == Token::Daily {
            days.push((0, 6));
            i += 1;
        } else {
            loop {
                let Some(Token::Day(from)) = tokens.get(i).copied() else {
                    return Err("expected a day of the week".into());
                };
                i += 1;
                let mut to = from;
                if tokens.get(i) == Some(&Token::Dash) {
                    let Some(Token::Day(end)) = tokens.get(i + 1).copied() else {
                        return Err("expected a day after '-'".into());
                    };
                    to = end;
                    i += 2;
                }
                days.push((from, to));
                if tokens.get(i) == Some(&Token::Comma)
                    && matches!(tokens.get(i + 1), Some(Token::Day(_)))
                {
                    i += 1;
                    continue;
                }
                break;
            }
        }
        // the separator between days and times: ':' (or ',' or a stray ';')
        if matches!(
            tokens.get(i),
            Some(Token::Colon | Token::Comma | Token::Semicolon)
        ) && matches!(tokens.get(i + 1), Some(Token::Time(..) | Token::Closed))
        {
            i += 1;
        }
        // the times
        let times = if tokens.get(i) == Some(&Token::Closed) {
            i += 1;
            None
        } else {
            let mut spans = Vec::new();
            loop {
                let (Some(Token::Time(a, am_a)), Some(Token::Dash), Some(Token::Time(b, am_b))) =
                    (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
                else {
                    return Err("expected a time range such as 10:00 AM - 6:00 PM".into());
                };
                spans.push(span(*a, *am_a, *b, *am_b)?);
                i += 3;
                if tokens.get(i) == Some(&Token::Comma)
                    && matches!(tokens.get(i + 1), Some(Token::Time(..)))
                {
                    i += 1;
                    continue;
                }
                break;
            }
            Some(spans)
        };
        rules.push(Rule { days, times });
        match tokens.get(i) {
            None | Some(Token::Semicolon) | Some(Token::Day(_)) | Some(Token::Daily) => {}
            Some(_) => return Err("expected ';' between days".into()),
        }
    }
    Ok(rules)
}

/// A time as 24-hour minutes: 12 AM is midnight, 12 PM is noon.
fn to_24h(minutes: u32, pm: bool) -> Result<u32, String> {
    let (h, m) = (minutes / 60, minutes % 60);
    if !(1..=12).contains(&h) {
        return Err(format!("{h}:{m:02} cannot have AM or PM"));
    }
    Ok((h % 12 + if pm { 12 } else { 0 }) * 60 + m)
}

fn span(a: u32, am_a: Option<bool>, b: u32, am_b: Option<bool>) -> Result<(u32, u32), String> {
    let (start, end) = match (am_a, am_b) {
        (Some(pa), Some(pb)) => (to_24h(a, pa)?, to_24h(b, pb)?),
        // `12:00 - 5:00 PM`: the start takes the end's half of the day,
        // unless that puts it after the end (`10:00 - 5:00 PM` is 10 AM).
        (None, Some(pb)) => {
            let end = to_24h(b, pb)?;
            let same = to_24h(a, pb)?;
            let start = if same <= end { same } else { to_24h(a, !pb)? };
            (start, end)
        }
        (Some(pa), None) => (to_24h(a, pa)?, b),
        (None, None) => (a, b),
    };
    if end <= start {
        return Err(format!(
            "the time range ends ({:02}:{:02}) before it starts ({:02}:{:02})",
            end / 60,
            end % 60,
            start / 60,
            start % 60
        ));
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::us_free_text;

    #[test]
    fn converts_the_common_nyc_forms() {
        let cases = [
            ("Tue - Thu: 10:30 AM - 5:30 PM", "Tu-Th 10:30-17:30"),
            (
                "Mon: 12:00 PM - 7:00 PM; Tue: 11:00 AM - 6:00 PM; Fri - Sat: 10:00 AM - 5:00 PM",
                "Mo 12:00-19:00; Tu 11:00-18:00; Fr-Sa 10:00-17:00",
            ),
            (
                "Sat: 10:00 AM - 1:00 PM, 2:00 PM - 5:00 PM",
                "Sa 10:00-13:00,14:00-17:00",
            ),
            ("Fri:closed; Sun: closed", "Fr off; Su off"),
            ("Mon, Thu - Sun: 12:00 PM - 5:00 PM", "Mo,Th-Su 12:00-17:00"),
            ("Daily: 7:00 AM - 6:00 PM", "Mo-Su 07:00-18:00"),
            ("Sat - Sun: 10 AM – 6 PM", "Sa-Su 10:00-18:00"),
            ("Wed - Thu: 12:00 - 5:00 PM", "We-Th 12:00-17:00"),
            (
                "Tue - Thu, 9:30 AM - 2:00 PM; Fri, 9:00 AM - 5:00 PM",
                "Tu-Th 09:30-14:00; Fr 09:00-17:00",
            ),
            ("Sun - Fri: 10:00 AM - 5:00 PM", "Su-Fr 10:00-17:00"),
        ];
        for (text, want) in cases {
            assert_eq!(us_free_text(text).as_deref(), Ok(want), "{text}");
        }
    }

    #[test]
    fn tolerates_the_typos_found_in_the_nyc_files() {
        // a missing ';', a ';' for ':', '10;00' for '10:00', 'sAt', a trailing ';'
        assert_eq!(
            us_free_text("Thu: 10:00 AM - 8:00 PM Fri: 10:00 AM - 6:00 PM").as_deref(),
            Ok("Th 10:00-20:00; Fr 10:00-18:00")
        );
        assert_eq!(
            us_free_text(
                "Wed; 10:00 AM - 8:00 PM; Thu: 10;00 AM -8:00 PM; sAt: 10:00 AM- 5:00 PM;"
            )
            .as_deref(),
            Ok("We 10:00-20:00; Th 10:00-20:00; Sa 10:00-17:00")
        );
    }

    #[test]
    fn refuses_what_it_cannot_convert_whole() {
        for text in [
            "",
            "Closed for renovation.",
            "As of August 30, 2008, this library is closed.",
            "Tue - Sun: 11:00 AM - 6:00 PM; open until 9:00 PM on the first Thursday of each month.",
            "September - June: Wed - Sun: 1:00 PM - 5:00 PM",
            "Mon - Fri: 10:00 AM - 5:00 AM",
            "Mon: 10:00 AM - 6:00 PM; Mon: 1:00 PM - 2:00 PM",
        ] {
            assert!(us_free_text(text).is_err(), "{text}");
        }
    }

    #[test]
    fn every_conversion_is_valid_osm_syntax() {
        for text in [
            "Mon - Thu: 8:00 AM - 8:00 PM; Fri: 10:00 AM - 5:00 PM; Sat-Sun: 10:00 AM - 5:00 PM",
            "Sat - Wed: 10:00 AM - 5:00 PM",
            "Daily: 11:00 AM - 4:30 PM",
        ] {
            let osm = us_free_text(text).unwrap();
            assert!(learnmap_core::OpeningHours::parse(&osm).is_ok(), "{osm}");
        }
    }
}
