// Starts learnmap without any inline script, so that the page runs under a
// strict Content Security Policy. Trunk writes the hashed names of the
// wasm-bindgen glue and the WebAssembly module into this script's element.
import { chooseLanguage, formatter, shared } from './i18n.js';

const me = document.querySelector('script[data-js][data-wasm]');
const base = document.baseURI;

// While the WebAssembly downloads, start fetching the data and the texts the
// app will ask for, so a slow network pays one round trip less. What to
// fetch comes from public/shared.json, which the app shares (src/i18n.rs and
// src/data_source.rs are tested against it): the site's configuration, the
// demo data when it names no source, the interface languages. Only
// addresses on this page's own origin are fetched here; anything else waits
// for the app, which checks it against the site's allowed origins first. The
// app takes these responses by address (src/data_source.rs), or fetches
// itself when it decides otherwise.
const early = new Map();
globalThis.learnmapEarly = early;
const choices = shared(base);
const configResponse = choices.then((s) => fetch(new URL(s.config_url, base).href));
configResponse.catch(() => {});
choices.then((s) => early.set(new URL(s.config_url, base).href, configResponse.then((r) => r.clone())), () => {});
const config = configResponse.then(readConfig, () => ({}));
Promise.all([choices, config]).then(([choices, config]) => {
  const wanted = new URL(location.href).searchParams.get('data');
  const sources = Array.isArray(config?.sources) ? config.sources : [];
  const urls = wanted !== null
    ? [wanted]
    : sources.length > 0
      ? sources.map((s) => s?.url).filter((u) => typeof u === 'string')
      : [choices.demo_data_url];
  for (const u of urls) {
    let url;
    try { url = new URL(u.trim(), location.href); } catch { continue; }
    if (url.origin !== location.origin || early.has(url.href)) continue;
    // The body is read here too, as it arrives (readAsItArrives): its head
    // first, for the map to go where the file's bbox says while the rest
    // downloads; and when the app asks for all of it, the bytes are ready
    // within the same task as its first render, so the browser does not lay
    // out and paint the page without results first.
    const response = fetch(url.href).then(readAsItArrives);
    response.catch(() => {}); // the app reports failures when it asks
    early.set(url.href, response);
  }
}, () => {});

// The map's tiles are the largest thing the page paints, and usually come
// from another host (OpenStreetMap's, a city's): its connection (DNS, TCP,
// TLS: three round trips on a phone network) is opened while the
// WebAssembly downloads, not when Leaflet asks for the first tile. Only for
// an https:// template with a plain host ("{s}." subdomains name no one host).
config.then((c) => {
  const template = c?.tiles?.url;
  if (typeof template !== 'string') return;
  let origin;
  try {
    const url = new URL(template);
    if (url.protocol !== 'https:' || url.origin === location.origin || url.host.includes('{')) return;
    origin = url.origin;
  } catch {
    return; // relative (the map's own site), or no URL: nothing to open
  }
  const link = document.createElement('link');
  link.rel = 'preconnect';
  link.href = origin;
  document.head.append(link);
});

// The first Intl.DateTimeFormat of the places' time zone costs the browser
// ~60 ms at 4x CPU (its time zone data), and the app makes one as it
// mounts (src/clock.rs, the same options): made here while the WebAssembly
// downloads, when the page has nothing else to do, the app's costs ~1 ms.
config.then((c) => {
  if (typeof c.time_zone !== 'string') return;
  setTimeout(() => {
    try {
      const options = { timeZone: c.time_zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' };
      new Intl.DateTimeFormat('en-US', options).formatToParts(new Date());
    } catch {
      // an unknown zone: the app says so
    }
  });
});

/**
 * `response`, its body read as it arrives: `learnmapHead` resolves to its
 * first 8 KB (or all of it, if less), as soon as they are in, for the app to
 * read the extent the file states before its features
 * (learnmap_core::stated_extent); `learnmapBody` to all of it, an
 * ArrayBuffer. src/data_source.rs takes both.
 */
function readAsItArrives(response) {
  const HEAD = 8192;
  let haveHead;
  const head = new Promise((ok) => (haveHead = ok));
  const chunks = [];
  let size = 0;
  let headSent = false;
  const joined = () => {
    const all = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return all;
  };
  const body = (async () => {
    try {
      if (!response.body) {
        const all = new Uint8Array(await response.arrayBuffer());
        headSent = true;
        haveHead(all);
        return all.buffer;
      }
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        size += value.length;
        if (!headSent && size >= HEAD) {
          headSent = true;
          haveHead(joined());
        }
      }
      const all = joined();
      if (!headSent) {
        headSent = true;
        haveHead(all); // a body shorter than the head: all of it
      }
      chunks.length = 0; // not kept beside their copy (a large file twice over)
      return all.buffer;
    } finally {
      if (!headSent) haveHead(joined()); // what came before a failure
    }
  })();
  body.catch(() => {}); // the app reports a failed download when it asks
  response.learnmapHead = head;
  response.learnmapBody = body;
  return response;
}

