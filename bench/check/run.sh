#!/usr/bin/env bash
# Check benchmark: `flotilla check` against dclint + dockerfilelint on the same generated platforms
# of 10, 100 and 500 services (compose + Dockerfile + small source tree each), timed as whole
# processes. Prints per-size times and the ratio (peers together / Flotilla), then Flotilla's
# growth per service. Needs node/npm (the peers come from the npm registry into bench/node_modules)
# and Java 17+ and GNU time (/usr/bin/time). Reports wall and CPU (user+sys) seconds.
#
#   bench/check/run.sh                 # sizes 10 100 500, 5 runs of each tool, interleaved
#   SIZES="10 100" RUNS=3 bench/check/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="$root/bench"
work="${BENCH_WORK:-${TMPDIR:-/tmp}/flotilla-bench-check}"
sizes="${SIZES:-10 100 500}"
runs="${RUNS:-5}"
mkdir -p "$work"

# --- the peers, pinned, from the npm registry into bench/node_modules
if [ ! -x "$bench/node_modules/.bin/dclint" ] || [ ! -x "$bench/node_modules/.bin/dockerfilelint" ]; then
  echo "installing dclint and dockerfilelint into $bench/node_modules ..." >&2
  (cd "$bench" && npm install --no-audit --no-fund --silent --prefix "$bench" dclint@3 dockerfilelint@1 >&2)
fi
dclint="$bench/node_modules/.bin/dclint"
dockerfilelint="$bench/node_modules/.bin/dockerfilelint"

# --- Flotilla, built once; run the way users run it (the launcher's JVM flags)
jar="$root/target/flotilla.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "building $jar ..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests package >&2)
fi
flotilla="$root/flotilla"


# Times several commands, interleaved: a warm-up of each (page cache, class-data archive), then
# round after round of one run of each, so that a machine whose speed drifts (a shared or virtual
# one: the same tool's time moved by a third between minutes here) slows every tool alike instead of
# whichever happened to be measured then. Exit statuses are ignored (linters exit non-zero when they
# find problems). Logs one "wall user sys" line per run into $work/NAME.time.
#   measure_interleaved RUNS NAME1 CMD1 NAME2 CMD2 ...
measure_interleaved() {
  local n="$1"; shift
  local -a names=() cmds=()
  while [ $# -gt 0 ]; do names+=("$1"); cmds+=("$2"); shift 2; done
  local i
  for i in "${!cmds[@]}"; do
    bash -c "${cmds[$i]}" >/dev/null 2>&1 || true
    : > "$work/${names[$i]}.time"
  done
  for _ in $(seq "$n"); do
    for i in "${!cmds[@]}"; do
      /usr/bin/time -a -o "$work/${names[$i]}.time" -f "%e %U %S" bash -c "${cmds[$i]}" >/dev/null 2>&1 || true
    done
  done
}

# mean wall seconds and mean CPU seconds (user+sys, children included) of a measured command. CPU
# time is reported beside wall time because on a shared machine wall time also measures the other tenants.
mean() {
  awk '/^[0-9.]+ [0-9.]+ [0-9.]+$/ {w+=$1; c+=$2+$3; k++} END {printf "%.3f %.3f\n", w/k, c/k}' "$work/$1.time"
}

ratio() { node -e 'console.log((Number(process.argv[1])/Number(process.argv[2])).toFixed(2))' "$1" "$2"; }
sum() { node -e 'console.log((Number(process.argv[1])+Number(process.argv[2])).toFixed(3))' "$1" "$2"; }

"$flotilla" rules >/dev/null   # builds the jar and the launcher's class-data archive outside the timings
# the launcher picks the java (FLOTILLA_JAVA, JAVA_HOME, else a JDK 25+ if installed): name the one it ran
echo "check benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), flotilla on $("$flotilla" --version | tail -1), node $(node --version)"
echo "timing: mean of $runs runs after 1 warm-up, the tools interleaved run by run; wall seconds / CPU seconds (user+sys)"
printf '%-9s %-16s %-16s %-16s %-16s %-14s %-18s %s\n' services flotilla dclint dockerfilelint peers "ratio w/cpu" "flotilla+store" "ratio w/cpu"
declare -A ftime fcpu
for n in $sizes; do
  dir="$work/platform-$n"
  node "$here/generate.mjs" "$n" "$dir" >/dev/null
  sync   # the freshly written files reach the disk now, not during the first tool's timed runs
  r=$runs
  dockerfiles="$(cd "$dir" && ls services/*/Dockerfile | tr '\n' ' ')"
  # --no-record: the peers write no database; the default run (recording into PROJECT/.flotilla) is timed too
  measure_interleaved "$r" \
    "flotilla-$n" "$flotilla check $dir --format json --output $work/flotilla-$n.json -q --no-record" \
    "flotilla-record-$n" "$flotilla check $dir --format json --output $work/flotilla-rec-$n.json -q" \
    "dclint-$n" "$dclint $dir/compose.yaml" \
    "dockerfilelint-$n" "cd $dir && $dockerfilelint $dockerfiles"
  read -r fw fc < <(mean "flotilla-$n")
  read -r rw rc < <(mean "flotilla-record-$n")
  read -r dw dc < <(mean "dclint-$n")
  read -r lw lc < <(mean "dockerfilelint-$n")
  pw=$(sum "$dw" "$lw"); pc=$(sum "$dc" "$lc")
  ftime[$n]=$fw; fcpu[$n]=$fc
  printf '%-9s %-16s %-16s %-16s %-16s %-14s %-18s %s\n' "$n" "${fw}/${fc}s" "${dw}/${dc}s" "${lw}/${lc}s" "${pw}/${pc}s" \
    "$(ratio "$pw" "$fw")x/$(ratio "$pc" "$fc")x" "${rw}/${rc}s" "$(ratio "$pw" "$rw")x/$(ratio "$pc" "$rc")x"
done
prev=""
for n in $sizes; do
  if [ -n "$prev" ]; then
    node -e 'const [a,b,na,nb,ca,cb]=process.argv.slice(1).map(Number); console.log(`flotilla ${na}→${nb} services (×${(nb/na).toFixed(0)}): wall ×${(b/a).toFixed(2)}, CPU ×${(cb/ca).toFixed(2)}; CPU per added service ${((cb-ca)/(nb-na)*1000).toFixed(2)} ms`)' \
      "${ftime[$prev]}" "${ftime[$n]}" "$prev" "$n" "${fcpu[$prev]}" "${fcpu[$n]}"
  fi
  prev=$n
done
echo "findings: $(for n in $sizes; do node -e 'try{const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const f=j.findings||j;console.log(process.argv[2]+" services: "+(Array.isArray(f)?f.length:"?")+" findings")}catch(e){console.log(process.argv[2]+": (no json)")}' "$work/flotilla-$n.json" "$n"; done | paste -sd';' -)"
