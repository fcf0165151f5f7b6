#!/usr/bin/env python3
"""The reference column of the README's learning table for the gated rows (6 and 7), in PyTorch.

    /work/venv-torch/bin/python bench/learning_reference.py --task uci --cells lstm,gru --seeds 3
    /work/venv-torch/bin/python bench/learning_reference.py --task adding --cells lstm,gru --seeds 3
    (add --json out.json for the figures as data; nice -n 10 on a shared machine)

Runs with PyTorch 2.x from its own wheels in a venv (the README's figures: torch 2.13.0+cpu,
/work/venv-torch, see bench/README.md) or with Debian's torch 1.13 (/usr/bin/python3); one thread by
default (torch.set_num_threads, and OMP/MKL/OpenBLAS threads set before torch loads). Needs numpy.

What it trains, as the Java examples do (UciSyntheticControlExample, AddingProblemExample):
  uci     row 6: L x nn.LSTM(U) or nn.GRU(U) (default 2 x 50, num_layers = L) and Linear(6) on the last
          step, softmax cross-entropy, batch 32, shuffled every epoch (the last, partial batch kept),
          no clipping; the data are src/test/resources/uci-synthetic-control/{train,test}.csv
          (DL4J's 450 / 150 split, label,v1..v60), normalised with one mean and one population
          standard deviation of all training values. Test accuracy after every epoch; the table
          takes epochs 10, 20, 40; the time is the median over epochs of training alone.
  adding  row 7: nn.LSTM(100) or nn.GRU(100) and a linear Linear(1) on the last step, MSE, global
          gradient-norm clipping 1.0 (clip_grad_norm_), a fresh batch of 32 every step, markers in
          halves (the first in [0, T/2), the second in [T/2, T), values U[0, 1)); the test set is
          1000 sequences from one fixed seed, the same for every run, scored before the first step and
          every --eval-every steps. Same distribution as AddingProblem.java, not the same numbers.
          The time is the median over evaluation intervals of training alone (data and step) per
          1000 steps.
Both: Adam(lr 1e-3, eps 1e-7, Keras's epsilon; torch adds it to sqrt(v_hat), Keras to sqrt(v) with
the bias correction in the step size, a difference below anything these runs resolve), Keras's
initialisation: input kernels glorot_uniform over the whole [in, G*U] block, recurrent kernels
orthogonal over the whole [U, G*U] block (torch's [G*U, U] is its transpose; nn.init.orthogonal_ draws
the same distribution), zero biases, LSTM forget-gate bias 1 (torch's gate order i, f, g, o is Keras's
i, f, c, o; set on bias_ih only, bias_hh stays 0, so the sum is Keras's bias), head glorot_uniform with
zero bias. nn.GRU is Keras's GRU(reset_after=True); its gate order (r, z, n against Keras's z, r, h)
does not matter, since each initialiser covers all gates at once and the biases are zero.
Seeds 1..K: torch.manual_seed(seed) for the weights and the shuffling, numpy's default_rng(seed) for
the adding problem's training batches. It prints a line per evaluation, then the median and range
over seeds.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
UCI_DIR = os.path.join(HERE, "..", "src", "test", "resources", "uci-synthetic-control")
ADDING_TEST_SEED = 1_000_003  # AddingProblemExample.TEST_SEED (another generator: other numbers, same law)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--task", choices=("uci", "adding"), required=True)
    p.add_argument("--cells", default="lstm,gru", help="comma-separated lstm, gru (default %(default)s)")
    p.add_argument("--seeds", type=int, default=3, help="seeds 1..K (default %(default)s)")
    p.add_argument("--threads", type=int, default=1, help="torch threads (default %(default)s)")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--units", type=int, help="recurrent units (default 50 for uci, 100 for adding)")
    p.add_argument("--layers", type=int, help="recurrent layers (default 2 for uci, 1 for adding)")
    p.add_argument("--clip", type=float, help="global gradient-norm clip (default none for uci, 1.0 for adding)")
    p.add_argument("--epochs", type=int, default=40, help="uci: epochs (default %(default)s)")
    p.add_argument("--time", type=int, default=100, help="adding: steps per sequence (default %(default)s)")
    p.add_argument("--steps", type=int, default=10000, help="adding: training steps (default %(default)s)")
    p.add_argument("--eval-every", type=int, default=500, help="adding: steps between test scores (default %(default)s)")
    p.add_argument("--test-samples", type=int, default=1000, help="adding: test sequences (default %(default)s)")
    p.add_argument("--json", help="also write the figures to this file")
    args = p.parse_args(argv)
    if args.units is None:
        args.units = 50 if args.task == "uci" else 100
    if args.layers is None:
        args.layers = 2 if args.task == "uci" else 1
    if args.clip is None and args.task == "adding":
        args.clip = 1.0
    return args


def keras_init(rnn, head, cell):
    """Keras's defaults on a torch nn.LSTM / nn.GRU and its Linear head."""
    from torch import nn
    import torch
    with torch.no_grad():
        for name, param in rnn.named_parameters():
            if name.startswith("weight_ih"):
                nn.init.xavier_uniform_(param)  # symmetric in fan-in and fan-out: the transpose is the same law
            elif name.startswith("weight_hh"):
                nn.init.orthogonal_(param)
            elif name.startswith("bias"):
                param.zero_()
                if cell == "lstm" and name.startswith("bias_ih"):
                    units = param.shape[0] // 4
                    param[units:2 * units] = 1.0  # i, f, g, o: the forget gate's block
        nn.init.xavier_uniform_(head.weight)
        head.bias.zero_()


