// The citizen app's speed figures (issue 5), measured on a release build in
// headless Chromium. Prints a table and writes target/bench/app-report.json.
//
//   node bench/app.mjs [--runs N] [--changes N] [--only shell,first,filter] [--profile]
//                      [--keep-traces] [--against OTHER_BUILD]
//
// --against measures a second release build (say, one made at an earlier
// commit with `bash scripts/dist.sh --dist /tmp/before`) in the same run, its
// first results run by run and its filter changes change by change with this
// one's, so that the two meet this machine in the same state: comparing two
// separate runs is not enough, as the machine's speed drifts by a third from
// minute to minute.
//
// LEARNMAP_DIST names the build (default dist/, made by `make dist`);
// CHROMIUM the browser (default /usr/bin/chromium). The build is served with
// brotli (quality 11, compressed once per file, as a static host that
// compresses ahead of time), and the synthetic 10k set at /bench-data/ on the
// same origin. Map tiles are answered locally. See bench/README.md for exactly
// what each figure counts.
import { chromium } from '@playwright/test'; // playwright-core's chromium
import { BLANK_TILE_PNG, CHROMIUM, CHROMIUM_ARGS, DIST, TILE_URL } from '../tests/e2e/browser.mjs';
import { median, percentile, rng } from './stats.mjs';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, cpus } from 'node:os';
import { staticHandler } from '../tests/e2e/static-server.mjs';
import { shellSize } from '../scripts/shell.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(opt('--runs', 5));
const CHANGES = Number(opt('--changes', 24));
const ONLY = new Set(opt('--only', 'shell,first,filter').split(','));
const PROFILE = args.includes('--profile');
const KEEP_TRACES = args.includes('--keep-traces');
const AGAINST = opt('--against', null);

const dist = resolve(repo, DIST);
const against = AGAINST ? resolve(AGAINST) : null;
const synthDir = join(repo, 'target/synth');
const synth10k = join(synthDir, 'places-10k.geojson');
const DATA_10K = '/bench-data/places-10k.geojson';

/** The aims of issue 5. */
const AIM = { shellBytes: 200 * 1024, firstMs: 2500, changeMs: 16 };

/** DevTools' "Fast 3G" preset (front_end/core/sdk/NetworkManager.ts). */
const FAST_3G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};
const CPU_SLOWDOWN = 4;

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false };



function fail(message) {
  console.error(`bench-app: ${message}`);
  process.exit(1);
}

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;


// ---- the build -----------------------------------------------------------------

if (!existsSync(join(dist, 'index.html'))) {
  fail(`${dist}/index.html is missing: run make dist first (or set LEARNMAP_DIST to a release build)`);
}

function measureShell() {
  let shell;
  try {
    shell = shellSize(dist);
  } catch (error) {
    fail(error.message);
  }
  return { ...shell, aim_bytes: AIM.shellBytes, meets_aim: shell.total_brotli_bytes <= AIM.shellBytes };
}

// ---- the data --------------------------------------------------------------------

function ensureSynth() {
  if (existsSync(synth10k)) return;
  console.log('bench-app: generating target/synth/places-10k.geojson (learnmap-data synth, seed as the Makefile)');
  const run = spawnSync(
    'cargo',
    ['run', '--release', '-q', '-p', 'learnmap-data', '--', 'synth', '--count', '10k', '--out', synth10k],
    { cwd: repo, stdio: 'inherit' },
  );
  if (run.status !== 0 || !existsSync(synth10k)) fail('could not generate the 10k set (see the cargo output above)');
}

// ---- the page ------------------------------------------------------------------------

/**
 * Runs in the page before its own scripts: notes on the page's clock when the
 * first result is in the DOM, and arms the "settled" watch for filter changes.
 */
