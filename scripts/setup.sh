#!/usr/bin/env bash
# Installs what learnmap needs to build, serve and test, and only what is
# missing. Safe to run again and again. Used by `make serve` and `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION="0.21.14"   # the newest Trunk that builds on rustc 1.95
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: FAILED: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq >/dev/null || fail "apt-get update (needed for: $*)"
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null || fail "apt-get install $*"
}

# Rust and the wasm32 target
command -v cargo >/dev/null || fail "Rust (cargo) is not installed: install it with rustup first"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "wasm32-unknown-unknown target: installing"
  rustup target add wasm32-unknown-unknown || fail "rustup target add wasm32-unknown-unknown"
fi

# Trunk
if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: present"
else
  say "trunk $TRUNK_VERSION: installing (about 8 minutes the first time)"
  cargo install --locked --quiet trunk --version "$TRUNK_VERSION" || fail "trunk $TRUNK_VERSION (cargo install)"
fi

# wasm-bindgen-cli, at exactly the Cargo.lock version (without --locked: its lockfile
# names a crate version the registry no longer has)
[ -n "$WASM_BINDGEN_VERSION" ] || fail "wasm-bindgen version: not found in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] &&
   command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: installing"
  cargo install --quiet --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" || fail "wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install)"
fi

# Node.js and npm, for Leaflet, wasm-opt (binaryen) and Playwright
if ! command -v npm >/dev/null; then
  say "node.js and npm: installing"
  apt_install nodejs npm
fi
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  say "npm packages (leaflet, binaryen, @playwright/test): present"
else
  say "npm packages (leaflet, binaryen, @playwright/test): installing from package-lock.json"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error || fail "npm packages (npm ci)"
  touch node_modules/.package-lock.json
fi
[ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" = "132" ] || fail "wasm-opt 132 from npm binaryen (node_modules/.bin/wasm-opt)"

# Chromium and ChromeDriver, for the browser tests
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  say "chromium and chromium-driver: present"
else
  say "chromium and chromium-driver: installing with apt-get"
  apt_install chromium chromium-driver
fi

say "ready"
