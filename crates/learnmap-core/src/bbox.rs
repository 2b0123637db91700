//! A map view's box in degrees, which may cross the antimeridian: what the
//! spatial index queries and what a cluster covers.

use crate::model::LonLat;

/// A map view in degrees: `west`, `south`, `east`, `north`, edges included.
///
/// When `west > east` the box crosses the antimeridian (from `west` east to
/// 180° and on from −180° to `east`). Longitudes outside −180..=180 (a map
/// panned around the world) are wrapped; a box 360° or more wide is the
/// whole world. A box with `south > north` (or a NaN edge) is empty. Places at ±180° are
/// in a box that reaches either.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BBox {
    /// Western edge, degrees.
    pub west: f64,
    /// Southern edge, degrees.
    pub south: f64,
    /// Eastern edge, degrees.
    pub east: f64,
    /// Northern edge, degrees.
    pub north: f64,
}

impl BBox {
    /// A box from its edges, in the order Leaflet's `toBBoxString` gives them.
    pub fn new(west: f64, south: f64, east: f64, north: f64) -> Self {
        BBox {
            west,
            south,
            east,
            north,
        }
    }

    /// The whole world.
    pub fn world() -> Self {
        BBox::new(-180.0, -90.0, 180.0, 90.0)
    }

    /// The longitude ranges (one, or two across the antimeridian), each `lo <= hi`.
    pub(crate) fn lon_ranges(&self) -> Vec<(f64, f64)> {
        let width = self.east - self.west;
        if width.is_nan() {
            return Vec::new();
        }
        if width >= 360.0 {
            return vec![(-180.0, 180.0)];
        }
        let wrap = |x: f64| {
            if (-180.0..=180.0).contains(&x) {
                x
            } else {
                (x + 180.0).rem_euclid(360.0) - 180.0
            }
        };
        let (w, e) = (wrap(self.west), wrap(self.east));
        if w <= e {
            vec![(w, e)]
        } else {
            vec![(w, 180.0), (-180.0, e)]
        }
    }

    /// Whether the box holds the point (edges included).
    pub fn contains(&self, p: LonLat) -> bool {
        self.south <= p.lat && p.lat <= self.north && in_lon_ranges(&self.lon_ranges(), p.lon)
    }

    pub(crate) fn lat_range(&self) -> Option<(f64, f64)> {
        (self.south <= self.north).then(|| (self.south.max(-90.0), self.north.min(90.0)))
    }
}

/// Whether `lon` is in one of `ranges` (±180° are the same meridian).
pub(crate) fn in_lon_ranges(ranges: &[(f64, f64)], lon: f64) -> bool {
    let inside = |x: f64| ranges.iter().any(|&(lo, hi)| lo <= x && x <= hi);
    inside(lon) || (lon == -180.0 && inside(180.0)) || (lon == 180.0 && inside(-180.0))
}
