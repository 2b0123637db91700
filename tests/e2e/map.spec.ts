import { expect, test } from '@playwright/test';
import { demoData, failTiles, stubTiles, TILE_URL, watchErrors } from './support';

const DATA_URL = /data\/demo\/learning-spaces\.geojson$/;

test('the demo map shows one marker per place in the data file, on a phone', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.goto('./');

  const ids = demoData().features.map((f) => f.properties.id);
  expect(ids.length).toBeGreaterThan(250);
  const markers = page.locator('.leaflet-marker-pane .lm-marker');
  await expect(markers).toHaveCount(ids.length);
  await expect(page.locator('.lm-count')).toHaveText(`${ids.length} learning spaces`);

  // every place is on the map, under its own id, with its name as accessible name
  const shown = await markers.evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id')));
  expect([...shown].sort()).toEqual([...ids].sort());
  const first = demoData().features[0].properties as { id: string; name: string };
  await expect(page.locator(`[data-space-id="${first.id}"]`)).toHaveAttribute('title', first.name);

  await expect(page.locator('.lm-tiles-failed')).toHaveCount(0);
  errors.expectNone();
});

test('the map stays usable when map tiles cannot load', async ({ page }) => {
  const errors = watchErrors(page, [TILE_URL]);
  await failTiles(page);
  await page.goto('./');

  const count = demoData().features.length;
  await expect(page.locator('.leaflet-marker-pane .lm-marker')).toHaveCount(count);
  await expect(page.locator('.lm-tiles-failed')).toBeVisible();
  // the map still pans and zooms
  await page.locator('.leaflet-control-zoom-in').click();
  await expect(page.locator('.leaflet-marker-pane .lm-marker')).toHaveCount(count);
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
  await expect(page.locator('.lm-marker')).toHaveCount(0);

  failing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('.leaflet-marker-pane .lm-marker')).toHaveCount(demoData().features.length);
  await expect(alert).toHaveCount(0);
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
