// Where the citizen map's start-up spends the main thread (issue 19): the
// app's own marks (`learnmap:*`, src/timing.rs), the long tasks and the
// largest contentful paint, on a phone (412×823, pixel ratio 2.6) with the
// CPU slowed 4× as Lighthouse's mobile profile does, network unthrottled.
//
//   node bench/startup.mjs [--runs N] [--only demo,10k]
//
// Serves the release build (dist/, LEARNMAP_DIST) with brotli and tiles from
// a local stub, as bench/lighthouse.mjs does (the 10k set is
// target/synth/places-10k.geojson: make bench-lighthouse makes it). Prints
// each run's timeline: milliseconds since navigation, mark or task.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS, DIST } from '../tests/e2e/browser.mjs';
import { servePhoneBuild } from './phone-host.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(opt('--runs', 3));
const ONLY = opt('--only', 'demo').split(',');
const dist = resolve(repo, DIST);
const synthDir = join(repo, 'target/synth');
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`bench-startup: ${dist}/index.html is missing: run make dist first`);
  process.exit(1);
}

const { origin, close } = await servePhoneBuild(dist, synthDir);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const set of ONLY) {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.addInitScript(() => {
        globalThis.__tasks = [];
        globalThis.__lcp = [];
        globalThis.__shifts = [];
        const name = (n) => (n && n.nodeType === 1 ? `${n.tagName.toLowerCase()}.${[...n.classList].join('.')}` : n ? n.nodeName : '?');
        new PerformanceObserver((l) =>
          __shifts.push(...l.getEntries().filter((e) => !e.hadRecentInput).map((e) => [e.startTime, e.value, e.sources.map((s) => `${name(s.node)} ${JSON.stringify(s.previousRect)} -> ${JSON.stringify(s.currentRect)}`).join('; ')])),
        ).observe({ type: 'layout-shift', buffered: true });
        new PerformanceObserver((l) => __tasks.push(...l.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
        new PerformanceObserver((l) =>
          __lcp.push(...l.getEntries().map((e) => [e.startTime, e.element ? `${e.element.tagName.toLowerCase()}.${[...e.element.classList].join('.')}` : '?', e.size])),
        ).observe({ type: 'largest-contentful-paint', buffered: true });
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(`${origin}${set === '10k' ? '/10k/' : '/'}`);
      await page.locator('.lm-results li').first().waitFor();
      await page.waitForFunction(() => performance.getEntriesByName('learnmap:markers').length > 0);
      // until the main thread is quiet for a second
      await page.waitForFunction(() => {
        const t = globalThis.__tasks;
        const last = t.length ? t[t.length - 1][0] + t[t.length - 1][1] : 0;
        return performance.now() - last > 1000;
      }, null, { polling: 200 });
      const { marks, tasks, lcp, shifts } = await page.evaluate(() => ({
        marks: performance.getEntriesByType('mark').map((m) => [m.startTime, m.name]),
        tasks: globalThis.__tasks,
        lcp: globalThis.__lcp,
        shifts: globalThis.__shifts,
      }));
      const lines = [
        ...marks.map(([t, n]) => [t, n]),
        ...tasks.map(([t, d]) => [t, `task ${Math.round(d)} ms (to ${Math.round(t + d)})`]),
        ...lcp.map(([t, e, s]) => [t, `LCP candidate ${e} (${s} px²)`]),
        ...shifts.map(([t, v, s]) => [t, `layout shift ${v.toFixed(4)}: ${s}`]),
      ].sort((a, b) => a[0] - b[0]);
      const tbt = tasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0);
      console.log(`\n${set}, run ${run + 1}: blocking time ${Math.round(tbt)} ms (sum over 50 ms of ${tasks.length} long tasks)`);
      for (const [t, what] of lines) console.log(`${String(Math.round(t)).padStart(6)}  ${what}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  close();
}
