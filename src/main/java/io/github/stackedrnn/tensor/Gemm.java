package io.github.stackedrnn.tensor;

/**
 * A matrix-product implementation {@link MatrixKernels} can delegate to: {@code C[m, n] += A·B} with
 * element {@code (i, p)} of A at {@code a[aOff + i·ars + p·acs]} (so one kernel serves A and its
 * transpose) and B, C contiguous and row-major.
 */
interface Gemm {
    void multAdd(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff, int m, int k, int n);

    String description();
}
