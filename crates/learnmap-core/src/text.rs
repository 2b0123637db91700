//! Text folding for search: case- and accent-insensitive matching.

/// Folds text for case- and accent-insensitive search: lowercase, common
/// Latin diacritics stripped (`ä`→`a`, `é`→`e`, `ø`→`o`, `ł`→`l`), ligatures
/// and sharp s spelt out (`ß`→`ss`, `æ`→`ae`, `œ`→`oe`, `þ`→`th`),
/// combining marks (U+0300–U+036F, as in decomposed text) and control
/// characters dropped. Greek, Cyrillic, Armenian and Georgian are only
/// lowercased (see [`lowercase`]); scripts without case are left as they are.
///
/// A search matches when the folded query is a substring of the folded text.
///
/// ```
/// use learnmap_core::text::fold;
/// assert_eq!(fold("Bücherhalle Straße"), "bucherhalle strasse");
/// assert_eq!(fold("ŁÓDŹ Café"), "lodz cafe");
/// assert_eq!(fold("Cafe\u{301}"), "cafe"); // decomposed é
/// assert_eq!(fold("Øresund ÆØÅ"), "oresund aeoa");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appending to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            if !c.is_ascii_control() {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        let lower = lowercase(c);
        match strip(lower) {
            Folded::Keep => out.push(lower),
            Folded::Drop => {}
            Folded::One(a) => out.push(a),
            Folded::Two(a, b) => {
                out.push(a);
                out.push(b);
            }
        }
    }
}

/// The lowercase of a letter in the scripts with case that place names are
/// written in: Latin (with its extensions for Europe, Africa and Vietnam),
/// Greek, Cyrillic, Armenian, Georgian, fullwidth Latin, and the letterlike
/// symbols, Roman numerals and circled letters; other characters are
/// returned as they are. `İ` becomes `i`.
///
/// The same as `char::to_lowercase` for these letters (checked for every
/// character in a test), without its table of every cased script in Unicode,
/// which would be 4 KB of the app's download.
pub fn lowercase(c: char) -> char {
    let u = c as u32;
    let even_up = |lo: u32, hi: u32| (lo..=hi).contains(&u) && u.is_multiple_of(2);
    let odd_up = |lo: u32, hi: u32| (lo..=hi).contains(&u) && !u.is_multiple_of(2);
    let to = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        0x130 => 0x69,
        0x178 => 0xFF,
        0x181 => 0x253,
        0x186 => 0x254,
        0x189 => 0x256,
        0x18A => 0x257,
        0x18E => 0x1DD,
        0x18F => 0x259,
        0x190 => 0x25B,
        0x193 => 0x260,
        0x194 => 0x263,
        0x196 => 0x269,
        0x197 => 0x268,
        0x19C => 0x26F,
        0x19D => 0x272,
        0x19F => 0x275,
        0x1A9 => 0x283,
        0x1AE => 0x288,
        0x1B1 => 0x28A,
        0x1B2 => 0x28B,
        0x1B7 => 0x292,
        0x1C4 | 0x1C7 | 0x1CA | 0x1F1 => u + 2,
        0x1C5 | 0x1C8 | 0x1CB | 0x1F2 => u + 1,
        0x1A6 => 0x280,
        0x1F6 => 0x195,
        0x1F7 => 0x1BF,
        0x220 => 0x19E,
        0x23A => 0x2C65,
        0x23D => 0x19A,
        0x23E => 0x2C66,
        0x243 => 0x180,
        0x244 => 0x289,
        0x245 => 0x28C,
        0x37F => 0x3F3,
        0x3CF => 0x3D7,
        0x3F4 => 0x3B8,
        0x3F9 => 0x3F2,
        0x3FD..=0x3FF => u - 0x82,
        0x2126 => 0x3C9,
        0x212A => 0x6B,
        0x212B => 0xE5,
        0x2132 => 0x214E,
        0x2160..=0x216F => u + 0x10,
        0x24B6..=0x24CF => u + 0x1A,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E | 0x38F => u + 0x3F,
        0x391..=0x3A1 | 0x3A3..=0x3AB => u + 0x20,
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        0x4C0 => 0x4CF,
        0x531..=0x556 => u + 0x30,
        0x10A0..=0x10C5 | 0x10C7 | 0x10CD => u + 0x1C60,
        0x1E9E => 0xDF,
        0xFF21..=0xFF3A => u + 0x20,
        _ if even_up(0x100, 0x12F)
            || even_up(0x132, 0x137)
            || odd_up(0x139, 0x148)
            || even_up(0x14A, 0x177)
            || odd_up(0x179, 0x17E)
            || even_up(0x182, 0x185)
            || [
                0x187, 0x18B, 0x191, 0x198, 0x1A7, 0x1AC, 0x1AF, 0x1B3, 0x1B5, 0x1B8, 0x1BC,
            ]
            .contains(&u)
            || even_up(0x1A0, 0x1A5)
            || [0x23B, 0x241, 0x370, 0x372, 0x376, 0x3F7, 0x3FA, 0x2183].contains(&u)
            || even_up(0x246, 0x24F)
            || odd_up(0x1CD, 0x1DC)
            || even_up(0x1DE, 0x1EF)
            || u == 0x1F4
            || even_up(0x1F8, 0x21F)
            || even_up(0x222, 0x233)
            || even_up(0x3D8, 0x3EF)
            || even_up(0x460, 0x481)
            || even_up(0x48A, 0x4BF)
            || odd_up(0x4C1, 0x4CE)
            || even_up(0x4D0, 0x52F)
            || even_up(0x1E00, 0x1E95)
            || even_up(0x1EA0, 0x1EFF) =>
        {
            u + 1
        }
        _ => u,
    };
    char::from_u32(to).unwrap_or(c)
}

