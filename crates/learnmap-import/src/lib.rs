//! Importing CSV, GeoJSON or OpenStreetMap data into canonical
//! learning-space GeoJSON, driven by a TOML mapping file
//! (`data/mappings/README.md` documents the format).
//!
//! Everything works on bytes in memory, without files: the stewards'
//! command-line tool (`learnmap-data import`) and the workbench in the
//! browser (`steward.html`) call the same functions and so write the same
//! bytes and report the same problems.
//!
//! The input is read into [`Record`]s (fields and a position), each record
//! is turned into a feature by the mapping's rules, and the output is
//! written with one feature per line; [`report`] then loads it again with
//! [`learnmap_core::load`] so that the report covers exactly what was
//! written.

/// Returns a [`Error::Mapping`] with a formatted message.
macro_rules! mapping_err {
    ($($t:tt)*) => { return Err($crate::Error::Mapping(format!($($t)*))) };
}
/// Returns a [`Error::Input`] with a formatted message.
macro_rules! input_err {
    ($($t:tt)*) => { return Err($crate::Error::Input(format!($($t)*))) };
}

mod csv;
pub mod diff;
mod fix;
mod geojson;
pub mod guess;
pub mod hours;
pub mod mapping;
mod osm;
mod report;

pub use csv::{apply_fixes, parse_coordinate, sniff_delimiter, Fix};
pub use fix::{apply_json_fixes, record_geometry, RecordFix, GEOMETRY_FIELD};
pub use learnmap_core::Severity;
pub use report::{human_bytes, report, strict_severity, Report, ReportProblem, Where};

use learnmap_core::OpeningHours;
use mapping::{Format, HoursKind, Kind, Mapping, Rule, Source};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// `3 places`, `1 place`.
pub fn plural(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Why an import cannot run at all (problems in single records are
/// [`ImportProblem`]s instead).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The mapping file cannot be used; says why and where in it.
    #[error("{0}")]
    Mapping(String),
    /// The input cannot be read as the format given.
    #[error("{0}")]
    Input(String),
}

impl Error {
    /// The same error, with `what` said first (`[values.place_type] "x": ...`).
    pub fn within(self, what: impl std::fmt::Display) -> Error {
        match self {
            Error::Mapping(m) => Error::Mapping(format!("{what}: {m}")),
            Error::Input(m) => Error::Input(format!("{what}: {m}")),
        }
    }
}

/// The result of the importer's functions.
pub type Result<T> = std::result::Result<T, Error>;

/// A problem found in the input, located by row (CSV line, GeoJSON line, or
/// OSM element line).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportProblem {
    /// Whether the record was skipped.
    pub severity: Severity,
    /// A stable code such as `no-coordinates`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// The 1-based line in the input, when the problem has one.
    pub line: Option<usize>,
    /// The record it is about (its position among the records read, from
    /// 0), when it is about one: several records may share a line.
    pub record: Option<usize>,
    /// What to do about it.
    pub hint: String,
}

/// Where a record's position stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Position {
    /// Longitude, latitude.
    At(f64, f64),
    /// The record has no coordinates.
    Missing,
    /// The coordinates cannot be read; says why.
    Bad(String),
}

/// One source record: a CSV row, a GeoJSON feature or an OSM element.
#[derive(Clone, Debug)]
pub struct Record {
    /// The 1-based line where the record starts in the input.
    pub line: usize,
    /// Its position among the records read, from 0.
    pub index: usize,
    /// How the report names it: "row 17", "feature 3", "node 123".
    pub label: String,
    /// The source fields (`@id`, `@type`, `@row` are added by the readers).
    pub fields: Map<String, Value>,
    /// Where it is.
    pub position: Position,
}

/// The 1-based line of a byte offset.
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

/// What reading an input gave.
pub struct ReadResult {
    /// The records, in input order.
    pub records: Vec<Record>,
    /// Problems found while reading (rows skipped, geometries reduced...).
    pub problems: Vec<ImportProblem>,
    /// Every field name seen, for checking that the mapping's fields exist.
    pub fields_seen: Vec<String>,
}

/// A converted feature, ready to write.
#[derive(Clone, Debug)]
pub struct Feature {
    lon: f64,
    lat: f64,
    properties: BTreeMap<String, Value>,
}

