# pandactl — build, run, test. The README's two commands are `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
BIN_DIR = $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
PROGRAMS = pandactl pandactl-curve pandactl-train pandactl-predict pandactl-orders pandactl-ohlc \
           pandactl-index pandactl-mint pandactl-burn pandactl-sign

.PHONY: run test deps build build-tests unit e2e examples docs check-docs bench reliability asan clean e2e-pg e2e-pg-run

## run: install missing system packages, build, and run the example workflow on a fresh temp ledger
run: build
	PATH="$(BIN_DIR):$$PATH" bash examples/quickstart.sh

## test: the whole suite (unit, end-to-end on SQLite and on PostgreSQL, examples, generated-docs drift)
test: build-tests
	$(SWIFT) test --skip-build --parallel
	$(MAKE) --no-print-directory e2e-pg-run
	PATH="$(BIN_DIR):$$PATH" bash scripts/run-examples.sh
	$(MAKE) --no-print-directory check-docs
	bash scripts/check-completions.sh

deps:
	@bash scripts/deps.sh

## e2e-pg: the end-to-end suite and the examples with every ledger on PostgreSQL (a throw-away server: scripts/pg.sh run)
e2e-pg: build-tests
	$(MAKE) --no-print-directory e2e-pg-run

e2e-pg-run:
	PANDACTL_TEST_ENGINE=postgresql bash scripts/pg.sh run $(SWIFT) test --skip-build --parallel --filter EndToEndTests
	PATH="$(BIN_DIR):$$PATH" bash scripts/pg.sh run bash scripts/run-examples.sh --postgresql

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

## check-completions: every completion script completes a verb in bash, zsh and fish; man pages render cleanly
check-completions: deps
	bash scripts/check-completions.sh

## install: release binaries, man pages and completions under $(DESTDIR)$(PREFIX) (default /usr/local)
release: deps
	for p in $(PROGRAMS); do $(SWIFT) build -c release --product $$p || exit 1; done

install: release
	@rel=$$($(SWIFT) build -c release --show-bin-path) && \
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" "$(DESTDIR)$(PREFIX)/share/man/man7" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d" && \
	for p in $(PROGRAMS); do \
	  install -m 0755 "$$rel/$$p" "$(DESTDIR)$(PREFIX)/bin/$$p" && \
	  install -m 0644 "man/man1/$$p.1" "$(DESTDIR)$(PREFIX)/share/man/man1/$$p.1" && \
	  install -m 0644 "completions/bash/$$p" "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$p" && \
	  install -m 0644 "completions/zsh/_$$p" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_$$p" && \
	  install -m 0644 "completions/fish/$$p.fish" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$$p.fish" || exit 1; \
	done && install -m 0644 man/man7/pandactl.7 "$(DESTDIR)$(PREFIX)/share/man/man7/pandactl.7" && \
	echo "installed $(words $(PROGRAMS)) programs, their man pages and completions under $(DESTDIR)$(PREFIX)"

## uninstall: removes what install put there
uninstall:
	@for p in $(PROGRAMS); do \
	  rm -f "$(DESTDIR)$(PREFIX)/bin/$$p" "$(DESTDIR)$(PREFIX)/share/man/man1/$$p.1" \
	    "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$p" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_$$p" \
	    "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$$p.fish"; \
	done; rm -f "$(DESTDIR)$(PREFIX)/share/man/man7/pandactl.7"; echo "removed pandactl from $(DESTDIR)$(PREFIX)"

## bench: benchmarks that print figures next to their peers
bench: deps
	bash bench/run-all.sh

## reliability: crash (SIGKILL), concurrency, fuzz, tamper/authorization and file-fault suites, with a summary
reliability: build
	bash scripts/reliability/run.sh "$(BIN_DIR)"

## asan: the library suites built with AddressSanitizer (scratch path .build-asan); any report fails
asan: deps
	$(SWIFT) build --build-tests --scratch-path .build-asan --sanitize=address
	LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp ASAN_OPTIONS=halt_on_error=1:abort_on_error=0 \
	  $(SWIFT) test --skip-build --scratch-path .build-asan --sanitize=address --skip EndToEndTests

clean:
	rm -rf .build .build-asan dist

-include scripts/jetson.mk
