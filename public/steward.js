// The stewards' workbench (steward.html): open a file, map its fields, see
// the problems exactly as `learnmap-data import` reports them, correct
// values, compare with the published file and export. The importer runs in
// steward-worker.js (WebAssembly), so the page never freezes; files stay in
// the browser. Text from files is only ever set as text (never innerHTML).

const OUT_NAME = 'learning-spaces.geojson';
const GEOMETRY = '@geometry'; // a GeoJSON feature's position in the correction form (learnmap_import::GEOMETRY_FIELD)
const PAGE = 50;
const PROBLEMS_PAGE = 200;

// ---- texts: public/locales/<lang>/steward.json, through the shared i18n.js ----
import { loadTexts } from './i18n.js';

let texts = null;
const t = (key, args) => texts.t(key, args);

// ---- small DOM helpers ----
const $ = (id) => document.getElementById(id);
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// ---- timings: performance measures named steward:*, read by bench/steward.mjs ----
function measure(name, start, end = performance.now()) {
  try {
    performance.measure(name, { start, end });
  } catch { /* an old browser: no measures */ }
}

// ---- the worker ----
const worker = new Worker(new URL('./steward-worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
const pending = new Map();
worker.onmessage = (event) => {
  const { id, result, error, ms } = event.data;
  const p = pending.get(id);
  if (!p) return;
  pending.delete(id);
  // the worker's own time for each call, beside the page's marks (bench/steward.mjs reads them)
  if (ms !== undefined) measure(`steward:worker:${p.op}`, performance.now() - ms, performance.now());
  measure(`steward:call:${p.op}`, p.posted);
  if (error !== undefined) p.reject(new Error(error));
  else p.resolve(result);
};
function call(op, ...args) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, op, posted: performance.now() });
    worker.postMessage({ id, op, args });
  });
}

// ---- state ----
const state = {
  name: null, // the source file's name
  original: null, // its bytes as opened
  bytes: null, // with the corrections applied
  format: null,
  fixes: [], // [{line, field, value, before}]
  mapping: null, // the mapping as a plain object (TOML tables)
  inspect: null,
  result: null,
  vocab: null,
  published: null, // {name, error} once the worker has loaded it
  publishedReady: null,
  page: 0,
  problemsShown: PROBLEMS_PAGE,
  selected: null,
  run: 0,
};

function setStatus(text) {
  $('status').textContent = text;
}
function showError(text) {
  $('error').hidden = !text;
  $('error').textContent = text || '';
}

// ---- TOML ----
const bare = /^[A-Za-z0-9_-]+$/;
const key = (k) => (bare.test(k) ? k : JSON.stringify(k));
function tomlValue(v) {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${key(k)} = ${tomlValue(x)}`).join(', ')} }`;
  return '""';
}
function toToml(m) {
  const lines = [];
  const table = (name, obj) => {
    const entries = Object.entries(obj || {}).filter(([, v]) => v !== undefined && v !== null);
    if (!entries.length) return;
    lines.push('', `[${name}]`);
    for (const [k, v] of entries) lines.push(`${key(k)} = ${tomlValue(v)}`);
  };
  lines.push('# Written by the stewards\' workbench (steward.html); use it with');
  lines.push('#   learnmap-data import --mapping THIS_FILE INPUT --out learning-spaces.geojson');
  if (m.name) lines.push(`name = ${tomlValue(m.name)}`);
  if (m.source) lines.push(`source = ${tomlValue(m.source)}`);
  table('input', m.input);
  table('properties', m.properties);
  table('defaults', m.defaults);
  table('always', m.always);
  for (const [target, values] of Object.entries(m.values || {})) table(`values.${key(target)}`, values);
  for (const [target, values] of Object.entries(m.when || {})) table(`when.${key(target)}`, values);
  return `${lines.join('\n')}\n`;
}

// ---- opening files ----
function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

async function openFiles(files) {
  showError('');
  const list = [...files];
  const tomlFile = list.find((f) => /\.toml$/i.test(f.name));
  const dataFile = list.find((f) => !/\.toml$/i.test(f.name));
  if (tomlFile) {
    const text = new TextDecoder().decode(await readFile(tomlFile));
    const read = await call('readMapping', text);
    if (read.error) {
      showError(t('error_mapping', { name: tomlFile.name, error: read.error }));
      return;
    }
    state.mapping = normalise(read.mapping);
    state.mappingFromFile = true;
    setStatus(t('status_mapping', { name: tomlFile.name }));
  }
  if (dataFile) {
    state.name = dataFile.name;
    state.original = await readFile(dataFile);
    state.bytes = state.original;
    state.fixes = [];
    state.page = 0;
    state.selected = null;
    state.fitted = false;
    state.problemsShown = PROBLEMS_PAGE;
    $('undo').disabled = true;
    $('fix-count').textContent = '';
    $('export-source').hidden = true;
    $('fix-section').hidden = true;
    setStatus(t('status_reading', { name: dataFile.name }));
    document.body.dataset.state = 'reading';
    state.opened = performance.now();
    await inspectSource();
  } else if (state.original) {
    await inspectSource();
  }
}

