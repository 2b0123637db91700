// The build's own files: those a build replaces as a whole (the hashed wasm,
// glue and CSS, boot.js, i18n.js, shared.json and the interface texts in
// locales/, Leaflet), which scripts/precompress.mjs gives .br
// and .gz copies. config.json and the data are edited on the host and get
// none. Shared with tests/e2e/hosting.spec.ts.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A name Trunk gave a hash: `style-…css`, `learnmap-…js`, `learnmap-…_bg.wasm`.
 * Trunk writes its 64-bit hashes without leading zeros, so they have up to 16
 * hex digits, not always 16 (bug: a CSS file named with 15 got no .br or .gz
 * copy, and was sent to residents uncompressed by hosts that serve them).
 */
export const HASHED = /-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css)$/;

/** The build's own files in `dist`, as paths relative to it. */
export function ownFiles(dist) {
  const locales = join(dist, 'locales');
  return [
    ...readdirSync(dist).filter((f) => HASHED.test(f) || ['boot.js', 'i18n.js', 'shared.json'].includes(f)),
    ...(existsSync(locales) ? readdirSync(locales) : []).flatMap((lang) =>
      readdirSync(join(locales, lang))
        .filter((f) => f.endsWith('.json'))
        .map((f) => join('locales', lang, f)),
    ),
    ...['leaflet.js', 'leaflet.css'].map((f) => join('vendor', 'leaflet', f)),
  ];
}
