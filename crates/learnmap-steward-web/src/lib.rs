//! The stewards' workbench (`steward.html`) as WebAssembly: the same
//! importer, loader and diff as `learnmap-data`, on bytes the page holds.
//! Nothing here touches the network or the DOM: `public/steward-worker.js`
//! calls these functions in a worker (so the page never freezes) and gets
//! JSON texts back; `public/steward.js` draws them.
//!
//! Every function is also a plain Rust function ([`inspect_json`],
//! [`import_json`]...) so that native tests check what the page gets.

use chrono::{Datelike, Duration, NaiveDateTime};
use learnmap_core::{OpenState, OpeningHours, Severity, Vocabulary};
use learnmap_import::mapping::{kind_of, Format, Kind, Mapping};
use learnmap_import::{diff, guess, report, Fix, ReportProblem, Where};
use serde_json::{json, Value};
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

/// The name the report gives the output, as `--out learning-spaces.geojson` would.
pub const OUT_NAME: &str = "learning-spaces.geojson";

/// The format of a file: the mapping's `[input] format`, else the name's
/// extension, else what the bytes look like (JSON with `elements`: OSM;
/// other JSON: GeoJSON; anything else: CSV).
pub fn format_of(bytes: &[u8], name: &str, mapping: Option<&Mapping>) -> Format {
    if let Some(f) = mapping.and_then(|m| m.input.format) {
        return f;
    }
    if let Some(f) = learnmap_import::format_from_extension(name) {
        return f;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if head.contains("\"elements\"") {
            Format::Osm
        } else {
            Format::Geojson
        }
    } else {
        Format::Csv
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Geojson => "geojson",
        Format::Osm => "osm",
    }
}

/// Parses a mapping; an empty text is no mapping.
fn mapping_of(toml_text: &str) -> Result<Option<Mapping>, String> {
    if toml_text.trim().is_empty() {
        return Ok(None);
    }
    Mapping::parse(toml_text)
        .map(Some)
        .map_err(|e| format!("the mapping is not usable: {e}"))
}

/// The `[input]` table of a mapping that may not parse whole (a new
/// mapping has no `[properties]` yet): only the reading options.
fn input_of(toml_text: &str) -> learnmap_import::mapping::Input {
    let text = format!(
        "[properties]\nid = \"@row\"\nname = \"@row\"\n{}",
        toml::from_str::<toml::Table>(toml_text)
            .ok()
            .and_then(|t| t.get("input").cloned())
            .map(|i| {
                let mut t = toml::Table::new();
                t.insert("input".into(), i);
                toml::to_string(&t).unwrap_or_default()
            })
            .unwrap_or_default()
    );
    Mapping::parse(&text).map(|m| m.input).unwrap_or_default()
}

/// What the page shows before a mapping exists: the format, every field
/// with samples and a guessed target, and how many records there are.
pub fn inspect_json(bytes: &[u8], name: &str, toml_text: &str) -> Value {
    let mapping = mapping_of(toml_text).ok().flatten();
    let format = format_of(bytes, name, mapping.as_ref());
    let input = mapping
        .map(|m| m.input)
        .unwrap_or_else(|| input_of(toml_text));
    let csv_lonlat_missing = format == Format::Csv && input.lon.is_none();
    let read = learnmap_import::read(bytes, format, &input);
    let read = match (read, csv_lonlat_missing) {
        (Ok(r), _) => r,
        // A CSV whose coordinate columns are not named lon/lat: read it
        // with its first two columns as stand-ins, to guess from the values.
        (Err(e), true) => match csv_fields_only(bytes, &input) {
            Some(r) => r,
            None => return json!({"format": format_name(format), "error": e.to_string()}),
        },
        (Err(e), false) => return json!({"format": format_name(format), "error": e.to_string()}),
    };
    let delimiter = (format == Format::Csv).then(|| {
        input
            .delimiter
            .clone()
            .unwrap_or_else(|| (learnmap_import::sniff_delimiter(bytes) as char).to_string())
    });
    json!({
        "format": format_name(format),
        "delimiter": delimiter,
        "records": read.records.len(),
        "fields": guess::guess_fields(&read),
    })
}

