package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ActivationKernels} against {@link Math#tanh} and the textbook formulas. {@code tanhInPlace} runs
 * on the Vector API kernels when the JVM has {@code jdk.incubator.vector}, so it is compared with the
 * scalar {@code tanh} element by element.
 */
class ActivationKernelsTest {
    /** The documented bound: absolute error below 2.7e-7 (a sweep of every third float in [0, 12] finds 2.699e-7 at 6.8815722). */
    private static final double TANH_TOLERANCE = 2.7e-7;

    @Test
    void tanh_givesKerasOnJaxsBitsForEveryFixtureArgument() throws java.io.IOException {
        // keras.activations.tanh on JAX's CPU backend (XLA), written by interop/xla_tanh_fixture.py
        java.util.List<String> lines;
        try (java.io.InputStream in = ActivationKernelsTest.class.getResourceAsStream("/keras/xla-tanh.txt")) {
            assertThat(in).as("the fixture").isNotNull();
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.startsWith("#")).toList();
        }
        float[] x = new float[lines.size()];
        float[] keras = new float[lines.size()];
        for (int i = 0; i < x.length; i++) {
            String[] pair = lines.get(i).split(" ");
            x[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(pair[0], 16));
            keras[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(pair[1], 16));
        }
        assertThat(x.length).isEqualTo(11_610);
        float[] inPlace = x.clone();
        ActivationKernels.tanhInPlace(inPlace, 0, inPlace.length);
        float[] scalarPath = x.clone();
        ScalarKernels.tanhInPlace(scalarPath, 0, scalarPath.length);
        for (int i = 0; i < x.length; i++) {
            int expected = Float.floatToRawIntBits(keras[i]);
            assertThat(Float.floatToRawIntBits(ActivationKernels.tanh(x[i]))).as("tanh(%s)", x[i]).isEqualTo(expected);
            assertThat(Float.floatToRawIntBits(inPlace[i])).as("tanhInPlace(%s), %s", x[i], MatrixKernels.implementation()).isEqualTo(expected);
            assertThat(Float.floatToRawIntBits(scalarPath[i])).as("the scalar kernels' tanh(%s)", x[i]).isEqualTo(expected);
        }
    }

    @Test
    void tanh_denseGrid_withinToleranceOfMathTanh() {
        // every 1/65536 over [-12, 12]: 1.57 million points
        double worst = 0;
        float worstAt = 0;
        int points = 0;
        for (int i = -12 * 65536; i <= 12 * 65536; i++) {
            float x = i / 65536f;
            double error = Math.abs(ActivationKernels.tanh(x) - Math.tanh(x));
            if (error > worst) {
                worst = error;
                worstAt = x;
            }
            points++;
        }
        assertThat(points).isEqualTo(24 * 65536 + 1);
        assertThat(worst).as("max |tanh - Math.tanh| on the grid, worst at x = " + worstAt).isLessThanOrEqualTo(TANH_TOLERANCE);
    }

    @Test
    void tanh_randomFloats_withinToleranceOfMathTanh() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 1_000_000; i++) {
            float x = (float) (random.nextDouble() * 20 - 10);
            assertThat(Math.abs(ActivationKernels.tanh(x) - Math.tanh(x))).as("x = %s", x).isLessThanOrEqualTo(TANH_TOLERANCE);
        }
    }

    @Test
    void tanh_aboveAQuarter_isWithinFiveUlps() {
        // XLA's float rational: a sweep of every third float finds 4.8 ulps at most (at 5.898)
        for (int i = (int) (0.26 * 65536); i <= 12 * 65536; i++) {
            float x = i / 65536f;
            float expected = (float) Math.tanh(x);
            assertThat(Math.abs(ActivationKernels.tanh(x) - expected)).as("x = %s", x).isLessThanOrEqualTo(5 * Math.ulp(expected));
        }
    }

    @Test
    void tanh_smallMagnitudes_areWithinFiveUlps() {
        // between the switch to tanh(x) = x at 0.0004 and 0.26 a sweep of every third float finds up to
        // 4.4 ulps (the absolute error stays small, as the values are). Tiny values, the switch and just
        // above it, both signs:
        for (float x : new float[] {Float.MIN_VALUE, 1e-38f, 1e-30f, 1e-20f, 1e-10f, 1e-7f, 1e-5f, 3.999e-4f, 4e-4f,
                4.001e-4f, 1e-3f, 1e-2f}) {
            for (float s : new float[] {x, -x}) {
                double expected = Math.tanh(s);
                assertThat(Math.abs(ActivationKernels.tanh(s) - expected)).as("x = %s", s)
                        .isLessThanOrEqualTo(5 * Math.ulp((float) expected));
                assertThat(Math.signum(ActivationKernels.tanh(s))).as("sign at x = %s", s).isEqualTo(Math.signum(s));
            }
        }
    }

    @Test
    void tanh_signedZero_isPreserved() {
        assertThat(Float.floatToRawIntBits(ActivationKernels.tanh(0f))).isEqualTo(Float.floatToRawIntBits(0f));
        assertThat(Float.floatToRawIntBits(ActivationKernels.tanh(-0f))).isEqualTo(Float.floatToRawIntBits(-0f));
    }

    @Test
    void tanh_isOdd() {
        for (int i = 0; i <= 12 * 1024; i++) {
            float x = i / 1024f;
            assertThat(ActivationKernels.tanh(-x)).as("x = %s", x).isEqualTo(-ActivationKernels.tanh(x));
        }
    }

    @Test
    void tanh_fromTheClampOn_isExactlyOne() {
        assertThat(ActivationKernels.tanh(Math.nextDown(ActivationKernels.TANH_CLAMP))).isLessThan(1f);
        for (float x : new float[] {ActivationKernels.TANH_CLAMP, 8f, 9f, 9.5f, 10f, 20f, 100f, 1e4f, 1e10f, 1e30f, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY}) {
            assertThat(ActivationKernels.tanh(x)).as("tanh(%s)", x).isEqualTo(1f);
            assertThat(ActivationKernels.tanh(-x)).as("tanh(%s)", -x).isEqualTo(-1f);
        }
        for (int i = 8 * 1024; i <= 64 * 1024; i++) {
            float x = i / 1024f;
            assertThat(ActivationKernels.tanh(x)).as("tanh(%s)", x).isEqualTo(1f);
            assertThat(ActivationKernels.tanh(-x)).as("tanh(%s)", -x).isEqualTo(-1f);
        }
    }

    @Test
    void tanh_neverLeavesMinusOneToOne() {
        for (int i = -16 * 4096; i <= 16 * 4096; i++) {
            float y = ActivationKernels.tanh(i / 4096f);
            assertThat(y).isBetween(-1f, 1f);
        }
    }

    @Test
    void tanh_isMonotoneToItsRounding() {
        // Evaluated in float, the rational form is monotone only to its rounding (as XLA's is): an
        // exhaustive sweep of [0, 12] finds steps down of at most 4.2e-7 (at 3.924), within the error bound.
        float previous = -1f;
        double largestStepDown = 0;
        for (int i = -10 * 16384; i <= 10 * 16384; i++) {
            float y = ActivationKernels.tanh(i / 16384f);
            assertThat((double) y).as("tanh(%s)", i / 16384f).isGreaterThanOrEqualTo(previous - 2 * TANH_TOLERANCE);
            largestStepDown = Math.max(largestStepDown, previous - y);
            previous = y;
        }
        assertThat(largestStepDown).isLessThan(4.3e-7);
        assertThat((double) ActivationKernels.tanh(0.0004f)).isCloseTo(ActivationKernels.tanh(Math.nextDown(0.0004f)),
                org.assertj.core.api.Assertions.within(1e-10));
    }

    @Test
    void tanh_nan_staysNan() {
        assertThat(ActivationKernels.tanh(Float.NaN)).isNaN();
    }

    @Test
    void tanhInPlace_equalsScalarTanhOnEveryElement() {
        // long enough for the vector loop, with an offset and a length that leave a scalar tail
        SplittableRandom random = new SplittableRandom(13);
        int n = 10_007;
        float[] a = new float[n + 5];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(6) - 4));
        }
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
            -Float.MAX_VALUE, 9f, -9f, 8.99f, 4e-4f, -3.9e-4f, 0.26f};
        System.arraycopy(special, 0, a, 3, special.length);
        System.arraycopy(special, 0, a, n - 20, special.length);
        float[] out = a.clone();
        ActivationKernels.tanhInPlace(out, 2, n);
        for (int i = 0; i < a.length; i++) {
            float expected = i >= 2 && i < 2 + n ? ActivationKernels.tanh(a[i]) : a[i];
            assertThat(Float.floatToIntBits(out[i])).as("element %d, x = %s (%s kernels)", i, a[i], MatrixKernels.implementation())
                    .isEqualTo(Float.floatToIntBits(expected));
        }
    }

    @Test
    void tanhInPlace_appliesToTheRangeOnly() {
        float[] a = {5f, -0.5f, 0f, 0.25f, 3f, 9f};
        ActivationKernels.tanhInPlace(a, 1, 4);
        assertThat(a).containsExactly(5f, ActivationKernels.tanh(-0.5f), 0f, ActivationKernels.tanh(0.25f),
                ActivationKernels.tanh(3f), 9f);
        float[] b = {1f, 2f};
        ActivationKernels.tanhInPlace(b, 1, 0);
        assertThat(b).containsExactly(1f, 2f);
    }

    @Test
    void relu_matchesMaxWithZero() {
        float[] a = {-3f, -2f, -0.5f, -0f, 0f, 1e-30f, 0.5f, 7f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -4f};
        float[] expected = {-3f, 0f, 0f, 0f, 0f, 1e-30f, 0.5f, 7f, 0f, Float.POSITIVE_INFINITY, -4f};
        ActivationKernels.reluInPlace(a, 1, a.length - 2);
        assertThat(a).containsExactly(expected);
        // relu(-0) is +0, as max(-0, 0) is in Java
        assertThat(Float.floatToRawIntBits(a[3])).isEqualTo(0);
    }

    @Test
    void relu_nan_staysNan() {
        float[] a = {Float.NaN};
        ActivationKernels.reluInPlace(a, 0, 1);
        assertThat(a[0]).isNaN();
    }

    @Test
    void tanhBackward_isGradientTimesOneMinusOutputSquared() {
        SplittableRandom random = new SplittableRandom(12);
        int n = 37;
        float[] h = new float[n + 5];
        float[] d = new float[n + 3];
        for (int i = 0; i < h.length; i++) {
            h[i] = ActivationKernels.tanh((float) (random.nextDouble() * 6 - 3));
        }
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (random.nextDouble() * 4 - 2);
        }
        float[] hBefore = h.clone();
        float[] dBefore = d.clone();
        ActivationKernels.tanhBackwardInPlace(h, 4, d, 2, n);
        for (int i = 0; i < n; i++) {
            float y = h[4 + i];
            assertThat(d[2 + i]).as("element %d", i).isEqualTo(dBefore[2 + i] * (1f - y * y));
            // the derivative of tanh at z where h = tanh(z), to float precision
            double z = atanh(y);
            double derivative = 1 - Math.tanh(z) * Math.tanh(z);
            assertThat((double) d[2 + i]).isCloseTo(dBefore[2 + i] * derivative,
                    org.assertj.core.api.Assertions.within(1e-5));
        }
        assertThat(Arrays.copyOfRange(d, 0, 2)).containsExactly(Arrays.copyOfRange(dBefore, 0, 2));
        assertThat(d[n + 2]).isEqualTo(dBefore[n + 2]);
        assertThat(h).containsExactly(hBefore);
    }

    @Test
    void tanhBackward_saturatedOutput_givesZeroGradient() {
        float[] h = {1f, -1f, 0f};
        float[] d = {5f, -5f, 3f};
        ActivationKernels.tanhBackwardInPlace(h, 0, d, 0, 3);
        assertThat(d).containsExactly(0f, -0f, 3f);
    }

    @Test
    void reluBackward_passesGradientWhereOutputIsPositive() {
        float[] h = {9f, 2f, 0f, -0f, 1e-30f, 0.5f, 0f, 9f};
        float[] d = {7f, 1f, 2f, 3f, 4f, 5f, 6f, 7f};
        float[] hBefore = h.clone();
        ActivationKernels.reluBackwardInPlace(h, 1, d, 0, 6);
        // d[i] belongs to h[1 + i]: h = 2, 0, -0, 1e-30, 0.5, 0
        assertThat(d).containsExactly(7f, 0f, 0f, 3f, 4f, 0f, 6f, 7f);
        assertThat(h).containsExactly(hBefore);
    }

    @Test
    void backwardKernels_zeroLength_changeNothing() {
        float[] h = {0.5f};
        float[] d = {2f};
        ActivationKernels.tanhBackwardInPlace(h, 0, d, 0, 0);
        ActivationKernels.reluBackwardInPlace(h, 0, d, 0, 0);
        ActivationKernels.reluInPlace(d, 0, 0);
        assertThat(d).containsExactly(2f);
    }

    private static double atanh(double y) {
        return 0.5 * Math.log((1 + y) / (1 - y));
    }
}
