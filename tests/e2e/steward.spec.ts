import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { existsSync, readFileSync } from 'node:fs';
import { stubTiles, watchErrors } from './support';

// The stewards' workbench (steward.html, issue 21): files opened in the
// browser, problems in the CLI's words, a correction with undo, the diff
// against the published demo and an export equal to `learnmap-data import`.

const FIXTURES = 'tests/e2e/fixtures/steward';
// each test walks a steward's whole session (several imports in the worker)
test.describe.configure({ timeout: 120_000 });
/** The New York libraries as published (shared real data, never copied into the repository). */
const NYC = '../shared/data/real/nyc-cultural-institutions/map-libraries.geojson';

async function openWorkbench(page: Page) {
  await stubTiles(page);
  await page.goto('steward.html');
  await expect(page.locator('body')).toHaveAttribute('data-started', '1');
}

async function ready(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
}

function problem(page: Page, text: string) {
  return page.locator('#problems li').filter({ hasText: text });
}

/** What the export button hands to the browser to save (the Blob behind the download link). */
async function exported(page: Page, button = '#export-geojson'): Promise<string> {
  await page.evaluate(() => {
    const w = window as unknown as { __blobs: Blob[] };
    w.__blobs = [];
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob) => {
      w.__blobs.push(blob);
      return original(blob);
    };
  });
  await page.click(button);
  await page.waitForFunction(() => (window as unknown as { __blobs: Blob[] }).__blobs.length > 0);
  return page.evaluate(() => (window as unknown as { __blobs: Blob[] }).__blobs[0].text());
}

test('a spreadsheet with typical mistakes: problems by row, a correction with undo, the diff and the CLI\'s bytes', async ({ page }) => {
  const errors = watchErrors(page, [/tile\.openstreetmap\.org/]);
  await openWorkbench(page);
  await page.setInputFiles('#file-input', [`${FIXTURES}/bad-spreadsheet.csv`, `${FIXTURES}/mapping-spreadsheet.toml`]);
  await ready(page);

  await expect(page.locator('#summary')).toHaveText('6 of 9 records imported; 3 skipped; 4 errors, 4 warnings');
  // the problems as `learnmap-data import` words them, each at its row
  for (const text of [
    'bad-spreadsheet.csv:4: error[no-coordinates]: row 4 has no longitude/latitude and was skipped',
    'bad-spreadsheet.csv:5: warning[unmapped-value]: the value "Lernhaus" (row 5) has no entry in [values.place_type]; left out',
    'bad-spreadsheet.csv:6: warning[duplicate-id]: row 6 has the id "sheet-s-2" of row 3 (line 3); written as "sheet-s-2-2"',
    'bad-spreadsheet.csv:7: error[bad-coordinates]: row 7: the coordinates "10,0601", "53.56.01"',
    'bad-spreadsheet.csv:9: warning[not-a-boolean]: the value "vielleicht" of "Digital" (row 9)',
    'bad-spreadsheet.csv:11: error[missing-name]: row 11 has no name and was skipped',
    'learning-spaces.geojson:6:161: error[age-range-reversed]: "age_min" (65) is greater than "age_max" (18)',
  ]) {
    await expect(problem(page, text), text).toHaveCount(1);
  }
  // the output's problem is tied to its row too
  await expect(problem(page, 'error[age-range-reversed]').getByRole('button')).toHaveText('Show line 8');

  // filters by severity and by code
  await page.selectOption('#f-severity', 'error');
  await expect(page.locator('#problems li')).toHaveCount(4);
  await page.selectOption('#f-severity', '');
  await page.selectOption('#f-code', 'unmapped-value');
  await expect(page.locator('#problems li')).toHaveCount(2);
  await page.selectOption('#f-code', '');

  // the diff against what the site publishes (config.json: the demo's 300 places)
  await expect(page.locator('#diff-summary')).toHaveText(
    '6 added, 300 removed, 0 changed, 0 unchanged; places 300 → 6',
  );
  await expect(page.locator('#diff-warning')).toContainText('The number of places drops by 98.0%, from 300 to 6.');
  // the CLI's refusal of a large drop: no export until the steward confirms it
  await expect(page.locator('#export-geojson')).toBeDisabled();
  await page.check('#confirm-drop');
  await expect(page.locator('#export-geojson')).toBeEnabled();
  const expected = readFileSync(`${FIXTURES}/expected-spreadsheet.geojson`, 'utf8');
  expect(await exported(page), 'the export equals the CLI\'s output byte for byte').toBe(expected);

  // a correction in place: the row without coordinates gets them
  await problem(page, 'error[no-coordinates]').getByRole('button', { name: 'Show line 4' }).click();
  await expect(page.locator('#fix-section')).toBeFocused();
  await expect(page.locator('#fix-title')).toHaveText('Correct row 4 (line 4)');
  await page.fill('#fix-form [name="Breite"]', '53,5702');
  await page.fill('#fix-form [name="Länge"]', '9,9571');
  await page.click('#fix-apply');
  await ready(page);
  await expect(page.locator('#summary')).toHaveText('7 of 9 records imported; 2 skipped; 3 errors, 4 warnings');
  await expect(problem(page, 'no-coordinates')).toHaveCount(0);
  await expect(page.locator('#places tbody tr[data-line="4"]')).toContainText('Kita Sonnenblume');
  await expect(page.locator('#fix-count')).toHaveText('1 correction');

  // undo brings the problem back
  await page.click('#undo');
  await ready(page);
  await expect(page.locator('#summary')).toHaveText('6 of 9 records imported; 3 skipped; 4 errors, 4 warnings');
  await expect(problem(page, 'error[no-coordinates]')).toHaveCount(1);
  errors.expectNone();
});

