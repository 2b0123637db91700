//! Numbers as text and back, without the standard library's float
//! formatting and parsing.
//!
//! `f64`'s `Display` and `FromStr` are exact in every case, and carry large
//! tables for the rare ones: together about 18 KiB of the app's brotli
//! download. What learnmap reads and writes (coordinates, distances, zooms,
//! ages) needs neither: these functions are exact for numbers with up to 15
//! significant digits, and the shortest form comes from the JSON writer the
//! app has anyway.

/// A number as JSON writes it: the shortest text that reads back as the same
/// `f64`, without a trailing `.0`. For messages about the data.
///
/// ```
/// use learnmap_core::number::shortest;
/// assert_eq!(shortest(53.5), "53.5");
/// assert_eq!(shortest(10.0), "10");
/// assert_eq!(shortest(-0.1278), "-0.1278");
/// assert_eq!(shortest(0.1 + 0.2), "0.30000000000000004");
/// assert_eq!(shortest(f64::NAN), "NaN");
/// ```
pub fn shortest(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    // serde_json writes the shortest round-trip form (its own algorithm)
    let text = serde_json::Number::from_f64(x).map_or_else(String::new, |n| n.to_string());
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

/// A number with a fixed number of decimals, rounded half away from zero:
/// `fixed(1234.56, 1)` is `"1234.6"`. Exact while the rounded number has
/// at most 15 significant digits; larger ones lose their last digits.
///
/// ```
/// use learnmap_core::number::fixed;
/// assert_eq!(fixed(1234.56, 1), "1234.6");
/// assert_eq!(fixed(53.5511, 6), "53.551100");
/// assert_eq!(fixed(-0.00001, 2), "0.00");
/// assert_eq!(fixed(-2.5, 0), "-3");
/// assert_eq!(fixed(7.0, 0), "7");
/// ```
pub fn fixed(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return shortest(x);
    }
    let scaled = (x.abs() * 10f64.powi(decimals as i32)).round();
    let mut digits = format!("{}", scaled as u64);
    let decimals = decimals as usize;
    if decimals > 0 {
        if digits.len() <= decimals {
            digits.insert_str(0, &"0".repeat(decimals + 1 - digits.len()));
        }
        digits.insert(digits.len() - decimals, '.');
    }
    if x < 0.0 && scaled != 0.0 {
        digits.insert(0, '-');
    }
    digits
}

/// A whole number with its digits grouped in threes by `separator`, from
/// `min_digits` digits on (below, as it is): how the interface languages
/// write counts, "10,000" or "10 000", where Spanish writes "1000" but
/// "10.000".
///
/// ```
/// use learnmap_core::number::grouped;
/// assert_eq!(grouped(10_000, ',', 4), "10,000");
/// assert_eq!(grouped(1_234_567, '.', 4), "1.234.567");
/// assert_eq!(grouped(1000, '.', 5), "1000");
/// assert_eq!(grouped(999, ',', 4), "999");
/// ```
pub fn grouped(n: usize, separator: char, min_digits: usize) -> String {
    let digits = n.to_string();
    let len = digits.len();
    if len < min_digits {
        return digits;
    }
    let mut out = String::with_capacity(len + len / 3 * separator.len_utf8());
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(d);
    }
    out
}

