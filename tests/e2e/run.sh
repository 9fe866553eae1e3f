#!/usr/bin/env bash
# Browser end-to-end tests of the web client, driving Debian's Chromium with
# playwright-core (no browser downloads).
#
# Installs chromium with apt when /usr/bin/chromium is missing, builds the
# client FIRST (the server embeds client/dist at compile time), then the debug
# server; loads the demo data into a throw-away SQLite database, serves it on
# a free port and runs the node:test suite in this folder against it. The
# server is always stopped on exit; its log is printed when the tests fail.
# Screenshots go to test-artifacts/ (git-ignored).
#
# Usage: tests/e2e/run.sh [file.test.mjs ...]   (all test files when none given)
set -euo pipefail

E2E_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$E2E_DIR/../.." && pwd)"
cd "$ROOT"

log() { printf '\n==> %s\n' "$*" >&2; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium with apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

log "building the web client"
npm --prefix client ci --no-audit --no-fund
npm --prefix client run build

log "building the server (debug, embeds client/dist)"
cargo build --bin faena
BIN="$ROOT/target/debug/faena"
[ -x "$BIN" ] || { echo "missing $BIN" >&2; exit 1; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/faena-e2e.XXXXXX")"
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
      log "server log ($TMP/server.log, last 200 lines)"
      tail -n 200 "$TMP/server.log" >&2
    fi
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$(node -e "const s = require('net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });")"

export FAENA__DATABASE__URL="sqlite://$TMP/faena.db"
export FAENA__SERVER__HOST=127.0.0.1
export FAENA__SERVER__PORT="$PORT"
export FAENA__MAIL__OUTBOX_DIR="$TMP/mail"
export FAENA__UPLOADS__DIR="$TMP/uploads"
# Survey invitations due as soon as an order closes (the survey test reads it).
export FAENA__SURVEYS__DELAY_MINUTES=0
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

mkdir -p "$ROOT/test-artifacts"
cd "$E2E_DIR"
log "installing playwright-core (npm ci)"
npm ci --no-audit --no-fund --ignore-scripts

log "running the browser tests against $URL"
set +e
FAENA_URL="$URL" FAENA_MAIL_DIR="$TMP/mail" FAENA_ARTIFACTS="$ROOT/test-artifacts" \
  node --test --test-concurrency=1 --test-timeout=90000 "$@"
STATUS=$?
set -e
exit "$STATUS"
