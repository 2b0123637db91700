// A crash is never silent (issue 19): a panic or a WebAssembly trap after the
// app started shows a message in the interface language with a Reload
// button, and the console gets the panic's message. The crash is forced
// through src/crash.rs's test trigger (a global only a script on the page can set).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { stubTiles } from './support';

const texts = (lang: string) => JSON.parse(readFileSync(`public/locales/${lang}/boot.json`, 'utf8'));

async function crashAfterStart(page: Page, what: string) {
  await page.addInitScript((w) => {
    (globalThis as unknown as { learnmapTestCrash: string }).learnmapTestCrash = w;
  }, what);
}

test('a panic shows the crash message with a Reload button, and its message in the console', async ({ page }) => {
  const console: string[] = [];
  page.on('console', (m) => m.type() === 'error' && console.push(m.text()));
  await stubTiles(page);
  await crashAfterStart(page, 'panic:forced by crash.spec.ts');
  await page.goto('./');
  const notice = page.locator('.lm-crash[role="alert"]');
  await expect(notice).toBeVisible();
  await expect(notice.locator('p')).toHaveText(texts('en').crashed);
  const reload = notice.getByRole('button', { name: texts('en').reload });
  await expect(reload).toBeFocused();
  // the panic's own message, with where it happened
  await expect.poll(() => console.join('\n')).toContain('forced by crash.spec.ts');
  expect(console.join('\n')).toContain('src/crash.rs');
  // the button reloads the page
  await Promise.all([page.waitForEvent('framenavigated'), reload.click()]);
});

test('the crash message is in the interface language, right to left in Arabic', async ({ page }) => {
  await stubTiles(page);
  await crashAfterStart(page, 'panic:in Arabic');
  await page.goto('./?lang=ar');
  const notice = page.locator('.lm-crash[role="alert"]');
  await expect(notice.locator('p')).toHaveText(texts('ar').crashed);
  await expect(notice).toHaveAttribute('dir', 'rtl');
  await expect(notice.getByRole('button')).toHaveText(texts('ar').reload);
});

test('a trap no panic announced shows the crash message too', async ({ page }) => {
  await stubTiles(page);
  await crashAfterStart(page, 'trap');
  await page.goto('./?lang=de');
  const notice = page.locator('.lm-crash[role="alert"]');
  await expect(notice.locator('p')).toHaveText(texts('de').crashed);
  await expect(notice.getByRole('button')).toHaveText(texts('de').reload);
});

test('without the trigger, no crash message', async ({ page }) => {
  await stubTiles(page);
  await page.goto('./');
  await expect(page.locator('.lm-count')).toBeVisible();
  await expect(page.locator('.lm-crash')).toHaveCount(0);
});