/// Reads a decimal number such as `53.55`, `-0.1278`, `+7` or `.5` (no
/// exponent, no `inf` or `NaN`): what the address and the age field hold.
/// A number with at most 15 significant digits (any coordinate to the
/// millimetre) is read exactly, as the nearest `f64`; further digits are
/// dropped.
///
/// ```
/// use learnmap_core::number::decimal;
/// assert_eq!(decimal("53.55"), Some(53.55));
/// assert_eq!(decimal("-0.1278"), Some(-0.1278));
/// assert_eq!(decimal("+7"), Some(7.0));
/// assert_eq!(decimal(".5"), Some(0.5));
/// assert_eq!(decimal("12."), Some(12.0));
/// for bad in ["", "-", ".", "1.2.3", "1e3", "inf", "NaN", "12abc", " 1"] {
///     assert_eq!(decimal(bad), None, "{bad}");
/// }
/// ```
pub fn decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.len() + fraction.len() == 0
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // the significant digits as an integer, and where the point goes
    let mut mantissa: u64 = 0;
    let mut significant = 0;
    let mut scale: i32 = 0;
    for (i, b) in whole.bytes().chain(fraction.bytes()).enumerate() {
        let in_fraction = i >= whole.len();
        if significant < 15 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            significant += usize::from(mantissa != 0);
            scale -= i32::from(in_fraction);
        } else if !in_fraction {
            scale += 1;
        }
    }
    // exact below 2^53 and 10^22, so the one operation rounds correctly
    let value = if scale >= 0 {
        mantissa as f64 * 10f64.powi(scale)
    } else {
        mantissa as f64 / 10f64.powi(-scale)
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use learnmap_synth::Rng;

    /// Seeded numbers of the kinds learnmap meets, as the standard library
    /// writes them with `places` decimals.
    fn samples(seed: u64, n: usize) -> Vec<(f64, usize)> {
        let mut rng = Rng::new(seed);
        (0..n)
            .map(|_| {
                let places = rng.range_u32(0, 9) as usize;
                let x = rng.range_f64(-180.0, 180.0) * 10f64.powi(rng.range_u32(0, 5) as i32 - 2);
                (x, places)
            })
            .collect()
    }

    /// Bug: counts had no thousands separators ("10000 learning spaces").
    #[test]
    fn grouped_puts_a_separator_every_three_digits() {
        for (n, text) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (10_000, "10,000"),
            (100_000, "100,000"),
            (1_000_000, "1,000,000"),
            (12_345_678, "12,345,678"),
        ] {
            assert_eq!(grouped(n, ',', 4), text);
        }
        assert_eq!(grouped(10_000, '\u{202f}', 4), "10\u{202f}000");
        assert_eq!(grouped(1000, '.', 5), "1000");
        assert_eq!(grouped(10_000, '.', 5), "10.000");
        assert_eq!(
            grouped(usize::MAX, ',', 4).replace(',', ""),
            usize::MAX.to_string()
        );
    }

    #[test]
    fn decimal_reads_what_the_standard_parser_reads() {
        for (x, places) in samples(7, 20_000) {
            let text = format!("{x:.places$}");
            assert_eq!(decimal(&text), text.parse::<f64>().ok(), "{text}");
        }
        for text in [
            "0",
            "-0",
            "007",
            "0.000001",
            "123456789012345",
            "0.1",
            "90",
            "-180.000000",
        ] {
            assert_eq!(decimal(text), text.parse::<f64>().ok(), "{text}");
        }
    }

    #[test]
    fn shortest_reads_back_as_the_same_number() {
        for (x, _) in samples(11, 20_000) {
            let text = shortest(x);
            assert_eq!(text.parse::<f64>().ok(), Some(x), "{x} -> {text}");
            assert_eq!(text, x.to_string(), "{x}");
        }
    }

    #[test]
    fn fixed_agrees_with_the_standard_library_away_from_ties() {
        for (x, places) in samples(13, 20_000) {
            let ours = fixed(x, places as u32);
            let std = format!("{x:.places$}");
            // `fixed` writes no sign on a zero ("-0.00" is "0.00")
            let std = match std.strip_prefix('-') {
                Some(zero) if zero.bytes().all(|b| b == b'0' || b == b'.') => zero.to_owned(),
                _ => std,
            };
            // the standard library rounds the exact binary value half to
            // even, `fixed` rounds the scaled value half away from zero: they
            // may differ in the last digit only on a tie
            if ours != std {
                let scaled = x.abs() * 10f64.powi(places as i32);
                assert!(
                    (scaled.fract() - 0.5).abs() < 1e-6,
                    "{x} to {places}: {ours} vs {std}"
                );
            }
        }
    }
}
