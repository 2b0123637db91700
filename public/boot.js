// Starts learnmap without any inline script, so that the page runs under a
// strict Content Security Policy. Trunk writes the hashed names of the
// wasm-bindgen glue and the WebAssembly module into this script's element.
const me = document.querySelector('script[data-js][data-wasm]');
const base = document.baseURI;

// While the WebAssembly downloads, start fetching the data the app will ask
// for, so a slow network pays one round trip less. Only addresses on this
// page's own origin are fetched here; anything else waits for the app, which
// checks it against the site's allowed origins first. The app takes these
// responses by address (src/data_source.rs), or fetches itself when it
// decides otherwise.
const early = new Map();
globalThis.learnmapEarly = early;
const configUrl = new URL('config.json', base).href;
const config = fetch(configUrl);
config.catch(() => {});
early.set(configUrl, config.then((r) => r.clone()));
config
  .then((r) => (r.ok ? r.clone().json() : {}))
  .catch(() => ({}))
  .then((config) => {
    const wanted = new URL(location.href).searchParams.get('data');
    const sources = Array.isArray(config?.sources) ? config.sources : [];
    const urls = wanted !== null
      ? [wanted]
      : sources.length > 0
        ? sources.map((s) => s?.url).filter((u) => typeof u === 'string')
        : ['data/demo/learning-spaces.geojson']; // DEMO_DATA_URL in src/data_source.rs
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
  });

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
// try again, never a blank page. In the resident's language, chosen as the app
// chooses (lang=, then the browser's languages): the app's own texts are in
// the wasm, which is what may be missing. The app removes the notice when it
// mounts (src/lib.rs).
const TEXTS = {
  en: ['Loading the map of learning places…', 'The map could not be loaded. Check your connection, then try again.', 'Try again'],
  fr: ['Chargement de la carte des lieux d’apprentissage…', 'La carte n’a pas pu être chargée. Vérifiez votre connexion, puis réessayez.', 'Réessayer'],
  es: ['Cargando el mapa de lugares de aprendizaje…', 'No se pudo cargar el mapa. Comprueba tu conexión y vuelve a intentarlo.', 'Reintentar'],
  de: ['Die Karte der Lernorte wird geladen …', 'Die Karte konnte nicht geladen werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.', 'Erneut versuchen'],
  ar: ['جارٍ تحميل خريطة أماكن التعلّم…', 'تعذّر تحميل الخريطة. تحقّق من اتصالك ثم أعد المحاولة.', 'أعد المحاولة'],
};
const lang =
  [new URL(location.href).searchParams.get('lang'), ...navigator.languages, navigator.language]
    .map((tag) => String(tag ?? '').split(/[-_]/)[0].toLowerCase())
    .find((code) => Object.hasOwn(TEXTS, code)) ?? 'en';
const [loading, failed, again] = TEXTS[lang];
const notice = document.getElementById('lm-boot');
if (notice) {
  notice.lang = lang;
  notice.dir = lang === 'ar' ? 'rtl' : 'ltr';
  notice.textContent = loading;
}

watchForCrashes();

try {
  const { default: init } = await import(new URL(me.dataset.js, base).href);
  await init({ module_or_path: new URL(me.dataset.wasm, base) });
  loadLeaflet();
  registerWorker();
} catch (error) {
  console.error('learnmap could not start:', error);
  if (notice) {
    const text = document.createElement('p');
    text.textContent = failed;
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'lm-retry';
    retry.textContent = again;
    retry.onclick = () => location.reload();
    notice.setAttribute('role', 'alert');
    notice.className = 'lm-boot lm-error';
    notice.replaceChildren(text, retry);
  }
}

// ---- texts of public/locales/<lang>/boot.json -------------------------------

/** The page's texts in `lang` (the interface language), else in English; {} when neither can be read. */
const bootTexts = (() => {
  const loaded = new Map();
  const read = (code) =>
    fetch(new URL(`locales/${code}/boot.json`, base))
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${r.status}`))));
  return (lang) => {
    const code = /^[a-z]{2,3}$/.test(lang ?? '') ? lang : 'en';
    if (!loaded.has(code)) {
      const texts = read(code).catch(() => (code === 'en' ? {} : read('en'))).catch(() => ({}));
      loaded.set(code, texts);
    }
    return loaded.get(code);
  };
})();

/** `text` with each `{name}` replaced by `values[name]`. */
const fill = (text, values) => String(text ?? '').replace(/\{(\w+)\}/g, (m, name) => values[name] ?? m);

/** The interface language now: the app writes it on the page (src/components/app.rs), else boot.js's choice. */
const uiLang = () => document.documentElement.lang || lang;

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
    const code = uiLang();
    const texts = await bootTexts(code);
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
      const texts = await bootTexts(code);
      const seconds = (savedAt - Date.now()) / 1000;
      const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
      const [unit, size] = units.find(([, n]) => Math.abs(seconds) >= n) ?? ['minute', 60];
      let age;
      try {
        age = new Intl.RelativeTimeFormat(texts.saved_copy ? code : 'en', { numeric: 'auto' }).format(Math.round(seconds / size), unit);
      } catch {
        age = new Date(savedAt).toISOString().slice(0, 10);
      }
      return fill(texts.saved_copy ?? 'The latest data could not be loaded: showing the copy saved {age}.', { age });
    },
  };
})();
