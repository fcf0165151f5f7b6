package io.github.stackedrnn.tensor;

/**
 * Dense row-major matrix kernels on flat {@code float[]} arrays.
 *
 * <p>Every matrix is given as (array, offset) and is contiguous and row-major: element {@code (i, j)}
 * of an {@code [rows, cols]} matrix is {@code array[offset + i * cols + j]}. Inputs come first, the
 * output last. The suffix {@code Add} means "accumulate into the output": {@code multAdd} computes
 * {@code C += A·B}; zeroing is the caller's explicit choice. Outputs must not overlap inputs.
 *
 * <p>The products run on the JDK's Vector API when the JVM has {@code jdk.incubator.vector}, and
 * otherwise on scalar loops that C2's auto-vectoriser turns into SIMD code; both sum every element in
 * the same order with the same fused multiply-adds, so both give the same bits on the same machine.
 * {@link #implementation()} says which runs.
 *
 * <pre>{@code
 * System.out.println(MatrixKernels.implementation());   // which kernels run: Vector API or scalar
 * float[] a = {1, 2, 3, 4};                                 // [2, 2]
 * float[] b = {5, 6, 7, 8};                                 // [2, 2]
 * float[] c = new float[4];
 * MatrixKernels.multAdd(a, 0, b, 0, c, 0, 2, 2, 2);         // c += a·b = {19, 22, 43, 50}
 * }</pre>
 */
public final class MatrixKernels {
    static final SimdKernels VECTOR = VectorSupport.load();
    /** Floats per vector of the Vector API's preferred species, whose summation order both paths follow. */
    static final int LANES = VECTOR != null ? VECTOR.floatLanes() : KernelLanes.fromJvm();
    static final String DESCRIPTION = VectorSupport.describe(VECTOR, LANES);

    static {
        VectorSupport.announce(DESCRIPTION);
    }

    private MatrixKernels() {
    }

    /**
     * Whether the matrix products run on the JDK's Vector API: true when the JVM was started with
     * {@code --add-modules jdk.incubator.vector} (and {@code -Dstackedrnn.vector=false} was not given).
     * Both paths give the same bits.
     *
     * @return true if the Vector API kernels are in use
     */
    public static boolean vectorized() {
        return VECTOR != null;
    }

    /**
     * Which kernels the matrix products and tanh use: {@code Vector API, 512-bit} (the vector width) or
     * {@code scalar (auto-vectorised)}.
     *
     * @return the kernels' name, for logs and benchmark reports
     */
    public static String implementation() {
        return VECTOR == null ? VectorSupport.SCALAR_NAME : VECTOR.description();
    }

    /**
     * The line logged at INFO when the kernels are first used: {@link #implementation()} and, on the
     * scalar path, the JVM option that selects the Vector API kernels and what it gained in our benchmarks.
     *
     * @return the kernels in use and how to get the faster ones
     */
    public static String description() {
        return DESCRIPTION;
    }

