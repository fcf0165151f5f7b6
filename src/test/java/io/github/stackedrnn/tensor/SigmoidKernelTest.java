package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The sigmoid of LSTM and GRU gates: accuracy against the exact function, and the array kernel against the scalar one. */
class SigmoidKernelTest {
    @Test
    void sigmoidIsWithin1_6e7OfTheLogisticFunctionEverywhere() {
        SplittableRandom random = new SplittableRandom(5);
        float[] a = new float[10_003]; // not a multiple of any vector length: the tail runs too
        for (int i = 0; i < a.length; i++) {
            a[i] = i < 2000 ? (i - 1000) * 0.03f : (float) ((random.nextDouble() * 2 - 1) * 40);
        }
        a[0] = 0f;
        a[1] = 1e-5f;
        a[2] = -1e-5f;
        float[] out = a.clone();
        ActivationKernels.sigmoidInPlace(out, 0, out.length);
        for (int i = 0; i < a.length; i++) {
            double exact = 1 / (1 + Math.exp(-(double) a[i]));
            assertThat((double) out[i]).as("sigmoid(%s)", a[i]).isCloseTo(exact, within(1.6e-7));
            // every element, in vectors or in the tail, takes the scalar function's operations
            assertThat(Float.floatToRawIntBits(out[i])).as("the array kernel and the scalar function at %s", a[i])
                    .isEqualTo(Float.floatToRawIntBits(ActivationKernels.sigmoid(a[i])));
        }
    }

    @Test
    void sigmoidWritesOnlyItsRange() {
        float[] a = {5f, 1f, -1f, 0f, 7f};
        ActivationKernels.sigmoidInPlace(a, 1, 3);
        assertThat(a[0]).isEqualTo(5f);
        assertThat(a[4]).isEqualTo(7f);
        assertThat(a[3]).isEqualTo(0.5f);
        assertThat((double) a[1]).isCloseTo(0.7310585786, within(1e-7));
    }

    @Test
    void hardSigmoidIsKeras3s() {
        float[] a = {-4f, -3f, 0f, 1.5f, 3f, 9f};
        ActivationKernels.hardSigmoidInPlace(a, 0, a.length);
        assertThat(a).containsExactly(0f, 0f, 0.5f, 0.75f, 1f, 1f);
    }

    @Test
    void hardSigmoidKeras2IsClipOfAFifthPlusAHalf() {
        float[] a = {7f, -3f, -2.5f, -1f, 0f, 1.25f, 2.5f, 9f, 7f};
        ActivationKernels.hardSigmoidKeras2InPlace(a, 1, 7);
        assertThat(a[0]).isEqualTo(7f);
        assertThat(a[8]).isEqualTo(7f);
        assertThat(a[1]).isEqualTo(0f);
        assertThat(a[2]).isEqualTo(0f);
        assertThat((double) a[3]).isCloseTo(0.3, within(1e-7));
        assertThat(a[4]).isEqualTo(0.5f);
        assertThat(a[5]).isEqualTo(0.75f);
        assertThat(a[6]).isEqualTo(1f);
        assertThat(a[7]).isEqualTo(1f);
    }
}
