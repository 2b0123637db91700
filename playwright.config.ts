import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS, DIST, PORT } from './tests/e2e/browser.mjs';

// End-to-end specs run against the release build in dist/ (make test builds it),
// in Debian's Chromium: Playwright never downloads a browser here.

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'target/playwright/results',
  reporter: [['list']],
  forbidOnly: !!process.env.CI,
  // one retry in CI, so a rare timing flake is reported as "flaky" in the log instead of blocking;
  // a flaky spec is a bug to chase (one was: an input reset while the map settled)
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    // The app's service worker (public/sw.js) would answer requests before the
    // specs' routes see them: specs of second visits and offline allow it
    // (tests/e2e/offline.spec.ts), the others run as a first visit does.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: [
    {
      command: `node tests/e2e/static-server.mjs ${DIST} ${PORT}`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: !process.env.CI,
    },
    {
      // the same build under a sub-path, as a city site would host it
      command: `node tests/e2e/static-server.mjs ${DIST} ${PORT + 1} /learning/map/`,
      url: `http://127.0.0.1:${PORT + 1}/learning/map/`,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
