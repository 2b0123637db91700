// Writes brotli (FILE.br, quality 11) and gzip (FILE.gz, level 9) copies of
// the build's own files beside them, for hosts that serve precompressed files
// (nginx `brotli_static`/`gzip_static`, Apache rewrite rules: see
// docs/embedding.md). Run by scripts/dist.sh:  node scripts/precompress.mjs DIST_DIR
//
// Only files a build replaces as a whole get copies: the hashed wasm, glue
// and CSS, boot.js and Leaflet. config.json and the data are edited on the
// host, and a compressed copy left beside an edited file would be served in
// its place, so they get none.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ownFiles } from './own-files.mjs';

function precompress(dist) {
  const files = ownFiles(dist);
  let before = 0;
  let after = 0;
  for (const file of files) {
    const path = join(dist, file);
    const body = readFileSync(path);
    const br = brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
    before += body.length;
    after += br.length;
  }
  console.log(`precompress: ${files.length} files in ${dist}: ${before} bytes, ${after} with brotli (.br and .gz beside each)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  precompress(process.argv[2] ?? 'dist');
}
