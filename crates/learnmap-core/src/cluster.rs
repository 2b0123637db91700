//! Map clusters: a quadtree grid in Web Mercator, nested from zoom to zoom.
//!
//! At zoom `z` the world (256·2^z pixels wide in 256-pixel tiles) is cut
//! into square cells of [`CELL_PX`] = 64 pixels, 4·2^z cells a side; the
//! matching places of one cell form one cluster, drawn at their mean
//! position, kept [`MARGIN_PX`] inside the cell so that the markers of
//! clusters in neighbouring cells never overlap. Because cells depend only on the zoom, never on the viewport,
//! clusters are stable while panning, and because each cell is exactly four
//! cells one zoom deeper, a cluster only ever splits as you zoom in. Its
//! [`Cluster::expansion_zoom`] is the first zoom at which its members fall
//! into more than one cell.
//!
//! Positions are quantised to a 2^30 grid in Mercator (about 4 cm at the
//! equator), so places closer than that never split: their cluster's
//! `expansion_zoom` is `None` (the app lists them instead of zooming).
//! Latitudes beyond ±85.0511° (the Mercator limit) are clamped to the
//! edge cells.

use crate::bbox::BBox;
use crate::model::LonLat;

/// The side of a cluster cell in screen pixels (256-pixel tiles).
pub const CELL_PX: u32 = 64;

/// How far inside its cell a cluster's marker stays, in screen pixels:
/// the markers of two clusters in neighbouring cells are then at least
/// twice this apart across their shared edge, more than a cluster marker's
/// size (36 px in the app). Bug: markers drawn at the mean of their places
/// overlapped where places crowd near a cell's edge, and one hid the other
/// (a "5" under a "7"), so it could not be read or tapped.
pub const MARGIN_PX: f64 = 20.0;

/// How far inside its cell a single place's marker is drawn, in screen
/// pixels, where the place is nearer an edge: two places in neighbouring
/// cells are then at least 26 px apart, and a place and a cluster 33 px, so
/// that every marker is a tap target of 24 px with no other target closer
/// (WCAG 2.2 target size). Bug: places on either side of a cell edge were
/// drawn closer, their 24 px markers overlapped, and one hid the other from
/// a finger. The details still give the exact place and its address.
pub const POINT_MARGIN_PX: f64 = 13.0;

/// The deepest zoom clusters are computed for (cells are then 2^30 a side).
pub const MAX_ZOOM: u8 = 28;

const LEVELS: u32 = 30;
const SCALE: f64 = (1u64 << LEVELS) as f64;
const MAX_LAT: f64 = 85.051_128_779_806_59;

/// One cluster marker, or a single place when `count` is 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Where to draw the marker: the members' mean position in Mercator
    /// (the place itself for a single place).
    pub position: LonLat,
    /// How many matching places it holds (all of its cell, also those just
    /// outside the viewport, so counts do not change while panning).
    pub count: usize,
    /// The zoom it was computed for.
    pub zoom: u8,
    /// Its cell: column from the antimeridian eastwards, row from the north,
    /// both `0..4·2^zoom`.
    pub cell: (u32, u32),
    /// The first zoom at which its members are in more than one cluster;
    /// `None` for a single place or places at the same spot.
    pub expansion_zoom: Option<u8>,
    /// The member with the smallest id (the place itself for a single place).
    pub first: usize,
}

impl Cluster {
    /// Whether this is a single place rather than a cluster.
    pub fn is_point(&self) -> bool {
        self.count == 1
    }

    /// The area of its cell, to zoom the map to.
    pub fn bbox(&self) -> BBox {
        cell_bbox(self.zoom, self.cell.0, self.cell.1)
    }

    /// Where to draw its marker: [`Cluster::position`], for a single place
    /// moved [`POINT_MARGIN_PX`] inside its cell where it is nearer an edge
    /// (a cluster's position is [`MARGIN_PX`] inside already).
    pub fn marker_position(&self) -> LonLat {
        let (x, y) = mercator(self.position);
        let size = f64::from(1u32 << (LEVELS - level(self.zoom)));
        let margin = size * POINT_MARGIN_PX / f64::from(CELL_PX);
        let inside = |v: f64, cell: u32| {
            let start = f64::from(cell) * size;
            (v * SCALE).clamp(start + margin, start + size - margin) / SCALE
        };
        let (x, y) = (inside(x, self.cell.0), inside(y, self.cell.1));
        if (x, y) == mercator(self.position) {
            return self.position;
        }
        LonLat {
            lon: x * 360.0 - 180.0,
            lat: lat_of_y(y),
        }
    }
}

/// Web Mercator `x, y` in `0..=1` (y from the north).
pub(crate) fn mercator(p: LonLat) -> (f64, f64) {
    mercator_of(p.lon, p.lat.clamp(-MAX_LAT, MAX_LAT).to_radians().sin())
}

