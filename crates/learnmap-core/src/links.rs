//! Which link properties are safe to turn into links.
//!
//! `website` and `booking_url` must be `http(s)://` links; `email` may be a
//! plain address or `mailto:`; `phone` a plain number or `tel:`. Anything
//! with another scheme (`javascript:`, `data:`, `vbscript:`, in any case,
//! after spaces or control characters) is refused, so the app never puts it
//! in an `href`.

/// The link properties, the schemes each may use, and whether a value with
/// no scheme at all is allowed.
pub(crate) const LINKS: &[(&str, &[&str], bool)] = &[
    ("website", &["http://", "https://"], false),
    ("booking_url", &["http://", "https://"], false),
    ("email", &["mailto:"], true),
    ("phone", &["tel:"], true),
];

/// What to do with a link value.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Keep it as it is.
    Keep,
    /// Keep it without its surrounding spaces.
    Trim(String),
    /// Drop it: it could run code or is not a link of the right kind.
    Drop,
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// Judges `value` for a property allowed `schemes` (and plain values when `plain`).
pub(crate) fn judge(value: &str, schemes: &[&str], plain: bool) -> Verdict {
    let trimmed = value.trim_matches(is_blank);
    if trimmed.is_empty() || trimmed.chars().any(char::is_control) {
        // browsers delete tabs and newlines inside URLs: "java\tscript:" runs
        return if trimmed.is_empty() && value.is_empty() {
            Verdict::Keep
        } else {
            Verdict::Drop
        };
    }
    let lower = trimmed.to_ascii_lowercase();
    let allowed = schemes.iter().any(|s| lower.starts_with(s)) || (plain && !trimmed.contains(':'));
    match (allowed, trimmed.len() == value.len()) {
        (false, _) => Verdict::Drop,
        (true, true) => Verdict::Keep,
        (true, false) => Verdict::Trim(trimmed.to_owned()),
    }
}

/// The `href` for a link property's value, or `None` when it is not a safe
/// link of that kind: the same rules as the loader's, so whatever the data
/// (or a later edit of it) says, only `http(s):`, `mailto:` and `tel:` links
/// come out.
///
/// ```
/// use learnmap_core::link_href;
/// assert_eq!(link_href("website", " https://example.org/x ").as_deref(), Some("https://example.org/x"));
/// assert_eq!(link_href("website", "JavaScript:alert(1)"), None);
/// assert_eq!(link_href("email", "info@example.org").as_deref(), Some("mailto:info@example.org"));
/// assert_eq!(link_href("phone", "+49 40 123 45").as_deref(), Some("tel:+494012345"));
/// assert_eq!(link_href("phone", "data:text/html,x"), None);
/// assert_eq!(link_href("name", "https://example.org"), None);
/// ```
pub fn link_href(property: &str, value: &str) -> Option<String> {
    let (_, schemes, plain) = LINKS.iter().find(|(p, _, _)| *p == property)?;
    let value = match judge(value, schemes, *plain) {
        Verdict::Keep => value.to_owned(),
        Verdict::Trim(trimmed) => trimmed,
        Verdict::Drop => return None,
    };
    match property {
        "email" => {
            let address = strip_scheme(&value, "mailto:");
            (address.contains('@') && !address.contains(char::is_whitespace))
                .then(|| format!("mailto:{address}"))
        }
        "phone" => {
            let number: String = strip_scheme(&value, "tel:")
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            (number.len() >= 3).then(|| format!("tel:{number}"))
        }
        _ => (!value.is_empty()).then_some(value),
    }
}

/// The `href` of an event's booking link: a web address (`http(s)://`), or
/// booking by e-mail (`mailto:`) or telephone (`tel:`); `None` for
/// anything else.
///
/// ```
/// use learnmap_core::booking_href;
/// assert_eq!(booking_href("https://vhs.example/book").as_deref(), Some("https://vhs.example/book"));
/// assert_eq!(booking_href("MAILTO:kurse@vhs.example").as_deref(), Some("mailto:kurse@vhs.example"));
/// assert_eq!(booking_href("tel:+49 40 123 45").as_deref(), Some("tel:+494012345"));
/// assert_eq!(booking_href("javascript:alert(1)"), None);
/// assert_eq!(booking_href("kurse@vhs.example"), None);
/// ```
pub fn booking_href(value: &str) -> Option<String> {
    let trimmed = value.trim();
    let has = |scheme: &str| {
        trimmed
            .get(..scheme.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(scheme))
    };
    if has("mailto:") {
        link_href("email", value)
    } else if has("tel:") {
        link_href("phone", value)
    } else {
        link_href("website", value).filter(|u| u.contains("://"))
    }
}

