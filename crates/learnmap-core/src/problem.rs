//! Problems found in single features: located, coded, with a hint.

use std::cell::Cell;
use std::fmt;

/// The words of a problem's message or hint: `said!(format!(...))`.
///
/// They are for data stewards (the command-line tool, the validator). An
/// app that only counts the features it skips builds the core without its
/// `messages` feature: then messages and hints are empty (codes and
/// locations stay) and their words are not compiled in, which makes the
/// resident's download ~3 KB smaller. Errors that stop a load
/// ([`crate::Error`]) always have their message.
macro_rules! said {
    ($words:expr) => {
        $crate::problem::said_with(|| $words)
    };
}
pub(crate) use said;

/// The words, with the `messages` feature (the default).
#[cfg(feature = "messages")]
#[inline(always)]
pub(crate) fn said_with<T>(words: impl FnOnce() -> T) -> T {
    words()
}

/// Nothing, without the `messages` feature: `words` is never called, so
/// nothing of it is compiled in.
#[cfg(not(feature = "messages"))]
#[inline(always)]
pub(crate) fn said_with<T: Default>(_words: impl FnOnce() -> T) -> T {
    T::default()
}

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The feature (or the value) was kept, but something should be fixed.
    Warning,
    /// Invalid data: a feature with an error is skipped. (An error in the
    /// collection itself, outside any feature, skips nothing it can avoid.)
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Whether a problem makes the file invalid GeoJSON or only unusable (or
/// imperfect) as learning-space data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The text breaks JSON or GeoJSON (RFC 8259, RFC 7946): any GeoJSON
    /// tool would complain.
    GeoJson,
    /// Valid GeoJSON, but not what the learning-space schema asks for
    /// (`data/README.md`).
    Data,
}

/// A problem code with its kind and usual severity, for documentation and tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProblemCode {
    /// The stable code.
    pub code: &'static str,
    /// GeoJSON validity or learning-space data.
    pub kind: ProblemKind,
    /// The severity the loader gives it.
    pub severity: Severity,
}

const fn code(code: &'static str, kind: ProblemKind, severity: Severity) -> ProblemCode {
    ProblemCode {
        code,
        kind,
        severity,
    }
}

/// Every problem code the loader uses (documented in `data/README.md`).
pub const PROBLEM_CODES: &[ProblemCode] = {
    use ProblemKind::{Data, GeoJson};
    use Severity::{Error, Warning};
    &[
        code("bom", GeoJson, Warning),
        code("duplicate-key", GeoJson, Warning),
        code("non-finite-number", GeoJson, Error),
        code("crs-member", GeoJson, Warning),
        code("forbidden-member", GeoJson, Error),
        code("bad-bbox", GeoJson, Error),
        code("bbox-leaves-out", GeoJson, Warning),
        code("bad-feature", GeoJson, Error),
        code("not-a-feature", GeoJson, Error),
        code("missing-properties", GeoJson, Error),
        code("bad-properties", GeoJson, Error),
        code("bad-id", GeoJson, Error),
        code("missing-geometry", GeoJson, Error),
        code("bad-geometry", GeoJson, Error),
        code("bad-coordinates", GeoJson, Error),
        code("single-geometry-collection", GeoJson, Warning),
        code("single-feature", Data, Warning),
        code("bare-geometry", Data, Error),
        code("null-geometry", Data, Error),
        code("empty-geometry", Data, Error),
        code("non-point-geometry", Data, Warning),
        code("projected-coordinates", Data, Error),
        code("coordinates-swapped", Data, Error),
        code("coordinates-out-of-range", Data, Error),
        code("missing-name", Data, Error),
        code("missing-id", Data, Warning),
        code("duplicate-id", Data, Warning),
        code("unknown-value", Data, Warning),
        code("wrong-type", Data, Warning),
        code("bad-age", Data, Warning),
        code("age-range-reversed", Data, Warning),
        code("bad-opening-hours", Data, Warning),
        code("bad-language", Data, Warning),
        code("unsafe-link", Data, Warning),
    ]
};

/// The entry of [`PROBLEM_CODES`] for `code`.
pub fn problem_code(code: &str) -> Option<&'static ProblemCode> {
    PROBLEM_CODES.iter().find(|c| c.code == code)
}

