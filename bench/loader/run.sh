#!/usr/bin/env bash
# Loader timing: a generated 500-service project loaded 12 times in one JVM (wall and CPU per load).
#   bash bench/loader/run.sh [SERVICES]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-500}"
dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT
python3 bench/loader/generate.py "$dir/project" "$n" >/dev/null
[ -f target/flotilla.jar ] || ./mvnw -B -q -o -DskipTests package
javac -d "$dir/classes" -cp target/flotilla.jar bench/loader/LoadBench.java
java -cp "target/flotilla.jar:$dir/classes" LoadBench "$dir/project" 2>/dev/null
