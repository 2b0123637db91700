// The app shell of a release build as index.html loads it: boot.js, the
// wasm-bindgen glue, the wasm and the app's own CSS (not vendor/), and its
// size with brotli (quality 11, as tests/e2e/static-server.mjs serves it).
// Shared by scripts/size-budget.mjs (make test) and bench/app.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

/** The attributes of each `<tag …>` in `html`, quoted or not (a minified page drops the quotes). */
export function tags(html, tag) {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map((m) =>
    Object.fromEntries([...m[1].matchAll(/([\w-]+)(?:=("[^"]*"|'[^']*'|[^\s"'>]+))?/g)].map((a) => [a[1].toLowerCase(), (a[2] ?? '').replace(/^["']|["']$/g, '')])),
  );
}

/** The shell's files in `dist`: `[{what, href, path}]`; throws when `dist` is not a release build. */
export function shellFiles(dist) {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) throw new Error(`${index} is missing: run make dist first`);
  const html = readFileSync(index, 'utf8');
  const files = [];
  const boot = tags(html, 'script').find((a) => a.src && a['data-js'] && a['data-wasm']);
  if (!boot) throw new Error(`${index} has no boot script with data-js and data-wasm: is it a release build (make dist)?`);
  files.push({ what: 'boot.js', href: boot.src }, { what: 'JS glue', href: boot['data-js'] }, { what: 'wasm', href: boot['data-wasm'] });
  for (const link of tags(html, 'link')) {
    if (link.rel !== 'stylesheet' || !link.href) continue;
    if (/^(\.\/)?vendor\//.test(link.href) || /^https?:/.test(link.href)) continue;
    files.push({ what: 'app CSS', href: link.href });
  }
  return files.map((f) => ({ ...f, path: join(dist, f.href.replace(/^\.\//, '')) }));
}

/** Brotli at quality 11 with the size hint, as `brotli -q 11`. */
export const brotliBytes = (body) =>
  brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }).length;

/** Each shell file's raw and brotli bytes, and the brotli total. */
export function shellSize(dist) {
  const files = shellFiles(dist).map((f) => {
    if (!existsSync(f.path)) throw new Error(`${f.path} (named in index.html) is missing: rebuild with make dist`);
    const body = readFileSync(f.path);
    return { what: f.what, file: f.href.replace(/^\.\//, ''), raw_bytes: body.length, brotli_bytes: brotliBytes(body) };
  });
  return { files, total_brotli_bytes: files.reduce((s, f) => s + f.brotli_bytes, 0) };
}
