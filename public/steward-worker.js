// The workbench's worker: runs the importer (WebAssembly, built from
// crates/learnmap-steward-web into pkg/steward/) off the page's thread, so
// the page stays responsive while a large file is read and checked.
// Messages: {id, op, args} in; {id, result} or {id, error} out.
import init, * as steward from './pkg/steward/steward.js';

const ready = init({ module_or_path: new URL('./pkg/steward/steward_bg.wasm', import.meta.url) });
const ops = {
  inspect: ([bytes, name, mapping]) => JSON.parse(steward.inspect(bytes, name, mapping)),
  import: ([bytes, name, mapping]) => JSON.parse(steward.importData(bytes, name, mapping)),
  compare: ([oldText, oldName, newText, newName]) => JSON.parse(steward.compare(oldText, oldName, newText, newName)),
  vocabularies: () => JSON.parse(steward.vocabularies()),
  suggest: ([target, values]) => JSON.parse(steward.suggest(target, JSON.stringify(values))),
  hours: ([text, now]) => JSON.parse(steward.hours(text, now)),
  fixCsv: ([bytes, mapping, fixes]) => steward.fixCsv(bytes, mapping, JSON.stringify(fixes)),
  readMapping: ([text]) => JSON.parse(steward.readMapping(text)),
  record: ([bytes, name, mapping, line]) => JSON.parse(steward.record(bytes, name, mapping, line)),
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  try {
    await ready;
    const result = ops[op](args || []);
    self.postMessage({ id, result });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};
