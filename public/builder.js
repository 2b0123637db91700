// The embed builder: a form whose every change rewrites the preview frame and
// the snippet a webmaster copies into their site. Plain JS, no inline script
// or style, so it runs under the same strict Content Security Policy as the map.

import { loadTexts, shared } from './i18n.js';

// The builder's words (locales/<lang>/builder.json, English when the
// visitor's language has none) and, in the same language, the app's labels
// of the learning areas (locales/<lang>/app.json); the areas themselves are
// the vocabulary of shared.json, which the app's tests compare with the core's.
const texts = await loadTexts('builder');
const appTexts = await loadTexts('app', { lang: texts.lang });
const { t } = texts;
const choices = await shared();

const DEFAULT_ACCENT = '#0b5f8a';
const DEFAULT_HEIGHT = 600;
const MIN_HEIGHT = 400;
const MAX_HEIGHT = 1600;

/** The map's address, from this page's own (builder.html sits beside index.html). */
const MAP_BASE = new URL('./', document.baseURI);

const $ = (id) => document.getElementById(id);
const form = $('builder');
const preview = $('preview');
const snippet = $('snippet');
const snippetCss = $('snippet-css');
const status = $('copy-status');
const warning = $('custom-data-warning');
const viewWarning = $('view-warning');
const csp = $('csp');
const hostWarning = $('host-site-warning');

let config = { sources: [], theme: { accent: DEFAULT_ACCENT } };

/** The CSS the snippet needs: a wrapper the width of its column, a frame without border. */
const CSS = `.learnmap-embed { width: 100%; max-width: 100%; }
.learnmap-embed iframe { display: block; width: 100%; min-height: 400px; border: 0; }`;

function escapeAttr(text) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A finite number from an input, or null when empty or not a number. */
function numberOf(input) {
  if (input.value.trim() === '') return null;
  const n = Number(input.value);
  return Number.isFinite(n) ? n : null;
}

const clamp = (n, lo, hi) => Math.min(hi, Math.max(lo, n));
/** Up to `decimals` decimals, no trailing zeros. */
const trim = (n, decimals) => String(Number(n.toFixed(decimals)));

/** The data address the options ask for, or null for the default source. */
function dataParam() {
  const custom = $('custom-data').value.trim();
  if (custom) return custom;
  const i = Number($('source').value);
  if (i > 0 && config.sources[i]) return config.sources[i].url;
  return null;
}

/** The starting view's fields: whole when the latitude, longitude and zoom are all given, partial when only some are. */
function startingView() {
  const [lat, lon, zoom] = ['lat', 'lon', 'zoom'].map((id) => numberOf($(id)));
  const given = [lat, lon, zoom].filter((v) => v !== null).length;
  return { lat, lon, zoom, whole: given === 3, partial: given > 0 && given < 3 };
}

/** Says when the starting view is only partly given, which the snippet leaves out. */
function checkStartingView() {
  const message = startingView().partial ? t('view_partial') : '';
  viewWarning.textContent = message;
  viewWarning.hidden = !message;
}

/** The query for the current options, in a fixed order, defaults left out. */
export function buildQuery() {
  const q = new URLSearchParams();
  q.set('embed', '1');
  const data = dataParam();
  if (data) q.set('data', data);
  const accent = $('accent').value.toLowerCase();
  const defaultAccent = (config.theme?.accent ?? DEFAULT_ACCENT).toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(accent) && accent !== defaultAccent) q.set('theme', accent);
  const lang = $('lang').value;
  if (lang) q.set('lang', lang);
  // the map takes a starting view only whole: the centre and the zoom (bug:
  // a centre or a zoom alone went into the snippet, and the map ignored it)
  const view = startingView();
  if (view.whole) {
    q.set('center', `${trim(clamp(view.lat, -90, 90), 6)},${trim(clamp(view.lon, -180, 180), 6)}`);
    q.set('zoom', trim(clamp(view.zoom, 0, maxZoom()), 2));
  }
  const age = numberOf($('age'));
  if (age !== null) q.set('age', String(Math.round(clamp(age, 0, 120))));
  const areas = [...form.querySelectorAll('input[name="area"]:checked')].map((c) => c.value);
  if (areas.length) q.set('area', areas.join(','));
  if (form.elements.open.checked) q.set('open', 'now');
  if (form.elements.free.checked) q.set('free', '1');
  if (form.elements.wheelchair.checked) q.set('wheelchair', '1');
  if (form.elements.view.value === 'list') q.set('view', 'list');
  // the festival's days in "What's on" (config.json festival)
  const festival = festivalOf(config);
  if (festival && form.elements.festival?.checked) {
    q.set('show', 'events');
    q.set('when', `${festival.from}..${festival.to}`);
  }
  // commas need no escaping in a query, and the app writes them plain too
  return q.toString().replace(/%2C/g, ',');
}

