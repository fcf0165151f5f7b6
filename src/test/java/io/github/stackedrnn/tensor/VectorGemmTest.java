package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vector API kernels against the scalar ones and a double-precision reference, on RNN shapes. */
class VectorGemmTest {
    private static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    @Test
    void vectorKernelsAreUsedExactlyWhenTheModuleIsPresentAndNotDisabled() {
        boolean disabled = "false".equalsIgnoreCase(System.getProperty(VectorSupport.PROPERTY));
        assertThat(MatrixKernels.vectorized()).isEqualTo(MODULE_PRESENT && !disabled);
        assertThat(MatrixKernels.implementation()).isEqualTo(MatrixKernels.vectorized()
                ? VectorSupport.load().description() : "scalar");
    }

    @Test
    void vectorProductsMatchScalarProductsOnRnnShapes() {
        Gemm vector = MODULE_PRESENT ? VectorSupport.load() : null;
        if (vector == null) {
            return; // nothing to compare: the scalar path is covered by MatrixKernelsTest
        }
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

    private static float[] randomArray(SplittableRandom random, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return out;
    }
}
