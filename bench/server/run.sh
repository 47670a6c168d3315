#!/usr/bin/env bash
# Load benchmark of `flotilla serve`: 100,000 errors and 10,000 deployments in the embedded store,
# 200 concurrent clients on loopback (errors list, overview; closed loop and paced; plain and gzip),
# distinct filtered pages, two kinds of text search, then 500 open event streams that must all
# receive one new error. Bounded: about 15 s per scenario plus seeding (about 5 minutes in all).
# Loopback only. Not part of the test suite. Method: decisions 0068 and 0082.
# Knobs: bench/server/run.sh -Dbench.clients=200 -Dbench.seconds=15 -Dbench.errors=100000 \
#   -Dbench.deployments=10000 -Dbench.streams=500 -Dbench.pace=200
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=target/flotilla.jar
if [[ ! -f $jar || -n $(find src/main -newer "$jar" -type f -print -quit) ]]; then
  ./mvnw -q -B ${MVN_OFFLINE:--o} package -DskipTests
fi
timeout 900 java -Xmx2g "$@" -cp "$jar" bench/server/ServerLoadBench.java
echo
echo "Results: target/bench-server.md (copy them into bench/RESULTS.md, section 'server')."
