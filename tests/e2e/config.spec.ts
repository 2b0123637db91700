// The site's config.json (issue 6): each spec serves an edited config in place
// of the bundled one and checks what a resident sees.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demoData, stubTiles, watchErrors } from './support';
import { RESULT, openMoreFilters, param, waitForResults } from './citizen-support';

const BUNDLED = JSON.parse(readFileSync('public/config.json', 'utf8'));
const DEMO = demoData();
const TOTAL = DEMO.features.length;
const OTHER = 'http://127.0.0.1:4177';

/** Serves `config` (an object, or raw text) as the site's config.json. */
async function serveConfig(page: Page, config: object | string) {
  await page.route(/\/config\.json$/, (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: typeof config === 'string' ? config : JSON.stringify(config),
    }),
  );
}

/** A small GeoJSON file of `n` places near Hamburg, ids `x-0`.. */
function extraData(n: number, prefix = 'x') {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [10 + i / 100, 53.55] },
      properties: { id: `${prefix}-${i}`, name: `Extra place ${i}`, place_type: 'library' },
    })),
  });
}

test.beforeEach(async ({ page }) => {
  await stubTiles(page);
});

// Regression: mounting after config.json first ran on Leptos's executor, which
// does not exist before mounting: a panic and a blank page.
test('the bundled config reads cleanly: the app mounts, demo data, no notice, no error', async ({ page }) => {
  const errors = watchErrors(page);
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto('./');
  await expect(page.locator('.lm-count')).toHaveText(`${TOTAL} learning spaces`);
  await expect(page.locator('.lm-config-problems')).toHaveCount(0);
  expect(warnings.filter((w) => w.includes('config.json'))).toEqual([]);
  expect(BUNDLED.sources[0].label).toContain('Demo');
  errors.expectNone();
});

