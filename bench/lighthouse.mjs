// Lighthouse as the citizen map's benchmark (issue 19): `make bench-lighthouse`.
//
//   node bench/lighthouse.mjs [--runs N] [--only demo,10k]
//
// Runs Lighthouse 12.2.3 (npm, package.json) with this machine's Chromium
// (CHROME_PATH, default /usr/bin/chromium; headless, the flags of
// tests/e2e/browser.mjs), mobile defaults (simulated Slow 4G and 4x CPU), on
// the release build in dist/ (LEARNMAP_DIST) served with brotli as a static
// host that compresses ahead of time (tests/e2e/static-server.mjs). Map tiles
// come from a local stub: the server answers config.json with the bundled one
// whose tile template is relative (tiles/{z}/{x}/{y}.png), and those tiles
// with a blank PNG. The demo data at /, 10k synthetic places at /10k/
// (target/synth/places-10k.geojson, made as `make bench` makes it).
//
// Writes the medians of the runs to target/bench/lighthouse.json:
// {"performance", "accessibility", "best-practices", "seo", "lcp_ms", "tbt_ms"}
// (scores 0-100) for the demo data, the same under "places_10k", and each
// run's figures and failed audits under "runs".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, DIST } from '../tests/e2e/browser.mjs';
import { servePhoneBuild } from './phone-host.mjs';
import { median } from './stats.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(opt('--runs', 3));
const ONLY = new Set(opt('--only', 'demo,10k').split(','));
// --keep: leave each run's full Lighthouse report in target/bench (lighthouse-run-SET-N.json)
const KEEP = args.includes('--keep');
const dist = resolve(repo, DIST);
const synthDir = join(repo, 'target/synth');
const synth10k = join(synthDir, 'places-10k.geojson');
const out = join(repo, 'target/bench');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const fail = (message) => {
  console.error(`bench-lighthouse: ${message}`);
  process.exit(1);
};
if (!existsSync(join(dist, 'index.html'))) fail(`${dist}/index.html is missing: run make dist first`);
const lighthouse = process.env.LIGHTHOUSE ?? join(repo, 'node_modules/.bin/lighthouse');
if (!existsSync(lighthouse)) fail('node_modules/.bin/lighthouse is missing: run make setup (npm ci)');

if (ONLY.has('10k') && !existsSync(synth10k)) {
  console.log('bench-lighthouse: generating target/synth/places-10k.geojson');
  const run = spawnSync('cargo', ['run', '--release', '-q', '-p', 'learnmap-data', '--', 'synth', '--count', '10k', '--out', synth10k], {
    cwd: repo,
    stdio: 'inherit',
  });
  if (run.status !== 0) fail('could not generate the 10k set');
}

// ---- the host --------------------------------------------------------------------

const { origin, close } = await servePhoneBuild(dist, synthDir);

// ---- the runs ----------------------------------------------------------------------

const chromeFlags = ['--headless=new', ...CHROMIUM_ARGS].join(' ');

/**
 * One Lighthouse run of `url`: the four scores, LCP, TBT and the audits that failed.
 * Lighthouse runs as a child process without blocking this one, whose server
 * answers it (bug: with spawnSync the server could not answer, and every run
 * ended in PROTOCOL_TIMEOUT).
 */
