// The browser benchmark: our WebAssembly (learnmap-bench-wasm) against the
// JavaScript anchors on the same points and the same queries, in one page.
// bench/bench.mjs drives it through window.benchDataset(); see bench/README.md.
import init, * as ours from '/target/bench/pkg/learnmap_bench_wasm.js';
import KDBush from 'kdbush';
import * as geokdbush from 'geokdbush';
import Flatbush from 'flatbush';
import Supercluster from 'supercluster';
import { median, rng } from '/bench/stats.mjs';

const EARTH_RADIUS_M = 6371008.8;


/**
 * Milliseconds per call of fn: `warmup` calls, then `reps` timed samples
 * (median). A sample repeats fn until it lasts at least `minMs`, so short
 * cases are not lost in the timer's resolution.
 */
function measure(fn, { warmup = 2, reps = 7, minMs = 20 } = {}) {
  let calls = 1;
  for (let i = 0; i < warmup; i++) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    calls = Math.max(1, Math.min(1000, Math.ceil(minMs / Math.max(dt, 0.01))));
  }
  const samples = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let c = 0; c < calls; c++) fn();
    samples.push((performance.now() - t0) / calls);
  }
  return median(samples);
}

function haversineM(lon1, lat1, lon2, lat2) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * How many queries got different nearest distances from ours and the
 * anchor (ties beyond the k-th place may pick different places at the
 * same distance, so distances are compared, not indices).
 */
function disagreements(ourFlat, theirLists, k, pts, q) {
  let bad = 0;
  for (let i = 0; i < q.lons.length; i++) {
    const mine = [];
    for (let j = 0; j < k; j++) {
      const idx = ourFlat[i * k + j];
      if (idx !== 0xffffffff) mine.push(haversineM(q.lons[i], q.lats[i], pts.lons[idx], pts.lats[idx]));
    }
    const theirs = theirLists[i].map((idx) => haversineM(q.lons[i], q.lats[i], pts.lons[idx], pts.lats[idx]));
    if (mine.length !== theirs.length || mine.some((d, j) => Math.abs(d - theirs[j]) > 0.01 + 1e-9 * d)) bad++;
  }
  return bad;
}

/** Points, and one tag each (place_type, or Kenya's school level), from parsed GeoJSON. */
function pointsOf(geojson) {
  const lons = [];
  const lats = [];
  const tags = [];
  for (const f of geojson.features ?? []) {
    const c = f?.geometry?.type === 'Point' ? f.geometry.coordinates : null;
    if (!Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) continue;
    if (Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) continue;
    lons.push(c[0]);
    lats.push(c[1]);
    const p = f.properties ?? {};
    const tag = p.place_type ?? p.level ?? '';
    tags.push(typeof tag === 'string' ? tag : '');
  }
  return { lons: Float64Array.from(lons), lats: Float64Array.from(lats), tags };
}

/** The tag whose share is nearest 10%: a selective but not rare filter. */
function filterTag(tags) {
  const counts = new Map();
  for (const t of tags) if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  let best = '';
  let bestGap = Infinity;
  for (const [t, c] of [...counts].sort()) {
    const gap = Math.abs(c / tags.length - 0.1);
    if (gap < bestGap) [best, bestGap] = [t, gap];
  }
  return { tag: best, share: best ? counts.get(best) / tags.length : 0 };
}

/** Query points near the data (a place, moved up to ~1 km), seeded. */
function queriesNear(pts, count, seed) {
  const r = rng(seed);
  const lons = new Float64Array(count);
  const lats = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const j = Math.floor(r() * pts.lons.length);
    lons[i] = Math.max(-180, Math.min(180, pts.lons[j] + (r() - 0.5) * 0.02));
    lats[i] = Math.max(-90, Math.min(90, pts.lats[j] + (r() - 0.5) * 0.02));
  }
  return { lons, lats };
}

let ready = null;

/**
 * Runs every case on one data set and returns the rows
 * {case, n, ours_ms, anchor, anchor_ms, ratio} plus notes. `half` is half
 * the side of a view box in degrees (0.1° is about a phone screen at zoom 12). `ours_ms` and
 * `ratio` are null for a case the WebAssembly build does not have yet.
 */
