// The planners' page: coverage of learning provision by district.
//
// Places, districts and an optional population grid are read by the core
// (WebAssembly in pkg/planner/, crates/learnmap-planner-web); the question
// is the residents' filter parameters plus `within` and `detour`, read by
// the core too. This file only moves data between the form, the core, the
// map and the table. Text from data is always set as text (no innerHTML).
//
// Address: planner.html?districts=URL&district_id=P&district_name=P
//   &district_population=P&data=URL&population=URL&cell=M&within=M
//   &detour=F&<filter parameters>&compare=1&b.within=M&b.<filter parameters>
//   &label=TEXT&b.label=TEXT&lang=xx

import init, { Planner, vocabulary, normal_question } from './pkg/planner/planner.js';
import { loadTexts as loadPageTexts } from './i18n.js';

const BANDS = 4;
// Okabe–Ito based, safe for the common colour-vision deficiencies:
// within reach from near (dark blue) to the limit (light blue), beyond
// reach vermilion, no matching place at all reddish purple.
const COLOURS = ['#08306b', '#2171b5', '#6baed6', '#c6dbef', '#d55e00', '#cc79a7'];
const ALPHA = 170;
const DEFAULT_CELL = 100;
// The length of one piece of the search between two yields: well under the
// 50 ms that make a long task, long enough that the yields cost little.
const CHUNK_MS = 20;
const $ = (id) => document.getElementById(id);

const page = new URL(location.href);
const params = page.searchParams;
let texts;
// the Intl locale of the interface language (for numbers and sorting)
let lang = 'en';
let config = {};
let planner;
let vocab;
let grid = null;
let districtsGeoJSON = null;
let districtsLabel = '';
let placesLabel = '';
let results = [null, null];
let questions = [null, null];
let sort = { key: 'name', dir: 1 };
let map;
let overlay;
let outlines;
let computing = 0;

// ---------- texts ----------

// Texts: public/i18n.js (shared by the site's JavaScript pages), locales/<lang>/planner.json.
const t = (key, vars = {}) => texts.t(key, vars);

async function loadTexts() {
  texts = await loadPageTexts('planner', { siteDefault: config.language });
  lang = texts.intl;
  texts.apply(document);
  document.title = t('page_title');
}

// one formatter per kind (making one costs more than a table row)
const formats = new Map();
function format(options) {
  const key = `${lang} ${JSON.stringify(options)}`;
  if (!formats.has(key)) formats.set(key, new Intl.NumberFormat(lang, options));
  return formats.get(key);
}
const number = (value, digits = 0) => format({ maximumFractionDigits: digits }).format(value);
const percent = (share) => format({ style: 'percent', maximumFractionDigits: 1 }).format(share);
const metres = (m) => (m === null || m === undefined ? t('none_matching') : m >= 1000 ? t('km', { n: number(m / 1000, 1) }) : t('m', { n: number(m) }));

// ---------- status and problems ----------

function status(text) {
  $('status').textContent = text;
}

function showProblems(file, problems) {
  const list = $('problem-list');
  for (const p of problems.slice(0, 50)) {
    const li = document.createElement('li');
    li.textContent = `${file}:${p.line}:${p.column}: ${p.severity}[${p.code}]: ${p.message}${p.id ? ` (${p.id})` : ''}`;
    list.append(li);
  }
  if (problems.length > 50) {
    const li = document.createElement('li');
    li.textContent = t('more_problems', { count: problems.length - 50 });
    list.append(li);
  }
  $('problems').hidden = list.children.length === 0;
}

// ---------- loading ----------

function allowedUrl(value) {
  const url = new URL(value, page);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(t('bad_address', { url: value }));
  const allowed = (Array.isArray(config.allowed_data_origins) ? config.allowed_data_origins : [])
    .map((o) => String(o).replace(/\/$/, '').toLowerCase());
  if (url.origin !== page.origin && !allowed.includes(url.origin.toLowerCase())) {
    throw new Error(t('refused_origin', { url: value }));
  }
  return url;
}

async function fetchText(value) {
  const url = allowedUrl(value);
  const response = await fetch(url);
  if (!response.ok) throw new Error(t('fetch_failed', { url: value, status: response.status }));
  return response.text();
}

