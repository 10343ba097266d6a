#!/usr/bin/env bash
# The large-latent protocol (CartPole-v1, MLP 4-128-128-2 = 17,410 parameters, population 256, 10
# steps, latent Diffusion Evolution d = 2, 2 threads, Vector API module) before and after, as
# alternating JVMs of ProtocolBenchmark: "before" is commit $BEFORE (default bf02f66) exported with
# git archive and built in a temporary folder, "after" this tree (built by bench/run.sh's build).
# "after+passive" runs this tree with the launcher's OMP_WAIT_POLICY=passive and
# OPENBLAS_THREAD_TIMEOUT=4 (idle native threads sleep at once instead of spinning); the others run
# with neither set. Each round prints each variant's table row; all must show the same final mean return.
#
#   bench/record.sh bench/results/large-latent-ab.md benchmarks/scripts/large-latent-ab.sh [rounds] [variants]
#
# variants: a space-separated list of before, after, after+passive (default "before after").
set -euo pipefail
rounds="${1:-3}"
variants="${2:-before after}"
before="${BEFORE:-bf02f66}"
old="$(mktemp -d)"
trap 'rm -rf "$old"' EXIT
git archive "$before" | tar -x -C "$old"
build() {
  (cd "$1" && mvn -B -q -o -DskipTests -pl benchmarks -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null 2>&1)
}
build "$old"
build .
echo "before: $before, after: $(git rev-parse --short HEAD) (this tree)"
args=(--envs CartPole-v1 --hidden 128x128 --warmup 2 --repeat 3 --threads 2)
for round in $(seq 1 "$rounds"); do
  for which in $variants; do
    dir=.
    [ "$which" = before ] && dir="$old"
    env=(env -u OMP_WAIT_POLICY -u OPENBLAS_THREAD_TIMEOUT)
    [ "$which" = after+passive ] && env=(env OMP_WAIT_POLICY=passive OPENBLAS_THREAD_TIMEOUT=4)
    echo "## round $round: $which (load average $(cut -d' ' -f1 /proc/loadavg))"
    "${env[@]}" java -Xmx4g --add-modules jdk.incubator.vector -cp "$dir/benchmarks/target/classes:$(cat "$dir/benchmarks/target/classpath.txt")" \
      org.diffevo4j.benchmarks.ProtocolBenchmark "${args[@]}" --out "$old/$which-$round.md" 2>/dev/null | grep -e '^| env' -e '^| CartPole'
  done
done
