// Minifies wasm-bindgen's JS glue in a release build, which Trunk's own
// minifier cannot read (it leaves the file as it is), and updates the
// integrity hashes in index.html to match. Run by scripts/dist.sh after
// `trunk build --release`:  node scripts/minify-glue.mjs DIST_DIR
//
// It also gives the functions the wasm imports from the glue short names:
// wasm-bindgen names each after the web API it wraps plus a 16-digit hash
// (`__wbg_set_nodeValue_7e9217115013d873`), about 200 of them, written once in
// the wasm and once in the glue; hashes do not compress, and the short names
// save about 3 KiB of brotli (README, Performance).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';
import { readImports, renameImports } from './wasm-imports.mjs';

const dist = process.argv[2] ?? 'dist';
const fail = (message) => {
  console.error(`minify-glue: ${message}`);
  process.exit(1);
};
const sha384 = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

const indexPath = join(dist, 'index.html');
const html = readFileSync(indexPath, 'utf8');
// the boot script names the glue in data-js (quoted or not: the page is minified)
const name = /\bdata-js=(?:"([^"]+)"|([^\s>"]+))/.exec(html);
if (!name) fail(`${indexPath} has no data-js attribute: is it a release build of learnmap?`);
const gluePath = join(dist, (name[1] ?? name[2]).replace(/^\.\//, ''));
const glue = readFileSync(gluePath, 'utf8');
const wasmName = /\bdata-wasm=(?:"([^"]+)"|([^\s>"]+))/.exec(html);
if (!wasmName) fail(`${indexPath} has no data-wasm attribute: is it a release build of learnmap?`);
const wasmPath = join(dist, (wasmName[1] ?? wasmName[2]).replace(/^\.\//, ''));
const wasm = readFileSync(wasmPath);

// Short import names: a, b, ..., Z, aa, ab, ... for wasm-bindgen's `__wbg_*`
// imports (its `__wbindgen_*` ones are left as they are).
const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (i) => (i < letters.length ? letters[i] : shortName(Math.floor(i / letters.length) - 1) + letters[i % letters.length]);
const short = new Map();
for (const { name } of readImports(wasm)) {
  if (name.startsWith('__wbg_') && !short.has(name)) short.set(name, shortName(short.size));
}
let renamed = glue;
for (const [long, brief] of short) {
  const uses = new RegExp(`\\b${long}\\b`, 'g');
  if (!uses.test(renamed)) fail(`the wasm imports ${long}, which ${gluePath} does not define`);
  renamed = renamed.replace(uses, brief);
}
const shortWasm = renameImports(wasm, (module, name) => short.get(name) ?? name);

const { code } = await minify(renamed, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
if (!code) fail(`terser gave nothing for ${gluePath}`);
// Trunk preloads the glue and the wasm with links that carry their hashes
let page = html;
for (const [path, before, after] of [
  [gluePath, glue, code],
  [wasmPath, wasm, shortWasm],
]) {
  if (page.includes(sha384(before))) {
    page = page.replaceAll(sha384(before), sha384(after));
  } else if (/\bintegrity=/.test(html)) {
    fail(`${indexPath} has no integrity hash of ${path} to update`);
  }
}
writeFileSync(indexPath, page);
writeFileSync(gluePath, code);
writeFileSync(wasmPath, shortWasm);
console.log(
  `minify-glue: ${gluePath}: ${glue.length} -> ${code.length} bytes; ` +
    `${short.size} imports renamed, ${wasmPath}: ${wasm.length} -> ${shortWasm.length} bytes`,
);