/// `value` without its leading `scheme` (written in any case: schemes are
/// case-insensitive, so `MAILTO:` is `mailto:`).
fn strip_scheme<'a>(value: &'a str, scheme: &str) -> &'a str {
    match value.get(..scheme.len()) {
        Some(head) if head.eq_ignore_ascii_case(scheme) => &value[scheme.len()..],
        _ => value,
    }
}

/// The OpenStreetMap directions page to `to`, starting at `from` when the
/// resident said where they are (`at=` in the address: "Near me", a point
/// picked on the map, a shared link). Without it the route has no origin,
/// so the page asks for one (or takes the device's position) rather than
/// routing from a point the resident never chose, such as the city centre
/// the distances fall back to.
///
/// ```
/// use learnmap_core::{directions_url, LonLat};
/// let to = LonLat { lon: 9.9937, lat: 53.5511 };
/// assert_eq!(
///     directions_url(Some(LonLat { lon: 9.9924, lat: 53.5503 }), to),
///     "https://www.openstreetmap.org/directions?route=53.550300%2C9.992400%3B53.551100%2C9.993700"
/// );
/// assert_eq!(
///     directions_url(None, to),
///     "https://www.openstreetmap.org/directions?route=%3B53.551100%2C9.993700"
/// );
/// ```
pub fn directions_url(from: Option<crate::LonLat>, to: crate::LonLat) -> String {
    let point = |p: crate::LonLat| {
        format!(
            "{}%2C{}",
            crate::number::fixed(p.lat, 6),
            crate::number::fixed(p.lon, 6)
        )
    };
    let origin = from.map(point).unwrap_or_default();
    format!(
        "https://www.openstreetmap.org/directions?route={origin}%3B{}",
        point(to)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: &[&str] = &["http://", "https://"];

    #[test]
    fn web_links() {
        assert_eq!(judge("https://example.org", WEB, false), Verdict::Keep);
        assert_eq!(judge("HTTP://example.org", WEB, false), Verdict::Keep);
        assert_eq!(
            judge("  https://example.org ", WEB, false),
            Verdict::Trim("https://example.org".into())
        );
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "VBScript:msgbox",
            "www.example.org",
            "//evil.example",
            " ",
        ] {
            assert_eq!(judge(bad, WEB, false), Verdict::Drop, "{bad:?}");
        }
    }

    #[test]
    fn email_and_phone() {
        assert_eq!(judge("info@example.org", &["mailto:"], true), Verdict::Keep);
        assert_eq!(
            judge("MAILTO:info@example.org", &["mailto:"], true),
            Verdict::Keep
        );
        assert_eq!(
            judge("javascript:alert(1)//@x.org", &["mailto:"], true),
            Verdict::Drop
        );
        assert_eq!(judge("+49 40 123456", &["tel:"], true), Verdict::Keep);
        assert_eq!(judge("tel:+4940123456", &["tel:"], true), Verdict::Keep);
        assert_eq!(judge("data:,040", &["tel:"], true), Verdict::Drop);
    }

    /// bug: `MAILTO:info@example.org` became `mailto:MAILTO:info@example.org`
    /// (and `TEL:` lost its scheme's letters only by luck): schemes are case-insensitive.
    #[test]
    fn upper_case_schemes_are_not_repeated() {
        for (property, value, href) in [
            (
                "email",
                "MAILTO:info@example.org",
                "mailto:info@example.org",
            ),
            (
                "email",
                "Mailto:info@example.org",
                "mailto:info@example.org",
            ),
            (
                "email",
                "mailto:info@example.org",
                "mailto:info@example.org",
            ),
            ("phone", "TEL:+49 40 123", "tel:+4940123"),
        ] {
            assert_eq!(link_href(property, value).as_deref(), Some(href), "{value}");
        }
    }

    #[test]
    fn directions_start_where_the_resident_said_or_nowhere() {
        // bug: without a position, the route started at the city centre the
        // distances fall back to (53.5713, 9.9873), a point the resident never chose
        let to = crate::LonLat {
            lon: 9.9937,
            lat: 53.5511,
        };
        let url = directions_url(None, to);
        assert!(url.ends_with("?route=%3B53.551100%2C9.993700"), "{url}");
        assert!(!url.contains("53.5713"), "{url}");
        let from = crate::LonLat {
            lon: 9.9924,
            lat: 53.5503,
        };
        assert!(directions_url(Some(from), to).contains("route=53.550300%2C9.992400%3B"));
    }
}
