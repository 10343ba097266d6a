#!/usr/bin/env bash
# ThreadPartition's hand-off cost before (all slices on the pool; commit BASE, default bf02f66) and
# after (slice 0 on the calling thread), alternating JVMs. Run from the repository root after
# `mvn -o -q -pl agents -am test-compile` (or verify) and bench/run.sh (for the class path):
#
#   bench/record.sh bench/results/handoff-ab.md benchmarks/scripts/handoff-ab.sh [BASE]
set -euo pipefail
base="${1:-bf02f66}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp="agents/target/test-classes:agents/target/classes:$(cat benchmarks/target/classpath.txt)"
git show "$base:agents/src/main/java/org/diffevo4j/agents/ThreadPartition.java" > "$tmp/ThreadPartition.java"
javac -nowarn --release 17 -cp "$cp" -d "$tmp/classes" "$tmp/ThreadPartition.java"
for round in 1 2 3; do
  echo "## round $round: before ($base), load $(cut -d' ' -f1 /proc/loadavg)"
  java -cp "$tmp/classes:$cp" org.diffevo4j.agents.HandOffBenchmark
  echo "## round $round: after, load $(cut -d' ' -f1 /proc/loadavg)"
  java -cp "$cp" org.diffevo4j.agents.HandOffBenchmark
done
