#!/bin/sh
# Stop the sandbox started by start.sh (SIGTERM to the pid in .state/pid, then wait).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pidfile="$here/.state/pid"
[ -f "$pidfile" ] || { echo "sandbox not running (no $pidfile)" >&2; exit 0; }
pid=$(cat "$pidfile")
if kill "$pid" 2>/dev/null; then
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do i=$((i + 1)); sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
fi
rm -f "$pidfile" "$here/.state/urls.json"