enum Folded {
    Keep,
    Drop,
    One(char),
    Two(char, char),
}

fn strip(c: char) -> Folded {
    use Folded::*;
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ȁ' | 'ȃ' | 'ạ' | 'ả' | 'ấ'
        | 'ầ' | 'ẩ' | 'ẫ' | 'ậ' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => One('a'),
        'æ' => Two('a', 'e'),
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => One('c'),
        'ď' | 'đ' | 'ð' => One('d'),
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ȅ' | 'ȇ' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế'
        | 'ề' | 'ể' | 'ễ' | 'ệ' => One('e'),
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'ǧ' => One('g'),
        'ĥ' | 'ħ' => One('h'),
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' | 'ỉ' | 'ị' => {
            One('i')
        }
        'ĵ' => One('j'),
        'ķ' | 'ǩ' => One('k'),
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => One('l'),
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => One('n'),
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ'
        | 'ỗ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' | 'ơ' => One('o'),
        'œ' => Two('o', 'e'),
        'ŕ' | 'ŗ' | 'ř' => One('r'),
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => One('s'),
        'ß' => Two('s', 's'),
        'ţ' | 'ť' | 'ŧ' | 'ț' => One('t'),
        'þ' => Two('t', 'h'),
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' | 'ư' | 'ụ' | 'ủ' | 'ứ'
        | 'ừ' | 'ử' | 'ữ' | 'ự' => One('u'),
        'ŵ' => One('w'),
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' | 'ỹ' => One('y'),
        'ź' | 'ż' | 'ž' => One('z'),
        '\u{0300}'..='\u{036F}' => Drop,
        c if c.is_control() => Drop,
        _ => Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::{fold, lowercase};

    /// The blocks `lowercase` covers, in full.
    const COVERED: [(u32, u32); 9] = [
        (0x0000, 0x024F), // Latin: Basic, Latin-1, Extended-A and -B
        (0x0370, 0x03FF), // Greek
        (0x0400, 0x052F), // Cyrillic and its supplement
        (0x0530, 0x058F), // Armenian
        (0x10A0, 0x10FF), // Georgian
        (0x1E00, 0x1EFF), // Latin Extended Additional (Vietnamese, Welsh...)
        (0xFF00, 0xFF5F), // fullwidth Latin
        (0x2000, 0x2BFF), // punctuation and symbols: left as they are
        (0x0600, 0x06FF), // Arabic: no case
    ];

    #[test]
    fn lowercase_agrees_with_the_standard_library_in_the_scripts_it_covers() {
        let mut checked = 0;
        for (lo, hi) in COVERED {
            for c in (lo..=hi).filter_map(char::from_u32) {
                let std: Vec<char> = c.to_lowercase().collect();
                match (c, std.as_slice()) {
                    // the standard library writes İ as i and a combining dot
                    ('İ', ['i', '\u{307}']) => assert_eq!(lowercase(c), 'i'),
                    (_, [one]) => assert_eq!(lowercase(c), *one, "{c} U+{:04X}", c as u32),
                    _ => panic!("{c} U+{:04X} lowercases to {std:?}", c as u32),
                }
                checked += 1;
            }
        }
        assert!(checked > 4000);
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("ÄÖÜ äöü ß ẞ"), "aou aou ss ss");
        assert_eq!(fold("Œuvre Ærø"), "oeuvre aero");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Москва"), "москва");
        assert_eq!(fold("a\u{1}b\nc"), "abc");
    }
}
