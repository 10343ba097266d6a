#!/usr/bin/env bash
# Interleaved whole-process timings of `diffevo4j train --env CartPole-v1 --quiet` (issue 13, goal 4):
# one run of each variant per round, so that a load that changes during the measurement hits all
# variants alike (hyperfine runs one command after another). Prints "round variant ms load1".
#
#   bench/cli-startup.sh BASE_LAUNCHER NEW_LAUNCHER [rounds]
#
# Each launcher is a `diffevo4j` script next to its own built jar, e.g. from `git archive <commit>`
# with trainer/target/diffevo4j.jar copied in (bench/results/cli-startup.md says how it was done).
set -euo pipefail
base="$1"; new="$2"; rounds="${3:-10}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$new" --version >/dev/null 2>&1   # makes the new launcher's class-data archive first
run() {   # name, then the command
  local name="$1"; shift
  rm -rf "$out/run"
  local s e
  s=$(date +%s%N); "$@" train --env CartPole-v1 --quiet --out "$out/run" >/dev/null 2>&1; e=$(date +%s%N)
  echo "$r $name $(( (e - s) / 1000000 )) $(cut -d' ' -f1 /proc/loadavg)"
}
for r in $(seq 1 "$rounds"); do
  run base env DIFFEVO4J_JAVA_OPTS= "$base"
  run new env DIFFEVO4J_JAVA_OPTS= "$new"
  run new-nowarm env DIFFEVO4J_JAVA_OPTS=-Ddiffevo4j.warmup=false "$new"
  run new-c1 env DIFFEVO4J_JAVA_OPTS=-XX:TieredStopAtLevel=1 "$new"
done
