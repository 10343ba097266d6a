#!/usr/bin/env bash
# The speed table of issue 13 in one command: runs, one after the other in this script, the
# measurement of each of the issue's six speed goals together with its baseline in the same run, and
# writes one results file: a provenance header (commit, command, JVM, machine, start time), per item
# the exact command, the load average before and after it and its raw output, and at the end the
# markdown table (goal | figure reached | target | baseline in the same run | command) that
# BENCHMARKS.md's "Speed goals of issue 13" section is pasted from. The table is also printed last.
#
#   bench/speed-table.sh [results file]        (default bench/results/speed-table.md)
#
# It reuses the existing benchmark mains (the benchmarks module's ThroughputBenchmark and
# ProtocolBenchmark through bench/run.sh; core's test-source DiffusionUpdateBenchmark and
# TwoDRunBenchmark; the ./diffevo4j launcher) and parses their outputs with bench/speed_table.py.
# Durations and repetitions are variables (defaults sized for about 8 minutes on a quiet 2-core
# machine); set them in the environment to trade time for precision:
#   ROLLOUT_WARMUP=0.5 ROLLOUT_REPEAT=3 ROLLOUT_SAMPLE=0.2   ThroughputBenchmark --warmup/--repeat/--sample
#   ROLLOUT_NETS="8;64x64;128x128"                          its --nets (the table expects these three)
#   PROTOCOL_WARMUP=10 PROTOCOL_REPEAT=11                    the three paper protocols (the issue: median of 11)
#   LARGE_WARMUP=1 LARGE_REPEAT=3                            the large-latent protocol (4-128-128-2)
#   UPDATE_REPEATS=200                                       DE update N=256 D=58
#   SCALING_CASES='4096 58 2 3 16384 58 2 1 65536 58 2 1 16384 4610 2 -1'   DiffusionUpdateBenchmark cases
#   CLI_RUNS=10                                              interleaved rounds of the CLI timing
#   TWOD_RUNS=11                                             TwoDRunBenchmark runs per function
#   SPEED_NO_BUILD=1                                         skip the Maven build (use what target/ holds)
#   SPEED_KEEP_RAW=1                                         keep the scratch folder of raw outputs
#   MVN_FLAGS=-o                                             flags for that build (offline by default)
# Other work on the machine moves every figure: run it on a quiet machine; the load average before
# and after each item is recorded so that a reader can tell.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-bench/results/speed-table.md}"

ROLLOUT_WARMUP="${ROLLOUT_WARMUP:-0.5}"
ROLLOUT_REPEAT="${ROLLOUT_REPEAT:-3}"
ROLLOUT_SAMPLE="${ROLLOUT_SAMPLE:-0.2}"
ROLLOUT_NETS="${ROLLOUT_NETS:-8;64x64;128x128}"
PROTOCOL_WARMUP="${PROTOCOL_WARMUP:-10}"   # 3 left the Vector API kernels uncompiled in some JVMs (BENCHMARKS.md)
PROTOCOL_REPEAT="${PROTOCOL_REPEAT:-11}"
LARGE_WARMUP="${LARGE_WARMUP:-1}"
LARGE_REPEAT="${LARGE_REPEAT:-3}"
UPDATE_REPEATS="${UPDATE_REPEATS:-200}"
SCALING_CASES="${SCALING_CASES:-4096 58 2 3 16384 58 2 1 65536 58 2 1 16384 4610 2 -1}"
CLI_RUNS="${CLI_RUNS:-10}"
TWOD_RUNS="${TWOD_RUNS:-11}"

# RAW: a scratch folder for the mains' own output files (copied into the results file below);
# CP: core's classes, test classes (the update benchmarks and the pre-issue-13 LegacyDiffusionUpdate)
# and runtime class path. Both are exported: every item's command runs as shown, through bash -c.
RAW="$(mktemp -d)"
export RAW
# SPEED_KEEP_RAW=1 keeps the scratch folder (its path is printed) to re-run bench/speed_table.py on it
if [ "${SPEED_KEEP_RAW:-0}" = 1 ]; then echo "speed-table: raw outputs in $RAW" >&2; else trap 'rm -rf "$RAW"' EXIT; fi
started_s=$(date +%s)
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
load1() { cut -d' ' -f1 /proc/loadavg; }

