import { expect, type Page, type ConsoleMessage } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BLANK_TILE_PNG as PNG, TILE_URL } from './browser.mjs';

export { TILE_URL };

/** How many results the list shows at first and adds per "Show more" (`PAGE` in src/state.rs). */
export const PAGE = 10;

/**
 * The strict policy of the webmasters' guide (docs/embedding.md), which the app must run under;
 * the city's site in frame-ancestors is here the specs' host pages, on other ports of 127.0.0.1.
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: https://tile.openstreetmap.org",
  "connect-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'self' http://127.0.0.1:*",
].join('; ');

/** Answers map tile requests locally, so no test depends on the network. */
export async function stubTiles(page: Page) {
  await page.route(TILE_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: PNG }),
  );
}

/** Makes every map tile fail, as on a machine without network. */
export async function failTiles(page: Page) {
  await page.route(TILE_URL, (route) => route.abort('internetdisconnected'));
}

/**
 * Collects page errors and console errors; `allowed` lists URL patterns whose
 * failed loads are expected by the spec (Chromium logs those as console errors).
 */
export function watchErrors(page: Page, allowed: RegExp[] = []) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url ?? '';
    if (allowed.some((re) => re.test(where))) return;
    errors.push(`console error: ${msg.text()} (${where})`);
  });
  return {
    expectNone: () => expect(errors, 'no page or console errors').toEqual([]),
  };
}

/** Holds the download of the app's wasm back until the returned function is called. */
export async function holdWasm(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((ok) => (release = ok));
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Holds the wasm back until the demo data is in, so that the app has it when it starts. */
export async function wasmAfterData(page: Page) {
  const release = await holdWasm(page);
  page.waitForEvent('requestfinished', (r) => /data\/demo\/learning-spaces\.geojson$/.test(r.url())).then(release, release);
}

/** The bundled demo data, as the app serves it. */
export function demoData(): { bbox: number[]; features: { properties: { id: string } }[] } {
  return JSON.parse(readFileSync('data/demo/learning-spaces.geojson', 'utf8'));
}

/** How many places the map shows: single markers plus the counts of clusters. */
export async function placesOnMap(page: Page): Promise<number> {
  return page.evaluate(() => {
    const pane = document.querySelector('.leaflet-marker-pane');
    if (!pane) return 0;
    const singles = pane.querySelectorAll('.lm-marker').length;
    const clustered = [...pane.querySelectorAll('.lm-cluster')].reduce(
      (sum, c) => sum + Number(c.getAttribute('data-count') ?? 0),
      0,
    );
    return singles + clustered;
  });
}

/**
 * Waits until the map is still and the address has caught up with it: no
 * Leaflet zoom or pan animation running, and no change waiting to be written
 * into the address (`data-address-pending`, src/routing.rs). The condition,
 * never a guessed time.
 */
export async function mapSettled(page: Page) {
  await page.waitForFunction(
    () =>
      !!document.querySelector('.leaflet-container') &&
      !document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim') &&
      !document.documentElement.hasAttribute('data-address-pending'),
  );
}
