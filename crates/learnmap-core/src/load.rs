//! Loading a GeoJSON FeatureCollection of learning spaces.
//!
//! The loader is tolerant: every good feature is kept, and every problem is
//! reported beside them with its line, column, feature and a hint. Only a
//! file that is not JSON, not a FeatureCollection or too large fails whole.

use crate::error::Error;
use crate::hours::OpeningHours;
use crate::model::{age_range_of, LearningSpace, LonLat};
use crate::problem::{LineIndex, Problem, Severity};
use crate::suggest::did_you_mean;
use crate::vocab::{
    AgeGroup, Delivery, EnumSet, Fee, PlaceType, Status, Vocabulary, Wheelchair, MAX_AGE,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Limits for [`load_with`].
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Files larger than this many bytes are refused whole.
    pub max_bytes: usize,
    /// Past this many problems, the rest are only counted.
    pub max_problems: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_bytes: 512 * 1024 * 1024,
            max_problems: 1000,
        }
    }
}

/// What a file gave: the good learning spaces and the problems found.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// The features that loaded, in file order.
    pub spaces: Vec<LearningSpace>,
    /// The problems found, in file order, at most [`LoadOptions::max_problems`].
    pub problems: Vec<Problem>,
    /// Problems found past the limit and not listed.
    pub problems_omitted: usize,
    /// How many features the file has, good or bad.
    pub feature_count: usize,
    /// The collection's `name` member, if any (the demo data names itself).
    pub name: Option<String>,
}

impl Dataset {
    /// How many features were skipped because of an error.
    pub fn skipped(&self) -> usize {
        self.feature_count - self.spaces.len()
    }

    /// How many listed problems have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }
}

/// Loads a GeoJSON FeatureCollection with the default [`LoadOptions`].
///
/// ```
/// let text = r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.99, 53.55]},
///    "properties": {"id": "a", "name": "Bücherhalle", "learning_areas": ["digital"]}},
///   {"type": "Feature", "geometry": null, "properties": {"id": "b", "name": "Nowhere"}}
/// ]}"#;
/// let data = learnmap_core::load(text).unwrap();
/// assert_eq!(data.spaces.len(), 1);
/// assert_eq!(data.problems[0].code, "null-geometry");
/// assert_eq!((data.problems[0].line, data.problems[0].feature_index), (4, Some(1)));
/// ```
pub fn load(text: &str) -> Result<Dataset, Error> {
    load_with(text, &LoadOptions::default())
}

#[derive(Deserialize)]
struct TopLevel<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    features: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    crs: Option<&'a RawValue>,
    name: Option<Value>,
}

/// Loads a GeoJSON FeatureCollection within the given limits.
pub fn load_with(text: &str, options: &LoadOptions) -> Result<Dataset, Error> {
    if text.len() > options.max_bytes {
        return Err(Error::TooLarge {
            size: text.len(),
            limit: options.max_bytes,
        });
    }
    let index = LineIndex::new(text);
    let mut report = Report::new(options.max_problems);
    let body = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            report.push(Problem {
                severity: Severity::Warning,
                code: "bom",
                message: "the file starts with a byte order mark (BOM)".into(),
                line: 1,
                column: 1,
                feature_index: None,
                feature_id: None,
                pointer: String::new(),
                hint: "save the file as UTF-8 without BOM; RFC 8259 forbids it".into(),
            });
            rest
        }
        None => text,
    };
    let top: TopLevel = serde_json::from_str(body).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        match e.classify() {
            serde_json::error::Category::Data => Error::NotFeatureCollection {
                line,
                column,
                message: "expected a JSON object with \"type\": \"FeatureCollection\"".into(),
            },
            _ => Error::NotJson {
                line,
                column,
                message: e.to_string(),
            },
        }
    })?;
    let single_feature;
    let features: Vec<&RawValue> = match (top.kind.as_deref(), top.features) {
        (Some("FeatureCollection"), Some(features)) => features,
        (Some("FeatureCollection"), None) => {
            return Err(Error::NotFeatureCollection {
                line: 1,
                column: 1,
                message: "the FeatureCollection has no \"features\" array".into(),
            })
        }
        (Some("Feature"), _) => {
            report.push(Problem {
                severity: Severity::Warning,
                code: "single-feature",
                message: "the file is a single Feature, not a FeatureCollection".into(),
                line: 1,
                column: 1,
                feature_index: None,
                feature_id: None,
                pointer: String::new(),
                hint: "wrap it: {\"type\": \"FeatureCollection\", \"features\": [ ... ]}".into(),
            });
            single_feature =
                RawValue::from_string(body.to_owned()).map_err(|e| Error::NotJson {
                    line: e.line(),
                    column: e.column(),
                    message: e.to_string(),
                })?;
            return Ok(finish(&index, report, vec![&single_feature], top.name));
        }
        (other, _) => {
            return Err(Error::NotFeatureCollection {
                line: 1,
                column: 1,
                message: match other {
                    Some(kind) => format!("the top-level \"type\" is \"{kind}\""),
                    None => "the top-level object has no \"type\"".into(),
                },
            })
        }
    };
    if let Some(crs) = top.crs {
        let (line, column) = index.locate(index.offset_of(crs.get()));
        report.push(Problem {
            severity: Severity::Warning,
            code: "crs-member",
            message: "the file has a \"crs\" member, which RFC 7946 removed".into(),
            line,
            column,
            feature_index: None,
            feature_id: None,
            pointer: "/crs".into(),
            hint: "coordinates must be WGS84 longitude, latitude; remove \"crs\" after converting"
                .into(),
        });
    }
    Ok(finish(&index, report, features, top.name))
}

