// The planners' page's speed (issue 23): 10,000 places and a 100,000-cell
// grid, in headless Chromium, on a release build. Prints the figures and
// writes target/bench/planner-report.json.
//
//   node bench/planner.mjs [--runs N]
//
// The places are the synthetic 10k set (target/synth/places-10k.geojson,
// made by `learnmap-data synth` if missing) with their attributes kept and
// their positions moved, seeded, into one 31.6 km square city; the districts
// are a 10 × 10 checkerboard of squares over that city, so that a 100 m grid
// has 100,000 cells. Each run opens planner.html with both served on the same
// origin and reads what the page measured itself (`data-compute-ms` on
// <body>: grid, every cell's nearest matching place, the figures, the table
// and the map layer, from the press to the layer drawn, and the phases as
// the page's performance measures), for one question and for two compared,
// after a first press (so what a planner waits for after changing the
// question). It also records the longest task the page ran
// (PerformanceObserver "longtask"), which says whether the page stayed
// responsive.
//
// The anchor: in the same page, every cell's nearest matching place by a
// plain scan (all matching places for each cell, in JavaScript), against
// the core's index over the same cells in one call; both must find the
// same distances (the largest difference is printed).
//
// LEARNMAP_DIST names the build (default dist/), CHROMIUM the browser.
import { chromium } from '@playwright/test';
import { BLANK_TILE_PNG, CHROMIUM, CHROMIUM_ARGS, DIST, TILE_URL } from '../tests/e2e/browser.mjs';
import { median, rng } from './stats.mjs';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { staticHandler } from '../tests/e2e/static-server.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 5);
const dist = resolve(repo, DIST);
const synth10k = join(repo, 'target/synth/places-10k.geojson');
const out = join(repo, 'target/bench/planner');
const AIM_MS = 1000;
const CITY = { lon: 9.99, lat: 53.55 };
const SIDE_M = 31_623;
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;

if (!existsSync(join(dist, 'planner.html'))) {
  console.error(`bench-planner: ${dist}/planner.html is missing: build first (make dist)`);
  process.exit(2);
}
if (!existsSync(synth10k)) {
  console.log('bench-planner: generating target/synth/places-10k.geojson (learnmap-data synth)');
  const run = spawnSync('cargo', ['run', '--release', '-q', '-p', 'learnmap-data', '--', 'synth', '--count', '10k', '--out', synth10k], { cwd: repo, stdio: 'inherit' });
  if (run.status !== 0) process.exit(2);
}

