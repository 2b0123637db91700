//! Reading CSV: the delimiter sniffed from the header, header spaces
//! trimmed, decimal commas accepted in coordinates, and rows that are not
//! UTF-8 reported by row and skipped.

use super::mapping::Input;
use super::{ImportProblem, Position, ReadResult, Record};
use crate::{Error, Result};
use learnmap_core::Severity;
use serde_json::{Map, Value};

/// The delimiter used most often outside quotes in the first line: `,`, `;`,
/// tab or `|` (a tie goes to the earlier in that list).
pub fn sniff_delimiter(bytes: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

/// Parses a coordinate: `53.55`, ` 53.55 `, or with a decimal comma `53,55`.
pub fn parse_coordinate(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = if !t.contains('.') && t.matches(',').count() == 1 {
        t.replace(',', ".")
    } else {
        t.to_owned()
    };
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

const LON_NAMES: &[&str] = &["lon", "lng", "long", "longitude", "x"];
const LAT_NAMES: &[&str] = &["lat", "latitude", "y"];

/// The 1-based line where a record starts. The csv reader's own line
/// count is one short after a `\r\n` line end (it places the record at the
/// `\n` that ends the line before), so every row of a CSV saved by a
/// spreadsheet program was reported one line too early.
fn record_line(bytes: &[u8], newlines: &[usize], position: Option<&::csv::Position>) -> usize {
    let Some(p) = position else { return 0 };
    let mut at = p.byte() as usize;
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    newlines.partition_point(|&nl| nl < at) + 1
}

fn newline_offsets(bytes: &[u8]) -> Vec<usize> {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect()
}

/// The delimiter (the mapping's, else sniffed) and a reader of every row,
/// the header included, of bytes without a BOM.
fn reader_of<'b>(bytes: &'b [u8], input: &Input) -> (u8, ::csv::Reader<&'b [u8]>) {
    let delimiter = match input.delimiter.as_deref() {
        Some(d) => d.as_bytes()[0],
        None => sniff_delimiter(bytes),
    };
    let reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    (delimiter, reader)
}

/// Reads a CSV file.
pub fn read(bytes: &[u8], input: &Input) -> Result<ReadResult> {
    let decoded;
    let bytes: &[u8] = match &input.encoding {
        Some(label) => {
            let encoding = encoding_rs::Encoding::for_label(label.as_bytes())
                .ok_or_else(|| Error::Input(format!("unknown encoding \"{label}\"")))?;
            decoded = encoding.decode(bytes).0.into_owned();
            decoded.as_bytes()
        }
        None => bytes,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (_, mut reader) = reader_of(bytes, input);
    let newlines = newline_offsets(bytes);
    let mut rows = reader.byte_records();
    let header = match rows.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => input_err!("the header row cannot be read: {e}"),
        None => input_err!("the file is empty: a CSV needs a header row"),
    };
    let mut names = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        match std::str::from_utf8(raw) {
            Ok(name) => names.push(name.trim().to_owned()),
            Err(e) => input_err!(
                "row 1 (the header), column {}: byte 0x{:02X} is not UTF-8; if the file is Latin-1, set encoding = \"windows-1252\" in the mapping's [input]",
                i + 1,
                raw[e.valid_up_to()]
            ),
        }
    }
    let find = |configured: &Option<String>, guesses: &[&str]| -> Option<usize> {
        match configured {
            Some(name) => names.iter().position(|n| n == name),
            None => names
                .iter()
                .position(|n| guesses.contains(&n.to_ascii_lowercase().as_str())),
        }
    };
    let (Some(lon), Some(lat)) = (find(&input.lon, LON_NAMES), find(&input.lat, LAT_NAMES)) else {
        input_err!(
            "cannot tell which columns hold the coordinates (columns: {}); set lon = \"...\" and lat = \"...\" in the mapping's [input]",
            names.join(", ")
        );
    };
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for row in rows {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = record_line(bytes, &newlines, e.position());
                problems.push(ImportProblem {
                    record: None,
                    severity: Severity::Error,
                    code: "bad-row",
                    message: format!("row {line} cannot be read: {e}; skipped"),
                    line: Some(line),
                    hint: "check the quotes in the row".into(),
                });
                continue;
            }
        };
        let line = record_line(bytes, &newlines, row.position());
        if row.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let mut fields = Map::new();
        let mut bad = None;
        for (i, raw) in row.iter().enumerate() {
            let name = names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("@column{}", i + 1));
            match std::str::from_utf8(raw) {
                Ok(text) => {
                    fields.insert(name, Value::String(text.to_owned()));
                }
                Err(e) => {
                    bad = Some((i, name, raw[e.valid_up_to()]));
                    break;
                }
            }
        }
        if let Some((i, name, byte)) = bad {
            problems.push(ImportProblem {
                record: None,
                severity: Severity::Error,
                code: "not-utf8",
                message: format!(
                    "row {line} is not UTF-8: byte 0x{byte:02X} in column {} (\"{name}\"); skipped",
                    i + 1
                ),
                line: Some(line),
                hint: "save the file as UTF-8, or set encoding = \"windows-1252\" (Latin-1) in the mapping's [input]".into(),
            });
            continue;
        }
        if row.len() > names.len() {
            problems.push(ImportProblem {
                record: Some(records.len()),
                severity: Severity::Warning,
                code: "extra-fields",
                message: format!(
                    "row {line} has {} fields but the header has {}; the extra ones are ignored",
                    row.len(),
                    names.len()
                ),
                line: Some(line),
                hint: "quote fields that contain the delimiter".into(),
            });
        }
        let text = |i: usize| {
            fields
                .get(&names[i])
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        let (x, y) = (text(lon), text(lat));
        let position = if x.is_empty() || y.is_empty() {
            Position::Missing
        } else {
            match (parse_coordinate(&x), parse_coordinate(&y)) {
                (Some(x), Some(y)) => Position::At(x, y),
                _ => Position::Bad(format!(
                    "the coordinates \"{x}\", \"{y}\" (columns \"{}\", \"{}\") are not numbers",
                    names[lon], names[lat]
                )),
            }
        };
        fields.insert("@row".into(), Value::from(line));
        records.push(Record {
            index: 0,
            line,
            label: format!("row {line}"),
            fields,
            position,
        });
    }
    let mut fields_seen = names;
    fields_seen.push("@row".into());
    Ok(ReadResult {
        records,
        problems,
        fields_seen,
    })
}

