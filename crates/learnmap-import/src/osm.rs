//! Reading OpenStreetMap JSON as the Overpass API returns it
//! (`[out:json]; ... out center;`): nodes with `lat`/`lon`, ways and
//! relations with a `center`. Each element's tags become fields, plus
//! `@type` (node, way, relation) and `@id`. Elements without tags (the
//! nodes of a way, with `out body; >;`) are not places and are left out.
//!
//! The same data exported as GeoJSON (overpass turbo, osmtogeojson, QGIS)
//! is read too: the properties are the tags (or an osmtogeojson `tags`
//! object), and the element is named by `@id`/`id` (`node/123`), `type` and
//! `id`, `osm_type` and `osm_id`, or `full_id` (`n123`).

use super::mapping::Input;
use super::{ImportProblem, Lines, Position, ReadResult, Record};
use crate::{Error, Result};
use learnmap_core::Severity;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct TopLevel<'a> {
    #[serde(borrow)]
    elements: Option<Vec<&'a RawValue>>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct Element {
    #[serde(rename = "type")]
    kind: String,
    id: i64,
    lat: Option<f64>,
    lon: Option<f64>,
    center: Option<Center>,
    #[serde(default)]
    tags: Map<String, Value>,
}

#[derive(Deserialize)]
struct Center {
    lat: f64,
    lon: f64,
}

/// Reads Overpass JSON, or OpenStreetMap data exported as GeoJSON.
pub fn read(text: &str, input: &Input) -> Result<ReadResult> {
    let top: TopLevel =
        serde_json::from_str(text).map_err(|e| Error::Input(format!("not valid JSON: {e}")))?;
    let Some(elements) = top.elements else {
        if matches!(top.kind.as_deref(), Some("FeatureCollection" | "Feature")) {
            return from_geojson(text, input);
        }
        input_err!(
            "expected Overpass JSON (an object with an \"elements\" array: query with [out:json]) or a GeoJSON export of OpenStreetMap data"
        );
    };
    let lines = Lines::new(text);
    let mut records = Vec::new();
    let mut seen = BTreeSet::new();
    let mut untagged = 0;
    let mut first_untagged = None;
    for raw in elements {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let line = lines.line_of(offset);
        let element: Element = serde_json::from_str(raw.get()).map_err(|e| {
            Error::Input(format!(
                "the element on line {line} is not an OSM element: {e}"
            ))
        })?;
        if element.tags.is_empty() {
            untagged += 1;
            first_untagged.get_or_insert(line);
            continue;
        }
        let position = match (element.lon, element.lat, &element.center) {
            (Some(lon), Some(lat), _) => Position::At(lon, lat),
            (_, _, Some(c)) => Position::At(c.lon, c.lat),
            _ => Position::Missing,
        };
        let mut fields = Map::new();
        for (k, v) in element.tags {
            let v = match v {
                Value::String(s) => Value::String(s),
                other => Value::String(other.to_string()),
            };
            fields.insert(k, v);
        }
        fields.insert("@type".into(), Value::String(element.kind.clone()));
        fields.insert("@id".into(), Value::from(element.id));
        fields.insert("@row".into(), Value::from(records.len() + 1));
        seen.extend(fields.keys().cloned());
        records.push(Record {
            index: 0,
            line,
            label: format!("{} {}", element.kind, element.id),
            fields,
            position,
        });
    }
    let mut problems = Vec::new();
    if untagged > 0 {
        problems.push(ImportProblem {
            record: None,
            severity: Severity::Warning,
            code: "untagged-elements",
            message: format!(
                "{untagged} elements have no tags (the nodes of ways, most likely) and are not places; left out"
            ),
            line: first_untagged,
            hint: "query with `out center;` instead of `out body; >;` to get one element per place".into(),
        });
    }
    Ok(ReadResult {
        records,
        problems,
        fields_seen: seen.into_iter().collect(),
    })
}

/// An OSM element's type and id from what GeoJSON exports say.
fn element_of(fields: &Map<String, Value>) -> Option<(String, i64)> {
    let text = |k: &str| match fields.get(k) {
        Some(Value::String(s)) => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let kind_word = |t: &str| match t {
        "n" | "node" => Some("node"),
        "w" | "way" => Some("way"),
        "r" | "relation" => Some("relation"),
        _ => None,
    };
    // "node/123" (overpass turbo's @id and the feature's id)
    for key in ["@id", "@@id", "id"] {
        if let Some((kind, id)) = text(key).as_deref().and_then(|t| t.split_once('/')) {
            if let (Some(kind), Ok(id)) = (kind_word(kind), id.parse()) {
                return Some((kind.to_owned(), id));
            }
        }
    }
    // osmtogeojson's older form: type and id
    for (kind_key, id_key) in [("type", "id"), ("osm_type", "osm_id")] {
        if let (Some(kind), Some(id)) = (text(kind_key), text(id_key)) {
            if let (Some(kind), Ok(id)) = (kind_word(&kind), id.parse()) {
                return Some((kind.to_owned(), id));
            }
        }
    }
    // QGIS (QuickOSM): full_id "n123"
    let full = text("full_id")?;
    let (kind, id) = full.split_at(full.char_indices().nth(1)?.0);
    Some((kind_word(kind)?.to_owned(), id.parse().ok()?))
}

/// Reads a GeoJSON export of OpenStreetMap data.
fn from_geojson(text: &str, input: &Input) -> Result<ReadResult> {
    let mut read = super::geojson::read(text, input)?;
    let mut seen = BTreeSet::new();
    for record in &mut read.records {
        let mut fields = std::mem::take(&mut record.fields);
        if let Some(id) = fields.remove("@id") {
            // the feature's own id, which the GeoJSON reader put in @id
            fields.insert("@@id".into(), id);
        }
        let element = element_of(&fields);
        let row = fields.remove("@row");
        let tags = match fields.remove("tags") {
            Some(Value::Object(tags)) => tags,
            Some(other) => {
                fields.insert("tags".into(), other);
                Map::new()
            }
            None => Map::new(),
        };
        let mut out = Map::new();
        for (k, v) in fields.into_iter().chain(tags) {
            if k.starts_with('@')
                || matches!(
                    k.as_str(),
                    "id" | "type"
                        | "meta"
                        | "relations"
                        | "osm_id"
                        | "osm_type"
                        | "full_id"
                        | "timestamp"
                        | "version"
                        | "changeset"
                        | "user"
                        | "uid"
                )
            {
                continue;
            }
            let v = match v {
                Value::String(s) => Value::String(s),
                Value::Null => continue,
                other => Value::String(other.to_string()),
            };
            out.insert(k, v);
        }
        if let Some((kind, id)) = element {
            record.label = format!("{kind} {id}");
            out.insert("@type".into(), Value::String(kind));
            out.insert("@id".into(), Value::from(id));
        }
        if let Some(row) = row {
            out.insert("@row".into(), row);
        }
        seen.extend(out.keys().cloned());
        record.fields = out;
    }
    read.fields_seen = seen.into_iter().collect();
    Ok(read)
}
