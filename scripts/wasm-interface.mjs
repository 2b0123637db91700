// The imports and exports of a WebAssembly module: read their names and
// write them anew (https://webassembly.github.io/spec/core/binary/modules.html#import-section).
// Used by scripts/minify-glue.mjs to give wasm-bindgen's imports and exports
// short names, and to drop the exports the glue does not use.

/** Reads an unsigned LEB128 number at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** An unsigned LEB128 number as bytes. */
function toLeb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encode = (text) => [...new TextEncoder().encode(text)];

/** Where each section is: [{ id, start (of its payload), end }]. */
function sections(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('not a WebAssembly module');
  }
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    out.push({ id, header: at, start, end: start + size });
    at = start + size;
  }
  return out;
}

/** The end of an import's description (what follows its two names). */
function descriptionEnd(bytes, at) {
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = leb(bytes, p);
    if (flags & 1) [, p] = leb(bytes, p);
    return p;
  };
  switch (bytes[at]) {
    case 0x00: // function: its type
      return leb(bytes, at + 1)[1];
    case 0x01: // table: element type, limits
      return limits(at + 2);
    case 0x02: // memory: limits
      return limits(at + 1);
    case 0x03: // global: value type, mutability
      return at + 3;
    case 0x04: // tag: attribute, type
      return leb(bytes, at + 2)[1];
    default:
      throw new Error(`unknown import kind ${bytes[at]} at byte ${at}`);
  }
}

/** The imports: [{ module, name, description (bytes) }]. */
export function readImports(bytes) {
  const section = sections(bytes).find((s) => s.id === 2);
  if (!section) return [];
  let [count, at] = leb(bytes, section.start);
  const imports = [];
  const string = () => {
    const [length, start] = leb(bytes, at);
    at = start + length;
    return utf8.decode(bytes.subarray(start, at));
  };
  while (count-- > 0) {
    const module = string();
    const name = string();
    const end = descriptionEnd(bytes, at);
    imports.push({ module, name, description: bytes.subarray(at, end) });
    at = end;
  }
  if (at !== section.end) throw new Error('the import section has bytes left over');
  return imports;
}

/** The module with section `id`'s payload replaced. */
function replaceSection(bytes, id, payload) {
  const section = sections(bytes).find((s) => s.id === id);
  const header = [id, ...toLeb(payload.length)];
  const out = new Uint8Array(bytes.length - (section.end - section.header) + header.length + payload.length);
  out.set(bytes.subarray(0, section.header), 0);
  out.set(header, section.header);
  out.set(payload, section.header + header.length);
  out.set(bytes.subarray(section.end), section.header + header.length + payload.length);
  return out;
}

/** The module with its imports renamed: `rename(module, name)` gives the new name. */
export function renameImports(bytes, rename) {
  if (!sections(bytes).some((s) => s.id === 2)) return bytes;
  const imports = readImports(bytes);
  const payload = [...toLeb(imports.length)];
  for (const { module, name, description } of imports) {
    const m = encode(module);
    const n = encode(rename(module, name));
    payload.push(...toLeb(m.length), ...m, ...toLeb(n.length), ...n, ...description);
  }
  return replaceSection(bytes, 2, payload);
}

/** The exports: [{ name, description (kind and index, as bytes) }]. */
export function readExports(bytes) {
  const section = sections(bytes).find((s) => s.id === 7);
  if (!section) return [];
  let [count, at] = leb(bytes, section.start);
  const exports = [];
  while (count-- > 0) {
    const [length, start] = leb(bytes, at);
    const name = utf8.decode(bytes.subarray(start, start + length));
    const end = leb(bytes, start + length + 1)[1];
    exports.push({ name, description: bytes.subarray(start + length, end) });
    at = end;
  }
  if (at !== section.end) throw new Error('the export section has bytes left over');
  return exports;
}

/**
 * The module with its exports renamed, or dropped: `rename(name)` gives the
 * new name, or null to drop the export.
 */
export function renameExports(bytes, rename) {
  if (!sections(bytes).some((s) => s.id === 7)) return bytes;
  const kept = readExports(bytes).flatMap(({ name, description }) => {
    const now = rename(name);
    return now === null ? [] : [{ name: now, description }];
  });
  const payload = [...toLeb(kept.length)];
  for (const { name, description } of kept) {
    const n = encode(name);
    payload.push(...toLeb(n.length), ...n, ...description);
  }
  return replaceSection(bytes, 7, payload);
}
