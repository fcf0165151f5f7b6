#!/usr/bin/env python3
"""The machine's single-thread SGEMM peak, the yardstick of bench/compare.py's "% peak" column.

    /work/venv-torch/bin/python bench/peers/sgemm_peak.py [--json out.json] [--size 2048] [--seconds 3]

Times float32 C = A·B of size n³ (2·n³ FLOP) on one thread with torch.matmul (MKL in PyTorch 2.x
wheels) and numpy (its bundled OpenBLAS), each for --seconds after a warm-up, and takes the best call
of each; the peak per core is the better of the two. Thread counts are pinned to 1 before either
library loads (OMP/MKL/OPENBLAS_NUM_THREADS, torch.set_num_threads(1)). Also reports the cores this
process may run on, so the 2-core peak is cores × per-core peak (stated, not measured: on a shared
machine two threads rarely get two whole cores).
"""
import argparse
import json
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"


def best_gflops(matmul, a, b, n, seconds):
    for _ in range(2):
        matmul(a, b)
    best = float("inf")
    end = time.perf_counter() + seconds
    calls = 0
    while calls < 3 or time.perf_counter() < end:
        t0 = time.perf_counter()
        matmul(a, b)
        best = min(best, time.perf_counter() - t0)
        calls += 1
    return 2.0 * n ** 3 / best / 1e9


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=2048)
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--json")
    args = p.parse_args()
    n = args.size
    result = {"size": n, "cores": len(os.sched_getaffinity(0))}
    try:
        import numpy as np
        rng = np.random.default_rng(0)
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        result["numpy"] = round(best_gflops(np.matmul, a, b, n, args.seconds), 1)
        result["numpy_version"] = np.__version__
    except ImportError:
        pass
    try:
        import torch
        torch.set_num_threads(1)
        a, b = torch.randn(n, n), torch.randn(n, n)
        result["torch"] = round(best_gflops(torch.matmul, a, b, n, args.seconds), 1)
        result["torch_version"] = torch.__version__
        result["torch_cpu_capability"] = torch.backends.cpu.get_cpu_capability()
    except ImportError:
        pass
    if "numpy" not in result and "torch" not in result:
        sys.exit("neither numpy nor torch can be imported")
    result["per_core"] = max(result.get("numpy", 0), result.get("torch", 0))
    print(f"SGEMM {n}^3, one thread: " + ", ".join(f"{k} {result[k]} GFLOP/s" for k in ("torch", "numpy")
                                                    if k in result)
          + f"; peak {result['per_core']} GFLOP/s per core x {result['cores']} cores", file=sys.stderr)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
