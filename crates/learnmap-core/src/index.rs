//! The spatial index: exact nearest learning spaces on the sphere, places in
//! a map view, clusters and facet counts, all under a [`Filter`].
//!
//! How it works is explained on [`SpaceIndex`].

use crate::bbox::{in_lon_ranges, BBox};
use crate::cluster::{self, Cluster};
use crate::facets::Facets;
use crate::filter::{
    push_searchable, Compiled, Filter, Record, FREE, NO_AGES, NO_TYPE, WHEELCHAIR,
};
use crate::geo::{chord2_to_m, unit_vector};
use crate::model::{LearningSpace, LonLat};
use crate::vocab::{AgeGroup, Audience, LearningArea, PlaceType, Vocabulary};
use rstar::primitives::GeomWithData;
use rstar::{ParentNode, RStarInsertionStrategy, RTree, RTreeNode, RTreeParams};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, VecDeque};

/// What rstar's bulk load groups: a place's position on the Web Mercator
/// square, from its quadtree code (`cluster::unmorton`: integers below
/// 2^30, so their sums fit an `i32`, and compared without a float's NaN
/// check), and the place. On the map's own plane, not the sphere's three dimensions: a
/// city's or a country's places are grouped into nodes that are compact on
/// the map (tighter boxes for views), in two partitions a level, not three
/// (Kenya's build a fifth faster). Only the grouping comes from it: the
/// flat tree's boxes are made from the exact `f64` unit vectors and
/// positions (`aggregate`), so every query is as exact as before.
type Entry = GeomWithData<[i32; 2], u32>;

struct Params;

impl RTreeParams for Params {
    const MIN_SIZE: usize = 8;
    const MAX_SIZE: usize = 32;
    const REINSERTION_COUNT: usize = 2;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}

/// A place found by a query: its position in the indexed slice and its distance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    /// Index into the slice the [`SpaceIndex`] was built from.
    pub index: usize,
    /// Great-circle distance from the query point, in metres.
    pub distance_m: f64,
}

type Aabb = ([f64; 3], [f64; 3]);

/// A box in 3-D around every unit vector of a lon/lat rectangle (conservative).
/// Made for every query: nothing here allocates.
fn aabb_of_rect((w, e): (f64, f64), (s, n): (f64, f64)) -> Aabb {
    let has = |lo: f64, hi: f64, x: f64| lo <= x && x <= hi;
    let widen = |(lo, hi): (f64, f64), v: f64| (lo.min(v), hi.max(v));
    let span = |a: f64, b: f64| widen((a, a), b);
    let (wr, er) = (w.to_radians(), e.to_radians());
    let mut cos = span(wr.cos(), er.cos());
    if has(w, e, 0.0) {
        cos = widen(cos, 1.0);
    }
    let mut sin = span(wr.sin(), er.sin());
    if has(w, e, 90.0) {
        sin = widen(sin, 1.0);
    }
    if has(w, e, -90.0) {
        sin = widen(sin, -1.0);
    }
    let (sr, nr) = (s.to_radians(), n.to_radians());
    let mut c = span(sr.cos(), nr.cos());
    if has(s, n, 0.0) {
        c = widen(c, 1.0);
    }
    let (cmin, cmax) = (c.0.max(0.0), c.1);
    let product = |(lo, hi): (f64, f64)| {
        [cmin * hi, cmax * lo, cmax * hi]
            .into_iter()
            .fold(span(cmin * lo, cmin * lo), widen)
    };
    let (xlo, xhi) = product(cos);
    let (ylo, yhi) = product(sin);
    const PAD: f64 = 1e-9;
    (
        [xlo - PAD, ylo - PAD, sr.sin() - PAD],
        [xhi + PAD, yhi + PAD, nr.sin() + PAD],
    )
}

fn boxes_meet(a: &Aabb, min: &[f64; 3], max: &[f64; 3]) -> bool {
    (0..3).all(|i| min[i] <= a.1[i] && a.0[i] <= max[i])
}

#[derive(Clone, Copy, Debug)]
struct Node {
    min: [f64; 3],
    max: [f64; 3],
    agg: Record,
    group: Group,
    first_child: u32,
    first_item: u32,
    children: u16,
    items: u16,
}

/// What a cluster needs to know of a set of places: how many, the one with
/// the smallest id, the least and greatest quadtree codes and the sums of
/// their Mercator coordinates (integers below 2^50, so the sums are exact
/// whatever the order of addition, and a cluster's position is the same
/// whichever way it was summed).
#[derive(Clone, Copy, Debug)]
struct Group {
    count: u32,
    first: u32,
    first_rank: u32,
    lo: u64,
    hi: u64,
    sum_x: f64,
    sum_y: f64,
}

impl Group {
    fn none() -> Group {
        Group {
            count: 0,
            first: 0,
            first_rank: u32::MAX,
            lo: u64::MAX,
            hi: 0,
            sum_x: 0.0,
            sum_y: 0.0,
        }
    }

    fn merge(&mut self, other: &Group) {
        self.count += other.count;
        if other.first_rank < self.first_rank {
            self.first_rank = other.first_rank;
            self.first = other.first;
        }
        self.lo = self.lo.min(other.lo);
        self.hi = self.hi.max(other.hi);
        self.sum_x += other.sum_x;
        self.sum_y += other.sum_y;
    }
}

/// A queue entry of the best-first search: a node (by its box's distance)
/// or a place (by its exact distance, then id rank). Nodes come before
/// places at the same distance, so a place is only reported once nothing
/// unexplored can come before it.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    d2: f64,
    is_item: bool,
    rank: u32,
    at: u32,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.d2
            .total_cmp(&other.d2)
            .then(self.is_item.cmp(&other.is_item))
            .then(self.rank.cmp(&other.rank))
            .then(self.at.cmp(&other.at))
    }
}