function pageProbe() {
  let resolveFirst;
  window.__lmFirst = new Promise((r) => (resolveFirst = r));
  const seen = new MutationObserver(() => {
    if (document.querySelector('.lm-error')) {
      seen.disconnect();
      resolveFirst({ error: document.querySelector('.lm-error').textContent });
    } else if (document.querySelector('.lm-result[data-space-id]')) {
      const t = performance.now();
      seen.disconnect();
      resolveFirst({ t });
    }
  });
  seen.observe(document, { childList: true, subtree: true });

  // After a click: once the results list and the marker pane have both
  // changed, marks the next animation frame (the frame that paints them) with
  // console.timeStamp('lm-shown'); then waits until an animation frame finds
  // no DOM change since the one before (the chips' counts, which follow a
  // frame later, are painted too) and marks that frame 'lm-settled'.
  window.__lmArm = (timeoutMs) =>
    new Promise((resolve) => {
      const list = document.querySelector('.lm-results');
      const pane = document.querySelector('.leaflet-marker-pane');
      const all = { childList: true, subtree: true, attributes: true, characterData: true };
      let clicked = null;
      let listAt = null;
      let paneAt = null;
      let done = false;
      const onDown = () => {
        if (clicked === null) clicked = performance.now();
      };
      window.addEventListener('pointerdown', onDown, true);
      window.addEventListener('mousedown', onDown, true);
      const finish = (how) => {
        if (done) return;
        done = true;
        listObs.disconnect();
        paneObs.disconnect();
        window.removeEventListener('pointerdown', onDown, true);
        window.removeEventListener('mousedown', onDown, true);
        requestAnimationFrame(() => {
          console.timeStamp('lm-shown');
          const shown = performance.now();
          let changed = false;
          const still = new MutationObserver(() => (changed = true));
          still.observe(document.body, all);
          const frame = () =>
            requestAnimationFrame(() => {
              if (changed && performance.now() - shown < 1000) {
                changed = false;
                frame();
                return;
              }
              still.disconnect();
              console.timeStamp('lm-settled');
              resolve({ how, clicked, listAt, paneAt, shown, settled: performance.now() });
            });
          frame();
        });
      };
      const check = () => {
        if (listAt !== null && paneAt !== null) finish('both');
      };
      const listObs = new MutationObserver(() => {
        if (clicked === null) return;
        listAt ??= performance.now();
        check();
      });
      const paneObs = new MutationObserver(() => {
        if (clicked === null) return;
        paneAt ??= performance.now();
        check();
      });
      listObs.observe(list, all);
      paneObs.observe(pane, all);
      setTimeout(() => finish('timeout'), timeoutMs);
    });

  /** Resolves after `quietMs` without any DOM change (the map and list have settled). */
  window.__lmQuiet = (quietMs, maxMs) =>
    new Promise((resolve) => {
      const start = performance.now();
      let timer;
      const obs = new MutationObserver(() => arm());
      const arm = () => {
        clearTimeout(timer);
        if (performance.now() - start > maxMs) {
          obs.disconnect();
          resolve(false);
          return;
        }
        timer = setTimeout(() => {
          obs.disconnect();
          resolve(true);
        }, quietMs);
      };
      obs.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
      arm();
    });
}

async function newContext(browser, device) {
  const context = await browser.newContext({ ...device, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
  await context.route(TILE_URL, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_TILE_PNG }));
  await context.addInitScript(pageProbe);
  return context;
}

