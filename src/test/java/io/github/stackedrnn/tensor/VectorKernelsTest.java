package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vector API kernels against the scalar ones and double-precision references, on RNN shapes. */
class VectorKernelsTest {
    private static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    @Test
    void vectorKernelsAreUsedExactlyWhenTheModuleIsPresentAndNotDisabled() {
        boolean disabled = "false".equalsIgnoreCase(System.getProperty(VectorSupport.PROPERTY));
        assertThat(MatrixKernels.vectorized()).isEqualTo(MODULE_PRESENT && !disabled);
        assertThat(MatrixKernels.implementation()).isEqualTo(MatrixKernels.vectorized()
                ? VectorSupport.load().description() : VectorSupport.SCALAR_NAME);
    }

    @Test
    void vectorProductsMatchScalarProductsOnRnnShapes() {
        SimdKernels vector = MODULE_PRESENT ? VectorSupport.load() : null;
        // without the module there is nothing to compare (MatrixKernelsTest covers the scalar path): report a skip
        org.junit.jupiter.api.Assumptions.assumeTrue(vector != null, "jdk.incubator.vector is not present");
        SplittableRandom random = new SplittableRandom(7);
        int[][] shapes = {{1, 1, 1}, {1, 50, 50}, {4, 50, 50}, {8, 50, 50}, {7, 10, 50}, {640, 10, 50}, {33, 256, 256},
            {5, 3, 17}, {16, 64, 256}, {3, 1024, 9}, {50, 640, 50}, {2, 0, 5}, {0, 4, 4}, {4, 4, 0}};
        int checked = 0;
        for (int[] shape : shapes) {
            for (boolean transposed : new boolean[] {false, true}) {
                int m = shape[0];
                int k = shape[1];
                int n = shape[2];
                float[] a = randomArray(random, m * k + 3);
                float[] b = randomArray(random, k * n + 5);
                float[] c = randomArray(random, m * n + 2);
                float[] scalar = c.clone();
                float[] vec = c.clone();
                if (transposed) {
                    MatrixKernels.scalarMultTransAAdd(a, 3, b, 5, scalar, 2, m, k, n);
                    vector.multAdd(a, 3, 1, m, b, 5, vec, 2, m, k, n);
                } else {
                    MatrixKernels.scalarMultAdd(a, 3, b, 5, scalar, 2, m, k, n);
                    vector.multAdd(a, 3, k, 1, b, 5, vec, 2, m, k, n);
                }
                assertThat(vec[0]).isEqualTo(c[0]);
                assertThat(vec[1]).isEqualTo(c[1]);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double exact = c[2 + i * n + j];
                        double scale = Math.abs(exact);
                        for (int p = 0; p < k; p++) {
                            double x = transposed ? a[3 + p * m + i] : a[3 + i * k + p];
                            exact += x * b[5 + p * n + j];
                            scale += Math.abs(x * b[5 + p * n + j]);
                        }
                        double tolerance = 4 * Math.ulp(1f) * Math.sqrt(k + 1) * scale + 1e-30;
                        assertThat((double) vec[2 + i * n + j]).as("vector %s %s at (%d, %d)", java.util.Arrays.toString(shape),
                                transposed ? "Aᵀ·B" : "A·B", i, j).isCloseTo(exact, org.assertj.core.data.Offset.offset(tolerance));
                        assertThat((double) scalar[2 + i * n + j]).isCloseTo(exact, org.assertj.core.data.Offset.offset(tolerance));
                    }
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2 * shapes.length);
    }

    @Test
    void vectorTanhIsTheScalarTanhWithin2_7e7OfMathTanhAndHandlesSpecialValues() {
        SimdKernels vector = MODULE_PRESENT ? VectorSupport.load() : null;
        org.junit.jupiter.api.Assumptions.assumeTrue(vector != null, "jdk.incubator.vector is not present");
        int n = 200_003; // not a multiple of any vector length: the scalar tail runs too
        float[] a = new float[n + 2];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i - n / 2) * 1.2e-4f;
        }
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 1e-5f, -3e-4f, 9f, -9.5f, 40f};
        System.arraycopy(special, 0, a, 1, special.length);
        float[] out = a.clone();
        vector.tanhInPlace(out, 1, n);
        assertThat(out[0]).isEqualTo(a[0]);
        assertThat(out[n + 1]).isEqualTo(a[n + 1]);
        assertThat(out[1]).isNaN();
        assertThat(out[2]).isEqualTo(1f);
        assertThat(out[3]).isEqualTo(-1f);
        assertThat(Float.floatToIntBits(out[4])).isEqualTo(Float.floatToIntBits(-0f));
        assertThat(out[5]).isEqualTo(1e-5f);
        double worst = 0;
        for (int i = 2; i <= n; i++) {
            worst = Math.max(worst, Math.abs(out[i] - Math.tanh(a[i])));
            assertThat(Float.floatToRawIntBits(out[i])).as("tanh(%s)", a[i]).isEqualTo(Float.floatToRawIntBits(ActivationKernels.tanh(a[i])));
        }
        assertThat(worst).isLessThan(2.7e-7);
    }

    private static float[] randomArray(SplittableRandom random, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return out;
    }
}
