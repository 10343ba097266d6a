#!/usr/bin/env bash
# Builds the diffevo4j CPU image with podman on a Debian machine that reaches no container registry,
# and smoke-tests it. Needs root (apt-get, rootful podman) and Debian's package mirror; Maven
# Central for whatever the host's ~/.m2 lacks. Run from anywhere:  bash docker/build-and-test.sh
#
#   1. installs podman, runc, mmdebstrap, podman-compose and docker-compose from Debian's packages when missing;
#   2. makes the base images locally with mmdebstrap, pinned to Debian bookworm (the last release
#      with OpenJDK 17): localhost/diffevo4j-jdk17-maven:bookworm (JDK 17 + Maven, build stage)
#      and localhost/diffevo4j-jre17:bookworm (JRE 17, runtime stage); kept between runs
#      (DIFFEVO4J_REBUILD_BASE=1 makes them again);
#   3. builds diffevo4j:cpu from docker/Dockerfile with those base images (--pull=never); Maven runs
#      in the build stage with the host's ~/.m2 mounted, so what the host has is not downloaded again;
#   4. runs the smoke test through docker/compose.yaml (podman-compose, project diffevo4j-smoke):
#      --version, envs, train + eval on a named volume, a mounted plugin, a killed and resumed run,
#      the non-root user and host-readable run folders.
#   5. (DIFFEVO4J_SMOKE_SPARK=0 skips it) builds diffevo4j:spark and starts the compose profile spark
#      with Spark's authentication on (a fresh shared secret in a file, a compose secret): a master
#      and two workers in separate containers; CartPole through them (driver in a fourth container)
#      equals the in-process run bit for bit, also with a worker killed mid-run; a worker and a
#      driver without the secret (or with another one) are refused; the secret is on no command
#      line, in no log and in no run folder;
#   6. removes the dangling images its own earlier builds left (label org.diffevo4j.build-and-test),
#      keeping the layers this run's builds used as their cache; no other image is touched.
# The GPU image (PROFILE=cuda, ~2.5 GB of ND4J CUDA 11.6) is not built here: see docker/README.md.
# Rerunnable: it removes its containers and volume on exit and at start.
# DIFFEVO4J_SMOKE_PRUNE=0 keeps the stale images of step 6.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

release=bookworm
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security_mirror="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
build_base=localhost/diffevo4j-jdk17-maven
runtime_base=localhost/diffevo4j-jre17
image=diffevo4j:cpu
project=diffevo4j-smoke
volume="${project}_runs"
t0=$(date +%s)
tmp="$(mktemp -d)"