function normalise(m) {
  return {
    name: m.name, source: m.source,
    input: { ...(m.input || {}) },
    properties: { ...(m.properties || {}) },
    defaults: { ...(m.defaults || {}) },
    always: { ...(m.always || {}) },
    values: Object.fromEntries(Object.entries(m.values || {}).map(([k, v]) => [k, { ...v }])),
    when: Object.fromEntries(Object.entries(m.when || {}).map(([k, v]) => [k, { ...v }])),
  };
}

async function inspectSource() {
  // with a mapping, one read of the file gives the fields and the import
  if (state.mapping && await runImport({ withFields: true })) return;
  const toml = state.mapping ? toToml(state.mapping) : '';
  const info = await call('inspect', state.bytes, state.name, toml);
  if (info.error) {
    showError(t('error_read', { name: state.name, error: info.error }));
    document.body.dataset.state = 'error';
    return;
  }
  state.inspect = info;
  state.format = info.format;
  if (!state.mapping) {
    state.mapping = guessMapping(info);
    state.mappingFromFile = false;
  }
  state.mapping.input.format = state.mapping.input.format || info.format;
  renderFields();
  await runImport();
}

/// A first mapping from the guesses.
function guessMapping(info) {
  const m = normalise({ name: state.name.replace(/\.[^.]*$/, ''), input: {}, properties: {} });
  for (const f of info.fields) {
    if (!f.target) continue;
    if (f.target === 'lat' || f.target === 'lon') {
      if (info.format === 'csv') m.input[f.target] = f.field;
    } else if (f.target === 'opening_hours') {
      m.properties.opening_hours = { from: f.field, hours: 'us-free-text' };
    } else if (!(f.target in m.properties)) {
      m.properties[f.target] = f.field;
    }
  }
  if (info.format === 'osm') {
    m.properties.id = 'osm-{@type}-{@id}';
    if (!m.properties.name) m.properties.name = 'name';
  }
  if (!m.properties.id && m.properties.name) m.properties.id = `{${m.properties.name}|slug}`;
  if (m.input.lat === undefined || m.input.lon === undefined) {
    delete m.input.lat;
    delete m.input.lon;
  }
  return m;
}

// ---- the field table ----
function targetOf(field) {
  const m = state.mapping;
  if (m.input.lat === field) return 'lat';
  if (m.input.lon === field) return 'lon';
  for (const [target, spec] of Object.entries(m.properties)) {
    if (spec === field) return target;
    if (spec && typeof spec === 'object' && !Array.isArray(spec) && spec.from === field) return target;
  }
  for (const [target, fields] of Object.entries(m.when)) {
    if (field in fields) return `when:${target}`;
  }
  return '';
}

function setTarget(field, target) {
  const m = state.mapping;
  for (const k of ['lat', 'lon']) if (m.input[k] === field) delete m.input[k];
  for (const [t0, spec] of Object.entries(m.properties)) {
    if (spec === field || (spec && typeof spec === 'object' && !Array.isArray(spec) && spec.from === field)) delete m.properties[t0];
  }
  for (const fields of Object.values(m.when)) delete fields[field];
  if (target === 'lat' || target === 'lon') m.input[target] = field;
  else if (target.startsWith('when:')) {
    const t0 = target.slice(5);
    const first = (state.vocab.vocabularies[t0] || [])[0];
    m.when[t0] = { ...(m.when[t0] || {}), [field]: first };
  } else if (target === 'opening_hours') m.properties.opening_hours = { from: field, hours: 'us-free-text' };
  else if (target) m.properties[target] = field;
  for (const [t0, fields] of Object.entries(m.when)) if (!Object.keys(fields).length) delete m.when[t0];
}

function renderFields() {
  $('map-section').hidden = false;
  $('m-name').value = state.mapping.name || '';
  $('m-source').value = state.mapping.source || '';
  const body = $('fields').tBodies[0];
  body.replaceChildren();
  const targets = state.vocab.targets.map((x) => x.target);
  const listTargets = state.vocab.targets.filter((x) => x.kind === 'values').map((x) => x.target);
  for (const f of state.inspect.fields) {
    const current = targetOf(f.field);
    const selectId = `feeds-${body.rows.length}`;
    const select = el('select', { id: selectId, 'aria-describedby': `${selectId}-why`,
      onchange: (e) => { setTarget(f.field, e.target.value); renderFields(); scheduleImport(); } },
    el('option', { value: '', text: t('feeds_nothing') }),
    el('option', { value: 'lat', text: t('feeds_lat') }),
    el('option', { value: 'lon', text: t('feeds_lon') }),
    targets.map((x) => el('option', { value: x, text: x })),
    f.boolean || current.startsWith('when:') ? listTargets.map((x) => el('option', { value: `when:${x}`, text: t('feeds_when', { target: x }) })) : []);
    select.value = current;
    const inTemplates = Object.entries(state.mapping.properties)
      .filter(([, spec]) => JSON.stringify(spec).includes(`{${f.field}`))
      .map(([target]) => target);
    let why = f.target ? t(f.reason === 'header' ? 'guess_header' : 'guess_values', { target: f.target }) : '';
    if (!current && inTemplates.length) why = t('feeds_template', { targets: inTemplates.join(', ') });
    const cells = [el('label', { for: selectId, class: 's-visually-hidden', text: t('feeds_label', { field: f.field }) }), select,
      el('span', { id: `${selectId}-why`, class: 's-guess', text: why })];
    if (current.startsWith('when:')) {
      const t0 = current.slice(5);
      const valueId = `${selectId}-value`;
      const vs = el('select', { id: valueId, onchange: (e) => { state.mapping.when[t0][f.field] = e.target.value; scheduleImport(); } },
        (state.vocab.vocabularies[t0] || []).map((v) => el('option', { value: v, text: v })));
      const have = state.mapping.when[t0][f.field];
      vs.value = Array.isArray(have) ? have[0] : have;
      cells.push(el('label', { for: valueId, text: t('when_adds') }), vs);
      if (Array.isArray(have) && have.length > 1) cells.push(el('span', { class: 's-guess', text: have.join(', ') }));
    }
    const samples = f.samples.slice(0, 5).map(([v, n]) => `${v} ×${n}`).join(' · ');
    body.append(el('tr', {}, el('th', { scope: 'row' }, el('code', { text: f.field })),
      el('td', { class: 's-samples', text: samples }), el('td', {}, cells)));
  }
  renderValueTables();
  $('m-toml').value = toToml(state.mapping);
}

