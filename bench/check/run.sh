#!/usr/bin/env bash
# Check benchmark: `flotilla check` against dclint + dockerfilelint on the same generated platforms
# of 10, 100 and 500 services (compose + Dockerfile + small source tree each), timed as whole
# processes. Prints per-size times and the ratio (peers together / Flotilla), then Flotilla's
# growth per service. Needs node/npm (the peers come from the npm registry into bench/node_modules)
# and Java 17+; uses hyperfine when installed (`apt-get install hyperfine`), else a timing loop.
#
#   bench/check/run.sh                 # sizes 10 100 500, 5 runs each (3 at 500)
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

have_hyperfine=0
command -v hyperfine >/dev/null 2>&1 && have_hyperfine=1

# mean seconds of a command (its exit status is ignored: linters exit non-zero when they find problems)
measure() {
  local name="$1" n="$2" cmd="$3"
  local json="$work/$name.json"
  if [ "$have_hyperfine" = 1 ]; then
    hyperfine -N --warmup 1 --runs "$n" -i --export-json "$json" "$cmd" >/dev/null 2>&1 || \
      hyperfine --warmup 1 --runs "$n" -i --export-json "$json" "$cmd" >/dev/null 2>&1
    node -e 'const r=require(process.argv[1]).results[0]; console.log(r.mean.toFixed(3)+" "+r.stddev.toFixed(3))' "$json"
  else
    bash -c "$cmd" >/dev/null 2>&1 || true   # warm-up
    local total=0 t0 t1
    for _ in $(seq "$n"); do
      t0=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1 || true; t1=$(date +%s%N)
      total=$((total + t1 - t0))
    done
    node -e 'console.log((Number(process.argv[1])/1e9/Number(process.argv[2])).toFixed(3)+" 0")' "$total" "$n"
  fi
}

echo "check benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), node $(node --version)"
"$flotilla" rules >/dev/null   # builds the jar and the launcher's class-data archive outside the timings
echo "timing: $([ "$have_hyperfine" = 1 ] && echo "hyperfine $(hyperfine --version | cut -d' ' -f2), 1 warm-up" || echo "shell loop, 1 warm-up")"
printf '%-9s %-14s %-14s %-16s %-14s %-8s %-16s %s\n' services flotilla dclint dockerfilelint peers ratio "flotilla+store" ratio
declare -A ftime
for n in $sizes; do
  dir="$work/platform-$n"
  node "$here/generate.mjs" "$n" "$dir" >/dev/null
  r=$runs; [ "$n" -ge 500 ] && r=$(( runs < 3 ? runs : 3 ))
  dockerfiles="$(cd "$dir" && ls services/*/Dockerfile | tr '\n' ' ')"
  # --no-record: the peers write no database; the default run (recording into PROJECT/.flotilla) is timed too
  read -r fm fs < <(measure "flotilla-$n" "$r" "$flotilla check $dir --format json --output $work/flotilla-$n.out -q --no-record")
  read -r rm rs < <(measure "flotilla-record-$n" "$r" "$flotilla check $dir --format json --output $work/flotilla-rec-$n.out -q")
  read -r dm ds < <(measure "dclint-$n" "$r" "$dclint $dir/compose.yaml")
  read -r lm ls_ < <(measure "dockerfilelint-$n" "$r" "bash -c 'cd $dir && $dockerfilelint $dockerfiles'")
  peers=$(node -e 'console.log((Number(process.argv[1])+Number(process.argv[2])).toFixed(3))' "$dm" "$lm")
  ratio=$(node -e 'console.log((Number(process.argv[1])/Number(process.argv[2])).toFixed(2))' "$peers" "$fm")
  rratio=$(node -e 'console.log((Number(process.argv[1])/Number(process.argv[2])).toFixed(2))' "$peers" "$rm")
  ftime[$n]=$fm
  printf '%-9s %-14s %-14s %-16s %-14s %-8s %-16s %s\n' "$n" "${fm}s ±$fs" "${dm}s ±$ds" "${lm}s ±$ls_" "${peers}s" "${ratio}x" "${rm}s ±$rs" "${rratio}x"
done
prev=""
for n in $sizes; do
  if [ -n "$prev" ]; then
    node -e 'const [a,b,na,nb]=process.argv.slice(1).map(Number); console.log(`flotilla ${na}→${nb} services: time ×${(b/a).toFixed(2)} for services ×${(nb/na).toFixed(0)}; per added service ${((b-a)/(nb-na)*1000).toFixed(2)} ms`)' \
      "${ftime[$prev]}" "${ftime[$n]}" "$prev" "$n"
  fi
  prev=$n
done
echo "findings: $(for n in $sizes; do node -e 'try{const j=require(process.argv[1]);const f=j.findings||j;console.log(process.argv[2]+" services: "+(Array.isArray(f)?f.length:"?")+" findings")}catch(e){console.log(process.argv[2]+": (no json)")}' "$work/flotilla-$n.out" "$n"; done | paste -sd';' -)"
