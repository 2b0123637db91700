// The map embedded in a city's page (issue 6): an iframe on another origin,
// both pages under a strict Content Security Policy.
import { expect, test } from '@playwright/test';
import { STRICT_CSP as APP_CSP, demoData, PAGE, stubTiles, watchErrors } from './support';
import { APP } from './browser.mjs';

const HOST = 'http://127.0.0.1:4176/';

/** The snippet the webmasters' guide gives, with a theme colour. */
const SNIPPET = `<div style="position:relative;width:100%;max-width:480px;height:640px">
  <iframe src="${APP}?embed=1&amp;theme=%23aa3300&amp;lang=en" title="Where to learn: map of learning spaces"
    loading="lazy" allow="geolocation" style="border:0;width:100%;height:100%"></iframe>
</div>`;

test('the map works inside an iframe on another site, under strict CSPs', async ({ page, context }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await context.route(HOST, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': `default-src 'self'; style-src 'unsafe-inline'; frame-src ${APP}` },
      body: `<!doctype html><html lang="en"><head><title>City of Example</title></head><body><h1>Learning in our city</h1>${SNIPPET}</body></html>`,
    }),
  );
  await context.route(new RegExp(`^${APP.replace(/[.]/g, '\\.')}(\\?.*)?$`), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': APP_CSP } });
  });
  await page.goto(HOST);
  const map = page.frameLocator('iframe[title="Where to learn: map of learning spaces"]');
  const total = demoData().features.length;
  await expect(map.locator('.lm-count')).toHaveText(`${total} learning spaces`);

  // compact chrome, the theme colour, and a way out to the full map
  await expect(map.locator('html')).toHaveClass(/lm-embed/);
  await expect(map.locator('button.lm-near-me')).toHaveCSS('background-color', 'rgb(170, 51, 0)');
  // the map's clusters too (bug: they stayed the default blue)
  await expect(map.locator('.lm-cluster').first()).toHaveCSS('background-color', /^(rgba\(170, 51, 0, 0\.85\)|color\(srgb 0\.666\d* 0\.2 0 \/ 0\.85\))$/);
  const full = map.locator('a.lm-full-map');
  await expect(full).toHaveAttribute('target', '_blank');

  // filters work inside the frame, and the full-map link follows the view
  const chip = map.locator('button.lm-chip[data-filter="area:digital"]');
  const count = Number((await chip.locator('.lm-chip-count').textContent())!.replace(/\D/g, ''));
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(map.locator('ol.lm-result-list > li.lm-result')).toHaveCount(Math.min(count, PAGE));
  const href = new URL((await full.getAttribute('href'))!);
  expect(href.searchParams.get('embed')).toBeNull();
  expect(href.searchParams.get('area')).toBe('digital');
  expect(href.searchParams.get('theme')).toBe('#aa3300');
  errors.expectNone();
});

test('a theme that is not a plain colour is ignored', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.goto('./?embed=1&theme=red;background:url(https://evil.example/x)');
  await expect(page.locator('.lm-count')).toHaveText(`${demoData().features.length} learning spaces`);
  await expect(page.locator('button.lm-near-me')).toHaveCSS('background-color', 'rgb(11, 95, 138)');
  errors.expectNone();
});
