// Where the benchmark's WebAssembly spends its time, function by function:
//
//   node bench/profile-wasm.mjs [load|index|within] [--file F] [--reps N] [--top N]
//
// Runs one case of the browser benchmark's WebAssembly (the same build as
// `make bench` makes, before wasm-opt strips its names) in Node, under V8's
// sampling profiler (`node --cpu-prof`), and prints the functions with the
// most samples of their own. Costs that only WebAssembly has show here and
// not in a native `perf` profile: `memcmp` is a loop over bytes,
// `f64::min` a call to `fmin`, `sin`/`ln` come from compiled libm.
//
// Needs target/wasm32-unknown-unknown/release/learnmap_bench_wasm.wasm
// (`cargo build --release --target wasm32-unknown-unknown -p
// learnmap-bench-wasm`) and wasm-bindgen on the PATH; writes
// target/bench/node-pkg and target/bench/profiles.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const CASES = ['load', 'index', 'within'];
const which = args.find((a) => CASES.includes(a)) ?? 'load';
const file = resolve(opt('--file', join(repo, 'target/import/kenya-schools.geojson')));
const reps = Number(opt('--reps', which === 'load' ? 20 : 60));
const top = Number(opt('--top', 25));

const fail = (message) => {
  console.error(`profile-wasm: ${message}`);
  process.exit(1);
};
const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(repo, 'target');
const wasm = join(target, 'wasm32-unknown-unknown/release/learnmap_bench_wasm.wasm');
if (!existsSync(wasm)) fail(`${wasm} is missing: cargo build --release --target wasm32-unknown-unknown -p learnmap-bench-wasm`);
if (!existsSync(file)) fail(`${file} is missing (make bench imports Kenya's schools; or give --file)`);

const pkg = join(repo, 'target/bench/node-pkg');
const bindgen = spawnSync('wasm-bindgen', ['--target', 'nodejs', '--out-dir', pkg, wasm], { stdio: 'inherit' });
if (bindgen.status !== 0) fail('wasm-bindgen failed (is it on the PATH?)');

// The case, as a script for a child Node under the profiler.
const script = `
const fs = require('fs');
const m = require(${JSON.stringify(join(pkg, 'learnmap_bench_wasm.js'))});
const bytes = new Uint8Array(fs.readFileSync(${JSON.stringify(file)}));
const text = new TextDecoder().decode(bytes);
const which = ${JSON.stringify(which)};
const reps = ${reps};
let run;
if (which === 'load') {
  run = () => m.firstAnswer(bytes, 0, 0, 10);
} else {
  const b = m.Bench.fromGeojson(text);
  b.buildIndex();
  if (which === 'index') {
    run = () => b.buildIndex();
  } else {
    // 1000 views of 0.1 degree around places, seeded
    const pos = b.positions();
    let s = 7;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const lons = new Float64Array(1000), lats = new Float64Array(1000);
    for (let i = 0; i < 1000; i++) {
      const j = Math.floor(rnd() * (pos.length / 2));
      lons[i] = pos[2 * j];
      lats[i] = pos[2 * j + 1];
    }
    run = () => b.within(lons, lats, 0.05);
  }
}
run();
const t0 = performance.now();
for (let i = 0; i < reps; i++) run();
console.log('profile-wasm: ' + which + ': ' + ((performance.now() - t0) / reps).toFixed(2) + ' ms a run (' + reps + ' runs, under the profiler)');
`;
const out = join(repo, 'target/bench/profiles');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, '-e', script], { stdio: 'inherit' });
if (child.status !== 0) fail('the case failed');

const [name] = readdirSync(out)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort((a, b) => statSync(join(out, b)).mtimeMs - statSync(join(out, a)).mtimeMs);
const profile = JSON.parse(readFileSync(join(out, name), 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const own = new Map();
for (const id of profile.samples) {
  const fn = byId.get(id).callFrame.functionName || '(anonymous)';
  own.set(fn, (own.get(fn) ?? 0) + 1);
}
const total = profile.samples.length;
console.log(`profile-wasm: ${total} samples; the functions with most of their own (${join(out, name)}):`);
for (const [fn, count] of [...own].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${fn.slice(0, 120)}`);
}