async function renderValueTables() {
  const box = $('value-tables');
  box.replaceChildren();
  const vocab = state.vocab.vocabularies;
  for (const [target, spec] of Object.entries(state.mapping.properties)) {
    if (!vocab[target]) continue;
    const field = typeof spec === 'string' ? spec : (spec && spec.from && typeof spec.from === 'string' ? spec.from : null);
    const info = state.inspect.fields.find((f) => f.field === field);
    if (!info) continue;
    const values = info.samples.map(([v]) => v);
    const suggestions = await call('suggest', target, values);
    const table = state.mapping.values[target] || {};
    const rows = values.map((v, i) => {
      const id = `vt-${target}-${i}`;
      const select = el('select', { id, onchange: (e) => {
        state.mapping.values[target] = { ...(state.mapping.values[target] || {}) };
        if (e.target.value === '') delete state.mapping.values[target][v];
        else state.mapping.values[target][v] = e.target.value;
        if (!Object.keys(state.mapping.values[target]).length) delete state.mapping.values[target];
        $('m-toml').value = toToml(state.mapping);
        scheduleImport();
      } }, el('option', { value: '', text: t('value_left_out') }), vocab[target].map((x) => el('option', { value: x, text: x })));
      const have = table[v];
      select.value = Array.isArray(have) ? (have[0] || '') : (have || '');
      const hint = suggestions[i] && suggestions[i] !== select.value ? t('value_suggested', { value: suggestions[i] }) : '';
      return el('tr', {}, el('th', { scope: 'row' }, el('label', { for: id, text: v })), el('td', {}, select),
        el('td', { class: 's-guess', text: hint }));
    });
    const useAll = el('button', { type: 'button', class: 's-button s-secondary', text: t('value_use_suggestions'), onclick: () => {
      state.mapping.values[target] = { ...(state.mapping.values[target] || {}) };
      values.forEach((v, i) => { if (suggestions[i] && !(v in state.mapping.values[target])) state.mapping.values[target][v] = suggestions[i]; });
      renderFields();
      scheduleImport();
    } });
    box.append(el('section', { class: 's-values' }, el('h3', { text: t('values_title', { target, field }) }),
      el('table', { class: 's-table' }, el('tbody', {}, rows)), useAll));
  }
}

// ---- importing ----
let importTimer = null;
function scheduleImport() {
  clearTimeout(importTimer);
  importTimer = setTimeout(runImport, 150);
}

/// Imports with the mapping and draws the result; with `withFields`, the
/// field table too (from the same read). False when the import failed
/// (then, with `withFields`, nothing was shown: the caller inspects).
async function runImport({ withFields = false } = {}) {
  const run = ++state.run;
  const toml = toToml(state.mapping);
  $('m-toml').value = toml;
  document.body.dataset.state = 'importing';
  const started = performance.now();
  const text = await call('import', state.bytes, state.name, toml, withFields);
  measure('steward:import', started);
  if (run !== state.run) return true;
  const result = JSON.parse(text);
  if (result.error) {
    if (withFields) return false;
    showError(result.error);
    document.body.dataset.state = 'error';
    return false;
  }
  showError('');
  if (withFields) {
    state.inspect = { format: result.format, delimiter: result.delimiter, records: result.records, fields: result.fields };
    state.format = result.format;
    state.mapping.input.format = state.mapping.input.format || result.format;
    renderFields();
  }
  state.result = result;
  state.byRecord = new Map();
  for (const p of result.problems) {
    if (p.record == null) continue;
    if (!state.byRecord.has(p.record)) state.byRecord.set(p.record, []);
    state.byRecord.get(p.record).push(p);
  }
  // the places as columns (record, line, lon, lat, id, name, type); where each record is
  state.indexOfRecord = new Map(result.places.record.map((r, i) => [r, i]));
  let t0 = performance.now();
  renderSummary();
  renderProblemFilters();
  renderProblems();
  renderPlaces();
  measure('steward:lists', t0);
  await new Promise((r) => requestAnimationFrame(r));
  await yieldToPage();
  t0 = performance.now();
  await renderMap();
  measure('steward:map', t0);
  await yieldToPage();
  $('review-section').hidden = false;
  t0 = performance.now();
  await renderDiff();
  measure('steward:diff', t0);
  document.body.dataset.state = 'ready';
  measure('steward:ready', started);
  if (state.opened != null) {
    measure('steward:open-to-ready', state.opened);
    state.opened = null;
  }
  document.body.dataset.importMs = String(Math.round(performance.now() - started));
  return true;
}

