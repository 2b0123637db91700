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

try {
  const { default: init } = await import(new URL(me.dataset.js, base).href);
  await init({ module_or_path: new URL(me.dataset.wasm, base) });
  loadLeaflet();
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