/// The result of an import, before writing.
pub struct Imported {
    /// The output GeoJSON text.
    pub text: String,
    /// How many records the input had.
    pub records: usize,
    /// How many features were written.
    pub features: usize,
    /// The input line of each written feature, in output order.
    pub feature_lines: Vec<usize>,
    /// The record each written feature comes from, in output order.
    pub feature_records: Vec<usize>,
    /// Problems located in the input.
    pub problems: Vec<ImportProblem>,
}

/// The format a file name's extension says: `.csv`/`.tsv`/`.txt`,
/// `.geojson`, `.osm`/`.overpass`; `None` for anything else.
pub fn format_from_extension(name: &str) -> Option<Format> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => Some(Format::Csv),
        "geojson" => Some(Format::Geojson),
        "osm" | "overpass" => Some(Format::Osm),
        _ => None,
    }
}

/// Reads `bytes` as `format` into records, without converting them.
pub fn read(bytes: &[u8], format: Format, input: &mapping::Input) -> Result<ReadResult> {
    let mut read = match format {
        Format::Csv => csv::read(bytes, input),
        Format::Geojson => geojson::read(&utf8(bytes, input)?, input),
        Format::Osm => osm::read(&utf8(bytes, input)?, input),
    }?;
    for (i, record) in read.records.iter_mut().enumerate() {
        record.index = i;
    }
    Ok(read)
}

/// Reads `bytes` as `format`, converts every record and writes the output text.
pub fn import(bytes: &[u8], format: Format, mapping: &Mapping) -> Result<Imported> {
    import_read(read(bytes, format, &mapping.input)?, format, mapping)
}

/// [`import`] of records already read (with the mapping's `[input]`), so
/// that a caller that also looks at the records reads the input once.
pub fn import_read(read: ReadResult, format: Format, mapping: &Mapping) -> Result<Imported> {
    let mut problems = Vec::new();
    if format != Format::Osm {
        // OSM tags are open-ended: a tag no element has is normal there.
        problems = check_fields(mapping, &read.fields_seen)?;
    }
    let mut converter = Converter::new(mapping, format);
    let mut features = Vec::with_capacity(read.records.len());
    let mut feature_lines = Vec::with_capacity(read.records.len());
    let mut feature_records = Vec::with_capacity(read.records.len());
    for record in &read.records {
        if let Some(f) = converter.convert(record) {
            features.push(f);
            feature_lines.push(record.line);
            feature_records.push(record.index);
        }
    }
    let records = read.records.len() + read.skipped_before_records();
    problems.extend(read.problems);
    problems.append(&mut converter.problems);
    problems.extend(converter.unmapped_problems());
    problems.sort_by_key(|p| p.line.unwrap_or(0));
    Ok(Imported {
        text: write_collection(mapping, &features),
        records,
        features: features.len(),
        feature_lines,
        feature_records,
        problems,
    })
}

impl ReadResult {
    /// Records the reader skipped itself (unreadable rows) count as records too.
    fn skipped_before_records(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }
}

/// The text of bytes in the mapping's encoding (UTF-8 by default, a BOM
/// dropped).
pub fn utf8(bytes: &[u8], input: &mapping::Input) -> Result<String> {
    if let Some(label) = &input.encoding {
        let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
            input_err!("unknown encoding \"{label}\"");
        };
        let (text, _, _) = encoding.decode(bytes);
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_owned()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            input_err!(
                "line {line} is not UTF-8 (byte 0x{:02X} at offset {at}); if the file is Latin-1, set encoding = \"windows-1252\" in the mapping's [input]",
                bytes[at]
            )
        }
    }
}

