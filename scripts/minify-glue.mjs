// Minifies wasm-bindgen's JS glue in a release build, which Trunk's own
// minifier cannot read (it leaves the file as it is), and updates the glue's
// integrity hash in index.html to match. Run by scripts/dist.sh after
// `trunk build --release`:  node scripts/minify-glue.mjs DIST_DIR
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

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

const { code } = await minify(glue, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
if (!code) fail(`terser gave nothing for ${gluePath}`);
const before = sha384(glue);
if (html.includes(before)) {
  writeFileSync(indexPath, html.replaceAll(before, sha384(code)));
} else if (/\bintegrity=/.test(html)) {
  // Trunk preloads the glue with a link that carries its hash
  fail(`${indexPath} has no integrity hash of ${gluePath} to update`);
}
writeFileSync(gluePath, code);
console.log(`minify-glue: ${gluePath}: ${glue.length} -> ${code.length} bytes`);
