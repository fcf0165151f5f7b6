#!/usr/bin/env python3
"""The benchmark workloads in Keras 3 on JAX (XLA), timed like bench/pytorch_reference.py.

    KERAS_BACKEND=jax /work/venv-keras/bin/python bench/peers/keras_bench.py [--seconds 3] [--json out.json]

The model is keras.Sequential([Input((T, features)), SimpleRNN(units, return_sequences=True) for all
but the last recurrent layer, SimpleRNN(units), Dense(classes, softmax)]) compiled with Adam(1e-3)
(Keras's defaults, epsilon 1e-7) and sparse_categorical_crossentropy on class indices, the library's
own setup. jit_compile is Keras's default (XLA on JAX).
  train      model.train_on_batch(x, labels): one jitted step; it returns the loss as a number, so
             every call is synchronous
  inference  model.predict_on_batch(x) on 256 sequences (the jitted predict step, numpy out)
  latency    model.predict_on_batch(x) on one sequence (W1 and W2)
Each call is timed alone after a warm-up (the first call compiles); the rows have the format of
bench/workloads.py. Threads: XLA's CPU client uses every core this process may run on and has no
setting for it; the rows say that many threads (restrict with taskset to measure fewer).
"""
import argparse
import json
import os
import sys

sys.dont_write_bytecode = True
os.environ.setdefault("KERAS_BACKEND", "jax")
_bench = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, _bench)

import workloads  # noqa: E402
from pytorch_reference import timed_calls  # noqa: E402  (imports no torch at module level)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=float, default=3.0, help="timed seconds per benchmark (default %(default)s)")
    p.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds after the compiling call "
                   "(default %(default)s)")
    p.add_argument("--min-calls", type=int, default=5, help="timed calls at least (default %(default)s)")
    p.add_argument("--workloads", default="W1,W2,W3", help="comma-separated (default %(default)s)")
    p.add_argument("--benchmarks", default="train,inference,latency", help="comma-separated (default %(default)s)")
    p.add_argument("--json", help="also write the rows and the setup to this file")
    args = p.parse_args(argv)

    import numpy as np
    import jax
    import keras

    threads = len(os.sched_getaffinity(0))
    print(f"keras {keras.__version__} on {keras.backend.backend()} {jax.__version__}, devices "
          f"{[str(d) for d in jax.devices()]}, {threads} cores", file=sys.stderr)
    rows = []
    selected = args.benchmarks.split(",")
    for name in args.workloads.split(","):
        features, units, classes, _, steps = workloads.WORKLOADS[name]
        for benchmark in workloads.BENCHMARKS:
            if benchmark not in selected or (benchmark == "latency" and name not in workloads.LATENCY_WORKLOADS):
                continue
            keras.utils.set_random_seed(42)
            layers = [keras.Input(shape=(steps, features))]
            for i, u in enumerate(units):
                layers.append(keras.layers.SimpleRNN(u, return_sequences=i < len(units) - 1))
            layers.append(keras.layers.Dense(classes, activation="softmax"))
            model = keras.Sequential(layers)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                          loss="sparse_categorical_crossentropy")
            batch = workloads.batch_of(name, benchmark)
            rng = np.random.default_rng(42)
            x = (rng.random((batch, steps, features), dtype=np.float32) * 2 - 1).astype(np.float32)
            if benchmark == "train":
                labels = rng.integers(0, classes, batch).astype(np.int32)

                def call():
                    return model.train_on_batch(x, labels)
            else:
                def call():
                    return model.predict_on_batch(x)
            call()  # compiles
            times = timed_calls(call, args.seconds, args.warmup, args.min_calls)
            rows.append({"source": "keras", "workload": name, "benchmark": benchmark, "kernels": "-",
                         "threads": threads, "batch": batch, "median_s": workloads.median(times),
                         "calls": len(times), "bytes_per_call": None})
            print(f"  {name} {benchmark}: {workloads.format_time(rows[-1]['median_s'])} per call "
                  f"({len(times)} calls)", file=sys.stderr, flush=True)
    workloads.print_table(rows, f"Keras {keras.__version__} on JAX {jax.__version__}, {threads} cores")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"source": "keras", "keras": keras.__version__, "jax": jax.__version__,
                       "threads": threads, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
