package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scalar kernels give the Vector API kernels' bits: against the Vector kernels themselves when the
 * JVM has {@code jdk.incubator.vector} (every shape, edge sizes 0 and 1, odd sizes, both layouts of A,
 * packed B), and on either path against a scalar model of the Vector kernels' summation order for 128-,
 * 256- and 512-bit vectors (the model of {@code VectorKernelsOrderTest}, written out again here).
 */
class ScalarKernelsTest {
    private static final SimdKernels VECTOR =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? VectorSupport.load() : null;

    @Test
    void scalarProductsGiveTheVectorProductsBitsOnEveryShape() {
        Assumptions.assumeTrue(VECTOR != null, "jdk.incubator.vector is not present");
        int lanes = VECTOR.floatLanes();
        SplittableRandom random = new SplittableRandom(3);
        int[] ms = {0, 1, 2, 3, 4, 5, 7, 8, 13, 32, 64, 65, 67, 130};
        int[] ks = {0, 1, 3, 10, 15, 16, 17, 28, 50, 64, 255, 256, 257, 300, 600};
        int[] ns = {0, 1, 4, 7, 8, 9, 15, 16, 17, 31, 33, 50, 64, 100, 128, 129, 256, 300};
        int checked = 0;
        for (int m : ms) {
            for (int k : ks) {
                for (int n : ns) {
                    if ((long) m * k * n > 3_000_000) {
                        continue;
                    }
                    for (boolean transposed : new boolean[] {false, true}) {
                        int aOff = random.nextInt(3);
                        int bOff = random.nextInt(3);
                        int cOff = random.nextInt(3);
                        float[] a = randomArray(random, aOff + m * k + 2);
                        float[] b = randomArray(random, bOff + k * n + 2);
                        float[] c = randomArray(random, cOff + m * n + 2);
                        int ars = transposed ? 1 : k;
                        int acs = transposed ? m : 1;
                        float[] vector = c.clone();
                        VECTOR.multAdd(a, aOff, ars, acs, b, bOff, vector, cOff, m, k, n);
                        float[] packed = new float[k * n];
                        VECTOR.packB(b, bOff, k, n, packed);
                        float[] vectorPacked = c.clone();
                        VECTOR.multAddPacked(a, aOff, ars, acs, b, bOff, packed, vectorPacked, cOff, m, k, n);
                        String shape = String.format("m %d k %d n %d %s, %d lanes", m, k, n, transposed ? "Aᵀ·B" : "A·B", lanes);
                        for (boolean pairs : new boolean[] {false, true}) {
                            float[] scalar = c.clone();
                            ScalarKernels.multAdd(a, aOff, ars, acs, b, bOff, scalar, cOff, m, k, n, lanes, pairs);
                            assertSameBits(shape + (pairs ? ", row pairs" : ""), scalar, vector, cOff, n);
                            assertSameBits(shape + " (packed B)" + (pairs ? ", row pairs" : ""), scalar, vectorPacked, cOff, n);
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(5000);
    }

    @Test
    void thePublicKernelsGiveTheVectorKernelsBits() {
        Assumptions.assumeTrue(VECTOR != null, "jdk.incubator.vector is not present");
        // the lanes the scalar path would choose on this JVM are the Vector API's
        assertThat(KernelLanes.fromJvm()).isEqualTo(VECTOR.floatLanes());
        SplittableRandom random = new SplittableRandom(4);
        int m = 37;
        int k = 70;
        int n = 50;
        float[] a = randomArray(random, m * k);
        float[] b = randomArray(random, k * n);
        float[] c = randomArray(random, m * n);
        float[] viaFacade = c.clone();
        MatrixKernels.scalarMultAdd(a, 0, b, 0, viaFacade, 0, m, k, n);
        float[] vector = c.clone();
        VECTOR.multAdd(a, 0, k, 1, b, 0, vector, 0, m, k, n);
        assertSameBits("scalarMultAdd", viaFacade, vector, 0, n);
        float[] t = randomArray(random, m * k);
        float[] viaFacadeT = c.clone();
        MatrixKernels.scalarMultTransAAdd(t, 0, b, 0, viaFacadeT, 0, m, k, n);
        float[] vectorT = c.clone();
        VECTOR.multAdd(t, 0, 1, m, b, 0, vectorT, 0, m, k, n);
        assertSameBits("scalarMultTransAAdd", viaFacadeT, vectorT, 0, n);
    }

    @Test
    void scalarProductsFollowTheVectorOrderForEveryVectorWidth() {
        SplittableRandom random = new SplittableRandom(5);
        int[][] shapes = {{1, 1, 1}, {3, 10, 4}, {5, 17, 7}, {4, 50, 50}, {33, 300, 9}, {9, 513, 17}, {2, 256, 16}, {6, 31, 8},
            {70, 20, 300}, {1, 600, 5000}};
        for (int lanes : new int[] {4, 8, 16}) {
            for (int[] shape : shapes) {
                for (boolean transposed : new boolean[] {false, true}) {
                    int m = shape[0];
                    int k = shape[1];
                    int n = shape[2];
                    float[] a = randomArray(random, m * k + 1);
                    float[] b = randomArray(random, k * n + 1);
                    float[] c = randomArray(random, m * n + 1);
                    int ars = transposed ? 1 : k;
                    int acs = transposed ? m : 1;
                    float[] expected = c.clone();
                    reference(a, 1, ars, acs, b, 1, expected, 1, m, k, n, lanes);
                    for (boolean pairs : new boolean[] {false, true}) {
                        float[] actual = c.clone();
                        ScalarKernels.multAdd(a, 1, ars, acs, b, 1, actual, 1, m, k, n, lanes, pairs);
                        assertSameBits(String.format("m %d k %d n %d, %d lanes%s", m, k, n, lanes, pairs ? ", row pairs" : ""), actual,
                                expected, 1, n);
                    }
                }
            }
        }
    }

    @Test
    void scalarSigmoidGivesTheVectorSigmoidBits() {
        org.junit.jupiter.api.Assumptions.assumeTrue(VECTOR != null, "compares with the Vector API kernels");
        SplittableRandom random = new SplittableRandom(7);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 1e-5f, -7e-4f, 8e-4f, 18f, -19f,
            Float.MIN_VALUE, -Float.MAX_VALUE};
        for (int n : new int[] {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 803, 20_000}) {
            for (int off : new int[] {0, 1, 5}) {
                float[] a = new float[off + n + 2];
                for (int i = 0; i < a.length; i++) {
                    a[i] = random.nextInt(8) == 0 ? special[random.nextInt(special.length)] : (float) (random.nextGaussian() * 4);
                }
                float[] vector = a.clone();
                VECTOR.sigmoidInPlace(vector, off, n);
                float[] scalar = a.clone();
                ScalarKernels.sigmoidInPlace(scalar, off, n);
                assertSameBits("sigmoid n " + n + " off " + off, scalar, vector, 0, 1);
            }
        }
        // arguments whose sigmoid rounds to another float when the rational form is evaluated without fused
        // multiply-adds (found by search for the former double form): both paths must take the fused form
        int[] fmaSensitive = {-1049855270, -1054888767, -1047691123, -1048251038, -1048946142};
        float[] a = new float[4 * VECTOR.floatLanes()];
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.intBitsToFloat(fmaSensitive[i % fmaSensitive.length]);
        }
        float[] vector = a.clone();
        VECTOR.sigmoidInPlace(vector, 0, a.length);
        float[] scalar = a.clone();
        ScalarKernels.sigmoidInPlace(scalar, 0, a.length);
        assertSameBits("sigmoid of fma-sensitive arguments", scalar, vector, 0, 1);
    }

    @Test
    void scalarTanhGivesTheVectorTanhBits() {
        SplittableRandom random = new SplittableRandom(6);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 1e-5f, -3e-4f, 4e-4f, 9f, -9.5f, 40f,
            Float.MIN_VALUE, -Float.MAX_VALUE};
        int checked = 0;
        for (int n : new int[] {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 803, 20_000}) {
            for (int off : new int[] {0, 1, 5}) {
                float[] a = new float[off + n + 2];
                for (int i = 0; i < a.length; i++) {
                    a[i] = random.nextInt(8) == 0 ? special[random.nextInt(special.length)] : (float) (random.nextGaussian() * 3);
                }
                if (VECTOR != null) {
                    float[] vector = a.clone();
                    VECTOR.tanhInPlace(vector, off, n);
                    float[] scalar = a.clone();
                    ScalarKernels.tanhInPlace(scalar, off, n);
                    assertSameBits("tanh n " + n + " off " + off, scalar, vector, 0, 1);
                    checked++;
                }
                // every element, whatever its place in a chunk, takes the fused float form
                float[] scalar = a.clone();
                ScalarKernels.tanhInPlace(scalar, off, n);
                for (int i = 0; i < a.length; i++) {
                    float expected = i < off || i >= off + n ? a[i] : fusedTanh(a[i]);
                    assertThat(Float.floatToRawIntBits(scalar[i])).as("n %d off %d: tanh(%s) at %d", n, off, a[i], i)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
        assertThat(checked).isEqualTo(VECTOR != null ? 42 : 0);
    }

    @Test
    void lanesFollowTheVectorRegisterSize() {
        assertThat(KernelLanes.lanesFor(64)).isEqualTo(16);
        assertThat(KernelLanes.lanesFor(32)).isEqualTo(8);
        assertThat(KernelLanes.lanesFor(16)).isEqualTo(4);
        assertThat(KernelLanes.lanesFor(8)).isEqualTo(2);
        assertThat(KernelLanes.lanesFor(256)).isEqualTo(64);
        assertThat(KernelLanes.lanesFor(48)).isEqualTo(8);
        assertThat(MatrixKernels.LANES).isEqualTo(VECTOR != null ? VECTOR.floatLanes() : KernelLanes.fromJvm());
    }

    /** One lane of the vector tanh, written out: XLA's rational form in float with fused multiply-adds. */
    private static float fusedTanh(float v) {
        float x = Math.min(Math.max(v, -7.99881172180175781f), 7.99881172180175781f);
        float x2 = x * x;
        float p = Math.fma(x2, -2.76076847742355e-16f, 2.00018790482477e-13f);
        for (float coefficient : new float[] {-8.60467152213735e-11f, 5.12229709037114e-08f, 1.48572235717979e-05f,
            6.37261928875436e-04f, 4.89352455891786e-03f}) {
            p = Math.fma(p, x2, coefficient);
        }
        p = p * x;
        float q = Math.fma(x2, 1.19825839466702e-06f, 1.18534705686654e-04f);
        q = Math.fma(q, x2, 2.26843463243900e-03f);
        q = Math.fma(q, x2, 4.89352518554385e-03f);
        return Math.abs(v) < 0.0004f ? v : p / q;
    }

    /** The Vector kernels' order, one element at a time (see VectorKernelsOrderTest). */
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
                for (int p1 = 0; p1 < k; p1 += 256) {
                    int pEnd = Math.min(k, p1 + 256);
                    float total = 0f;
                    for (int p0 = p1; p0 < pEnd; p0 += 16) {
                        float sum = 0f;
                        for (int p = p0; p < Math.min(pEnd, p0 + 16); p++) {
                            sum = Math.fma(a[aOff + i * ars + p * acs], b[bOff + p * n + j], sum);
                        }
                        total += sum;
                    }
                    c[ci] += total;
                }
            }
        }
    }

    private static void assertSameBits(String what, float[] actual, float[] expected, int cOff, int n) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int q = 0; q < actual.length; q++) {
            if (Float.floatToRawIntBits(actual[q]) != Float.floatToRawIntBits(expected[q])) {
                int e = q - cOff;
                throw new AssertionError(String.format("%s: element (%d, %d) is %s, expected %s", what, Math.floorDiv(e, Math.max(1, n)),
                        Math.floorMod(e, Math.max(1, n)), actual[q], expected[q]));
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
