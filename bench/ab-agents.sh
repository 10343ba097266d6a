#!/usr/bin/env bash
# A/B of the agents module's rollout speed: the agents classes of an older commit against this
# tree's, with the same benchmark classes and the same other modules (this tree's), alternated for a
# few rounds so that load changes hit both sides. Two modes: default lanes, and all-scalar
# (-Ddiffevo4j.agents.scalarLanes=1000000: every step through the scalar forward pass).
# Compare the "agent-steps per CPU-second" column (less sensitive to other jobs than wall time).
#
#   bench/record.sh bench/results/forward-refactor-ab.md bench/ab-agents.sh 7bd4d43 3
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ $# -ge 1 ] || { echo "usage: bench/ab-agents.sh <old commit> [rounds]" >&2; exit 2; }
old_commit="$1"; rounds="${2:-3}"
mvn -B -q ${MVN_FLAGS:--o} -DskipTests -pl benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null 2>&1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git archive "$old_commit" agents/src/main/java | tar -x -C "$work"
rest="$(tr ':' '\n' < benchmarks/target/classpath.txt | grep -v '/agents/target/' | paste -sd:)"
mkdir "$work/classes"
javac -nowarn -d "$work/classes" -cp "$rest" $(find "$work/agents/src/main/java" -name '*.java') 2>/dev/null
new_cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
old_cp="benchmarks/target/classes:$work/classes:$rest"
echo "old = agents classes of $(git rev-parse --short "$old_commit"), new = this tree's"
for mode in default all-scalar; do
  opt=""; [ "$mode" = all-scalar ] && opt="-Ddiffevo4j.agents.scalarLanes=1000000"
  for round in $(seq 1 "$rounds"); do
    for v in old new; do
      cp="$old_cp"; [ "$v" = new ] && cp="$new_cp"
      java -Xmx3g $opt -cp "$cp" org.diffevo4j.benchmarks.ThroughputBenchmark --pops 4096 --nets '8;64x64' \
        --backends jvm1 --repeat 5 --warmup 1 --sample 0.3 --out "$work/out.md" >/dev/null 2>&1
      grep '^| 4-' "$work/out.md" | sed "s/^/$mode $v round $round /"
    done
  done
done
echo "columns after the label: policy | population | backend | agent-steps/s | agent-steps per CPU-second | mean episode length | longest episode | seconds per evaluation | ratio"
