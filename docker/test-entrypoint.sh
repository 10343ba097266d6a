#!/usr/bin/env bash
# Tests the container entrypoint and the launcher outside Docker (CI has no Docker engine):
# the entrypoint must run the CLI from a lib/ folder and pick up plugin jars from the plugin path.
# Needs the jars built by `mvn verify` (trainer and the example plugin).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/home/lib" "$tmp/plugins"
cp "$root/trainer/target/diffevo4j.jar" "$tmp/home/lib/"
cp "$root/examples/corridor-plugin/target/corridor-plugin.jar" "$tmp/plugins/"

fail() { echo "test-entrypoint: FAIL: $*" >&2; exit 1; }

out="$(DIFFEVO4J_HOME="$tmp/home" sh "$root/docker/entrypoint.sh" --version)" || fail "--version exited non-zero"
echo "$out" | grep -q '^diffevo4j ' || fail "--version printed: $out"

out="$(DIFFEVO4J_HOME="$tmp/home" DIFFEVO4J_PLUGIN_PATH="$tmp/plugins" sh "$root/docker/entrypoint.sh" envs)" \
  || fail "envs exited non-zero"
echo "$out" | grep -q '^CartPole-v1' || fail "envs lacks CartPole-v1: $out"
echo "$out" | grep -q '^Corridor-v0' || fail "envs lacks the mounted plugin Corridor-v0: $out"

set +e
DIFFEVO4J_HOME="$tmp/home" sh "$root/docker/entrypoint.sh" train --env NoSuchEnv-v0 >/dev/null 2>"$tmp/err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "unknown env should exit 2, got $code"
grep -q "NoSuchEnv-v0" "$tmp/err" || fail "unknown env error does not name it: $(cat "$tmp/err")"

# the launcher reuses an up-to-date jar without rebuilding
out="$("$root/diffevo4j" --version 2>&1)" || fail "launcher --version exited non-zero"
echo "$out" | grep -q 'building' && fail "launcher rebuilt an up-to-date jar"
echo "$out" | grep -q '^diffevo4j ' || fail "launcher --version printed: $out"

# so does the Spark launcher once it has built (its first run after `mvn verify` may build: it
# keeps a stamp of its own build, since Maven leaves an unchanged jar's time alone)
"$root/distributed/diffevo4j-spark" --version >/dev/null 2>&1 || fail "diffevo4j-spark --version exited non-zero"
out="$("$root/distributed/diffevo4j-spark" --version 2>&1)" || fail "diffevo4j-spark --version exited non-zero: $out"
echo "$out" | grep -q 'building' && fail "diffevo4j-spark rebuilt up-to-date jars"
echo "$out" | grep -q '^diffevo4j ' || fail "diffevo4j-spark --version printed: $out"

echo "test-entrypoint: 5 passed, 0 failed"
