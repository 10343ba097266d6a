#!/usr/bin/env python3
"""Makes the issue-13 speed table from the raw outputs bench/speed-table.sh collected.

    python3 bench/speed_table.py RAW_DIR ELAPSED_SECONDS

RAW_DIR holds, per item ID, ID.out (the raw output) and ID.cmd (the command as shown); the
environment gives PEAK_GFLOPS and PEAK_NOTE. Prints markdown: a short preamble and the table
goal | figure reached | target | baseline measured in the same run (ratio) | command.
Figures that are missing (an item failed) read "no result". Nothing here is measured: every number
comes from the raw outputs, except the JAX figures, quoted from issue 13 and labelled so.
"""
import os
import re
import statistics
import sys

RAW = sys.argv[1]
ELAPSED = sys.argv[2] if len(sys.argv) > 2 else "?"
PEAK = float(os.environ.get("PEAK_GFLOPS", "0") or 0)
PEAK_NOTE = os.environ.get("PEAK_NOTE", "")
JAX = "jitted JAX (evosax + gymnax) %s (from issue 13, measured by the issue's author, not re-measured here)"


def read(name):
    try:
        with open(os.path.join(RAW, name)) as f:
            return f.read()
    except OSError:
        return ""


def cmd(item):
    c = read(item + ".cmd").strip()
    return "`" + c.replace("|", "\\|") + "`" if c else "-"


