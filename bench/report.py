#!/usr/bin/env python3
"""Prints the table of a JMH run of the project's benchmarks (or of pytorch_reference.py's JSON).

    python3 bench/report.py target/jmh-result.json [--peak-per-core 98]

Python standard library only. Reads JMH's JSON (-rf json; BenchMain writes target/jmh-result.json).
Every benchmark times single calls (JMH's sample-time mode), so for each one:
  samples/s   = sequences per call / median call time
  GFLOP/s     = samples/s × flops per sample (train: 3 × 2·T·Σ(in·units + units²); inference and
                latency: a third of that)
  B/call      = gc.alloc.rate.norm of JMH's gc profiler: bytes allocated per call
"""

import argparse
import json
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts

import workloads

_KINDS = {"TrainingStepBench": "train", "InferenceBench": "inference", "LatencyBench": "latency",
          "OrtInferenceBench": "inference", "OrtLatencyBench": "latency"}
# benchmarks of a peer timed by the same JMH harness (src/bench/java/.../bench/peers)
_PEERS = {"OrtInferenceBench": "onnxruntime", "OrtLatencyBench": "onnxruntime"}
_SECONDS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "min": 60.0}


def rows_from_jmh(results):
    """The rows (see workloads.py) of a list of JMH results; benchmarks not of this project are skipped."""
    rows = []
    for result in results:
        m = re.search(r"\.(\w+)\.w(\d)$", result["benchmark"])
        if not m or m.group(1) not in _KINDS:
            continue
        benchmark, workload = _KINDS[m.group(1)], "W" + m.group(2)
        metric = result["primaryMetric"]
        unit_time, per = _unit(metric["scoreUnit"])
        if per == "op":  # time per call: sample, avgt, ss
            middle = metric.get("scorePercentiles", {}).get("50.0", metric["score"])
            median_s = middle * unit_time
            calls = _sample_count(metric)
        else:  # calls per time: thrpt
            median_s = unit_time / metric.get("scorePercentiles", {}).get("50.0", metric["score"])
            calls = None
        norm = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        rows.append({
            "source": _PEERS.get(m.group(1), "java"),
            "workload": workload,
            "benchmark": benchmark,
            "kernels": result.get("params", {}).get("kernels", "-"),
            "threads": int(result.get("params", {}).get("threads", 1)),
            "batch": workloads.batch_of(workload, benchmark),
            "median_s": median_s,
            "calls": calls,
            "bytes_per_call": norm["score"] if norm else None,
        })
    return rows


def _unit(score_unit):
    """'ms/op' -> (1e-3, 'op'); 'ops/s' -> (1.0, 'ops')."""
    left, right = score_unit.split("/")
    if left == "ops":
        return _SECONDS[right], "ops"
    return _SECONDS[left], "op"


def _sample_count(metric):
    hist = metric.get("rawDataHistogram")
    if not hist:
        return len([v for fork in metric.get("rawData", []) for v in fork]) or None
    return sum(count for fork in hist for iteration in fork for _, count in iteration)


def load_rows(path):
    """Rows from a JMH JSON file or from a pytorch_reference.py JSON file."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, list):
        return rows_from_jmh(data)
    return data["rows"]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results", nargs="?", default="target/jmh-result.json", help="JMH JSON (default %(default)s)")
    p.add_argument("--peak-per-core", type=float, help="SGEMM GFLOP/s of one core, to print each figure's "
                   "fraction of it (issue 3: about 98 with AVX2, 166-187 with AVX-512)")
    args = p.parse_args(argv)
    rows = load_rows(args.results)
    if not rows:
        sys.exit(f"{args.results}: no results of this project's benchmarks")
    names = {"java": "Java (JMH)", "pytorch": "PyTorch", "keras": "Keras", "onnxruntime": "ONNX Runtime Java (JMH)"}
    print_title = f"{args.results}: " + names.get(rows[0]["source"], rows[0]["source"])
    workloads.print_table(rows, print_title, args.peak_per_core)


if __name__ == "__main__":
    main()
