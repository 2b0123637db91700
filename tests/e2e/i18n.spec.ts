// The interface in ten languages (issue 20): every language's texts come
// from public/locales/<lang>/*.json, complete (same keys as English, the same
// placeholders, the plural forms the browser's Intl.PluralRules needs), and
// the app, boot.js and the builder show them; public/shared.json is the one
// list of languages, data defaults and vocabulary they all read.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { stubTiles, watchErrors } from './support';
import { waitForResults } from './citizen-support';

type Texts = Record<string, unknown>;
const SHARED = JSON.parse(readFileSync('public/shared.json', 'utf8'));
const LANGUAGES: { code: string; name: string; dir: string; intl: string }[] = SHARED.languages;
const locale = (code: string, page: string): Texts =>
  JSON.parse(readFileSync(`public/locales/${code}/${page}.json`, 'utf8'));
const PAGES = readdirSync('public/locales/en').map((f) => f.replace(/\.json$/, ''));

test.beforeEach(async ({ page }) => {
  await stubTiles(page);
});

/** The CLDR plural categories the browser's Intl needs for each language. */
async function pluralCategories(page: Page): Promise<Record<string, string[]>> {
  await page.goto('builder.html');
  return page.evaluate(
    (langs) =>
      Object.fromEntries(
        langs.map((l) => [l.code, new Intl.PluralRules(l.intl).resolvedOptions().pluralCategories]),
      ),
    LANGUAGES,
  );
}

function placeholders(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') for (const m of value.matchAll(/\{([a-z_][a-z0-9_]*)\}/gi)) out.add(m[1]);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (!k.startsWith('_')) placeholders(v, out);
  return out;
}

test('every locale file has every English key, its placeholders and the plural forms Intl needs', async ({ page }) => {
  const categories = await pluralCategories(page);
  const problems: string[] = [];
  for (const name of PAGES) {
    const english = locale('en', name);
    for (const { code } of LANGUAGES) {
      // every page (app, boot, builder, steward, planner) in every language
      if (!existsSync(`public/locales/${code}/${name}.json`)) {
        problems.push(`${code}/${name}.json is missing`);
        continue;
      }
      const texts = locale(code, name);
      const meta = texts._meta as { language?: string; reviewed?: unknown } | undefined;
      if (meta?.language !== code || typeof meta?.reviewed !== 'boolean')
        problems.push(`${code}/${name}.json: _meta must name the language and say whether it was reviewed`);
      const keys = (t: Texts) => Object.keys(t).filter((k) => !k.startsWith('_')).sort();
      expect(keys(texts), `${code}/${name}.json has English's keys`).toEqual(keys(english));
      for (const key of keys(english)) {
        const [ours, theirs] = [placeholders(texts[key]), placeholders(english[key])];
        if ([...ours].sort().join() !== [...theirs].sort().join())
          problems.push(`${code}/${name}.json "${key}": {${[...ours]}} against English {${[...theirs]}}`);
        const plurals = (value: unknown) => {
          if (!value || typeof value !== 'object') return;
          const forms = Object.keys(value).filter((k) => !k.startsWith('_')).sort();
          if (forms.join() !== [...categories[code]].sort().join())
            problems.push(`${code}/${name}.json "${key}": forms ${forms} where Intl needs ${categories[code]}`);
          for (const [k, v] of Object.entries(value)) if (!k.startsWith('_')) plurals(v);
        };
        plurals(texts[key]);
      }
    }
  }
  expect(problems).toEqual([]);
});

/** Every key of a locale file of the app, to look for raw keys shown instead of texts. */
const APP_KEYS = Object.keys(locale('en', 'app')).filter((k) => !k.startsWith('_'));

/**
 * Raw keys in the page: in its text (hidden parts too) and in the attributes people hear or read.
 * A key whose text in the page's language is the key itself (English "today") cannot be told
 * from its text, so it is not looked for in that language.
 */