/**
 * config.json as the app reads it (learnmap_core::config::parse_config): a
 * byte order mark before the JSON is allowed; anything that is not a JSON
 * object is no configuration ({}), as a missing file is.
 */
async function readConfig(response) {
  if (!response.ok) return {};
  const text = await response.clone().text();
  try {
    const config = JSON.parse(text.replace(/^\uFEFF/, ''));
    return config !== null && typeof config === 'object' && !Array.isArray(config) ? config : {};
  } catch {
    return {};
  }
}

// The interface language, chosen as the app chooses (lang=, the browser's
// languages, the site's default: chooseLanguage in public/i18n.js), and its
// texts for the app, fetched beside the WebAssembly (src/i18n.rs,
// install_early, takes them); the site's default is awaited only when
// neither lang= nor the browser names an interface language.
const language = choices.then(async (s) => {
  const code = chooseLanguage(s.languages, { fallback: null })
    ?? chooseLanguage(s.languages, { search: '', preferences: [], siteDefault: (await config).language });
  return s.languages.find((l) => l.code === code);
});
const localeFile = (name) =>
  language.then(async (l) => {
    const response = await fetch(new URL(`locales/${l.code}/${name}.json`, base).href);
    if (!response.ok) throw new Error(`locales/${l.code}/${name}.json: HTTP ${response.status}`);
    return response;
  });
globalThis.learnmapTexts = localeFile('app').then(async (r) => ({ lang: (await language).code, text: await r.text() }));
globalThis.learnmapTexts.catch(() => {}); // the app fetches them itself, or falls back to English

// Leaflet, for the map, and its stylesheet are loaded once the app's own
// files are in: on a slow network they then do not share their bandwidth, so
// the nearest places are listed sooner and the map follows
// (src/components/map_view.rs waits for both). The stylesheet goes before the
// app's own, which overrides some of its rules.
let loadLeaflet;
globalThis.learnmapLeaflet = new Promise((resolve, reject) => {
  loadLeaflet = () => {
    const loaded = (el) =>
      new Promise((ok, fail) => {
        el.onload = () => ok();
        el.onerror = () => fail(new Error(`could not load ${el.src || el.href}`));
      });
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('vendor/leaflet/leaflet.css', base).href;
    const script = document.createElement('script');
    script.src = new URL('vendor/leaflet/leaflet.js', base).href;
    Promise.all([loaded(css), loaded(script)]).then(() => resolve(), reject);
    document.head.insertBefore(css, document.head.querySelector('link[rel=stylesheet]'));
    document.head.append(script);
  };
});
globalThis.learnmapLeaflet.catch(() => {}); // the app reports it

// ---- texts of public/locales/<lang>/boot.json -------------------------------

/**
 * boot.json in `lang`, read once per language for the loading notice, the
 * crash notice and the saved copy's note; English when that language's
 * cannot be had. Resolves to `{ code, texts }`, `code` being the language
 * read (`texts` is {} when neither could be).
 */
function bootTexts(lang) {
  const code = /^[a-z]{2,3}$/.test(lang ?? '') ? lang : 'en';
  if (!bootTexts.loaded.has(code)) {
    const read = fetch(new URL(`locales/${code}/boot.json`, base))
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`locales/${code}/boot.json: HTTP ${r.status}`))))
      .then(
        (texts) => ({ code, texts }),
        () => (code === 'en' ? { code, texts: {} } : bootTexts('en')),
      );
    bootTexts.loaded.set(code, read);
  }
  return bootTexts.loaded.get(code);
}
bootTexts.loaded = new Map();

// Until the app is in, the page says it is loading; if the app's own files
// cannot be downloaded (a weak network drops out), it says so and offers to
// try again, never a blank page. In the resident's language
// (locales/<lang>/boot.json; English if that cannot be had: the words below).
// The app removes the notice when it mounts (src/lib.rs).
const notice = document.getElementById('lm-boot');
const FALLBACK = {
  loading: 'Loading the map of learning places…',
  failed: 'The map could not be loaded. Check your connection, then try again.',
  try_again: 'Try again',
};
const noticeTexts = Promise.all([choices, language])
  .then(async ([s, chosen]) => {
    const { code, texts } = await bootTexts(chosen.code);
    const l = s.languages.find((x) => x.code === code) ?? { code: 'en', dir: 'ltr', intl: 'en' };
    const t = formatter(l.intl, texts);
    return { l, t: (key) => (key in texts ? t(key) : FALLBACK[key]) };
  })
  .catch(() => ({ l: { code: 'en', dir: 'ltr' }, t: (key) => FALLBACK[key] }));
noticeTexts.then(({ l, t }) => {
  if (!notice || !notice.isConnected || notice.classList.contains('lm-error')) return;
  notice.lang = l.code;
  notice.dir = l.dir;
  notice.textContent = t('loading');
});

watchForCrashes();

try {
  const { default: init } = await import(new URL(me.dataset.js, base).href);
  await init({ module_or_path: new URL(me.dataset.wasm, base) });
  loadLeaflet();
  registerWorker();
} catch (error) {
  console.error('learnmap could not start:', error);
  if (notice) {
    const { l, t } = await noticeTexts;
    notice.lang = l.code;
    notice.dir = l.dir;
    const text = document.createElement('p');
    text.textContent = t('failed');
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'lm-retry';
    retry.textContent = t('try_again');
    retry.onclick = () => location.reload();
    notice.setAttribute('role', 'alert');
    notice.className = 'lm-boot lm-error';
    notice.replaceChildren(text, retry);
  }
}

