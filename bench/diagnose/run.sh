#!/usr/bin/env bash
# Classify one million log lines on one core and print lines per second.
# Usage: bench/diagnose/run.sh [LINES] [LOGFILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=target/flotilla.jar
if [[ ! -f $jar || -n $(find src/main -newer "$jar" -type f -print -quit) ]]; then
  ./mvnw -q -B package -DskipTests
fi
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
exec "${pin[@]}" java -XX:ActiveProcessorCount=1 -Xmx1g -cp "$jar" bench/diagnose/DiagnoseBench.java "$@"
