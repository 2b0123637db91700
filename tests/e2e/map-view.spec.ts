// Where the map shows things and keeps the keyboard: the view in the address
// (`center=`, `zoom=`) on phones and desktops alike, the keyboard on clusters,
// and a selected place beside its details. Expected positions are computed
// here (Web Mercator) from the data file and the address, never read from the app.
import { expect, test, type Page } from '@playwright/test';
import { mapSettled, stubTiles, watchErrors } from './support';
import { demoPlaces, param, RESULT, waitForResults } from './citizen-support';

const PLACES = new Map(demoPlaces().map((p) => [p.props.id, p]));
const MARKERS = '.leaflet-marker-pane .lm-marker[data-space-id]';

type Box = { x: number; y: number; width: number; height: number };

/** Web Mercator: a point's pixel position in the world at `zoom`. */
function world(lat: number, lon: number, zoom: number) {
  const size = 256 * 2 ** zoom;
  const phi = (lat * Math.PI) / 180;
  return { x: (size * (lon + 180)) / 360, y: (size * (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI)) / 2 };
}

/**
 * Where a single place's marker is drawn, in world pixels: in its 64 px
 * cluster cell, kept 13 px inside the cell's edges so that markers of
 * neighbouring cells never lie closer than a finger needs (WCAG 2.2 target
 * size; learnmap_core::cluster::POINT_MARGIN_PX).
 */
function drawnAt(v: number): number {
  const start = Math.floor(v / 64) * 64;
  return Math.min(Math.max(v, start + 13), start + 64 - 13);
}

/** The part of the map a resident sees: above the sheet under 900 px, the whole map beside the side panel. */
async function seenPart(page: Page): Promise<Box> {
  const map = (await page.locator('.lm-map').boundingBox())!;
  const narrow = await page.evaluate(() => window.innerWidth < 900);
  if (!narrow) return map;
  const sheetTop = (await page.locator('.lm-sheet').boundingBox())!.y;
  return { ...map, height: sheetTop - map.y };
}

/**
 * Checks that every place marker is where the address's centre and zoom put
 * it, the centre being the middle of the part of the map the resident sees,
 * and returns how many of them lie in that part.
 */
async function expectMarkersWhereTheAddressSays(page: Page): Promise<number> {
  const [lat, lon] = param(page, 'center')!.split(',').map(Number);
  const zoom = Number(param(page, 'zoom'));
  const centre = world(lat, lon, zoom);
  const seen = await seenPart(page);
  const markers = page.locator(MARKERS);
  let inSight = 0;
  for (const marker of await markers.all()) {
    const id = (await marker.getAttribute('data-space-id'))!;
    const place = PLACES.get(id)!;
    const p = world(place.lat, place.lon, zoom);
    const x = seen.x + seen.width / 2 + (drawnAt(p.x) - centre.x);
    const y = seen.y + seen.height / 2 + (drawnAt(p.y) - centre.y);
    const b = (await marker.boundingBox())!;
    // the address has the centre to five decimals: about a pixel at zoom 15
    expect(Math.abs(b.x + b.width / 2 - x), `${id} across`).toBeLessThan(3);
    expect(Math.abs(b.y + b.height / 2 - y), `${id} down`).toBeLessThan(3);
    if (x >= seen.x && x <= seen.x + seen.width && y >= seen.y && y <= seen.y + seen.height) inSight += 1;
  }
  return inSight;
}

test.describe('the view in the address', () => {
  test.use({ viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true });

  // Bug (of this spec): a place's marker is drawn up to 13 px inside its
  // cluster cell (target size), and the spec expected it at the place itself.
  test('a view copied on a tablet shows the same places in the middle of a desktop map', async ({ page }) => {
    // Bug: `center=` was the middle of the whole map, which under 900 px is the
    // top edge of the half-open sheet: a link copied on a phone or tablet put
    // its places at the top edge of a desktop's map (and of the embed's "Open
    // the full map"). It is now the middle of the part of the map one sees.
    const errors = watchErrors(page);
    await stubTiles(page);
    await page.goto('./?center=53.553,9.993&zoom=15');
    await waitForResults(page);
    // the resident moves the map: the app writes its view into the address
    await page.locator('.lm-map').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => param(page, 'center'), 'the pan reached the address').not.toBe('53.553,9.993');
    await mapSettled(page);
    const link = page.url();
    await expect(page.locator(MARKERS).first()).toBeAttached();
    expect(await expectMarkersWhereTheAddressSays(page), 'places in sight on the tablet').toBeGreaterThan(0);

    // the same link on a desktop
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(link);
    await waitForResults(page);
    await expect(page.locator(MARKERS).first()).toBeAttached();
    await mapSettled(page);
    expect(page.url(), 'the desktop keeps the view it was given').toBe(link);
    expect(await expectMarkersWhereTheAddressSays(page), 'places in sight on the desktop').toBeGreaterThan(0);

    // and back on the tablet, from the desktop's address
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(link);
    await waitForResults(page);
    await expect(page.locator(MARKERS).first()).toBeAttached();
    await mapSettled(page);
    expect(page.url(), 'the tablet keeps the view it was given').toBe(link);
    expect(await expectMarkersWhereTheAddressSays(page)).toBeGreaterThan(0);
    errors.expectNone();
  });
});

