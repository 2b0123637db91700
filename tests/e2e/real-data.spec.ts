// Real data (issue 5): New York's public libraries, imported with the data
// stewards' tool and loaded in the app; the first result for a point is the
// nearest library by haversine, computed here from the imported file.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
// DIST is what the specs' server serves; the build leaves data/ there
import { DIST } from './browser.mjs';
import { stubTiles, watchErrors } from './support';
import { byDistance, listed, placesOf, waitForResults } from './citizen-support';

/** The shared real data sits next to the repository (see /work/shared/data/README.md). */
const SOURCE = '../shared/data/real/nyc-cultural-institutions/map-libraries.geojson';
const MAPPING = 'data/mappings/nyc-libraries.toml';
const OUT = `${DIST}/data/nyc-libraries.geojson`;
/** Times Square. */
const AT = { lat: 40.758, lon: -73.9855 };

/**
 * Without the shared data these tests are skipped, saying why (and named in
 * `make test`'s summary line); where LEARNMAP_REQUIRE_SHARED is set, as on
 * CI, they fail instead (the same rule as the Rust tests:
 * crates/learnmap-synth/src/shared.rs).
 */
const ABSENT = !existsSync(SOURCE);
const WHY = `${SOURCE} (from the repository root) is absent: the shared real data is not beside the repository`;
if (ABSENT && process.env.LEARNMAP_REQUIRE_SHARED) {
  throw new Error(`${WHY}, and LEARNMAP_REQUIRE_SHARED is set: this spec is required here`);
}
test.skip(ABSENT, WHY);
if (ABSENT && process.env.LEARNMAP_SKIP_LOG) {
  // the file is read more than once (listing, then the worker): the summary counts names once
  appendFileSync(process.env.LEARNMAP_SKIP_LOG, 'real-data.spec.ts (Playwright: New York libraries)\n');
}

test.beforeAll(async () => {
  // a cold release build of the tool takes minutes on a small machine
  test.setTimeout(20 * 60_000);
  expect(existsSync(`${DIST}/index.html`), `${DIST}/ is built (make dist)`).toBe(true);
  mkdirSync(`${DIST}/data`, { recursive: true });
  const run = spawnSync(
    'cargo',
    ['run', '--release', '-q', '-p', 'learnmap-data', '--', 'import', '--mapping', MAPPING, SOURCE, '--out', OUT],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error) throw new Error(`could not run cargo: ${run.error.message}`);
  expect(run.status, `learnmap-data import failed:\n${run.stderr}`).toBe(0);
  expect(existsSync(OUT), `the import wrote ${OUT}`).toBe(true);
});

test('New York libraries: the first result for Times Square is the nearest by haversine', async ({ page }) => {
  const errors = watchErrors(page);
  const libraries = placesOf(OUT);
  expect(libraries.length, 'the import kept the libraries').toBeGreaterThan(200);
  const nearest = byDistance(libraries, AT.lat, AT.lon);
  // the answer is unambiguous: no tie for the first five places
  for (let i = 0; i < 5; i++) expect(nearest[i + 1].distance - nearest[i].distance).toBeGreaterThan(1);

  await stubTiles(page);
  await page.goto(`./?data=data/nyc-libraries.geojson&at=${AT.lat},${AT.lon}`);
  await waitForResults(page);
  await expect(page.locator('.lm-count')).toHaveText(`${libraries.length} learning spaces`);
  await expect(page.locator('.lm-dataset-name')).toContainText('New York public libraries');

  const shown = await listed(page);
  expect(shown.length).toBeGreaterThanOrEqual(5);
  expect(shown[0].id, `the nearest library is ${nearest[0].place.props.name}`).toBe(nearest[0].id);
  expect(shown.slice(0, 5).map((r) => r.id)).toEqual(nearest.slice(0, 5).map((h) => h.id));
  for (let i = 0; i < 5; i++) expect(Math.abs(shown[i].distance - nearest[i].distance)).toBeLessThanOrEqual(1);
  // the address keeps the data file, so the link can be shared
  expect(new URL(page.url()).searchParams.get('data')).toBe('data/nyc-libraries.geojson');
  errors.expectNone();
});