    /**
     * {@code C[m, n] += A[m, k] · B[k, n]}.
     *
     * @param a    the left operand, {@code [m, k]}
     * @param aOff offset of {@code A} in {@code a}
     * @param b    the right operand, {@code [k, n]}
     * @param bOff offset of {@code B} in {@code b}
     * @param c    the output, {@code [m, n]}
     * @param cOff offset of {@code C} in {@code c}
     * @param m    rows of A and C
     * @param k    columns of A, rows of B
     * @param n    columns of B and C
     */
    public static void multAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        if (VECTOR != null) {
            VECTOR.multAdd(a, aOff, k, 1, b, bOff, c, cOff, m, k, n);
        } else {
            scalarMultAdd(a, aOff, b, bOff, c, cOff, m, k, n);
        }
    }

    /**
     * Copies {@code B[k, n]} into the layout the Vector API kernels read fastest, for a B that many
     * products share (a recurrent kernel, used at every time step): see {@link #multAddPacked}. With the
     * scalar kernels, or a B narrow enough to be read fast as it is (under 128 columns), there is nothing
     * to pack and {@code packed} is left as it is.
     *
     * @param b      the matrix, {@code [k, n]}
     * @param bOff   offset of the matrix in {@code b}
     * @param k      rows
     * @param n      columns
     * @param packed the output, at least {@code k·n} floats
     */
    public static void packRight(float[] b, int bOff, int k, int n, float[] packed) {
        if (packed.length < k * n) {
            throw new IllegalArgumentException("packed needs " + k * n + " floats for a [" + k + ", " + n + "] matrix but has "
                    + packed.length);
        }
        if (VECTOR != null) {
            VECTOR.packB(b, bOff, k, n, packed);
        }
    }

    /**
     * {@link #multAdd} with B also given packed by {@link #packRight}: the same products in the same
     * order, so the same bits, faster when the product has at least 4 rows.
     *
     * @param a       the left operand, {@code [m, k]}
     * @param aOff    offset of {@code A} in {@code a}
     * @param b       the right operand, {@code [k, n]}
     * @param bOff    offset of {@code B} in {@code b}
     * @param packedB {@code B} as {@link #packRight} wrote it after B last changed, or null to read {@code b} only
     * @param c       the output, {@code [m, n]}
     * @param cOff    offset of {@code C} in {@code c}
     * @param m       rows of A and C
     * @param k       columns of A, rows of B
     * @param n       columns of B and C
     */
    public static void multAddPacked(float[] a, int aOff, float[] b, int bOff, float[] packedB, float[] c, int cOff,
                                     int m, int k, int n) {
        if (VECTOR != null) {
            VECTOR.multAddPacked(a, aOff, k, 1, b, bOff, packedB, c, cOff, m, k, n);
        } else {
            scalarMultAdd(a, aOff, b, bOff, c, cOff, m, k, n);
        }
    }

    /**
     * {@code C[m, n] = bias + A·B}: every row of C is the bias row plus that row's products, with the bits
     * of {@link #broadcastRows} followed by {@link #multAddPacked} (the bias is where the sums start), in
     * one pass over C instead of two. A layer's {@code x·W + b}.
     *
     * @param a       the left operand, {@code [m, k]}
     * @param aOff    offset of {@code A} in {@code a}
     * @param b       the right operand, {@code [k, n]}
     * @param bOff    offset of {@code B} in {@code b}
     * @param packedB {@code B} as {@link #packRight} wrote it after B last changed, or null to read {@code b} only
     * @param bias    the bias row, {@code [n]}
     * @param biasOff offset of the bias in {@code bias}
     * @param c       the output, {@code [m, n]}, overwritten
     * @param cOff    offset of {@code C} in {@code c}
     * @param m       rows of A and C
     * @param k       columns of A, rows of B
     * @param n       columns of B and C
     */
    public static void multPlusBias(float[] a, int aOff, float[] b, int bOff, float[] packedB, float[] bias, int biasOff, float[] c,
                                    int cOff, int m, int k, int n) {
        if (VECTOR != null) {
            VECTOR.multPlusBiasPacked(a, aOff, k, 1, b, bOff, packedB, bias, biasOff, c, cOff, m, k, n);
        } else {
            ScalarKernels.multPlusBias(a, aOff, k, 1, b, bOff, bias, biasOff, c, cOff, m, k, n);
        }
    }

    static void scalarMultAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        ScalarKernels.multAdd(a, aOff, k, 1, b, bOff, c, cOff, m, k, n);
    }

    static void scalarMultTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        ScalarKernels.multAdd(a, aOff, 1, m, b, bOff, c, cOff, m, k, n);
    }

    /**
     * {@code C[m, n] += Aᵀ · B} where {@code A} is stored {@code [k, m]} and {@code B} is {@code [k, n]}:
     * the weight-gradient product {@code dW += Xᵀ·dZ} over {@code k} rows of samples and time steps.
     *
     * @param a    the left operand as stored, {@code [k, m]}
     * @param aOff offset of {@code A} in {@code a}
     * @param b    the right operand, {@code [k, n]}
     * @param bOff offset of {@code B} in {@code b}
     * @param c    the output, {@code [m, n]}
     * @param cOff offset of {@code C} in {@code c}
     * @param m    columns of the stored A, rows of C
     * @param k    rows of the stored A and of B (the summed dimension)
     * @param n    columns of B and C
     */
    public static void multTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        if (VECTOR != null) {
            VECTOR.multAdd(a, aOff, 1, m, b, bOff, c, cOff, m, k, n);
        } else {
            scalarMultTransAAdd(a, aOff, b, bOff, c, cOff, m, k, n);
        }
    }

    /**
     * {@code C[m, n] += A·B} on blocks of wider matrices: row {@code i} of A starts at
     * {@code aOff + i·lda}, of B at {@code bOff + p·ldb}, of C at {@code cOff + i·ldc}. For products on a
     * column block of a gate matrix (GRU's reset-before recurrent product); scalar.
     *
     * @param a    the left operand, {@code [m, k]} with row stride {@code lda}
     * @param aOff offset of A
     * @param lda  row stride of A
     * @param b    the right operand, {@code [k, n]} with row stride {@code ldb}
     * @param bOff offset of B
     * @param ldb  row stride of B
     * @param c    the output, {@code [m, n]} with row stride {@code ldc}
     * @param cOff offset of C
     * @param ldc  row stride of C
     * @param m    rows of A and C
     * @param k    columns of A, rows of B
     * @param n    columns of B and C
     */
    public static void multAddStrided(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                                      int m, int k, int n) {
        stridedMultAdd(a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, m, k, n);
    }

    /**
     * {@code C[m, n] += Aᵀ·B} on blocks of wider matrices, A stored {@code [k, m]} with row stride
     * {@code lda}; otherwise as {@link #multAddStrided}.
     *
     * @param a    the left operand as stored, {@code [k, m]} with row stride {@code lda}
     * @param aOff offset of A
     * @param lda  row stride of the stored A
     * @param b    the right operand, {@code [k, n]} with row stride {@code ldb}
     * @param bOff offset of B
     * @param ldb  row stride of B
     * @param c    the output, {@code [m, n]} with row stride {@code ldc}
     * @param cOff offset of C
     * @param ldc  row stride of C
     * @param m    columns of the stored A, rows of C
     * @param k    rows of the stored A and of B
     * @param n    columns of B and C
     */
    public static void multTransAAddStrided(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff,
                                            int ldc, int m, int k, int n) {
        stridedMultAdd(a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc, m, k, n);
    }

    private static void stridedMultAdd(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff,
                                       int ldc, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float x = a[aOff + i * ars + p * acs];
                if (x != 0f) {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += x * b[bp + j];
                    }
                }
            }
        }
    }

    /**
     * {@code out[cols, rows] = inᵀ} for a row-major {@code in[rows, cols]}.
     *
     * @param in     the matrix to transpose, {@code [rows, cols]}
     * @param inOff  offset of the matrix in {@code in}
     * @param rows   rows of {@code in}
     * @param cols   columns of {@code in}
     * @param out    the output, {@code [cols, rows]}
     * @param outOff offset of the output in {@code out}
     */
    public static void transpose(float[] in, int inOff, int rows, int cols, float[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            int ii = inOff + i * cols;
            for (int j = 0; j < cols; j++) {
                out[outOff + j * rows + i] = in[ii + j];
            }
        }
    }

    /**
     * {@code out[j] += Σ_i a[i, j]}: column sums, the bias gradient {@code db += Σ dZ}.
     *
     * @param a      the matrix, {@code [rows, cols]}
     * @param aOff   offset of the matrix in {@code a}
     * @param rows   rows to sum
     * @param cols   columns
     * @param out    the output vector, {@code [cols]}
     * @param outOff offset of the output in {@code out}
     */
    public static void sumRowsAdd(float[] a, int aOff, int rows, int cols, float[] out, int outOff) {
        if (VECTOR != null) {
            VECTOR.sumRowsAdd(a, aOff, rows, cols, out, outOff);
        } else {
            sumRowsAdd(a, aOff, rows, cols, out, outOff, 0);
        }
    }

    /** {@link #sumRowsAdd} for columns {@code from} to {@code cols}: each column summed row after row. */
    static void sumRowsAdd(float[] a, int aOff, int rows, int cols, float[] out, int outOff, int from) {
        for (int i = 0; i < rows; i++) {
            int ai = aOff + i * cols;
            for (int j = from; j < cols; j++) {
                out[outOff + j] += a[ai + j];
            }
        }
    }

    /**
     * Writes the vector {@code v[cols]} into every row of {@code out[rows, cols]}: the bias a product is
     * then accumulated onto.
     *
     * @param v      the vector, {@code [cols]}
     * @param vOff   offset of the vector in {@code v}
     * @param out    the output matrix, {@code [rows, cols]}
     * @param outOff offset of the output in {@code out}
     * @param rows   rows of the output
     * @param cols   columns of the output
     */
    public static void broadcastRows(float[] v, int vOff, float[] out, int outOff, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(v, vOff, out, outOff + i * cols, cols);
        }
    }

    /**
     * {@code y[j] += alpha * x[j]} for {@code j < n}.
     *
     * @param alpha the scale
     * @param x     the input vector's array
     * @param xOff  offset of the input vector
     * @param y     the output vector's array
     * @param yOff  offset of the output vector
     * @param n     the length
     */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (VECTOR != null) {
            VECTOR.axpy(alpha, x, xOff, y, yOff, n);
        } else {
            axpy(alpha, x, xOff, y, yOff, 0, n);
        }
    }

    /** {@link #axpy} for {@code j} from {@code from} to {@code n}. */
    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int from, int n) {
        for (int j = from; j < n; j++) {
            y[yOff + j] += alpha * x[xOff + j];
        }
    }

    /** @return the index of the first NaN or infinite value of {@code a[off, off + n)}, or -1 */
    static int firstNonFinite(float[] a, int off, int n) {
        if (VECTOR != null) {
            return VECTOR.firstNonFinite(a, off, n);
        }
        return firstNonFinitePlain(a, off, n);
    }

    /** {@link #firstNonFinite} element by element. */
    static int firstNonFinitePlain(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            if (!Float.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }
}