/// One correction of a source value: the field `field` of the CSV row on
/// line `line` becomes `value`.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct Fix {
    /// The row's line (the header is line 1).
    pub line: usize,
    /// The column's name, as in the header (trimmed).
    pub field: String,
    /// The new text.
    pub value: String,
}

/// The CSV with `fixes` applied, in the same delimiter, UTF-8. Rows keep
/// their lines (a value with a line break is refused); quoting may change
/// where the CSV writer needs it.
pub fn apply_fixes(bytes: &[u8], input: &Input, fixes: &[Fix]) -> Result<Vec<u8>> {
    if input.encoding.is_some() {
        input_err!("corrections are written in UTF-8: convert the file to UTF-8 first and remove encoding from the mapping's [input]");
    }
    if let Some(f) = fixes.iter().find(|f| f.value.contains(['\n', '\r'])) {
        input_err!(
            "the value for \"{}\" on line {} has a line break",
            f.field,
            f.line
        );
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (delimiter, mut reader) = reader_of(bytes, input);
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut builder = ::csv::WriterBuilder::new();
    builder.delimiter(delimiter).flexible(true);
    let line_of = |fields: &[Vec<u8>]| -> std::result::Result<Vec<u8>, String> {
        let mut w = builder.from_writer(Vec::new());
        w.write_record(fields).map_err(|e| e.to_string())?;
        w.into_inner().map_err(|e| e.to_string())
    };
    let mut names: Vec<String> = Vec::new();
    let newlines = newline_offsets(bytes);
    let rows = reader.byte_records();
    let mut last_line = 0;
    let fail =
        |e: &dyn std::fmt::Display| Error::Input(format!("the CSV cannot be rewritten: {e}"));
    for row in rows {
        let row = row.map_err(|e| fail(&e))?;
        let line = record_line(bytes, &newlines, row.position());
        // blank lines the reader skipped keep their place
        while last_line + 1 < line {
            out.push(b'\n');
            last_line += 1;
        }
        last_line = line;
        if names.is_empty() {
            names = row
                .iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_owned())
                .collect();
            let fields: Vec<Vec<u8>> = row.iter().map(<[u8]>::to_vec).collect();
            out.extend(line_of(&fields).map_err(|e| fail(&e))?);
            continue;
        }
        let mut fields: Vec<Vec<u8>> = row.iter().map(<[u8]>::to_vec).collect();
        for fix in fixes.iter().filter(|f| f.line == line) {
            let Some(i) = names.iter().position(|n| *n == fix.field) else {
                input_err!("the CSV has no column \"{}\"", fix.field);
            };
            if fields.len() <= i {
                fields.resize(i + 1, Vec::new());
            }
            fields[i] = fix.value.clone().into_bytes();
        }
        out.extend(line_of(&fields).map_err(|e| fail(&e))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_delimiter_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(sniff_delimiter(b"\"x;y;z\",b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"name;lat;lon\n"), b';');
        assert_eq!(sniff_delimiter(b"name\tlat\tlon\n"), b'\t');
    }

    #[test]
    fn rows_of_a_crlf_file_are_on_their_own_lines() {
        let input = Input::default();
        let text = b"name,lat,lon\r\na,1,2\r\nb,,\r\n\r\nc,3,4\r\n";
        let read = read(text, &input).unwrap();
        let lines: Vec<usize> = read.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 5]);
        let read = read_lf();
        assert_eq!(read, [2, 3, 5]);
    }

    fn read_lf() -> Vec<usize> {
        let text = b"name,lat,lon\na,1,2\nb,,\n\nc,3,4\n";
        read(text, &Input::default())
            .unwrap()
            .records
            .iter()
            .map(|r| r.line)
            .collect()
    }

    #[test]
    fn fixes_keep_rows_on_their_lines() {
        let text = b"name;lat;lon\r\na;1,5;2\r\n\r\nb;;\r\n";
        let fix = Fix {
            line: 4,
            field: "lat".into(),
            value: "3,25".into(),
        };
        let out = apply_fixes(text, &Input::default(), &[fix]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name;lat;lon\na;1,5;2\n\nb;3,25;\n"
        );
    }

    #[test]
    fn reads_decimal_commas() {
        assert_eq!(parse_coordinate(" 53,55 "), Some(53.55));
        assert_eq!(parse_coordinate("-73.95"), Some(-73.95));
        assert_eq!(parse_coordinate("1,234.5"), None);
        assert_eq!(parse_coordinate("north"), None);
    }
}
