#!/usr/bin/env bash
# Builds the wheel, installs it into a fresh venv and runs the Python binding's tests:
# pytest (unit, golden vectors, PyJWT verification, bad input, sandbox integration) and mypy
# stubtest (the .pyi against the compiled module). `make test` calls this; it sets up what it
# needs: <repo>/.venv for the build tools, a throw-away venv for the installed wheel.
#
#   bindings-python/test.sh            everything
#   bindings-python/test.sh -k vectors extra arguments go to pytest
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
VENV="$ROOT/.venv"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WHEELS="$CARGO_TARGET_DIR/wheels-python"
PIP_FLAGS=(-q --disable-pip-version-check)

# 1. Build tools (idempotent).
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
fi
if ! cmp -s "$HERE/requirements-dev.txt" "$VENV/.bindings-python-ready" 2>/dev/null; then
  "$VENV/bin/pip" install "${PIP_FLAGS[@]}" -r "$HERE/requirements-dev.txt"
  cp "$HERE/requirements-dev.txt" "$VENV/.bindings-python-ready"
fi

# 2. The wheel (release build: the benchmark and the tests see what users get).
rm -rf "$WHEELS"
(cd "$HERE" && "$VENV/bin/maturin" build --release --quiet --out "$WHEELS" >/dev/null)
WHEEL="$(ls "$WHEELS"/careerpro_fla-*.whl)"
echo "built $(basename "$WHEEL") ($(du -k "$WHEEL" | cut -f1) KB)"

# 3. A fresh venv with the wheel and the test tools only (pip's cache keeps this quick).
FRESH="$(mktemp -d "${TMPDIR:-/tmp}/careerpro-fla-py.XXXXXX")"
trap 'rm -rf "$FRESH"' EXIT
python3 -m venv "$FRESH"
"$FRESH/bin/pip" install "${PIP_FLAGS[@]}" "$WHEEL" -r "$HERE/requirements-dev.txt"
"$FRESH/bin/python" -c 'import careerpro_fla, sys; print("imported careerpro_fla", careerpro_fla.__version__, "from", careerpro_fla.__file__, file=sys.stderr)'

# 4. The sandbox's npm dependencies, for the integration tests.
if command -v node >/dev/null && [[ ! -d "$ROOT/tests/sandbox/node_modules" ]]; then
  (cd "$ROOT/tests/sandbox" && npm install --no-audit --no-fund --loglevel=error)
fi

# 5. Tests run from a directory without the source package, so they import the installed wheel.
cd "$FRESH"
"$FRESH/bin/python" -m mypy.stubtest careerpro_fla._native --allowlist "$HERE/stubtest-allowlist.txt"
# Not `mypy … && echo`: under `set -e` a failure on the left of `&&` does not stop the script.
if ! MYPY_OUT="$("$FRESH/bin/python" -m mypy --strict "$HERE/python/careerpro_fla" --exclude '_native' 2>&1)"; then
  printf '%s\n' "$MYPY_OUT" >&2
  echo "mypy --strict: FAILED (see above)" >&2
  exit 1
fi
echo "mypy --strict: package clean"
"$FRESH/bin/python" -m pytest -c "$HERE/pyproject.toml" -p no:cacheprovider -q --doctest-modules \
  --pyargs careerpro_fla
CAREERPRO_REPO="$ROOT" "$FRESH/bin/python" -m pytest -c "$HERE/pyproject.toml" --rootdir "$HERE" \
  -p no:cacheprovider -q "$HERE/tests" "$@"
