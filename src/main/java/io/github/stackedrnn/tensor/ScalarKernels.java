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
 * <p>The loops: C2's SuperWord (JDK 17 to 25) vectorises a loop only when every array in it is indexed
 * by the loop variable plus the same offset, and leaves it scalar when two float arrays are read at
 * different run-time offsets (they might overlap). So every hot loop here reads and writes arrays indexed
 * by {@code j} alone: each block of 16 rows of B is copied into 16 arrays of its own, the totals of a
 * group of rows of C are one array per row, and a row of C is added through a copy. A loop chains four
 * fused multiply-adds (more exceed C2's unrolling budget on JDK 17, and the loop stays scalar), with the
 * four scalars of A loop-invariant: 5 loads and one store per 4 multiply-adds. The copied block of B (16
 * rows) stays in L1 over the rows of a group; the group's totals over the blocks of a panel: 16 KiB, and
 * for wide products at least 64 rows up to 64 KiB, in L1 or L2. The block is copied once per group, so
 * a group of 16 rows (256 columns) copied B four times as often as one of 64: those ran the 256-column
 * products 10-15% slower (bench/README.md, <i>The scalar kernels' groups</i>).
 */
final class ScalarKernels {
    static final int K_BLOCK = 16;
    static final int K_PANEL = 256;
    /** Floats per vector of the species the Vector API prefers on this JVM (see {@link KernelLanes}). */
    static final int LANES = MatrixKernels.LANES;
    private static final int TOTALS_FLOATS = 4096; // 16 KiB of block totals per group of rows, in L1
    // but at least this many rows where they fit MAX_TOTALS_FLOATS: B's block is copied once per group
    private static final int GROUP_ROWS = 64;
    private static final int MAX_TOTALS_FLOATS = 16384;
    private static final int ACTIVATION_CHUNK = 256;
    // two rows of C per loop, sharing each load of B: vectorised by JDK 25's C2 but not by JDK 17's
    static final boolean PAIRS = Runtime.version().feature() >= 25;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One thread's copies: arrays of their own, so the loops index them from 0 (see the class comment). */
    private static final class Scratch {
        int width;
        float[][] rowsOfB = new float[K_BLOCK][0];
        float[][] totals = new float[0][0];
        float[] chain = new float[0];
        float[] chain2 = new float[0];
        float[] rowOfC = new float[0];
        final float[] activationIn = new float[ACTIVATION_CHUNK];
        final float[] activationOut = new float[ACTIVATION_CHUNK];

        /** Makes room for rows of {@code n} floats and {@code group} rows of totals. */
        void ensure(int n, int group) {
            if (n > width) {
                width = Math.max(n, 64);
                for (int q = 0; q < K_BLOCK; q++) {
                    rowsOfB[q] = new float[width];
                }
                chain = new float[width];
                chain2 = new float[width];
                rowOfC = new float[width];
                totals = new float[0][0];
            }
            if (group > totals.length) {
                float[][] more = java.util.Arrays.copyOf(totals, group);
                for (int r = totals.length; r < group; r++) {
                    more[r] = new float[width];
                }
                totals = more;
            }
        }
    }

    private ScalarKernels() {
    }

    /** {@code C[m, n] += A·B} with element {@code (i, p)} of A at {@code a[aOff + i·ars + p·acs]}, for {@link #LANES}. */
    static void multAdd(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        multAdd(a, aOff, ars, acs, b, bOff, c, cOff, m, k, n, LANES);
    }

    /** {@link #multAdd} in the order the Vector kernels use with {@code lanes} floats per vector. */
    static void multAdd(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                        int lanes) {
        multAdd(a, aOff, ars, acs, b, bOff, c, cOff, m, k, n, lanes, PAIRS);
    }

    /** {@link #multAdd}, with full blocks run two rows of C at a time or not: the same bits either way. */
    static void multAdd(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                        int lanes, boolean pairs) {
        multPlusBias(a, aOff, ars, acs, b, bOff, null, 0, c, cOff, m, k, n, lanes, pairs);
    }

    /** {@code C = bias + A·B} (every row of C the bias row plus its products), for {@link #LANES}. */
    static void multPlusBias(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] bias, int biasOff, float[] c,
                             int cOff, int m, int k, int n) {
        multPlusBias(a, aOff, ars, acs, b, bOff, bias, biasOff, c, cOff, m, k, n, LANES, PAIRS);
    }

    /**
     * {@code C += A·B}, or with a bias {@code C = bias + A·B}: the bias row takes C's place where the first
     * panel's totals are added, the bits of filling C with it first.
     */
    static void multPlusBias(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] bias, int biasOff, float[] c,
                             int cOff, int m, int k, int n, int lanes, boolean pairs) {
        if (bias != null && (k == 0 || n < lanes)) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(bias, biasOff, c, cOff + i * n, n);
            }
            bias = null;
        }
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (n < lanes) {
            narrowColumns(a, aOff, ars, acs, b, bOff, c, cOff, m, k, n);
            return;
        }
        int group = Math.max(1, Math.min(m, Math.max(TOTALS_FLOATS / n, Math.min(GROUP_ROWS, MAX_TOTALS_FLOATS / n))));
        Scratch scratch = SCRATCH.get();
        scratch.ensure(n, group);
        float[][] rowsOfB = scratch.rowsOfB;
        float[][] totals = scratch.totals;
        for (int p1 = 0; p1 < k; p1 += K_PANEL) {
            int pEnd = Math.min(k, p1 + K_PANEL);
            for (int i0 = 0; i0 < m; i0 += group) {
                int rows = Math.min(group, m - i0);
                for (int r = 0; r < rows; r++) {
                    Arrays.fill(totals[r], 0, n, 0f);
                }
                for (int p0 = p1; p0 < pEnd; p0 += K_BLOCK) {
                    int pe = Math.min(K_BLOCK, pEnd - p0);
                    for (int q = 0; q < pe; q++) {
                        System.arraycopy(b, bOff + (p0 + q) * n, rowsOfB[q], 0, n);
                    }
                    blockIntoTotals(a, aOff + i0 * ars + p0 * acs, ars, acs, rowsOfB, pe, scratch.chain, scratch.chain2, totals, rows, n,
                            pairs);
                }
                float[] rowOfC = scratch.rowOfC;
                boolean fromBias = bias != null && p1 == 0;
                for (int r = 0; r < rows; r++) {
                    int ci = cOff + (i0 + r) * n;
                    if (fromBias) {
                        System.arraycopy(bias, biasOff, rowOfC, 0, n);
                    } else {
                        System.arraycopy(c, ci, rowOfC, 0, n);
                    }
                    addRow(totals[r], rowOfC, n);
                    System.arraycopy(rowOfC, 0, c, ci, n);
                }
            }
        }
    }

    /**
     * One block of B ({@code pe} rows, copied into {@code rowsOfB}) into the totals of {@code rows} rows of
     * C, A's first row at {@code ap}: for each row {@code t[j] += Σ_{q<16} a_q·b_q[j]}, the chain of 16
     * fused multiply-adds in four loops of four (C2 vectorises a loop of four on JDK 17; one of 16 exceeds
     * its unrolling budget and stays scalar), the chain carried through {@code s} between them; with
     * {@code pairs}, two rows of C at once, each loaded element of B feeding both. A chain starts from the
     * first product: the same bits as from zero, as they differ only in the sign of a zero sum, which
     * adding it to the total from +0 erases.
     *
     * <p>One method of more than 325 bytes of bytecode, on purpose: C2 inlines hot callees up to that size
     * ({@code FreqInlineSize}), and with the blocks inlined into {@link #multPlusBias}'s loop nest JDK 25's
     * C2 took 250 ms over each of its compiles (53 kB of code), the longest wait of a scalar warm-up
     * ({@code bench/README.md}, <i>Start-up and warmUp()</i>). Compiled on its own it takes a fraction.
     */
    private static void blockIntoTotals(float[] a, int ap, int ars, int acs, float[][] rowsOfB, int pe, float[] s, float[] u,
                                        float[][] totals, int rows, int n, boolean pairs) {
        int r = 0;
        if (pe == K_BLOCK && pairs) {
            for (; r + 1 < rows; r += 2, ap += 2 * ars) {
                int aq = ap + ars;
                first4Pair(a, ap, aq, acs, rowsOfB[0], rowsOfB[1], rowsOfB[2], rowsOfB[3], s, u, n);
                chain4Pair(a, ap + 4 * acs, aq + 4 * acs, acs, rowsOfB[4], rowsOfB[5], rowsOfB[6], rowsOfB[7], s, u, n);
                chain4Pair(a, ap + 8 * acs, aq + 8 * acs, acs, rowsOfB[8], rowsOfB[9], rowsOfB[10], rowsOfB[11], s, u, n);
                last4Pair(a, ap + 12 * acs, aq + 12 * acs, acs, rowsOfB[12], rowsOfB[13], rowsOfB[14], rowsOfB[15], s, u, totals[r],
                        totals[r + 1], n);
            }
        }
        for (; r < rows; r++, ap += ars) {
            if (pe < K_BLOCK) {
                shortBlock(a, ap, acs, rowsOfB, pe, s, totals[r], n);
                continue;
            }
            int q = ap;
            first4(a[q], a[q + acs], a[q + 2 * acs], a[q + 3 * acs], rowsOfB[0], rowsOfB[1], rowsOfB[2], rowsOfB[3], s, n);
            q += 4 * acs;
            chain4(a[q], a[q + acs], a[q + 2 * acs], a[q + 3 * acs], rowsOfB[4], rowsOfB[5], rowsOfB[6], rowsOfB[7], s, n);
            q += 4 * acs;
            chain4(a[q], a[q + acs], a[q + 2 * acs], a[q + 3 * acs], rowsOfB[8], rowsOfB[9], rowsOfB[10], rowsOfB[11], s, n);
            q += 4 * acs;
            last4(a[q], a[q + acs], a[q + 2 * acs], a[q + 3 * acs], rowsOfB[12], rowsOfB[13], rowsOfB[14], rowsOfB[15], s, totals[r],
                    n);
        }
    }

    private static void first4Pair(float[] a, int ap, int aq, int acs, float[] b0, float[] b1, float[] b2, float[] b3, float[] s,
                                   float[] u, int n) {
        float x0 = a[ap];
        float x1 = a[ap + acs];
        float x2 = a[ap + 2 * acs];
        float x3 = a[ap + 3 * acs];
        float y0 = a[aq];
        float y1 = a[aq + acs];
        float y2 = a[aq + 2 * acs];
        float y3 = a[aq + 3 * acs];
        for (int j = 0; j < n; j++) {
            float v0 = b0[j];
            float v1 = b1[j];
            float v2 = b2[j];
            float v3 = b3[j];
            s[j] = Math.fma(x3, v3, Math.fma(x2, v2, Math.fma(x1, v1, x0 * v0)));
            u[j] = Math.fma(y3, v3, Math.fma(y2, v2, Math.fma(y1, v1, y0 * v0)));
        }
    }

    private static void chain4Pair(float[] a, int ap, int aq, int acs, float[] b0, float[] b1, float[] b2, float[] b3, float[] s,
                                   float[] u, int n) {
        float x0 = a[ap];
        float x1 = a[ap + acs];
        float x2 = a[ap + 2 * acs];
        float x3 = a[ap + 3 * acs];
        float y0 = a[aq];
        float y1 = a[aq + acs];
        float y2 = a[aq + 2 * acs];
        float y3 = a[aq + 3 * acs];
        for (int j = 0; j < n; j++) {
            float v0 = b0[j];
            float v1 = b1[j];
            float v2 = b2[j];
            float v3 = b3[j];
            s[j] = Math.fma(x3, v3, Math.fma(x2, v2, Math.fma(x1, v1, Math.fma(x0, v0, s[j]))));
            u[j] = Math.fma(y3, v3, Math.fma(y2, v2, Math.fma(y1, v1, Math.fma(y0, v0, u[j]))));
        }
    }

    private static void last4Pair(float[] a, int ap, int aq, int acs, float[] b0, float[] b1, float[] b2, float[] b3, float[] s,
                                  float[] u, float[] t, float[] w, int n) {
        float x0 = a[ap];
        float x1 = a[ap + acs];
        float x2 = a[ap + 2 * acs];
        float x3 = a[ap + 3 * acs];
        float y0 = a[aq];
        float y1 = a[aq + acs];
        float y2 = a[aq + 2 * acs];
        float y3 = a[aq + 3 * acs];
        for (int j = 0; j < n; j++) {
            float v0 = b0[j];
            float v1 = b1[j];
            float v2 = b2[j];
            float v3 = b3[j];
            t[j] += Math.fma(x3, v3, Math.fma(x2, v2, Math.fma(x1, v1, Math.fma(x0, v0, s[j]))));
            w[j] += Math.fma(y3, v3, Math.fma(y2, v2, Math.fma(y1, v1, Math.fma(y0, v0, u[j]))));
        }
    }

    /** One row of {@link #blockIntoTotals} for the last block of a panel, {@code pe < 16} rows of B. */
    private static void shortBlock(float[] a, int ap, int acs, float[][] rowsOfB, int pe, float[] s, float[] t, int n) {
        Arrays.fill(s, 0, n, 0f);
        int q = 0;
        for (; q + 3 < pe; q += 4, ap += 4 * acs) {
            chain4(a[ap], a[ap + acs], a[ap + 2 * acs], a[ap + 3 * acs], rowsOfB[q], rowsOfB[q + 1], rowsOfB[q + 2], rowsOfB[q + 3], s, n);
        }
        for (; q < pe; q++, ap += acs) {
            chain1(a[ap], rowsOfB[q], s, n);
        }
        addRow(s, t, n);
    }

    private static void first4(float x0, float x1, float x2, float x3, float[] b0, float[] b1, float[] b2, float[] b3, float[] s,
                               int n) {
        for (int j = 0; j < n; j++) {
            float v = x0 * b0[j];
            v = Math.fma(x1, b1[j], v);
            v = Math.fma(x2, b2[j], v);
            s[j] = Math.fma(x3, b3[j], v);
        }
    }

    private static void chain4(float x0, float x1, float x2, float x3, float[] b0, float[] b1, float[] b2, float[] b3, float[] s,
                               int n) {
        for (int j = 0; j < n; j++) {
            float v = Math.fma(x0, b0[j], s[j]);
            v = Math.fma(x1, b1[j], v);
            v = Math.fma(x2, b2[j], v);
            s[j] = Math.fma(x3, b3[j], v);
        }
    }

    private static void last4(float x0, float x1, float x2, float x3, float[] b0, float[] b1, float[] b2, float[] b3, float[] s,
                              float[] t, int n) {
        for (int j = 0; j < n; j++) {
            float v = Math.fma(x0, b0[j], s[j]);
            v = Math.fma(x1, b1[j], v);
            v = Math.fma(x2, b2[j], v);
            t[j] += Math.fma(x3, b3[j], v);
        }
    }

    private static void chain1(float x, float[] b, float[] s, int n) {
        for (int j = 0; j < n; j++) {
            s[j] = Math.fma(x, b[j], s[j]);
        }
    }

    /** {@code c[j] += t[j]}. */
    private static void addRow(float[] t, float[] c, int n) {
        for (int j = 0; j < n; j++) {
            c[j] += t[j];
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

    /** {@code a[i] = tanh(a[i])}, element for element {@link ActivationKernels#tanh}, as the Vector kernels compute it. */
    static void tanhInPlace(float[] a, int off, int n) {
        Scratch scratch = SCRATCH.get();
        float[] x = scratch.activationIn;
        float[] y = scratch.activationOut;
        // in chunks, through arrays of their own indexed from 0 (see the class comment): a loop that
        // evaluates the rational form, vectorised, and one that passes tiny arguments through, whose
        // select keeps any loop it is in scalar
        for (int i0 = off; i0 < off + n; i0 += ACTIVATION_CHUNK) {
            int len = Math.min(ACTIVATION_CHUNK, off + n - i0);
            System.arraycopy(a, i0, x, 0, len);
            for (int i = 0; i < len; i++) {
                y[i] = ActivationKernels.rationalTanh(x[i]);
            }
            for (int i = 0; i < len; i++) {
                a[i0 + i] = Math.abs(x[i]) < ActivationKernels.TANH_TINY ? x[i] : y[i];
            }
        }
    }

    /**
     * {@code a[i] = σ(a[i])}, element for element {@link ActivationKernels#sigmoid}, as the Vector kernels
     * compute it: {@code 0.5 + 0.5·tanh(x / 2)} in three vectorised passes, the middle one {@link #tanhInPlace}.
     */
    static void sigmoidInPlace(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = 0.5f * a[i];
        }
        tanhInPlace(a, off, n);
        for (int i = off; i < off + n; i++) {
            a[i] = 0.5f + 0.5f * a[i];
        }
    }
}
