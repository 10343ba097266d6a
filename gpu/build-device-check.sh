#!/usr/bin/env bash
# Builds the self-contained device-check folder of issue 16 (default gpu/target/device-check):
#   runtime/         a jlink'ed Java runtime with only java.base and java.logging (what JNA and diffevo4j's
#                    rollout path use; java.desktop, which jdeps lists for JNA's AWT helpers, is left out)
#   lib/             the diffevo4j jars the check needs (environments, core, agents, gpu) and JNA; no ND4J
#   device-check.sh  runs org.diffevo4j.gpu.DeviceCheck: GPU/CPU agreement, rollout throughput, one results file
# Copy the folder to a Linux x86-64 machine with an NVIDIA driver (580+) and run ./device-check.sh there; no JDK
# needed. Needs a JDK 17+ (jlink) and Maven here. Usage: gpu/build-device-check.sh [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$here/target/device-check}"
(cd "$root" && mvn -B -q -pl gpu -am package -DskipTests dependency:copy-dependencies -DincludeScope=runtime)
rm -rf "$out"
mkdir -p "$out/lib"
cp "$here/target/diffevo4j-gpu.jar" "$out/lib/"
cp "$here"/target/dependency/diffevo4j-environments-*.jar "$here"/target/dependency/diffevo4j-core-*.jar "$here"/target/dependency/diffevo4j-agents-*.jar \
  "$here"/target/dependency/jna-[0-9]*.jar "$out/lib/"
jlink --add-modules java.base,java.logging --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$out/runtime"
cat > "$out/device-check.sh" <<'RUN'
#!/bin/sh
# diffevo4j device check: ./device-check.sh [results-file]   (default device-check-results.txt)
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/runtime/bin/java" -Xmx8g -cp "$here/lib/*" org.diffevo4j.gpu.DeviceCheck "$@"
RUN
chmod +x "$out/device-check.sh"
size=$(du -sm "$out" | cut -f1)
echo "device-check folder: $out (${size} MiB)"
if [ "$size" -ge 64 ]; then
  echo "the folder is over 64 MiB" >&2
  exit 1
fi
