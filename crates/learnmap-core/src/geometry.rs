//! GeoJSON geometry validation (RFC 7946, section 3.1) and representative
//! points: the map shows every place as one point, so a line or an area is
//! shown at a point on it or inside it.

use crate::problem::said;
use crate::scan::Seg;
use serde_json::{Map, Value};

/// A problem found in a geometry, relative to the geometry value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GeometryIssue {
    /// `true` for an error (the geometry is unusable), `false` for a warning.
    pub error: bool,
    /// A stable problem code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Where, relative to the geometry.
    pub path: Vec<Seg<'static>>,
    /// What to do.
    pub hint: String,
}

/// The geometry types of RFC 7946.
pub(crate) const GEOMETRY_TYPES: [&str; 7] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

/// A position: longitude, latitude.
pub(crate) type Position = [f64; 2];

/// A checked geometry's kind and representative point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Representative {
    /// The geometry type (`"Polygon"`, ...).
    pub kind: &'static str,
    /// A point on or inside the geometry, `None` when it is empty.
    pub point: Option<Position>,
}

/// Checks a (non-null) geometry; on success, returns its representative
/// point. Warnings are pushed to `issues`; the first error is returned.
pub(crate) fn check_geometry(
    geometry: &Value,
    issues: &mut Vec<GeometryIssue>,
) -> Result<Representative, GeometryIssue> {
    check(geometry, Vec::new(), false, issues)
}

/// What kind of JSON value this is, for messages ("an array").
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn error(
    path: Vec<Seg<'static>>,
    code: &'static str,
    message: String,
    hint: &str,
) -> GeometryIssue {
    GeometryIssue {
        error: true,
        code,
        message,
        path,
        hint: said!(hint.to_owned()),
    }
}

fn with(path: &[Seg<'static>], more: &[Seg<'static>]) -> Vec<Seg<'static>> {
    let mut p = path.to_vec();
    p.extend_from_slice(more);
    p
}

/// Checks the `"type"` member of a GeoJSON object against `allowed`;
/// returns the matching allowed spelling.
pub(crate) fn check_type(
    object: &Map<String, Value>,
    allowed: &[&'static str],
    what: &str,
) -> Result<&'static str, (String, &'static str)> {
    match object.get("type") {
        None => Err((
            said!(format!("the {what} has no \"type\" member")),
            said!("add \"type\" with the right GeoJSON type"),
        )),
        Some(Value::String(t)) => {
            if let Some(found) = allowed.iter().find(|a| **a == t) {
                Ok(found)
            } else if let Some(found) = allowed.iter().find(|a| a.eq_ignore_ascii_case(t)) {
                Err((
                    said!(format!(
                        "expected \"{found}\" but got \"{t}\" (GeoJSON types are case sensitive)"
                    )),
                    said!("write the type exactly as RFC 7946 spells it"),
                ))
            } else {
                Err((
                    said!(format!(
                        "the type \"{t}\" is not allowed here; expected one of {}",
                        allowed.join(", ")
                    )),
                    said!("use a GeoJSON type from RFC 7946"),
                ))
            }
        }
        Some(other) => Err((
            said!(format!(
                "the \"type\" member should be a string, but is {}",
                kind_of(other)
            )),
            said!("write \"type\" as a string such as \"Point\""),
        )),
    }
}

/// Members that must not appear in a geometry (RFC 7946, section 7.1).
const NOT_IN_GEOMETRY: [&str; 3] = ["properties", "geometry", "features"];

