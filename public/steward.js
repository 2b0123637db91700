// The stewards' workbench (steward.html): open a file, map its fields, see
// the problems exactly as `learnmap-data import` reports them, correct
// values, compare with the published file and export. The importer runs in
// steward-worker.js (WebAssembly), so the page never freezes; files stay in
// the browser. Text from files is only ever set as text (never innerHTML).

const OUT_NAME = 'learning-spaces.geojson';
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

// ---- the worker ----
const worker = new Worker(new URL('./steward-worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
const pending = new Map();
worker.onmessage = (event) => {
  const { id, result, error } = event.data;
  const p = pending.get(id);
  if (!p) return;
  pending.delete(id);
  if (error !== undefined) p.reject(new Error(error));
  else p.resolve(result);
};
function call(op, ...args) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
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
  published: null, // {name, text}
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

async function runImport() {
  const run = ++state.run;
  const toml = toToml(state.mapping);
  $('m-toml').value = toml;
  document.body.dataset.state = 'importing';
  const started = performance.now();
  const result = await call('import', state.bytes, state.name, toml);
  if (run !== state.run) return;
  if (result.error) {
    showError(result.error);
    document.body.dataset.state = 'error';
    return;
  }
  showError('');
  state.result = result;
  state.byRecord = new Map();
  for (const p of result.problems) {
    if (p.record == null) continue;
    if (!state.byRecord.has(p.record)) state.byRecord.set(p.record, []);
    state.byRecord.get(p.record).push(p);
  }
  renderSummary();
  renderProblemFilters();
  renderProblems();
  renderPlaces();
  await new Promise((r) => requestAnimationFrame(r));
  renderMap();
  $('review-section').hidden = false;
  await renderDiff();
  document.body.dataset.state = 'ready';
  document.body.dataset.importMs = String(Math.round(performance.now() - started));
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
  const pages = Math.max(1, Math.ceil(places.length / PAGE));
  state.page = Math.min(state.page, pages - 1);
  const body = $('places').tBodies[0];
  body.replaceChildren(...places.slice(state.page * PAGE, (state.page + 1) * PAGE).map((p) => {
    const problems = state.byRecord.get(p.record) || [];
    const row = el('tr', { dataset: { line: String(p.line), record: String(p.record) }, class: p.record === state.selected ? 's-selected' : null },
      el('td', { text: String(p.line) }), el('td', {}, el('code', { text: p.id })),
      el('td', {}, el('button', { type: 'button', class: 's-link', text: p.name, onclick: () => select(p.record) })),
      el('td', { text: p.properties.place_type || '' }),
      el('td', { text: problems.map((x) => x.code).join(', ') }));
    return row;
  }));
  $('page-info').textContent = t('page_info', { page: state.page + 1, pages, count: places.length });
  $('page-prev').disabled = state.page === 0;
  $('page-next').disabled = state.page >= pages - 1;
}

let map = null;
let layer = null;
const markers = new Map();
async function renderMap() {
  if (!window.L) return;
  if (!map) {
    map = L.map('map', { preferCanvas: true, keyboard: true }).setView([20, 0], 2);
    let tiles = { url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors', max_zoom: 19 };
    try {
      const config = await (await fetch('config.json')).json();
      if (config.tiles && config.tiles.url) tiles = { ...tiles, ...config.tiles };
    } catch { /* the defaults */ }
    L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: tiles.max_zoom }).addTo(map);
    layer = L.layerGroup().addTo(map);
  }
  // the markers are made off the map and added in one go
  layer.remove();
  const fresh = [];
  markers.clear();
  const bounds = [];
  for (const p of state.result.places) {
    const problems = state.byRecord.get(p.record) || [];
    const worst = problems.some((x) => x.severity === 'error') ? 'error' : problems.length ? 'warning' : 'ok';
    const color = { error: '#b00020', warning: '#b35c00', ok: '#0b5f8a' }[worst];
    const marker = L.circleMarker([p.lat, p.lon], { radius: 6, color, weight: 2, fillOpacity: 0.6 });
    // Leaflet would set a string tooltip as HTML: give it a node with text,
    // made when the tooltip first shows (not 10,000 nodes up front)
    marker.bindTooltip(() => {
      const tip = document.createElement('span');
      tip.textContent = p.name;
      return tip;
    });
    marker.on('click', () => select(p.record));
    fresh.push(marker);
    markers.set(p.record, marker);
    bounds.push([p.lat, p.lon]);
  }
  layer = L.layerGroup(fresh).addTo(map);
  if (bounds.length && !state.fitted) {
    map.fitBounds(bounds, { maxZoom: 15 });
    state.fitted = true;
  }
}

// ---- selecting a record, correcting it ----
async function select(record) {
  state.selected = record;
  const index = state.result.places.findIndex((p) => p.record === record);
  if (index >= 0) {
    state.page = Math.floor(index / PAGE);
    renderPlaces();
    const marker = markers.get(record);
    if (marker && map) {
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), 14));
      marker.openTooltip();
    }
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
  $('fix-title').textContent = t('fix_title_label', { label: record.label, line });
  const problems = state.byRecord.get(index) || [];
  $('fix-problems').textContent = problems.map((p) => `${p.severity}[${p.code}]: ${p.message}`).join('\n');
  const editable = state.format === 'csv';
  const vocab = state.vocab.vocabularies;
  const m = state.mapping;
  let i = 0;
  for (const [field, raw] of Object.entries(record.fields)) {
    if (field.startsWith('@')) continue;
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
    if (!editable) input.disabled = true;
    const label = el('label', { for: id }, el('code', { text: field }), target ? el('span', { class: 's-guess', text: ` → ${target.replace('when:', '')}` }) : null);
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
  if (!editable) form.append(el('p', { class: 's-hint', text: t('fix_csv_only') }));
  $('fix-apply').disabled = !editable;
  section.focus();
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
    if (input.value !== input.dataset.before) changes.push({ line: state.selectedLine, field: input.name, value: input.value, before: input.dataset.before });
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
  const fixes = state.fixes.flat().map(({ line, field, value }) => ({ line, field, value }));
  try {
    state.bytes = fixes.length ? await call('fixCsv', state.original, toToml(state.mapping), fixes) : state.original;
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
  try {
    const config = await (await fetch('config.json')).json();
    for (const s of config.sources || []) select.append(el('option', { value: s.url, text: s.label || s.url }));
    if (config.sources && config.sources.length) select.value = config.sources[0].url;
  } catch { /* no config: open a file instead */ }
}

async function choosePublished() {
  const url = $('published').value;
  if (!url) {
    state.published = null;
  } else if (url !== '#file') {
    try {
      const r = await fetch(url);
      state.published = { name: url, text: await r.text() };
    } catch (e) {
      showError(t('error_published', { url, error: String(e) }));
      state.published = null;
    }
  }
  await renderDiff();
}

async function renderDiff() {
  const box = $('diff');
  box.replaceChildren();
  $('diff-warning').hidden = true;
  $('confirm-drop').checked = false;
  if (!state.result) return;
  if (!state.published) {
    if ($('published').value && $('published').value !== '#file') await choosePublishedQuiet();
    if (!state.published) {
      $('diff-summary').textContent = t('review_nothing');
      updateExport();
      return;
    }
  }
  const d = await call('compare', state.published.text, state.published.name, state.result.text, OUT_NAME);
  if (d.error) {
    $('diff-summary').textContent = d.error;
    updateExport();
    return;
  }
  state.diff = d;
  $('diff-summary').textContent = t('diff_summary', { added: d.added.length, removed: d.removed.length, changed: d.changed.length, unchanged: d.unchanged, old: d.old.places, new: d.new.places });
  const list = (title, cls, items, text) => items.length ? el('section', { class: `s-diff-${cls}` },
    el('h3', { text: t(title, { count: items.length }) }),
    el('ul', {}, items.slice(0, 200).map((x) => el('li', {}, el('code', { text: x.id }), ' ', text(x)))),
    items.length > 200 ? el('p', { text: t('diff_more', { count: items.length - 200 }) }) : null) : null;
  box.append(
    list('diff_added', 'added', d.added, (x) => x.name) || '',
    list('diff_removed', 'removed', d.removed, (x) => x.name) || '',
    list('diff_changed', 'changed', d.changed, (x) => `${x.name}: ${x.fields.join(', ')}`) || '');
  if (d.drop_warning) {
    $('diff-warning').hidden = false;
    $('diff-warning-text').textContent = d.warning.trim();
  }
  updateExport();
}
async function choosePublishedQuiet() {
  const url = $('published').value;
  try {
    const r = await fetch(url);
    if (r.ok) state.published = { name: url, text: await r.text() };
  } catch { /* shown as nothing to compare */ }
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
  let siteDefault = null;
  try {
    siteDefault = (await (await fetch('config.json')).json()).language ?? null;
  } catch { /* no config: the browser's language */ }
  texts = await loadTexts('steward', { siteDefault });
  texts.apply();
  document.title = `${t('title')} – learnmap`;
  state.vocab = await call('vocabularies');
  await loadPublishedChoices();
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
    state.published = { name: file.name, text: new TextDecoder().decode(await readFile(file)) };
    const select = $('published');
    let option = select.querySelector('option[value="#file"]');
    if (!option) { option = el('option', { value: '#file' }); select.append(option); }
    option.textContent = file.name;
    select.value = '#file';
    await renderDiff();
  });
  $('confirm-drop').addEventListener('change', updateExport);
  $('export-geojson').addEventListener('click', () => download(OUT_NAME, state.result.text, 'application/geo+json'));
  $('export-toml').addEventListener('click', () => download('mapping.toml', toToml(state.mapping), 'application/toml'));
  $('export-source').addEventListener('click', () => download(`corrected-${state.name}`, state.bytes, 'text/csv'));
  document.body.dataset.state = 'empty';
  document.body.dataset.started = '1';
}

start().catch((e) => showError(String(e && e.message ? e.message : e)));
