// The app under the strict Content Security Policy of the webmasters' guide,
// and from a sub-path of a static host (issue 6's hosting requirements).
import { expect, test } from '@playwright/test';
import { STRICT_CSP as CSP, demoData, placesOnMap, stubTiles, watchErrors } from './support';
import { SUBPATH_APP } from './browser.mjs';
import { readFileSync } from 'node:fs';

// Bug: the documented policy lacked base-uri and frame-ancestors. The specs
// run under the documented policy, the city's site being their host pages.
test('the policy the guide documents is the one the specs run under', () => {
  const guide = readFileSync('docs/embedding.md', 'utf8');
  const documented = /^Content-Security-Policy: (.+)$/m.exec(guide)?.[1];
  expect(documented).toBe(CSP.replace('http://127.0.0.1:*', 'https://www.your-city.example'));
  expect(documented).toContain("base-uri 'none'");
  expect(documented).toContain("frame-ancestors 'self' ");
});


test('the app runs under a strict Content Security Policy with no violation', async ({ page }) => {
  const errors = watchErrors(page);
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation: (v: string) => void }).reportViolation(
        `${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`,
      ),
    );
  });
  await stubTiles(page);
  // serve every page of the app with the policy, as the guide's header does
  await page.route(/^http:\/\/127\.0\.0\.1:\d+\/(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
  const response = await page.goto('./?sel=demo-0001');
  expect(response?.headers()['content-security-policy']).toBe(CSP);
  await expect(page.locator('.lm-count')).toHaveText(`${demoData().features.length} learning spaces`);
  await expect(page.locator('div.lm-detail[role="dialog"]')).toBeVisible();
  await page.keyboard.press('Escape');
  // the link named a place: the map shows it, and the places around it
  await expect(page.locator('.leaflet-marker-pane .lm-marker[data-space-id="demo-0001"]')).toBeVisible();
  await expect.poll(() => placesOnMap(page)).toBeGreaterThan(0);
  expect(violations).toEqual([]);
  errors.expectNone();

  // control: the policy is in force, so an inline script would be refused
  page.removeAllListeners('console');
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.body.append(s);
  });
  await expect.poll(() => violations.length).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
});

test('the app works from a sub-path of a static host', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.goto(SUBPATH_APP);
  await expect(page.locator('.lm-count')).toHaveText(`${demoData().features.length} learning spaces`);
  await expect.poll(() => placesOnMap(page)).toBe(demoData().features.length);
  // links it writes stay under the sub-path
  await page.locator('ol.lm-result-list > li.lm-result button').first().click();
  expect(new URL(page.url()).pathname).toBe('/learning/map/');
  errors.expectNone();
});
