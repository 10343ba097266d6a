#!/usr/bin/env bash
# MountainCar's batched step before (Math.min(Math.max(..)) clips, commit BASE, default bf02f66) and
# after (compares), CPU time of the stepping thread, alternating JVMs. Run from the repository root
# after bench/run.sh has built the benchmarks module:
#
#   bench/record.sh bench/results/mountaincar-clip-ab.md benchmarks/scripts/mountaincar-clip-ab.sh [BASE]
set -euo pipefail
base="${1:-bf02f66}"
old="$(mktemp -d)"
trap 'rm -rf "$old"' EXIT
git show "$base:environments/src/main/java/org/diffevo4j/environments/classic/MountainCar.java" > "$old/MountainCar.java"
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
javac -nowarn --release 17 -cp "$cp" -d "$old/classes" "$old/MountainCar.java"
for round in 1 2 3 4 5; do
  echo -n "before: "; java -cp "$old/classes:$cp" org.diffevo4j.benchmarks.EnvStepCpuBenchmark MountainCar-v0 4096 2>/dev/null
  echo -n "after:  "; java -cp "$cp" org.diffevo4j.benchmarks.EnvStepCpuBenchmark MountainCar-v0 4096 2>/dev/null
done
