//! learnmap-core as WebAssembly for the browser benchmark (`bench/`, `make bench`).
//!
//! The page loads the same data into this module and into the JavaScript
//! anchors (kdbush with geokdbush, flatbush, supercluster) and runs the same
//! queries. Queries run in batches (one call for many query points), so the
//! cost of crossing from JavaScript into WebAssembly is paid once per batch,
//! as the anchors' loops pay none.
//!
//! Cases (each a method here, each one core call per query):
//!
//! | case | here | core API |
//! |---|---|---|
//! | `load` | [`load_geojson`] | `learnmap_core::load` |
//! | `index` | [`Bench::build_index`] | `SpaceIndex::new` (also serves clustering) |
//! | `nearest` | [`Bench::nearest`] | `SpaceIndex::nearest` with an empty `Filter` |
//! | `nearest_filtered` | [`Bench::nearest_filtered`] | `SpaceIndex::nearest` with a place-type `Filter`, or `nearest_where` with a tag test |
//! | `within` | [`Bench::within`] | `SpaceIndex::within` (a view box) |
//! | `clusters` | [`Bench::clusters`] | `SpaceIndex::clusters` (a view box at a zoom) |
//!
//! A case this build cannot run is listed in [`PENDING`] and its method
//! returns an error starting with `pending:`; the page then reports it as
//! pending and still times the anchor. A new case is a method here, a name
//! in [`PENDING`] until it works, and its block in `bench/page.mjs`.

use learnmap_core::{
    load, BBox, Filter, Hit, LearningSpace, LonLat, PlaceType, SpaceIndex, Vocabulary,
};
use wasm_bindgen::prelude::*;

/// The cases this build cannot run yet, by name (see the table above).
pub const PENDING: &[&str] = &[];

/// The property that carries a point's tag in [`Bench::from_points`] when
/// the tag is not a place type: a subject (a free tag of the schema, so the
/// app build keeps it; properties outside the schema it leaves out).
const TAG: &str = "subjects";

/// Marks "no result" in the fixed-width result arrays.
pub const NONE: u32 = u32::MAX;

/// The cases not yet available in this build (the page marks them pending).
#[wasm_bindgen]
pub fn pending() -> Vec<String> {
    PENDING.iter().map(|s| s.to_string()).collect()
}

/// Bytes to the first answer: takes a GeoJSON file's bytes (copied into
/// WebAssembly as the app copies a fetched body), checks they are UTF-8 as
/// the app does, loads them, indexes the places and answers one
/// nearest-`k` query at `lon`, `lat`; returns the nearest place's index (or
/// [`NONE`]). The timed `first_answer` case, against `TextDecoder` +
/// `JSON.parse` + a kdbush build + one `geokdbush.around` on the same bytes.
#[wasm_bindgen(js_name = firstAnswer)]
pub fn first_answer(bytes: &[u8], lon: f64, lat: f64, k: usize) -> Result<u32, JsError> {
    let text = std::str::from_utf8(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    first_answer_text(text, lon, lat, k)
}

/// [`first_answer`] from a JavaScript string instead of bytes (the
/// `text to first answer` row, against `JSON.parse` of the same string):
/// the string crosses into WebAssembly as UTF-8, which the bytes need not.
#[wasm_bindgen(js_name = firstAnswerText)]
pub fn first_answer_text(text: &str, lon: f64, lat: f64, k: usize) -> Result<u32, JsError> {
    let data = load(text).map_err(|e| JsError::new(&e.to_string()))?;
    let index = SpaceIndex::new(&data.spaces);
    let hits = index.nearest(&data.spaces, LonLat { lon, lat }, k, &Filter::default());
    Ok(hits.first().map_or(NONE, |h| h.index as u32))
}

/// Memory of loaded places, measured by the allocator (this build is the
/// app's: no problem messages, no properties outside the schema): `[places,
/// bytes per place beyond its text, text bytes per place, index bytes per
/// place (its folded search text included)]`.
#[wasm_bindgen(js_name = memoryPerPlace)]
pub fn memory_per_place(text: &str) -> Result<Vec<f64>, JsError> {
    let (bytes, n, text_bytes, index) = memory::measure(text).map_err(|e| JsError::new(&e))?;
    let per = |b: usize| if n == 0 { 0.0 } else { b as f64 / n as f64 };
    Ok(vec![
        n as f64,
        per(bytes.saturating_sub(text_bytes)),
        per(text_bytes),
        per(index),
    ])
}

/// A counting allocator, for [`memory_per_place`].
pub mod memory {
    use learnmap_core::{load, SpaceIndex};
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    struct Counting;
    static LIVE: AtomicUsize = AtomicUsize::new(0);

    // SAFETY: forwards to the system allocator, only counting sizes.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            LIVE.fetch_add(layout.size(), Relaxed);
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size(), Relaxed);
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            LIVE.fetch_add(new_size, Relaxed);
            LIVE.fetch_sub(layout.size(), Relaxed);
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    /// Bytes live now.
    pub fn live() -> usize {
        LIVE.load(Relaxed)
    }

    /// Loads `text`: (bytes the places hold, places, of which text bytes,
    /// bytes of their index).
    pub fn measure(text: &str) -> Result<(usize, usize, usize, usize), String> {
        let before = live();
        let spaces = load(text).map_err(|e| e.to_string())?.spaces;
        let bytes = live() - before;
        let text_bytes = spaces.iter().map(|s| s.text_bytes()).sum();
        let before = live();
        let index = SpaceIndex::new(&spaces);
        // with its search text, which the first text search makes
        if let Some(first) = spaces.first() {
            let search = learnmap_core::Filter {
                text: "a".into(),
                ..Default::default()
            };
            drop(index.nearest(&spaces, first.position, 1, &search));
        }
        let index_bytes = live() - before;
        drop(index);
        Ok((bytes, spaces.len(), text_bytes, index_bytes))
    }
}