fn check(
    geometry: &Value,
    path: Vec<Seg<'static>>,
    in_collection: bool,
    issues: &mut Vec<GeometryIssue>,
) -> Result<Representative, GeometryIssue> {
    let Value::Object(object) = geometry else {
        return Err(error(
            path,
            "bad-geometry",
            said!(format!(
                "a geometry must be an object, but this is {}",
                kind_of(geometry)
            )),
            said!("write a geometry such as {\"type\": \"Point\", \"coordinates\": [9.99, 53.55]}"),
        ));
    };
    let type_path = if object.contains_key("type") {
        with(&path, &[Seg::Key("type")])
    } else {
        path.clone()
    };
    let kind = check_type(object, &GEOMETRY_TYPES, "geometry")
        .map_err(|(message, hint)| error(type_path, "bad-geometry", message, hint))?;
    for member in NOT_IN_GEOMETRY {
        if object.contains_key(member) {
            return Err(error(
                with(&path, &[Seg::Key(member)]),
                "forbidden-member",
                said!(format!("a geometry must not have a \"{member}\" member")),
                said!("remove it, or make the object a Feature with a \"geometry\""),
            ));
        }
    }
    check_bbox(object, &path)?;
    if kind == "GeometryCollection" {
        if in_collection {
            return Err(error(
                path,
                "bad-geometry",
                said!("a GeometryCollection nested in another one".into()),
                said!("list the member geometries in a single GeometryCollection"),
            ));
        }
        let geometries = match object.get("geometries") {
            Some(Value::Array(g)) => g,
            Some(other) => {
                return Err(error(
                    with(&path, &[Seg::Key("geometries")]),
                    "bad-geometry",
                    said!(format!(
                        "\"geometries\" should be an array, but is {}",
                        kind_of(other)
                    )),
                    said!("write \"geometries\": [ ... ] with geometry objects"),
                ))
            }
            None => {
                return Err(error(
                    path,
                    "bad-geometry",
                    said!("a GeometryCollection needs a \"geometries\" member".into()),
                    said!("write \"geometries\": [ ... ] with geometry objects"),
                ))
            }
        };
        if geometries.len() == 1 {
            issues.push(GeometryIssue {
                error: false,
                code: "single-geometry-collection",
                message: said!("a GeometryCollection with a single geometry".into()),
                path: with(&path, &[Seg::Key("geometries")]),
                hint: said!("use the member geometry itself".into()),
            });
        }
        let mut point = None;
        for (i, member) in geometries.iter().enumerate() {
            let member_path = with(&path, &[Seg::Key("geometries"), Seg::Index(i)]);
            let found = check(member, member_path, true, issues)?;
            point = point.or(found.point);
        }
        return Ok(Representative { kind, point });
    }
    let coordinates_path = with(&path, &[Seg::Key("coordinates")]);
    let Some(coordinates) = object.get("coordinates") else {
        return Err(error(
            path,
            "bad-geometry",
            said!(format!("a {kind} needs a \"coordinates\" member")),
            said!("add \"coordinates\", e.g. [9.99, 53.55] for a Point"),
        ));
    };
    let point = match kind {
        "Point" => Some(position(coordinates, &coordinates_path)?),
        "MultiPoint" => positions(coordinates, &coordinates_path)?.first().copied(),
        "LineString" => {
            let line = line(coordinates, &coordinates_path)?;
            Some(line[line.len() / 2])
        }
        "MultiLineString" => {
            let mut first = None;
            for (i, item) in array(coordinates, &coordinates_path)?.iter().enumerate() {
                let line = line(item, &with(&coordinates_path, &[Seg::Index(i)]))?;
                first = first.or(Some(line[line.len() / 2]));
            }
            first
        }
        "Polygon" => polygon(coordinates, &coordinates_path)?.map(|rings| interior_point(&rings)),
        _ => {
            // MultiPolygon: the interior point of the largest polygon
            let mut best: Option<(f64, Position)> = None;
            for (i, item) in array(coordinates, &coordinates_path)?.iter().enumerate() {
                if let Some(rings) = polygon(item, &with(&coordinates_path, &[Seg::Index(i)]))? {
                    let area = ring_area(&rings[0]).abs();
                    if best.is_none_or(|(a, _)| area > a) {
                        best = Some((area, interior_point(&rings)));
                    }
                }
            }
            best.map(|(_, p)| p)
        }
    };
    Ok(Representative { kind, point })
}