function renderSummary() {
  const r = state.result;
  const text = t('summary', { features: r.features, records: r.records, skipped: r.skipped, errors: r.errors, warnings: r.warnings });
  $('summary').textContent = text;
  setStatus(text);
}

function renderProblemFilters() {
  $('problems-section').hidden = false;
  const select = $('f-code');
  const current = select.value;
  const codes = [...new Set(state.result.problems.map((p) => p.code))].sort();
  select.replaceChildren(el('option', { value: '', text: t('filter_all') }), ...codes.map((c) => el('option', { value: c, text: c })));
  select.value = codes.includes(current) ? current : '';
}

function filteredProblems() {
  const severity = $('f-severity').value;
  const code = $('f-code').value;
  return state.result.problems.filter((p) => (!severity || p.severity === severity) && (!code || p.code === code));
}

function renderProblems() {
  const list = $('problems');
  const problems = filteredProblems();
  list.replaceChildren(...problems.slice(0, state.problemsShown).map((p) => {
    const items = [el('span', { class: `s-badge s-${p.severity}`, text: t(`badge_${p.severity}`) }),
      el('code', { class: 's-code', text: p.code }),
      el('span', { class: 's-message', text: p.text })];
    if (p.record != null) {
      items.push(el('button', { type: 'button', class: 's-link', dataset: { record: String(p.record) },
        text: p.line != null ? t('show_line', { line: p.line }) : t('show_record', { record: p.record + 1 }), onclick: () => select(p.record) }));
    }
    return el('li', { class: `s-problem s-${p.severity}`, dataset: { code: p.code, line: p.line ?? '', record: p.record ?? '' } }, items);
  }));
  $('problems-more').hidden = problems.length <= state.problemsShown;
  if (!problems.length) list.append(el('li', { text: t('no_problems') }));
}

// ---- the places: table and map ----
function renderPlaces() {
  $('preview-section').hidden = false;
  const places = state.result.places;
  const count = places.record.length;
  const pages = Math.max(1, Math.ceil(count / PAGE));
  state.page = Math.min(state.page, pages - 1);
  const body = $('places').tBodies[0];
  const rows = [];
  for (let i = state.page * PAGE; i < Math.min(count, (state.page + 1) * PAGE); i++) {
    const record = places.record[i];
    const problems = state.byRecord.get(record) || [];
    rows.push(el('tr', { dataset: { line: String(places.line[i]), record: String(record) }, class: record === state.selected ? 's-selected' : null },
      el('td', { text: String(places.line[i]) }), el('td', {}, el('code', { text: places.id[i] })),
      el('td', {}, el('button', { type: 'button', class: 's-link', text: places.name[i],
        onclick: () => select(record) })),
      el('td', { text: places.type[i] }),
      el('td', { text: problems.map((x) => x.code).join(', ') })));
  }
  body.replaceChildren(...rows);
  $('page-info').textContent = t('page_info', { page: state.page + 1, pages, count });
  $('page-prev').disabled = state.page === 0;
  $('page-next').disabled = state.page >= pages - 1;
}

const COLORS = { error: '#b00020', warning: '#b35c00', ok: '#0b5f8a' };
const DOT = 14; // a dot's box, CSS pixels: a circle of radius 5 and its 2-pixel ring

/// One dot per kind of place (no problem, warnings, errors) as RGBA
/// pixels at the screen's pixel ratio, and the side of their square.
function dots(ratio) {
  const side = Math.ceil(DOT * ratio);
  const stamps = { ratio, side };
  for (const [kind, color] of Object.entries(COLORS)) {
    const c = document.createElement('canvas');
    c.width = c.height = side;
    const ctx = c.getContext('2d', { willReadFrequently: true });
    ctx.scale(ratio, ratio);
    ctx.beginPath();
    ctx.arc(DOT / 2, DOT / 2, 5, 0, Math.PI * 2);
    ctx.fillStyle = `${color}99`;
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.fill();
    ctx.stroke();
    stamps[kind] = ctx.getImageData(0, 0, side, side).data;
  }
  return stamps;
}

