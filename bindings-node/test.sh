#!/usr/bin/env bash
# Builds and tests the Node.js binding (npm package careerpro-fla); `make test` calls it.
#
#  1. setup: npm install here (@napi-rs/cli 3, jose) and in tests/sandbox, once per change
#     of package.json (`npm install`, not `npm ci`: see /work/shared/TOOLCHAIN.md);
#  2. build the addon (napi build --platform --release);
#  3. fail if the generated index.d.ts / index.js differ from the committed ones;
#  4. the JavaScript API: js/build.sh (tsc --strict over js/src) into lib/api; the WASM engine
#     (bindings-wasm/build.sh when missing or older than its sources) into lib/wasm;
#  5. node --test (vectors, errors, sans-IO, sandbox integration, the conformance suite);
#  6. the whole suite again through the WASM engine (the package's fallback where no prebuilt
#     addon exists: CAREERPRO_FLA_ENGINE=wasm), conformance envelopes compared with napi's;
#  7. npm pack, install the tarball into a fresh folder, import it (ESM and CommonJS, one
#     instance) with each engine, and once with the addon removed (the fallback).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)
cd "$HERE"

echo "== bindings-node: setup"
if [[ ! -f node_modules/.ready || package.json -nt node_modules/.ready ]]; then
  npm install "${NPM_FLAGS[@]}"
  touch node_modules/.ready
fi
SANDBOX="$ROOT/tests/sandbox"
if [[ ! -f "$SANDBOX/node_modules/.ready" || "$SANDBOX/package.json" -nt "$SANDBOX/node_modules/.ready" ]]; then
  (cd "$SANDBOX" && npm install "${NPM_FLAGS[@]}")
  touch "$SANDBOX/node_modules/.ready"
fi

echo "== bindings-node: build"
npx napi build --platform --release

echo "== bindings-node: type declarations drift"
for f in index.d.ts index.js; do
  git ls-files --error-unmatch "$f" >/dev/null 2>&1 || { echo "$f is not committed"; exit 1; }
done
if ! git diff --exit-code -- index.d.ts index.js; then
  echo "index.d.ts / index.js differ from the committed ones: the Rust API changed; review and commit them"
  exit 1
fi

echo "== bindings-node: the JavaScript API (js/src, tsc --strict) and the WASM engine"
"$ROOT/js/build.sh"
rm -rf lib/api && cp -r "$ROOT/js/dist/cjs" lib/api
WASM_PKG="$ROOT/bindings-wasm/pkg"
if [[ ! -f "$WASM_PKG/node.cjs" ]] || [[ -n "$(find "$ROOT/core/src" "$ROOT/core/Cargo.toml" "$ROOT/js/src" \
    "$ROOT/bindings-wasm/src" "$ROOT/bindings-wasm/js" "$ROOT/bindings-wasm/Cargo.toml" \
    "$ROOT/bindings-wasm/build.sh" "$ROOT/Cargo.lock" -newer "$WASM_PKG/node.cjs" -print -quit)" ]]; then
  "$ROOT/bindings-wasm/build.sh"
fi
# The fallback engine ships inside the package: wasm-bindgen's nodejs output of the full build.
rm -rf lib/wasm && cp -r "$WASM_PKG/wasm/nodejs" lib/wasm

echo "== bindings-node: node --test"
node --test test/*.test.mjs

echo "== bindings-node: the whole suite again through the WASM engine (the fallback), conformance compared with napi"
CAREERPRO_FLA_ENGINE=wasm node --test test/*.test.mjs

echo "== bindings-node: npm pack + install + import (ESM and CommonJS, one instance), both engines"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
TARBALL="$(npm pack --silent --pack-destination "$TMP" | tail -n 1)"
mkdir -p "$TMP/app"
(
  cd "$TMP/app"
  npm init -y >/dev/null
  npm install "${NPM_FLAGS[@]}" "$TMP/$TARBALL"
  for f in index.js index.d.ts lib/main.cjs lib/main.mjs lib/engine.cjs lib/api/index.js lib/api/index.d.ts \
      lib/api/client.d.ts lib/wasm/careerpro_fla_wasm.js lib/wasm/careerpro_fla_wasm_bg.wasm; do
    test -f "node_modules/careerpro-fla/$f" || { echo "the package lacks $f"; exit 1; }
  done
  for engine in napi wasm; do
    CAREERPRO_FLA_ENGINE=$engine node --input-type=module -e "
      import { Ssin, ValidationError, errorCodes, Client, engine } from 'careerpro-fla';
      import { createRequire } from 'node:module';
      if (engine().name !== '$engine') throw new Error('ESM: engine ' + engine().name);
      if (new Ssin('85.07.30-033.28').value !== '85073003328') throw new Error('ESM: wrong SSIN');
      try { new Ssin('1'); throw new Error('ESM: no throw'); } catch (e) { if (!(e instanceof ValidationError)) throw e; }
      if (errorCodes().length < 40 || typeof Client !== 'function') throw new Error('ESM: exports');
      const cjs = createRequire(import.meta.url)('careerpro-fla');
      if (cjs.ValidationError !== ValidationError || cjs.engine() !== engine()) throw new Error('two instances for import and require');
    "
    CAREERPRO_FLA_ENGINE=$engine node -e "
      const { Ssin, ValidationError, engine } = require('careerpro-fla');
      if (engine().name !== '$engine') throw new Error('CJS: engine ' + engine().name);
      try { new Ssin('1'); throw new Error('CJS: no throw'); } catch (e) { if (!(e instanceof ValidationError)) throw e; }
      import('careerpro-fla').then((m) => { if (m.ValidationError !== ValidationError) throw new Error('two copies of the error classes'); })
        .catch((e) => { console.error(e); process.exit(1); });
    "
  done
  # No prebuilt addon for this platform: the WASM engine takes over, same API.
  rm node_modules/careerpro-fla/*.node
  node -e "
    const m = require('careerpro-fla');
    if (m.engine().name !== 'wasm') throw new Error('no fallback: ' + m.engine().name);
    if (new m.EnterpriseNumber('BE 0884.303.369').value !== '0884303369') throw new Error('fallback: wrong value');
  "
)
echo "bindings-node: all passed"
