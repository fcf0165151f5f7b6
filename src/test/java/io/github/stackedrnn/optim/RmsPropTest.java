package io.github.stackedrnn.optim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link RmsProp} against Keras 3's RMSprop rule written out in double ({@link Reference.RmsProp}). */
class RmsPropTest {
    private static final int[] SIZES = {3, 2, 4};
    private static final int N = 9;

    @Test
    void plain_fiveSteps_matchReference() {
        Reference reference = new Reference(SIZES, 0.01, new Reference.RmsProp(N, 0.9, 0, 1e-7, false));
        Reference.assertMatches(RmsProp.builder().learningRate(0.01).build(), SIZES, reference, new Reference.Data(11, N, 5, 1), 1e-5);
    }

    @Test
    void centered_fiveSteps_matchReference() {
        Reference reference = new Reference(SIZES, 0.01, new Reference.RmsProp(N, 0.8, 0, 1e-6, true));
        Reference.assertMatches(RmsProp.builder().learningRate(0.01).rho(0.8).epsilon(1e-6).centered(true).build(), SIZES,
                reference, new Reference.Data(12, N, 5, 1), 1e-5);
    }

    @Test
    void momentum_fiveSteps_matchReference() {
        Reference reference = new Reference(SIZES, 0.01, new Reference.RmsProp(N, 0.9, 0.7, 1e-7, false));
        Reference.assertMatches(RmsProp.builder().learningRate(0.01).momentum(0.7).build(), SIZES, reference,
                new Reference.Data(13, N, 5, 1), 1e-5);
    }

    @Test
    void centeredWithMomentum_fiveSteps_matchReference() {
        Reference reference = new Reference(SIZES, 0.01, new Reference.RmsProp(N, 0.9, 0.5, 1e-7, true));
        Reference.assertMatches(RmsProp.builder().learningRate(0.01).momentum(0.5).centered(true).build(), SIZES, reference,
                new Reference.Data(14, N, 5, 1), 1e-5);
    }

    @Test
    void firstStep_writtenOut_centeredVsNot() {
        // lr 0.01, rho 0.9, g = 2: velocity = 0.1·4 = 0.4, average = 0.1·2 = 0.2
        // plain:    w -= 0.01·2 / sqrt(0.4 + 1e-7)
        // centered: w -= 0.01·2 / sqrt(0.4 - 0.04 + 1e-7), a larger step: the variance is below the second moment
        float[] plain = {1f};
        float[] centered = {1f};
        OptimizerState p = RmsProp.builder().learningRate(0.01).build().newState(1);
        OptimizerState c = RmsProp.builder().learningRate(0.01).centered(true).build().newState(1);
        p.step(plain, new float[] {2f});
        c.step(centered, new float[] {2f});
        assertThat((double) plain[0]).isCloseTo(1 - 0.02 / Math.sqrt(0.4 + 1e-7), within(1e-6));
        assertThat((double) centered[0]).isCloseTo(1 - 0.02 / Math.sqrt(0.36 + 1e-7), within(1e-6));
        assertThat(1 - centered[0]).isGreaterThan(1 - plain[0]);
        assertThat((double) c.slots().get(1)[0]).as("average gradient").isCloseTo(0.2, within(1e-7));
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void defaults_areKeras() {
        RmsProp r = RmsProp.defaults();
        assertThat(r.learningRate()).isEqualTo(1e-3);
        assertThat(r.rho()).isEqualTo(0.9);
        assertThat(r.momentum()).isZero();
        assertThat(r.epsilon()).isEqualTo(1e-7);
        assertThat(r.centered()).isFalse();
        assertThat(r.kerasName()).isEqualTo("rmsprop");
        assertThat(r).hasToString("RmsProp{learningRate=0.001, rho=0.9, momentum=0.0, epsilon=1.0E-7, centered=false}");
    }

    @Test
    void equalsAndHashCode_coverEverySetting() {
        assertThat(RmsProp.builder().build()).isEqualTo(RmsProp.defaults()).hasSameHashCodeAs(RmsProp.defaults());
        RmsProp full = RmsProp.builder().rho(0.8).momentum(0.5).epsilon(1e-6).centered(true).globalClipNorm(1).build();
        RmsProp same = RmsProp.builder().globalClipNorm(1).centered(true).epsilon(1e-6).momentum(0.5).rho(0.8).build();
        assertThat(full).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(full).hasToString("RmsProp{learningRate=0.001, rho=0.8, momentum=0.5, epsilon=1.0E-6, centered=true, "
                + "globalClipNorm=1.0}");
        assertThat(full).isNotEqualTo(RmsProp.builder().rho(0.8).momentum(0.5).epsilon(1e-6).globalClipNorm(1).build());
    }

    @Test
    void slotCount_andVariableCount_followKeras() {
        // velocities always; momentums only with momentum > 0; average gradients only when centered
        assertThat(RmsProp.defaults().slotCount()).isEqualTo(1);
        assertThat(RmsProp.builder().momentum(0.5).build().slotCount()).isEqualTo(2);
        assertThat(RmsProp.builder().centered(true).build().slotCount()).isEqualTo(2);
        assertThat(RmsProp.builder().momentum(0.5).centered(true).build().slotCount()).isEqualTo(3);
        assertThat(RmsProp.defaults().newState(SIZES).variableCount()).isEqualTo(N + 2);
        assertThat(RmsProp.builder().momentum(0.5).centered(true).build().newState(SIZES).variableCount()).isEqualTo(3 * N + 2);
    }

    @Test
    void rho_one() {
        assertThatThrownBy(() -> RmsProp.builder().rho(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `rho`, expected a number in [0, 1), got 1.0.");
    }

    @Test
    void momentum_negative() {
        assertThatThrownBy(() -> RmsProp.builder().momentum(-0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `momentum`, expected a number in [0, 1], got -0.5.");
    }

    @Test
    void epsilon_zero() {
        assertThatThrownBy(() -> RmsProp.builder().epsilon(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `epsilon`, expected a positive finite number, got 0.0.");
    }

    @Test
    void settingsTwice() {
        assertThatThrownBy(() -> RmsProp.builder().rho(0.8).rho(0.7))
                .isInstanceOf(IllegalStateException.class).hasMessage("`rho` was already set to 0.8");
        assertThatThrownBy(() -> RmsProp.builder().centered(true).centered(true))
                .isInstanceOf(IllegalStateException.class).hasMessage("`centered` was already set to true");
        assertThatThrownBy(() -> RmsProp.builder().epsilon(1e-6).epsilon(1e-5))
                .isInstanceOf(IllegalStateException.class).hasMessage("`epsilon` was already set to 1.0E-6");
        assertThatThrownBy(() -> RmsProp.builder().momentum(0.1).momentum(0.2))
                .isInstanceOf(IllegalStateException.class).hasMessage("`momentum` was already set to 0.1");
    }

    @Test
    void restoreState_negativeVelocity() {
        float[] velocity = new float[N];
        velocity[4] = -1e-3f;
        assertThatThrownBy(() -> RmsProp.defaults().restoreState(SIZES, 3, List.of(velocity)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RmsProp slot 0 (velocity) has the invalid value -0.001 at 4; it must be finite and non-negative");
        // momentums and average gradients may be negative
        float[] negative = new float[N];
        negative[0] = -2f;
        RmsProp full = RmsProp.builder().momentum(0.5).centered(true).build();
        assertThat(full.restoreState(SIZES, 3, List.of(new float[N], negative, negative)).slots().get(2)[0]).isEqualTo(-2f);
    }
}
