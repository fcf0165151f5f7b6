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
    // The rational form below is accurate to 4e-8 up to |x| = 9 (evaluated in double) and diverges
    // after; from there on tanh(x) is within 6e-8 of ±1, so inputs are clamped to [-9, 9].
    static final float TANH_CLAMP = 9f;
    // Below this the rational form loses relative accuracy and tanh(x) == x to float precision.
    static final float TANH_TINY = 0.0004f;
    // Minimax rational approximation tanh(x) ≈ x·P(x²)/Q(x²) (the one Eigen uses for float),
    // evaluated in double: in float its rounding errors reach 3e-7 near ±1, in double 6e-8.
    static final double A1 = 4.89352455891786e-03;
    static final double A3 = 6.37261928875436e-04;
    static final double A5 = 1.48572235717979e-05;
    static final double A7 = 5.12229709037114e-08;
    static final double A9 = -8.60467152213735e-11;
    static final double A11 = 2.00018790482477e-13;
    static final double A13 = -2.76076847742355e-16;
    static final double B0 = 4.89352518554385e-03;
    static final double B2 = 2.26843463243900e-03;
    static final double B4 = 1.18534705686654e-04;
    static final double B6 = 1.19825839466702e-06;

    private ActivationKernels() {
    }

    /**
     * {@code a[i] = tanh(a[i])} for {@code i} in {@code [off, off + n)}, with an absolute error below 6e-8.
     *
     * <p>A rational approximation instead of {@link Math#tanh}: it is branch-free, so the JIT can
     * vectorise it, and {@code Math.tanh} alone would cost more than the matrix products of a small RNN.
     * Both kernel paths compute it alike (in double, with fused multiply-adds for all but the last
     * elements after the last whole vector, which take {@link #tanh}), so they give the same bits.
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
     * @return tanh(v) with an absolute error below 6e-8 (at most a few float ulps)
     */
    public static float tanh(float v) {
        double x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, v));
        double x2 = x * x;
        double p = A13;
        p = p * x2 + A11;
        p = p * x2 + A9;
        p = p * x2 + A7;
        p = p * x2 + A5;
        p = p * x2 + A3;
        p = p * x2 + A1;
        p = p * x;
        double q = B6;
        q = q * x2 + B4;
        q = q * x2 + B2;
        q = q * x2 + B0;
        return Math.abs(v) < TANH_TINY ? v : (float) (p / q);
    }

    /**
     * {@code a[i] = σ(a[i]) = 1 / (1 + e^(-a[i]))} for {@code i} in {@code [off, off + n)}, the gates of
     * LSTM and GRU, with an absolute error below 4e-8: {@code σ(x) = (1 + tanh(x / 2)) / 2} through the
     * rational tanh of {@link #tanhInPlace}, so it vectorises as tanh does.
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
        ScalarKernels.sigmoidInPlace(a, off, n); // the Vector kernels' order and rounding: the same bits
    }

    /**
     * Float logistic function by the approximation of {@link #sigmoidInPlace}.
     *
     * @param v the argument
     * @return σ(v) with an absolute error below 4e-8
     */
    public static float sigmoid(float v) {
        float half = v * 0.5f;
        double t = Math.abs(half) < TANH_TINY ? half : rationalTanh(half);
        return (float) (0.5 + 0.5 * t);
    }

    /** The rational form of {@link #tanh} in double, before rounding to float. */
    private static double rationalTanh(float v) {
        double x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, v));
        double x2 = x * x;
        double p = A13;
        p = p * x2 + A11;
        p = p * x2 + A9;
        p = p * x2 + A7;
        p = p * x2 + A5;
        p = p * x2 + A3;
        p = p * x2 + A1;
        p = p * x;
        double q = B6;
        q = q * x2 + B4;
        q = q * x2 + B2;
        q = q * x2 + B0;
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