/** Guesses which property is the district's code and which its name. */
function guessFields(geojson) {
  const features = Array.isArray(geojson?.features) ? geojson.features : [];
  const keys = Object.keys(features[0]?.properties ?? {});
  const unique = (key) => {
    const seen = new Set();
    for (const f of features) {
      const v = f?.properties?.[key];
      if (v === null || v === undefined || v === '' || typeof v === 'object' || seen.has(v)) return false;
      seen.add(v);
    }
    return true;
  };
  const id = keys.find((k) => /^(id|code|geoid|.*code|.*_id|id_.*)$/i.test(k) && unique(k))
    ?? keys.find(unique) ?? 'id';
  const name = keys.find((k) => /name|label|bezeichnung|nom\b/i.test(k) && k !== id) ?? id;
  const population = keys.find((k) => /^(pop|population|einwohner|residents)/i.test(k)) ?? '';
  return { id, name, population };
}

async function loadDistricts(text, label, fields) {
  let geojson = null;
  try {
    geojson = JSON.parse(text);
  } catch {
    // the core says where the JSON breaks
  }
  const guessed = guessFields(geojson);
  const id = fields.id || guessed.id;
  const name = fields.name || guessed.name;
  const population = fields.population ?? guessed.population;
  $('district-id').value = id;
  $('district-name').value = name;
  $('district-population').value = population;
  const answer = JSON.parse(planner.load_districts(text, id, name, population || undefined));
  districtsGeoJSON = geojson;
  districtsLabel = label;
  showProblems(label, answer.problems);
  return answer.districts.length;
}

async function loadEverything() {
  $('problem-list').replaceChildren();
  const cfg = config.districts ?? {};
  const districtsUrl = params.get('districts') ?? cfg.url;
  const fields = {
    id: params.get('district_id') ?? (params.has('districts') ? '' : cfg.id ?? ''),
    name: params.get('district_name') ?? (params.has('districts') ? '' : cfg.name ?? ''),
    population: params.get('district_population') ?? (params.has('districts') ? undefined : cfg.population ?? ''),
  };
  const notes = [];
  if (districtsUrl) {
    const n = await loadDistricts(await fetchText(districtsUrl), districtsUrl, fields);
    notes.push(t('districts_loaded', { count: n, file: districtsUrl }));
  } else {
    notes.push(t('no_districts'));
  }
  const dataUrls = params.getAll('data').length
    ? params.getAll('data')
    : (Array.isArray(config.sources) ? config.sources.map((s) => s.url) : []);
  planner.clear_places();
  for (const url of dataUrls) {
    const answer = JSON.parse(planner.add_places(await fetchText(url)));
    notes.push(t('places_loaded', { count: answer.places, file: url, skipped: answer.skipped }));
  }
  placesLabel = dataUrls.join(', ');
  if (params.get('population')) {
    const url = params.get('population');
    const answer = JSON.parse(planner.load_population(await fetchText(url), 'population'));
    notes.push(t('population_loaded', { count: answer.points, people: number(answer.people), file: url }));
    showProblems(url, answer.problems);
  }
  $('data-status').textContent = notes.join(' ');
}

// ---------- the question form ----------

function checkbox(group, value, labelText, slot) {
  const id = `q${slot}-${group}-${value}`;
  const wrap = document.createElement('div');
  wrap.className = 'p-check';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.id = id;
  input.value = value;
  input.dataset.group = group;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = labelText;
  wrap.append(input, label);
  return wrap;
}

function buildQuestion(slot) {
  const node = $('question-template').content.firstElementChild.cloneNode(true);
  node.id = `q${slot}`;
  node.querySelector('legend').textContent = t(slot === 0 ? 'question_a' : 'question_b');
  for (const input of node.querySelectorAll('[data-name]')) input.id = `q${slot}-${input.dataset.name}`;
  for (const label of node.querySelectorAll('label[data-for]')) label.htmlFor = `q${slot}-${label.dataset.for}`;
  const groups = { ages: vocab.ages, area: vocab.areas, for: vocab.audiences };
  for (const [group, values] of Object.entries(groups)) {
    const box = node.querySelector(`[data-group="${group}"]`);
    for (const value of values) box.append(checkbox(group, value, t(`${group}.${value}`), slot));
  }
  texts.apply(node);
  node.querySelector('legend').textContent = t(slot === 0 ? 'question_a' : 'question_b');
  return node;
}

const field = (slot, name) => $(`q${slot}-${name}`);

