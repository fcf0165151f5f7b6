package io.github.stackedrnn.optim;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link Adam} and its state against Keras's update rule written out in double precision. */
class AdamTest {

    /** Keras's Adam in double: the reference. */
    private static final class ReferenceAdam {
        final double lr;
        final double beta1;
        final double beta2;
        final double epsilon;
        final double[] m;
        final double[] v;
        long t;

        ReferenceAdam(double lr, double beta1, double beta2, double epsilon, int n) {
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.m = new double[n];
            this.v = new double[n];
        }

        void step(double[] w, double[] g) {
            t++;
            double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int i = 0; i < w.length; i++) {
                m[i] += (g[i] - m[i]) * (1 - beta1);
                v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
                w[i] -= alpha * m[i] / (Math.sqrt(v[i]) + epsilon);
            }
        }
    }

    @Test
    void step_threeHandComputedSteps_matchKerasRule() {
        Adam adam = Adam.builder().learningRate(0.01).build();
        OptimizerState state = adam.newState(2);
        float[] params = {1.0f, -2.0f};
        float[] grads = {0.5f, -0.1f};
        double[] expected = {1.0, -2.0};
        ReferenceAdam reference = new ReferenceAdam(0.01, 0.9, 0.999, 1e-7, 2);
        for (int step = 1; step <= 3; step++) {
            state.step(params, grads);
            reference.step(expected, new double[] {0.5, -0.1});
            assertThat((double) params[0]).as("step %d", step).isCloseTo(expected[0], within(1e-6));
            assertThat((double) params[1]).as("step %d", step).isCloseTo(expected[1], within(1e-6));
        }
        // with a constant gradient m/sqrt(v) stays ±1 after bias correction, so each step moves lr against the sign
        assertThat((double) params[0]).isCloseTo(1.0 - 3 * 0.01, within(1e-6));
        assertThat((double) params[1]).isCloseTo(-2.0 + 3 * 0.01, within(1e-6));
        assertThat(grads).containsExactly(0.5f, -0.1f);
        assertThat(state.iterations()).isEqualTo(3);
    }

    @Test
    void step_firstStep_writtenOut() {
        // t = 1: alpha = lr·sqrt(1 - 0.999)/(1 - 0.9); m = 0.1·g; v = 0.001·g²; w -= alpha·m/(sqrt(v) + eps)
        double lr = 0.01;
        double g = 0.5;
        double alpha = lr * Math.sqrt(0.001) / 0.1;
        double m = 0.1 * g;
        double v = 0.001 * g * g;
        double w = 1.0 - alpha * m / (Math.sqrt(v) + 1e-7);
        OptimizerState state = Adam.builder().learningRate(lr).build().newState(1);
        float[] params = {1.0f};
        state.step(params, new float[] {(float) g});
        assertThat((double) params[0]).isCloseTo(w, within(1e-7));
        assertThat(w).isCloseTo(0.99, within(1e-6));
    }

    @Test
    void step_randomGradientsManySteps_matchKerasRule() {
        SplittableRandom random = new SplittableRandom(31);
        int n = 50;
        double lr = 0.003;
        OptimizerState state = Adam.builder().learningRate(lr).beta1(0.8).beta2(0.99).epsilon(1e-5).build().newState(n);
        ReferenceAdam reference = new ReferenceAdam(lr, 0.8, 0.99, 1e-5, n);
        float[] params = new float[n];
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            params[i] = (float) random.nextGaussian();
            expected[i] = params[i];
        }
        for (int step = 1; step <= 20; step++) {
            float[] grads = new float[n];
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                grads[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(5) - 3));
                g[i] = grads[i];
            }
            state.step(params, grads);
            reference.step(expected, g);
            for (int i = 0; i < n; i++) {
                assertThat((double) params[i]).as("step %d parameter %d", step, i).isCloseTo(expected[i], within(1e-5));
            }
        }
    }

    @Test
    void step_zeroGradient_fromFreshState_changesNothing() {
        OptimizerState state = Adam.defaults().newState(3);
        float[] params = {1f, -1f, 0f};
        state.step(params, new float[3]);
        assertThat(params).containsExactly(1f, -1f, 0f);
        assertThat(state.iterations()).isEqualTo(1);
    }

    @Test
    void step_wrongLengths_areRejected() {
        OptimizerState state = Adam.defaults().newState(3);
        assertThatThrownBy(() -> state.step(new float[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adam state holds 3 parameters but got params of length 2 and grads of length 3");
        assertThatThrownBy(() -> state.step(new float[3], new float[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grads of length 4");
        assertThat(state.iterations()).isZero();
    }

    @Test
    void newState_negativeCount_isRejected() {
        assertThatThrownBy(() -> Adam.defaults().newState(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`parameterCount`").hasMessageContaining("got -1");
    }

    @Test
    void newState_zeroParameters_isAllowed() {
        OptimizerState state = Adam.defaults().newState(0);
        state.step(new float[0], new float[0]);
        assertThat(state.iterations()).isEqualTo(1);
        assertThat(state.variableCount()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ defaults

    @Test
    void defaults_areKeras() {
        Adam adam = Adam.defaults();
        assertThat(adam.learningRate()).isEqualTo(1e-3);
        assertThat(adam.beta1()).isEqualTo(0.9);
        assertThat(adam.beta2()).isEqualTo(0.999);
        assertThat(adam.epsilon()).isEqualTo(1e-7);
        assertThat(Adam.DEFAULT_LEARNING_RATE).isEqualTo(1e-3);
        assertThat(Adam.DEFAULT_BETA1).isEqualTo(0.9);
        assertThat(Adam.DEFAULT_BETA2).isEqualTo(0.999);
        assertThat(Adam.DEFAULT_EPSILON).isEqualTo(1e-7);
        assertThat(adam.kerasName()).isEqualTo("adam");
    }

    @Test
    void builder_withoutSettings_equalsDefaults() {
        assertThat(Adam.builder().build()).isEqualTo(Adam.defaults()).hasSameHashCodeAs(Adam.defaults());
        assertThat(Adam.builder().learningRate(1e-3).beta1(0.9).beta2(0.999).epsilon(1e-7).build()).isEqualTo(Adam.defaults());
        assertThat(Adam.builder().learningRate(1e-2).build()).isNotEqualTo(Adam.defaults());
    }

    @Test
    void builder_keepsItsSettings() {
        Adam adam = Adam.builder().learningRate(0.05).beta1(0.5).beta2(0.75).epsilon(1e-4).build();
        assertThat(adam.learningRate()).isEqualTo(0.05);
        assertThat(adam.beta1()).isEqualTo(0.5);
        assertThat(adam.beta2()).isEqualTo(0.75);
        assertThat(adam.epsilon()).isEqualTo(1e-4);
        assertThat(adam).hasToString("Adam{learningRate=0.05, beta1=0.5, beta2=0.75, epsilon=1.0E-4}");
    }

    @Test
    void builder_buildTwice_givesEqualOptimizers() {
        Adam.Builder builder = Adam.builder().learningRate(0.02);
        assertThat(builder.build()).isEqualTo(builder.build());
    }

    // ------------------------------------------------------------------ validation

    @Test
    void learningRate_zero() {
        assertThatThrownBy(() -> Adam.builder().learningRate(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `learningRate`, expected a positive finite number, got 0.0.");
    }

    @Test
    void learningRate_negative() {
        assertThatThrownBy(() -> Adam.builder().learningRate(-0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`learningRate`").hasMessageContaining("got -0.01.");
    }

    @Test
    void learningRate_nan() {
        assertThatThrownBy(() -> Adam.builder().learningRate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`learningRate`").hasMessageContaining("got NaN.");
    }

    @Test
    void learningRate_infinity() {
        assertThatThrownBy(() -> Adam.builder().learningRate(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`learningRate`").hasMessageContaining("got Infinity.");
    }

    @Test
    void learningRate_twice() {
        Adam.Builder builder = Adam.builder().learningRate(0.01);
        assertThatThrownBy(() -> builder.learningRate(0.02))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`learningRate` was already set to 0.01");
        assertThat(builder.build().learningRate()).isEqualTo(0.01);
    }

    @Test
    void learningRate_invalidAfterValid_keepsTheValid() {
        Adam.Builder builder = Adam.builder().learningRate(0.01);
        // the value is checked before the repetition, so a bad value reports itself, and nothing changes
        assertThatThrownBy(() -> builder.learningRate(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.build().learningRate()).isEqualTo(0.01);
    }

    @Test
    void beta1_one() {
        assertThatThrownBy(() -> Adam.builder().beta1(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `beta1`, expected a number in [0, 1), got 1.0.");
    }

    @Test
    void beta1_negative() {
        assertThatThrownBy(() -> Adam.builder().beta1(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`beta1`");
    }

    @Test
    void beta1_nan() {
        assertThatThrownBy(() -> Adam.builder().beta1(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`beta1`");
    }

    @Test
    void beta1_zero_isAllowed() {
        assertThat(Adam.builder().beta1(0).build().beta1()).isZero();
    }

    @Test
    void beta1_twice() {
        assertThatThrownBy(() -> Adam.builder().beta1(0.8).beta1(0.7))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`beta1` was already set to 0.8");
    }

    @Test
    void beta2_one() {
        assertThatThrownBy(() -> Adam.builder().beta2(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`beta2`");
    }

    @Test
    void beta2_twice() {
        assertThatThrownBy(() -> Adam.builder().beta2(0.99).beta2(0.98))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`beta2` was already set to 0.99");
    }

    @Test
    void epsilon_zero() {
        assertThatThrownBy(() -> Adam.builder().epsilon(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `epsilon`, expected a positive finite number, got 0.0.");
    }

    @Test
    void epsilon_infinity() {
        assertThatThrownBy(() -> Adam.builder().epsilon(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`epsilon`");
    }

    @Test
    void epsilon_twice() {
        assertThatThrownBy(() -> Adam.builder().epsilon(1e-8).epsilon(1e-6))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`epsilon` was already set to 1.0E-8");
    }

    // ------------------------------------------------------------------ state

    @Test
    void iterations_countSteps() {
        OptimizerState state = Adam.defaults().newState(4);
        assertThat(state.iterations()).isZero();
        for (int i = 1; i <= 5; i++) {
            state.step(new float[4], new float[] {1, 2, 3, 4});
            assertThat(state.iterations()).isEqualTo(i);
        }
    }

    @Test
    void variableCount_isTwoPerParameterPlusTwo() {
        assertThat(Adam.defaults().newState(13_354).variableCount()).isEqualTo(26_710);
        assertThat(Adam.defaults().newState(1).variableCount()).isEqualTo(4);
    }

    @Test
    void copy_isIndependent() {
        Adam adam = Adam.builder().learningRate(0.01).build();
        float[] grads = {0.5f, -0.1f};
        float[] other = {-3f, 7f};
        OptimizerState original = adam.newState(2);
        float[] params = {1f, -2f};
        original.step(params, grads);
        OptimizerState copy = original.copy(); // a snapshot after one step
        assertThat(copy.iterations()).isEqualTo(1);
        assertThat(copy.variableCount()).isEqualTo(original.variableCount());

        // the original moves on with other gradients ...
        float[] fromOriginal = params.clone();
        original.step(fromOriginal, other);
        original.step(fromOriginal, other);
        // ... and the copy's next step is the one a fresh state would take after the first step alone
        float[] fromCopy = params.clone();
        copy.step(fromCopy, grads);
        assertThat(fromCopy).containsExactly(replay(adam, grads, grads));
        assertThat(copy.iterations()).isEqualTo(2);
        assertThat(original.iterations()).isEqualTo(3);

        // stepping the copy left the original's moments alone
        original.step(fromOriginal, grads);
        assertThat(fromOriginal).containsExactly(replay(adam, grads, other, other, grads));
    }

    /** The parameters {1, -2} after fresh Adam steps with the given gradients. */
    private static float[] replay(Adam adam, float[]... gradients) {
        OptimizerState state = adam.newState(2);
        float[] params = {1f, -2f};
        for (float[] g : gradients) {
            state.step(params, g);
        }
        return params;
    }
}