/// Web Mercator from the longitude and the sine of the latitude (within
/// [`MAX_LAT`]): `ln(tan(π/4 + φ/2))` is `½ ln((1 + sin φ) / (1 − sin φ))`,
/// so a place whose unit vector is made (`sin φ` is its `z`) needs no
/// other trigonometry for its quadtree code ([`morton_with_sin`]).
fn mercator_of(lon: f64, sin_lat: f64) -> (f64, f64) {
    let x = (lon + 180.0) / 360.0;
    let y = 0.5 - ((1.0 + sin_lat) / (1.0 - sin_lat)).ln() / (4.0 * std::f64::consts::PI);
    (x.clamp(0.0, 1.0), y.clamp(0.0, 1.0))
}

fn lat_of_y(y: f64) -> f64 {
    (std::f64::consts::PI * (1.0 - 2.0 * y))
        .sinh()
        .atan()
        .to_degrees()
}

fn quantise(v: f64) -> u32 {
    ((v * SCALE) as u64).min((1u64 << LEVELS) - 1) as u32
}

fn spread(v: u32) -> u64 {
    let mut x = v as u64 & 0x3fff_ffff;
    x = (x | (x << 16)) & 0x0000_ffff_0000_ffff;
    x = (x | (x << 8)) & 0x00ff_00ff_00ff_00ff;
    x = (x | (x << 4)) & 0x0f0f_0f0f_0f0f_0f0f;
    x = (x | (x << 2)) & 0x3333_3333_3333_3333;
    x = (x | (x << 1)) & 0x5555_5555_5555_5555;
    x
}

fn unspread(m: u64) -> u32 {
    let mut x = m & 0x5555_5555_5555_5555;
    x = (x | (x >> 1)) & 0x3333_3333_3333_3333;
    x = (x | (x >> 2)) & 0x0f0f_0f0f_0f0f_0f0f;
    x = (x | (x >> 4)) & 0x00ff_00ff_00ff_00ff;
    x = (x | (x >> 8)) & 0x0000_ffff_0000_ffff;
    x = (x | (x >> 16)) & 0x0000_0000_ffff_ffff;
    x as u32
}

/// The place's quadtree code at the finest level (x bits even, y bits odd).
pub(crate) fn morton(p: LonLat) -> u64 {
    let (x, y) = mercator(p);
    cell_key((quantise(x), quantise(y)))
}

/// [`morton`] for a place whose latitude's sine is known (its unit
/// vector's `z`, [`crate::geo::unit_vector`]): the same code, with no
/// trigonometry within [`MAX_LAT`].
pub(crate) fn morton_with_sin(p: LonLat, sin_lat: f64) -> u64 {
    if p.lat.abs() > MAX_LAT {
        return morton(p);
    }
    let (x, y) = mercator_of(p.lon, sin_lat);
    cell_key((quantise(x), quantise(y)))
}

/// The quadtree key of a cell `(x, y)` at any one level (a place's code is
/// its key at the finest): keys of one level sort in cell order, as the
/// codes of the places in them do.
pub(crate) fn cell_key((x, y): (u32, u32)) -> u64 {
    spread(x) | spread(y) << 1
}

/// The finest-level Mercator `x, y` (`0..2^30`) of a code.
pub(crate) fn unmorton(m: u64) -> (u32, u32) {
    (unspread(m), unspread(m >> 1))
}

fn level(zoom: u8) -> u32 {
    zoom.min(MAX_ZOOM) as u32 + 2
}

/// How many cells a side at `zoom`.
pub fn cells_per_side(zoom: u8) -> u32 {
    1 << level(zoom)
}

/// The cell of a code at `zoom`.
pub(crate) fn cell_of_morton(m: u64, zoom: u8) -> (u32, u32) {
    let (x, y) = unmorton(m);
    let shift = LEVELS - level(zoom);
    (x >> shift, y >> shift)
}

/// The cluster cell of a point at `zoom` (zooms beyond [`MAX_ZOOM`] count as it).
///
/// ```
/// use learnmap_core::{cluster::cell_of, LonLat};
/// assert_eq!(cell_of(LonLat { lon: -180.0, lat: 85.1 }, 0), (0, 0));
/// assert_eq!(cell_of(LonLat { lon: 0.0, lat: 0.0 }, 0), (2, 2));
/// assert_eq!(cell_of(LonLat { lon: 180.0, lat: -90.0 }, 1), (7, 7));
/// ```
pub fn cell_of(p: LonLat, zoom: u8) -> (u32, u32) {
    cell_of_morton(morton(p), zoom)
}

/// The lon/lat box of a cell (the outermost cells reach the poles).
pub fn cell_bbox(zoom: u8, x: u32, y: u32) -> BBox {
    let n = cells_per_side(zoom);
    let (x, y) = (x.min(n - 1), y.min(n - 1));
    let nf = n as f64;
    BBox {
        west: x as f64 / nf * 360.0 - 180.0,
        east: (x + 1) as f64 / nf * 360.0 - 180.0,
        north: if y == 0 {
            90.0
        } else {
            lat_of_y(y as f64 / nf)
        },
        south: if y + 1 == n {
            -90.0
        } else {
            lat_of_y((y + 1) as f64 / nf)
        },
    }
}

