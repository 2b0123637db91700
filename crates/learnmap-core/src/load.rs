//! Loading a GeoJSON FeatureCollection of learning spaces.
//!
//! The loader is tolerant: every good feature is kept, and every problem is
//! reported beside them with its line, column, feature and a hint. Only a
//! file that is not JSON, not GeoJSON or too large fails whole.

use crate::bbox::BBox;
use crate::error::Error;
use crate::geometry::{
    bbox_problem, check_geometry, check_type, kind_of, Representative, GEOMETRY_TYPES,
};
use crate::hours::OpeningHours;
use crate::links::{self, Verdict, LINKS};
use crate::model::{
    age_range_of, kind, typical_ages, Ages, LearningSpace, LonLat, Text, Texts, TextsBuilder,
    MAX_TEXT,
};
use crate::number::shortest;
use crate::problem::said;
use crate::problem::{pointer_token, LineIndex, Problem, Severity};
use crate::raw::{self, Props, NOT_IN_FEATURE};
use crate::scan::{self, push_pointer, Seg};
use crate::suggest::did_you_mean;
use crate::vocab::{
    AgeGroup, Delivery, EnumSet, Fee, PlaceType, Status, Vocabulary, Wheelchair, MAX_AGE,
};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Every property of the learning-space schema (`data/README.md`,
/// `data/schema.json`), besides `name:<lang>` and `description:<lang>`.
/// The loader reads the typed ones; all are kept, and so is any other.
pub const SCHEMA_PROPERTIES: &[&str] = &[
    "id",
    "name",
    "description",
    "place_type",
    "age_min",
    "age_max",
    "age_groups",
    "learning_areas",
    "audiences",
    "subjects",
    "delivery",
    "opening_hours",
    "opening_hours_note",
    "wheelchair",
    "languages",
    "fee",
    "fee_note",
    "addr:street",
    "addr:housenumber",
    "addr:postcode",
    "addr:city",
    "addr:suburb",
    "addr:district",
    "phone",
    "email",
    "website",
    "booking_url",
    "operator",
    "status",
    "last_verified",
    "source",
];

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
    /// The collection's own `bbox` member, when it is well formed: the
    /// extent its publisher states, which a map can start at before the
    /// features are read ([`Loading::declared_extent`]). Places outside it
    /// are reported (`bbox-leaves-out`).
    pub declared_extent: Option<BBox>,
}

impl Dataset {
    /// How many features were skipped because of an error.
    pub fn skipped(&self) -> usize {
        self.feature_count - self.spaces.len()
    }

    /// Adds the places and problems of another file, as when a site has
    /// several data sources. The problems keep their own file's lines and
    /// pointers; the name is kept only when both files give the same one.
    ///
    /// ```
    /// let one = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
    ///   "geometry": {"type": "Point", "coordinates": [10, 53.5]}, "properties": {"id": "a", "name": "A"}}]}"#;
    /// let two = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
    ///   "geometry": null, "properties": {"id": "b", "name": "B"}}]}"#;
    /// let mut all = learnmap_core::load(one).unwrap();
    /// all.append(learnmap_core::load(two).unwrap());
    /// assert_eq!((all.spaces.len(), all.feature_count, all.skipped()), (1, 2, 1));
    /// ```
    pub fn append(&mut self, other: Dataset) {
        self.spaces.extend(other.spaces);
        self.problems.extend(other.problems);
        self.problems_omitted += other.problems_omitted;
        self.feature_count += other.feature_count;
        if self.name != other.name {
            self.name = None;
        }
        // the files' extents together, if each states one
        self.declared_extent = self
            .declared_extent
            .zip(other.declared_extent)
            .map(|(a, b)| a.union(b));
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

/// The members of the top-level object; values are kept raw (and a
/// repeated key keeps its last value, as everywhere in `serde_json`).
type TopLevel<'a> = HashMap<String, &'a RawValue>;

/// GeoJSON object types that may stand at the top level.
const FEATURE_TYPES: [&str; 2] = ["FeatureCollection", "Feature"];

/// Members that must not appear in a FeatureCollection or a Feature (RFC 7946, section 7.1).
const NOT_IN_COLLECTION: [&str; 4] = ["properties", "coordinates", "geometry", "geometries"];

fn not_collection(index: &LineIndex<'_>, offset: usize, message: String) -> Error {
    let (line, column) = index.locate(offset);
    Error::NotFeatureCollection {
        line,
        column,
        message,
    }
}

/// Loads a GeoJSON FeatureCollection within the given limits.
///
/// The text is first scanned once for what the JSON parser hides or refuses:
/// duplicate keys (warned) and `NaN`/`Infinity` tokens (an error for the
/// feature holding them, which is skipped; the rest of the file loads).
pub fn load_with(text: &str, options: &LoadOptions) -> Result<Dataset, Error> {
    Loading::start(text, options)?.finish()
}

/// A load that reads the features a few at a time ([`Loading::step`]), so
/// that a page can paint and answer input between the steps instead of
/// freezing while a large file loads. It gives exactly what [`load_with`]
/// gives, which is this run in one go.
///
/// ```
/// let text = r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.99, 53.55]}, "properties": {"id": "a", "name": "A"}},
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.98, 53.56]}, "properties": {"id": "b", "name": "B"}}
/// ]}"#;
/// let mut loading = learnmap_core::Loading::start(text, &Default::default()).unwrap();
/// assert_eq!(loading.remaining(), 2);
/// while loading.step(1) {}
/// let data = loading.finish().unwrap();
/// assert_eq!(data.spaces.len(), 2);
/// ```
pub struct Loading<'a> {
    stage: Stage<'a>,
}

/// A file scanned, its features not yet parsed ([`Loading::scan`]).
pub struct Scanned<'a> {
    text: &'a str,
    bom: usize,
    scanned: scan::Scan,
    report: Report,
}

impl<'a> Scanned<'a> {
    /// Parses the file's top level and gets its features ready to read (the
    /// second half of [`Loading::start`]). A file that cannot be loaded at
    /// all is an `Err` here.
    pub fn begin(self) -> Result<Loading<'a>, Error> {
        let Scanned {
            text,
            bom,
            scanned,
            report,
        } = self;
        if scanned.has_non_finite() {
            // JSON has no NaN or Infinity: parse a copy with them replaced by
            // same-length numbers, so every offset still points into `text`
            // (the findings' offsets are into the whole text, BOM included);
            // the copy is read in one go, as the steps would borrow it.
            let patched = scan::patch_non_finite(text, &scanned);
            let dataset = begin(&patched, bom, scanned.findings, None, report)?.finish()?;
            return Ok(Loading {
                stage: Stage::Done(dataset),
            });
        }
        begin(text, bom, scanned.findings, scanned.features, report)
    }
}

enum Stage<'a> {
    /// Read in one go: a single Feature, a bare geometry, or a file whose
    /// `NaN`s were patched in a copy of its text.
    Done(Dataset),
    /// A FeatureCollection's features, read in steps.
    Features(Box<FeatureSteps<'a>>),
}

impl<'a> Loading<'a> {
    /// Checks the file as a whole (its size, its JSON, its top-level
    /// members) and gets its features ready to read. A file that cannot
    /// be loaded at all is an `Err` here. [`Loading::scan`] then
    /// [`Scanned::begin`], in one go.
    pub fn start(text: &'a str, options: &LoadOptions) -> Result<Self, Error> {
        Self::scan(text, options)?.begin()
    }