commit="$(git rev-parse HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  commit="$commit +uncommitted changes"
fi
res="$RAW/results.md"

# ---- build (package, never install): benchmarks and trainer (the CLI's jar) with what they need ----
build_note="skipped (SPEED_NO_BUILD=1)"
if [ "${SPEED_NO_BUILD:-0}" != 1 ]; then
  echo "speed-table: building (mvn ${MVN_FLAGS:--o} -pl benchmarks,trainer -am package)..." >&2
  b0=$(date +%s)
  if ! mvn -B -q ${MVN_FLAGS:--o} -DskipTests -pl benchmarks,trainer -am package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >"$RAW/build.log" 2>&1; then
    cat "$RAW/build.log" >&2; echo "speed-table: build failed" >&2; exit 1
  fi
  build_note="mvn -B -q ${MVN_FLAGS:--o} -DskipTests -pl benchmarks,trainer -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime ($(( $(date +%s) - b0 )) s)"
fi
for f in benchmarks/target/classpath.txt core/target/classpath.txt core/target/test-classes trainer/target/diffevo4j.jar; do
  [ -e "$f" ] || { echo "speed-table: $f missing; run without SPEED_NO_BUILD=1" >&2; exit 1; }
done
CP="core/target/classes:core/target/test-classes:$(cat core/target/classpath.txt)"
export CP BENCH_NO_BUILD=1

# ---- the machine and its nominal peak (an assumption from /proc/cpuinfo, not a measurement) ----
model="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
mhz="$(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2- | tr -d ' ')"
if grep -qw avx512f /proc/cpuinfo; then simd_w=512; elif grep -qw avx2 /proc/cpuinfo; then simd_w=256; else simd_w=128; fi
# two FMA pipes of simd_w bits, 2 flops per lane: double lanes = simd_w / 64
flops_per_cycle=$(( 2 * 2 * simd_w / 64 ))
PEAK_GFLOPS="$(python3 -c "print(round($(nproc) * ${mhz:-0} / 1000 * $flops_per_cycle, 1))")"
PEAK_NOTE="$(nproc) cores x ${mhz:-?} MHz x $flops_per_cycle double flop/cycle (2 FMA pipes x ${simd_w}-bit, from /proc/cpuinfo; nominal, not measured)"
export PEAK_GFLOPS PEAK_NOTE

{
  echo "# Speed table of issue 13 (bench/speed-table.sh)"
  echo
  echo "- commit: $commit"
  echo "- command: bench/speed-table.sh $(printf '%q ' "$@")"
  echo "- settings: ROLLOUT_WARMUP=$ROLLOUT_WARMUP ROLLOUT_REPEAT=$ROLLOUT_REPEAT ROLLOUT_SAMPLE=$ROLLOUT_SAMPLE ROLLOUT_NETS='$ROLLOUT_NETS' PROTOCOL_WARMUP=$PROTOCOL_WARMUP PROTOCOL_REPEAT=$PROTOCOL_REPEAT LARGE_WARMUP=$LARGE_WARMUP LARGE_REPEAT=$LARGE_REPEAT UPDATE_REPEATS=$UPDATE_REPEATS SCALING_CASES='$SCALING_CASES' CLI_RUNS=$CLI_RUNS TWOD_RUNS=$TWOD_RUNS"
  echo "- build: $build_note"
  echo "- started: $started"
  echo "- java: $(java -version 2>&1 | sed -n 2p)"
  echo "- machine: $model, $(nproc) processors, ${mhz:-?} MHz, widest SIMD ${simd_w}-bit; nominal double peak $PEAK_GFLOPS GFLOP/s = $PEAK_NOTE"
  echo "- load average (1 min) before the first item: $(load1)"
  echo "- in the commands: \`\$CP\` = \`core/target/classes:core/target/test-classes:\$(cat core/target/classpath.txt)\`;"
  echo "  \`\$RAW\` = a scratch folder whose files are copied into this file"
} >"$res"