function watch(page, label) {
  page.on('pageerror', (e) => console.error(`bench-app: ${label}: page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`bench-app: ${label}: console error: ${m.text()}`);
  });
}

// ---- b. first results under throttling -------------------------------------------------

async function firstResultsOnce(browser, origin, query, label) {
  const context = await newContext(browser, PHONE);
  try {
    const page = await context.newPage();
    watch(page, label);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto(`${origin}/${query}`, { waitUntil: 'commit', timeout: 120_000 });
    const first = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const wait = () => (window.__lmFirst ? window.__lmFirst.then(resolve) : setTimeout(wait, 20));
          wait();
        }),
    );
    if (first.error) throw new Error(`${label}: the app showed an error: ${first.error}`);
    const timing = await page.evaluate(() => {
      const end = (re) => {
        const e = performance.getEntriesByType('resource').find((r) => re.test(r.name));
        return e ? { end_ms: e.responseEnd, transfer_bytes: e.transferSize } : null;
      };
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        wasm: end(/\.wasm$/),
        glue: end(/learnmap-[0-9a-f]+\.js$/),
        data: end(/geojson/),
        leaflet: end(/leaflet\.js$/),
        fcp_ms: fcp ? fcp.startTime : null,
        resources: performance.getEntriesByType('resource').map((r) => ({
          name: r.name.replace(location.origin, ''),
          start_ms: Math.round(r.startTime),
          response_start_ms: Math.round(r.responseStart),
          end_ms: Math.round(r.responseEnd),
          transfer_bytes: r.transferSize,
        })),
      };
    });
    await cdp.detach();
    return { first_result_ms: first.t, ...timing };
  } finally {
    await context.close();
  }
}

/** The case's name for the k-th build: the build itself, then the one of --against. */
const caseOf = (label, k) => (k === 0 ? label : `${label}, against`);

async function measureFirst(browser, origins) {
  const cases = [
    { label: 'demo data', query: '' },
    { label: 'synth 10k', query: `?data=${encodeURIComponent(DATA_10K)}` },
  ];
  const out = [];
  for (const c of cases) {
    // with --against, the two builds take turns, run by run
    const runs = origins.map(() => []);
    for (let i = 0; i < RUNS; i++) {
      for (const [k, origin] of origins.entries()) {
        const label = caseOf(c.label, k);
        const r = await firstResultsOnce(browser, origin, c.query, label);
        console.log(
          `bench-app: first results, ${label}, run ${i + 1}: ${r.first_result_ms.toFixed(0)} ms` +
            ` (wasm in ${r.wasm?.end_ms.toFixed(0)} ms, data in ${r.data?.end_ms.toFixed(0)} ms)`,
        );
        runs[k].push(r);
      }
    }
    for (const [k, rs] of runs.entries()) {
      const m = median(rs.map((r) => r.first_result_ms));
      out.push({
        case: caseOf(c.label, k),
        median_ms: round(m),
        runs_ms: rs.map((r) => round(r.first_result_ms)),
        median_wasm_loaded_ms: round(median(rs.map((r) => r.wasm?.end_ms ?? NaN))),
        median_data_loaded_ms: round(median(rs.map((r) => r.data?.end_ms ?? NaN))),
        data_transfer_bytes: rs[0].data?.transfer_bytes ?? null,
        runs: rs,
        aim_ms: AIM.firstMs,
        meets_aim: m <= AIM.firstMs,
      });
    }
  }
  return out;
}

// ---- c. filter changes at 10k places ---------------------------------------------------

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'];

/** What each trace event name counts as, for the breakdown. */
const KIND = {
  EventDispatch: 'script',
  FunctionCall: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  EvaluateScript: 'script',
  'v8.run': 'script',
  'v8.callFunction': 'script',
  'V8.Execute': 'script',
  RunMicrotasks: 'script',
  'v8.evaluateModule': 'script',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ScheduleStyleRecalculation: 'style',
  Layout: 'layout',
  UpdateLayerTree: 'paint',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  'Document::updateStyleAndLayout': 'layout',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GC_MARK_COMPACTOR': 'gc',
  'BlinkGC.AtomicPhase': 'gc',
  HitTest: 'input',
  ParseHTML: 'other',
};

/** Complete events ('X', and B/E pairs joined) per thread, sorted by start then longest first. */
function completeEvents(events) {
  const out = [];
  const open = new Map();
  for (const e of events) {
    if (e.ph === 'X') out.push({ ...e, dur: e.dur ?? 0 });
    else if (e.ph === 'B') {
      const key = `${e.pid}:${e.tid}`;
      if (!open.has(key)) open.set(key, []);
      open.get(key).push(e);
    } else if (e.ph === 'E') {
      const b = open.get(`${e.pid}:${e.tid}`)?.pop();
      if (b) out.push({ ...b, ph: 'X', dur: e.ts - b.ts });
    }
  }
  return out.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
}

/**
 * The main-thread work of one change: the top-level RunTask events on the
 * page's CrRendererMain thread (the thread that logged the marks), from the
 * task that dispatched the click's first pointer event through the task that
 * committed the frame marked `lm-shown` (the frame that paints the new list
 * and markers: the aim's figure), with a breakdown by kind of work (self
 * time); and the same through the task that logged `lm-settled` (everything
 * the change does, the chips' counts too).
 */
function analyse(trace) {
  const raw = Array.isArray(trace) ? trace : trace.traceEvents;
  const mark = (name) => raw.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === name);
  const settled = mark('lm-settled');
  const shown = mark('lm-shown');
  if (!settled || !shown) throw new Error('the trace lacks the lm-shown or lm-settled mark');
  const { pid, tid } = settled;
  const thread = completeEvents(raw.filter((e) => e.pid === pid && e.tid === tid));
  const tasks = [];
  let end = -Infinity;
  for (const e of thread) {
    if (e.name !== 'RunTask' || e.ts < end) continue; // nested tasks are inside a top-level one
    tasks.push(e);
    end = e.ts + e.dur;
  }
  const inside = (t, e) => e.ts >= t.ts && e.ts < t.ts + t.dur;
  const input = thread.find(
    (e) => e.name === 'EventDispatch' && ['pointerdown', 'mousedown', 'touchstart'].includes(e.args?.data?.type),
  );
  if (!input) throw new Error('the trace has no pointer event of the click');
  const firstTask = tasks.findIndex((t) => inside(t, input));
  const through = (i) => tasks.slice(firstTask, i + 1);
  // the frame marked lm-shown ends with its commit to the compositor
  const commit = thread.find((e) => e.name === 'Commit' && e.ts >= shown.ts);
  const shownTask = tasks.findIndex((t) => (commit ? inside(t, commit) : inside(t, shown) || t.ts > shown.ts));
  const settledTask = tasks.findIndex((t) => inside(t, settled) || t.ts > settled.ts);
  const counted = through(shownTask);
  const all = through(settledTask).filter((t) => t.ts <= settled.ts);
  const sum = (ts, f) => ts.reduce((s, t) => s + f(t), 0) / 1000;
  // breakdown: self time of each event, attributed to the nearest known kind
  const kinds = {};
  for (const t of counted) {
    const within = thread.filter((e) => e !== t && inside(t, e) && e.ts + e.dur <= t.ts + t.dur + 1);
    const stack = [{ e: t, kind: 'other', child: 0 }];
    const close = (upTo) => {
      while (stack.length > 1 && stack[stack.length - 1].e.ts + stack[stack.length - 1].e.dur <= upTo) {
        const f = stack.pop();
        kinds[f.kind] = (kinds[f.kind] ?? 0) + Math.max(0, f.e.dur - f.child);
        stack[stack.length - 1].child += f.e.dur;
      }
    };
    for (const e of within) {
      close(e.ts);
      stack.push({ e, kind: KIND[e.name] ?? stack[stack.length - 1].kind, child: 0 });
    }
    close(Infinity);
    kinds.other = (kinds.other ?? 0) + Math.max(0, t.dur - stack[0].child);
  }
  for (const k of Object.keys(kinds)) kinds[k] = round(kinds[k] / 1000, 2);
  return {
    main_thread_ms: sum(counted, (t) => t.dur),
    main_thread_cpu_ms: sum(counted, (t) => t.tdur ?? t.dur),
    tasks: counted.length,
    longest_task_ms: Math.max(...counted.map((t) => t.dur)) / 1000,
    kinds,
    settled_ms: sum(all, (t) => t.dur),
    settled_tasks: all.length,
  };
}

/** The controls a resident changes, in a seeded order (at most two filters on at once, then "clear all"). */
function changePlan(n, areas, ages) {
  const next = rng(2024);
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const on = new Set();
  const plan = [];
  while (plan.length < n) {
    if (on.size >= 2 && (on.size >= 3 || next() < 0.5)) {
      plan.push({ control: 'clear all', selector: 'button.lm-clear' });
      on.clear();
      continue;
    }
    const r = next();
    const filter = r < 0.6 ? pick(areas) : r < 0.8 ? 'free' : pick(ages);
    plan.push({ control: filter, selector: `button.lm-chip[data-filter="${filter}"]` });
    if (on.has(filter)) on.delete(filter);
    else on.add(filter);
  }
  return plan;
}

/**
 * Opens the 10k set at `device` for filter changes: "more filters" open (the
 * age groups are there), the page quiet. Returns the page and its chips.
 */
async function openForChanges(browser, origin, device, label) {
  const context = await newContext(browser, device);
  const page = await context.newPage();
  watch(page, label);
  await page.goto(`${origin}/?data=${encodeURIComponent(DATA_10K)}`);
  const first = await page.evaluate(() => window.__lmFirst);
  if (first.error) throw new Error(`${label}: the app showed an error: ${first.error}`);
  const more = page.locator('details.lm-more-filters');
  if (!(await more.evaluate((d) => d.open))) await more.locator('summary').click();
  await page.evaluate(() => window.__lmQuiet(500, 10_000));
  const filters = await page.locator('button.lm-chip[data-filter]').evaluateAll((bs) => bs.map((b) => b.dataset.filter));
  const areas = filters.filter((f) => f.startsWith('area:'));
  const ages = filters.filter((f) => f.startsWith('ages:'));
  if (areas.length === 0 || ages.length === 0 || !filters.includes('free')) {
    throw new Error(`${label}: the filter chips were not found (${filters.join(', ')})`);
  }
  const cdp = PROFILE ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  }
  return { context, page, cdp, label, areas, ages, results: [] };
}

/** One change of the plan on an opened page: clicks, waits for list and map, reads the trace. */
async function oneChange(browser, open, step, i) {
  const { page, cdp, label } = open;
  const target = page.locator(step.selector);
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error(`${label}: ${step.control} has no box`);
  await page.evaluate(() => window.__lmQuiet(300, 10_000));
  const before = await page.evaluate(() => document.querySelectorAll('.lm-result').length);
  await page.evaluate(() => {
    window.__lmSettled = window.__lmArm(3000);
  });
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  if (cdp) await cdp.send('Profiler.start');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const settled = await page.evaluate(() => window.__lmSettled);
  const profile = cdp ? (await cdp.send('Profiler.stop')).profile : undefined;
  const traceText = (await browser.stopTracing()).toString('utf8');
  if (KEEP_TRACES) {
    const file = join(repo, 'target/bench/traces', `${label.replace(/[^a-z0-9]+/gi, '-')}-${i}.json`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, traceText);
    if (profile) await writeFile(file.replace(/\.json$/, '.cpuprofile'), JSON.stringify(profile));
  }
  const a = analyse(JSON.parse(traceText));
  const shown = await page.evaluate(() => ({
    results: document.querySelectorAll('.lm-result').length,
    markers: document.querySelectorAll('.leaflet-marker-pane .lm-marker, .leaflet-marker-pane .lm-cluster').length,
  }));
  open.results.push({
    i,
    control: step.control,
    settled: settled.how,
    click_to_settled_ms: round(settled.settled - settled.clicked, 1),
    ...a,
    main_thread_ms: round(a.main_thread_ms, 2),
    main_thread_cpu_ms: round(a.main_thread_cpu_ms, 2),
    settled_ms: round(a.settled_ms, 2),
    longest_task_ms: round(a.longest_task_ms, 2),
    results_before: before,
    ...shown,
    profile,
  });
}

/** The figures of one case from its changes. */
function summarise(label, results) {
  const ms = results.map((r) => r.main_thread_ms);
  const kinds = {};
  for (const r of results) for (const [k, v] of Object.entries(r.kinds)) (kinds[k] ??= []).push(v);
  return {
    case: label,
    changes: results.length,
    median_ms: round(median(ms), 2),
    p95_ms: round(percentile(ms, 95), 2),
    max_ms: round(Math.max(...ms), 2),
    cpu_median_ms: round(median(results.map((r) => r.main_thread_cpu_ms)), 2),
    cpu_p95_ms: round(percentile(results.map((r) => r.main_thread_cpu_ms), 95), 2),
    settled_median_ms: round(median(results.map((r) => r.settled_ms)), 2),
    settled_p95_ms: round(percentile(results.map((r) => r.settled_ms), 95), 2),
    median_kinds_ms: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, round(median(v), 2)])),
    timeouts: results.filter((r) => r.settled !== 'both').length,
    aim_ms: AIM.changeMs,
    meets_aim: percentile(ms, 95) <= AIM.changeMs,
    steps: results,
  };
}

/**
 * The seeded plan of changes at `device`, on the build and, with --against,
 * on the other build too: change by change, alternating which goes first,
 * so both meet the machine in the same state (its speed drifts by a third
 * from minute to minute, which hides differences between separate runs).
 */
async function filterChanges(browser, origins, device, label) {
  const opened = [];
  try {
    for (const [k, origin] of origins.entries()) opened.push(await openForChanges(browser, origin, device, caseOf(label, k)));
    const [a, ...others] = opened;
    for (const o of others) {
      if (o.areas.join() !== a.areas.join() || o.ages.join() !== a.ages.join()) throw new Error(`${o.label}: the chips differ from the build's`);
    }
    const plan = changePlan(CHANGES, a.areas, a.ages);
    for (const [i, step] of plan.entries()) {
      const order = i % 2 === 0 ? opened : [...opened].reverse();
      for (const o of order) await oneChange(browser, o, step, i);
    }
    const cases = opened.map((o) => summarise(o.label, o.results));
    if (others.length > 0) {
      // paired by change: the same control, at nearly the same moment
      const diffs = a.results.map((r, i) => r.main_thread_ms - others[0].results[i].main_thread_ms);
      cases[0].paired = {
        against: others[0].label,
        median_difference_ms: round(median(diffs), 2),
        faster_in: diffs.filter((d) => d < 0).length,
        changes: diffs.length,
      };
    }
    return cases;
  } finally {
    for (const o of opened) {
      if (o.cdp) await o.cdp.detach();
      await o.context.close();
    }
  }
}

