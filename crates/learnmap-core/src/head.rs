//! The extent a file states before its features, read from its first bytes.
//!
//! A FeatureCollection's own `bbox` usually comes before its `features`
//! (learnmap's own tools write it there). Read from the head of the file
//! while the rest downloads, it lets the map go where the places are, and
//! its tiles load, before most of the bytes are in. It is the `bbox` the
//! whole file's load states ([`crate::Loading::declared_extent`]), or
//! nothing: never a guess.

use crate::bbox::BBox;
use crate::load::read_bbox;
use serde_json::value::RawValue;

/// The `bbox` of the top-level object whose first bytes are `head`: the
/// last `bbox` member before `features`, when every member before
/// `features` is in `head` and that `bbox` is well formed as the load
/// takes it (four or six numbers, west ≤ east, south ≤ north). `None` when
/// `head` ends first, when no `bbox` comes before the features, or when
/// `head` is not the start of a JSON object. A byte order mark is skipped.
///
/// ```
/// let head = br#"{"type": "FeatureCollection", "bbox": [9.9, 53.5, 10.1, 53.6], "features": [{"type": "Fea"#;
/// let bbox = learnmap_core::stated_extent(head).unwrap();
/// assert_eq!((bbox.west, bbox.south, bbox.east, bbox.north), (9.9, 53.5, 10.1, 53.6));
/// // the head ends before the features: it cannot say yet
/// assert_eq!(learnmap_core::stated_extent(br#"{"bbox": [9.9, 53.5, 10.1, 53.6], "name": "Ham"#), None);
/// ```
pub fn stated_extent(head: &[u8]) -> Option<BBox> {
    // the head may end within a character: what comes before it
    let head = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    let mut at = 0;
    skip_blanks(head, &mut at);
    expect(head, &mut at, b'{')?;
    let mut bbox = None;
    loop {
        let key: String = serde_json::from_str(next_value(head, &mut at)?).ok()?;
        skip_blanks(head, &mut at);
        expect(head, &mut at, b':')?;
        if key == "features" {
            return bbox.flatten();
        }
        let value = next_value(head, &mut at)?;
        if key == "bbox" {
            bbox = Some(read_bbox(value).ok().flatten());
        }
        skip_blanks(head, &mut at);
        // the object ends without features (the load says what is wrong), or the head does
        expect(head, &mut at, b',')?;
    }
}

/// The text of the JSON value in `head` at `at` (blanks before it skipped),
/// moving `at` past it; `None` when it is not there whole.
fn next_value<'h>(head: &'h str, at: &mut usize) -> Option<&'h str> {
    let mut values = serde_json::Deserializer::from_str(head.get(*at..)?).into_iter::<&RawValue>();
    let value = values.next()?.ok()?;
    *at += values.byte_offset();
    Some(value.get())
}

fn skip_blanks(head: &str, at: &mut usize) {
    while matches!(head.as_bytes().get(*at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        *at += 1;
    }
}

fn expect(head: &str, at: &mut usize, byte: u8) -> Option<()> {
    (head.as_bytes().get(*at) == Some(&byte)).then(|| *at += 1)
}

#[cfg(test)]
mod tests {
    use super::stated_extent;
    use crate::BBox;

    #[test]
    fn reads_the_last_well_formed_bbox_before_the_features() {
        let bbox = |text: &str| stated_extent(text.as_bytes());
        let hamburg = Some(BBox::new(9.9, 53.5, 10.1, 53.6));
        assert_eq!(
            bbox(r#"{"bbox":[9.9,53.5,10.1,53.6],"features":["#),
            hamburg
        );
        assert_eq!(
            bbox("\u{feff} {\n\t\"type\" : \"FeatureCollection\" ,\r\n \"bbox\" : [ 9.9 , 53.5 , 10.1 , 53.6 ] , \"features\" :"),
            hamburg
        );
        // members of any kind before it, "features" in a string, an escaped key
        assert_eq!(
            bbox(
                r#"{"name": "no \"features\": here", "meta": {"features": [1, {"a": null}]}, "n": -1.5e3, "ok": true, "bb\u006fx": [9.9, 53.5, 0, 10.1, 53.6, 0], "features": []}"#
            ),
            hamburg
        );
        // the last of two, as the load reads them
        assert_eq!(
            bbox(r#"{"bbox": [0, 0, 1, 1], "bbox": [9.9, 53.5, 10.1, 53.6], "features": []}"#),
            hamburg
        );
        // none, or none well formed, before the features
        for text in [
            r#"{"features": [], "bbox": [9.9, 53.5, 10.1, 53.6]}"#,
            r#"{"bbox": [9.9, 53.5, 10.1], "features": []}"#,
            r#"{"bbox": [10.1, 53.5, 9.9, 53.6], "features": []}"#,
            r#"{"bbox": [9.9, "53.5", 10.1, 53.6], "features": []}"#,
            r#"{"bbox": [9.9, 53.5, 10.1, 53.6], "bbox": null, "features": []}"#,
            r#"{"bbox": [9.9, 53.5, 10.1, 53.6]}"#,
            r#"[{"bbox": [9.9, 53.5, 10.1, 53.6], "features": []}]"#,
            r#"{"bbox": [9.9, 53.5, 10.1, 53.6] "features": []}"#,
            "",
        ] {
            assert_eq!(bbox(text), None, "{text}");
        }
    }
}
