//! The spatial index: exact nearest learning spaces on the sphere.

use crate::geo::{chord2_to_m, unit_vector};
use crate::model::{LearningSpace, LonLat};
use rstar::primitives::GeomWithData;
use rstar::RTree;

type Entry = GeomWithData<[f64; 3], u32>;

/// A place found by a query: its position in the indexed slice and its distance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    /// Index into the slice the [`SpaceIndex`] was built from.
    pub index: usize,
    /// Great-circle distance from the query point, in metres.
    pub distance_m: f64,
}

/// An R-tree over learning spaces, built once per dataset.
///
/// ```
/// use learnmap_core::{load, LonLat, SpaceIndex};
/// let data = load(r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[10.0,53.5]},"properties":{"id":"far","name":"Far"}},
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[9.99,53.55]},"properties":{"id":"near","name":"Near"}}
/// ]}"#).unwrap();
/// let index = SpaceIndex::new(&data.spaces);
/// let hits = index.nearest(&data.spaces, LonLat { lon: 9.99, lat: 53.551 }, 1, |_| true);
/// assert_eq!(data.spaces[hits[0].index].id, "near");
/// ```
#[derive(Debug)]
pub struct SpaceIndex {
    tree: RTree<Entry>,
}

impl SpaceIndex {
    /// Builds the index (bulk load, O(n log n)).
    pub fn new(spaces: &[LearningSpace]) -> Self {
        let entries = spaces
            .iter()
            .enumerate()
            .map(|(i, s)| GeomWithData::new(unit_vector(s.position), i as u32))
            .collect();
        SpaceIndex {
            tree: RTree::bulk_load(entries),
        }
    }

    /// How many places are indexed.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The `k` nearest places accepted by `filter`, nearest first; places at
    /// the same distance are ordered by id, so results are deterministic.
    pub fn nearest(
        &self,
        spaces: &[LearningSpace],
        at: LonLat,
        k: usize,
        filter: impl Fn(&LearningSpace) -> bool,
    ) -> Vec<Hit> {
        if k == 0 {
            return Vec::new();
        }
        let mut hits: Vec<(f64, usize)> = Vec::with_capacity(k);
        for (entry, d2) in self
            .tree
            .nearest_neighbor_iter_with_distance_2(unit_vector(at))
        {
            // Past the k-th distance, nothing can enter or reorder the result.
            if hits.len() >= k && d2 > hits[k - 1].0 {
                break;
            }
            let i = entry.data as usize;
            if filter(&spaces[i]) {
                hits.push((d2, i));
            }
        }
        hits.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| spaces[a.1].id.cmp(&spaces[b.1].id))
        });
        hits.truncate(k);
        hits.into_iter()
            .map(|(d2, index)| Hit {
                index,
                distance_m: chord2_to_m(d2),
            })
            .collect()
    }
}
