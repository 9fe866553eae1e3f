#!/usr/bin/env bash
# End-to-end tests of the real-time server with the real centrifuge-js SDK.
#
# Builds the debug server, loads the demo data into a throw-away SQLite
# database, serves it on a free port with short connection tokens (so the SDK's
# token refresh is exercised), then runs the node:test suite in this folder
# against it. The server is always stopped on exit; its log is printed when
# the tests fail.
set -euo pipefail

SDK_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$SDK_DIR/../.." && pwd)"
cd "$ROOT"

log() { printf '\n==> %s\n' "$*" >&2; }

log "building the server (debug)"
cargo build --bin faena
BIN="$ROOT/target/debug/faena"
[ -x "$BIN" ] || { echo "missing $BIN" >&2; exit 1; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/faena-sdk.XXXXXX")"
SERVER_PID=""
STATUS=1

cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$STATUS" != 0 ] || [ "$rc" != 0 ]; then
    if [ -f "$TMP/server.log" ]; then
      log "server log ($TMP/server.log)"
      cat "$TMP/server.log" >&2
    fi
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free TCP port on the loopback interface.
PORT="$(node -e "const s = require('net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });")"

export FAENA__DATABASE__URL="sqlite://$TMP/faena.db"
export FAENA__SERVER__HOST=127.0.0.1
export FAENA__SERVER__PORT="$PORT"
export FAENA__MAIL__OUTBOX_DIR="$TMP/mail"
export FAENA__UPLOADS__DIR="$TMP/uploads"
# Short connection tokens: the SDK has to refresh them during the tests.
export FAENA__REALTIME__TOKEN_SECONDS=4
# The recovery test publishes a burst of messages from one connection.
export FAENA__REALTIME__PUBLISH_BURST=1000
# Frequent server pings, so the SDK's pongs are exercised too.
export FAENA__REALTIME__PING_INTERVAL_SECONDS=2
export RUST_LOG="${RUST_LOG:-info}"
export NO_COLOR=1

log "loading the demo data"
"$BIN" demo >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; exit 1; }

log "starting the server on 127.0.0.1:$PORT"
"$BIN" serve >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "$URL/readyz" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "the server exited before becoming ready" >&2
    exit 1
  fi
  sleep 0.2
done
curl -fsS -o /dev/null "$URL/readyz"

cd "$SDK_DIR"
log "installing the SDK (npm ci)"
npm ci --no-audit --no-fund --ignore-scripts

log "running the SDK tests against $URL"
set +e
FAENA_URL="$URL" node --test
STATUS=$?
set -e
exit "$STATUS"
