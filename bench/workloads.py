"""The benchmark workloads of issue 3 and the rows every script here prints.

Python standard library only. The Java side has the same numbers in
src/bench/java/io/github/stackedrnn/bench/Workload.java; change both together.

A row is one measured benchmark, whoever measured it:
    {"source": "java" | "pytorch", "workload": "W1", "benchmark": "train" | "inference" | "latency",
     "kernels": "scalar" | "vector" (our matrix kernels) | "-" (PyTorch), "threads": 1, "batch": 32, "median_s": seconds per call (median), "calls": how many calls were timed,
     "bytes_per_call": bytes allocated per call (JMH's gc profiler) or None}
samples/s and GFLOP/s are derived from it by samples_per_s() and gflops().
"""

import math

# name -> (features, units per recurrent layer, classes, training batch, time steps)
WORKLOADS = {
    "W1": (10, (50, 50, 50), 4, 32, 20),
    "W2": (64, (256, 256, 256), 10, 64, 100),
    "W3": (28, (128, 128), 10, 128, 28),
    "W4": (28, (128, 128), 10, 128, 28),
    "W5": (28, (128, 128), 10, 128, 28),
}
# name -> the recurrent layer (Keras SimpleRNN / LSTM / GRU; PyTorch nn.RNN / nn.LSTM / nn.GRU, whose
# GRU is Keras's reset_after=True); a workload not listed is SimpleRNN
CELLS = {"W4": "LSTM", "W5": "GRU"}
# gate blocks per cell: the products are G times SimpleRNN's
GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def cell_of(workload):
    return CELLS.get(workload, "SimpleRNN")
INFERENCE_BATCH = 256
LATENCY_BATCH = 1
BENCHMARKS = ("train", "inference", "latency")
# the workloads with a latency benchmark (W3's would add nothing)
LATENCY_WORKLOADS = ("W1", "W2")

# The goals of issue 3, ours over PyTorch's, at 2 threads: (kind, factor); "min" for samples/s ratios,
# "max" for latency ratios.
GOALS = {
    ("W1", "train"): ("min", 3.0),
    ("W1", "inference"): ("min", 2.0),
    ("W1", "latency"): ("max", 0.2),
    ("W2", "train"): ("min", 1.5),
    ("W3", "train"): ("min", 1.5),
    # issue 13
    ("W4", "train"): ("min", 1.5),
    ("W4", "inference"): ("min", 2.0),
    ("W5", "train"): ("min", 1.5),
    ("W5", "inference"): ("min", 2.0),
}

# The goals of issue 20, ours over the best peer (bench/compare.py --peer), at our best JDK and largest
# thread count: the same (kind, factor) shape as GOALS; and the fraction of the machine's SGEMM peak
# (threads × the single-thread peak, bench/peers/sgemm_peak.py) W2 and W3 should reach.
PEER_GOALS = {
    (w, b): ("min", 1.3) for w in WORKLOADS for b in ("train", "inference")
}
PEER_GOALS[("W1", "latency")] = ("max", 0.5)
PEAK_GOALS = {(w, b): 0.75 for w in ("W2", "W3") for b in ("train", "inference")}


def batch_of(workload, benchmark):
    """Sequences per call of a benchmark."""
    if benchmark == "train":
        return WORKLOADS[workload][3]
    if benchmark == "inference":
        return INFERENCE_BATCH
    return LATENCY_BATCH


def inference_flops_per_sample(workload):
    """2·T·G·Σ(in·units + units²): one sample's forward pass through the recurrent layers (G gates)."""
    features, units, _, _, time = WORKLOADS[workload]
    gates = GATES[cell_of(workload)]
    per_step, fan_in = 0, features
    for u in units:
        per_step += fan_in * u + u * u
        fan_in = u
    return 2 * time * gates * per_step


def flops_per_sample(workload, benchmark):
    """A training step is forward, BPTT and weight gradients: about 3 forward passes."""
    f = inference_flops_per_sample(workload)
    return 3 * f if benchmark == "train" else f


def samples_per_s(row):
    return row["batch"] / row["median_s"]


def gflops(row):
    return flops_per_sample(row["workload"], row["benchmark"]) * samples_per_s(row) / 1e9


def order_key(row):
    return (row["workload"], BENCHMARKS.index(row["benchmark"]), row.get("kernels", "-"), row["threads"])


def median(values):
    values = sorted(values)
    n = len(values)
    if n == 0:
        return math.nan
    mid = n // 2
    return values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2


def format_time(seconds):
    """218 µs, 12.3 ms, 3.81 s."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


def format_bytes(count):
    if count is None:
        return "-"
    if count < 10_000:
        return f"{count:.0f}"
    if count < 10_000_000:
        return f"{count / 1e3:.0f} k"
    return f"{count / 1e6:.0f} M"


def format_rate(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def print_table(rows, title=None, peak_per_core=None, out=None):
    """One line per row: workload, benchmark, [kernels,] threads, samples/s, GFLOP/s, median call, B/call."""
    import sys
    out = out or sys.stdout
    with_kernels = any(r.get("kernels", "-") != "-" for r in rows)
    header = ["workload", "benchmark"] + (["kernels"] if with_kernels else []) + ["threads", "batch", "samples/s",
                                                                                 "GFLOP/s"]
    if peak_per_core:
        header.append("% peak")
    header += ["median call", "calls", "B/call"]
    table = [header]
    for r in sorted(rows, key=order_key):
        g = gflops(r)
        line = [r["workload"], r["benchmark"]] + ([r.get("kernels", "-")] if with_kernels else [])
        line += [str(r["threads"]), str(r["batch"]), format_rate(samples_per_s(r)), f"{g:.2f}"]
        if peak_per_core:
            line.append(f"{100 * g / (peak_per_core * r['threads']):.1f}")
        line += [format_time(r["median_s"]), str(r.get("calls", "-")), format_bytes(r.get("bytes_per_call"))]
        table.append(line)
    print_aligned(table, title, out)


def print_aligned(table, title=None, out=None):
    """Prints a list of rows of strings as a text table; text columns left-aligned, numbers right."""
    import sys
    out = out or sys.stdout
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    left = sum(1 for name in table[0] if name in ("workload", "benchmark", "kernels", "measure"))
    if title:
        print(title, file=out)
    for n, line in enumerate(table):
        cells = [c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))]
        print("  ".join(cells).rstrip(), file=out)
        if n == 0:
            print("  ".join("-" * w for w in widths), file=out)
