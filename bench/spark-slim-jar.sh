#!/usr/bin/env bash
# What a Spark executor downloads and a standalone worker keeps per run when the driver is the CLI
# jar: starts a standalone master and one worker as processes from the Spark jars of the distributed
# module (distributed/target/lib), trains CartPole through them with distributed/diffevo4j-spark
# (the CLI jar with the Spark engine), once shipping the whole CLI jar as before
# (-Dspark.diffevo4j.slimJar=false) and once with the slim executor jar (the default), then prints
# the files in the worker's work/app-*/<executor>/ folders with their sizes, `du -sh` of the work
# dir, and whether the metrics (timings aside) equal an in-process run's.
#
#   bench/record.sh bench/results/spark-slim-jar.md bench/spark-slim-jar.sh
#
# The slim runs use the driver's cache folder (${XDG_CACHE_HOME:-~/.cache}/diffevo4j/spark), which
# is listed before and after: the second slim run must ship the same file name as the first.
# SPARK_SLIM_PROBE_OPTS adds driver JVM options, e.g. to log the classes an executor loads:
#   SPARK_SLIM_PROBE_OPTS=-Dspark.executor.extraJavaOptions=-Xlog:class+load:file=/tmp/cl-%p.log
# Needs trainer/target/diffevo4j.jar and the distributed module built
# (mvn -B -q -o -DskipTests -pl trainer,distributed -am package). Extra arguments go to `train`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
opens=(--add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13 SPARK_NO_DAEMONIZE=1
# the worker builds executor class paths from SPARK_HOME/jars: Spark's jars only, nothing of diffevo4j
mkdir -p "$work/home"
ln -s "$root/distributed/target/lib" "$work/home/jars"
export SPARK_HOME="$work/home" SPARK_LOCAL_DIRS="$work/local"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
java -Xmx256m "${opens[@]}" -cp "distributed/target/lib/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 >"$work/master.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
master="spark://127.0.0.1:$port"

run() {   # name, extra JVM options of the driver
  local name="$1" opts="$2" wpid
  shift 2
  java -Xmx256m "${opens[@]}" -cp "distributed/target/lib/*" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --port 0 --webui-port 0 --cores 2 --memory 1g --work-dir "$work/work-$name" "$master" \
    >"$work/worker-$name.log" 2>&1 &
  wpid=$!
  pids+=("$wpid")
  DIFFEVO4J_JAVA_OPTS="-Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 -Dspark.executor.memory=512m ${SPARK_SLIM_PROBE_OPTS:-} $opts" \
    distributed/diffevo4j-spark train --env CartPole-v1 --engine spark --master "$master" --out "$work/run-$name" \
    --quiet "$@" >"$work/$name.log" 2>&1 || { cat "$work/$name.log" "$work/worker-$name.log" >&2; exit 1; }
  kill "$wpid"; wait "$wpid" 2>/dev/null || true
  echo "== $name: the worker's work dir after one run (files of each executor folder, bytes)"
  (cd "$work/work-$name" && find . -type f -printf '%10s  %p\n' | sort -k2)
  echo "du -sh: $(du -sh "$work/work-$name" | cut -f1)   du -sb: $(du -sb "$work/work-$name" | cut -f1) bytes"
}
java -jar trainer/target/diffevo4j.jar train --env CartPole-v1 --threads 2 --out "$work/run-in-process" --quiet "$@" \
  >"$work/in-process.log" 2>&1 || { cat "$work/in-process.log" >&2; exit 1; }
cache="${XDG_CACHE_HOME:-$HOME/.cache}/diffevo4j/spark"
echo "driver's executor-jar cache before: $(ls "$cache" 2>/dev/null | tr '\n' ' ')"
echo "CLI jar: $(stat -c %s trainer/target/diffevo4j.jar) bytes"
run whole-cli-jar "-Dspark.diffevo4j.slimJar=false" "$@"
run slim-jar "" "$@"
run slim-jar-again "" "$@"
echo "driver's executor-jar cache after: $(ls -l "$cache" | tail -n +2 | awk '{print $5, $9}' | tr '\n' ' ')"
python3 - "$work" <<'PY'
import json, os, sys
def strip(path):
    return [{k: v for k, v in json.loads(l).items() if not k.endswith("_seconds")} for l in open(path) if l.strip()]
w = sys.argv[1]
ref = strip(os.path.join(w, "run-in-process", "metrics.jsonl"))
for name in ("whole-cli-jar", "slim-jar", "slim-jar-again"):
    same = strip(os.path.join(w, "run-" + name, "metrics.jsonl")) == ref
    print(f"{name}: {len(ref)} steps, metrics other than timings {'identical to' if same else 'DIFFER from'} in-process")
PY
