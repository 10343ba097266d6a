#!/usr/bin/env bash
# Runs a benchmark command and writes its standard output to a file under a provenance header
# (commit, command, start and end time, JVM, processors, load average), so that the raw output a
# BENCHMARKS.md table was made from can be committed under bench/results/ with what measured it.
#
#   bench/record.sh bench/results/env-throughput.md java -cp ... org.diffevo4j.environments.bench.VectorEnvBench ...
#
# Run from anywhere; the command runs in the repository root. Standard error is not recorded.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ $# -ge 2 ] || { echo "usage: bench/record.sh <output file> <command> [args...]" >&2; exit 2; }
out="$1"; shift
commit="$(git rev-parse HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  commit="$commit +uncommitted changes"
fi
tmp="$(mktemp)"
{
  echo "# raw benchmark output"
  echo
  echo "- commit: $commit"
  echo "- command: $(printf '%q ' "$@")"
  echo "- started: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "- processors: $(nproc), load average (1 min) $(cut -d' ' -f1 /proc/loadavg)"
  echo
  echo '```'
} > "$tmp"
"$@" | tee -a "$tmp"
{
  echo '```'
  echo
  echo "- finished: $(date -u +%Y-%m-%dT%H:%M:%SZ), load average (1 min) $(cut -d' ' -f1 /proc/loadavg)"
} >> "$tmp"
mkdir -p "$(dirname "$out")"
chmod 644 "$tmp"
mv "$tmp" "$out"