/** Self time per function over all profiles of a case: the top `n`. */
function topFunctions(profiles, n = 25) {
  const self = new Map();
  let totalUs = 0;
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((node) => [node.id, node]));
    for (let i = 0; i < p.samples.length; i++) {
      const node = byId.get(p.samples[i]);
      const dt = p.timeDeltas[i + 1] ?? 0;
      const f = node.callFrame;
      if (['(idle)', '(program)', '(root)'].includes(f.functionName)) continue;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + dt);
      totalUs += dt;
    }
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([fn, us]) => ({ fn, self_ms: round(us / 1000, 2), share: round(us / totalUs, 3) }));
}

/**
 * Which part of the app the sampled time belongs to: each sample goes to the
 * nearest frame, from the leaf up, that one of these rules names (function
 * names need a build that keeps them: see bench/README.md).
 */
const plain = (f) => f.functionName.replace(/\[[0-9a-f]{16}\]/g, '');
const PHASES = [
  ['address (history.replaceState)', (f) => /^(replaceState|pushState)$/.test(f.functionName) || /routing::/.test(plain(f))],
  ['Leaflet markers', (f) => /leaflet\.js$/.test(f.url) || /^<?leaflet::|map_view::draw/.test(plain(f))],
  ['opening hours', (f) => /opening_hours|learnmap_core::hours/.test(plain(f))],
  ['core: filter, facets, nearest, clusters', (f) => /^<?(learnmap_core|rstar)::/.test(plain(f))],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['Leptos render / reactivity', (f) => /^<?(tachys|reactive_graph|leptos|any_spawner|wasm_bindgen_futures)::/.test(plain(f))],
  ['app (other Rust)', (f) => /^<?learnmap::/.test(plain(f))],
];

