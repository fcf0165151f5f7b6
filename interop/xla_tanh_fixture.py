"""Writes src/test/resources/keras/xla-tanh.txt: arguments and the float32 tanh Keras computes on JAX's
CPU backend (XLA's rational approximation), float bits in hex, one pair a line. ActivationKernelsTest
requires the library's tanh to give the same bits on every line.

    KERAS_BACKEND=jax /work/venv-keras/bin/python interop/xla_tanh_fixture.py
"""
import numpy as np
import jax
import jax.numpy as jnp
import keras

rng = np.random.default_rng(20261202)
x = np.concatenate([
    rng.uniform(-10, 10, 6000), rng.normal(0, 1, 4000), rng.uniform(-0.002, 0.002, 1000),
    rng.uniform(7.9, 8.1, 500), rng.uniform(-1e-30, 1e-30, 100),
    [0.0, -0.0, 4e-4, -4e-4, 3.9999e-4, 7.99881172180175781, -7.99881172180175781, 7.9988, 100.0, -1e30],
]).astype(np.float32)
y = np.asarray(jax.jit(keras.activations.tanh)(jnp.asarray(x)), dtype=np.float32)
with open("src/test/resources/keras/xla-tanh.txt", "w") as out:
    out.write(f"# keras {keras.__version__}, jax {jax.__version__}, {jax.devices()[0].platform}: "
              "keras.activations.tanh(x) in float32; x and tanh(x) as float bits in hex\n")
    for a, b in zip(x.view(np.uint32), y.view(np.uint32)):
        out.write(f"{a:08x} {b:08x}\n")
print(len(x), "lines")