/// All the places as dots on one canvas: drawn in a few milliseconds for
/// 10,000 places, where as many Leaflet markers took most of a second. The
/// pointer finds the nearest dot; the keyboard reaches every place through
/// the table below the map (each name shows its place here).
function pointsLayer() {
  return L.Layer.extend({
    onAdd(m) {
      this._canvas = L.DomUtil.create('canvas', 's-points leaflet-zoom-hide');
      this._canvas.setAttribute('aria-hidden', 'true');
      m.getPanes().overlayPane.append(this._canvas);
      m.on('moveend resize', this.redraw, this);
      this.redraw();
    },
    onRemove(m) {
      this._canvas.remove();
      m.off('moveend resize', this.redraw, this);
    },
    setData(places, colors) {
      this._places = places;
      this._colors = colors;
      if (this._map) this.redraw();
    },
    redraw() {
      const m = this._map;
      if (!m || !this._places) return;
      const size = m.getSize();
      const ratio = window.devicePixelRatio || 1;
      const canvas = this._canvas;
      L.DomUtil.setPosition(canvas, m.containerPointToLayerPoint([0, 0]));
      canvas.width = size.x * ratio;
      canvas.height = size.y * ratio;
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
      const ctx = canvas.getContext('2d');
      // Web Mercator as Leaflet's (EPSG:3857), in the map's pixels at this
      // zoom, less the pixel of the canvas's top left corner: 10,000
      // latLngToContainerPoint calls took a tenth of a second
      const { lon, lat } = this._places;
      const n = lon.length;
      const xs = new Float32Array(n);
      const ys = new Float32Array(n);
      const zoom = m.getZoom();
      const scale = 256 * 2 ** zoom;
      const origin = m.project(m.containerPointToLatLng([0, 0]), zoom);
      const limit = 85.0511287798;
      for (let i = 0; i < n; i++) {
        const la = Math.max(Math.min(lat[i], limit), -limit) * (Math.PI / 180);
        xs[i] = scale * (0.5 + lon[i] / 360) - origin.x;
        ys[i] = scale * (0.5 - Math.log(Math.tan(Math.PI / 4 + la / 2)) / (2 * Math.PI)) - origin.y;
      }
      this._xs = xs;
      this._ys = ys;
      // each dot is a small picture drawn once per colour, copied into the
      // canvas's pixels here: one path of 10,000 circles took Chromium's
      // software canvas a third of a second to fill and stroke, and 10,000
      // drawImage calls a quarter; this takes a few milliseconds
      const stamps = this._stamps && this._stamps.ratio === ratio ? this._stamps : (this._stamps = dots(ratio));
      const image = ctx.createImageData(canvas.width, canvas.height);
      const out = image.data;
      const width = canvas.width;
      const height = canvas.height;
      const side = stamps.side;
      for (const kind of ['ok', 'warning', 'error']) {
        const stamp = stamps[kind];
        for (let i = 0; i < n; i++) {
          if (this._colors[i] !== kind) continue;
          const left = Math.round(xs[i] * ratio - side / 2);
          const top = Math.round(ys[i] * ratio - side / 2);
          if (left <= -side || top <= -side || left >= width || top >= height) continue;
          for (let sy = 0; sy < side; sy++) {
            const row = top + sy;
            if (row < 0 || row >= height) continue;
            for (let sx = 0; sx < side; sx++) {
              const col = left + sx;
              if (col < 0 || col >= width) continue;
              const k = (sy * side + sx) * 4;
              const a = stamp[k + 3];
              if (!a) continue;
              const o = (row * width + col) * 4;
              const below = out[o + 3];
              if (a === 255 || !below) {
                out[o] = stamp[k]; out[o + 1] = stamp[k + 1]; out[o + 2] = stamp[k + 2]; out[o + 3] = a;
              } else {
                // source over, on colours that are not premultiplied
                const sa = a / 255;
                const da = (below / 255) * (1 - sa);
                const total = sa + da;
                out[o] = (stamp[k] * sa + out[o] * da) / total;
                out[o + 1] = (stamp[k + 1] * sa + out[o + 1] * da) / total;
                out[o + 2] = (stamp[k + 2] * sa + out[o + 2] * da) / total;
                out[o + 3] = total * 255;
              }
            }
          }
        }
      }
      ctx.putImageData(image, 0, 0);
    },
    /// The place nearest a container point, within `within` pixels.
    nearest(point, within = 8) {
      if (!this._xs) return -1;
      let best = -1;
      let bestD = within * within;
      for (let i = 0; i < this._xs.length; i++) {
        const dx = this._xs[i] - point.x;
        const dy = this._ys[i] - point.y;
        const d = dx * dx + dy * dy;
        if (d <= bestD) {
          best = i;
          bestD = d;
        }
      }
      return best;
    },
  });
}