/** Fills question `slot`'s fields from an address query (read by the core). */
function fillQuestion(slot, query) {
  const pairs = new URLSearchParams(normal_question(query));
  const node = $(`q${slot}`);
  for (const box of node.querySelectorAll('input[data-group]')) box.checked = false;
  for (const group of ['ages', 'area', 'for']) {
    for (const value of (pairs.get(group) ?? '').split(',')) {
      const box = $(`q${slot}-${group}-${value}`);
      if (box) box.checked = true;
    }
  }
  field(slot, 'age').value = pairs.get('age') ?? '';
  const open = pairs.get('open');
  field(slot, 'open').value = open ? (open === 'now' ? 'now' : 'at') : '';
  field(slot, 'open-at').value = open && open !== 'now' ? open : '';
  field(slot, 'free').checked = pairs.get('free') === '1';
  field(slot, 'wheelchair').checked = pairs.get('wheelchair') === '1';
  field(slot, 'speaks').value = pairs.get('speaks') ?? '';
  field(slot, 'within').value = pairs.get('within') ?? '';
  field(slot, 'detour').value = pairs.get('detour') ?? '1';
  // parameters the form has no field for (type=, q=) are kept as they are
  node.dataset.extra = new URLSearchParams(
    [...pairs].filter(([k]) => k === 'type' || k === 'q'),
  ).toString();
}

/** The address query of question `slot`, from its fields. */
function questionQuery(slot) {
  const q = new URLSearchParams();
  q.set('within', field(slot, 'within').value || '1000');
  if (field(slot, 'detour').value && field(slot, 'detour').value !== '1') q.set('detour', field(slot, 'detour').value);
  if (field(slot, 'age').value !== '') q.set('age', field(slot, 'age').value);
  for (const group of ['ages', 'area', 'for']) {
    const values = [...$(`q${slot}`).querySelectorAll(`input[data-group="${group}"]:checked`)].map((b) => b.value);
    if (values.length) q.set(group, values.join(','));
  }
  const open = field(slot, 'open').value;
  if (open === 'now') q.set('open', 'now');
  if (open === 'at' && field(slot, 'open-at').value) q.set('open', field(slot, 'open-at').value.slice(0, 16));
  if (field(slot, 'free').checked) q.set('free', '1');
  if (field(slot, 'wheelchair').checked) q.set('wheelchair', '1');
  if (field(slot, 'speaks').value.trim()) q.set('speaks', field(slot, 'speaks').value.trim());
  for (const [k, v] of new URLSearchParams($(`q${slot}`).dataset.extra ?? '')) q.set(k, v);
  return normal_question(q.toString());
}

function questionLabel(slot) {
  return field(slot, 'label').value.trim() || t(slot === 0 ? 'question_a' : 'question_b');
}

/** The query of the second question as written in the address (`b.` prefix). */
function prefixedQuery(prefix) {
  const q = new URLSearchParams();
  for (const [k, v] of params) {
    if (prefix ? k.startsWith(prefix) : !k.includes('.')) q.append(prefix ? k.slice(prefix.length) : k, v);
  }
  return q.toString();
}

function setCompare(on) {
  $('compare').checked = on;
  $('q1').hidden = !on;
  for (const input of $('q1').querySelectorAll('input, select')) input.disabled = !on;
}

// ---------- computing ----------

function nowLocal() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// A yield to the event loop that setTimeout's 4 ms clamp does not slow.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const breathe = () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(0); });

// The phases of a computation as performance measures (the benchmark reads
// them), each from the end of the one before.
let lastMark = 'planner:start';
function measure(name) {
  performance.mark(`${name}:end`);
  performance.measure(name, lastMark, `${name}:end`);
  lastMark = `${name}:end`;
}

