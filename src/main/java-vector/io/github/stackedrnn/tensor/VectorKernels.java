package io.github.stackedrnn.tensor;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products and tanh on the JDK's Vector API ({@code jdk.incubator.vector}): a register tile of 4 rows
 * × 3 (or 2) vectors of C stays in registers for the whole sum over a panel of {@code k}, so each loaded vector
 * of B feeds 4 fused multiply-adds and C is read and written once per panel. The tile sums the products
 * from zero (in blocks of 16, each summed from zero and added to the tile's total in registers) and adds
 * C at the end, as {@code (x·W + b) + h·U} is summed in Keras: starting from C would round
 * every product against the larger partial sum.
 *
 * <p>The tiles of one column read the same strip of B (a panel's rows × 3 vectors). Where B's rows are
 * far apart the strip is copied into contiguous memory first, by the product itself when it has rows
 * enough to pay for the copy, or once by the caller for a B that many products share ({@link #packB}):
 * the recurrent kernel, used at every time step. Packing moves data only; the sums and their order
 * stay the same.
 *
 * <p>With 512-bit vectors (32 registers) and B of 16 vectors or more, the tiles are 8 rows × 2 vectors
 * instead, over a copy of A with 8 rows interleaved: fewer loads of B per FMA, which counts where
 * loads straddling two cache lines are dear. One sequence (fewer than 4 rows) runs 1-row tiles of 8
 * vectors, 4 or 2.
 *
 * <p>Compiled separately (it needs {@code --add-modules jdk.incubator.vector}) and loaded by
 * {@link VectorSupport} only when that module is present at run time.
 */
final class VectorKernels implements SimdKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int K_BLOCK = 16;  // products summed from zero before they join the tile's total
    private static final int K_PANEL = 256; // rows of B per panel: a 256 x 3-vector strip is 24 KiB (AVX2)
    // With 32 vector registers (AVX-512), 8 rows x 2 vectors: 2 loads of B per 16 FMAs instead of 3 per 12,
    // which matters where a 512-bit load that straddles two cache lines costs extra (Java arrays are not
    // line-aligned); the 8-row tiles read A from a packed copy, 8 rows interleaved (bench/README.md).
    private static final boolean EIGHT_ROW_TILES = L == 16;
    // from this many vectors of columns on: the copy of A costs about one tile's worth of work per panel, so
    // it pays only where many strips share it (W2's 256 columns, an LSTM's 4 x 128; not 128 columns)
    private static final int EIGHT_ROW_VECTORS = 16;
    // rows of A packed at a time for the 8-row tiles: 128 x 256 floats, 128 KiB, stay in L2
    private static final int ROW_BLOCK = 128;
    // [2L]: L zeros then L ones; L floats read from offset f are 0 except the last f lanes
    private static final float[] LAST_LANES = lastLanes();
    // a product with at least this many rows and columns packs each strip of B it reads (see panel)
    private static final int PACK_ROWS = 64;
    private static final int PACK_COLUMNS = 128;
    // one strip of one panel, packed; per thread, so that products on different threads never share it
    private static final ThreadLocal<float[]> STRIP = ThreadLocal.withInitial(() -> new float[K_PANEL * 3 * L]);
    // a row block of A for the 8-row tiles, 8 rows interleaved; per thread, as STRIP
    private static final ThreadLocal<float[]> ROWS = ThreadLocal.withInitial(() -> new float[ROW_BLOCK * K_PANEL]);
    // firstNonFinite's lanes of a block's sums
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[L]);
    // narrowColumns' B, one padded row per row of a panel, then four padded rows of C
    private static final ThreadLocal<float[]> NARROW = ThreadLocal.withInitial(() -> new float[(K_PANEL + 4) * L]);

    @Override
    public String description() {
        return "Vector API, " + S.vectorBitSize() + "-bit";
    }

    @Override
    public int floatLanes() {
        return L;
    }

    /** {@code C[m, n] += A·B} with element {@code (i, p)} of A at {@code a[aOff + i·ars + p·acs]}. */
    @Override
    public void multAdd(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        multAddPacked(a, aOff, ars, acs, b, bOff, null, c, cOff, m, k, n);
    }

    /**
     * Copies B's strips so each panel's strip is contiguous: the strip at column {@code j} of the panel
     * starting at row {@code p1} ({@code kp} rows) is at {@code p1·n + j·kp}, one row of the strip after
     * the other. Only the columns the 3- and 2-vector strips of a product with at least 4 rows cover,
     * and only for B of at least {@code PACK_COLUMNS} columns.
     */
    @Override
    public void packB(float[] b, int bOff, int k, int n, float[] packed) {
        if (n < PACK_COLUMNS) {
            return; // narrow B stays in L1 as it is; multAddPacked reads B itself then
        }
        int wide = wideStrips(n / L);
        int tiled = tiledColumns(n, wide);
        for (int p1 = 0; p1 < k; p1 += K_PANEL) {
            int kp = Math.min(K_PANEL, k - p1);
            for (int j = 0; j < tiled; j += j < wide * 3 * L ? 3 * L : 2 * L) {
                packStrip(b, bOff + p1 * n + j, n, kp, packed, p1 * n + j * kp, j < wide * 3 * L ? 3 : 2);
            }
        }
    }

    @Override
    public void multAddPacked(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] packedB, float[] c,
                              int cOff, int m, int k, int n) {
        multPacked(a, aOff, ars, acs, b, bOff, packedB, null, 0, c, cOff, m, k, n);
    }

    @Override
    public void multPlusBiasPacked(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] packedB, float[] bias,
                                   int biasOff, float[] c, int cOff, int m, int k, int n) {
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(bias, biasOff, c, cOff + i * n, n);
            }
            return;
        }
        multPacked(a, aOff, ars, acs, b, bOff, packedB, bias, biasOff, c, cOff, m, k, n);
    }

    /** {@code C += A·B}, or with a bias {@code C = bias + A·B}: the bias takes C's place in the first panel's sum. */
    private static void multPacked(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] packedB, float[] bias,
                                   int biasOff, float[] c, int cOff, int m, int k, int n) {
        float[] packed = n < PACK_COLUMNS ? null : packedB; // see packB
        // Panels of K_PANEL rows of B: the strip of a panel one column of tiles reads (K_PANEL x 3 vectors)
        // stays in L1 while the tiles of that column run over it.
        for (int p1 = 0; p1 < k; p1 += K_PANEL) {
            panel(a, aOff + p1 * acs, ars, acs, b, bOff + p1 * n, packed, p1 * n, p1 == 0 ? bias : null, biasOff, c, cOff, m,
                    Math.min(K_PANEL, k - p1), n);
        }
    }

    /**
     * Columns of tiles 3 vectors wide where they fit, 2 wide for the rest: a 1-wide column left over
     * (n = 4 vectors + a multiple of 3) would run at half speed, so 4 vectors go to two 2-wide ones.
     * Wide B on AVX-512 goes to 2-wide strips for the 8-row tiles.
     */
    private static int wideStrips(int vectors) {
        if (eightRowColumns(vectors)) {
            return vectors % 2; // 2-wide strips for the 8-row tiles, and one 3-wide if the count is odd
        }
        return vectors % 3 == 1 && vectors >= 4 ? (vectors - 4) / 3 : vectors / 3;
    }

    /** Whether B's columns go to 2-wide strips, for the 8-row tiles of products with 8 rows or more. */
    private static boolean eightRowColumns(int vectors) {
        return EIGHT_ROW_TILES && vectors >= EIGHT_ROW_VECTORS;
    }

    /** Columns the 3-wide strips and then the 2-wide ones cover. */
    private static int tiledColumns(int n, int wide) {
        int done = wide * 3 * L;
        return done + (n - done) / (2 * L) * 2 * L;
    }

    private static void panel(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] packedB, int pOff,
                              float[] bias, int biasOff, float[] c, int cOff, int m, int k, int n) {
        // Each tile sums its k products in blocks of K_BLOCK: a block is summed from zero in one set of
        // registers and then added to the tile's running total in another, so float rounding grows with
        // the block length, not with k; the total is added to C once, at the end of the panel.
        // With fewer than 4 rows (one sequence's step) there is no 4-row tile: the 2-wide path's 1 x 2
        // tiles then beat a 1 x 2 plus a 1 x 1 per 3-wide column (one FMA chain is latency-bound).
        int wide = m < 4 ? 0 : wideStrips(n / L);
        int tiled = tiledColumns(n, wide);
        int tileRows = m / 4 * 4;
        if (bias != null) {
            // the 4-row tiles of the strips start their sum from the bias row itself; every other tile
            // starts from C, so the bias is copied there first: bias + total either way
            for (int i = 0; i < m; i++) {
                int from = i < tileRows ? tiled : 0;
                System.arraycopy(bias, biasOff + from, c, cOff + i * n + from, n - from);
            }
        }
        // B's rows are n floats apart: from n = 128 on (rows 512 bytes apart), a strip's rows fall into a
        // few of L1's cache sets and do not stay in L1 from one tile to the next. Packed, they do; packing
        // pays once enough tiles reuse the strip. Narrower B stays in L1 as it is.
        float[] strip = packedB == null && m >= PACK_ROWS && n >= PACK_COLUMNS ? STRIP.get() : null;
        boolean eightRows = m >= 8 && eightRowColumns(n / L);
        float[] rows = eightRows ? ROWS.get() : null;
        int rowBlock = eightRows ? ROW_BLOCK : m;
        for (int r0 = 0; r0 < m; r0 += rowBlock) {
            int r1 = Math.min(m, r0 + rowBlock);
            int packedRows = eightRows ? (r1 - r0) / 8 * 8 : 0;
            if (packedRows > 0) {
                packRows(a, aOff + r0 * ars, ars, acs, packedRows, k, rows);
            }
            stripColumns(a, aOff, ars, acs, b, bOff, packedB, pOff, bias, biasOff, c, cOff, m, k, n, wide, tiled, strip, rows,
                    r0, r1, packedRows);
        }
        int j = tiled;
        for (; j + L <= n; j += L) {
            int i = 0;
            for (; i + 3 < m; i += 4) {
                tile4x1(a, aOff + i * ars, ars, acs, b, bOff + j, c, cOff + i * n + j, k, n);
            }
            for (; i < m; i++) {
                tile1x1(a, aOff + i * ars, acs, b, bOff + j, c, cOff + i * n + j, k, n);
            }
        }
        if (j < n && n >= L) {
            // the last full vector of columns overlaps the done ones: add only its new lanes, by
            // multiplying the others by 0 (a VectorMask would do, but is not intrinsified everywhere
            // on JDK 17 and then allocates on every call)
            int i = 0;
            for (; i + 3 < m; i += 4) {
                tailTile4(a, aOff + i * ars, ars, acs, b, bOff + n - L, c, cOff + i * n + n - L, k, n, n - j);
            }
            for (; i < m; i++) {
                tailTile(a, aOff + i * ars, acs, b, bOff + n - L, c, cOff + i * n + n - L, k, n, n - j);
            }
        } else if (j < n) {
            narrowColumns(a, aOff, ars, acs, b, bOff, c, cOff, m, k, n);
        }
    }

    /**
     * The strips' columns of C for rows {@code r0} to {@code r1}; with a packed row block, its first
     * {@code packedRows} rows in 8-row tiles in the 2-wide strips.
     */
    private static void stripColumns(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] packedB, int pOff,
                                     float[] bias, int biasOff, float[] c, int cOff, int m, int k, int n, int wide, int tiled,
                                     float[] strip, float[] rows, int r0, int r1, int packedRows) {
        for (int j = 0; j < tiled; ) {
            if (m < 4 && j + 8 * L <= tiled) {
                // one sequence's step reads all of B for one row of C: it is bound by how fast B comes from
                // L2, and eight chains per row (512 contiguous bytes of each row of B with 512-bit vectors)
                // keep more loads in flight than four (the sums' order per element is the same)
                for (int i = 0; i < m; i++) {
                    tile1x8(a, aOff + i * ars, acs, b, bOff + j, c, cOff + i * n + j, k, n);
                }
                j += 8 * L;
                continue;
            }
            if (m < 4 && j + 4 * L <= tiled) {
                // four chains per row instead of two keep the FMA units busy where a 1 x 2 tile waits on its
                // chains' latency
                for (int i = 0; i < m; i++) {
                    tile1x4(a, aOff + i * ars, acs, b, bOff + j, c, cOff + i * n + j, k, n);
                }
                j += 4 * L;
                continue;
            }
            int width = j < wide * 3 * L ? 3 : 2;
            // the 4-row tiles read B itself, the strip packed here or the caller's packed copy: one tile
            // method for all three, as a variant that ran rarely would stay in C1, which boxes every vector
            float[] tb = b;
            int tb0 = bOff + j;
            int stride = n;
            if (strip != null) {
                packStrip(b, bOff + j, n, k, strip, 0, width);
                tb = strip;
                tb0 = 0;
                stride = width * L;
            } else if (packedB != null) {
                tb = packedB;
                tb0 = pOff + j * k;
                stride = width * L;
            }
            // what the tiles' sums start from: C's rows, or the bias row for each of them
            float[] from = bias != null ? bias : c;
            int fromStride = bias != null ? 0 : n;
            int from0 = (bias != null ? biasOff : cOff) + j;
            int i = r0;
            for (; i < r0 + packedRows && width == 2; i += 8) {
                tile8x2(rows, (i - r0) * k, tb, tb0, stride, from, from0 + i * fromStride, fromStride, c, cOff + i * n + j, k, n);
            }
            for (; i + 3 < r1; i += 4) {
                if (width == 3) {
                    tile4x3(a, aOff + i * ars, ars, acs, tb, tb0, stride, from, from0 + i * fromStride, fromStride, c, cOff + i * n + j,
                            k, n);
                } else {
                    tile4x2(a, aOff + i * ars, ars, acs, tb, tb0, stride, from, from0 + i * fromStride, fromStride, c, cOff + i * n + j,
                            k, n);
                }
            }
            for (; i < r1; i++) {
                tile1x2(a, aOff + i * ars, acs, b, bOff + j, c, cOff + i * n + j, k, n);
                if (width == 3) {
                    tile1x1(a, aOff + i * ars, acs, b, bOff + j + 2 * L, c, cOff + i * n + j + 2 * L, k, n);
                }
            }
            j += width * L;
        }
    }

    /** Copies {@code count} rows of A (a multiple of 8), {@code k} columns each, as groups of 8 rows interleaved column by column. */
    private static void packRows(float[] a, int a0, int ars, int acs, int count, int k, float[] out) {
        for (int g = 0; g < count; g += 8) {
            int q0 = g * k;
            for (int r = 0; r < 8; r++) {
                int ap = a0 + (g + r) * ars;
                for (int p = 0, q = q0 + r; p < k; p++, ap += acs, q += 8) {
                    out[q] = a[ap];
                }
            }
        }
    }

    /**
     * 4 rows × 3 vectors of C: 12 independent fused multiply-add chains, enough to hide the FMA latency
     * on AVX2 (2 per cycle, 4–5 cycles each), where the 4 × 2 tile's 8 leave the FMA units idle; 7 loads
     * (3 of B, 4 broadcasts of A) feed 12 FMAs. The 12 block sums, 3 vectors of B and the broadcast fill
     * the 16 registers; the 12 totals are touched once per block, so C2 keeps them on the stack. Row
     * {@code p} of B starts at {@code b0 + p·bStride}: {@code n} in B itself, {@code 3·L} in a packed strip.
     */
    private static void tile4x3(float[] a, int a0, int ars, int acs, float[] b, int b0, int bStride, float[] from, int f0,
                                int fStride, float[] c, int c0, int k, int n) {
        FloatVector t00 = FloatVector.zero(S);
        FloatVector t01 = FloatVector.zero(S);
        FloatVector t02 = FloatVector.zero(S);
        FloatVector t10 = FloatVector.zero(S);
        FloatVector t11 = FloatVector.zero(S);
        FloatVector t12 = FloatVector.zero(S);
        FloatVector t20 = FloatVector.zero(S);
        FloatVector t21 = FloatVector.zero(S);
        FloatVector t22 = FloatVector.zero(S);
        FloatVector t30 = FloatVector.zero(S);
        FloatVector t31 = FloatVector.zero(S);
        FloatVector t32 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int pe = Math.min(K_BLOCK, k - p0);
            // The block's first products start its sums: x·v is fma(x, v, 0) up to the sign of a zero, which
            // adding the sum to the total (from +0) erases, so C gets the same bits. No zero vector is then
            // live across the loop below: on JDK 17, C2 kept one in about half of its compilations and
            // spilled a register for it inside the loop (7% slower W2 training over 6 JMH forks each).
            FloatVector v0 = FloatVector.fromArray(S, b, bp);
            FloatVector v1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector v2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            FloatVector s00 = x.mul(v0);
            FloatVector s01 = x.mul(v1);
            FloatVector s02 = x.mul(v2);
            x = FloatVector.broadcast(S, a[ap + ars]);
            FloatVector s10 = x.mul(v0);
            FloatVector s11 = x.mul(v1);
            FloatVector s12 = x.mul(v2);
            x = FloatVector.broadcast(S, a[ap + 2 * ars]);
            FloatVector s20 = x.mul(v0);
            FloatVector s21 = x.mul(v1);
            FloatVector s22 = x.mul(v2);
            x = FloatVector.broadcast(S, a[ap + 3 * ars]);
            FloatVector s30 = x.mul(v0);
            FloatVector s31 = x.mul(v1);
            FloatVector s32 = x.mul(v2);
            ap += acs;
            bp += bStride;
            for (int p = 1; p < pe; p++, ap += acs, bp += bStride) {
                v0 = FloatVector.fromArray(S, b, bp);
                v1 = FloatVector.fromArray(S, b, bp + L);
                v2 = FloatVector.fromArray(S, b, bp + 2 * L);
                x = FloatVector.broadcast(S, a[ap]);
                s00 = x.fma(v0, s00);
                s01 = x.fma(v1, s01);
                s02 = x.fma(v2, s02);
                x = FloatVector.broadcast(S, a[ap + ars]);
                s10 = x.fma(v0, s10);
                s11 = x.fma(v1, s11);
                s12 = x.fma(v2, s12);
                x = FloatVector.broadcast(S, a[ap + 2 * ars]);
                s20 = x.fma(v0, s20);
                s21 = x.fma(v1, s21);
                s22 = x.fma(v2, s22);
                x = FloatVector.broadcast(S, a[ap + 3 * ars]);
                s30 = x.fma(v0, s30);
                s31 = x.fma(v1, s31);
                s32 = x.fma(v2, s32);
            }
            t00 = t00.add(s00);
            t01 = t01.add(s01);
            t02 = t02.add(s02);
            t10 = t10.add(s10);
            t11 = t11.add(s11);
            t12 = t12.add(s12);
            t20 = t20.add(s20);
            t21 = t21.add(s21);
            t22 = t22.add(s22);
            t30 = t30.add(s30);
            t31 = t31.add(s31);
            t32 = t32.add(s32);
        }
        FloatVector.fromArray(S, from, f0).add(t00).intoArray(c, c0);
        FloatVector.fromArray(S, from, f0 + L).add(t01).intoArray(c, c0 + L);
        FloatVector.fromArray(S, from, f0 + 2 * L).add(t02).intoArray(c, c0 + 2 * L);
        FloatVector.fromArray(S, from, f0 + fStride).add(t10).intoArray(c, c0 + n);
        FloatVector.fromArray(S, from, f0 + fStride + L).add(t11).intoArray(c, c0 + n + L);
        FloatVector.fromArray(S, from, f0 + fStride + 2 * L).add(t12).intoArray(c, c0 + n + 2 * L);
        FloatVector.fromArray(S, from, f0 + 2 * fStride).add(t20).intoArray(c, c0 + 2 * n);
        FloatVector.fromArray(S, from, f0 + 2 * fStride + L).add(t21).intoArray(c, c0 + 2 * n + L);
        FloatVector.fromArray(S, from, f0 + 2 * fStride + 2 * L).add(t22).intoArray(c, c0 + 2 * n + 2 * L);
        FloatVector.fromArray(S, from, f0 + 3 * fStride).add(t30).intoArray(c, c0 + 3 * n);
        FloatVector.fromArray(S, from, f0 + 3 * fStride + L).add(t31).intoArray(c, c0 + 3 * n + L);
        FloatVector.fromArray(S, from, f0 + 3 * fStride + 2 * L).add(t32).intoArray(c, c0 + 3 * n + 2 * L);
    }

    /**
     * 8 rows × 2 vectors of C, A read from {@link #packRows}' copy (the 8 values of one column side by side, so
     * the 8 broadcasts need one index): 16 FMA chains fed by 2 loads of B and 8 broadcasts. The 16 block sums,
     * B's 2 vectors and the broadcast take 19 of the 32 registers; C2 keeps most of the 16 totals in the rest.
     */
    private static void tile8x2(float[] pa, int pa0, float[] b, int b0, int bStride, float[] from, int f0, int fStride,
                                float[] c, int c0, int k, int n) {
        FloatVector t00 = FloatVector.zero(S);
        FloatVector t01 = FloatVector.zero(S);
        FloatVector t10 = FloatVector.zero(S);
        FloatVector t11 = FloatVector.zero(S);
        FloatVector t20 = FloatVector.zero(S);
        FloatVector t21 = FloatVector.zero(S);
        FloatVector t30 = FloatVector.zero(S);
        FloatVector t31 = FloatVector.zero(S);
        FloatVector t40 = FloatVector.zero(S);
        FloatVector t41 = FloatVector.zero(S);
        FloatVector t50 = FloatVector.zero(S);
        FloatVector t51 = FloatVector.zero(S);
        FloatVector t60 = FloatVector.zero(S);
        FloatVector t61 = FloatVector.zero(S);
        FloatVector t70 = FloatVector.zero(S);
        FloatVector t71 = FloatVector.zero(S);
        int ap = pa0;
        int bp = b0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int pe = Math.min(K_BLOCK, k - p0);
            // the block's first products start its sums, as in tile4x3
            FloatVector v0 = FloatVector.fromArray(S, b, bp);
            FloatVector v1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, pa[ap]);
            FloatVector s00 = x.mul(v0);
            FloatVector s01 = x.mul(v1);
            x = FloatVector.broadcast(S, pa[ap + 1]);
            FloatVector s10 = x.mul(v0);
            FloatVector s11 = x.mul(v1);
            x = FloatVector.broadcast(S, pa[ap + 2]);
            FloatVector s20 = x.mul(v0);
            FloatVector s21 = x.mul(v1);
            x = FloatVector.broadcast(S, pa[ap + 3]);
            FloatVector s30 = x.mul(v0);
            FloatVector s31 = x.mul(v1);
            x = FloatVector.broadcast(S, pa[ap + 4]);
            FloatVector s40 = x.mul(v0);
            FloatVector s41 = x.mul(v1);
            x = FloatVector.broadcast(S, pa[ap + 5]);
            FloatVector s50 = x.mul(v0);
            FloatVector s51 = x.mul(v1);
            x = FloatVector.broadcast(S, pa[ap + 6]);
            FloatVector s60 = x.mul(v0);
            FloatVector s61 = x.mul(v1);
            x = FloatVector.broadcast(S, pa[ap + 7]);
            FloatVector s70 = x.mul(v0);
            FloatVector s71 = x.mul(v1);
            ap += 8;
            bp += bStride;
            for (int p = 1; p < pe; p++, ap += 8, bp += bStride) {
                v0 = FloatVector.fromArray(S, b, bp);
                v1 = FloatVector.fromArray(S, b, bp + L);
                x = FloatVector.broadcast(S, pa[ap]);
                s00 = x.fma(v0, s00);
                s01 = x.fma(v1, s01);
                x = FloatVector.broadcast(S, pa[ap + 1]);
                s10 = x.fma(v0, s10);
                s11 = x.fma(v1, s11);
                x = FloatVector.broadcast(S, pa[ap + 2]);
                s20 = x.fma(v0, s20);
                s21 = x.fma(v1, s21);
                x = FloatVector.broadcast(S, pa[ap + 3]);
                s30 = x.fma(v0, s30);
                s31 = x.fma(v1, s31);
                x = FloatVector.broadcast(S, pa[ap + 4]);
                s40 = x.fma(v0, s40);
                s41 = x.fma(v1, s41);
                x = FloatVector.broadcast(S, pa[ap + 5]);
                s50 = x.fma(v0, s50);
                s51 = x.fma(v1, s51);
                x = FloatVector.broadcast(S, pa[ap + 6]);
                s60 = x.fma(v0, s60);
                s61 = x.fma(v1, s61);
                x = FloatVector.broadcast(S, pa[ap + 7]);
                s70 = x.fma(v0, s70);
                s71 = x.fma(v1, s71);
            }
            t00 = t00.add(s00);
            t01 = t01.add(s01);
            t10 = t10.add(s10);
            t11 = t11.add(s11);
            t20 = t20.add(s20);
            t21 = t21.add(s21);
            t30 = t30.add(s30);
            t31 = t31.add(s31);
            t40 = t40.add(s40);
            t41 = t41.add(s41);
            t50 = t50.add(s50);
            t51 = t51.add(s51);
            t60 = t60.add(s60);
            t61 = t61.add(s61);
            t70 = t70.add(s70);
            t71 = t71.add(s71);
        }
        FloatVector.fromArray(S, from, f0).add(t00).intoArray(c, c0);
        FloatVector.fromArray(S, from, f0 + L).add(t01).intoArray(c, c0 + L);
        FloatVector.fromArray(S, from, f0 + fStride).add(t10).intoArray(c, c0 + n);
        FloatVector.fromArray(S, from, f0 + fStride + L).add(t11).intoArray(c, c0 + n + L);
        FloatVector.fromArray(S, from, f0 + 2 * fStride).add(t20).intoArray(c, c0 + 2 * n);
        FloatVector.fromArray(S, from, f0 + 2 * fStride + L).add(t21).intoArray(c, c0 + 2 * n + L);
        FloatVector.fromArray(S, from, f0 + 3 * fStride).add(t30).intoArray(c, c0 + 3 * n);
        FloatVector.fromArray(S, from, f0 + 3 * fStride + L).add(t31).intoArray(c, c0 + 3 * n + L);
        FloatVector.fromArray(S, from, f0 + 4 * fStride).add(t40).intoArray(c, c0 + 4 * n);
        FloatVector.fromArray(S, from, f0 + 4 * fStride + L).add(t41).intoArray(c, c0 + 4 * n + L);
        FloatVector.fromArray(S, from, f0 + 5 * fStride).add(t50).intoArray(c, c0 + 5 * n);
        FloatVector.fromArray(S, from, f0 + 5 * fStride + L).add(t51).intoArray(c, c0 + 5 * n + L);
        FloatVector.fromArray(S, from, f0 + 6 * fStride).add(t60).intoArray(c, c0 + 6 * n);
        FloatVector.fromArray(S, from, f0 + 6 * fStride + L).add(t61).intoArray(c, c0 + 6 * n + L);
        FloatVector.fromArray(S, from, f0 + 7 * fStride).add(t70).intoArray(c, c0 + 7 * n);
        FloatVector.fromArray(S, from, f0 + 7 * fStride + L).add(t71).intoArray(c, c0 + 7 * n + L);
    }

    private static void tile4x2(float[] a, int a0, int ars, int acs, float[] b, int b0, int bStride, float[] from, int f0,
                                int fStride, float[] c, int c0, int k, int n) {
        FloatVector t00 = FloatVector.zero(S);
        FloatVector t01 = FloatVector.zero(S);
        FloatVector t10 = FloatVector.zero(S);
        FloatVector t11 = FloatVector.zero(S);
        FloatVector t20 = FloatVector.zero(S);
        FloatVector t21 = FloatVector.zero(S);
        FloatVector t30 = FloatVector.zero(S);
        FloatVector t31 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int pe = Math.min(K_BLOCK, k - p0);
            FloatVector s00 = FloatVector.zero(S);
            FloatVector s01 = FloatVector.zero(S);
            FloatVector s10 = FloatVector.zero(S);
            FloatVector s11 = FloatVector.zero(S);
            FloatVector s20 = FloatVector.zero(S);
            FloatVector s21 = FloatVector.zero(S);
            FloatVector s30 = FloatVector.zero(S);
            FloatVector s31 = FloatVector.zero(S);
            for (int p = 0; p < pe; p++, ap += acs, bp += bStride) {
                FloatVector v0 = FloatVector.fromArray(S, b, bp);
                FloatVector v1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector x = FloatVector.broadcast(S, a[ap]);
                s00 = x.fma(v0, s00);
                s01 = x.fma(v1, s01);
                x = FloatVector.broadcast(S, a[ap + ars]);
                s10 = x.fma(v0, s10);
                s11 = x.fma(v1, s11);
                x = FloatVector.broadcast(S, a[ap + 2 * ars]);
                s20 = x.fma(v0, s20);
                s21 = x.fma(v1, s21);
                x = FloatVector.broadcast(S, a[ap + 3 * ars]);
                s30 = x.fma(v0, s30);
                s31 = x.fma(v1, s31);
            }
            t00 = t00.add(s00);
            t01 = t01.add(s01);
            t10 = t10.add(s10);
            t11 = t11.add(s11);
            t20 = t20.add(s20);
            t21 = t21.add(s21);
            t30 = t30.add(s30);
            t31 = t31.add(s31);
        }
        FloatVector.fromArray(S, from, f0).add(t00).intoArray(c, c0);
        FloatVector.fromArray(S, from, f0 + L).add(t01).intoArray(c, c0 + L);
        FloatVector.fromArray(S, from, f0 + fStride).add(t10).intoArray(c, c0 + n);
        FloatVector.fromArray(S, from, f0 + fStride + L).add(t11).intoArray(c, c0 + n + L);
        FloatVector.fromArray(S, from, f0 + 2 * fStride).add(t20).intoArray(c, c0 + 2 * n);
        FloatVector.fromArray(S, from, f0 + 2 * fStride + L).add(t21).intoArray(c, c0 + 2 * n + L);
        FloatVector.fromArray(S, from, f0 + 3 * fStride).add(t30).intoArray(c, c0 + 3 * n);
        FloatVector.fromArray(S, from, f0 + 3 * fStride + L).add(t31).intoArray(c, c0 + 3 * n + L);
    }

    /** Copies {@code k} rows of a strip {@code vectors} wide, {@code n} floats apart in B, one after the other. */
    private static void packStrip(float[] b, int b0, int n, int k, float[] out, int q0, int vectors) {
        int width = vectors * L;
        for (int p = 0, bp = b0, q = q0; p < k; p++, bp += n, q += width) {
            FloatVector.fromArray(S, b, bp).intoArray(out, q);
            FloatVector.fromArray(S, b, bp + L).intoArray(out, q + L);
            if (vectors == 3) {
                FloatVector.fromArray(S, b, bp + 2 * L).intoArray(out, q + 2 * L);
            }
        }
    }

    private static void tile1x2(float[] a, int a0, int acs, float[] b, int b0, float[] c, int c0, int k, int n) {
        FloatVector t0 = FloatVector.zero(S);
        FloatVector t1 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int pe = Math.min(K_BLOCK, k - p0);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            for (int p = 0; p < pe; p++, ap += acs, bp += n) {
                FloatVector x = FloatVector.broadcast(S, a[ap]);
                s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
                s1 = x.fma(FloatVector.fromArray(S, b, bp + L), s1);
            }
            t0 = t0.add(s0);
            t1 = t1.add(s1);
        }
        FloatVector.fromArray(S, c, c0).add(t0).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(t1).intoArray(c, c0 + L);
    }

    private static void tile1x4(float[] a, int a0, int acs, float[] b, int b0, float[] c, int c0, int k, int n) {
        FloatVector t0 = FloatVector.zero(S);
        FloatVector t1 = FloatVector.zero(S);
        FloatVector t2 = FloatVector.zero(S);
        FloatVector t3 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int pe = Math.min(K_BLOCK, k - p0);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            for (int p = 0; p < pe; p++, ap += acs, bp += n) {
                FloatVector x = FloatVector.broadcast(S, a[ap]);
                s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
                s1 = x.fma(FloatVector.fromArray(S, b, bp + L), s1);
                s2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), s2);
                s3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * L), s3);
            }
            t0 = t0.add(s0);
            t1 = t1.add(s1);
            t2 = t2.add(s2);
            t3 = t3.add(s3);
        }
        FloatVector.fromArray(S, c, c0).add(t0).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(t1).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + 2 * L).add(t2).intoArray(c, c0 + 2 * L);
        FloatVector.fromArray(S, c, c0 + 3 * L).add(t3).intoArray(c, c0 + 3 * L);
    }

    private static void tile1x8(float[] a, int a0, int acs, float[] b, int b0, float[] c, int c0, int k, int n) {
        FloatVector t0 = FloatVector.zero(S);
        FloatVector t1 = FloatVector.zero(S);
        FloatVector t2 = FloatVector.zero(S);
        FloatVector t3 = FloatVector.zero(S);
        FloatVector t4 = FloatVector.zero(S);
        FloatVector t5 = FloatVector.zero(S);
        FloatVector t6 = FloatVector.zero(S);
        FloatVector t7 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int pe = Math.min(K_BLOCK, k - p0);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            FloatVector s4 = FloatVector.zero(S);
            FloatVector s5 = FloatVector.zero(S);
            FloatVector s6 = FloatVector.zero(S);
            FloatVector s7 = FloatVector.zero(S);
            for (int p = 0; p < pe; p++, ap += acs, bp += n) {
                FloatVector x = FloatVector.broadcast(S, a[ap]);
                s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
                s1 = x.fma(FloatVector.fromArray(S, b, bp + L), s1);
                s2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), s2);
                s3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * L), s3);
                s4 = x.fma(FloatVector.fromArray(S, b, bp + 4 * L), s4);
                s5 = x.fma(FloatVector.fromArray(S, b, bp + 5 * L), s5);
                s6 = x.fma(FloatVector.fromArray(S, b, bp + 6 * L), s6);
                s7 = x.fma(FloatVector.fromArray(S, b, bp + 7 * L), s7);
            }
            t0 = t0.add(s0);
            t1 = t1.add(s1);
            t2 = t2.add(s2);
            t3 = t3.add(s3);
            t4 = t4.add(s4);
            t5 = t5.add(s5);
            t6 = t6.add(s6);
            t7 = t7.add(s7);
        }
        FloatVector.fromArray(S, c, c0).add(t0).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(t1).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + 2 * L).add(t2).intoArray(c, c0 + 2 * L);
        FloatVector.fromArray(S, c, c0 + 3 * L).add(t3).intoArray(c, c0 + 3 * L);
        FloatVector.fromArray(S, c, c0 + 4 * L).add(t4).intoArray(c, c0 + 4 * L);
        FloatVector.fromArray(S, c, c0 + 5 * L).add(t5).intoArray(c, c0 + 5 * L);
        FloatVector.fromArray(S, c, c0 + 6 * L).add(t6).intoArray(c, c0 + 6 * L);
        FloatVector.fromArray(S, c, c0 + 7 * L).add(t7).intoArray(c, c0 + 7 * L);
    }

    private static void tile4x1(float[] a, int a0, int ars, int acs, float[] b, int b0, float[] c, int c0, int k, int n) {
        FloatVector t0 = FloatVector.zero(S);
        FloatVector t1 = FloatVector.zero(S);
        FloatVector t2 = FloatVector.zero(S);
        FloatVector t3 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int pe = Math.min(K_BLOCK, k - p0);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            for (int p = 0; p < pe; p++, ap += acs, bp += n) {
                FloatVector v = FloatVector.fromArray(S, b, bp);
                s0 = FloatVector.broadcast(S, a[ap]).fma(v, s0);
                s1 = FloatVector.broadcast(S, a[ap + ars]).fma(v, s1);
                s2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(v, s2);
                s3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(v, s3);
            }
            t0 = t0.add(s0);
            t1 = t1.add(s1);
            t2 = t2.add(s2);
            t3 = t3.add(s3);
        }
        FloatVector.fromArray(S, c, c0).add(t0).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + n).add(t1).intoArray(c, c0 + n);
        FloatVector.fromArray(S, c, c0 + 2 * n).add(t2).intoArray(c, c0 + 2 * n);
        FloatVector.fromArray(S, c, c0 + 3 * n).add(t3).intoArray(c, c0 + 3 * n);
    }

    private static void tile1x1(float[] a, int a0, int acs, float[] b, int b0, float[] c, int c0, int k, int n) {
        FloatVector t = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int pe = Math.min(K_BLOCK, k - p0);
            FloatVector s = FloatVector.zero(S);
            for (int p = 0; p < pe; p++, ap += acs, bp += n) {
                s = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), s);
            }
            t = t.add(s);
        }
        FloatVector.fromArray(S, c, c0).add(t).intoArray(c, c0);
    }

    /** {@link #tailTile} for 4 rows at once: the tail is a seventh of a 50-wide product, so it matters. */
    private static void tailTile4(float[] a, int a0, int ars, int acs, float[] b, int b0, float[] c, int c0, int k, int n,
                                   int freshLanes) {
        FloatVector t0 = FloatVector.zero(S);
        FloatVector t1 = FloatVector.zero(S);
        FloatVector t2 = FloatVector.zero(S);
        FloatVector t3 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int pe = Math.min(K_BLOCK, k - p0);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            for (int p = 0; p < pe; p++, ap += acs, bp += n) {
                FloatVector v = FloatVector.fromArray(S, b, bp);
                s0 = FloatVector.broadcast(S, a[ap]).fma(v, s0);
                s1 = FloatVector.broadcast(S, a[ap + ars]).fma(v, s1);
                s2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(v, s2);
                s3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(v, s3);
            }
            t0 = t0.add(s0);
            t1 = t1.add(s1);
            t2 = t2.add(s2);
            t3 = t3.add(s3);
        }
        FloatVector fresh = FloatVector.fromArray(S, LAST_LANES, freshLanes);
        FloatVector.fromArray(S, c, c0).add(t0.mul(fresh)).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + n).add(t1.mul(fresh)).intoArray(c, c0 + n);
        FloatVector.fromArray(S, c, c0 + 2 * n).add(t2.mul(fresh)).intoArray(c, c0 + 2 * n);
        FloatVector.fromArray(S, c, c0 + 3 * n).add(t3.mul(fresh)).intoArray(c, c0 + 3 * n);
    }

    private static void tailTile(float[] a, int a0, int acs, float[] b, int b0, float[] c, int c0, int k, int n,
                                  int freshLanes) {
        FloatVector t = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int pe = Math.min(K_BLOCK, k - p0);
            FloatVector s = FloatVector.zero(S);
            for (int p = 0; p < pe; p++, ap += acs, bp += n) {
                s = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), s);
            }
            t = t.add(s);
        }
        // a vector passed between methods that C2 does not inline is boxed, so it is loaded here
        FloatVector fresh = FloatVector.fromArray(S, LAST_LANES, freshLanes);
        FloatVector.fromArray(S, c, c0).add(t.mul(fresh)).intoArray(c, c0);
    }

    /**
     * Fewer columns than one vector holds (a softmax head over a few classes), {@code k} at most a panel:
     * {@code c += x·b} in order of k, each product rounded before its sum, as the plain loop. Four rows at
     * a time keep their rows of C in registers: B's rows padded with zeros to a vector each and C's rows
     * copied in and out through a padded slot, so no vector reads or writes past a row.
     */
    private static void narrowColumns(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff,
                                      int m, int k, int n) {
        int i = 0;
        if (m >= 4) {
            float[] w = NARROW.get();
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * n, w, p * L, n);
                Arrays.fill(w, p * L + n, (p + 1) * L, 0f);
            }
            int slot = K_PANEL * L;
            for (; i + 3 < m; i += 4) {
                int ci = cOff + i * n;
                for (int r = 0; r < 4; r++) {
                    System.arraycopy(c, ci + r * n, w, slot + r * L, n);
                }
                FloatVector s0 = FloatVector.fromArray(S, w, slot);
                FloatVector s1 = FloatVector.fromArray(S, w, slot + L);
                FloatVector s2 = FloatVector.fromArray(S, w, slot + 2 * L);
                FloatVector s3 = FloatVector.fromArray(S, w, slot + 3 * L);
                for (int p = 0, ap = aOff + i * ars, bp = 0; p < k; p++, ap += acs, bp += L) {
                    FloatVector v = FloatVector.fromArray(S, w, bp);
                    s0 = s0.add(v.mul(FloatVector.broadcast(S, a[ap])));
                    s1 = s1.add(v.mul(FloatVector.broadcast(S, a[ap + ars])));
                    s2 = s2.add(v.mul(FloatVector.broadcast(S, a[ap + 2 * ars])));
                    s3 = s3.add(v.mul(FloatVector.broadcast(S, a[ap + 3 * ars])));
                }
                s0.intoArray(w, slot);
                s1.intoArray(w, slot + L);
                s2.intoArray(w, slot + 2 * L);
                s3.intoArray(w, slot + 3 * L);
                for (int r = 0; r < 4; r++) {
                    System.arraycopy(w, slot + r * L, c, ci + r * n, n);
                }
            }
        }
        for (; i < m; i++) {
            int ci = cOff + i * n;
            for (int p = 0, ap = aOff + i * ars, bp = bOff; p < k; p++, ap += acs, bp += n) {
                float x = a[ap];
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bp + j];
                }
            }
        }
    }

    @Override
    public void tanhInPlace(float[] a, int off, int n) {
        int i = off;
        // two vectors at a time, their operations interleaved by hand: one vector's chain of dependent
        // operations leaves the FP units idle, and a helper taking vectors as arguments would box them
        // where C2 does not inline it; the same operations as tanh(FloatVector) below, lane for lane
        for (; i + 2 * L <= off + n; i += 2 * L) {
            FloatVector v0 = FloatVector.fromArray(S, a, i);
            FloatVector v1 = FloatVector.fromArray(S, a, i + L);
            FloatVector x0 = v0.max(-ActivationKernels.TANH_CLAMP).min(ActivationKernels.TANH_CLAMP);
            FloatVector x1 = v1.max(-ActivationKernels.TANH_CLAMP).min(ActivationKernels.TANH_CLAMP);
            FloatVector y0 = x0.mul(x0);
            FloatVector y1 = x1.mul(x1);
            FloatVector p0 = y0.fma(ActivationKernels.A13, ActivationKernels.A11);
            FloatVector p1 = y1.fma(ActivationKernels.A13, ActivationKernels.A11);
            FloatVector q0 = y0.fma(ActivationKernels.B6, ActivationKernels.B4);
            FloatVector q1 = y1.fma(ActivationKernels.B6, ActivationKernels.B4);
            p0 = p0.fma(y0, FloatVector.broadcast(S, ActivationKernels.A9));
            p1 = p1.fma(y1, FloatVector.broadcast(S, ActivationKernels.A9));
            q0 = q0.fma(y0, FloatVector.broadcast(S, ActivationKernels.B2));
            q1 = q1.fma(y1, FloatVector.broadcast(S, ActivationKernels.B2));
            p0 = p0.fma(y0, FloatVector.broadcast(S, ActivationKernels.A7));
            p1 = p1.fma(y1, FloatVector.broadcast(S, ActivationKernels.A7));
            q0 = q0.fma(y0, FloatVector.broadcast(S, ActivationKernels.B0));
            q1 = q1.fma(y1, FloatVector.broadcast(S, ActivationKernels.B0));
            p0 = p0.fma(y0, FloatVector.broadcast(S, ActivationKernels.A5));
            p1 = p1.fma(y1, FloatVector.broadcast(S, ActivationKernels.A5));
            p0 = p0.fma(y0, FloatVector.broadcast(S, ActivationKernels.A3));
            p1 = p1.fma(y1, FloatVector.broadcast(S, ActivationKernels.A3));
            p0 = p0.fma(y0, FloatVector.broadcast(S, ActivationKernels.A1));
            p1 = p1.fma(y1, FloatVector.broadcast(S, ActivationKernels.A1));
            p0 = p0.mul(x0);
            p1 = p1.mul(x1);
            p0.div(q0).blend(v0, v0.abs().compare(VectorOperators.LT, ActivationKernels.TANH_TINY)).intoArray(a, i);
            p1.div(q1).blend(v1, v1.abs().compare(VectorOperators.LT, ActivationKernels.TANH_TINY)).intoArray(a, i + L);
        }
        for (; i + L <= off + n; i += L) {
            tanh(FloatVector.fromArray(S, a, i)).intoArray(a, i);
        }
        for (; i < off + n; i++) {
            a[i] = ActivationKernels.tanh(a[i]);
        }
    }

    @Override
    public void sigmoidInPlace(float[] a, int off, int n) {
        int i = off;
        // two vectors at a time, as in tanhInPlace: σ(x) = 0.5 + 0.5·tanh(x / 2) with tanhInPlace's
        // operations on x / 2, lane for lane those of tanh(FloatVector) below. A copy of them, not a call:
        // one helper on the array for both (x / 2 stored and read back) made W4 and W5 predictions 3-5%
        // slower, and one taking vectors would box them where C2 does not inline it
        for (; i + 2 * L <= off + n; i += 2 * L) {
            FloatVector v0 = FloatVector.fromArray(S, a, i).mul(0.5f);
            FloatVector v1 = FloatVector.fromArray(S, a, i + L).mul(0.5f);
            FloatVector x0 = v0.max(-ActivationKernels.TANH_CLAMP).min(ActivationKernels.TANH_CLAMP);
            FloatVector x1 = v1.max(-ActivationKernels.TANH_CLAMP).min(ActivationKernels.TANH_CLAMP);
            FloatVector y0 = x0.mul(x0);
            FloatVector y1 = x1.mul(x1);
            FloatVector p0 = y0.fma(ActivationKernels.A13, ActivationKernels.A11);
            FloatVector p1 = y1.fma(ActivationKernels.A13, ActivationKernels.A11);
            FloatVector q0 = y0.fma(ActivationKernels.B6, ActivationKernels.B4);
            FloatVector q1 = y1.fma(ActivationKernels.B6, ActivationKernels.B4);
            p0 = p0.fma(y0, FloatVector.broadcast(S, ActivationKernels.A9));
            p1 = p1.fma(y1, FloatVector.broadcast(S, ActivationKernels.A9));
            q0 = q0.fma(y0, FloatVector.broadcast(S, ActivationKernels.B2));
            q1 = q1.fma(y1, FloatVector.broadcast(S, ActivationKernels.B2));
            p0 = p0.fma(y0, FloatVector.broadcast(S, ActivationKernels.A7));
            p1 = p1.fma(y1, FloatVector.broadcast(S, ActivationKernels.A7));
            q0 = q0.fma(y0, FloatVector.broadcast(S, ActivationKernels.B0));
            q1 = q1.fma(y1, FloatVector.broadcast(S, ActivationKernels.B0));
            p0 = p0.fma(y0, FloatVector.broadcast(S, ActivationKernels.A5));
            p1 = p1.fma(y1, FloatVector.broadcast(S, ActivationKernels.A5));
            p0 = p0.fma(y0, FloatVector.broadcast(S, ActivationKernels.A3));
            p1 = p1.fma(y1, FloatVector.broadcast(S, ActivationKernels.A3));
            p0 = p0.fma(y0, FloatVector.broadcast(S, ActivationKernels.A1));
            p1 = p1.fma(y1, FloatVector.broadcast(S, ActivationKernels.A1));
            p0 = p0.mul(x0);
            p1 = p1.mul(x1);
            p0.div(q0).blend(v0, v0.abs().compare(VectorOperators.LT, ActivationKernels.TANH_TINY)).mul(0.5f).add(0.5f)
                    .intoArray(a, i);
            p1.div(q1).blend(v1, v1.abs().compare(VectorOperators.LT, ActivationKernels.TANH_TINY)).mul(0.5f).add(0.5f)
                    .intoArray(a, i + L);
        }
        for (; i + L <= off + n; i += L) {
            FloatVector half = FloatVector.fromArray(S, a, i).mul(0.5f);
            tanh(half).mul(0.5f).add(0.5f).intoArray(a, i);
        }
        for (; i < off + n; i++) {
            a[i] = ActivationKernels.sigmoid(a[i]);
        }
    }

    /**
     * {@link ActivationKernels#tanh} on float lanes, the same operations in the same order. Small enough
     * for C2 to inline at each call, so its vectors stay in registers.
     */
    private static FloatVector tanh(FloatVector v) {
        FloatVector x = v.max(-ActivationKernels.TANH_CLAMP).min(ActivationKernels.TANH_CLAMP);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(ActivationKernels.A13, ActivationKernels.A11);
        p = p.fma(x2, FloatVector.broadcast(S, ActivationKernels.A9));
        p = p.fma(x2, FloatVector.broadcast(S, ActivationKernels.A7));
        p = p.fma(x2, FloatVector.broadcast(S, ActivationKernels.A5));
        p = p.fma(x2, FloatVector.broadcast(S, ActivationKernels.A3));
        p = p.fma(x2, FloatVector.broadcast(S, ActivationKernels.A1));
        p = p.mul(x);
        FloatVector q = x2.fma(ActivationKernels.B6, ActivationKernels.B4);
        q = q.fma(x2, FloatVector.broadcast(S, ActivationKernels.B2));
        q = q.fma(x2, FloatVector.broadcast(S, ActivationKernels.B0));
        return p.div(q).blend(v, v.abs().compare(VectorOperators.LT, ActivationKernels.TANH_TINY));
    }

    @Override
    public void sumRowsAdd(float[] a, int aOff, int rows, int cols, float[] out, int outOff) {
        // the column sums stay in registers over all the rows, 4 vectors of columns at a time, where the
        // plain loop loads and stores out[j] for every row (and stays scalar: a and out at different offsets)
        int j = 0;
        for (; j + 4 * L <= cols; j += 4 * L) {
            FloatVector s0 = FloatVector.fromArray(S, out, outOff + j);
            FloatVector s1 = FloatVector.fromArray(S, out, outOff + j + L);
            FloatVector s2 = FloatVector.fromArray(S, out, outOff + j + 2 * L);
            FloatVector s3 = FloatVector.fromArray(S, out, outOff + j + 3 * L);
            for (int i = 0, ai = aOff + j; i < rows; i++, ai += cols) {
                s0 = s0.add(FloatVector.fromArray(S, a, ai));
                s1 = s1.add(FloatVector.fromArray(S, a, ai + L));
                s2 = s2.add(FloatVector.fromArray(S, a, ai + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, a, ai + 3 * L));
            }
            s0.intoArray(out, outOff + j);
            s1.intoArray(out, outOff + j + L);
            s2.intoArray(out, outOff + j + 2 * L);
            s3.intoArray(out, outOff + j + 3 * L);
        }
        for (; j + L <= cols; j += L) {
            FloatVector s0 = FloatVector.fromArray(S, out, outOff + j);
            for (int i = 0, ai = aOff + j; i < rows; i++, ai += cols) {
                s0 = s0.add(FloatVector.fromArray(S, a, ai));
            }
            s0.intoArray(out, outOff + j);
        }
        MatrixKernels.sumRowsAdd(a, aOff, rows, cols, out, outOff, j);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector scale = FloatVector.broadcast(S, alpha);
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector product = FloatVector.fromArray(S, x, xOff + j).mul(scale);
            FloatVector.fromArray(S, y, yOff + j).add(product).intoArray(y, yOff + j);
        }
        MatrixKernels.axpy(alpha, x, xOff, y, yOff, j, n);
    }

    @Override
    public int firstNonFinite(float[] a, int off, int n) {
        // x - x is 0 for a finite x and NaN for NaN or ±∞, so a block's sums of them hold a NaN exactly
        // when the block holds one; only that block is then searched element by element. Only the
        // vector-vector operations the tiles use: on JDK 17, a scalar operand (mul(0f)) or a lane
        // reduction here left the tiles' C2 code calling the Vector API's Java fallbacks in some JVMs
        // (boxing: 3x slower predictions), as profiles of the Vector API's shared methods are shared too
        float[] sums = SUMS.get();
        int block = 64 * L;
        int i = off;
        for (; i + block <= off + n; i += block) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            for (int j = i; j < i + block; j += 2 * L) {
                FloatVector v0 = FloatVector.fromArray(S, a, j);
                FloatVector v1 = FloatVector.fromArray(S, a, j + L);
                s0 = s0.add(v0.sub(v0));
                s1 = s1.add(v1.sub(v1));
            }
            s0.add(s1).intoArray(sums, 0);
            for (int q = 0; q < L; q++) {
                if (sums[q] != 0f) {
                    return MatrixKernels.firstNonFinitePlain(a, i, block);
                }
            }
        }
        return MatrixKernels.firstNonFinitePlain(a, i, off + n - i);
    }

    @Override
    public void addInPlace(float[] acc, int accOff, float[] x, int xOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, acc, accOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(acc, accOff + i);
        }
        ElementwiseKernels.addInPlace(acc, accOff, x, xOff, i, n);
    }

    @Override
    public void multiplyAddInPlace(float[] acc, int accOff, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector product = FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, y, yOff + i));
            FloatVector.fromArray(S, acc, accOff + i).add(product).intoArray(acc, accOff + i);
        }
        ElementwiseKernels.multiplyAddInPlace(acc, accOff, x, xOff, y, yOff, i, n);
    }

    @Override
    public void multiply(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, y, yOff + i)).intoArray(out, outOff + i);
        }
        ElementwiseKernels.multiply(x, xOff, y, yOff, out, outOff, i, n);
    }

    @Override
    public void sumOfProducts(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] d, int dOff, float[] out,
                              int outOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector bv = b == null ? FloatVector.zero(S) : FloatVector.fromArray(S, b, bOff + i);
            FloatVector first = FloatVector.fromArray(S, a, aOff + i).mul(bv);
            FloatVector second = FloatVector.fromArray(S, c, cOff + i).mul(FloatVector.fromArray(S, d, dOff + i));
            first.add(second).intoArray(out, outOff + i);
        }
        ElementwiseKernels.sumOfProducts(a, aOff, b, bOff, c, cOff, d, dOff, out, outOff, i, n);
    }

    @Override
    public void interpolate(float[] u, int uOff, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector w = FloatVector.fromArray(S, u, uOff + i);
            FloatVector av = a == null ? FloatVector.zero(S) : FloatVector.fromArray(S, a, aOff + i);
            FloatVector rest = FloatVector.broadcast(S, 1f).sub(w).mul(FloatVector.fromArray(S, b, bOff + i));
            w.mul(av).add(rest).intoArray(out, outOff + i);
        }
        ElementwiseKernels.interpolate(u, uOff, a, aOff, b, bOff, out, outOff, i, n);
    }

    @Override
    public void lstmStep(float[] z, int zOff, float[] cPrev, int prevOff, float[] c, float[] tanhC, float[] h, int off, int n) {
        // the gates by the in-place kernels (one method holding all five activations' vector code would
        // outgrow what C2 inlines, and a tanh left as a call boxes its vectors); then c, tanh(c) and h in
        // one pass, where three passes and a copy read and wrote the row's state four times
        sigmoidInPlace(z, zOff, 2 * n);
        tanhInPlace(z, zOff + 2 * n, n);
        sigmoidInPlace(z, zOff + 3 * n, n);
        lstmState(z, zOff, cPrev, prevOff, c, tanhC, h, off, n);
    }

    /** {@code c = f·c_prev + i·g}, {@code tanhC = tanh(c)}, {@code h = o·tanh(c)} from the gates' values. */
    private static void lstmState(float[] z, int zOff, float[] cPrev, int prevOff, float[] c, float[] tanhC, float[] h, int off,
                                  int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector i = FloatVector.fromArray(S, z, zOff + j);
            FloatVector f = FloatVector.fromArray(S, z, zOff + n + j);
            FloatVector g = FloatVector.fromArray(S, z, zOff + 2 * n + j);
            FloatVector before = cPrev == null ? FloatVector.zero(S) : FloatVector.fromArray(S, cPrev, prevOff + j);
            FloatVector cj = f.mul(before).add(i.mul(g)); // sumOfProducts' operations
            FloatVector t = tanh(cj);
            cj.intoArray(c, off + j);
            t.intoArray(tanhC, off + j);
            FloatVector.fromArray(S, z, zOff + 3 * n + j).mul(t).intoArray(h, off + j);
        }
        for (; j < n; j++) {
            float before = cPrev == null ? 0f : cPrev[prevOff + j];
            float cj = z[zOff + n + j] * before + z[zOff + j] * z[zOff + 2 * n + j];
            float t = ActivationKernels.tanh(cj);
            c[off + j] = cj;
            tanhC[off + j] = t;
            h[off + j] = z[zOff + 3 * n + j] * t;
        }
    }

    @Override
    public void lstmStepGradients(float[] z, int zOff, float[] tanhC, float[] dh, float[] dc, int off, float[] cPrev,
                                  float[] dcPrev, int prevOff, float[] dz, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector i = FloatVector.fromArray(S, z, zOff + j);
            FloatVector f = FloatVector.fromArray(S, z, zOff + n + j);
            FloatVector g = FloatVector.fromArray(S, z, zOff + 2 * n + j);
            FloatVector o = FloatVector.fromArray(S, z, zOff + 3 * n + j);
            FloatVector dhj = FloatVector.fromArray(S, dh, off + j);
            FloatVector fc = FloatVector.fromArray(S, tanhC, off + j);
            FloatVector dcj = FloatVector.fromArray(S, dc, off + j).add(dhj.mul(o).mul(one.sub(fc.mul(fc))));
            FloatVector before = cPrev == null ? FloatVector.zero(S) : FloatVector.fromArray(S, cPrev, prevOff + j);
            dcj.mul(g).mul(i.mul(one.sub(i))).intoArray(dz, zOff + j);
            dcj.mul(before).mul(f.mul(one.sub(f))).intoArray(dz, zOff + n + j);
            dcj.mul(i).mul(one.sub(g.mul(g))).intoArray(dz, zOff + 2 * n + j);
            dhj.mul(fc).mul(o.mul(one.sub(o))).intoArray(dz, zOff + 3 * n + j);
            if (cPrev != null) {
                FloatVector.fromArray(S, dcPrev, prevOff + j).add(dcj.mul(f)).intoArray(dcPrev, prevOff + j);
            }
        }
        ElementwiseKernels.lstmStepGradients(z, zOff, tanhC, dh, dc, off, cPrev, dcPrev, prevOff, dz, j, n);
    }

    @Override
    public void gruStepGradients(float[] z, float[] rec, int zOff, float[] dh, int off, float[] hPrev, float[] dhPrev, int prevOff,
                                 float[] dz, float[] dr, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector update = FloatVector.fromArray(S, z, zOff + j);
            FloatVector reset = FloatVector.fromArray(S, z, zOff + n + j);
            FloatVector cand = FloatVector.fromArray(S, z, zOff + 2 * n + j);
            FloatVector dhj = FloatVector.fromArray(S, dh, off + j);
            FloatVector before = hPrev == null ? FloatVector.zero(S) : FloatVector.fromArray(S, hPrev, prevOff + j);
            FloatVector dPre = dhj.mul(one.sub(update)).mul(one.sub(cand.mul(cand)));
            FloatVector dUpdate = dhj.mul(before.sub(cand)).mul(update.mul(one.sub(update)));
            FloatVector dReset = dPre.mul(FloatVector.fromArray(S, rec, zOff + 2 * n + j)).mul(reset.mul(one.sub(reset)));
            dUpdate.intoArray(dz, zOff + j);
            dReset.intoArray(dz, zOff + n + j);
            dPre.intoArray(dz, zOff + 2 * n + j);
            dUpdate.intoArray(dr, zOff + j);
            dReset.intoArray(dr, zOff + n + j);
            dPre.mul(reset).intoArray(dr, zOff + 2 * n + j);
            if (hPrev != null) {
                FloatVector.fromArray(S, dhPrev, prevOff + j).add(dhj.mul(update)).intoArray(dhPrev, prevOff + j);
            }
        }
        ElementwiseKernels.gruStepGradients(z, rec, zOff, dh, off, hPrev, dhPrev, prevOff, dz, dr, j, n);
    }

    private static float[] lastLanes() {
        float[] lanes = new float[2 * L];
        java.util.Arrays.fill(lanes, L, 2 * L, 1f);
        return lanes;
    }
}