def make_net(features, units, layers, outputs, cell):
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            kind = nn.LSTM if cell == "lstm" else nn.GRU
            self.rnn = kind(features, units, num_layers=layers, batch_first=True)
            self.head = nn.Linear(units, outputs)
            keras_init(self.rnn, self.head, cell)

        def forward(self, x):
            out, _ = self.rnn(x)
            return self.head(out[:, -1, :])

    return Net()


def median_range(values):
    return statistics.median(values), min(values), max(values)


def read_uci(name):
    import numpy as np
    rows = np.loadtxt(os.path.join(UCI_DIR, name), delimiter=",", dtype=np.float64)
    assert rows.shape[1] == 61, f"{name}: expected label,v1..v60, got {rows.shape[1]} columns"
    return rows[:, 1:], rows[:, 0].astype(np.int64)


def run_uci(args, cell, seed, torch, data):
    from torch import nn
    x_train, y_train, x_test, y_test = data
    torch.manual_seed(seed)
    net = make_net(1, args.units, args.layers, 6, cell)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    n = x_train.shape[0]
    accuracies, seconds = [], []
    for epoch in range(1, args.epochs + 1):
        net.train()
        start = time.perf_counter()
        order = torch.randperm(n)
        for b in range(0, n, args.batch):
            idx = order[b:b + args.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(x_train[idx]), y_train[idx])
            loss.backward()
            if args.clip is not None:
                nn.utils.clip_grad_norm_(net.parameters(), args.clip)
            optimizer.step()
        seconds.append(time.perf_counter() - start)
        net.eval()
        with torch.no_grad():
            accuracy = (net(x_test).argmax(dim=1) == y_test).float().mean().item()
        accuracies.append(accuracy)
    return accuracies, statistics.median(seconds)


def adding_data(rng, samples, steps):
    import numpy as np
    x = np.zeros((samples, steps, 2), dtype=np.float32)
    x[:, :, 0] = rng.random((samples, steps), dtype=np.float32)
    half = steps // 2
    first = rng.integers(0, half, samples)
    second = rng.integers(half, steps, samples)
    rows = np.arange(samples)
    x[rows, first, 1] = 1.0
    x[rows, second, 1] = 1.0
    y = x[rows, first, 0] + x[rows, second, 0]
    return x, y.reshape(samples, 1)


def run_adding(args, cell, seed, torch, test):
    import numpy as np
    from torch import nn
    x_test, y_test = test
    torch.manual_seed(seed)
    net = make_net(2, args.units, args.layers, 1, cell)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr, eps=1e-7)
    loss_fn = nn.MSELoss()
    rng = np.random.default_rng(seed)

    def test_mse():
        net.eval()
        with torch.no_grad():
            mse = loss_fn(net(x_test), y_test).item()
        net.train()
        return mse

    steps, mses, per1000 = [0], [test_mse()], []
    print(f"  {cell} seed {seed} step {0:6d}: test MSE {mses[0]:.5f}", file=sys.stderr, flush=True)
    step = 0
    while step < args.steps:
        end = min(args.steps, step + args.eval_every)
        start = time.perf_counter()
        begin = step
        for step in range(step, end):
            xb, yb = adding_data(rng, args.batch, args.time)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(torch.from_numpy(xb)), torch.from_numpy(yb))
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), args.clip)
            optimizer.step()
        step = end
        per1000.append((time.perf_counter() - start) * 1000.0 / (end - begin))
        steps.append(end)
        mses.append(test_mse())
        print(f"  {cell} seed {seed} step {end:6d}: test MSE {mses[-1]:.5f}, {per1000[-1]:.2f} s/1000 steps",
              file=sys.stderr, flush=True)
    return steps, mses, statistics.median(per1000)