    /// The first half of [`Loading::start`], for a page that splits its
    /// work into short tasks: the file's size, byte order mark, and one
    /// pass over its text for what a JSON parser does not report
    /// (duplicate keys, `NaN`). [`Scanned::begin`] does the rest.
    pub fn scan(text: &'a str, options: &LoadOptions) -> Result<Scanned<'a>, Error> {
        if text.len() > options.max_bytes {
            return Err(Error::TooLarge {
                size: text.len(),
                limit: options.max_bytes,
            });
        }
        let (bom, report) = bom_check(text, options);
        let mut scanned = scan::scan(&text[bom..]);
        for f in &mut scanned.findings {
            f.offset += bom;
        }
        Ok(Scanned {
            text,
            bom,
            scanned,
            report,
        })
    }

    /// The extent the file states in its own `bbox` member, known once its
    /// top level is read and before its features are: where a map can
    /// start. `None` when it has none, or none well formed, or one that
    /// crosses the antimeridian (west east of east).
    ///
    /// ```
    /// let text = r#"{"type": "FeatureCollection", "bbox": [9.9, 53.5, 10.1, 53.6], "features": [
    ///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10, 53.55]},
    ///    "properties": {"id": "a", "name": "A"}}]}"#;
    /// let loading = learnmap_core::Loading::start(text, &Default::default()).unwrap();
    /// let bbox = loading.declared_extent().unwrap();
    /// assert_eq!((bbox.west, bbox.north), (9.9, 53.6));
    /// ```
    pub fn declared_extent(&self) -> Option<BBox> {
        match &self.stage {
            Stage::Done(dataset) => dataset.declared_extent,
            Stage::Features(steps) => steps.file.declared.map(|(b, _)| b),
        }
    }

    /// How many features are still to be read.
    pub fn remaining(&self) -> usize {
        match &self.stage {
            Stage::Done(_) => 0,
            Stage::Features(steps) => steps.features.len() - steps.next,
        }
    }

    /// Reads up to `features` more features; whether any remain.
    pub fn step(&mut self, features: usize) -> bool {
        match &mut self.stage {
            Stage::Done(_) => false,
            Stage::Features(steps) => steps.failed.is_none() && steps.step(features),
        }
    }

    /// Reads the features that remain and gives the dataset. A feature
    /// that is not JSON makes the whole file an `Err`, as [`load`] has it
    /// (the features are found without reading them all first, so this
    /// shows only when that feature is read).
    pub fn finish(self) -> Result<Dataset, Error> {
        match self.stage {
            Stage::Done(dataset) => Ok(dataset),
            Stage::Features(mut steps) => {
                while steps.failed.is_none() && steps.step(usize::MAX) {}
                match steps.failed.take() {
                    Some(e) => Err(e),
                    None => Ok(steps.dataset()),
                }
            }
        }
    }
}

/// A byte order mark at the start: warned, and how many bytes it takes.
fn bom_check(text: &str, options: &LoadOptions) -> (usize, Report) {
    let mut report = Report::new(options.max_problems);
    if text.starts_with('\u{feff}') {
        report.push(Problem {
            severity: Severity::Warning,
            code: "bom",
            message: said!("the file starts with a byte order mark (BOM)".into()),
            line: 1,
            column: 1,
            feature_index: None,
            feature_id: None,
            pointer: String::new(),
            hint: said!("save the file as UTF-8 without BOM; RFC 8259 forbids it".into()),
        });
        ('\u{feff}'.len_utf8(), report)
    } else {
        (0, report)
    }
}

/// The rest of [`Loading::start`], on the text to parse (`parsed`: the
/// file's, or its patched copy).
fn begin<'p>(
    parsed: &'p str,
    bom: usize,
    findings: Vec<scan::Finding>,
    spans: Option<scan::FeatureSpans>,
    report: Report,
) -> Result<Loading<'p>, Error> {
    let index = LineIndex::new(parsed);
    let body = &parsed[bom..];
    // Where the scanner found the features (the usual case), the top level
    // is read without them and they are taken from the text as they stand,
    // each read (and so checked as JSON) at its step. Else one pass when
    // `features` is an array, or the members as raw values, for the
    // messages below.
    let spanned = spans.and_then(|sp| {
        let top = top_level_around(body, &sp)?;
        let features: Vec<&str> = sp.items.iter().map(|&(a, z)| &body[a..z]).collect();
        Some((top, features))
    });
    let unchecked = spanned.is_some();
    let (top, mut fast_features) = match spanned {
        Some((top, features)) => (top, Some(features)),
        None => match serde_json::from_str::<raw::TopLevel>(body) {
            Ok(t) => (
                t.members,
                t.features
                    .map(|f| f.into_iter().map(RawValue::get).collect::<Vec<&str>>()),
            ),
            Err(_) => (
                serde_json::from_str(body).map_err(|e| Error::of_top_level(&e))?,
                None,
            ),
        },
    };
    let top: TopLevel = top;
    let start = bom + body.len() - body.trim_start().len();
    let kind = match top.get("type") {
        None => {
            return Err(not_collection(
                &index,
                start,
                "the top-level object has no \"type\" member".into(),
            ))
        }
        Some(raw) => match serde_json::from_str::<Value>(raw.get()) {
            Ok(Value::String(kind)) => kind,
            _ => {
                return Err(not_collection(
                    &index,
                    index.offset_of(raw.get()),
                    format!(
                        "the \"type\" member should be a string, but is {}",
                        raw.get().chars().take(20).collect::<String>()
                    ),
                ))
            }
        },
    };
    let type_offset = top.get("type").map_or(start, |r| index.offset_of(r.get()));
    let name = top
        .get("name")
        .and_then(|n| serde_json::from_str::<String>(n.get()).ok());
    let mut file = FileContext {
        index,
        report,
        findings,
        next_finding: 0,
        declared: None,
    };
    match kind.as_str() {
        "FeatureCollection" => {
            if let Some(features) = fast_features.take() {
                file.collection_members(&top);
                return Ok(file.steps(features, true, name, unchecked.then_some(body)));
            }
            let Some(features) = top.get("features") else {
                return Err(not_collection(
                    &file.index,
                    start,
                    "the FeatureCollection has no \"features\" member".into(),
                ));
            };
            let features: Vec<&RawValue> = serde_json::from_str(features.get()).map_err(|_| {
                not_collection(
                    &file.index,
                    file.index.offset_of(features.get()),
                    "\"features\" should be an array of Features".into(),
                )
            })?;
            file.collection_members(&top);
            Ok(file.steps(
                features.into_iter().map(RawValue::get).collect(),
                true,
                name,
                None,
            ))
        }
        "Feature" => {
            file.report.push(Problem {
                severity: Severity::Warning,
                code: "single-feature",
                message: said!("the file is a single Feature, not a FeatureCollection".into()),
                line: 1,
                column: 1,
                feature_index: None,
                feature_id: None,
                pointer: String::new(),
                hint: said!(
                    "wrap it: {\"type\": \"FeatureCollection\", \"features\": [ ... ]}".into()
                ),
            });
            let whole: &RawValue = serde_json::from_str(body).map_err(|e| Error::NotJson {
                line: e.line(),
                column: e.column().max(1),
                message: e.to_string(),
            })?;
            Ok(file.steps(vec![whole.get()], false, name, None))
        }
        geometry if GEOMETRY_TYPES.contains(&geometry) => Ok(Loading {
            stage: Stage::Done(file.bare_geometry(body, geometry)),
        }),
        other => {
            let message = match GEOMETRY_TYPES
                .iter()
                .chain(&FEATURE_TYPES)
                .find(|t| t.eq_ignore_ascii_case(other))
            {
                Some(known) => format!(
                    "expected \"{known}\" but got \"{other}\" (GeoJSON types are case sensitive)"
                ),
                None => {
                    format!("the top-level \"type\" is \"{other}\", which GeoJSON does not know")
                }
            };
            Err(not_collection(&file.index, type_offset, message))
        }
    }
}

/// The collection's members but `features`, read from the text around
/// the features array (`spans`, from the scanner) and so without a pass
/// over the features; each member's raw value is the text's own, where
/// problems are located. `None` when that text is not a JSON object with
/// one `features` member (the caller then reads the whole file).
fn top_level_around<'p>(body: &'p str, spans: &scan::FeatureSpans) -> Option<TopLevel<'p>> {
    let (head, tail) = (body.get(..=spans.open)?, body.get(spans.close..)?);
    let mut around = String::with_capacity(head.len() + tail.len());
    around.push_str(head);
    around.push_str(tail);
    let top = serde_json::from_str::<raw::TopLevel>(&around).ok()?;
    if top.features.as_ref().is_none_or(|f| !f.is_empty()) {
        return None;
    }
    let removed = spans.close - spans.open - 1;
    let mut members = TopLevel::with_capacity(top.members.len());
    for (key, raw) in top.members {
        let at = raw.get().as_ptr() as usize - around.as_ptr() as usize;
        let at = if at > spans.open { at + removed } else { at };
        let value: &RawValue = serde_json::from_str(body.get(at..at + raw.get().len())?).ok()?;
        members.insert(key, value);
    }
    Some(members)
}