test('several sources show together; one that fails is named and the others stay', async ({ page }) => {
  await serveConfig(page, {
    sources: [
      { label: 'Demo data', url: 'data/demo/learning-spaces.geojson' },
      { label: 'Extra places', url: 'data/extra.geojson' },
      { label: 'Museums', url: 'data/missing.geojson' },
    ],
  });
  await page.route(/\/data\/extra\.geojson$/, (route) =>
    route.fulfill({ contentType: 'application/geo+json', body: extraData(5) }),
  );
  await page.route(/\/data\/missing\.geojson$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('./');
  await expect(page.locator('.lm-count')).toHaveText(`${TOTAL + 5} learning spaces`);
  const notice = page.locator('.lm-sources-failed');
  await expect(notice).toContainText('Some of the data could not be loaded:');
  await expect(notice).toContainText('(Museums)');
  await expect(notice).toContainText('HTTP 404');
  await expect(page.locator('[role=alert]')).toHaveCount(0);
});

test('when every source fails the message is in the interface language, with a retry that works', async ({ page }) => {
  let fail = true;
  await page.route(/\/data\/demo\/learning-spaces\.geojson$/, (route) =>
    fail ? route.fulfill({ status: 503, body: 'busy' }) : route.continue(),
  );
  await page.goto('./?lang=de');
  const alert = page.locator('.lm-error[role=alert]');
  await expect(alert).toContainText('Die Lernorte konnten nicht geladen werden');
  await expect(alert).toContainText('Der Server konnte die Daten nicht senden: HTTP 503.');
  fail = false;
  await alert.locator('button.lm-retry').click();
  await expect(page.locator('.lm-count')).toHaveText(`${TOTAL} Lernorte`);
});

// Bug: with the data failed, the notice that the map's background could not
// load still said "the places are still shown", under the error that none
// could be loaded.
test('when the data fails, the map-background notice does not claim the places are shown', async ({ page }) => {
  let fail = true;
  await page.route(/\/data\/demo\/learning-spaces\.geojson$/, (route) =>
    fail ? route.fulfill({ status: 503, body: 'busy' }) : route.continue(),
  );
  let tilesAsked = 0;
  await page.route(/tile\.openstreetmap\.org/, (route) => {
    tilesAsked++;
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto('./');
  const alert = page.locator('.lm-error[role=alert]');
  await expect(alert).toBeVisible();
  await expect.poll(() => tilesAsked, 'the map asked for tiles, which failed').toBeGreaterThan(0);
  await expect(page.locator('.lm-tiles-failed')).toBeHidden();
  // once the places are in, the notice is true, and shows
  fail = false;
  await alert.locator('button.lm-retry').click();
  await expect(page.locator('.lm-count')).toHaveText(`${TOTAL} learning spaces`);
  await expect(page.locator('.lm-tiles-failed')).toBeVisible();
  await expect(page.locator('.lm-tiles-failed')).toContainText('the places are still shown');
});

test('data= from an allowed origin loads; from any other origin nothing is requested', async ({ page }) => {
  await serveConfig(page, { ...BUNDLED, allowed_data_origins: [OTHER] });
  const asked: string[] = [];
  await page.route(`${OTHER}/**`, (route) => {
    asked.push(route.request().url());
    return route.fulfill({
      contentType: 'application/geo+json',
      headers: { 'access-control-allow-origin': '*' },
      body: extraData(7, 'o'),
    });
  });
  await page.route('http://127.0.0.1:4178/**', (route) => {
    asked.push(route.request().url());
    return route.fulfill({ body: extraData(1) });
  });
  await page.goto(`./?data=${encodeURIComponent(`${OTHER}/places.geojson`)}`);
  await expect(page.locator('.lm-count')).toHaveText('7 learning spaces');
  expect(asked).toEqual([`${OTHER}/places.geojson`]);

  await page.goto(`./?data=${encodeURIComponent('http://127.0.0.1:4178/places.geojson')}`);
  await expect(page.locator('[role=alert]')).toContainText('is not on this site');
  expect(asked).toEqual([`${OTHER}/places.geojson`]);
});

test('centre, zoom, bounds, tiles, theme, title and logo come from the config', async ({ page }) => {
  const tiles: string[] = [];
  await page.route('https://tiles.city.example/**', (route) => {
    tiles.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'image/png', body: Buffer.from('') });
  });
  await serveConfig(page, {
    ...BUNDLED,
    title: 'Lernen in Hamburg',
    center: { lat: 53.56, lon: 9.95 },
    zoom: 14,
    tiles: {
      url: 'https://tiles.city.example/{z}/{x}/{y}.png',
      attribution: '<b>City</b> & friends',
      attribution_url: 'https://city.example/credits',
      max_zoom: 17,
    },
    theme: { accent: '#aa3300', logo: 'favicon.svg' },
  });
  await page.goto('./');
  await waitForResults(page);
  await expect(page.locator('h1.lm-title')).toHaveText('Lernen in Hamburg');
  await expect(page.locator('h1.lm-title img.lm-logo')).toHaveAttribute('src', 'favicon.svg');
  await expect(page.locator('button.lm-near-me')).toHaveCSS('background-color', 'rgb(170, 51, 0)');
  // the start view, written into the address once the map settles
  await expect.poll(() => param(page, 'zoom')).toBe('14');
  const [lat, lon] = param(page, 'center')!.split(',').map(Number);
  expect(Math.abs(lat - 53.56)).toBeLessThan(0.001);
  expect(Math.abs(lon - 9.95)).toBeLessThan(0.001);
  // tiles from the configured server, with its credit shown as text
  await expect.poll(() => tiles.length).toBeGreaterThan(0);
  expect(tiles.every((u) => /^https:\/\/tiles\.city\.example\/14\/\d+\/\d+\.png$/.test(u))).toBe(true);
  const credit = page.locator('.leaflet-control-attribution a[href="https://city.example/credits"]');
  await expect(credit).toHaveText('<b>City</b> & friends');
  await expect(page.locator('.leaflet-control-attribution b')).toHaveCount(0);
  // the tiles' max zoom caps the map
  await page.goto('./?center=53.56,9.95&zoom=19');
  await waitForResults(page);
  await expect.poll(() => param(page, 'zoom')).toBe('17');
  // distances are measured from the configured centre until the resident says where they are
  const first = await page.locator(RESULT).first().getAttribute('data-distance-m');
  expect(Number(first)).toBeGreaterThanOrEqual(0);
});

test('the config language applies when the browser asks for none the app has', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  await stubTiles(page);
  await serveConfig(page, { ...BUNDLED, language: 'de' });
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.locator('.lm-count')).toHaveText(`${TOTAL} Lernorte`);
  // lang= in the address still wins
  await page.goto('./?lang=fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await context.close();
});

