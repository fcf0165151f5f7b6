package io.github.stackedrnn.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The schedules' values against Keras's formulas, worked out by hand, and their validation. */
class LearningRateScheduleTest {

    // ------------------------------------------------------------------ ExponentialDecay

    @Test
    void exponentialDecay_continuous() {
        ExponentialDecay e = new ExponentialDecay(0.1, 10, 0.5);
        assertThat(e.at(0)).isEqualTo(0.1);
        assertThat(e.at(5)).isCloseTo(0.1 * Math.sqrt(0.5), within(1e-15)); // 0.5^(5/10)
        assertThat(e.at(10)).isCloseTo(0.05, within(1e-15));
        assertThat(e.at(25)).isCloseTo(0.1 * Math.pow(0.5, 2.5), within(1e-15));
        assertThat(e.staircase()).isFalse();
    }

    @Test
    void exponentialDecay_staircase() {
        ExponentialDecay e = new ExponentialDecay(0.1, 10, 0.5, true);
        assertThat(e.at(0)).isEqualTo(0.1);
        assertThat(e.at(9)).isEqualTo(0.1);                           // floor(9/10) = 0
        assertThat(e.at(10)).isCloseTo(0.05, within(1e-15));          // floor(10/10) = 1
        assertThat(e.at(19)).isCloseTo(0.05, within(1e-15));
        assertThat(e.at(20)).isCloseTo(0.025, within(1e-15));
        assertThat(e.at(35)).isCloseTo(0.0125, within(1e-15));
    }

    @Test
    void exponentialDecay_gettersEqualsToString() {
        ExponentialDecay e = new ExponentialDecay(0.1, 10, 0.5, true);
        assertThat(e.initialLearningRate()).isEqualTo(0.1);
        assertThat(e.decaySteps()).isEqualTo(10);
        assertThat(e.decayRate()).isEqualTo(0.5);
        assertThat(e.staircase()).isTrue();
        assertThat(e).isEqualTo(new ExponentialDecay(0.1, 10, 0.5, true)).hasSameHashCodeAs(new ExponentialDecay(0.1, 10, 0.5, true))
                .isNotEqualTo(new ExponentialDecay(0.1, 10, 0.5))
                .hasToString("ExponentialDecay{initialLearningRate=0.1, decaySteps=10, decayRate=0.5, staircase=true}");
    }

