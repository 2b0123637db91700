//! The planners' page (`planner.html`) as WebAssembly: learnmap-core's
//! districts, grid and coverage behind a small [`Planner`] object that
//! `public/planner.js` drives.
//!
//! The page loads places, districts and (optionally) a population grid,
//! makes the grid, then asks up to two questions (slot 0 and slot 1, for
//! the comparison). A question is computed in steps ([`Planner::step`]), so
//! the page can yield between them and never freeze. Results cross to
//! JavaScript as JSON text.
//!
//! A question is an address query: the residents' filter parameters
//! (`ages=seniors&area=digital`, read by `learnmap_core::params`, the same
//! code the map uses) plus `within` (metres, 10 to 100 000, default 1000)
//! and `detour` (a factor from 1 to 5 applied to straight-line distance,
//! default 1).

use learnmap_core::coverage::{self, Grid, Question};
use learnmap_core::districts::PopulationPoint;
use learnmap_core::districts::{load_districts, load_population, District, DistrictFields};
use learnmap_core::number::decimal;
use learnmap_core::params::{local_datetime, FilterParams};
use learnmap_core::{load, LearningSpace, LonLat, Problem, SpaceIndex};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// The most cells a grid may have (the extent's whole rectangle).
pub const MAX_CELLS: usize = 4_000_000;

/// `within` when the question gives none, metres.
pub const DEFAULT_WITHIN_M: f64 = 1000.0;

/// A question read from an address query.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedQuestion {
    /// The residents' filter parameters.
    pub params: FilterParams,
    /// Near enough, metres.
    pub within_m: f64,
    /// Detour factor.
    pub detour: f64,
}

impl ParsedQuestion {
    /// Reads `query` (no leading `?`); unknown parameters are ignored, and
    /// `within` and `detour` are clamped to their ranges.
    pub fn read(query: &str) -> ParsedQuestion {
        let mut q = ParsedQuestion {
            params: FilterParams::default(),
            within_m: DEFAULT_WITHIN_M,
            detour: 1.0,
        };
        let query = query.strip_prefix('?').unwrap_or(query);
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            if q.params.set(&key, &value) {
                continue;
            }
            let number = decimal(value.trim()).filter(|v| v.is_finite());
            match key.as_ref() {
                "within" => {
                    if let Some(v) = number {
                        q.within_m = v.clamp(10.0, 100_000.0).round();
                    }
                }
                "detour" => {
                    if let Some(v) = number {
                        q.detour = (v.clamp(1.0, 5.0) * 100.0).round() / 100.0;
                    }
                }
                _ => {}
            }
        }
        q
    }

    /// The question as (key, value) pairs: `within`, `detour` when not 1,
    /// then the filter parameters in the map's order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("within", self.within_m.to_string())];
        if self.detour != 1.0 {
            out.push(("detour", self.detour.to_string()));
        }
        out.extend(self.params.pairs());
        out
    }
}

/// One question being computed or computed.
struct Run {
    question: Question,
    parsed: ParsedQuestion,
    /// Straight-line distances to the nearest matching place, in the order
    /// of the grid's cells (the detour is applied to the figures): they
    /// depend only on the filter, so a question that changes only
    /// `within` or `detour`, or the other slot's question with the same
    /// filter, reuses them.
    straight: Vec<f64>,
    places: Vec<usize>,
}

impl Run {
    fn complete(&self, cells: usize) -> bool {
        self.straight.len() == cells
    }
}

/// The page's state: places, districts, grid and up to two questions.
#[wasm_bindgen]
pub struct Planner {
    spaces: Vec<LearningSpace>,
    index: SpaceIndex,
    districts: Vec<District>,
    population: Option<Vec<PopulationPoint>>,
    grid: Option<Grid>,
    /// The cell size and the shape (as returned) of `grid`.
    grid_made: Option<(f64, String)>,
    centres: Vec<LonLat>,
    runs: [Option<Run>; 2],
    chunk: Vec<f64>,
}

impl Default for Planner {
    fn default() -> Self {
        Planner::new()
    }
}

