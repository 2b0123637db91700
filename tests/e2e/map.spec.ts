import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BLANK_TILE_PNG } from './browser.mjs';
import { demoData, failTiles, holdWasm, PAGE, placesOnMap, stubTiles, TILE_URL, watchErrors } from './support';

const DATA_URL = /data\/demo\/learning-spaces\.geojson$/;

test('the demo map shows every place in the data file, as markers and clusters, on a phone', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.goto('./');

  const ids = demoData().features.map((f) => f.properties.id);
  expect(ids.length).toBeGreaterThan(250);
  await expect(page.locator('.lm-count')).toHaveText(`${ids.length} learning spaces`);
  // the whole data set is in view: single markers plus the counts of clusters add up to it
  await expect.poll(() => placesOnMap(page)).toBe(ids.length);

  // zoomed in on one place, it is a marker under its own id, named by its
  // name (in English when the data has one)
  const first = demoData().features[0].properties as { id: string; name: string; 'name:en'?: string };
  await page.goto(`./?sel=${encodeURIComponent(first.id)}`);
  const marker = page.locator(`.leaflet-marker-pane .lm-marker[data-space-id="${first.id}"]`);
  await expect(marker).toHaveAttribute('title', first['name:en'] ?? first.name);

  await expect(page.locator('.lm-tiles-failed')).toHaveCount(0);
  errors.expectNone();
});

test('the map stays usable when map tiles cannot load', async ({ page }) => {
  const errors = watchErrors(page, [TILE_URL]);
  await failTiles(page);
  await page.goto('./');

  const count = demoData().features.length;
  await expect(page.locator('.lm-tiles-failed')).toBeVisible();
  // The notice makes the header taller, which moves the map below it after
  // it was fitted: a place at the bottom may now be under the sheet's edge,
  // where no marker is drawn (a11y.spec.ts). With the sheet collapsed every
  // place is on the map.
  await page.locator('button.lm-handle').tap();
  await expect(page.locator('.lm-sheet')).toHaveAttribute('data-height', 'full');
  await page.locator('button.lm-handle').tap();
  await expect(page.locator('.lm-sheet')).toHaveAttribute('data-height', 'collapsed');
  await expect.poll(() => placesOnMap(page)).toBe(count);
  // the map still zooms, and the places are still there
  await page.locator('.leaflet-control-zoom-in').click();
  await expect(page.locator('.leaflet-marker-pane .lm-marker, .leaflet-marker-pane .lm-cluster').first()).toBeVisible();
  errors.expectNone();
});

// Bug (issue 19): the map was made at a placeholder view (Hamburg, zoom 11)
// with its tiles, then fitted to the data at zoom 10: a phone downloaded the
// first view's tiles for nothing while it waited for the data.
test('tiles are downloaded only for the view the map starts at', async ({ page }) => {
  const zooms = new Set<string>();
  await page.route(TILE_URL, (route) => {
    zooms.add(new URL(route.request().url()).pathname.split('/').at(-3)!);
    return route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_TILE_PNG });
  });
  await page.goto('./');
  await expect.poll(() => placesOnMap(page)).toBe(demoData().features.length);
  await expect(page.locator('.leaflet-tile-loaded').first()).toBeAttached();
  const zoom = await page.evaluate(() => {
    const tile = document.querySelector('.leaflet-tile-loaded') as HTMLImageElement;
    return new URL(tile.src).pathname.split('/').at(-3);
  });
  expect([...zooms]).toEqual([zoom]);
});