    @Test
    void exponentialDecay_invalid() {
        assertThatThrownBy(() -> new ExponentialDecay(0.1, 0, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `decaySteps`, expected a positive integer, got 0.");
        assertThatThrownBy(() -> new ExponentialDecay(0, 10, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `initialLearningRate`, expected a positive finite number, got 0.0.");
        assertThatThrownBy(() -> new ExponentialDecay(0.1, 10, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `decayRate`, expected a positive finite number, got NaN.");
    }

    // ------------------------------------------------------------------ PiecewiseConstantDecay

    @Test
    void piecewiseConstantDecay_boundariesBelongToTheLowerPiece() {
        PiecewiseConstantDecay p = new PiecewiseConstantDecay(new long[] {3, 6}, new double[] {1.0, 0.5, 0.1});
        assertThat(p.at(0)).isEqualTo(1.0);
        assertThat(p.at(3)).isEqualTo(1.0);  // step <= b0
        assertThat(p.at(4)).isEqualTo(0.5);  // b0 < step <= b1
        assertThat(p.at(6)).isEqualTo(0.5);
        assertThat(p.at(7)).isEqualTo(0.1);  // step > last boundary
        assertThat(p.at(1_000_000)).isEqualTo(0.1);
    }

    @Test
    void piecewiseConstantDecay_copiesItsArrays() {
        long[] boundaries = {3};
        double[] values = {1.0, 0.5};
        PiecewiseConstantDecay p = new PiecewiseConstantDecay(boundaries, values);
        boundaries[0] = 100;
        values[1] = 9;
        assertThat(p.at(4)).isEqualTo(0.5);
        p.boundaries()[0] = 100;
        p.values()[1] = 9;
        assertThat(p.boundaries()).containsExactly(3);
        assertThat(p.values()).containsExactly(1.0, 0.5);
        assertThat(p).isEqualTo(new PiecewiseConstantDecay(new long[] {3}, new double[] {1.0, 0.5}))
                .hasSameHashCodeAs(new PiecewiseConstantDecay(new long[] {3}, new double[] {1.0, 0.5}))
                .isNotEqualTo(new PiecewiseConstantDecay(new long[] {4}, new double[] {1.0, 0.5}))
                .hasToString("PiecewiseConstantDecay{boundaries=[3], values=[1.0, 0.5]}");
    }

    @Test
    void piecewiseConstantDecay_invalid() {
        assertThatThrownBy(() -> new PiecewiseConstantDecay(new long[] {3, 6}, new double[] {1.0, 0.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The length of `boundaries` should be 1 less than the length of `values`. "
                        + "Received: boundaries=[3, 6] of length 2, and values=[1.0, 0.5] of length 2.");
        assertThatThrownBy(() -> new PiecewiseConstantDecay(new long[] {6, 6}, new double[] {1.0, 0.5, 0.1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `boundaries`, expected strictly increasing steps, got [6, 6].");
        assertThatThrownBy(() -> new PiecewiseConstantDecay(new long[0], new double[] {1.0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`boundaries`");
        assertThatThrownBy(() -> new PiecewiseConstantDecay(new long[] {1}, new double[] {1.0, -0.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `values`, expected finite non-negative learning rates, got [1.0, -0.5].");
        assertThatThrownBy(() -> new PiecewiseConstantDecay(null, new double[] {1.0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`boundaries`").hasMessageContaining("got null.");
    }

    // ------------------------------------------------------------------ CosineDecay

    @Test
    void cosineDecay_valuesAndBeyondDecaySteps() {
        CosineDecay c = new CosineDecay(0.1, 100, 0.2);
        assertThat(c.at(0)).isCloseTo(0.1, within(1e-15));
        // halfway: cosine = 0.5, decayed = 0.8·0.5 + 0.2 = 0.6
        assertThat(c.at(50)).isCloseTo(0.06, within(1e-15));
        // a quarter: cosine = 0.5·(1 + cos(π/4))
        assertThat(c.at(25)).isCloseTo(0.1 * (0.8 * 0.5 * (1 + Math.sqrt(0.5)) + 0.2), within(1e-15));
        assertThat(c.at(100)).isCloseTo(0.02, within(1e-15));
        assertThat(c.at(250)).as("held at alpha·lr after decaySteps").isCloseTo(0.02, within(1e-15));
        assertThat(new CosineDecay(0.1, 100).at(100)).isCloseTo(0, within(1e-15));
    }

    @Test
    void cosineDecay_gettersEqualsInvalid() {
        CosineDecay c = new CosineDecay(0.1, 100, 0.2);
        assertThat(c.initialLearningRate()).isEqualTo(0.1);
        assertThat(c.decaySteps()).isEqualTo(100);
        assertThat(c.alpha()).isEqualTo(0.2);
        assertThat(new CosineDecay(0.1, 100).alpha()).isZero();
        assertThat(c).isEqualTo(new CosineDecay(0.1, 100, 0.2)).hasSameHashCodeAs(new CosineDecay(0.1, 100, 0.2))
                .isNotEqualTo(new CosineDecay(0.1, 100, 0.3));
        assertThatThrownBy(() -> new CosineDecay(0.1, 100, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `alpha`, expected a number in [0, 1], got 1.5.");
        assertThatThrownBy(() -> new CosineDecay(0.1, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`decaySteps`").hasMessageContaining("got -1.");
    }

    @Test
    void at_negativeStep() {
        for (LearningRateSchedule s : new LearningRateSchedule[] {new ExponentialDecay(0.1, 10, 0.5),
                new PiecewiseConstantDecay(new long[] {1}, new double[] {1, 2}), new CosineDecay(0.1, 10)}) {
            assertThatThrownBy(() -> s.at(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Received an invalid value for argument `step`, expected a non-negative integer, got -1.");
        }
    }
}
