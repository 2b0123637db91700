# learnmap: two commands for a newcomer.
#   make serve   set up, then build and serve the app with the demo data at http://127.0.0.1:8080
#   make test    set up, then run every layer of tests
SHELL := bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: setup serve test demo-data

setup:
	@bash scripts/setup.sh

serve: setup
	trunk serve

test: setup
	@bash scripts/test.sh

# Regenerate the bundled demo data (a test checks it matches the generator).
demo-data:
	cargo run -q -p learnmap-data -- demo --seed 2024 --out data/demo/learning-spaces.geojson
