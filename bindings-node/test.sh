#!/usr/bin/env bash
# Builds and tests the Node.js binding (npm package careerpro-fla); `make test` calls it.
#
#  1. setup: npm install here (@napi-rs/cli 3, jose) and in tests/sandbox, once per change
#     of package.json (`npm install`, not `npm ci`: see /work/shared/TOOLCHAIN.md);
#  2. build the addon (napi build --platform --release);
#  3. fail if the generated index.d.ts / index.js differ from the committed ones;
#  4. node --test (vectors, errors, sans-IO, sandbox integration, the conformance suite);
#  5. the conformance suite again through the WASM engine (the package's fallback where no
#     prebuilt addon exists: CAREERPRO_FLA_ENGINE=wasm), every envelope compared with napi's;
#     bindings-wasm/pkg is built first (bindings-wasm/build.sh) when missing or older than its
#     sources;
#  6. npm pack, install the tarball into a fresh folder, import it (ESM and CommonJS).
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

echo "== bindings-node: the WASM engine (bindings-wasm/pkg)"
WASM_PKG="$ROOT/bindings-wasm/pkg"
if [[ ! -f "$WASM_PKG/node.cjs" ]] || [[ -n "$(find "$ROOT/core/src" "$ROOT/core/Cargo.toml" \
    "$ROOT/bindings-wasm/src" "$ROOT/bindings-wasm/js" "$ROOT/bindings-wasm/Cargo.toml" \
    "$ROOT/bindings-wasm/build.sh" "$ROOT/Cargo.lock" -newer "$WASM_PKG/node.cjs" -print -quit)" ]]; then
  "$ROOT/bindings-wasm/build.sh"
fi

echo "== bindings-node: node --test"
node --test test/*.test.mjs

echo "== bindings-node: the conformance suite through the WASM engine, compared with napi"
CAREERPRO_FLA_ENGINE=wasm node --test test/conformance.test.mjs

echo "== bindings-node: npm pack + install + import"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
TARBALL="$(npm pack --silent --pack-destination "$TMP" | tail -n 1)"
mkdir -p "$TMP/app"
(
  cd "$TMP/app"
  npm init -y >/dev/null
  npm install "${NPM_FLAGS[@]}" "$TMP/$TARBALL"
  node --input-type=module -e "
    import { Ssin, ValidationError, errorCodes, Client } from 'careerpro-fla';
    if (new Ssin('85.07.30-033.28').value !== '85073003328') throw new Error('ESM: wrong SSIN');
    try { new Ssin('1'); throw new Error('ESM: no throw'); } catch (e) { if (!(e instanceof ValidationError)) throw e; }
    if (errorCodes().length < 40 || typeof Client !== 'function') throw new Error('ESM: exports');
  "
  node -e "
    const { Ssin, ValidationError } = require('careerpro-fla');
    try { new Ssin('1'); throw new Error('CJS: no throw'); } catch (e) { if (!(e instanceof ValidationError)) throw e; }
    const esmAndCjsAgree = import('careerpro-fla').then((m) => { if (m.ValidationError !== ValidationError) throw new Error('two copies of the error classes'); });
    esmAndCjsAgree.catch((e) => { console.error(e); process.exit(1); });
  "
  for f in index.d.ts lib/main.d.ts lib/errors.d.ts lib/client.d.ts; do
    test -f "node_modules/careerpro-fla/$f" || { echo "the package lacks $f"; exit 1; }
  done
)
echo "bindings-node: all passed"
