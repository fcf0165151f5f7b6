package io.github.stackedrnn.tensor;

/**
 * Element-wise arithmetic on ranges of {@code float[]}s, as the gated cells combine their gates: each
 * element is computed with exactly the operations of the formula in its Javadoc, a product rounded before
 * the sum it joins (never fused), so the Vector API path and the plain loops give the same bits.
 *
 * <p>Ranges are given as (array, offset) and may lie in the same array; an output range may be an input
 * range itself but must not overlap another one partially.
 *
 * <pre>{@code
 * float[] c = {1f, 2f};
 * ElementwiseKernels.multiplyAddInPlace(c, 0, new float[] {3f, 4f}, 0, new float[] {5f, 6f}, 0, 2); // c = {16, 26}
 * }</pre>
 */
public final class ElementwiseKernels {
    private ElementwiseKernels() {
    }

    /**
     * {@code acc[i] += x[i]}.
     *
     * @param acc    the accumulator
     * @param accOff its offset
     * @param x      the addend
     * @param xOff   its offset
     * @param n      how many elements
     */
    public static void addInPlace(float[] acc, int accOff, float[] x, int xOff, int n) {
        if (MatrixKernels.VECTOR != null) {
            MatrixKernels.VECTOR.addInPlace(acc, accOff, x, xOff, n);
            return;
        }
        addInPlace(acc, accOff, x, xOff, 0, n);
    }

    /** {@link #addInPlace} for elements {@code [from, n)}: the plain loop, and the Vector kernels' tail. */
    static void addInPlace(float[] acc, int accOff, float[] x, int xOff, int from, int n) {
        for (int i = from; i < n; i++) {
            acc[accOff + i] += x[xOff + i];
        }
    }

    /**
     * {@code acc[i] += x[i]·y[i]}, the product rounded to float before the sum.
     *
     * @param acc    the accumulator
     * @param accOff its offset
     * @param x      the first factor
     * @param xOff   its offset
     * @param y      the second factor
     * @param yOff   its offset
     * @param n      how many elements
     */
    public static void multiplyAddInPlace(float[] acc, int accOff, float[] x, int xOff, float[] y, int yOff, int n) {
        if (MatrixKernels.VECTOR != null) {
            MatrixKernels.VECTOR.multiplyAddInPlace(acc, accOff, x, xOff, y, yOff, n);
            return;
        }
        multiplyAddInPlace(acc, accOff, x, xOff, y, yOff, 0, n);
    }

    /** {@link #multiplyAddInPlace} for elements {@code [from, n)}: the plain loop, and the Vector kernels' tail. */
    static void multiplyAddInPlace(float[] acc, int accOff, float[] x, int xOff, float[] y, int yOff, int from, int n) {
        for (int i = from; i < n; i++) {
            acc[accOff + i] += x[xOff + i] * y[yOff + i];
        }
    }

    /**
     * {@code out[i] = x[i]·y[i]}.
     *
     * @param x      the first factor
     * @param xOff   its offset
     * @param y      the second factor
     * @param yOff   its offset
     * @param out    the result
     * @param outOff its offset
     * @param n      how many elements
     */
    public static void multiply(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        if (MatrixKernels.VECTOR != null) {
            MatrixKernels.VECTOR.multiply(x, xOff, y, yOff, out, outOff, n);
            return;
        }
        multiply(x, xOff, y, yOff, out, outOff, 0, n);
    }

