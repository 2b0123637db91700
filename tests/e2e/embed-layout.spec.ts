// The embedded map's layout (issue 6): from 320×400 to full width nothing
// overflows sideways, the way out to the full map shows, and the embed is no
// scroll trap: a visitor scrolling the host page past it is not caught by it.
import { expect, test, type BrowserContext, type CDPSession, type Frame, type Page } from '@playwright/test';
import { STRICT_CSP as CSP, stubTiles, watchErrors } from './support';
import { APP } from './browser.mjs';

const HOST = 'http://127.0.0.1:4178/';

/** A page on another site: tall content above and below the embedded map. */
async function hostPage(page: Page, context: BrowserContext, width: number, height: number) {
  await stubTiles(page);
  await context.route(`${HOST}host.css`, (route) =>
    route.fulfill({
      contentType: 'text/css',
      body: 'body { margin: 0; } .tall { height: 1500px; background: #eee; } iframe { display: block; border: 0; }',
    }),
  );
  await context.route(HOST, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': `default-src 'self'; frame-src ${APP}` },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>City of Example</title>
<link rel="stylesheet" href="host.css"></head><body>
<div class="tall">News from the city</div>
<iframe src="${APP}?embed=1&amp;lang=en" title="Where to learn: map of learning spaces" width="${width}" height="${height}" allow="geolocation"></iframe>
<div class="tall">More news</div></body></html>`,
    }),
  );
  // the map's page with the strict policy (and fetched by Playwright, as a real site would serve it)
  await context.route(new RegExp(`^${APP.replace(/[.]/g, '\\.')}(\\?.*)?$`), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
  await page.goto(HOST);
  const frame = (await (await page.locator('iframe').elementHandle())!.contentFrame())!;
  await expect(frame.locator('ol.lm-result-list > li.lm-result').first()).toBeAttached();
  return frame;
}

/** Brings the frame to the middle of the host's viewport; returns its box and the host's scroll. */
async function centreFrame(page: Page, frame: Frame) {
  await frame.evaluate(() => {
    document.scrollingElement!.scrollTop = 0;
    for (const e of document.querySelectorAll('.lm-sheet-body')) e.scrollTop = 0;
  });
  await page.locator('iframe').evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const box = (await page.locator('iframe').boundingBox())!;
  const start = await page.evaluate(() => window.scrollY);
  return { box, start };
}

/** Where, in the frame, a part of the embed is (its centre, in host viewport coordinates). */
async function pointIn(page: Page, frame: Frame, selector: string) {
  const box = (await page.locator('iframe').boundingBox())!;
  const r = await frame.locator(selector).first().evaluate((e) => {
    const b = e.getBoundingClientRect();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  });
  return { x: box.x + r.x, y: box.y + r.y };
}

const hostScroll = (page: Page) => page.evaluate(() => window.scrollY);

/** Wheels down over (x, y) until the host page scrolls; fails if it never does. */
async function wheelUntilHostScrolls(page: Page, x: number, y: number, start: number) {
  await page.mouse.move(x, y);
  await expect
    .poll(
      async () => {
        // one notch of a mouse wheel at a time
        await page.mouse.wheel(0, 100);
        return hostScroll(page);
      },
      { message: 'the host page scrolls once the embed has nothing left to scroll', timeout: 20_000, intervals: [50] },
    )
    .toBeGreaterThan(start);
}

/** One finger dragged up by `dy` from (x, y): the gesture that scrolls a page down. */
async function swipeUp(cdp: CDPSession, x: number, y: number, dy: number) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let k = 1; k <= 8; k++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - (dy * k) / 8 }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function swipeUntilHostScrolls(page: Page, cdp: CDPSession, x: number, y: number, start: number) {
  await expect
    .poll(
      async () => {
        await swipeUp(cdp, x, y, 250);
        return hostScroll(page);
      },
      { message: 'the host page scrolls once the embed has nothing left to scroll', timeout: 20_000, intervals: [50] },
    )
    .toBeGreaterThan(start);
}

/** Controls sticking out of the frame sideways, outside a container that scrolls sideways on purpose. */
function sidewaysOverflow(frame: Frame) {
  return frame.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      let scroller = el.parentElement;
      while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      if (scroller && scroller !== document.documentElement && scroller !== document.body) continue;
      if (r.left < 0 || r.right > width + 0.5) out.push(`${el.outerHTML.slice(0, 80)}: ${r.left}–${r.right}`);
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, width, out };
  });
}

test.describe('at 320×400', () => {
  test('nothing overflows sideways and the full map is one tap away', async ({ page, context }) => {
    const errors = watchErrors(page);
    const frame = await hostPage(page, context, 320, 400);
    const layout = await sidewaysOverflow(frame);
    expect(layout.width).toBe(320);
    expect(layout.scrollWidth).toBeLessThanOrEqual(320);
    expect(layout.out).toEqual([]);
    const full = frame.locator('a.lm-full-map');
    await expect(full).toBeVisible();
    await expect(full).toHaveAttribute('target', '_blank');
    const r = await full.evaluate((a) => a.getBoundingClientRect().toJSON());
    expect(r.top).toBeGreaterThanOrEqual(0);
    expect(r.bottom).toBeLessThanOrEqual(400);
    expect(r.height).toBeGreaterThanOrEqual(44);
    errors.expectNone();
  });

  // Regression: visually hidden headings positioned against the sheet made the
  // embed 637px tall at 320×400, so the whole app scrolled inside its frame.
  test('the embed fits its frame: its page does not scroll inside the frame', async ({ page, context }) => {
    const frame = await hostPage(page, context, 320, 400);
    const size = await frame.evaluate(() => [document.scrollingElement!.scrollHeight, document.scrollingElement!.clientHeight]);
    expect(size[0]).toBeLessThanOrEqual(size[1]);
  });

  test('control: wheeling over the host page itself scrolls it', async ({ page, context }) => {
    const frame = await hostPage(page, context, 320, 400);
    const { box, start } = await centreFrame(page, frame);
    // beside the frame (the host viewport is wider than 320)
    await wheelUntilHostScrolls(page, box.x + box.width + 30, box.y + 100, start);
  });

  test('wheeling over the results sheet scrolls the host page once the list ends', async ({ page, context }) => {
    const frame = await hostPage(page, context, 320, 400);
    const { start } = await centreFrame(page, frame);
    const at = await pointIn(page, frame, '.lm-sheet-body');
    await wheelUntilHostScrolls(page, at.x, at.y, start);
  });

  test('wheeling over the header scrolls the host page', async ({ page, context }) => {
    const frame = await hostPage(page, context, 320, 400);
    const { start } = await centreFrame(page, frame);
    const at = await pointIn(page, frame, '.lm-count');
    await wheelUntilHostScrolls(page, at.x, at.y, start);
  });

  // Regression (scroll trap): Leaflet's wheel zoom was on inside the frame.
  test('wheeling over the map, not focused, scrolls the host page instead of zooming', async ({ page, context }) => {
    const frame = await hostPage(page, context, 320, 400);
    const { start } = await centreFrame(page, frame);
    const zoom = () => frame.evaluate(() => new URL(location.href).searchParams.get('zoom'));
    const before = await zoom();
    const box = (await page.locator('iframe').boundingBox())!;
    const map = (await frame.locator('.lm-map').boundingBox())!;
    // the upper part of the map, clear of the sheet and of the zoom buttons
    const at = { x: box.x + map.x + map.width - 40, y: box.y + map.y + 40 };
    expect(at.y).toBeLessThan(box.y + (await frame.locator('.lm-sheet').boundingBox())!.y);
    try {
      await wheelUntilHostScrolls(page, at.x, at.y, start);
    } finally {
      test.info().annotations.push({ type: 'map zoom', description: `${before} → ${await zoom()}` });
    }
  });

  test('after a click on the map, the wheel zooms it; leaving the map gives the wheel back', async ({ page, context }) => {
    const frame = await hostPage(page, context, 320, 400);
    await centreFrame(page, frame);
    const zoom = () => frame.evaluate(() => new URL(location.href).searchParams.get('zoom'));
    const map = frame.locator('.lm-map');
    const box = (await map.boundingBox())!;
    // the top corner of the map, away from the zoom buttons, markers and the sheet
    const at = { x: box.x + box.width - 12, y: box.y + 12 };
    await page.mouse.click(at.x, at.y);
    await expect.poll(zoom).not.toBeNull();
    const before = Number(await zoom());
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -300);
    await expect.poll(async () => Number(await zoom())).toBeGreaterThan(before);
  });

  test('swiping over the results sheet scrolls the host page once the list ends', async ({ page, context }) => {
    // The synthesized touches (CDP Input.dispatchTouchEvent on the host page) do
    // not scroll the list inside this cross-origin frame at all (its scrollTop
    // stays 0), so this cannot yet tell a trap from a harness limit; the wheel
    // specs above check the same CSS (overscroll-behavior: auto in embeds).
    test.fixme(true, 'synthesized touch does not reach the list in the cross-origin frame');
    const frame = await hostPage(page, context, 320, 400);
    const { start } = await centreFrame(page, frame);
    const cdp = await context.newCDPSession(page);
    const at = await pointIn(page, frame, '.lm-sheet-body');
    await swipeUntilHostScrolls(page, cdp, at.x, at.y + 40, start);
  });

  test('control: swiping over the host page itself scrolls it', async ({ page, context }) => {
    const frame = await hostPage(page, context, 320, 400);
    const { box, start } = await centreFrame(page, frame);
    const cdp = await context.newCDPSession(page);
    await swipeUntilHostScrolls(page, cdp, box.x + box.width + 30, box.y + 200, start);
  });
});

test.describe('at 1024×600', () => {
  test.use({ viewport: { width: 1100, height: 800 }, isMobile: false, hasTouch: false });

  test('nothing overflows sideways and the full map is one click away', async ({ page, context }) => {
    const errors = watchErrors(page);
    const frame = await hostPage(page, context, 1024, 600);
    const layout = await sidewaysOverflow(frame);
    expect(layout.width).toBe(1024);
    expect(layout.scrollWidth).toBeLessThanOrEqual(1024);
    expect(layout.out).toEqual([]);
    await expect(frame.locator('a.lm-full-map')).toBeVisible();
    errors.expectNone();
  });
});