/// The index over a slice of learning spaces, built once per dataset.
///
/// # How it works
///
/// Places are points on the unit sphere ([`unit_vector`]); the straight-line
/// (chord) distance between unit vectors grows with the great-circle
/// distance, so a Euclidean R-tree over them answers nearest queries
/// exactly, across the antimeridian and at the poles alike, with no special
/// cases.
///
/// The tree is built by [rstar]'s bulk loader (its overlap-minimising
/// packing, up to 32 children a node), which groups the places by where
/// they are on the map (their Web Mercator cells: nodes compact on the
/// map, for views), and then flattened into compact arrays: one record
/// per tree node, with its boxes on the sphere and on the map, **the union of
/// what its places offer** (OR of learning-area, audience, place-type,
/// language and flag bits, min/max of ages) and cluster sums, and per place
/// a 12-byte record of what the filter needs, its unit vector, position,
/// quadtree code and id rank. rstar's tree is dropped once flattened: its
/// own layout stores every place in an enum as large as an inner node
/// (72 bytes before any aggregate), and its nearest-neighbour iterator
/// cannot skip subtrees by attribute. The flat copy takes 77–87 bytes a
/// place (strings excluded: the folded search text adds its own length;
/// see [`SpaceIndex::heap_bytes`]) and lets every query prune subtrees
/// with no matching place, so a filter matching 1% of places does not fall
/// back to a scan.
///
/// Nearest queries are best-first searches (a priority queue of nodes and
/// places by chord distance), which yield places in exact distance order;
/// ties are broken by id (a precomputed rank), so results are deterministic
/// even when thousands of places share a coordinate. Text, opening hours
/// and languages beyond the first 31 are checked only on places about to
/// be reported.
///
/// Every query takes the `spaces` slice the index was built from: opening
/// hours and rare languages are checked on the places themselves.
///
/// ```
/// use learnmap_core::{load, BBox, Filter, LonLat, SpaceIndex};
/// let data = load(r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[10.0,53.5]},"properties":{"id":"far","name":"Far","fee":"free"}},
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[9.99,53.55]},"properties":{"id":"near","name":"Near"}}
/// ]}"#).unwrap();
/// let index = SpaceIndex::new(&data.spaces);
/// let here = LonLat { lon: 9.99, lat: 53.551 };
/// let hits = index.nearest(&data.spaces, here, 1, &Filter::default());
/// assert_eq!(data.spaces[hits[0].index].id(), "near");
/// let free = Filter { free: true, ..Filter::default() };
/// let hits = index.nearest(&data.spaces, here, 5, &free);
/// assert_eq!(hits.len(), 1);
/// assert_eq!(data.spaces[hits[0].index].id(), "far");
/// assert_eq!(index.within(&data.spaces, BBox::new(9.9, 53.5, 9.995, 53.6), &Filter::default()), vec![1]);
/// ```
#[derive(Debug)]
pub struct SpaceIndex {
    nodes: Vec<Node>,
    /// Per node, the longitudes and latitudes of its places: west, south,
    /// east, north (a box on the map, for `within`: tighter for a view than
    /// the 3-D box of the view's rectangle, and one a view can hold whole).
    /// Apart from the nodes, so that a node's children's boxes lie side by
    /// side and a view passes by the children it misses without reading them.
    map_boxes: Vec<[f64; 4]>,
    /// Per place, in tree order: unit vector, position, slice index, id rank, record, quadtree code.
    xyz: Vec<[f64; 3]>,
    lonlat: Vec<LonLat>,
    place: Vec<u32>,
    rank: Vec<u32>,
    records: Vec<Record>,
    morton: Vec<u64>,
    /// Folded searchable text of all places, made by the first query that
    /// searches text (most never do, and it was a third of the build).
    search: std::sync::OnceLock<SearchText>,
    /// Interned language tags (lowercase); a record's language bit `i` is tag `i`.
    languages: Vec<String>,
    /// Per zoom, the clusters of all places (no filter), made by the first
    /// clustering without a filter at that zoom; `None` where clustering
    /// barely groups (more than half as many cells as places), which is
    /// then done from the tree as before.
    tables: [std::sync::OnceLock<Option<CellTable>>; cluster::MAX_ZOOM as usize + 1],
}

/// The clusters of every place at one zoom, in cell (quadtree) order, and
/// each one's cell as a quadtree key, for finding a view's cells by binary
/// search: a view of a phone's size at zoom 12 looks up a few dozen cells
/// instead of walking the tree down to its places (issue 18: clusters
/// against supercluster, which keeps its clusters per zoom in the same way).
#[derive(Debug)]
struct CellTable {
    keys: Vec<u64>,
    clusters: Vec<Cluster>,
}

/// Every place's folded searchable text, in slice order, and where each ends.
#[derive(Debug)]
struct SearchText {
    text: String,
    end: Vec<u32>,
}

impl SearchText {
    fn of(spaces: &[LearningSpace]) -> Self {
        let mut text = String::new();
        let mut end = Vec::with_capacity(spaces.len());
        for s in spaces {
            push_searchable(s, &mut text);
            end.push(text.len() as u32);
        }
        text.shrink_to_fit();
        SearchText { text, end }
    }
}