/// What a file-wide pass needs: where lines are, the report, and the
/// scanner's findings (in text order) still to be reported.
struct FileContext<'a> {
    index: LineIndex<'a>,
    report: Report,
    findings: Vec<scan::Finding>,
    next_finding: usize,
    /// The collection's well-formed `bbox` and the offset of its value.
    declared: Option<(BBox, usize)>,
}

impl<'a> FileContext<'a> {
    /// Reports the scanner's findings that belong to no feature.
    fn file_findings(&mut self) {
        let findings: Vec<scan::Finding> = self
            .findings
            .iter()
            .filter(|f| f.feature.is_none())
            .cloned()
            .collect();
        for f in &findings {
            let problem = finding_problem(&self.index, f, None, None);
            self.report.push(problem);
        }
    }

    /// Checks the FeatureCollection's own members.
    fn collection_members(&mut self, top: &TopLevel<'_>) {
        // in the order they are written: by where each value starts
        let keys: Vec<&String> = top.keys().collect();
        let mut order: Vec<u64> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (self.index.offset_of(top[*k].get()) as u64) << 24 | i as u64)
            .collect();
        crate::sort::u64s(&mut order);
        for key in order.iter().map(|o| keys[(o & 0xff_ffff) as usize]) {
            let raw = top[key].get();
            let index = &self.index;
            // located at the member's value, only when there is a problem
            let problem = |severity, code, message: String, hint: &str| {
                let (line, column) = index.locate(index.offset_of(raw));
                Problem {
                    severity,
                    code,
                    message,
                    line,
                    column,
                    feature_index: None,
                    feature_id: None,
                    pointer: format!("/{}", pointer_token(key)),
                    hint: said!(hint.into()),
                }
            };
            if key == "crs" {
                let p = problem(
                    Severity::Warning,
                    "crs-member",
                    said!("the file has a \"crs\" member, which RFC 7946 removed".into()),
                    said!("coordinates must be WGS84 longitude, latitude; remove \"crs\" after converting"),
                );
                self.report.push(p);
            } else if NOT_IN_COLLECTION.contains(&key.as_str()) {
                let p = problem(
                    Severity::Error,
                    "forbidden-member",
                    said!(format!("a FeatureCollection must not have a \"{key}\" member; the features were still read")),
                    said!("remove it: only the features carry properties and geometries"),
                );
                self.report.push(p);
            } else if key == "bbox" {
                match read_bbox(raw) {
                    Err(message) => {
                        let p = problem(
                            Severity::Error,
                            "bad-bbox",
                            said!(format!("{message}; the features were still read")),
                            said!(
                            "write \"bbox\": [west, south, east, north] in numbers, or remove it"
                        ),
                        );
                        self.report.push(p);
                    }
                    Ok(bbox) => {
                        let offset = index.offset_of(raw);
                        self.declared = bbox.map(|b| (b, offset));
                    }
                }
            }
        }
    }

    /// Reports the places outside the collection's own `bbox` (a map that
    /// starts at it would leave them out of view), after the problems of
    /// the features, as the last of the file's.
    fn bbox_leaves_out(&mut self, bbox: BBox, offset: usize, spaces: &[LearningSpace]) {
        // a hair wider: a bbox written with fewer decimals than the places
        let margin = 1e-7;
        let wide = BBox::new(
            bbox.west - margin,
            bbox.south - margin,
            bbox.east + margin,
            bbox.north + margin,
        );
        let mut outside = spaces.iter().filter(|s| !wide.contains(s.position));
        let Some(first) = outside.next() else {
            return;
        };
        let count = 1 + outside.count();
        let (line, column) = self.index.locate(offset);
        self.report.push(Problem {
            severity: Severity::Warning,
            code: "bbox-leaves-out",
            message: said!(format!(
                "the collection's bbox leaves out {count} of its {} places (the first: \"{}\" at {}, {}); a map that starts at the bbox does not show them",
                spaces.len(),
                first.id(),
                first.position.lon,
                first.position.lat
            )),
            line,
            column,
            feature_index: None,
            feature_id: None,
            pointer: "/bbox".into(),
            hint: said!("write the bbox of all the places, [west, south, east, north], or remove it".into()),
        });
    }

    /// A file that is one bare geometry: valid GeoJSON perhaps, but no place.
    fn bare_geometry(mut self, body: &str, kind: &str) -> Dataset {
        self.file_findings();
        let base = self.index.offset_of(body);
        if let Ok(value) = serde_json::from_str::<Value>(body) {
            let mut issues = Vec::new();
            if let Err(e) = check_geometry(&value, &mut issues) {
                issues.push(e);
            }
            for issue in issues {
                let offset = base + scan::locate(body, &issue.path);
                let (line, column) = self.index.locate(offset);
                let mut pointer = String::new();
                push_pointer(&mut pointer, &issue.path);
                self.report.push(Problem {
                    severity: if issue.error {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    code: issue.code,
                    message: issue.message,
                    line,
                    column,
                    feature_index: None,
                    feature_id: None,
                    pointer,
                    hint: issue.hint,
                });
            }
        }
        let (line, column) = self.index.locate(base + scan::locate(body, &[]));
        self.report.push(Problem {
            severity: Severity::Error,
            code: "bare-geometry",
            message: said!(format!(
                "the file is a bare {kind} geometry, not a FeatureCollection of places"
            )),
            line,
            column,
            feature_index: None,
            feature_id: None,
            pointer: String::new(),
            hint: said!("make each place a Feature with this geometry and properties with an \"id\" and a \"name\", in a FeatureCollection".into()),
        });
        Dataset {
            problems: self.report.problems,
            problems_omitted: self.report.omitted,
            ..Dataset::default()
        }
    }

    /// The features' reading, to be done in steps; `unchecked`: the file's
    /// body, when the features were not checked as JSON before.
    fn steps(
        mut self,
        features: Vec<&'a str>,
        in_collection: bool,
        name: Option<String>,
        unchecked: Option<&'a str>,
    ) -> Loading<'a> {
        if in_collection {
            self.file_findings();
        }
        let mut seen_ids: rustc_hash::FxHashMap<u64, u32> = Default::default();
        seen_ids.reserve(features.len());
        Loading {
            stage: Stage::Features(Box::new(FeatureSteps {
                spaces: Vec::with_capacity(features.len()),
                file: self,
                features,
                next: 0,
                in_collection,
                name,
                seen_ids,
                hours: HashMap::new(),
                texts: TextsBuilder::default(),
                unchecked,
                failed: None,
            })),
        }
    }
}

/// A FeatureCollection's features and what reading them has given so far.
struct FeatureSteps<'a> {
    file: FileContext<'a>,
    /// Each feature's text.
    features: Vec<&'a str>,
    /// The file's body when its features were found by the scanner and
    /// not checked as JSON before their steps.
    unchecked: Option<&'a str>,
    /// The whole file's error, when a feature turned out not to be JSON.
    failed: Option<Error>,
    /// The next feature to read.
    next: usize,
    in_collection: bool,
    name: Option<String>,
    spaces: Vec<LearningSpace>,
    /// ids seen, by hash (FxHash) to the first place with it: no copy of the ids
    seen_ids: rustc_hash::FxHashMap<u64, u32>,
    hours: HashMap<String, Result<OpeningHours, String>>,
    texts: TextsBuilder,
}

