#!/usr/bin/python3
"""The benchmark workloads of issue 3 in PyTorch, as the reference our numbers are compared with.

    /usr/bin/python3 bench/pytorch_reference.py [--threads 1] [--seconds 3] [--json out.json]

Runs with Debian's torch 1.13 (apt-get install -y python3-torch libopenblas0-pthread, and Debian's
/usr/bin/python3, not another python3 on PATH; without OpenBLAS, Debian's torch multiplies matrices
with the reference BLAS, about 6× slower: the script says which BLAS it loaded and warns) or with
PyTorch 2.x from its own wheels (MKL, oneDNN) in a venv: /work/venv-torch/bin/python, see bench/README.md.

Each workload is nn.RNN (tanh; nn.LSTM for W4, nn.GRU for W5, whose GRU is Keras's reset_after=True;
batch_first, num_layers = the stack's depth) with a Linear head on
the last step, CrossEntropyLoss on class indices and Adam(lr=1e-3, eps=1e-7, Keras's epsilon):
  train      one step: zero_grad, forward, loss, backward, Adam step, on a fixed random batch
  inference  softmax(head(rnn(x))) on 256 sequences, under torch.no_grad()
  latency    the same on one sequence (W1 and W2)
Each call is timed on its own, after a warm-up; the table shows the median (see workloads.py).
"""

import argparse
import json
import os
import platform
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts

import workloads


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads and OpenBLAS's threads "
                   "(default %(default)s, PyTorch's best on a 2-core machine)")
    p.add_argument("--seconds", type=float, default=3.0, help="timed seconds per benchmark (default %(default)s)")
    p.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds per benchmark (default %(default)s)")
    p.add_argument("--min-calls", type=int, default=5, help="timed calls at least (default %(default)s)")
    p.add_argument("--workloads", default="W1,W2,W3,W4,W5", help="comma-separated (default %(default)s)")
    p.add_argument("--benchmarks", default="train,inference,latency", help="comma-separated (default %(default)s)")
    p.add_argument("--json", help="also write the rows and the setup to this file")
    return p.parse_args(argv)


def loaded_blas():
    """The BLAS shared objects mapped into this process (after a matrix product has run)."""
    found = []
    with open("/proc/self/maps", encoding="utf-8") as maps:
        for line in maps:
            path = line.split()[-1]
            name = os.path.basename(path).lower()
            if path.startswith("/") and ("blas" in name or "mkl" in name) and path not in found:
                found.append(path)
    return found


def openblas_threads(paths):
    """OpenBLAS's own thread count, asked from the library itself, or None."""
    import ctypes
    for path in paths:
        try:
            return ctypes.CDLL(path).openblas_get_num_threads()
        except (OSError, AttributeError):
            continue
    return None


def timed_calls(fn, seconds, warmup, min_calls):
    """Calls fn for `warmup` seconds (at least twice), then times single calls for `seconds` seconds."""
    end = time.perf_counter() + warmup
    n = 0
    while n < 2 or time.perf_counter() < end:
        fn()
        n += 1
    times = []
    end = time.perf_counter() + seconds
    while len(times) < min_calls or time.perf_counter() < end:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def main(argv=None):
    args = parse_args(argv)
    # OpenBLAS reads these when it is loaded, so before torch is imported; an explicit setting wins
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    a = torch.randn(256, 256)
    (a @ a).sum().item()
    config = torch.__config__.show()
    blas_info = next((part.strip() for part in config.replace("\n", ",").replace(":", ",").split(",")
                      if part.strip().startswith("BLAS_INFO")), "BLAS_INFO=?")
    blas = loaded_blas()
    blas_threads = openblas_threads(blas)
    print(f"torch {torch.__version__} on {platform.python_implementation()} {platform.python_version()} "
          f"({sys.executable}); torch threads {torch.get_num_threads()}", file=sys.stderr)
    # Debian's torch is built against the generic BLAS interface (BLAS_INFO=generic); which library
    # that is, is decided by update-alternatives when it is loaded, so the mapped files tell.
    print(f"build: {blas_info}; loaded BLAS: {', '.join(blas) or 'none found'}; "
          f"OpenBLAS threads: {blas_threads if blas_threads is not None else '-'}", file=sys.stderr)
    # PyTorch's own wheels link MKL statically (BLAS_INFO=mkl): nothing to warn about there
    if "mkl" not in blas_info.lower() and not any("openblas" in path.lower() for path in blas):
        print("WARNING: torch is not using OpenBLAS (reference BLAS is about 6x slower): "
              "apt-get install -y libopenblas0-pthread; the numbers below are not a fair reference",
              file=sys.stderr)

    class Net(nn.Module):
        def __init__(self, features, units, classes, cell):
            super().__init__()
            if cell == "LSTM":
                self.rnn = nn.LSTM(features, units[0], num_layers=len(units), batch_first=True)
            elif cell == "GRU":
                self.rnn = nn.GRU(features, units[0], num_layers=len(units), batch_first=True)
            else:
                self.rnn = nn.RNN(features, units[0], num_layers=len(units), nonlinearity="tanh", batch_first=True)
            self.head = nn.Linear(units[-1], classes)

        def forward(self, x):
            out, _ = self.rnn(x)
            return self.head(out[:, -1, :])

    rows = []
    selected = args.benchmarks.split(",")
    for name in args.workloads.split(","):
        features, units, classes, train_batch, steps = workloads.WORKLOADS[name]
        assert len(set(units)) == 1, "nn.RNN stacks layers of one width"
        for benchmark in workloads.BENCHMARKS:
            if benchmark not in selected or (benchmark == "latency" and name not in workloads.LATENCY_WORKLOADS):
                continue
            torch.manual_seed(42)
            model = Net(features, units, classes, workloads.cell_of(name))
            batch = workloads.batch_of(name, benchmark)
            x = torch.rand(batch, steps, features) * 2 - 1
            if benchmark == "train":
                model.train()
                labels = torch.randint(0, classes, (batch,))
                loss_fn = nn.CrossEntropyLoss()
                optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)

                def call():
                    optimizer.zero_grad(set_to_none=True)
                    loss = loss_fn(model(x), labels)
                    loss.backward()
                    optimizer.step()
                    return loss
            else:
                model.eval()

                def call():
                    with torch.no_grad():
                        return torch.softmax(model(x), dim=1)
            times = timed_calls(call, args.seconds, args.warmup, args.min_calls)
            rows.append({"source": "pytorch", "workload": name, "benchmark": benchmark, "kernels": "-",
                         "threads": args.threads, "batch": batch, "median_s": workloads.median(times),
                         "calls": len(times), "bytes_per_call": None})
            print(f"  {name} {benchmark}: {workloads.format_time(rows[-1]['median_s'])} per call "
                  f"({len(times)} calls)", file=sys.stderr, flush=True)

    sys.stderr.flush()
    workloads.print_table(rows, f"PyTorch {torch.__version__}, {args.threads} thread(s), OpenBLAS threads "
                          f"{blas_threads if blas_threads is not None else '-'}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"source": "pytorch", "torch": torch.__version__, "threads": args.threads,
                       "blas_build": blas_info, "blas_loaded": blas, "openblas_threads": blas_threads,
                       "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
