// Two builds of the benchmark's WebAssembly, side by side, in one Node:
//
//   node bench/ab-wasm.mjs BEFORE.wasm AFTER.wasm [index|within|nearest|filtered|clusters|load] [--file F] [--rounds N]
//
// Each .wasm is a `cargo build --release --target wasm32-unknown-unknown -p
// learnmap-bench-wasm` output (copy it aside before building the other).
// The two run in turn, round after round, and each keeps its best time, so
// that both meet the machine in the same state: two separate runs differ by
// more than most changes do. Prints both and AFTER / BEFORE. Needs
// wasm-bindgen on the PATH; writes target/bench/ab-{before,after}.
// Use it to decide a change to the core; the browser benchmark (make bench)
// gives the figures against the anchors.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const CASES = ['index', 'within', 'nearest', 'filtered', 'clusters', 'load'];
const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const [before, after] = positional;
const which = positional.find((a) => CASES.includes(a)) ?? 'index';
const file = resolve(opt('--file', join(repo, 'target/import/kenya-schools.geojson')));
const rounds = Number(opt('--rounds', 15));

const fail = (message) => {
  console.error(`ab-wasm: ${message}`);
  process.exit(1);
};
if (!before || !after || !before.endsWith('.wasm') || !after.endsWith('.wasm')) {
  fail('usage: node bench/ab-wasm.mjs BEFORE.wasm AFTER.wasm [case] [--file F] [--rounds N]');
}
for (const f of [before, after, file]) if (!existsSync(f)) fail(`${f} is missing`);

const require = createRequire(import.meta.url);
const load = (wasm, name) => {
  const out = join(repo, 'target/bench', `ab-${name}`);
  const bindgen = spawnSync('wasm-bindgen', ['--target', 'nodejs', '--out-dir', out, '--out-name', 'bench', wasm], { stdio: 'inherit' });
  if (bindgen.status !== 0) fail('wasm-bindgen failed (is it on the PATH?)');
  return require(join(out, 'bench.js'));
};
const builds = [load(resolve(before), 'before'), load(resolve(after), 'after')];

const bytes = new Uint8Array(readFileSync(file));
const text = new TextDecoder().decode(bytes);

/** The case on one build, as a function to time; the same seeded views for both. */
function setUp(m) {
  if (which === 'load') return { run: () => m.firstAnswer(bytes, 0, 0, 10), reps: 3 };
  const bench = m.Bench.fromGeojson(text);
  bench.buildIndex();
  const pos = bench.positions();
  let s = 7;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lons = new Float64Array(1000);
  const lats = new Float64Array(1000);
  for (let i = 0; i < 1000; i++) {
    const j = Math.floor(rnd() * (pos.length / 2));
    lons[i] = pos[2 * j];
    lats[i] = pos[2 * j + 1];
  }
  const half = 0.05;
  switch (which) {
    case 'index':
      return { run: () => bench.buildIndex(), reps: 5 };
    case 'within':
      return { run: () => bench.within(lons, lats, half), reps: 50 };
    case 'nearest':
      return { run: () => bench.nearest(lons, lats, 10), reps: 50 };
    case 'filtered':
      return { run: () => bench.nearestFiltered(lons, lats, 10, 'school'), reps: 50 };
    default:
      return {
        run: () => {
          let markers = 0;
          for (let i = 0; i < 200; i++) markers += bench.clusters(lons[i] - half, lats[i] - half, lons[i] + half, lats[i] + half, 12);
          return markers;
        },
        reps: 50,
      };
  }
}

const cases = builds.map(setUp);
const best = [Infinity, Infinity];
for (let round = 0; round < rounds; round++) {
  cases.forEach(({ run, reps }, k) => {
    run();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) run();
    best[k] = Math.min(best[k], (performance.now() - t0) / reps);
  });
}
const name = file.split('/').pop();
console.log(`ab-wasm: ${which} on ${name}, best of ${rounds}: before ${best[0].toFixed(3)} ms, after ${best[1].toFixed(3)} ms, after/before ${(best[1] / best[0]).toFixed(3)}`);