impl SpaceIndex {
    /// Builds the index (bulk load, O(n log n)).
    pub fn new(spaces: &[LearningSpace]) -> Self {
        // Everything read from the places is read once, in slice order
        // (places are large and scattered; tree order would miss the cache).
        let positions: Vec<LonLat> = spaces.iter().map(|s| s.position).collect();
        let xyz_of: Vec<[f64; 3]> = positions.iter().map(|&p| unit_vector(p)).collect();
        let mut languages: Vec<String> = Vec::new();
        let mut by_lowercase: HashMap<String, usize> = HashMap::new();
        let mut by_tag: HashMap<String, usize> = HashMap::new();
        let mut record_of = Vec::with_capacity(spaces.len());
        for s in spaces {
            record_of.push(Record::of(s, |tag| {
                if let Some(&id) = by_tag.get(tag) {
                    return id;
                }
                let key = tag.to_ascii_lowercase();
                let id = *by_lowercase.entry(key.clone()).or_insert_with(|| {
                    languages.push(key);
                    languages.len() - 1
                });
                by_tag.insert(tag.to_owned(), id);
                id
            }));
        }
        let rank_of = id_ranks(&spaces.iter().map(LearningSpace::id).collect::<Vec<_>>());

        let morton_of: Vec<u64> = positions
            .iter()
            .zip(&xyz_of)
            .map(|(&p, v)| cluster::morton_with_sin(p, v[2]))
            .collect();
        let entries: Vec<Entry> = morton_of
            .iter()
            .enumerate()
            .map(|(i, &m)| {
                let (x, y) = cluster::unmorton(m);
                GeomWithData::new([x as i32, y as i32], i as u32)
            })
            .collect();
        let tree: RTree<Entry, Params> = RTree::bulk_load_with_params(entries);

        // Flatten breadth-first: each node's children and places are contiguous.
        let mut nodes = vec![empty_node()];
        let mut order: Vec<u32> = Vec::with_capacity(spaces.len());
        let mut queue: VecDeque<&ParentNode<Entry>> = VecDeque::from([tree.root()]);
        let mut this = 0;
        while let Some(parent) = queue.pop_front() {
            let first_item = order.len();
            let first_child = nodes.len();
            for child in parent.children() {
                match child {
                    RTreeNode::Leaf(entry) => order.push(entry.data),
                    RTreeNode::Parent(p) => {
                        nodes.push(empty_node());
                        queue.push_back(p);
                    }
                }
            }
            let children = (nodes.len() - first_child) as u16;
            let node = &mut nodes[this];
            node.first_item = first_item as u32;
            node.items = (order.len() - first_item) as u16;
            node.first_child = first_child as u32;
            node.children = children;
            this += 1;
        }
        drop(tree);
        nodes.shrink_to_fit();

        let mut index = SpaceIndex {
            xyz: order.iter().map(|i| xyz_of[*i as usize]).collect(),
            lonlat: order.iter().map(|i| positions[*i as usize]).collect(),
            rank: order.iter().map(|i| rank_of[*i as usize]).collect(),
            records: order.iter().map(|i| record_of[*i as usize]).collect(),
            morton: order.iter().map(|&i| morton_of[i as usize]).collect(),
            place: order,
            search: std::sync::OnceLock::new(),
            languages,
            map_boxes: vec![[0.0; 4]; nodes.len()],
            nodes,
            tables: std::array::from_fn(|_| std::sync::OnceLock::new()),
        };
        index.aggregate();
        index
    }

    /// Fills in each node's box and union record, children first.
    fn aggregate(&mut self) {
        for n in (0..self.nodes.len()).rev() {
            let node = self.nodes[n];
            let mut agg = Record::none();
            let mut group = Group::none();
            let (mut min, mut max) = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
            let mut map = [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ];
            // widens `map` to hold the box `[west, south, east, north]`
            let widen = |map: &mut [f64; 4], [w, s, e, n]: [f64; 4]| {
                *map = [
                    lower(map[0], w),
                    lower(map[1], s),
                    higher(map[2], e),
                    higher(map[3], n),
                ];
            };
            for i in items_of(&node) {
                agg.merge(&self.records[i]);
                group.merge(&self.group_of(i));
                for d in 0..3 {
                    min[d] = lower(min[d], self.xyz[i][d]);
                    max[d] = higher(max[d], self.xyz[i][d]);
                }
                let p = self.lonlat[i];
                widen(&mut map, [p.lon, p.lat, p.lon, p.lat]);
            }
            for c in children_of(&node) {
                let child = &self.nodes[c];
                agg.merge(&child.agg);
                group.merge(&child.group);
                for d in 0..3 {
                    min[d] = lower(min[d], child.min[d]);
                    max[d] = higher(max[d], child.max[d]);
                }
                widen(&mut map, self.map_boxes[c]);
            }
            let node = &mut self.nodes[n];
            node.agg = agg;
            node.group = group;
            node.min = min;
            node.max = max;
            self.map_boxes[n] = map;
        }
    }

    /// How many places are indexed.
    pub fn len(&self) -> usize {
        self.place.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.place.is_empty()
    }

