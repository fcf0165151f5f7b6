package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link ElementwiseKernels} against their formulas written out element by element, bit for bit: on the
 * Vector API path (the default test JVM) and on the scalar one (the {@code -Dstackedrnn.vector=false}
 * execution), with lengths that leave a tail after the last whole vector, offsets into shared arrays, zero
 * operands given as null, and special values (signed zeros, infinities, NaN) whose bits a fused or
 * reordered operation would change (every bit but a NaN's sign, which x86 takes from an operand the JIT
 * may swap in a product).
 */
class ElementwiseKernelsTest {
    private static final int[] LENGTHS = {0, 1, 5, 15, 16, 17, 33, 128, 131};
    private static final float[] SPECIAL = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE,
        1e30f, -1e-30f, 1f, 0.5f};

    @Test
    void addInPlaceIsTheSumOfEachPair() {
        SplittableRandom random = new SplittableRandom(1);
        for (int n : LENGTHS) {
            float[] data = values(random, 3 * n + 7);
            float[] expected = data.clone();
            for (int i = 0; i < n; i++) {
                expected[3 + i] = data[3 + i] + data[n + 5 + i];
            }
            ElementwiseKernels.addInPlace(data, 3, data, n + 5, n);
            assertSameBits("add n " + n, data, expected);
        }
    }

    @Test
    void multiplyAddInPlaceRoundsTheProductBeforeTheSum() {
        SplittableRandom random = new SplittableRandom(2);
        for (int n : LENGTHS) {
            float[] acc = values(random, n + 4);
            float[] x = values(random, n + 2);
            float[] y = values(random, n + 9);
            float[] expected = acc.clone();
            for (int i = 0; i < n; i++) {
                float product = x[2 + i] * y[i];
                expected[4 + i] = acc[4 + i] + product;
            }
            ElementwiseKernels.multiplyAddInPlace(acc, 4, x, 2, y, 0, n);
            assertSameBits("multiplyAdd n " + n, acc, expected);
        }
        // where fma(x, y, acc) and acc + round(x·y) differ: the unfused value is required
        float[] acc = new float[32];
        float[] x = new float[32];
        float[] y = new float[32];
        java.util.Arrays.fill(acc, -1f);
        java.util.Arrays.fill(x, 1f + 0x1p-23f);
        java.util.Arrays.fill(y, 1f - 0x1p-23f);
        ElementwiseKernels.multiplyAddInPlace(acc, 0, x, 0, y, 0, 32);
        assertThat(acc).containsOnly(0f); // fused: -0x1p-46
    }

    @Test
    void multiplyIsTheProductOfEachPair() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : LENGTHS) {
            float[] x = values(random, n + 1);
            float[] y = values(random, n + 3);
            float[] out = values(random, n + 6);
            float[] expected = out.clone();
            for (int i = 0; i < n; i++) {
                expected[5 + i] = x[1 + i] * y[3 + i];
            }
            ElementwiseKernels.multiply(x, 1, y, 3, out, 5, n);
            assertSameBits("multiply n " + n, out, expected);
        }
    }

    @Test
    void sumOfProductsIsTheLstmCellUpdate() {
        SplittableRandom random = new SplittableRandom(4);
        for (int n : LENGTHS) {
            for (boolean zeros : new boolean[] {false, true}) {
                float[] z = values(random, 4 * n + 3);     // f at 3, i at n + 3, g at 2n + 3, as in an LSTM row
                float[] before = values(random, n + 2);
                float[] out = values(random, n + 1);
                float[] expected = out.clone();
                for (int i = 0; i < n; i++) {
                    float b = zeros ? 0f : before[2 + i];
                    expected[1 + i] = z[3 + i] * b + z[n + 3 + i] * z[2 * n + 3 + i];
                }
                ElementwiseKernels.sumOfProducts(z, 3, zeros ? null : before, 2, z, n + 3, z, 2 * n + 3, out, 1, n);
                assertSameBits("sumOfProducts n " + n + (zeros ? " from zeros" : ""), out, expected);
            }
        }
    }

    @Test
    void interpolateIsTheGruStateUpdate() {
        SplittableRandom random = new SplittableRandom(5);
        for (int n : LENGTHS) {
            for (boolean zeros : new boolean[] {false, true}) {
                float[] z = values(random, 3 * n + 2);
                float[] before = values(random, n + 4);
                float[] out = values(random, n + 3);
                float[] expected = out.clone();
                for (int i = 0; i < n; i++) {
                    float u = z[2 + i];
                    float a = zeros ? 0f : before[4 + i];
                    expected[3 + i] = u * a + (1f - u) * z[2 * n + 2 + i];
                }
                ElementwiseKernels.interpolate(z, 2, zeros ? null : before, 4, z, 2 * n + 2, out, 3, n);
                assertSameBits("interpolate n " + n + (zeros ? " from zeros" : ""), out, expected);
            }
        }
    }

    @Test
    void lstmStepIsTheGateKernelsOneAfterTheOther() {
        SplittableRandom random = new SplittableRandom(8);
        for (int n : LENGTHS) {
            for (boolean first : new boolean[] {false, true}) {
                int zOff = 3;
                int prevOff = 1;
                int off = 2;
                float[] z = values(random, zOff + 4 * n + 2);
                for (int j = 0; j < z.length; j++) {
                    z[j] *= 8f; // pre-activations across σ's and tanh's whole range, saturated ends included
                }
                float[] cPrev = values(random, prevOff + n + 1);
                float[] c = values(random, off + n + 1);
                float[] tanhC = values(random, off + n + 1);
                float[] h = values(random, off + n + 1);
                // what the cell did before this kernel: the separate kernels over the row, in order
                float[] expectedZ = z.clone();
                float[] expectedC = c.clone();
                float[] expectedTanhC = tanhC.clone();
                float[] expectedH = h.clone();
                ActivationKernels.sigmoidInPlace(expectedZ, zOff, 2 * n);
                ActivationKernels.tanhInPlace(expectedZ, zOff + 2 * n, n);
                ActivationKernels.sigmoidInPlace(expectedZ, zOff + 3 * n, n);
                ElementwiseKernels.sumOfProducts(expectedZ, zOff + n, first ? null : cPrev, prevOff, expectedZ, zOff, expectedZ,
                        zOff + 2 * n, expectedC, off, n);
                System.arraycopy(expectedC, off, expectedTanhC, off, n);
                ActivationKernels.tanhInPlace(expectedTanhC, off, n);
                ElementwiseKernels.multiply(expectedZ, zOff + 3 * n, expectedTanhC, off, expectedH, off, n);
                // the same, element by element from the scalar σ and tanh: on the scalar path too, where
                // lstmStep runs the separate kernels themselves
                float[] formulaZ = z.clone();
                float[] formulaC = c.clone();
                float[] formulaTanhC = tanhC.clone();
                float[] formulaH = h.clone();
                for (int j = 0; j < n; j++) {
                    float i = ActivationKernels.sigmoid(z[zOff + j]);
                    float f = ActivationKernels.sigmoid(z[zOff + n + j]);
                    float g = ActivationKernels.tanh(z[zOff + 2 * n + j]);
                    float o = ActivationKernels.sigmoid(z[zOff + 3 * n + j]);
                    formulaZ[zOff + j] = i;
                    formulaZ[zOff + n + j] = f;
                    formulaZ[zOff + 2 * n + j] = g;
                    formulaZ[zOff + 3 * n + j] = o;
                    float cj = f * (first ? 0f : cPrev[prevOff + j]) + i * g;
                    formulaC[off + j] = cj;
                    formulaTanhC[off + j] = ActivationKernels.tanh(cj);
                    formulaH[off + j] = o * formulaTanhC[off + j];
                }
                assertSameBits("separate kernels' gates n " + n, expectedZ, formulaZ);
                assertSameBits("separate kernels' c n " + n, expectedC, formulaC);
                assertSameBits("separate kernels' tanh(c) n " + n, expectedTanhC, formulaTanhC);
                assertSameBits("separate kernels' h n " + n, expectedH, formulaH);
                // and the formulas element by element, in double: the kernels compute the cell at all
                for (int j = 0; j < n; j++) {
                    if (!(ordinary(z[zOff + j]) && ordinary(z[zOff + n + j]) && ordinary(z[zOff + 2 * n + j])
                            && ordinary(z[zOff + 3 * n + j]) && (first || ordinary(cPrev[prevOff + j])))) {
                        continue; // the special values: bit for bit against the separate kernels below
                    }
                    double i = 1 / (1 + Math.exp(-z[zOff + j]));
                    double f = 1 / (1 + Math.exp(-z[zOff + n + j]));
                    double g = Math.tanh(z[zOff + 2 * n + j]);
                    double o = 1 / (1 + Math.exp(-z[zOff + 3 * n + j]));
                    double cj = f * (first ? 0 : cPrev[prevOff + j]) + i * g;
                    assertThat((double) expectedC[off + j]).as("c n %d element %d", n, j).isCloseTo(cj, within(1e-5 * (1 + Math.abs(cj))));
                    assertThat((double) expectedH[off + j]).as("h n %d element %d", n, j)
                            .isCloseTo(o * Math.tanh(cj), within(2e-5));
                }
                ElementwiseKernels.lstmStep(z, zOff, first ? null : cPrev, prevOff, c, tanhC, h, off, n);
                String what = "lstm step n " + n + (first ? " first step" : "");
                assertSameBits(what + " gates", z, expectedZ);
                assertSameBits(what + " c", c, expectedC);
                assertSameBits(what + " tanh(c)", tanhC, expectedTanhC);
                assertSameBits(what + " h", h, expectedH);
            }
        }
    }

    @Test
    void lstmStepGradientsAreTheCellsFormulas() {
        SplittableRandom random = new SplittableRandom(6);
        for (int n : LENGTHS) {
            for (boolean first : new boolean[] {false, true}) {
                int zOff = 2;
                int off = 3;
                int prevOff = 3 + n + 1; // dc and dcPrev share an array, as in the loop
                float[] z = values(random, zOff + 4 * n + 1);
                float[] tanhC = values(random, off + n);
                float[] dh = values(random, off + n);
                float[] dc = values(random, prevOff + n + 2);
                float[] cPrev = values(random, prevOff + n);
                float[] dz = values(random, zOff + 4 * n + 1);
                float[] expectedDz = dz.clone();
                float[] expectedDc = dc.clone();
                for (int j = 0; j < n; j++) {
                    float i = z[zOff + j];
                    float f = z[zOff + n + j];
                    float g = z[zOff + 2 * n + j];
                    float o = z[zOff + 3 * n + j];
                    float dhj = dh[off + j];
                    float fc = tanhC[off + j];
                    float tanhDerivative = 1f - fc * fc;
                    float dcj = dc[off + j] + dhj * o * tanhDerivative;
                    float before = first ? 0f : cPrev[prevOff + j];
                    float di = i * (1f - i);
                    float df = f * (1f - f);
                    float dgDerivative = 1f - g * g;
                    float dO = o * (1f - o);
                    expectedDz[zOff + j] = dcj * g * di;
                    expectedDz[zOff + n + j] = dcj * before * df;
                    expectedDz[zOff + 2 * n + j] = dcj * i * dgDerivative;
                    expectedDz[zOff + 3 * n + j] = dhj * fc * dO;
                    if (!first) {
                        expectedDc[prevOff + j] += dcj * f;
                    }
                }
                ElementwiseKernels.lstmStepGradients(z, zOff, tanhC, dh, dc, off, first ? null : cPrev, dc, prevOff, dz, n);
                assertSameBits("lstm dz n " + n + (first ? " first step" : ""), dz, expectedDz);
                assertSameBits("lstm dc n " + n + (first ? " first step" : ""), dc, expectedDc);
            }
        }
    }

    @Test
    void gruStepGradientsAreTheCellsFormulas() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n : LENGTHS) {
            for (boolean first : new boolean[] {false, true}) {
                int zOff = 1;
                int off = 2;
                int prevOff = 2 + n + 3;
                float[] z = values(random, zOff + 3 * n + 2);
                float[] rec = values(random, zOff + 3 * n + 2);
                float[] dh = values(random, prevOff + n + 1);
                float[] hPrev = values(random, prevOff + n);
                float[] dz = values(random, zOff + 3 * n + 2);
                float[] dr = values(random, zOff + 3 * n + 2);
                float[] expectedDz = dz.clone();
                float[] expectedDr = dr.clone();
                float[] expectedDh = dh.clone();
                for (int j = 0; j < n; j++) {
                    float update = z[zOff + j];
                    float reset = z[zOff + n + j];
                    float cand = z[zOff + 2 * n + j];
                    float dhj = dh[off + j];
                    float before = first ? 0f : hPrev[prevOff + j];
                    float candDerivative = 1f - cand * cand;
                    float updateDerivative = update * (1f - update);
                    float resetDerivative = reset * (1f - reset);
                    float dPre = dhj * (1f - update) * candDerivative;
                    float dUpdate = dhj * (before - cand) * updateDerivative;
                    float dReset = dPre * rec[zOff + 2 * n + j] * resetDerivative;
                    expectedDz[zOff + j] = dUpdate;
                    expectedDz[zOff + n + j] = dReset;
                    expectedDz[zOff + 2 * n + j] = dPre;
                    expectedDr[zOff + j] = dUpdate;
                    expectedDr[zOff + n + j] = dReset;
                    expectedDr[zOff + 2 * n + j] = dPre * reset;
                    if (!first) {
                        expectedDh[prevOff + j] += dhj * update;
                    }
                }
                ElementwiseKernels.gruStepGradients(z, rec, zOff, dh, off, first ? null : hPrev, dh, prevOff, dz, dr, n);
                assertSameBits("gru dz n " + n + (first ? " first step" : ""), dz, expectedDz);
                assertSameBits("gru dr n " + n + (first ? " first step" : ""), dr, expectedDr);
                assertSameBits("gru dh n " + n + (first ? " first step" : ""), dh, expectedDh);
            }
        }
    }

    private static boolean ordinary(float v) {
        return Math.abs(v) < 100f;
    }

    private static float[] values(SplittableRandom random, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = random.nextInt(6) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (float) random.nextGaussian();
        }
        return v;
    }

    private static void assertSameBits(String what, float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            if (Float.isNaN(actual[i]) && Float.isNaN(expected[i])) {
                continue; // which NaN (its sign) depends on the operands' order, which the JIT may swap
            }
            assertThat(Float.floatToRawIntBits(actual[i])).as("%s (%s): element %d is %s, expected %s", what,
                    MatrixKernels.implementation(), i, actual[i], expected[i]).isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }
}