/** config.json's festival with its days (YYYY-MM-DD), or null. */
export function festivalOf(c) {
  const f = c?.festival;
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!f || typeof f.name !== 'string' || !day.test(f.from ?? '') || !day.test(f.to ?? '') || f.to < f.from) return null;
  return { name: f.name, from: f.from, to: f.to };
}

/** The deepest zoom the map offers: config.json's tiles.max_zoom (0–22), else 19 (bug: links stopped at 19). */
function maxZoom() {
  const z = Number(config.tiles?.max_zoom);
  return Number.isFinite(z) ? clamp(Math.floor(z), 0, 22) : 19;
}

/** The origin of an address (parsed, so an explicit :443 is no different), or null. */
function originOf(address, base = MAP_BASE) {
  try {
    const url = new URL(String(address).trim(), base);
    return /^https?:$/.test(url.protocol) ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The origin of an address written in full (the webmaster's site), or null:
 * nothing is resolved against the map's own address.
 */
function absoluteOrigin(address) {
  try {
    const url = new URL(String(address).trim());
    return /^https?:$/.test(url.protocol) ? url.origin : null;
  } catch {
    return null;
  }
}

/** Whether the map will load `data=` from `origin`: the same rule as the map's (config.json's data_parameter, then allowed_data_origins). */
function dataAllowedFrom(origin) {
  const listed = (list) => (Array.isArray(list) ? list : []).map((o) => (o === 'self' ? MAP_BASE.origin : originOf(o)));
  const rule = config.data_parameter;
  if (rule === false) return false;
  if (Array.isArray(rule)) return listed(rule).includes(origin);
  return origin === MAP_BASE.origin || listed(config.allowed_data_origins).includes(origin);
}

/**
 * The Content-Security-Policy header for the map's pages with these options:
 * the tiles' server in img-src, the data's origins in connect-src, no <base>
 * (base-uri 'none') and framing only by the map's own site and the webmaster's
 * (frame-ancestors). The policy of docs/embedding.md, filled in.
 */
export function cspHeader() {
  const own = (origin) => origin && origin !== MAP_BASE.origin;
  const tiles = originOf(config.tiles?.url ?? 'https://tile.openstreetmap.org/') ?? 'https://tile.openstreetmap.org';
  const data = new Set();
  const custom = dataParam();
  const sources = custom ? [custom] : config.sources.map((s) => s.url);
  for (const address of sources) {
    const origin = originOf(address);
    if (own(origin) && (custom ? dataAllowedFrom(origin) : listedOrigin(origin))) data.add(origin);
  }
  const host = absoluteOrigin($('host-site').value);
  const ancestors = ["'self'", ...(own(host) ? [host] : [])];
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    `img-src 'self' data: ${tiles}`,
    ["connect-src 'self'", ...data].join(' '),
    "base-uri 'none'",
    `frame-ancestors ${ancestors.join(' ')}`,
  ].join('; ');
}

/** Whether config.json lists `origin` in allowed_data_origins (a configured source loads only from there or the map's site). */
function listedOrigin(origin) {
  return (Array.isArray(config.allowed_data_origins) ? config.allowed_data_origins : []).map((o) => originOf(o)).includes(origin);
}

/** Says when the site's address cannot go into frame-ancestors. */
function checkHostSite() {
  const value = $('host-site').value.trim();
  const message =
    value && !absoluteOrigin(value)
      ? t('host_site_warning')
      : '';
  hostWarning.textContent = message;
  hostWarning.hidden = !message;
}

function frameHeight() {
  const h = numberOf($('height'));
  return h === null ? DEFAULT_HEIGHT : Math.round(clamp(h, MIN_HEIGHT, MAX_HEIGHT));
}

/** Says when a custom data address is on another site, which the map refuses. */
function checkCustomData() {
  const custom = $('custom-data').value.trim();
  let message = '';
  if (custom) {
    try {
      const url = new URL(custom, MAP_BASE);
      // the same rule as the map's: its own origin, or one config.json allows
      if (config.data_parameter === false) {
        message = t('data_turned_off');
      } else if (!dataAllowedFrom(url.origin)) {
        message = t('data_refused', { origin: MAP_BASE.origin });
      }
    } catch {
      message = t('not_an_address');
    }
  }
  warning.textContent = message;
  warning.hidden = !message;
}

let previewTimer = 0;

function update() {
  const query = buildQuery();
  const height = frameHeight();
  const title = $('title').value.trim() || t('frame_title_fallback');
  const src = new URL(`?${query}`, MAP_BASE).href;
  snippet.value = `<div class="learnmap-embed">
  <iframe src="${escapeAttr(src)}"
          title="${escapeAttr(title)}"
          width="100%" height="${height}"
          loading="lazy" allow="geolocation"></iframe>
</div>`;
  snippetCss.value = CSS;
  csp.value = `Content-Security-Policy: ${cspHeader()}`;
  checkHostSite();
  preview.setAttribute('height', String(height));
  checkCustomData();
  checkStartingView();
  status.textContent = '';
  // typing reloads the map at most once per pause, not at every key
  clearTimeout(previewTimer);
  const next = `./?${query}`;
  previewTimer = setTimeout(() => {
    if (preview.getAttribute('src') !== next) preview.setAttribute('src', next);
  }, 200);
}

async function copy(textarea) {
  try {
    await navigator.clipboard.writeText(textarea.value);
    status.textContent = t(`copied_${textarea.dataset.what}`);
  } catch {
    // no clipboard access (an insecure page, or permission refused): select it for the visitor
    textarea.focus();
    textarea.select();
    const done = document.execCommand?.('copy');
    status.textContent = t(`${done ? 'copied' : 'selected'}_${textarea.dataset.what}`);
  }
}

function fillSources() {
  const select = $('source');
  select.replaceChildren();
  const sources = config.sources.length
    ? config.sources
    : [{ label: t('own_data'), url: '' }];
  sources.forEach((s, i) => {
    const option = document.createElement('option');
    option.value = String(i);
    option.textContent = i === 0 ? t('default_source', { label: s.label }) : s.label;
    select.append(option);
  });
}

/** The interface languages the map offers, each in its own name. */
function fillLanguages() {
  const select = $('lang');
  for (const l of choices.languages) {
    const option = document.createElement('option');
    option.value = l.code;
    option.lang = l.code;
    option.dir = l.dir;
    option.textContent = l.name;
    select.append(option);
  }
}

function fillAreas() {
  const box = $('areas');
  for (const value of choices.vocabulary.learning_areas) {
    const label = appTexts.t(`area.${value}`);
    const wrap = document.createElement('label');
    wrap.className = 'b-check';
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.name = 'area';
    input.value = value;
    wrap.append(input, ` ${label}`);
    box.append(wrap);
  }
}

async function loadConfig() {
  try {
    const response = await fetch(new URL('config.json', MAP_BASE));
    if (response.ok) {
      const c = await response.json();
      config = {
        ...c,
        sources: Array.isArray(c.sources)
          ? c.sources.filter((s) => s && typeof s.url === 'string' && typeof s.label === 'string')
          : [],
      };
    }
  } catch {
    // no configuration: the builder still works with the app's defaults
  }
  const accent = String(config.theme?.accent ?? DEFAULT_ACCENT).toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(accent)) $('accent').value = accent;
  if (config.center) {
    $('lat').placeholder = String(config.center.lat ?? '');
    $('lon').placeholder = String(config.center.lon ?? '');
  }
  if (config.zoom !== undefined) $('zoom').placeholder = String(config.zoom);
  // a configured map may go deeper than 19 (up to 22)
  $('zoom').max = String(maxZoom());
  $('zoom').labels[0].textContent = t('zoom', { max: maxZoom() });
  // the festival option, only when the site has one
  const festival = festivalOf(config);
  if (festival) {
    $('festival-label').textContent = t('festival_open', festival);
    $('festival-set').hidden = false;
  } else {
    $('festival-set').remove();
  }
}

texts.apply();
fillLanguages();
fillAreas();
await loadConfig();
fillSources();
form.addEventListener('input', update);
// the site's address sits beside the form, with the security policy it fills in
$('host-site').addEventListener('input', update);
form.addEventListener('change', update);
form.addEventListener('submit', (e) => e.preventDefault());
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.addEventListener('click', () => copy($(button.dataset.copy)));
}
update();
document.documentElement.dataset.ready = 'true';