failed=()
# item ID TITLE COMMAND [SHOWN]: runs COMMAND (bash -c, repository root), stdout to $RAW/ID.out, and
# records it with its command (SHOWN if given), duration and the load average before and after.
item() {
  local id="$1" title="$2" cmd="$3" shown="${4:-$3}"
  printf '%s\n' "$shown" >"$RAW/$id.cmd"
  echo "speed-table: [$id] $title" >&2
  local l0 t0 rc
  l0=$(load1); t0=$(date +%s)
  bash -c "$cmd" >"$RAW/$id.out" 2>"$RAW/$id.err"
  rc=$?
  {
    echo
    echo "## $id: $title"
    echo
    echo '```'
    echo "$shown"
    echo '```'
    echo
    echo "load average (1 min) before $l0, after $(load1); $(( $(date +%s) - t0 )) s; exit status $rc"
    echo
    echo '```'
    cat "$RAW/$id.out"
    if [ $rc -ne 0 ]; then echo "--- standard error (last 30 lines) ---"; tail -30 "$RAW/$id.err"; fi
    echo '```'
  } >>"$res"
  if [ $rc -ne 0 ]; then failed+=("$id"); echo "speed-table: [$id] failed (exit $rc), see the results file" >&2; fi
}
# a main that writes its own --out file: its file is the raw output
item_file() {
  local id="$1" title="$2" cmd="$3"
  item "$id" "$title" "$cmd >/dev/null && cat \$RAW/$id.md" "$cmd"
}

VEC="--add-modules jdk.incubator.vector"

# 1. rollouts at population 4096: lanes2 (the lane layout, plain Java: the path before the per-copy
#    work) is the same-script baseline for jvm2 (what AUTO picks, double) and f32copy2 (opt-in
#    float32). One JVM per backend and policy, one after the other (as JMH forks one per benchmark): a
#    JVM that had run another policy or backend through the shared rollout loop first ran float32
#    4-64-64-2 at about half the speed it has alone (profile pollution; BENCHMARKS.md), and a user's
#    run uses one policy and one precision.
rollout_cmd="for b in lanes2 jvm2 f32copy2; do for n in \$(echo '$ROLLOUT_NETS' | tr ';' ' '); do BENCH_JAVA_OPTS='-Xmx6g $VEC' bench/run.sh ThroughputBenchmark --pops 4096 --nets \$n --backends \$b --families trained,random --repeat $ROLLOUT_REPEAT --warmup $ROLLOUT_WARMUP --sample $ROLLOUT_SAMPLE --out \$RAW/rollout-\$b-\$n.md >/dev/null || exit 1; cat \$RAW/rollout-\$b-\$n.md; done; done"
item rollout "goal 1: rollout agent-steps/s, population 4096, 4-8-2 / 4-64-64-2 / 4-128-128-2, one JVM per backend and policy" \
  "$rollout_cmd"

# 2. the three paper protocols, then the same without the Vector API (plain-Java kernels) as the
#    same-run baseline; the DE update N=256 D=58 against the update before the tiled kernel
item_file protocol "goal 2: the paper's protocols, pop 256, 10 steps, 4-8-2, 2 threads (Vector API on, as the launcher runs it)" \
  "BENCH_JAVA_OPTS='-Xmx3g $VEC' bench/run.sh ProtocolBenchmark --warmup $PROTOCOL_WARMUP --repeat $PROTOCOL_REPEAT --threads 2 --out \$RAW/protocol.md"
item_file protocol-plain "goal 2 baseline: the same protocols without the Vector API module (plain-Java kernels)" \
  "BENCH_JAVA_OPTS='-Xmx3g' bench/run.sh ProtocolBenchmark --warmup $PROTOCOL_WARMUP --repeat $PROTOCOL_REPEAT --threads 2 --out \$RAW/protocol-plain.md"
