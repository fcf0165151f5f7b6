package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vector API products bit for bit against a scalar reference of their summation order, which the
 * README's learning figures depend on: per panel of 256 rows of B, the products of an element are summed
 * in blocks of 16 (each block a chain of fused multiply-adds from zero, in order of k), the block sums are
 * added in order to a total from zero, and the total is added to C at the end of the panel. Products with
 * fewer columns than one vector holds are plain {@code c += a·b} in order of k. Whichever tile computes an
 * element, it must get exactly these bits.
 */
class VectorKernelsOrderTest {
    private static final int K_BLOCK = 16;
    private static final int K_PANEL = 256;

    @Test
    void vectorProductsFollowTheBlockedSummationOrderBitForBit() {
        SimdKernels vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? VectorSupport.load() : null;
        Assumptions.assumeTrue(vector != null, "jdk.incubator.vector is not present");
        // "Vector API, 256-bit": floats per vector
        String d = vector.description();
        int lanes = Integer.parseInt(d.substring(d.lastIndexOf(' ') + 1, d.indexOf("-bit"))) / Float.SIZE;
        SplittableRandom random = new SplittableRandom(11);
        // 64 rows and more: the kernel packs B's strips itself; 65 and 67 leave rows past the 4-row tiles
        int[] ms = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 64, 65, 67, 256};
        int[] ks = {10, 50, 128, 256, 300, 1600};
        // 200: with fewer than 4 rows, one-row tiles 8 vectors wide, then 4 (or 2) wide, then the last lanes;
        // 256 and 280 with 512-bit vectors and 8 rows or more: 8 x 2 tiles over row blocks of A (280: after
        // one 3-wide strip, and a tail)
        int[] ns = {1, 7, 8, 10, 15, 16, 50, 100, 128, 200, 256, 280};
        int checked = 0;
        for (int m : ms) {
            for (int k : ks) {
                for (int n : ns) {
                    // the large shapes only with a few widths, to keep the test short
                    if ((m >= 64 && k >= 1600 && n > 50) || (m >= 65 && m < 256 && k >= 300 && n >= 128)
                            || (m == 256 && k >= 300 && n >= 128)) {
                        continue;
                    }
                    for (boolean transposed : new boolean[] {false, true}) {
                        int aOff = random.nextInt(4);
                        int bOff = random.nextInt(4);
                        int cOff = random.nextInt(4);
                        float[] a = randomArray(random, aOff + m * k + 3);
                        float[] b = randomArray(random, bOff + k * n + 2);
                        float[] c = randomArray(random, cOff + m * n + 1);
                        int ars = transposed ? 1 : k;
                        int acs = transposed ? m : 1;
                        float[] expected = c.clone();
                        reference(a, aOff, ars, acs, b, bOff, expected, cOff, m, k, n, lanes);
                        float[] actual = c.clone();
                        vector.multAdd(a, aOff, ars, acs, b, bOff, actual, cOff, m, k, n);
                        String shape = String.format("m %d k %d n %d %s", m, k, n, transposed ? "Aᵀ·B" : "A·B");
                        assertSameBits(shape, actual, expected, cOff, n);
                        // B packed beforehand (as the engine packs the recurrent kernel): the same bits
                        float[] packed = new float[k * n];
                        vector.packB(b, bOff, k, n, packed);
                        float[] viaPacked = c.clone();
                        vector.multAddPacked(a, aOff, ars, acs, b, bOff, packed, viaPacked, cOff, m, k, n);
                        assertSameBits(shape + " with packed B", viaPacked, expected, cOff, n);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1900);
    }

    @Test
    void vectorColumnSumsAddRowAfterRowBitForBit() {
        SimdKernels vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? VectorSupport.load() : null;
        Assumptions.assumeTrue(vector != null, "jdk.incubator.vector is not present");
        SplittableRandom random = new SplittableRandom(12);
        int checked = 0;
        // widths: under a vector, whole groups of 4 vectors, single vectors after them, and tails
        for (int cols : new int[] {1, 7, 16, 17, 31, 64, 65, 80, 100, 128, 130, 256, 512}) {
            for (int rows : new int[] {0, 1, 2, 5, 32, 897}) {
                int aOff = random.nextInt(4);
                int outOff = random.nextInt(4);
                float[] a = randomArray(random, aOff + rows * cols + 2);
                float[] out = randomArray(random, outOff + cols + 3);
                float[] expected = out.clone();
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        expected[outOff + j] += a[aOff + i * cols + j];
                    }
                }
                float[] actual = out.clone();
                vector.sumRowsAdd(a, aOff, rows, cols, actual, outOff);
                assertSameBits(String.format("rows %d cols %d", rows, cols), actual, expected, outOff, cols);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(78);
    }

    @Test
    void vectorAxpyRoundsEachProductBeforeItsSum() {
        SimdKernels vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? VectorSupport.load() : null;
        Assumptions.assumeTrue(vector != null, "jdk.incubator.vector is not present");
        SplittableRandom random = new SplittableRandom(13);
        for (int n : new int[] {0, 1, 15, 16, 17, 33, 1000}) {
            int xOff = random.nextInt(4);
            int yOff = random.nextInt(4);
            float alpha = (float) random.nextGaussian();
            float[] x = randomArray(random, xOff + n + 2);
            float[] y = randomArray(random, yOff + n + 3);
            float[] expected = y.clone();
            for (int j = 0; j < n; j++) {
                expected[yOff + j] += alpha * x[xOff + j];
            }
            float[] actual = y.clone();
            vector.axpy(alpha, x, xOff, actual, yOff, n);
            assertSameBits("axpy n " + n, actual, expected, yOff, Math.max(1, n));
        }
    }

    @Test
    void vectorFirstNonFiniteFindsTheFirstOne() {
        SimdKernels vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? VectorSupport.load() : null;
        Assumptions.assumeTrue(vector != null, "jdk.incubator.vector is not present");
        SplittableRandom random = new SplittableRandom(14);
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        int checked = 0;
        for (int n : new int[] {0, 1, 17, 1023, 1024, 1025, 5000}) {
            for (int off : new int[] {0, 3}) {
                float[] a = randomArray(random, off + n + 2);
                a[0] = Float.NaN; // outside the range when off > 0
                a[a.length - 1] = Float.NaN; // always outside it
                if (off == 0) {
                    a[0] = 1f;
                }
                assertThat(vector.firstNonFinite(a, off, n)).as("n %d off %d, all finite", n, off).isEqualTo(-1);
                a[off + n / 2] = Float.MAX_VALUE; // large is still finite
                assertThat(vector.firstNonFinite(a, off, n)).as("n %d off %d, MAX_VALUE", n, off).isEqualTo(-1);
                for (int q = 0; q < 4 && n > 0; q++) {
                    int first = off + random.nextInt(n);
                    float[] b = a.clone();
                    b[first] = bad[random.nextInt(bad.length)];
                    for (int later = first + 1; later < off + n; later += 1 + random.nextInt(700)) {
                        b[later] = bad[random.nextInt(bad.length)];
                    }
                    assertThat(vector.firstNonFinite(b, off, n)).as("n %d off %d: %s at %d", n, off, b[first], first)
                            .isEqualTo(first);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(48);
    }

    @Test
    void vectorTanhFollowsItsFloatFormulaBitForBit() {
        SimdKernels vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? VectorSupport.load() : null;
        Assumptions.assumeTrue(vector != null, "jdk.incubator.vector is not present");
        SplittableRandom random = new SplittableRandom(5);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 1e-5f, -3e-4f, 4e-4f, 9f, -9.5f, 40f,
            Float.MIN_VALUE, -Float.MAX_VALUE};
        for (int n : new int[] {1, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 100, 803, 12_800}) {
            for (int off : new int[] {0, 1, 3}) {
                float[] a = new float[off + n + 2];
                for (int i = 0; i < a.length; i++) {
                    a[i] = random.nextInt(8) == 0 ? special[random.nextInt(special.length)] : (float) (random.nextGaussian() * 3);
                }
                float[] out = a.clone();
                vector.tanhInPlace(out, off, n);
                // whole vectors and the tail after them alike
                for (int i = 0; i < a.length; i++) {
                    float expected = i < off || i >= off + n ? a[i] : vectorTanh(a[i]);
                    assertThat(Float.floatToRawIntBits(out[i])).as("n %d off %d: tanh(%s) at %d", n, off, a[i], i)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }

    /** One lane of the vector tanh: the rational approximation in float with fused multiply-adds. */
    private static float vectorTanh(float v) {
        float x = Math.min(Math.max(v, -ActivationKernels.TANH_CLAMP), ActivationKernels.TANH_CLAMP);
        float x2 = x * x;
        float p = Math.fma(x2, ActivationKernels.A13, ActivationKernels.A11);
        p = Math.fma(p, x2, ActivationKernels.A9);
        p = Math.fma(p, x2, ActivationKernels.A7);
        p = Math.fma(p, x2, ActivationKernels.A5);
        p = Math.fma(p, x2, ActivationKernels.A3);
        p = Math.fma(p, x2, ActivationKernels.A1);
        p = p * x;
        float q = Math.fma(x2, ActivationKernels.B6, ActivationKernels.B4);
        q = Math.fma(q, x2, ActivationKernels.B2);
        q = Math.fma(q, x2, ActivationKernels.B0);
        return Math.abs(v) < ActivationKernels.TANH_TINY ? v : p / q;
    }

    private static void assertSameBits(String shape, float[] actual, float[] expected, int cOff, int n) {
        for (int q = 0; q < actual.length; q++) {
            if (Float.floatToRawIntBits(actual[q]) != Float.floatToRawIntBits(expected[q])) {
                int e = q - cOff;
                throw new AssertionError(String.format("%s: C(%d, %d) is %s, expected %s", shape, Math.floorDiv(e, n),
                        Math.floorMod(e, n), actual[q], expected[q]));
            }
        }
    }

    /** The order of {@link SimdKernels#multAdd}, one element at a time. */
    private static void reference(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff,
                                  int m, int k, int n, int lanes) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * n + j;
                if (n < lanes) {
                    for (int p = 0; p < k; p++) {
                        c[ci] += a[aOff + i * ars + p * acs] * b[bOff + p * n + j];
                    }
                    continue;
                }
                for (int p1 = 0; p1 < k; p1 += K_PANEL) {
                    float total = 0f;
                    for (int p0 = p1; p0 < Math.min(k, p1 + K_PANEL); p0 += K_BLOCK) {
                        float sum = 0f;
                        for (int p = p0; p < Math.min(Math.min(k, p1 + K_PANEL), p0 + K_BLOCK); p++) {
                            sum = Math.fma(a[aOff + i * ars + p * acs], b[bOff + p * n + j], sum);
                        }
                        total += sum;
                    }
                    c[ci] += total;
                }
            }
        }
    }

    private static float[] randomArray(SplittableRandom random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }
}
