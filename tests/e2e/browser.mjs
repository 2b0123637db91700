// The browser as the specs (playwright.config.ts, support.ts) and the
// benchmarks (bench/*.mjs) run it: Debian's Chromium, never a download, and
// map tiles answered locally (no test depends on the network).

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The release build served and measured: dist/ (made by `make dist`), or LEARNMAP_DIST (a copy, e.g. while dist/ is being rebuilt). */
export const DIST = process.env.LEARNMAP_DIST ?? 'dist';

/** The port the specs' static server listens on (PW_PORT, so that several checkouts can test at once); the sub-path copy is on the next one. */
export const PORT = Number(process.env.PW_PORT ?? 4173);
/** The release build at the site's root, and under a sub-path as a city site would host it. */
export const APP = `http://127.0.0.1:${PORT}/`;
export const SUBPATH_APP = `http://127.0.0.1:${PORT + 1}/learning/map/`;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The tile requests of the default OpenStreetMap layer. */
export const TILE_URL = /^https:\/\/tile\.openstreetmap\.org\//;

/**
 * A transparent 256×256 PNG, a tile's own size: what the Lighthouse benchmark's
 * tile stub answers (a 1×1 image drawn at 256 px is reported by Lighthouse's
 * image-size-responsive, which real tiles never are).
 */
export const BLANK_TILE_256_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAQAAAAEACAYAAABccqhmAAABFUlEQVR42u3BMQEAAADCoPVP7WsIoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAeAMBPAAB2ClDBAAAAABJRU5ErkJggg==',
  'base64',
);

/** A 1×1 transparent PNG: what the stubbed tile server answers. */
export const BLANK_TILE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
