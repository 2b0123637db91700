//! Reading any GeoJSON: a FeatureCollection or a single Feature. Points are
//! taken as they are; other geometries are reduced to the mean of their
//! vertices (with a warning); features without geometry may take their
//! position from lon/lat fields named in the mapping.

use super::csv::parse_coordinate;
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
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    features: Option<Vec<&'a RawValue>>,
}

/// Reads a GeoJSON text.
pub fn read(text: &str, input: &Input) -> Result<ReadResult> {
    let top: TopLevel =
        serde_json::from_str(text).map_err(|e| Error::Input(format!("not valid GeoJSON: {e}")))?;
    let single;
    let features: Vec<&RawValue> = match (top.kind.as_deref(), top.features) {
        (Some("FeatureCollection"), Some(f)) => f,
        (Some("Feature"), _) => {
            single =
                RawValue::from_string(text.to_owned()).map_err(|e| Error::Input(e.to_string()))?;
            vec![&*single]
        }
        (kind, _) => input_err!(
            "expected a GeoJSON FeatureCollection, found {}",
            kind.map_or("no \"type\"".to_owned(), |k| format!("\"type\": \"{k}\""))
        ),
    };
    let lines = Lines::new(text);
    let mut records = Vec::with_capacity(features.len());
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut reduced: Option<(usize, String, usize)> = None;
    for (i, raw) in features.iter().enumerate() {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let line = lines.line_of(offset);
        let label = format!("feature {}", i + 1);
        let value: Value = serde_json::from_str(raw.get())
            .map_err(|e| Error::Input(format!("{label} cannot be read: {e}")))?;
        let mut fields = match value.get("properties") {
            Some(Value::Object(p)) => p.clone(),
            _ => Map::new(),
        };
        if let Some(id) = value.get("id").filter(|v| !v.is_null()) {
            fields.insert("@id".into(), id.clone());
        }
        fields.insert("@row".into(), Value::from(i + 1));
        for (key, value) in &fields {
            if !seen.contains(key) {
                seen.insert(key.clone());
            }
            crate::nested_names(key, value, 3, &mut seen);
        }
        let mut position = match value.get("geometry") {
            None | Some(Value::Null) => Position::Missing,
            Some(g) => match geometry_position(g) {
                Ok((p, false)) => p,
                Ok((p, true)) => {
                    let kind = g.get("type").and_then(Value::as_str).unwrap_or("?");
                    match &mut reduced {
                        Some((_, _, n)) => *n += 1,
                        None => reduced = Some((line, format!("{label}, a {kind}"), 1)),
                    }
                    p
                }
                Err(why) => Position::Bad(why),
            },
        };
        if position == Position::Missing {
            if let (Some(lon), Some(lat)) = (&input.lon, &input.lat) {
                let get = |k: &str| match fields.get(k) {
                    Some(Value::Number(n)) => n.as_f64().map(Ok),
                    Some(Value::String(s)) if !s.trim().is_empty() => {
                        Some(parse_coordinate(s).ok_or_else(|| s.clone()))
                    }
                    _ => None,
                };
                position = match (get(lon), get(lat)) {
                    (Some(Ok(x)), Some(Ok(y))) => Position::At(x, y),
                    (Some(Err(bad)), _) | (_, Some(Err(bad))) => {
                        Position::Bad(format!("the coordinate \"{bad}\" is not a number"))
                    }
                    _ => Position::Missing,
                };
            }
        }
        records.push(Record {
            index: 0,
            line,
            label,
            fields,
            position,
        });
    }
    if let Some((line, first, n)) = reduced {
        problems.push(ImportProblem {
            record: None,
            severity: Severity::Warning,
            code: "geometry-reduced",
            message: format!(
                "{n} features are not Points (first: {first}); each was placed at the mean of its vertices"
            ),
            line: Some(line),
            hint: "check those places on the map; give them a Point at the entrance if the mean is off".into(),
        });
    }
    Ok(ReadResult {
        records,
        problems,
        fields_seen: seen.into_iter().collect(),
    })
}

/// The position of a geometry, and whether it had to be reduced to a point.
fn geometry_position(geometry: &Value) -> std::result::Result<(Position, bool), String> {
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    let coords = geometry.get("coordinates");
    let pair = |v: &Value| -> Option<(f64, f64)> {
        let a = v.as_array()?;
        Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?))
    };
    let mean = |points: Vec<(f64, f64)>| -> std::result::Result<(Position, bool), String> {
        if points.is_empty() {
            return Ok((Position::Missing, false));
        }
        let n = points.len() as f64;
        let (x, y) = points
            .iter()
            .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
        Ok((Position::At(x / n, y / n), true))
    };
    let list = |v: Option<&Value>| -> Vec<(f64, f64)> {
        v.and_then(Value::as_array)
            .map(|a| a.iter().filter_map(pair).collect())
            .unwrap_or_default()
    };
    match kind {
        "Point" => match coords.and_then(pair) {
            Some((x, y)) => Ok((Position::At(x, y), false)),
            None if coords.and_then(Value::as_array).is_some_and(Vec::is_empty) => {
                Ok((Position::Missing, false))
            }
            None => Err("the Point's coordinates are not [longitude, latitude] numbers".into()),
        },
        "MultiPoint" | "LineString" => mean(list(coords)),
        // the outer ring of a polygon; the outer rings of a multipolygon
        "Polygon" | "MultiLineString" => mean(
            coords
                .and_then(Value::as_array)
                .and_then(|rings| rings.first())
                .map(|r| list(Some(r)))
                .unwrap_or_default(),
        ),
        "MultiPolygon" => mean(
            coords
                .and_then(Value::as_array)
                .map(|polys| {
                    polys
                        .iter()
                        .filter_map(|p| p.as_array().and_then(|r| r.first()))
                        .flat_map(|r| list(Some(r)))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        other => Err(format!("the geometry type \"{other}\" has no position")),
    }
}
