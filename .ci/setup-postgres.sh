#!/usr/bin/env bash
# Starts Debian's PostgreSQL on 127.0.0.1:5432 (when none answers) with a `flotilla` role and
# database for the store tests; prints the JDBC URL the tests read from FLOTILLA_TEST_PG_URL.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
bin=/usr/lib/postgresql/$ver/bin
data=/var/lib/postgresql/flotilla-test
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data" && chown postgres:postgres "$data"
    su postgres -c "$bin/initdb -D $data -A trust -U postgres" >/dev/null
  fi
  su postgres -c "$bin/pg_ctl -D $data -l $data/server.log -o '-c listen_addresses=127.0.0.1 -p 5432 -c unix_socket_directories=/tmp' -w start" >/dev/null
fi
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='flotilla'" | grep -q 1 ||
  psql -h 127.0.0.1 -U postgres -qc "CREATE ROLE flotilla LOGIN PASSWORD 'flotilla' CREATEDB"
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='flotilla_test'" | grep -q 1 ||
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE flotilla_test OWNER flotilla"
echo "jdbc:postgresql://127.0.0.1:5432/flotilla_test?user=flotilla&password=flotilla"
