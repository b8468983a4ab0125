#!/usr/bin/env bash
# Compiles the one TypeScript source of the JavaScript API (src/) with `tsc --strict`:
#   dist/cjs/   CommonJS + the .d.ts (Node: careerpro-fla, careerpro-fla-wasm's node entries)
#   dist/esm/   ES modules (careerpro-fla-wasm's web, bundler, workerd, Deno and slim entries)
# The two packages copy what they need (bindings-node/test.sh, bindings-wasm/build.sh).
# Installs typescript (package.json, exact version) once per change of package.json.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
if [[ ! -f node_modules/.ready || package.json -nt node_modules/.ready ]]; then
  npm install --no-audit --no-fund --loglevel=error
  touch node_modules/.ready
fi
rm -rf dist
node_modules/.bin/tsc -p tsconfig.json
node_modules/.bin/tsc -p tsconfig.esm.json
echo '{"type":"commonjs"}' > dist/cjs/package.json
echo '{"type":"module"}' > dist/esm/package.json
