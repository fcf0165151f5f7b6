package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every matrix kernel variant against a naive double-precision reference written here: one hand-computed
 * case each, then random shapes (sizes 0 and 1 included, and shapes that span several cache blocks and
 * leave remainders of the 4-row unrolling) at non-zero offsets, with the output pre-filled so that
 * {@code Add} must accumulate and with sentinels around the output range that must stay untouched.
 *
 * <p>The variants are the public kernels, the scalar products behind them and, when the JVM has
 * {@code jdk.incubator.vector}, the Vector API products. The public kernels are compared with the class's
 * public methods, so a new kernel fails here until it has a reference.
 */
class MatrixKernelsTest {
    private static final int[] SIZES = {0, 1, 2, 3, 5, 8, 17};
    /** [m, k, n] that cross cache-block boundaries: rowsPerBlock(n) is 12 for n = 300, 16 for 256, 1024 for 4, 4 for 1025. */
    private static final int[][] BLOCKED_SHAPES = {{3, 37, 300}, {5, 64, 256}, {2, 1030, 4}, {9, 13, 1025}, {4, 4, 4}, {7, 9, 33}};
    private static final float SENTINEL = -12345.5f;
    private static final Set<String> CHECKED = new ConcurrentSkipListSet<>();

    /** The public kernels, each with a naive reference in this class. */
    private static final Set<String> PUBLIC_KERNELS =
            Set.of("multAdd", "multTransAAdd", "packRight", "multAddPacked", "transpose", "sumRowsAdd", "broadcastRows", "axpy",
                    "multAddStrided", "multTransAAddStrided", "multPlusBias");

    /** A product {@code C += op(A)·B}; {@code op(A)} is A stored [m, k], or Aᵀ of A stored [k, m]. */
    private interface Product {
        void run(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n);
    }

    private record Variant(String name, boolean transposedA, Product product) {
    }

