#!/usr/bin/env python3
"""Ours over the peers, per workload, from rounds run in alternation (bench/compare.sh runs them).

    python3 bench/compare.py --ours "JDK 17" j17-1.json j17-2.json --ours "JDK 25" j25-1.json j25-2.json \
        --peer "PyTorch 2.13" t-1.json t-2.json --peer "Keras-JAX" k-1.json k-2.json \
        --peer "ORT Java" o-1.json o-2.json --peak sgemm.json
    python3 bench/compare.py --java java-1.json java-2.json --torch torch-1.json torch-2.json

Python standard library only. --ours takes a label and JMH JSON files, --peer a label and JSON files
of pytorch_reference.py, peers/keras_bench.py or JMH (ONNX Runtime Java), one file per round, in round
order; each can be given several times. For every benchmark it takes the median over the rounds of each
round's median call time, and prints:
  - each source's table;
  - with --peer: every figure side by side, then per row the best peer (over peers and their thread
    settings), ours / best at our largest thread count for each --ours label (samples/s ratio, above 1
    we are faster; latency ratio, below 1 we are faster), the ratio in each round, our GFLOP/s and its
    fraction of the SGEMM peak (--peak: per-core peak × the row's threads), and issue 20's goals;
  - with --torch (Debian's PyTorch 1.13 path of issue 3): ours / PyTorch and issue 3's goals.
--java FILES is --ours Java FILES.
"""

import argparse
import json
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts

import report
import workloads

# rounds whose ratios differ by more than this factor are flagged
NOISY = 1.5
# more allocated per call than this (a few kB is the result) means vectors were boxed: not yet compiled
BOXED_BYTES = 1e6


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
    p.add_argument("--java", nargs="+", help="JMH JSON files, one per round (= --ours Java FILES)")
    p.add_argument("--ours", nargs="+", action="append", default=[], metavar=("LABEL", "FILE"),
                   help="a label (such as 'JDK 25') and our JMH JSON files, one per round")
    p.add_argument("--peer", nargs="+", action="append", default=[], metavar=("LABEL", "FILE"),
                   help="a peer's label and its JSON files, one per round")
    p.add_argument("--peak", help="sgemm_peak.py's JSON: the per-core SGEMM peak for the '%% peak' columns")
    p.add_argument("--torch", nargs="+", help="pytorch_reference.py JSON files, one per round: issue 3's table")
    p.add_argument("--torch-threads", type=int, default=1, help="PyTorch's thread setting to compare with "
                   "(default %(default)s)")
    args = p.parse_args(argv)
    ours = ([["Java"] + args.java] if args.java else []) + args.ours
    for group in ours + args.peer:
        if len(group) < 2:
            p.error(f"{group[0]}: a label needs at least one file after it")
    if not ours:
        p.error("give our results with --java or --ours")
    peak = None
    if args.peak:
        with open(args.peak, encoding="utf-8") as f:
            peak = json.load(f)
    per_core = peak["per_core"] if peak else None
    for label, *files in ours + args.peer:
        workloads.print_table([median_row(rs) for rs in merge(files).values()],
                              f"{label}, median of {len(files)} round(s)", per_core)
        print()
    if args.peer:
        peers_table([(label, merge(files)) for label, *files in ours],
                    [(label, merge(files)) for label, *files in args.peer], peak)
    if args.torch:
        vs_torch(merge(ours[0][1:]), merge(args.torch), len(ours[0]) - 1, args.torch_threads)


