"""Writes the extra Keras fixtures of src/test/resources/keras/extra (heads, TimeDistributed,
regularizers, refusals) with real Keras 3, in the layout of ../shared/keras-models:
NAME.keras, NAME.h5, NAME.weights.h5 and NAME.io.json (input, Keras's own predictions, compile).

    KERAS_BACKEND=jax /work/venv-keras/bin/python interop/make_fixtures.py OUT_DIR
    KERAS_BACKEND=jax /work/venv-keras/bin/python interop/make_fixtures.py gated OUT_DIR   # LSTM, GRU, Bidirectional
    KERAS_BACKEND=jax /work/venv-keras/bin/python interop/make_fixtures.py normalization OUT_DIR   # adapted Normalization
    KERAS_BACKEND=jax /work/venv-keras/bin/python interop/make_fixtures.py dropout OUT_DIR # Dropout layers
    /work/venv-keras/bin/python interop/make_fixtures.py split IN.h5 OUT.h5   # long attributes split
    KERAS_BACKEND=jax /work/venv-keras/bin/python interop/make_fixtures.py legacy-weights IN.keras OUT.h5
    /work/venv-keras/bin/python interop/make_fixtures.py gzip IN.h5 OUT.h5   # chunked, gzip datasets
    KERAS_BACKEND=jax /work/venv-keras/bin/python interop/make_fixtures.py backwards OUT_DIR   # go_backwards, Keras 2 hard_sigmoid
    KERAS_BACKEND=jax /work/venv-keras/bin/python interop/make_fixtures.py dense-groups OUT_DIR   # Dense beside TimeDistributed
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers, regularizers  # noqa: E402


def inputs(rng, batch, time, features):
    # multiples of 1/64 in [-1, 1]: exact in float32
    return (rng.integers(-64, 65, size=(batch, time, features)) / 64.0).astype("float32")


def padded(x):
    """Post-pads the samples with zeros to 1, time - 2 and 2 valid steps (no valid step is all zeros)."""
    x = np.where(x == 0, np.float32(0.5), x)
    time = x.shape[1]
    for b, valid in enumerate([time, time - 2, 2]):
        x[b % x.shape[0], valid:, :] = 0
    return x


def fixture(out, name, build, features, time, optimizer, loss, target_shape, unsupported=False, seed=7, pad=False,
            weights_only=False):
    keras.backend.clear_session()  # layer names restart at simple_rnn, dense in every fixture
    keras.utils.set_random_seed(seed)
    model = build()
    model.compile(optimizer=optimizer, loss=loss)
    rng = np.random.default_rng(seed)
    x_train = inputs(rng, 16, time, features)
    y_train = rng.random((16,) + target_shape).astype("float32")
    model.fit(x_train, y_train, epochs=1, batch_size=8, verbose=0)
    x = inputs(rng, 3, time, features)
    if pad:
        x = padded(x)
    expected = model.predict(x, batch_size=3, verbose=0)
    if not weights_only:  # a model with a custom Python function cannot be loaded from its config
        model.save(os.path.join(out, name + ".keras"))
        model.save(os.path.join(out, name + ".h5"))
    model.save_weights(os.path.join(out, name + ".weights.h5"))
    io = {
        "name": name,
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "unsupported": unsupported,
        "input": x.tolist(),
        "expected_shape": list(expected.shape),
        "expected": [float(v) for v in expected.reshape(-1)],
        "model_config": None if weights_only else model.get_config(),
    }
    with open(os.path.join(out, name + ".io.json"), "w") as f:
        json.dump(io, f)
    print("wrote", name, expected.shape)


def main(out):
    os.makedirs(out, exist_ok=True)
    fixture(out, "time_distributed_sigmoid", lambda: keras.Sequential([
        keras.Input((None, 3)),
        layers.SimpleRNN(5, return_sequences=True, use_bias=False,
                         kernel_regularizer=regularizers.L2(1e-3)),
        layers.TimeDistributed(layers.Dense(2, activation="sigmoid")),
    ], name="time_distributed_sigmoid"), 3, 6, keras.optimizers.Adam(0.01, amsgrad=True, clipnorm=1.0),
        "binary_crossentropy", (6, 2))
    fixture(out, "tanh_head_sgd", lambda: keras.Sequential([
        keras.Input((None, 2)),
        layers.SimpleRNN(4, activation="linear", recurrent_regularizer=regularizers.L2(1e-4),
                         dropout=0.1, recurrent_dropout=0.2),
        layers.Dropout(0.25),
        layers.Dense(3, activation="tanh", bias_regularizer=regularizers.L2(1e-3)),
    ], name="tanh_head_sgd"), 2, 5, keras.optimizers.SGD(0.02, momentum=0.5, nesterov=True), "mae", (3,))
    fixture(out, "relu_head_adamw", lambda: keras.Sequential([
        keras.Input((None, 3)),
        layers.SimpleRNN(6, activation="relu", return_sequences=True),
        layers.SimpleRNN(4),
        layers.Dense(2, activation="relu", use_bias=False, kernel_regularizer=regularizers.L2(1e-3)),
    ], name="relu_head_adamw"), 3, 4, keras.optimizers.AdamW(0.005, weight_decay=0.01), "mse", (2,))
    def functional():
        inputs = keras.Input((None, 3))
        hidden = layers.SimpleRNN(5, return_sequences=True)(inputs)
        hidden = layers.SimpleRNN(3)(hidden)
        return keras.Model(inputs, layers.Dense(2, activation="softmax")(hidden), name="functional_chain")
    fixture(out, "functional_chain", functional, 3, 4, keras.optimizers.RMSprop(0.01), "categorical_crossentropy", (2,))
    fixture(out, "dense_then_activation", lambda: keras.Sequential([
        keras.Input((None, 2)),
        layers.SimpleRNN(4),
        layers.Dense(3),
        layers.Activation("softmax"),
    ], name="dense_then_activation"), 2, 5, "adam", "categorical_crossentropy", (3,))
    fixture(out, "go_backwards", lambda: keras.Sequential([
        keras.Input((None, 2)),
        layers.SimpleRNN(4, go_backwards=True),
        layers.Dense(2, activation="softmax"),
    ], name="go_backwards"), 2, 5, "adam", "categorical_crossentropy", (2,), unsupported=True)
    fixture(out, "hidden_dense", lambda: keras.Sequential([
        keras.Input((None, 2)),
        layers.SimpleRNN(4),
        layers.Dense(5, activation="relu"),
        layers.Dense(2, activation="softmax"),
    ], name="hidden_dense"), 2, 5, "adam", "categorical_crossentropy", (2,), unsupported=True)


def legacy_weights(src, dst):
    """Writes the weights of a .keras model as tf.keras 2.x / Keras 2 save_weights("x.h5") did: the
    legacy HDF5 layout with layer_names on the root group (Keras 3's own legacy writer)."""
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    model = keras.saving.load_model(src)
    with h5py.File(dst, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)
    print("wrote", dst)


def gzip_copy(src, dst):
    """Copies an HDF5 file with every dataset of two or more values chunked and gzip-compressed
    (h5py's compression="gzip", which a user's own save code may use)."""
    import h5py

    with h5py.File(src, "r") as fin, h5py.File(dst, "w") as fout:
        for k, v in fin.attrs.items():
            fout.attrs[k] = v

        def copy(name, obj):
            if isinstance(obj, h5py.Group):
                g = fout.require_group(name)
                for k, v in obj.attrs.items():
                    g.attrs[k] = v
            elif obj.size >= 2:
                fout.create_dataset(name, data=obj[()], compression="gzip", chunks=True)
            else:
                fout.create_dataset(name, data=obj[()])

        fin.visititems(copy)
    print("wrote", dst)


def split_attributes(src, dst):
    """Copies a legacy .h5 with its long attributes split as Keras does above h5py's 64 kB limit:
    layer_names -> layer_names0, layer_names1 (and one layer's weight_names likewise)."""
    import shutil

    import h5py

    shutil.copyfile(src, dst)
    with h5py.File(dst, "r+") as f:
        group = f["model_weights"]
        names = list(group.attrs["layer_names"])
        del group.attrs["layer_names"]
        group.attrs["layer_names0"] = names[:2]
        group.attrs["layer_names1"] = names[2:]
        layer = group[names[0].decode() if isinstance(names[0], bytes) else names[0]]
        weights = list(layer.attrs["weight_names"])
        del layer.attrs["weight_names"]
        layer.attrs["weight_names0"] = weights[:1]
        layer.attrs["weight_names1"] = weights[1:]
    print("wrote", dst)


def gated(out):
    """The LSTM, GRU and Bidirectional fixtures beyond ../shared/keras-models: every merge mode, masks,
    GRU reset_after=False, Keras 3's hard_sigmoid, hidden Dense and Dropout layers."""
    os.makedirs(out, exist_ok=True)
    fixture(out, "bidirectional_sum_mul_masked", lambda: keras.Sequential([
        keras.Input((None, 3)),
        layers.Masking(0.0),
        layers.Bidirectional(layers.GRU(4, return_sequences=True), merge_mode="sum"),
        layers.Bidirectional(layers.SimpleRNN(3), merge_mode="mul"),
        layers.Dense(2, activation="softmax"),
    ], name="bidirectional_sum_mul_masked"), 3, 6, keras.optimizers.Adam(0.01), "categorical_crossentropy", (2,),
        pad=True)
    fixture(out, "bidirectional_ave_per_step", lambda: keras.Sequential([
        keras.Input((None, 2)),
        layers.Bidirectional(layers.LSTM(3, return_sequences=True, recurrent_activation="hard_sigmoid"),
                             merge_mode="ave"),
        layers.TimeDistributed(layers.Dense(2, activation="sigmoid")),
    ], name="bidirectional_ave_per_step"), 2, 5, keras.optimizers.Adam(0.01), "binary_crossentropy", (5, 2))
    fixture(out, "gru_reset_before_hidden_dense", lambda: keras.Sequential([
        keras.Input((None, 3)),
        layers.GRU(5, reset_after=False, return_sequences=True, dropout=0.1),
        layers.GRU(3, use_bias=False),
        layers.Dense(4, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(2, activation="softmax"),
    ], name="gru_reset_before_hidden_dense"), 3, 6, keras.optimizers.RMSprop(0.01), "categorical_crossentropy", (2,))
    fixture(out, "lstm_hard_sigmoid_relu", lambda: keras.Sequential([
        keras.Input((None, 2)),
        layers.LSTM(4, activation="relu", recurrent_activation="hard_sigmoid", unit_forget_bias=False,
                    kernel_regularizer=regularizers.L2(1e-3)),
        layers.Dense(1),
    ], name="lstm_hard_sigmoid_relu"), 2, 7, keras.optimizers.SGD(0.05, momentum=0.9), "mse", (1,))


def keras2_hard_sigmoid(x):
    """Keras 2's (and tf.keras 2's) hard_sigmoid, clip(0.2 * x + 0.5, 0, 1), in float32 as their backends
    compute it; Keras 3's hard_sigmoid is relu6(x + 3) / 6, another function."""
    return keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)


def backwards(out):
    """go_backwards on SimpleRNN, LSTM and GRU (masked, stacked, per step), and LSTM/GRU stacks whose gates
    are Keras 2's hard_sigmoid: Keras 3 has no such activation, so these run it as a custom function and
    only their weights and predictions are written (NAME.weights.h5, NAME.io.json)."""
    os.makedirs(out, exist_ok=True)
    fixture(out, "go_backwards_masked_stack", lambda: keras.Sequential([
        keras.Input((None, 3)),
        layers.Masking(0.0),
        layers.SimpleRNN(4, go_backwards=True, return_sequences=True),
        layers.LSTM(3, go_backwards=True),
        layers.Dense(2, activation="softmax"),
    ], name="go_backwards_masked_stack"), 3, 6, keras.optimizers.Adam(0.01), "categorical_crossentropy", (2,), pad=True)
    fixture(out, "gru_go_backwards_per_step", lambda: keras.Sequential([
        keras.Input((None, 2)),
        layers.Masking(0.0),
        layers.GRU(4, go_backwards=True, return_sequences=True),
        layers.GRU(3, reset_after=False, go_backwards=True, return_sequences=True),
        layers.TimeDistributed(layers.Dense(2, activation="sigmoid")),
    ], name="gru_go_backwards_per_step"), 2, 6, keras.optimizers.Adam(0.01), "binary_crossentropy", (6, 2), pad=True)
    fixture(out, "lstm_keras2_hard_sigmoid", lambda: keras.Sequential([
        keras.Input((None, 3)),
        layers.Masking(0.0),
        layers.LSTM(4, recurrent_activation=keras2_hard_sigmoid, return_sequences=True),
        layers.LSTM(3, recurrent_activation=keras2_hard_sigmoid),
        layers.Dense(2, activation="softmax"),
    ], name="lstm_keras2_hard_sigmoid"), 3, 6, keras.optimizers.Adam(0.01), "categorical_crossentropy", (2,), pad=True,
        weights_only=True)
    fixture(out, "gru_keras2_hard_sigmoid", lambda: keras.Sequential([
        keras.Input((None, 2)),
        layers.GRU(4, recurrent_activation=keras2_hard_sigmoid, reset_after=False, return_sequences=True),
        layers.GRU(3, recurrent_activation=keras2_hard_sigmoid, go_backwards=True),
        layers.Dense(1),
    ], name="gru_keras2_hard_sigmoid"), 2, 7, keras.optimizers.SGD(0.05), "mse", (1,), weights_only=True)


def dense_groups(out):
    """Hidden Dense layers beside a TimeDistributed(Dense) head: Keras 3 names their weight groups by
    class (layers/dense, layers/dense_1, layers/time_distributed), which loadWeights must match exactly;
    and one whose groups fit the layers in two ways (equal shapes)."""
    os.makedirs(out, exist_ok=True)
    fixture(out, "hidden_dense_time_distributed_head", lambda: keras.Sequential([
        keras.Input((None, 3)),
        layers.SimpleRNN(4, return_sequences=True),
        layers.Dense(5, activation="relu"),
        layers.Dense(6, activation="tanh"),
        layers.TimeDistributed(layers.Dense(2, activation="sigmoid")),
    ], name="hidden_dense_time_distributed_head"), 3, 5, keras.optimizers.Adam(0.01), "binary_crossentropy", (5, 2))
    fixture(out, "time_distributed_ambiguous", lambda: keras.Sequential([
        keras.Input((None, 3)),
        layers.SimpleRNN(3, return_sequences=True),
        layers.TimeDistributed(layers.Dense(3, activation="tanh")),
        layers.Dense(3, activation="softmax"),
    ], name="time_distributed_ambiguous"), 3, 5, keras.optimizers.Adam(0.01), "categorical_crossentropy", (5, 3))


def normalization(out):
    """An adapted Normalization before the recurrent layers, on raw inputs of very different scales per
    feature (offsets 100, -3, 0; spreads 50, 0.5, 0.01), and one after a Masking layer with padding."""
    os.makedirs(out, exist_ok=True)
    offsets = np.array([100.0, -3.0, 0.0], dtype="float32")
    spreads = np.array([50.0, 0.5, 0.01], dtype="float32")
    for name, masked in (("normalization_gru", False), ("normalization_masked", True)):
        keras.backend.clear_session()
        keras.utils.set_random_seed(11)
        rng = np.random.default_rng(11)
        time = 6
        x_train = (inputs(rng, 32, time, 3) * spreads + offsets).astype("float32")
        norm = layers.Normalization(axis=-1)
        norm.adapt(x_train)  # every step: Keras's adapt on an array knows no mask
        stack = [keras.Input((None, 3))] + ([layers.Masking(0.0)] if masked else []) + [
            norm,
            layers.GRU(4, return_sequences=True) if not masked else layers.SimpleRNN(4, return_sequences=True),
            layers.SimpleRNN(3),
            layers.Dense(2, activation="softmax"),
        ]
        model = keras.Sequential(stack, name=name)
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy")
        y_train = np.eye(2, dtype="float32")[rng.integers(0, 2, size=32)]
        model.fit(x_train, y_train, epochs=1, batch_size=8, verbose=0)
        x = (inputs(rng, 3, time, 3) * spreads + offsets).astype("float32")
        if masked:
            for b, valid in enumerate([time, time - 2, 2]):
                x[b, valid:, :] = 0
        expected = model.predict(x, batch_size=3, verbose=0)
        model.save(os.path.join(out, name + ".keras"))
        model.save_weights(os.path.join(out, name + ".weights.h5"))
        model.save(os.path.join(out, name + ".h5"))
        io = {
            "name": name,
            "keras_version": keras.__version__,
            "backend": keras.backend.backend(),
            "unsupported": False,
            "input": x.tolist(),
            "expected_shape": list(expected.shape),
            "expected": [float(v) for v in expected.reshape(-1)],
            "normalization_weights": [np.asarray(w).reshape(-1).tolist() for w in norm.get_weights()],
            "model_config": model.get_config(),
        }
        with open(os.path.join(out, name + ".io.json"), "w") as f:
            json.dump(io, f, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o))
        print("wrote", name, expected.shape, [np.asarray(w).dtype.name for w in norm.get_weights()])


