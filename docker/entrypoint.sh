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

# Spark's authentication for a standalone master or worker: the shared secret comes from the file
# named by DIFFEVO4J_SPARK_SECRET_FILE (e.g. a compose secret in /run/secrets) or from
# DIFFEVO4J_SPARK_SECRET, the same variables the driver reads. It is written, with
# spark.authenticate=true, to a spark-defaults.conf of this container's own (a fresh mode-0700
# folder, the file 0600; SPARK_CONF_DIR names it), so it never appears on a command line (ps), in
# the image or in a log. Spark's standalone daemons take the secret only from their configuration
# (spark.authenticate.secret.file is for Kubernetes only); workers hand it to their executors in
# the environment, never on the command line. Without a secret the daemon runs unauthenticated
# and says so.
spark_auth() {
  secret=""
  if [ -n "${DIFFEVO4J_SPARK_SECRET_FILE:-}" ]; then
    if ! [ -r "$DIFFEVO4J_SPARK_SECRET_FILE" ]; then
      echo "$1: DIFFEVO4J_SPARK_SECRET_FILE: cannot read $DIFFEVO4J_SPARK_SECRET_FILE (it must be readable by uid $(id -u))" >&2
      exit 2
    fi
    secret=$(cat "$DIFFEVO4J_SPARK_SECRET_FILE")
    from="DIFFEVO4J_SPARK_SECRET_FILE"
  elif [ -n "${DIFFEVO4J_SPARK_SECRET:-}" ]; then
    secret=$DIFFEVO4J_SPARK_SECRET
    from="DIFFEVO4J_SPARK_SECRET"
  fi
  unset DIFFEVO4J_SPARK_SECRET
  # leading and trailing white space dropped, as the driver does
  secret=$(printf '%s' "$secret" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' | sed -e '/^$/d')
  if [ -z "$secret" ]; then
    if [ -n "${from:-}" ]; then
      echo "$1: $from holds an empty secret" >&2
      exit 2
    fi
    echo "$1: no DIFFEVO4J_SPARK_SECRET_FILE or DIFFEVO4J_SPARK_SECRET: Spark authentication is OFF (any worker or driver that reaches this port is accepted)" >&2
    return 0
  fi
  case "$secret" in
    *"
"*) echo "$1: the Spark secret ($from) must be one line" >&2; exit 2 ;;
  esac
  old_umask=$(umask)
  umask 077
  conf_dir=$(mktemp -d "${TMPDIR:-/tmp}/spark-conf.XXXXXX")
  # settings of a mounted $SPARK_HOME/conf/spark-defaults.conf are kept
  if [ -r "$SPARK_HOME/conf/spark-defaults.conf" ]; then
    grep -v '^[[:space:]]*spark\.authenticate' "$SPARK_HOME/conf/spark-defaults.conf" >"$conf_dir/spark-defaults.conf" || true
  fi
  {
    echo "spark.authenticate true"
    # a Java properties file: backslashes escaped (printf and sed get the secret on stdin, not in argv)
    printf 'spark.authenticate.secret %s\n' "$(printf '%s' "$secret" | sed 's/\\/\\\\/g')"
  } >>"$conf_dir/spark-defaults.conf"
  umask "$old_umask"
  secret=""
  export SPARK_CONF_DIR="$conf_dir"
  echo "$1: Spark authentication on (shared secret from $from)" >&2
}
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
      daemon=$1
      shift
      spark_auth "$daemon"
      # A worker keeps every application's work/app-*/ folder (each executor's downloaded jars and
      # logs: about 0.2 MB per executor and run with diffevo4j's jars, see docker/README.md) until
      # its cleanup removes it, which is off by default in Spark. On here: every 30 min, the
      # folders of finished applications older than a day go. SPARK_WORKER_OPTS comes after these
      # defaults, so e.g. -Dspark.worker.cleanup.appDataTtl=3600 there wins (worker settings, not
      # secrets: a command line is fine for them; SPARK_MASTER_OPTS likewise for the master).
      daemon_opts=${SPARK_MASTER_OPTS:-}
      if [ "$daemon" = spark-worker ]; then
        daemon_opts="-Dspark.worker.cleanup.enabled=true -Dspark.worker.cleanup.interval=1800
          -Dspark.worker.cleanup.appDataTtl=86400 ${SPARK_WORKER_OPTS:-}"
      fi
      # shellcheck disable=SC2086
      # (the CLI's lib/ after Spark's jars: logback, which Spark's jars here lack, for the daemons' logs)
      exec java $spark_opts $daemon_opts ${SPARK_DAEMON_JAVA_OPTS:-} -cp "$SPARK_HOME/jars/*:$home/lib/*" "$class" "$@" ;;
  esac
  # Spark's libraries first, as distributed/diffevo4j-spark does
  cp="$SPARK_HOME/jars/*:$cp"
fi

# shellcheck disable=SC2086
exec java $spark_opts ${JAVA_OPTS:-} -cp "$cp" org.diffevo4j.trainer.Main "$@"
