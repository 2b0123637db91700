//! Coverage for planners: how much of each district (by area, or by
//! population) has a learning place matching a question within reach.
//!
//! # How it is computed
//!
//! 1. A [`Grid`] covers the districts' extent with cells of about
//!    `cell_m` metres: rows are `cell_m / 111 195` degrees of latitude
//!    apart (one degree is `EARTH_RADIUS_M · π / 180` metres), columns
//!    that much divided by the cosine of the extent's middle latitude.
//!    Cell `(row, col)` has its centre at `west + (col + ½)·dlon`,
//!    `south + (row + ½)·dlat`.
//! 2. Each cell belongs to the first district whose polygons contain its
//!    centre (even-odd rule, so holes are outside: [`District::contains`]);
//!    cells in no district are left out.
//! 3. Each cell weighs its area (`dlat · dlon` scaled by the cosine of its
//!    centre's latitude), or, with a population grid, the people of the
//!    population points that fall in it.
//! 4. For each cell, the distance from its centre to the nearest place
//!    matching the filter ([`SpaceIndex::nearest_distances`], exact),
//!    multiplied by the detour factor. A cell is within reach when that
//!    is at most `within` metres.
//! 5. Per district: the matching places inside it, the weighted share of
//!    its cells within reach, and the weighted median and 90th percentile
//!    of the distance (the smallest distance with at least half, or 90%,
//!    of the weight at or below it). The city's totals are the same over
//!    all cells; when districts give their population and no grid does,
//!    the city's share weighs each district's share by its population.

use crate::districts::{District, PopulationPoint};
use crate::filter::Filter;
use crate::geo::EARTH_RADIUS_M;
use crate::index::SpaceIndex;
use crate::model::{LearningSpace, LonLat};

/// The default cell size, in metres.
pub const DEFAULT_CELL_M: f64 = 100.0;

/// Cell not in any district.
const OUTSIDE: u32 = u32::MAX;

/// Metres in one degree of latitude.
pub fn metres_per_degree() -> f64 {
    EARTH_RADIUS_M * std::f64::consts::PI / 180.0
}

/// A grid of cells over the districts, each in one district or none.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// Western edge of the first column, degrees.
    pub west: f64,
    /// Southern edge of the first row, degrees.
    pub south: f64,
    /// Column width, degrees of longitude.
    pub dlon: f64,
    /// Row height, degrees of latitude.
    pub dlat: f64,
    /// Columns.
    pub cols: usize,
    /// Rows.
    pub rows: usize,
    /// The cells inside a district, as `row * cols + col`, in row order.
    pub cells: Vec<u32>,
    /// The district of each of `cells` (an index into the districts).
    pub district: Vec<u32>,
    /// The weight of each of `cells`: its area in m², or its population.
    pub weight: Vec<f64>,
    /// Whether `weight` is population (from a population grid).
    pub by_population: bool,
}

/// Why a grid cannot be made.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GridError {
    /// No district to cover.
    #[error("there are no districts to cover")]
    NoDistricts,
    /// The cell size is not a positive number of metres.
    #[error("the cell size must be at least 1 metre")]
    BadCellSize,
    /// The grid would have more cells than allowed.
    #[error("{cells} cells at {cell_m} m are more than the {limit} allowed: choose larger cells")]
    TooManyCells {
        /// Cells the grid would have.
        cells: usize,
        /// The cell size asked for.
        cell_m: f64,
        /// The limit.
        limit: usize,
    },
}