/// Loads GeoJSON text with `learnmap_core::load` and returns how many places
/// loaded: the timed `load` case (the text crosses into WebAssembly as the
/// app's does).
#[wasm_bindgen]
pub fn load_geojson(text: &str) -> Result<u32, JsError> {
    let data = load(text).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(data.spaces.len() as u32)
}

/// Loaded places and, once built, their index.
#[wasm_bindgen]
pub struct Bench {
    spaces: Vec<LearningSpace>,
    index: Option<SpaceIndex>,
}

#[wasm_bindgen]
impl Bench {
    /// The places the loader keeps from GeoJSON text.
    #[wasm_bindgen(js_name = fromGeojson)]
    pub fn from_geojson(text: &str) -> Result<Bench, JsError> {
        let data = load(text).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Bench {
            spaces: data.spaces,
            index: None,
        })
    }

    /// One place per point, in order, each with its tag (`""` for none) for
    /// the filtered case: the same points the anchors index, whatever
    /// properties the source file had. A tag that is a place type becomes
    /// the place's `place_type`. Made through the loader, so the places are
    /// real ones (not timed).
    #[wasm_bindgen(js_name = fromPoints)]
    pub fn from_points(lons: &[f64], lats: &[f64], tags: Vec<String>) -> Result<Bench, JsError> {
        let spaces = spaces_from_points(lons, lats, &tags).map_err(|e| JsError::new(&e))?;
        Ok(Bench {
            spaces,
            index: None,
        })
    }

    /// How many places there are.
    pub fn len(&self) -> usize {
        self.spaces.len()
    }

    /// Whether there are none.
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.spaces.is_empty()
    }

    /// Longitude, latitude, longitude, latitude... of every place, in order.
    pub fn positions(&self) -> Vec<f64> {
        self.spaces
            .iter()
            .flat_map(|s| [s.position.lon, s.position.lat])
            .collect()
    }

    /// Builds (or rebuilds) the index: the timed `index` case.
    #[wasm_bindgen(js_name = buildIndex)]
    pub fn build_index(&mut self) -> usize {
        let index = SpaceIndex::new(&self.spaces);
        let len = index.len();
        self.index = Some(index);
        len
    }

    /// The `k` nearest places to each query point: `k` indices per query,
    /// nearest first, padded with [`NONE`].
    pub fn nearest(&self, lons: &[f64], lats: &[f64], k: usize) -> Result<Vec<u32>, JsError> {
        let filter = Filter::default();
        self.batch(lons, lats, k, |index, spaces, at| {
            index.nearest(spaces, at, k, &filter)
        })
    }

    /// As [`Bench::nearest`], only places tagged `tag`: through the core's
    /// `Filter` when the tag is a place type (as the app filters), else
    /// through `nearest_where` with a test of the tag.
    #[wasm_bindgen(js_name = nearestFiltered)]
    pub fn nearest_filtered(
        &self,
        lons: &[f64],
        lats: &[f64],
        k: usize,
        tag: &str,
    ) -> Result<Vec<u32>, JsError> {
        match PlaceType::parse(tag) {
            Some(place_type) => {
                let filter = Filter {
                    place_types: [place_type].into_iter().collect(),
                    ..Filter::default()
                };
                self.batch(lons, lats, k, |index, spaces, at| {
                    index.nearest(spaces, at, k, &filter)
                })
            }
            None => {
                let filter = Filter::default();
                self.batch(lons, lats, k, |index, spaces, at| {
                    index.nearest_where(spaces, at, k, &filter, |s| s.subjects().any(|t| t == tag))
                })
            }
        }
    }

    /// The places in a view box of `2 * half_deg` degrees square around
    /// each query point; returns how many were found over all queries.
    pub fn within(&self, lons: &[f64], lats: &[f64], half_deg: f64) -> Result<u32, JsError> {
        let index = self.index()?;
        check_same_length(lons, lats).map_err(|e| JsError::new(&e))?;
        let filter = Filter::default();
        let found: usize = lons
            .iter()
            .zip(lats)
            .map(|(&lon, &lat)| {
                let view = BBox::new(
                    lon - half_deg,
                    lat - half_deg,
                    lon + half_deg,
                    lat + half_deg,
                );
                index.within(&self.spaces, view, &filter).len()
            })
            .sum();
        Ok(found as u32)
    }

    /// The clusters (and single places) shown at `zoom` in the view west,
    /// south, east, north; returns how many markers.
    pub fn clusters(
        &self,
        west: f64,
        south: f64,
        east: f64,
        north: f64,
        zoom: u8,
    ) -> Result<u32, JsError> {
        let index = self.index()?;
        let view = BBox::new(west, south, east, north);
        Ok(index
            .clusters(&self.spaces, view, zoom, &Filter::default())
            .len() as u32)
    }
}