fn finish(
    index: &LineIndex<'_>,
    mut report: Report,
    features: Vec<&RawValue>,
    name: Option<Value>,
) -> Dataset {
    let mut spaces = Vec::with_capacity(features.len());
    let mut seen_ids = HashSet::with_capacity(features.len());
    for (i, raw) in features.iter().enumerate() {
        let located = index.offset_of(raw.get());
        let mut ctx = FeatureContext {
            index,
            raw: raw.get(),
            base: located,
            feature_index: i,
            feature_id: None,
            report: &mut report,
        };
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(value) => {
                if let Some(mut space) = read_feature(&mut ctx, value) {
                    if !seen_ids.insert(space.id.clone()) {
                        let original = space.id.clone();
                        space.id = format!("{original}~{i}");
                        ctx.problem(
                            Severity::Warning,
                            "duplicate-id",
                            format!("the id \"{original}\" is used by an earlier feature"),
                            &["properties", "id"],
                            format!("give every place its own id; this one is shown as \"{}\" until then", space.id),
                        );
                        seen_ids.insert(space.id.clone());
                    }
                    spaces.push(space);
                }
            }
            Err(e) => ctx.problem(
                Severity::Error,
                "bad-feature",
                format!("the feature could not be read: {}", without_position(&e)),
                &[],
                "check the feature's JSON".into(),
            ),
        }
    }
    Dataset {
        feature_count: features.len(),
        spaces,
        problems: report.problems,
        problems_omitted: report.omitted,
        name: name.and_then(|n| n.as_str().map(str::to_owned)),
    }
}

/// serde_json's message without its " at line L column C" (relative to the
/// feature, so misleading); the problem carries the real location.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

struct Report {
    problems: Vec<Problem>,
    omitted: usize,
    limit: usize,
}

impl Report {
    fn new(limit: usize) -> Self {
        Report {
            problems: Vec::new(),
            omitted: 0,
            limit,
        }
    }
    fn push(&mut self, problem: Problem) {
        if self.problems.len() < self.limit {
            self.problems.push(problem);
        } else {
            self.omitted += 1;
        }
    }
}

struct FeatureContext<'r, 'a> {
    index: &'r LineIndex<'a>,
    raw: &'r str,
    base: usize,
    feature_index: usize,
    feature_id: Option<String>,
    report: &'r mut Report,
}

impl FeatureContext<'_, '_> {
    /// Records a problem at the value found by following `path` (object keys) in the feature.
    fn problem(
        &mut self,
        severity: Severity,
        code: &'static str,
        message: String,
        path: &[&str],
        hint: String,
    ) {
        let offset = self.base + locate_path(self.raw, path);
        let (line, column) = self.index.locate(offset);
        let mut pointer = format!("/features/{}", self.feature_index);
        for key in path {
            pointer.push('/');
            pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
        }
        self.report.push(Problem {
            severity,
            code,
            message,
            line,
            column,
            feature_index: Some(self.feature_index),
            feature_id: self.feature_id.clone(),
            pointer,
            hint,
        });
    }
}

