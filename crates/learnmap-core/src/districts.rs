//! Districts for planners: named polygons (a city's wards, neighbourhoods or
//! census tracts) read tolerantly from a GeoJSON FeatureCollection of
//! Polygons and MultiPolygons, and an optional population grid.
//!
//! A district with a problem (no geometry, a geometry that is not a
//! polygon, a ring that does not close, coordinates off the Earth, no id)
//! is skipped with a located [`Problem`], and every other district loads.

use crate::error::Error;
use crate::model::LonLat;
use crate::problem::{LineIndex, Problem, Severity};
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::HashSet;

/// Which properties of a district feature hold its id, name and (optionally)
/// its population. They differ from city to city (`ntacode`, `GEOID`...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistrictFields {
    /// The property with the district's own code (a string or a number).
    pub id: String,
    /// The property with its name.
    pub name: String,
    /// The property with its population, if any.
    pub population: Option<String>,
}

impl Default for DistrictFields {
    fn default() -> Self {
        DistrictFields {
            id: "id".into(),
            name: "name".into(),
            population: None,
        }
    }
}

/// One district: its code, its name, its population if known, and its
/// area as polygons of rings (the first ring of each polygon is its outline,
/// the others its holes).
#[derive(Clone, Debug, PartialEq)]
pub struct District {
    /// The district's own code (from [`DistrictFields::id`]).
    pub id: String,
    /// Its name (the id when the feature has none).
    pub name: String,
    /// Its population, when the data gives one.
    pub population: Option<f64>,
    /// Polygons, each a list of closed rings (outline first, then holes).
    pub polygons: Vec<Vec<Vec<LonLat>>>,
    /// West, south, east, north of all its rings.
    pub bbox: [f64; 4],
}