impl Grid {
    /// A grid of `cell_m`-metre cells over `districts` (at most
    /// `max_cells` cells in the extent), each cell given to the first
    /// district containing its centre. Rows are filled scanline by
    /// scanline: the crossings of each district's edges with a row's
    /// latitude, sorted, bound the runs of cells inside it (the same
    /// even-odd rule as [`District::contains`], without testing each cell).
    pub fn new(districts: &[District], cell_m: f64, max_cells: usize) -> Result<Grid, GridError> {
        if districts.is_empty() {
            return Err(GridError::NoDistricts);
        }
        if !(cell_m >= 1.0 && cell_m.is_finite()) {
            return Err(GridError::BadCellSize);
        }
        let [west, south, east, north] = districts.iter().fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |[w, s, e, n], d| {
                [
                    w.min(d.bbox[0]),
                    s.min(d.bbox[1]),
                    e.max(d.bbox[2]),
                    n.max(d.bbox[3]),
                ]
            },
        );
        let dlat = cell_m / metres_per_degree();
        let middle = ((south + north) / 2.0).to_radians().cos().max(0.01);
        let dlon = dlat / middle;
        let cols = (((east - west) / dlon).ceil() as usize).max(1);
        let rows = (((north - south) / dlat).ceil() as usize).max(1);
        if cols.saturating_mul(rows) > max_cells {
            return Err(GridError::TooManyCells {
                cells: cols.saturating_mul(rows),
                cell_m,
                limit: max_cells,
            });
        }
        let mut owner = vec![OUTSIDE; cols * rows];
        let mut xs = Vec::new();
        for (d, district) in districts.iter().enumerate() {
            let [_, ds, _, dn] = district.bbox;
            let row_from = (((ds - south) / dlat - 0.5).floor().max(0.0)) as usize;
            let row_to = ((((dn - south) / dlat - 0.5).ceil()) as usize).min(rows - 1);
            for row in row_from..=row_to {
                let lat = south + (row as f64 + 0.5) * dlat;
                if lat < ds || lat > dn {
                    continue;
                }
                xs.clear();
                district.crossings(lat, &mut xs);
                crate::sort::f64s(&mut xs);
                // A centre is inside when an odd number of crossings lie east of it.
                for pair in xs.chunks_exact(2) {
                    let (a, b) = (pair[0], pair[1]);
                    // columns whose centre x satisfies a <= x < b
                    // (one column early, in case rounding put `first` one too far)
                    let first = ((a - west) / dlon - 0.5).ceil().max(0.0) as usize;
                    let mut col = first.saturating_sub(1);
                    while col < cols {
                        let x = west + (col as f64 + 0.5) * dlon;
                        if x >= b {
                            break;
                        }
                        if x >= a {
                            let cell = &mut owner[row * cols + col];
                            if *cell == OUTSIDE {
                                *cell = d as u32;
                            }
                        }
                        col += 1;
                    }
                }
            }
        }
        let mut grid = Grid {
            west,
            south,
            dlon,
            dlat,
            cols,
            rows,
            cells: Vec::new(),
            district: Vec::new(),
            weight: Vec::new(),
            by_population: false,
        };
        let cell_area = (dlat * metres_per_degree()) * (dlon * metres_per_degree());
        for (i, &d) in owner.iter().enumerate() {
            if d != OUTSIDE {
                grid.cells.push(i as u32);
                grid.district.push(d);
                let lat = grid.centre(i).lat;
                grid.weight.push(cell_area * lat.to_radians().cos());
            }
        }
        Ok(grid)
    }

    /// The centre of cell `row * cols + col`.
    pub fn centre(&self, cell: usize) -> LonLat {
        let (row, col) = (cell / self.cols, cell % self.cols);
        LonLat {
            lon: self.west + (col as f64 + 0.5) * self.dlon,
            lat: self.south + (row as f64 + 0.5) * self.dlat,
        }
    }

    /// The centres of the cells inside districts, in the order of `cells`.
    pub fn centres(&self) -> Vec<LonLat> {
        self.cells
            .iter()
            .map(|&c| self.centre(c as usize))
            .collect()
    }

    /// The cell (`row * cols + col`) holding `p`, if `p` is in the extent.
    pub fn cell_of(&self, p: LonLat) -> Option<usize> {
        let col = ((p.lon - self.west) / self.dlon).floor();
        let row = ((p.lat - self.south) / self.dlat).floor();
        (col >= 0.0 && row >= 0.0 && (col as usize) < self.cols && (row as usize) < self.rows)
            .then(|| row as usize * self.cols + col as usize)
    }

    /// Weighs the cells by population instead of area: each point's people
    /// go to the cell holding it (points outside every district's cells are
    /// counted in the return value, and left out).
    pub fn weigh_by_population(&mut self, points: &[PopulationPoint]) -> f64 {
        let mut slot = vec![u32::MAX; self.cols * self.rows];
        for (k, &c) in self.cells.iter().enumerate() {
            slot[c as usize] = k as u32;
        }
        self.weight.iter_mut().for_each(|w| *w = 0.0);
        let mut outside = 0.0;
        for p in points {
            match self.cell_of(p.position).map(|c| slot[c]) {
                Some(k) if k != u32::MAX => self.weight[k as usize] += p.population,
                _ => outside += p.population,
            }
        }
        self.by_population = true;
        outside
    }
}

/// A question: which places count, how far is near enough, and the detour
/// factor that turns straight-line distance into a walk.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// Which places count (the residents' filter).
    pub filter: Filter,
    /// Near enough, in metres.
    pub within_m: f64,
    /// Straight-line distance times this (1 = straight line).
    pub detour: f64,
}

/// The figures for one district (or, in [`Coverage::total`], the city).
#[derive(Clone, Debug, PartialEq)]
pub struct DistrictCoverage {
    /// Matching places inside the district.
    pub places: usize,
    /// Grid cells in the district.
    pub cells: usize,
    /// The district's weight: area in m², or population.
    pub weight: f64,
    /// Weight within reach.
    pub covered: f64,
    /// `covered / weight`, 0 to 1 (0 for a district without weight).
    pub share: f64,
    /// Weighted median distance (× detour) to the nearest matching place, metres; infinite when none matches.
    pub median_m: f64,
    /// Weighted 90th percentile of that distance, metres.
    pub p90_m: f64,
}