async function compute() {
  const run = ++computing;
  const started = performance.now();
  const cell = Math.max(10, Math.min(5000, Number($('cell').value) || DEFAULT_CELL));
  $('cell').value = String(cell);
  status(t('computing'));
  document.body.dataset.state = 'computing';
  performance.clearMarks();
  performance.clearMeasures();
  performance.mark('planner:start');
  lastMark = 'planner:start';
  try {
    grid = JSON.parse(planner.make_grid(cell));
  } catch (e) {
    status(String(e.message ?? e));
    document.body.dataset.state = 'error';
    return;
  }
  const slots = $('compare').checked ? [0, 1] : [0];
  results = [null, null];
  // a sort by the second question's column has nothing to sort without it
  if (slots.length === 1 && sort.key.endsWith(':1')) sort = { key: 'name', dir: 1 };
  const now = nowLocal();
  for (const slot of slots) {
    questions[slot] = JSON.parse(planner.begin(slot, questionQuery(slot), now));
  }
  measure('planner:grid');
  // Chunks of about CHUNK_MS (growing at most twofold, as cells far from
  // any place cost more than the first), and a yield between every two
  // pieces of work, so that the page answers throughout; the progress is
  // written in steps of 10% (each change of the text costs a layout).
  const pause = async () => {
    await breathe();
    return run !== computing;
  };
  if (await pause()) return;
  let chunk = 2000;
  let shown = -1;
  for (const slot of slots) {
    let done = 0;
    while (done < 1) {
      const t0 = performance.now();
      done = planner.step(slot, chunk);
      const spent = performance.now() - t0;
      chunk = Math.max(500, Math.min(2 * chunk, Math.round(chunk * (CHUNK_MS / Math.max(spent, 0.1)))));
      const percent = Math.floor(((slot + done) / slots.length) * 10) * 10;
      if (percent !== shown && done < 1) {
        shown = percent;
        status(t('progress', { percent }));
      }
      if (await pause()) return;
    }
    measure(`planner:cells ${slot}`);
    results[slot] = JSON.parse(planner.result(slot));
    measure(`planner:figures ${slot}`);
    if (await pause()) return;
  }
  await render(pause);
  if (run !== computing) return;
  measure('planner:table');
  const ms = performance.now() - started;
  document.body.dataset.computeMs = String(Math.round(ms));
  status(t('done', { cells: number(grid.cells), ms: number(ms) }));
  document.body.dataset.state = 'ready';
  updateAddress();
}

// ---------- the map ----------

function setUpMap() {
  if (!window.L) return;
  const tiles = config.tiles ?? {};
  map = L.map('map', { zoomSnap: 0.25 });
  L.tileLayer(tiles.url ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: tiles.max_zoom ?? 19,
    attribution: '',
  }).addTo(map);
  map.attributionControl.setPrefix(false);
  const attribution = document.createElement('a');
  attribution.href = tiles.attribution_url ?? 'https://www.openstreetmap.org/copyright';
  attribution.textContent = tiles.attribution ?? '© OpenStreetMap contributors';
  map.attributionControl.addAttribution(attribution.outerHTML);
  map.setView([config.center?.lat ?? 53.55, config.center?.lon ?? 10.0], config.zoom ?? 11);
}

const toMercator = (lat) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
const fromMercator = (y) => (360 / Math.PI) * Math.atan(Math.exp(y)) - 90;

function hex(colour) {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
}

/** Draws question `slot`'s classes as an image over the grid (rows placed by Web Mercator). */
function drawLayer(slot) {
  if (!map || !results[slot]) return;
  const classes = planner.classes(slot, BANDS);
  const { cols, rows, west, south, dlon, dlat } = grid;
  const north = south + rows * dlat;
  const east = west + cols * dlon;
  const height = Math.min(4096, rows);
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = height;
  const context = canvas.getContext('2d');
  const image = context.createImageData(cols, height);
  const rgb = COLOURS.map(hex);
  const yTop = toMercator(north);
  const yBottom = toMercator(south);
  for (let py = 0; py < height; py++) {
    const lat = fromMercator(yTop + ((py + 0.5) / height) * (yBottom - yTop));
    const row = Math.min(rows - 1, Math.max(0, Math.floor((lat - south) / dlat)));
    for (let col = 0; col < cols; col++) {
      const c = classes[row * cols + col];
      if (c === 0) continue;
      const [r, g, b] = rgb[c - 1];
      const at = (py * cols + col) * 4;
      image.data[at] = r;
      image.data[at + 1] = g;
      image.data[at + 2] = b;
      image.data[at + 3] = ALPHA;
    }
  }
  context.putImageData(image, 0, 0);
  if (overlay) overlay.remove();
  overlay = L.imageOverlay(canvas.toDataURL('image/png'), [[south, west], [north, east]], {
    className: 'p-grid-layer',
    alt: t('map_label'),
  }).addTo(map);
  if (outlines) outlines.bringToFront();
}

