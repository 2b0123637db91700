//! Reading OpenStreetMap JSON as the Overpass API returns it
//! (`[out:json]; ... out center;`): nodes with `lat`/`lon`, ways and
//! relations with a `center`. Each element's tags become fields, plus
//! `@type` (node, way, relation) and `@id`. Elements without tags (the
//! nodes of a way, with `out body; >;`) are not places and are left out.

use super::{ImportProblem, Lines, Position, ReadResult, Record};
use anyhow::{bail, Context};
use learnmap_core::Severity;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct TopLevel<'a> {
    #[serde(borrow)]
    elements: Option<Vec<&'a RawValue>>,
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

/// Reads Overpass JSON.
pub fn read(text: &str) -> anyhow::Result<ReadResult> {
    let top: TopLevel = serde_json::from_str(text).context("not valid JSON")?;
    let Some(elements) = top.elements else {
        bail!(
            "expected Overpass JSON: an object with an \"elements\" array (query with [out:json])"
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
        let element: Element = serde_json::from_str(raw.get())
            .with_context(|| format!("the element on line {line} is not an OSM element"))?;
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
            line,
            label: format!("{} {}", element.kind, element.id),
            fields,
            position,
        });
    }
    let mut problems = Vec::new();
    if untagged > 0 {
        problems.push(ImportProblem {
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