    /** {@link #multiply} for elements {@code [from, n)}: the plain loop, and the Vector kernels' tail. */
    static void multiply(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int from, int n) {
        for (int i = from; i < n; i++) {
            out[outOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    /**
     * {@code out[i] = a[i]·b[i] + c[i]·d[i]}, each product rounded before the sum: an LSTM's
     * {@code c_t = f ⊙ c_(t-1) + i ⊙ g}.
     *
     * @param a      the first product's first factor
     * @param aOff   its offset
     * @param b      the first product's second factor, or null for zeros
     * @param bOff   its offset
     * @param c      the second product's first factor
     * @param cOff   its offset
     * @param d      the second product's second factor
     * @param dOff   its offset
     * @param out    the result
     * @param outOff its offset
     * @param n      how many elements
     */
    public static void sumOfProducts(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] d, int dOff,
                                     float[] out, int outOff, int n) {
        if (MatrixKernels.VECTOR != null) {
            MatrixKernels.VECTOR.sumOfProducts(a, aOff, b, bOff, c, cOff, d, dOff, out, outOff, n);
            return;
        }
        sumOfProducts(a, aOff, b, bOff, c, cOff, d, dOff, out, outOff, 0, n);
    }

    /** {@link #sumOfProducts} for elements {@code [from, n)}: the plain loop, and the Vector kernels' tail. */
    static void sumOfProducts(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] d, int dOff, float[] out,
                              int outOff, int from, int n) {
        for (int i = from; i < n; i++) {
            float bi = b == null ? 0f : b[bOff + i];
            out[outOff + i] = a[aOff + i] * bi + c[cOff + i] * d[dOff + i];
        }
    }

    /**
     * {@code out[i] = u[i]·a[i] + (1 - u[i])·b[i]}, each product rounded before the sum: a GRU's
     * {@code h_t = z ⊙ h_(t-1) + (1 - z) ⊙ ĥ}.
     *
     * @param u      the weights of {@code a}
     * @param uOff   its offset
     * @param a      the first values, or null for zeros
     * @param aOff   its offset
     * @param b      the second values
     * @param bOff   its offset
     * @param out    the result
     * @param outOff its offset
     * @param n      how many elements
     */
    public static void interpolate(float[] u, int uOff, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (MatrixKernels.VECTOR != null) {
            MatrixKernels.VECTOR.interpolate(u, uOff, a, aOff, b, bOff, out, outOff, n);
            return;
        }
        interpolate(u, uOff, a, aOff, b, bOff, out, outOff, 0, n);
    }

    /** {@link #interpolate} for elements {@code [from, n)}: the plain loop, and the Vector kernels' tail. */
    static void interpolate(float[] u, int uOff, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int from, int n) {
        for (int i = from; i < n; i++) {
            float w = u[uOff + i];
            float ai = a == null ? 0f : a[aOff + i];
            out[outOff + i] = w * ai + (1f - w) * b[bOff + i];
        }
    }

    /**
     * One row of an LSTM step's forward pass with σ gates and a tanh candidate (Keras's defaults): the
     * gates' pre-activations in {@code z} become {@code i = σ, f = σ, g = tanh, o = σ} in place; then
     * {@code c = f·c_prev + i·g} (each product rounded, then the sum), {@code tanhC = tanh(c)} and
     * {@code h = o·tanh(c)}. Every element gets the bits of {@link ActivationKernels#sigmoidInPlace},
     * {@link ActivationKernels#tanhInPlace}, {@link #sumOfProducts} and {@link #multiply} applied one after
     * the other, which is what the scalar path does; the Vector API path computes {@code c}, {@code tanh(c)}
     * and {@code h} in one pass over the row's units after the gates.
     *
     * @param z       the gates i, f, g, o, {@code n} each, from {@code zOff}: pre-activations in, values out
     * @param zOff    the row's offset in {@code z}
     * @param cPrev   {@code c_(t-1)}, or null for zeros
     * @param prevOff the row's offset in {@code cPrev}
     * @param c       output: {@code c_t}, from {@code off}
     * @param tanhC   output: {@code tanh(c_t)}, from {@code off}
     * @param h       output: {@code h_t}, from {@code off}
     * @param off     the row's offset in {@code c}, {@code tanhC} and {@code h}
     * @param n       units
     */
    public static void lstmStep(float[] z, int zOff, float[] cPrev, int prevOff, float[] c, float[] tanhC, float[] h, int off,
                                int n) {
        if (MatrixKernels.VECTOR != null) {
            MatrixKernels.VECTOR.lstmStep(z, zOff, cPrev, prevOff, c, tanhC, h, off, n);
            return;
        }
        // the scalar path: one kernel after the other, as each is written for the auto-vectoriser
        ActivationKernels.sigmoidInPlace(z, zOff, 2 * n);
        ActivationKernels.tanhInPlace(z, zOff + 2 * n, n);
        ActivationKernels.sigmoidInPlace(z, zOff + 3 * n, n);
        sumOfProducts(z, zOff + n, cPrev, prevOff, z, zOff, z, zOff + 2 * n, c, off, 0, n);
        System.arraycopy(c, off, tanhC, off, n);
        ActivationKernels.tanhInPlace(tanhC, off, n);
        multiply(z, zOff + 3 * n, tanhC, off, h, off, 0, n);
    }

    /**
     * One row of an LSTM step's backward pass with σ gates and a tanh candidate (Keras's defaults), each
     * element computed as the formulas read, left to right, every product rounded:
     * {@code dc' = dc + dh·o·(1 - tanh(c)²)}; {@code dz_i = dc'·g·i(1 - i)}, {@code dz_f = dc'·c_prev·f(1 - f)},
     * {@code dz_g = dc'·i·(1 - g²)}, {@code dz_o = dh·tanh(c)·o(1 - o)}; and {@code dc_prev += dc'·f}.
     *
     * @param z       the gates' values i, f, g, o, {@code n} each, from {@code zOff}
     * @param zOff    the row's offset in {@code z} and in {@code dz}
     * @param tanhC   {@code tanh(c_t)}, from {@code off}
     * @param dh      {@code dL/dh_t}, from {@code off}
     * @param dc      {@code dL/dc_t} from the step after, from {@code off}
     * @param off     the row's offset in {@code tanhC}, {@code dh} and {@code dc}
     * @param cPrev   {@code c_(t-1)}, or null for the first step (zeros, and no {@code dc_prev})
     * @param dcPrev  {@code dL/dc_(t-1)}, accumulated into (the same array as {@code dc} in the loop)
     * @param prevOff the row's offset in {@code cPrev} and {@code dcPrev}
     * @param dz      output: the pre-activations' gradients, the layout of {@code z}
     * @param n       units
     */
    public static void lstmStepGradients(float[] z, int zOff, float[] tanhC, float[] dh, float[] dc, int off, float[] cPrev,
                                         float[] dcPrev, int prevOff, float[] dz, int n) {
        if (MatrixKernels.VECTOR != null) {
            MatrixKernels.VECTOR.lstmStepGradients(z, zOff, tanhC, dh, dc, off, cPrev, dcPrev, prevOff, dz, n);
            return;
        }
        lstmStepGradients(z, zOff, tanhC, dh, dc, off, cPrev, dcPrev, prevOff, dz, 0, n);
    }

    /** {@link #lstmStepGradients} for elements {@code [from, n)}: the plain loop, and the Vector kernels' tail. */
    static void lstmStepGradients(float[] z, int zOff, float[] tanhC, float[] dh, float[] dc, int off, float[] cPrev,
                                  float[] dcPrev, int prevOff, float[] dz, int from, int n) {
        for (int j = from; j < n; j++) {
            float i = z[zOff + j];
            float f = z[zOff + n + j];
            float g = z[zOff + 2 * n + j];
            float o = z[zOff + 3 * n + j];
            float dhj = dh[off + j];
            float fc = tanhC[off + j];
            float dcj = dc[off + j] + dhj * o * (1f - fc * fc);
            float before = cPrev == null ? 0f : cPrev[prevOff + j];
            dz[zOff + j] = dcj * g * (i * (1f - i));
            dz[zOff + n + j] = dcj * before * (f * (1f - f));
            dz[zOff + 2 * n + j] = dcj * i * (1f - g * g);
            dz[zOff + 3 * n + j] = dhj * fc * (o * (1f - o));
            if (cPrev != null) {
                dcPrev[prevOff + j] += dcj * f;
            }
        }
    }

    /**
     * One row of a {@code reset_after} GRU step's backward pass with σ gates and a tanh candidate (Keras's
     * defaults), each element as the formulas read, left to right, every product rounded:
     * {@code dĥ = dh·(1 - u)·(1 - ĥ²)}, {@code du = dh·(h_prev - ĥ)·u(1 - u)}, {@code dr = dĥ·rec_h·r(1 - r)};
     * {@code dz = (du, dr, dĥ)}, the recurrent product's {@code (du, dr, dĥ·r)}; and {@code dh_prev += dh·u}.
     *
     * @param z       the gates' values u, r and the candidate ĥ, {@code n} each, from {@code zOff}
     * @param rec     the recurrent product with its bias, the layout of {@code z}
     * @param zOff    the row's offset in {@code z}, {@code rec}, {@code dz} and {@code dr}
     * @param dh      {@code dL/dh_t}, from {@code off}
     * @param off     the row's offset in {@code dh}
     * @param hPrev   {@code h_(t-1)}, or null for the first step (zeros, and no {@code dh_prev})
     * @param dhPrev  {@code dL/dh_(t-1)}, accumulated into (the same array as {@code dh} in the loop)
     * @param prevOff the row's offset in {@code hPrev} and {@code dhPrev}
     * @param dz      output: the gradients of z's pre-activations
     * @param dr      output: the gradients of the recurrent product
     * @param n       units
     */
    public static void gruStepGradients(float[] z, float[] rec, int zOff, float[] dh, int off, float[] hPrev, float[] dhPrev,
                                        int prevOff, float[] dz, float[] dr, int n) {
        if (MatrixKernels.VECTOR != null) {
            MatrixKernels.VECTOR.gruStepGradients(z, rec, zOff, dh, off, hPrev, dhPrev, prevOff, dz, dr, n);
            return;
        }
        gruStepGradients(z, rec, zOff, dh, off, hPrev, dhPrev, prevOff, dz, dr, 0, n);
    }

    /** {@link #gruStepGradients} for elements {@code [from, n)}: the plain loop, and the Vector kernels' tail. */
    static void gruStepGradients(float[] z, float[] rec, int zOff, float[] dh, int off, float[] hPrev, float[] dhPrev,
                                 int prevOff, float[] dz, float[] dr, int from, int n) {
        for (int j = from; j < n; j++) {
            float update = z[zOff + j];
            float reset = z[zOff + n + j];
            float cand = z[zOff + 2 * n + j];
            float dhj = dh[off + j];
            float before = hPrev == null ? 0f : hPrev[prevOff + j];
            float dPre = dhj * (1f - update) * (1f - cand * cand);
            float dUpdate = dhj * (before - cand) * (update * (1f - update));
            float dReset = dPre * rec[zOff + 2 * n + j] * (reset * (1f - reset));
            dz[zOff + j] = dUpdate;
            dz[zOff + n + j] = dReset;
            dz[zOff + 2 * n + j] = dPre;
            dr[zOff + j] = dUpdate;
            dr[zOff + n + j] = dReset;
            dr[zOff + 2 * n + j] = dPre * reset;
            if (hPrev != null) {
                dhPrev[prevOff + j] += dhj * update;
            }
        }
    }
}
