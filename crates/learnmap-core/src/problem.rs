//! Problems found in single features: located, coded, with a hint.

use std::fmt;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The feature (or the value) was kept, but something should be fixed.
    Warning,
    /// The feature was skipped.
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

/// One problem in the data, with where it is and what to do about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Whether the feature was skipped ([`Severity::Error`]) or kept.
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

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}[{}]: {}",
            self.line, self.column, self.severity, self.code, self.message
        )
    }
}

/// Maps byte offsets in a text to 1-based line and column (in characters).
#[derive(Debug)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The 1-based (line, column) of the byte at `offset`.
    pub(crate) fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The byte offset of `inner`, a slice of the indexed text.
    pub(crate) fn offset_of(&self, inner: &str) -> usize {
        (inner.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