function phasesOf(profiles) {
  const out = {};
  let totalUs = 0;
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((node) => [node.id, node]));
    const parent = new Map();
    for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
    const memo = new Map();
    const phase = (id) => {
      if (memo.has(id)) return memo.get(id);
      const node = byId.get(id);
      const rule = PHASES.find(([, test]) => test(node.callFrame));
      const up = parent.get(id);
      const v = rule ? rule[0] : up === undefined ? 'other (browser, glue)' : phase(up);
      memo.set(id, v);
      return v;
    };
    for (let i = 0; i < p.samples.length; i++) {
      const node = byId.get(p.samples[i]);
      if (['(idle)', '(program)', '(root)'].includes(node.callFrame.functionName)) continue;
      const dt = p.timeDeltas[i + 1] ?? 0;
      const k = phase(node.id);
      out[k] = (out[k] ?? 0) + dt;
      totalUs += dt;
    }
  }
  return Object.entries(out)
    .sort((a, b) => b[1] - a[1])
    .map(([phase, us]) => ({ phase, ms_per_change: round(us / 1000 / profiles.length, 2), share: round(us / totalUs, 3) }));
}

// ---- run --------------------------------------------------------------------------------

const machine = {
  cpus: cpus().length,
  loadavg_before: loadavg().map((l) => round(l, 2)),
  uptime: spawnSync('uptime', { encoding: 'utf8' }).stdout?.trim() ?? null,
};
const report = { dist, against, date: new Date().toISOString(), machine, aims: AIM, network: { preset: 'Fast 3G', ...FAST_3G }, cpu_slowdown: CPU_SLOWDOWN };

