#!/usr/bin/env bash
# The time around the rollout (issue 13, goals 2 and 3) before and after, interleaved in one session
# so that load changes hit both sides: "before" is commit $BEFORE (default b111616) exported with
# git archive and built in a temporary folder, "after" is this tree (build it first with
# bench/run.sh or `mvn -o -DskipTests -pl benchmarks -am package dependency:build-classpath
# -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime`). Both run the same
# StepOverheadBenchmark source (public API only), compiled here against each side's jars. A third
# column, "after+passive", runs this tree with the launcher's OMP_WAIT_POLICY=passive and
# OPENBLAS_THREAD_TIMEOUT=4 (idle native threads sleep); the other two run with neither set. The
# protocol runs are wrapped in /usr/bin/time for the process's CPU time and minor page faults.
#
#   bench/record.sh bench/results/step-overhead-ab.md benchmarks/scripts/step-overhead-ab.sh [rounds]
set -euo pipefail
rounds="${1:-3}"
before="${BEFORE:-b111616}"
opts=(--add-modules jdk.incubator.vector -Xmx4g)
old="$(mktemp -d)"
trap 'rm -rf "$old"' EXIT
git archive "$before" | tar -x -C "$old"
(cd "$old" && mvn -B -q -o -DskipTests -pl benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null 2>&1)
src=benchmarks/src/main/java/org/diffevo4j/benchmarks/StepOverheadBenchmark.java
mkdir -p "$old/harness"
javac -nowarn --release 17 -cp "$(cat "$old/benchmarks/target/classpath.txt")" -d "$old/harness" "$src"
before_cp="$old/harness:$(cat "$old/benchmarks/target/classpath.txt")"
after_cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
echo "before: $before ($(git rev-parse --short "$before")), after: $(git rev-parse --short HEAD) (this tree)"
for round in $(seq 1 "$rounds"); do
  for which in before after after+passive; do
    cp="$after_cp"
    [ "$which" = before ] && cp="$before_cp"
    env=(env -u OMP_WAIT_POLICY -u OPENBLAS_THREAD_TIMEOUT)
    [ "$which" = after+passive ] && env=(env OMP_WAIT_POLICY=passive OPENBLAS_THREAD_TIMEOUT=4)
    echo "## round $round: $which"
    run=("${env[@]}" java "${opts[@]}" -cp "$cp" org.diffevo4j.benchmarks.StepOverheadBenchmark)
    /usr/bin/time -f "  process: %e s wall, %U s user, %S s sys, %R minor page faults" "${run[@]}" protocol 2 5 2>&1 \
      | grep -v -e WARNING -e SLF4J
    "${run[@]}" small 3 11 CartPole-v1 2>/dev/null
    "${run[@]}" update 30 200 latent-diffusion 2>/dev/null
    "${run[@]}" update 30 200 diffusion 2>/dev/null
  done
done
