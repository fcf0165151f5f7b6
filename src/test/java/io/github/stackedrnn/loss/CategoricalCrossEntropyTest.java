package io.github.stackedrnn.loss;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@link CategoricalCrossEntropy} against a plain double-precision implementation written here. */
class CategoricalCrossEntropyTest {
    private static final float SENTINEL = -777f;

    /** Row-wise softmax in double, the naive way but shifted by the row maximum. */
    private static double[] softmax(float[] logits, int off, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, logits[off + k]);
        }
        double sum = 0;
        double[] p = new double[classes];
        for (int k = 0; k < classes; k++) {
            p[k] = Math.exp(logits[off + k] - max);
            sum += p[k];
        }
        for (int k = 0; k < classes; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** {@code -Σ y log p} in double via log-softmax. */
    private static double loss(float[] logits, int off, float[] targets, int tOff, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, logits[off + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(logits[off + k] - max);
        }
        double logSumExp = max + Math.log(sum);
        double loss = 0;
        for (int k = 0; k < classes; k++) {
            loss -= targets[tOff + k] * (logits[off + k] - logSumExp);
        }
        return loss;
    }

    @Test
    void forwardBackward_randomRows_matchDoubleReference() {
        SplittableRandom random = new SplittableRandom(21);
        for (int trial = 0; trial < 50; trial++) {
            int rows = 1 + random.nextInt(6);
            int classes = 1 + random.nextInt(7);
            int lOff = random.nextInt(3);
            int tOff = random.nextInt(3);
            int pOff = random.nextInt(3);
            int dOff = random.nextInt(3);
            float[] logits = new float[lOff + rows * classes];
            float[] targets = new float[tOff + rows * classes];
            for (int i = lOff; i < logits.length; i++) {
                logits[i] = (float) (random.nextGaussian() * 3);
            }
            for (int r = 0; r < rows; r++) {
                targets[tOff + r * classes + random.nextInt(classes)] = 1f;
            }
            float scale = 1f / rows;
            float[] probs = filled(pOff + rows * classes + 2);
            float[] dLogits = filled(dOff + rows * classes + 2);

            double total = CategoricalCrossEntropy.forwardBackward(logits, lOff, targets, tOff, rows, classes, scale,
                    probs, pOff, dLogits, dOff);

            double expectedTotal = 0;
            for (int r = 0; r < rows; r++) {
                double[] p = softmax(logits, lOff + r * classes, classes);
                expectedTotal += loss(logits, lOff + r * classes, targets, tOff + r * classes, classes);
                for (int k = 0; k < classes; k++) {
                    assertThat((double) probs[pOff + r * classes + k]).isCloseTo(p[k], within(1e-7));
                    double y = targets[tOff + r * classes + k];
                    assertThat((double) dLogits[dOff + r * classes + k]).isCloseTo((p[k] - y) * scale, within(1e-7));
                }
            }
            // the row maximum is subtracted in float, so the loss is as exact as float logits allow, not more
            assertThat(total).isCloseTo(expectedTotal, within(1e-6 * (1 + expectedTotal)));
            assertUntouched(probs, pOff, rows * classes);
            assertUntouched(dLogits, dOff, rows * classes);
        }
    }

    @Test
    void forwardBackward_handComputedTwoClasses() {
        // logits [0, ln 3] -> p = [1/4, 3/4]; target class 1 -> loss = -ln(3/4); gradient (p - y) / 2 for N = 2
        float[] logits = {0f, (float) Math.log(3)};
        float[] targets = {0f, 1f};
        float[] probs = new float[2];
        float[] d = new float[2];
        double total = CategoricalCrossEntropy.forwardBackward(logits, 0, targets, 0, 1, 2, 0.5f, probs, 0, d, 0);
        assertThat(total).isCloseTo(-Math.log(0.75), within(1e-7));
        assertThat(probs[0]).isCloseTo(0.25f, within(1e-7f));
        assertThat(probs[1]).isCloseTo(0.75f, within(1e-7f));
        assertThat(d[0]).isCloseTo(0.125f, within(1e-7f));
        assertThat(d[1]).isCloseTo(-0.125f, within(1e-7f));
    }

    @Test
    void forwardBackward_largeLogits_stayFinite() {
        float[] logits = {1000f, -1000f, 0f, -1000f, 1000f, 1000f};
        float[] targets = {1f, 0f, 0f, 0f, 1f, 0f};
        float[] probs = new float[6];
        float[] d = new float[6];
        double total = CategoricalCrossEntropy.forwardBackward(logits, 0, targets, 0, 2, 3, 0.5f, probs, 0, d, 0);
        // row 0: the right class wins by 1000 -> loss ~ exp(-1000) = 0; row 1: a tie -> ln 2
        assertThat(total).isFinite().isCloseTo(Math.log(2), within(1e-6));
        for (float v : probs) {
            assertThat(v).isNotNaN();
        }
        assertThat(probs).containsExactly(1f, 0f, 0f, 0f, 0.5f, 0.5f);
        assertThat(d).containsExactly(0f, 0f, 0f, 0f, -0.25f, 0.25f);
    }

    @Test
    void forwardBackward_confidentlyWrong_hasLargeFiniteLoss() {
        // Keras clips p to 1e-7 (loss <= 16.1); computing from the logits gives the exact 2000 instead
        float[] logits = {1000f, -1000f};
        float[] targets = {0f, 1f};
        float[] probs = new float[2];
        float[] d = new float[2];
        double total = CategoricalCrossEntropy.forwardBackward(logits, 0, targets, 0, 1, 2, 1f, probs, 0, d, 0);
        assertThat(total).isEqualTo(2000.0);
        assertThat(d).containsExactly(1f, -1f);
    }

    @Test
    void forwardBackward_gradientIsProbabilitiesMinusTargetsTimesScale() {
        SplittableRandom random = new SplittableRandom(22);
        int rows = 4;
        int classes = 5;
        float[] logits = new float[rows * classes];
        float[] targets = new float[rows * classes];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < rows; r++) {
            targets[r * classes + r] = 1f;
        }
        for (float scale : new float[] {1f, 0.25f, 1f / 3, 2f}) {
            float[] probs = new float[rows * classes];
            float[] d = new float[rows * classes];
            CategoricalCrossEntropy.forwardBackward(logits, 0, targets, 0, rows, classes, scale, probs, 0, d, 0);
            for (int i = 0; i < d.length; i++) {
                assertThat(d[i]).as("scale %s element %d", scale, i).isEqualTo((probs[i] - targets[i]) * scale);
            }
        }
    }

    @Test
    void forwardBackward_gradientMatchesFiniteDifferencesOfTheLoss() {
        float[] logits = {0.3f, -1.2f, 2.0f, 0.1f};
        float[] targets = {0.1f, 0.2f, 0.6f, 0.1f};
        float[] probs = new float[4];
        float[] d = new float[4];
        CategoricalCrossEntropy.forwardBackward(logits, 0, targets, 0, 1, 4, 1f, probs, 0, d, 0);
        for (int k = 0; k < 4; k++) {
            double h = 1e-3;
            float[] plus = logits.clone();
            float[] minus = logits.clone();
            plus[k] += (float) h;
            minus[k] -= (float) h;
            double numeric = (loss(plus, 0, targets, 0, 4) - loss(minus, 0, targets, 0, 4)) / (plus[k] - minus[k]);
            assertThat((double) d[k]).as("class %d", k).isCloseTo(numeric, within(1e-4));
        }
    }

    @Test
    void forwardBackward_softLabels_matchDoubleReference() {
        float[] logits = {0.5f, 1.5f, -0.25f, 2f, 0f, -1f};
        float[] targets = {0.2f, 0.7f, 0.1f, 0.5f, 0.5f, 0f};
        float[] probs = new float[6];
        float[] d = new float[6];
        double total = CategoricalCrossEntropy.forwardBackward(logits, 0, targets, 0, 2, 3, 0.5f, probs, 0, d, 0);
        double expected = loss(logits, 0, targets, 0, 3) + loss(logits, 3, targets, 3, 3);
        assertThat(total).isCloseTo(expected, within(1e-6));
        for (int r = 0; r < 2; r++) {
            double[] p = softmax(logits, r * 3, 3);
            for (int k = 0; k < 3; k++) {
                assertThat((double) d[r * 3 + k]).isCloseTo((p[k] - targets[r * 3 + k]) * 0.5, within(1e-7));
            }
        }
    }

    @Test
    void forwardBackward_softLabels_lossIsAtLeastTheTargetEntropy() {
        // Gibbs: -Σ y log p >= -Σ y log y, with equality when p = y
        float[] targets = {0.25f, 0.25f, 0.5f};
        float[] logits = {(float) Math.log(0.25), (float) Math.log(0.25), (float) Math.log(0.5)};
        double entropy = -(0.25 * Math.log(0.25) * 2 + 0.5 * Math.log(0.5));
        double total = CategoricalCrossEntropy.forwardBackward(logits, 0, targets, 0, 1, 3, 1f, new float[3], 0, new float[3], 0);
        assertThat(total).isCloseTo(entropy, within(1e-6));
        float[] other = {0f, 0f, 0f};
        double worse = CategoricalCrossEntropy.forwardBackward(other, 0, targets, 0, 1, 3, 1f, new float[3], 0, null, 0);
        assertThat(worse).isGreaterThan(entropy);
    }

    @Test
    void forwardBackward_nullGradient_onlyComputesLossAndProbabilities() {
        float[] logits = {1f, 2f, 3f};
        float[] targets = {0f, 0f, 1f};
        float[] probs = new float[3];
        double total = CategoricalCrossEntropy.forwardBackward(logits, 0, targets, 0, 1, 3, 1f, probs, 0, null, 0);
        assertThat(total).isCloseTo(loss(logits, 0, targets, 0, 3), within(1e-7));
        double[] p = softmax(logits, 0, 3);
        for (int k = 0; k < 3; k++) {
            assertThat((double) probs[k]).isCloseTo(p[k], within(1e-7));
        }
    }

    @Test
    void forwardBackward_zeroRows_returnsZeroAndWritesNothing() {
        float[] probs = filled(3);
        float[] d = filled(3);
        double total = CategoricalCrossEntropy.forwardBackward(new float[0], 0, new float[0], 0, 0, 3, 1f, probs, 0, d, 0);
        assertThat(total).isZero();
        assertThat(probs).containsOnly(SENTINEL);
        assertThat(d).containsOnly(SENTINEL);
    }

    @Test
    void forwardBackward_oneClass_hasZeroLossAndGradient() {
        float[] probs = new float[2];
        float[] d = new float[2];
        double total = CategoricalCrossEntropy.forwardBackward(new float[] {5f, -300f}, 0, new float[] {1f, 1f}, 0, 2, 1, 0.5f,
                probs, 0, d, 0);
        assertThat(total).isZero();
        assertThat(probs).containsExactly(1f, 1f);
        assertThat(d).containsExactly(0f, 0f);
    }

    @Test
    void softmax_matchesDoubleReferenceAndSumsToOne() {
        SplittableRandom random = new SplittableRandom(23);
        int rows = 6;
        int classes = 4;
        float[] logits = new float[1 + rows * classes];
        for (int i = 1; i < logits.length; i++) {
            logits[i] = (float) (random.nextGaussian() * 20);
        }
        float[] probs = filled(2 + rows * classes + 1);
        CategoricalCrossEntropy.softmax(logits, 1, rows, classes, probs, 2);
        for (int r = 0; r < rows; r++) {
            double[] p = softmax(logits, 1 + r * classes, classes);
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                assertThat((double) probs[2 + r * classes + k]).isCloseTo(p[k], within(1e-7));
                sum += probs[2 + r * classes + k];
            }
            assertThat(sum).isCloseTo(1.0, within(1e-6));
        }
        assertUntouched(probs, 2, rows * classes);
    }

    @Test
    void softmax_extremeLogits_stayFinite() {
        float[] logits = {Float.MAX_VALUE, 0f, -Float.MAX_VALUE, 88.8f, 88.7f, -104f};
        float[] probs = new float[6];
        CategoricalCrossEntropy.softmax(logits, 0, 2, 3, probs, 0);
        for (float p : probs) {
            assertThat(p).isNotNaN().isBetween(0f, 1f);
        }
        assertThat(probs[0]).isEqualTo(1f);
    }

    private static float[] filled(int length) {
        float[] a = new float[length];
        Arrays.fill(a, SENTINEL);
        return a;
    }

    private static void assertUntouched(float[] a, int off, int n) {
        for (int i = 0; i < a.length; i++) {
            if (i < off || i >= off + n) {
                assertThat(a[i]).as("element %d outside the output range", i).isEqualTo(SENTINEL);
            }
        }
    }
}
