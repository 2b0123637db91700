//! A single linear pass over JSON text that finds what `serde_json` hides or
//! refuses: duplicate keys in one object (it keeps the last silently) and the
//! non-JSON tokens `NaN`, `Infinity` and `-Infinity` (it rejects the whole
//! text). It also locates values by path exactly, for problem locations.
//!
//! The scanner is iterative (no recursion, so 10,000 nested arrays are fine),
//! string and escape aware, never panics on malformed input, and allocates
//! only per container (a reused stack), never per byte.

use crate::problem::push_pointer_token;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// A small, fast hasher for keys (FxHash's mixing): keys are short and
/// untrusted input can at worst slow one object down, never crash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type KeySet<'t> = HashSet<&'t [u8], BuildHasherDefault<KeyHasher>>;

/// One step of a path into a JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    /// An object member.
    Key(&'a str),
    /// An array element.
    Index(usize),
}

/// Appends `path` to `pointer` as RFC 6901 JSON pointer segments.
pub(crate) fn push_pointer(pointer: &mut String, path: &[Seg<'_>]) {
    for seg in path {
        pointer.push('/');
        match seg {
            Seg::Key(key) => push_pointer_token(pointer, key),
            Seg::Index(i) => pointer.push_str(&i.to_string()),
        }
    }
}

/// What the scanner found.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FindingKind {
    /// A key repeated in one object; `key` is its text.
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// `NaN`, `Infinity` or `-Infinity` outside a string; `token` is which.
    NonFinite {
        /// The token as written.
        token: &'static str,
    },
}

/// A finding with its byte offset in the scanned text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Finding {
    /// What was found.
    pub kind: FindingKind,
    /// Byte offset of the duplicate key's opening quote or of the token.
    pub offset: usize,
    /// JSON pointer: of the object holding a duplicate key, or of the token's value.
    pub pointer: String,
    /// When the finding is under `/features/<i>`, that `i`.
    pub feature: Option<usize>,
}

/// The result of [`scan`].
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Every finding, in text order.
    pub findings: Vec<Finding>,
    /// Where the features are, when the text is an object whose one
    /// `features` member is an array of objects, written with nothing but
    /// white space and single commas between them.
    pub features: Option<FeatureSpans>,
}

/// The byte ranges of a collection's `features` array and of its items,
/// as [`scan`] finds them: the loader reads the features from these
/// without a pass of its own to find them. That each item is JSON is
/// not checked here.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct FeatureSpans {
    /// The offset of the array's `[`.
    pub open: usize,
    /// The offset of the array's `]`.
    pub close: usize,
    /// Each item's start (its `{`) and end (just past its `}`).
    pub items: Vec<(usize, usize)>,
}

/// Where [`scan`] is in the `features` array.
#[derive(Clone, Copy, PartialEq)]
enum Watch {
    /// Not reached yet.
    Before,
    /// Just after the `[`: an item or the end.
    First,
    /// After an item: a comma or the end.
    AfterItem,
    /// After a comma: an item.
    AfterComma,
    /// The array has ended.
    Done,
    /// Something else was found: the spans are not given.
    Off,
}

impl Scan {
    /// Whether any `NaN`/`Infinity` token was found.
    pub fn has_non_finite(&self) -> bool {
        self.findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::NonFinite { .. }))
    }
}

/// Past this many keys in one object, keys are looked up in a hash set.
const LINEAR_KEYS: usize = 16;

enum Frame<'t> {
    Object {
        /// Where this object's keys start in the shared key stack.
        keys_from: usize,
        /// The current member's key (raw, between the quotes).
        key: &'t [u8],
        /// For large objects: every key so far.
        set: Option<KeySet<'t>>,
    },
    Array {
        index: usize,
    },
}

const NON_FINITE: [&str; 3] = ["NaN", "Infinity", "-Infinity"];

