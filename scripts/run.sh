#!/usr/bin/env bash
# Builds the web client and the server, then runs Faena on its embedded
# default: a SQLite file under ./data, in-process real-time bus, e-mails
# written as .eml files to ./data/mail. Extra arguments go to `faena`
# (default: serve), e.g. `scripts/run.sh demo`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f client/package.json ]; then
  echo "==> building the web client" >&2
  npm --prefix client ci --no-audit --no-fund
  npm --prefix client run build
fi
echo "==> building and starting Faena on http://127.0.0.1:${FAENA__SERVER__PORT:-8080}" >&2
exec cargo run --release --locked --bin faena -- "$@"