    private static List<Variant> productVariants() {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("multAdd", false, MatrixKernels::multAdd));
        variants.add(new Variant("scalarMultAdd", false, MatrixKernels::scalarMultAdd));
        variants.add(new Variant("multTransAAdd", true, MatrixKernels::multTransAAdd));
        // packRight is checked through the product that reads what it wrote
        variants.add(new Variant("multAddPacked", false, (a, aOff, b, bOff, c, cOff, m, k, n) -> {
            float[] packed = new float[k * n];
            MatrixKernels.packRight(b, bOff, k, n, packed);
            MatrixKernels.multAddPacked(a, aOff, b, bOff, packed, c, cOff, m, k, n);
        }));
        variants.add(new Variant("scalarMultTransAAdd", true, MatrixKernels::scalarMultTransAAdd));
        // C = bias + A·B, one row at a time with that row of C as the bias: C += A·B
        variants.add(new Variant("multPlusBias", false, (a, aOff, b, bOff, c, cOff, m, k, n) -> {
            for (int i = 0; i < m; i++) {
                float[] row = java.util.Arrays.copyOfRange(c, cOff + i * n, cOff + (i + 1) * n);
                MatrixKernels.multPlusBias(a, aOff + i * k, b, bOff, null, row, 0, c, cOff + i * n, 1, k, n);
            }
        }));
        // the block products, here on whole matrices (their strides are the widths); on blocks below
        variants.add(new Variant("multAddStrided", false,
                (a, aOff, b, bOff, c, cOff, m, k, n) -> MatrixKernels.multAddStrided(a, aOff, k, b, bOff, n, c, cOff, n, m, k, n)));
        variants.add(new Variant("multTransAAddStrided", true,
                (a, aOff, b, bOff, c, cOff, m, k, n) -> MatrixKernels.multTransAAddStrided(a, aOff, m, b, bOff, n, c, cOff, n, m, k, n)));
        SimdKernels vector = MatrixKernels.VECTOR;
        if (vector != null) {
            variants.add(new Variant("vectorMultAdd", false,
                    (a, aOff, b, bOff, c, cOff, m, k, n) -> vector.multAdd(a, aOff, k, 1, b, bOff, c, cOff, m, k, n)));
            variants.add(new Variant("vectorMultTransAAdd", true,
                    (a, aOff, b, bOff, c, cOff, m, k, n) -> vector.multAdd(a, aOff, 1, m, b, bOff, c, cOff, m, k, n)));
        }
        return variants;
    }

    /** Product variants, plus transpose, sumRowsAdd, broadcastRows and axpy. */
    private static int expectedVariantCount() {
        return productVariants().size() + 4;
    }

    @Test
    void everyPublicKernelHasAReference() {
        Set<String> kernels = Arrays.stream(MatrixKernels.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .filter(m -> Arrays.asList(m.getParameterTypes()).contains(float[].class))
                .map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(kernels).hasSize(11).isEqualTo(new TreeSet<>(PUBLIC_KERNELS));
        assertThat(expectedVariantCount()).isEqualTo(MatrixKernels.vectorized() ? 14 : 12);
    }

    @AfterAll
    static void onlyKnownVariantsWereChecked() {
        // each variant records itself once for its hand-computed case and once for random shapes
        Set<String> names = new TreeSet<>(Set.of("transpose", "sumRowsAdd", "broadcastRows", "axpy"));
        productVariants().forEach(v -> names.add(v.name()));
        assertThat(names).hasSize(expectedVariantCount());
        assertThat(CHECKED).allSatisfy(c -> assertThat(names).contains(c.substring(0, c.indexOf('/'))));
        assertThat(CHECKED.size()).isLessThanOrEqualTo(2 * expectedVariantCount());
    }

    // ------------------------------------------------------------------ hand-computed cases

    @Test
    void products_handComputed() {
        int checked = 0;
        for (Variant v : productVariants()) {
            if (v.transposedA()) {
                // A stored [3, 2] = [[1, 2], [3, 4], [5, 6]]; Aᵀ [2, 3] · B [3, 2] with B = [[7, 8], [9, 10], [11, 12]]
                // = [[1*7 + 3*9 + 5*11, 1*8 + 3*10 + 5*12], [2*7 + 4*9 + 6*11, 2*8 + 4*10 + 6*12]] = [[89, 98], [116, 128]]
                float[] a = {99, 1, 2, 3, 4, 5, 6};
                float[] b = {7, 8, 9, 10, 11, 12};
                float[] c = {99, 1, 1, 1, 1};
                v.product().run(a, 1, b, 0, c, 1, 2, 3, 2);
                assertThat(c).as(v.name()).containsExactly(99, 90, 99, 117, 129);
            } else {
                // A [2, 3] · B [3, 2] = [[58, 64], [139, 154]], added onto C = [[1, 2], [3, 4]], at offsets 1, 2, 3
                float[] a = {99, 1, 2, 3, 4, 5, 6};
                float[] b = {99, 99, 7, 8, 9, 10, 11, 12};
                float[] c = {99, 99, 99, 1, 2, 3, 4, 99};
                v.product().run(a, 1, b, 2, c, 3, 2, 3, 2);
                assertThat(c).as(v.name()).containsExactly(99, 99, 99, 59, 66, 142, 158, 99);
            }
            CHECKED.add(v.name() + "/handComputed");
            checked++;
        }
        assertThat(checked).isEqualTo(expectedVariantCount() - 4);
    }

    /** The strided products on column blocks of wider matrices, as GRU's reset-before step uses them. */
    @Test
    void stridedProducts_onBlocks_matchNaiveSums() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        int m = 5;
        int k = 7;
        int n = 3;
        int lda = 11;
        int ldb = 9;
        int ldc = 8;
        float[] a = new float[2 + m * lda];
        float[] at = new float[2 + k * lda]; // A stored [k, m] with row stride lda
        float[] b = new float[4 + k * ldb];
        for (float[] v : new float[][] {a, at, b}) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        float[] c = new float[3 + m * ldc];
        float[] ct = new float[3 + m * ldc];
        java.util.Arrays.fill(c, 0.5f);
        java.util.Arrays.fill(ct, 0.5f);
        MatrixKernels.multAddStrided(a, 2, lda, b, 4, ldb, c, 3, ldc, m, k, n);
        MatrixKernels.multTransAAddStrided(at, 2, lda, b, 4, ldb, ct, 3, ldc, m, k, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                double sum = 0.5;
                double sumT = 0.5;
                if (j < n) {
                    for (int p = 0; p < k; p++) {
                        sum += (double) a[2 + i * lda + p] * b[4 + p * ldb + j];
                        sumT += (double) at[2 + p * lda + i] * b[4 + p * ldb + j];
                    }
                }
                assertThat((double) c[3 + i * ldc + j]).as("C[%d, %d]", i, j).isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-5));
                assertThat((double) ct[3 + i * ldc + j]).as("Aᵀ: C[%d, %d]", i, j)
                        .isCloseTo(sumT, org.assertj.core.api.Assertions.within(1e-5));
            }
        }
        assertThat(c[0]).isEqualTo(0.5f);
    }

    @Test
    void transpose_handComputed() {
        // [[1, 2, 3], [4, 5, 6]]ᵀ = [[1, 4], [2, 5], [3, 6]]
        float[] in = {99, 1, 2, 3, 4, 5, 6};
        float[] out = {99, 99, 0, 0, 0, 0, 0, 0, 99};
        MatrixKernels.transpose(in, 1, 2, 3, out, 2);
        assertThat(out).containsExactly(99, 99, 1, 4, 2, 5, 3, 6, 99);
        CHECKED.add("transpose/handComputed");
    }

    @Test
    void sumRowsAdd_handComputed() {
        // column sums of [[1, 2, 3], [4, 5, 6]] = [5, 7, 9], added onto [10, 20, 30]
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] out = {99, 10, 20, 30, 99};
        MatrixKernels.sumRowsAdd(a, 0, 2, 3, out, 1);
        assertThat(out).containsExactly(99, 15, 27, 39, 99);
        CHECKED.add("sumRowsAdd/handComputed");
    }

    @Test
    void broadcastRows_handComputed() {
        // [7, 8] written into every row of a [3, 2] matrix, overwriting what was there
        float[] v = {99, 7, 8};
        float[] out = {99, 1, 2, 3, 4, 5, 6, 99};
        MatrixKernels.broadcastRows(v, 1, out, 1, 3, 2);
        assertThat(out).containsExactly(99, 7, 8, 7, 8, 7, 8, 99);
        CHECKED.add("broadcastRows/handComputed");
    }

    @Test
    void axpy_handComputed() {
        // y += 2·x with x = [1, -2, 3] onto y = [10, 10, 10]
        float[] x = {99, 1, -2, 3};
        float[] y = {99, 99, 10, 10, 10, 99};
        MatrixKernels.axpy(2f, x, 1, y, 2, 3);
        assertThat(y).containsExactly(99, 99, 12, 6, 16, 99);
        CHECKED.add("axpy/handComputed");
    }

    // ------------------------------------------------------------------ random shapes

    @Test
    void products_randomShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (int m : SIZES) {
            for (int k : SIZES) {
                for (int n : SIZES) {
                    shapes.add(new int[] {m, k, n});
                }
            }
        }
        shapes.addAll(Arrays.asList(BLOCKED_SHAPES));
        int checked = 0;
        for (Variant v : productVariants()) {
            SplittableRandom random = new SplittableRandom(1);
            int cases = 0;
            for (int[] shape : shapes) {
                checkProduct(v, shape[0], shape[1], shape[2], random);
                cases++;
            }
            assertThat(cases).isEqualTo(SIZES.length * SIZES.length * SIZES.length + BLOCKED_SHAPES.length);
            CHECKED.add(v.name() + "/randomShapes");
            checked++;
        }
        assertThat(checked).isEqualTo(expectedVariantCount() - 4);
    }

    private static void checkProduct(Variant v, int m, int k, int n, SplittableRandom random) {
        int aOff = random.nextInt(4);
        int bOff = random.nextInt(4);
        int cOff = random.nextInt(4);
        float[] a = randomArray(aOff + m * k + 3, random);
        float[] b = randomArray(bOff + k * n + 3, random);
        float[] aBefore = a.clone();
        float[] bBefore = b.clone();
        Output c = new Output(cOff, m * n, random);
        double[] expected = new double[m * n];
        double[] scale = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = c.initial[i * n + j];
                double abs = Math.abs(sum);
                for (int p = 0; p < k; p++) {
                    float x = v.transposedA() ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    double term = (double) x * b[bOff + p * n + j];
                    sum += term;
                    abs += Math.abs(term);
                }
                expected[i * n + j] = sum;
                // k + 1 float roundings at most: the classic bound gamma_(k+1)·Σ|terms|, with room to spare
                scale[i * n + j] = (k + 2) * (double) Math.ulp(1f) * abs;
            }
        }
        v.product().run(a, aOff, b, bOff, c.array, cOff, m, k, n);
        c.assertClose(expected, scale, v.name() + " m=" + m + " k=" + k + " n=" + n);
        assertThat(a).as("A is not modified").containsExactly(aBefore);
        assertThat(b).as("B is not modified").containsExactly(bBefore);
    }

    @Test
    void packRight_refusesAnArrayTooSmallForTheMatrix() {
        assertThatThrownBy(() -> MatrixKernels.packRight(new float[12], 0, 3, 4, new float[11]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("packed needs 12 floats for a [3, 4] matrix but has 11");
    }

    @Test
    void multAddPacked_equalsMultAddBitForBit() {
        // the packed copy changes where B is read from, never the order of the sums
        SplittableRandom random = new SplittableRandom(9);
        for (int[] shape : new int[][] {{16, 256, 256}, {8, 50, 50}, {1, 256, 256}, {70, 300, 40}, {5, 64, 24}}) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            float[] a = randomArray(m * k, random);
            float[] b = randomArray(k * n, random);
            float[] packed = new float[k * n];
            MatrixKernels.packRight(b, 0, k, n, packed);
            float[] c1 = randomArray(m * n, random);
            float[] c2 = c1.clone();
            MatrixKernels.multAdd(a, 0, b, 0, c1, 0, m, k, n);
            MatrixKernels.multAddPacked(a, 0, b, 0, packed, c2, 0, m, k, n);
            assertThat(c2).as("m %d k %d n %d", m, k, n).containsExactly(c1);
        }
    }

    @Test
    void scalarAndPublicProducts_agreeBitForBitWithoutTheVectorApi() {
        // when the Vector API is absent, the public kernels are the scalar ones
        if (MatrixKernels.vectorized()) {
            return;
        }
        SplittableRandom random = new SplittableRandom(8);
        for (int[] shape : BLOCKED_SHAPES) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            float[] a = randomArray(m * k, random);
            float[] b = randomArray(k * n, random);
            float[] c1 = randomArray(m * n, random);
            float[] c2 = c1.clone();
            MatrixKernels.multAdd(a, 0, b, 0, c1, 0, m, k, n);
            MatrixKernels.scalarMultAdd(a, 0, b, 0, c2, 0, m, k, n);
            assertThat(c1).containsExactly(c2);
        }
    }

    @Test
    void transpose_randomShapes() {
        SplittableRandom random = new SplittableRandom(3);
        int cases = 0;
        for (int rows : SIZES) {
            for (int cols : SIZES) {
                int inOff = random.nextInt(4);
                int outOff = random.nextInt(4);
                float[] in = randomArray(inOff + rows * cols + 2, random);
                Output out = new Output(outOff, rows * cols, random);
                double[] expected = new double[rows * cols];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        expected[j * rows + i] = in[inOff + i * cols + j];
                    }
                }
                MatrixKernels.transpose(in, inOff, rows, cols, out.array, outOff);
                out.assertExactly(expected, "transpose rows=" + rows + " cols=" + cols);
                cases++;
            }
        }
        assertThat(cases).isEqualTo(SIZES.length * SIZES.length);
        CHECKED.add("transpose/randomShapes");
    }

    @Test
    void sumRowsAdd_randomShapes() {
        SplittableRandom random = new SplittableRandom(4);
        int cases = 0;
        for (int rows : SIZES) {
            for (int cols : SIZES) {
                int aOff = random.nextInt(4);
                int outOff = random.nextInt(4);
                float[] a = randomArray(aOff + rows * cols + 2, random);
                Output out = new Output(outOff, cols, random);
                double[] expected = new double[cols];
                double[] scale = new double[cols];
                for (int j = 0; j < cols; j++) {
                    double sum = out.initial[j];
                    double abs = Math.abs(sum);
                    for (int i = 0; i < rows; i++) {
                        sum += a[aOff + i * cols + j];
                        abs += Math.abs(a[aOff + i * cols + j]);
                    }
                    expected[j] = sum;
                    scale[j] = (rows + 2) * (double) Math.ulp(1f) * abs;
                }
                MatrixKernels.sumRowsAdd(a, aOff, rows, cols, out.array, outOff);
                out.assertClose(expected, scale, "sumRowsAdd rows=" + rows + " cols=" + cols);
                cases++;
            }
        }
        assertThat(cases).isEqualTo(SIZES.length * SIZES.length);
        CHECKED.add("sumRowsAdd/randomShapes");
    }

    @Test
    void broadcastRows_randomShapes() {
        SplittableRandom random = new SplittableRandom(5);
        int cases = 0;
        for (int rows : SIZES) {
            for (int cols : SIZES) {
                int vOff = random.nextInt(4);
                int outOff = random.nextInt(4);
                float[] v = randomArray(vOff + cols + 2, random);
                Output out = new Output(outOff, rows * cols, random);
                double[] expected = new double[rows * cols];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        expected[i * cols + j] = v[vOff + j];
                    }
                }
                MatrixKernels.broadcastRows(v, vOff, out.array, outOff, rows, cols);
                out.assertExactly(expected, "broadcastRows rows=" + rows + " cols=" + cols);
                cases++;
            }
        }
        assertThat(cases).isEqualTo(SIZES.length * SIZES.length);
        CHECKED.add("broadcastRows/randomShapes");
    }

    @Test
    void axpy_randomShapes() {
        SplittableRandom random = new SplittableRandom(6);
        int cases = 0;
        for (int n : new int[] {0, 1, 2, 3, 7, 8, 9, 31, 64, 100}) {
            for (float alpha : new float[] {0f, 1f, -1f, 0.37f, -2.5f}) {
                int xOff = random.nextInt(4);
                int yOff = random.nextInt(4);
                float[] x = randomArray(xOff + n + 2, random);
                Output y = new Output(yOff, n, random);
                double[] expected = new double[n];
                double[] scale = new double[n];
                for (int j = 0; j < n; j++) {
                    expected[j] = y.initial[j] + (double) alpha * x[xOff + j];
                    scale[j] = Math.abs(y.initial[j]) + Math.abs((double) alpha * x[xOff + j]);
                }
                MatrixKernels.axpy(alpha, x, xOff, y.array, yOff, n);
                y.assertClose(expected, tolerances(scale), "axpy n=" + n + " alpha=" + alpha);
                cases++;
            }
        }
        assertThat(cases).isEqualTo(50);
        CHECKED.add("axpy/randomShapes");
    }

    @Test
    void inputsAreNotModified() {
        SplittableRandom random = new SplittableRandom(7);
        float[] a = randomArray(20, random);
        float[] b = randomArray(20, random);
        float[] aCopy = a.clone();
        float[] bCopy = b.clone();
        float[] c = new float[16];
        MatrixKernels.multAdd(a, 2, b, 1, c, 0, 3, 4, 4);
        MatrixKernels.multTransAAdd(a, 2, b, 1, c, 0, 3, 4, 4);
        MatrixKernels.transpose(a, 1, 3, 5, c, 0);
        MatrixKernels.sumRowsAdd(a, 1, 3, 5, c, 0);
        MatrixKernels.broadcastRows(a, 1, c, 0, 3, 5);
        MatrixKernels.axpy(2f, a, 1, c, 0, 16);
        assertThat(a).containsExactly(aCopy);
        assertThat(b).containsExactly(bCopy);
    }

    // ------------------------------------------------------------------ helpers

    /** Tolerances for sums of few terms: a few float roundings of the sum of their magnitudes. */
    private static double[] tolerances(double[] magnitude) {
        double[] t = new double[magnitude.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 4 * (double) Math.ulp(1f) * magnitude[i];
        }
        return t;
    }

    private static float[] randomArray(int length, SplittableRandom random) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = (float) (random.nextDouble() * 4 - 2);
        }
        return a;
    }

    /** An output range at {@code offset}, pre-filled with random values, between sentinel padding. */
    private static final class Output {
        static final int PAD = 3;
        final float[] array;
        final float[] initial;
        final int offset;
        final int length;

        Output(int offset, int length, SplittableRandom random) {
            this.offset = offset;
            this.length = length;
            this.array = new float[offset + length + PAD];
            Arrays.fill(array, SENTINEL);
            this.initial = randomArray(length, random);
            System.arraycopy(initial, 0, array, offset, length);
        }

        void assertClose(double[] expected, double[] tolerance, String what) {
            for (int i = 0; i < length; i++) {
                assertThat((double) array[offset + i]).as(what + " element " + i)
                        .isCloseTo(expected[i], within(tolerance[i] + 1e-30));
            }
            assertUntouched(what);
        }

        void assertExactly(double[] expected, String what) {
            for (int i = 0; i < length; i++) {
                assertThat(array[offset + i]).as(what + " element " + i).isEqualTo((float) expected[i]);
            }
            assertUntouched(what);
        }

        private void assertUntouched(String what) {
            for (int i = 0; i < offset; i++) {
                assertThat(array[i]).as(what + ": element before the output range").isEqualTo(SENTINEL);
            }
            for (int i = offset + length; i < array.length; i++) {
                assertThat(array[i]).as(what + ": element after the output range").isEqualTo(SENTINEL);
            }
        }
    }
}
