"""Checks the .keras files that stacked-rnn exported with real Keras 3.

For every NAME.keras in the directory (written by KerasExportTest, next to NAME.java.json with the
input and the Java model's predictions) this loads the model with keras.saving.load_model, predicts
the same input and compares with the Java predictions. Exit status 0 only if every model loads,
compiles from its compile config and agrees within the tolerance.

    mvn -B -o -q test -Dtest=KerasExportTest
    KERAS_BACKEND=jax /work/venv-keras/bin/python interop/keras_check.py target/keras-export
"""
import glob
import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

TOLERANCE = 1e-6


def check(path):
    name = os.path.basename(path)[: -len(".keras")]
    with open(os.path.join(os.path.dirname(path), name + ".java.json")) as f:
        io = json.load(f)
    x = np.array(io["input"], dtype="float32").reshape(io["input_shape"])
    expected = np.array(io["java_predictions"], dtype="float32").reshape(io["prediction_shape"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras.saving.load_model(path)
    got = model.predict(x, batch_size=len(x), verbose=0)
    diff = float(np.max(np.abs(got - expected))) if got.shape == expected.shape else float("inf")
    layers = ", ".join(f"{layer.__class__.__name__}('{layer.name}')" for layer in model.layers)
    optimizer = model.optimizer.__class__.__name__ if model.optimizer is not None else "none"
    ok = diff <= TOLERANCE
    print(f"{'OK  ' if ok else 'FAIL'} {name}: max |keras - java| = {diff:.3g} over {got.size} values; "
          f"{layers}; optimizer {optimizer}, loss {model.loss}")
    for w in caught:
        print(f"     warning: {str(w.message).splitlines()[0][:160]}")
    return ok


def main(directory):
    files = sorted(glob.glob(os.path.join(directory, "*.keras")))
    if not files:
        print(f"no .keras files in {directory}: run KerasExportTest first")
        return 2
    print(f"Keras {keras.__version__}, backend {keras.backend.backend()}, tolerance {TOLERANCE}")
    results = [check(f) for f in files]
    print(f"{sum(results)} of {len(results)} exported models agree")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "target/keras-export"))