/// Checks that the fields the mapping reads exist in some record. A field
/// that feeds `id` or `name`, or the coordinates, stops the import (a typo
/// there would drop every record); any other gives a `missing-field`
/// warning, with a "did you mean" when a field is spelled alike.
fn check_fields(mapping: &Mapping, seen: &[String]) -> Result<Vec<ImportProblem>> {
    let known: Vec<&str> = seen.iter().map(String::as_str).collect();
    if known.is_empty() {
        return Ok(Vec::new());
    }
    let mut fields = known.clone();
    fields.retain(|f| !f.starts_with('@'));
    fields.truncate(40);
    let listing = fields.join(", ");
    let mut missing = Vec::new();
    let mut warnings = Vec::new();
    let required = mapping.required_fields();
    for (field, targets) in mapping.fields_with_targets() {
        if known.contains(&field.as_str()) {
            continue;
        }
        let hint = learnmap_core::suggest::did_you_mean(&field, &known)
            .map(|s| format!(" (did you mean \"{s}\"?)"))
            .unwrap_or_default();
        if required.contains(&field) {
            missing.push(format!("\"{field}\"{hint}"));
        } else {
            warnings.push(ImportProblem {
                severity: Severity::Warning,
                code: "missing-field",
                message: format!(
                    "the mapping reads the field \"{field}\"{hint} for {}, but no record has it; {} left empty",
                    targets.join(", "),
                    if targets.len() == 1 { "it is" } else { "they are" }
                ),
                line: None,
                record: None,
                hint: format!("check the field's spelling; the input's fields are: {listing}"),
            });
        }
    }
    for (name, field) in [("lon", &mapping.input.lon), ("lat", &mapping.input.lat)] {
        if let Some(f) = field {
            if !known.contains(&f.as_str()) {
                missing.push(format!("\"{f}\" ([input] {name})"));
            }
        }
    }
    if missing.is_empty() {
        return Ok(warnings);
    }
    input_err!(
        "the mapping reads fields the input does not have: {}; the input's fields are: {listing}",
        missing.join(", ")
    )
}

