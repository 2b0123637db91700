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
# A crate's Cargo.toml may name, under [package.metadata.pages], the Cargo
# profile of its release build (`profile = "speed"`, default "release") and
# wasm-opt's level (`wasm_opt = "-O3"`, default "-Oz").
setting() { # crate key default
  local v
  v="$(sed -n '/^\[package\.metadata\.pages\]/,/^\[/s/^'"$2"' *= *"\(.*\)"/\1/p' "$1/Cargo.toml")"
  echo "${v:-$3}"
}

for crate in crates/learnmap-*-web; do
  name="$(basename "$crate")"          # learnmap-steward-web
  page="${name#learnmap-}"; page="${page%-web}"
  lib="${name//-/_}"
  if [ "$profile" = release ]; then
    cargo_profile="$(setting "$crate" profile release)"
    wasm_opt="$(setting "$crate" wasm_opt -Oz)"
    cargo build --quiet --profile "$cargo_profile" --target wasm32-unknown-unknown -p "$name"
    wasm="$target_dir/wasm32-unknown-unknown/$cargo_profile/$lib.wasm"
  else
    cargo build --quiet --target wasm32-unknown-unknown -p "$name"
    wasm="$target_dir/wasm32-unknown-unknown/debug/$lib.wasm"
  fi
  mkdir -p "$out/pkg/$page"
  wasm-bindgen --target web --no-typescript --out-name "$page" --out-dir "$out/pkg/$page" "$wasm"
  if [ "$profile" = release ]; then
    wasm-opt "$wasm_opt" -o "$out/pkg/$page/${page}_bg.wasm" "$out/pkg/$page/${page}_bg.wasm"
  fi
  echo "pages: $page -> $out/pkg/$page ($profile${cargo_profile:+: $cargo_profile, wasm-opt $wasm_opt})"
done