/// Reads a CSV whose coordinate columns cannot be found by name, taking any
/// two columns as coordinates so that the fields can still be listed.
fn csv_fields_only(
    bytes: &[u8],
    input: &learnmap_import::mapping::Input,
) -> Option<learnmap_import::ReadResult> {
    let text = String::from_utf8_lossy(bytes);
    let header = text.lines().next()?;
    let delimiter = input
        .delimiter
        .clone()
        .unwrap_or_else(|| (learnmap_import::sniff_delimiter(bytes) as char).to_string());
    let names: Vec<&str> = header
        .split(delimiter.as_str())
        .map(|s| s.trim().trim_matches('"'))
        .collect();
    if names.is_empty() {
        return None;
    }
    let table = format!(
        "[input]\nlon = {}\nlat = {}\n[properties]\nid = \"@row\"\nname = \"@row\"\n",
        Value::String(names[0].to_owned()),
        Value::String(names.get(1).unwrap_or(&names[0]).to_string())
    );
    let mut mapping = Mapping::parse(&table).ok()?;
    mapping.input.encoding = input.encoding.clone();
    mapping.input.delimiter = input.delimiter.clone();
    learnmap_import::read(bytes, Format::Csv, &mapping.input).ok()
}

fn problem_json(p: &ReportProblem, input_name: &str) -> Value {
    let (output_line, column, feature_index, feature_id) = match &p.at {
        Where::Input { .. } => (None, None, None, None),
        Where::Output {
            line,
            column,
            feature_index,
            feature_id,
            ..
        } => (
            Some(*line),
            Some(*column),
            *feature_index,
            feature_id.clone(),
        ),
    };
    json!({
        "severity": p.severity.to_string(),
        "code": p.code,
        "message": p.message,
        "hint": p.hint,
        "in": if matches!(p.at, Where::Input { .. }) { "input" } else { "output" },
        "line": p.input_line(),
        "record": p.record(),
        "output_line": output_line,
        "column": column,
        "feature_index": feature_index,
        "feature_id": feature_id,
        "text": p.text(input_name, OUT_NAME),
    })
}

/// The source fields of the record at `index` (from 0, in input order),
/// for the correction form.
pub fn record_json(bytes: &[u8], name: &str, toml_text: &str, index: usize) -> Value {
    let mapping = mapping_of(toml_text).ok().flatten();
    let format = format_of(bytes, name, mapping.as_ref());
    let input = mapping
        .map(|m| m.input)
        .unwrap_or_else(|| input_of(toml_text));
    match learnmap_import::read(bytes, format, &input) {
        Ok(read) => match read.records.get(index) {
            Some(r) => {
                let mut fields = r.fields.clone();
                // a GeoJSON feature's position can be corrected too
                if format != Format::Csv {
                    if let Ok(Some(g)) = learnmap_import::record_geometry(bytes, &input, index) {
                        fields.insert(learnmap_import::GEOMETRY_FIELD.into(), Value::String(g));
                    }
                }
                json!({"record": index, "line": r.line, "label": r.label, "fields": fields})
            }
            None => json!({"error": format!("there is no record {}", index + 1)}),
        },
        Err(e) => json!({"error": e.to_string()}),
    }
}

/// What [`import_parts`] gives: the page's summary, the output text and
/// the output as loaded (for the diff).
pub struct Import {
    /// Counts, problems, the places as columns (and the fields, if asked).
    pub summary: Value,
    /// The canonical GeoJSON, byte for byte what `learnmap-data import` writes.
    pub text: String,
    /// The output as [`learnmap_import::report`] loaded it.
    pub dataset: learnmap_core::Dataset,
}