def dropout(out):
    """Dropout layers wherever a Sequential takes them below the head (one with a seed), and one with a
    noise_shape, which the library refuses."""
    os.makedirs(out, exist_ok=True)
    fixture(out, "dropout_everywhere", lambda: keras.Sequential([
        keras.Input((None, 3)),
        layers.Dropout(0.1),
        layers.LSTM(4, return_sequences=True),
        layers.Dropout(0.3, seed=5),
        layers.SimpleRNN(3),
        layers.Dropout(0.2),
        layers.Dense(4, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(2, activation="softmax"),
    ], name="dropout_everywhere"), 3, 5, keras.optimizers.Adam(0.01), "categorical_crossentropy", (2,))
    fixture(out, "dropout_noise_shape", lambda: keras.Sequential([
        keras.Input((None, 3)),
        layers.SimpleRNN(4, return_sequences=True),
        layers.Dropout(0.2, noise_shape=(None, 1, 4)),
        layers.SimpleRNN(2),
        layers.Dense(2, activation="softmax"),
    ], name="dropout_noise_shape"), 3, 5, keras.optimizers.Adam(0.01), "categorical_crossentropy", (2,), unsupported=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "split":
        split_attributes(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "gzip":
        gzip_copy(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "gated":
        gated(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "backwards":
        backwards(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "dense-groups":
        dense_groups(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "normalization":
        normalization(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "dropout":
        dropout(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "legacy-weights":
        legacy_weights(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1])
