// Minifies wasm-bindgen's JS glue in a release build, which Trunk's own
// minifier cannot read (it leaves the file as it is), and the wasm's
// interface with it; updates the integrity hashes in index.html to match;
// and minifies public/boot.js, which Trunk copies as it is. Run by
// scripts/dist.sh after `trunk build --release`:
//     node scripts/minify-glue.mjs DIST_DIR
//
// Each step saves brotli bytes of every resident's first visit (README,
// Performance):
// - Short names for the functions the wasm imports from the glue.
//   wasm-bindgen names each after the web API it wraps plus a 16-digit hash
//   (`__wbg_set_nodeValue_7e9217115013d873`), about 200 of them, written once
//   in the wasm and once in the glue; hashes do not compress. Likewise for
//   what the wasm exports (closure shims with long, hashed names).
// - No unused exports. Leptos builds in the `wasm-streams` crate, whose
//   JS classes the glue exports and the app never uses; the glue's own
//   exports other than `default` (what boot.js calls) are dropped, terser
//   drops what nothing uses any more, the wasm keeps only the exports the
//   glue still names, and wasm-opt drops the code only those reached.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minify } from 'terser';
import { readExports, readImports, renameExports, renameImports } from './wasm-interface.mjs';

const dist = process.argv[2] ?? 'dist';
const fail = (message) => {
  console.error(`minify-glue: ${message}`);
  process.exit(1);
};
const sha384 = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

const indexPath = join(dist, 'index.html');
const html = readFileSync(indexPath, 'utf8');
// the page names the glue and the wasm in data-js and data-wasm (quoted or
// not: the page is minified)
const named = (attribute) => {
  const m = new RegExp(`\\b${attribute}=(?:"([^"]+)"|([^\\s>"]+))`).exec(html);
  if (!m) fail(`${indexPath} has no ${attribute} attribute: is it a release build of learnmap?`);
  return join(dist, (m[1] ?? m[2]).replace(/^\.\//, ''));
};
const gluePath = named('data-js');
const wasmPath = named('data-wasm');
const glue = readFileSync(gluePath, 'utf8');
const wasm = readFileSync(wasmPath);

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (i) => (i < letters.length ? letters[i] : shortName(Math.floor(i / letters.length) - 1) + letters[i % letters.length]);
/** `text` with each whole-word occurrence of a key of `names` replaced by its value. */
const renameIn = (text, names, what) => {
  for (const [long, brief] of names) {
    const uses = new RegExp(`\\b${long}\\b`, 'g');
    if (!uses.test(text)) fail(`${what} ${long}, which ${gluePath} does not name`);
    text = text.replace(uses, () => brief);
  }
  return text;
};

// 1. Short import names: a, b, ..., Z, aa, ab, ...
const imports = new Map();
for (const { name } of readImports(wasm)) {
  if (!imports.has(name)) imports.set(name, shortName(imports.size));
}
let js = renameIn(glue, imports, 'the wasm imports');

// 2. Only `default` stays exported from the glue (boot.js imports nothing
// else); then terser drops the classes and functions nothing uses.
js = js
  .replace(/^export class /gm, 'class ')
  .replace(/^if \(Symbol\.dispose\) \w+\.prototype\[Symbol\.dispose\] = \w+\.prototype\.free;$/gm, '')
  .replace(/^export \{[^}]*\b(__wbg_init) as default\b[^}]*\};?$/m, 'export { $1 as default };');
const terser = { module: true, compress: { passes: 2, pure_new: true }, mangle: true, format: { comments: false } };
let code = (await minify(js, terser)).code;
if (!code) fail(`terser gave nothing for ${gluePath}`);

// 3. The wasm keeps the exports the glue still names, with short names ($0,
// $1, ...; its memory keeps its name).
const exports = new Map();
const dropped = [];
for (const { name } of readExports(wasm)) {
  if (!new RegExp(`\\b${name}\\b`).test(code)) dropped.push(name);
  else if (name !== 'memory') exports.set(name, `$${exports.size}`);
}
code = renameIn(code, exports, 'the wasm exports');
let out = renameImports(wasm, (module, name) => imports.get(name) ?? name);
out = renameExports(out, (name) => (dropped.includes(name) ? null : exports.get(name) ?? name));

// 4. wasm-opt drops the code only the dropped exports reached, and optimizes
// for size once more until nothing changes (-Oz --converge: about 0.9 KiB
// brotli less than removing the dead code alone; binaryen from node_modules,
// as Trunk uses); then flattens and re-loops the control flow and optimizes
// again (--flatten --rereloop: 1.36 KiB brotli less; side by side, first
// results and filter changes within the noise, README), without the custom
// sections that only name the tools and features it was built with.
const work = mkdtempSync(join(tmpdir(), 'learnmap-wasm-'));
try {
  const [from, to] = [join(work, 'in.wasm'), join(work, 'out.wasm')];
  writeFileSync(from, out);
  const features = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'];
  const run = spawnSync(
    'wasm-opt',
    ['-Oz', '--converge', '--flatten', '--rereloop', '-Oz', '--converge', '--strip-producers', '--strip-target-features', ...features.map((f) => `--enable-${f}`), '-o', to, from],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) fail(`wasm-opt failed on ${wasmPath}${run.error ? `: ${run.error.message}` : ''}`);
  out = readFileSync(to);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Trunk preloads the glue and the wasm with links that carry their hashes
let page = html;
for (const [path, before, after] of [
  [gluePath, glue, code],
  [wasmPath, wasm, out],
]) {
  if (page.includes(sha384(before))) {
    page = page.replaceAll(sha384(before), sha384(after));
  } else if (/\bintegrity=/.test(html)) {
    fail(`${indexPath} has no integrity hash of ${path} to update`);
  }
}
writeFileSync(indexPath, page);
writeFileSync(gluePath, code);
writeFileSync(wasmPath, out);

// the boot script: no hash to update (the page names it without one)
const bootPath = join(dist, 'boot.js');
const boot = readFileSync(bootPath, 'utf8');
const bootMin = (await minify(boot, terser)).code;
if (!bootMin) fail(`terser gave nothing for ${bootPath}`);
writeFileSync(bootPath, bootMin);

console.log(
  `minify-glue: ${gluePath}: ${glue.length} -> ${code.length} bytes; ${wasmPath}: ${wasm.length} -> ${out.length} bytes ` +
    `(${imports.size} imports and ${exports.size} exports renamed, ${dropped.length} exports dropped: ${dropped.join(', ')})`,
);
