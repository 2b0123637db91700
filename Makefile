# learnmap: two commands for a newcomer.
#   make serve   set up, then build and serve the app with the demo data at http://127.0.0.1:8080
#   make test    set up, then run every layer of tests
SHELL := bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: setup serve test dist demo-data bench bench-app bench-lighthouse bench-planner

setup:
	@bash scripts/setup.sh

serve: setup
	trunk serve

test: setup
	@bash scripts/test.sh

# The release build into dist/, to put on any static host (docs/embedding.md);
# what the end-to-end tests and bench-app use. See scripts/dist.sh.
dist: setup
	@bash scripts/dist.sh

# Regenerate the bundled demo data (a test checks it matches the generator).
demo-data:
	cargo run -q -p learnmap-data -- demo --seed 2024 --out data/demo/learning-spaces.geojson --events data/demo/events.geojson

# Benchmarks (a few minutes): the native criterion benches, then the browser
# benchmark (our WebAssembly against kdbush/geokdbush, flatbush and
# supercluster in headless Chromium), which prints a table and writes
# target/bench/report.json. See bench/README.md.
BENCH_TARGET := $(or $(CARGO_TARGET_DIR),target)
bench: setup
	mkdir -p target/import
	[ -f target/import/kenya-schools.geojson ] || \
	  cargo run --release -q -p learnmap-data -- import --mapping data/mappings/kenya-schools.toml \
	    ../shared/data/real/kenya-schools.geojson --out target/import/kenya-schools.geojson
	cargo bench -p learnmap-core
	cargo build --release --target wasm32-unknown-unknown -p learnmap-bench-wasm
	mkdir -p target/bench target/synth
	wasm-bindgen --target web --out-dir target/bench/pkg $(BENCH_TARGET)/wasm32-unknown-unknown/release/learnmap_bench_wasm.wasm
	wasm-opt -Oz -o target/bench/pkg/learnmap_bench_wasm_bg.wasm target/bench/pkg/learnmap_bench_wasm_bg.wasm
	@for n in 10k 100k; do \
	  [ -f target/synth/places-$$n.geojson ] || \
	    cargo run --release -q -p learnmap-data -- synth --count $$n --out target/synth/places-$$n.geojson || exit 1; \
	done
	node bench/bench.mjs

# The citizen app's speed figures: shell size, first results under
# 4x CPU and Fast 3G, a filter change at 10k places; on a release build in
# dist/ (built here first, as make dist). Writes target/bench/app-report.json. See bench/README.md.
bench-app: dist
	node bench/app.mjs

# Lighthouse 12.2.3 (npm) on the release build, mobile defaults, 3 runs each
# with the demo data and 10k synthetic places; medians into
# target/bench/lighthouse.json. See bench/README.md.
bench-lighthouse: dist
	node bench/lighthouse.mjs

# The planners' page (planner.html): 10k places, a 100 000-cell grid, one
# question and two compared, against a plain scan in the same page; on a
# release build in dist/ (built here first). Writes
# target/bench/planner-report.json. See bench/README.md.
bench-planner: dist
	node bench/planner.mjs
