//! Shared pieces of `validate`, `stats` and `diff`: reading a data file
//! (with a located message for bytes that are not UTF-8), whole-file errors,
//! the `--format` option and small text-formatting helpers.

use anyhow::Context;
use learnmap_core::{Dataset, LoadOptions};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// How a report is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: aligned text.
    #[default]
    Text,
    /// For machines: one JSON document, described in the README.
    Json,
}

/// Why a whole file could not be loaded: not UTF-8, not JSON, not a
/// FeatureCollection, too large, or unreadable.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileError {
    /// A stable code: `not-utf8`, `not-json`, `not-feature-collection`,
    /// `too-large` or `io-error`.
    pub code: &'static str,
    /// What is wrong, in a sentence.
    pub message: String,
    /// 1-based line, when the error has a place.
    pub line: Option<usize>,
    /// 1-based column (in characters), when the error has a place.
    pub column: Option<usize>,
    /// The byte offset of the first byte that is not UTF-8 (`not-utf8` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_offset: Option<usize>,
    /// What to do about it.
    pub hint: String,
}

impl FileError {
    /// `FILE:LINE:COL: error[CODE]: message` (without `:LINE:COL` when the
    /// error has no place), then an indented `= help:` line.
    pub fn render(&self, path: &Path) -> String {
        let mut out = format!("{}", path.display());
        if let (Some(line), Some(column)) = (self.line, self.column) {
            let _ = write!(out, ":{line}:{column}");
        }
        let _ = writeln!(out, ": error[{}]: {}", self.code, self.message);
        if !self.hint.is_empty() {
            let _ = writeln!(out, "  = help: {}", self.hint);
        }
        out
    }

    /// An I/O error (exit code 2 in every subcommand).
    pub fn io(error: &anyhow::Error) -> Self {
        FileError {
            code: "io-error",
            message: format!("{error:#}"),
            line: None,
            column: None,
            byte_offset: None,
            hint: "check the path and the file's permissions".into(),
        }
    }

    pub fn from_core(error: &learnmap_core::Error) -> Self {
        // serde_json says column 0 at the very start of a line (as at the
        // end of a file that ends with a newline); columns here are 1-based.
        let (line, column) = match error.location() {
            Some((line, column)) => (Some(line.max(1)), Some(column.max(1))),
            None => (None, None),
        };
        let (code, message, hint) = match error {
            learnmap_core::Error::NotJson { message, .. } => (
                "not-json",
                format!("not valid JSON: {}", without_position(message)),
                "check the JSON syntax here: a missing comma, quote or bracket?",
            ),
            learnmap_core::Error::NotFeatureCollection { message, .. } => (
                "not-feature-collection",
                format!("not a GeoJSON FeatureCollection: {message}"),
                "the file must be {\"type\": \"FeatureCollection\", \"features\": [ ... ]}",
            ),
            learnmap_core::Error::TooLarge { .. } => (
                "too-large",
                error.to_string(),
                "split the file, or raise the limit with --max-bytes",
            ),
            // The core's error enum may grow; say what it says.
            #[allow(unreachable_patterns)]
            _ => ("not-loaded", error.to_string(), ""),
        };
        FileError {
            code,
            message,
            line,
            column,
            byte_offset: None,
            hint: hint.into(),
        }
    }
}

/// serde_json's message without its trailing " at line L column C" (the
/// error carries the place itself).
fn without_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    }
}

/// Reads `path` as UTF-8 text. The outer error is an I/O error naming the
/// file; the inner one says the text is not UTF-8 (or too large), and where.
pub fn read_text(path: &Path, max_bytes: usize) -> anyhow::Result<Result<String, FileError>> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > max_bytes as u64 {
        return Ok(Err(FileError {
            code: "too-large",
            message: format!("the file is {size} bytes, over the limit of {max_bytes} bytes"),
            line: None,
            column: None,
            byte_offset: None,
            hint: "split the file, or raise the limit with --max-bytes".into(),
        }));
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(decode_utf8(bytes))
}

/// The bytes as text, or a `not-utf8` error at the first invalid byte.
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String, FileError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let bytes = error.as_bytes();
            let offset = error.utf8_error().valid_up_to();
            // The prefix is valid UTF-8, so lines and columns are exact.
            let prefix = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix[line_start..].chars().count() + 1;
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            let hint = if utf16 {
                "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8, \
                 e.g. `iconv -f UTF-16 -t UTF-8 in.geojson > out.geojson`"
            } else {
                "save the file as UTF-8; if it is Latin-1 or Windows-1252, convert it with \
                 `iconv -f WINDOWS-1252 -t UTF-8 in.geojson > out.geojson`"
            };
            Err(FileError {
                code: "not-utf8",
                message: format!(
                    "the file is not UTF-8: invalid byte 0x{:02X} at byte offset {offset}",
                    bytes[offset]
                ),
                line: Some(line),
                column: Some(column),
                byte_offset: Some(offset),
                hint: hint.into(),
            })
        }
    }
}

