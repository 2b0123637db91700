// Accessibility (issue 5): axe finds no serious or critical WCAG 2.2 AA problem
// on the phone's main view, in the details dialog, or in Arabic.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mapSettled, stubTiles, watchErrors } from './support';
import { demoPlaces, RESULT, waitForResults } from './citizen-support';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Violations that are not bugs, each explained, so that the views' specs keep
 * catching every other serious or critical violation.
 */
const KNOWN: { rule: string; within: string; bug: string }[] = [
  // (none since issue 19: markers no longer overlap, so `target-size` passes
  // for them too; see "map markers never overlap" below)
];

async function axe(page: Page, rules?: string[]) {
  const builder = new AxeBuilder({ page })
    .withTags(TAGS)
    // The tile pane holds only the stubbed, decorative background images that
    // Leaflet draws with alt=""; the places themselves are markers, checked.
    .exclude('.leaflet-tile-pane');
  if (rules) builder.withRules(rules);
  return builder.analyze();
}

type Violation = Awaited<ReturnType<typeof axe>>['violations'][number];

function readable(violations: Violation[]) {
  return violations
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 8)
          .map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`)
          .join('\n') +
        (v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : ''),
    )
    .join('\n');
}

/** Runs axe and fails with a readable list of the serious and critical violations (known bugs aside). */
async function expectNoSeriousViolations(page: Page, what: string) {
  // The map redraws its markers after it settles on its first view: axe run
  // meanwhile can meet markers removed under it, which it names ":root", and
  // those escape the known overlap below (flaky: seen once in a full run).
  // So axe runs once the map is still (the condition, not a quiet period).
  if (await page.locator('.leaflet-container').count()) await mapSettled(page);
  const results = await axe(page);
  const serious: Violation[] = [];
  for (const v of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
    const known = KNOWN.filter((k) => k.rule === v.id).map((k) => k.within);
    const nodes = [];
    for (const n of v.nodes) {
      const target = n.target.join(' ');
      const isKnown =
        known.length > 0 &&
        (await page.evaluate(
          ([t, within]) => within.some((w) => !!document.querySelector(t)?.closest(w)),
          [target, known] as [string, string[]],
        ));
      if (!isKnown) nodes.push(n);
    }
    if (nodes.length) serious.push({ ...v, nodes });
  }
  expect(serious.length, `axe on ${what}:\n${readable(serious)}`).toBe(0);
  // axe did look at something
  expect(results.passes.length).toBeGreaterThan(10);
}

test('the main view on a phone has no serious or critical accessibility violations', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.goto('./');
  await waitForResults(page);
  await expect(page.locator('.leaflet-marker-pane .lm-marker, .leaflet-marker-pane .lm-cluster').first()).toBeAttached();
  await expectNoSeriousViolations(page, 'the main view');
  // with the more filters open and a filter set ("clear all" shows)
  await page.locator('details.lm-more-filters summary').click();
  await page.locator('button.lm-chip[data-filter="free"]').click();
  await expect(page.locator('button.lm-clear')).toBeVisible();
  await expectNoSeriousViolations(page, 'the main view with filters open');
  errors.expectNone();
});

test('the list view has no serious or critical accessibility violations', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.goto('./?view=list');
  await waitForResults(page);
  await expectNoSeriousViolations(page, 'the list view');
  errors.expectNone();
});

test('the details dialog has no serious or critical accessibility violations', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.goto('./');
  await waitForResults(page);
  await page.locator(`${RESULT} button.lm-result-button`).first().click();
  await expect(page.locator('div.lm-detail[role="dialog"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'the details dialog');
  errors.expectNone();
});

test('the details of a fully described place have no serious or critical accessibility violations', async ({ page }) => {
  const errors = watchErrors(page);
  const full = demoPlaces().find((p) =>
    ['website', 'email', 'phone', 'description', 'opening_hours', 'fee_note'].every((k) => typeof p.props[k] === 'string'),
  )!;
  await stubTiles(page);
  await page.goto(`./?sel=${full.props.id}`);
  await expect(page.locator('div.lm-detail[role="dialog"] table.lm-week')).toBeVisible();
  await expectNoSeriousViolations(page, `the details of ${full.props.id}`);
  errors.expectNone();
});

test('Arabic, right to left, has no serious or critical accessibility violations', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.goto('./?lang=ar');
  await waitForResults(page);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expectNoSeriousViolations(page, 'the main view in Arabic');
  await page.locator(`${RESULT} button.lm-result-button`).first().click();
  await expect(page.locator('div.lm-detail[role="dialog"]')).toBeVisible();
  await expectNoSeriousViolations(page, 'the details dialog in Arabic');
  errors.expectNone();
});

test('map markers are touch targets of at least 24 px (WCAG 2.5.8)', async ({ page }) => {
  await stubTiles(page);
  await page.goto('./');
  await waitForResults(page);
  const targets = page.locator('.leaflet-marker-pane .lm-marker, .leaflet-marker-pane .lm-cluster');
  await expect(targets.first()).toBeAttached();
  const sizes = await targets.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.getAttribute('data-space-id') ?? e.getAttribute('data-count'), w: r.width, h: r.height };
    }),
  );
  // (rounded: Leaflet positions markers with sub-pixel transforms)
  expect(sizes.filter((s) => Math.round(s.w) < 24 || Math.round(s.h) < 24)).toEqual([]);
});

// Bug (issue 19): places on either side of a cluster cell's edge were drawn
// at their exact spots, so their 24 px markers overlapped and Lighthouse's
// `target-size` failed; markers now keep inside their cells.
test('map markers never overlap, at zooms 11 to 14 (WCAG 2.2 target size)', async ({ page }) => {
  await stubTiles(page);
  await page.goto('./');
  await waitForResults(page);
  const targets = page.locator('.leaflet-marker-pane .lm-marker, .leaflet-marker-pane .lm-cluster');
  for (const zoom of [11, 12, 13, 14]) {
    await page.goto(`./?center=53.55,9.99&zoom=${zoom}`);
    await waitForResults(page);
    await expect(targets.first()).toBeAttached();
    const overlaps = await targets.evaluateAll((els) => {
      const boxes = els.map((e) => ({ id: e.getAttribute('data-space-id') ?? `cluster ${e.getAttribute('data-count')}`, r: e.getBoundingClientRect() }));
      const found: string[] = [];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i].r, boxes[j].r];
          const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          // (half a pixel: Leaflet places markers with sub-pixel transforms)
          if (dx > 0.5 && dy > 0.5) found.push(`${boxes[i].id} and ${boxes[j].id}`);
        }
      }
      return found;
    });
    expect(overlaps, `zoom ${zoom}`).toEqual([]);
  }
  // and axe's own rule agrees
  const results = await axe(page, ['target-size']);
  expect(readable(results.violations)).toBe('');
});

// Bug (issue 19): with 10k places Lighthouse's `target-size` failed for
// clusters drawn partly under the tiles' attribution, whose links covered
// part of them; and markers under the sheet were reached by the keyboard
// unseen. A marker now is drawn only clear of the map's controls and the
// sheet, also once they have moved.
test.describe('a phone with places everywhere', () => {
  test.use({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });

  // a grid of places over the whole view, so that some fall under every control
  const DENSE = JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from({ length: 70 * 70 }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [9.85 + (i % 70) * 0.0043, 53.48 + Math.floor(i / 70) * 0.0029] },
      properties: { id: `g-${i}`, name: `Grid place ${i}` },
    })),
  });

  /** Markers that overlap one of the map's controls or the sheet by more than half a pixel, and how many end less than 70 px above the attribution. */
  const underControls = (page: Page) =>
    page.evaluate(() => {
      const controls = [...document.querySelectorAll('.leaflet-control, .lm-sheet')].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0);
      const credit = document.querySelector('.leaflet-control-attribution')!.getBoundingClientRect();
      const markers = [...document.querySelectorAll('.leaflet-marker-pane .lm-marker, .leaflet-marker-pane .lm-cluster')];
      const boxes = markers.map((m) => ({ name: m.getAttribute('aria-label') ?? m.getAttribute('title'), r: m.getBoundingClientRect() }));
      const overlaps = (a: DOMRect, b: DOMRect) =>
        Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
      return {
        covered: boxes.filter((b) => controls.some((c) => overlaps(b.r, c))).map((b) => b.name),
        nearCredit: boxes.filter((b) => b.r.bottom <= credit.top + 0.5 && b.r.bottom > credit.top - 70).length,
      };
    });

  test('no marker lies under the map\'s controls or the sheet, half open or collapsed (WCAG 2.5.8, 2.4.11)', async ({ page }) => {
    const errors = watchErrors(page);
    await stubTiles(page);
    await page.route(/\/dense\.geojson$/, (route) => route.fulfill({ contentType: 'application/geo+json', body: DENSE }));
    // the grid reaches far beyond the view, under the sheet too
    await page.goto('./?data=dense.geojson&center=53.58,10.0&zoom=14');
    await waitForResults(page);
    await mapSettled(page);
    await expect(page.locator('.lm-sheet')).toHaveAttribute('data-height', 'half');
    const half = await underControls(page);
    expect(half.covered, 'markers under a control or the sheet, sheet half open').toEqual([]);
    // the grid reaches the attribution: the check above could have failed
    expect(half.nearCredit).toBeGreaterThan(0);
    expect(readable((await axe(page, ['target-size'])).violations)).toBe('');

    // the handle opens the sheet in full, then collapses it
    await page.locator('button.lm-handle').tap();
    await expect(page.locator('.lm-sheet')).toHaveAttribute('data-height', 'full');
    await page.locator('button.lm-handle').tap();
    await expect(page.locator('.lm-sheet')).toHaveAttribute('data-height', 'collapsed');
    await expect.poll(async () => (await page.locator('.lm-sheet').boundingBox())!.height).toBeLessThan(100);
    // the attribution moves down with the sheet; the markers follow once they are there
    await expect.poll(async () => (await underControls(page)).covered, { message: 'markers under a control or the sheet, sheet collapsed' }).toEqual([]);
    await expect.poll(async () => (await underControls(page)).nearCredit).toBeGreaterThan(0);
    expect(readable((await axe(page, ['target-size'])).violations)).toBe('');
    errors.expectNone();
  });
});

test("in Arabic, each cluster's accessible name contains the count it shows (WCAG 2.5.3)", async ({ page }) => {
  // Regression: count_places(Ar, 1|2) has no digit, so clusters of 1–2 had names without
  // the number they show (axe label-content-name-mismatch); the name now starts with it.
  await stubTiles(page);
  await page.goto('./?lang=ar');
  await waitForResults(page);
  const clusters = page.locator('.leaflet-marker-pane .lm-cluster');
  await expect(clusters.first()).toBeAttached();
  const names = await clusters.evaluateAll((cs) => cs.map((c) => ({ shown: c.textContent ?? '', name: c.getAttribute('aria-label') ?? '' })));
  // the spec needs a small cluster to say anything about the dual form
  expect(names.some((n) => n.shown === '2')).toBe(true);
  for (const n of names) expect(n.name, `cluster showing ${n.shown}`).toContain(n.shown);
});

// Bug: "Filters", the toggle of the further filters, had lost its disclosure
// mark (its display: flex took it away) and looked like a heading, not like
// something that opens.
test('the further filters\' toggle shows a mark that turns when it opens, towards the text\'s end', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  const mark = async () =>
    page.locator('details.lm-more-filters summary').evaluate((s) => {
      const b = getComputedStyle(s, '::before');
      return { content: b.content, transform: b.transform, width: parseFloat(b.width) };
    });
  for (const lang of ['en', 'ar']) {
    await page.goto(`./?lang=${lang}`);
    await waitForResults(page);
    const closed = await mark();
    expect(closed.content, 'a mark is drawn').not.toBe('none');
    expect(closed.width).toBeGreaterThan(4);
    await page.locator('details.lm-more-filters summary').click();
    await expect(page.locator('details.lm-more-filters')).toHaveAttribute('open', '');
    const open = await mark();
    expect(open.transform, 'the mark turns when open').not.toBe(closed.transform);
    // towards the text's end: right in English, left in Arabic (rotate(-45deg) against rotate(135deg))
    const turn = (t: string) => {
      const [a, b] = t.slice(7, -1).split(',').map(Number);
      return Math.round((Math.atan2(b, a) * 180) / Math.PI);
    };
    expect(turn(closed.transform)).toBe(lang === 'ar' ? 135 : -45);
  }
  errors.expectNone();
});