impl FeatureSteps<'_> {
    /// Reads up to `count` more features; whether any remain.
    fn step(&mut self, count: usize) -> bool {
        let file = &mut self.file;
        let in_collection = self.in_collection;
        let end = self.features.len().min(self.next.saturating_add(count));
        for i in self.next..end {
            let raw = self.features[i];
            let located = file.index.offset_of(raw);
            let first = file.next_finding;
            while file.next_finding < file.findings.len()
                && (!in_collection
                    || file.findings[file.next_finding]
                        .feature
                        .is_none_or(|f| f <= i))
            {
                file.next_finding += 1;
            }
            let findings = &file.findings[first..file.next_finding];
            let mut ctx = FeatureContext {
                index: &file.index,
                raw,
                base: located,
                feature_index: i,
                in_collection,
                feature_id: None,
                report: &mut file.report,
                not_json: false,
                hours: &mut self.hours,
                texts: &mut self.texts,
            };
            let read = read_feature(&mut ctx, findings);
            if ctx.not_json {
                // as the file would have been refused had it been read whole
                if let Some(Err(e)) = self.unchecked.map(serde_json::from_str::<TopLevel>) {
                    self.failed = Some(Error::of_top_level(&e));
                    self.next = self.features.len();
                    return false;
                }
            }
            let Some((mut space, id_in_properties, id)) = read else {
                continue;
            };
            let renamed = if is_seen(&mut self.seen_ids, &self.spaces, &id, None) {
                let renamed = format!("{id}~{i}");
                let path: &[Seg] = if id_in_properties {
                    &[Seg::Key("properties"), Seg::Key("id")]
                } else {
                    &[Seg::Key("id")]
                };
                ctx.problem(
                    Severity::Warning,
                    "duplicate-id",
                    said!(format!("the id \"{id}\" is used by an earlier feature")),
                    path,
                    said!(format!("give every place its own id; this one is shown as \"{renamed}\" until then")),
                );
                Some(renamed)
            } else {
                None
            };
            space.texts = self.texts.finish_with_id(renamed.as_deref());
            is_seen(
                &mut self.seen_ids,
                &self.spaces,
                space.id(),
                Some(self.spaces.len() as u32),
            );
            self.spaces.push(space);
        }
        self.next = end;
        end < self.features.len()
    }

    /// What the features read have given.
    fn dataset(mut self) -> Dataset {
        let declared = self.file.declared;
        if let Some((bbox, offset)) = declared {
            self.file.bbox_leaves_out(bbox, offset, &self.spaces);
        }
        Dataset {
            feature_count: self.features.len(),
            spaces: self.spaces,
            problems: self.file.report.problems,
            problems_omitted: self.file.report.omitted,
            name: self.name,
            declared_extent: declared.map(|(b, _)| b),
        }
    }
}

/// What a feature's `properties` member is.
enum PropertiesAre<'a> {
    Missing,
    Null,
    /// An object, read as [`Props`].
    Object,
    /// Neither an object nor `null`: its raw value.
    Other(&'a RawValue),
}

/// A collection's `bbox` member from its text, as the load takes it (and
/// [`crate::stated_extent`] from a file's first bytes): what is wrong with
/// it, or the box it declares ([`declared_bbox`]).
pub(crate) fn read_bbox(raw: &str) -> Result<Option<BBox>, String> {
    let mut object = Map::new();
    object.insert(
        "bbox".into(),
        serde_json::from_str::<Value>(raw).unwrap_or_default(),
    );
    match bbox_problem(&object) {
        Some(message) => Err(message),
        None => Ok(declared_bbox(&object["bbox"])),
    }
}

/// A well-formed `bbox` (4 numbers, or 6 with heights) as a box; `None`
/// for one that crosses the antimeridian or has its south above its north.
fn declared_bbox(value: &Value) -> Option<BBox> {
    let n: Vec<f64> = value.as_array()?.iter().filter_map(Value::as_f64).collect();
    let (west, south, east, north) = match n[..] {
        [w, s, e, north] => (w, s, e, north),
        [w, s, _, e, north, _] => (w, s, e, north),
        _ => return None,
    };
    (west <= east && south <= north).then(|| BBox::new(west, south, east, north))
}

/// Whether a place before has this id; with `insert`, records it as that place's.
fn is_seen(
    seen: &mut rustc_hash::FxHashMap<u64, u32>,
    spaces: &[LearningSpace],
    id: &str,
    insert: Option<u32>,
) -> bool {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(id.as_bytes());
    let key = h.finish();
    match seen.get(&key) {
        Some(&j) if spaces[j as usize].id() == id => true,
        // another id with the same hash: look at every place (exact, and rare)
        Some(_) => insert.is_none() && spaces.iter().any(|s| s.id() == id),
        None => {
            if let Some(at) = insert {
                seen.insert(key, at);
            }
            false
        }
    }
}

