#!/usr/bin/env bash
# Per-step evaluation overhead of the Spark engine on CartPole (paper protocol, population 256,
# 10 steps): in-process on 2 threads, Spark local[2] with 2 and with 8 tasks. Prints, per engine, the
# mean eval_seconds over steps 2..10 (step 1 includes warm-up) and step 1's, and copies each run's
# metrics.jsonl to the folder given (default bench/results/spark-overhead); then checks that every
# metric other than the timings is identical across the three runs.
#
#   bench/record.sh bench/results/spark-overhead.md bench/spark-overhead.sh
#
# Needs trainer/target/diffevo4j.jar and the distributed module built
# (mvn -B -q -o -DskipTests -pl trainer,distributed -am package).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dest="${1:-bench/results/spark-overhead}"
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() {
  local name="$1"; shift
  "$@" --out "$work/$name" --quiet >"$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; exit 1; }
  cp "$work/$name/metrics.jsonl" "$dest/$name.metrics.jsonl"
  python3 - "$name" "$work/$name/metrics.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
ev = [r["eval_seconds"] for r in rows]
last = rows[-1]
print(f"{sys.argv[1]:<22} steps {len(rows)}  eval s/step (steps 2-{len(rows)}) {sum(ev[1:]) / len(ev[1:]):.4f}"
      f"  step 1 {ev[0]:.4f}  final return_mean {last['return_mean']:.2f}")
PY
}
run in-process-2threads java -jar trainer/target/diffevo4j.jar train --env CartPole-v1 --threads 2
run spark-local2-2tasks distributed/diffevo4j-spark train --env CartPole-v1 --engine spark --master 'local[2]'
run spark-local2-8tasks distributed/diffevo4j-spark train --env CartPole-v1 --engine spark --master 'local[2]' --partitions 8
# the engines must agree on everything but timing
python3 - "$dest" <<'PY'
import json, sys, os
def strip(path):
    return [{k: v for k, v in json.loads(l).items() if not k.endswith("_seconds")} for l in open(path) if l.strip()]
d = sys.argv[1]
ref = strip(os.path.join(d, "in-process-2threads.metrics.jsonl"))
for name in ("spark-local2-2tasks", "spark-local2-8tasks"):
    same = strip(os.path.join(d, name + ".metrics.jsonl")) == ref
    print(f"{name}: metrics other than timings {'identical to' if same else 'DIFFER from'} in-process")
PY
