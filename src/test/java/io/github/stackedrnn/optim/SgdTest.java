package io.github.stackedrnn.optim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link Sgd} against Keras 3's SGD rule written out in double ({@link Reference.Sgd}). */
class SgdTest {
    private static final int[] SIZES = {3, 2, 4};
    private static final int N = 9;

    @Test
    void plain_fiveSteps_matchReference() {
        Reference reference = new Reference(SIZES, 0.05, new Reference.Sgd(N, 0, false));
        Reference.assertMatches(Sgd.builder().learningRate(0.05).build(), SIZES, reference, new Reference.Data(1, N, 5, 1), 1e-6);
    }

    @Test
    void momentum_fiveSteps_matchReference() {
        Reference reference = new Reference(SIZES, 0.05, new Reference.Sgd(N, 0.9, false));
        Reference.assertMatches(Sgd.builder().learningRate(0.05).momentum(0.9).build(), SIZES, reference,
                new Reference.Data(2, N, 5, 1), 1e-6);
    }

    @Test
    void nesterov_fiveSteps_matchReference() {
        Reference reference = new Reference(SIZES, 0.05, new Reference.Sgd(N, 0.9, true));
        Reference.assertMatches(Sgd.builder().learningRate(0.05).momentum(0.9).nesterov(true).build(), SIZES, reference,
                new Reference.Data(3, N, 5, 1), 1e-6);
    }

    @Test
    void firstTwoSteps_writtenOut() {
        // lr 0.1, momentum 0.5, g = 1 twice, w0 = 0:
        // plain:    m1 = -0.1, w1 = -0.1;  m2 = -0.05 - 0.1 = -0.15, w2 = -0.25
        // nesterov: m1 = -0.1, w1 = 0.5·(-0.1) - 0.1 = -0.15;  m2 = -0.15, w2 = -0.15 + 0.5·(-0.15) - 0.1 = -0.325
        float[] plain = {0f};
        float[] nesterov = {0f};
        OptimizerState p = Sgd.builder().learningRate(0.1).momentum(0.5).build().newState(1);
        OptimizerState n = Sgd.builder().learningRate(0.1).momentum(0.5).nesterov(true).build().newState(1);
        p.step(plain, new float[] {1f});
        n.step(nesterov, new float[] {1f});
        assertThat((double) plain[0]).isCloseTo(-0.1, within(1e-7));
        assertThat((double) nesterov[0]).isCloseTo(-0.15, within(1e-7));
        assertThat((double) p.slots().get(0)[0]).isCloseTo(-0.1, within(1e-7));
        assertThat((double) n.slots().get(0)[0]).isCloseTo(-0.1, within(1e-7));
        p.step(plain, new float[] {1f});
        n.step(nesterov, new float[] {1f});
        assertThat((double) plain[0]).isCloseTo(-0.25, within(1e-7));
        assertThat((double) nesterov[0]).isCloseTo(-0.325, within(1e-7));
    }

    @Test
    void noMomentum_stepIsLrTimesGradient() {
        OptimizerState state = Sgd.defaults().newState(2);
        float[] params = {1f, 2f};
        state.step(params, new float[] {1f, -3f});
        assertThat((double) params[0]).isCloseTo(1 - 0.01, within(1e-7));
        assertThat((double) params[1]).isCloseTo(2 + 0.03, within(1e-7));
    }