def peers_table(ours, peers, peak):
    """Every figure side by side, then ours / the best peer per row (see the module's doc)."""
    per_core = peak["per_core"] if peak else None
    keys = sorted({k[:3] for _, m in ours for k in m},
                  key=lambda k: (k[0], workloads.BENCHMARKS.index(k[1]), k[2]))
    columns = []  # (label, threads, merged, is_ours)
    for label, merged in ours:
        columns += [(label, t, merged, True) for t in sorted({k[3] for k in merged})]
    for label, merged in peers:
        columns += [(label, t, merged, False) for t in sorted({k[3] for k in merged})]

    def rows_of(merged, workload, benchmark, kernels, threads, is_ours):
        return merged.get((workload, benchmark, kernels if is_ours else "-", threads))

    def shown(row, latency):
        return workloads.format_time(row["median_s"]) if latency else workloads.format_rate(
            workloads.samples_per_s(row))

    all_table = [["workload", "benchmark", "kernels", "measure"] + [f"{c[0]} t{c[1]}" for c in columns]]
    summary = [["workload", "benchmark", "kernels", "measure"]
               + [f"{label} t{max(k[3] for k in m)}" for label, m in ours]
               + ["best peer", "best"] + [f"ours/best {label}" for label, _ in ours] + ["by round"]
               + [f"GFLOP/s {label}" for label, _ in ours]
               + ([f"% peak {label}" for label, _ in ours] + ["% peak best"] if per_core else []) + ["goal"]]
    noisy_rows = boxed_rows = 0
    for workload, benchmark, kernels in keys:
        latency = benchmark == "latency"
        line = [workload, benchmark, kernels, "latency" if latency else "samples/s"]
        candidates = []
        for label, threads, merged, is_ours in columns:
            rs = rows_of(merged, workload, benchmark, kernels, threads, is_ours)
            line.append(shown(median_row(rs), latency) if rs else "-")
            if rs and not is_ours:
                candidates.append((median_row(rs)["median_s"] / (1 if latency else median_row(rs)["batch"]),
                                   label, threads, rs))
        all_table.append(line)
        if not candidates:
            continue
        # the best peer: the shortest call time per sequence (the same batch for every source)
        _, best_label, best_threads, best_rows = min(candidates, key=lambda c: c[0])
        best = median_row(best_rows)
        line = [workload, benchmark, kernels, "latency" if latency else "samples/s"]
        ratios, gflops, fractions, by_round = [], [], [], ""
        for label, merged in ours:
            most = max(k[3] for k in merged)
            rs = merged.get((workload, benchmark, kernels, most))
            if not rs:
                line.append("-")
                ratios.append(None)
                gflops.append(None)
                fractions.append(None)
                continue
            row = median_row(rs)
            boxed = (row.get("bytes_per_call") or 0) > BOXED_BYTES
            boxed_rows += boxed
            line.append(shown(row, latency) + (" ?" if boxed else ""))
            ratios.append(ratio(benchmark, row["median_s"], best["median_s"]))
            gflops.append(workloads.gflops(row))
            fractions.append(workloads.gflops(row) / (per_core * most) if per_core else None)
            rounds = [ratio(benchmark, o["median_s"], t["median_s"]) for o, t in zip(rs, best_rows)]
            noisy = len(rounds) > 1 and max(rounds) > NOISY * min(rounds)
            by_round = ("! " if noisy else "") + " ".join(f"{r:.2f}" for r in rounds)  # the last label's
            noisy_rows += noisy
        line += [f"{best_label} t{best_threads}", shown(best, latency)]
        line += ["-" if r is None else f"{r:.2f}" for r in ratios] + [by_round]
        line += ["-" if g is None else f"{g:.1f}" for g in gflops]
        if per_core:
            line += ["-" if f is None else f"{100 * f:.0f}%" for f in fractions]
            line.append(f"{100 * workloads.gflops(best) / (per_core * best_threads):.0f}%")
        line.append(goal_text(workload, benchmark, [r for r in ratios if r is not None],
                              [f for f in fractions if f is not None]))
        summary.append(line)
    workloads.print_aligned(all_table, "Every source: samples/s (train, inference) or median latency; "
                            "tN = N threads (Keras-JAX: XLA uses every core)")
    print()
    title = ("Ours / the best peer: samples/s ratio (>1 is faster) and latency ratio (<1 is faster); "
             "by round: the last label's ratio in each round")
    if peak:
        title += (f"; % peak: GFLOP/s / (threads x {peak['per_core']:g} GFLOP/s, the single-thread SGEMM "
                  f"{peak['size']}^3 peak measured in this run; {peak.get('cores', '?')} cores x "
                  f"{peak['per_core']:g} = {peak.get('cores', 0) * peak['per_core']:g} GFLOP/s)")
    workloads.print_aligned(summary, title)
    if noisy_rows:
        print(f"! the rounds disagree by more than {NOISY:g}x: the machine was busy or the warm-up too short; "
              "run again before trusting that line")
    if boxed_rows:
        print(f"? more than {BOXED_BYTES / 1e6:g} MB allocated per call: C2 had not compiled the vector kernels "
              "yet (they box every vector until it has); the warm-up was too short for this machine's load")
    print()


def goal_text(workload, benchmark, ratios, fractions):
    """Issue 20's goals: ≥1.3× the best peer (train, inference), ≤0.5 of its latency (W1 latency),
    ≥75% of the SGEMM peak (W2 and W3, train and inference); judged on our best --ours label."""
    goal = workloads.PEER_GOALS.get((workload, benchmark))
    if not goal or not ratios:
        return ""
    kind, factor = goal
    best = max(ratios) if kind == "min" else min(ratios)
    met = best >= factor if kind == "min" else best <= factor
    text = f"{'≥' if kind == 'min' else '≤'}{factor:g} {'met' if met else 'not met'}"
    floor = workloads.PEAK_GOALS.get((workload, benchmark))
    if floor and fractions:
        text += f", ≥{100 * floor:.0f}% peak {'met' if max(fractions) >= floor else 'not met'}"
    return text


def vs_torch(java, torch, rounds_count, torch_threads):
    """Issue 3's table: ours / Debian's PyTorch per workload and kernels."""
    rounds = f"median of {rounds_count} round(s)"
    workloads.print_table([median_row(rs) for rs in torch.values()], f"PyTorch, {rounds}")
    print()
    args = argparse.Namespace(torch_threads=torch_threads)

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
