#!/usr/bin/env bash
# Builds the benchmarks module (and the modules it needs) in this working tree, then runs one
# benchmark main with the measured commit recorded in its output.
#
#   bench/run.sh QualityBenchmark --seeds 1000:10 --threads 2 --out bench/results/quality.md
#   BENCH_JAVA_OPTS="-Xmx4g -Ddiffevo4j.agents.profile=true" bench/run.sh ProtocolBenchmark ...
#
# Paths are relative to the repository root. MVN_FLAGS (default -o, offline) goes to Maven;
# BENCH_NO_BUILD=1 skips the build. The class path points at this tree's target/ jars, not at
# ~/.m2, so installs of other checkouts cannot change what is measured.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ $# -ge 1 ] || { echo "usage: bench/run.sh <ProtocolBenchmark|QualityBenchmark|ThroughputBenchmark> [args...]" >&2; exit 2; }
main="$1"; shift
case "$main" in *.*) ;; *) main="org.diffevo4j.benchmarks.$main" ;; esac

cp_file="benchmarks/target/classpath.txt"
if [ "${BENCH_NO_BUILD:-0}" != 1 ] || [ ! -f "$cp_file" ]; then
  log="$(mktemp)"
  # package (not install): sibling modules resolve to their target/*.jar inside the reactor
  if ! mvn -B -q ${MVN_FLAGS:--o} -DskipTests -pl benchmarks -am package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; echo "bench/run.sh: build failed" >&2; exit 1
  fi
  rm -f "$log"
fi

commit="$(git rev-parse HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  commit="$commit +uncommitted changes"
fi
java_opts=(${BENCH_JAVA_OPTS:--Xmx4g})
exec java "${java_opts[@]}" "-Ddiffevo4j.bench.commit=$commit" \
  -cp "benchmarks/target/classes:$(cat "$cp_file")" "$main" "$@"
