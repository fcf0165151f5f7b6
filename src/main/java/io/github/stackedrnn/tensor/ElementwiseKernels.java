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
        for (int i = 0; i < n; i++) {
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
        for (int i = 0; i < n; i++) {
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
        for (int i = 0; i < n; i++) {
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
        for (int i = 0; i < n; i++) {
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
        for (int i = 0; i < n; i++) {
            float w = u[uOff + i];
            float ai = a == null ? 0f : a[aOff + i];
            out[outOff + i] = w * ai + (1f - w) * b[bOff + i];
        }
    }
}