/** `text` with each `{name}` replaced by `values[name]`. */
const fill = (text, values) => String(text ?? '').replace(/\{(\w+)\}/g, (m, name) => values[name] ?? m);

/** The interface language now: the app writes it on the page (src/components/app.rs), else boot.js's choice. */
const uiLang = () => document.documentElement.lang || 'en';

// ---- a crash is never silent --------------------------------------------------

/**
 * Once the app runs, a panic (src/crash.rs calls `learnmapCrash` with its
 * message, which it has also logged) or a WebAssembly trap (an error no
 * panic announced) stops it for good: the page says so, in the interface
 * language, with a button to reload it.
 */
function watchForCrashes() {
  let shown = false;
  const crashed = async (detail) => {
    if (shown) return;
    shown = true;
    console.error('learnmap stopped:', detail);
    const { code, texts } = await bootTexts(uiLang());
    const box = document.createElement('div');
    box.className = 'lm-crash';
    box.setAttribute('role', 'alert');
    box.lang = texts.crashed ? code : 'en';
    box.dir = box.lang === 'ar' ? 'rtl' : 'ltr';
    const text = document.createElement('p');
    text.textContent = texts.crashed ?? 'Sorry, the map stopped working. Reload the page to start it again.';
    const reload = document.createElement('button');
    reload.type = 'button';
    reload.className = 'lm-retry';
    reload.textContent = texts.reload ?? 'Reload';
    reload.onclick = () => location.reload();
    box.append(text, reload);
    document.body.append(box);
    reload.focus();
  };
  globalThis.learnmapCrash = (message) => crashed(message);
  const fromWasm = (error) => error instanceof WebAssembly.RuntimeError;
  addEventListener('error', (e) => fromWasm(e.error) && crashed(e.error));
  addEventListener('unhandledrejection', (e) => fromWasm(e.reason) && crashed(e.reason));
}

// ---- second visits and offline ------------------------------------------------

/**
 * The service worker (public/sw.js) keeps the shell for second visits and
 * offline. Where the browser does not allow one (an insecure page, a
 * sandboxed or storage-blocked iframe), the map works as before without it.
 */
function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  // once the page is in and the browser idle, so that it never delays the first results
  const register = async () => {
    try {
      await navigator.serviceWorker.register(new URL('sw.js', base));
    } catch (error) {
      console.info('learnmap: no offline copy here:', error?.message ?? error);
    }
  };
  const idle = () => (globalThis.requestIdleCallback ? requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 1000));
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}

/**
 * The last good copy of each data file, kept by the page in Cache Storage
 * (the service worker leaves it alone): src/saved.rs asks for it when a file
 * cannot be loaded, and hands over a file that loaded, which replaces the
 * copy only if it skipped no more entries than the copy did.
 */
globalThis.learnmapSaved = (() => {
  const open = async () => {
    try {
      return await caches.open('learnmap-data-v1');
    } catch {
      return null; // no Cache Storage here (an opaque origin, storage blocked)
    }
  };
  return {
    /** The saved copy of `url`: `{ bytes, savedAt }` (ms since 1970), or null. */
    async get(url) {
      const saved = await (await open())?.match(url);
      if (!saved) return null;
      return { bytes: await saved.arrayBuffer(), savedAt: Number(saved.headers.get('x-learnmap-saved')) || 0 };
    },
    /**
     * Keeps `bytes` (a Uint8Array) as `url`'s copy, unless the copy skipped
     * fewer entries; resolves to whether it did (also as `last`, for the tests).
     */
    keep(url, bytes, skipped) {
      this.last = (async () => {
        const cache = await open();
        if (!cache) return false;
        const saved = await cache.match(url);
        if (saved && Number(saved.headers.get('x-learnmap-skipped')) < skipped) return false;
        const headers = { 'x-learnmap-saved': String(Date.now()), 'x-learnmap-skipped': String(skipped) };
        await cache.put(url, new Response(bytes, { headers }));
        return true;
      })().catch(() => false);
      return this.last;
    },
    /** The status line's sentence for a copy saved at `savedAt`, in `code` ("… saved 3 days ago …"). */
    async note(savedAt, code) {
      const { code: read, texts } = await bootTexts(code);
      const seconds = (savedAt - Date.now()) / 1000;
      const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
      const [unit, size] = units.find(([, n]) => Math.abs(seconds) >= n) ?? ['minute', 60];
      let age;
      try {
        age = new Intl.RelativeTimeFormat(texts.saved_copy ? read : 'en', { numeric: 'auto' }).format(Math.round(seconds / size), unit);
      } catch {
        age = new Date(savedAt).toISOString().slice(0, 10);
      }
      return fill(texts.saved_copy ?? 'The latest data could not be loaded: showing the copy saved {age}.', { age });
    },
  };
})();
