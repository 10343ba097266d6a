#!/usr/bin/env bash
# The paper's protocols with the lane path's loop kernels ("off", the default) and with the opt-in
# Vector API lane units ("on", -Ddiffevo4j.agents.laneVector=true), alternating JVMs in one session:
# warm (the calling thread's CPU time with --threads 1, the steadier figure on a shared machine) and
# cold (one run in a fresh JVM, no warm-up: what a CLI run sees). Run from the repository root after
# bench/run.sh has built the benchmarks module:
#
#   bench/record.sh bench/results/protocol-lane-vector-ab.md benchmarks/scripts/lane-vector-ab.sh [rounds]
set -euo pipefail
rounds="${1:-3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
run() {
  java -Xmx3g --add-modules jdk.incubator.vector "-Ddiffevo4j.agents.laneVector=$1" -cp "$cp" \
    org.diffevo4j.benchmarks.ProtocolBenchmark "${@:2}" --out "$tmp/out.md" 2>/dev/null | grep -E '^\| (env|[A-Z])'
}
echo "# warm: --warmup 15 --repeat 21 --threads 1; last column: calling thread CPU s (median, min)"
for round in $(seq 1 "$rounds"); do
  for v in false true; do
    echo "## round $round: laneVector=$v, load $(cut -d' ' -f1 /proc/loadavg)"
    run "$v" --warmup 15 --repeat 21 --threads 1
  done
done
echo "# cold: a fresh JVM, --warmup 0 --repeat 1 --threads 2 (wall seconds)"
for round in $(seq 1 "$rounds"); do
  for v in false true; do
    echo "## round $round: laneVector=$v, load $(cut -d' ' -f1 /proc/loadavg)"
    run "$v" --warmup 0 --repeat 1 --threads 2
  done
done
