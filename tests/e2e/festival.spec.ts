// Festival mode (issue 22): config.json's `festival` makes the map open on
// "What's on" during its days, with its banner; printing gives its programme
// by day, then place, then time; the embed builder offers it. At the phone
// viewport, on the demo events' fictional festival weekend; the expected
// programme is worked out here from data/demo/events.geojson.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { stubTiles, watchErrors } from './support';
import { demoPlaces, param } from './citizen-support';

type EventProps = { id: string; title: string; start: string; place?: string; rrule?: string; status?: string; festival?: string };
const EVENTS: EventProps[] = JSON.parse(readFileSync('data/demo/events.geojson', 'utf8')).features.map(
  (f: { properties: EventProps }) => f.properties,
);
// the names as the English interface shows them (`name:en`, else `name`)
const NAMES = new Map(demoPlaces().map((p) => [p.props.id, (p.props['name:en'] as string | undefined) ?? p.props.name]));
const BUNDLED = JSON.parse(readFileSync('public/config.json', 'utf8'));
const TAG = 'lernfest-demo-2027';
const FESTIVAL = {
  name: 'Lernfest Hamburg 2027 (demo)',
  from: '2027-06-05',
  to: '2027-06-06',
  tag: TAG,
  banner: { en: 'Lernfest this weekend: free events all over the city (demo)', de: 'Lernfest an diesem Wochenende (Demo)' },
};
const ROW = 'ol.lm-event-list > li.lm-event';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test.use({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });

/** The core's `fold` for the demo's names: lower case, without accents, ß as ss. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').toLowerCase();
}

async function open(page: Page, now: string, query = '') {
  await page.route(/\/config\.json$/, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...BUNDLED, festival: FESTIVAL }) }),
  );
  await page.clock.setFixedTime(new Date(now));
  await stubTiles(page);
  await page.goto(`./?at=53.553,9.993${query}`);
}

test('during the festival the map opens on What\'s on for its days, with its banner', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '2027-06-05T10:00:00+02:00');
  const banner = page.locator('.lm-festival');
  await expect(banner.locator('.lm-festival-banner')).toHaveText(FESTIVAL.banner.en);
  await expect(banner).toHaveAttribute('aria-label', FESTIVAL.name);
  await expect(page.locator('button.lm-show-tab[data-show="events"]')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => param(page, 'show')).toBe('events');
  await expect.poll(() => param(page, 'when')).toBe('2027-06-05..2027-06-06');
  await expect(page.locator(ROW)).toHaveCount(10);
  // the weekend's events are the festival's (no course meets then)
  const ids = await page.locator(ROW).evaluateAll((lis) => lis.map((li) => li.getAttribute('data-event-id')!));
  for (const id of ids) expect(EVENTS.find((e) => e.id === id)!.festival).toBe(TAG);
  const axe = await new AxeBuilder({ page }).include('.lm-header').withTags(AXE_TAGS).analyze();
  expect(axe.violations).toEqual([]);
  errors.expectNone();
});

test('an address that says what to show keeps it; before the festival there is no banner', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '2027-06-05T10:00:00+02:00', '&show=places');
  await expect(page.locator('.lm-festival')).toBeVisible();
  await expect(page.locator('button.lm-show-tab[data-show="places"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('ol.lm-result-list > li.lm-result').first()).toBeAttached();
  expect(param(page, 'when')).toBeNull();
  await open(page, '2027-06-03T12:00:00+02:00');
  await expect(page.locator('ol.lm-result-list > li.lm-result').first()).toBeAttached();
  await expect(page.locator('.lm-festival')).toHaveCount(0);
  await expect(page.locator('button.lm-show-tab[data-show="places"]')).toHaveAttribute('aria-pressed', 'true');
  errors.expectNone();
});

test('printing gives the programme: by day, then place, then time, without cancelled events', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await open(page, '2027-06-05T10:00:00+02:00');
  // the banner's button prints
  await page.locator('button.lm-print-programme').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  // on screen the programme is not shown
  const programme = page.locator('section.lm-programme');
  await expect(programme).toBeAttached();
  await expect(programme).toBeHidden();
  await page.emulateMedia({ media: 'print' });
  await expect(programme).toBeVisible();
  await expect(page.locator('.lm-main')).toBeHidden();
  await expect(page.locator('.lm-header')).toBeHidden();
  await expect(programme.locator('h1')).toHaveText(FESTIVAL.name);
  // expected: the festival's events not cancelled, by day, place name, start
  const expected = EVENTS.filter((e) => e.festival === TAG && e.status !== 'cancelled' && !e.rrule)
    .map((e, i) => ({ e, i, day: e.start.slice(0, 10), place: NAMES.get(e.place!)! }))
    .sort((a, b) => a.day.localeCompare(b.day) || (fold(a.place) < fold(b.place) ? -1 : fold(a.place) > fold(b.place) ? 1 : 0) || a.e.start.localeCompare(b.e.start) || EVENTS.indexOf(a.e) - EVENTS.indexOf(b.e));
  const got = await programme.locator('section.lm-programme-day').evaluateAll((days) =>
    days.flatMap((day) => {
      const out: { day: string; place: string; id: string; starts: string }[] = [];
      let place = '';
      for (const el of day.children) {
        if (el.tagName === 'H3') place = el.textContent!;
        if (el.tagName === 'UL')
          for (const li of el.querySelectorAll('li'))
            out.push({ day: day.getAttribute('data-day')!, place, id: li.getAttribute('data-event-id')!, starts: li.getAttribute('data-starts')! });
      }
      return out;
    }),
  );
  expect(got.length).toBe(expected.length);
  expect(got).toEqual(expected.map((x) => ({ day: x.day, place: x.place, id: x.e.id, starts: x.e.start })));
  expect(await programme.locator('section.lm-programme-day h2').count()).toBe(2);
  const axe = await new AxeBuilder({ page }).include('section.lm-programme').withTags(AXE_TAGS).analyze();
  expect(axe.violations).toEqual([]);
  errors.expectNone();
});

test('the embed builder offers to open on the festival', async ({ page }) => {
  const errors = watchErrors(page);
  await page.route(/\/config\.json$/, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...BUNDLED, festival: FESTIVAL }) }),
  );
  await stubTiles(page);
  await page.goto('./builder.html');
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  const set = page.locator('#festival-set');
  await expect(set).toBeVisible();
  await expect(set.locator('label')).toContainText(`${FESTIVAL.name} (2027-06-05 to 2027-06-06)`);
  await set.locator('input[name="festival"]').check();
  await expect
    .poll(async () => new URL((/<iframe[^>]*\ssrc="([^"]+)"/.exec(await page.locator('#snippet').inputValue()) ?? ['', 'http://x/'])[1].replace(/&amp;/g, '&')).search)
    .toContain('show=events&when=2027-06-05..2027-06-06');
  const axe = await new AxeBuilder({ page }).include('#festival-set').withTags(AXE_TAGS).analyze();
  expect(axe.violations).toEqual([]);
  // without a festival in config.json the option is not there
  await page.unroute(/\/config\.json$/);
  await page.goto('./builder.html');
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#festival-set')).toHaveCount(0);
  errors.expectNone();
});
