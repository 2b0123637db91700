// Helpers for the citizen's specs: the demo data read straight from the file,
// and independent answers computed here (haversine order, filter matches,
// simple opening hours), so the specs never take the app's word for them.
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PAGE } from './support';

export type Props = {
  id: string;
  name: string;
  age_min: number;
  age_max: number;
  age_groups?: string[];
  learning_areas?: string[];
  audiences?: string[];
  place_type?: string;
  fee?: string;
  fee_note?: string;
  wheelchair?: string;
  languages?: string[];
  opening_hours?: string;
  status?: string;
  description?: string;
  website?: string;
  email?: string;
  phone?: string;
  booking_url?: string;
  last_verified?: string;
  [key: string]: unknown;
};

export type Place = { props: Props; lat: number; lon: number };

type Feature = { properties: Props; geometry: { type: string; coordinates: [number, number] } };

/** Every place of a GeoJSON file (points only), in file order. */
export function placesOf(path: string): Place[] {
  const data: { features: Feature[] } = JSON.parse(readFileSync(path, 'utf8'));
  return data.features
    .filter((f) => f.geometry?.type === 'Point')
    .map((f) => ({ props: f.properties, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }));
}

/** The bundled demo data. */
export const DEMO_PATH = 'data/demo/learning-spaces.geojson';
export function demoPlaces(): Place[] {
  return placesOf(DEMO_PATH);
}

/** The mean Earth radius the app measures with (IUGG). */
const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres. */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dlat = (lat2 - lat1) * rad;
  const dlon = (lon2 - lon1) * rad;
  const h =
    Math.sin(dlat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dlon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Places sorted nearest first from a point, with their distances. */
export function byDistance(places: Place[], lat: number, lon: number) {
  return places
    .map((p) => ({ place: p, id: p.props.id, distance: haversineM(lat, lon, p.lat, p.lon) }))
    .sort((a, b) => a.distance - b.distance);
}

/** Case- and accent-insensitive form of a text (as a resident types it). */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/[øØ]/g, 'o')
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

// ---- opening hours: only the simple forms the demo data uses ------------------

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function expandRange(list: string[], spec: string): Set<number> {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const [from, to] = part.split('-');
    const a = list.indexOf(from);
    const b = to === undefined ? a : list.indexOf(to);
    if (a < 0 || b < 0) throw new Error(`not a simple range: ${spec}`);
    for (let i = a; ; i = (i + 1) % list.length) {
      out.add(i);
      if (i === b) break;
    }
  }
  return out;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The opening spans (minutes from midnight) of a simple `opening_hours`
 * value on one day: `24/7`, or rules `[Mon-Mon ]Day[-Day][,Day] HH:MM-HH:MM[,HH:MM-HH:MM]`
 * separated by `; `, a later rule replacing earlier ones on the days it names.
 * Anything else throws, so a spec never guesses.
 */