fn problems_json(problems: &[Problem]) -> Value {
    problems
        .iter()
        .map(|p| {
            json!({"line": p.line, "column": p.column, "severity": p.severity.to_string(),
                   "code": p.code, "message": p.message, "id": p.feature_id})
        })
        .collect()
}

fn figures_json(c: &coverage::DistrictCoverage) -> Value {
    let finite = |v: f64| if v.is_finite() { json!(v) } else { Value::Null };
    json!({"places": c.places, "cells": c.cells, "weight": c.weight, "covered": c.covered,
           "share": c.share, "median_m": finite(c.median_m), "p90_m": finite(c.p90_m)})
}

#[wasm_bindgen]
impl Planner {
    /// An empty planner.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Planner {
        Planner {
            spaces: Vec::new(),
            index: SpaceIndex::new(&[]),
            districts: Vec::new(),
            population: None,
            grid: None,
            grid_made: None,
            centres: Vec::new(),
            runs: [None, None],
            chunk: Vec::new(),
        }
    }

    /// Adds the places of a GeoJSON file of learning spaces; returns
    /// `{"places": n, "skipped": n}`.
    pub fn add_places(&mut self, text: &str) -> Result<String, JsError> {
        let data = load(text).map_err(|e| JsError::new(&e.to_string()))?;
        let skipped = data.skipped();
        let added = data.spaces.len();
        self.spaces.extend(data.spaces);
        self.index = SpaceIndex::new(&self.spaces);
        self.runs = [None, None];
        Ok(json!({"places": added, "skipped": skipped, "total": self.spaces.len()}).to_string())
    }

    /// Forgets every place.
    pub fn clear_places(&mut self) {
        self.spaces.clear();
        self.index = SpaceIndex::new(&[]);
        self.runs = [None, None];
    }

    /// Reads districts (replacing any); returns `{"districts": [{id, name,
    /// population}], "problems": [...]}`.
    pub fn load_districts(
        &mut self,
        text: &str,
        id: &str,
        name: &str,
        population: Option<String>,
    ) -> Result<String, JsError> {
        let fields = DistrictFields {
            id: id.into(),
            name: name.into(),
            population: population.filter(|p| !p.trim().is_empty()),
        };
        let loaded = load_districts(text, &fields).map_err(|e| JsError::new(&e.to_string()))?;
        self.districts = loaded.districts;
        self.grid = None;
        self.runs = [None, None];
        Ok(json!({"districts": self.districts_json(), "problems": problems_json(&loaded.problems)})
            .to_string())
    }

    fn districts_json(&self) -> Value {
        self.districts
            .iter()
            .map(|d| json!({"id": d.id, "name": d.name, "population": d.population}))
            .collect()
    }

    /// Reads a population grid (CSV or GeoJSON points, people in
    /// `property`); returns `{"points": n, "people": n, "problems": [...]}`.
    pub fn load_population(&mut self, text: &str, property: &str) -> Result<String, JsError> {
        let loaded = load_population(text, property).map_err(|e| JsError::new(&e.to_string()))?;
        let people: f64 = loaded.points.iter().map(|p| p.population).sum();
        let n = loaded.points.len();
        self.population = Some(loaded.points);
        self.grid = None;
        Ok(
            json!({"points": n, "people": people, "problems": problems_json(&loaded.problems)})
                .to_string(),
        )
    }

    /// Drops the population grid (cells weigh their area again).
    pub fn clear_population(&mut self) {
        self.population = None;
        self.grid = None;
    }

    /// Makes the grid with cells of `cell_m` metres; returns its shape:
    /// `{"west", "south", "dlon", "dlat", "cols", "rows", "cells",
    /// "by_population", "people_outside"}`. The grid of the same districts,
    /// population and cell size is kept (with the questions computed on it).
    pub fn make_grid(&mut self, cell_m: f64) -> Result<String, JsError> {
        if let (Some(_), Some((made, shape))) = (&self.grid, &self.grid_made) {
            if *made == cell_m {
                return Ok(shape.clone());
            }
        }
        let mut grid = Grid::new(&self.districts, cell_m, MAX_CELLS)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let outside = match &self.population {
            Some(points) => grid.weigh_by_population(points),
            None => 0.0,
        };
        self.centres = grid.centres();
        let shape = json!({"west": grid.west, "south": grid.south, "dlon": grid.dlon,
            "dlat": grid.dlat, "cols": grid.cols, "rows": grid.rows, "cells": grid.cells.len(),
            "by_population": grid.by_population, "people_outside": outside});
        self.grid = Some(grid);
        self.grid_made = Some((cell_m, shape.to_string()));
        self.runs = [None, None];
        Ok(shape.to_string())
    }

    /// Starts question `slot` (0 or 1) from an address query, with `now`
    /// (`YYYY-MM-DDTHH:MM`, local) for `open=now`. Returns the question as
    /// read: `{"pairs": [[key, value], ...], "within", "detour"}`.
    pub fn begin(&mut self, slot: usize, query: &str, now: &str) -> Result<String, JsError> {
        let grid = self
            .grid
            .as_ref()
            .ok_or_else(|| JsError::new("no grid yet"))?;
        let slot = slot.min(1);
        let parsed = ParsedQuestion::read(query);
        let now = local_datetime(now).unwrap_or_default();
        let question = Question {
            filter: parsed.params.filter(now),
            within_m: parsed.within_m,
            detour: parsed.detour,
        };
        let out =
            json!({"pairs": parsed.pairs(), "within": parsed.within_m, "detour": parsed.detour});
        // the same filter computed before, in this slot or the other: its distances serve
        let cells = grid.cells.len();
        let reused = [slot, 1 - slot].into_iter().find_map(|s| {
            self.runs[s]
                .as_ref()
                .filter(|r| r.question.filter == question.filter && r.complete(cells))
                .map(|r| (r.straight.clone(), r.places.clone()))
        });
        let (straight, places) = reused.unwrap_or_else(|| {
            let places =
                coverage::places_per_district(&self.spaces, &self.districts, &question.filter);
            (Vec::with_capacity(cells), places)
        });
        self.runs[slot] = Some(Run {
            question,
            parsed,
            straight,
            places,
        });
        Ok(out.to_string())
    }

    /// Computes up to `max_cells` more cells of question `slot`; returns the
    /// share done, 0 to 1 (1 when complete).
    pub fn step(&mut self, slot: usize, max_cells: usize) -> f64 {
        let slot = slot.min(1);
        let total = self.centres.len();
        // both slots asking the same filter: the second takes the first's distances
        let [a, b] = &mut self.runs;
        let (run, other) = if slot == 0 { (a, b) } else { (b, a) };
        let Some(run) = run.as_mut() else {
            return 1.0;
        };
        if run.straight.is_empty() {
            if let Some(o) = other
                .as_ref()
                .filter(|o| o.question.filter == run.question.filter && o.complete(total))
            {
                run.straight.clone_from(&o.straight);
            }
        }
        let from = run.straight.len();
        let to = (from + max_cells.max(1)).min(total);
        if from < to {
            self.index.nearest_distances(
                &self.spaces,
                &self.centres[from..to],
                &run.question.filter,
                &mut self.chunk,
            );
            run.straight.extend_from_slice(&self.chunk);
        }
        if total == 0 {
            1.0
        } else {
            to as f64 / total as f64
        }
    }

    /// The figures of a computed question: `{"districts": [{id, name,
    /// population, places, cells, weight, covered, share, median_m,
    /// p90_m}], "total": {...}, "by_population" (the districts' shares are
    /// of people, from a population grid), "total_by_population" (the
    /// city's is), "within", "detour", "pairs"}`.
    pub fn result(&self, slot: usize) -> Result<String, JsError> {
        let (grid, run) = self.finished(slot)?;
        let c = coverage::summarise(
            grid,
            &self.districts,
            &coverage::with_detour(&run.straight, run.question.detour),
            &run.places,
            run.question.within_m,
        );
        let districts: Vec<Value> = self
            .districts
            .iter()
            .zip(&c.districts)
            .map(|(d, f)| {
                let mut v = figures_json(f);
                v["id"] = json!(d.id);
                v["name"] = json!(d.name);
                v["population"] = json!(d.population);
                v
            })
            .collect();
        // the city's total weighs districts by their people when they all say it
        let total_by_population = grid.by_population
            || (!self.districts.is_empty()
                && self.districts.iter().all(|d| d.population.is_some()));
        Ok(
            json!({"districts": districts, "total": figures_json(&c.total),
            "by_population": grid.by_population, "total_by_population": total_by_population,
            "within": run.question.within_m, "detour": run.question.detour,
            "pairs": run.parsed.pairs()})
            .to_string(),
        )
    }

    /// Per grid cell (`row * cols + col`, rows from the south), how far the
    /// nearest matching place is, in `bands` equal parts of `within`:
    /// 0 outside every district, 1 to `bands` within reach (1 nearest),
    /// `bands + 1` beyond reach, `bands + 2` no matching place at all.
    pub fn classes(&self, slot: usize, bands: u8) -> Result<Vec<u8>, JsError> {
        let (grid, run) = self.finished(slot)?;
        let bands = bands.clamp(1, 200);
        let within = run.question.within_m;
        let detour = run.question.detour;
        let mut out = vec![0u8; grid.cols * grid.rows];
        for (k, &cell) in grid.cells.iter().enumerate() {
            let d = run.straight[k] * detour;
            out[cell as usize] = if d.is_infinite() {
                bands + 2
            } else if d > within {
                bands + 1
            } else {
                ((d / within * f64::from(bands)).floor() as u8).min(bands - 1) + 1
            };
        }
        Ok(out)
    }

    /// The distance (× detour) of cell `row * cols + col` to the nearest
    /// matching place, metres; `undefined` outside the districts, infinity
    /// when nothing matches.
    pub fn distance_at(&self, slot: usize, cell: usize) -> Option<f64> {
        let (grid, run) = self.finished(slot).ok()?;
        let k = grid.cells.binary_search(&(cell as u32)).ok()?;
        Some(run.straight[k] * run.question.detour)
    }

    /// Matching places of question `slot` as `[lon, lat, lon, lat, ...]`.
    pub fn matching_places(&self, slot: usize) -> Vec<f64> {
        let Some(run) = self.runs.get(slot).and_then(Option::as_ref) else {
            return Vec::new();
        };
        self.spaces
            .iter()
            .filter(|s| run.question.filter.matches(s))
            .flat_map(|s| [s.position.lon, s.position.lat])
            .collect()
    }

    fn finished(&self, slot: usize) -> Result<(&Grid, &Run), JsError> {
        let grid = self
            .grid
            .as_ref()
            .ok_or_else(|| JsError::new("no grid yet"))?;
        let run = self
            .runs
            .get(slot)
            .and_then(Option::as_ref)
            .filter(|r| r.complete(grid.cells.len()))
            .ok_or_else(|| JsError::new("the question is not computed yet"))?;
        Ok((grid, run))
    }
}

