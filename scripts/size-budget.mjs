// The shell's size budget, checked by `make test` (scripts/test.sh, layer
// "size") on the release build: boot.js, the JS glue, the wasm and the app's
// CSS, with brotli, must stay under BUDGET_BYTES. It fails with the figure
// when they do not.
//     node scripts/size-budget.mjs [DIST_DIR]
//
// The budget was set from the build on stable tools only (issue 19: no
// rebuilt std, no rewriting of the wasm or its glue) with a little headroom;
// raise it only on purpose, with the reason in the commit (README,
// Performance, keeps the history).
import { shellSize } from './shell.mjs';

// 7 Dec 2026: 247 720 bytes (241.9 KiB) on stable tools; then 309 872 with
// "What's on", the locale files and the shared filter parameters (the growth
// is not yet looked into: docs/performance.md); then 340 237 with an
// event's details (Add to calendar, Book), a place's upcoming events and
// festival mode with its printable programme (+30 KB, nearly all of it the
// wasm of the new views and the .ics writer); then 344 998 with start-up
// in short tasks (issue 19: the loader in steps, the map fitted before the
// index, the Filters panel built when opened, performance marks, tasks
// posted with scheduler.postTask; +4.8 KB); then 348 727 with markers kept
// clear of the map's controls and the sheet and the map fitted to the
// data's bbox (+3.4 KB); then 350 980 with the loader's one-pass readings
// beside its careful ones (the features found by the scanner, properties
// and lists read in one pass: native load 20-50% faster, +2.3 KB); then
// 389 805 with learnmap-core built at opt-level 2 (Cargo.toml: the loader
// and the index about twice as fast in the browser, first results at 10k
// places 6% sooner on a phone's first visit and every visit after it;
// +38.8 KB, Lighthouse's LCP +0.2 s on the demo's first visit). About
// 2 KB of headroom.
export const BUDGET_BYTES = 392_000;

const dist = process.argv[2] ?? 'dist';
let shell;
try {
  shell = shellSize(dist);
} catch (error) {
  console.error(`size-budget: ${error.message}`);
  process.exit(2);
}
for (const f of shell.files) {
  console.log(`size-budget: ${f.what.padEnd(8)} ${String(f.brotli_bytes).padStart(7)} bytes brotli (${f.raw_bytes} raw)  ${f.file}`);
}
const total = shell.total_brotli_bytes;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
if (total > BUDGET_BYTES) {
  console.error(
    `size-budget: FAILED: the shell is ${total} bytes with brotli (${kib(total)}), ` +
      `${total - BUDGET_BYTES} over its budget of ${BUDGET_BYTES} (${kib(BUDGET_BYTES)})`,
  );
  process.exit(1);
}
console.log(`size-budget: ok: the shell is ${total} bytes with brotli (${kib(total)}), ${BUDGET_BYTES - total} under its budget of ${BUDGET_BYTES} (${kib(BUDGET_BYTES)})`);