/// The problem for a scanner finding.
fn finding_problem(
    index: &LineIndex<'_>,
    f: &scan::Finding,
    feature_index: Option<usize>,
    feature_id: Option<String>,
) -> Problem {
    let (line, column) = index.locate(f.offset);
    let (severity, code, message, hint) = match &f.kind {
        scan::FindingKind::DuplicateKey { key } => (
            Severity::Warning,
            "duplicate-key",
            said!(format!("the key \"{key}\" appears more than once in this object; only its last value was kept")),
            said!(format!("keep a single \"{key}\" in the object, with the value you mean")),
        ),
        scan::FindingKind::NonFinite { token } => (
            Severity::Error,
            "non-finite-number",
            said!(format!("{token} is not a JSON number")),
            said!("JSON has no NaN or Infinity: remove the value (or the feature's coordinates) or write a number".into()),
        ),
    };
    Problem {
        severity,
        code,
        message,
        line,
        column,
        feature_index,
        feature_id,
        pointer: f.pointer.clone(),
        hint,
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
    /// Whether further problems are only counted.
    fn is_full(&self) -> bool {
        self.problems.len() >= self.limit
    }
    fn push(&mut self, problem: Problem) {
        debug_assert!(
            crate::problem::problem_code(problem.code).is_some(),
            "undocumented problem code {}",
            problem.code
        );
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
    /// Whether the feature is in a collection (its pointer is `/features/<i>`)
    /// or the file is a lone Feature.
    in_collection: bool,
    feature_id: Option<String>,
    report: &'r mut Report,
    /// Set when the feature's text turned out not to be JSON.
    not_json: bool,
    /// Parsed opening hours by their text: files repeat a few patterns, and
    /// parsing is the costliest step of loading (shared parses also save memory).
    hours: &'r mut HashMap<String, Result<OpeningHours, String>>,
    /// The place's text, built entry by entry.
    texts: &'r mut TextsBuilder,
}

impl FeatureContext<'_, '_> {
    /// Records a problem at the value found by following `path` in the feature.
    fn problem(
        &mut self,
        severity: Severity,
        code: &'static str,
        message: String,
        path: &[Seg<'_>],
        hint: String,
    ) {
        if self.report.is_full() {
            self.report.omitted += 1;
            return;
        }
        let offset = self.base + scan::locate(self.raw, path);
        let (line, column) = self.index.locate(offset);
        let mut pointer = if self.in_collection {
            format!("/features/{}", self.feature_index)
        } else {
            String::new()
        };
        push_pointer(&mut pointer, path);
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

    /// Reports the scanner's findings in this feature; whether one is an error.
    fn report_findings(&mut self, findings: &[scan::Finding]) -> bool {
        let mut error = false;
        for f in findings {
            let problem = finding_problem(
                self.index,
                f,
                Some(self.feature_index),
                self.feature_id.clone(),
            );
            error |= problem.severity == Severity::Error;
            self.report.push(problem);
        }
        error
    }
}

/// Reads one feature into a place (its text left in `ctx.texts`, to be
/// finished once its id is known to be unique); with whether its id came
/// from `properties`, and the id.
fn read_feature(
    ctx: &mut FeatureContext<'_, '_>,
    findings: &[scan::Finding],
) -> Option<(LearningSpace, bool, String)> {
    let text = ctx.raw;
    if !text.trim_start().starts_with('{') {
        // not an object: as serde_json reads it (which may refuse it whole)
        match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                ctx.report_findings(findings);
                ctx.problem(
                    Severity::Error,
                    "not-a-feature",
                    said!(format!(
                        "every item of \"features\" must be a Feature object, but this is {}",
                        kind_of(&value)
                    )),
                    &[],
                    said!("each item of \"features\" must be {\"type\": \"Feature\", ...}".into()),
                );
            }
            Err(e) => bad_feature(ctx, Some(findings), &e),
        }
        return None;
    }
    // Usually one pass reads the feature's members and its properties; a
    // feature it cannot read so (properties that are no object, broken
    // JSON) is read as before, its properties apart, for the messages.
    let mut props = Props::empty();
    let (feature, properties_are) = match raw::read_members(text, Some(&mut props)) {
        Ok(feature) => {
            let are = if feature.read_properties {
                PropertiesAre::Object
            } else {
                PropertiesAre::Missing
            };
            (feature, are)
        }
        Err(_) => {
            let feature = match raw::read_members(text, None) {
                Ok(m) => m,
                Err(e) => {
                    bad_feature(ctx, Some(findings), &e);
                    return None;
                }
            };
            // (what the quick reading left in it is not the feature's)
            props.clear();
            let are = match feature.properties {
                None => PropertiesAre::Missing,
                Some(p) => match raw::kind(p) {
                    raw::Kind::Object => match raw::read_props(p.get(), &mut props) {
                        Ok(()) => PropertiesAre::Object,
                        Err(e) => {
                            bad_feature(ctx, Some(findings), &e);
                            return None;
                        }
                    },
                    raw::Kind::Null => PropertiesAre::Null,
                    _ => PropertiesAre::Other(p),
                },
            };
            (feature, are)
        }
    };
    let props = &props;
    ctx.feature_id = id_of(props.get("id"), feature.id);
    let mut invalid = ctx.report_findings(findings);
    if feature.kind.map(RawValue::get) != Some("\"Feature\"") {
        let mut object = Map::new();
        if let Some(kind) = feature.kind {
            object.insert(
                "type".into(),
                serde_json::from_str(kind.get()).unwrap_or_default(),
            );
        }
        if let Err((message, hint)) = check_type(&object, &["Feature"], "feature") {
            ctx.problem(
                Severity::Error,
                "not-a-feature",
                message,
                &[Seg::Key("type")],
                said!(hint.into()),
            );
            return None;
        }
    }
    match properties_are {
        PropertiesAre::Object | PropertiesAre::Null => {}
        PropertiesAre::Missing => {
            ctx.problem(
                Severity::Error,
                "missing-properties",
                said!("the Feature has no \"properties\" member".into()),
                &[],
                said!("add \"properties\" with at least an \"id\" and a \"name\"".into()),
            );
            invalid = true;
        }
        PropertiesAre::Other(other) => {
            ctx.problem(
                Severity::Error,
                "bad-properties",
                said!(format!(
                    "\"properties\" should be an object, but is {}",
                    raw::kind_name(other)
                )),
                &[Seg::Key("properties")],
                said!("write \"properties\": {\"id\": ..., \"name\": ...}".into()),
            );
            invalid = true;
        }
    }
    if let Some(id) = feature.id {
        if !matches!(raw::kind(id), raw::Kind::String | raw::Kind::Number) {
            ctx.problem(
                Severity::Error,
                "bad-id",
                said!(format!(
                    "a Feature's \"id\" must be a string or a number, but is {}",
                    raw::kind_name(id)
                )),
                &[Seg::Key("id")],
                said!("write the id as a string, e.g. \"id\": \"hh-zb\", or remove it".into()),
            );
            invalid = true;
        }
    }
    for (member, present) in NOT_IN_FEATURE.iter().zip(feature.forbidden) {
        if present {
            ctx.problem(
                Severity::Error,
                "forbidden-member",
                said!(format!("a Feature must not have a \"{member}\" member")),
                &[Seg::Key(member)],
                said!("remove it: a Feature's shape goes in \"geometry\"".into()),
            );
            invalid = true;
        }
    }
    if let Some(bbox) = feature.bbox {
        let mut object = Map::new();
        object.insert(
            "bbox".into(),
            serde_json::from_str(bbox.get()).unwrap_or_default(),
        );
        if let Some(message) = bbox_problem(&object) {
            ctx.problem(
                Severity::Error,
                "bad-bbox",
                message,
                &[Seg::Key("bbox")],
                said!("write \"bbox\": [west, south, east, north] in numbers, or remove it".into()),
            );
            invalid = true;
        }
    }
    let position = match read_position(ctx, feature.geometry) {
        Ok(position) => position,
        Err(e) => {
            bad_feature(ctx, None, &e);
            return None;
        }
    };
    if invalid {
        return None;
    }
    let position = position?;
    let name = props.get("name").and_then(raw::string);
    let name = match name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => name,
        _ => {
            let path: &[Seg] = if props.has("name") {
                &[Seg::Key("properties"), Seg::Key("name")]
            } else {
                &[Seg::Key("properties")]
            };
            ctx.problem(
                Severity::Error,
                "missing-name",
                said!("the place has no \"name\"".into()),
                path,
                said!("add a \"name\" property: residents find places by name".into()),
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
                said!("the place has no \"id\"".into()),
                &[Seg::Key("properties")],
                said!(format!("add a unique, stable \"id\" property (links to it depend on it); shown as \"{id}\" until then")),
            );
            id
        }
    };
    let id_in_properties = props.has("id");
    ctx.texts.start(&id, name);
    let place_type = read_enum::<PlaceType>(ctx, props);
    let age_groups = read_enum_list::<AgeGroup>(ctx, props);
    let learning_areas = read_enum_list(ctx, props);
    let audiences = read_enum_list(ctx, props);
    let (ages, age_groups) = read_ages(ctx, props, age_groups, place_type);
    let delivery = read_enum::<Delivery>(ctx, props);
    let wheelchair = read_enum::<Wheelchair>(ctx, props);
    let fee = read_enum::<Fee>(ctx, props);
    let status = read_enum::<Status>(ctx, props);
    read_texts(ctx, props, false);
    read_list(ctx, props, "subjects", kind::SUBJECT);
    read_languages(ctx, props);
    let opening_hours = read_hours(ctx, props);
    read_texts(ctx, props, true);
    read_others(ctx, props);
    if ctx.texts.len() >= MAX_TEXT {
        ctx.problem(
            Severity::Error,
            "bad-feature",
            said!("the place's text is longer than 16 MiB".into()),
            &[Seg::Key("properties")],
            said!("shorten its texts".into()),
        );
        return None;
    }
    Some((
        LearningSpace {
            position,
            texts: Texts::default(),
            opening_hours,
            ages,
            age_groups,
            learning_areas,
            audiences,
            place_type,
            delivery,
            wheelchair,
            fee,
            status,
        },
        id_in_properties,
        id,
    ))
}

/// A feature serde_json cannot read (e.g. nested too deeply).
fn bad_feature(
    ctx: &mut FeatureContext<'_, '_>,
    findings: Option<&[scan::Finding]>,
    e: &serde_json::Error,
) {
    if let Some(findings) = findings {
        ctx.report_findings(findings);
    }
    ctx.not_json = serde_json::from_str::<serde::de::IgnoredAny>(ctx.raw).is_err();
    ctx.problem(
        Severity::Error,
        "bad-feature",
        said!(format!(
            "the feature could not be read: {}",
            without_position(e)
        )),
        &[],
        said!("check the feature's JSON".into()),
    )
}

/// The text properties of the schema: the links (checked) or the others.
fn read_texts(ctx: &mut FeatureContext<'_, '_>, props: &Props<'_>, links: bool) {
    // the two lists, made once rather than for every feature
    // (each with its place among the schema's properties)
    static KEYS: std::sync::OnceLock<[Vec<(Text, usize)>; 2]> = std::sync::OnceLock::new();
    let [plain, linked] = KEYS.get_or_init(|| {
        let at = |t: Text| Some((t, raw::known_index(t.key())?));
        let linked = LINKS
            .iter()
            .filter_map(|(k, _, _)| at(Text::from_key(k)?))
            .collect();
        let plain = Text::ALL
            .into_iter()
            .skip(2)
            .filter(|t| !LINKS.iter().any(|(k, _, _)| *k == t.key()))
            .filter_map(at)
            .collect();
        [plain, linked]
    });
    for &(key, at) in if links { linked } else { plain } {
        let Some(raw) = props.at(at) else {
            continue;
        };
        let Some(value) = raw::string(raw) else {
            keep_extra(ctx, key.key(), raw);
            continue;
        };
        let value = match LINKS.iter().find(|(k, _, _)| *k == key.key()) {
            Some((k, schemes, plain)) => match links::judge(&value, schemes, *plain) {
                Verdict::Keep => value,
                Verdict::Trim(trimmed) => trimmed.into(),
                Verdict::Drop => {
                    let allowed = schemes.join(" or ");
                    ctx.problem(
                        Severity::Warning,
                        "unsafe-link",
                        said!(format!(
                            "the link {} in \"{k}\" is not {}{allowed} and was dropped",
                            quoted(&value),
                            if *plain { "plain or " } else { "" }
                        )),
                        &[Seg::Key("properties"), Seg::Key(k)],
                        said!(if *plain {
                            format!("write the {k} alone, or starting with {allowed}")
                        } else {
                            "links must start with https:// or http://".into()
                        }),
                    );
                    continue;
                }
            },
            None => value,
        };
        ctx.texts.push(key as u8, &value);
    }
}

/// A value the typed model has no place for, kept as it is written with
/// the `extras` feature (for the stewards' tool), else dropped.
fn keep_extra(ctx: &mut FeatureContext<'_, '_>, key: &str, raw: &RawValue) {
    if cfg!(feature = "extras") {
        ctx.texts.push(kind::KEY, key);
        match raw::string(raw) {
            Some(s) => ctx.texts.push(kind::EXTRA_STRING, &s),
            None => ctx.texts.push(kind::EXTRA_JSON, raw.get()),
        }
    }
}

/// `name:<lang>`, `description:<lang>` and (with `extras`) the properties
/// outside the schema, in file order.
fn read_others(ctx: &mut FeatureContext<'_, '_>, props: &Props<'_>) {
    for (key, raw) in &props.others {
        let localized = [
            ("name:", kind::NAME_IN),
            ("description:", kind::DESCRIPTION_IN),
        ]
        .into_iter()
        .find_map(|(prefix, k)| Some((key.strip_prefix(prefix)?, k)));
        match (localized, raw::string(raw)) {
            (Some((lang, k)), Some(text)) => {
                ctx.texts.push(kind::KEY, lang);
                ctx.texts.push(k, &text);
            }
            _ => keep_extra(ctx, key, raw),
        }
    }
}

/// A list of strings (or one string), blank items left out.
fn read_list(ctx: &mut FeatureContext<'_, '_>, props: &Props<'_>, key: &str, k: u8) {
    let Some(raw) = props.get(key) else {
        return;
    };
    match raw::kind(raw) {
        raw::Kind::String => {
            if let Some(one) = raw::string(raw) {
                if !one.trim().is_empty() {
                    ctx.texts.push(k, one.trim());
                }
            }
        }
        raw::Kind::Array => {
            // the usual list, strings without escapes, read in one pass
            if let Ok(items) = serde_json::from_str::<Vec<&str>>(raw.get()) {
                for s in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                    ctx.texts.push(k, s);
                }
                return;
            }
            let mut other = false;
            for item in raw::items(raw).unwrap_or_default() {
                match raw::string(item) {
                    Some(s) if !s.trim().is_empty() => ctx.texts.push(k, s.trim()),
                    Some(_) => {}
                    None => other = true,
                }
            }
            if other {
                keep_extra(ctx, key, raw);
            }
        }
        raw::Kind::Null => {}
        _ => keep_extra(ctx, key, raw),
    }
}