async function runOnce(url, i) {
  const report = join(out, `lighthouse-run-${url.includes("/10k/") ? "10k" : "demo"}-${i}.json`);
  const child = spawn(
    lighthouse,
    [url, '--quiet', '--output=json', `--output-path=${report}`, `--only-categories=${CATEGORIES.join(',')}`, `--chrome-flags=${chromeFlags}`],
    { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? CHROMIUM } },
  );
  const status = await new Promise((ok) => child.on('close', ok));
  if (status !== 0 || !existsSync(report)) fail(`lighthouse failed on ${url} (exit ${status})`);
  const lhr = JSON.parse(readFileSync(report, 'utf8'));
  if (!KEEP) rmSync(report);
  if (lhr.runtimeError) fail(`lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
  const failed = CATEGORIES.flatMap((c) =>
    (lhr.categories[c]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && lhr.audits[ref.id]?.score < 1)
      .map((ref) => `${c}/${ref.id} (${lhr.audits[ref.id].displayValue ?? lhr.audits[ref.id].score})`),
  );
  return {
    ...scores,
    lcp_ms: Math.round(lhr.audits['largest-contentful-paint'].numericValue),
    tbt_ms: Math.round(lhr.audits['total-blocking-time'].numericValue),
    fcp_ms: Math.round(lhr.audits['first-contentful-paint'].numericValue),
    long_tasks: (lhr.audits['long-tasks']?.details?.items ?? []).map((t) => Math.round(t.duration)),
    console_errors: (lhr.audits['errors-in-console']?.details?.items ?? []).map((e) => `${e.source}: ${e.description}`),
    layout_shifts: (lhr.audits['layout-shifts']?.details?.items ?? []).map((e) => `${e.node?.selector ?? '?'}: ${e.score}`),
    // what an accessibility or best-practices audit below full marks points at
    below: Object.fromEntries(
      ['accessibility', 'best-practices'].flatMap((c) =>
        (lhr.categories[c]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && lhr.audits[ref.id]?.score < 1)
          .map((ref) => [
            ref.id,
            (lhr.audits[ref.id].details?.items ?? []).slice(0, 5).map((e) =>
              [e.node?.selector ?? e.url ?? JSON.stringify(e).slice(0, 120), e.node?.explanation, ...(e.subItems?.items ?? []).map((i) => i.relatedNode?.selector)]
                .filter(Boolean)
                .join(' | '),
            ),
          ]),
      ),
    ),
    // the element whose paint is the LCP, and the LCP's phases (TTFB, load delay, load time, render delay)
    lcp_element: lcpElement(lhr),
    bootup: (lhr.audits['bootup-time']?.details?.items ?? []).slice(0, 4).map((e) => `${e.url}: ${Math.round(e.total)} ms (script ${Math.round(e.scripting)})`),
    failed,
  };
}

/** The LCP's element and phases as Lighthouse 12 reports them (`largest-contentful-paint-element`). */
function lcpElement(lhr) {
  const tables = lhr.audits['largest-contentful-paint-element']?.details?.items ?? [];
  const node = tables[0]?.items?.[0]?.node;
  const phases = (tables[1]?.items ?? []).map((p) => `${p.phase} ${Math.round(p.timing)} ms`);
  return [node?.selector ?? '?', node?.snippet?.slice(0, 100), ...phases].filter(Boolean).join(' | ');
}

const medians = (runs) =>
  Object.fromEntries([...CATEGORIES, 'lcp_ms', 'tbt_ms'].map((k) => [k, median(runs.map((r) => r[k]))]));

mkdirSync(out, { recursive: true });
const result = { date: new Date().toISOString(), lighthouse: '12.2.3', runs: {} };
try {
  for (const [name, path] of [['demo', '/'], ['10k', '/10k/']]) {
    if (!ONLY.has(name)) continue;
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await runOnce(`${origin}${path}`, i);
      console.log(
        `bench-lighthouse: ${name} run ${i + 1}/${RUNS}: performance ${r.performance}, accessibility ${r.accessibility}, ` +
          `best practices ${r['best-practices']}, SEO ${r.seo}, LCP ${r.lcp_ms} ms, TBT ${r.tbt_ms} ms` +
          (r.failed.length ? `; below 1: ${r.failed.join(', ')}` : ''),
      );
      runs.push(r);
    }
    result.runs[name] = runs;
    if (name === 'demo') Object.assign(result, medians(runs));
    else result.places_10k = medians(runs);
  }
} finally {
  close();
}
writeFileSync(join(out, 'lighthouse.json'), `${JSON.stringify(result, null, 2)}\n`);
const line = (m) => `performance ${m.performance}, accessibility ${m.accessibility}, best practices ${m['best-practices']}, SEO ${m.seo}, LCP ${m.lcp_ms} ms, TBT ${m.tbt_ms} ms`;
if (result.performance !== undefined) console.log(`bench-lighthouse: demo data, medians of ${RUNS}: ${line(result)}`);
if (result.places_10k) console.log(`bench-lighthouse: 10k places, medians of ${RUNS}: ${line(result.places_10k)}`);
console.log('bench-lighthouse: wrote target/bench/lighthouse.json');
