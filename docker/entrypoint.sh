#!/bin/sh
# Container entrypoint: runs the diffevo4j CLI from the unpacked class path. Jars mounted in
# /plugins are picked up through DIFFEVO4J_PLUGIN_PATH (the same as passing --plugin for each).
set -eu
home="${DIFFEVO4J_HOME:-/opt/diffevo4j}"
export DIFFEVO4J_PLUGIN_PATH="${DIFFEVO4J_PLUGIN_PATH:-/plugins}"

# OpenMP threads (ND4J's CPU backend) from the container's CPU quota (docker run --cpus N), rounded
# up; without a quota it stays unset and ND4J uses the cores it sees. A value set by the caller wins;
# an empty one is dropped (libgomp warns "Invalid value" and ND4J throws NumberFormatException on it).
cpu_quota() {
  if [ -r /sys/fs/cgroup/cpu.max ]; then                       # cgroup v2: "<quota|max> <period>"
    read -r q p < /sys/fs/cgroup/cpu.max || return 1
  elif [ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then         # cgroup v1
    q=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) && p=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us) || return 1
  else
    return 1
  fi
  case "$q" in ''|max|-*) return 1 ;; esac
  [ "${p:-0}" -gt 0 ] 2>/dev/null || return 1
  echo $(( (q + p - 1) / p ))
}
if [ -z "${OMP_NUM_THREADS:-}" ]; then
  unset OMP_NUM_THREADS
  if n=$(cpu_quota) && [ "$n" -ge 1 ]; then
    export OMP_NUM_THREADS="$n"
  fi
fi

# Idle ND4J (OpenMP) and OpenBLAS threads sleep instead of spinning, as in the diffevo4j launcher
# (see there); a value set by the caller wins.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
export OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"

cp="$home/lib/*"
spark_opts=""
# The Spark image (SPARK_HOME with jars/): `spark-master ARGS` and `spark-worker ARGS` start a
# standalone master or worker; anything else is the CLI, with the Spark engine on its class path.
if [ -n "${SPARK_HOME:-}" ] && [ -d "$SPARK_HOME/jars" ]; then
  # what Spark needs opened on Java 17 (org.apache.spark.launcher.JavaModuleOptions, as distributed/diffevo4j-spark)
  spark_opts="--add-modules=jdk.incubator.vector --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
    --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
    --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
    -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
  case "${1:-}" in
    spark-master|spark-worker)
      class=org.apache.spark.deploy.master.Master
      [ "$1" = spark-worker ] && class=org.apache.spark.deploy.worker.Worker
      shift
      # shellcheck disable=SC2086
      # (the CLI's lib/ after Spark's jars: logback, which Spark's jars here lack, for the daemons' logs)
      exec java $spark_opts ${SPARK_DAEMON_JAVA_OPTS:-} -cp "$SPARK_HOME/jars/*:$home/lib/*" "$class" "$@" ;;
  esac
  # Spark's libraries first, as distributed/diffevo4j-spark does
  cp="$SPARK_HOME/jars/*:$cp"
fi

# shellcheck disable=SC2086
exec java $spark_opts ${JAVA_OPTS:-} -cp "$cp" org.diffevo4j.trainer.Main "$@"
