// A tiny static file server for the end-to-end specs: node static-server.mjs DIR PORT [PREFIX] [--brotli]
// Serves DIR at http://127.0.0.1:PORT/PREFIX (PREFIX lets specs try a sub-path deployment).
//
// Like a host with nginx's `brotli_static`/`gzip_static`, a file with a
// precompressed copy beside it (FILE.br, FILE.gz: `make dist` writes them for
// the build's own files) is answered with that copy when the request accepts
// its encoding. --brotli (off by default) also compresses every other
// compressible file for a request that accepts `br` (quality 11, as a host
// that compresses ahead of time), once per file, kept in memory until the
// file changes. bench/app.mjs imports `staticHandler`.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompress, constants } from 'node:zlib';
import { promisify } from 'node:util';

const compress = promisify(brotliCompress);

export const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.geojson': 'application/geo+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
};

/** Types worth compressing (images are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.webmanifest', '.geojson', '.svg', '.md']);

/** Brotli at quality 11, the size hint set (as `brotli -q 11` does). */
export function brotli(body) {
  return compress(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_GENERIC,
    },
  });
}

/** path → { key (mtime and size), body: Promise<Buffer> } */
const brCache = new Map();

function cachedBrotli(path, info, body) {
  const key = `${info.mtimeMs}:${info.size}`;
  const hit = brCache.get(path);
  if (hit && hit.key === key) return hit.body;
  const entry = { key, body: brotli(body) };
  brCache.set(path, entry);
  entry.body.catch(() => brCache.delete(path));
  return entry.body;
}

function accepts(req, encoding) {
  return String(req.headers['accept-encoding'] ?? '')
    .split(',')
    .some((e) => {
      const [name, ...params] = e.trim().split(';');
      return name.trim() === encoding && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    });
}

/** The precompressed copy of `path` the request accepts, if there is one. */
async function precompressed(req, path) {
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    if (!accepts(req, encoding)) continue;
    try {
      return { encoding, body: await readFile(path + suffix) };
    } catch {
      // no such copy
    }
  }
  return null;
}

/**
 * A request handler serving `dir` under `prefix`; `mounts` maps further URL
 * prefixes to folders (e.g. `{'/bench-data/': 'target/synth'}`).
 */
export function staticHandler(dir, { prefix = '/', brotli: useBrotli = false, mounts = {} } = {}) {
  const roots = [
    ...Object.entries(mounts).map(([p, d]) => [p, resolve(d)]),
    [prefix, resolve(dir)],
  ];
  return async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    const mount = roots.find(([p]) => pathname.startsWith(p));
    if (!mount) {
      res.writeHead(404).end('not found');
      return;
    }
    const [p, root] = mount;
    let path = normalize(join(root, pathname.slice(p.length)));
    if (path !== root && !path.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      let info = await stat(path);
      if (info.isDirectory()) {
        path = join(path, 'index.html');
        info = await stat(path);
      }
      let body = await readFile(path);
      const headers = { 'content-type': types[extname(path)] ?? 'application/octet-stream' };
      const compressible = COMPRESSIBLE.has(extname(path));
      const copy = compressible ? await precompressed(req, path) : null;
      if (compressible && (copy || useBrotli)) headers.vary = 'accept-encoding';
      if (copy) {
        headers['content-encoding'] = copy.encoding;
        body = copy.body;
      } else if (useBrotli && compressible && accepts(req, 'br')) {
        body = await cachedBrotli(path, info, body);
        headers['content-encoding'] = 'br';
      }
      headers['content-length'] = String(body.length);
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end('not found');
    }
  };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const args = process.argv.slice(2);
  const useBrotli = args.includes('--brotli');
  const [dir = 'dist', port = '4173', prefix = '/'] = args.filter((a) => a !== '--brotli');
  createServer(staticHandler(dir, { prefix, brotli: useBrotli })).listen(Number(port), '127.0.0.1', () => {
    console.log(`serving ${resolve(dir)} at http://127.0.0.1:${port}${prefix}${useBrotli ? ' (brotli)' : ''}`);
  });
}