/// Whether `tag` looks like a BCP-47 language tag: a 2–3 letter language,
/// then subtags of 1–8 letters or digits.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn read_languages(ctx: &mut FeatureContext<'_, '_>, props: &Props<'_>) {
    let Some(raw) = props.get("languages") else {
        return;
    };
    // the usual list, tags in strings without escapes, read in one pass;
    // any other item by item, for the messages
    if let Ok(tags) = serde_json::from_str::<Vec<&str>>(raw.get()) {
        let tags = || tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty());
        if tags().all(is_language_tag) {
            for tag in tags() {
                ctx.texts.push(kind::LANGUAGE, tag);
            }
            return;
        }
    }
    // (tag, its index when the value is an array)
    let tags: Vec<(String, Option<usize>)> = match raw::kind(raw) {
        raw::Kind::Null => return,
        // OpenStreetMap style: "de;en"
        raw::Kind::String => raw::string(raw)
            .unwrap_or_default()
            .split([';', ','])
            .map(|t| (t.trim().to_owned(), None))
            .collect(),
        raw::Kind::Array => raw::items(raw)
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    raw::string(v).unwrap_or_default().trim().to_owned(),
                    Some(i),
                )
            })
            .collect(),
        _ => {
            ctx.problem(
                Severity::Warning,
                "wrong-type",
                said!("\"languages\" should be an array of language tags".into()),
                &[Seg::Key("properties"), Seg::Key("languages")],
                said!("write e.g. [\"de\", \"en\", \"tr\"]".into()),
            );
            keep_extra(ctx, "languages", raw);
            return;
        }
    };
    for (tag, at) in tags.into_iter().filter(|(t, _)| !t.is_empty()) {
        if is_language_tag(&tag) {
            ctx.texts.push(kind::LANGUAGE, &tag);
        } else {
            ctx.problem(
                Severity::Warning,
                "bad-language",
                said!(format!("\"{tag}\" is not a language tag")),
                &item_path("languages", at),
                said!("use BCP-47 tags such as \"de\", \"en\", \"ar\" or \"pt-BR\"".into()),
            );
        }
    }
}

/// The path of `properties/<key>`, or of its item `at` when it is an array.
fn item_path(key: &str, at: Option<usize>) -> Vec<Seg<'_>> {
    let mut path = vec![Seg::Key("properties"), Seg::Key(key)];
    path.extend(at.map(Seg::Index));
    path
}

fn read_hours(ctx: &mut FeatureContext<'_, '_>, props: &Props<'_>) -> Option<OpeningHours> {
    let raw = props.get("opening_hours")?;
    let Some(given) = raw::string(raw) else {
        keep_extra(ctx, "opening_hours", raw);
        return None;
    };
    let text = given.trim();
    if text.is_empty() {
        return None;
    }
    let parsed = match ctx.hours.get(text) {
        Some(known) => known.clone(),
        None => {
            let parsed = OpeningHours::parse(text);
            ctx.hours.insert(text.to_owned(), parsed.clone());
            parsed
        }
    };
    match parsed {
        Ok(hours) => Some(hours),
        Err(why) => {
            ctx.problem(
                Severity::Warning,
                "bad-opening-hours",
                said!(format!(
                    "\"{text}\" is not opening_hours syntax the map understands: {why}"
                )),
                &[Seg::Key("properties"), Seg::Key("opening_hours")],
                said!(
                    "use OpenStreetMap syntax, e.g. \"Mo-Fr 09:00-18:00; Sa 10:00-14:00\"".into()
                ),
            );
            ctx.texts.push(kind::HOURS_TEXT, &given);
            None
        }
    }
}

/// The place's id: `properties.id`, else the Feature's `id` (a string, not
/// blank, trimmed; or a number as JSON writes it).
fn id_of(in_properties: Option<&RawValue>, in_feature: Option<&RawValue>) -> Option<String> {
    let raw = in_properties.or(in_feature)?;
    match raw::kind(raw) {
        raw::Kind::String => {
            let s = raw::string(raw)?;
            (!s.trim().is_empty()).then(|| s.trim().to_owned())
        }
        raw::Kind::Number => serde_json::from_str::<serde_json::Number>(raw.get())
            .ok()
            .map(|n| n.to_string()),
        _ => None,
    }
}

/// Where the place is: from its geometry's representative point (a simple
/// Point read directly; anything else checked in full). An error when
/// serde_json cannot read the geometry at all (e.g. nested too deeply).
fn read_position(
    ctx: &mut FeatureContext<'_, '_>,
    geometry: Option<&RawValue>,
) -> Result<Option<LonLat>, serde_json::Error> {
    let geometry = match geometry {
        None => {
            ctx.problem(
                Severity::Error,
                "missing-geometry",
                said!("the Feature has no \"geometry\" member".into()),
                &[],
                said!("add \"geometry\": a Point with [longitude, latitude] in WGS84".into()),
            );
            return Ok(None);
        }
        Some(g) if raw::kind(g) == raw::Kind::Null => {
            ctx.problem(
                Severity::Error,
                "null-geometry",
                said!("the place has no geometry, so it cannot be put on the map".into()),
                &[Seg::Key("geometry")],
                said!("add a Point geometry with [longitude, latitude] in WGS84".into()),
            );
            return Ok(None);
        }
        Some(g) => g,
    };
    if let Some(point) = raw::simple_point(geometry) {
        let representative = Representative {
            kind: "Point",
            point: Some(point),
        };
        return Ok(place_point(ctx, representative));
    }
    let geometry: Value = serde_json::from_str(geometry.get())?;
    let mut issues = Vec::new();
    let checked = check_geometry(&geometry, &mut issues);
    if let Err(e) = &checked {
        issues.push(e.clone());
    }
    for issue in issues {
        let mut path = vec![Seg::Key("geometry")];
        path.extend_from_slice(&issue.path);
        let severity = if issue.error {
            Severity::Error
        } else {
            Severity::Warning
        };
        ctx.problem(severity, issue.code, issue.message, &path, issue.hint);
    }
    Ok(checked.ok().and_then(|r| place_point(ctx, r)))
}

