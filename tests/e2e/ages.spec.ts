// Issue 18, "unknown stays unknown": a place that does not say which ages it
// serves is never presented as suitable for every age. With an age filter
// those places are kept apart, counted under the results and shown on
// request (`unstated=1`, which round-trips through the address); a place
// without ages whose type implies them (a university, a kindergarten) is
// found by its usual ages, and its details say they are typical, not stated.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { stubTiles, watchErrors } from './support';

// the core's fixture (see crates/learnmap-core/tests/fixtures/README.md)
const FIXTURE = readFileSync('crates/learnmap-core/tests/fixtures/good-not-stated.geojson', 'utf8');

async function serveFixture(page: Page) {
  await page.route(/\/ages\.geojson$/, (route) => route.fulfill({ contentType: 'application/geo+json', body: FIXTURE }));
}

async function resultIds(page: Page): Promise<string[]> {
  const ids = await page.locator('.lm-result').evaluateAll((items) => items.map((li) => li.getAttribute('data-space-id') ?? ''));
  return ids.sort();
}

test('age 4 never gets a university or a school; places that do not say are counted apart and shown on request', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await serveFixture(page);
  await page.goto('./?data=ages.geojson&age=4&view=list');
  await expect.poll(() => resultIds(page)).toEqual(['everyone', 'kita']);
  const line = page.locator('.lm-unstated');
  await expect(line).toContainText('4 places don’t say which ages they serve');
  const show = line.getByRole('button', { name: 'Show them' });
  await show.click();
  await expect.poll(() => resultIds(page)).toEqual(['blank', 'everyone', 'kita', 'library', 'nothing', 'stated']);
  await expect(page).toHaveURL(/[?&]unstated=1(&|$)/);
  await expect(line.getByRole('button', { name: 'Hide them' })).toHaveAttribute('aria-pressed', 'true');
  // the address carries it: a reload shows the same places
  await page.reload();
  await expect.poll(() => resultIds(page)).toEqual(['blank', 'everyone', 'kita', 'library', 'nothing', 'stated']);
  await page.locator('.lm-unstated').getByRole('button', { name: 'Hide them' }).click();
  await expect.poll(() => resultIds(page)).toEqual(['everyone', 'kita']);
  await expect(page).not.toHaveURL(/unstated=/);
  errors.expectNone();
});

test('without an age filter there is no such line; the details say typical ages are typical, and unknown ages unknown', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await serveFixture(page);
  await page.goto('./?data=ages.geojson&view=list&sel=uni');
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('.lm-fact', { hasText: 'Ages' })).toContainText('18+ (usual for this kind of place; the place does not say)');
  await expect(page.locator('.lm-unstated')).toHaveCount(0);
  await page.goto('./?data=ages.geojson&view=list&sel=nothing');
  await expect(page.getByRole('dialog').locator('.lm-fact', { hasText: 'Ages' })).toContainText('Not stated');
  errors.expectNone();
});

test('on the demo data, age 4 lists no university, school or adult education', async ({ page }) => {
  const errors = watchErrors(page);
  await stubTiles(page);
  await page.goto('./?age=4&view=list');
  await expect(page.locator('.lm-result').first()).toBeVisible();
  const kinds = await page.locator('.lm-result .lm-kind').allTextContents();
  expect(kinds.length).toBeGreaterThan(0);
  for (const kind of kinds) expect(['University', 'School', 'Adult education']).not.toContain(kind.replace(/^\s*·\s*/, '').trim());
  errors.expectNone();
});