// The data's own extent (its GeoJSON `bbox`, which learnmap-data writes)
// puts the map in place before the features are read, so that the tiles
// download meanwhile (issue 19: the largest paint is a tile).
test('a file that states its bbox has the map placed before its features are read', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  // the data waits until the map is made, so that the order below is the app's, not the network's
  let release!: () => void;
  const held = new Promise<void>((ok) => (release = ok));
  await page.route(DATA_URL, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('./');
  await expect(page.locator('.leaflet-container')).toBeAttached();
  release();
  await expect.poll(() => placesOnMap(page)).toBe(demoData().features.length);
  const order = await page.evaluate(() =>
    ['learnmap:head-extent', 'learnmap:fitted', 'learnmap:data-read'].map((name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN),
  );
  expect(order.every((t) => Number.isFinite(t)), JSON.stringify(order)).toBe(true);
  const [stated, fitted, read] = order;
  expect(fitted).toBeGreaterThan(stated);
  expect(fitted, 'fitted before the features were read').toBeLessThan(read);
  errors.expectNone();
});

// On a slow network the data file (10k places: ~240 KB with brotli) took
// seconds after its first bytes, and the map waited for all of it to go
// where the places are. boot.js now reads the body as it arrives, and the
// app reads the bbox the file states before its features from its head
// (learnmap_core::stated_extent): the map goes there, and its tiles load,
// while the rest downloads.
test('the map goes where the data file says from its first bytes, before the rest has come', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  const tiles: string[] = [];
  page.on('request', (r) => TILE_URL.test(r.url()) && tiles.push(r.url()));
  // the data file's body: its first 16 KB, then the rest once the spec says so
  await page.addInitScript(() => {
    const w = window as unknown as { fetch: typeof fetch; releaseData: () => void };
    const realFetch = w.fetch.bind(window);
    const released = new Promise<void>((ok) => (w.releaseData = ok));
    w.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await realFetch(input, init);
      if (!/learning-spaces\.geojson$/.test(String(input instanceof Request ? input.url : input))) return response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(bytes.slice(0, 16384));
          await released;
          controller.enqueue(bytes.slice(16384));
          controller.close();
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
  });
  await page.goto('./');
  await expect.poll(() => tiles.length, 'tiles asked for before the rest of the data came').toBeGreaterThan(0);
  const before = await page.evaluate(() => ({
    fitted: performance.getEntriesByName('learnmap:fitted').length,
    dataIn: performance.getEntriesByName('learnmap:data-in').length,
  }));
  expect(before).toEqual({ fitted: 1, dataIn: 0 });
  await expect(page.locator('ol.lm-result-list > li.lm-result')).toHaveCount(0);
  // the tiles are those of the file's bbox: one holds its centre
  const [west, south, east, north] = demoData().bbox;
  const [lon, lat] = [(west + east) / 2, (south + north) / 2];
  const holdsCentre = tiles.some((url) => {
    const [z, x, y] = url.split('/').slice(-3).map((part) => parseInt(part, 10));
    const n = 2 ** z;
    const rad = (lat * Math.PI) / 180;
    const cx = Math.floor(((lon + 180) / 360) * n);
    const cy = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
    return x === cx && y === cy;
  });
  expect(holdsCentre, tiles.join('\n')).toBe(true);
  await page.evaluate(() => (window as unknown as { releaseData: () => void }).releaseData());
  await expect(page.locator('ol.lm-result-list > li.lm-result')).toHaveCount(PAGE);
  await expect.poll(() => placesOnMap(page)).toBe(demoData().features.length);
  errors.expectNone();
});

test('a file whose bbox leaves places out still has the map show every place', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  const data = demoData() as unknown as Record<string, unknown>;
  // a box around one corner of the city only
  data.bbox = [9.98, 53.54, 10.0, 53.56];
  await page.route(DATA_URL, (route) => route.fulfill({ contentType: 'application/geo+json', body: JSON.stringify(data) }));
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto('./');
  await expect.poll(() => placesOnMap(page)).toBe(demoData().features.length);
  // and the console says what is wrong with the file
  await expect.poll(() => warnings.join('\n')).toContain('bbox-leaves-out');
  errors.expectNone();
});

test('when no data can be loaded, the map still shows its tiles', async ({ page }) => {
  const errors = watchErrors(page, [DATA_URL]);
  await stubTiles(page);
  await page.route(DATA_URL, (route) => route.fulfill({ status: 500, body: 'broken' }));
  await page.goto('./');
  await expect(page.locator('.lm-status-bar .lm-error[role=alert]')).toBeVisible();
  await expect(page.locator('.leaflet-tile-loaded').first()).toBeAttached();
  errors.expectNone();
});

