#!/usr/bin/env bash
# Builds the kernels of src/main/resources/org/diffevo4j/gpu/rollout.cu.
#
#   build-kernels.sh build  TARGET_DIR   (run by Maven in process-classes)
#       - gcc present:  TARGET_DIR/native/librollout_host.so, the same source built for the host CPU
#         (-ffp-contract=off), which the agreement test loads through JNA;
#       - nvcc present: compiles the fat binary (a compile error fails the build) into
#         TARGET_DIR/fatbin/rollout.fatbin and puts it into TARGET_DIR/classes, replacing the committed one;
#       - either tool absent: says so and skips that part (the committed fat binary is shipped).
#   build-kernels.sh update
#       - rebuilds the committed fat binary src/main/resources/org/diffevo4j/gpu/rollout.fatbin and
#         records the SHA-256 of rollout.cu it was built from in rollout.fatbin.sha256 (RolloutSourceTest
#         fails when the source changed without this being rerun).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
res="$here/src/main/resources/org/diffevo4j/gpu"
src="$res/rollout.cu"
# machine code for Ampere (8.0, 8.6), Ada (8.9), Hopper (9.0), and compute_90 PTX for the driver to JIT on newer GPUs
NVCC_FLAGS=(-fatbin -O3 --fmad=false -std=c++17
  -gencode arch=compute_80,code=sm_80 -gencode arch=compute_86,code=sm_86
  -gencode arch=compute_89,code=sm_89 -gencode arch=compute_90,code=[sm_90,compute_90])

fatbin() {
  nvcc "${NVCC_FLAGS[@]}" -x cu -o "$1" "$src"
}

case "${1:-}" in
  build)
    target="${2:?target dir}"
    mkdir -p "$target/native" "$target/fatbin"
    if command -v gcc >/dev/null 2>&1; then
      gcc -std=c11 -O2 -fPIC -shared -ffp-contract=off -fno-fast-math -DDIFFEVO4J_HOST \
        -x c -o "$target/native/librollout_host.so" "$src" -lm
      echo "[gpu] host build of rollout.cu: $target/native/librollout_host.so"
    else
      echo "[gpu] gcc not found: host build of rollout.cu skipped (its agreement test will skip)"
    fi
    if command -v nvcc >/dev/null 2>&1; then
      fatbin "$target/fatbin/rollout.fatbin"
      mkdir -p "$target/classes/org/diffevo4j/gpu"
      cp "$target/fatbin/rollout.fatbin" "$target/classes/org/diffevo4j/gpu/rollout.fatbin"
      echo "[gpu] nvcc compiled rollout.cu for sm_80, sm_86, sm_89, sm_90 + compute_90 PTX"
    else
      echo "[gpu] nvcc not found: shipping the committed fat binary"
    fi
    ;;
  update)
    fatbin "$res/rollout.fatbin"
    sum="$(sha256sum "$src" | cut -d' ' -f1)"
    printf '%s  rollout.cu\n# %s\n' "$sum" "$(nvcc --version | tail -1)" > "$res/rollout.fatbin.sha256"
    ls -l "$res/rollout.fatbin"
    cat "$res/rollout.fatbin.sha256"
    ;;
  *)
    echo "usage: $0 build TARGET_DIR | update" >&2
    exit 2
    ;;
esac
