#!/usr/bin/env bash
# Same bits before and after: runs LargeLatentBits.java (the large-latent shape, public API only)
# against commit $BEFORE (default bf02f66, exported with git archive and built in a temporary folder)
# and against this tree, with the Vector API module (update threads: all, and 1) and without it, and
# says whether every output is identical.
#
#   bench/record.sh bench/results/large-latent-bits.md benchmarks/scripts/large-latent-bits.sh [seeds]
set -euo pipefail
seeds="${1:-3}"
before="${BEFORE:-bf02f66}"
old="$(mktemp -d)"
trap 'rm -rf "$old"' EXIT
git archive "$before" | tar -x -C "$old"
build() {
  (cd "$1" && mvn -B -q -o -DskipTests -pl latent -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null 2>&1)
}
build "$old"
build .
echo "before: $before, after: $(git rev-parse --short HEAD) (this tree)"
for which in before after; do
  dir=.
  [ "$which" = before ] && dir="$old"
  cp="$dir/latent/target/diffevo4j-latent-0.1.0-SNAPSHOT.jar:$(cat "$dir/latent/target/classpath.txt")"
  mkdir -p "$old/classes-$which"
  javac -d "$old/classes-$which" -cp "$cp" benchmarks/scripts/LargeLatentBits.java
  for opts in "--add-modules jdk.incubator.vector" "--add-modules jdk.incubator.vector -Ddiffevo4j.update.threads=1" "-Ddiffevo4j.update.threads=2"; do
    echo "## $which: $opts"
    # shellcheck disable=SC2086
    java -Xmx4g $opts -cp "$old/classes-$which:$cp" LargeLatentBits "$seeds" 2>/dev/null | tee -a "$old/all.txt"
  done
done
if [ "$(sort -u "$old/all.txt" | wc -l)" = "$seeds" ]; then
  echo "identical: every seed gave the same hash and best score in all 6 runs"
else
  echo "DIFFERENT"
fi
