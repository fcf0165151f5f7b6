package io.github.stackedrnn.tensor;

/**
 * Kernels that {@link MatrixKernels} and {@link ActivationKernels} delegate to when the JDK's Vector
 * API is available (see {@link VectorSupport}). Each gives the same bits as the scalar kernel it
 * replaces ({@link ScalarKernels} follows their summation order).
 */
interface SimdKernels {
    /**
     * {@code C[m, n] += A·B} with element {@code (i, p)} of A at {@code a[aOff + i·ars + p·acs]} (so one
     * kernel serves A and its transpose), B and C contiguous and row-major.
     */
    void multAdd(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff, int m, int k, int n);

    /** Writes B {@code [k, n]} into {@code packed} (at least {@code k·n} floats) in the layout {@link #multAddPacked} reads. */
    void packB(float[] b, int bOff, int k, int n, float[] packed);

    /**
     * {@link #multAdd}, with B also given as {@link #packB} wrote it (or null): same products in the same
     * order; the packed copy saves re-reading B's strided rows when B is used for many products.
     */
    void multAddPacked(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] packedB, float[] c, int cOff,
                       int m, int k, int n);

    /**
     * {@code C = bias + A·B}, the bias row added to every row of C: the bits of filling C's rows with the
     * bias and then {@link #multAddPacked}, without the pass that fills them.
     */
    void multPlusBiasPacked(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] packedB, float[] bias, int biasOff,
                            float[] c, int cOff, int m, int k, int n);

    /** {@code a[i] = tanh(a[i])} for {@code i} in {@code [off, off + n)}, as {@link ActivationKernels#tanh}. */
    void tanhInPlace(float[] a, int off, int n);

    /** @return floats per vector of the species the products and tanh use */
    int floatLanes();

    /** {@code a[i] = σ(a[i])} for {@code i} in {@code [off, off + n)}, as {@link ActivationKernels#sigmoid}. */
    void sigmoidInPlace(float[] a, int off, int n);

    /** {@link ElementwiseKernels#addInPlace}, with the same bits. */
    void addInPlace(float[] acc, int accOff, float[] x, int xOff, int n);

    /** {@link ElementwiseKernels#multiplyAddInPlace}, with the same bits. */
    void multiplyAddInPlace(float[] acc, int accOff, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@link ElementwiseKernels#multiply}, with the same bits. */
    void multiply(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n);

    /** {@link ElementwiseKernels#sumOfProducts}, with the same bits. */
    void sumOfProducts(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] d, int dOff, float[] out, int outOff,
                       int n);

    /** {@link ElementwiseKernels#interpolate}, with the same bits. */
    void interpolate(float[] u, int uOff, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@link ElementwiseKernels#lstmStep}, with the same bits. */
    void lstmStep(float[] z, int zOff, float[] cPrev, int prevOff, float[] c, float[] tanhC, float[] h, int off, int n);

    /** {@link ElementwiseKernels#lstmStepGradients}, with the same bits. */
    void lstmStepGradients(float[] z, int zOff, float[] tanhC, float[] dh, float[] dc, int off, float[] cPrev, float[] dcPrev,
                           int prevOff, float[] dz, int n);

    /** {@link ElementwiseKernels#gruStepGradients}, with the same bits. */
    void gruStepGradients(float[] z, float[] rec, int zOff, float[] dh, int off, float[] hPrev, float[] dhPrev, int prevOff,
                          float[] dz, float[] dr, int n);

    /** {@link MatrixKernels#sumRowsAdd}, with the same bits: each column summed row after row, from its value in {@code out}. */
    void sumRowsAdd(float[] a, int aOff, int rows, int cols, float[] out, int outOff);

    /** {@link MatrixKernels#axpy}, with the same bits (each product rounded before its sum). */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** @return the index of the first NaN or infinite value of {@code a[off, off + n)} from {@code off}, or -1 */
    int firstNonFinite(float[] a, int off, int n);

    /** @return a short description for logs, such as {@code Vector API, 256-bit} */
    String description();
}
