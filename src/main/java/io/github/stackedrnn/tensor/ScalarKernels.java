package io.github.stackedrnn.tensor;

import java.util.Arrays;

/**
 * The matrix products and tanh without the Vector API, written for C2's auto-vectoriser (SuperWord) and
 * computing every element exactly as {@code VectorKernels} does, so that both paths give the same bits.
 *
 * <p>The order, per element of C (the one {@code VectorKernelsOrderTest} pins down for the Vector
 * kernels): for each panel of 256 rows of B, the products are summed in blocks of 16, each block a chain
 * of fused multiply-adds from zero in order of k; the block sums are added in order to a total from zero;
 * the total is added to C at the end of the panel. A product with fewer columns than one vector of the
 * machine's preferred species holds is plain {@code c += a·b} in order of k. Which elements a vector holds
 * does not change any element's sum, so only that threshold depends on the lane count ({@link #LANES}).
 *
 * <p>The loops: each block of 16 rows of B is one loop over the columns that chains its 16 fused
 * multiply-adds in a local (so C2 keeps the chain in a register, one vector per 8 or 16 columns) and adds
 * the block sum to a row of totals; the 16 scalars of A are loop-invariant. Loads: 17 per 16 multiply-adds,
 * one store. The totals of a group of rows (16 KiB at most) stay in L1 over the blocks of a panel, and the
 * block of B (16 rows) stays in L1 over the rows of the group.
 */
