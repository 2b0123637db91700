#!/usr/bin/env bash
# The release build of the app into dist/: what `make dist` runs, and what the
# end-to-end tests, `make bench-app` and `make bench-lighthouse` measure.
# Extra arguments go to `trunk build` (e.g. --dist DIR).
#
# Stable, documented tools only: the pinned stable compiler with the release
# profile of Cargo.toml, wasm-bindgen, wasm-opt's own passes (named in
# index.html's `data-wasm-opt-params`), Trunk's minifier for the HTML and
# CSS. No unstable flags, no rebuilt standard library, no rewriting of the
# wasm or its glue by our own scripts: a toolchain or wasm-bindgen update
# cannot break the build behind its back, and a panic keeps its message
# (src/lib.rs shows it; see README, Performance, for what that costs).
#
# Then the build's own files get precompressed .br and .gz copies for hosts
# that serve them (scripts/precompress.mjs, docs/embedding.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# LEARNMAP_DIST_TARGET: a target directory of its own, if wanted (say, so that
# a release build does not wait on the lock of a running `cargo test`).
if [ -n "${LEARNMAP_DIST_TARGET:-}" ]; then
  export CARGO_TARGET_DIR="$LEARNMAP_DIST_TARGET"
fi
dist=dist
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --dist) dist="${args[i + 1]:-dist}" ;;
    --dist=*) dist="${args[i]#--dist=}" ;;
  esac
done
trunk build --release "$@"
node scripts/precompress.mjs "$dist"
