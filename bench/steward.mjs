// The stewards' workbench's aim (issue 21): a 10,000-row CSV goes from drop
// to a validated preview within 2 s in this machine's Chromium, without
// freezing the page. Measured on a release build (LEARNMAP_DIST, default
// dist/): the file is generated (seeded), given to steward.html's file
// input, and the time until the page says it is ready (problems, table,
// map and diff drawn) is taken, with the longest task the page's thread ran
// meanwhile (a frozen page shows as one long task).
//
//   node bench/steward.mjs [--runs N] [--rows N] [--trace]
//
// --profile: V8's sampling profile of the page's thread over the drop, the
// functions with the most self time.
// --trace: a Chrome trace of each run's drop (target/bench/steward-trace-N.json)
// and the page thread's time by trace event name (self time), to see where
// the time goes.
//
// Prints a table and writes target/bench/steward-report.json.
import { chromium } from '@playwright/test';
import { BLANK_TILE_PNG, CHROMIUM, CHROMIUM_ARGS, DIST, TILE_URL } from '../tests/e2e/browser.mjs';
import { median, rng } from './stats.mjs';
import { createServer } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticHandler } from '../tests/e2e/static-server.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(opt('--runs', 5));
const ROWS = Number(opt('--rows', 10000));
const AIM_MS = 2000;
const TRACE = args.includes('--trace');
const PROFILE = args.includes('--profile');

/**
 * The thread CPU time (`tdur`) of the top-level tasks of the page's thread
 * and of its worker over the traced drop: what the drop costs, without the
 * time the threads waited for a core that other processes held.
 */
function threadCpu(trace) {
  const names = new Map();
  for (const e of trace.traceEvents) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const sum = { page: 0, worker: 0 };
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || e.name !== 'RunTask' || !e.tdur) continue;
    const name = names.get(`${e.pid}:${e.tid}`) || '';
    if (name === 'CrRendererMain') sum.page += e.tdur / 1000;
    else if (name.startsWith('DedicatedWorker')) sum.worker += e.tdur / 1000;
  }
  return { page: Math.round(sum.page), worker: Math.round(sum.worker) };
}

/** The page thread's self time by event name, from a Chrome trace. */
function selfTimes(trace) {
  const events = trace.traceEvents.filter((e) => e.ph === 'X' && e.dur);
  const main = events.find((e) => e.name === 'RunTask' && e.args)?.tid;
  const threads = new Map();
  for (const e of trace.traceEvents) if (e.name === 'thread_name' && e.args.name === 'CrRendererMain') threads.set(`${e.pid}:${e.tid}`, true);
  const mine = events.filter((e) => threads.has(`${e.pid}:${e.tid}`) || (!threads.size && e.tid === main));
  const byThread = new Map();
  for (const e of mine) {
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k).push(e);
  }
  const totals = {};
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    for (const e of list) {
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
      if (stack.length) stack[stack.length - 1].self -= e.dur;
      e.self = e.dur;
      stack.push(e);
    }
    for (const e of list) totals[e.name] = (totals[e.name] || 0) + e.self / 1000;
  }
  return Object.entries(totals).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${Math.round(v)}`).join(' · ');
}

/** A spreadsheet-like CSV of `rows` places around Hamburg, seeded; about 1 in 50 rows has a mistake. */
function csv(rows) {
  const random = rng(21);
  const types = ['Bibliothek', 'VHS', 'Kita', 'Schule', 'Museum'];
  const lines = ['Kennung;Name;Art;Breite;Länge;Öffnungszeiten;Telefon;Digital;Lesen'];
  for (let i = 1; i <= rows; i++) {
    const lat = (53.4 + random() * 0.3).toFixed(5).replace('.', ',');
    const lon = (9.8 + random() * 0.4).toFixed(5).replace('.', ',');
    const broken = random() < 0.02;
    lines.push([
      `r-${i}`,
      broken && random() < 0.5 ? '' : `Lernort ${i}`,
      types[Math.floor(random() * types.length)],
      broken ? '' : lat,
      lon,
      random() < 0.5 ? 'Mon - Fri: 9 AM - 5 PM' : 'Tue - Sat: 10:30 AM - 6 PM',
      `+49 40 ${100000 + i}`,
      random() < 0.3 ? 'ja' : 'nein',
      random() < 0.5 ? 'x' : '',
    ].join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const MAPPING = `name = "Benchmark"