if (ONLY.has('shell')) report.shell = measureShell();

if (ONLY.has('first') || ONLY.has('filter')) {
  ensureSynth();
  const servers = [];
  const origins = [];
  for (const build of [dist, ...(against ? [against] : [])]) {
    const server = createServer(staticHandler(build, { brotli: true, mounts: { '/bench-data/': synthDir } }));
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    const origin = `http://127.0.0.1:${server.address().port}`;
    servers.push(server);
    origins.push(origin);
    // compress everything once before measuring, as a host would have
    const warm = [
      '/',
      ...readdirSync(build, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => `/${d.name}`),
      '/vendor/leaflet/leaflet.js',
      '/vendor/leaflet/leaflet.css',
      '/data/demo/learning-spaces.geojson',
      DATA_10K,
    ];
    console.log(`bench-app: compressing ${build} and the data (brotli 11, once)`);
    await Promise.all(warm.map((p) => fetch(`${origin}${p}`, { headers: { 'accept-encoding': 'br' } }).then((r) => r.arrayBuffer())));
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  report.browser = `Chromium ${browser.version()} (headless)`;
  console.log(`bench-app: ${report.browser}, build ${dist}${against ? `, against ${against}` : ''}`);
  try {
    if (ONLY.has('first')) report.first_results = await measureFirst(browser, origins);
    if (ONLY.has('filter')) {
      report.filter_change = [];
      for (const [device, label] of [
        [PHONE, 'phone 390×844'],
        [DESKTOP, 'desktop 1280×800'],
      ]) {
        for (const r of await filterChanges(browser, origins, device, label)) {
          console.log(`bench-app: filter changes, ${r.case}: median ${r.median_ms} ms, p95 ${r.p95_ms} ms to list and map painted; ${r.settled_median_ms} / ${r.settled_p95_ms} ms to the page still (${r.changes} changes)`);
          if (PROFILE) {
            const profiles = r.steps.map((s) => s.profile).filter(Boolean);
            r.top_functions = topFunctions(profiles);
            r.phases = phasesOf(profiles);
          }
          for (const s of r.steps) delete s.profile;
          report.filter_change.push(r);
        }
      }
    }
  } finally {
    await browser.close();
    for (const server of servers) server.close();
  }
}
machine.loadavg_after = loadavg().map((l) => round(l, 2));

// ---- the table ---------------------------------------------------------------------------

const rows = [];
if (report.shell) {
  for (const f of report.shell.files) rows.push([`shell: ${f.what} (${f.file})`, `${(f.brotli_bytes / 1024).toFixed(1)} KiB br`, '', '']);
  const s = report.shell;
  rows.push(['shell: total brotli', `${(s.total_brotli_bytes / 1024).toFixed(1)} KiB`, `≤ ${s.aim_bytes / 1024} KiB`, s.meets_aim ? 'yes' : 'NO']);
}
for (const f of report.first_results ?? []) {
  rows.push([`first result, 4x CPU + Fast 3G, ${f.case} (median of ${f.runs.length})`, `${f.median_ms.toFixed(0)} ms`, `≤ ${f.aim_ms} ms`, f.meets_aim ? 'yes' : 'NO']);
}
for (const c of report.filter_change ?? []) {
  rows.push([`filter change at 10k, ${c.case}, to list and map painted: median`, `${c.median_ms.toFixed(1)} ms`, '', '']);
  rows.push([`filter change at 10k, ${c.case}, to list and map painted: p95 (${c.changes} changes)`, `${c.p95_ms.toFixed(1)} ms`, `≤ ${c.aim_ms} ms`, c.meets_aim ? 'yes' : 'NO']);
  rows.push([`  the same, thread CPU time: median / p95`, `${c.cpu_median_ms.toFixed(1)} / ${c.cpu_p95_ms.toFixed(1)} ms`, '', '']);
  rows.push([`  to the page still (the counts painted too): median / p95`, `${c.settled_median_ms.toFixed(1)} / ${c.settled_p95_ms.toFixed(1)} ms`, '', '']);
  if (c.paired) {
    const d = c.paired.median_difference_ms;
    rows.push([`  against the other build, change by change: median difference`, `${d > 0 ? '+' : ''}${d.toFixed(1)} ms`, '', '']);
    rows.push([`  changes where this build took less time`, `${c.paired.faster_in} of ${c.paired.changes}`, '', '']);
  }
}
const head = ['figure', 'measured', 'aim', 'met'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
console.log(`\n${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
for (const c of report.filter_change ?? []) {
  console.log(`bench-app: ${c.case}: median main-thread ms by kind: ${JSON.stringify(c.median_kinds_ms)}`);
  if (c.timeouts) console.log(`bench-app: ${c.case}: ${c.timeouts} change(s) did not change both list and map within 3 s`);
  for (const f of c.phases ?? []) console.log(`  ${f.ms_per_change.toFixed(2).padStart(8)} ms/change  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.phase}`);
  for (const f of c.top_functions ?? []) console.log(`  ${f.self_ms.toFixed(1).padStart(8)} ms  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.fn}`);
}
console.log(`bench-app: machine: ${cpus().length} CPUs, load average before ${machine.loadavg_before.join(' ')}, after ${machine.loadavg_after.join(' ')}`);

const out = join(repo, 'target/bench/app-report.json');
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`bench-app: wrote ${out}`);