let map = null;
let layer = null;
let highlight = null;
let hover = null;
async function renderMap() {
  if (!window.L) return;
  if (!map) {
    map = L.map('map', { keyboard: true }).setView([20, 0], 2);
    let tiles = { url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors', max_zoom: 19 };
    const config = await state.config;
    if (config && config.tiles && config.tiles.url) tiles = { ...tiles, ...config.tiles };
    L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: tiles.max_zoom }).addTo(map);
    layer = new (pointsLayer())().addTo(map);
    // Leaflet would set a string tooltip as HTML: tooltips get nodes with text
    hover = L.tooltip({ direction: 'top', offset: [0, -6] });
    let frame = 0;
    map.on('mousemove', (e) => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const i = layer.nearest(e.containerPoint);
        map.getContainer().classList.toggle('s-pointing', i >= 0);
        if (i < 0) {
          map.closeTooltip(hover);
          return;
        }
        const p = state.result.places;
        hover.setLatLng([p.lat[i], p.lon[i]]).setContent(textNode(p.name[i]));
        if (!map.hasLayer(hover)) hover.addTo(map);
      });
    });
    map.on('mouseout', () => map.closeTooltip(hover));
    map.on('click', (e) => {
      const i = layer.nearest(e.containerPoint);
      if (i >= 0) select(state.result.places.record[i]);
    });
  }
  await yieldToPage(); // the map made (and laid out) in one task, its dots in the next
  const drawn = performance.now();
  const p = state.result.places;
  const colors = p.record.map((record) => {
    const problems = state.byRecord.get(record) || [];
    return problems.some((x) => x.severity === 'error') ? 'error' : problems.length ? 'warning' : 'ok';
  });
  // fitted first, so that the dots are drawn once, for the view they are seen in
  if (p.lon.length && !state.fitted) {
    let [w, s, e, n] = [180, 90, -180, -90];
    for (let i = 0; i < p.lon.length; i++) {
      w = Math.min(w, p.lon[i]); e = Math.max(e, p.lon[i]);
      s = Math.min(s, p.lat[i]); n = Math.max(n, p.lat[i]);
    }
    map.fitBounds([[s, w], [n, e]], { maxZoom: 15, animate: false });
    state.fitted = true;
  }
  layer.setData(p, colors);
  // the ring follows the selected place (a correction may have moved it)
  if (highlight) {
    const i = state.selected == null ? undefined : state.indexOfRecord.get(state.selected);
    if (i === undefined) {
      highlight.remove();
      highlight = null;
    } else {
      highlight.setLatLng([p.lat[i], p.lon[i]]).setTooltipContent(textNode(p.name[i]));
    }
  }
  measure('steward:map-draw', drawn);
}

