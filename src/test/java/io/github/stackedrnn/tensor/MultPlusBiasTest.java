package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MatrixKernels#multPlusBias} gives the bits of filling C with the bias and then
 * {@link MatrixKernels#multAddPacked}, on every shape class the kernels treat apart (fewer than 4 rows,
 * 4-row tiles and leftover rows, 3- and 2-vector strips, single vectors, the overlapping tail, columns
 * narrower than a vector, more than one panel of k, k = 0), with B packed and not; and writes nothing
 * outside C. Runs on both kernel paths (the scalar one in the {@code -Dstackedrnn.vector=false} execution).
 */
class MultPlusBiasTest {
    @Test
    void equalsTheBiasBroadcastThenTheProduct() {
        SplittableRandom random = new SplittableRandom(42);
        int lanes = MatrixKernels.LANES;
        int[] ms = {1, 3, 4, 5, 9, 64, 67};
        int[] ks = {0, 1, 16, 17, 128, 256, 300};
        int[] ns = {3, lanes - 1, lanes, 2 * lanes + 3, 4 * lanes, 5 * lanes + 7, 8 * lanes, 16 * lanes + 5};
        int checked = 0;
        for (int m : ms) {
            for (int k : ks) {
                for (int n : ns) {
                    if (n <= 0 || (long) m * k * n > 3_000_000) {
                        continue;
                    }
                    float[] a = gaussian(random, 2 + m * k);
                    float[] b = gaussian(random, 3 + k * n);
                    float[] bias = gaussian(random, 5 + n);
                    float[] c = gaussian(random, 7 + m * n + 4); // stale contents, which must not survive
                    float[] expected = c.clone();
                    MatrixKernels.broadcastRows(bias, 5, expected, 7, m, n);
                    MatrixKernels.multAdd(a, 2, b, 3, expected, 7, m, k, n);
                    for (boolean pack : new boolean[] {false, true}) {
                        float[] packed = null;
                        if (pack) {
                            packed = new float[k * n];
                            float[] bSlice = java.util.Arrays.copyOfRange(b, 3, 3 + k * n);
                            MatrixKernels.packRight(bSlice, 0, k, n, packed);
                            float[] actual = c.clone();
                            MatrixKernels.multPlusBias(a, 2, bSlice, 0, packed, bias, 5, actual, 7, m, k, n);
                            assertSameBits(m, k, n, "packed", actual, expected);
                        } else {
                            float[] actual = c.clone();
                            MatrixKernels.multPlusBias(a, 2, b, 3, null, bias, 5, actual, 7, m, k, n);
                            assertSameBits(m, k, n, "unpacked", actual, expected);
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(600);
    }

    private static void assertSameBits(int m, int k, int n, String how, float[] actual, float[] expected) {
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError(String.format("m %d k %d n %d %s (%s): element %d is %s, expected %s", m, k, n, how,
                        MatrixKernels.implementation(), i, actual[i], expected[i]));
            }
        }
    }

    private static float[] gaussian(SplittableRandom random, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
