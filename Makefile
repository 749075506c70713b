# pandactl — build, run, test. The README's two commands are `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
BIN_DIR = $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
PROGRAMS = pandactl pandactl-curve pandactl-train pandactl-predict pandactl-orders pandactl-ohlc \
           pandactl-index pandactl-mint pandactl-burn pandactl-sign

.PHONY: run test deps build build-tests unit e2e examples docs check-docs bench clean

## run: install missing system packages, build, and run the example workflow on a fresh temp ledger
run: build
	PATH="$(BIN_DIR):$$PATH" bash examples/quickstart.sh

## test: the whole suite (unit, end-to-end, examples, generated-docs drift)
test: build-tests
	$(SWIFT) test --skip-build --parallel
	PATH="$(BIN_DIR):$$PATH" bash scripts/run-examples.sh
	$(MAKE) --no-print-directory check-docs

deps:
	@bash scripts/deps.sh

build: deps
	$(SWIFT) build

build-tests: deps
	$(SWIFT) build --build-tests

## docs: regenerate man pages and shell completions from the commands' help text
docs: build
	bash scripts/gen-docs.sh "$(BIN_DIR)" .

## check-docs: fail when man/ or completions/ differ from what the help text generates
check-docs: build
	@tmp=$$(mktemp -d) && bash scripts/gen-docs.sh "$(BIN_DIR)" "$$tmp" && \
	  diff -r "$$tmp/man" man && diff -r "$$tmp/completions" completions && rm -rf "$$tmp" && \
	  echo "man pages and completions are up to date" || \
	  { echo "man/ or completions/ are stale: run 'make docs' and commit"; exit 1; }

## bench: benchmarks that print figures next to their peers
bench: deps
	bash bench/run-all.sh

clean:
	rm -rf .build dist

-include scripts/jetson.mk
