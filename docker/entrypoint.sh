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

# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "$home/lib/*" org.diffevo4j.trainer.Main "$@"
