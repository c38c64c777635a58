#!/usr/bin/env bash
# Benchmark of webhook-bridge against a bare Camel platform-http baseline, in one invocation.
#   mvn -q package -DskipTests     (at the repository root, first: this script never builds the bridge)
#   bench/run.sh                   full run (a few minutes); prints the table and rewrites docs/benchmarks.md
#   bench/run.sh --smoke           CI check (well under a minute); exits non-zero on non-2xx, errors, lost/duplicated events
#   bench/run.sh --jfr             full run with a JFR recording of the bridge (hottest frames: bench/target/jfr-top.txt)
#   bench/run.sh --profile         full run with async-profiler on the bridge during saturation, kernel frames included
#                                  (bench/target/profile.txt; kernel frames need /proc/sys/kernel/perf_event_paranoid <= 1)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
  echo "[bench] installing wrk"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; }
fi
mvn -q -f bench/pom.xml package -DskipTests
LIMIT=600
for a in "$@"; do [ "$a" = "--smoke" ] && LIMIT=120; done
# Bounded: the harness kills the servers it started on exit; timeout bounds the whole run.
# The harness's own collector pauses would count as server latency (the open-loop generator measures from the
# intended send time): the parallel collector with a large young generation pauses it rarely (and Bench collects
# before each phase, so the phase's pre-signed webhooks are not copied during it).
exec timeout --kill-after=30 "$LIMIT" java -Xms1g -Xmx2g -Xmn512m -XX:+UseParallelGC -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.webhookbridge.bench.Bench "$@"