final class ScalarKernels {
    static final int K_BLOCK = 16;
    static final int K_PANEL = 256;
    /** Floats per vector of the species the Vector API prefers on this JVM (see {@link KernelLanes}). */
    static final int LANES = MatrixKernels.LANES;
    private static final int TOTALS_FLOATS = 4096; // 16 KiB of block totals per thread
    // per thread: the totals of a group of rows [0, rows·n), then one row of a short block's chain [n]
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][TOTALS_FLOATS + 256]);

    private ScalarKernels() {
    }

    /** {@code C[m, n] += A·B} with element {@code (i, p)} of A at {@code a[aOff + i·ars + p·acs]}, for {@link #LANES}. */
    static void multAdd(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        multAdd(a, aOff, ars, acs, b, bOff, c, cOff, m, k, n, LANES);
    }

    /** {@link #multAdd} in the order the Vector kernels use with {@code lanes} floats per vector. */
    static void multAdd(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                        int lanes) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (n < lanes) {
            narrowColumns(a, aOff, ars, acs, b, bOff, c, cOff, m, k, n);
            return;
        }
        float[][] holder = SCRATCH.get();
        float[] scratch = holder[0];
        int need = Math.max(TOTALS_FLOATS, n) + n;
        if (scratch.length < need) {
            scratch = new float[need];
            holder[0] = scratch;
        }
        int chain = scratch.length - n;
        int group = Math.max(1, Math.min(m, (chain) / n));
        for (int p1 = 0; p1 < k; p1 += K_PANEL) {
            int pEnd = Math.min(k, p1 + K_PANEL);
            for (int i0 = 0; i0 < m; i0 += group) {
                int rows = Math.min(group, m - i0);
                Arrays.fill(scratch, 0, rows * n, 0f);
                for (int p0 = p1; p0 < pEnd; p0 += K_BLOCK) {
                    int pe = Math.min(K_BLOCK, pEnd - p0);
                    int bp = bOff + p0 * n;
                    for (int r = 0; r < rows; r++) {
                        int ap = aOff + (i0 + r) * ars + p0 * acs;
                        if (pe == K_BLOCK) {
                            block16(a, ap, acs, b, bp, n, scratch, r * n);
                        } else {
                            shortBlock(a, ap, acs, b, bp, n, pe, scratch, r * n, chain);
                        }
                    }
                }
                for (int r = 0; r < rows; r++) {
                    addRow(scratch, r * n, c, cOff + (i0 + r) * n, n);
                }
            }
        }
    }

    /**
     * {@code t[j] += Σ_{q<16} a_q·b_q[j]} as one chain of fused multiply-adds from the first product (the
     * same bits as from zero: they differ only in the sign of a zero sum, which adding it to the total
     * from +0 erases).
     */
    private static void block16(float[] a, int ap, int acs, float[] b, int bp, int n, float[] t, int t0) {
        float x0 = a[ap];
        float x1 = a[ap + acs];
        float x2 = a[ap + 2 * acs];
        float x3 = a[ap + 3 * acs];
        float x4 = a[ap + 4 * acs];
        float x5 = a[ap + 5 * acs];
        float x6 = a[ap + 6 * acs];
        float x7 = a[ap + 7 * acs];
        float x8 = a[ap + 8 * acs];
        float x9 = a[ap + 9 * acs];
        float x10 = a[ap + 10 * acs];
        float x11 = a[ap + 11 * acs];
        float x12 = a[ap + 12 * acs];
        float x13 = a[ap + 13 * acs];
        float x14 = a[ap + 14 * acs];
        float x15 = a[ap + 15 * acs];
        int b1 = bp + n;
        int b2 = b1 + n;
        int b3 = b2 + n;
        int b4 = b3 + n;
        int b5 = b4 + n;
        int b6 = b5 + n;
        int b7 = b6 + n;
        int b8 = b7 + n;
        int b9 = b8 + n;
        int b10 = b9 + n;
        int b11 = b10 + n;
        int b12 = b11 + n;
        int b13 = b12 + n;
        int b14 = b13 + n;
        int b15 = b14 + n;
        for (int j = 0; j < n; j++) {
            float s = x0 * b[bp + j];
            s = Math.fma(x1, b[b1 + j], s);
            s = Math.fma(x2, b[b2 + j], s);
            s = Math.fma(x3, b[b3 + j], s);
            s = Math.fma(x4, b[b4 + j], s);
            s = Math.fma(x5, b[b5 + j], s);
            s = Math.fma(x6, b[b6 + j], s);
            s = Math.fma(x7, b[b7 + j], s);
            s = Math.fma(x8, b[b8 + j], s);
            s = Math.fma(x9, b[b9 + j], s);
            s = Math.fma(x10, b[b10 + j], s);
            s = Math.fma(x11, b[b11 + j], s);
            s = Math.fma(x12, b[b12 + j], s);
            s = Math.fma(x13, b[b13 + j], s);
            s = Math.fma(x14, b[b14 + j], s);
            s = Math.fma(x15, b[b15 + j], s);
            t[t0 + j] += s;
        }
    }

    /** {@link #block16} for the last block of a panel, {@code pe < 16} rows: the chain in {@code s[s0, s0 + n)}. */
    private static void shortBlock(float[] a, int ap, int acs, float[] b, int bp, int n, int pe, float[] s, int t0, int s0) {
        Arrays.fill(s, s0, s0 + n, 0f);
        int q = 0;
        for (; q + 3 < pe; q += 4, ap += 4 * acs, bp += 4 * n) {
            chain4(a[ap], a[ap + acs], a[ap + 2 * acs], a[ap + 3 * acs], b, bp, n, s, s0);
        }
        for (; q < pe; q++, ap += acs, bp += n) {
            chain1(a[ap], b, bp, n, s, s0);
        }
        addRow(s, s0, s, t0, n);
    }

    private static void chain4(float x0, float x1, float x2, float x3, float[] b, int bp, int n, float[] s, int s0) {
        int b1 = bp + n;
        int b2 = b1 + n;
        int b3 = b2 + n;
        for (int j = 0; j < n; j++) {
            float v = Math.fma(x0, b[bp + j], s[s0 + j]);
            v = Math.fma(x1, b[b1 + j], v);
            v = Math.fma(x2, b[b2 + j], v);
            s[s0 + j] = Math.fma(x3, b[b3 + j], v);
        }
    }

    private static void chain1(float x, float[] b, int bp, int n, float[] s, int s0) {
        for (int j = 0; j < n; j++) {
            s[s0 + j] = Math.fma(x, b[bp + j], s[s0 + j]);
        }
    }

    private static void addRow(float[] t, int t0, float[] c, int c0, int n) {
        for (int j = 0; j < n; j++) {
            c[c0 + j] += t[t0 + j];
        }
    }

    /** Fewer columns than one vector holds (a softmax head over a few classes): {@code c += a·b} in order of k. */
    private static void narrowColumns(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff,
                                      int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            for (int p = 0, ap = aOff + i * ars, bp = bOff; p < k; p++, ap += acs, bp += n) {
                float x = a[ap];
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bp + j];
                }
            }
        }
    }

    /** {@code a[i] = tanh(a[i])} as the Vector kernels compute it with {@link #LANES} floats per vector. */
    static void tanhInPlace(float[] a, int off, int n) {
        tanhInPlace(a, off, n, LANES);
    }

    /**
     * The Vector kernels' tanh: whole vectors of doubles ({@code lanes / 2}) take the rational form with
     * fused multiply-adds, the few elements after the last whole vector {@link ActivationKernels#tanh}.
     */
    static void tanhInPlace(float[] a, int off, int n, int lanes) {
        int doubles = Math.max(1, lanes / 2);
        int end = off + n / doubles * doubles;
        for (int i = off; i < end; i++) {
            a[i] = fmaTanh(a[i]);
        }
        for (int i = end; i < off + n; i++) {
            a[i] = ActivationKernels.tanh(a[i]);
        }
    }

    /** One lane of the Vector kernels' tanh: {@link ActivationKernels#tanh}'s rational form with fused multiply-adds. */
    static float fmaTanh(float f) {
        double v = f;
        double x = Math.min(Math.max(v, -ActivationKernels.TANH_CLAMP), ActivationKernels.TANH_CLAMP);
        double x2 = x * x;
        double p = Math.fma(x2, ActivationKernels.A13, ActivationKernels.A11);
        p = Math.fma(p, x2, ActivationKernels.A9);
        p = Math.fma(p, x2, ActivationKernels.A7);
        p = Math.fma(p, x2, ActivationKernels.A5);
        p = Math.fma(p, x2, ActivationKernels.A3);
        p = Math.fma(p, x2, ActivationKernels.A1);
        p = p * x;
        double q = Math.fma(x2, ActivationKernels.B6, ActivationKernels.B4);
        q = Math.fma(q, x2, ActivationKernels.B2);
        q = Math.fma(q, x2, ActivationKernels.B0);
        return (float) (Math.abs(v) < ActivationKernels.TANH_TINY ? v : p / q);
    }
}