impl District {
    /// Whether `p` is inside the district (even-odd rule over every ring,
    /// so a point in a hole is outside): the classic crossing test, the
    /// same rule the grid applies row by row.
    ///
    /// ```
    /// use learnmap_core::{districts::load_districts, LonLat};
    /// let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
    ///   "properties":{"id":"A","name":"Square with a hole"},
    ///   "geometry":{"type":"Polygon","coordinates":[
    ///     [[0,0],[4,0],[4,4],[0,4],[0,0]], [[1,1],[1,3],[3,3],[3,1],[1,1]]]}}]}"#;
    /// let d = &load_districts(text, &Default::default()).unwrap().districts[0];
    /// assert!(d.contains(LonLat { lon: 0.5, lat: 2.0 }));
    /// assert!(!d.contains(LonLat { lon: 2.0, lat: 2.0 }));
    /// assert!(!d.contains(LonLat { lon: 5.0, lat: 2.0 }));
    /// ```
    pub fn contains(&self, p: LonLat) -> bool {
        let [w, s, e, n] = self.bbox;
        if p.lon < w || p.lon > e || p.lat < s || p.lat > n {
            return false;
        }
        let mut inside = false;
        for ring in self.polygons.iter().flatten() {
            for (a, b) in edges(ring) {
                if (a.lat > p.lat) != (b.lat > p.lat) && p.lon < crossing_lon(a, b, p.lat) {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// The longitudes where the district's rings cross the latitude `lat`,
    /// unsorted (appended to `out`).
    pub(crate) fn crossings(&self, lat: f64, out: &mut Vec<f64>) {
        for ring in self.polygons.iter().flatten() {
            for (a, b) in edges(ring) {
                if (a.lat > lat) != (b.lat > lat) {
                    out.push(crossing_lon(a, b, lat));
                }
            }
        }
    }
}

fn edges(ring: &[LonLat]) -> impl Iterator<Item = (LonLat, LonLat)> + '_ {
    ring.windows(2).map(|w| (w[0], w[1]))
}

/// The longitude where the edge `a`–`b` (which spans `lat`) meets `lat`.
#[inline]
fn crossing_lon(a: LonLat, b: LonLat, lat: f64) -> f64 {
    a.lon + (lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat)
}

/// Districts read from a file, and the problems found in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Districts {
    /// The districts that loaded, in file order.
    pub districts: Vec<District>,
    /// Problems, located in the file; a district with an error is skipped.
    pub problems: Vec<Problem>,
}

/// Reads districts from a GeoJSON FeatureCollection of Polygons and
/// MultiPolygons. A whole file that is not JSON or not a FeatureCollection
/// is an [`Error`]; a single bad district is a [`Problem`] and is skipped.
///
/// Problem codes: `district-geometry` (missing, not a polygon, or a ring
/// with fewer than four positions or coordinates off the Earth: skipped),
/// `district-ring-open` (a ring whose last position is not its first:
/// closed and kept, a warning), `district-id` (no id: skipped),
/// `duplicate-district-id` (skipped), `district-name` (no name: the id is
/// used, a warning), `district-population` (missing, or not a number ≥ 0:
/// ignored, a warning).
///
/// ```
/// use learnmap_core::districts::{load_districts, DistrictFields};
/// let text = r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","properties":{"code":"BK09","label":"Brooklyn Heights","pop":22000},
///    "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
///   {"type":"Feature","properties":{"code":"BK10"},"geometry":null}]}"#;
/// let fields = DistrictFields { id: "code".into(), name: "label".into(), population: Some("pop".into()) };
/// let loaded = load_districts(text, &fields).unwrap();
/// assert_eq!(loaded.districts[0].name, "Brooklyn Heights");
/// assert_eq!(loaded.districts[0].population, Some(22000.0));
/// assert_eq!((loaded.problems[0].code, loaded.problems[0].line), ("district-geometry", 4));
/// ```
pub fn load_districts(text: &str, fields: &DistrictFields) -> Result<Districts, Error> {
    let index = LineIndex::new(text);
    let features = features_of(
        text,
        "the districts must be a GeoJSON FeatureCollection of Polygons or MultiPolygons",
    )?;
    let mut out = Districts::default();
    let mut seen = HashSet::new();
    for (i, feature) in features.iter().enumerate() {
        let mut problem = |severity, code, message: String, id: Option<&str>| {
            let mut p = located(&index, i, feature, severity, code, message);
            p.feature_id = id.map(str::to_owned);
            out.problems.push(p);
        };
        let Ok(Value::Object(f)) = serde_json::from_str::<Value>(feature.get()) else {
            problem(
                Severity::Error,
                "district-geometry",
                "not a Feature object".into(),
                None,
            );
            continue;
        };
        let props = f.get("properties").and_then(Value::as_object);
        let prop = |key: &str| props.and_then(|p| p.get(key));
        let text_of = |v: Option<&Value>| match v {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let Some(id) = text_of(prop(&fields.id)) else {
            problem(
                Severity::Error,
                "district-id",
                format!("the district has no \"{}\" property (its id)", fields.id),
                None,
            );
            continue;
        };
        let polygons = match polygons_of(f.get("geometry")) {
            Ok((polygons, reopened)) => {
                if reopened {
                    problem(
                        Severity::Warning,
                        "district-ring-open",
                        "a ring does not end where it starts; it was closed".into(),
                        Some(&id),
                    );
                }
                polygons
            }
            Err(why) => {
                problem(Severity::Error, "district-geometry", why, Some(&id));
                continue;
            }
        };
        if !seen.insert(id.clone()) {
            problem(
                Severity::Error,
                "duplicate-district-id",
                format!("another district has the id \"{id}\"; this one was skipped"),
                Some(&id),
            );
            continue;
        }
        let name = text_of(prop(&fields.name)).unwrap_or_else(|| {
            problem(
                Severity::Warning,
                "district-name",
                format!(
                    "the district has no \"{}\" property (its name)",
                    fields.name
                ),
                Some(&id),
            );
            id.clone()
        });
        let population = fields.population.as_deref().and_then(|key| {
            let value = prop(key);
            let number = match value {
                Some(Value::Number(n)) => n.as_f64(),
                Some(Value::String(s)) => crate::number::decimal(s.trim()),
                _ => None,
            }
            .filter(|p| p.is_finite() && *p >= 0.0);
            if number.is_none() {
                let message = match value {
                    None | Some(Value::Null) => {
                        format!("the district has no \"{key}\" property (its population)")
                    }
                    Some(_) => format!("\"{key}\" is not a number of people, so it was ignored"),
                };
                problem(Severity::Warning, "district-population", message, Some(&id));
            }
            number
        });
        let bbox = polygons.iter().flatten().flatten().fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |[w, s, e, n], p| [w.min(p.lon), s.min(p.lat), e.max(p.lon), n.max(p.lat)],
        );
        out.districts.push(District {
            id,
            name,
            population,
            polygons,
            bbox,
        });
    }
    Ok(out)
}

/// The features of a GeoJSON FeatureCollection, raw (so each can be located);
/// `what` says what the file should have been.
fn features_of<'t>(text: &'t str, what: &str) -> Result<Vec<&'t RawValue>, Error> {
    #[derive(serde::Deserialize)]
    struct Top<'a> {
        #[serde(rename = "type")]
        kind: Option<String>,
        #[serde(borrow)]
        features: Option<Vec<&'a RawValue>>,
    }
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let top: Top = serde_json::from_str(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => Error::NotFeatureCollection {
            line: e.line(),
            column: e.column().max(1),
            message: what.into(),
        },
        _ => Error::NotJson {
            line: e.line(),
            column: e.column().max(1),
            message: e.to_string(),
        },
    })?;
    match (top.kind.as_deref(), top.features) {
        (Some("FeatureCollection"), Some(features)) => Ok(features),
        _ => Err(Error::NotFeatureCollection {
            line: 1,
            column: 1,
            message: what.into(),
        }),
    }
}

