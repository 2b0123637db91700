// The workbench's worker: runs the importer (WebAssembly, built from
// crates/learnmap-steward-web into pkg/steward/) off the page's thread, so
// the page stays responsive while a large file is read and checked.
// Messages: {id, op, args} in; {id, result} or {id, error} out.
import init, * as steward from './pkg/steward/steward.js';

const ready = init({ module_or_path: new URL('./pkg/steward/steward_bg.wasm', import.meta.url) });
const ops = {
  inspect: ([bytes, name, mapping]) => JSON.parse(steward.inspect(bytes, name, mapping)),
  // a JSON text, parsed by the page: cheaper to send than its object graph
  import: ([bytes, name, mapping, withFields]) => steward.importData(bytes, name, mapping, !!withFields),
  outputText: () => steward.outputText(),
  setPublished: ([text, name]) => JSON.parse(steward.setPublished(text, name)),
  compare: ([limit]) => JSON.parse(steward.comparePublished(limit)),
  vocabularies: () => JSON.parse(steward.vocabularies()),
  suggest: ([target, values]) => JSON.parse(steward.suggest(target, JSON.stringify(values))),
  hours: ([text, now]) => JSON.parse(steward.hours(text, now)),
  fixCsv: ([bytes, mapping, fixes]) => steward.fixCsv(bytes, mapping, JSON.stringify(fixes)),
  fixJson: ([bytes, name, mapping, fixes]) => steward.fixJson(bytes, name, mapping, JSON.stringify(fixes)),
  readMapping: ([text]) => JSON.parse(steward.readMapping(text)),
  record: ([bytes, name, mapping, line]) => JSON.parse(steward.record(bytes, name, mapping, line)),
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  try {
    await ready;
    const started = performance.now();
    const result = ops[op](args || []);
    self.postMessage({ id, result, ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};