/// The place's position from its geometry's representative point, checked.
fn place_point(ctx: &mut FeatureContext<'_, '_>, representative: Representative) -> Option<LonLat> {
    let Some([lon, lat]) = representative.point else {
        ctx.problem(
            Severity::Error,
            "empty-geometry",
            said!(format!("the {} geometry is empty", representative.kind)),
            &[Seg::Key("geometry")],
            said!("add the place's position, e.g. a Point with [longitude, latitude]".into()),
        );
        return None;
    };
    let coordinates: &[Seg] = &[Seg::Key("geometry"), Seg::Key("coordinates")];
    if !lon.is_finite() || !lat.is_finite() {
        ctx.problem(
            Severity::Error,
            "coordinates-out-of-range",
            said!("the coordinates are not finite numbers".into()),
            coordinates,
            said!("write [longitude, latitude] in WGS84 degrees".into()),
        );
        return None;
    }
    // as JSON writes them (f64's own Display would cost the app's download);
    // only for a problem's words (bug: written for every place, 2% of a load)
    let texts = || (shortest(lon), shortest(lat));
    if lon.abs() <= 180.0 && lat.abs() <= 90.0 {
        if representative.kind != "Point" {
            let (lon_text, lat_text) = texts();
            ctx.problem(
                Severity::Warning,
                "non-point-geometry",
                said!(format!(
                    "the geometry is a {}; the place is shown at [{lon_text}, {lat_text}], a point {} it",
                    representative.kind,
                    if representative.kind.ends_with("Polygon") {
                        "inside"
                    } else {
                        "of"
                    }
                )),
                &[Seg::Key("geometry"), Seg::Key("type")],
                said!("give the place a Point geometry at its entrance".into()),
            );
        }
        return Some(LonLat { lon, lat });
    }
    let (lon_text, lat_text) = texts();
    let (code, message, hint) = if lon.abs() > 1000.0 || lat.abs() > 1000.0 {
        (
            "projected-coordinates",
            said!(format!("the coordinates [{lon_text}, {lat_text}] look projected (metres), not WGS84 degrees")),
            said!("convert the file to WGS84 (EPSG:4326) longitude/latitude, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`".to_owned()),
        )
    } else if lat.abs() <= 180.0 && lon.abs() <= 90.0 {
        (
            "coordinates-swapped",
            said!(format!(
                "the latitude {lat_text} is out of range; latitude and longitude are likely swapped")
            ),
            said!(format!("GeoJSON order is [longitude, latitude]: write [{lat_text}, {lon_text}]")),
        )
    } else {
        (
            "coordinates-out-of-range",
            said!(format!(
                "the coordinates [{lon_text}, {lat_text}] are outside -180..180, -90..90"
            )),
            said!("write [longitude, latitude] in WGS84 degrees".to_owned()),
        )
    };
    let path: &[Seg] = if representative.kind == "Point" {
        coordinates
    } else {
        &[Seg::Key("geometry")]
    };
    ctx.problem(Severity::Error, code, message, path, hint);
    None
}

fn unknown_value_hint<T: Vocabulary>(value: &str) -> String {
    let known: Vec<&str> = T::ALL.iter().map(|v| v.as_str()).collect();
    match did_you_mean(value, &known) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => format!("use one of: {}", known.join(", ")),
    }
}

fn read_enum<T: Vocabulary>(ctx: &mut FeatureContext<'_, '_>, props: &Props<'_>) -> Option<T> {
    let raw = props.get(T::FIELD)?;
    match raw::string(raw) {
        Some(s) => {
            let parsed = T::parse(s.trim());
            if parsed.is_none() {
                ctx.problem(
                    Severity::Warning,
                    "unknown-value",
                    said!(format!("\"{s}\" is not a known {}", T::FIELD)),
                    &[Seg::Key("properties"), Seg::Key(T::FIELD)],
                    said!(unknown_value_hint::<T>(&s)),
                );
                keep_extra(ctx, T::FIELD, raw);
            }
            parsed
        }
        None if raw::kind(raw) == raw::Kind::Null => None,
        None => {
            ctx.problem(
                Severity::Warning,
                "wrong-type",
                said!(format!("\"{}\" should be a string", T::FIELD)),
                &[Seg::Key("properties"), Seg::Key(T::FIELD)],
                said!(unknown_value_hint::<T>("")),
            );
            keep_extra(ctx, T::FIELD, raw);
            None
        }
    }
}

fn read_enum_list<T: Vocabulary>(
    ctx: &mut FeatureContext<'_, '_>,
    props: &Props<'_>,
) -> EnumSet<T> {
    let mut set = EnumSet::empty();
    let Some(raw) = props.get(T::FIELD) else {
        return set;
    };
    // the usual list, known values in strings without escapes, read in one
    // pass; any other item by item, for the messages
    if let Ok(texts) = serde_json::from_str::<Vec<&str>>(raw.get()) {
        let mut known = EnumSet::empty();
        if texts
            .iter()
            .all(|t| T::parse(t.trim()).map(|v| known.insert(v)).is_some())
        {
            return known;
        }
    }
    let items: Vec<(&RawValue, Option<usize>)> = match raw::kind(raw) {
        raw::Kind::Null => return set,
        raw::Kind::Array => raw::items(raw)
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, v)| (v, Some(i)))
            .collect(),
        raw::Kind::String => vec![(raw, None)],
        _ => {
            ctx.problem(
                Severity::Warning,
                "wrong-type",
                said!(format!("\"{}\" should be an array of strings", T::FIELD)),
                &[Seg::Key("properties"), Seg::Key(T::FIELD)],
                said!(unknown_value_hint::<T>("")),
            );
            keep_extra(ctx, T::FIELD, raw);
            return set;
        }
    };
    let mut unknown = false;
    for (item, at) in items {
        let text = raw::string(item).unwrap_or_default();
        match T::parse(text.trim()) {
            Some(v) => set.insert(v),
            None => {
                unknown = true;
                ctx.problem(
                    Severity::Warning,
                    "unknown-value",
                    said!(format!(
                        "{} is not a known value of {}",
                        item.get(),
                        T::FIELD
                    )),
                    &item_path(T::FIELD, at),
                    said!(unknown_value_hint::<T>(&text)),
                )
            }
        }
    }
    if unknown {
        keep_extra(ctx, T::FIELD, raw);
    }
    set
}

fn read_age(ctx: &mut FeatureContext<'_, '_>, props: &Props<'_>, key: &str) -> Option<u8> {
    let raw = props.get(key)?;
    if raw::kind(raw) == raw::Kind::Null {
        return None;
    }
    match raw::number(raw) {
        Some(age) if (0.0..=f64::from(MAX_AGE)).contains(&age) => Some(age.round() as u8),
        _ => {
            ctx.problem(
                Severity::Warning,
                "bad-age",
                said!(format!(
                    "\"{key}\" is {}, not an age from 0 to {MAX_AGE}",
                    raw.get()
                )),
                &[Seg::Key("properties"), Seg::Key(key)],
                said!("write the age in whole years, e.g. 6".into()),
            );
            keep_extra(ctx, key, raw);
            None
        }
    }
}

