// What the page paints as its largest contentful paint, candidate by
// candidate, and the app's marks beside them:
//
//   node bench/lcp-element.mjs [--only demo,10k] [--cpu N]
//
// Lighthouse 12.2.3's own `largest-contentful-paint-element` audit fails on
// this machine's Chromium ("Cannot read properties of undefined (reading
// 'frame_sequence')"), so `make bench-lighthouse` cannot say which element
// its LCP is. This loads the release build (LEARNMAP_DIST, default dist/)
// as bench/lighthouse.mjs serves it (brotli, tiles from a local stub), in a
// phone-sized page at N× CPU (default 4) without network throttling, and
// prints each LCP candidate (time, size, element) with the app's
// performance marks and the resources the page asked for, in time order.
// On 7 Dec 2026 the LCP was a map tile, after the wasm, the app's first
// render and Leaflet (docs/performance.md).
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, DIST } from '../tests/e2e/browser.mjs';
import { servePhoneBuild } from './phone-host.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const ONLY = new Set(opt('--only', 'demo').split(','));
const CPU = Number(opt('--cpu', 4));
const dist = resolve(repo, DIST);
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`lcp-element: ${dist}/index.html is missing: run make dist first`);
  process.exit(1);
}

const { origin, close } = await servePhoneBuild(dist, join(repo, 'target/synth'));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const [name, path] of [['demo', '/'], ['10k', '/10k/']]) {
    if (!ONLY.has(name)) continue;
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
    await page.addInitScript(() => {
      const seen = [];
      globalThis.lcpCandidates = seen;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const el = e.element;
          const text = el ? `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${(el.textContent ?? '').trim().slice(0, 50)}` : e.url;
          seen.push({ at: e.startTime, line: `LCP candidate, ${e.size} px²: ${text}` });
        }
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    await page.goto(origin + path);
    await page.waitForFunction(() => performance.getEntriesByName('learnmap:markers').length > 0, null, { timeout: 60_000 });
    // the paints of the frame that drew the markers, then the candidates up to now
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))));
    const lines = await page.evaluate(() => {
      const rows = [...globalThis.lcpCandidates];
      for (const m of performance.getEntriesByType('mark')) rows.push({ at: m.startTime, line: `mark ${m.name}` });
      for (const r of performance.getEntriesByType('resource')) {
        rows.push({ at: r.startTime, line: `asked for ${new URL(r.name).pathname} (in at ${Math.round(r.responseEnd)} ms)` });
      }
      return rows.sort((a, b) => a.at - b.at).map((r) => `${String(Math.round(r.at)).padStart(6)} ms  ${r.line}`);
    });
    console.log(`lcp-element: ${name} at ${CPU}x CPU, no network throttling:`);
    for (const line of lines) console.log(line);
    await context.close();
  }
} finally {
  await browser.close();
  close();
}