/// The first zoom at which places with codes `lo..=hi` (the least and the
/// greatest of a set) are in different cells.
pub(crate) fn expansion_zoom(lo: u64, hi: u64) -> Option<u8> {
    if lo == hi {
        return None;
    }
    // codes use the low 60 bits; two bits per level
    let shared_levels = ((lo ^ hi).leading_zeros() - (64 - 2 * LEVELS)) / 2;
    Some((shared_levels + 1).saturating_sub(2) as u8)
}

/// Where a cluster's marker goes: the mean position of its members (from
/// their summed finest-level Mercator coordinates), moved [`MARGIN_PX`]
/// inside its cell at `zoom` where it is nearer an edge.
pub(crate) fn marker_position(
    sum_x: f64,
    sum_y: f64,
    count: usize,
    zoom: u8,
    (cx, cy): (u32, u32),
) -> LonLat {
    let size = f64::from(1u32 << (LEVELS - level(zoom)));
    let margin = size * MARGIN_PX / f64::from(CELL_PX);
    let inside = |mean: f64, cell: u32| {
        let start = f64::from(cell) * size;
        mean.clamp(start + margin, start + size - margin)
    };
    let x = (inside(sum_x / count as f64 + 0.5, cx)) / SCALE;
    let y = (inside(sum_y / count as f64 + 0.5, cy)) / SCALE;
    LonLat {
        lon: x * 360.0 - 180.0,
        lat: lat_of_y(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn morton_round_trips_and_nests() {
        let p = LonLat {
            lon: 9.99,
            lat: 53.55,
        };
        let m = morton(p);
        let (x, y) = unmorton(m);
        assert_eq!(spread(x) | spread(y) << 1, m);
        for z in 0..MAX_ZOOM {
            let (cx, cy) = cell_of_morton(m, z);
            let (dx, dy) = cell_of_morton(m, z + 1);
            assert_eq!((dx / 2, dy / 2), (cx, cy));
            let b = cell_bbox(z, cx, cy);
            assert!(b.west <= p.lon && p.lon <= b.east && b.south <= p.lat && p.lat <= b.north);
        }
    }

    #[test]
    fn places_on_either_side_of_a_cell_edge_are_drawn_a_tap_target_apart() {
        // bug: two places a pixel either side of an edge had overlapping 24 px markers
        let zoom = 14;
        let px = 256.0 * f64::from(1u32 << zoom);
        let edge = f64::from(
            cell_of(
                LonLat {
                    lon: 9.99,
                    lat: 53.55,
                },
                zoom,
            )
            .0,
        ) * f64::from(CELL_PX);
        let lon = |x_px: f64| x_px / px * 360.0 - 180.0;
        // the middle of the cells' row, so that only the x edge is near
        let row = cell_bbox(
            zoom,
            0,
            cell_of(
                LonLat {
                    lon: 9.99,
                    lat: 53.55,
                },
                zoom,
            )
            .1,
        );
        let lat = (row.north + row.south) / 2.0;
        let point = |x_px: f64| {
            let position = LonLat {
                lon: lon(x_px),
                lat,
            };
            Cluster {
                position,
                count: 1,
                zoom,
                cell: cell_of(position, zoom),
                expansion_zoom: None,
                first: 0,
            }
        };
        let (a, b) = (point(edge - 1.0), point(edge + 1.0));
        assert_ne!(a.cell, b.cell);
        let x = |c: &Cluster| mercator(c.marker_position()).0 * px;
        assert!(
            x(&b) - x(&a) >= 2.0 * POINT_MARGIN_PX - 1e-6,
            "{} px apart",
            x(&b) - x(&a)
        );
        assert!(x(&b) - x(&a) >= 24.0);
        // a place well inside its cell is drawn where it is
        let c = point(edge + 32.0);
        assert_eq!(c.marker_position(), c.position);
    }

    #[test]
    fn expansion_zoom_is_where_codes_part() {
        let a = morton(LonLat { lon: 1.0, lat: 1.0 });
        let b = morton(LonLat {
            lon: 1.0001,
            lat: 1.0,
        });
        let z = expansion_zoom(a.min(b), a.max(b)).unwrap();
        assert_eq!(cell_of_morton(a, z - 1), cell_of_morton(b, z - 1));
        assert_ne!(cell_of_morton(a, z), cell_of_morton(b, z));
        assert_eq!(expansion_zoom(a, a), None);
    }

    /// A place's code from its unit vector's `z` is the code from its
    /// position, bit for bit, on seeded places at every latitude (and at
    /// the poles, beyond Web Mercator's reach).
    #[test]
    fn morton_with_sin_is_morton() {
        let mut rng = learnmap_synth::Rng::new(99);
        let mut places: Vec<LonLat> = (0..20_000)
            .map(|_| LonLat {
                lon: rng.range_f64(-180.0, 180.0),
                lat: rng.range_f64(-90.0, 90.0),
            })
            .collect();
        for lat in [
            -90.0, -MAX_LAT, -85.0, 0.0, 1e-12, 53.55, 85.0, MAX_LAT, 90.0,
        ] {
            places.push(LonLat { lon: 10.0, lat });
        }
        for p in places {
            let z = crate::geo::unit_vector(p)[2];
            assert_eq!(morton_with_sin(p, z), morton(p), "{p:?}");
        }
    }
}