/// The byte offset, within a feature's text, of the value at `path`: a
/// best-effort scan for each quoted key in turn, falling back to the
/// feature's start.
fn locate_path(raw: &str, path: &[&str]) -> usize {
    let mut at = 0;
    for key in path {
        let quoted = format!("\"{key}\"");
        match raw[at..].find(&quoted) {
            Some(found) => at += found,
            None => return at,
        }
    }
    at
}

fn read_feature(ctx: &mut FeatureContext<'_, '_>, value: Value) -> Option<LearningSpace> {
    let Value::Object(mut feature) = value else {
        ctx.problem(
            Severity::Error,
            "not-a-feature",
            "the feature is not a JSON object".into(),
            &[],
            "each item of \"features\" must be {\"type\": \"Feature\", ...}".into(),
        );
        return None;
    };
    let mut properties = match feature.remove("properties") {
        Some(Value::Object(p)) => p,
        _ => Map::new(),
    };
    ctx.feature_id = id_of(&properties, &feature);
    if feature.get("type").and_then(Value::as_str) != Some("Feature") {
        ctx.problem(
            Severity::Error,
            "not-a-feature",
            "the item's \"type\" is not \"Feature\"".into(),
            &["type"],
            "each item of \"features\" must have \"type\": \"Feature\"".into(),
        );
        return None;
    }
    let position = read_position(ctx, feature.get("geometry"))?;
    let name = match properties
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
    {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => {
            ctx.problem(
                Severity::Error,
                "missing-name",
                "the place has no \"name\"".into(),
                &["properties"],
                "add a \"name\" property: residents find places by name".into(),
            );
            return None;
        }
    };
    let id = match ctx.feature_id.clone() {
        Some(id) => id,
        None => {
            let id = format!("#{}", ctx.feature_index);
            ctx.problem(
                Severity::Warning,
                "missing-id",
                "the place has no \"id\"".into(),
                &["properties"],
                format!("add a unique, stable \"id\" property (links to it depend on it); shown as \"{id}\" until then"),
            );
            id
        }
    };
    let place_type = read_enum::<PlaceType>(ctx, &properties);
    let age_groups = read_enum_list::<AgeGroup>(ctx, &properties);
    let learning_areas = read_enum_list(ctx, &properties);
    let audiences = read_enum_list(ctx, &properties);
    let (age_min, age_max, age_groups) = read_ages(ctx, &properties, age_groups);
    let delivery = read_enum::<Delivery>(ctx, &properties);
    let wheelchair = read_enum::<Wheelchair>(ctx, &properties);
    let fee = read_enum::<Fee>(ctx, &properties);
    let status = read_enum::<Status>(ctx, &properties);
    let languages = read_languages(ctx, &properties);
    let opening_hours = read_hours(ctx, &properties);
    sanitise_links(ctx, &mut properties);
    Some(LearningSpace {
        id,
        name,
        position,
        place_type,
        age_min,
        age_max,
        age_groups,
        learning_areas,
        audiences,
        delivery,
        wheelchair,
        fee,
        status,
        languages,
        opening_hours,
        properties,
    })
}

/// Whether `tag` looks like a BCP-47 language tag: a 2–3 letter language,
/// then subtags of 1–8 letters or digits.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn read_languages(
    ctx: &mut FeatureContext<'_, '_>,
    properties: &Map<String, Value>,
) -> Vec<String> {
    let tags: Vec<String> = match properties.get("languages") {
        None | Some(Value::Null) => return Vec::new(),
        // OpenStreetMap style: "de;en"
        Some(Value::String(s)) => s.split([';', ',']).map(|t| t.trim().to_owned()).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().unwrap_or_default().trim().to_owned())
            .collect(),
        Some(_) => {
            ctx.problem(
                Severity::Warning,
                "wrong-type",
                "\"languages\" should be an array of language tags".into(),
                &["properties", "languages"],
                "write e.g. [\"de\", \"en\", \"tr\"]".into(),
            );
            return Vec::new();
        }
    };
    let mut good = Vec::with_capacity(tags.len());
    for tag in tags.into_iter().filter(|t| !t.is_empty()) {
        if is_language_tag(&tag) {
            good.push(tag);
        } else {
            ctx.problem(
                Severity::Warning,
                "bad-language",
                format!("\"{tag}\" is not a language tag"),
                &["properties", "languages"],
                "use BCP-47 tags such as \"de\", \"en\", \"ar\" or \"pt-BR\"".into(),
            );
        }
    }
    good
}