test.describe('desktop, 1280 × 800', () => {
  test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });

  test('Enter on a cluster zooms in and keeps the keyboard in the map', async ({ page }) => {
    // Bug: the cluster's marker went with the zoom, and focus fell back to
    // the page's body: the next Tab started over at the top of the page.
    const errors = watchErrors(page);
    await stubTiles(page);
    await page.goto('./');
    await waitForResults(page);
    await expect.poll(() => param(page, 'zoom')).not.toBeNull();
    await expect(page.locator('.leaflet-marker-pane .lm-cluster').first()).toBeAttached();
    const zoom = Number(param(page, 'zoom'));
    // from the map, Tab goes through its markers
    await page.locator('.lm-map').focus();
    let onCluster = false;
    for (let i = 0; i < 60 && !onCluster; i++) {
      await page.keyboard.press('Tab');
      onCluster = await page.evaluate(() => !!document.activeElement?.classList.contains('lm-cluster'));
    }
    expect(onCluster, 'Tab reaches a cluster').toBe(true);
    const cluster = await page.evaluateHandle(() => document.activeElement!);
    await page.keyboard.press('Enter');
    await expect.poll(() => Number(param(page, 'zoom')), 'the map zooms in').toBeGreaterThan(zoom);
    await expect.poll(() => cluster.evaluate((e) => e.isConnected), 'the cluster goes').toBe(false);
    await mapSettled(page);
    expect(await page.evaluate(() => !!document.activeElement?.closest('.lm-map')), 'focus is in the map').toBe(true);
    errors.expectNone();
  });
});

for (const [width, height] of [
  [1024, 768],
  [1180, 820],
]) {
  test.describe(`${width} × ${height}`, () => {
    test.use({ viewport: { width, height }, isMobile: false, hasTouch: false });

    test('a selected place is shown beside its details, not under them', async ({ page }) => {
      // Bug: the place was centred on the map, and the details dialog, which
      // stands over the map beside the side panel, covered it.
      const errors = watchErrors(page);
      await stubTiles(page);
      await page.goto('./');
      await waitForResults(page);
      await expect.poll(() => param(page, 'zoom')).not.toBeNull();
      const item = page.locator(RESULT).first();
      const id = (await item.getAttribute('data-space-id'))!;
      await item.locator('button.lm-result-button').click();
      const dialog = page.locator('div.lm-detail[role="dialog"]');
      await expect(dialog).toBeVisible();
      const marker = page.locator(`.leaflet-marker-pane .lm-marker-selected[data-space-id="${id}"]`);
      await expect(marker).toBeVisible();
      const clear = async () => {
        const [m, d, map] = [await marker.boundingBox(), await dialog.boundingBox(), await page.locator('.lm-map').boundingBox()];
        if (!m || !d || !map) return 'not drawn';
        if (m.x < map.x || m.x + m.width > map.x + map.width || m.y < map.y || m.y + m.height > map.y + map.height) return 'off the map';
        const apart = m.x + m.width <= d.x || m.x >= d.x + d.width || m.y + m.height <= d.y || m.y >= d.y + d.height;
        return apart ? 'in sight' : `under the details (marker at x=${Math.round(m.x)}, details from x=${Math.round(d.x)})`;
      };
      await expect.poll(clear).toBe('in sight');
      // and it stays there once the map has settled
      await mapSettled(page);
      expect(await clear()).toBe('in sight');
      errors.expectNone();
    });
  });
}
