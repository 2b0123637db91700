//! Great-circle geometry on a spherical Earth.

use crate::model::LonLat;

/// The mean Earth radius in metres (IUGG), used for distances.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// The great-circle distance between two points in metres (haversine).
///
/// ```
/// use learnmap_core::{geo::haversine_m, LonLat};
/// let hamburg = LonLat { lon: 9.9937, lat: 53.5511 };
/// let berlin = LonLat { lon: 13.4050, lat: 52.5200 };
/// let d = haversine_m(hamburg, berlin);
/// assert!((d - 255_000.0).abs() < 2_000.0);
/// ```
pub fn haversine_m(a: LonLat, b: LonLat) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// The point as a unit vector from the Earth's centre. Straight-line
/// (chord) distance between unit vectors grows with great-circle distance,
/// so a Euclidean index over them answers nearest queries exactly,
/// across the antimeridian and near the poles alike.
pub fn unit_vector(p: LonLat) -> [f64; 3] {
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The great-circle distance in metres for a squared chord length between unit vectors.
pub fn chord2_to_m(chord2: f64) -> f64 {
    2.0 * EARTH_RADIUS_M * (chord2.sqrt() / 2.0).min(1.0).asin()
}

/// The middle of some points: their median longitude and latitude, which a
/// few far-away points do not pull aside (unlike the mean); `None` for none.
///
/// ```
/// use learnmap_core::{geo::median_centre, LonLat};
/// let points = [(10.0, 53.0), (11.0, 54.0), (170.0, -40.0)].map(|(lon, lat)| LonLat { lon, lat });
/// assert_eq!(median_centre(&points), Some(LonLat { lon: 11.0, lat: 53.0 }));
/// assert_eq!(median_centre(&[]), None);
/// ```
pub fn median_centre(points: &[LonLat]) -> Option<LonLat> {
    if points.is_empty() {
        return None;
    }
    let median = |mut v: Vec<f64>| {
        crate::sort::f64s(&mut v);
        v[v.len() / 2]
    };
    Some(LonLat {
        lon: median(points.iter().map(|p| p.lon).collect()),
        lat: median(points.iter().map(|p| p.lat).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chord_and_haversine_agree() {
        let pairs = [
            (
                LonLat {
                    lon: 179.9,
                    lat: -17.7,
                },
                LonLat {
                    lon: -179.9,
                    lat: -16.9,
                },
            ),
            (
                LonLat {
                    lon: 0.0,
                    lat: 89.99,
                },
                LonLat {
                    lon: 180.0,
                    lat: 89.99,
                },
            ),
            (
                LonLat {
                    lon: 9.99,
                    lat: 53.55,
                },
                LonLat {
                    lon: 9.99,
                    lat: 53.55,
                },
            ),
            (
                LonLat { lon: 0.0, lat: 0.0 },
                LonLat {
                    lon: 180.0,
                    lat: 0.0,
                },
            ),
        ];
        for (a, b) in pairs {
            let (u, v) = (unit_vector(a), unit_vector(b));
            let chord2: f64 = (0..3).map(|i| (u[i] - v[i]).powi(2)).sum();
            let (h, c) = (haversine_m(a, b), chord2_to_m(chord2));
            assert!((h - c).abs() < 0.01, "{a:?} {b:?}: {h} vs {c}");
        }
    }
}