/// The answer to a question: per district, and for the city.
#[derive(Clone, Debug, PartialEq)]
pub struct Coverage {
    /// Per district, in the districts' order.
    pub districts: Vec<DistrictCoverage>,
    /// The whole city.
    pub total: DistrictCoverage,
}

/// Distances (× detour) from the grid's cells to the nearest place
/// matching `question`, for `centres` (a page computes the grid's
/// [`Grid::centres`] in chunks, so it never freezes).
pub fn distances(
    index: &SpaceIndex,
    spaces: &[LearningSpace],
    centres: &[LonLat],
    question: &Question,
    out: &mut Vec<f64>,
) {
    index.nearest_distances(spaces, centres, &question.filter, out);
    if question.detour != 1.0 {
        out.iter_mut().for_each(|d| *d *= question.detour);
    }
}

/// Straight-line `distances` times `detour`: the distances a question's
/// figures are made of (borrowed as they are when `detour` is 1). A page
/// keeps the straight-line distances of a filter, so that a question that
/// changes only `within` or `detour` needs no new search.
pub fn with_detour(distances: &[f64], detour: f64) -> std::borrow::Cow<'_, [f64]> {
    if detour == 1.0 {
        std::borrow::Cow::Borrowed(distances)
    } else {
        std::borrow::Cow::Owned(distances.iter().map(|d| d * detour).collect())
    }
}

/// The matching places inside each district.
pub fn places_per_district(
    spaces: &[LearningSpace],
    districts: &[District],
    filter: &Filter,
) -> Vec<usize> {
    let mut counts = vec![0; districts.len()];
    for s in spaces.iter().filter(|s| filter.matches(s)) {
        if let Some(d) = districts.iter().position(|d| d.contains(s.position)) {
            counts[d] += 1;
        }
    }
    counts
}

/// The figures from the cells' distances (`distances`, in the order of
/// `grid.cells`) and the matching places per district.
pub fn summarise(
    grid: &Grid,
    districts: &[District],
    distances: &[f64],
    places: &[usize],
    within_m: f64,
) -> Coverage {
    assert_eq!(distances.len(), grid.cells.len(), "one distance per cell");
    let mut per: Vec<Vec<(f64, f64)>> = vec![Vec::new(); districts.len()];
    for (k, &d) in grid.district.iter().enumerate() {
        per[d as usize].push((distances[k], grid.weight[k]));
    }
    let mut all: Vec<(f64, f64)> = Vec::with_capacity(distances.len());
    let mut out = Vec::with_capacity(districts.len());
    for (d, mut cells) in per.into_iter().enumerate() {
        all.extend_from_slice(&cells);
        out.push(figures(&mut cells, places[d], within_m));
    }
    let mut total = figures(&mut all, places.iter().sum(), within_m);
    // Districts that say their population, on a grid weighed by area: the
    // city's share weighs each district's share by its people.
    if !grid.by_population && districts.iter().all(|d| d.population.is_some()) {
        let people: f64 = districts.iter().filter_map(|d| d.population).sum();
        if people > 0.0 {
            let covered: f64 = districts
                .iter()
                .zip(&out)
                .map(|(d, c)| d.population.unwrap_or(0.0) * c.share)
                .sum();
            total.weight = people;
            total.covered = covered;
            total.share = covered / people;
        }
    }
    Coverage {
        districts: out,
        total,
    }
}

fn figures(cells: &mut [(f64, f64)], places: usize, within_m: f64) -> DistrictCoverage {
    let weight: f64 = cells.iter().map(|c| c.1).sum();
    let covered: f64 = cells.iter().filter(|c| c.0 <= within_m).map(|c| c.1).sum();
    cells.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    DistrictCoverage {
        places,
        cells: cells.len(),
        weight,
        covered,
        share: if weight > 0.0 { covered / weight } else { 0.0 },
        median_m: weighted_quantile(cells, weight, 0.5),
        p90_m: weighted_quantile(cells, weight, 0.9),
    }
}

/// The smallest distance with at least `q` of the weight at or below it
/// (`cells` sorted by distance); NaN without weight.
pub fn weighted_quantile(cells: &[(f64, f64)], weight: f64, q: f64) -> f64 {
    if weight <= 0.0 {
        return f64::NAN;
    }
    let mut sum = 0.0;
    for &(d, w) in cells {
        sum += w;
        if sum >= q * weight * (1.0 - 1e-12) {
            return d;
        }
    }
    cells.last().map_or(f64::NAN, |c| c.0)
}

/// Everything at once (for tests and tools): the grid's distances and the
/// figures for a question.
pub fn coverage(
    index: &SpaceIndex,
    spaces: &[LearningSpace],
    districts: &[District],
    grid: &Grid,
    question: &Question,
) -> (Vec<f64>, Coverage) {
    let mut d = Vec::new();
    distances(index, spaces, &grid.centres(), question, &mut d);
    let places = places_per_district(spaces, districts, &question.filter);
    let c = summarise(grid, districts, &d, &places, question.within_m);
    (d, c)
}
