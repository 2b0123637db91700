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

    /// The smallest box that holds every point (as Leaflet's bounds grow:
    /// never across the antimeridian); `None` without points.
    pub fn around(points: impl IntoIterator<Item = LonLat>) -> Option<Self> {
        points.into_iter().fold(None, |b: Option<BBox>, p| {
            Some(match b {
                None => BBox::new(p.lon, p.lat, p.lon, p.lat),
                Some(b) => BBox::new(
                    b.west.min(p.lon),
                    b.south.min(p.lat),
                    b.east.max(p.lon),
                    b.north.max(p.lat),
                ),
            })
        })
    }

    /// The smallest box that holds both (as [`BBox::around`] their corners).
    pub fn union(self, other: BBox) -> BBox {
        BBox::new(
            self.west.min(other.west),
            self.south.min(other.south),
            self.east.max(other.east),
            self.north.max(other.north),
        )
    }

    /// Whether the box holds all of `other` (both its corners).
    pub fn covers(&self, other: &BBox) -> bool {
        other.corners().iter().all(|&c| self.contains(c))
    }

    /// As GeoJSON writes a `bbox` (RFC 7946, 5): `[west, south, east, north]`.
    pub fn geojson(&self) -> [f64; 4] {
        [self.west, self.south, self.east, self.north]
    }

    /// The south-west and north-east corners.
    pub fn corners(&self) -> [LonLat; 2] {
        [
            LonLat {
                lon: self.west,
                lat: self.south,
            },
            LonLat {
                lon: self.east,
                lat: self.north,
            },
        ]
    }

    /// The whole world.
    pub fn world() -> Self {
        BBox::new(-180.0, -90.0, 180.0, 90.0)
    }

    /// The longitude ranges (one, or two across the antimeridian), each
    /// `lo <= hi`; none when a longitude is not a number.
    pub(crate) fn lon_ranges(&self) -> LonRanges {
        let width = self.east - self.west;
        let ranges = |ranges: &[(f64, f64)]| {
            let mut out = LonRanges {
                ranges: [(0.0, 0.0); 2],
                len: ranges.len() as u8,
            };
            out.ranges[..ranges.len()].copy_from_slice(ranges);
            out
        };
        if width.is_nan() {
            return ranges(&[]);
        }
        if width >= 360.0 {
            return ranges(&[(-180.0, 180.0)]);
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
            ranges(&[(w, e)])
        } else {
            ranges(&[(w, 180.0), (-180.0, e)])
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

/// One or two longitude ranges ([`BBox::lon_ranges`]), kept without
/// allocating: every view query and [`BBox::contains`] makes one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LonRanges {
    ranges: [(f64, f64); 2],
    len: u8,
}

impl std::ops::Deref for LonRanges {
    type Target = [(f64, f64)];
    fn deref(&self) -> &[(f64, f64)] {
        &self.ranges[..usize::from(self.len)]
    }
}

/// Whether `lon` is in one of `ranges` (±180° are the same meridian).
pub(crate) fn in_lon_ranges(ranges: &[(f64, f64)], lon: f64) -> bool {
    let inside = |x: f64| ranges.iter().any(|&(lo, hi)| lo <= x && x <= hi);
    inside(lon) || (lon == -180.0 && inside(180.0)) || (lon == 180.0 && inside(-180.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The box the map is first fitted to: every place inside it, its
    /// corners the extreme positions, nothing without places.
    #[test]
    fn around_holds_every_point() {
        let points =
            [(10.0, 53.5), (9.9, 53.6), (10.1, 53.55)].map(|(lon, lat)| LonLat { lon, lat });
        let b = BBox::around(points).expect("points");
        assert_eq!(b, BBox::new(9.9, 53.5, 10.1, 53.6));
        assert_eq!(
            b.corners(),
            [
                LonLat {
                    lon: 9.9,
                    lat: 53.5
                },
                LonLat {
                    lon: 10.1,
                    lat: 53.6
                }
            ]
        );
        assert_eq!(BBox::around([]), None);
        let one = LonLat { lon: 1.0, lat: 2.0 };
        assert_eq!(BBox::around([one]), Some(BBox::new(1.0, 2.0, 1.0, 2.0)));
    }
}