    /// Heap memory of the index, without the text it keeps for search
    /// (see [`SpaceIndex::text_bytes`]).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.nodes.capacity() * size_of::<Node>()
            + self.map_boxes.capacity() * size_of::<[f64; 4]>()
            + self.xyz.capacity() * size_of::<[f64; 3]>()
            + self.lonlat.capacity() * size_of::<LonLat>()
            + self.place.capacity() * 4
            + self.rank.capacity() * 4
            + self.records.capacity() * size_of::<Record>()
            + self.morton.capacity() * 8
            + self.search.get().map_or(0, |t| t.end.capacity() * 4)
            + self.languages.capacity() * size_of::<String>()
            + self
                .tables
                .iter()
                .filter_map(|t| t.get()?.as_ref())
                .map(|t| t.keys.capacity() * 8 + t.clusters.capacity() * size_of::<Cluster>())
                .sum::<usize>()
    }

    /// Heap memory of the folded search text (and interned language tags).
    /// The search text is made by the first query that searches text; 0
    /// until then.
    pub fn text_bytes(&self) -> usize {
        self.search.get().map_or(0, |t| t.text.capacity())
            + self.languages.iter().map(String::capacity).sum::<usize>()
    }

    /// The folded search text of the place at `item`, folding every
    /// place's on the first call.
    fn text_of(&self, spaces: &[LearningSpace], item: usize) -> &str {
        let search = self.search.get_or_init(|| SearchText::of(spaces));
        let place = self.place[item] as usize;
        let start = if place == 0 {
            0
        } else {
            search.end[place - 1] as usize
        };
        &search.text[start..search.end[place] as usize]
    }

    fn confirm(&self, q: &Compiled, spaces: &[LearningSpace], item: usize) -> bool {
        let text = if q.text.is_some() {
            self.text_of(spaces, item)
        } else {
            ""
        };
        q.confirm(
            &self.records[item],
            &spaces[self.place[item] as usize],
            text,
        )
    }

    /// The `k` nearest places matching `filter`, nearest first, with their
    /// great-circle distances; places at the same distance are ordered by
    /// id. Fewer than `k` when fewer match.
    pub fn nearest(
        &self,
        spaces: &[LearningSpace],
        at: LonLat,
        k: usize,
        filter: &Filter,
    ) -> Vec<Hit> {
        self.nearest_where(spaces, at, k, filter, |_| true)
    }

    /// [`SpaceIndex::nearest`] with an extra condition on each place
    /// (checked last, on places that match `filter`).
    pub fn nearest_where(
        &self,
        spaces: &[LearningSpace],
        at: LonLat,
        k: usize,
        filter: &Filter,
        extra: impl Fn(&LearningSpace) -> bool,
    ) -> Vec<Hit> {
        debug_assert_eq!(
            spaces.len(),
            self.len(),
            "not the slice the index was built from"
        );
        let mut hits = Vec::new();
        if k == 0 || self.is_empty() {
            return hits;
        }
        let q = Compiled::new(filter, &self.languages);
        let p = unit_vector(at);
        let mut queue = BinaryHeap::new();
        if q.may_match(&self.nodes[0].agg) {
            queue.push(Reverse(Candidate {
                d2: box_d2(&p, &self.nodes[0]),
                is_item: false,
                rank: 0,
                at: 0,
            }));
        }
        while let Some(Reverse(c)) = queue.pop() {
            let at = c.at as usize;
            if c.is_item {
                // The costly checks run only for places that would be reported next.
                if self.confirm(&q, spaces, at) && extra(&spaces[self.place[at] as usize]) {
                    hits.push(Hit {
                        index: self.place[at] as usize,
                        distance_m: chord2_to_m(c.d2),
                    });
                    if hits.len() == k {
                        break;
                    }
                }
                continue;
            }
            let node = &self.nodes[at];
            for i in items_of(node) {
                if q.may_match(&self.records[i]) {
                    queue.push(Reverse(Candidate {
                        d2: dist2(&p, &self.xyz[i]),
                        is_item: true,
                        rank: self.rank[i],
                        at: i as u32,
                    }));
                }
            }
            for ch in children_of(node) {
                let child = &self.nodes[ch];
                if q.may_match(&child.agg) {
                    queue.push(Reverse(Candidate {
                        d2: box_d2(&p, child),
                        is_item: false,
                        rank: 0,
                        at: ch as u32,
                    }));
                }
            }
        }
        hits
    }

    /// The great-circle distance in metres from each point to its nearest
    /// place matching `filter` (infinity when none matches), written to
    /// `out` (cleared first): exactly what [`SpaceIndex::nearest`] with
    /// `k = 1` gives, for many points at once. The filter is compiled
    /// once, each place's costly checks (text, opening hours) run at most
    /// once, and each search is bounded by the distance to the previous
    /// point's nearest place, so points in grid order (neighbours one
    /// after the other, as planners' grids are) take a few node visits each.
    ///
    /// ```
    /// use learnmap_core::{load, Filter, LonLat, SpaceIndex};
    /// let data = load(r#"{"type":"FeatureCollection","features":[
    ///   {"type":"Feature","geometry":{"type":"Point","coordinates":[10.0,53.5]},"properties":{"id":"a","name":"A","fee":"free"}},
    ///   {"type":"Feature","geometry":{"type":"Point","coordinates":[10.1,53.5]},"properties":{"id":"b","name":"B"}}
    /// ]}"#).unwrap();
    /// let index = SpaceIndex::new(&data.spaces);
    /// let points = [LonLat { lon: 10.1, lat: 53.5 }];
    /// let mut out = Vec::new();
    /// index.nearest_distances(&data.spaces, &points, &Filter { free: true, ..Filter::default() }, &mut out);
    /// assert!((out[0] - 6_614.0).abs() < 5.0);
    /// index.nearest_distances(&data.spaces, &points, &Filter { wheelchair: true, ..Filter::default() }, &mut out);
    /// assert_eq!(out, [f64::INFINITY]);
    /// ```
    pub fn nearest_distances(
        &self,
        spaces: &[LearningSpace],
        points: &[LonLat],
        filter: &Filter,
        out: &mut Vec<f64>,
    ) {
        debug_assert_eq!(
            spaces.len(),
            self.len(),
            "not the slice the index was built from"
        );
        out.clear();
        let q = Compiled::new(filter, &self.languages);
        if self.is_empty() || !q.may_match(&self.nodes[0].agg) {
            out.resize(points.len(), f64::INFINITY);
            return;
        }
        // Per place, in tree order: 0 not yet checked, 1 matches, 2 does not.
        let mut checked = vec![0u8; self.len()];
        let mut queue: BinaryHeap<Reverse<Candidate>> = BinaryHeap::new();
        let mut previous: Option<usize> = None;
        for &point in points {
            let p = unit_vector(point);
            // The previous point's nearest place bounds this one's search
            // (a little slack, so rounding never prunes the true nearest).
            let bound = previous.map_or(f64::INFINITY, |i| dist2(&p, &self.xyz[i]) * (1.0 + 1e-9));
            queue.clear();
            queue.push(Reverse(Candidate {
                d2: box_d2(&p, &self.nodes[0]),
                is_item: false,
                rank: 0,
                at: 0,
            }));
            let mut found = None;
            while let Some(Reverse(c)) = queue.pop() {
                let at = c.at as usize;
                if c.is_item {
                    if checked[at] == 0 {
                        checked[at] = if self.confirm(&q, spaces, at) { 1 } else { 2 };
                    }
                    if checked[at] == 1 {
                        found = Some((at, c.d2));
                        break;
                    }
                    continue;
                }
                let node = &self.nodes[at];
                for i in items_of(node) {
                    if checked[i] != 2 && q.may_match(&self.records[i]) {
                        let d2 = dist2(&p, &self.xyz[i]);
                        if d2 <= bound {
                            queue.push(Reverse(Candidate {
                                d2,
                                is_item: true,
                                rank: self.rank[i],
                                at: i as u32,
                            }));
                        }
                    }
                }
                for ch in children_of(node) {
                    let child = &self.nodes[ch];
                    if q.may_match(&child.agg) {
                        let d2 = box_d2(&p, child);
                        if d2 <= bound {
                            queue.push(Reverse(Candidate {
                                d2,
                                is_item: false,
                                rank: 0,
                                at: ch as u32,
                            }));
                        }
                    }
                }
            }
            match found {
                Some((at, d2)) => {
                    previous = Some(at);
                    out.push(chord2_to_m(d2));
                }
                None => {
                    // Nothing within the bound can only mean nothing matches at all.
                    debug_assert!(previous.is_none());
                    out.resize(points.len(), f64::INFINITY);
                    return;
                }
            }
        }
    }

    /// Visits every place in a node meeting one of `boxes` whose record may
    /// match (every place there when the filter is empty).
    fn visit(&self, boxes: &[Aabb], q: &Compiled, mut f: impl FnMut(usize)) {
        let all = q.all;
        if self.is_empty() || boxes.is_empty() {
            return;
        }
        let mut stack = Vec::with_capacity(64);
        stack.push(0usize);
        while let Some(n) = stack.pop() {
            let node = &self.nodes[n];
            if !boxes.iter().any(|b| boxes_meet(b, &node.min, &node.max))
                || !(all || q.may_match(&node.agg))
            {
                continue;
            }
            for i in items_of(node) {
                if all || q.may_match(&self.records[i]) {
                    f(i);
                }
            }
            stack.extend(children_of(node));
        }
    }

    /// The places in the view `bbox` matching `filter`, as indices into
    /// the slice, ascending.
    pub fn within(&self, spaces: &[LearningSpace], bbox: BBox, filter: &Filter) -> Vec<usize> {
        let q = Compiled::new(filter, &self.languages);
        let lons = bbox.lon_ranges();
        let Some(lats) = bbox.lat_range() else {
            return Vec::new();
        };
        // Walked by the nodes' boxes on the map: a node the view holds whole
        // (and so all below it) has its places taken without a look at
        // their positions; one the view misses is passed by.
        if self.is_empty() {
            return Vec::new();
        }
        // whether the view misses a node's box, and whether it holds it whole
        let misses = |&[west, south, east, north]: &[f64; 4]| {
            north < lats.0 || lats.1 < south || !lon_ranges_meet(&lons, west, east)
        };
        let holds = |&[west, south, east, north]: &[f64; 4]| {
            lats.0 <= south && north <= lats.1 && lons.iter().any(|&(w, e)| w <= west && east <= e)
        };
        let mut out: Vec<u32> = Vec::with_capacity(64);
        let mut stack: Vec<(usize, bool)> = Vec::with_capacity(64);
        let root = &self.map_boxes[0];
        if !misses(root) {
            stack.push((0, holds(root)));
        }
        while let Some((n, held)) = stack.pop() {
            let node = &self.nodes[n];
            if !(q.all || q.may_match(&node.agg)) {
                continue;
            }
            for i in items_of(node) {
                let p = self.lonlat[i];
                let inside =
                    held || (lats.0 <= p.lat && p.lat <= lats.1 && in_lon_ranges(&lons, p.lon));
                if inside
                    && (q.all || (q.may_match(&self.records[i]) && self.confirm(&q, spaces, i)))
                {
                    out.push(self.place[i]);
                }
            }
            for c in children_of(node) {
                if held {
                    stack.push((c, true));
                } else if !misses(&self.map_boxes[c]) {
                    stack.push((c, holds(&self.map_boxes[c])));
                }
            }
        }
        in_slice_order(out, self.len())
    }

    /// The clusters (and single places) of the places matching `filter`
    /// at map zoom `zoom`, for the view `bbox`; see [`crate::cluster`].
    ///
    /// A cluster is returned when its cell overlaps the view and holds a
    /// matching place; its count covers its whole cell. So every matching
    /// place in the view is in exactly one returned cluster, and panning
    /// never changes a cluster. Ordered by cell (quadtree order). Zooms
    /// beyond [`cluster::MAX_ZOOM`] are computed as that zoom.
    ///
    /// Without a filter, the first view at a zoom makes a table of all that
    /// zoom's clusters (kept while there are at most half as many as
    /// places), and every later view at that zoom looks its cells up in it.
    /// Otherwise the tree is walked; without a filter, a subtree lying in
    /// one cell is counted from its stored sums without visiting its
    /// places, so a zoomed-out world view costs little more than its
    /// number of clusters.
    pub fn clusters(
        &self,
        spaces: &[LearningSpace],
        bbox: BBox,
        zoom: u8,
        filter: &Filter,
    ) -> Vec<Cluster> {
        let zoom = zoom.min(cluster::MAX_ZOOM);
        let Some((south, north)) = bbox.lat_range() else {
            return Vec::new();
        };
        let cell = |lon: f64, lat: f64| cluster::cell_of(LonLat { lon, lat }, zoom);
        let (y0, y1) = (cell(0.0, north).1, cell(0.0, south).1);
        let xs: Vec<(u32, u32)> = bbox
            .lon_ranges()
            .iter()
            .map(|&(w, e)| (cell(w, 0.0).0, cell(e, 0.0).0))
            .collect();
        if filter.is_empty() {
            if let Some(table) = self.table(spaces, zoom) {
                return table.view(&xs, (y0, y1));
            }
        }
        self.cells(spaces, zoom, &xs, (y0, y1), filter)
    }

    /// The clusters of all places at `zoom`, made on first use; `None`
    /// where there would be more than half as many as places.
    fn table(&self, spaces: &[LearningSpace], zoom: u8) -> Option<&CellTable> {
        self.tables[zoom as usize]
            .get_or_init(|| {
                // a zoom has at least as many cells as any zoom above it: where
                // one above kept no table, this one would not either
                let coarser = &self.tables[..zoom as usize];
                if coarser.iter().any(|t| matches!(t.get(), Some(None))) {
                    return None;
                }
                let side = cluster::cells_per_side(zoom) - 1;
                let clusters =
                    self.cells(spaces, zoom, &[(0, side)], (0, side), &Filter::default());
                (clusters.len() <= self.len() / 2).then(|| CellTable {
                    keys: clusters.iter().map(|c| cluster::cell_key(c.cell)).collect(),
                    clusters,
                })
            })
            .as_ref()
    }

    /// The places of one cluster matching `filter`, ascending.
    pub fn cluster_members(
        &self,
        spaces: &[LearningSpace],
        cluster: &Cluster,
        filter: &Filter,
    ) -> Vec<usize> {
        let (x, y) = cluster.cell;
        let zoom = cluster.zoom.min(cluster::MAX_ZOOM);
        let mut members: Vec<usize> = Vec::new();
        let q = Compiled::new(filter, &self.languages);
        self.visit(&[cell_aabb(zoom, (x, x), (y, y))], &q, |i| {
            if cluster::cell_of_morton(self.morton[i], zoom) == (x, y)
                && self.confirm(&q, spaces, i)
            {
                members.push(self.place[i] as usize);
            }
        });
        members.sort_unstable();
        members
    }

    /// The other places at the same spot as place `index` (its index in
    /// `spaces`), ascending: those in its cluster cell at `zoom`, the deepest
    /// zoom the map offers, so the places a cluster does not split there
    /// (at [`cluster::MAX_ZOOM`], the same position to the clusterer's 4 cm,
    /// see [`crate::cluster`]). On the map they are one marker that opens
    /// one of them, so the details of each name the others.
    ///
    /// Only the places matching `filter` are listed: a resident who asked
    /// for, say, free places expects the ones the map counts at that spot
    /// (its cluster says "3", the details of one name the other two), not
    /// the places their filters hide there, as the map and the list do.
    ///
    /// ```
    /// use learnmap_core::{cluster::MAX_ZOOM, load, Filter, SpaceIndex};
    /// let data = load(r#"{"type":"FeatureCollection","features":[
    ///   {"type":"Feature","geometry":{"type":"Point","coordinates":[9.99,53.55]},"properties":{"id":"a","name":"A"}},
    ///   {"type":"Feature","geometry":{"type":"Point","coordinates":[9.99,53.55]},"properties":{"id":"b","name":"B","fee":"free"}},
    ///   {"type":"Feature","geometry":{"type":"Point","coordinates":[9.99003,53.55]},"properties":{"id":"c","name":"C"}}
    /// ]}"#).unwrap();
    /// let index = SpaceIndex::new(&data.spaces);
    /// assert_eq!(index.same_spot(&data.spaces, 0, &Filter::default(), MAX_ZOOM), vec![1]);
    /// let free = Filter { free: true, ..Filter::default() };
    /// assert_eq!(index.same_spot(&data.spaces, 1, &free, MAX_ZOOM), Vec::<usize>::new());
    /// assert_eq!(index.same_spot(&data.spaces, 0, &free, MAX_ZOOM), vec![1]);
    /// // C, 2 m away, is one spot with them on a map that zooms no deeper than 16
    /// assert_eq!(index.same_spot(&data.spaces, 0, &Filter::default(), 16), vec![1, 2]);
    /// ```
    pub fn same_spot(
        &self,
        spaces: &[LearningSpace],
        index: usize,
        filter: &Filter,
        zoom: u8,
    ) -> Vec<usize> {
        let spot = cluster::cell_of_morton(cluster::morton(spaces[index].position), zoom);
        let q = Compiled::new(filter, &self.languages);
        let mut others: Vec<u64> = Vec::new();
        for (i, &code) in self.morton.iter().enumerate() {
            let place = self.place[i];
            if place as usize != index
                && cluster::cell_of_morton(code, zoom) == spot
                && q.may_match(&self.records[i])
                && self.confirm(&q, spaces, i)
            {
                others.push(place.into());
            }
        }
        // the app's one sort of numbers (another element type would add its own)
        crate::sort::u64s(&mut others);
        others.into_iter().map(|p| p as usize).collect()
    }

    fn cells(
        &self,
        spaces: &[LearningSpace],
        zoom: u8,
        xs: &[(u32, u32)],
        (y0, y1): (u32, u32),
        filter: &Filter,
    ) -> Vec<Cluster> {
        let q = Compiled::new(filter, &self.languages);
        let boxes: Vec<Aabb> = xs.iter().map(|&x| cell_aabb(zoom, x, (y0, y1))).collect();
        let shift = 2 * (30 - (zoom as u32 + 2));
        let wanted = |code: u64| in_cells(xs, (y0, y1), cluster::cell_of_morton(code, zoom));
        // FxHash: with the default SipHash, hashing the cells took a third
        // of clustering a filtered view of 10k places
        let mut found: rustc_hash::FxHashMap<u64, Group> = Default::default();
        // Without a filter, a subtree inside one cell counts as a whole.
        let whole = q.all;
        let mut stack = if self.is_empty() {
            vec![]
        } else {
            vec![0usize]
        };
        while let Some(n) = stack.pop() {
            let node = &self.nodes[n];
            if !q.may_match(&node.agg) || !boxes.iter().any(|b| boxes_meet(b, &node.min, &node.max))
            {
                continue;
            }
            if whole && node.group.lo >> shift == node.group.hi >> shift {
                if wanted(node.group.lo) {
                    found
                        .entry(node.group.lo >> shift)
                        .or_insert_with(Group::none)
                        .merge(&node.group);
                }
                continue;
            }
            for i in items_of(node) {
                let m = self.morton[i];
                if q.may_match(&self.records[i]) && wanted(m) && self.confirm(&q, spaces, i) {
                    found
                        .entry(m >> shift)
                        .or_insert_with(Group::none)
                        .merge(&self.group_of(i));
                }
            }
            stack.extend(children_of(node));
        }
        // in cell order, so the same view always gives the same clusters
        let mut cells: Vec<u64> = found.keys().copied().collect();
        crate::sort::u64s(&mut cells);
        cells
            .into_iter()
            .filter_map(|cell| found.remove(&cell))
            .map(|g| {
                let first = g.first as usize;
                let count = g.count as usize;
                Cluster {
                    position: if count == 1 {
                        self.lonlat[first]
                    } else {
                        let cell = cluster::cell_of_morton(g.lo, zoom);
                        cluster::marker_position(g.sum_x, g.sum_y, count, zoom, cell)
                    },
                    count,
                    zoom,
                    cell: cluster::cell_of_morton(g.lo, zoom),
                    expansion_zoom: if count == 1 {
                        None
                    } else {
                        cluster::expansion_zoom(g.lo, g.hi)
                    },
                    first: self.place[first] as usize,
                }
            })
            .collect()
    }

    fn group_of(&self, item: usize) -> Group {
        let m = self.morton[item];
        let (x, y) = cluster::unmorton(m);
        Group {
            count: 1,
            first: item as u32,
            first_rank: self.rank[item],
            lo: m,
            hi: m,
            sum_x: x as f64,
            sum_y: y as f64,
        }
    }

    /// The facet counts under `filter` (semantics in [`Facets`]). `open`
    /// says which places are open ([`crate::open_places`], by index in
    /// `spaces`) at the time "open now" counts for: the filter's own
    /// `open_at` when it has one, else the resident's clock; `None` for no
    /// such count.
    pub fn facets(
        &self,
        spaces: &[LearningSpace],
        filter: &Filter,
        open: Option<&[bool]>,
    ) -> Facets {
        let q = Compiled::new(filter, &self.languages);
        let mut areas = [0usize; 16];
        let mut ages = [0usize; 8];
        let mut audiences = [0usize; 8];
        let mut types = [0usize; 16];
        let (mut total, mut free, mut wheelchair, mut open_count) = (0, 0, 0, 0);
        let mut unstated_ages = 0;
        let groups: Vec<(u8, u8)> = AgeGroup::ALL.iter().map(|g| g.range()).collect();
        for (i, r) in self.records.iter().enumerate() {
            if !q.rest_may_match(r) {
                continue;
            }
            let (a, b, c, t) = (
                q.ages_ok(r),
                q.areas_ok(r),
                q.audiences_ok(r),
                q.types_ok(r),
            );
            if (!a as u8 + !b as u8 + !c as u8 + !t as u8) > 1 || !self.confirm(&q, spaces, i) {
                continue;
            }
            if b && c && t && r.flags & NO_AGES != 0 {
                unstated_ages += 1;
            }
            if a && b && c && t {
                total += 1;
                free += (r.flags & FREE != 0) as usize;
                wheelchair += (r.flags & WHEELCHAIR != 0) as usize;
                if let Some(is_open) = open {
                    open_count += is_open.get(self.place[i] as usize).is_some_and(|o| *o) as usize;
                }
            }
            if a && c && t {
                add_bits(&mut areas, r.areas as u32);
            }
            if b && c && t {
                for (g, &(lo, hi)) in groups.iter().enumerate() {
                    if r.age_min <= hi && lo <= r.age_max {
                        ages[g] += 1;
                    }
                }
            }
            if a && b && t {
                add_bits(&mut audiences, r.audiences as u32);
            }
            if a && b && c && r.types != NO_TYPE {
                add_bits(&mut types, r.types as u32);
            }
        }
        fn list<T: Vocabulary>(counts: &[usize]) -> Vec<(T, usize)> {
            T::ALL.iter().map(|&v| (v, counts[v.index()])).collect()
        }
        Facets {
            total,
            learning_areas: list::<LearningArea>(&areas),
            age_groups: list::<AgeGroup>(&ages),
            audiences: list::<Audience>(&audiences),
            place_types: list::<PlaceType>(&types),
            free,
            wheelchair,
            open: open_count,
            unstated_ages,
        }
    }
}

