#!/usr/bin/env bash
# The paper's protocols before and after a set of agents/environments changes, alternating JVMs in one
# session so that load changes hit both sides: "before" compiles the agents and environments main
# sources of commit BASE (default bf02f66) with javac and puts them ahead of this tree's jars;
# "after" is this tree. Warm runs report the calling thread's CPU time with --threads 1 (steady on a
# shared machine) and, in a second pass, wall time with --threads 2 (the speed table's setting);
# then cold runs (a fresh JVM, no warm-up).
# Run from the repository root after bench/run.sh has built the benchmarks module:
#
#   bench/record.sh bench/results/protocol-ab-2.md benchmarks/scripts/protocol-ab-2.sh [rounds] [BASE]
set -euo pipefail
rounds="${1:-3}"
base="${2:-bf02f66}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
git archive "$base" agents/src/main/java environments/src/main/java | tar -x -C "$tmp"
find "$tmp/agents" "$tmp/environments" -name '*.java' > "$tmp/sources"
javac -nowarn --release 17 --add-modules jdk.incubator.vector -cp "$cp" -d "$tmp/classes" @"$tmp/sources" 2>/dev/null
# resources (service files) come from this tree's jars, which are on the class path behind
run() {
  local which="$1"; shift
  local extra=""
  [ "$which" = before ] && extra="$tmp/classes:"
  java -Xmx3g --add-modules jdk.incubator.vector -cp "$extra$cp" org.diffevo4j.benchmarks.ProtocolBenchmark "$@" \
    --out "$tmp/out.md" 2>/dev/null | grep -E '^\| (env|[A-Z])'
}
echo "before: $base (agents, environments compiled from git); after: $(git rev-parse --short HEAD)"
for threads in 1 2; do
  echo "# warm: --warmup 10 --repeat 11 --threads $threads"
  for round in $(seq 1 "$rounds"); do
    for which in before after; do
      echo "## threads $threads, round $round: $which, load $(cut -d' ' -f1 /proc/loadavg)"
      run "$which" --warmup 10 --repeat 11 --threads "$threads"
    done
  done
done
echo "# cold: a fresh JVM, --warmup 0 --repeat 1 --threads 2 (what a CLI run sees)"
for round in $(seq 1 "$rounds"); do
  for which in before after; do
    echo "## cold, round $round: $which, load $(cut -d' ' -f1 /proc/loadavg)"
    run "$which" --warmup 0 --repeat 1 --threads 2
  done
done
