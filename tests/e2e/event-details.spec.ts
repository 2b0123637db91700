// An event's details (issue 22): opened from "What's on" or a place's
// details, with the next sessions (excepted dates left out, called-off ones
// said so), "not stated" kept unknown, "Add to calendar" (the downloaded
// .ics read line by line) and "Book"; a place's upcoming events; axe clean.
// At the phone viewport, on the demo events (data/demo/events.geojson) in
// Hamburg's time; expected answers are worked out here from the data files.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { stubTiles, watchErrors } from './support';
import { demoPlaces, haversineM, param } from './citizen-support';

type EventProps = {
  id: string;
  title: string;
  start: string;
  end?: string;
  place?: string;
  rrule?: string;
  exdate?: string[];
  cancelled?: string[];
  status?: string;
  booking_url?: string;
  booking_required?: boolean;
  audiences?: string[];
};
const EVENTS: EventProps[] = JSON.parse(readFileSync('data/demo/events.geojson', 'utf8')).features.map(
  (f: { properties: EventProps }) => f.properties,
);
const EVENT = new Map(EVENTS.map((e) => [e.id, e]));
const PLACES = new Map(demoPlaces().map((p) => [p.props.id, p]));
/** A place's name as the English interface shows it (`name:en`, else `name`). */
const shownName = (id: string) => {
  const p = PLACES.get(id)!.props;
  return (p['name:en'] as string | undefined) ?? p.name;
};
const AT = { lat: 53.553, lon: 9.993 };
const DIALOG = '.lm-detail[role="dialog"]';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test.use({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** `YYYY-MM-DDTHH:MM` of a UTC-free date at noon + n days (calendar arithmetic only). */
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * The starts of a demo event from `from` on (local `YYYY-MM-DDTHH:MM`), at most `n`: the
 * demo's rules are all `FREQ=WEEKLY;BYDAY=..[;UNTIL=..]` (checked), excepted days left out.
 */
function starts(e: EventProps, from: string, n: number): string[] {
  const time = e.start.slice(10);
  if (!e.rrule) return e.start >= from ? [e.start] : [];
  const m = /^FREQ=WEEKLY;BYDAY=([A-Z,]+)(?:;UNTIL=(\d{8}))?$/.exec(e.rrule);
  expect(m, `a weekly demo rule: ${e.rrule}`).not.toBeNull();
  const days = m![1].split(',');
  const until = m![2] ? `${m![2].slice(0, 4)}-${m![2].slice(4, 6)}-${m![2].slice(6)}` : '9999-12-31';
  const out: string[] = [];
  for (let day = e.start.slice(0, 10); out.length < n && day <= until; day = addDays(day, 1)) {
    const t = `${day}${time}`;
    const weekday = DAYS[new Date(`${day}T12:00:00Z`).getUTCDay()];
    if (t >= from && days.includes(weekday) && !(e.exdate ?? []).includes(day)) out.push(t);
  }
  return out;
}

async function open(page: Page, now: string, query: string) {
  await page.clock.setFixedTime(new Date(now));
  await stubTiles(page);
  await page.goto(`./?at=${AT.lat},${AT.lon}${query}`);
}

async function sessions(page: Page) {
  return page.locator(`${DIALOG} ol.lm-sessions > li.lm-session`).evaluateAll((items) =>
    items.map((li) => ({ starts: li.getAttribute('data-starts')!, cancelled: li.getAttribute('data-cancelled') === 'true', text: li.textContent! })),
  );
}

function fact(page: Page, label: string) {
  return page.locator(`${DIALOG} .lm-fact`).filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
}

test('from What\'s on: the details of a course, its next sessions, Book, and back', async ({ page }) => {
  const errors = watchErrors(page);
  // a Tuesday in November: course-001 (Fridays 18:00) has its 13 November session called off
  const course = EVENT.get('course-001')!;
  expect(course.cancelled).toEqual(['2026-11-13T18:00']);
  await open(page, '2026-11-10T12:00:00+01:00', '&show=events&when=2026-11-10..2026-11-30&q=Urban%20gardening');
  const row = page.locator(`ol.lm-event-list > li.lm-event[data-event-id="course-001"]`);
  // the list offers the first session that happens, not the called-off one
  await expect(row).toHaveAttribute('data-starts', '2026-11-20T18:00');
  await row.locator('button').click();
  await expect.poll(() => param(page, 'event')).toBe('course-001');
  const dialog = page.locator(DIALOG);
  await expect(dialog.locator('h2')).toHaveText(course.title);
  // its place, a button to the place's details, and the distance to it
  const place = PLACES.get(course.place!)!;
  await expect(dialog.locator('button.lm-event-place')).toHaveText(shownName(course.place!));
  const km = haversineM(AT.lat, AT.lon, place.lat, place.lon) / 1000;
  await expect(dialog.locator('.lm-event-where .lm-distance')).toContainText(km < 9.95 ? `${km.toFixed(1)} km` : `${Math.round(km)} km`);
  // six sessions from now: the called-off one said so, never as happening
  const expected = starts(course, '2026-11-10T12:00', 6);
  const got = await sessions(page);
  expect(got.map((s) => s.starts)).toEqual(expected);
  expect(got.filter((s) => s.cancelled).map((s) => s.starts)).toEqual(['2026-11-13T18:00']);
  expect(got[0].text).toContain('Cancelled');
  expect(got.slice(1).every((s) => !s.text.includes('Cancelled'))).toBe(true);
  // Book: the booking link (http(s) here), booking required said
  const book = dialog.locator('a.lm-book');
  await expect(book).toHaveAttribute('href', course.booking_url!);
  await expect(book).toHaveAttribute('target', '_blank');
  await expect(book).toHaveAttribute('rel', /noopener/);
  await expect(dialog.locator('.lm-booking-required')).toHaveText('Booking required');
  // what the course does not say is "not stated", not "everyone"
  expect(course.audiences).toBeUndefined();
  await expect(fact(page, 'Special support for')).toHaveText('Not stated');
  await expect(fact(page, 'Ages')).toHaveText('10–16');
  const axe = await new AxeBuilder({ page }).include(DIALOG).withTags(AXE_TAGS).analyze();
  expect(axe.violations).toEqual([]);
  // closing goes back, focus to the row that opened it
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => param(page, 'event')).toBeNull();
  await expect(row.locator('button')).toBeFocused();
  errors.expectNone();
});

test('excepted dates (EXDATE) are not among the sessions', async ({ page }) => {
  const errors = watchErrors(page);
  const course = EVENT.get('course-001')!;
  // Fridays: 25 December and 1 January are excepted
  expect(course.exdate).toEqual(expect.arrayContaining(['2026-12-25', '2027-01-01']));
  await open(page, '2026-12-10T12:00:00+01:00', '&event=course-001');
  await expect(page.locator(`${DIALOG} h2`)).toHaveText(course.title);
  const got = (await sessions(page)).map((s) => s.starts);
  expect(got).toEqual(['2026-12-11T18:00', '2026-12-18T18:00', '2027-01-08T18:00', '2027-01-15T18:00', '2027-01-22T18:00', '2027-01-29T18:00']);
  expect(got).toEqual(starts(course, '2026-12-10T12:00', 6));
  errors.expectNone();
});

test('Add to calendar downloads the event as iCalendar, with its zone, rule, exceptions and called-off session', async ({ page }) => {
  const errors = watchErrors(page);
  const course = EVENT.get('course-001')!;
  await open(page, '2026-11-10T12:00:00+01:00', '&event=course-001');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`${DIALOG} button.lm-add-calendar`).click()]);
  expect(download.suggestedFilename()).toBe('course-001.ics');
  const text = readFileSync((await download.path())!, 'utf8');
  // CRLF line ends, no line over 75 octets; then unfolded
  expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  const lines = text.replace(/\r\n /g, '').split('\r\n');
  const place = PLACES.get(course.place!)!;
  const host = new URL(page.url()).host;
  const vevents = text.replace(/\r\n /g, '').split('BEGIN:VEVENT\r\n').slice(1).map((v) => v.split('END:VEVENT')[0].trimEnd().split('\r\n'));
  expect(vevents.length).toBe(2);
  expect(vevents[0]).toEqual(
    expect.arrayContaining([
      `UID:course-001@${host}`,
      'DTSTART;TZID=Europe/Berlin:20260911T180000',
      'DTEND;TZID=Europe/Berlin:20260911T193000',
      // the last day, 30 June 2027, ends at 23:59:59 in Berlin's summer time (+2)
      'RRULE:FREQ=WEEKLY;BYDAY=FR;UNTIL=20270630T215959Z',
      'EXDATE;TZID=Europe/Berlin:20261224T180000,20261225T180000,20261231T180000,20270101T180000',
      `SUMMARY:${course.title}`,
      `GEO:${place.lat.toFixed(6)};${place.lon.toFixed(6)}`,
      `URL:${course.booking_url}`,
      'STATUS:CONFIRMED',
    ]),
  );
  expect(vevents[0].find((l) => l.startsWith('LOCATION:'))).toContain(shownName(course.place!).replace(/,/g, '\\,'));
  expect(vevents[0].find((l) => l.startsWith('DTSTAMP:'))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
  // the called-off session: a cancelled instance of the same event
  expect(vevents[1]).toEqual(
    expect.arrayContaining([
      `UID:course-001@${host}`,
      'RECURRENCE-ID;TZID=Europe/Berlin:20261113T180000',
      'DTSTART;TZID=Europe/Berlin:20261113T180000',
      'STATUS:CANCELLED',
    ]),
  );
  // the zone's offsets as the browser knows them: summer time ends 25 October 2026, starts 28 March 2027
  const zone = lines.slice(lines.indexOf('BEGIN:VTIMEZONE'), lines.indexOf('END:VTIMEZONE') + 1).join('\n');
  expect(zone).toContain('TZID:Europe/Berlin');
  expect(zone).toContain('BEGIN:STANDARD\nDTSTART:20261025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD');
  expect(zone).toContain('BEGIN:DAYLIGHT\nDTSTART:20270328T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT');
  expect(lines.slice(0, 2)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0']);
  errors.expectNone();
});