impl CellTable {
    /// The clusters of the cells in columns `xs` (ranges) and rows `ys`, in cell order.
    fn view(&self, xs: &[(u32, u32)], (y0, y1): (u32, u32)) -> Vec<Cluster> {
        let rows = u64::from(y1.saturating_sub(y0)) + 1;
        let cells: u64 = xs
            .iter()
            .map(|&(a, b)| u64::from(b.saturating_sub(a)) + 1)
            .sum::<u64>()
            * rows;
        // a look-up per cell costs about log2(len) steps; a scan, len
        let steps = u64::from(usize::BITS - self.keys.len().leading_zeros()).max(1);
        if y1 < y0 || cells.saturating_mul(steps) >= self.keys.len() as u64 {
            return self
                .clusters
                .iter()
                .filter(|c| in_cells(xs, (y0, y1), c.cell))
                .cloned()
                .collect();
        }
        let mut found: Vec<u64> = Vec::new();
        for &(a, b) in xs {
            for y in y0..=y1 {
                for x in a..=b {
                    if let Ok(at) = self.keys.binary_search(&cluster::cell_key((x, y))) {
                        found.push(at as u64);
                    }
                }
            }
        }
        // in cell order, as the table is
        crate::sort::u64s(&mut found);
        found.dedup();
        found
            .into_iter()
            .map(|at| self.clusters[at as usize].clone())
            .collect()
    }
}