test('without a mapping, the fields are guessed from their names and values', async ({ page }) => {
  await openWorkbench(page);
  await page.setInputFiles('#file-input', `${FIXTURES}/bad-spreadsheet.csv`);
  await ready(page);
  const feeds = (field: string) => page.locator('#fields tbody tr').filter({ has: page.locator('code', { hasText: field }) }).locator('select').first();
  await expect(feeds('Breite')).toHaveValue('lat');
  await expect(feeds('Länge')).toHaveValue('lon');
  await expect(feeds('Kennung')).toHaveValue('id');
  await expect(feeds('Telefon')).toHaveValue('phone');
  await expect(feeds('E-Mail')).toHaveValue('email');
  await expect(feeds('Webseite')).toHaveValue('website');
  await expect(feeds('Öffnungszeiten')).toHaveValue('opening_hours');
  // a yes/no column can add list values
  await feeds('Digital').selectOption('when:learning_areas');
  const value = page.locator('#fields tbody tr').filter({ has: page.locator('code', { hasText: 'Digital' }) }).locator('select').nth(1);
  await value.selectOption('digital');
  await ready(page);
  await expect(page.locator('#m-toml')).toHaveValue(/\[when\.learning_areas\]\nDigital = "digital"/);
  // the type column gets a value table with suggestions across languages
  await feeds('Art').selectOption('place_type');
  await expect(page.locator('#value-tables')).toContainText('suggested: library');
});

test('the New York libraries as published: warnings tied to their features and the map', async ({ page }) => {
  if (!existsSync(NYC)) {
    test.skip(!process.env.LEARNMAP_REQUIRE_SHARED, `the shared real data is missing: ${NYC}`);
    throw new Error(`LEARNMAP_REQUIRE_SHARED is set but ${NYC} is missing`);
  }
  await openWorkbench(page);
  await page.setInputFiles('#file-input', [NYC, 'data/mappings/nyc-libraries.toml']);
  await ready(page);
  await expect(page.locator('#summary')).toHaveText('230 of 230 records imported; 0 skipped; 0 errors, 8 warnings');
  const renovation = problem(page, 'feature 214: the hours "Closed for renovation." were not converted');
  await expect(renovation).toHaveCount(1);
  // the whole file is one line: the problem opens its own feature, not line 1's first
  await renovation.getByRole('button').click();
  await expect(page.locator('#fix-title')).toHaveText(/^Correct feature 214 /);
  await expect(page.locator('#places tr.s-selected')).toHaveCount(1);
  await expect(page.locator('#diff-summary')).toContainText('230 added, 300 removed');
});

