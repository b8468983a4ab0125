#!/usr/bin/env bash
# The WASM binding's whole test suite, as `make test` runs it: builds the package (build.sh
# installs what it needs, idempotently, into ignored folders), then runs in Node the golden
# vectors, the API and bad-input tests, the conformance suite (full and slim builds) and the
# smoke flow, and the smoke flow inside Deno, workerd and headless Chromium. Debian `chromium`
# is installed when missing (apt); when it is missing and cannot be installed, the script fails.
# Options: --no-build (test the existing pkg/), --no-runtimes (Node only).
# Environment: CAREERPRO_SKIP_BROWSER=1 runs everything but the headless Chromium test (no
# install attempted), with a notice; for machines without Debian packages. Nothing else skips it.
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
# (Two commands, not `(…) && touch`: under `set -e` a failure left of `&&` would not stop us.)
if [[ ! -f "$ROOT/tests/sandbox/node_modules/.ready" ]]; then
  (cd "$ROOT/tests/sandbox" && npm install --no-audit --no-fund --loglevel=error)
  touch "$ROOT/tests/sandbox/node_modules/.ready"
fi
skip_browser=0
if [[ $runtimes == 1 && "${CAREERPRO_SKIP_BROWSER:-}" == 1 ]]; then
  skip_browser=1
  cat >&2 <<'NOTICE'
########################################################################################
# CAREERPRO_SKIP_BROWSER=1: the headless Chromium smoke test is SKIPPED.               #
# The WASM binding is NOT being tested in a browser on this run.                       #
########################################################################################
NOTICE
elif [[ $runtimes == 1 && ! -x /usr/bin/chromium ]]; then
  # The package lists may be missing or stale: on failure, update them and try again, showing
  # apt's errors this time.
  install_chromium() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  }
  install_chromium >/dev/null 2>&1 || { apt-get update -qq && install_chromium >/dev/null; } || true
  if [[ ! -x /usr/bin/chromium ]]; then
    echo "test.sh: the headless Chromium test needs Debian chromium (/usr/bin/chromium), and" \
      "'apt-get install chromium' failed, also after 'apt-get update' (see above). Install it," \
      "or set CAREERPRO_SKIP_BROWSER=1 to run the rest without the browser test." >&2
    exit 1
  fi
fi

cd "$HERE"
tests=(test/vectors.test.mjs test/api.test.mjs test/conformance.test.mjs test/smoke.node.test.mjs)
[[ $runtimes == 1 ]] && tests+=(test/runtimes.test.mjs)
node --test --test-concurrency=1 "${tests[@]}"
if [[ $skip_browser == 1 ]]; then
  echo "test.sh: passed WITHOUT the headless Chromium test (CAREERPRO_SKIP_BROWSER=1)" >&2
fi