/// Whether cell `(x, y)` is in one of the column ranges `xs` and rows `y0..=y1`.
fn in_cells(xs: &[(u32, u32)], (y0, y1): (u32, u32), (x, y): (u32, u32)) -> bool {
    y0 <= y && y <= y1 && xs.iter().any(|&(a, b)| a <= x && x <= b)
}

fn add_bits(counts: &mut [usize], mut bits: u32) {
    while bits != 0 {
        counts[bits.trailing_zeros() as usize] += 1;
        bits &= bits - 1;
    }
}

/// The 3-D box around cells `xs` × `ys` at `zoom`.
fn cell_aabb(zoom: u8, xs: (u32, u32), ys: (u32, u32)) -> Aabb {
    let nw = cluster::cell_bbox(zoom, xs.0, ys.0);
    let se = cluster::cell_bbox(zoom, xs.1, ys.1);
    const PAD: f64 = 1e-7;
    aabb_of_rect(
        ((nw.west - PAD).max(-180.0), (se.east + PAD).min(180.0)),
        ((se.south - PAD).max(-90.0), (nw.north + PAD).min(90.0)),
    )
}

fn empty_node() -> Node {
    Node {
        min: [0.0; 3],
        max: [0.0; 3],
        agg: Record::none(),
        group: Group::none(),
        first_child: 0,
        first_item: 0,
        children: 0,
        items: 0,
    }
}

