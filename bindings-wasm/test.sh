#!/usr/bin/env bash
# The WASM binding's whole test suite, as `make test` runs it: builds the package (build.sh
# installs what it needs, idempotently, into ignored folders), then runs in Node the golden
# vectors, the API and bad-input tests and the smoke flow, and the smoke flow inside Deno,
# workerd and headless Chromium. Debian `chromium` is installed when missing (apt).
# Options: --no-build (test the existing pkg/), --no-runtimes (Node only).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
build=1 runtimes=1
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    --no-runtimes) runtimes=0 ;;
    *) echo "test.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

[[ $build == 1 ]] && "$HERE/build.sh"
# The sandbox's own dependencies (oidc-provider), as `make setup-node` installs them.
if [[ ! -f "$ROOT/tests/sandbox/node_modules/.ready" ]]; then
  (cd "$ROOT/tests/sandbox" && npm install --no-audit --no-fund --loglevel=error) && touch "$ROOT/tests/sandbox/node_modules/.ready"
fi
if [[ $runtimes == 1 && ! -x /usr/bin/chromium ]]; then
  apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y --no-install-recommends chromium >/dev/null; } ||
    echo "test.sh: could not install Debian chromium; the browser test will be skipped" >&2
fi

cd "$HERE"
tests=(test/vectors.test.mjs test/api.test.mjs test/smoke.node.test.mjs)
[[ $runtimes == 1 ]] && tests+=(test/runtimes.test.mjs)
node --test --test-concurrency=1 "${tests[@]}"
