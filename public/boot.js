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
    // The body is read here too, as it arrives: when the app asks, the
    // bytes are ready within the same task as its first render, so the
    // browser does not lay out and paint the page without results first.
    const response = fetch(url.href).then(async (r) => {
      r.learnmapBody = await r.arrayBuffer();
      return r;
    });
    response.catch(() => {}); // the app reports failures when it asks
    early.set(url.href, response);
  }
}, () => {});

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
const bootTexts = Promise.all([language, localeFile('boot').then((r) => r.json())])
  .then(([l, messages]) => ({ l, t: formatter(l.intl, messages) }))
  .catch(() => ({ l: { code: 'en', dir: 'ltr' }, t: (key) => FALLBACK[key] }));
bootTexts.then(({ l, t }) => {
  if (!notice || !notice.isConnected || notice.classList.contains('lm-error')) return;
  notice.lang = l.code;
  notice.dir = l.dir;
  notice.textContent = t('loading');
});

try {
  const { default: init } = await import(new URL(me.dataset.js, base).href);
  await init({ module_or_path: new URL(me.dataset.wasm, base) });
  loadLeaflet();
} catch (error) {
  console.error('learnmap could not start:', error);
  if (notice) {
    const { l, t } = await bootTexts;
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
