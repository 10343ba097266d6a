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

# spark-master/spark-worker (the Spark image): the secret from DIFFEVO4J_SPARK_SECRET_FILE or
# DIFFEVO4J_SPARK_SECRET goes into a spark-defaults.conf of mode 600 named by SPARK_CONF_DIR, never
# into the daemon's arguments. A stand-in `java` prints what the daemon would get.
mkdir -p "$tmp/spark/jars" "$tmp/bin"
cat >"$tmp/bin/java" <<'JAVA'
#!/bin/sh
echo "args: $*"
echo "conf: $SPARK_CONF_DIR $(stat -c %a "$SPARK_CONF_DIR/spark-defaults.conf")"
cat "$SPARK_CONF_DIR/spark-defaults.conf"
env | grep -c '^DIFFEVO4J_SPARK_SECRET=' | sed 's/^/secret-in-env: /'
JAVA
chmod +x "$tmp/bin/java"
printf ' s3cr\\et-from-file \n' >"$tmp/secret"
daemon() { env PATH="$tmp/bin:$PATH" SPARK_HOME="$tmp/spark" TMPDIR="$tmp" DIFFEVO4J_HOME="$tmp/home" "$@" 2>&1; }
out="$(daemon DIFFEVO4J_SPARK_SECRET_FILE="$tmp/secret" DIFFEVO4J_SPARK_SECRET=ignored sh "$root/docker/entrypoint.sh" spark-master --port 7077)" \
  || fail "spark-master with a secret file exited non-zero: $out"
echo "$out" | grep -qx 'spark.authenticate true' || fail "no spark.authenticate: $out"
echo "$out" | grep -qxF 'spark.authenticate.secret s3cr\\et-from-file' || fail "secret not written (escaped): $out"
echo "$out" | grep -q '^conf: .* 600$' || fail "spark-defaults.conf is not mode 600: $out"
echo "$out" | grep '^args:' | grep -q 's3cr' && fail "the secret is in the daemon's arguments: $out"
echo "$out" | grep -q 'Spark authentication on (shared secret from DIFFEVO4J_SPARK_SECRET_FILE)' || fail "no notice: $out"
out="$(daemon DIFFEVO4J_SPARK_SECRET=from-env sh "$root/docker/entrypoint.sh" spark-worker spark://m:7077)" || fail "spark-worker: $out"
echo "$out" | grep -qx 'spark.authenticate.secret from-env' || fail "secret from the environment not written: $out"
echo "$out" | grep -qx 'secret-in-env: 0' || fail "DIFFEVO4J_SPARK_SECRET left in the daemon's environment: $out"
out="$(daemon sh "$root/docker/entrypoint.sh" spark-worker spark://m:7077)" || true
echo "$out" | grep -q 'Spark authentication is OFF' || fail "no warning without a secret: $out"
# a worker removes finished applications' work folders (jars, logs) after a day unless told otherwise
echo "$out" | grep '^args:' | grep -q -- '-Dspark.worker.cleanup.enabled=true .*-Dspark.worker.cleanup.appDataTtl=86400 ' \
  || fail "the worker's cleanup is not on: $out"
out="$(daemon SPARK_WORKER_OPTS=-Dspark.worker.cleanup.appDataTtl=3600 sh "$root/docker/entrypoint.sh" spark-worker spark://m:7077)" || true
echo "$out" | grep '^args:' | grep -q -- '-Dspark.worker.cleanup.appDataTtl=86400 -Dspark.worker.cleanup.appDataTtl=3600 ' \
  || fail "SPARK_WORKER_OPTS does not come after the cleanup defaults: $out"
out="$(daemon sh "$root/docker/entrypoint.sh" spark-master --port 7077)" || true
echo "$out" | grep '^args:' | grep -q 'cleanup' && fail "the master got the worker's cleanup settings: $out"
set +e
out="$(daemon DIFFEVO4J_SPARK_SECRET_FILE="$tmp/missing" sh "$root/docker/entrypoint.sh" spark-master)"; code=$?
set -e
[ "$code" -eq 2 ] && echo "$out" | grep -q 'cannot read' || fail "unreadable secret file: exit $code, $out"

echo "test-entrypoint: 7 passed, 0 failed"
