#!/usr/bin/env python3
"""Exports the inference networks of the workloads to ONNX, for ONNX Runtime Java (bench/compare.sh).

    /work/venv-torch/bin/python bench/peers/export_onnx.py OUTDIR [W1 W2 W3]

The network is bench/pytorch_reference.py's (nn.RNN(tanh, batch_first, num_layers=depth), nn.Linear on
the last step) plus the softmax its inference times; opset 13, batch and time axes dynamic. Works with
PyTorch 2.x (legacy TorchScript exporter, dynamo=False, needs the `onnx` module) and with Debian's 1.13.
Writes OUTDIR/wN.onnx and OUTDIR/wN_ref.txt (line 1: an input of shape (2, T, features) flattened;
line 2: PyTorch's softmax output (2, classes)), which the benchmark's setup checks ONNX Runtime against.
"""
import os
import sys
import warnings

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import torch  # noqa: E402

import workloads  # noqa: E402


class Infer(torch.nn.Module):
    def __init__(self, features, units, classes):
        super().__init__()
        self.rnn = torch.nn.RNN(features, units[0], num_layers=len(units), nonlinearity="tanh", batch_first=True)
        self.head = torch.nn.Linear(units[-1], classes)

    def forward(self, x):
        out, _ = self.rnn(x)
        return torch.softmax(self.head(out[:, -1, :]), dim=1)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    extra = {} if torch.__version__.startswith("1.") else {"dynamo": False}
    for name in sys.argv[2:] or list(workloads.WORKLOADS):
        features, units, classes, _, steps = workloads.WORKLOADS[name]
        torch.manual_seed(42)
        model = Infer(features, units, classes).eval()
        x = torch.rand(2, steps, features) * 2 - 1
        with torch.no_grad():
            y = model(x)
        path = os.path.join(out, name.lower() + ".onnx")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the legacy exporter's deprecation and RNN batch notes
            torch.onnx.export(model, x, path, input_names=["x"], output_names=["y"],
                              dynamic_axes={"x": {0: "batch", 1: "time"}, "y": {0: "batch"}},
                              opset_version=13, **extra)
        with open(os.path.join(out, name.lower() + "_ref.txt"), "w", encoding="utf-8") as f:
            f.write(" ".join(repr(float(v)) for v in x.flatten().tolist()) + "\n")
            f.write(" ".join(repr(float(v)) for v in y.flatten().tolist()) + "\n")
        print(f"{name}: torch {torch.__version__} -> {path} ({os.path.getsize(path)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
