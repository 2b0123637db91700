// "What's on" (issue 22, item 4, at its minimum): show=events, the when-chips,
// the list with data-event-id / data-starts / data-distance-m, and the address
// round trip, on the demo events (data/demo/events.geojson) at the phone viewport.
// Expected answers are computed here from the data files.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { stubTiles, watchErrors } from './support';
import { demoPlaces, haversineM, param } from './citizen-support';

type EventProps = { id: string; start: string; end?: string; place?: string; rrule?: string; status?: string; festival?: string };
const EVENTS: EventProps[] = JSON.parse(readFileSync('data/demo/events.geojson', 'utf8')).features.map((f: { properties: EventProps }) => f.properties);
const PLACES = new Map(demoPlaces().map((p) => [p.props.id, p]));
const AT = { lat: 53.553, lon: 9.993 };
const ROW = 'ol.lm-event-list > li.lm-event';

// Hamburg's clock: Thursday 3 June 2027, noon, before the festival weekend
test.use({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });

function distance(e: EventProps): number {
  const p = PLACES.get(e.place!)!;
  return haversineM(AT.lat, AT.lon, p.lat, p.lon);
}

/** The festival events of one weekend (one-off events, not cancelled), nearest first, then soonest. */
function festivalWeekend(): { id: string; starts: string; distance: number }[] {
  return EVENTS.filter((e) => e.festival && !e.rrule && e.status !== 'cancelled')
    .map((e) => ({ id: e.id, starts: e.start, distance: distance(e) }))
    .sort((a, b) => a.distance - b.distance || a.starts.localeCompare(b.starts) || EVENTS.findIndex((e) => e.id === a.id) - EVENTS.findIndex((e) => e.id === b.id));
}

async function rows(page: Page) {
  return page.locator(ROW).evaluateAll((items) =>
    items.map((li) => ({ id: li.getAttribute('data-event-id')!, starts: li.getAttribute('data-starts')!, distance: Number(li.getAttribute('data-distance-m')) })),
  );
}

async function open(page: Page, query: string) {
  await page.clock.setFixedTime(new Date('2027-06-03T12:00:00+02:00'));
  await stubTiles(page);
  await page.goto(`./?at=${AT.lat},${AT.lon}${query}`);
}

test('this weekend: the festival events nearest first, with their sessions and distances', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '&show=events&when=weekend');
  const expected = festivalWeekend();
  // no course meets at the weekend (they are on weekdays): only the festival
  expect(EVENTS.filter((e) => e.rrule && /BYDAY=.*(SA|SU)/.test(e.rrule))).toEqual([]);
  await expect(page.locator(ROW)).toHaveCount(10);
  const got = await rows(page);
  expect(got.map((r) => r.id)).toEqual(expected.slice(0, 10).map((r) => r.id));
  expect(got.map((r) => r.starts)).toEqual(expected.slice(0, 10).map((r) => r.starts));
  got.forEach((r, i) => expect(Math.abs(r.distance - expected[i].distance)).toBeLessThan(0.5));
  // a cancelled event is never offered
  const cancelled = EVENTS.filter((e) => e.status === 'cancelled').map((e) => e.id);
  expect(cancelled.length).toBeGreaterThan(0);
  await page.locator('.lm-more').click();
  await expect(page.locator(ROW)).toHaveCount(20);
  expect((await rows(page)).filter((r) => cancelled.includes(r.id))).toEqual([]);
  await expect(page.locator('button.lm-when-chip[data-when="weekend"]')).toHaveAttribute('aria-pressed', 'true');
  errors.expectNone();
});

// Bug: when the events file came before the places, its events were listed
// at once without their places' positions (soonest first, no distances),
// then reordered when the places came. The places file is held here until
// the events file has been answered: the first rows ever listed are already
// the nearest.
test('events that come before the places are listed only with their places, nearest first', async ({ page }) => {
  const errors = watchErrors(page);
  let eventsServed!: () => void;
  const served = new Promise<void>((ok) => (eventsServed = ok));
  await page.route(/\/data\/demo\/events\.geojson$/, async (route) => {
    await route.continue();
    eventsServed();
  });
  await page.route(/\/data\/demo\/learning-spaces\.geojson$/, async (route) => {
    await served;
    await route.continue();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { lmFirstRows?: string[] };
    const seen = new MutationObserver(() => {
      const rows = [...document.querySelectorAll('ol.lm-event-list > li.lm-event')];
      if (rows.length === 0 || w.lmFirstRows) return;
      w.lmFirstRows = rows.map((li) => li.getAttribute('data-event-id')!);
      seen.disconnect();
    });
    seen.observe(document, { childList: true, subtree: true });
  });
  await open(page, '&show=events&when=weekend');
  await expect(page.locator(ROW)).toHaveCount(10);
  const expected = festivalWeekend().slice(0, 10).map((r) => r.id);
  expect((await rows(page)).map((r) => r.id)).toEqual(expected);
  const first = await page.evaluate(() => (window as unknown as { lmFirstRows: string[] }).lmFirstRows);
  expect(first, 'the first rows listed').toEqual(expected);
  errors.expectNone();
});

test('the when-chips and the tabs go into the address and back', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '');
  await page.locator('button.lm-show-tab[data-show="events"]').click();
  await expect.poll(() => param(page, 'show')).toBe('events');
  // the next seven days by default: courses meet on weekdays
  await expect(page.locator(ROW).first()).toBeAttached();
  await page.locator('button.lm-when-chip[data-when="today"]').click();
  await expect.poll(() => param(page, 'when')).toBe('today');
  await expect(page.locator(ROW).first()).toBeAttached();
  for (const starts of (await rows(page)).map((r) => r.starts)) {
    // today in Hamburg, sessions still on after noon (they last 90 minutes)
    expect(starts.slice(0, 10)).toBe('2027-06-03');
    expect(starts >= '2027-06-03T10:31').toBe(true);
  }
  await page.locator('button.lm-when-chip[data-when="weekend"]').click();
  await expect.poll(() => param(page, 'when')).toBe('weekend');
  const weekend = await rows(page);
  // a range of dates in the address gives the same days
  await page.goto(`./?at=${AT.lat},${AT.lon}&show=events&when=2027-06-05..2027-06-06`);
  await expect(page.locator(ROW)).toHaveCount(10);
  expect(await rows(page)).toEqual(weekend);
  await page.goBack();
  await expect.poll(() => param(page, 'when')).toBe('weekend');
  await page.locator('button.lm-show-tab[data-show="places"]').click();
  await expect.poll(() => param(page, 'show')).toBeNull();
  await expect(page.locator('ol.lm-result-list > li.lm-result').first()).toBeAttached();
  errors.expectNone();
});

test('events= from another site is refused, and said', async ({ page }) => {
  const errors = watchErrors(page, [/./]);
  let asked = false;
  await page.route('https://evil.example/**', (route) => {
    asked = true;
    return route.abort();
  });
  await open(page, '&show=events&events=https://evil.example/events.geojson');
  await expect(page.locator('.lm-events .lm-empty')).toContainText('could not be loaded');
  expect(asked).toBe(false);
  expect(await page.locator(ROW).count()).toBe(0);
  errors.expectNone();
});