/// Imports `bytes` with the mapping: the report (the CLI's codes and
/// words) and the places for the map and the table as columns of equal
/// length (`record`, `line`, `lon`, `lat`, `id`, `name`, `type`: compact to
/// send from the worker), the output text apart. With `with_fields`, the
/// same read also gives what [`inspect_json`] says of the fields (`fields`,
/// `delimiter`), so that the page reads a large file once.
pub fn import_parts(
    bytes: &[u8],
    name: &str,
    toml_text: &str,
    with_fields: bool,
) -> Result<Import, Value> {
    let mapping = match mapping_of(toml_text) {
        Ok(Some(m)) => m,
        Ok(None) => return Err(json!({"error": "the mapping is empty"})),
        Err(e) => return Err(json!({"error": e})),
    };
    let format = format_of(bytes, name, Some(&mapping));
    let fail = |e: learnmap_import::Error| json!({"error": format!("cannot import {name}: {e}")});
    let read = learnmap_import::read(bytes, format, &mapping.input).map_err(fail)?;
    let fields = with_fields.then(|| guess::guess_fields(&read));
    let imported = learnmap_import::import_read(read, format, &mapping).map_err(fail)?;
    let (report, dataset) = report(&imported).map_err(|e| json!({"error": e.to_string()}))?;
    let n = dataset.spaces.len();
    let (mut lon, mut lat, mut id, mut names, mut kind) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for s in &dataset.spaces {
        lon.push(s.position.lon);
        lat.push(s.position.lat);
        id.push(s.id());
        names.push(s.name());
        kind.push(s.place_type.map_or("", |t| t.as_str()));
    }
    let mut summary = json!({
        "format": format_name(format),
        "records": report.records,
        "features": report.features,
        "skipped": report.skipped(),
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "omitted": report.omitted,
        "bytes": imported.text.len(),
        "problems": report.problems.iter().map(|p| problem_json(p, name)).collect::<Vec<_>>(),
        "places": {
            "record": imported.feature_records,
            "line": imported.feature_lines,
            "lon": lon,
            "lat": lat,
            "id": id,
            "name": names,
            "type": kind,
        },
    });
    if let Some(fields) = fields {
        summary["fields"] = json!(fields);
        summary["delimiter"] =
            json!((format == Format::Csv).then(|| {
                mapping.input.delimiter.clone().unwrap_or_else(|| {
                    (learnmap_import::sniff_delimiter(bytes) as char).to_string()
                })
            }));
    }
    Ok(Import {
        summary,
        text: imported.text,
        dataset,
    })
}

/// [`import_parts`] as one value, the output text under `text` (or `error`).
pub fn import_json(bytes: &[u8], name: &str, toml_text: &str) -> Value {
    match import_parts(bytes, name, toml_text, false) {
        Ok(Import {
            mut summary, text, ..
        }) => {
            summary["text"] = Value::String(text);
            summary
        }
        Err(e) => e,
    }
}

/// Compares the published file with the new one, as `learnmap-data diff`.
pub fn diff_json(old: &str, old_name: &str, new: &str, new_name: &str) -> Value {
    let (old, new) = match (load_all(old, old_name), load_all(new, new_name)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return json!({"error": e}),
    };
    diff_value(old_name, &old, new_name, &new, None)
}

/// Loads a published file as `learnmap-data diff` does.
fn load_all(text: &str, name: &str) -> Result<learnmap_core::Dataset, String> {
    let options = learnmap_core::LoadOptions {
        max_problems: usize::MAX,
        ..learnmap_core::LoadOptions::default()
    };
    learnmap_core::load_with(text, &options).map_err(|e| format!("{name}: {e}"))
}

/// The diff of two loaded files; with a `limit`, each list keeps its first
/// `limit` entries (the page shows no more) and `counts` says how many
/// there are; without one, the diff's text is added as well.
fn diff_value(
    old_name: &str,
    old: &learnmap_core::Dataset,
    new_name: &str,
    new: &learnmap_core::Dataset,
    limit: Option<usize>,
) -> Value {
    let mut d = diff::compare(old_name, old, new_name, new, false);
    let counts =
        json!({"added": d.added.len(), "removed": d.removed.len(), "changed": d.changed.len()});
    let warning = d.drop_warning.then(|| diff::drop_warning(&d));
    let text = match limit {
        Some(limit) => {
            d.added.truncate(limit);
            d.removed.truncate(limit);
            d.changed.truncate(limit);
            None
        }
        None => Some(diff::render_text(&d)),
    };
    let mut value = serde_json::to_value(&d).unwrap_or(Value::Null);
    value["counts"] = counts;
    if let Some(text) = text {
        value["text"] = Value::String(text);
    }
    if let Some(warning) = warning {
        value["warning"] = Value::String(warning);
    }
    value
}