fn items_of(node: &Node) -> std::ops::Range<usize> {
    node.first_item as usize..node.first_item as usize + node.items as usize
}

fn children_of(node: &Node) -> std::ops::Range<usize> {
    node.first_child as usize..node.first_child as usize + node.children as usize
}

fn dist2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

fn box_d2(p: &[f64; 3], node: &Node) -> f64 {
    (0..3)
        .map(|d| {
            let gap = (node.min[d] - p[d]).max(p[d] - node.max[d]).max(0.0);
            gap * gap
        })
        .sum()
}

/// Places found by a walk of the tree (each at most once, in tree order),
/// in slice order. A view holding many of the `n` places marks them in a
/// bit set of `n` bits and reads it in order (linear in `n / 64` plus the
/// places found); a few are sorted.
fn in_slice_order(found: Vec<u32>, n: usize) -> Vec<usize> {
    if found.len() * 8 < n / 64 {
        let mut keys: Vec<u64> = found.into_iter().map(u64::from).collect();
        // the app's one sort of numbers (another element type would add its own)
        crate::sort::u64s(&mut keys);
        return keys.into_iter().map(|p| p as usize).collect();
    }
    let mut bits = vec![0u64; n.div_ceil(64)];
    for &p in &found {
        bits[p as usize / 64] |= 1 << (p % 64);
    }
    let mut out = Vec::with_capacity(found.len());
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            out.push(w * 64 + word.trailing_zeros() as usize);
            word &= word - 1;
        }
    }
    out
}

