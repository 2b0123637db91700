// The embed builder (issue 6): a webmaster picks options on builder.html, the
// preview shows the map with them, and the copied snippet, pasted into a page
// on another site under a strict Content Security Policy, shows the same map.
import { expect, test, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { STRICT_CSP as CSP, stubTiles, watchErrors } from './support';
import { APP, SUBPATH_APP } from './browser.mjs';

const HOST = 'http://127.0.0.1:4177/';
/** The map's pages and the builder, at the root or under the sub-path. */
const APP_PAGES = /^http:\/\/127\.0\.0\.1:417[34]\/(learning\/map\/)?(builder\.html)?(\?.*)?$/;

/** Serves the map and the builder with the strict policy, and records violations in every frame. */
async function strictPolicy(page: Page, context: BrowserContext) {
  await context.route(APP_PAGES, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation: (v: string) => void }).reportViolation(
        `${location.href}: ${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`,
      ),
    );
  });
  return violations;
}

/** The frame of an iframe element. */
async function frameOf(page: Page, selector: string): Promise<Frame> {
  const frame = await (await page.locator(selector).elementHandle())!.contentFrame();
  return frame!;
}

/** What the embedded map shows: result ids in rank order, language, accent, query of its address. */
async function shown(frame: Frame) {
  await expect.poll(() => frame.locator('ol.lm-result-list > li.lm-result[data-space-id]').count()).toBeGreaterThan(0);
  return frame.evaluate(() => ({
    ids: [...document.querySelectorAll('ol.lm-result-list > li.lm-result[data-space-id]')].map((li) =>
      li.getAttribute('data-space-id'),
    ),
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    accent: getComputedStyle(document.documentElement).getPropertyValue('--lm-accent').trim(),
    button: getComputedStyle(document.querySelector('button.lm-near-me')!).backgroundColor,
    embed: document.documentElement.classList.contains('lm-embed'),
  }));
}

/** The `src` of the snippet's iframe, unescaped. */
function snippetSrc(snippet: string): string {
  const m = /<iframe[^>]*\ssrc="([^"]+)"/.exec(snippet);
  expect(m, 'the snippet has an iframe with a src').not.toBeNull();
  return m![1].replace(/&amp;/g, '&');
}

async function openBuilder(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
}

/** Waits until the preview frame shows the query the snippet carries; returns that query. */
async function previewMatchesSnippet(page: Page): Promise<string> {
  let query = '';
  await expect
    .poll(async () => {
      query = new URL(snippetSrc(await page.locator('#snippet').inputValue())).search;
      const src = await page.locator('#preview').getAttribute('src');
      return src === `./${query}` ? 'in step' : `preview ${src}, snippet ${query}`;
    })
    .toBe('in step');
  return query;
}

test('the snippet reproduces the preview on another site under a strict CSP', async ({ page, context }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  const violations = await strictPolicy(page, context);
  await openBuilder(page, `${APP}builder.html`);

  // labelled controls the webmaster picks from
  await page.getByLabel('Interface language').selectOption('fr');
  await page.getByLabel('Digital').check();
  await page.getByLabel('Languages', { exact: true }).check();
  await page.getByLabel('Free').check();
  await page.getByLabel('Accent colour').fill('#aa3300');
  await page.getByLabel('Centre latitude').fill('53.56');
  await page.getByLabel('Centre longitude').fill('9.99');
  await page.getByLabel('Zoom (0–19)').fill('12');
  await page.getByLabel('Height of the map in your page (pixels)').fill('640');

  const query = await previewMatchesSnippet(page);
  // exactly the parameters the app reads, in a stable order, defaults left out
  expect(query).toBe('?embed=1&theme=%23aa3300&lang=fr&center=53.56,9.99&zoom=12&area=digital,languages&free=1');

  const preview = await shown(await frameOf(page, '#preview'));
  expect(preview).toMatchObject({ lang: 'fr', accent: '#aa3300', button: 'rgb(170, 51, 0)', embed: true });

  // the snippet: a titled, lazy iframe with geolocation, an absolute address, sized by attributes
  const snippet = await page.locator('#snippet').inputValue();
  expect(snippetSrc(snippet)).toBe(`${APP}${query}`);
  expect(snippet).toMatch(/^<div class="learnmap-embed">/);
  expect(snippet).toMatch(/\stitle="Where to learn: map of learning spaces"/);
  expect(snippet).toMatch(/\sloading="lazy"/);
  expect(snippet).toMatch(/\sallow="geolocation"/);
  expect(snippet).toMatch(/\swidth="100%" height="640"/);
  expect(snippet, 'no inline style, so a strict CSP on the host allows it').not.toMatch(/style=/);
  const css = await page.locator('#snippet-css').inputValue();
  expect(css).toContain('.learnmap-embed iframe');

  // a page on another site, with a strict policy of its own: just the snippet and the CSS
  await context.route(`${HOST}embed.css`, (route) => route.fulfill({ contentType: 'text/css', body: css }));
  await context.route(HOST, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': `default-src 'self'; frame-src ${APP}` },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>City of Example</title><link rel="stylesheet" href="embed.css"></head><body>${snippet}</body></html>`,
    }),
  );
  await page.goto(HOST);
  const iframe = page.locator('.learnmap-embed iframe');
  expect(new URL((await iframe.getAttribute('src'))!).search).toBe(query);
  // the copied CSS applies (a stylesheet, not inline styles)
  await expect(iframe).toHaveCSS('border-top-width', '0px');
  await expect(iframe).toHaveCSS('height', '640px');
  const host = await shown(await frameOf(page, '.learnmap-embed iframe'));
  expect(host).toEqual(preview);

  expect(violations).toEqual([]);
  errors.expectNone();
});

