#!/usr/bin/env bash
# Load benchmark of `flotilla serve`: 100,000 errors and 10,000 deployments in the embedded store,
# 200 concurrent clients on loopback (errors list, overview), then 500 open event streams.
# Bounded: about 15 s per scenario plus seeding (2-4 minutes in all). Loopback only.
# Knobs (system properties): -Dbench.clients=200 -Dbench.seconds=15 -Dbench.errors=100000
#   -Dbench.deployments=10000 -Dbench.streams=500
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout 900 ./mvnw -q -B ${MVN_OFFLINE:--o} test -Dtest=ServerLoadBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dflotilla.bench=true -DargLine="-Xmx2g -Dflotilla.bench=true $*" \
  -Dsurefire.redirectTestOutputToFile=false | grep -v '^\s*$' || true
echo
echo "Results: target/bench-server.md (copy them into bench/RESULTS.md, section 'server')."
test -f target/bench-server.md && cat target/bench-server.md