/// Lets the page handle input and paint between two pieces of work, so
/// that no task is long enough to freeze it.
function yieldToPage() {
  if (globalThis.scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function textNode(text) {
  const node = document.createElement('span');
  node.textContent = text;
  return node;
}

/// Shows a place on the map: centred, ringed, its name beside it, and said
/// to screen readers.
function showOnMap(i) {
  if (!map || i < 0) return;
  const p = state.result.places;
  const at = [p.lat[i], p.lon[i]];
  if (!highlight) {
    highlight = L.circleMarker(at, { radius: 11, color: '#111', weight: 3, fill: false, interactive: false })
      .bindTooltip(textNode(p.name[i]), { permanent: true, direction: 'top', offset: [0, -10], className: 's-selected-tip' });
  }
  highlight.setLatLng(at).setTooltipContent(textNode(p.name[i]));
  if (!map.hasLayer(highlight)) highlight.addTo(map);
  map.setView(at, Math.max(map.getZoom(), 14), { animate: false });
  $('map').dataset.shown = String(p.record[i]);
  $('map-said').textContent = t('map_shown', { name: p.name[i], line: p.line[i] });
}

// ---- selecting a record, correcting it ----
async function select(record) {
  state.selected = record;
  const index = state.indexOfRecord.has(record) ? state.indexOfRecord.get(record) : -1;
  if (index >= 0) {
    state.page = Math.floor(index / PAGE);
    renderPlaces();
    showOnMap(index);
  }
  await openFix(record);
}

async function openFix(index) {
  const section = $('fix-section');
  const record = await call('record', state.bytes, state.name, toToml(state.mapping), index);
  section.hidden = false;
  const form = $('fix-form');
  form.replaceChildren();
  if (record.error) {
    $('fix-title').textContent = t('fix_title', { record: index + 1 });
    $('fix-problems').textContent = record.error;
    section.focus();
    return;
  }
  const line = record.line;
  state.selectedLine = line;
  state.selectedRecord = index;
  $('fix-title').textContent = t('fix_title_label', { label: record.label, line });
  const problems = state.byRecord.get(index) || [];
  $('fix-problems').textContent = problems.map((p) => `${p.severity}[${p.code}]: ${p.message}`).join('\n');
  const vocab = state.vocab.vocabularies;
  const m = state.mapping;
  let i = 0;
  // in GeoJSON and OpenStreetMap data a record may lack a field the mapping reads (a
  // node without a name): it is offered empty, and written into the record when filled
  const fields = { ...record.fields };
  if (state.format !== 'csv') for (const field of missingMappedFields(record.fields)) fields[field] = '';
  for (const [field, raw] of Object.entries(fields)) {
    // the readers' own fields (@row, @id...) are not in the file; a feature's position is
    if (field.startsWith('@') && field !== GEOMETRY) continue;
    const value = typeof raw === 'string' ? raw : JSON.stringify(raw);
    const id = `fix-${i++}`;
    const target = targetOf(field);
    let input;
    if (vocab[target] && !m.values[target]) {
      input = el('select', { id, name: field }, el('option', { value: '', text: '' }), vocab[target].map((v) => el('option', { value: v, text: v })));
      if (value && !vocab[target].includes(value)) input.prepend(el('option', { value, text: value }));
    } else if (vocab[target] && m.values[target]) {
      const keys = Object.keys(m.values[target]).filter((k) => k !== '*');
      input = el('select', { id, name: field }, el('option', { value: '', text: '' }), keys.map((k) => el('option', { value: k, text: `${k} → ${[].concat(m.values[target][k]).join(', ')}` })));
      if (value && !keys.includes(value)) input.prepend(el('option', { value, text: t('fix_unmapped', { value }) }));
    } else if (target.startsWith('when:')) {
      input = el('select', { id, name: field }, ['', 'yes', 'no'].map((v) => el('option', { value: v, text: v ? t(`fix_${v}`) : '' })));
      if (!['', 'yes', 'no'].includes(value)) input.prepend(el('option', { value, text: value }));
    } else {
      input = el('input', { id, name: field, type: 'text', autocomplete: 'off', spellcheck: 'false' });
    }
    input.value = value;
    input.dataset.before = value;
    const label = field === GEOMETRY
      ? el('label', { for: id, text: t('fix_geometry') })
      : el('label', { for: id }, el('code', { text: field }), target ? el('span', { class: 's-guess', text: ` → ${target.replace('when:', '')}` }) : null);
    const row = el('div', { class: 's-fix-row' }, label, input);
    if (target === 'opening_hours') {
      const preview = el('p', { class: 's-hours', id: `${id}-hours`, 'aria-live': 'polite' });
      input.setAttribute('aria-describedby', preview.id);
      const update = () => hoursPreview(input.value, preview);
      input.addEventListener('input', update);
      update();
      row.append(preview);
    }
    form.append(row);
  }
  // every source kind takes corrections: a CSV by line, JSON by record
  $('fix-apply').disabled = false;
  section.focus();
}

/// The fields the mapping reads for a property (plain names: not templates, patterns or
/// the readers' own @ fields) where the record has none of a property's fields.
function missingMappedFields(fields) {
  const has = (f) => f in fields || (f.includes('.') && f.split('.')[0] in fields);
  const missing = new Set();
  for (const spec of Object.values(state.mapping.properties)) {
    const names = (typeof spec === 'string' ? [spec] : Array.isArray(spec) ? spec : spec && spec.from ? [].concat(spec.from) : [])
      .filter((n) => typeof n === 'string' && !/[{*]/.test(n) && !n.startsWith('@'));
    if (names.length && !names.some(has)) missing.add(names[0]);
  }
  return missing;
}

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
async function hoursPreview(text, node) {
  if (!text.trim()) {
    node.textContent = '';
    return;
  }
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const local = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
  const h = await call('hours', text, local);
  if (!h.valid) {
    node.textContent = h.converted ? t('hours_converted', { hours: h.converted }) : t('hours_invalid', { error: h.error });
    if (h.converted) {
      const h2 = await call('hours', h.converted, local);
      if (h2.valid) node.textContent += ` ${describeHours(h2)}`;
    }
    return;
  }
  node.textContent = describeHours(h);
}
function describeHours(h) {
  const now = h.open ? t('hours_open_now') : t('hours_closed_now');
  const week = h.week.map((d) => `${DAYS[d.weekday]} ${d.spans.length ? d.spans.join(', ') : t('hours_closed')}`).join(' · ');
  return `${now} ${t('hours_this_week')}: ${week}`;
}

async function applyFix() {
  const inputs = $('fix-form').querySelectorAll('input, select');
  const changes = [];
  for (const input of inputs) {
    if (input.value !== input.dataset.before) changes.push({ line: state.selectedLine, record: state.selectedRecord, field: input.name, value: input.value, before: input.dataset.before });
  }
  if (!changes.length) return;
  state.fixes.push(changes);
  await rebuildBytes();
}

async function undo() {
  if (!state.fixes.length) return;
  state.fixes.pop();
  await rebuildBytes();
}

async function rebuildBytes() {
  const csv = state.format === 'csv';
  const fixes = state.fixes.flat().map(({ line, record, field, value }) => (csv ? { line, field, value } : { record, field, value }));
  try {
    if (!fixes.length) state.bytes = state.original;
    else if (csv) state.bytes = await call('fixCsv', state.original, toToml(state.mapping), fixes);
    else state.bytes = await call('fixJson', state.original, state.name, toToml(state.mapping), fixes);
  } catch (e) {
    state.fixes.pop();
    showError(String(e.message || e));
    return;
  }
  $('undo').disabled = !state.fixes.length;
  $('fix-count').textContent = state.fixes.length ? t('fix_count', { count: state.fixes.length }) : '';
  $('export-source').hidden = !state.fixes.length;
  await runImport();
  if (state.selected != null) await openFix(state.selected);
}

// ---- review ----
async function loadPublishedChoices() {
  const select = $('published');
  select.replaceChildren(el('option', { value: '', text: t('review_none') }));
  const config = await state.config;
  if (!config) return; // no config: open a file instead
  for (const s of config.sources || []) select.append(el('option', { value: s.url, text: s.label || s.url }));
  if (config.sources && config.sources.length) select.value = config.sources[0].url;
}

/// The file to compare with, loaded once in the worker (`published` is
/// {name, text} or null); the diff waits on `state.publishedReady`.
function usePublished(published) {
  state.diff = null;
  state.publishedReady = (async () => {
    const r = await call('setPublished', published ? published.text : '', published ? published.name : '');
    state.published = published ? { name: published.name, error: r.error } : null;
  })();
  return state.publishedReady;
}

function fetchPublished(url, quiet) {
  state.diff = null;
  state.publishedReady = (async () => {
    let text = null;
    try {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      text = await r.text();
    } catch (e) {
      if (!quiet) showError(t('error_published', { url, error: String(e) }));
    }
    await usePublished(text == null ? null : { name: url, text });
  })();
  return state.publishedReady;
}

async function choosePublished() {
  const url = $('published').value;
  if (!url) usePublished(null);
  else if (url !== '#file') fetchPublished(url, false);
  await renderDiff();
}

const DIFF_SHOWN = 200;
async function renderDiff() {
  const box = $('diff');
  box.replaceChildren();
  $('diff-warning').hidden = true;
  $('confirm-drop').checked = false;
  if (!state.result) return;
  const waited = performance.now();
  await state.publishedReady;
  measure('steward:diff-wait', waited);
  if (!state.published) {
    $('diff-summary').textContent = t('review_nothing');
    updateExport();
    return;
  }
  const d = state.published.error ? { error: state.published.error } : await call('compare', DIFF_SHOWN);
  if (d.error) {
    $('diff-summary').textContent = d.error;
    updateExport();
    return;
  }
  state.diff = d;
  const n = d.counts;
  $('diff-summary').textContent = t('diff_summary', { added: n.added, removed: n.removed, changed: n.changed, unchanged: d.unchanged, old: d.old.places, new: d.new.places });
  const list = (title, cls, items, count, text) => count ? el('section', { class: `s-diff-${cls}` },
    el('h3', { text: t(title, { count }) }),
    el('ul', {}, items.map((x) => el('li', {}, el('code', { text: x.id }), ' ', text(x)))),
    count > items.length ? el('p', { text: t('diff_more', { count: count - items.length }) }) : null) : null;
  box.append(
    list('diff_added', 'added', d.added, n.added, (x) => x.name) || '',
    list('diff_removed', 'removed', d.removed, n.removed, (x) => x.name) || '',
    list('diff_changed', 'changed', d.changed, n.changed, (x) => `${x.name}: ${x.fields.join(', ')}`) || '');
  if (d.drop_warning) {
    $('diff-warning').hidden = false;
    $('diff-warning-text').textContent = d.warning.trim();
  }
  updateExport();
}

function updateExport() {
  const blocked = state.diff && state.published && state.diff.drop_warning && !$('confirm-drop').checked;
  $('export-geojson').disabled = !state.result || !!blocked;
}

function download(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- wiring ----
async function start() {
  // the site's config.json, read once (no config: the browser's language, OSM's tiles)
  state.config = fetch('config.json').then((r) => r.json()).catch(() => null);
  const siteDefault = (await state.config)?.language ?? null;
  texts = await loadTexts('steward', { siteDefault });
  texts.apply();
  document.title = `${t('title')} – learnmap`;
  state.vocab = await call('vocabularies');
  await loadPublishedChoices();
  // the published file is fetched and loaded while the steward picks a file
  if ($('published').value) fetchPublished($('published').value, true);
  const input = $('file-input');
  input.addEventListener('change', () => openFiles(input.files));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('s-over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('s-over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('s-over'); openFiles(e.dataTransfer.files); });
  $('m-name').addEventListener('input', (e) => { state.mapping.name = e.target.value || undefined; scheduleImport(); });
  $('m-source').addEventListener('input', (e) => { state.mapping.source = e.target.value || undefined; scheduleImport(); });
  $('m-apply').addEventListener('click', async () => {
    const read = await call('readMapping', $('m-toml').value);
    if (read.error) { showError(t('error_mapping', { name: 'TOML', error: read.error })); return; }
    state.mapping = normalise(read.mapping);
    renderFields();
    scheduleImport();
  });
  $('f-severity').addEventListener('change', () => { state.problemsShown = PROBLEMS_PAGE; renderProblems(); });
  $('f-code').addEventListener('change', () => { state.problemsShown = PROBLEMS_PAGE; renderProblems(); });
  $('problems-more').addEventListener('click', () => { state.problemsShown += PROBLEMS_PAGE; renderProblems(); });
  $('page-prev').addEventListener('click', () => { state.page -= 1; renderPlaces(); });
  $('page-next').addEventListener('click', () => { state.page += 1; renderPlaces(); });
  $('fix-apply').addEventListener('click', applyFix);
  $('fix-close').addEventListener('click', () => { $('fix-section').hidden = true; });
  $('undo').addEventListener('click', undo);
  $('published').addEventListener('change', choosePublished);
  $('published-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    usePublished({ name: file.name, text: new TextDecoder().decode(await readFile(file)) });
    const select = $('published');
    let option = select.querySelector('option[value="#file"]');
    if (!option) { option = el('option', { value: '#file' }); select.append(option); }
    option.textContent = file.name;
    select.value = '#file';
    await renderDiff();
  });
  $('confirm-drop').addEventListener('change', updateExport);
  $('export-geojson').addEventListener('click', async () => download(OUT_NAME, await call('outputText'), 'application/geo+json'));
  $('export-toml').addEventListener('click', () => download('mapping.toml', toToml(state.mapping), 'application/toml'));
  $('export-source').addEventListener('click', () => download(`corrected-${state.name}`, state.bytes,
    state.format === 'csv' ? 'text/csv' : 'application/json'));
  document.body.dataset.state = 'empty';
  document.body.dataset.started = '1';
}

start().catch((e) => showError(String(e && e.message ? e.message : e)));
