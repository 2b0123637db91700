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
// <body>: grid, every cell's nearest matching place and the figures, from
// the press to the table drawn), for one question and for two compared. It
// also records the longest task the page ran (PerformanceObserver
// "longtask"), which says whether the page stayed responsive.
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
  { name: 'one question (all places, within 1 km)', query: '&within=1000' },
  { name: 'one question (digital for seniors, within 800 m)', query: '&within=800&ages=seniors&area=digital' },
  { name: 'two compared (digital for seniors against digital for all)', query: '&within=800&ages=seniors&area=digital&compare=1&b.within=800&b.area=digital' },
];
const report = {
  date: new Date().toISOString(),
  browser: `Chromium ${browser.version()} (headless)`,
  machine: { cpus: cpus().length, load: loadavg().map((l) => Math.round(l * 10) / 10) },
  aim_ms: AIM_MS,
  cases: [],
};
try {
  for (const c of cases) {
    const times = [];
    const longest = [];
    let cells = 0;
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.route(TILE_URL, (r) => r.fulfill({ status: 200, contentType: 'image/png', body: BLANK_TILE_PNG }));
      await page.addInitScript(() => {
        window.__longest = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(base + c.query);
      await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', null, { timeout: 120_000 });
      const state = await page.evaluate(() => ({
        state: document.body.dataset.state,
        ms: Number(document.body.dataset.computeMs),
        status: document.getElementById('status').textContent,
      }));
      if (state.state !== 'ready') throw new Error(`the page failed: ${state.status}`);
      // a second press, with everything warm: what a planner waits for after changing the question
      await page.evaluate(() => { document.body.dataset.state = 'again'; window.__longest = 0; });
      await page.locator('#compute').click();
      await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 120_000 });
      const again = await page.evaluate(() => ({ ms: Number(document.body.dataset.computeMs), longest: window.__longest, status: document.getElementById('status').textContent }));
      cells = Number((again.status.match(/([\d,.\s]+) grid cells/) ?? [])[1]?.replace(/[^\d]/g, '') ?? 0);
      times.push(again.ms);
      longest.push(again.longest);
      await context.close();
    }
    const row = { case: c.name, cells, runs: RUNS, median_ms: median(times), max_ms: Math.max(...times), longest_task_ms: Math.round(Math.max(...longest)), times };
    report.cases.push(row);
    console.log(`bench-planner: ${c.name}: ${cells} cells, median ${row.median_ms} ms (max ${row.max_ms}; aim ${AIM_MS} ms: ${row.median_ms <= AIM_MS ? 'met' : 'not met'}), longest task ${row.longest_task_ms} ms`);
  }
} finally {
  await browser.close();
  server.close();
}
mkdirSync(join(repo, 'target/bench'), { recursive: true });
writeFileSync(join(repo, 'target/bench/planner-report.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('bench-planner: wrote target/bench/planner-report.json');
