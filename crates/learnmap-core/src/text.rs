//! Text folding for search: case- and accent-insensitive matching.

/// Folds text for case- and accent-insensitive search: lowercase, common
/// Latin diacritics stripped (`ä`→`a`, `é`→`e`, `ø`→`o`, `ł`→`l`), ligatures
/// and sharp s spelt out (`ß`→`ss`, `æ`→`ae`, `œ`→`oe`, `þ`→`th`),
/// combining marks (U+0300–U+036F, as in decomposed text) and control
/// characters dropped. Other scripts are only lowercased.
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
        for lower in c.to_lowercase() {
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
    use super::fold;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("ÄÖÜ äöü ß ẞ"), "aou aou ss ss");
        assert_eq!(fold("Œuvre Ærø"), "oeuvre aero");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Москва"), "москва");
        assert_eq!(fold("a\u{1}b\nc"), "abc");
    }
}