    @Test
    void nesterovWithoutMomentum_isPlainDescent_asInKeras() {
        Reference.Data data = new Reference.Data(4, N, 3, 1);
        float[] a = data.weights.clone();
        float[] b = data.weights.clone();
        OptimizerState plain = Sgd.defaults().newState(SIZES);
        OptimizerState nesterov = Sgd.builder().nesterov(true).build().newState(SIZES);
        for (float[] g : data.grads) {
            plain.step(a, g);
            nesterov.step(b, g);
        }
        assertThat(b).containsExactly(a);
        assertThat(nesterov.slots()).isEmpty();
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void defaults_areKeras() {
        Sgd sgd = Sgd.defaults();
        assertThat(sgd.learningRate()).isEqualTo(0.01);
        assertThat(sgd.momentum()).isZero();
        assertThat(sgd.nesterov()).isFalse();
        assertThat(sgd.learningRateSchedule()).isEmpty();
        assertThat(sgd.weightDecay()).isEmpty();
        assertThat(sgd.clipNorm()).isEmpty();
        assertThat(sgd.globalClipNorm()).isEmpty();
        assertThat(sgd.clipValue()).isEmpty();
        assertThat(sgd.kerasName()).isEqualTo("sgd");
        assertThat(Sgd.DEFAULT_LEARNING_RATE).isEqualTo(0.01);
        assertThat(sgd).hasToString("Sgd{learningRate=0.01, momentum=0.0, nesterov=false}");
    }

    @Test
    void equalsAndHashCode_coverEverySetting() {
        assertThat(Sgd.builder().build()).isEqualTo(Sgd.defaults()).hasSameHashCodeAs(Sgd.defaults());
        Sgd full = Sgd.builder().learningRate(0.1).momentum(0.9).nesterov(true).weightDecay(0.01).clipValue(2).build();
        Sgd same = Sgd.builder().clipValue(2).weightDecay(0.01).nesterov(true).momentum(0.9).learningRate(0.1).build();
        assertThat(full).isEqualTo(same).hasSameHashCodeAs(same)
                .hasToString("Sgd{learningRate=0.1, momentum=0.9, nesterov=true, weightDecay=0.01, clipValue=2.0}");
        assertThat(full).isNotEqualTo(Sgd.builder().learningRate(0.1).momentum(0.9).nesterov(true).weightDecay(0.01).clipNorm(2).build());
        assertThat(Sgd.builder().momentum(0.9).build()).isNotEqualTo(Sgd.builder().momentum(0.9).nesterov(true).build());
        assertThat(Sgd.defaults()).isNotEqualTo(Adam.defaults());
    }

    @Test
    void slotCount_andVariableCount_followKeras() {
        // Keras 3 builds momentums only when momentum != 0
        assertThat(Sgd.defaults().slotCount()).isZero();
        assertThat(Sgd.defaults().newState(SIZES).variableCount()).isEqualTo(2);
        assertThat(Sgd.builder().momentum(0.9).build().slotCount()).isEqualTo(1);
        assertThat(Sgd.builder().momentum(0.9).build().newState(SIZES).variableCount()).isEqualTo(N + 2);
        assertThat(Sgd.builder().momentum(0.9).build().newState(SIZES).slots()).hasSize(1);
    }

    @Test
    void momentum_outsideUnitInterval() {
        assertThatThrownBy(() -> Sgd.builder().momentum(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `momentum`, expected a number in [0, 1], got 1.5.");
        assertThatThrownBy(() -> Sgd.builder().momentum(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sgd.builder().momentum(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Sgd.builder().momentum(1).build().momentum()).isEqualTo(1); // Keras accepts 1
    }

    @Test
    void momentum_twice() {
        assertThatThrownBy(() -> Sgd.builder().momentum(0.9).momentum(0.5))
                .isInstanceOf(IllegalStateException.class).hasMessage("`momentum` was already set to 0.9");
    }

    @Test
    void nesterov_twice() {
        assertThatThrownBy(() -> Sgd.builder().nesterov(true).nesterov(false))
                .isInstanceOf(IllegalStateException.class).hasMessage("`nesterov` was already set to true");
    }

    @Test
    void learningRate_invalid() {
        assertThatThrownBy(() -> Sgd.builder().learningRate(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `learningRate`, expected a positive finite number, got -1.0.");
    }

    @Test
    void restoreState_wrongSlotCount() {
        Sgd sgd = Sgd.builder().momentum(0.9).build();
        assertThatThrownBy(() -> sgd.restoreState(SIZES, 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sgd state has 1 slots (momentum) but got 0");
        assertThatThrownBy(() -> Sgd.defaults().restoreState(SIZES, 1, List.of(new float[N])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sgd state has 0 slots () but got 1");
    }
}