impl Bench {
    fn index(&self) -> Result<&SpaceIndex, JsError> {
        self.index
            .as_ref()
            .ok_or_else(|| JsError::new("call buildIndex() first"))
    }

    fn batch(
        &self,
        lons: &[f64],
        lats: &[f64],
        k: usize,
        query: impl Fn(&SpaceIndex, &[LearningSpace], LonLat) -> Vec<Hit>,
    ) -> Result<Vec<u32>, JsError> {
        let index = self.index()?;
        check_same_length(lons, lats).map_err(|e| JsError::new(&e))?;
        Ok(nearest_batch(lons, lats, k, |at| {
            query(index, &self.spaces, at)
        }))
    }
}

fn check_same_length(lons: &[f64], lats: &[f64]) -> Result<(), String> {
    if lons.len() == lats.len() {
        Ok(())
    } else {
        Err(format!(
            "{} longitudes but {} latitudes",
            lons.len(),
            lats.len()
        ))
    }
}

/// Runs `query` for each point: `k` place indices per point, nearest first,
/// padded with [`NONE`].
pub fn nearest_batch(
    lons: &[f64],
    lats: &[f64],
    k: usize,
    query: impl Fn(LonLat) -> Vec<Hit>,
) -> Vec<u32> {
    let mut out = vec![NONE; lons.len() * k];
    for (q, (&lon, &lat)) in lons.iter().zip(lats).enumerate() {
        let hits = query(LonLat { lon, lat });
        for (slot, hit) in out[q * k..(q + 1) * k].iter_mut().zip(&hits) {
            *slot = hit.index as u32;
        }
    }
    out
}

