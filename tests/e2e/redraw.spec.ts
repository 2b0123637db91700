// What a filter change, a selection or a map move redraws (issue 5, speed):
// rows of the results list and markers on the map that stay are kept, not
// rebuilt; a marker that leaves the map keeps no event listener (the leak:
// every redraw left one handler, and its closure, per marker behind); and a
// focused marker or cluster opens with Enter. No timing is asserted: each
// spec checks which DOM nodes and listeners there are.
import { expect, test, type Page } from '@playwright/test';
import { stubTiles, watchErrors } from './support';
import { listedIds, param, RESULT, waitForResults } from './citizen-support';

/**
 * Central Hamburg, close enough that most places are single markers. (The
 * part of the map above the half-open sheet: markers under the sheet are
 * not drawn, see a11y.spec.ts.)
 */
const CLOSE = './?at=53.553,9.993&center=53.556,9.99&zoom=14';
const MARKER = '.leaflet-marker-pane .lm-marker[data-space-id]';

test.use({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });

/**
 * Opens `url` and waits until the map has arrived at its `zoom` and stopped:
 * the map moves there from its start view with an animation, and markers
 * drawn before that are the start view's. Leaflet's map is caught as it is
 * made (an `L.Map` init hook), with whether it is moving.
 */
async function openAt(page: Page, url = CLOSE, zoom = 14) {
  await page.addInitScript(() => {
    let leaflet: { Map: { addInitHook(f: () => void): void } } | undefined;
    Object.defineProperty(window, 'L', {
      configurable: true,
      get: () => leaflet,
      set: (l) => {
        leaflet = l;
        l.Map.addInitHook(function (this: { on(type: string, f: () => void): void }) {
          const w = window as unknown as { __lmMap: unknown; __lmMoving: boolean };
          w.__lmMap = this;
          w.__lmMoving = false;
          this.on('movestart', () => (w.__lmMoving = true));
          this.on('moveend', () => (w.__lmMoving = false));
        });
      },
    });
  });
  await stubTiles(page);
  await page.goto(url);
  await waitForResults(page);
  await expect.poll(() => mapZoom(page)).toBe(zoom);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __lmMoving: boolean }).__lmMoving)).toBe(false);
}

/** The zoom of Leaflet's map (it changes once a zoom has finished). */
async function mapZoom(page: Page) {
  return page.evaluate(() => (window as unknown as { __lmMap?: { getZoom(): number } }).__lmMap?.getZoom());
}

/** Tags every listed row and every place marker with its id, as a JS property. */
async function tagNodes(page: Page) {
  await page.evaluate(
    ([rows, markers]) => {
      for (const e of document.querySelectorAll(`${rows}, ${markers}`)) {
        (e as unknown as { __lmTag?: string }).__lmTag = e.getAttribute('data-space-id') ?? '';
      }
    },
    [RESULT, MARKER],
  );
}

/** Of the rows (or markers) shown now whose place was tagged: how many are the tagged nodes. */
async function kept(page: Page, selector: string, tagged: Set<string>) {
  const nodes = await page.locator(selector).evaluateAll((es) =>
    es.map((e) => ({ id: e.getAttribute('data-space-id') ?? '', tag: (e as unknown as { __lmTag?: string }).__lmTag })),
  );
  const again = nodes.filter((n) => tagged.has(n.id));
  return { again: again.length, same: again.filter((n) => n.tag === n.id).length };
}

async function markerIds(page: Page): Promise<string[]> {
  return page.locator(MARKER).evaluateAll((es) => es.map((e) => e.getAttribute('data-space-id') ?? ''));
}

test('a filter change keeps the result rows and map markers of places that stay', async ({ page }) => {
  const errors = watchErrors(page);
  await openAt(page);
  await expect.poll(() => markerIds(page).then((m) => m.length)).toBeGreaterThan(3);
  const rows = new Set(await listedIds(page));
  const markers = new Set(await markerIds(page));
  await tagNodes(page);

  const chip = page.locator('button.lm-chip[data-filter="wheelchair"]');
  const before = await listedIds(page);
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => listedIds(page)).not.toEqual(before);

  // every row and marker of a place that is still shown is the node it was
  const r = await kept(page, RESULT, rows);
  expect(r.again, 'the filter keeps some listed places').toBeGreaterThan(0);
  expect(r.same).toBe(r.again);
  const m = await kept(page, MARKER, markers);
  expect(m.again, 'the filter keeps some places on the map').toBeGreaterThan(0);
  expect(m.same).toBe(m.again);
  errors.expectNone();
});

test('selecting a place and moving the map rebuild no result row', async ({ page }) => {
  const errors = watchErrors(page);
  await openAt(page);
  const ids = await listedIds(page);
  await tagNodes(page);

  const all = { again: ids.length, same: ids.length };

  // move the map: the results (measured from `at`) stay, and so do their rows
  const zoom = param(page, 'zoom');
  await page.locator('.leaflet-control-zoom-out').click();
  await expect.poll(() => param(page, 'zoom')).not.toBe(zoom);
  expect(await listedIds(page)).toEqual(ids);
  expect(await kept(page, RESULT, new Set(ids))).toEqual(all);

  // select the second result: only its highlight changes
  const row = page.locator(RESULT).nth(1);
  await row.locator('button.lm-result-button').click();
  await expect.poll(() => param(page, 'sel')).toBe(ids[1]);
  await expect(row).toHaveClass(/\blm-selected\b/);
  await expect(row.locator('button.lm-result-button')).toHaveAttribute('aria-current', 'true');
  expect(await kept(page, RESULT, new Set(ids))).toEqual(all);
  await page.keyboard.press('Escape');
  await expect(page.locator('div.lm-detail[role="dialog"]')).toHaveCount(0);
  await expect(row).not.toHaveClass(/\blm-selected\b/);
  await expect(row.locator('button.lm-result-button')).not.toHaveAttribute('aria-current', 'true');

  expect(await listedIds(page)).toEqual(ids);
  expect(await kept(page, RESULT, new Set(ids))).toEqual({ again: ids.length, same: ids.length });
  errors.expectNone();
});

