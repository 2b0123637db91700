// The build's own files: those a build replaces as a whole (the hashed wasm,
// glue and CSS, boot.js, Leaflet), which scripts/precompress.mjs gives .br
// and .gz copies. config.json and the data are edited on the host and get
// none. Shared with tests/e2e/hosting.spec.ts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The build's own files in `dist`, as paths relative to it. */
export function ownFiles(dist) {
  return [
    ...readdirSync(dist).filter((f) => /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(f) || f === 'boot.js'),
    ...['leaflet.js', 'leaflet.css'].map((f) => join('vendor', 'leaflet', f)),
  ];
}
