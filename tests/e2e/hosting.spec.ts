// make dist writes precompressed copies (.br, .gz) of the build's own files
// for hosts that serve them (docs/embedding.md); the test server answers with
// them as nginx's brotli_static does. A resident on a slow network then gets
// the wasm at about a third of its size, even from a host that does not
// compress on the fly. config.json and the data, which are edited on the
// host, get no copy that could go stale.
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ownFiles } from '../../scripts/own-files.mjs';
import { DIST } from './browser.mjs';
import { stubTiles, watchErrors } from './support';

test("the build's own files have .br and .gz copies equal to them, config and data none", () => {
  const own = ownFiles(DIST);
  expect(own.filter((f) => f.endsWith('.wasm'))).toHaveLength(1);
  expect(own).toContain('boot.js');
  for (const f of own) {
    const body = readFileSync(join(DIST, f));
    expect(brotliDecompressSync(readFileSync(join(DIST, `${f}.br`))).equals(body), `${f}.br`).toBe(true);
    expect(gunzipSync(readFileSync(join(DIST, `${f}.gz`))).equals(body), `${f}.gz`).toBe(true);
  }
  for (const f of ['config.json', 'index.html', 'data/demo/learning-spaces.geojson']) {
    expect(existsSync(join(DIST, `${f}.br`)) || existsSync(join(DIST, `${f}.gz`)), f).toBe(false);
  }
});

test('a host serving the precompressed copies sends the wasm with brotli, and the app works', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'));
  await page.goto('./?at=53.553,9.993');
  const response = await wasm;
  expect(response.headers()['content-encoding']).toBe('br');
  await expect(page.locator('ol.lm-result-list > li.lm-result')).toHaveCount(20);
  await expect(page.locator('.leaflet-marker-pane > *').first()).toBeVisible();
  errors.expectNone();
});
