#!/usr/bin/env python3
"""Ours over PyTorch, per workload, from rounds run in alternation (bench/compare.sh runs them).

    python3 bench/compare.py --java java-1.json java-2.json --torch torch-1.json torch-2.json

Python standard library only. --java takes JMH JSON files, --torch pytorch_reference.py JSON files,
one of each per round, in round order. For every benchmark it takes the median over the rounds of
each round's median call time, and prints, for each of our kernels (scalar, vector):
  samples/s ratio  ours / PyTorch (above 1: we are faster)                     for train and inference
  latency ratio    ours / PyTorch of the median call (below 1: we are faster)  for latency
with the ratio of each round beside it, and the goal of issue 3 (which is for 2 threads).
"""

import argparse
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts

import report
import workloads

# rounds whose ratios differ by more than this factor are flagged
NOISY = 1.5


def merge(files):
    """{(workload, benchmark, kernels, threads): [row of round 1, row of round 2, ...]}"""
    merged = {}
    for path in files:
        for row in report.load_rows(path):
            key = (row["workload"], row["benchmark"], row.get("kernels", "-"), row["threads"])
            merged.setdefault(key, []).append(row)
    return merged


def median_row(rows):
    row = dict(rows[0])
    row["median_s"] = workloads.median([r["median_s"] for r in rows])
    row["calls"] = sum(r["calls"] or 0 for r in rows)
    allocated = [r["bytes_per_call"] for r in rows if r.get("bytes_per_call") is not None]
    row["bytes_per_call"] = workloads.median(allocated) if allocated else None
    return row


def ratio(benchmark, ours_s, torch_s):
    """samples/s ratio for train and inference, latency ratio for latency; both ours / PyTorch."""
    return ours_s / torch_s if benchmark == "latency" else torch_s / ours_s


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--java", nargs="+", required=True, help="JMH JSON files, one per round")
    p.add_argument("--torch", nargs="+", required=True, help="pytorch_reference.py JSON files, one per round")
    p.add_argument("--torch-threads", type=int, default=1, help="PyTorch's thread setting to compare with "
                   "(default %(default)s)")
    args = p.parse_args(argv)
    java, torch = merge(args.java), merge(args.torch)
    rounds = f"median of {len(args.java)} round(s)"
    workloads.print_table([median_row(rs) for rs in java.values()], f"Java (JMH), {rounds}")
    print()
    workloads.print_table([median_row(rs) for rs in torch.values()], f"PyTorch, {rounds}")
    print()

    java_threads = sorted({k[3] for k in java})
    most = java_threads[-1]
    header = ["workload", "benchmark", "kernels", "measure"]
    header += [f"ours t{t}" for t in java_threads] + [f"PyTorch t{args.torch_threads}"]
    header += [f"ratio t{t}" for t in java_threads] + [f"t{most} by round", "goal"]
    table = [header]
    missing = []
    noisy_rows = 0
    keys = sorted({k[:3] for k in java}, key=lambda k: (k[0], workloads.BENCHMARKS.index(k[1]), k[2]))
    for workload, benchmark, kernels in keys:
        theirs = torch.get((workload, benchmark, "-", args.torch_threads))
        ours = {t: java.get((workload, benchmark, kernels, t)) for t in java_threads}
        if not theirs or not all(ours.values()):
            missing.append(f"{workload} {benchmark} {kernels}")
            continue
        latency = benchmark == "latency"

        def shown(rows):
            row = median_row(rows)
            return workloads.format_time(row["median_s"]) if latency else workloads.format_rate(
                workloads.samples_per_s(row))

        theirs_s = median_row(theirs)["median_s"]
        line = [workload, benchmark, kernels, "latency" if latency else "samples/s"]
        line += [shown(ours[t]) for t in java_threads] + [shown(theirs)]
        line += [f"{ratio(benchmark, median_row(ours[t])['median_s'], theirs_s):.2f}" for t in java_threads]
        by_round = [ratio(benchmark, o["median_s"], t["median_s"]) for o, t in zip(ours[most], theirs)]
        noisy = len(by_round) > 1 and max(by_round) > NOISY * min(by_round)
        line.append(("! " if noisy else "") + " ".join(f"{r:.2f}" for r in by_round))
        noisy_rows += noisy
        goal = workloads.GOALS.get((workload, benchmark))
        if goal:
            kind, factor = goal
            best = ratio(benchmark, median_row(ours[most])["median_s"], theirs_s)
            met = best >= factor if kind == "min" else best <= factor
            line.append(f"{'≥' if kind == 'min' else '≤'}{factor:g} {'met' if met else 'not met'}")
        else:
            line.append("")
        table.append(line)
    workloads.print_aligned(table, f"Ours / PyTorch ({args.torch_threads} thread), {rounds}: samples/s ratio "
                            "(>1 is faster) and latency ratio (<1 is faster)")
    if noisy_rows:
        print(f"! the rounds disagree by more than {NOISY:g}x: the machine was busy or the warm-up too short; "
              "run again before trusting that line")
    if missing:
        print(f"missing on one side: {', '.join(missing)}", file=sys.stderr)


if __name__ == "__main__":
    main()