log() { echo "build-and-test [$(( $(date +%s) - t0 ))s] $*"; }
fail() { echo "build-and-test: FAIL: $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); log "ok: $*"; }

[ "$(id -u)" -eq 0 ] || fail "run as root (apt-get and rootful podman)"

# ---- 1. packages --------------------------------------------------------------------------
missing=()
for p in podman runc mmdebstrap podman-compose; do command -v "$p" >/dev/null 2>&1 || missing+=("$p"); done
# docker-compose only validates the file: without its recommends (docker.io, containerd)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} from Debian's packages"
  apt-get update -qq
  export DEBIAN_FRONTEND=noninteractive
  for p in "${missing[@]}"; do
    if [ "$p" = docker-compose ]; then opts=(--no-install-recommends); else opts=(); fi
    apt-get install -y -qq "${opts[@]}" "$p" >"$tmp/apt.log" 2>&1 \
      || { cat "$tmp/apt.log" >&2; fail "apt-get install $p"; }
  done
fi

# ---- settings a restricted host needs (detected, written to a containers.conf of our own) ----
conf="$tmp/containers.conf"
runtime=""
# crun (podman's default where installed) refuses cgroup v1 / hybrid layouts; runc handles them.
if [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ]; then
  runtime=runc
  log "cgroup v1/hybrid layout: using runc"
fi
ulimits=""
# Without CAP_SYS_RESOURCE (bit 24 of CapEff) root cannot raise rlimits above its hard limits, and
# podman's defaults (nofile and nproc of 1048576+) make every container start fail with
# "error setting rlimit ... operation not permitted". Cap them at the caller's hard limits; nproc
# also at kernel.pid_max, which bounds the nproc limit podman itself runs under.
capeff=$(awk '/^CapEff/ {print $2}' /proc/self/status)
if (( (16#$capeff >> 24 & 1) == 0 )); then
  nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
  [ "$nofile" = unlimited ] && nofile=1048576
  pidmax=$(cat /proc/sys/kernel/pid_max)
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt "$pidmax" ]; then nproc=$pidmax; fi
  ulimits="\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\""
  log "no CAP_SYS_RESOURCE: container rlimits capped (nofile=$nofile nproc=$nproc)"
fi
{
  echo "[containers]"
  [ -n "$ulimits" ] && echo "default_ulimits = [$ulimits]"
  echo "[engine]"
  [ -n "$runtime" ] && echo "runtime = \"$runtime\""
} >"$conf"
export CONTAINERS_CONF="$conf"   # read by podman, podman build and podman-compose's podman calls
compose=(podman-compose --no-ansi -p "$project" -f docker/compose.yaml)
podman-compose --help 2>/dev/null | grep -q -- --no-ansi || compose=(podman-compose -p "$project" -f docker/compose.yaml)

# ---- 6. the dangling images of this script's own builds ----------------------------------------
# Every build is labelled $build_label (intermediate and stage images too). A rebuild after a source
# change leaves the previous images untagged (about 1 GB a time): those that carry the label and are
# dangling now, except the ones this run's builds made or reused (their "--> ID" lines: the cache of
# the next run), are removed with `podman rmi`, which also removes their parent layers that nothing
# else uses. Images without the label (the base images, anything not built here) are never touched.
build_label=org.diffevo4j.build-and-test=1
prune_own() {
  [ "${DIFFEVO4J_SMOKE_PRUNE:-1}" = 1 ] || return 0
  local keep ids id n=0 gone=""
  # (not anchored: Maven's colour codes can precede them)
  keep=$(cat "$tmp"/build*.log 2>/dev/null | grep -o -E -e '--> (Using cache )?[0-9a-f]{11,64}' \
    | grep -o -E '[0-9a-f]{11,64}$' | cut -c1-11 | sort -u)
  for _ in 1 2 3; do   # removing an image can leave its labelled parent dangling
    ids=$(podman images -q --no-trunc -f dangling=true -f "label=$build_label" | sed 's/^sha256://' | sort -u)
    local removed=0
    for id in $ids; do
      grep -qx "${id:0:11}" <<<"$keep" && continue
      podman rmi "$id" >/dev/null 2>&1 && { n=$((n + 1)); removed=1; gone="$gone ${id:0:12}"; }
    done
    [ $removed = 1 ] || break
  done
  log "removed $n stale dangling image(s) of earlier builds of this script${gone:+:$gone}"
}

cleanup() {
  local rc=$?
  if [ $rc -ne 0 ]; then   # what the Spark daemons said, for a failure in the Spark part
    for c in $(podman ps -a --format '{{.Names}}' | grep "^${project}_spark" || true); do
      echo "---- last lines of $c's log" >&2
      podman logs "$c" 2>&1 | tail -25 >&2 || true
    done
  fi
  podman ps -a --format '{{.Names}}' | grep "^${project}" | xargs -r podman rm -fv -t 2 >/dev/null 2>&1 || true
  podman pod rm -f "pod_${project}" >/dev/null 2>&1 || true
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
  podman network rm -f "${project}_default" >/dev/null 2>&1 || true
  # (a full run only: without the Spark part, the Spark image's build cache would count as stale)
  [ "${built:-0}" = 1 ] && [ "${DIFFEVO4J_SMOKE_SPARK:-1}" = 1 ] && prune_own
  rm -rf "$tmp"
  if [ $rc -eq 0 ]; then log "done: $passed checks passed"; else echo "build-and-test: failed (exit $rc)" >&2; fi
}
trap cleanup EXIT
cleanup_start() {
  podman ps -a --format '{{.Names}}' | grep "^${project}" | xargs -r podman rm -fv -t 2 >/dev/null 2>&1 || true
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
}
cleanup_start

# ---- 2. base images -------------------------------------------------------------------------
make_base() {   # image packages
  local img=$1 pkgs=$2
  if [ "${DIFFEVO4J_REBUILD_BASE:-0}" != 1 ] && podman image exists "$img:$release"; then
    log "base image $img:$release exists (DIFFEVO4J_REBUILD_BASE=1 makes it again)"
    return
  fi
  log "making $img:$release with mmdebstrap ($pkgs)"
  local tar="$tmp/$(basename "$img").tar"
  mmdebstrap --variant=minbase --include="$pkgs" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    "$release" "$tar" "deb $mirror $release main" "deb $mirror $release-updates main" \
    "deb $security_mirror $release-security main" >"$tar.log" 2>&1 || { tail -40 "$tar.log" >&2; fail "mmdebstrap $img"; }
  podman import --change 'ENV LANG=C.UTF-8' "$tar" "$img:$release" >>"$tar.log" 2>&1 || { tail -20 "$tar.log" >&2; fail "podman import $img"; }
  rm -f "$tar"
}
make_base "$build_base" openjdk-17-jdk-headless,maven,ca-certificates &
b1=$!
make_base "$runtime_base" openjdk-17-jre-headless,ca-certificates &
b2=$!
wait $b1 || fail "build base image"
wait $b2 || fail "runtime base image"
for img in "$build_base" "$runtime_base"; do
  v=$(podman run --rm "$img:$release" java -version 2>&1) || fail "$img: java -version: $v"
  v=${v%%$'\n'*}
  echo "$v" | grep -q '"17\.' || fail "$img has no Java 17: $v"
done
ok "base images on Debian $release with Java 17 (build: JDK + Maven, runtime: JRE)"

# ---- 3. the diffevo4j CPU image ---------------------------------------------------------------
m2="${HOME}/.m2"
mkdir -p "$m2"
build_opts=(-v "$m2:/root/.m2")
# Where the network intercepts TLS (extra CAs in /usr/local/share/ca-certificates), Maven in the
# build stage must trust the same CAs as the host: the host's Java trust store, which holds them,
# is mounted at build time only (it is in no image layer and never in the repository).
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null && [ -f /etc/ssl/certs/java/cacerts ]; then
  build_opts+=(-v /etc/ssl/certs/java/cacerts:/etc/ssl/certs/java/cacerts:ro)
  log "extra CA certificates on this host: the build stage uses the host's Java trust store"
fi
build_opts+=(--label "$build_label")
built=1
log "building $image"
podman build --pull=never -f docker/Dockerfile "${build_opts[@]}" \
  --build-arg PROFILE=cpu \
  --build-arg BUILD_IMAGE="$build_base" --build-arg BUILD_TAG="$release" \
  --build-arg RUNTIME_IMAGE="$runtime_base" --build-arg RUNTIME_TAG="$release" \
  -t "$image" . >"$tmp/build.log" 2>&1 || { tail -60 "$tmp/build.log" >&2; fail "podman build"; }
ok "built $image ($(podman image inspect "$image" --format '{{.Size}}' | awk '{printf "%d MB", $1/1e6}'))"
spark_image=diffevo4j:spark
if [ "${DIFFEVO4J_SMOKE_SPARK:-1}" = 1 ]; then
  log "building $spark_image (target spark: Spark jars of the distributed module)"
  podman build --pull=never -f docker/Dockerfile "${build_opts[@]}" --target spark \
    --build-arg PROFILE=cpu \
    --build-arg BUILD_IMAGE="$build_base" --build-arg BUILD_TAG="$release" \
    --build-arg RUNTIME_IMAGE="$runtime_base" --build-arg RUNTIME_TAG="$release" \
    -t "$spark_image" . >"$tmp/build-spark.log" 2>&1 || { tail -60 "$tmp/build-spark.log" >&2; fail "podman build --target spark"; }
  ok "built $spark_image ($(podman image inspect "$spark_image" --format '{{.Size}}' | awk '{printf "%d MB", $1/1e6}'))"
fi

# ---- 4. smoke test --------------------------------------------------------------------------
# Schema and interpolation check by docker-compose (Debian's Compose 1.29; podman-compose 1.0.3 has
# no `config`), then the services themselves are run below by podman-compose.
docker-compose -f docker/compose.yaml config -q 2>"$tmp/compose-config.err" \
  || { cat "$tmp/compose-config.err" >&2; fail "docker-compose config"; }
ok "docker/compose.yaml is valid (docker-compose config -q)"

# The plugin folder of the compose services is DIFFEVO4J_PLUGINS (default docker/plugins).
plugin_jar=examples/corridor-plugin/target/corridor-plugin.jar
if [ ! -f "$plugin_jar" ]; then
  log "building $plugin_jar"
  mvn -B -q -DskipTests -pl examples/corridor-plugin -am package >"$tmp/mvn.log" 2>&1 || { cat "$tmp/mvn.log" >&2; fail "mvn package corridor-plugin"; }
fi
mkdir -p "$tmp/plugins"
cp "$plugin_jar" "$tmp/plugins/"
chmod 755 "$tmp" "$tmp/plugins"; chmod 644 "$tmp/plugins/"*.jar
export DIFFEVO4J_PLUGINS="$tmp/plugins"

# run SERVICE ARGS...: the README's `docker compose -f docker/compose.yaml run --rm diffevo4j-cpu ...`
# (--no-deps: podman-compose 1.0.3 otherwise starts every service of the file first, profiles or not;
# -T: no TTY in CI). podman-compose adds lines of its own ("exit code: 0"): the checks grep.
# podman-compose 1.0's `run` exits 0 whatever the container's status and prints "exit code: N"
# instead: a non-zero one counts as a failure here
run() {
  local o rc=0
  o=$("${compose[@]}" run --rm -T --no-deps "$@" 2>&1) || rc=$?
  printf '%s\n' "$o"
  if [ "$rc" -eq 0 ] && printf '%s\n' "$o" | grep -q '^exit code: [1-9]'; then rc=1; fi
  return "$rc"
}

out=$(run diffevo4j-cpu --version) || fail "--version: $out"
echo "$out" | grep -q '^diffevo4j ' || fail "--version printed: $out"
if echo "$out" | grep -qi 'invalid value\|NumberFormatException'; then fail "start-up warnings: $out"; fi
ok "--version: $(echo "$out" | grep '^diffevo4j ')"

# OMP_NUM_THREADS: from the CPU quota (--cpus 1.5 -> 2), unset without one, never empty
omp() { podman run --rm "$@" --entrypoint sh "$image" -c \
  'sed "s/^exec java.*/echo \${OMP_NUM_THREADS-unset}/" /opt/diffevo4j/entrypoint.sh | sh'; }
[ "$(omp --cpus 1.5)" = 2 ] && [ "$(omp)" = unset ] && [ "$(omp -e OMP_NUM_THREADS=)" = unset ] \
  || fail "OMP_NUM_THREADS: --cpus 1.5 gave '$(omp --cpus 1.5)', no quota '$(omp)'"
ok "OMP_NUM_THREADS follows the CPU quota (--cpus 1.5 -> 2; none -> unset)"

out=$(run diffevo4j-cpu envs) || fail "envs: $out"
echo "$out" | grep -q '^CartPole-v1' || fail "envs lacks CartPole-v1: $out"
echo "$out" | grep -q '^Corridor-v0' || fail "envs lacks the mounted plugin Corridor-v0: $out"
ok "envs lists CartPole-v1 and the mounted plugin's Corridor-v0"

# train without --out: the run folder is /runs/<env>-<time>-s<seed> on the volume
out=$(run diffevo4j-cpu train --env CartPole-v1) || fail "train: $out"
folder=$(echo "$out" | sed -n 's#^results in \(/runs/[^ ]*\) .*#\1#p' | head -1)
echo "$folder" | grep -q '^/runs/CartPole-v1-[^/]*$' || fail "train did not write /runs/<name>: $out"
if echo "$out" | grep -qi 'invalid value\|NumberFormatException'; then fail "OMP_NUM_THREADS warnings: $out"; fi
out=$(run diffevo4j-cpu eval "$folder" --episodes 20) || fail "eval $folder: $out"
echo "$out" | grep -qi 'return' || fail "eval printed: $out"
ok "train CartPole-v1 into $folder, eval from a second container"

out=$(run diffevo4j-cpu train --env Corridor-v0 --out /runs/corridor) || fail "train Corridor-v0: $out"
out=$(run diffevo4j-cpu eval /runs/corridor --episodes 20) || fail "eval corridor: $out"
echo "$out" | grep -qi 'return' || fail "eval corridor printed: $out"
ok "plugin mounted at /plugins: Corridor-v0 trained and evaluated"

# non-root user, host-readable run folder
mp=$(podman volume inspect "$volume" --format '{{.Mountpoint}}')
owner=$(stat -c %u "$mp/corridor/metrics.jsonl")
[ "$owner" != 0 ] || fail "run files are owned by root"
uid=$(run --entrypoint id diffevo4j-cpu -u | tr -d '\r' | grep -x '[0-9]*' | head -1)
[ "$uid" = "$owner" ] && [ "$uid" != 0 ] || fail "container user $uid, file owner $owner"
# readable by the host user running this (through the volume's folder on the host), and by any
# user (world-readable files and folders: podman's volume root itself is root-only)
head -1 "$mp/corridor/metrics.jsonl" >/dev/null || fail "host user $(id -un) cannot read the run folder"
bad=$(find "$mp/corridor" \( -type f ! -perm -o+r \) -o \( -type d ! -perm -o+rx \))
[ -z "$bad" ] || fail "not world-readable: $bad"
ok "runs as uid $uid (non-root); run folder on the volume ($mp/corridor) readable on the host"

# killed mid-run and resumed from the volume: same metrics as an uninterrupted run
args=(--env CartPole-v1 --population 2048 --steps 40 --seed 7)
run diffevo4j-cpu train "${args[@]}" --out /runs/uninterrupted >"$tmp/ref.log" || { cat "$tmp/ref.log" >&2; fail "uninterrupted run"; }
"${compose[@]}" run -d -T --no-deps --name "${project}_killed" diffevo4j-cpu train "${args[@]}" --out /runs/killed >/dev/null 2>&1 \
  || fail "start the run to kill"
for _ in $(seq 1 600); do
  n=0; [ -f "$mp/killed/metrics.jsonl" ] && n=$(wc -l <"$mp/killed/metrics.jsonl")
  [ "$n" -ge 10 ] && break
  sleep 0.2
done
[ "$n" -ge 10 ] && [ "$n" -lt 40 ] || fail "could not catch the run mid-way ($n steps)"
podman kill "${project}_killed" >/dev/null
podman wait "${project}_killed" >/dev/null 2>&1 || true
n=$(wc -l <"$mp/killed/metrics.jsonl")
[ "$n" -lt 40 ] || fail "the run finished before it was killed"
podman rm -fv "${project}_killed" >/dev/null
out=$(run diffevo4j-cpu train --resume /runs/killed) || fail "resume: $out"
col() { grep -o '"return_mean":[^,]*' "$1"; }
col "$mp/uninterrupted/metrics.jsonl" >"$tmp/a"; col "$mp/killed/metrics.jsonl" >"$tmp/b"
[ "$(wc -l <"$tmp/a")" -eq 40 ] || fail "uninterrupted run has $(wc -l <"$tmp/a") steps"
cmp -s "$tmp/a" "$tmp/b" || { diff "$tmp/a" "$tmp/b" >&2 || true; fail "resumed run differs from the uninterrupted one"; }
ok "container killed after $n of 40 steps, resumed by a new container: return_mean identical at all 40 steps"

# ---- 5. Spark cluster of containers (compose profile spark) ------------------------------------
[ "${DIFFEVO4J_SMOKE_SPARK:-1}" = 1 ] || exit 0
t_spark=$(date +%s)
# The cluster's shared secret: a fresh one per run, in a file readable by the images' user (uid
# 10001) only, the compose secret spark_secret (DIFFEVO4J_SPARK_SECRET_FILE). Another one for the
# containers that must be refused.
secret_file="$tmp/spark-secret"
wrong_secret="$tmp/wrong-secret"
(umask 077; head -c 32 /dev/urandom | base64 >"$secret_file"; head -c 32 /dev/urandom | base64 >"$wrong_secret")
chown 10001:10001 "$secret_file" "$wrong_secret"
chmod 0400 "$secret_file" "$wrong_secret"
export DIFFEVO4J_SPARK_SECRET_FILE="$secret_file"
"${compose[@]}" up -d spark-master spark-worker >"$tmp/up.log" 2>&1 || { cat "$tmp/up.log" >&2; fail "compose up spark"; }
master=spark://spark-master:7077
net="${project}_default"
master_c="${project}_spark-master_1"
# the master's status (its web UI's JSON, read inside its container: bash's /dev/tcp, no curl there)
alive_workers() {
  podman exec "$master_c" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /json/ HTTP/1.0\r\n\r\n" >&3 && cat <&3' 2>/dev/null \
    | grep -o '"aliveworkers" *: *[0-9]*' | grep -o '[0-9]*$'
}
# metrics of a run without the timings: what must be bit-identical
same() { grep -o '"return_[a-z]*":[^,]*\|"best_return":[^,]*\|"success_rate":[^,]*' "$1"; }
same "$mp/uninterrupted/metrics.jsonl" >"$tmp/local"
out=$(run diffevo4j-spark train "${args[@]}" --engine spark --master "$master" --out /runs/spark) \
  || fail "train --engine spark: $out"
same "$mp/spark/metrics.jsonl" >"$tmp/spark"
cmp -s "$tmp/local" "$tmp/spark" || { diff "$tmp/local" "$tmp/spark" >&2 || true; fail "Spark cluster run differs from in-process"; }
for w in 1 2; do
  [ "$(podman exec "${project}_spark-worker_$w" ls /opt/spark/work | wc -l)" -ge 1 ] \
    || fail "worker $w ran no executor for the run"
done
ok "CartPole through a master and 2 workers (separate containers, Spark authentication on): metrics identical to the in-process run, both workers used"

# log_has CONTAINER TEXT (the whole log read first: `podman logs | grep -q` fails under pipefail)
log_has() { podman logs "$1" >"$tmp/container.log" 2>&1 || true; grep -qF -- "$2" "$tmp/container.log"; }
# (the first line of each daemon's log says whether authentication is on)
for c in "$master_c" "${project}_spark-worker_1" "${project}_spark-worker_2"; do
  log_has "$c" 'Spark authentication on (shared secret from DIFFEVO4J_SPARK_SECRET_FILE)' \
    || { head -5 "$tmp/container.log" >&2; fail "$c does not run with Spark authentication"; }
done

# Refused: two workers (one without a secret, one with another secret: the README's `docker run
# --network ... diffevo4j:spark spark-worker`) and two drivers (the same), all four started at once.
# Drivers are refused before their Spark context starts, in one line (no stack trace), within seconds.
podman run -d --name "${project}_worker-nosecret" --network "$net" -e SPARK_WORKER_CORES=1 \
  "$spark_image" spark-worker --webui-port 0 "$master" >/dev/null || fail "start a worker without the secret"
podman run -d --name "${project}_worker-wrongsecret" --network "$net" -e SPARK_WORKER_CORES=1 \
  -v "$wrong_secret:/run/secrets/spark_secret:ro" -e DIFFEVO4J_SPARK_SECRET_FILE=/run/secrets/spark_secret \
  "$spark_image" spark-worker --webui-port 0 "$master" >/dev/null || fail "start a worker with another secret"
driver_refused() {   # NAME EXTRA-PODMAN-ARGS...
  local name=$1; shift
  timeout 120 podman run --rm --name "${project}_$name" --network "$net" "$@" "$spark_image" \
    train "${args[@]}" --engine spark --master "$master" --out "/tmp/$name" >"$tmp/$name.log" 2>&1
}
t1=$(date +%s)
driver_refused driver-nosecret & p1=$!
driver_refused driver-wrongsecret -v "$wrong_secret:/run/secrets/spark_secret:ro" \
  -e DIFFEVO4J_SPARK_SECRET_FILE=/run/secrets/spark_secret & p2=$!
c1=0; wait $p1 || c1=$?
c2=0; wait $p2 || c2=$?
dt=$(( $(date +%s) - t1 ))
for d in "driver-nosecret:$c1:refused this driver: the cluster runs with Spark authentication" \
         "driver-wrongsecret:$c2:refused this driver's secret (Spark authentication failed"; do
  name=${d%%:*}; rest=${d#*:}; code=${rest%%:*}; want=${rest#*:}
  [ "$code" != 0 ] && [ "$code" != 124 ] || { tail -20 "$tmp/$name.log" >&2; fail "$name exited $code"; }
  grep -q "^error: Spark master $master $want" "$tmp/$name.log" || { tail -20 "$tmp/$name.log" >&2; fail "$name: no one-line refusal"; }
  if grep -q '^[[:space:]]*at \|Exception' "$tmp/$name.log"; then cat "$tmp/$name.log" >&2; fail "$name printed a stack trace"; fi
done
ok "drivers without the secret and with another one refused in ${dt}s (exit $c1, $c2): $(grep '^error:' "$tmp/driver-nosecret.log" | cut -c1-120)..."

refused=0
for _ in $(seq 1 300); do
  refused=0
  log_has "${project}_worker-nosecret" 'Failed to connect to master spark-master:7077' && refused=$((refused + 1))
  log_has "${project}_worker-wrongsecret" 'Failed to connect to master spark-master:7077' && refused=$((refused + 1))
  [ "$refused" = 2 ] && break
  sleep 0.2
done
[ "$refused" = 2 ] || { tail -5 "$tmp/container.log" >&2; fail "workers without the secret were not refused (no failed registration within 60 s)"; }
log_has "${project}_worker-nosecret" 'Expected SaslMessage, received something else' \
  || fail "the worker without a secret failed for another reason than authentication"
log_has "${project}_worker-wrongsecret" 'DIGEST-MD5: digest response format violation. Mismatched response' \
  || fail "the worker with another secret failed for another reason than authentication"
alive=$(alive_workers)
[ "$alive" = 2 ] || fail "the master lists $alive alive workers, not the 2 with the secret"
podman rm -f -t 0 "${project}_worker-nosecret" "${project}_worker-wrongsecret" >/dev/null
ok "a worker without the secret and one with another secret are refused by the master (SASL: no SASL / mismatched response), the master lists only the 2 workers with the secret"

"${compose[@]}" run -d -T --no-deps --name "${project}_driver" diffevo4j-spark train "${args[@]}" \
  --engine spark --master "$master" --out /runs/spark-killed >/dev/null 2>&1 || fail "start the Spark driver"
steps() { n=0; [ -f "$mp/spark-killed/metrics.jsonl" ] && n=$(wc -l <"$mp/spark-killed/metrics.jsonl"); echo "$n"; }
for _ in $(seq 1 900); do
  [ "$(steps)" -ge 3 ] && break
  sleep 0.2
done
[ "$(steps)" -ge 3 ] || fail "the Spark run did not start"
# The secret on no command line while executors run: every process of the master, the workers (with
# their executors) and the driver, as `ps` on each host would show them.
execs=0
for c in "$master_c" "${project}_spark-worker_1" "${project}_spark-worker_2" "${project}_driver"; do
  podman exec "$c" sh -c 'cat /proc/[0-9]*/cmdline 2>/dev/null; echo' | tr '\0' '\n' >"$tmp/cmdlines" || fail "read the command lines in $c"
  ! grep -qF -f "$secret_file" "$tmp/cmdlines" || fail "the secret is on a command line in $c"
  execs=$((execs + $(grep -c 'CoarseGrainedExecutorBackend' "$tmp/cmdlines" || true)))
  case "$c" in *spark-worker*)   # the worker cleans finished runs' folders (docker/README.md)
    grep -qx -- '-Dspark.worker.cleanup.enabled=true' "$tmp/cmdlines" \
      || fail "$c runs without spark.worker.cleanup.enabled=true" ;;
  esac
done
[ "$execs" -ge 2 ] || fail "found $execs executor processes, expected one per worker"
conf_mode=$(podman exec "$master_c" sh -c 'stat -c "%a %U" /tmp/spark-conf.*/spark-defaults.conf')
[ "$conf_mode" = "600 diffevo" ] || fail "the master's spark-defaults.conf is '$conf_mode', not '600 diffevo'"
for _ in $(seq 1 900); do
  n=$(steps)
  [ "$n" -ge 10 ] && break
  sleep 0.2
done
[ "$n" -ge 10 ] && [ "$n" -lt 40 ] || fail "could not catch the Spark run mid-way ($n steps)"
# worker 1 runs an executor of this run (its work folder holds both runs' applications)
[ "$(podman exec "${project}_spark-worker_1" ls /opt/spark/work | wc -l)" -ge 2 ] || fail "worker 1 has no executor of the run"
podman kill "${project}_spark-worker_1" >/dev/null
code=$(podman wait "${project}_driver")
[ "$code" = 0 ] || { podman logs "${project}_driver" 2>&1 | tail -30 >&2; fail "Spark run with a killed worker exited $code"; }
same "$mp/spark-killed/metrics.jsonl" >"$tmp/spark-killed"
cmp -s "$tmp/local" "$tmp/spark-killed" || { diff "$tmp/local" "$tmp/spark-killed" >&2 || true; fail "run with a killed worker differs"; }
ok "worker container killed after $n of 40 steps: the run finished on the other worker, metrics identical to in-process"

# ... and in no log (daemons, driver, refused containers) and no file of a run folder
for c in "$master_c" "${project}_spark-worker_1" "${project}_spark-worker_2" "${project}_driver"; do
  podman logs "$c" >>"$tmp/all-logs" 2>&1 || true
done
cat "$tmp"/driver-*.log >>"$tmp/all-logs"
! grep -qF -f "$secret_file" "$tmp/all-logs" || fail "the secret is in a container log"
! grep -rqF -f "$secret_file" "$mp" || fail "the secret is in a run folder ($(grep -rlF -f "$secret_file" "$mp" | head -3))"
ok "the secret is on no command line (master, workers, $execs executors, driver), in no log and in no run folder; workers clean old work folders; the daemons' spark-defaults.conf is mode 600 (Spark section: $(( $(date +%s) - t_spark ))s)"