def main(argv=None):
    args = parse_args(argv)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    import numpy as np
    import torch
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    cells = args.cells.split(",")
    for cell in cells:
        if cell not in ("lstm", "gru"):
            raise SystemExit(f"--cells expects lstm and/or gru, got '{cell}'")
    setup = (f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), python {platform.python_version()}, "
             f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(setup, file=sys.stderr)
    results = {"task": args.task, "torch": torch.__version__, "threads": args.threads, "args": vars(args),
               "cells": {}}

    if args.task == "uci":
        raw_train, labels_train = read_uci("train.csv")
        raw_test, labels_test = read_uci("test.csv")
        mean, std = raw_train.mean(), raw_train.std()  # population std over all training values, as the Java code
        data = (torch.from_numpy(((raw_train - mean) / std).astype(np.float32)).unsqueeze(-1),
                torch.from_numpy(labels_train),
                torch.from_numpy(((raw_test - mean) / std).astype(np.float32)).unsqueeze(-1),
                torch.from_numpy(labels_test))
        print(f"UCI synthetic control: {len(labels_train)} train, {len(labels_test)} test; mean {mean:.3f}, std {std:.3f}; "
              f"{args.layers} x {cells}({args.units}), batch {args.batch}, clip {args.clip}, {args.epochs} epochs", file=sys.stderr)
        reported = [e for e in (10, 20, 40, 80) if e <= args.epochs]
        if args.epochs not in reported:
            reported.append(args.epochs)
        for cell in cells:
            per_seed, seconds = [], []
            for seed in range(1, args.seeds + 1):
                accuracies, s = run_uci(args, cell, seed, torch, data)
                per_seed.append(accuracies)
                seconds.append(s)
                print(f"  {cell} seed {seed}: " + "  ".join(f"epoch {e} {accuracies[e - 1]:.4f}" for e in reported)
                      + f"  ({s:.3f} s/epoch)", file=sys.stderr, flush=True)
            rows = {e: median_range([acc[e - 1] for acc in per_seed]) for e in reported}
            results["cells"][cell] = {"accuracy_by_epoch": [list(a) for a in per_seed], "seconds_per_epoch": seconds,
                                      "median_seconds_per_epoch": statistics.median(seconds)}
            print(f"\n{args.layers} x {cell.upper()}({args.units}), test accuracy over {args.seeds} seeds ({setup})")
            print("epoch   median      min      max")
            for e in reported:
                print(f"{e:5d}   {rows[e][0]:.4f}   {rows[e][1]:.4f}   {rows[e][2]:.4f}")
            print(f"seconds per epoch (median over seeds of each seed's median): {statistics.median(seconds):.3f} {seconds}")
    else:
        x_test, y_test = adding_data(np.random.default_rng(ADDING_TEST_SEED), args.test_samples, args.time)
        trivial = float(((y_test - 1.0) ** 2).mean())
        print(f"Adding problem, T = {args.time}, markers in halves; test set of {args.test_samples} (predicting 1.0: "
              f"{trivial:.4f}); {cells}({args.units}) + Linear(1), MSE, Adam lr {args.lr}, clip {args.clip}, batch "
              f"{args.batch}, {args.steps} steps", file=sys.stderr)
        test = (torch.from_numpy(x_test), torch.from_numpy(y_test))
        for cell in cells:
            runs, seconds = [], []
            for seed in range(1, args.seeds + 1):
                steps, mses, s = run_adding(args, cell, seed, torch, test)
                runs.append(mses)
                seconds.append(s)
            results["cells"][cell] = {"steps": steps, "test_mse": runs, "seconds_per_1000": seconds,
                                      "median_seconds_per_1000": statistics.median(seconds)}
            print(f"\n{cell.upper()}({args.units}), T = {args.time}, test MSE over {args.seeds} seeds "
                  f"(predicting 1.0: {trivial:.4f}; {setup})")
            print(" step " + "".join(f"   seed {s:<3d}" for s in range(1, args.seeds + 1)) + "    median       min       max")
            for i, step in enumerate(steps):
                values = [r[i] for r in runs]
                med, lo, hi = median_range(values)
                print(f"{step:5d}" + "".join(f"  {v:9.5f}" for v in values) + f"  {med:8.5f}  {lo:8.5f}  {hi:8.5f}")
            print(f"seconds per 1000 steps (median over seeds of each seed's median over intervals): "
                  f"{statistics.median(seconds):.2f} {[round(s, 2) for s in seconds]}")
    results["load_average_end"] = os.getloadavg()
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", file=sys.stderr)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
