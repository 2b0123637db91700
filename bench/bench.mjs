// Runs the browser benchmark: serves the repository (and ../shared/data,
// read in place, never copied), opens bench/index.html in headless
// Chromium, runs every case on each data set, prints a table and writes
// target/bench/report.json: [{case, n, ours_ms, anchor, anchor_ms, ratio}],
// ratio = ours / anchor (below 1: ours is faster), and per data set
// {case: "memory per place [set]", n, bytes_per_place, ...}. See bench/README.md.
//
//   node bench/bench.mjs [--quick] [--only LABEL,...]
//
// Needs target/bench/pkg (the WebAssembly build) and target/synth/*.geojson:
// `make bench` makes both first.
import { chromium } from '@playwright/test'; // playwright-core's chromium
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/browser.mjs';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(repo, '..', 'shared', 'data');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : null;

const datasets = [
  { label: 'synth-10k', file: join(repo, 'target/synth/places-10k.geojson'), url: '/target/synth/places-10k.geojson' },
  { label: 'synth-100k', file: join(repo, 'target/synth/places-100k.geojson'), url: '/target/synth/places-100k.geojson' },
  { label: 'kenya-schools', file: join(repo, 'target/import/kenya-schools.geojson'), url: '/target/import/kenya-schools.geojson' },
].filter((d) => !only || only.has(d.label));

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
};

/** The repository at /, and the shared data folder (read only) at /shared/. */
function serve() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const [root, rest] = path.startsWith('/shared/') ? [shared, path.slice('/shared/'.length)] : [repo, path];
    const file = normalize(join(root, rest));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

function table(all) {
  const rows = all.filter((r) => 'anchor_ms' in r);
  const head = ['case', 'n', 'ours ms', 'anchor', 'anchor ms', 'ratio'];
  const cells = rows.map((r) => [r.case, String(r.n), r.ours_ms === null ? 'pending' : r.ours_ms.toFixed(3), r.anchor, r.anchor_ms.toFixed(3), r.ratio === null ? '-' : r.ratio.toFixed(3)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 0 || i === 3 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  const memory = all
    .filter((r) => 'bytes_per_place' in r)
    .map((r) => `${r.case}: ${r.n} places, ${r.bytes_per_place} B a place beyond its ${r.text_bytes_per_place} B of text (index: ${r.index_bytes_per_place} B a place)`);
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), '', ...memory].join('\n');
}

if (!existsSync(join(repo, 'target/bench/pkg/learnmap_bench_wasm.js'))) {
  fail('target/bench/pkg is missing: build it with `make bench` (cargo build + wasm-bindgen)');
}
const present = datasets.filter((d) => {
  if (existsSync(d.file)) return true;
  const why = d.label === 'kenya-schools' ? 'import it with `make bench` (needs ../shared/data)' : 'generate it with `make bench`';
  console.log(`bench: skipping ${d.label}: ${d.file} not found (${why})`);
  return false;
});
if (present.length === 0) fail('no data set to run');

const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
});
const rows = [];
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`page: ${m.text()}`); });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${origin}/bench/index.html`);
  await page.waitForFunction(() => window.benchReady || window.benchError, null, { timeout: 60_000 });
  const startError = await page.evaluate(() => window.benchError);
  if (startError) fail(`the page did not start: ${startError}`);
  console.log(`bench: ${await browser.version()} (headless), ${present.map((d) => d.label).join(', ')}${quick ? ' (quick)' : ''}`);
  for (const d of present) {
    const started = Date.now();
    const options = { label: d.label, url: d.url, ...(quick ? { queries: 200, reps: 3 } : {}) };
    const result = await page.evaluate((o) => window.benchDataset(o), options);
    for (const note of result.notes) console.log(`bench: ${note}`);
    console.log(`bench: ${d.label} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    rows.push(...result.rows);
  }
} finally {
  await browser.close();
  server.close();
}

console.log(`\n${table(rows)}\n`);
const out = join(repo, 'target/bench/report.json');
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(rows, null, 2)}\n`);
console.log(`bench: wrote ${out} (${rows.length} rows; ratio = ours / anchor, below 1 means ours is faster)`);
