#!/usr/bin/env bash
# Runs the whole Faena test suite (server on SQLite and PostgreSQL, web client).
#
# Brings up what the tests need first: PostgreSQL and Redis are installed with
# apt when missing and started when stopped. A throw-away database
# `faena_test` (role faena/faena) is recreated on every run; each test then
# works in its own schema. Set FAENA_TEST_POSTGRES_URL to use another server.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  log "installing $* with apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# psql as the postgres superuser: over the local socket (peer auth), or over
# TCP where the server trusts local connections.
pg_admin() {
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"
  elif sudo -n true 2>/dev/null; then
    sudo -u postgres psql -X -q -v ON_ERROR_STOP=1 "$@"
  else
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"
  fi
}

ensure_postgres() {
  if [ -n "${FAENA_TEST_POSTGRES_URL:-}" ]; then
    log "using PostgreSQL from FAENA_TEST_POSTGRES_URL"
    return
  fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt_install postgresql
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$version" ]; then
      version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
      as_root pg_createcluster "$version" main >/dev/null
    fi
    log "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    pg_isready -h 127.0.0.1 -p 5432
  fi
  log "preparing the faena_test database"
  pg_admin -d postgres -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'faena') THEN
        CREATE ROLE faena LOGIN PASSWORD 'faena' CREATEDB;
      END IF; END \$\$;"
  pg_admin -d postgres -c "DROP DATABASE IF EXISTS faena_test WITH (FORCE)"
  pg_admin -d postgres -c "CREATE DATABASE faena_test OWNER faena"
  export FAENA_TEST_POSTGRES_URL="postgres://faena:faena@127.0.0.1:5432/faena_test"
}

ensure_redis() {
  if [ -z "${FAENA_TEST_REDIS_URL:-}" ]; then
    export FAENA_TEST_REDIS_URL="redis://127.0.0.1:6379/"
  fi
  if command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    return
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server
  fi
  log "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/faena-test.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
}

# The notification tests start a real SMTP server on loopback (aiosmtpd).
ensure_aiosmtpd() {
  if python3 -c 'import aiosmtpd' 2>/dev/null || /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
    return
  fi
  if command -v apt-get >/dev/null 2>&1; then
    apt_install python3-aiosmtpd
  else
    log "installing aiosmtpd with pip"
    python3 -m pip install --user --quiet aiosmtpd
  fi
}

ensure_postgres
ensure_redis
ensure_aiosmtpd

log "server tests (SQLite and PostgreSQL)"
cargo test --locked --workspace --all-targets

log "API document fuzzing (Schemathesis, SQLite and PostgreSQL)"
./scripts/schemathesis.sh

log "real-time SDK tests (centrifuge-js against a running server)"
./tests/sdk/run.sh

log "browser end-to-end tests (Chromium)"
./tests/e2e/run.sh

if [ -f client/package.json ]; then
  log "web client tests"
  npm --prefix client ci --no-audit --no-fund
  npm --prefix client test
fi