// Leaflet loads after the app's own files (boot.js): when it cannot load,
// the list of nearest places still works and a notice says the map is missing.
test('the list works and a notice says so when the map itself cannot load', async ({ page }) => {
  const LEAFLET_JS = /\/vendor\/leaflet\/leaflet\.js$/;
  const errors = watchErrors(page, [LEAFLET_JS]);
  await stubTiles(page);
  await page.route(LEAFLET_JS, (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto('./?at=53.553,9.993');
  await expect(page.locator('ol.lm-result-list > li.lm-result')).toHaveCount(PAGE);
  await expect(page.locator('.lm-map-failed')).toBeVisible();
  await expect(page.locator('.leaflet-container')).toHaveCount(0);
  // the list still filters
  await page.locator('button.lm-chip[data-filter="free"]').click();
  await expect(page).toHaveURL(/free=1/);
  await expect(page.locator('ol.lm-result-list > li.lm-result').first()).toBeVisible();
  errors.expectNone();
});

// Leaflet's stylesheet (3.3 KB brotli) was a <link> in index.html: on a slow
// network it shared the bandwidth of the wasm and held the first results back
// (~18 ms on Fast 3G). It now comes with Leaflet's script, once the app's own
// files are in, and goes before the app's stylesheet, which overrides it.
test("Leaflet's stylesheet is asked for once the wasm is in, and the app's own rules still win over it", async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.goto('./?at=53.553,9.993');
  await expect(page.locator('.leaflet-container')).toBeVisible();
  const timing = await page.evaluate(() => {
    const entry = (re: RegExp) => performance.getEntriesByType('resource').find((r) => re.test(r.name)) as PerformanceResourceTiming;
    const sheets = [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => (l as HTMLLinkElement).href);
    return {
      wasmEnd: entry(/_bg\.wasm$/).responseEnd,
      cssStart: entry(/vendor\/leaflet\/leaflet\.css$/).startTime,
      leafletFirst: sheets.findIndex((h) => h.endsWith('leaflet.css')) < sheets.findIndex((h) => /style-[0-9a-f]+\.css$/.test(h)),
      // a Leaflet rule, and one of the app's that overrides Leaflet's
      containerOverflow: getComputedStyle(document.querySelector('.leaflet-container')!).overflow,
      background: getComputedStyle(document.querySelector('.leaflet-container')!).backgroundColor,
    };
  });
  expect(timing.cssStart).toBeGreaterThanOrEqual(timing.wasmEnd);
  expect(timing.leafletFirst).toBe(true);
  expect(timing.containerOverflow).toBe('hidden');
  expect(timing.background, "the app's map background, not Leaflet's grey").not.toBe('rgb(221, 221, 221)');
  errors.expectNone();
});

// Until the app's own files are in (seconds on a weak network), the page said
// nothing at all, and when they could not be downloaded it stayed blank for
// good. public/boot.js now says the map is loading, in the language the app
// will speak, and if the wasm cannot be had, says so and offers to try again.
test('until the app is in, the page says the map is loading, in the language asked for', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  const release = await holdWasm(page);
  await page.goto('./?lang=fr&at=53.553,9.993');
  const notice = page.locator('#lm-boot');
  await expect(notice).toHaveText('Chargement de la carte des lieux d’apprentissage…');
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice).toHaveAttribute('lang', 'fr');
  await expect(notice).toBeVisible();
  release();
  await expect(page.locator('ol.lm-result-list > li.lm-result')).toHaveCount(PAGE);
  await expect(notice).toHaveCount(0);
  errors.expectNone();
});

test.describe('with an Arabic browser', () => {
  test.use({ locale: 'ar-EG' });

  test('the loading notice is in Arabic, right to left, as the app will be', async ({ page }) => {
    await stubTiles(page);
    const release = await holdWasm(page);
    await page.goto('./');
    await expect(page.locator('#lm-boot')).toHaveText('جارٍ تحميل خريطة أماكن التعلّم…');
    await expect(page.locator('#lm-boot')).toHaveAttribute('dir', 'rtl');
    release();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.locator('#lm-boot')).toHaveCount(0);
  });
});

test("when the wasm cannot be downloaded, the page says so in the resident's language and can try again", async ({ page }) => {
  const WASM = /_bg\.wasm$/;
  const errors = watchErrors(page, [WASM, /\/boot\.js$/]);
  await stubTiles(page);
  let failing = true;
  await page.route(WASM, (route) => (failing ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('./?lang=es&at=53.553,9.993');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('No se pudo cargar el mapa.');
  await expect(page.getByRole('status')).toHaveCount(0);
  failing = false;
  await page.getByRole('button', { name: 'Reintentar' }).click();
  await expect(page.locator('ol.lm-result-list > li.lm-result')).toHaveCount(PAGE);
  await expect(alert).toHaveCount(0);
  errors.expectNone();
});

test('a failed data load says so and can be retried, with no endless spinner', async ({ page }) => {
  const errors = watchErrors(page, [DATA_URL]);
  await stubTiles(page);
  let failing = true;
  await page.route(DATA_URL, (route) =>
    failing ? route.fulfill({ status: 503, body: 'down for maintenance' }) : route.continue(),
  );
  await page.goto('./');

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('could not be loaded');
  await expect(alert).toContainText('503');
  await expect(page.locator('.lm-marker, .lm-cluster')).toHaveCount(0);

  failing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect.poll(() => placesOnMap(page)).toBe(demoData().features.length);
  await expect(alert).toHaveCount(0);
  errors.expectNone();
});

test('a file with a broken entry shows the rest, says how many are not shown, and lists the problems, located, in the console', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  // the wasm tests' fixture: three places, the second without a geometry
  const bad = readFileSync('tests/fixtures/bad-one-of-three-no-geometry.geojson', 'utf8');
  await page.route(/\/bad\.geojson$/, (route) => route.fulfill({ contentType: 'application/geo+json', body: bad }));
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto('./?data=bad.geojson');
  await expect(page.locator('.lm-count')).toHaveText('2 learning spaces');
  await expect(page.locator('.lm-skipped')).toHaveText('1 entry in the data has errors and is not shown.');
  await expect.poll(() => placesOnMap(page)).toBe(2);
  // where the broken entry is (line 6, column 37: its "geometry": null), and which one
  await expect
    .poll(() => warnings.find((w) => w.startsWith('bad.geojson: problems in the data')))
    .toMatch(/1 in all, entries not shown \(errors\): 1;[^]*\n {2}6:37: error\[null-geometry\] \(id b-2\)$/);
  errors.expectNone();
});

test('a data= address on another site is refused and never requested', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto('./?data=https://evil.example/places.geojson');

  await expect(page.getByRole('alert')).toContainText('is not on this site');
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  expect(requested.filter((u) => new URL(u).hostname === 'evil.example')).toEqual([]);
  errors.expectNone();
});