/// A problem with feature `i`, located at its start.
fn located(
    index: &LineIndex<'_>,
    i: usize,
    feature: &RawValue,
    severity: Severity,
    code: &'static str,
    message: String,
) -> Problem {
    let (line, column) = index.locate(index.offset_of(feature.get()));
    Problem {
        severity,
        code,
        message,
        line,
        column,
        feature_index: Some(i),
        feature_id: None,
        pointer: format!("/features/{i}"),
        hint: String::new(),
    }
}

type Polygons = Vec<Vec<Vec<LonLat>>>;

/// The polygons of a Polygon or MultiPolygon geometry, and whether a ring
/// had to be closed; why not, otherwise.
fn polygons_of(geometry: Option<&Value>) -> Result<(Polygons, bool), String> {
    let Some(Value::Object(g)) = geometry else {
        return Err("the district has no geometry".into());
    };
    let coordinates = g.get("coordinates");
    let as_array = |v: Option<&Value>| v.and_then(Value::as_array).cloned();
    let polygons: Vec<Value> = match g.get("type").and_then(Value::as_str) {
        Some("Polygon") => vec![Value::Array(
            as_array(coordinates).ok_or("the Polygon has no coordinates")?,
        )],
        Some("MultiPolygon") => {
            as_array(coordinates).ok_or("the MultiPolygon has no coordinates")?
        }
        Some(other) => {
            return Err(format!(
                "a district must be a Polygon or MultiPolygon, not a {other}"
            ))
        }
        None => return Err("the geometry has no type".into()),
    };
    let mut reopened = false;
    let mut out = Vec::new();
    for polygon in &polygons {
        let rings = polygon
            .as_array()
            .ok_or("a polygon must be an array of rings")?;
        let mut polygon = Vec::new();
        for ring in rings {
            let positions = ring
                .as_array()
                .ok_or("a ring must be an array of positions")?;
            let mut ring = Vec::with_capacity(positions.len() + 1);
            for position in positions {
                let p = position.as_array().filter(|p| p.len() >= 2);
                let coords = p.and_then(|p| Some((p[0].as_f64()?, p[1].as_f64()?)));
                let Some((lon, lat)) = coords else {
                    return Err("a position must be [longitude, latitude]".into());
                };
                if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                    return Err(format!(
                        "the position [{lon}, {lat}] is off the Earth: districts must be in WGS84 longitude and latitude"
                    ));
                }
                ring.push(LonLat { lon, lat });
            }
            if ring.first() != ring.last() {
                ring.push(ring[0]);
                reopened = true;
            }
            if ring.len() < 4 {
                return Err("a ring needs at least four positions".into());
            }
            polygon.push(ring);
        }
        if !polygon.is_empty() {
            out.push(polygon);
        }
    }
    if out.is_empty() {
        return Err("the geometry has no rings".into());
    }
    Ok((out, reopened))
}

