#!/usr/bin/env bash
# The Acrobot protocol before and after the trigonometry reuse (commit 35b380c), interleaved in one
# session so that load changes hit both sides: "before" puts the Acrobot class of commit da7edf7
# (compiled here from git) ahead of this tree's jars. Run from the repository root after
# bench/run.sh has built the benchmarks module (it writes benchmarks/target/classpath.txt):
#
#   bench/record.sh bench/results/acrobot-trig-ab.md benchmarks/scripts/acrobot-trig-ab.sh [rounds]
set -euo pipefail
rounds="${1:-5}"
old="$(mktemp -d)"
trap 'rm -rf "$old"' EXIT
git show da7edf7:environments/src/main/java/org/diffevo4j/environments/classic/Acrobot.java > "$old/Acrobot.java"
javac -nowarn --release 17 -cp environments/target/classes -d "$old/classes" "$old/Acrobot.java"
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
echo "# environment step alone, CPU time of the stepping thread"
for round in 1 2 3; do
  echo -n "before: "; java -cp "$old/classes:$cp" org.diffevo4j.benchmarks.EnvStepCpuBenchmark Acrobot-v1 4096 2>/dev/null
  echo -n "after:  "; java -cp "$cp" org.diffevo4j.benchmarks.EnvStepCpuBenchmark Acrobot-v1 4096 2>/dev/null
done
echo "# the protocol (ProtocolBenchmark, wall time)"
for round in $(seq 1 "$rounds"); do
  for which in before after; do
    extra=""
    [ "$which" = before ] && extra="$old/classes:"
    echo "## round $round: $which"
    java -Xmx3g -cp "$extra$cp" org.diffevo4j.benchmarks.ProtocolBenchmark --envs Acrobot-v1 --warmup 5 \
      --repeat 11 --threads 2 --out "$old/$which-$round.md" 2>/dev/null | grep -E '^\| Acrobot|seed 1000:'
  done
done