// the city: places moved into the square, districts over it
mkdirSync(out, { recursive: true });
const half = SIDE_M / 2 / M_PER_DEG;
const cos = Math.cos((CITY.lat * Math.PI) / 180);
const random = rng(23);
const places = JSON.parse(readFileSync(synth10k, 'utf8'));
for (const f of places.features) {
  f.geometry.coordinates = [CITY.lon + ((random() * 2 - 1) * half) / cos, CITY.lat + (random() * 2 - 1) * half];
}
writeFileSync(join(out, 'places.geojson'), JSON.stringify(places));
const side = (2 * half) / 10;
const features = [];
for (let r = 0; r < 10; r++) {
  for (let c = 0; c < 10; c++) {
    const w = CITY.lon + (-half + c * side) / cos;
    const e = CITY.lon + (-half + (c + 1) * side) / cos;
    const s = CITY.lat - half + r * side;
    const n = s + side;
    features.push({
      type: 'Feature',
      properties: { code: `D${r}${c}`, name: `District ${r}-${c}` },
      geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    });
  }
}
writeFileSync(join(out, 'districts.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));

const server = createServer(staticHandler(dist, { mounts: { '/bench-data/': out } }));
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const base = `${origin}/planner.html?districts=bench-data/districts.geojson&district_id=code&district_name=name&data=bench-data/places.geojson&cell=100`;
const cases = [
  { name: 'one question (all places, within 1 km)', questions: ['within=1000'] },
  { name: 'one question (digital for seniors, within 800 m)', questions: ['within=800&ages=seniors&area=digital'] },
  { name: 'two compared (digital for seniors against digital for all)', questions: ['within=800&ages=seniors&area=digital', 'within=800&area=digital'] },
];
const queryOf = (c) => `&${c.questions[0]}${c.questions[1] ? `&compare=1&${c.questions[1].replace(/(^|&)/g, '$1b.')}` : ''}`;

/**
 * The anchor, in the same page: the nearest matching place of every cell by
 * a plain scan (every matching place for every cell; unit vectors and the
 * smallest squared chord, the cheapest exact way), against the core's index
 * over the same cells in one call (no yields), on a Planner of its own.
 * Also checks that both find the same distances.
 */
async function anchor(page, question) {
  return page.evaluate(async ({ question }) => {
    const m = await import('./pkg/planner/planner.js');
    await m.default();
    const p = new m.Planner();
    const text = async (url) => (await fetch(url)).text();
    p.add_places(await text('bench-data/places.geojson'));
    p.load_districts(await text('bench-data/districts.geojson'), 'code', 'name', undefined);
    const grid = JSON.parse(p.make_grid(100));
    p.begin(0, question, '2026-12-07T10:00');
    let t0 = performance.now();
    p.step(0, 1e9);
    const indexMs = performance.now() - t0;
    const cells = [];
    p.classes(0, 4).forEach((c, i) => { if (c !== 0) cells.push(i); });
    const flat = p.matching_places(0);
    const n = flat.length / 2;
    const rad = Math.PI / 180;
    const px = new Float64Array(n); const py = new Float64Array(n); const pz = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const lon = flat[2 * i] * rad; const lat = flat[2 * i + 1] * rad;
      px[i] = Math.cos(lat) * Math.cos(lon); py[i] = Math.cos(lat) * Math.sin(lon); pz[i] = Math.sin(lat);
    }
    const R = 6_371_008.8;
    const scan = new Float64Array(cells.length);
    t0 = performance.now();
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[k];
      const lon = (grid.west + ((cell % grid.cols) + 0.5) * grid.dlon) * rad;
      const lat = (grid.south + (Math.floor(cell / grid.cols) + 0.5) * grid.dlat) * rad;
      const x = Math.cos(lat) * Math.cos(lon); const y = Math.cos(lat) * Math.sin(lon); const z = Math.sin(lat);
      let best = Infinity;
      for (let i = 0; i < n; i++) {
        const dx = x - px[i]; const dy = y - py[i]; const dz = z - pz[i];
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 < best) best = d2;
      }
      scan[k] = best === Infinity ? Infinity : 2 * R * Math.asin(Math.min(1, Math.sqrt(best) / 2));
    }
    const scanMs = performance.now() - t0;
    let maxDiff = 0;
    for (let k = 0; k < cells.length; k++) {
      const d = p.distance_at(0, cells[k]);
      maxDiff = Math.max(maxDiff, d === scan[k] ? 0 : Math.abs(d - scan[k]));
    }
    p.free();
    return { cells: cells.length, matching: n, index_ms: Math.round(indexMs), scan_ms: Math.round(scanMs), max_difference_m: maxDiff };
  }, { question });
}
const report = {
  date: new Date().toISOString(),
  browser: `Chromium ${browser.version()} (headless)`,
  machine: { cpus: cpus().length, load: loadavg().map((l) => Math.round(l * 10) / 10) },
  aim_ms: AIM_MS,
  cases: [],
};
try {
  for (const c of cases) {
    const first = { times: [], longest: [], phases: [] };
    const within = { times: [], longest: [], phases: [] };
    const anchors = [];
    let cells = 0;
    // what the page measured of its last computation, and its longest task since
    const measured = () => page.evaluate(() => {
      const start = performance.getEntriesByName('planner:start')[0]?.startTime ?? 0;
      return {
        state: document.body.dataset.state,
        ms: Number(document.body.dataset.computeMs),
        longest: Math.max(0, ...window.__tasks.filter((t) => t.start >= start).map((t) => t.duration)),
        // before the computation: loading the places and the districts (not part of the aim)
        longest_loading: Math.max(0, ...window.__tasks.filter((t) => t.start < start).map((t) => t.duration)),
        status: document.getElementById('status').textContent,
        phases: Object.fromEntries(performance.getEntriesByType('measure').map((m) => [m.name.replace('planner:', ''), Math.round(m.duration * 10) / 10])),
      };
    });
    const keep = (into, m) => {
      into.loading = Math.max(into.loading ?? 0, m.longest_loading);
      into.times.push(m.ms);
      into.longest.push(m.longest);
      into.phases.push(m.phases);
    };
    let page;
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
      await page.route(TILE_URL, (r) => r.fulfill({ status: 200, contentType: 'image/png', body: BLANK_TILE_PNG }));
      await page.addInitScript(() => {
        window.__tasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__tasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
      });
      // the question opened from a link: the grid, every cell searched, the figures, the table and the layer
      await page.goto(base + queryOf(c));
      await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', null, { timeout: 120_000 });
      const opened = await measured();
      if (opened.state !== 'ready') throw new Error(`the page failed: ${opened.status}`);
      keep(first, opened);
      cells = Number((opened.status.match(/([\d,.\s]+) grid cells/) ?? [])[1]?.replace(/[^\d]/g, '') ?? 0);
      // then only `within` changed: the same filters, so the distances are reused
      await page.evaluate(() => { document.body.dataset.state = 'again'; });
      for (const slot of c.questions.keys()) await page.locator(`#q${slot}-within`).fill('1200');
      await page.locator('#compute').click();
      await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 120_000 });
      keep(within, await measured());
      if (run === 0) {
        for (const q of c.questions) anchors.push(await anchor(page, q));
      }
      await context.close();
    }
    const summary = (m) => ({
      median_ms: median(m.times), max_ms: Math.max(...m.times), longest_task_ms: Math.round(Math.max(...m.longest)), times: m.times,
      longest_task_before_ms: Math.round(m.loading),
      phases_median_ms: Object.fromEntries(Object.keys(m.phases[0] ?? {}).map((k) => [k, median(m.phases.map((ph) => ph[k] ?? 0))])),
    });
    const row = { case: c.name, cells, runs: RUNS, opened: summary(first), within_changed: summary(within), anchor: anchors };
    report.cases.push(row);
    const o = row.opened;
    console.log(`bench-planner: ${c.name}: ${cells} cells`);
    console.log(`bench-planner:   opened: median ${o.median_ms} ms (max ${o.max_ms}; aim ${AIM_MS} ms: ${o.median_ms <= AIM_MS ? 'met' : 'not met'}), longest task ${o.longest_task_ms} ms (before it, loading: ${o.longest_task_before_ms} ms); phases ${Object.entries(o.phases_median_ms).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const w = row.within_changed;
    console.log(`bench-planner:   within changed (distances reused): median ${w.median_ms} ms (max ${w.max_ms}), longest task ${w.longest_task_ms} ms`);
    for (const [i, a] of anchors.entries()) {
      console.log(`bench-planner:   question ${'ab'[i]}: ${a.matching} matching places; index ${a.index_ms} ms, plain scan ${a.scan_ms} ms (${(a.scan_ms / Math.max(a.index_ms, 1)).toFixed(1)}×), largest difference ${a.max_difference_m.toExponential(1)} m`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
mkdirSync(join(repo, 'target/bench'), { recursive: true });
writeFileSync(join(repo, 'target/bench/planner-report.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('bench-planner: wrote target/bench/planner-report.json');