/// One problem in the data, with where it is and what to do about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// [`Severity::Error`]: the data is invalid, and a feature with an error
    /// is skipped; [`Severity::Warning`]: kept, but something should be fixed.
    pub severity: Severity,
    /// A stable code, such as `missing-name`, for tools and documentation.
    pub code: &'static str,
    /// What is wrong, in a sentence.
    pub message: String,
    /// 1-based line of the offending feature or value.
    pub line: usize,
    /// 1-based column (in characters) of the offending feature or value.
    pub column: usize,
    /// The index of the feature in `features`, when the problem is in one.
    pub feature_index: Option<usize>,
    /// The feature's id, when it has one.
    pub feature_id: Option<String>,
    /// A JSON pointer (RFC 6901) to the offending value.
    pub pointer: String,
    /// What to do about it.
    pub hint: String,
}

impl Problem {
    /// Whether this problem breaks GeoJSON or only the learning-space schema.
    pub fn kind(&self) -> ProblemKind {
        problem_code(self.code).map_or(ProblemKind::Data, |c| c.kind)
    }

    /// Whether this is an error that makes the file invalid GeoJSON.
    pub fn is_geojson_error(&self) -> bool {
        self.severity == Severity::Error && self.kind() == ProblemKind::GeoJson
    }
}

/// `line:column: severity[code]: message`; without the message when it is
/// empty (a core built without its `messages` feature).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}[{}]",
            self.line, self.column, self.severity, self.code
        )?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

/// Appends `key` to a JSON pointer as one reference token (RFC 6901:
/// `~` is written `~0` and `/` is written `~1`). The one escape of pointers:
/// the loader's, the scanner's and the configuration's problems use it.
pub(crate) fn push_pointer_token(pointer: &mut String, key: &str) {
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// `key` as a JSON pointer's reference token (see [`push_pointer_token`]).
pub(crate) fn pointer_token(key: &str) -> String {
    let mut token = String::with_capacity(key.len());
    push_pointer_token(&mut token, key);
    token
}

/// Maps byte offsets in a text to 1-based line and column (in characters).
///
/// Columns are counted from the previous answer when the next offset is
/// later on the same line, so locating many problems in file order costs
/// one pass even when the whole file is one long line.
#[derive(Debug)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    /// Where lines start: found on the first question (a file without
    /// problems never needs it).
    starts: std::cell::OnceCell<Vec<usize>>,
    /// The last answer: (offset, 0-based line, 1-based column).
    last: Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: std::cell::OnceCell::new(),
            last: Cell::new((0, 0, 1)),
        }
    }

    /// The 1-based (line, column) of the byte at `offset`.
    pub(crate) fn locate(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr_newlines(self.text.as_bytes()));
            starts
        });
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let (last_offset, last_line, last_column) = self.last.get();
        let (from, base) = if last_line == line && last_offset <= offset {
            (last_offset, last_column)
        } else {
            (starts[line], 1)
        };
        let column = base + self.text[from..offset].chars().count();
        self.last.set((offset, line, column));
        (line + 1, column)
    }

    /// The byte offset of `inner`, a slice of the indexed text.
    pub(crate) fn offset_of(&self, inner: &str) -> usize {
        (inner.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize)
    }
}

/// The offsets just after each newline.
fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// bug: the escape of JSON pointers was written three times (loader,
    /// scanner, configuration); now one, and `~` is escaped before `/`.
    #[test]
    fn pointer_tokens_escape_tilde_then_slash() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
        assert_eq!(pointer_token("~1"), "~01");
        let mut pointer = "/features/0".to_owned();
        push_pointer_token(&mut pointer, "x/y");
        assert_eq!(pointer, "/features/0x~1y");
    }

    #[test]
    fn locates_lines_and_columns() {
        let text = "ab\ncdé\n\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(0), (1, 1));
        assert_eq!(index.locate(1), (1, 2));
        assert_eq!(index.locate(3), (2, 1));
        assert_eq!(index.locate(text.find('\n').unwrap() + 1), (2, 1));
        assert_eq!(index.locate(text.len() - 1), (4, 1));
        // columns count characters, not bytes
        let after_e = text.find("é").unwrap() + "é".len();
        assert_eq!(index.locate(after_e), (2, 4));
        // in any order, from the cached answer or not
        assert_eq!(index.locate(1), (1, 2));
        assert_eq!(index.locate(after_e), (2, 4));
        assert_eq!(index.locate(text.find('d').unwrap()), (2, 2));
    }
}