async function benchDataset({ label, url, queries = 1000, k = 10, half = 0.05, zoom = 12, seed = 2024, reps = 7 }) {
  await ready;
  const notes = [];
  const rows = [];
  const pending = new Set(ours.pending());
  const row = (name, n, oursMs, anchor, anchorMs) => {
    const ok = typeof oursMs === 'number';
    rows.push({
      case: `${name} [${label}]`,
      n,
      ours_ms: ok ? round(oursMs) : null,
      anchor,
      anchor_ms: round(anchorMs),
      ratio: ok ? round(oursMs / anchorMs, 3) : null,
    });
  };
  // A case of ours: its time, or null when the build marks it pending.
  const oursCase = (name, fn, opts) => {
    if (pending.has(name)) return null;
    return measure(fn, opts);
  };

  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  // the file's bytes, as a page has them from fetch(), and the text they hold
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const megabytes = bytes.length / 1e6;

  // load: our loader (text into WebAssembly, parse, check, build places) against JSON.parse.
  const geojson = JSON.parse(text);
  const features = geojson.features?.length ?? 0;
  const kept = ours.load_geojson(text);
  notes.push(`${label}: ${megabytes.toFixed(1)} MB, ${features} features, our loader keeps ${kept} places`);
  const loadOpts = { warmup: 1, reps: Math.min(reps, 5), minMs: 0 };
  const loadOurs = measure(() => ours.load_geojson(text), loadOpts);
  const loadJs = measure(() => JSON.parse(text), loadOpts);
  row('load', features, loadOurs, 'JSON.parse', loadJs);
  notes.push(`${label}: load ${loadOurs.toFixed(1)} ms = ${(megabytes / (loadOurs / 1000)).toFixed(0)} MB/s in WebAssembly`);

  // The same points for everyone: every feature with a valid Point.
  const pts = pointsOf(geojson);
  const n = pts.lons.length;

  // bytes to first answer: from the file's bytes in memory (as fetch() gives
  // them, and as the app loads them) to one nearest-k answer: ours copies
  // them into WebAssembly, checks they are UTF-8, loads, indexes and
  // queries; the anchor decodes them (TextDecoder), JSON.parse, a kdbush
  // build and geokdbush.around.
  const first = queriesNear(pts, 1, seed + 1);
  // the anchor from the parsed text: the Points' kdbush, one geokdbush.around
  const firstAnswerOf = (parse) => () => {
    const parsed = parse();
    const lonsJs = [];
    const latsJs = [];
    for (const f of parsed.features ?? []) {
      const c = f?.geometry?.type === 'Point' ? f.geometry.coordinates : null;
      if (!Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) continue;
      lonsJs.push(c[0]);
      latsJs.push(c[1]);
    }
    const idx = new KDBush(lonsJs.length);
    for (let i = 0; i < lonsJs.length; i++) idx.add(lonsJs[i], latsJs[i]);
    idx.finish();
    return geokdbush.around(idx, first.lons[0], first.lats[0], k)[0];
  };
  const firstAnswerJs = firstAnswerOf(() => JSON.parse(new TextDecoder().decode(bytes)));
  const firstOurs = measure(() => ours.firstAnswer(bytes, first.lons[0], first.lats[0], k), loadOpts);
  row('bytes to first answer', features, firstOurs, 'JSON.parse+kdbush+geokdbush', measure(firstAnswerJs, loadOpts));
  // the same from a string already decoded (no TextDecoder for the anchor;
  // ours gets the string re-encoded as UTF-8 on its way into WebAssembly)
  const firstTextJs = firstAnswerOf(() => JSON.parse(text));
  row('text to first answer', features, measure(() => ours.firstAnswerText(text, first.lons[0], first.lats[0], k), loadOpts), 'JSON.parse+kdbush+geokdbush', measure(firstTextJs, loadOpts));
  {
    const mine = ours.firstAnswer(bytes, first.lons[0], first.lats[0], k);
    const theirs = firstAnswerJs();
    const d = (i) => haversineM(first.lons[0], first.lats[0], pts.lons[i], pts.lats[i]);
    notes.push(`${label}: first answer: ours ${mine === 0xffffffff ? 'none' : `${d(mine).toFixed(1)} m`}, kdbush ${theirs === undefined ? 'none' : `${d(theirs).toFixed(1)} m`} away`);
  }

  // memory per place, in the app's build of the core, counted by the allocator
  const [placesN, perPlace, textPerPlace, indexPerPlace] = ours.memoryPerPlace(text);
  rows.push({
    case: `memory per place [${label}]`,
    n: placesN,
    bytes_per_place: round(perPlace, 1),
    text_bytes_per_place: round(textPerPlace, 1),
    index_bytes_per_place: round(indexPerPlace, 1),
  });
  notes.push(`${label}: memory: ${perPlace.toFixed(1)} B a place beyond its ${textPerPlace.toFixed(1)} B of text; the index ${indexPerPlace.toFixed(1)} B a place`);
  const bench = ours.Bench.fromPoints(pts.lons, pts.lats, pts.tags);
  try {
    // index: SpaceIndex::new against kdbush and flatbush builds.
    const indexOurs = measure(() => bench.buildIndex(), { reps });
    const buildKd = () => {
      const idx = new KDBush(n);
      for (let i = 0; i < n; i++) idx.add(pts.lons[i], pts.lats[i]);
      return idx.finish();
    };
    const buildFlat = () => {
      const idx = new Flatbush(n);
      for (let i = 0; i < n; i++) idx.add(pts.lons[i], pts.lats[i]);
      idx.finish();
      return idx;
    };
    row('index', n, indexOurs, 'kdbush', measure(buildKd, { reps }));
    row('index', n, indexOurs, 'flatbush', measure(buildFlat, { reps }));
    const kd = buildKd();

    const q = queriesNear(pts, queries, seed);
    // nearest: k nearest of each query point, against geokdbush.around.
    const aroundAll = (predicate) => {
      const out = new Array(queries);
      for (let i = 0; i < queries; i++) out[i] = geokdbush.around(kd, q.lons[i], q.lats[i], k, Infinity, predicate);
      return out;
    };
    const nearestOurs = oursCase('nearest', () => bench.nearest(q.lons, q.lats, k), { reps });
    row(`nearest k=${k} ×${queries}`, n, nearestOurs, 'geokdbush', measure(() => aroundAll(), { reps }));
    const nearestDiff = disagreements(bench.nearest(q.lons, q.lats, k), aroundAll(), k, pts, q);
    notes.push(`${label}: nearest: ${nearestDiff} of ${queries} queries disagree with geokdbush`);

    // nearest_filtered: the same with a tag filter (~10% of places).
    const { tag, share } = filterTag(pts.tags);
    if (tag) {
      const keep = (i) => pts.tags[i] === tag;
      const filteredOurs = oursCase('nearest_filtered', () => bench.nearestFiltered(q.lons, q.lats, k, tag), { reps });
      row(`nearest_filtered k=${k} ×${queries}`, n, filteredOurs, 'geokdbush', measure(() => aroundAll(keep), { reps }));
      const filteredDiff = disagreements(bench.nearestFiltered(q.lons, q.lats, k, tag), aroundAll(keep), k, pts, q);
      notes.push(`${label}: nearest_filtered on "${tag}" (${(share * 100).toFixed(1)}% of places): ${filteredDiff} of ${queries} queries disagree with geokdbush`);
    } else {
      notes.push(`${label}: nearest_filtered skipped: no place_type or level to filter on`);
    }

    // within: the places in a view box around each query point, against
    // flatbush.search and kdbush.range (the same box, planar in degrees).
    const withinOurs = oursCase('within', () => bench.within(q.lons, q.lats, half), { reps });
    const boxSearch = (search) => () => {
      let found = 0;
      for (let i = 0; i < queries; i++) found += search(q.lons[i] - half, q.lats[i] - half, q.lons[i] + half, q.lats[i] + half).length;
      return found;
    };
    const flat = buildFlat();
    const withinFlat = boxSearch((w, s, e, n2) => flat.search(w, s, e, n2));
    const withinKd = boxSearch((w, s, e, n2) => kd.range(w, s, e, n2));
    const box = `${2 * half}°`;
    row(`within ${box} box ×${queries}`, n, withinOurs, 'flatbush', measure(withinFlat, { reps }));
    row(`within ${box} box ×${queries}`, n, withinOurs, 'kdbush', measure(withinKd, { reps }));
    if (withinOurs !== null) {
      const [mine, theirs] = [bench.within(q.lons, q.lats, half), withinFlat()];
      // ours wraps a box across the antimeridian (±180°); the anchors do not
      let crossing = 0;
      for (let i = 0; i < queries; i++) if (Math.abs(q.lons[i]) + half > 180) crossing += 1;
      const why = crossing > 0 ? ` (${crossing} of the boxes cross the antimeridian, which ours wraps and flatbush does not)` : ' (DIFFERENT)';
      notes.push(`${label}: within: ours found ${mine} places in ${queries} boxes, flatbush ${theirs}${mine === theirs ? '' : why}`);
    }

    // clusters: supercluster builds its own index (our SpaceIndex serves
    // clustering as built above), then the markers of phone-sized views.
    const asFeatures = Array.from({ length: n }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [pts.lons[i], pts.lats[i]] },
      properties: null,
    }));
    const clusterOpts = { radius: 60, maxZoom: 16 };
    const clusterBuildJs = measure(() => new Supercluster(clusterOpts).load(asFeatures), { reps: Math.min(reps, 3), minMs: 0 });
    const views = Math.min(queries, 200);
    // ours makes a zoom's table of cells at its first view there: timed here
    // with the build, as supercluster's load makes all its zooms' clusters
    const firstView = () => bench.clusters(q.lons[0] - half, q.lats[0] - half, q.lons[0] + half, q.lats[0] + half, zoom);
    const indexForClusters = pending.has('clusters')
      ? indexOurs
      : measure(() => { bench.buildIndex(); firstView(); }, { reps: Math.min(reps, 3), minMs: 0 });
    row('index for clusters', n, indexForClusters, 'supercluster', clusterBuildJs);
    const sc = new Supercluster(clusterOpts).load(asFeatures);
    const viewportsJs = () => {
      let count = 0;
      for (let i = 0; i < views; i++) {
        count += sc.getClusters([q.lons[i] - half, q.lats[i] - half, q.lons[i] + half, q.lats[i] + half], zoom).length;
      }
      return count;
    };
    const viewportsOurs = () => {
      let count = 0;
      for (let i = 0; i < views; i++) count += bench.clusters(q.lons[i] - half, q.lats[i] - half, q.lons[i] + half, q.lats[i] + half, zoom);
      return count;
    };
    const clustersOurs = oursCase('clusters', viewportsOurs, { reps });
    row(`clusters z=${zoom} ×${views}`, n, clustersOurs, 'supercluster', measure(viewportsJs, { reps }));
    if (clustersOurs !== null) {
      notes.push(`${label}: clusters at z=${zoom}: ours ${viewportsOurs()} markers in ${views} views, supercluster ${viewportsJs()} (different methods: grid cells vs greedy radius)`);
    }
    const stillPending = [...pending];
    if (stillPending.length) notes.push(`${label}: pending in the WebAssembly build (anchor timed only): ${stillPending.join(', ')}`);
  } finally {
    bench.free();
  }
  return { rows, notes };
}

function round(x, digits = 3) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function show(rows) {
  const body = document.querySelector('#results tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    const cells = 'bytes_per_place' in r
      ? [r.case, r.n, `${r.bytes_per_place} B beyond text`, 'text', r.text_bytes_per_place, '–']
      : [r.case, r.n, r.ours_ms ?? 'pending', r.anchor, r.anchor_ms, r.ratio ?? '–'];
    for (const v of cells) {
      const td = document.createElement('td');
      td.textContent = String(v);
      tr.append(td);
    }
    body.append(tr);
  }
}

window.benchDataset = async (options) => {
  const result = await benchDataset(options);
  show(result.rows);
  return result;
};

ready = init().then(() => {
  document.querySelector('#status').textContent = 'ready';
  window.benchReady = true;
});
ready.catch((e) => {
  document.querySelector('#status').textContent = `failed to start: ${e}`;
  window.benchError = String(e);
});

document.querySelector('#run').addEventListener('click', async () => {
  document.querySelector('#status').textContent = 'running…';
  const { notes } = await window.benchDataset({ label: 'synth-10k', url: '/target/synth/places-10k.geojson' });
  document.querySelector('#status').textContent = notes.join('; ');
});
