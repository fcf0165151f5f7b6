package io.github.stackedrnn.tensor;

/**
 * Kernels that answer with positions rather than values. A tensor seen along one axis is
 * {@code [outer, n, inner]}: the element {@code (o, i, j)} is {@code x[(o * n + i) * inner + j]}.
 */
final class IndexKernels {
    private IndexKernels() {
    }

    /**
     * NumPy's {@code argmax} along the middle axis of {@code x [outer, n, inner]} into
     * {@code out [outer, inner]}: the lowest index of the largest value, a NaN counting as larger than
     * any number (so the first NaN wins, as in NumPy).
     */
    static void argMax(float[] x, int outer, int n, int inner, int[] out) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = o * n * inner + j;
                int best = 0;
                float max = x[base];
                for (int i = 1; i < n && !Float.isNaN(max); i++) {
                    float v = x[base + i * inner];
                    if (v > max || Float.isNaN(v)) {
                        max = v;
                        best = i;
                    }
                }
                out[o * inner + j] = best;
            }
        }
    }
}