function drawOutlines() {
  if (!map || !districtsGeoJSON) return;
  if (outlines) outlines.remove();
  outlines = L.geoJSON(districtsGeoJSON, {
    style: { color: '#1b1f24', weight: 1, fill: false, opacity: 0.7 },
    interactive: false,
  }).addTo(map);
  const bounds = outlines.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds);
}

function renderLegend() {
  const list = $('legend-items');
  list.replaceChildren();
  const within = questions[layerSlot()]?.within ?? 1000;
  const labels = [];
  for (let b = 0; b < BANDS; b++) {
    labels.push(t('legend_band', { from: metres((within * b) / BANDS), to: metres((within * (b + 1)) / BANDS) }));
  }
  labels.push(t('legend_beyond', { within: metres(within) }));
  labels.push(t('legend_none'));
  labels.forEach((text, i) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `p-swatch p-swatch-${i}`;
    swatch.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.textContent = text;
    li.append(swatch, label);
    list.append(li);
  });
}

function layerSlot() {
  const checked = document.querySelector('input[name="layer"]:checked');
  return results[1] && checked ? Number(checked.value) : 0;
}

// ---------- the table ----------

const COLUMNS_ONE = ['name', 'id', 'places', 'share', 'median_m', 'p90_m'];

function columns() {
  if (!results[1]) return COLUMNS_ONE.map((key) => ({ key, slot: 0 }));
  return [
    { key: 'name', slot: 0 }, { key: 'id', slot: 0 },
    { key: 'places', slot: 0 }, { key: 'share', slot: 0 }, { key: 'median_m', slot: 0 },
    { key: 'places', slot: 1 }, { key: 'share', slot: 1 }, { key: 'median_m', slot: 1 },
    { key: 'gap', slot: 0 },
  ];
}

function columnTitle(col) {
  const base = t(`col_${col.key}`);
  if (!results[1] || col.key === 'name' || col.key === 'id' || col.key === 'gap') return base;
  return `${base} (${questionLabel(col.slot)})`;
}

function value(row, col, i) {
  if (col.key === 'name' || col.key === 'id') return row[col.key];
  if (col.key === 'gap') return results[0].districts[i].share - results[1].districts[i].share;
  return results[col.slot].districts[i][col.key];
}

function cellText(col, v) {
  if (col.key === 'share') return percent(v);
  if (col.key === 'gap') return t('points', { n: number(v * 100, 1) });
  if (col.key === 'median_m' || col.key === 'p90_m') return metres(v);
  if (col.key === 'places') return number(v);
  return String(v);
}

