// The city's time (issue 18, item 3): "open now" and the opening states are
// the places' local time (config.json `time_zone`, Europe/Berlin for the demo),
// wherever the resident is. The browser here is in New York, its clock fixed.
// Every expected answer is computed here from the data file.
import { expect, test, type Page } from '@playwright/test';
import { stubTiles, watchErrors } from './support';
import { demoPlaces, expectedIds, listedIds, matches, openAt, param, RESULT, showAll, waitForResults } from './citizen-support';

const PLACES = demoPlaces();
const AT = { lat: 53.553, lon: 9.993 };

test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

async function open(page: Page, query = '') {
  await stubTiles(page);
  await page.goto(`./?at=${AT.lat},${AT.lon}${query}`);
  await waitForResults(page);
}

test('open now is Berlin time for a resident whose browser is in New York', async ({ page }) => {
  const errors = watchErrors(page);
  // Tuesday 24 November 2026, 19:30 in Hamburg: 13:30 in New York
  await page.clock.setFixedTime(new Date('2026-11-24T19:30:00+01:00'));
  const berlin = expectedIds(PLACES, { openAt: '2026-11-24T19:30' }, AT.lat, AT.lon);
  const newYork = expectedIds(PLACES, { openAt: '2026-11-24T13:30' }, AT.lat, AT.lon);
  expect(berlin.length, 'some places are open in the evening').toBeGreaterThan(0);
  expect(berlin, 'the two clocks give different answers, so the spec can tell them apart').not.toEqual(newYork);
  expect(await page.evaluate(() => new Date().getHours()), 'the browser is on New York time').toBe(13);
  await open(page, '&open=now');
  await expect.poll(() => param(page, 'open')).toBe('now');
  await showAll(page, berlin.length);
  expect(await listedIds(page)).toEqual(berlin);
  // every row says open now, in the places' time
  const hours = await page.locator(`${RESULT} .lm-hours`).allTextContents();
  expect(hours.length).toBe(berlin.length);
  for (const h of hours) expect(h).toMatch(/^Open now/);
  errors.expectNone();
});

test('the details mark today in Berlin, a day ahead of New York in the evening', async ({ page }) => {
  const errors = watchErrors(page);
  // Tuesday 24 November 2026, 20:30 in New York: Wednesday 02:30 in Hamburg
  await page.clock.setFixedTime(new Date('2026-11-25T02:30:00+01:00'));
  const place = PLACES.find((p) => typeof p.props.opening_hours === 'string')!;
  await open(page, `&sel=${encodeURIComponent(place.props.id)}`);
  const dialog = page.locator('div.lm-detail[role="dialog"]');
  await expect(dialog).toBeVisible();
  const today = dialog.locator('table.lm-week tr.lm-today');
  await expect(today).toHaveCount(1);
  await expect(today.locator('th')).toHaveText('Wed (today)');
  await expect(dialog.locator('.lm-hours-now')).toHaveText(openAt(place.props, '2026-11-25T02:30') ? /^Open now/ : /^Closed/);
  errors.expectNone();
});

test('a source in another time zone: its own time_zone is the one used', async ({ page }) => {
  const errors = watchErrors(page);
  // the demo places said to be in Lisbon (an hour behind Berlin): at 19:30 in Berlin it is 18:30 there
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    config.sources[0].time_zone = 'Europe/Lisbon';
    await route.fulfill({ response, json: config });
  });
  await page.clock.setFixedTime(new Date('2026-11-24T19:30:00+01:00'));
  const lisbon = expectedIds(PLACES, { openAt: '2026-11-24T18:30' }, AT.lat, AT.lon);
  expect(lisbon).not.toEqual(expectedIds(PLACES, { openAt: '2026-11-24T19:30' }, AT.lat, AT.lon));
  await open(page, '&open=now');
  await showAll(page, lisbon.length);
  expect(await listedIds(page)).toEqual(lisbon);
  expect(PLACES.filter((p) => matches(p.props, { openAt: '2026-11-24T18:30' })).length).toBe(lisbon.length);
  errors.expectNone();
});
