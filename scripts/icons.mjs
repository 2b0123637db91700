// Draws the app's PNG icons (public/icons/icon-192.png, icon-512.png, for the
// web manifest and Apple's home screen) from public/icons/icon.svg, in this
// machine's Chromium. The PNGs are committed; run again after changing the SVG:
//     node scripts/icons.mjs
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/browser.mjs';

const icons = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'public/icons');
const svg = readFileSync(join(icons, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>*{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: join(icons, `icon-${size}.png`), omitBackground: false });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`icons: wrote icon-192.png and icon-512.png in ${icons}`);
