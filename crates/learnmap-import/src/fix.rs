//! Corrections written back into a JSON source (GeoJSON, OpenStreetMap as
//! Overpass JSON or as a GeoJSON export), as [`crate::apply_fixes`] does
//! for CSV: the stewards' workbench corrects a value in place, and the
//! corrected file imports, with the same mapping, into what the workbench
//! shows.
//!
//! Only the corrected values change: each is replaced in the text where
//! it stands, so the rest of the file (its layout, its other values, and
//! so the lines that problems point to) stays as it was.

use crate::mapping::{Format, Input};
use crate::{utf8, Error, Result};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A correction to a JSON source: the value of `field` in the record
/// `record` (its position among the records read, from 0).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct RecordFix {
    /// The record, from 0, as [`crate::Record::index`].
    pub record: usize,
    /// The field: a member of the feature's `properties` (or, for
    /// OpenStreetMap, a tag).
    pub field: String,
    /// The new value as typed: a text; where the value was a number, a
    /// yes/no, a list or an object, JSON of that kind is taken as such.
    pub value: String,
}

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    features: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    elements: Option<Vec<&'a RawValue>>,
}

/// The field that stands for a feature's geometry in corrections: its
/// value is `longitude, latitude` (a Point), GeoJSON geometry, or empty
/// (none).
pub const GEOMETRY_FIELD: &str = "@geometry";

/// The member texts of a JSON object, by name, borrowed from the text.
type Members<'a> = BTreeMap<String, &'a RawValue>;

/// Writes the corrections into a GeoJSON or OpenStreetMap text.
pub fn apply_json_fixes(
    bytes: &[u8],
    format: Format,
    input: &Input,
    fixes: &[RecordFix],
) -> Result<Vec<u8>> {
    if format == Format::Csv {
        input_err!("a CSV is corrected by line (apply_fixes), not by record");
    }
    if input.encoding.is_some() {
        input_err!("corrections are written in UTF-8: convert the file to UTF-8 first and remove encoding from the mapping's [input]");
    }
    let text = utf8(bytes, input)?;
    let records = record_texts(&text)?;
    // the last correction of a field wins
    let mut wanted: BTreeMap<(usize, &str), &str> = BTreeMap::new();
    for f in fixes {
        wanted.insert((f.record, f.field.as_str()), f.value.as_str());
    }
    // (start, end, replacement) in the text; an insertion has start == end
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let offset = |raw: &RawValue| raw.get().as_ptr() as usize - text.as_ptr() as usize;
    for ((record, field), value) in wanted {
        let Some(raw) = records.get(record) else {
            input_err!("there is no record {}", record + 1);
        };
        let geometry = field == GEOMETRY_FIELD;
        let object = if geometry {
            if raw.get().contains("\"elements\"") || !is_feature(raw) {
                input_err!("record {}: only a GeoJSON feature's position is corrected here; correct an OpenStreetMap element's in OpenStreetMap", record + 1);
            }
            raw
        } else {
            container(raw, field, format)
                .map_err(|e| Error::Input(format!("record {}: {e}", record + 1)))?
        };
        let members: Members = serde_json::from_str(object.get())
            .map_err(|e| Error::Input(format!("record {}: {e}", record + 1)))?;
        let (field, json) = if geometry {
            let json = geometry_json(value)
                .map_err(|e| Error::Input(format!("record {}: {e}", record + 1)))?;
            ("geometry", json)
        } else {
            (field, json_of(value, members.get(field).copied()))
        };
        match members.get(field) {
            Some(old) => {
                let start = offset(old);
                edits.push((start, start + old.get().len(), json));
            }
            None => {
                // a new member, first in the object
                let start = offset(object) + 1;
                let comma = if members.is_empty() { "" } else { ", " };
                edits.push((
                    start,
                    start,
                    format!("{}: {json}{comma}", Value::from(field)),
                ));
            }
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    let mut out = text;
    for (start, end, replacement) in edits {
        out.replace_range(start..end, &replacement);
    }
    Ok(out.into_bytes())
}

/// Whether a record's text is a GeoJSON feature (not an Overpass element).
fn is_feature(raw: &RawValue) -> bool {
    #[derive(Deserialize)]
    struct Kind {
        #[serde(rename = "type")]
        kind: Option<String>,
    }
    serde_json::from_str::<Kind>(raw.get()).is_ok_and(|k| k.kind.as_deref() == Some("Feature"))
}

/// The geometry for a position as typed: `longitude, latitude` (or the two
/// numbers with a space between) is a Point; a JSON object is taken as the
/// geometry; nothing is `null`.
fn geometry_json(value: &str) -> std::result::Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok("null".into());
    }
    if value.starts_with('{') {
        return match serde_json::from_str::<Value>(value) {
            Ok(v @ Value::Object(_)) => Ok(v.to_string()),
            _ => Err(format!("the geometry {value} is not a JSON object")),
        };
    }
    let numbers: Vec<&str> = value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    match numbers[..] {
        [lon, lat] => match (lon.parse::<f64>(), lat.parse::<f64>()) {
            (Ok(x), Ok(y)) if x.abs() <= 180.0 && y.abs() <= 90.0 => Ok(format!(
                "{{\"type\": \"Point\", \"coordinates\": [{}, {}]}}",
                Value::from(x),
                Value::from(y)
            )),
            _ => Err(format!(
                "\"{value}\" is not a longitude and a latitude in degrees"
            )),
        },
        _ => Err(format!("\"{value}\" is not \"longitude, latitude\"")),
    }
}

