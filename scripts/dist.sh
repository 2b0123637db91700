#!/usr/bin/env bash
# The release build of the app into dist/: what `make dist` runs, and what the
# end-to-end tests and `make bench-app` measure. Extra arguments go to
# `trunk build` (e.g. --dist DIR). Then wasm-bindgen's JS glue is minified
# (scripts/minify-glue.mjs), which Trunk's own minifier cannot do, and the
# build's own files get precompressed .br and .gz copies for hosts that serve
# them (scripts/precompress.mjs, docs/embedding.md).
#
# The wasm is built with Rust's standard library rebuilt for it, with panics
# that abort at once (no panic messages, file names or formatting code in the
# download): about 19 KiB less brotli for every resident's first visit (see
# README, Performance). Rebuilding std is a Cargo feature still marked
# unstable, so RUSTC_BOOTSTRAP=1 allows it on the pinned stable compiler; it
# needs the rust-src component, which scripts/setup.sh installs. Debug builds
# (`trunk serve`, the wasm tests) keep ordinary panics with their messages.
#
# `-Zfmt-debug=none` leaves out the code of every `Debug` formatting (derived
# and by hand): 2.6 KB less brotli. The app never shows `{:?}` output;
# what changes is that a library's message that quotes a value with `{:?}`
# (serde's "invalid type: string \"x\"", in a broken data file's error)
# shows without the value. The stewards' tool, built natively, keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none"
# Its own target directory: these flags would otherwise make every other
# release wasm build (the browser benchmark's) start over, and back.
export CARGO_TARGET_DIR="${LEARNMAP_DIST_TARGET:-$PWD/target/dist-build}"
dist=dist
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --dist) dist="${args[i + 1]:-dist}" ;;
    --dist=*) dist="${args[i]#--dist=}" ;;
  esac
done
trunk build --release "$@"
node scripts/minify-glue.mjs "$dist"
node scripts/precompress.mjs "$dist"