fn check_bbox(object: &Map<String, Value>, path: &[Seg<'static>]) -> Result<(), GeometryIssue> {
    match bbox_problem(object) {
        Some(message) => Err(error(
            with(path, &[Seg::Key("bbox")]),
            "bad-bbox",
            message,
            said!("write \"bbox\": [west, south, east, north] in numbers, or remove it"),
        )),
        None => Ok(()),
    }
}

/// What is wrong with an object's `"bbox"` member, if anything.
pub(crate) fn bbox_problem(object: &Map<String, Value>) -> Option<String> {
    match object.get("bbox")? {
        Value::Array(items) => {
            if items.iter().any(|v| !v.is_number()) {
                Some(said!("each element of a bbox must be a number".into()))
            } else if items.len() != 4 && items.len() != 6 {
                Some(said!(format!(
                    "a bbox must have 4 elements (2D) or 6 (3D), not {}",
                    items.len()
                )))
            } else {
                None
            }
        }
        other => Some(said!(format!(
            "a bbox must be an array of numbers, but is {}",
            kind_of(other)
        ))),
    }
}

fn array<'v>(value: &'v Value, path: &[Seg<'static>]) -> Result<&'v [Value], GeometryIssue> {
    match value {
        Value::Array(items) => Ok(items),
        Value::Number(_) => Err(error(
            path.to_vec(),
            "bad-coordinates",
            said!("a number was found where an array of coordinates should be: nest it more deeply"
                .into()),
            said!("check the brackets: a Polygon is [[[lon, lat], ...]], a LineString [[lon, lat], ...]"),
        )),
        other => Err(error(
            path.to_vec(),
            "bad-coordinates",
            said!(format!(
                "coordinates should be an array, but this is {}",
                kind_of(other)
            )),
            said!("write coordinates as arrays of [longitude, latitude] numbers"),
        )),
    }
}

fn position(value: &Value, path: &[Seg<'static>]) -> Result<Position, GeometryIssue> {
    let items = match value {
        Value::Array(items) => items,
        other => {
            return Err(error(
                path.to_vec(),
                "bad-coordinates",
                said!(format!(
                    "a position should be an array, but this is {}",
                    kind_of(other)
                )),
                said!("write a position as [longitude, latitude]"),
            ))
        }
    };
    for (i, item) in items.iter().enumerate() {
        if !item.is_number() {
            return Err(error(
                with(path, &[Seg::Index(i)]),
                "bad-coordinates",
                said!(format!(
                    "each element of a position must be a number, but this is {}",
                    kind_of(item)
                )),
                said!("write a position as [longitude, latitude] numbers, without quotes"),
            ));
        }
    }
    match items.len() {
        0 | 1 => Err(error(
            path.to_vec(),
            "bad-coordinates",
            said!(format!("a position needs 2 or 3 numbers, but has {}", items.len())),
            said!("write a position as [longitude, latitude]"),
        )),
        2 | 3 => Ok([
            items[0].as_f64().unwrap_or(f64::NAN),
            items[1].as_f64().unwrap_or(f64::NAN),
        ]),
        n => Err(error(
            path.to_vec(),
            "bad-coordinates",
            said!(format!("a position has {n} numbers; RFC 7946 allows longitude, latitude and an optional altitude")),
            said!("write a position as [longitude, latitude] or [longitude, latitude, altitude]"),
        )),
    }
}

fn positions(value: &Value, path: &[Seg<'static>]) -> Result<Vec<Position>, GeometryIssue> {
    array(value, path)?
        .iter()
        .enumerate()
        .map(|(i, p)| position(p, &with(path, &[Seg::Index(i)])))
        .collect()
}

fn line(value: &Value, path: &[Seg<'static>]) -> Result<Vec<Position>, GeometryIssue> {
    let line = positions(value, path)?;
    if line.len() < 2 {
        return Err(error(
            path.to_vec(),
            "bad-coordinates",
            said!(format!(
                "a line needs 2 or more positions, but has {}",
                line.len()
            )),
            said!("add the missing positions or remove the line"),
        ));
    }
    Ok(line)
}

/// The rings of a polygon, checked; `None` when it has no rings.
fn polygon(
    value: &Value,
    path: &[Seg<'static>],
) -> Result<Option<Vec<Vec<Position>>>, GeometryIssue> {
    let mut rings = Vec::new();
    for (i, item) in array(value, path)?.iter().enumerate() {
        let ring_path = with(path, &[Seg::Index(i)]);
        let ring = positions(item, &ring_path)?;
        if ring.len() < 4 {
            return Err(error(
                ring_path,
                "bad-coordinates",
                said!(format!("a polygon ring needs 4 or more positions, but has {}", ring.len())),
                said!("a ring is closed: its last position repeats the first, e.g. 3 corners + the first again"),
            ));
        }
        // compare every number, altitude included
        let numbers = |v: Option<&Value>| -> Vec<f64> {
            v.and_then(Value::as_array)
                .map(|p| p.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default()
        };
        let items = item.as_array().map(Vec::as_slice).unwrap_or_default();
        if numbers(items.first()) != numbers(items.last()) {
            return Err(error(
                ring_path,
                "bad-coordinates",
                said!("the first and last positions of a polygon ring must be the same".into()),
                said!("close the ring: repeat its first position at the end"),
            ));
        }
        rings.push(ring);
    }
    Ok(if rings.is_empty() { None } else { Some(rings) })
}

/// Twice the signed area of a closed ring (shoelace formula).
fn ring_area(ring: &[Position]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

/// A point inside a polygon (outer ring first, then holes), even a concave
/// one: the middle of the widest inside stretch of the horizontal line
/// through the middle of the outer ring's bounding box. Falls back to the
/// first vertex for a degenerate (flat) polygon.
pub(crate) fn interior_point(rings: &[Vec<Position>]) -> Position {
    let outer = &rings[0];
    let (lo, hi) = outer
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p[1]), hi.max(p[1]))
        });
    let y = lo + (hi - lo) / 2.0;
    let mut xs = Vec::new();
    for ring in rings {
        for w in ring.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a[1] > y) != (b[1] > y) {
                xs.push(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]));
            }
        }
    }
    crate::sort::f64s(&mut xs);
    let widest = xs
        .chunks_exact(2)
        .map(|pair| (pair[1] - pair[0], pair[0] + (pair[1] - pair[0]) / 2.0))
        .filter(|(width, _)| *width > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match widest {
        Some((_, x)) => [x, y],
        None => outer[0],
    }
}

/// Whether `p` is inside the polygon (even-odd rule), for tests.
#[cfg(test)]
fn contains(rings: &[Vec<Position>], p: Position) -> bool {
    let mut inside = false;
    for ring in rings {
        for w in ring.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a[1] > p[1]) != (b[1] > p[1])
                && p[0] < a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
            {
                inside = !inside;
            }
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn point_of(geometry: Value) -> Position {
        let mut issues = Vec::new();
        check_geometry(&geometry, &mut issues)
            .unwrap()
            .point
            .unwrap()
    }

    fn error_of(geometry: Value) -> GeometryIssue {
        check_geometry(&geometry, &mut Vec::new()).unwrap_err()
    }

    #[test]
    fn interior_point_of_a_concave_polygon_is_inside() {
        // a U shape: its centroid and bbox centre fall in the gap
        let u = vec![vec![
            [0.0, 0.0],
            [3.0, 0.0],
            [3.0, 3.0],
            [2.0, 3.0],
            [2.0, 1.0],
            [1.0, 1.0],
            [1.0, 3.0],
            [0.0, 3.0],
            [0.0, 0.0],
        ]];
        let p = interior_point(&u);
        assert!(contains(&u, p), "{p:?}");
        assert!(!contains(&u, [1.5, 2.0]), "the bbox centre is outside");
    }

    #[test]
    fn interior_point_avoids_holes() {
        let square = vec![
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ];
        let hole = vec![[2.0, 2.0], [8.0, 2.0], [8.0, 8.0], [2.0, 8.0], [2.0, 2.0]];
        let rings = vec![square, hole];
        let p = interior_point(&rings);
        assert!(contains(&rings, p), "{p:?}");
        assert_eq!(p, [9.0, 5.0]);
    }

    #[test]
    fn seeded_random_star_polygons_get_inside_points() {
        // a fixed-seed LCG: star-shaped, often concave polygons
        let mut state: u64 = 0x5eed;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..500 {
            let n = 3 + (next() * 12.0) as usize;
            let mut ring: Vec<Position> = (0..n)
                .map(|k| {
                    let angle = k as f64 / n as f64 * std::f64::consts::TAU;
                    let r = 0.2 + next();
                    [10.0 + r * angle.cos(), 50.0 + r * angle.sin()]
                })
                .collect();
            ring.push(ring[0]);
            let rings = vec![ring];
            let p = interior_point(&rings);
            assert!(contains(&rings, p), "{rings:?} -> {p:?}");
        }
    }

    #[test]
    fn representative_points_of_each_type() {
        assert_eq!(
            point_of(json!({"type": "Point", "coordinates": [1, 2]})),
            [1.0, 2.0]
        );
        assert_eq!(
            point_of(json!({"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]})),
            [1.0, 2.0]
        );
        assert_eq!(
            point_of(json!({"type": "LineString", "coordinates": [[0, 0], [1, 1], [2, 2]]})),
            [1.0, 1.0]
        );
        assert_eq!(
            point_of(
                json!({"type": "MultiLineString", "coordinates": [[[0, 0], [5, 5]], [[9, 9], [8, 8]]]})
            ),
            [5.0, 5.0]
        );
        let p = point_of(json!({"type": "MultiPolygon", "coordinates": [
            [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
            [[[10, 10], [20, 10], [20, 20], [10, 20], [10, 10]]]
        ]}));
        assert_eq!(p, [15.0, 15.0], "inside the largest polygon");
        assert_eq!(
            point_of(json!({"type": "GeometryCollection", "geometries": [
                {"type": "MultiPoint", "coordinates": []},
                {"type": "Point", "coordinates": [7, 8]}
            ]})),
            [7.0, 8.0]
        );
    }

    #[test]
    fn structural_errors_are_located() {
        let e =
            error_of(json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}));
        assert_eq!(e.path, [Seg::Key("coordinates"), Seg::Index(0)]);
        assert!(e.message.contains("first and last"), "{}", e.message);
        let e = error_of(json!({"type": "Point", "coordinates": [1, "2"]}));
        assert_eq!(e.path, [Seg::Key("coordinates"), Seg::Index(1)]);
        let e = error_of(json!({"type": "point", "coordinates": [1, 2]}));
        assert!(e.message.contains("case sensitive"), "{}", e.message);
        let e = error_of(json!({"type": "MultiPolygon", "coordinates": [1, 2]}));
        assert_eq!(e.path, [Seg::Key("coordinates"), Seg::Index(0)]);
        assert!(e.message.contains("nest it more deeply"), "{}", e.message);
    }
}