def md_rows(text):
    """Rows of the markdown tables in text, as lists of stripped cells (header and rule rows dropped)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append(cells)
    return rows


def g(x):
    """Three significant figures, as the benchmarks print them."""
    return "%.3g" % x


def ratio(a, b):
    return "%.2fx" % (a / b) if a and b else "-"


def met(ok):
    return "**met**" if ok else "**not met**"


table = []  # (goal, figure, target, baseline, command)

# ---- goal 1: rollouts ----
roll = {}
for r in md_rows(read("rollout.out")):
    if len(r) == 11 and r[2] == "4096" and "profile" not in r[3]:
        try:
            roll[(r[0], r[1], r[3])] = (float(r[4]), float(r[6]), float(r[7]))
        except ValueError:
            pass
targets1 = {"4-8-2": 8e7, "4-64-64-2": 1e7, "4-128-128-2": 2.5e6}
jax1 = {"4-8-2": "1.7e7 steps/s (all 500 steps computed)", "4-64-64-2": "1.2e6 steps/s (all steps computed)"}
for shape, target in targets1.items():
    parts, base, best = [], [], 0.0
    for fam, label in (("trained", "long episodes (trained family)"), ("random", "short episodes (random genomes)")):
        j = roll.get((shape, fam, "jvm2"))
        f = roll.get((shape, fam, "f32copy2"))
        l = roll.get((shape, fam, "lanes2"))
        if not j:
            parts.append(label + ": no result")
            continue
        ep = " (mean episode %.0f steps)" % j[2]
        s = "%s%s: **%s** (jvm2, double, the default path), %s GFLOP/s" % (label, ep, g(j[0]), g(j[1]))
        if PEAK:
            s += " = %.1f%% of peak" % (100 * j[1] / PEAK)
        if f:
            s += "; float32 opt-in (f32copy2) %s, %s GFLOP/s" % (g(f[0]), g(f[1]))
            if PEAK:
                s += " = %.1f%% of peak" % (100 * f[1] / PEAK)
        parts.append(s)
        if fam == "trained":
            best = max(j[0], f[0] if f else 0)
        if l:
            b = "%s: lanes2 %s; jvm2 / lanes2 %s" % (fam, g(l[0]), ratio(j[0], l[0]))
            if f:
                b += ", f32copy2 / lanes2 %s" % ratio(f[0], l[0])
            base.append(b)
    if shape in jax1:
        base.append(JAX % jax1[shape])
    table.append(("1. rollout %s, population 4096, 2 threads, CartPole-v1" % shape, "; ".join(parts),
                  ">= %s agent-steps/s on long episodes: %s" % (g(target), met(best >= target) if best else "no result"),
                  "lane layout, plain Java (the path before the per-copy work), same script, each backend and policy in its own JVM: " + "; ".join(base)
                  if base else "no result", cmd("rollout")))

# ---- goals 2 and 3: protocols ----


def protocol(item):
    out = {}
    for r in md_rows(read(item + ".out")):
        if len(r) >= 11 and r[0].endswith(("-v0", "-v1")):   # 12 columns since the calling-thread CPU column
            try:
                out[r[0]] = (float(r[1]), float(r[6]), r[10])
            except ValueError:
                pass
    return out


pv, pp = protocol("protocol"), protocol("protocol-plain")
targets2 = {"CartPole-v1": (0.03, "0.089-0.090 s"), "Acrobot-v1": (0.11, "0.345-0.347 s"),
            "MountainCar-v0": (0.014, "0.040-0.041 s")}
for env, (target, jax) in targets2.items():
    v, p = pv.get(env), pp.get(env)
    fig = ("**%.4f s** total, median of the timed runs (DE ask+tell %.4f s; final mean return %s)" % (v[0], v[1], v[2])
           if v else "no result")
    base = ("without the Vector API module (plain-Java kernels), same script: %.4f s (final mean return %s); "
            "plain / Vector API %s" % (p[0], p[2], ratio(p[0], v[0] if v else 0)) if p else "plain run: no result")
    base += "; " + JAX % jax
    table.append(("2. protocol %s, pop 256, 10 steps, 4-8-2, warm, 2 threads" % env, fig,
                  "<= %g s (3x ahead of JAX): %s" % (target, met(v[0] <= target) if v else "no result"), base,
                  cmd("protocol") + " ; baseline " + cmd("protocol-plain")))

m = re.search(r"N=\s*256 D=\s*58 d=\s*58\s+tiled best\s+([\d.]+) ms median\s+([\d.]+) ms.*?before best\s+([\d.]+) ms "
              r"median\s+([\d.]+) ms", read("update256.out"))
if m:
    tb, tm, ob, om = map(float, m.groups())
    table.append(("2. Diffusion Evolution update N=256, D=58 (d=58), 2 threads, wall",
                  "**%.3f ms** median (best %.3f ms)" % (tm, tb), "< 0.5 ms: %s (median)" % met(tm < 0.5),
                  "the update before issue 13 (LegacyDiffusionUpdate), alternating repeat by repeat: median %.3f ms "
                  "(best %.3f ms); before / now %s median, %s best" % (om, ob, ratio(om, tm), ratio(ob, tb)),
                  cmd("update256")))
else:
    table.append(("2. Diffusion Evolution update N=256, D=58", "no result", "< 0.5 ms", "no result", cmd("update256")))

lv, lp = protocol("large").get("CartPole-v1"), protocol("large-plain").get("CartPole-v1")
table.append(("3. large-latent protocol, CartPole 4-128-128-2, pop 256, 10 steps, warm, 2 threads",
              "**%.3f s** total, median (DE ask+tell %.3f s; final mean return %s)" % lv if lv else "no result",
              "< 1 s: %s" % (met(lv[0] < 1) if lv else "no result"),
              ("without the Vector API module (plain-Java kernels), same script: %.3f s (final mean return %s); "
               "plain / Vector API %s" % (lp[0], lp[2], ratio(lp[0], lv[0] if lv else 0))) if lp else "no result",
              cmd("large") + " ; baseline " + cmd("large-plain")))

# ---- goal 4: the CLI ----
cli = {}
for line in read("cli.out").splitlines():
    f = line.split()
    if len(f) == 4 and f[2].isdigit():
        cli.setdefault(f[1], []).append(int(f[2]))
tr, jv, dv = cli.get("train"), cli.get("java-version"), cli.get("diffevo4j-version")
if tr:
    fig = "**%d ms** median, min %d, max %d (%d runs)" % (statistics.median(tr), min(tr), max(tr), len(tr))
    base = []
    if jv:
        base.append("JVM start alone (`java -version`), interleaved round by round: median %d ms (min %d); train / "
                    "JVM start %s; train minus JVM start %d ms" % (statistics.median(jv), min(jv),
                                                                   ratio(statistics.median(tr), statistics.median(jv)),
                                                                   statistics.median(tr) - statistics.median(jv)))
    if dv:
        base.append("`./diffevo4j --version` median %d ms (min %d)" % (statistics.median(dv), min(dv)))
    base.append(JAX % "4.6 s (import + compile + run)")
    table.append(("4. CLI `./diffevo4j train --env CartPole-v1 --quiet`, whole process", fig,
                  "< 700 ms: %s (median)" % met(statistics.median(tr) < 700), "; ".join(base), cmd("cli")))
else:
    table.append(("4. CLI train, whole process", "no result", "< 700 ms", "no result", cmd("cli")))

# ---- goal 5: the update at large N ----
cases = []
for line in read("scaling.out").splitlines():
    m = re.search(r"N=\s*(\d+) D=\s*(\d+) d=\s*(\d+)\s+tiled best\s+([\d.]+) ms median\s+([\d.]+) ms", line)
    if not m:
        continue
    n, dim, fd = map(int, m.groups()[:3])
    best, med = float(m.group(4)), float(m.group(5))
    o = re.search(r"before best\s+([\d.]+) ms median\s+([\d.]+) ms", line)
    reps = re.search(r"\((\d+) repeats\)", line)
    cases.append((n, dim, fd, best, med, tuple(map(float, o.groups())) if o else None, reps.group(1) if reps else "?"))
ref = next((c for c in cases if c[1] == 58), None)
for n, dim, fd, best, med, old, reps in cases:
    work = float(n) * n * dim
    fig = "**%s** median, best %s (%s repeats); %.3f ns per N^2 D" % (
        ("%.1f ms" % med) if med < 1e4 else ("%.2f s" % (med / 1e3)), ("%.1f ms" % best) if best < 1e4
        else ("%.2f s" % (best / 1e3)), reps, med * 1e6 / work)
    if ref and (n, dim, fd) != ref[:3] and ref[1] == dim:
        rw = float(ref[0]) * ref[0] * ref[1]
        fig += "; growth from N=%d: time %.1fx for %.1fx the N^2 D" % (ref[0], med / ref[4], work / rw)
    elif ref and ref[1] != dim:
        rw = float(ref[0]) * ref[0] * ref[1]
        fig += "; against N=%d D=%d: time %.1fx for %.1fx the N^2 D" % (ref[0], ref[1], med / ref[4], work / rw)
    if old:
        base = ("the update before issue 13 (builds the N x N matrix), alternating: median %.1f ms (best %.1f); "
                "before / now %s median" % (old[1], old[0], ratio(old[1], med)))
    else:
        why = ("above N^2 (D + d) = 4e9 the update before issue 13 builds the whole N x N weight matrix (%.1f GiB "
               "of doubles here), so the benchmark skips it" % (n * n * 8 / 2 ** 30)
               if float(n) * n * (dim + fd) > 4e9 else "skipped by the case's negative repeat count")
        base = "before-issue-13 update not run: %s; growth against the N=%d D=%d row of this run instead" % (
            why, ref[0] if ref else 0, ref[1] if ref else 0)
    table.append(("5. update N=%d, D=%d, d=%d (tiled; memory O(N (D + d))), 2 threads, wall" % (n, dim, fd), fig,
                  "scales to any N: time grows with N^2 D, memory O(N (D + d))", base, cmd("scaling")))
if not cases:
    table.append(("5. update at large N", "no result", "scales to any N", "no result", cmd("scaling")))

# ---- goal 6: the 2-D run ----
fns = []
for line in read("twod.out").splitlines():
    m = re.search(r"^(\S+)\s+SIMD best\s+([\d.]+) ms median\s+([\d.]+) ms \| plain Java best\s+([\d.]+) ms median\s+"
                  r"([\d.]+) ms", line)
    if m:
        fns.append((m.group(1),) + tuple(map(float, m.groups()[1:])))
if fns:
    worst = max(fns, key=lambda x: x[2])
    fig = "slowest function's median **%.2f ms** (%s); medians: %s" % (
        worst[2], worst[0], ", ".join("%s %.2f" % (f[0], f[2]) for f in fns))
    base = "plain-Java update (bit-identical to the update before issue 13), alternating run by run: medians %s; " \
           "plain / SIMD %s-%s" % (", ".join("%s %.2f ms" % (f[0], f[4]) for f in fns),
                                   ratio(min(f[4] / f[2] for f in fns), 1), ratio(max(f[4] / f[2] for f in fns), 1))
    table.append(("6. one 2-D Diffusion Evolution run, pop 512, 25 steps, warm", fig,
                  "< 12 ms: %s (every function's median)" % met(all(f[2] < 12 for f in fns)), base, cmd("twod")))
else:
    table.append(("6. one 2-D run", "no result", "< 12 ms", "no result", cmd("twod")))

loads = [float(x) for x in re.findall(r"load average \(1 min\) (?:before the first item: )?([\d.]+)", read("results.md"))]
loads += [float(x) for x in re.findall(r", after ([\d.]+);", read("results.md"))]
print("### The table")
print()
print("From `%s` (made by `bench/speed_table.py` from the raw outputs in that file): commit %s, started %s, %s s for "
      "the whole script, load average (1 min) %s on %s processors during the run." % (
          os.environ.get("SPEED_OUT", "?"), os.environ.get("SPEED_COMMIT", "?"), os.environ.get("SPEED_STARTED", "?"),
          ELAPSED, ("%.1f-%.1f" % (min(loads), max(loads))) if loads else "?", os.cpu_count()))
print()
print("Every figure and baseline below was measured in the same run of `bench/speed-table.sh`, except the JAX "
      "figures, quoted from issue 13.%s In the commands, "
      "`$CP` = `core/target/classes:core/target/test-classes:$(cat core/target/classpath.txt)` and `$RAW` is the "
      "script's scratch folder; `bench/run.sh` builds with Maven unless `BENCH_NO_BUILD=1`." % (
          (" Nominal peak used for the GFLOP/s shares: %.1f GFLOP/s (%s)." % (PEAK, PEAK_NOTE)) if PEAK else ""))
print()
print("| goal | figure reached | target | baseline measured in the same run (ratio) | command |")
print("|---|---|---|---|---|")
for row in table:
    print("| " + " | ".join(c.replace("\n", " ") for c in row) + " |")
