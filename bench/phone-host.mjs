// The release build served as a phone's benchmarks load it
// (bench/lighthouse.mjs, bench/startup.mjs): with brotli, as a host that
// compresses ahead of time (tests/e2e/static-server.mjs); `config.json`
// answered with the bundled one whose tile template is relative
// (tiles/{z}/{x}/{y}.png), and those tiles with a blank PNG, so no run
// depends on the network. The demo data at /, 10k synthetic places at /10k/
// (SYNTH_DIR/places-10k.geojson, served under /bench-data/).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { BLANK_TILE_256_PNG } from '../tests/e2e/browser.mjs';
import { staticHandler } from '../tests/e2e/static-server.mjs';

/** Serves `dist` on a free port of 127.0.0.1: resolves to `{ origin, close }`. */
export async function servePhoneBuild(dist, synthDir) {
  const bundled = JSON.parse(readFileSync(join(dist, 'config.json'), 'utf8'));
  const tiles = { ...bundled.tiles, url: 'tiles/{z}/{x}/{y}.png' };
  const configs = {
    '/config.json': { ...bundled, tiles },
    '/10k/config.json': { ...bundled, tiles, sources: [{ label: '10k synthetic places', url: '../bench-data/places-10k.geojson' }] },
  };
  const root = staticHandler(dist, { brotli: true, mounts: { '/bench-data/': synthDir } });
  const tenK = staticHandler(dist, { prefix: '/10k/', brotli: true });
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (configs[path]) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(configs[path]));
    } else if (/\/tiles\/\d+\/\d+\/\d+\.png$/.test(path)) {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': BLANK_TILE_256_PNG.length }).end(BLANK_TILE_256_PNG);
    } else if (path.startsWith('/10k/')) {
      tenK(req, res);
    } else {
      root(req, res);
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  // The server compresses a file at its first request and keeps the result, as
  // a host that compresses ahead of time would have it ready: ask once for each
  // file the runs load, so that no run waits for brotli at quality 11 (the
  // 4.3 MB of the 10k set took seconds, and the first 10k run measured that).
  for (const path of ['/', '/config.json', '/data/demo/learning-spaces.geojson', '/data/demo/events.geojson', '/bench-data/places-10k.geojson']) {
    await (await fetch(`${origin}${path}`, { headers: { 'accept-encoding': 'br' } })).arrayBuffer();
  }
  return { origin, close: () => server.close() };
}