function renderTable() {
  const cols = columns();
  const head = document.createElement('tr');
  cols.forEach((col, c) => {
    const th = document.createElement('th');
    th.scope = 'col';
    const sortKey = `${col.key}:${col.slot}`;
    if (sort.key === sortKey || (sort.key === 'name' && col.key === 'name')) {
      th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = columnTitle(col);
    button.addEventListener('click', () => {
      const key = col.key === 'name' ? 'name' : sortKey;
      sort = { key, dir: sort.key === key ? -sort.dir : 1 };
      renderTable();
      $('thead').querySelectorAll('button')[c]?.focus();
    });
    th.append(button);
    head.append(th);
  });
  $('thead').replaceChildren(head);

  const rows = results[0].districts.map((d, i) => ({ d, i }));
  const sortCol = sort.key === 'name'
    ? { key: 'name', slot: 0 }
    : { key: sort.key.split(':')[0], slot: Number(sort.key.split(':')[1]) };
  rows.sort((a, b) => {
    const va = value(a.d, sortCol, a.i);
    const vb = value(b.d, sortCol, b.i);
    const order = typeof va === 'string'
      ? va.localeCompare(vb, lang, { numeric: true })
      : (va ?? Infinity) - (vb ?? Infinity);
    return order * sort.dir || a.i - b.i;
  });
  const body = [];
  for (const { d, i } of rows) {
    const tr = document.createElement('tr');
    tr.dataset.districtId = d.id;
    tr.dataset.coveredShare = String(d.share);
    if (results[1]) tr.dataset.coveredShareB = String(results[1].districts[i].share);
    cols.forEach((col, c) => {
      const cell = document.createElement(c === 0 ? 'th' : 'td');
      if (c === 0) cell.scope = 'row';
      cell.textContent = cellText(col, value(d, col, i));
      if (col.key === 'gap' && value(d, col, i) >= 0.2) cell.classList.add('p-gap');
      tr.append(cell);
    });
    body.push(tr);
  }
  $('tbody').replaceChildren(...body);

  const total = document.createElement('tr');
  total.dataset.total = '';
  total.dataset.coveredShare = String(results[0].total.share);
  if (results[1]) total.dataset.coveredShareB = String(results[1].total.share);
  cols.forEach((col, c) => {
    const cell = document.createElement(c === 0 ? 'th' : 'td');
    if (c === 0) {
      cell.scope = 'row';
      cell.textContent = t('total');
    } else if (col.key === 'id') {
      cell.textContent = '';
    } else if (col.key === 'gap') {
      cell.textContent = cellText(col, results[0].total.share - results[1].total.share);
    } else {
      cell.textContent = cellText(col, results[col.slot].total[col.key]);
    }
    total.append(cell);
  });
  $('tfoot').replaceChildren(total);
  const by = results[0].by_population
    ? t('by_population')
    : results[0].total_by_population ? t('by_area_total_population') : t('by_area');
  $('caption').textContent = results[1]
    ? t('caption_compare', { a: questionLabel(0), b: questionLabel(1), by })
    : t('caption_one', { a: questionLabel(0), within: metres(results[0].within), by });
}

/**
 * Shows the results: the map layer, then (after `pause`, a yield) the
 * table. The layer first, while the page's layout is still clean: Leaflet
 * measures the map when the layer is added, which after a new table would
 * force the table's whole layout inside this task.
 */
async function render(pause) {
  drawLayer(layerSlot());
  measure('planner:layer');
  if (await pause()) return;
  renderTable();
  $('layer-choice').hidden = !results[1];
  $('layer-a').textContent = questionLabel(0);
  $('layer-b').textContent = questionLabel(1);
  renderLegend();
  $('csv').disabled = false;
  $('share').disabled = false;
}

// ---------- CSV, share link, print ----------

function csvCell(v) {
  let s = v === null || v === undefined ? '' : String(v);
  // a text starting with = + - @ would be a formula in a spreadsheet
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv() {
  const slots = results[1] ? [0, 1] : [0];
  const header = ['district_id', 'district_name', 'population'];
  for (const s of slots) {
    const p = slots.length > 1 ? (s === 0 ? 'a_' : 'b_') : '';
    header.push(`${p}places`, `${p}covered_share`, `${p}median_m`, `${p}p90_m`);
  }
  const lines = [header.join(',')];
  const round = (v) => (v === null ? '' : Math.round(v));
  results[0].districts.forEach((d, i) => {
    const row = [d.id, d.name, d.population ?? ''];
    for (const s of slots) {
      const r = results[s].districts[i];
      row.push(r.places, r.share.toFixed(6), round(r.median_m), round(r.p90_m));
    }
    lines.push(row.map(csvCell).join(','));
  });
  const total = ['', t('total'), ''];
  for (const s of slots) {
    const r = results[s].total;
    total.push(r.places, r.share.toFixed(6), round(r.median_m), round(r.p90_m));
  }
  lines.push(total.map(csvCell).join(','));
  const notes = slots.map((s) => `# ${s === 0 ? 'a' : 'b'}: ${questionLabel(s)}: ${questionQuery(s)}`);
  return `${lines.join('\n')}\n${notes.join('\n')}\n`;
}

function download() {
  const blob = new Blob([csv()], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'coverage.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

function shareQuery() {
  const out = new URLSearchParams();
  if (params.get('lang')) out.set('lang', params.get('lang'));
  // districts named in the address keep their file and fields in the link
  // (those of config.json need none; a file opened locally cannot be linked)
  if (params.get('districts')) {
    out.set('districts', params.get('districts'));
    out.set('district_id', $('district-id').value);
    out.set('district_name', $('district-name').value);
    if ($('district-population').value) out.set('district_population', $('district-population').value);
  }
  if (params.get('population')) out.set('population', params.get('population'));
  for (const url of params.getAll('data')) out.append('data', url);
  out.set('cell', $('cell').value || String(DEFAULT_CELL));
  for (const [k, v] of new URLSearchParams(questionQuery(0))) out.append(k, v);
  if (field(0, 'label').value.trim()) out.set('label', field(0, 'label').value.trim());
  if ($('compare').checked) {
    out.set('compare', '1');
    for (const [k, v] of new URLSearchParams(questionQuery(1))) out.append(`b.${k}`, v);
    if (field(1, 'label').value.trim()) out.set('b.label', field(1, 'label').value.trim());
  }
  return out.toString().replace(/%2C/g, ',');
}

function updateAddress() {
  const link = new URL(page.pathname, page.origin);
  link.search = shareQuery();
  $('share-link').value = link.href;
  history.replaceState(null, '', link.href);
}

// ---------- local files ----------

async function readFile(input) {
  const file = input.files?.[0];
  return file ? { name: file.name, text: await file.text() } : null;
}

function wireFiles() {
  $('districts-file').addEventListener('change', async () => {
    const f = await readFile($('districts-file'));
    if (!f) return;
    try {
      $('problem-list').replaceChildren();
      const n = await loadDistricts(f.text, f.name, { id: '', name: '', population: undefined });
      params.delete('districts');
      $('data-status').textContent = t('districts_loaded', { count: n, file: f.name });
      drawOutlines();
    } catch (e) {
      status(String(e.message ?? e));
    }
  });
  const refields = async () => {
    if (!districtsGeoJSON) return;
    try {
      const text = JSON.stringify(districtsGeoJSON);
      $('problem-list').replaceChildren();
      const answer = JSON.parse(planner.load_districts(text, $('district-id').value.trim(), $('district-name').value.trim(),
        $('district-population').value.trim() || undefined));
      showProblems(districtsLabel, answer.problems);
    } catch (e) {
      status(String(e.message ?? e));
    }
  };
  for (const id of ['district-id', 'district-name', 'district-population']) $(id).addEventListener('change', refields);
  $('places-file').addEventListener('change', async () => {
    const f = await readFile($('places-file'));
    if (!f) return;
    try {
      planner.clear_places();
      const answer = JSON.parse(planner.add_places(f.text));
      params.delete('data');
      placesLabel = f.name;
      $('data-status').textContent = t('places_loaded', { count: answer.places, file: f.name, skipped: answer.skipped });
    } catch (e) {
      status(String(e.message ?? e));
    }
  });
  $('population-file').addEventListener('change', async () => {
    const f = await readFile($('population-file'));
    if (!f) return;
    try {
      const answer = JSON.parse(planner.load_population(f.text, 'population'));
      params.delete('population');
      showProblems(f.name, answer.problems);
      $('data-status').textContent = t('population_loaded', { count: answer.points, people: number(answer.people), file: f.name });
    } catch (e) {
      status(String(e.message ?? e));
    }
  });
}

// ---------- start ----------

async function start() {
  try {
    const response = await fetch('config.json');
    if (response.ok) config = await response.json();
  } catch {
    // no configuration: defaults
  }
  await Promise.all([loadTexts(), init()]);
  planner = new Planner();
  vocab = JSON.parse(vocabulary());
  $('questions').append(buildQuestion(0), buildQuestion(1));
  fillQuestion(0, prefixedQuery(''));
  fillQuestion(1, params.get('compare') === '1' ? prefixedQuery('b.') : 'within=1000');
  field(0, 'label').value = params.get('label') ?? '';
  field(1, 'label').value = params.get('b.label') ?? '';
  setCompare(params.get('compare') === '1');
  $('cell').value = params.get('cell') ?? String(DEFAULT_CELL);
  $('compare').addEventListener('change', () => setCompare($('compare').checked));
  $('question').addEventListener('submit', (e) => {
    e.preventDefault();
    compute();
  });
  $('csv').addEventListener('click', download);
  $('share').addEventListener('click', async () => {
    updateAddress();
    try {
      await navigator.clipboard.writeText($('share-link').value);
      status(t('copied'));
    } catch {
      $('share-link').select();
      status(t('copy_by_hand'));
    }
  });
  $('print').addEventListener('click', () => window.print());
  for (const radio of document.querySelectorAll('input[name="layer"]')) {
    radio.addEventListener('change', () => {
      renderLegend();
      drawLayer(layerSlot());
    });
  }
  wireFiles();
  setUpMap();
  try {
    await loadEverything();
  } catch (e) {
    $('data-status').textContent = String(e.message ?? e);
    document.body.dataset.state = 'error';
    return;
  }
  drawOutlines();
  if (districtsGeoJSON) await compute();
  else document.body.dataset.state = 'waiting';
}

start();