/// Whether a node's longitudes `west..=east` may hold a place that
/// [`in_lon_ranges`] takes: they meet a range, or reach ±180° where a range
/// holds the other side of the antimeridian.
fn lon_ranges_meet(ranges: &[(f64, f64)], west: f64, east: f64) -> bool {
    let holds = |x: f64| ranges.iter().any(|&(w, e)| w <= x && x <= e);
    ranges.iter().any(|&(w, e)| west <= e && w <= east)
        || (west <= -180.0 && holds(180.0))
        || (east >= 180.0 && holds(-180.0))
}

/// The lower of two numbers that are not NaN (unit vectors' coordinates):
/// a comparison, where `f64::min`, which must also handle NaN, is a call
/// to `fmin` in WebAssembly (3% of the index build in Chromium).
fn lower(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// The higher of two numbers that are not NaN; see [`lower`].
fn higher(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Each place's rank among the ids (in byte order), for breaking ties.
///
/// The ids of a file mostly share a prefix ("ke-school-"), which every
/// comparison of a plain sort reads again. So each id is first sorted by the
/// four bytes after the prefix all ids share (one `u64` with the place:
/// numbers sort fast), and only ids alike in those four bytes are then
/// compared whole. A shorter id's missing bytes count as zero, which sorts
/// it before any longer id it begins.
fn id_ranks(ids: &[&str]) -> Vec<u32> {
    let shared = ids.first().map_or(0, |first| {
        ids.iter().fold(first.len(), |n, id| {
            // (no further than the prefix shared so far)
            let (a, b) = (&first.as_bytes()[..n], id.as_bytes());
            a.iter().zip(b).take_while(|(a, b)| a == b).count()
        })
    });
    let mut keys: Vec<u64> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let next = id.as_bytes().get(shared..).unwrap_or_default();
            let word = (0..4).fold(0u64, |w, k| {
                w << 8 | u64::from(next.get(k).copied().unwrap_or(0))
            });
            word << 32 | i as u64
        })
        .collect();
    crate::sort::u64s(&mut keys);
    // ids alike in their four bytes: sorted whole, in place
    let mut run: Vec<(&str, u32)> = Vec::new();
    let mut from = 0;
    while from < keys.len() {
        let to = from
            + keys[from..]
                .iter()
                .take_while(|k| *k >> 32 == keys[from] >> 32)
                .count();
        if to - from > 1 {
            run.clear();
            run.extend(
                keys[from..to]
                    .iter()
                    .map(|k| (ids[(*k as u32) as usize], *k as u32)),
            );
            run.sort_unstable();
            for (k, &(_, i)) in keys[from..to].iter_mut().zip(&run) {
                *k = u64::from(i);
            }
        }
        from = to;
    }
    let mut rank_of = vec![0u32; ids.len()];
    for (r, k) in keys.iter().enumerate() {
        rank_of[(*k as u32) as usize] = r as u32;
    }
    rank_of
}

#[cfg(test)]
mod id_rank_tests {
    use super::{id_ranks, in_slice_order};

    /// Places found in tree order come out in slice order, whether few
    /// (sorted) or many (read from a bit set), with `n` on and off a
    /// multiple of 64 and the last place among them.
    #[test]
    fn in_slice_order_is_a_sort_of_the_places_found() {
        let mut rng = learnmap_synth::Rng::new(0x0bd3);
        for n in [1usize, 63, 64, 65, 1000, 4097] {
            for share in [0u64, 1, 5, 50, 100] {
                let mut found: Vec<u32> =
                    (0..n as u32).filter(|_| rng.below(100) < share).collect();
                if share == 100 {
                    assert_eq!(found.len(), n);
                }
                let want = found.iter().map(|&p| p as usize).collect::<Vec<_>>();
                // a shuffle, as a walk of the tree finds them
                for i in (1..found.len()).rev() {
                    found.swap(i, rng.below(i as u64 + 1) as usize);
                }
                assert_eq!(in_slice_order(found, n), want, "n {n}, share {share}%");
            }
        }
    }

    /// The ranks are those of a plain sort of the ids (ties by place), on
    /// seeded ids made to share prefixes, end early, repeat, hold zero
    /// bytes and letters of several bytes.
    #[test]
    fn id_ranks_are_those_of_a_plain_sort() {
        let mut rng = learnmap_synth::Rng::new(0x5eed);
        let mut next = move |n: u64| rng.below(n);
        let parts = ["", "a", "ab", "\0", "é", "1", "10", "2", "ke-school-", "zz"];
        for round in 0..200 {
            let prefix = ["", "ke-school-", "x"][round % 3];
            let n = 1 + next(60) as usize;
            let ids: Vec<String> = (0..n)
                .map(|_| {
                    let mut id = prefix.to_owned();
                    for _ in 0..next(6) {
                        id.push_str(parts[next(parts.len() as u64) as usize]);
                    }
                    id
                })
                .collect();
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            let mut plain: Vec<(&str, u32)> = refs
                .iter()
                .enumerate()
                .map(|(i, s)| (*s, i as u32))
                .collect();
            plain.sort_unstable();
            let mut want = vec![0u32; n];
            for (r, &(_, i)) in plain.iter().enumerate() {
                want[i as usize] = r as u32;
            }
            assert_eq!(id_ranks(&refs), want, "{ids:?}");
        }
        assert!(id_ranks(&[]).is_empty());
    }
}