test('counts of places group their digits as the interface language writes them (regression)', async ({ page }) => {
  // Bug: "10000 learning spaces", "10000 lieux d'apprentissage": no thousands separators.
  const errors = watchErrors(page);
  await stubTiles(page);
  // 1200 free places in a few streets: one cluster when zoomed out
  const features = Array.from({ length: 1200 }, (_, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [9.99 + (i % 40) / 10000, 53.55 + Math.floor(i / 40) / 10000] },
    properties: { id: `p-${i}`, name: `Lernort ${i}`, fee: 'free' },
  }));
  const body = JSON.stringify({ type: 'FeatureCollection', features });
  await page.route(/\/many\.geojson$/, (route) => route.fulfill({ contentType: 'application/geo+json', body }));
  await page.goto('./?data=many.geojson&center=53.55,9.99&zoom=10');
  await expect(page.locator('.lm-count')).toHaveText('1,200 learning spaces');
  await expect(page.locator('button.lm-chip[data-filter="free"] .lm-chip-count')).toContainText('(1,200)');
  // the cluster shows its digits plainly (no room for a separator), and its name says them as shown
  const cluster = page.locator('.leaflet-marker-pane .lm-cluster[data-count="1200"]');
  await expect(cluster).toHaveText('1200');
  await expect(cluster).toHaveAttribute('aria-label', '1200 learning spaces');

  await page.goto('./?data=many.geojson&center=53.55,9.99&zoom=10&lang=fr');
  // a narrow no-break space, exactly (the matchers would take any space)
  await expect.poll(() => page.locator('.lm-count').textContent()).toBe('1\u202f200 lieux d’apprentissage');
  await page.goto('./?data=many.geojson&center=53.55,9.99&zoom=10&lang=es');
  await expect(page.locator('.lm-count')).toHaveText('1200 espacios de aprendizaje');
  await page.goto('./?data=many.geojson&center=53.55,9.99&zoom=10&lang=de&free=1');
  await expect(page.locator('.lm-count')).toHaveText('1.200 von 1.200 Lernorten passen');
  errors.expectNone();
});

// The tiles, the largest thing the page paints, come from another host: its
// connection is opened while the wasm downloads (public/boot.js), for an
// https:// template with one host; a template on the map's own site, or
// with "{s}." subdomains, gets none.
test("the tile host's connection is opened early, for an https template with one host only", async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.route(/^https:\/\/(tiles\.example\.org:8443|[abc]\.tile\.openstreetmap\.org)\/|\/tiles\/\d+\/\d+\/\d+\.png$/, (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_TILE_PNG }),
  );
  const bundled = JSON.parse(readFileSync('public/config.json', 'utf8'));
  const preconnects = async (tiles: string) => {
    await page.unroute(/\/config\.json$/);
    await page.route(/\/config\.json$/, (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...bundled, tiles: { ...bundled.tiles, url: tiles } }) }),
    );
    await page.goto('./');
    await expect(page.locator('.lm-results li').first()).toBeVisible();
    return page.evaluate(() => [...document.querySelectorAll('link[rel=preconnect]')].map((l) => (l as HTMLLinkElement).href));
  };
  expect(await preconnects('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toEqual(['https://tile.openstreetmap.org/']);
  expect(await preconnects('https://tiles.example.org:8443/osm/{z}/{x}/{y}.png')).toEqual(['https://tiles.example.org:8443/']);
  expect(await preconnects('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toEqual([]);
  expect(await preconnects('tiles/{z}/{x}/{y}.png')).toEqual([]);
  errors.expectNone();
});