/// Scans `text` in one pass. Malformed JSON is tolerated (the parser reports it).
pub(crate) fn scan(text: &str) -> Scan {
    let b = text.as_bytes();
    let mut out = Scan::default();
    let mut frames: Vec<Frame<'_>> = Vec::new();
    // the open objects' keys so far, each with its `fingerprint`
    let mut keys: Vec<(u64, &[u8])> = Vec::new();
    // emptied sets, reused so that large objects cost no allocation each
    let mut spare: Vec<KeySet<'_>> = Vec::new();
    let mut expect_key = false;
    let mut spans = FeatureSpans::default();
    let mut watch = Watch::Before;
    let mut i = 0;
    while i < b.len() {
        // in the features array, between its items
        let between = frames.len() == 2
            && matches!(watch, Watch::First | Watch::AfterItem | Watch::AfterComma);
        match b[i] {
            b'"' => {
                if between {
                    watch = Watch::Off;
                }
                let end = string_end(b, i);
                if expect_key {
                    let key = &b[(i + 1).min(end)..end.saturating_sub(1).max(i + 1)];
                    // a top-level key written with escapes could be another
                    // `features`: the spans are then not trusted
                    if frames.len() == 1 && key.contains(&b'\\') {
                        watch = Watch::Off;
                    }
                    if let Some(Frame::Object {
                        keys_from,
                        key: current,
                        set,
                    }) = frames.last_mut()
                    {
                        let count = keys.len() - *keys_from;
                        let print = fingerprint(b, i + 1, key.len());
                        let duplicate = match set {
                            Some(set) => !set.insert(key),
                            None => {
                                let dup = keys[*keys_from..]
                                    .iter()
                                    .any(|&(p, k)| p == print && k == key);
                                if count >= LINEAR_KEYS {
                                    let mut all = spare.pop().unwrap_or_default();
                                    all.extend(keys[*keys_from..].iter().map(|&(_, k)| k));
                                    all.insert(key);
                                    *set = Some(all);
                                }
                                dup
                            }
                        };
                        *current = key;
                        if !duplicate {
                            keys.push((print, key));
                        } else {
                            let depth = frames.len() - 1;
                            out.findings.push(Finding {
                                kind: FindingKind::DuplicateKey {
                                    key: decode_key(key),
                                },
                                offset: i,
                                pointer: pointer_of(&frames[..depth]),
                                feature: feature_of(&frames),
                            });
                        }
                    }
                    expect_key = false;
                }
                // a key's colon and the blanks around it, here rather than
                // by another turn of the loop (which would skip them alike:
                // between the features, the string has already turned the
                // spans off)
                i = skip_ws(b, end);
                if b.get(i) == Some(&b':') {
                    i = skip_ws(b, i + 1);
                }
            }
            b'{' => {
                if between {
                    if matches!(watch, Watch::First | Watch::AfterComma) {
                        spans.items.push((i, i));
                    } else {
                        watch = Watch::Off;
                    }
                }
                frames.push(Frame::Object {
                    keys_from: keys.len(),
                    key: b"",
                    set: None,
                });
                expect_key = true;
                i = skip_ws(b, i + 1);
            }
            b'[' => {
                if between {
                    watch = Watch::Off;
                }
                let top_features = matches!(
                    frames.as_slice(),
                    [Frame::Object {
                        key: b"features",
                        ..
                    }]
                );
                if top_features {
                    // a second `features` array: not one to trust
                    watch = if watch == Watch::Before {
                        Watch::First
                    } else {
                        Watch::Off
                    };
                    spans.open = i;
                }
                frames.push(Frame::Array { index: 0 });
                expect_key = false;
                i = skip_ws(b, i + 1);
            }
            b'}' | b']' => {
                if between {
                    // the end of the features array, where one may end
                    if b[i] == b']' && matches!(watch, Watch::First | Watch::AfterItem) {
                        watch = Watch::Done;
                        spans.close = i;
                    } else {
                        watch = Watch::Off;
                    }
                } else if frames.len() == 3
                    && b[i] == b'}'
                    && matches!(watch, Watch::First | Watch::AfterComma)
                {
                    // an item's end
                    if let Some(item) = spans.items.last_mut() {
                        item.1 = i + 1;
                    }
                    watch = Watch::AfterItem;
                }
                if let Some(Frame::Object { keys_from, set, .. }) = frames.pop() {
                    keys.truncate(keys_from);
                    if let Some(mut set) = set {
                        set.clear();
                        spare.push(set);
                    }
                }
                expect_key = false;
                i += 1;
            }
            b',' => {
                if between {
                    watch = if watch == Watch::AfterItem {
                        Watch::AfterComma
                    } else {
                        Watch::Off
                    };
                }
                match frames.last_mut() {
                    Some(Frame::Array { index }) => *index += 1,
                    Some(Frame::Object { .. }) => expect_key = true,
                    None => {}
                }
                i = skip_ws(b, i + 1);
            }
            b'N' | b'I' | b'-' => {
                if between {
                    watch = Watch::Off;
                }
                // (a '-' is most often a number's sign: its next byte says)
                let token = match b[i] {
                    b'-' if b.get(i + 1) != Some(&b'I') => None,
                    _ => NON_FINITE.iter().find(|t| b[i..].starts_with(t.as_bytes())),
                };
                match token {
                    Some(token) => {
                        out.findings.push(Finding {
                            kind: FindingKind::NonFinite { token },
                            offset: i,
                            pointer: pointer_of(&frames),
                            feature: feature_of(&frames),
                        });
                        i += token.len();
                    }
                    // a number: the rest of it at once
                    None => i = skip_plain(b, i + 1),
                }
            }
            _ => {
                let from = i;
                i = skip_plain(b, i + 1);
                if between
                    && !b[from..i]
                        .iter()
                        .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
                {
                    watch = Watch::Off;
                }
            }
        }
    }
    if watch == Watch::Done && frames.is_empty() {
        out.features = Some(spans);
    }
    out
}

