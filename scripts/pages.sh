#!/usr/bin/env bash
# Builds the WebAssembly of the site's other pages (steward.html, planner.html)
# into a build's output folder: every crate `crates/learnmap-<page>-web` (a
# cdylib with wasm-bindgen bindings over the core) becomes
# OUT/pkg/<page>/<page>.js and <page>_bg.wasm, which public/<page>.js imports.
#
# Trunk runs this after each build (Trunk.toml [[hooks]], stage post_build),
# so `make serve` and `make dist` both have the pages; by hand:
#   bash scripts/pages.sh OUT_DIR [release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

out="${1:-${TRUNK_STAGING_DIR:-}}"
profile="${2:-${TRUNK_PROFILE:-debug}}"
[ -n "$out" ] || { echo "pages: usage: scripts/pages.sh OUT_DIR [release|debug]" >&2; exit 2; }
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"

shopt -s nullglob
for crate in crates/learnmap-*-web; do
  name="$(basename "$crate")"          # learnmap-steward-web
  page="${name#learnmap-}"; page="${page%-web}"
  lib="${name//-/_}"
  # a page may have a release profile of its own in Cargo.toml, named after
  # its crate ([profile.learnmap-steward-web]: speed over size)
  opt=-Oz
  if [ "$profile" = release ] && grep -q "^\[profile\.$name\]" Cargo.toml; then
    cargo build --quiet --profile "$name" --target wasm32-unknown-unknown -p "$name"
    wasm="$target_dir/wasm32-unknown-unknown/$name/$lib.wasm"
    opt=-O3
  elif [ "$profile" = release ]; then
    cargo build --quiet --release --target wasm32-unknown-unknown -p "$name"
    wasm="$target_dir/wasm32-unknown-unknown/release/$lib.wasm"
  else
    cargo build --quiet --target wasm32-unknown-unknown -p "$name"
    wasm="$target_dir/wasm32-unknown-unknown/debug/$lib.wasm"
  fi
  mkdir -p "$out/pkg/$page"
  wasm-bindgen --target web --no-typescript --out-name "$page" --out-dir "$out/pkg/$page" "$wasm"
  if [ "$profile" = release ]; then
    wasm-opt "$opt" -o "$out/pkg/$page/${page}_bg.wasm" "$out/pkg/$page/${page}_bg.wasm"
  fi
  echo "pages: $page -> $out/pkg/$page ($profile)"
done