/// Places for points, through the loader: id and name are the point's
/// number; a tag that is a place type is the `place_type`, any other
/// non-empty tag its one subject.
pub fn spaces_from_points(
    lons: &[f64],
    lats: &[f64],
    tags: &[String],
) -> Result<Vec<LearningSpace>, String> {
    check_same_length(lons, lats)?;
    if tags.len() != lons.len() {
        return Err(format!("{} points but {} tags", lons.len(), tags.len()));
    }
    let mut text = String::with_capacity(lons.len() * 120 + 64);
    text.push_str("{\"type\":\"FeatureCollection\",\"features\":[");
    for (i, ((lon, lat), tag)) in lons.iter().zip(lats).zip(tags).enumerate() {
        if i > 0 {
            text.push(',');
        }
        // Debug formatting of a finite f64 round-trips exactly and is valid JSON.
        text.push_str(&format!(
            "{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:?},{lat:?}]}},\"properties\":{{\"id\":\"p{i}\",\"name\":\"Point {i}\""
        ));
        if !tag.is_empty() {
            let key = match PlaceType::parse(tag) {
                Some(_) => "place_type",
                None => TAG,
            };
            text.push_str(&format!(",\"{key}\":"));
            text.push_str(&json_string(tag));
        }
        text.push_str("}}");
    }
    text.push_str("]}");
    let data = load(&text).map_err(|e| e.to_string())?;
    if data.spaces.len() != lons.len() {
        let first = data.problems.first().map(ToString::to_string);
        return Err(format!(
            "{} of {} points loaded; first problem: {}",
            data.spaces.len(),
            lons.len(),
            first.unwrap_or_default()
        ));
    }
    Ok(data.spaces)
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points() -> (Vec<f64>, Vec<f64>, Vec<String>) {
        let lons = vec![9.99, 10.0, 10.5, -179.9];
        let lats = vec![53.55, 53.5, 53.0, -16.5];
        let tags = ["library", "", "Secondary \"A\"", "library"]
            .map(String::from)
            .to_vec();
        (lons, lats, tags)
    }

    fn bench() -> Bench {
        let (lons, lats, tags) = points();
        let mut bench = Bench {
            spaces: spaces_from_points(&lons, &lats, &tags).unwrap(),
            index: None,
        };
        assert_eq!(bench.build_index(), 4);
        bench
    }

    #[test]
    fn points_become_places_in_order_with_their_tags() {
        let spaces = bench().spaces;
        assert_eq!(spaces.len(), 4);
        assert_eq!(
            (spaces[3].position.lon, spaces[3].position.lat),
            (-179.9, -16.5)
        );
        assert_eq!(spaces[0].place_type, Some(PlaceType::Library));
        assert_eq!(spaces[1].place_type, None);
        assert_eq!(spaces[1].subjects().count(), 0);
        assert_eq!(
            spaces[2].subjects().collect::<Vec<_>>(),
            ["Secondary \"A\""]
        );
    }

    #[test]
    fn mismatched_lengths_are_refused() {
        let (lons, lats, tags) = points();
        assert!(spaces_from_points(&lons[..3], &lats, &tags).is_err());
        assert!(spaces_from_points(&lons, &lats, &tags[..2]).is_err());
    }

    #[test]
    fn nearest_pads_and_filters_by_place_type_or_tag() {
        let b = bench();
        // Two queries, k = 3: near Hamburg, then near Fiji across the antimeridian.
        let found = b.nearest(&[9.99, 179.9], &[53.551, -16.5], 3).ok().unwrap();
        assert_eq!(&found[..3], &[0, 1, 2]);
        assert_eq!(found[3], 3);
        let libraries = b
            .nearest_filtered(&[10.0], &[53.5], 3, "library")
            .ok()
            .unwrap();
        assert_eq!(libraries, vec![0, 3, NONE]);
        let tagged = b
            .nearest_filtered(&[10.0], &[53.5], 3, "Secondary \"A\"")
            .ok()
            .unwrap();
        assert_eq!(tagged, vec![2, NONE, NONE]);
    }

    #[test]
    fn within_and_clusters_count_what_the_view_holds() {
        let b = bench();
        // A box of 0.1 degree around Hamburg holds the first two places.
        assert_eq!(b.within(&[10.0], &[53.52], 0.05).ok(), Some(2));
        // The whole world at zoom 0: every place is in some marker.
        let markers = b.clusters(-180.0, -85.0, 180.0, 85.0, 0).ok().unwrap();
        assert!((1..=4).contains(&markers), "{markers} markers");
        // At a street zoom the three Hamburg places are apart.
        assert_eq!(b.clusters(9.0, 52.5, 11.0, 54.0, 16).ok(), Some(3));
        assert!(pending().is_empty());
    }
}