fn read_hours(
    ctx: &mut FeatureContext<'_, '_>,
    properties: &Map<String, Value>,
) -> Option<OpeningHours> {
    let text = properties.get("opening_hours")?.as_str()?.trim();
    if text.is_empty() {
        return None;
    }
    match OpeningHours::parse(text) {
        Ok(hours) => Some(hours),
        Err(why) => {
            let first_line = why.lines().next().unwrap_or_default().to_owned();
            ctx.problem(
                Severity::Warning,
                "bad-opening-hours",
                format!("\"{text}\" is not valid opening_hours syntax: {first_line}"),
                &["properties", "opening_hours"],
                "use OpenStreetMap syntax, e.g. \"Mo-Fr 09:00-18:00; Sa 10:00-14:00\"".into(),
            );
            None
        }
    }
}

fn id_of(properties: &Map<String, Value>, feature: &Map<String, Value>) -> Option<String> {
    let value = properties.get("id").or_else(|| feature.get("id"))?;
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn read_position(ctx: &mut FeatureContext<'_, '_>, geometry: Option<&Value>) -> Option<LonLat> {
    let geometry = match geometry {
        None | Some(Value::Null) => {
            ctx.problem(
                Severity::Error,
                "null-geometry",
                "the place has no geometry, so it cannot be put on the map".into(),
                &["geometry"],
                "add a Point geometry with [longitude, latitude] in WGS84".into(),
            );
            return None;
        }
        Some(g) => g,
    };
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    if kind != "Point" {
        ctx.problem(
            Severity::Error,
            "unsupported-geometry",
            format!("the geometry type \"{kind}\" is not supported yet"),
            &["geometry", "type"],
            "give the place a Point geometry at its entrance".into(),
        );
        return None;
    }
    let coordinates = geometry.get("coordinates").and_then(Value::as_array);
    let numbers: Option<Vec<f64>> =
        coordinates.and_then(|c| c.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>());
    let (lon, lat) = match numbers.as_deref() {
        Some([lon, lat, ..]) => (*lon, *lat),
        _ => {
            ctx.problem(
                Severity::Error,
                "bad-coordinates",
                "a Point needs \"coordinates\": [longitude, latitude] as numbers".into(),
                &["geometry", "coordinates"],
                "write the position as [longitude, latitude], e.g. [9.99, 53.55]".into(),
            );
            return None;
        }
    };
    if lon.abs() <= 180.0 && lat.abs() <= 90.0 {
        return Some(LonLat { lon, lat });
    }
    let (code, message, hint) = if lon.abs() > 1000.0 || lat.abs() > 1000.0 {
        (
            "projected-coordinates",
            format!("the coordinates [{lon}, {lat}] look projected (metres), not WGS84 degrees"),
            "convert the file to WGS84 (EPSG:4326) longitude/latitude, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`".to_owned(),
        )
    } else if lat.abs() <= 180.0 && lon.abs() <= 90.0 {
        (
            "coordinates-swapped",
            format!(
                "the latitude {lat} is out of range; latitude and longitude are likely swapped"
            ),
            format!("GeoJSON order is [longitude, latitude]: write [{lat}, {lon}]"),
        )
    } else {
        (
            "coordinates-out-of-range",
            format!("the coordinates [{lon}, {lat}] are outside -180..180, -90..90"),
            "write [longitude, latitude] in WGS84 degrees".to_owned(),
        )
    };
    ctx.problem(
        Severity::Error,
        code,
        message,
        &["geometry", "coordinates"],
        hint,
    );
    None
}

fn unknown_value_hint<T: Vocabulary>(value: &str) -> String {
    let known: Vec<&str> = T::ALL.iter().map(|v| v.as_str()).collect();
    match did_you_mean(value, &known) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => format!("use one of: {}", known.join(", ")),
    }
}