// Bug: the documented policy had neither base-uri nor frame-ancestors, and the
// builder printed no policy at all: a webmaster had to write it by hand.
// Bug: the site's address sat outside the form and updated nothing, and then
// was read relative to the map's own address, so "not a site" passed as the
// map's origin and no warning showed.
test('the builder prints the security policy for the options, and the embedded map works under it', async ({ page, context }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await openBuilder(page, `${APP}builder.html`);
  const policy = page.locator('#csp');
  await expect(policy).toHaveValue(/; base-uri 'none'; frame-ancestors 'self'$/);
  await page.getByLabel('Your site\u2019s address (where you put the snippet)').fill('not a site');
  await expect(page.locator('#host-site-warning')).toContainText('https://');
  await page.getByLabel('Your site\u2019s address (where you put the snippet)').fill(`${HOST}news/learning.html`);
  await expect(page.locator('#host-site-warning')).toBeHidden();
  const header = await policy.inputValue();
  expect(header).toBe(
    "Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
      "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; base-uri 'none'; " +
      `frame-ancestors 'self' ${new URL(HOST).origin}`,
  );

  // the map's pages served with exactly that header, the snippet on the webmaster's site
  const value = header.replace(/^Content-Security-Policy: /, '');
  await context.route(APP_PAGES, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': value } });
  });
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${location.href}: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const snippet = await page.locator('#snippet').inputValue();
  const site = (body: string) => (route: import('@playwright/test').Route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><title>City</title></head><body>${body}</body></html>` });
  await context.route(HOST, site(snippet));
  await page.goto(HOST);
  await shown(await frameOf(page, '.learnmap-embed iframe'));
  expect(violations).toEqual([]);
  errors.expectNone();

  // a site the policy does not name cannot frame the map (Chromium says so in the console)
  const OTHER = 'http://127.0.0.1:4179/';
  await context.route(OTHER, site(snippet));
  const refused = page.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
  await page.goto(OTHER);
  await refused;
});

test('the builder works from a sub-path and writes addresses under it', async ({ page, context }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  const violations = await strictPolicy(page, context);
  await openBuilder(page, `${SUBPATH_APP}builder.html`);
  await page.getByText('What shows first on phones').waitFor();
  await page.getByLabel('The list').check();
  await page.getByLabel('Age', { exact: true }).fill('8');
  await page.getByLabel('Open now').check();
  await page.getByLabel('Wheelchair accessible').check();
  const query = await previewMatchesSnippet(page);
  expect(query).toBe('?embed=1&age=8&open=now&wheelchair=1&view=list');
  expect(snippetSrc(await page.locator('#snippet').inputValue())).toBe(`${SUBPATH_APP}${query}`);
  const frame = await frameOf(page, '#preview');
  await expect(frame.locator('a.lm-full-map')).toBeVisible();
  await expect(frame.locator('main.lm-main')).toHaveAttribute('data-view', 'list');
  expect(new URL(frame.url()).pathname).toBe('/learning/map/');
  // the link back to the full map stays under the sub-path
  expect(new URL(await page.getByRole('link', { name: 'Open the full map' }).evaluate((a: HTMLAnchorElement) => a.href)).pathname).toBe(
    '/learning/map/',
  );
  expect(violations).toEqual([]);
  errors.expectNone();
});

test('a data address on another site shows the refusal in the preview and is never requested', async ({ page, context }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  const violations = await strictPolicy(page, context);
  const foreign: string[] = [];
  context.on('request', (r) => {
    if (r.url().startsWith('https://data.evil.example/')) foreign.push(r.url());
  });
  await openBuilder(page, `${APP}builder.html`);
  await page.getByLabel('Or another data file (address of a GeoJSON file)').fill('https://data.evil.example/places.geojson');
  // the builder warns before the webmaster copies anything
  await expect(page.locator('#custom-data-warning')).toContainText('will refuse this address');
  const query = await previewMatchesSnippet(page);
  expect(new URLSearchParams(query).get('data')).toBe('https://data.evil.example/places.geojson');
  const frame = await frameOf(page, '#preview');
  // the app's visible refusal (its wording may name the address or not)
  await expect(frame.getByText(/data address.* is not on this site/)).toBeVisible();
  await expect(frame.locator('ol.lm-result-list > li.lm-result')).toHaveCount(0);

  // a file on the map's own site is accepted
  await page.getByLabel('Or another data file (address of a GeoJSON file)').fill('data/demo/learning-spaces.geojson');
  await expect(page.locator('#custom-data-warning')).toBeHidden();
  expect(new URLSearchParams(await previewMatchesSnippet(page)).get('data')).toBe('data/demo/learning-spaces.geojson');
  await shown(frame);

  expect(foreign).toEqual([]);
  expect(violations).toEqual([]);
  errors.expectNone();
});

test('a starting view given only in part is left out of the snippet, and the builder says why', async ({ page, context }) => {
  // Bug: a centre without a zoom (or a zoom alone) went into the snippet, and
  // the map, which takes a starting view only whole, silently ignored it.
  const errors = watchErrors(page);
  await stubTiles(page);
  const violations = await strictPolicy(page, context);
  await openBuilder(page, `${APP}builder.html`);
  await page.getByLabel('Centre latitude').fill('53.56');
  await page.getByLabel('Centre longitude').fill('9.99');
  await expect(page.locator('#view-warning')).toContainText('centre (latitude and longitude) and the zoom together');
  let query = new URLSearchParams(await previewMatchesSnippet(page));
  expect(query.get('center')).toBeNull();
  expect(query.get('zoom')).toBeNull();
  await page.getByLabel('Zoom (0–19)').fill('13');
  await expect(page.locator('#view-warning')).toBeHidden();
  query = new URLSearchParams(await previewMatchesSnippet(page));
  expect([query.get('center'), query.get('zoom')]).toEqual(['53.56,9.99', '13']);
  // a zoom alone is left out too
  await page.getByLabel('Centre latitude').fill('');
  await page.getByLabel('Centre longitude').fill('');
  await expect(page.locator('#view-warning')).toBeVisible();
  query = new URLSearchParams(await previewMatchesSnippet(page));
  expect(query.get('zoom')).toBeNull();
  expect(violations).toEqual([]);
  errors.expectNone();
});

test('Copy puts the snippet on the clipboard and says so; without clipboard access it selects it', async ({ page, context }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP.slice(0, -1) });
  await openBuilder(page, `${APP}builder.html`);
  await page.getByLabel('Free').check();
  await previewMatchesSnippet(page);
  const status = page.locator('#copy-status');
  await expect(status).toHaveAttribute('aria-live', 'polite');

  await page.getByRole('button', { name: 'Copy the HTML' }).click();
  await expect(status).toHaveText('Copied the HTML snippet to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.locator('#snippet').inputValue());

  await page.getByRole('button', { name: 'Copy the CSS' }).click();
  await expect(status).toHaveText('Copied the CSS to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.locator('#snippet-css').inputValue());

  // the clipboard refuses: the text is selected for the webmaster to copy by hand
  await page.evaluate(() => {
    Object.defineProperty(navigator.clipboard, 'writeText', { value: () => Promise.reject(new Error('denied')) });
  });
  await page.getByRole('button', { name: 'Copy the HTML' }).click();
  await expect(status).toHaveText(/HTML snippet/);
  const selected = await page.locator('#snippet').evaluate((t: HTMLTextAreaElement) => [t.selectionStart, t.selectionEnd, t.value.length]);
  expect(selected).toEqual([0, selected[2], selected[2]]);
  await expect(page.locator('#snippet')).toBeFocused();
  errors.expectNone();
});

test('every builder control is labelled and at least 44px tall, on a phone', async ({ page }) => {
  await openBuilder(page, `${APP}builder.html`);
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('input, select, textarea, button, a')) {
      const name =
        (el as HTMLInputElement).labels?.[0]?.textContent?.trim() || el.textContent?.trim() || el.getAttribute('aria-label');
      if (!name) out.push(`${el.outerHTML}: no label`);
      // a checkbox or radio is reached through its whole label
      const target = el.matches('input[type=checkbox], input[type=radio]') ? el.closest('label')! : el;
      const r = target.getBoundingClientRect();
      if (el.tagName !== 'TEXTAREA' && r.height < 44) out.push(`${name}: ${r.height}px tall`);
      if (r.right > document.documentElement.clientWidth) out.push(`${name}: overflows the screen`);
    }
    return out;
  });
  expect(problems).toEqual([]);
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
});