[input]
format = "csv"
lat = "Breite"
lon = "Länge"
[properties]
id = "{Kennung}"
name = "Name"
place_type = "Art"
opening_hours = { from = "Öffnungszeiten", hours = "us-free-text" }
phone = "Telefon"
[values.place_type]
Bibliothek = "library"
VHS = "adult_education"
Kita = "kindergarten"
Schule = "school"
Museum = "museum"
[when.learning_areas]
Digital = "digital"
Lesen = "literacy"
`;

const out = join(repo, 'target/bench');
await mkdir(out, { recursive: true });
const csvPath = join(out, `steward-${ROWS}.csv`);
const tomlPath = join(out, 'steward-bench.toml');
await writeFile(csvPath, csv(ROWS));
await writeFile(tomlPath, MAPPING);

const server = createServer(staticHandler(resolve(repo, DIST)));
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;
const loadBefore = loadavg();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const results = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage();
    await page.route(TILE_URL, (r) => r.fulfill({ status: 200, contentType: 'image/png', body: BLANK_TILE_PNG }));
    await page.goto(`${base}steward.html`);
    await page.waitForSelector('body[data-started="1"]');
    await page.setInputFiles('#file-input', tomlPath);
    await page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    let cdp = null;
    if (PROFILE) {
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    // always traced (RunTask events carry each task's thread CPU time); --trace adds detail
    await browser.startTracing(page, { categories: TRACE
      ? ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.gc', 'blink', 'blink.user_timing', 'renderer.scheduler', 'cc', 'gpu']
      : ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const t0 = Date.now();
    await page.setInputFiles('#file-input', csvPath);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
    const ms = Date.now() - t0;
    if (PROFILE) {
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map();
      const dt = new Map();
      for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) || 0) + (profile.timeDeltas[i] || 0));
      for (const node of profile.nodes) {
        const f = node.callFrame;
        const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
        self.set(key, (self.get(key) || 0) + (dt.get(node.id) || 0) / 1000);
      }
      const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
      console.log(`  run ${run + 1} page thread profile, self ms:\n${top.map(([k, v]) => `    ${Math.round(v)} ${k}`).join('\n')}`);
    }
    const buffer = await browser.stopTracing();
    const cpu = threadCpu(JSON.parse(buffer.toString()));
    if (TRACE) {
      await writeFile(join(out, `steward-trace-${run + 1}.json`), buffer);
      console.log(`  run ${run + 1} page thread, self ms: ${selfTimes(JSON.parse(buffer.toString()))}`);
    }
    const { longest, summary, parts } = await page.evaluate(() => {
      // the page's own measures (public/steward.js): the last of each name
      const parts = {};
      for (const m of performance.getEntriesByType('measure')) {
        if (m.name.startsWith('steward:')) parts[m.name.slice(8)] = Math.round(m.duration);
      }
      return { longest: window.__longest, summary: document.getElementById('summary').textContent, parts };
    });
    results.push({ run, ms, page_cpu_ms: cpu.page, worker_cpu_ms: cpu.worker, longest_task_ms: Math.round(longest), summary, parts });
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
const report = {
  rows: ROWS,
  load_average: { before: loadBefore, after: loadavg() },
  runs: results,
  median_ms: median(results.map((r) => r.ms)),
  median_page_cpu_ms: median(results.map((r) => r.page_cpu_ms)),
  median_worker_cpu_ms: median(results.map((r) => r.worker_cpu_ms)),
  median_longest_task_ms: median(results.map((r) => r.longest_task_ms)),
  aim_ms: AIM_MS,
};
await writeFile(join(out, 'steward-report.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`steward.html, ${ROWS} CSV rows, drop to validated preview (${RUNS} runs)`);
for (const r of results) {
  console.log(`  run ${r.run + 1}: ${r.ms} ms (thread CPU: page ${r.page_cpu_ms} ms, worker ${r.worker_cpu_ms} ms), longest task ${r.longest_task_ms} ms — ${r.summary}`);
  console.log(`    ${Object.entries(r.parts).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
}
console.log(`median ${report.median_ms} ms (aim ≤ ${AIM_MS} ms: ${report.median_ms <= AIM_MS ? 'met' : 'not met'}), longest task median ${report.median_longest_task_ms} ms`);
console.log(`thread CPU time, median: page ${report.median_page_cpu_ms} ms, worker ${report.median_worker_cpu_ms} ms; load average ${report.load_average.before.map((x) => x.toFixed(1)).join(' ')} before, ${report.load_average.after.map((x) => x.toFixed(1)).join(' ')} after (2 cores)`);