/// `text` with every non-finite token found by [`scan`] replaced by `0` and
/// spaces, so that byte offsets (and lines and columns) stay the same.
pub(crate) fn patch_non_finite(text: &str, scan: &Scan) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for f in &scan.findings {
        if let FindingKind::NonFinite { token } = f.kind {
            bytes[f.offset] = b'0';
            for b in &mut bytes[f.offset + 1..f.offset + token.len()] {
                *b = b' ';
            }
        }
    }
    // only ASCII bytes of ASCII tokens were replaced by ASCII
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A key's first eight bytes (fewer for a shorter key) and its length in
/// one word, read from the text where the key starts: keys that differ
/// there are told apart without comparing their bytes (most keys of an
/// object differ in length or in their first bytes). Equal fingerprints
/// say nothing; the keys are then compared.
fn fingerprint(b: &[u8], from: usize, len: usize) -> u64 {
    let word = match b.get(from..from + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().unwrap_or_default()),
        None => b[from.min(b.len())..]
            .iter()
            .rev()
            .fold(0, |w, &c| w << 8 | u64::from(c)),
    };
    let mask = if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    };
    (word & mask) ^ (len as u64).rotate_right(8)
}

/// The index just past the string starting at `b[start] == b'"'`.
fn string_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    loop {
        // eight bytes at a time: straight to the first quote or backslash
        // of the word (the lowest bit `has_byte` sets is exact), not byte
        // by byte, which for the short strings of keys and values read the
        // same word again for every byte before the quote
        while let Some(word) = b.get(i..i + 8) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            let hits = has_byte(w, b'"') | has_byte(w, b'\\');
            if hits != 0 {
                i += (hits.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        match b.get(i) {
            None => return b.len(),
            Some(b'"') => return i + 1,
            Some(b'\\') => i += 2,
            Some(_) => i += 1,
        }
    }
}

/// Non-zero when some byte of `w` equals `byte` (exact as a yes/no answer,
/// and its lowest set bit is the top bit of the first such byte; higher
/// bits may be set by the borrow).
fn has_byte(w: u64, byte: u8) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let x = w ^ (LO * u64::from(byte));
    x.wrapping_sub(LO) & !x & HI
}

/// Bytes the scanner must look at outside strings; everything else
/// (digits, letters of literals, spaces, colons) is skipped in a tight loop.
const INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t[b',' as usize] = true;
    t[b'N' as usize] = true;
    t[b'I' as usize] = true;
    t[b'-' as usize] = true;
    t
};

fn decode_key(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    if raw.contains(&b'\\') {
        if let Ok(decoded) = serde_json::from_str::<String>(&format!("\"{text}\"")) {
            return decoded;
        }
    }
    text.into_owned()
}