/// The vocabulary of every target that has one, and every target.
pub fn vocabularies_json() -> Value {
    let mut vocab = serde_json::Map::new();
    let mut targets = Vec::new();
    for t in learnmap_core::SCHEMA_PROPERTIES {
        let Some(kind) = kind_of(t) else { continue };
        targets.push(json!({"target": t, "kind": match kind {
            Kind::Text => "text",
            Kind::Vocab(_) => "value",
            Kind::Number => "number",
            Kind::VocabList(_) => "values",
            Kind::TextList => "texts",
        }}));
        if let Kind::Vocab(k) | Kind::VocabList(k) = kind {
            vocab.insert((*t).to_owned(), json!(k));
        }
    }
    json!({"targets": targets, "vocabularies": vocab})
}

/// Suggestions for source values of a vocabulary target.
pub fn suggest_json(target: &str, values: &[String]) -> Value {
    Value::Array(
        values
            .iter()
            .map(|v| json!(guess::suggest_value(target, v)))
            .collect(),
    )
}

/// Whether `text` is valid `opening_hours`, open at `now`
/// (`YYYY-MM-DDTHH:MM`), and its hours over the 7 days from `now`.
pub fn hours_json(text: &str, now: &str) -> Value {
    let hours = match OpeningHours::parse(text.trim()) {
        Ok(h) => h,
        Err(e) => {
            let converted = learnmap_import::hours::us_free_text(text)
                .ok()
                .filter(|c| OpeningHours::parse(c).is_ok());
            return json!({"valid": false, "error": e, "converted": converted});
        }
    };
    let Ok(now) = NaiveDateTime::parse_from_str(now, "%Y-%m-%dT%H:%M") else {
        return json!({"valid": true});
    };
    let (open, change) = match hours.state_at(now) {
        OpenState::Open { closes } => (true, closes),
        OpenState::Closed { opens } => (false, opens),
    };
    let week: Vec<Value> = (0..7)
        .map(|i| {
            let day = now.date() + Duration::days(i);
            let spans: Vec<String> = hours
                .day(day)
                .iter()
                .map(|(a, b)| match b {
                    Some(b) => format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")),
                    None => format!("{}+", a.format("%H:%M")),
                })
                .collect();
            json!({"date": day.to_string(), "weekday": day.weekday().num_days_from_monday(), "spans": spans})
        })
        .collect();
    json!({
        "valid": true,
        "open": open,
        "change": change.map(|c| c.format("%Y-%m-%dT%H:%M").to_string()),
        "week": week,
    })
}

/// Applies corrections to a CSV; the error says why not.
pub fn fix_csv(bytes: &[u8], toml_text: &str, fixes: &str) -> Result<Vec<u8>, String> {
    let fixes: Vec<Fix> = serde_json::from_str(fixes).map_err(|e| e.to_string())?;
    let input = match mapping_of(toml_text) {
        Ok(Some(m)) => m.input,
        _ => input_of(toml_text),
    };
    learnmap_import::apply_fixes(bytes, &input, &fixes).map_err(|e| e.to_string())
}

/// Applies corrections to a GeoJSON or OpenStreetMap source (`fixes`: a
/// JSON list of `{record, field, value}`); the error says why not.
pub fn fix_json(bytes: &[u8], name: &str, toml_text: &str, fixes: &str) -> Result<Vec<u8>, String> {
    let fixes: Vec<learnmap_import::RecordFix> =
        serde_json::from_str(fixes).map_err(|e| e.to_string())?;
    let mapping = mapping_of(toml_text).ok().flatten();
    let format = format_of(bytes, name, mapping.as_ref());
    let input = mapping
        .map(|m| m.input)
        .unwrap_or_else(|| input_of(toml_text));
    learnmap_import::apply_json_fixes(bytes, format, &input, &fixes).map_err(|e| e.to_string())
}

/// The mapping file as JSON (for the page's form), or an error.
pub fn mapping_json(toml_text: &str) -> Value {
    match toml::from_str::<toml::Table>(toml_text) {
        Ok(table) => {
            json!({"mapping": table, "check": Mapping::parse(toml_text).err().map(|e| e.to_string())})
        }
        Err(e) => json!({"error": e.to_string()}),
    }
}

/// [`inspect_json`] for the page.
#[wasm_bindgen]
pub fn inspect(bytes: &[u8], name: &str, mapping: &str) -> String {
    inspect_json(bytes, name, mapping).to_string()
}

