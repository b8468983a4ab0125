# careerpro-fla — the two commands are `make demo` and `make test`; both set up what they need.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT       := $(CURDIR)
TOOLS      := $(ROOT)/.tools
VENV       := $(ROOT)/.venv
PY         := $(VENV)/bin/python
SANDBOX    := $(ROOT)/tests/sandbox
STATE      := $(SANDBOX)/.state
export CARGO_TARGET_DIR ?= $(ROOT)/target
export CARGO_TERM_COLOR ?= never


.PHONY: test-node test-wasm help demo demo-rust python-binding test setup setup-python setup-node test-rust test-vectors test-interop \
        test-sandbox test-e2e lint bench vectors sandbox-start sandbox-stop clean-state

help:
	@echo "make demo   - start the local sandbox, get a token, call the FLA stand-in, show the answers (Python; make demo-rust: the same from Rust)"
	@echo "make test   - every test in every language (sets up what it needs)"
	@echo "make bench  - assertion + token request: the core against PyJWT + cryptography"

# --- setup (idempotent) ----------------------------------------------------------------------

setup: setup-python setup-node
	@command -v cargo >/dev/null || { echo "cargo is needed: https://rustup.rs"; exit 1; }
	@command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends openssl; }

# PyJWT + cryptography: the independent verifier of every assertion, and the benchmark's peer.
setup-python: $(VENV)/.ready
$(VENV)/.ready: tests/interop/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r tests/interop/requirements.txt
	touch $@

# The sandbox: oidc-provider and friends from npm.
setup-node: $(SANDBOX)/node_modules/.ready
$(SANDBOX)/node_modules/.ready: $(SANDBOX)/package.json
	cd $(SANDBOX) && npm install --no-audit --no-fund --loglevel=error
	touch $@

# --- test --------------------------------------------------------------------------------------

test: setup lint test-rust test-vectors test-interop test-sandbox test-e2e test-python test-node test-wasm
	@echo "make test: all suites passed"

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p careerpro-fla --no-default-features -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc -q -p careerpro-fla --no-deps

# The core's own tests; each binding's suite runs through its script (test-python, …).
test-rust:
	cargo test -p careerpro-fla
	cargo test -q -p careerpro-fla --no-default-features --test conformance -- --nocapture

# Regenerate every golden vector file in place (make vectors), then fail on any difference from
# what is committed: a changed or deleted file (git diff) or a new one (git status).
test-vectors: vectors
	@git --no-pager diff --exit-code -- tests/vectors || { \
	  echo "test-vectors: the core's output differs from the committed vectors (diff above): review, then commit or fix"; exit 1; }
	@left="$$(git status --porcelain --untracked-files=all -- tests/vectors)"; if [[ -n "$$left" ]]; then \
	  echo "$$left"; echo "test-vectors: new or uncommitted files in tests/vectors (above): review, then commit or remove"; exit 1; fi

# Every assertion in the vectors, verified by code that shares nothing with ours.
test-interop: setup-python
	$(PY) tests/interop/verify_pyjwt.py tests/vectors

test-sandbox: setup-node
	cd $(SANDBOX) && npm test

# The core, driven by a Rust host, through the sandbox.
test-e2e: setup-node
	$(MAKE) -s sandbox-start
	trap '$(MAKE) -s sandbox-stop' EXIT; \
	  CAREERPRO_SANDBOX_URLS=$(STATE)/urls.json cargo test -q -p careerpro-fla --test sandbox_e2e -- --ignored --test-threads=1

# --- sandbox -----------------------------------------------------------------------------------

sandbox-start: setup-node
	$(SANDBOX)/start.sh --port 0 $(SANDBOX_ARGS) >/dev/null

sandbox-stop:
	$(SANDBOX)/stop.sh >/dev/null 2>&1 || true

# --- demo --------------------------------------------------------------------------------------

DEMO := $(ROOT)/demo-credentials

demo: setup python-binding
	bash tests/sandbox/demo-credentials.sh $(DEMO)
	$(MAKE) -s sandbox-start SANDBOX_ARGS="--clients $(DEMO)/clients"
	trap '$(MAKE) -s sandbox-stop' EXIT; \
	  $(PY) bindings-python/examples/demo.py $(STATE)/urls.json $(DEMO)

# The same job from a Rust host (core/examples/demo.rs).
demo-rust: setup
	bash tests/sandbox/demo-credentials.sh $(DEMO)
	$(MAKE) -s sandbox-start SANDBOX_ARGS="--clients $(DEMO)/clients"
	trap '$(MAKE) -s sandbox-stop' EXIT; \
	  cargo run -q -p careerpro-fla --example demo -- $(STATE)/urls.json $(DEMO)

# The Python binding, built and installed into .venv (editable) for the demo and benchmarks.
python-binding: setup-python
	cmp -s bindings-python/requirements-dev.txt $(VENV)/.bindings-python-ready || { \
	  $(VENV)/bin/pip install -q --disable-pip-version-check -r bindings-python/requirements-dev.txt && \
	  cp bindings-python/requirements-dev.txt $(VENV)/.bindings-python-ready; }
	cd bindings-python && VIRTUAL_ENV=$(VENV) $(VENV)/bin/maturin develop --release -q

# --- bindings ------------------------------------------------------------------------------------

include bindings-python/Makefile.fragment

# Node binding: build, d.ts drift check, node --test, npm pack + install + import.
test-node:
	bindings-node/test.sh

# WASM binding: web/nodejs/bundler + slim builds, vectors in Node, smoke flow in Node, Deno,
# workerd and headless Chromium.
test-wasm:
	bindings-wasm/test.sh

# --- maintenance -------------------------------------------------------------------------------

# Every file the generators write. The committed scenarios are removed first, so that one no
# longer generated shows up as deleted (an untracked one is left for test-vectors to report).
vectors:
	git ls-files -z -- 'tests/vectors/scenarios/*.json' | xargs -0 -r rm --
	cargo run -q -p careerpro-fla --example vectors
	cargo run -q -p careerpro-fla --example scenario_vectors

bench: setup-python
	cargo build -q --release -p careerpro-fla --example bench_assertion
	$(PY) tests/interop/bench.py $(CARGO_TARGET_DIR)/release/examples/bench_assertion

clean-state:
	rm -rf $(STATE) $(DEMO)
