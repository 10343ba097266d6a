#!/bin/sh
# Container entrypoint: runs the diffevo4j CLI from the unpacked class path. Jars mounted in
# /plugins are picked up through DIFFEVO4J_PLUGIN_PATH (the same as passing --plugin for each).
set -eu
home="${DIFFEVO4J_HOME:-/opt/diffevo4j}"
export DIFFEVO4J_PLUGIN_PATH="${DIFFEVO4J_PLUGIN_PATH:-/plugins}"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "$home/lib/*" org.diffevo4j.trainer.Main "$@"