/// A feature's position as the correction form shows it (`longitude,
/// latitude` for a Point, else its geometry as JSON, empty for none), or
/// `None` where the record is not a GeoJSON feature.
pub fn record_geometry(bytes: &[u8], input: &Input, record: usize) -> Result<Option<String>> {
    let text = utf8(bytes, input)?;
    let records = record_texts(&text)?;
    let Some(raw) = records.get(record).filter(|r| is_feature(r)) else {
        return Ok(None);
    };
    let members: Members =
        serde_json::from_str(raw.get()).map_err(|e| Error::Input(e.to_string()))?;
    let Some(geometry) = members.get("geometry") else {
        return Ok(Some(String::new()));
    };
    let value: Value =
        serde_json::from_str(geometry.get()).map_err(|e| Error::Input(e.to_string()))?;
    Ok(Some(match &value {
        Value::Null => String::new(),
        Value::Object(g) if g.get("type") == Some(&Value::from("Point")) => match g
            .get("coordinates")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            Some([x, y]) => format!("{x}, {y}"),
            _ => value.to_string(),
        },
        _ => value.to_string(),
    }))
}

/// The texts of the records, in the order the readers number them.
fn record_texts(text: &str) -> Result<Vec<&RawValue>> {
    let top: Top =
        serde_json::from_str(text).map_err(|e| Error::Input(format!("not valid JSON: {e}")))?;
    if let Some(elements) = top.elements {
        // Overpass JSON: elements without tags are not records
        #[derive(Deserialize)]
        struct Tags {
            #[serde(default)]
            tags: Map<String, Value>,
        }
        let mut records = Vec::with_capacity(elements.len());
        for raw in elements {
            let e: Tags =
                serde_json::from_str(raw.get()).map_err(|e| Error::Input(e.to_string()))?;
            if !e.tags.is_empty() {
                records.push(raw);
            }
        }
        return Ok(records);
    }
    match (top.kind.as_deref(), top.features) {
        (Some("FeatureCollection"), Some(features)) => Ok(features),
        (Some("Feature"), _) => {
            let whole: &RawValue =
                serde_json::from_str(text).map_err(|e| Error::Input(e.to_string()))?;
            Ok(vec![whole])
        }
        _ => input_err!("expected a GeoJSON FeatureCollection or Overpass JSON"),
    }
}

/// The object in a record that holds `field`: a feature's `properties`
/// (or, in an OpenStreetMap GeoJSON export that nests them, its `tags`
/// when the field is one), an Overpass element's `tags`.
fn container<'a>(
    record: &'a RawValue,
    field: &str,
    format: Format,
) -> std::result::Result<&'a RawValue, String> {
    let members: Members<'a> = serde_json::from_str(record.get()).map_err(|e| e.to_string())?;
    let object = |raw: Option<&&'a RawValue>| raw.copied().filter(|r| r.get().starts_with('{'));
    if let Some(tags) = object(members.get("tags")).filter(|_| !members.contains_key("properties"))
    {
        return Ok(tags); // an Overpass element
    }
    let Some(properties) = object(members.get("properties")) else {
        return Err("the feature has no \"properties\" object to write into".into());
    };
    if format == Format::Osm {
        let inner: Members<'a> =
            serde_json::from_str(properties.get()).map_err(|e| e.to_string())?;
        if let Some(tags) = object(inner.get("tags")) {
            if !inner.contains_key(field) {
                return Ok(tags);
            }
        }
    }
    Ok(properties)
}