/// The ages served: stated (by `age_min`/`age_max`, each derived from the
/// groups when missing, or by the groups alone), else typical for the
/// place type, else not stated.
fn read_ages(
    ctx: &mut FeatureContext<'_, '_>,
    props: &Props<'_>,
    groups: EnumSet<AgeGroup>,
    place_type: Option<PlaceType>,
) -> (Ages, EnumSet<AgeGroup>) {
    let (group_min, group_max) = age_range_of(groups);
    let min = read_age(ctx, props, "age_min");
    let max = read_age(ctx, props, "age_max");
    let stated = match (min, max) {
        (Some(lo), Some(hi)) if lo > hi => {
            ctx.problem(
                Severity::Warning,
                "age-range-reversed",
                said!(format!(
                    "\"age_min\" ({lo}) is greater than \"age_max\" ({hi}); the ages were ignored"
                )),
                &[Seg::Key("properties"), Seg::Key("age_min")],
                said!("swap the two values".into()),
            );
            if cfg!(feature = "extras") {
                for key in ["age_min", "age_max"] {
                    if let Some(raw) = props.get(key) {
                        keep_extra(ctx, key, raw);
                    }
                }
            }
            None
        }
        (None, None) => None,
        (lo, hi) => Some((lo.unwrap_or(group_min), hi.unwrap_or(group_max))),
    };
    let ages = match (stated, groups.is_empty()) {
        (Some((min, max)), _) => Ages::Stated { min, max },
        (None, false) => Ages::Stated {
            min: group_min,
            max: group_max,
        },
        (None, true) => match place_type.and_then(typical_ages) {
            Some((min, max)) => Ages::Typical { min, max },
            None => Ages::NotStated,
        },
    };
    let groups = match (groups.is_empty(), ages.range()) {
        (true, Some((min, max))) => AgeGroup::overlapping(min, max),
        _ => groups,
    };
    (ages, groups)
}

/// Text in double quotes, with what could hide in it made visible: quotes,
/// backslashes, control characters, and the invisible and direction-changing
/// format characters (`\u{202e}`). Like `{:?}`, without the Unicode tables
/// that `{:?}` brings into the app's download.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{ad}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{AgeGroup, Audience, LearningArea};

    /// `text` loaded with the features found by the scanner, and loaded
    /// with a pass of serde_json's to find them (as before): `{:?}` of each.
    fn both_ways(text: &str) -> (String, String, bool) {
        let options = LoadOptions {
            max_problems: 50,
            ..LoadOptions::default()
        };
        let run = |spans: bool| -> Result<Dataset, Error> {
            let Scanned {
                text,
                bom,
                scanned,
                report,
            } = Loading::scan(text, &options)?;
            if scanned.has_non_finite() {
                return Scanned {
                    text,
                    bom,
                    scanned,
                    report,
                }
                .begin()?
                .finish();
            }
            let spans = if spans { scanned.features } else { None };
            begin(text, bom, scanned.findings, spans, report)?.finish()
        };
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let spanned = scan::scan(&text[bom..]).features.is_some();
        (
            format!("{:?}", run(true)),
            format!("{:?}", run(false)),
            spanned,
        )
    }

    /// The features found by the scanner give exactly what a pass of
    /// serde_json's gave: the same places, problems (located alike) and
    /// errors, on every fixture, the fuzz corpus and tricky layouts.
    #[test]
    fn features_found_by_the_scanner_load_as_before() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
        let mut texts: Vec<(String, String)> = Vec::new();
        for dir in [
            "tests/fixtures",
            "fuzz/corpus/load",
            "fuzz/regressions/load",
        ] {
            let Ok(entries) = std::fs::read_dir(format!("{root}{dir}")) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_file() {
                    let bytes = std::fs::read(&path).unwrap();
                    texts.push((
                        path.display().to_string(),
                        String::from_utf8_lossy(&bytes).into_owned(),
                    ));
                }
            }
        }
        assert!(texts.len() > 40, "{} files", texts.len());
        let feature = |props: &str| {
            format!(
                r#"{{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [10, 53.5]}}, "properties": {props}}}"#
            )
        };
        let a = feature(r#"{"id": "a", "name": "A"}"#);
        let b = feature(r#"{"id": "b", "name": "B", "fee": "free"}"#);
        let tricky = [
            // a syntax error inside a feature, and between features
            format!(r#"{{"type": "FeatureCollection", "features": [{a}, {}]}}"#, feature(r#"{"id": "x",}"#)),
            format!(r#"{{"type": "FeatureCollection", "features": [{a} {b}]}}"#),
            format!(r#"{{"type": "FeatureCollection", "features": [{a}, {b},]}}"#),
            format!(r#"{{"type": "FeatureCollection", "features": [{a},, {b}]}}"#),
            format!("{{\"type\": \"FeatureCollection\", \"features\": [{a},\u{c}{b}]}}"),
            // members after the features, located in the text
            format!(r#"{{"type": "FeatureCollection", "features": [{a}, {b}], "crs": {{}}, "bbox": [1, 2]}}"#),
            format!("{{\"type\": \"FeatureCollection\",\n \"features\": [\n{a},\n{b}\n],\n \"bbox\": [0, 0, 1, 1]}}"),
            // another `features`, written plainly or with escapes
            format!(r#"{{"type": "FeatureCollection", "features": [{a}], "features": [{b}]}}"#),
            format!(r#"{{"type": "FeatureCollection", "features": [{a}], "feat\u0075res": [{b}]}}"#),
            format!(r#"{{"type": "FeatureCollection", "feat\u0075res": [{a}], "features": []}}"#),
            // items that are not objects; an empty array; nothing after
            format!(r#"{{"type": "FeatureCollection", "features": [{a}, null, 3, "x", [{b}]]}}"#),
            r#"{"type": "FeatureCollection", "features": []}"#.to_owned(),
            format!(r#"{{"type": "FeatureCollection", "features": [{a}]"#),
            format!(r#"{{"type": "FeatureCollection", "features": [{a}]}} trailing"#),
            format!(r#"[{{"type": "FeatureCollection", "features": [{a}]}}]"#),
            // broken JSON after the features, and a feature nested too deeply
            format!(r#"{{"type": "FeatureCollection", "features": [{a}], "name": }}"#),
            format!(r#"{{"type": "FeatureCollection", "features": [{a}, {}]}}"#, feature(&format!(r#"{{"id": "d", "name": "D", "x": {}1{}}}"#, "[".repeat(200), "]".repeat(200)))),
            // `features` inside a feature is not the collection's
            format!(r#"{{"type": "FeatureCollection", "features": [{}]}}"#, feature(r#"{"id": "f", "name": "F", "features": [1, 2]}"#)),
            // a lone Feature
            a.clone(),
        ];
        let mut spanned = 0;
        for (i, text) in tricky.iter().enumerate() {
            texts.push((format!("tricky {i}: {text}"), text.clone()));
        }
        for (name, text) in &texts {
            let (new, old, used) = both_ways(text);
            assert_eq!(new, old, "{name}");
            spanned += usize::from(used);
        }
        // the fast way was taken, for most files
        assert!(spanned * 2 > texts.len(), "{spanned} of {}", texts.len());
        let (_, _, used) = both_ways(&tricky[0]);
        assert!(
            used,
            "a feature with broken JSON inside is found by the scanner"
        );
        assert!(both_ways(&tricky[0]).0.starts_with("Err("));
    }

    #[test]
    fn quoted_shows_what_hides_in_a_link() {
        // as `{:?}` writes them
        for text in [
            "https://a.example/?q=\"x\"",
            "java\tscript:",
            "a\\b",
            "\u{1}x",
            "Café",
        ] {
            assert_eq!(quoted(text), format!("{text:?}"));
        }
        // right-to-left override and zero-width space made visible
        assert_eq!(
            quoted("evil\u{202e}fdp.exe\u{200b}"),
            "\"evil\\u{202e}fdp.exe\\u{200b}\""
        );
    }

    #[test]
    fn every_property_the_loader_reads_is_in_the_schema() {
        let read = [
            "id",
            "name",
            "age_min",
            "age_max",
            "languages",
            "opening_hours",
            PlaceType::FIELD,
            AgeGroup::FIELD,
            LearningArea::FIELD,
            Audience::FIELD,
            Delivery::FIELD,
            Wheelchair::FIELD,
            Fee::FIELD,
            Status::FIELD,
        ];
        for key in read.into_iter().chain(LINKS.iter().map(|(k, _, _)| *k)) {
            assert!(SCHEMA_PROPERTIES.contains(&key), "{key}");
        }
    }
}