export function spansOn(value: string, date: { year: number; month: number; day: number }): [number, number][] {
  if (value.trim() === '24/7') return [[0, 24 * 60]];
  const weekday = (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7; // Mo = 0
  let spans: [number, number][] = [];
  for (const rule of value.split(';').map((r) => r.trim()).filter(Boolean)) {
    const m = /^(?:([A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?) )?([A-Z][a-z](?:[-,][A-Z][a-z])*) (\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)*)$/.exec(rule);
    if (!m) throw new Error(`opening_hours rule too complex for this spec: "${rule}" in "${value}"`);
    const [, months, days, times] = m;
    if (months && !expandRange(MONTHS, months).has(date.month - 1)) continue;
    if (!expandRange(DAYS, days).has(weekday)) continue;
    spans = times.split(',').map((t) => [minutes(t.slice(0, 5)), minutes(t.slice(6, 11))]);
  }
  return spans;
}

/** Whether a place is open at a local `YYYY-MM-DDTHH:MM` (the app's rule: not temporarily closed, has hours). */
export function openAt(p: Props, when: string): boolean {
  if (p.status === 'temporarily_closed' || !p.opening_hours) return false;
  const [year, month, day] = when.slice(0, 10).split('-').map(Number);
  const t = minutes(when.slice(11, 16));
  return spansOn(p.opening_hours, { year, month, day }).some(([a, b]) => a <= t && t < b);
}

// ---- filters ------------------------------------------------------------------

export const AGE_GROUPS: Record<string, [number, number]> = {
  early_years: [0, 5],
  children: [6, 11],
  youth: [12, 17],
  young_adults: [18, 24],
  adults: [25, 64],
  seniors: [65, 120],
};

export type Filter = {
  ages?: [number, number];
  areas?: string[];
  audiences?: string[];
  types?: string[];
  openAt?: string;
  free?: boolean;
  wheelchair?: boolean;
  speaks?: string;
  q?: string;
};

/** The filter rules as a resident reads them (README / issue 5), on the raw properties. */
export function matches(p: Props, f: Filter): boolean {
  if (f.ages && !(p.age_min <= f.ages[1] && f.ages[0] <= p.age_max)) return false;
  const any = (wanted: string[] | undefined, have: string[] | undefined) =>
    !wanted?.length || wanted.some((w) => (have ?? []).includes(w));
  if (!any(f.areas, p.learning_areas)) return false;
  if (!any(f.audiences, p.audiences)) return false;
  if (f.types?.length && !(p.place_type && f.types.includes(p.place_type))) return false;
  if (f.free && p.fee !== 'free') return false;
  if (f.wheelchair && p.wheelchair !== 'yes') return false;
  if (f.speaks) {
    const w = f.speaks.toLowerCase();
    if (!(p.languages ?? []).some((l) => l.toLowerCase() === w || l.toLowerCase().startsWith(`${w}-`))) return false;
  }
  if (f.openAt && !openAt(p, f.openAt)) return false;
  if (f.q?.trim()) {
    const needle = fold(f.q.trim());
    const fields = Object.entries(p)
      .filter(([k, v]) => typeof v === 'string' && (k === 'name' || k === 'description' || k.startsWith('name:') || k.startsWith('description:')))
      .map(([, v]) => fold(v as string));
    // and what the place teaches: its subjects, "_" read as a space (as the details show them)
    const subjects = typeof p.subjects === 'string' ? [p.subjects] : Array.isArray(p.subjects) ? p.subjects : [];
    for (const s of subjects) if (typeof s === 'string') fields.push(fold(s).replace(/_/g, ' '));
    if (!fields.some((t) => t.includes(needle))) return false;
  }
  return true;
}

/** The ids of the places matching `f`, nearest first from a point. */
export function expectedIds(places: Place[], f: Filter, lat: number, lon: number): string[] {
  return byDistance(places.filter((p) => matches(p.props, f)), lat, lon).map((h) => h.id);
}

// ---- the page -------------------------------------------------------------------

export const RESULT = 'ol.lm-result-list > li.lm-result';

/** The listed results in order: id and the distance the item carries. */
export async function listed(page: Page): Promise<{ id: string; distance: number }[]> {
  return page.locator(RESULT).evaluateAll((items) =>
    items.map((li) => ({
      id: li.getAttribute('data-space-id') ?? '',
      distance: Number(li.getAttribute('data-distance-m')),
    })),
  );
}

export async function listedIds(page: Page): Promise<string[]> {
  return (await listed(page)).map((r) => r.id);
}

/** Waits until the data is loaded and the first results are listed. */
export async function waitForResults(page: Page) {
  await expect(page.locator('.lm-count')).toBeVisible();
  await expect(page.locator(`${RESULT}, .lm-empty`).first()).toBeAttached();
}

/** Pages through "Show more" until all `n` expected results are listed. */
export async function showAll(page: Page, n: number) {
  const items = page.locator(RESULT);
  for (let shown = Math.min(PAGE, n); ; shown = Math.min(shown + PAGE, n)) {
    await expect(items).toHaveCount(shown);
    if (shown === n) break;
    await page.locator('.lm-more').click();
  }
  // a full last page still offers "Show more" (it cannot know); a partial one does not
  if (n % PAGE !== 0) await expect(page.locator('.lm-more')).toHaveCount(0);
}

/** The count a chip shows, "Digital (95)" → 95. */
export async function chipCount(page: Page, filter: string): Promise<number> {
  const text = await page.locator(`button.lm-chip[data-filter="${filter}"] .lm-chip-count`).textContent();
  const m = /\((\d+)\)/.exec(text ?? '');
  if (!m) throw new Error(`chip ${filter} shows no count: "${text}"`);
  return Number(m[1]);
}

/** The value of a query parameter of the page's current address. */
export function param(page: Page, name: string): string | null {
  return new URL(page.url()).searchParams.get(name);
}

/** Opens "More filters" (a <details>) when it is closed. */
export async function openMoreFilters(page: Page) {
  const details = page.locator('details.lm-more-filters');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator('summary').click();
  }
  await expect(details).toHaveJSProperty('open', true);
}

/** Web Mercator: the lat/lon at pixel offset (dx, dy) from the map's centre at `zoom`. */
export function latLonAtOffset(centre: { lat: number; lon: number }, zoom: number, dx: number, dy: number) {
  const scale = 256 * 2 ** zoom;
  const x = ((centre.lon + 180) / 360) * scale + dx;
  const s = Math.sin((centre.lat * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale + dy;
  const lon = (x / scale) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / scale;
  const lat = (180 / Math.PI) * Math.atan(Math.sinh(n));
  return { lat, lon };
}
