#!/usr/bin/env bash
# Builds the npm package careerpro-fla-wasm into bindings-wasm/pkg/ (full build) with a slim
# variant under pkg/slim/ (WebCrypto/external signing only), each under the JavaScript API
# compiled from js/src (TypeScript). Installs what it needs, idempotently,
# into ignored folders: Debian clang (ring's C code for wasm32), the wasm32 target,
# wasm-bindgen-cli pinned to Cargo.lock's wasm-bindgen (in <repo>/.tools), npm dev deps (binaryen's
# wasm-opt; Debian's binaryen writes broken modules).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
TOOLS="$ROOT/.tools"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PKG="$HERE/pkg"
NAME=careerpro_fla_wasm

setup() {
  command -v clang >/dev/null || {
    apt-get install -y --no-install-recommends clang >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y --no-install-recommends clang >/dev/null; }
  }
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock")"
  if [[ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$want" ]]; then
    echo "build.sh: installing wasm-bindgen-cli $want into $TOOLS (once, ~2 min)" >&2
    # Its own target dir (removed afterwards): never the shared one. `--locked` fails here.
    cargo install -q wasm-bindgen-cli --version "$want" --root "$TOOLS" --target-dir "$TOOLS/cargo-build" --force
    rm -rf "$TOOLS/cargo-build"
  fi
  if [[ ! -f "$HERE/node_modules/.ready" || "$HERE/package.json" -nt "$HERE/node_modules/.ready" ]]; then
    (cd "$HERE" && npm install --no-audit --no-fund --loglevel=error) && touch "$HERE/node_modules/.ready"
  fi
}

# cargo build + wasm-bindgen for every target + wasm-opt -Oz. $1: features flag, $2: out dir,
# $3..: wasm-bindgen targets.
build_variant() {
  local features="$1" out="$2"; shift 2
  local target_dir="$CARGO_TARGET_DIR"
  # A separate target dir for the slim build, so switching features never rebuilds the other.
  # Separate target dirs: the opt-level override and the slim features would otherwise rebuild
  # the shared release artefacts every time.
  target_dir="$CARGO_TARGET_DIR/wasm-full"
  [[ -n "$features" ]] && target_dir="$CARGO_TARGET_DIR/wasm-slim"
  # Size over speed for this module only (the env var leaves the shared profile alone).
  (cd "$ROOT" && CARGO_PROFILE_RELEASE_OPT_LEVEL="${WASM_OPT_LEVEL:-z}" cargo build -q --release --target wasm32-unknown-unknown -p careerpro-fla-wasm \
     --target-dir "$target_dir" $features)
  local wasm="$target_dir/wasm32-unknown-unknown/release/$NAME.wasm"
  for t in "$@"; do
    local dir="$out/$t"
    rm -rf "$dir" && mkdir -p "$dir"
    "$TOOLS/bin/wasm-bindgen" --target "$t" --out-dir "$dir" --out-name "$NAME" "$wasm"
    "$HERE/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers \
      -o "$dir/${NAME}_bg.wasm" "$dir/${NAME}_bg.wasm"
  done
}

setup
rm -rf "$PKG" && mkdir -p "$PKG/wasm"
build_variant "" "$PKG/wasm" web nodejs bundler
build_variant "--no-default-features" "$PKG/slim/wasm" web
# The nodejs output is CommonJS inside an ESM package.
echo '{"type":"commonjs"}' > "$PKG/wasm/nodejs/package.json"

cp "$HERE/js/package.json" "$HERE/js/README.md" "$PKG/"
# The JavaScript API: the one TypeScript source (js/src at the repository root), compiled by
# `tsc --strict`: ES modules for the web, bundler, workerd and Deno entries; CommonJS (with the
# .d.ts every entry declares) for Node, whose ESM entry re-exports it (one instance).
"$ROOT/js/build.sh"
cp -r "$ROOT/js/dist/esm" "$PKG/api"
cp -r "$ROOT/js/dist/cjs" "$PKG/api-cjs"
for f in web.js bundler.js workerd.js deno.js node.cjs node.mjs; do cp "$HERE/js/entries/$f" "$PKG/$f"; done
# The slim build: the same entries over the slim module, with their own copy of the API (a page
# that loads both builds keeps two engines apart).
mkdir -p "$PKG/slim"
cp -r "$ROOT/js/dist/esm" "$PKG/slim/api"
for f in web.js workerd.js deno.js; do cp "$HERE/js/entries/$f" "$PKG/slim/$f"; done
echo "build.sh: built $PKG" >&2