fn pointer_of(frames: &[Frame<'_>]) -> String {
    let mut pointer = String::new();
    for frame in frames {
        pointer.push('/');
        match frame {
            Frame::Object { key, .. } => push_pointer_token(&mut pointer, &decode_key(key)),
            Frame::Array { index } => pointer.push_str(&index.to_string()),
        }
    }
    pointer
}

fn feature_of(frames: &[Frame<'_>]) -> Option<usize> {
    match frames {
        [Frame::Object { key, .. }, Frame::Array { index }, ..] if *key == b"features" => {
            Some(*index)
        }
        _ => None,
    }
}

/// The first byte from `i` that the scanner must look at ([`INTERESTING`]).
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !INTERESTING[usize::from(b[i])] {
        i += 1;
    }
    i
}

/// The first byte from `i` that is no blank. Blanks never change what
/// [`scan`] finds, so it passes them where it expects them without another
/// turn of its loop.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The index just past the value starting at `b[i]` (iterative).
fn value_end(b: &[u8], i: usize) -> usize {
    let Some(&first) = b.get(i) else {
        return b.len();
    };
    match first {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            j
        }
    }
}

/// The byte offset, in `text` (one JSON value), of the value at `path`.
///
/// With a duplicate key, the last one counts (as in `serde_json`). When a
/// step is missing, the offset of the deepest value found is returned.
pub(crate) fn locate(text: &str, path: &[Seg<'_>]) -> usize {
    let b = text.as_bytes();
    let mut at = skip_ws(b, 0);
    for seg in path {
        let found = match (seg, b.get(at)) {
            (Seg::Key(want), Some(b'{')) => find_member(b, at, want),
            (Seg::Index(want), Some(b'[')) => find_element(b, at, *want),
            _ => None,
        };
        match found {
            Some(found) => at = found,
            None => return at,
        }
    }
    at
}

fn find_member(b: &[u8], at: usize, want: &str) -> Option<usize> {
    member(b, at, want).map(|(_, value)| value)
}

/// (key offset, value offset) of the last member named `want`.
fn member(b: &[u8], at: usize, want: &str) -> Option<(usize, usize)> {
    let mut i = skip_ws(b, at + 1);
    let mut found = None;
    while i < b.len() && b[i] == b'"' {
        let key_end = string_end(b, i);
        let raw = &b[i + 1..key_end.saturating_sub(1).max(i + 1)];
        let matches = raw == want.as_bytes() || (raw.contains(&b'\\') && decode_key(raw) == want);
        let mut j = skip_ws(b, key_end);
        if b.get(j) != Some(&b':') {
            break;
        }
        j = skip_ws(b, j + 1);
        if matches {
            found = Some((i, j));
        }
        j = skip_ws(b, value_end(b, j));
        if b.get(j) != Some(&b',') {
            break;
        }
        i = skip_ws(b, j + 1);
    }
    found
}

fn find_element(b: &[u8], at: usize, want: usize) -> Option<usize> {
    let mut i = skip_ws(b, at + 1);
    let mut index = 0;
    while i < b.len() && b[i] != b']' {
        if index == want {
            return Some(i);
        }
        let j = skip_ws(b, value_end(b, i));
        if b.get(j) != Some(&b',') {
            return None;
        }
        i = skip_ws(b, j + 1);
        index += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dups(text: &str) -> Vec<(String, usize, String)> {
        scan(text)
            .findings
            .into_iter()
            .filter_map(|f| match f.kind {
                FindingKind::DuplicateKey { key } => Some((key, f.offset, f.pointer)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn finds_duplicate_keys_with_their_object() {
        let text = r#"{"a": 1, "b": {"x": "a", "x": 2}, "a": [1, {"k": 0}]}"#;
        assert_eq!(
            dups(text),
            [
                ("x".to_owned(), 25, "/b".to_owned()),
                ("a".to_owned(), 34, String::new())
            ]
        );
    }

    #[test]
    fn keys_in_sibling_objects_and_strings_are_not_duplicates() {
        let text = r#"{"features": [{"id": "\"id\": 1"}, {"id": 2}], "s": "{\"s\": 1, \"s\": 2}"}"#;
        assert!(dups(text).is_empty());
    }

    /// Keys alike in their first eight bytes and length, or only in their
    /// length, or prefixes of each other: the fingerprint never hides a
    /// repetition, nor makes one of keys that differ.
    #[test]
    fn keys_alike_in_their_fingerprint_are_compared_whole() {
        let text = r#"{"addr:district": 1, "addr:distinct": 2, "addr:di": 3, "ab": 4, "ba": 5, "": 6, "a\"b": 7}"#;
        assert!(dups(text).is_empty());
        let text = r#"{"addr:district": 1, "addr:distinct": 2, "addr:district": 3, "": 4, "": 5, "x": {"ab":1,"ab":2}}"#;
        let found: Vec<String> = dups(text).into_iter().map(|(k, _, _)| k).collect();
        assert_eq!(found, ["addr:district", "", "ab"]);
        // at the very end of the text, with fewer than eight bytes left
        assert_eq!(dups(r#"{"k":1,"k""#).len(), 1);
    }

    #[test]
    fn large_objects_use_a_set() {
        let mut text = String::from("{");
        for k in 0..100 {
            text.push_str(&format!("\"k{k}\": {k},"));
        }
        text.push_str("\"k7\": 0}");
        assert_eq!(dups(&text).len(), 1);
    }

    #[test]
    fn finds_non_finite_tokens_outside_strings() {
        let text =
            r#"{"features": [{"c": [NaN, -Infinity]}, {"s": "NaN Infinity"}], "x": Infinity}"#;
        let found: Vec<_> = scan(text)
            .findings
            .into_iter()
            .map(|f| (f.offset, f.pointer, f.feature))
            .collect();
        assert_eq!(
            found,
            [
                (21, "/features/0/c/0".to_owned(), Some(0)),
                (26, "/features/0/c/1".to_owned(), Some(0)),
                (68, "/x".to_owned(), None)
            ]
        );
        let s = scan(text);
        let patched = patch_non_finite(text, &s);
        assert_eq!(patched.len(), text.len());
        let value: serde_json::Value = serde_json::from_str(&patched).unwrap();
        assert_eq!(value["features"][1]["s"], "NaN Infinity");
    }

    /// `string_end` jumps to the first quote or backslash of each word;
    /// checked against a byte-by-byte reading on seeded strings of quotes,
    /// backslashes and other bytes at every position of a word.
    #[test]
    fn string_end_agrees_with_a_byte_by_byte_reading() {
        fn slow(b: &[u8], start: usize) -> usize {
            let mut i = start + 1;
            while i < b.len() {
                match b[i] {
                    b'"' => return i + 1,
                    b'\\' => i += 2,
                    _ => i += 1,
                }
            }
            b.len()
        }
        let mut rng = learnmap_synth::Rng::new(0x2024);
        for _ in 0..20_000 {
            let len = rng.below(40);
            let mut b = vec![b'"'];
            for _ in 0..len {
                b.push(match rng.below(10) {
                    0 => b'"',
                    1 => b'\\',
                    2 => 0x80 | rng.below(64) as u8,
                    _ => b'a' + rng.below(26) as u8,
                });
            }
            assert_eq!(
                string_end(&b, 0),
                slow(&b, 0),
                "{:?}",
                String::from_utf8_lossy(&b)
            );
        }
    }

    #[test]
    fn deep_nesting_and_garbage_do_not_panic() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(scan(&deep).findings.is_empty());
        for text in ["", "}", "]]]", "{\"a", "\"\\", "{\"a\":1,\"a\"", "-", "N"] {
            scan(text);
            locate(text, &[Seg::Key("a"), Seg::Index(3)]);
        }
    }

    #[test]
    fn locates_values_exactly() {
        let text = r#"{"p": {"name": "x \"name\": 1", "q": {"name": 5}, "name": "last"}, "c": [[1, 2], [3, 4]]}"#;
        let at = locate(text, &[Seg::Key("p"), Seg::Key("name")]);
        assert_eq!(&text[at..at + 6], "\"last\"");
        let at = locate(text, &[Seg::Key("c"), Seg::Index(1), Seg::Index(1)]);
        assert_eq!(&text[at..at + 1], "4");
        // a missing step gives the deepest value found
        let at = locate(text, &[Seg::Key("p"), Seg::Key("nope")]);
        assert_eq!(&text[at..at + 1], "{");
    }
}