thread_local! {
    /// The last import's output, for the diff and the export (the worker
    /// keeps it rather than sending megabytes to the page and back).
    static OUTPUT: RefCell<Option<(String, learnmap_core::Dataset)>> = const { RefCell::new(None) };
    /// The published file, loaded once when chosen.
    static PUBLISHED: RefCell<Option<(String, learnmap_core::Dataset)>> = const { RefCell::new(None) };
}

/// [`import_parts`] for the page: the summary as JSON (or `{"error"}`);
/// the output is kept for [`compare_published`] and [`output_text`].
#[wasm_bindgen(js_name = importData)]
pub fn import_data(bytes: &[u8], name: &str, mapping: &str, with_fields: bool) -> String {
    match import_parts(bytes, name, mapping, with_fields) {
        Ok(Import {
            summary,
            text,
            dataset,
        }) => {
            OUTPUT.with(|o| *o.borrow_mut() = Some((text, dataset)));
            summary.to_string()
        }
        Err(e) => {
            OUTPUT.with(|o| *o.borrow_mut() = None);
            e.to_string()
        }
    }
}

/// The last import's output text (what the export saves).
#[wasm_bindgen(js_name = outputText)]
pub fn output_text() -> String {
    OUTPUT.with(|o| {
        o.borrow()
            .as_ref()
            .map(|(t, _)| t.clone())
            .unwrap_or_default()
    })
}

/// Loads the published file to compare with (an empty text: none);
/// `{"places": n}` or `{"error"}`.
#[wasm_bindgen(js_name = setPublished)]
pub fn set_published(text: &str, name: &str) -> String {
    if text.is_empty() {
        PUBLISHED.with(|p| *p.borrow_mut() = None);
        return json!({"places": 0}).to_string();
    }
    match load_all(text, name) {
        Ok(d) => {
            let n = d.spaces.len();
            PUBLISHED.with(|p| *p.borrow_mut() = Some((name.to_owned(), d)));
            json!({"places": n}).to_string()
        }
        Err(e) => {
            PUBLISHED.with(|p| *p.borrow_mut() = None);
            json!({"error": e}).to_string()
        }
    }
}

/// The diff of the published file ([`set_published`]) and the last
/// import's output, each list cut at `limit` (`counts` has the numbers).
#[wasm_bindgen(js_name = comparePublished)]
pub fn compare_published(limit: usize) -> String {
    PUBLISHED.with(|p| {
        OUTPUT.with(|o| match (&*p.borrow(), &*o.borrow()) {
            (Some((old_name, old)), Some((_, new))) => {
                diff_value(old_name, old, OUT_NAME, new, Some(limit)).to_string()
            }
            (None, _) => json!({"error": "no published file"}).to_string(),
            (_, None) => json!({"error": "nothing imported"}).to_string(),
        })
    })
}

/// [`record_json`] for the page.
#[wasm_bindgen]
pub fn record(bytes: &[u8], name: &str, mapping: &str, index: usize) -> String {
    record_json(bytes, name, mapping, index).to_string()
}

/// [`vocabularies_json`] for the page.
#[wasm_bindgen]
pub fn vocabularies() -> String {
    vocabularies_json().to_string()
}

/// [`suggest_json`] for the page; `values` is a JSON array of texts.
#[wasm_bindgen]
pub fn suggest(target: &str, values: &str) -> String {
    let values: Vec<String> = serde_json::from_str(values).unwrap_or_default();
    suggest_json(target, &values).to_string()
}

/// [`hours_json`] for the page.
#[wasm_bindgen]
pub fn hours(text: &str, now: &str) -> String {
    hours_json(text, now).to_string()
}

/// [`fix_csv`] for the page: the corrected bytes, or an error text.
#[wasm_bindgen(js_name = fixCsv)]
pub fn fix_csv_js(bytes: &[u8], mapping: &str, fixes: &str) -> Result<Vec<u8>, String> {
    fix_csv(bytes, mapping, fixes)
}

/// [`fix_json`] for the page: the corrected bytes, or an error text.
#[wasm_bindgen(js_name = fixJson)]
pub fn fix_json_js(
    bytes: &[u8],
    name: &str,
    mapping: &str,
    fixes: &str,
) -> Result<Vec<u8>, String> {
    fix_json(bytes, name, mapping, fixes)
}

/// [`mapping_json`] for the page.
#[wasm_bindgen(js_name = readMapping)]
pub fn read_mapping(mapping: &str) -> String {
    mapping_json(mapping).to_string()
}