/// A field's value: the field itself, or for a dotted name such as
/// `hours.mo` (when no field has that very name) the member `mo` of the
/// object in the field `hours`.
pub fn field_value<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if let Some(v) = fields.get(name) {
        return Some(v);
    }
    let mut parts = name.split('.');
    let mut value = fields.get(parts.next()?)?;
    for part in parts {
        value = match value {
            Value::Object(map) => map.get(part)?,
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Adds the dotted names of the members of nested objects (`hours.mo`) to
/// `seen`, a few levels deep.
pub(crate) fn nested_names(
    prefix: &str,
    value: &Value,
    depth: usize,
    seen: &mut std::collections::BTreeSet<String>,
) {
    if depth == 0 {
        return;
    }
    if let Value::Object(map) = value {
        for (k, v) in map {
            let name = format!("{prefix}.{k}");
            nested_names(&name, v, depth - 1, seen);
            seen.insert(name);
        }
    }
}

/// The text of a field for templates and value tables: `None` when absent,
/// null, blank or one of the mapping's `empty` values.
fn field_text(fields: &Map<String, Value>, name: &str, empty: &[String]) -> Option<String> {
    let text = match field_value(fields, name)? {
        Value::Null => return None,
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    };
    (!text.is_empty() && !empty.contains(&text)).then_some(text)
}

struct Unmapped {
    code: &'static str,
    target: String,
    value: String,
    first_line: usize,
    first_record: usize,
    first_label: String,
    count: usize,
}

struct Converter<'m> {
    mapping: &'m Mapping,
    format: Format,
    problems: Vec<ImportProblem>,
    ids: HashMap<String, (usize, String)>,
    unmapped: Vec<Unmapped>,
    unmapped_index: HashMap<(String, String), usize>,
}

impl<'m> Converter<'m> {
    fn new(mapping: &'m Mapping, format: Format) -> Self {
        Converter {
            mapping,
            format,
            problems: Vec::new(),
            ids: HashMap::new(),
            unmapped: Vec::new(),
            unmapped_index: HashMap::new(),
        }
    }

    fn problem(
        &mut self,
        record: &Record,
        severity: Severity,
        code: &'static str,
        message: String,
        hint: &str,
    ) {
        self.problems.push(ImportProblem {
            severity,
            code,
            message,
            line: Some(record.line),
            record: Some(record.index),
            hint: hint.to_owned(),
        });
    }

    fn convert(&mut self, record: &Record) -> Option<Feature> {
        let (lon, lat) = match &record.position {
            Position::At(lon, lat) => (*lon, *lat),
            Position::Missing => {
                let hint = match self.format {
                    Format::Csv => "fill in the longitude and latitude columns, or remove the row",
                    Format::Geojson => "give the feature a Point geometry, or lon/lat fields named in [input]",
                    Format::Osm => "run the Overpass query with `out center;` so that ways and relations have a position",
                };
                self.problem(
                    record,
                    Severity::Error,
                    "no-coordinates",
                    format!("{} has no longitude/latitude and was skipped", record.label),
                    hint,
                );
                return None;
            }
            Position::Bad(why) => {
                self.problem(
                    record,
                    Severity::Error,
                    "bad-coordinates",
                    format!("{}: {why}; skipped", record.label),
                    "write longitude and latitude as decimal degrees, e.g. 9.9937 and 53.5511 (or 9,9937 with a ';' delimiter)",
                );
                return None;
            }
        };
        if lon.abs() > 180.0 || lat.abs() > 90.0 || !lon.is_finite() || !lat.is_finite() {
            let swapped = lat.abs() <= 180.0 && lon.abs() <= 90.0;
            self.problem(
                record,
                Severity::Error,
                if swapped { "coordinates-swapped" } else { "coordinates-out-of-range" },
                format!(
                    "{} has longitude {lon} and latitude {lat}, outside -180..180, -90..90; skipped",
                    record.label
                ),
                if swapped {
                    "latitude and longitude look swapped: check which columns [input] lon and lat name"
                } else {
                    "the coordinates must be WGS84 degrees; convert projected coordinates first"
                },
            );
            return None;
        }
        let mut properties = BTreeMap::new();
        for rule in &self.mapping.rules {
            self.apply_rule(rule, record, &mut properties);
        }
        self.apply_when(record, &mut properties);
        for (target, value) in &self.mapping.always {
            match (properties.get_mut(target), value) {
                (Some(Value::Array(have)), Value::Array(add)) => {
                    for v in add {
                        if !have.contains(v) {
                            have.push(v.clone());
                        }
                    }
                }
                (Some(Value::Array(have)), single @ Value::String(_)) => {
                    if !have.contains(single) {
                        have.push(single.clone());
                    }
                }
                _ => {
                    let value = match (kind_list(target), value) {
                        (true, Value::String(_)) => Value::Array(vec![value.clone()]),
                        _ => value.clone(),
                    };
                    properties.insert(target.clone(), value);
                }
            }
        }
        for (target, value) in &self.mapping.defaults {
            if !properties.contains_key(target) {
                let value = match (kind_list(target), value) {
                    (true, Value::String(_)) => Value::Array(vec![value.clone()]),
                    _ => value.clone(),
                };
                properties.insert(target.clone(), value);
            }
        }
        for (target, value) in properties.iter_mut() {
            if let (Some(Kind::VocabList(order)), Value::Array(items)) =
                (mapping::kind_of(target), value)
            {
                items.sort_by_key(|v| {
                    order
                        .iter()
                        .position(|o| Some(*o) == v.as_str())
                        .unwrap_or(usize::MAX)
                });
            }
        }
        if !properties.contains_key("source") {
            if let Some(source) = &self.mapping.source {
                properties.insert("source".into(), Value::String(source.clone()));
            }
        }
        if !properties.contains_key("name") {
            self.problem(
                record,
                Severity::Error,
                "missing-name",
                format!("{} has no name and was skipped", record.label),
                "residents find places by name: fill in the name field, or map name to another field",
            );
            return None;
        }
        let Some(Value::String(id)) = properties.get("id").cloned() else {
            self.problem(
                record,
                Severity::Error,
                "missing-id",
                format!("{} has no value for the fields of the id and was skipped", record.label),
                "ids must be stable: fill in the source key, or build the id from fields every record has",
            );
            return None;
        };
        let id = if let Some((line, label)) = self.ids.get(&id).cloned() {
            let mut n = 2;
            while self.ids.contains_key(&format!("{id}-{n}")) {
                n += 1;
            }
            let unique = format!("{id}-{n}");
            self.problem(
                record,
                Severity::Warning,
                "duplicate-id",
                format!(
                    "{} has the id \"{id}\" of {label} (line {line}); written as \"{unique}\"",
                    record.label
                ),
                "build the id from a field that is unique in the source (a key or code), or from several fields",
            );
            properties.insert("id".into(), Value::String(unique.clone()));
            unique
        } else {
            id
        };
        self.ids.insert(id, (record.line, record.label.clone()));
        Some(Feature {
            lon: round7(lon),
            lat: round7(lat),
            properties,
        })
    }

    /// `[when.<target>]`: adds the values of every truthy field.
    fn apply_when(&mut self, record: &Record, out: &mut BTreeMap<String, Value>) {
        for when in &self.mapping.when {
            let truth = match field_text(&record.fields, &when.field, &self.mapping.input.empty) {
                None => continue,
                Some(text) => match truthy(&text) {
                    Some(t) => t,
                    None => {
                        self.note_aggregated(
                            "not-a-boolean",
                            format!("when.{}", when.target),
                            format!("{}\u{1f}{text}", when.field),
                            record,
                        );
                        continue;
                    }
                },
            };
            if !truth {
                continue;
            }
            match (out.get_mut(&when.target), &when.value) {
                (Some(Value::Array(have)), Value::Array(add)) => {
                    for v in add {
                        if !have.contains(v) {
                            have.push(v.clone());
                        }
                    }
                }
                (Some(Value::Array(have)), single) => {
                    if !have.contains(single) {
                        have.push(single.clone());
                    }
                }
                (Some(_), _) => {}
                (None, value) => {
                    let value = match (kind_list(&when.target), value) {
                        (true, Value::String(_)) => Value::Array(vec![value.clone()]),
                        _ => value.clone(),
                    };
                    out.insert(when.target.clone(), value);
                }
            }
        }
    }

    /// The raw value of one source alternative.
    fn raw(&self, source: &Source, record: &Record) -> Option<Value> {
        let empty = &self.mapping.input.empty;
        match source {
            Source::Field(name) => {
                field_text(&record.fields, name, empty)?;
                match field_value(&record.fields, name)? {
                    Value::String(s) => Some(Value::String(s.trim().to_owned())),
                    other => Some(other.clone()),
                }
            }
            Source::Template(t) => t
                .render(|f| field_text(&record.fields, f, empty))
                .map(Value::String),
        }
    }

    fn apply_rule(&mut self, rule: &Rule, record: &Record, out: &mut BTreeMap<String, Value>) {
        if let Some((target_prefix, source_prefix)) = &rule.prefix {
            for key in record.fields.keys() {
                if let Some(rest) = key.strip_prefix(source_prefix.as_str()) {
                    let target = format!("{target_prefix}{rest}");
                    if rest.is_empty() || out.contains_key(&target) {
                        continue;
                    }
                    if let Some(text) = field_text(&record.fields, key, &self.mapping.input.empty) {
                        out.insert(target, Value::String(text));
                    }
                }
            }
            return;
        }
        let table = self.mapping.values.get(&rule.target);
        let mut pending = Vec::new();
        let mut result = None;
        for source in &rule.sources {
            let Some(raw) = self.raw(source, record) else {
                continue;
            };
            let pieces: Vec<Value> = match (&rule.split, &raw) {
                (Some(sep), Value::String(s)) => s
                    .split(sep.as_str())
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| Value::String(p.to_owned()))
                    .collect(),
                _ => vec![raw],
            };
            let mut mapped = Vec::new();
            for piece in pieces {
                match table {
                    None => mapped.push(piece),
                    Some(table) => {
                        let key = match &piece {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        match table.get(&key) {
                            Some(Value::Array(items)) => mapped.extend(items.iter().cloned()),
                            Some(Value::String(s)) if s.is_empty() => {}
                            Some(v) => mapped.push(v.clone()),
                            None => pending.push(key),
                        }
                    }
                }
            }
            if let Some(value) = self.coerce(rule, record, mapped, out) {
                result = Some(value);
                break;
            }
        }
        let many = rule.sources.len() > 1;
        if result.is_none() || !many {
            for value in pending {
                self.note_unmapped(&rule.target, value, record);
            }
        }
        if let Some(value) = result {
            out.insert(rule.target.clone(), value);
        }
    }

    /// Makes the mapped values fit the target's kind; `None` when nothing is left.
    fn coerce(
        &mut self,
        rule: &Rule,
        record: &Record,
        values: Vec<Value>,
        out: &mut BTreeMap<String, Value>,
    ) -> Option<Value> {
        let text = |v: &Value| match v {
            Value::String(s) => s.trim().to_owned(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        match rule.kind {
            Kind::VocabList(_) | Kind::TextList => {
                let mut items: Vec<Value> = Vec::new();
                for v in &values {
                    let t = text(v);
                    if !t.is_empty() && !items.iter().any(|i| i.as_str() == Some(&t)) {
                        items.push(Value::String(t));
                    }
                }
                (!items.is_empty()).then_some(Value::Array(items))
            }
            Kind::Number => {
                let v = values.into_iter().next()?;
                let number = match &v {
                    Value::Number(n) => n.as_f64(),
                    other => text(other).replace(',', ".").parse::<f64>().ok(),
                };
                match number {
                    Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => {
                        Some(Value::from(n as u64))
                    }
                    _ => {
                        self.problem(
                            record,
                            Severity::Warning,
                            "not-a-number",
                            format!(
                                "{}: {} for \"{}\" is not a whole number; left out",
                                record.label, v, rule.target
                            ),
                            "map the value to a number in [values.<target>]",
                        );
                        None
                    }
                }
            }
            Kind::Text | Kind::Vocab(_) => {
                let joined = values
                    .iter()
                    .map(text)
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>();
                if joined.is_empty() {
                    return None;
                }
                let joined = joined.join("; ");
                match rule.hours {
                    None => Some(Value::String(joined)),
                    Some(kind) => self.hours(kind, joined, record, out),
                }
            }
        }
    }

    fn hours(
        &mut self,
        kind: HoursKind,
        text: String,
        record: &Record,
        out: &mut BTreeMap<String, Value>,
    ) -> Option<Value> {
        if OpeningHours::parse(&text).is_ok() {
            return Some(Value::String(text));
        }
        let why = match kind {
            HoursKind::UsFreeText => match hours::us_free_text(&text) {
                Ok(osm) => match OpeningHours::parse(&osm) {
                    Ok(_) => return Some(Value::String(osm)),
                    Err(e) => format!("the conversion \"{osm}\" is not valid: {e}"),
                },
                Err(why) => why,
            },
            HoursKind::Osm => "it is not valid opening_hours syntax".to_owned(),
        };
        self.problem(
            record,
            Severity::Warning,
            "hours-not-converted",
            format!(
                "{}: the hours \"{text}\" were not converted ({why}); kept in opening_hours_note",
                record.label
            ),
            "write the hours in OpenStreetMap syntax, e.g. \"Mo-Fr 10:00-18:00; Sa 10:00-14:00\", in the source",
        );
        out.entry("opening_hours_note".to_owned())
            .or_insert(Value::String(text));
        None
    }

    fn note_unmapped(&mut self, target: &str, value: String, record: &Record) {
        self.note_aggregated("unmapped-value", target.to_owned(), value, record);
    }

    fn note_aggregated(
        &mut self,
        code: &'static str,
        target: String,
        value: String,
        record: &Record,
    ) {
        let key = (target, value);
        match self.unmapped_index.get(&key) {
            Some(&i) => self.unmapped[i].count += 1,
            None => {
                self.unmapped_index.insert(key.clone(), self.unmapped.len());
                self.unmapped.push(Unmapped {
                    code,
                    target: key.0,
                    value: key.1,
                    first_line: record.line,
                    first_record: record.index,
                    first_label: record.label.clone(),
                    count: 1,
                });
            }
        }
    }

    fn unmapped_problems(&self) -> Vec<ImportProblem> {
        self.unmapped
            .iter()
            .map(|u| {
                let more = match u.count {
                    1 => String::new(),
                    n => format!(" and {} more", n - 1),
                };
                let (message, hint) = if u.code == "not-a-boolean" {
                    let (field, value) = u.value.split_once('\u{1f}').unwrap_or_default();
                    (
                        format!(
                            "the value \"{value}\" of \"{field}\" ({}{more}) is neither yes nor no for [{}]; left out",
                            u.first_label, u.target
                        ),
                        "write yes/no, 1/0, true/false or x/empty in the column (or the same words in French, Spanish, German, Arabic, Portuguese, Chinese, Korean, Russian or Swahili)".to_owned(),
                    )
                } else {
                    (
                        format!(
                            "the value \"{}\" ({}{more}) has no entry in [values.{}]; left out",
                            u.value, u.first_label, u.target
                        ),
                        format!(
                            "add \"{}\" = ... (or \"*\" = ... for every other value) to [values.{}]",
                            u.value.replace('"', "\\\""),
                            u.target
                        ),
                    )
                };
                ImportProblem {
                    severity: Severity::Warning,
                    code: u.code,
                    message,
                    line: Some(u.first_line),
                    record: Some(u.first_record),
                    hint,
                }
            })
            .collect()
    }
}

/// Whether a text says yes (`Some(true)`), no (`Some(false)`) or neither.
/// Yes: `1`, `1.0`, `true`, `yes`, `y`, `x`, ticks, and the same words in
/// the languages the interface speaks (oui, sí, ja, نعم, sim, 是, 예, да,
/// ndiyo...); no: `0`, `false`, `no`, `n`, `-` and theirs. Case is ignored.
pub fn truthy(text: &str) -> Option<bool> {
    const YES: &[&str] = &[
        "1",
        "1.0",
        "true",
        "yes",
        "y",
        "x",
        "✓",
        "✔",
        "☑",
        "oui",
        "vrai",
        "sí",
        "si",
        "verdadero",
        "ja",
        "wahr",
        "نعم",
        "sim",
        "verdadeiro",
        "是",
        "有",
        "对",
        "예",
        "네",
        "да",
        "ndiyo",
        "ndio",
        "kweli",
    ];
    const NO: &[&str] = &[
        "0",
        "0.0",
        "false",
        "no",
        "n",
        "-",
        "–",
        "✗",
        "✘",
        "non",
        "faux",
        "falso",
        "nein",
        "falsch",
        "لا",
        "não",
        "nao",
        "否",
        "无",
        "沒有",
        "没有",
        "아니요",
        "아니오",
        "нет",
        "hapana",
        "uongo",
    ];
    let t = text.trim().to_lowercase();
    if YES.contains(&t.as_str()) {
        Some(true)
    } else if NO.contains(&t.as_str()) || t.is_empty() {
        Some(false)
    } else {
        None
    }
}

fn kind_list(target: &str) -> bool {
    matches!(
        mapping::kind_of(target),
        Some(Kind::VocabList(_) | Kind::TextList)
    )
}

fn round7(x: f64) -> f64 {
    let r = (x * 1e7).round() / 1e7;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The order of properties in the output: the schema's order, then the
/// rest alphabetically within their group.
fn rank(key: &str) -> (usize, &str) {
    const ORDER: &[&str] = &[
        "id",
        "name",
        "name:",
        "place_type",
        "age_min",
        "age_max",
        "age_groups",
        "learning_areas",
        "audiences",
        "subjects",
        "languages",
        "delivery",
        "fee",
        "fee_note",
        "wheelchair",
        "status",
        "opening_hours",
        "opening_hours_note",
        "description",
        "description:",
        "addr:street",
        "addr:housenumber",
        "addr:postcode",
        "addr:city",
        "addr:suburb",
        "addr:district",
        "addr:",
        "phone",
        "email",
        "website",
        "booking_url",
        "operator",
        "last_verified",
        "source",
    ];
    let i = ORDER
        .iter()
        .position(|o| *o == key)
        .or_else(|| {
            ORDER
                .iter()
                .position(|o| o.ends_with(':') && key.starts_with(o))
        })
        .unwrap_or(ORDER.len());
    (i, key)
}

fn write_collection(mapping: &Mapping, features: &[Feature]) -> String {
    let mut out = String::with_capacity(features.len() * 400 + 200);
    out.push_str("{\"type\": \"FeatureCollection\"");
    for (key, value) in [("name", &mapping.name), ("source", &mapping.source)] {
        if let Some(v) = value {
            let _ = write!(out, ", \"{key}\": {}", Value::String(v.clone()));
        }
    }
    // the places' extent, before them: a map can start there before reading them
    let points = features.iter().map(|f| learnmap_core::LonLat {
        lon: f.lon,
        lat: f.lat,
    });
    if let Some(extent) = learnmap_core::BBox::around(points) {
        let bbox = extent.geojson().map(Value::from);
        let _ = write!(out, ", \"bbox\": {}", Value::from(bbox.to_vec()));
    }
    out.push_str(", \"features\": [\n");
    for (i, f) in features.iter().enumerate() {
        let mut keys: Vec<&String> = f.properties.keys().collect();
        keys.sort_by_key(|k| rank(k));
        let mut props = String::new();
        for (j, k) in keys.iter().enumerate() {
            if j > 0 {
                props.push_str(", ");
            }
            let _ = write!(
                props,
                "{}: {}",
                Value::String((*k).clone()),
                f.properties[k.as_str()]
            );
        }
        let _ = write!(
            out,
            "{{\"type\": \"Feature\", \"geometry\": {{\"type\": \"Point\", \"coordinates\": [{}, {}]}}, \"properties\": {{{props}}}}}",
            Value::from(f.lon),
            Value::from(f.lat)
        );
        out.push_str(if i + 1 < features.len() { ",\n" } else { "\n" });
    }
    out.push_str("]}\n");
    out
}
