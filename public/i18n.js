// learnmap's interface texts for the pages written in JavaScript (boot.js,
// the embed builder, the stewards' and planners' pages). The Leptos app reads
// the same files (src/i18n.rs).
//
// FILES
//   shared.json               the interface languages ("languages": code, own
//                             name, dir, the locale Intl formats with) and the
//                             default; src/i18n.rs is tested against it.
//   locales/<lang>/<page>.json   one file per language and page (app, boot,
//                             builder, steward, planner): a flat JSON object
//     "key": "text with {placeholder}s"
//     "key": {"one": "{count} place", "other": "{count} places"}
//                             a plural: CLDR categories, chosen by
//                             Intl.PluralRules from the number in `count`
//                             ("_by": "total" chooses by another argument;
//                             a category's text may itself be a plural)
//     "_meta": {"language": "pt", "reviewed": false, "note": "..."}
//                             reviewed: false until a native speaker checked it
//   English is complete for every page; the other languages must have the
//   same keys, placeholders and the plural categories their language needs
//   (tests/i18n/locales.test.mjs, and the app's cargo test).
//
// API (everything else in this file is private)
//   await loadTexts(page, options?) -> texts
//       chooses the language (chooseLanguage) and fetches
//       locales/<lang>/<page>.json; falls back to English when that file
//       cannot be had. options: { base: URL locales/ and shared.json sit in
//       (default: the page's own folder), lang: force a language,
//       siteDefault: the site's default language (config.json "language") }
//   texts.lang, texts.dir ('ltr' | 'rtl'), texts.intl (the Intl locale)
//   texts.t(key, args?) -> string   a missing key gives the key itself (and a
//       console warning); numbers in args are written with Intl.NumberFormat
//   texts.number(n, options?) -> string   Intl.NumberFormat in the language
//   texts.apply(root?)   sets <html lang dir> and fills elements marked
//       data-i18n="key" (text) and data-i18n-attr="attr:key attr2:key2"
//   await languages(base?) -> [{code, name, dir, intl}]   from shared.json
//   await shared(base?) -> the whole of shared.json (config_url, demo_data_url,
//       vocabulary: the values of learning_areas, age_groups, audiences, place_types)
//   chooseLanguage(offered, { search, preferences, siteDefault, fallback })
//       -> code: lang= in the address (search), else the browser's languages
//       (navigator.languages), else the site's default, else `fallback`
//       ('en'); a tag matches by its primary subtag ("fr-CA" -> fr, "zh-Hans" -> zh),
//       as the app's Lang::negotiate does.
//   formatter(intl, messages) -> t(key, args)   for texts already fetched

const cache = new Map();

/** The JSON at `url`, fetched once per page (a failed fetch is retried next time). */
function json(url) {
  const key = String(url);
  if (!cache.has(key)) {
    const p = fetch(key).then((r) => {
      if (!r.ok) throw new Error(`${key}: HTTP ${r.status}`);
      return r.json();
    });
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return cache.get(key);
}

const folder = () => new URL('./', document.baseURI);

export function shared(base = folder()) {
  return json(new URL('shared.json', base));
}

/** The interface languages, in the order the language pickers list them. */
export async function languages(base = folder()) {
  return (await shared(base)).languages;
}

/** The primary subtag of a language tag, lower case: "fr-CA" -> "fr". */
const primary = (tag) => String(tag ?? '').trim().split(/[-_]/)[0].toLowerCase();

export function chooseLanguage(offered, {
  search = globalThis.location?.search ?? '',
  preferences = globalThis.navigator?.languages ?? [globalThis.navigator?.language],
  siteDefault = null,
  fallback = 'en',
} = {}) {
  const codes = offered.map((l) => (typeof l === 'string' ? l : l.code));
  const wanted = new URLSearchParams(search).get('lang');
  const found = [wanted, ...(preferences ?? []), siteDefault]
    .map(primary)
    .find((code) => codes.includes(code));
  return found ?? fallback;
}

/** The CLDR category of `n` in `intl`, and an Intl.NumberFormat, made once per locale. */
const rules = new Map();
function pluralRules(intl) {
  if (!rules.has(intl)) rules.set(intl, new Intl.PluralRules(intl));
  return rules.get(intl);
}
const numberFormats = new Map();
function numberFormat(intl, options = {}) {
  const key = `${intl} ${JSON.stringify(options)}`;
  if (!numberFormats.has(key)) numberFormats.set(key, new Intl.NumberFormat(intl, options));
  return numberFormats.get(key);
}

/** The text of a plural object for `args` (nested plurals choose again). */
function choose(value, args, intl) {
  while (value !== null && typeof value === 'object') {
    const n = Number(args[value._by ?? 'count']);
    const category = Number.isFinite(n) ? pluralRules(intl).select(n) : 'other';
    value = value[category] ?? value.other;
  }
  return value;
}

export function formatter(intl, messages) {
  return function t(key, args = {}) {
    let text = messages[key];
    if (text === undefined || key === '_meta') {
      console.warn(`learnmap: no text "${key}" in ${intl}`);
      return key;
    }
    text = choose(text, args, intl);
    return String(text).replace(/\{([a-z_][a-z0-9_]*)\}/gi, (whole, name) => {
      if (!Object.hasOwn(args, name)) return whole;
      const v = args[name];
      return typeof v === 'number' ? numberFormat(intl).format(v) : String(v);
    });
  };
}

export async function loadTexts(page, options = {}) {
  const base = options.base ?? folder();
  const offered = await languages(base);
  const code = options.lang && offered.some((l) => l.code === options.lang)
    ? options.lang
    : chooseLanguage(offered, { siteDefault: options.siteDefault });
  let language = offered.find((l) => l.code === code) ?? offered[0];
  let messages;
  try {
    messages = await json(new URL(`locales/${language.code}/${page}.json`, base));
  } catch (error) {
    if (language.code === 'en') throw error;
    console.warn(`learnmap: ${error.message}; the texts are shown in English`);
    language = offered.find((l) => l.code === 'en');
    messages = await json(new URL(`locales/en/${page}.json`, base));
  }
  const intl = language.intl ?? language.code;
  const t = formatter(intl, messages);
  return {
    lang: language.code,
    dir: language.dir,
    intl,
    messages,
    t,
    number: (n, opts) => numberFormat(intl, opts).format(n),
    apply(root = document) {
      const html = root.documentElement ?? root.ownerDocument?.documentElement;
      if (root === document && html) {
        html.lang = language.code;
        html.dir = language.dir;
      }
      for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
      for (const el of root.querySelectorAll('[data-i18n-attr]')) {
        for (const pair of el.dataset.i18nAttr.trim().split(/\s+/)) {
          const [attr, key] = pair.split(':');
          if (attr && key) el.setAttribute(attr, t(key));
        }
      }
    },
  };
}