/// One point of a population grid: where, and how many people.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PopulationPoint {
    /// Where the people live.
    pub position: LonLat,
    /// How many.
    pub population: f64,
}

/// A population grid read from a file, and the problems found in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Population {
    /// The points that loaded.
    pub points: Vec<PopulationPoint>,
    /// Problems by line; a point with an error is skipped.
    pub problems: Vec<Problem>,
}

/// Reads a population grid: CSV of `lon,lat,population` (a header line is
/// recognised and skipped; `;` or tab also separate), or a GeoJSON
/// FeatureCollection of Points with a `population` property (another
/// property name may be given).
///
/// ```
/// use learnmap_core::districts::load_population;
/// let grid = load_population("lon,lat,population\n-73.99,40.69,120\n-73.98,40.69,x\n", "population").unwrap();
/// assert_eq!(grid.points.len(), 1);
/// assert_eq!((grid.problems[0].code, grid.problems[0].line), ("population-row", 3));
/// ```
pub fn load_population(text: &str, property: &str) -> Result<Population, Error> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim_start().starts_with('{') {
        return population_geojson(body, property);
    }
    let mut out = Population::default();
    for (i, line) in body.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `;` or tab separated files may write decimal commas
        let sep = [';', '\t']
            .into_iter()
            .find(|c| line.contains(*c))
            .unwrap_or(',');
        let cells: Vec<String> = line
            .split(sep)
            .map(|c| c.trim().replace(',', "."))
            .collect();
        let num = |k: usize| cells.get(k).and_then(|c| crate::number::decimal(c));
        match population_point(num(0), num(1), num(2)) {
            Some(point) => out.points.push(point),
            None if out.points.is_empty() && out.problems.is_empty() && num(0).is_none() => {} // header
            None => out.problems.push(Problem {
                severity: Severity::Error,
                code: "population-row",
                message: "expected longitude, latitude and a number of people ≥ 0".into(),
                line: line_no,
                column: 1,
                feature_index: None,
                feature_id: None,
                pointer: String::new(),
                hint: String::new(),
            }),
        }
    }
    Ok(out)
}

/// A population point, when the position is on the Earth and the count of people a number ≥ 0.
fn population_point(
    lon: Option<f64>,
    lat: Option<f64>,
    people: Option<f64>,
) -> Option<PopulationPoint> {
    let (lon, lat, people) = (lon?, lat?, people?);
    ((-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat)
        && people.is_finite()
        && people >= 0.0)
        .then_some(PopulationPoint {
            position: LonLat { lon, lat },
            population: people,
        })
}

fn population_geojson(text: &str, property: &str) -> Result<Population, Error> {
    let index = LineIndex::new(text);
    let features = features_of(
        text,
        "a population grid in GeoJSON must be a FeatureCollection of Points",
    )?;
    let mut out = Population::default();
    for (i, feature) in features.iter().enumerate() {
        let f: Value = serde_json::from_str(feature.get()).unwrap_or(Value::Null);
        let coords = f["geometry"]["coordinates"].as_array();
        let point = coords
            .filter(|c| f["geometry"]["type"] == "Point" && c.len() >= 2)
            .and_then(|c| Some((c[0].as_f64()?, c[1].as_f64()?)));
        let pop = match &f["properties"][property] {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => crate::number::decimal(s.trim()),
            _ => None,
        };
        match population_point(point.map(|p| p.0), point.map(|p| p.1), pop) {
            Some(point) => out.points.push(point),
            None => out.problems.push(located(
                &index,
                i,
                feature,
                Severity::Error,
                "population-point",
                format!("expected a Point with a \"{property}\" property, a number ≥ 0"),
            )),
        }
    }
    Ok(out)
}
