#!/usr/bin/env bash
# Probe N loopback HTTP endpoints (default 1000): flotilla's concurrent sweep (in-process, and the
# whole `flotilla health --url` command) against the seed's approach (a sequential curl loop) and
# a parallel one (xargs -P 64 curl). Endpoints: bench/health/endpoints.py, one ephemeral port each.
# Usage: bench/health/run.sh [N]      (SKIP_PEERS=1: flotilla only; the curl loops take minutes here)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000}
jar=target/flotilla.jar
if [[ ! -f $jar || -n $(find src/main -newer "$jar" -type f -print -quit) ]]; then
  ./mvnw -q -B -o package -DskipTests
fi
work=$(mktemp -d)
python3 bench/health/endpoints.py "$n" "$work/urls" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [[ -s $work/urls && $(wc -l <"$work/urls") -eq $n ]] && break; sleep 0.1; done
echo "$n endpoints up; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

java -cp "$jar" bench/health/HealthBench.java "$work/urls" 5

args=()
while read -r u; do args+=(--url "$u"); done <"$work/urls"
printf '%s\n' "${args[@]}" >"$work/args"
t0=$(date +%s.%N)
./flotilla health -q "@$work/args" --timeout 10s --format json >"$work/health.json" || true
t1=$(date +%s.%N)
healthy=$(grep -c '"healthy" : true' "$work/health.json" || true)
printf 'flotilla health --url x%d (whole command, JVM start included): %.0f ms, %d healthy\n' "$n" "$(echo "($t1 - $t0) * 1000" | bc)" "$((healthy - 1))"

if [[ -n ${SKIP_PEERS:-} ]]; then exit 0; fi
t0=$(date +%s.%N)
ok=0
while read -r u; do
  if [[ $(curl -s -o /dev/null -m 5 -w '%{http_code}' "$u") == 200 ]]; then ok=$((ok + 1)); fi
done <"$work/urls"
t1=$(date +%s.%N)
printf 'sequential curl loop (seed 004 test-backend-health.sh style): %.0f ms, %d healthy\n' "$(echo "($t1 - $t0) * 1000" | bc)" "$ok"

t0=$(date +%s.%N)
ok=$(xargs -P 64 -n 1 curl -s -o /dev/null -m 5 -w '%{http_code}\n' <"$work/urls" | grep -c '^200$' || true)
t1=$(date +%s.%N)
printf 'xargs -P 64 curl: %.0f ms, %d healthy\n' "$(echo "($t1 - $t0) * 1000" | bc)" "$ok"