test('keyboard and screen reader: a problem and a place are shown on the map from the keyboard; axe finds nothing serious', async ({ page }) => {
  await openWorkbench(page);
  await page.setInputFiles('#file-input', [`${FIXTURES}/bad-spreadsheet.csv`, `${FIXTURES}/mapping-spreadsheet.toml`]);
  await ready(page);
  // the map can take the focus (arrow keys pan it) and says where its places are listed
  await expect(page.locator('#map')).toHaveAttribute('tabindex', '0');
  await expect(page.locator('#map')).toHaveAttribute('aria-describedby', 'map-keyboard');

  // a problem's button, reached and pressed with the keyboard, shows its place on the map
  const show = problem(page, 'error[age-range-reversed]').getByRole('button', { name: 'Show line 8' });
  await show.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#fix-section')).toBeFocused();
  await expect(page.locator('#map-said')).toHaveText('Shown on the map: Seniorentreff Süd (line 8)');
  await expect(page.locator('#map .s-selected-tip')).toHaveText('Seniorentreff Süd');
  await expect(page.locator('#places tr.s-selected')).toHaveAttribute('data-line', '8');

  // every place is in the table below the map: Tab to a name, Enter shows it
  await page.locator('#places tbody tr[data-line="2"] button').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('#places tbody tr[data-line="3"] button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#map-said')).toHaveText(/^Shown on the map: Volkshochschule Mitte \(line 3\)$/);
  await expect(page.locator('#map')).toHaveAttribute('data-shown', '1');
  // and with the pointer: the dot at the map's centre (the place just shown) opens its record
  await page.click('#fix-close');
  await expect(page.locator('#fix-section')).toBeHidden();
  await page.locator('#map').click();
  await expect(page.locator('#fix-section')).toBeVisible();
  await expect(page.locator('#fix-title')).toHaveText('Correct row 3 (line 3)');

  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .exclude('.leaflet-tile-pane')
    .analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('GeoJSON is corrected in place too: a nested object, a value from the table and a position, with undo', async ({ page }) => {
  await openWorkbench(page);
  await page.setInputFiles('#file-input', [`${FIXTURES}/bad-libraries.geojson`, `${FIXTURES}/mapping-libraries.toml`]);
  await ready(page);
  await expect(page.locator('#summary')).toHaveText('3 of 4 records imported; 1 skipped; 2 errors, 1 warnings');
  await expect(problem(page, 'bad-libraries.geojson:4: warning[unmapped-value]: the value "Study centre" (feature 3)')).toHaveCount(1);

  await problem(page, 'error[age-range-reversed]').getByRole('button').click();
  await expect(page.locator('#fix-title')).toHaveText('Correct feature 2 (line 3)');
  await expect(page.locator('#fix-form [name="ages"]')).toHaveValue('{"from":65,"to":18}');
  await page.fill('#fix-form [name="ages"]', '{"from": 6, "to": 18}');
  await page.click('#fix-apply');
  await ready(page);
  await expect(page.locator('#summary')).toHaveText('3 of 4 records imported; 1 skipped; 1 errors, 1 warnings');

  await problem(page, 'warning[unmapped-value]').getByRole('button').click();
  await expect(page.locator('#fix-title')).toHaveText('Correct feature 3 (line 4)');
  await page.selectOption('#fix-form [name="kind"]', 'Library');
  await page.click('#fix-apply');
  await ready(page);
  await expect(page.locator('#summary')).toHaveText('3 of 4 records imported; 1 skipped; 1 errors, 0 warnings');

  // a feature without geometry gets a position
  await problem(page, 'error[no-coordinates]').getByRole('button').click();
  await expect(page.locator('#fix-title')).toHaveText('Correct feature 4 (line 5)');
  await page.getByLabel('Position (longitude, latitude)').fill('-73.9465, 40.8116');
  await page.click('#fix-apply');
  await ready(page);
  await expect(page.locator('#summary')).toHaveText('4 of 4 records imported; 0 skipped; 0 errors, 0 warnings');
  await expect(page.locator('#fix-count')).toHaveText('3 corrections');
  // the corrected source keeps its layout: only the three values changed
  const source = await exported(page, '#export-source');
  const original = readFileSync(`${FIXTURES}/bad-libraries.geojson`, 'utf8');
  expect(source).toBe(original
    .replace('"ages": {"from": 65, "to": 18}', '"ages": {"from":6,"to":18}')
    .replace('"kind": "Study centre"', '"kind": "Library"')
    .replace('"geometry": null', '"geometry": {"type": "Point", "coordinates": [-73.9465, 40.8116]}'));

  for (const summary of ['3 of 4 records imported; 1 skipped; 1 errors, 0 warnings',
    '3 of 4 records imported; 1 skipped; 1 errors, 1 warnings',
    '3 of 4 records imported; 1 skipped; 2 errors, 1 warnings']) {
    await page.click('#undo');
    await ready(page);
    await expect(page.locator('#summary')).toHaveText(summary);
  }
});

test('OpenStreetMap data is corrected in place too: a missing name written into the tags', async ({ page }) => {
  await openWorkbench(page);
  await page.setInputFiles('#file-input', ['crates/learnmap-data/tests/import-fixtures/bad-overpass.json', 'data/mappings/osm-overpass.toml']);
  await ready(page);
  await expect(page.locator('#summary')).toHaveText('1 of 3 records imported; 2 skipped; 2 errors, 2 warnings');
  await problem(page, 'error[missing-name]').getByRole('button').click();
  await expect(page.locator('#fix-title')).toHaveText('Correct node 606 (line 7)');
  // the node has no name tag: the field the mapping reads is offered, empty
  await expect(page.locator('#fix-form [name="name"]')).toHaveValue('');
  await page.fill('#fix-form [name="name"]', 'Schule am Park');
  await page.click('#fix-apply');
  await ready(page);
  await expect(page.locator('#summary')).toHaveText('2 of 3 records imported; 1 skipped; 1 errors, 2 warnings');
  await expect(page.locator('#places tbody')).toContainText('Schule am Park');
  const source = await exported(page, '#export-source');
  expect(source).toContain('"tags": {"name": "Schule am Park", "amenity": "school"}');
  await page.click('#undo');
  await ready(page);
  await expect(page.locator('#summary')).toHaveText('1 of 3 records imported; 2 skipped; 2 errors, 2 warnings');
});