async function rawKeys(page: Page, code: string): Promise<string[]> {
  const texts = locale(code, 'app');
  const keys = APP_KEYS.filter((k) => texts[k] !== k);
  return page.evaluate((keys) => {
    const texts = [document.title, document.body.textContent ?? ''];
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]'))
      for (const a of ['aria-label', 'placeholder', 'title']) texts.push(el.getAttribute(a) ?? '');
    const all = texts.join('\n');
    return keys.filter((k) => new RegExp(`(^|[^\\w.])${k.replace('.', '\\.')}($|[^\\w])`).test(all));
  }, keys);
}

for (const { code, dir } of LANGUAGES) {
  test(`lang=${code} shows the whole interface in its language, ${dir}`, async ({ page }) => {
    // Bug: English "today" (key "today") was taken for a raw key; such keys are not looked for in their own language.
    const errors = watchErrors(page);
    const texts = locale(code, 'app');
    const requested: string[] = [];
    page.on('request', (r) => {
      const m = /\/locales\/([a-z]+)\/app\.json$/.exec(r.url());
      if (m) requested.push(m[1]);
    });
    // a place's details open too (sel=)
    await page.goto(`./?lang=${code}&sel=demo-0001`);
    await waitForResults(page);
    await expect(page.locator('.lm-detail')).toBeVisible();
    await expect(page.locator('.lm-detail')).toContainText(texts.directions as string);
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    await expect(page.locator('html')).toHaveAttribute('dir', dir);
    await expect(page.locator('button.lm-near-me')).toContainText(texts.near_me as string);
    await expect(page.locator('.lm-count')).toHaveText(/\d/);
    // the filters' labels: the learning areas' and place types' names in this language
    await expect(page.locator('.lm-filters')).toContainText(texts['area.digital'] as string);
    // (the panel's contents are made when it opens; the details dialog covers it here)
    await page.locator('details.lm-more-filters').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await expect(page.locator('.lm-more-filters')).toContainText(texts['place_type.library'] as string);
    expect(await rawKeys(page, code), 'no raw keys on the page').toEqual([]);
    // only this language's texts were downloaded
    expect(requested).toEqual([code]);
    errors.expectNone();
  });
}

test('the language picker fetches the new language and switches to it', async ({ page }) => {
  await page.goto('./?lang=en');
  await waitForResults(page);
  const ko = locale('ko', 'app');
  await page.locator('select[name=lang]').selectOption('ko');
  await expect(page.locator('button.lm-near-me')).toContainText(ko.near_me as string);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect.poll(() => new URL(page.url()).searchParams.get('lang')).toBe('ko');
  await page.locator('select[name=lang]').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(await rawKeys(page, 'ar')).toEqual([]);
});

test('the browser\'s language picks the interface language, then the site\'s default', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  await stubTiles(page);
  await page.goto('./');
  await waitForResults(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt');
  await expect(page.locator('button.lm-near-me')).toContainText(locale('pt', 'app').near_me as string);
  await context.close();
  // a language the map does not offer: the site's default (config.json "language")
  const it = await browser.newContext({ locale: 'it-IT' });
  const other = await it.newPage();
  await stubTiles(other);
  await other.route(/\/config\.json$/, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ language: 'sw' }) }),
  );
  await other.goto('./');
  await waitForResults(other);
  await expect(other.locator('html')).toHaveAttribute('lang', 'sw');
  await it.close();
});

test('when the app cannot be downloaded, boot.js says so in the resident\'s language', async ({ page }) => {
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto('./?lang=fr');
  const boot = locale('fr', 'boot');
  await expect(page.locator('#lm-boot[role=alert]')).toContainText(boot.failed as string);
  await expect(page.locator('#lm-boot button.lm-retry')).toHaveText(boot.try_again as string);
  await expect(page.locator('#lm-boot')).toHaveAttribute('lang', 'fr');
});