/// Reads and loads `path`. The outer error is an I/O error naming the file
/// (exit code 2); the inner one a whole-file error (exit code 1).
pub fn load_file(path: &Path, options: &LoadOptions) -> anyhow::Result<Result<Dataset, FileError>> {
    Ok(match read_text(path, options.max_bytes)? {
        Ok(text) => learnmap_core::load_with(&text, options).map_err(|e| FileError::from_core(&e)),
        Err(error) => Err(error),
    })
}

pub use learnmap_import::plural as count;

/// `part` as a percentage of `whole` with one decimal (`94.7%`), or `-`
/// when `whole` is zero.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// `part / whole` rounded to four decimals, or `None` when `whole` is zero.
pub fn share(part: usize, whole: usize) -> Option<f64> {
    (whole != 0).then(|| (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0)
}

/// Column alignment in [`table`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text columns.
    Left,
    /// Number columns.
    Right,
}

/// An aligned text table: columns padded to their widest cell (in
/// characters), separated by two spaces, without trailing spaces.
pub fn table(header: &[&str], align: &[Align], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate().take(columns) {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = widths[i].saturating_sub(cell.chars().count());
            match align.get(i).copied().unwrap_or(Align::Left) {
                Align::Left => {
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', pad));
                }
                Align::Right => {
                    line.extend(std::iter::repeat_n(' ', pad));
                    line.push_str(cell);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_text_left_and_numbers_right() {
        let rows = vec![
            vec!["library".to_owned(), "42".to_owned(), "14.0%".to_owned()],
            vec!["école".to_owned(), "7".to_owned(), "2.3%".to_owned()],
        ];
        let text = table(
            &["place_type", "places", "share"],
            &[Align::Left, Align::Right, Align::Right],
            &rows,
        );
        assert_eq!(
            text,
            "place_type  places  share\n\
             library         42  14.0%\n\
             école            7   2.3%\n"
        );
    }

    #[test]
    fn percentages_and_shares() {
        assert_eq!(percent(284, 300), "94.7%");
        assert_eq!(percent(0, 300), "0.0%");
        assert_eq!(percent(3, 0), "-");
        assert_eq!(share(284, 300), Some(0.9467));
        assert_eq!(share(1, 0), None);
        assert_eq!(count(1, "feature", "features"), "1 feature");
        assert_eq!(count(0, "feature", "features"), "0 features");
    }

    #[test]
    fn not_utf8_is_located_at_the_first_bad_byte() {
        // "é" in UTF-8 is two bytes: the column counts characters.
        let mut bytes = b"{\n  \"name\": \"caf\xC3\xA9 ".to_vec();
        bytes.push(0xE4); // "ä" in Latin-1
        bytes.extend_from_slice(b"\"\n}");
        let error = decode_utf8(bytes).unwrap_err();
        assert_eq!(error.code, "not-utf8");
        // Line 2 is `  "name": "café ` before the bad byte: 16 characters, 17 bytes.
        assert_eq!((error.line, error.column), (Some(2), Some(17)));
        assert_eq!(error.byte_offset, Some(19));
        assert!(error.message.contains("0xE4"), "{}", error.message);
        assert!(
            error.message.contains("byte offset 19"),
            "{}",
            error.message
        );
    }

    #[test]
    fn utf16_gets_its_own_hint() {
        let error = decode_utf8(vec![0xFF, 0xFE, b'{', 0]).unwrap_err();
        assert_eq!((error.line, error.column), (Some(1), Some(1)));
        assert!(error.hint.contains("UTF-16"), "{}", error.hint);
    }

    #[test]
    fn file_errors_render_with_and_without_a_place() {
        let error = FileError {
            code: "not-json",
            message: "not valid JSON: EOF while parsing an object".into(),
            line: Some(3),
            column: Some(1),
            byte_offset: None,
            hint: "check it".into(),
        };
        assert_eq!(
            error.render(Path::new("a.geojson")),
            "a.geojson:3:1: error[not-json]: not valid JSON: EOF while parsing an object\n  \
             = help: check it\n"
        );
        let error = FileError {
            line: None,
            column: None,
            hint: String::new(),
            ..error
        };
        assert_eq!(
            error.render(Path::new("a.geojson")),
            "a.geojson: error[not-json]: not valid JSON: EOF while parsing an object\n"
        );
    }

    #[test]
    fn serde_positions_are_stripped() {
        assert_eq!(
            without_position("expected `,` or `}` at line 3 column 7"),
            "expected `,` or `}`"
        );
        assert_eq!(without_position("plain"), "plain");
    }
}
