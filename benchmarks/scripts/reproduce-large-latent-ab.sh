#!/usr/bin/env bash
# `reproduce rl` for the large latent cell (CartPole-v1, 4-128-128-2, 2 seeds, 2 threads) before and
# after, interleaved: "before" is the CLI jar of commit $BEFORE (default b111616) exported with git
# archive and built in a temporary folder, "after" this tree's trainer/target/diffevo4j.jar (build it
# first: mvn -o -DskipTests -pl trainer -am package). "after+passive" adds the launcher's
# OMP_WAIT_POLICY=passive and OPENBLAS_THREAD_TIMEOUT=4. Each run prints the process's time and
# page faults and its results.json minus the timing fields; a last line says whether all of those
# are identical.
#
#   bench/record.sh bench/results/reproduce-large-latent-ab.md benchmarks/scripts/reproduce-large-latent-ab.sh [rounds]
set -euo pipefail
rounds="${1:-2}"
before="${BEFORE:-b111616}"
old="$(mktemp -d)"
trap 'rm -rf "$old"' EXIT
git archive "$before" | tar -x -C "$old"
(cd "$old" && mvn -B -q -o -DskipTests -pl trainer -am package >/dev/null 2>&1)
echo "before: $before, after: $(git rev-parse --short HEAD) (this tree)"
for round in $(seq 1 "$rounds"); do
  for which in before after after+passive; do
    jar=trainer/target/diffevo4j.jar
    [ "$which" = before ] && jar="$old/trainer/target/diffevo4j.jar"
    env=(env -u OMP_WAIT_POLICY -u OPENBLAS_THREAD_TIMEOUT)
    [ "$which" = after+passive ] && env=(env OMP_WAIT_POLICY=passive OPENBLAS_THREAD_TIMEOUT=4)
    out="$old/out-$round-$which"
    echo "## round $round: $which"
    /usr/bin/time -f "  process: %e s wall, %U s user, %S s sys, %R minor page faults" "${env[@]}" \
      java --add-modules jdk.incubator.vector -Xmx4g -jar "$jar" reproduce rl --seeds 2 --threads 2 \
      --envs CartPole-v1 --methods large-latent-diffusion --out "$out" 2>&1 | grep -e '^reproduce rl' -e process:
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("  results:", json.dumps({k: v for k, v in r.items() if "second" not in k}, sort_keys=True))' \
      "$out/results.json" | tee "$out/values.txt"
  done
done
if [ "$(cat "$old"/out-*/values.txt | sort -u | wc -l)" = 1 ]; then
  echo "results.json (timing fields dropped): identical in all runs"
else
  echo "results.json (timing fields dropped): DIFFERENT"
fi
