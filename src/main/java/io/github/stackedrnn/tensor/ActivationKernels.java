package io.github.stackedrnn.tensor;

/**
 * Element-wise activations and their derivatives, in place on a range of a {@code float[]}.
 *
 * <p>Derivatives are written in terms of the activation's <em>output</em> {@code h = f(z)}, which is
 * what a recurrent layer keeps for its backward pass: {@code tanh' = 1 - h²}, {@code relu' = [h > 0]}.
 *
 * <pre>{@code
 * float[] h = {-2f, 0f, 2f};
 * ActivationKernels.tanhInPlace(h, 0, h.length);            // h = tanh(h), to float rounding
 * }</pre>
 */
public final class ActivationKernels {
    // tanh is XLA's float tanh (Eigen's), the one Keras computes on the CPU with JAX (and TensorFlow):
    // the minimax rational x·P(x²)/Q(x²) in float with fused multiply-adds, the argument clamped to
    // ±TANH_CLAMP, where the rational reaches ±1 in float, and tiny arguments passed through. Evaluated
    // so, every float of tanh here equals jax.numpy.tanh's (checked on 2·10⁶ arguments, see the tests),
    // at an absolute error below 2.7e-7; 16 float lanes per 512-bit vector instead of 8 in double.
    static final float TANH_CLAMP = 7.99881172180175781f;
    // Below this the rational form loses relative accuracy and tanh(x) == x to float precision.
    static final float TANH_TINY = 0.0004f;
    static final float A1 = 4.89352455891786e-03f;
    static final float A3 = 6.37261928875436e-04f;
    static final float A5 = 1.48572235717979e-05f;
    static final float A7 = 5.12229709037114e-08f;
    static final float A9 = -8.60467152213735e-11f;
    static final float A11 = 2.00018790482477e-13f;
    static final float A13 = -2.76076847742355e-16f;
    static final float B0 = 4.89352518554385e-03f;
    static final float B2 = 2.26843463243900e-03f;
    static final float B4 = 1.18534705686654e-04f;
    static final float B6 = 1.19825839466702e-06f;

    private ActivationKernels() {
    }

    /**
     * {@code a[i] = tanh(a[i])} for {@code i} in {@code [off, off + n)}, with an absolute error below 2.7e-7:
     * the same floats as Keras's {@code tanh} on JAX's CPU backend (XLA's rational approximation).
     *
     * <p>A rational approximation instead of {@link Math#tanh}: it is branch-free, so it vectorises, and
     * {@code Math.tanh} alone would cost more than the matrix products of a small RNN. Both kernel paths
     * compute every element as {@link #tanh} does, so they give the same bits.
     *
     * @param a   the array
     * @param off the first index
     * @param n   how many elements
     */
    public static void tanhInPlace(float[] a, int off, int n) {
        if (MatrixKernels.VECTOR != null) {
            MatrixKernels.VECTOR.tanhInPlace(a, off, n);
            return;
        }
        ScalarKernels.tanhInPlace(a, off, n);
    }

    /**
     * Float tanh by the rational approximation of {@link #tanhInPlace}.
     *
     * @param v the argument
     * @return tanh(v) with an absolute error below 2.7e-7 (at most 5 float ulps), as XLA computes it
     */
    public static float tanh(float v) {
        float t = rationalTanh(v);
        return Math.abs(v) < TANH_TINY ? v : t;
    }

    /**
     * {@code a[i] = σ(a[i]) = 1 / (1 + e^(-a[i]))} for {@code i} in {@code [off, off + n)}, the gates of
     * LSTM and GRU, with an absolute error below 1.6e-7: {@code σ(x) = 0.5 + 0.5·tanh(x / 2)} through the
     * tanh of {@link #tanhInPlace}, so it vectorises as tanh does.
     *
     * @param a   the array
     * @param off the first index
     * @param n   how many elements
     */
    public static void sigmoidInPlace(float[] a, int off, int n) {
        if (MatrixKernels.VECTOR != null) {
            MatrixKernels.VECTOR.sigmoidInPlace(a, off, n);
            return;
        }
        ScalarKernels.sigmoidInPlace(a, off, n); // the Vector kernels' operations: the same bits
    }

    /**
     * Float logistic function by the approximation of {@link #sigmoidInPlace}.
     *
     * @param v the argument
     * @return σ(v) with an absolute error below 1.6e-7
     */
    public static float sigmoid(float v) {
        return 0.5f + 0.5f * tanh(0.5f * v); // 0.5·t is exact: one rounding, as a fused multiply-add
    }

    /** The rational form of {@link #tanh} before tiny arguments are passed through. */
    static float rationalTanh(float v) {
        float x = Math.min(Math.max(v, -TANH_CLAMP), TANH_CLAMP);
        float x2 = x * x;
        float p = Math.fma(x2, A13, A11);
        p = Math.fma(p, x2, A9);
        p = Math.fma(p, x2, A7);
        p = Math.fma(p, x2, A5);
        p = Math.fma(p, x2, A3);
        p = Math.fma(p, x2, A1);
        p = p * x;
        float q = Math.fma(x2, B6, B4);
        q = Math.fma(q, x2, B2);
        q = Math.fma(q, x2, B0);
        return p / q;
    }

    /**
     * {@code a[i] = hardσ(a[i]) = relu6(a[i] + 3) / 6}, Keras 3's {@code hard_sigmoid}, in place.
     *
     * @param a   the array
     * @param off the first index
     * @param n   how many elements
     */
    public static void hardSigmoidInPlace(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = Math.min(6f, Math.max(0f, a[i] + 3f)) / 6f;
        }
    }

    /**
     * {@code a[i] = clip(0.2·a[i] + 0.5, 0, 1)}, the {@code hard_sigmoid} of Keras 2 and tf.keras 2, in
     * place: a product and a sum in float32, then the clip, as their backends compute it.
     *
     * @param a   the array
     * @param off the first index
     * @param n   how many elements
     */
    public static void hardSigmoidKeras2InPlace(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = Math.min(1f, Math.max(0f, 0.2f * a[i] + 0.5f));
        }
    }

    /**
     * {@code a[i] = max(a[i], 0)} for {@code i} in {@code [off, off + n)}.
     *
     * @param a   the array
     * @param off the first index
     * @param n   how many elements
     */
    public static void reluInPlace(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = Math.max(a[i], 0f);
        }
    }

    /**
     * {@code d[i] *= 1 - h[i]²}: back through tanh, given its output {@code h}.
     *
     * @param h    the activation outputs
     * @param hOff offset in {@code h}
     * @param d    the gradients to scale, in place
     * @param dOff offset in {@code d}
     * @param n    how many elements
     */
    public static void tanhBackwardInPlace(float[] h, int hOff, float[] d, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            float y = h[hOff + i];
            d[dOff + i] *= 1f - y * y;
        }
    }

    /**
     * {@code d[i] = h[i] > 0 ? d[i] : 0}: back through ReLU, given its output {@code h}.
     *
     * @param h    the activation outputs
     * @param hOff offset in {@code h}
     * @param d    the gradients to mask, in place
     * @param dOff offset in {@code d}
     * @param n    how many elements
     */
    public static void reluBackwardInPlace(float[] h, int hOff, float[] d, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            d[dOff + i] = h[hOff + i] > 0f ? d[dOff + i] : 0f;
        }
    }
}