item update256 "goal 2: Diffusion Evolution update N=256 D=58 (tiled, Vector API) against the update before issue 13, alternating" \
  "java -Xmx2g $VEC -cp \"\$CP\" org.diffevo4j.core.DiffusionUpdateBenchmark 256 58 58 $UPDATE_REPEATS"

# 3. the large-latent protocol, with the same plain-Java baseline
item_file large "goal 3: large-latent protocol, CartPole 4-128-128-2, pop 256, 10 steps, 2 threads (Vector API on)" \
  "BENCH_JAVA_OPTS='-Xmx4g $VEC' bench/run.sh ProtocolBenchmark --envs CartPole-v1 --hidden 128x128 --warmup $LARGE_WARMUP --repeat $LARGE_REPEAT --threads 2 --out \$RAW/large.md"
item_file large-plain "goal 3 baseline: the same without the Vector API module (plain-Java kernels)" \
  "BENCH_JAVA_OPTS='-Xmx4g' bench/run.sh ProtocolBenchmark --envs CartPole-v1 --hidden 128x128 --warmup $LARGE_WARMUP --repeat $LARGE_REPEAT --threads 2 --out \$RAW/large-plain.md"

# 4. the CLI as a whole process, interleaved round by round with the JVM's start alone (java -version)
#    and the launcher's --version; the first --version makes the launcher's class-data archive.
#    Prints "round variant ms load1", as bench/cli-startup.sh does.
item cli "goal 4: ./diffevo4j train --env CartPole-v1 --quiet, whole process, against java -version, interleaved" \
  "./diffevo4j --version >/dev/null 2>&1; for r in \$(seq 1 $CLI_RUNS); do for v in java-version diffevo4j-version train; do rm -rf \$RAW/cli-run; s=\$(date +%s%N); case \$v in java-version) java -version ;; diffevo4j-version) DIFFEVO4J_JAVA_OPTS= ./diffevo4j --version ;; train) DIFFEVO4J_JAVA_OPTS= ./diffevo4j train --env CartPole-v1 --quiet --out \$RAW/cli-run ;; esac >/dev/null 2>&1 || echo \"\$r \$v FAILED\"; e=\$(date +%s%N); echo \"\$r \$v \$(( (e - s) / 1000000 )) \$(cut -d' ' -f1 /proc/loadavg)\"; done; done"

# 5. the tiled update at large N (the benchmark runs the pre-issue-13 update alongside where that does
#    not build the N x N matrix, i.e. N^2 (D + d) <= 4e9)
item scaling "goal 5: tiled Diffusion Evolution update at large N (2 threads, wall)" \
  "java -Xmx6g -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=14G $VEC -cp \"\$CP\" org.diffevo4j.core.DiffusionUpdateBenchmark $SCALING_CASES"

# 6. one 2-D Diffusion Evolution run, Vector API and plain Java alternating run by run
item twod "goal 6: one 2-D Diffusion Evolution run (pop 512, 25 steps), warm, 2 threads" \
  "java -Xmx2g $VEC -cp \"\$CP\" org.diffevo4j.core.TwoDRunBenchmark $TWOD_RUNS 2"

elapsed=$(( $(date +%s) - started_s ))
table="$RAW/table.md"
SPEED_OUT="$out" SPEED_COMMIT="$commit" SPEED_STARTED="$started" python3 bench/speed_table.py "$RAW" "$elapsed" >"$table" || { echo "speed-table: the table could not be made" >&2; failed+=(table); }
{
  echo
  echo "- finished: $(date -u +%Y-%m-%dT%H:%M:%SZ), $elapsed s in all, load average (1 min) $(load1)"
  [ ${#failed[@]} -eq 0 ] || echo "- FAILED items: ${failed[*]}"
  echo
  cat "$table"
} >>"$res"
mkdir -p "$(dirname "$out")"
chmod 644 "$res"
cp "$res" "$out"
cat "$table"
echo "speed-table: wrote $out ($elapsed s)" >&2
[ ${#failed[@]} -eq 0 ]