/// Reads a question from an address query and writes it back in the
/// canonical order (for share links): `within`, `detour`, then the filters.
#[wasm_bindgen]
pub fn normal_question(query: &str) -> String {
    let parsed = ParsedQuestion::read(query);
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in parsed.pairs() {
        out.append_pair(k, &v);
    }
    out.finish().replace("%2C", ",")
}

/// The values of the filter vocabularies, for the page's form:
/// `{"ages": [...], "areas": [...], "audiences": [...], "types": [...]}`.
#[wasm_bindgen]
pub fn vocabulary() -> String {
    use learnmap_core::{AgeGroup, Audience, LearningArea, PlaceType, Vocabulary};
    fn names<T: Vocabulary>() -> Vec<&'static str> {
        T::ALL.iter().map(|v| v.as_str()).collect()
    }
    json!({"ages": names::<AgeGroup>(), "areas": names::<LearningArea>(),
           "audiences": names::<Audience>(), "types": names::<PlaceType>()})
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_read_and_write_back() {
        let q = ParsedQuestion::read("?area=digital&within=800&ages=seniors&detour=1.333&zoom=3");
        assert_eq!(q.within_m, 800.0);
        assert_eq!(q.detour, 1.33);
        assert_eq!(
            normal_question("area=digital&within=800&ages=seniors&detour=1.333"),
            "within=800&detour=1.33&ages=seniors&area=digital"
        );
        assert_eq!(ParsedQuestion::read("within=-5").within_m, 10.0);
        assert_eq!(
            ParsedQuestion::read("within=abc").within_m,
            DEFAULT_WITHIN_M
        );
        assert_eq!(ParsedQuestion::read("detour=9").detour, 5.0);
    }

    fn demo(name: &str) -> String {
        let path = format!("{}/../../data/demo/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn computed(p: &mut Planner, slot: usize, query: &str, max_cells: usize) -> (usize, Value) {
        p.begin(slot, query, "2026-12-07T10:00").unwrap();
        let mut steps = 0;
        while p.step(slot, max_cells) < 1.0 {
            steps += 1;
        }
        let result: Value = serde_json::from_str(&p.result(slot).unwrap()).unwrap();
        (steps, result)
    }

    /// What the core computes for `query` at once, without the page's reuse.
    fn direct(p: &Planner, query: &str) -> Vec<f64> {
        let parsed = ParsedQuestion::read(query);
        let question = Question {
            filter: parsed
                .params
                .filter(local_datetime("2026-12-07T10:00").unwrap()),
            within_m: parsed.within_m,
            detour: parsed.detour,
        };
        let grid = p.grid.as_ref().unwrap();
        let (_, c) = coverage::coverage(&p.index, &p.spaces, &p.districts, grid, &question);
        c.districts.iter().map(|d| d.share).collect()
    }

    /// Equal but for the last digit (serde_json reads floats to within one ulp).
    fn same(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= 1e-12, "{x} against {y}");
        }
    }

    fn shares(result: &Value) -> Vec<f64> {
        result["districts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["share"].as_f64().unwrap())
            .collect()
    }

    #[test]
    fn a_filter_is_searched_once_and_its_distances_serve_other_questions() {
        let mut p = Planner::new();
        p.add_places(&demo("learning-spaces.geojson")).unwrap();
        p.load_districts(&demo("districts.geojson"), "code", "name", None)
            .unwrap();
        let shape = p.make_grid(250.0).unwrap();
        let cells = p.centres.len();
        assert!(cells > 1000, "{cells} cells");

        // the first question searches every cell, in steps
        let q = "within=800&area=digital";
        let (steps, first) = computed(&mut p, 0, q, 500);
        assert!(steps >= cells / 500 - 1, "{steps} steps");
        same(&shares(&first), &direct(&p, q));

        // the same filter in the other slot, nearer and with a detour: no search
        let q2 = "within=400&detour=1.3&area=digital";
        let (steps, second) = computed(&mut p, 1, q2, 1);
        assert_eq!(steps, 0);
        same(&shares(&second), &direct(&p, q2));
        assert_ne!(shares(&second), shares(&first));

        // another filter searches again; the same grid is kept
        let q3 = "within=800&area=digital&free=1";
        let (steps, third) = computed(&mut p, 1, q3, 500);
        assert!(steps > 0);
        same(&shares(&third), &direct(&p, q3));
        assert_eq!(p.make_grid(250.0).unwrap(), shape);
        let (steps, _) = computed(&mut p, 0, "within=1500&area=digital", 1);
        assert_eq!(
            steps, 0,
            "slot 0 keeps its distances while the grid is the same"
        );

        // a new cell size is a new grid: everything is searched again
        p.make_grid(300.0).unwrap();
        let (steps, again) = computed(&mut p, 0, q, 500);
        assert!(steps > 0);
        same(&shares(&again), &direct(&p, q));
    }
}
