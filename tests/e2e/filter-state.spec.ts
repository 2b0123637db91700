// What the filters say about themselves on a phone: how many places match,
// a language the data does not offer, a time given in the address.
// Every expected answer is computed here from the data file, never read from the app.
import { expect, test, type Page } from '@playwright/test';
import { stubTiles, watchErrors } from './support';
import { chipCount, demoPlaces, matches, openMoreFilters, param, waitForResults, type Filter } from './citizen-support';

const PLACES = demoPlaces();
/** Jungfernstieg, Hamburg. */
const AT_PARAM = '53.553,9.993';

// Hamburg's clock, as in citizen.spec.ts.
test.use({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });

async function open(page: Page, query = '') {
  await stubTiles(page);
  await page.goto(`./?at=${AT_PARAM}${query}`);
  await waitForResults(page);
}

const matching = (f: Filter) => PLACES.filter((p) => matches(p.props, f)).length;

// bug: with `?age=8&area=digital&free=1&open=now` one place matched, but the
// header kept saying "300 learning spaces" and nothing said how many matched.
test('with a filter on, the status line says how many places match, politely', async ({ page }) => {
  const errors = watchErrors(page);
  const f: Filter = { ages: [8, 8], areas: ['digital'], free: true, openAt: '2026-12-07T10:00' };
  const n = matching(f);
  expect(n, 'the spec filters something that exists').toBeGreaterThan(0);
  expect(n).toBeLessThan(PLACES.length);
  await open(page, '&age=8&area=digital&free=1&open=2026-12-07T10:00');
  const count = page.locator('.lm-count');
  await expect(count).toHaveText(`${n} of ${PLACES.length} learning spaces match`);
  // in a polite live region: read out without moving the focus
  await expect(page.locator('.lm-status')).toHaveAttribute('role', 'status');
  await expect(page.locator('.lm-status')).toHaveAttribute('aria-live', 'polite');

  // a chip pressed: the count follows, and the focus stays on the chip
  const chip = page.locator('button.lm-chip[data-filter="free"]');
  await chip.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => param(page, 'free')).toBeNull();
  await expect(count).toHaveText(`${matching({ ...f, free: false })} of ${PLACES.length} learning spaces match`);
  await expect(chip).toBeFocused();

  // no filter: the total, as before
  await page.locator('button.lm-clear').click();
  await expect(count).toHaveText(`${PLACES.length} learning spaces`);

  // in the interface language, plural-aware
  await open(page, '&area=digital&lang=de');
  await expect(count).toHaveText(`${matching({ areas: ['digital'] })} von ${PLACES.length} Lernorten passen`);
  errors.expectNone();
});

// bug: `?speaks=zz&view=list` showed "No learning space matches these filters"
// while "Language offered" read "Any language": the resident could neither see
// why nothing matched nor undo it.
test('a language the data does not offer shows selected, with its count 0, and can be undone', async ({ page }) => {
  const errors = watchErrors(page);
  expect(PLACES.some((p) => (p.props.languages ?? []).some((l) => l.toLowerCase().startsWith('zz')))).toBe(false);
  await open(page, '&speaks=zz&view=list');
  await expect(page.locator('.lm-empty')).toBeVisible();
  await expect(page.locator('.lm-count')).toHaveText(`0 of ${PLACES.length} learning spaces match`);
  await openMoreFilters(page);
  const speaks = page.locator('select[name="speaks"]');
  await expect(speaks).toHaveValue('zz');
  await expect(speaks.locator('option[value="zz"]')).toHaveText(/\(0\)$/);
  // the data's own languages are still offered, without a count
  await expect(speaks.locator('option[value="fr"]')).toHaveText('French');

  // back to "Any language": every place, and the odd option is gone
  await speaks.selectOption('');
  await expect.poll(() => param(page, 'speaks')).toBeNull();
  await expect(page.locator('.lm-count')).toHaveText(`${PLACES.length} learning spaces`);
  await expect(speaks.locator('option[value="zz"]')).toHaveCount(0);

  // "clear all" clears it too
  await open(page, '&speaks=zz&view=list');
  await page.locator('button.lm-clear').click();
  await expect.poll(() => param(page, 'speaks')).toBeNull();
  await expect(speaks).toHaveValue('');
  await expect(speaks.locator('option[value="zz"]')).toHaveCount(0);
  errors.expectNone();
});

// A language asked for in capitals, or more broadly than the data tags it, is
// the same filter: it shows selected, and without a count of 0 when places offer it.
test('a language in the address shows selected whatever its case', async ({ page }) => {
  await open(page, '&speaks=FR');
  await openMoreFilters(page);
  const speaks = page.locator('select[name="speaks"]');
  await expect(speaks).toHaveValue('fr');
  await expect(speaks.locator('option[value="fr"]')).toHaveText('French');
  await expect(page.locator('.lm-count')).toHaveText(
    `${matching({ speaks: 'fr' })} of ${PLACES.length} learning spaces match`,
  );
});

// bug: `?open=2026-12-07T10:00&view=list` showed the chip "Open now (216)"
// pressed while the results said "Closed, opens Mon …": nothing showed the
// time the address asked for.
test('a time in the address is the open chip\'s label, and pressing the chip turns it off', async ({ page }) => {
  const errors = watchErrors(page);
  const when = '2026-12-07T10:00'; // a Monday
  await open(page, `&open=${when}&view=list`);
  const chip = page.locator('button.lm-chip[data-filter="open"]');
  await expect(chip.locator('.lm-chip-label')).toHaveText('Open Mon 7 Dec, 10:00');
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  const n = matching({ openAt: when });
  await expect.poll(() => chipCount(page, 'open')).toBe(n);
  await expect(page.locator('.lm-count')).toHaveText(`${n} of ${PLACES.length} learning spaces match`);

  await chip.click();
  await expect.poll(() => param(page, 'open')).toBeNull();
  await expect(chip).toHaveAttribute('aria-pressed', 'false');
  await expect(chip.locator('.lm-chip-label')).toHaveText('Open now');

  // in the interface language
  await open(page, `&open=${when}&lang=fr`);
  await expect(chip.locator('.lm-chip-label')).toHaveText('Ouvert lun. 7 déc. à 10:00');
  errors.expectNone();
});
