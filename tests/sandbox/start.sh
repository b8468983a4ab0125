#!/bin/sh
# Start the sandbox in the background for Makefiles and scripts; print its URL line when ready.
#   tests/sandbox/start.sh [server.mjs options...]     → .state/urls.json, .state/pid, .state/log
#   tests/sandbox/stop.sh
# Installs the npm dependencies first if node_modules is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
state="$here/.state"
mkdir -p "$state"
if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
  echo "sandbox already running (pid $(cat "$state/pid")); $here/stop.sh first" >&2
  exit 1
fi
rm -f "$state/urls.json" "$state/pid"
if [ ! -d "$here/node_modules/oidc-provider" ]; then
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
nohup node "$here/server.mjs" --url-file "$state/urls.json" --pid-file "$state/pid" "$@" \
  >"$state/stdout" 2>"$state/log" </dev/null &
child=$!
i=0
while [ ! -s "$state/urls.json" ]; do
  if ! kill -0 "$child" 2>/dev/null; then
    echo "sandbox failed to start:" >&2
    cat "$state/log" >&2
    exit 1
  fi
  i=$((i + 1))
  if [ "$i" -gt 100 ]; then
    echo "sandbox did not start within 10 s; log: $state/log" >&2
    kill "$child" 2>/dev/null || true
    exit 1
  fi
  sleep 0.1
done
cat "$state/urls.json"
