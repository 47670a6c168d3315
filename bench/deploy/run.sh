#!/usr/bin/env bash
# Deploy benchmark: the same 12-service, 4-tier platform (each service healthy a known time after
# start) deployed from nothing to all healthy by `flotilla up` and by `docker-compose up -d` with
# `depends_on: condition: service_healthy` (healthcheck interval 5s and 10s), runs alternating;
# plus the physical limit: the sum over tiers of the slowest start-up, plus the engine's own time
# to create and start the same containers with no waiting at all.
#
#   bench/deploy/run.sh [RUNS]      (default 3; needs docker, docker-compose, busybox:latest)
#
# Whole-process wall times; images are built before the runs. Ports 19300-19311 on 127.0.0.1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d /tmp/fltdeploy-bench.XXXXXX)"
trap 'for p in fltdeploybenchf fltdeploybenchc5 fltdeploybenchc10 fltdeploybenchn; do docker rm -f $(docker ps -aq --filter label=com.docker.compose.project=$p) >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT

# start-up delay (seconds) of the three services of each tier
delays=(0.3 0.6 0.9  0.3 0.6 0.9  0.3 0.6 0.9  0.3 0.6 0.9)

mkdir -p "$work/svc"
cat > "$work/svc/Dockerfile" <<'D'
FROM busybox:latest
COPY run.sh /run.sh
CMD ["sh", "/run.sh"]
D
cat > "$work/svc/run.sh" <<'S'
mkdir -p /www
sleep "$DELAY"
echo ok > /www/health
exec httpd -f -p "127.0.0.1:$PORT" -h /www
S
docker build -q -t fltdeploy-bench:latest "$work/svc" >/dev/null

# $1 = mode: flotilla | compose5 | compose10 | nowait
gen() {
  local mode=$1 out=$2
  {
    echo "services:"
    for i in $(seq 0 11); do
      local tier=$((i / 3)) port=$((19300 + i))
      echo "  s$i:"
      echo "    image: fltdeploy-bench:latest"
      echo "    network_mode: host"
      echo "    stop_grace_period: 1s"
      echo "    environment: { PORT: \"$port\", DELAY: \"${delays[$i]}\" }"
      if [ "$mode" = compose5 ] || [ "$mode" = compose10 ]; then
        local iv=5s; [ "$mode" = compose10 ] && iv=10s
        echo "    healthcheck: { test: [\"CMD\", \"wget\", \"-q\", \"-O-\", \"http://127.0.0.1:$port/health\"], interval: $iv, timeout: 2s, retries: 3 }"
      fi
      if [ "$mode" = flotilla ]; then
        echo "    x-flotilla: { health: { url: \"http://127.0.0.1:$port/health\" } }"
      fi
      if [ $tier -gt 0 ] && [ "$mode" != nowait ]; then
        echo "    depends_on:"
        for j in 0 1 2; do
          local dep=$(((tier - 1) * 3 + j))
          if [ "$mode" = flotilla ]; then echo "      s$dep: { condition: service_started }"; else echo "      s$dep: { condition: service_healthy }"; fi
        done
      fi
    done
  } > "$out"
}
for m in flotilla compose5 compose10 nowait; do mkdir -p "$work/$m"; gen $m "$work/$m/compose.yaml"; done

now() { date +%s.%N; }
measure() { # name, command...
  local t0 t1 rc=0; t0=$(now); "${@:2}" >"$work/$1.log" 2>&1 || rc=$?; t1=$(now)
  if [ $rc -ne 0 ]; then echo "$1 failed (exit $rc):" >&2; tail -5 "$work/$1.log" >&2; return 0; fi
  echo "$1 $(echo "$t1 - $t0" | bc)"
}
down() { docker rm -f $(docker ps -aq --filter label=com.docker.compose.project=$1) >/dev/null 2>&1 || true; }

# wait until all 12 answer (for the no-wait run: the containers' own start-up is not the engine's)
results="$work/results.txt"
"$root/flotilla" --version >/dev/null   # build the jar first
for r in $(seq 1 "$runs"); do
  measure flotilla "$root/flotilla" up "$work/flotilla" -p fltdeploybenchf --force -q >> "$results"; down fltdeploybenchf
  measure compose5 docker-compose -p fltdeploybenchc5 -f "$work/compose5/compose.yaml" up -d >> "$results"; down fltdeploybenchc5
  measure compose10 docker-compose -p fltdeploybenchc10 -f "$work/compose10/compose.yaml" up -d >> "$results"; down fltdeploybenchc10
  measure engine docker-compose -p fltdeploybenchn -f "$work/nowait/compose.yaml" up -d >> "$results"; down fltdeploybenchn
done
csv=$(IFS=,; echo "${delays[*]}")
tiers=$(python3 -c "d=[$csv]; print(sum(max(d[i*3:i*3+3]) for i in range(4)))")
echo "raw whole-process times (s):"; cat "$results"
python3 - "$results" "$tiers" <<'P'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
by = {}
for n, t in rows: by.setdefault(n, []).append(float(t))
tiers = float(sys.argv[2])
med = {k: statistics.median(v) for k, v in by.items()}
limit = tiers + med["engine"]
print(f"runs per variant: {len(by['flotilla'])}; sum of slowest start-up per tier: {tiers:.2f} s; engine create+start (no waiting): {med['engine']:.2f} s")
print(f"physical limit: {limit:.2f} s")
for k in ("flotilla", "compose5", "compose10"):
    print(f"{k:10s} median {med[k]:6.2f} s  min {min(by[k]):6.2f}  max {max(by[k]):6.2f}  ×limit {med[k]/limit:5.2f}")
print(f"docker-compose interval 5s / flotilla:  {med['compose5']/med['flotilla']:.2f}x")
print(f"docker-compose interval 10s / flotilla: {med['compose10']/med['flotilla']:.2f}x")
P