test('a marker that leaves the map keeps no event listener (leak: one closure per marker per redraw)', async ({ page }) => {
  const errors = watchErrors(page);
  await openAt(page);
  await expect.poll(() => markerIds(page).then((m) => m.length)).toBeGreaterThan(3);
  // From here on, keep every marker put on the map, and count those taken off.
  await page.evaluate(() => {
    const L = (window as unknown as { L: any }).L;
    const w = window as unknown as { __lmMarkers: Set<unknown>; __lmRemoved: number };
    w.__lmMarkers = new Set();
    w.__lmRemoved = 0;
    const { onAdd, onRemove } = L.Marker.prototype;
    L.Marker.prototype.onAdd = function (...args: unknown[]) {
      w.__lmMarkers.add(this);
      return onAdd.apply(this, args);
    };
    L.Marker.prototype.onRemove = function (...args: unknown[]) {
      w.__lmRemoved += 1;
      return onRemove.apply(this, args);
    };
  });

  // 20 filter changes, each waiting for the chip to show it
  for (let i = 0; i < 20; i++) {
    const chip = page.locator(`button.lm-chip[data-filter="${i % 4 < 2 ? 'area:digital' : 'wheelchair'}"]`);
    const pressed = await chip.getAttribute('aria-pressed');
    await chip.click();
    await expect(chip).not.toHaveAttribute('aria-pressed', pressed ?? '');
  }
  await waitForResults(page);

  // Leaflet's own record of listeners (`listens`): a marker off the map that still
  // listens for a click or a key holds a handler (and the app's closure) for nothing.
  const { removed, dangling, onMap } = await page.evaluate(() => {
    type LMarker = { getElement(): Element | null | undefined; listens(type: string): boolean };
    const w = window as unknown as { __lmMarkers: Set<LMarker>; __lmRemoved: number };
    const gone = [...w.__lmMarkers].filter((m) => !m.getElement());
    return {
      removed: w.__lmRemoved,
      dangling: gone.filter((m) => m.listens('click') || m.listens('keypress')).length,
      onMap: document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon').length,
    };
  });
  expect(removed, 'the filter changes took markers off the map').toBeGreaterThan(0);
  expect(onMap).toBeGreaterThan(0);
  expect(dangling, 'markers off the map that still hold a handler').toBe(0);

  // and a marker still opens its place
  const id = (await markerIds(page))[0];
  await page.locator(`${MARKER}[data-space-id="${id}"]`).dispatchEvent('click');
  await expect.poll(() => param(page, 'sel')).toBe(id);
  errors.expectNone();
});

test('Enter on a focused marker opens its place, and on a cluster zooms in (bug: Enter did nothing)', async ({ page }) => {
  const errors = watchErrors(page);
  await openAt(page);
  await expect.poll(() => markerIds(page).then((m) => m.length)).toBeGreaterThan(0);
  const marker = page.locator(MARKER).first();
  const id = await marker.getAttribute('data-space-id');
  await marker.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('div.lm-detail[role="dialog"]')).toBeVisible();
  await expect.poll(() => param(page, 'sel')).toBe(id);
  await expect(page.locator(`.leaflet-marker-pane .lm-marker-selected[data-space-id="${id}"]`)).toHaveCount(1);

  // farther out: clusters
  await openAt(page, './?center=53.556,9.99&zoom=12', 12);
  const cluster = page.locator('.leaflet-marker-pane .lm-cluster').first();
  await expect(cluster).toBeAttached();
  await cluster.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => mapZoom(page)).toBeGreaterThan(12);
  errors.expectNone();
});

test('a selection right after a filter change: Back returns to the filtered list', async ({ page }) => {
  // The address is written after a short delay; a selection must first write the
  // changes still waiting into the entry it leaves.
  const errors = watchErrors(page);
  await openAt(page);
  const before = await listedIds(page);
  await page.locator('button.lm-chip[data-filter="wheelchair"]').click();
  await expect.poll(() => listedIds(page)).not.toEqual(before);
  const filtered = await listedIds(page);
  await page.locator(RESULT).first().locator('button.lm-result-button').click();
  await expect.poll(() => param(page, 'sel')).toBe(filtered[0]);
  expect(param(page, 'wheelchair')).toBe('1');
  await page.goBack();
  await expect(page.locator('div.lm-detail[role="dialog"]')).toHaveCount(0);
  await expect.poll(() => param(page, 'sel')).toBeNull();
  expect(param(page, 'wheelchair')).toBe('1');
  await expect.poll(() => listedIds(page)).toEqual(filtered);
  errors.expectNone();
});
