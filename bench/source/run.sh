#!/usr/bin/env bash
# Source reading on large trees: what the application-source rules add to load + check.
#   1. one service with N Python modules (default 20000) in its root build context, plus a
#      node_modules and a .venv of N files each that must be skipped;
#   2. the check benchmark's generated platform of 500 services (bench/check/generate.mjs; needs node).
# Usage: bench/source/run.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-20000}"
runs="${2:-3}"
jar=target/flotilla.jar
if [[ ! -f $jar || -n $(find src/main -newer "$jar" -type f -print -quit) ]]; then
  ./mvnw -q -B package -DskipTests
fi
work="${BENCH_WORK:-${TMPDIR:-/tmp}/flotilla-bench-source}"
mkdir -p "$work"
java=(java -Xmx1g -cp "$jar" bench/source/SourceBench.java)
echo "source benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg), $(java -version 2>&1 | head -1)"
rm -rf "$work/tree-$n"
"${java[@]}" --generate-tree "$n" "$work/tree-$n"
"${java[@]}" "$work/tree-$n" "$runs"
if command -v node >/dev/null; then
  node bench/check/generate.mjs 500 "$work/platform-500" >/dev/null
  "${java[@]}" "$work/platform-500" "$runs"
fi