test('only the configured filters show, with the city’s labels; linked filters still apply', async ({ page }) => {
  await serveConfig(page, {
    ...BUNDLED,
    filters: ['area', 'free'],
    area_labels: { digital: { en: 'Computers & coding', de: 'Computer' }, health: 'Gesundheit & Pflege' },
  });
  await page.goto('./?type=library');
  await waitForResults(page);
  await expect(page.locator('button.lm-chip[data-filter="free"]')).toBeVisible();
  await expect(page.locator('button.lm-chip[data-filter="area:digital"] .lm-chip-label')).toHaveText('Computers & coding');
  await expect(page.locator('button.lm-chip[data-filter="area:health"] .lm-chip-label')).toHaveText('Gesundheit & Pflege');
  await expect(page.locator('button.lm-chip[data-filter="open"]')).toBeHidden();
  await expect(page.locator('button.lm-chip[data-filter="wheelchair"]')).toBeHidden();
  await expect(page.locator('input[name=q]')).toBeHidden();
  await expect(page.locator('details.lm-more-filters')).toBeHidden();
  // type=library from the link still filters
  const libraries = DEMO.features.filter((f: any) => f.properties.place_type === 'library').length;
  await expect(page.locator('button.lm-clear')).toBeVisible();
  expect(libraries).toBeGreaterThan(0);
  const ids = await page.locator(RESULT).evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id')));
  const types = new Map(DEMO.features.map((f: any) => [f.properties.id, f.properties.place_type]));
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.every((id) => types.get(id!) === 'library')).toBe(true);
  await page.goto('./?lang=de');
  await expect(page.locator('button.lm-chip[data-filter="area:digital"] .lm-chip-label')).toHaveText('Computer');
});

test('the details offer the city’s report link, filled in for the place', async ({ page }) => {
  await serveConfig(page, { ...BUNDLED, report_error: 'mailto:data@city.example?subject=Place%20{id}&body={name}' });
  await page.goto('./');
  await waitForResults(page);
  const first = page.locator(RESULT).first();
  const id = (await first.getAttribute('data-space-id'))!;
  const name = DEMO.features.find((f: any) => f.properties.id === id)!.properties.name as string;
  await first.locator('button, a').first().click();
  const link = page.locator('.lm-detail .lm-report a');
  await expect(link).toHaveText('Report a mistake in this information');
  // every character but A-Z a-z 0-9 - _ . ~ is percent-encoded (RFC 3986)
  const encode = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  expect(await link.getAttribute('href')).toBe(
    `mailto:data@city.example?subject=Place%20${encode(id)}&body=${encode(name)}`,
  );
});

test('a broken config.json never blanks the map: defaults, a notice, the problem in the console', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await serveConfig(page, '{ "zoom": 12, }');
  await page.goto('./');
  await expect(page.locator('.lm-count')).toHaveText(`${TOTAL} learning spaces`);
  await expect(page.locator('.lm-config-problems')).toContainText('config.json');
  await expect.poll(() => warnings.join('\n')).toContain('config.json: is not valid JSON at line 1');

  // one bad option keeps its default, the rest apply
  await serveConfig(page, { ...BUNDLED, theme: { accent: 'url(x)' }, title: 'Lernen', zoom: 'near' });
  await page.goto('./');
  await expect(page.locator('h1.lm-title')).toHaveText('Lernen');
  await expect.poll(() => warnings.join('\n')).toContain('config.json /theme/accent: must be a colour');
  expect(warnings.join('\n')).toContain('config.json /zoom: must be a number');
});

test('without a config.json the demo data shows, quietly', async ({ page }) => {
  await page.route(/\/config\.json$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('./');
  await expect(page.locator('.lm-count')).toHaveText(`${TOTAL} learning spaces`);
  await expect(page.locator('.lm-config-problems')).toHaveCount(0);
});

test('more filters stay reachable when the config shows them', async ({ page }) => {
  await serveConfig(page, { ...BUNDLED, filters: ['age', 'speaks'] });
  await page.goto('./');
  await waitForResults(page);
  await openMoreFilters(page);
  await expect(page.locator('input[name=age]')).toBeVisible();
  await expect(page.locator('select[name=speaks]')).toBeVisible();
  await expect(page.locator('fieldset.lm-group legend', { hasText: 'Special support for' })).toBeHidden();
  await expect(page.locator('fieldset.lm-group legend', { hasText: 'Kind of place' })).toBeHidden();
});
