#!/usr/bin/env bash
# Runs every layer of learnmap's tests and prints a summary line per layer.
# Called by `make test` after scripts/setup.sh; a layer's failure does not
# stop the later layers, but makes the whole run fail.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export CARGO_TERM_COLOR=never

logs=target/test-logs
mkdir -p "$logs"
summary=()
total_passed=0
total_failed=0
failed_layers=0

# Adds up the tests a layer's log reports passed and failed (cargo and Playwright).
count() {
  local log=$1 passed failed
  passed=$(grep -Eo '(test result: [a-zA-Z]+\. )?[0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
  echo "$passed $failed"
}

layer() {
  local name=$1; shift
  local log="$logs/$name.log" status counts
  printf '\n==> %s: %s\n' "$name" "$*"
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  read -r p f < <(count "$log")
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + f))
  if [ "$status" -eq 0 ]; then
    summary+=("$(printf '%-8s ok      %s' "$name" "$([ "$p$f" != 00 ] && echo "($p passed, $f failed)")")")
  else
    failed_layers=$((failed_layers + 1))
    summary+=("$(printf '%-8s FAILED  (exit %s; %s passed, %s failed; log: %s)' "$name" "$status" "$p" "$f" "$log")")
  fi
}

layer fmt cargo fmt --all --check
layer clippy bash -c 'cargo clippy --workspace --all-targets -- -D warnings &&
  cargo clippy -p learnmap --target wasm32-unknown-unknown --all-targets -- -D warnings'
layer native cargo test --workspace
layer wasm cargo test -p learnmap --target wasm32-unknown-unknown
layer build bash scripts/dist.sh
layer size node scripts/size-budget.mjs dist
layer e2e npx playwright test

printf '\n==> summary\n'
printf '  %s\n' "${summary[@]}"
printf 'layers: %d passed, %d failed\n' "$(( ${#summary[@]} - failed_layers ))" "$failed_layers"
printf 'tests: %d passed, %d failed\n' "$total_passed" "$total_failed"
[ "$failed_layers" -eq 0 ]