test('a cancelled event is said to be so, with nothing to add or book', async ({ page }) => {
  const errors = watchErrors(page);
  const off = EVENTS.find((e) => e.status === 'cancelled')!;
  await open(page, '2027-06-03T12:00:00+02:00', `&event=${off.id}`);
  const dialog = page.locator(DIALOG);
  await expect(dialog.locator('h2')).toHaveText(off.title);
  await expect(dialog.locator('.lm-event-status')).toHaveText('Cancelled');
  const got = await sessions(page);
  expect(got.map((s) => s.starts)).toEqual([off.start]);
  expect(got.every((s) => s.cancelled)).toBe(true);
  await expect(dialog.locator('button.lm-add-calendar')).toHaveCount(0);
  await expect(dialog.locator('a.lm-book')).toHaveCount(0);
  const full = EVENTS.find((e) => e.status === 'full')!;
  await page.goto(`./?at=${AT.lat},${AT.lon}&event=${full.id}`);
  await expect(dialog.locator('h2')).toHaveText(full.title);
  await expect(dialog.locator('.lm-event-status')).toHaveText('Full');
  await expect(dialog.locator('button.lm-add-calendar')).toBeVisible();
  errors.expectNone();
});

test('a place\'s details list its upcoming events, soonest first, each opening its details', async ({ page }) => {
  const errors = watchErrors(page);
  const now = '2027-06-03T12:00';
  const id = 'demo-0057';
  const expected = EVENTS.filter((e) => e.place === id && e.status !== 'cancelled')
    .map((e) => ({ id: e.id, next: starts(e, now, 50).find((t) => !(e.cancelled ?? []).includes(t)) }))
    .filter((e): e is { id: string; next: string } => !!e.next)
    .sort((a, b) => a.next.localeCompare(b.next))
    .slice(0, 5);
  expect(expected.length).toBeGreaterThan(2);
  await open(page, `${now}:00+02:00`, `&sel=${id}`);
  const dialog = page.locator(DIALOG);
  await expect(dialog.locator('h2')).toHaveText(shownName(id));
  const items = dialog.locator('ul.lm-place-events > li.lm-place-event');
  await expect(items).toHaveCount(expected.length);
  const got = await items.evaluateAll((lis) => lis.map((li) => ({ id: li.getAttribute('data-event-id')!, next: li.getAttribute('data-starts')! })));
  expect(got).toEqual(expected);
  const axe = await new AxeBuilder({ page }).include(DIALOG).withTags(AXE_TAGS).analyze();
  expect(axe.violations).toEqual([]);
  // one opens the event's details; its place's button goes back to the place
  await items.first().locator('button').click();
  await expect.poll(() => param(page, 'event')).toBe(expected[0].id);
  await expect(dialog.locator('h2')).toHaveText(EVENT.get(expected[0].id)!.title);
  await dialog.locator('button.lm-event-place').click();
  await expect.poll(() => param(page, 'sel')).toBe(id);
  await expect(dialog.locator('h2')).toHaveText(shownName(id));
  errors.expectNone();
});

test('an event the data does not have is said so', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '2027-06-03T12:00:00+02:00', '&event=no-such-event');
  await expect(page.locator(`${DIALOG} h2`)).toHaveText('This event is not in the events data.');
  await page.locator(`${DIALOG} button.lm-close`).click();
  await expect(page.locator(DIALOG)).toHaveCount(0);
  errors.expectNone();
});