// Issue 20 said a config.json saved with a byte order mark (as some Windows
// editors do) was read by the app but not by boot.js. In Chromium it was
// read by both (Response.json() decodes UTF-8 and drops the mark); boot.js
// now reads config.json as the app does, in so many words (readConfig), and
// this spec keeps them agreeing: the configured source is fetched once,
// early, and the demo data never.
test('boot.js and the app read a config.json with a byte order mark alike', async ({ page }) => {
  const body = JSON.stringify({
    sources: [{ label: 'Few', url: 'few.geojson' }],
  });
  await page.route(/\/config\.json$/, (route) =>
    route.fulfill({ contentType: 'application/json', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]) }),
  );
  await page.route(/\/few\.geojson$/, (route) =>
    route.fulfill({
      contentType: 'application/geo+json',
      body: JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [10, 53.55] }, properties: { id: 'f', name: 'Few', place_type: 'library' } }],
      }),
    }),
  );
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto('./?lang=en');
  await expect(page.locator('.lm-count')).toHaveText('1 learning space');
  expect(requests.filter((p) => p.endsWith('/few.geojson'))).toHaveLength(1);
  expect(requests.filter((p) => p.endsWith(SHARED.demo_data_url))).toHaveLength(0);
});

test('i18n.js: language choice, plurals chosen by Intl, numbers written by Intl', async ({ page }) => {
  await page.goto('builder.html');
  const out = await page.evaluate(async () => {
    const { chooseLanguage, formatter, loadTexts } = await import('./i18n.js');
    const offered = ['en', 'fr', 'zh', 'ar'];
    const t = formatter('fr', {
      n: { one: '{count} lieu', many: '{count} de lieux', other: '{count} lieux' },
      of: { _by: 'total', one: '{count} sur {total} seul', other: { one: '{count} sur {total}', other: '{count} sur {total}s' } },
      hi: 'Bonjour {name} !',
    });
    const texts = await loadTexts('app', { lang: 'ar' });
    return {
      byAddress: chooseLanguage(offered, { search: '?lang=zh-Hans', preferences: ['fr'] }),
      byBrowser: chooseLanguage(offered, { search: '?lang=xx', preferences: ['pt-BR', 'fr-CA'] }),
      bySite: chooseLanguage(offered, { search: '', preferences: ['it'], siteDefault: 'ar' }),
      fallback: chooseLanguage(offered, { search: '', preferences: [] }),
      none: chooseLanguage(offered, { search: '', preferences: [], fallback: null }),
      plurals: [0, 1, 2, 1_000_000, 12_345].map((n) => t('n', { count: n })),
      nested: [t('of', { count: 1, total: 1 }), t('of', { count: 1, total: 5 }), t('of', { count: 3, total: 5 })],
      words: t('hi', { name: 'Ada' }),
      missing: t('nope'),
      arabic: [texts.lang, texts.dir, texts.t('count_places', { count: 2 }), texts.t('count_places', { count: 1500 })],
    };
  });
  expect(out.byAddress).toBe('zh');
  expect(out.byBrowser).toBe('fr');
  expect(out.bySite).toBe('ar');
  expect(out.fallback).toBe('en');
  expect(out.none).toBeNull();
  expect(out.plurals).toEqual(['0 lieu', '1 lieu', '2 lieux', '1\u202f000\u202f000 de lieux', '12\u202f345 lieux']);
  expect(out.nested).toEqual(['1 sur 1 seul', '1 sur 5', '3 sur 5s']);
  expect(out.words).toBe('Bonjour Ada !');
  expect(out.missing).toBe('nope');
  expect(out.arabic).toEqual(['ar', 'rtl', 'مكانا تعلّم', '1,500 مكان تعلّم']);
});

test('the builder offers the languages of shared.json and the core\'s learning areas with the app\'s labels', async ({ page }) => {
  await page.goto('builder.html');
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  const options = await page.locator('#lang option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(options).toEqual(['', ...LANGUAGES.map((l) => l.code)]);
  const areas = await page.locator('#areas input').evaluateAll((is) => is.map((i) => (i as HTMLInputElement).value));
  expect(areas).toEqual(SHARED.vocabulary.learning_areas);
  const en = locale('en', 'app');
  const labels = await page.locator('#areas label').allTextContents();
  expect(labels.map((l) => l.trim())).toEqual(areas.map((a) => en[`area.${a}`]));
});
