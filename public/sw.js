// learnmap's service worker: second visits and offline (registered by boot.js).
//
// It keeps the shell: the page, boot.js, the hashed wasm, glue and CSS that
// the page names, Leaflet, config.json, the manifest, icons and the boot
// texts. Hashed files never change, so they come from the cache; everything
// else comes from the network first (so a new release, a new page naming new
// hashed files, is picked up on the next visit) and from the cache when the
// network fails or hangs. Data files are not its business: the page keeps
// the last good copy of each itself (boot.js, `learnmapSaved`), because only
// the app knows whether a file loaded without errors.
const SHELL = 'learnmap-shell-v1';
/** Trunk's hashed names: `style-…css`, `learnmap-…js`, `learnmap-…_bg.wasm` (as scripts/own-files.mjs), and the favicon's. */
const HASHED = /-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css|svg)$/;
/** Files of the shell, relative to the worker's scope, besides the hashed ones the page names. */
const FIXED = ['boot.js', 'config.json', 'vendor/leaflet/leaflet.js', 'vendor/leaflet/leaflet.css', 'manifest.webmanifest', 'i18n.js', 'shared.json'];
/** Folders of the shell (texts, icons, Leaflet's images), cached as they are used. */
const FOLDERS = ['locales/', 'icons/', 'vendor/'];
/** How long the network may take for the page before the saved one is shown. */
const PAGE_TIMEOUT_MS = 4000;

const scope = new URL(self.registration.scope);
const relative = (url) => (url.origin === scope.origin && url.pathname.startsWith(scope.pathname) ? url.pathname.slice(scope.pathname.length) : null);

/** The hashed files a page names (in href, src, data-js, data-wasm; quoted or not, as Trunk minifies). */
const namedIn = (html) =>
  [...html.matchAll(/(?:href|src|data-js|data-wasm)=["']?([^"'\s>]+)/g)]
    .map((m) => new URL(m[1], scope))
    .filter((u) => relative(u) !== null && HASHED.test(u.pathname))
    .map((u) => u.href);

/** Drops the hashed files of earlier releases: those the current page does not name. */
async function prune(html) {
  const keep = new Set(namedIn(html));
  const cache = await caches.open(SHELL);
  for (const request of await cache.keys()) {
    if (HASHED.test(new URL(request.url).pathname) && !keep.has(request.url)) await cache.delete(request);
  }
}

/**
 * Every interface language's texts (public/shared.json names the languages):
 * offline, a resident who picks another language gets its words, not
 * English (bug: only the languages already shown were kept, so offline the
 * saved copy's note and the interface stayed English after picking French;
 * offline.spec.ts). About 80 KB, fetched once the page is idle.
 */
async function localeFiles() {
  try {
    const shared = await (await fetch(new URL('shared.json', scope).href)).json();
    return shared.languages.flatMap(({ code }) => ['boot', 'app'].map((name) => new URL(`locales/${code}/${name}.json`, scope).href));
  } catch {
    return [];
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const page = await fetch(scope.href, { cache: 'no-cache' });
      if (!page.ok) throw new Error(`the page answered ${page.status}`);
      const html = await page.clone().text();
      await cache.put(scope.href, page);
      // one by one, so that a file the host lacks (say, config.json) loses nothing else
      await Promise.all(
        [...namedIn(html), ...FIXED.map((f) => new URL(f, scope).href), ...(await localeFiles())].map(async (url) => {
          const response = await fetch(url).catch(() => null);
          if (response?.ok) await cache.put(url, response);
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith('learnmap-shell-') && n !== SHELL).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

/** The response for a shell file from the network, kept; from the cache when the network fails (or, for the page, hangs). */
async function networkFirst(event, key, isPage) {
  const cache = await caches.open(SHELL);
  const fromNetwork = (async () => {
    const response = await fetch(event.request);
    if (response.ok) {
      const copy = response.clone();
      event.waitUntil(
        (async () => {
          await cache.put(key, copy.clone());
          if (isPage) await prune(await copy.text());
        })(),
      );
    }
    return response;
  })();
  fromNetwork.catch(() => {});
  const saved = () => cache.match(key);
  if (!isPage) return fromNetwork.catch(async () => (await saved()) ?? Response.error());
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, PAGE_TIMEOUT_MS);
  }).then(async () => (await saved()) ?? fromNetwork);
  try {
    return await Promise.race([fromNetwork, late]);
  } catch {
    return (await saved()) ?? Response.error();
  } finally {
    clearTimeout(timer);
  }
}

async function cacheFirst(event) {
  const cache = await caches.open(SHELL);
  const saved = await cache.match(event.request);
  if (saved) return saved;
  const response = await fetch(event.request);
  if (response.ok) event.waitUntil(cache.put(event.request, response.clone()));
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const path = relative(url);
  if (path === null) return; // another site (map tiles, allowed data origins): not ours to keep
  if (request.mode === 'navigate') {
    // any address of the map (?lang=, ?sel=, ...) is the one page
    if (path === '' || path === 'index.html') event.respondWith(networkFirst(event, scope.href, true));
    return;
  }
  if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(event));
  } else if (FIXED.includes(path) || FOLDERS.some((f) => path.startsWith(f))) {
    event.respondWith(networkFirst(event, url.href, false));
  }
  // anything else (the data files) goes to the network as if there were no worker
});
