"""Checks the .keras files that stacked-rnn exported with real Keras 3.

For every NAME.keras in the directory (written by KerasExportTest, next to NAME.java.json with the
input, the Java model's predictions and its optimizer settings) this loads the model with
keras.saving.load_model, predicts the same input and compares with the Java predictions, and
compares the compiled optimizer's get_config(), the loss and the Dropout layers (name, rate, seed)
with the Java model's. Exit status 0 only if every model loads,
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
    problems = []
    settings = io.get("optimizer", {})
    config = model.optimizer.get_config() if model.optimizer is not None else {}
    if settings.get("class_name") not in (None, optimizer):
        problems.append(f"optimizer {optimizer}, Java has {settings['class_name']}")
    for key, value in settings.items():
        if key == "class_name":
            continue
        got_value = config.get(key)
        same = got_value == value if isinstance(value, bool) else (
            got_value is not None and abs(float(got_value) - value) <= 1e-6 * max(1.0, abs(value)))
        if not same:
            problems.append(f"optimizer {key} = {got_value}, Java has {value}")
    dropouts = [[layer.name, float(layer.rate), layer.seed] for layer in model.layers
                if isinstance(layer, keras.layers.Dropout)]
    if "dropout" in io and dropouts != io["dropout"]:
        problems.append(f"Dropout layers {dropouts}, Java has {io['dropout']}")
    loss_name = getattr(model.loss, "__name__", None) or getattr(getattr(model.loss, "fn", None), "__name__", str(model.loss))
    if io.get("loss") and loss_name != io["loss"]:
        problems.append(f"loss {loss_name}, Java has {io['loss']}")
    ok = diff <= TOLERANCE and not problems
    print(f"{'OK  ' if ok else 'FAIL'} {name}: max |keras - java| = {diff:.3g} over {got.size} values; "
          f"{layers}; {optimizer} {dict((k, config.get(k)) for k in settings if k != 'class_name')}, loss {loss_name}")
    for p in problems:
        print(f"     mismatch: {p}")
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