/// The JSON for a value as typed: where the value was not a text, JSON of
/// a kind other than a text is taken as it is; anything else is a text.
fn json_of(value: &str, old: Option<&RawValue>) -> String {
    let was_text = old.is_none_or(|o| o.get().starts_with('"'));
    if !was_text {
        if let Ok(v) = serde_json::from_str::<Value>(value.trim()) {
            if !v.is_string() {
                return v.to_string();
            }
        }
    }
    Value::from(value).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(record: usize, field: &str, value: &str) -> RecordFix {
        RecordFix {
            record,
            field: field.into(),
            value: value.into(),
        }
    }

    #[test]
    fn a_geojson_value_is_replaced_where_it_stands() {
        let text = "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\", \"geometry\": null, \"properties\": {\"name\": \"A\", \"n\": 3}},\n{\"type\": \"Feature\", \"geometry\": null, \"properties\": {\"name\": \"B \\\"b\\\"\", \"hours\": {\"mo\": \"9-5\"}}}\n]}\n";
        let out = apply_json_fixes(
            text.as_bytes(),
            Format::Geojson,
            &Input::default(),
            &[
                fix(1, "name", "B \"c\""),
                fix(0, "n", "4"),
                fix(1, "hours", "{\"mo\": \"10-6\"}"),
                fix(0, "city", "Hamburg"),
            ],
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\", \"geometry\": null, \"properties\": {\"city\": \"Hamburg\", \"name\": \"A\", \"n\": 4}},\n{\"type\": \"Feature\", \"geometry\": null, \"properties\": {\"name\": \"B \\\"c\\\"\", \"hours\": {\"mo\":\"10-6\"}}}\n]}\n"
        );
    }

    #[test]
    fn a_feature_gets_a_position() {
        let text = "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\", \"geometry\": null, \"properties\": {\"name\": \"A\"}},\n{\"type\": \"Feature\", \"properties\": {\"name\": \"B\"}}\n]}\n";
        let input = Input::default();
        assert_eq!(
            record_geometry(text.as_bytes(), &input, 0).unwrap(),
            Some(String::new())
        );
        let out = apply_json_fixes(
            text.as_bytes(),
            Format::Geojson,
            &input,
            &[
                fix(0, GEOMETRY_FIELD, "9.9571, 53.5702"),
                fix(1, GEOMETRY_FIELD, "10 53.5"),
            ],
        )
        .unwrap();
        assert_eq!(
            record_geometry(&out, &input, 0).unwrap().as_deref(),
            Some("9.9571, 53.5702")
        );
        assert_eq!(
            record_geometry(&out, &input, 1).unwrap().as_deref(),
            Some("10.0, 53.5")
        );
        let wrong = apply_json_fixes(
            text.as_bytes(),
            Format::Geojson,
            &input,
            &[fix(0, GEOMETRY_FIELD, "53,5702")],
        );
        assert!(wrong
            .unwrap_err()
            .to_string()
            .contains("is not a longitude and a latitude in degrees"));
    }

    #[test]
    fn overpass_records_skip_untagged_elements_and_tags_are_written() {
        let text = r#"{"elements": [{"type": "node", "id": 1, "lat": 1, "lon": 2}, {"type": "node", "id": 2, "lat": 1, "lon": 2, "tags": {"name": "Old"}}]}"#;
        let out = apply_json_fixes(
            text.as_bytes(),
            Format::Osm,
            &Input::default(),
            &[fix(0, "name", "New")],
        )
        .unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .contains(r#""tags": {"name": "New"}"#));
        let err = apply_json_fixes(
            text.as_bytes(),
            Format::Osm,
            &Input::default(),
            &[fix(1, "name", "x")],
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "there is no record 2");
    }

    #[test]
    fn an_osm_geojson_export_with_nested_tags_is_written_in_its_tags() {
        let text = r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "node/1", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"id": "node/1", "tags": {"name": "Old"}}}]}"#;
        let out = apply_json_fixes(
            text.as_bytes(),
            Format::Osm,
            &Input::default(),
            &[fix(0, "name", "New")],
        )
        .unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .contains(r#""tags": {"name": "New"}"#));
    }
}