fn read_enum<T: Vocabulary>(
    ctx: &mut FeatureContext<'_, '_>,
    properties: &Map<String, Value>,
) -> Option<T> {
    let value = properties.get(T::FIELD)?;
    match value.as_str() {
        Some(s) => {
            let parsed = T::parse(s.trim());
            if parsed.is_none() {
                ctx.problem(
                    Severity::Warning,
                    "unknown-value",
                    format!("\"{s}\" is not a known {}", T::FIELD),
                    &["properties", T::FIELD],
                    unknown_value_hint::<T>(s),
                );
            }
            parsed
        }
        None if value.is_null() => None,
        None => {
            ctx.problem(
                Severity::Warning,
                "wrong-type",
                format!("\"{}\" should be a string", T::FIELD),
                &["properties", T::FIELD],
                unknown_value_hint::<T>(""),
            );
            None
        }
    }
}

fn read_enum_list<T: Vocabulary>(
    ctx: &mut FeatureContext<'_, '_>,
    properties: &Map<String, Value>,
) -> EnumSet<T> {
    let mut set = EnumSet::empty();
    let items: Vec<&Value> = match properties.get(T::FIELD) {
        None | Some(Value::Null) => return set,
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single @ Value::String(_)) => vec![single],
        Some(_) => {
            ctx.problem(
                Severity::Warning,
                "wrong-type",
                format!("\"{}\" should be an array of strings", T::FIELD),
                &["properties", T::FIELD],
                unknown_value_hint::<T>(""),
            );
            return set;
        }
    };
    for item in items {
        let text = item.as_str().unwrap_or_default();
        match T::parse(text.trim()) {
            Some(v) => set.insert(v),
            None => ctx.problem(
                Severity::Warning,
                "unknown-value",
                format!("{item} is not a known value of {}", T::FIELD),
                &["properties", T::FIELD],
                unknown_value_hint::<T>(text),
            ),
        }
    }
    set
}

fn read_age(
    ctx: &mut FeatureContext<'_, '_>,
    properties: &Map<String, Value>,
    key: &str,
) -> Option<u8> {
    let value = properties.get(key)?;
    if value.is_null() {
        return None;
    }
    match value.as_f64() {
        Some(age) if (0.0..=f64::from(MAX_AGE)).contains(&age) => Some(age.round() as u8),
        _ => {
            ctx.problem(
                Severity::Warning,
                "bad-age",
                format!("\"{key}\" is {value}, not an age from 0 to {MAX_AGE}"),
                &["properties", key],
                "write the age in whole years, e.g. 6".into(),
            );
            None
        }
    }
}

fn read_ages(
    ctx: &mut FeatureContext<'_, '_>,
    properties: &Map<String, Value>,
    groups: EnumSet<AgeGroup>,
) -> (u8, u8, EnumSet<AgeGroup>) {
    let (group_min, group_max) = age_range_of(groups);
    let min = read_age(ctx, properties, "age_min");
    let max = read_age(ctx, properties, "age_max");
    let (min, max) = match (min, max) {
        (Some(lo), Some(hi)) if lo > hi => {
            ctx.problem(
                Severity::Warning,
                "age-range-reversed",
                format!(
                    "\"age_min\" ({lo}) is greater than \"age_max\" ({hi}); the ages were ignored"
                ),
                &["properties", "age_min"],
                "swap the two values".into(),
            );
            (group_min, group_max)
        }
        (lo, hi) => (lo.unwrap_or(group_min), hi.unwrap_or(group_max)),
    };
    let groups = if groups.is_empty() {
        AgeGroup::overlapping(min, max)
    } else {
        groups
    };
    (min, max, groups)
}

/// Link properties and the schemes each may use. Anything else is dropped.
const LINKS: &[(&str, &[&str])] = &[
    ("website", &["http:", "https:"]),
    ("booking_url", &["http:", "https:"]),
];

fn sanitise_links(ctx: &mut FeatureContext<'_, '_>, properties: &mut Map<String, Value>) {
    for (key, schemes) in LINKS {
        let Some(link) = properties.get(*key).and_then(Value::as_str) else {
            continue;
        };
        let lower = link.trim().to_ascii_lowercase();
        if !schemes.iter().any(|s| lower.starts_with(s)) {
            ctx.problem(
                Severity::Warning,
                "unsafe-link",
                format!("the link \"{link}\" in \"{key}\" is not http(s) and was dropped"),
                &["properties", key],
                "links must start with https:// or http://".into(),
            );
            properties.remove(*key);
        }
    }
}
