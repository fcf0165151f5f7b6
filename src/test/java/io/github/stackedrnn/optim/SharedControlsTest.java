package io.github.stackedrnn.optim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The controls every optimizer shares (clipping, weight decay, learning-rate schedules, a settable
 * learning rate) and the state contract (restore, all-or-nothing steps), on every optimizer.
 */
class SharedControlsTest {
    private static final int[] SIZES = {3, 2, 4};
    private static final int N = 9;
    /** Variable 0 has norm 5, variable 1 norm sqrt(0.05), variable 2 norm 2; the global norm is sqrt(29.05). */
    private static final float[] G = {3f, 4f, 0f, 0.1f, 0.2f, 1f, -1f, 1f, -1f};

    /** A plain gradient-descent step with lr 1 makes the update equal the (clipped) gradient. */
    private static float[] updateOf(Sgd sgd, int[] sizes, float[] g) {
        float[] params = new float[g.length]; // from zero, so w1 = -update exactly
        sgd.newState(sizes).step(params, g);
        float[] update = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            update[i] = 0f - params[i];
        }
        return update;
    }

    private static double norm(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s);
    }

    // ------------------------------------------------------------------ clipping

    @Test
    void clipNorm_boundsEachVariablesNormAndKeepsItsDirection() {
        float[] update = updateOf(Sgd.builder().learningRate(1).clipNorm(1).build(), SIZES, G);
        assertThat(norm(update, 0, 3)).as("variable 0, norm 5").isCloseTo(1, within(1e-6));
        assertThat(norm(update, 3, 5)).as("variable 1, norm 0.22, untouched").isCloseTo(Math.sqrt(0.05), within(1e-6));
        assertThat(norm(update, 5, 9)).as("variable 2, norm 2").isCloseTo(1, within(1e-6));
        assertThat((double) update[0]).isCloseTo(0.6, within(1e-6));
        assertThat((double) update[1]).isCloseTo(0.8, within(1e-6));
        assertThat((double) update[3]).isCloseTo(0.1, within(1e-6));
        assertThat((double) update[5]).isCloseTo(0.5, within(1e-6));
        assertThat((double) update[6]).isCloseTo(-0.5, within(1e-6));
    }

    @Test
    void clipNorm_onOneVariable_isTheGlobalNorm() {
        // newState(int) is one variable, so clipNorm then bounds the norm of everything together
        float[] one = updateOf(Sgd.builder().learningRate(1).clipNorm(1).build(), new int[] {N}, G);
        float[] global = updateOf(Sgd.builder().learningRate(1).globalClipNorm(1).build(), SIZES, G);
        assertThat(norm(one, 0, N)).isCloseTo(1, within(1e-6));
        for (int i = 0; i < N; i++) {
            assertThat((double) one[i]).isCloseTo(global[i], within(1e-6));
        }
    }

    @Test
    void globalClipNorm_boundsTheTotalAndScalesAllAlike() {
        float[] update = updateOf(Sgd.builder().learningRate(1).globalClipNorm(2).build(), SIZES, G);
        assertThat(norm(update, 0, N)).isCloseTo(2, within(1e-6));
        double scale = 2 / Math.sqrt(29.05);
        for (int i = 0; i < N; i++) {
            assertThat((double) update[i]).as("element %d", i).isCloseTo(G[i] * scale, within(1e-6));
        }
        // below the bound nothing changes
        float[] small = updateOf(Sgd.builder().learningRate(1).globalClipNorm(10).build(), SIZES, G);
        for (int i = 0; i < N; i++) {
            assertThat((double) small[i]).isCloseTo(G[i], within(1e-6));
        }
    }

    @Test
    void clipValue_boundsEachElement() {
        float[] update = updateOf(Sgd.builder().learningRate(1).clipValue(0.5).build(), SIZES, G);
        assertThat(update).containsExactly(0.5f, 0.5f, 0f, 0.1f, 0.2f, 0.5f, -0.5f, 0.5f, -0.5f);
    }

    @Test
    void clippingAndWeightDecayWithMomentum_fiveSteps_matchReference() {
        Reference.Clip[] modes = {Reference.Clip.NORM, Reference.Clip.GLOBAL_NORM, Reference.Clip.VALUE};
        for (Reference.Clip mode : modes) {
            Sgd.Builder builder = Sgd.builder().learningRate(0.1).momentum(0.9).nesterov(true).weightDecay(0.05);
            Sgd sgd = (mode == Reference.Clip.NORM ? builder.clipNorm(0.7)
                    : mode == Reference.Clip.GLOBAL_NORM ? builder.globalClipNorm(0.7) : builder.clipValue(0.7)).build();
            Reference reference = new Reference(SIZES, 0.1, new Reference.Sgd(N, 0.9, true)).weightDecay(0.05).clip(mode, 0.7);
            Reference.assertMatches(sgd, SIZES, reference, new Reference.Data(31, N, 5, 1), 1e-5);
        }
        for (Reference.Clip mode : modes) {
            RmsProp.Builder builder = RmsProp.builder().learningRate(0.01).centered(true).weightDecay(0.05);
            RmsProp rms = (mode == Reference.Clip.NORM ? builder.clipNorm(0.7)
                    : mode == Reference.Clip.GLOBAL_NORM ? builder.globalClipNorm(0.7) : builder.clipValue(0.7)).build();
            Reference reference = new Reference(SIZES, 0.01, new Reference.RmsProp(N, 0.9, 0, 1e-7, true))
                    .weightDecay(0.05).clip(mode, 0.7);
            Reference.assertMatches(rms, SIZES, reference, new Reference.Data(32, N, 5, 1), 1e-5);
        }
    }

    // ------------------------------------------------------------------ weight decay

    @Test
    void weightDecay_withZeroGradient_shrinksByExactlyLrTimesDecay() {
        float[] w = {1f, -2f, 0.5f, 4f, -8f};
        Optimizer[] optimizers = {
            Sgd.builder().learningRate(0.1).weightDecay(0.01).build(),
            Sgd.builder().learningRate(0.1).momentum(0.9).weightDecay(0.01).build(),
            Adam.builder().learningRate(0.1).weightDecay(0.01).build(),
            Adam.builder().learningRate(0.1).weightDecay(0.01).amsgrad(true).build(),
            RmsProp.builder().learningRate(0.1).weightDecay(0.01).centered(true).momentum(0.5).build(),
        };
        for (Optimizer optimizer : optimizers) {
            float[] params = w.clone();
            optimizer.newState(new int[] {2, 3}).step(params, new float[5]);
            for (int i = 0; i < w.length; i++) {
                assertThat((double) params[i]).as("%s, parameter %d", optimizer, i).isCloseTo(w[i] * (1 - 0.1 * 0.01), within(2.0 * Math.ulp(w[i])));
            }
        }
    }

    @Test
    void weightDecay_followsTheScheduledRate() {
        PiecewiseConstantDecay schedule = new PiecewiseConstantDecay(new long[] {0}, new double[] {0.1, 0.5});
        OptimizerState state = Sgd.builder().learningRate(schedule).weightDecay(0.2).build().newState(1);
        float[] params = {1f};
        state.step(params, new float[1]);
        assertThat((double) params[0]).isCloseTo(1 - 0.1 * 0.2, within(1e-7));
        state.step(params, new float[1]);
        assertThat((double) params[0]).isCloseTo((1 - 0.1 * 0.2) * (1 - 0.5 * 0.2), within(1e-7));
    }

    // ------------------------------------------------------------------ learning rate

    @Test
    void schedule_firstStepUsesLrOfZero_secondLrOfOne() {
        PiecewiseConstantDecay schedule = new PiecewiseConstantDecay(new long[] {0, 1}, new double[] {0.1, 0.2, 0.4});
        OptimizerState state = Sgd.builder().learningRate(schedule).build().newState(1);
        float[] params = {0f};
        double expected = 0;
        for (double lr : new double[] {0.1, 0.2, 0.4, 0.4}) {
            assertThat(state.learningRate()).isEqualTo(lr);
            state.step(params, new float[] {1f});
            expected -= lr;
            assertThat((double) params[0]).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void schedule_adamMatchesReference() {
        CosineDecay schedule = new CosineDecay(0.05, 4, 0.1);
        Reference reference = new Reference(SIZES, Double.NaN, new Reference.Adam(N, 0.9, 0.999, 1e-7, false))
                .schedule(step -> {
                    double completed = Math.min(step, 4) / 4.0;
                    return 0.05 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * completed)) + 0.1);
                });
        Reference.assertMatches(Adam.builder().learningRate(schedule).build(), SIZES, reference, new Reference.Data(33, N, 6, 1), 1e-5);
    }

    @Test
    void setLearningRate_changesTheNextStep() {
        OptimizerState state = Sgd.builder().learningRate(0.1).build().newState(1);
        assertThat(state.learningRate()).isEqualTo(0.1);
        assertThat(state.learningRateOverride()).isEmpty();
        float[] params = {0f};
        state.step(params, new float[] {1f});
        state.setLearningRate(0.025);
        assertThat(state.learningRate()).isEqualTo(0.025);
        assertThat(state.learningRateOverride()).hasValue(0.025);
        state.step(params, new float[] {1f});
        assertThat((double) params[0]).isCloseTo(-0.125, within(1e-7));
        OptimizerState copy = state.copy();
        assertThat(copy.learningRateOverride()).hasValue(0.025);
        copy.setLearningRate(1);
        assertThat(state.learningRate()).as("the copy is independent").isEqualTo(0.025);
    }

    @Test
    void setLearningRate_adamUsesItInAlpha() {
        OptimizerState set = Adam.builder().learningRate(0.1).build().newState(SIZES);
        set.setLearningRate(0.01);
        OptimizerState built = Adam.builder().learningRate(0.01).build().newState(SIZES);
        Reference.Data data = new Reference.Data(34, N, 3, 1);
        float[] a = data.weights.clone();
        float[] b = data.weights.clone();
        for (float[] g : data.grads) {
            set.step(a, g);
            built.step(b, g);
        }
        assertThat(a).containsExactly(b);
    }

    @Test
    void setLearningRate_refusedWithSchedule() {
        OptimizerState state = Adam.builder().learningRate(new ExponentialDecay(0.1, 10, 0.5)).build().newState(3);
        assertThatThrownBy(() -> state.setLearningRate(0.01))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the optimizer follows a learning-rate schedule (ExponentialDecay{initialLearningRate=0.1, decaySteps=10, "
                        + "decayRate=0.5, staircase=false}), so its learning rate cannot be set; build it with a constant learning "
                        + "rate to set it");
        assertThat(state.learningRateOverride()).isEmpty();
    }

    @Test
    void setLearningRate_invalid() {
        OptimizerState state = RmsProp.defaults().newState(3);
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> state.setLearningRate(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Received an invalid value for argument `learningRate`, expected a positive finite number, got "
                            + bad + ".");
        }
        assertThat(state.learningRate()).isEqualTo(1e-3);
    }

    // ------------------------------------------------------------------ restore

    private static List<Optimizer> everyVariant() {
        return List.of(
                Adam.defaults(),
                Adam.builder().learningRate(0.01).amsgrad(true).clipNorm(0.5).build(),
                Adam.builder().learningRate(new CosineDecay(0.01, 3)).weightDecay(0.01).build(),
                Sgd.defaults(),
                Sgd.builder().momentum(0.9).nesterov(true).globalClipNorm(1).build(),
                RmsProp.defaults(),
                RmsProp.builder().momentum(0.5).centered(true).clipValue(0.5).weightDecay(0.1).build());
    }

    @Test
    void restoreState_roundTripsSlots_andStepsAlike() {
        Reference.Data data = new Reference.Data(35, N, 5, 1);
        for (Optimizer optimizer : everyVariant()) {
            OptimizerState original = optimizer.newState(SIZES);
            float[] params = data.weights.clone();
            for (int s = 0; s < 3; s++) {
                original.step(params, data.grads[s]);
            }
            OptimizerState restored = optimizer.restoreState(SIZES, original.iterations(), original.slots());
            assertThat(restored.iterations()).isEqualTo(3);
            assertThat(restored.slots()).as("%s", optimizer).hasSize(optimizer.slotCount());
            for (int s = 0; s < optimizer.slotCount(); s++) {
                assertThat(restored.slots().get(s)).containsExactly(original.slots().get(s));
            }
            assertThat(restored.variableCount()).isEqualTo(original.variableCount());
            assertThat(restored.learningRate()).isEqualTo(original.learningRate());
            float[] fromRestored = params.clone();
            for (int s = 3; s < 5; s++) {
                original.step(params, data.grads[s]);
                restored.step(fromRestored, data.grads[s]);
            }
            assertThat(fromRestored).as("%s", optimizer).containsExactly(params);
        }
    }

    @Test
    void restoreState_withOverride_thenSetLearningRate_stepsAlike() {
        Sgd sgd = Sgd.builder().momentum(0.9).build();
        OptimizerState original = sgd.newState(SIZES);
        float[] params = new float[N];
        original.step(params, G);
        original.setLearningRate(0.5);
        OptimizerState restored = sgd.restoreState(SIZES, original.iterations(), original.slots());
        original.learningRateOverride().ifPresent(restored::setLearningRate);
        float[] copy = params.clone();
        original.step(params, G);
        restored.step(copy, G);
        assertThat(copy).containsExactly(params);
    }

    @Test
    void restoreState_invalid() {
        Adam adam = Adam.defaults();
        List<float[]> good = List.of(new float[N], new float[N]);
        assertThatThrownBy(() -> adam.restoreState(new int[] {3, -2}, 1, good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `variableSizes`, expected non-negative sizes, got -2 at index 1.");
        assertThatThrownBy(() -> adam.restoreState(SIZES, -1, good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `iterations`, expected a non-negative integer, got -1.");
        assertThatThrownBy(() -> adam.restoreState(SIZES, 1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Adam state has 2 slots (m, v) but got null");
        assertThatThrownBy(() -> adam.restoreState(SIZES, 1, List.of(new float[N], new float[N - 1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Adam slot 1 (v) must hold 9 values but holds 8");
        float[] nan = new float[N];
        nan[2] = Float.NaN;
        assertThatThrownBy(() -> adam.restoreState(SIZES, 1, List.of(nan, new float[N])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adam slot 0 (m) has the invalid value NaN at 2; it must be finite");
        assertThatThrownBy(() -> adam.restoreState(-1, 1, good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `parameterCount`, expected a non-negative integer, got -1.");
        // the slots were copied: changing the saved arrays later leaves the state alone
        float[] m = new float[N];
        OptimizerState state = adam.restoreState(SIZES, 1, List.of(m, new float[N]));
        m[0] = 5f;
        assertThat(state.slots().get(0)[0]).isZero();
    }

    @Test
    void newState_invalidSizes() {
        assertThatThrownBy(() -> Sgd.defaults().newState((int[]) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `variableSizes`, expected an array of non-negative sizes, got null.");
        assertThatThrownBy(() -> RmsProp.defaults().newState(new int[] {-1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `variableSizes`, expected non-negative sizes, got -1 at index 0.");
        assertThatThrownBy(() -> Adam.defaults().newState(new int[] {Integer.MAX_VALUE, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`variableSizes`");
        OptimizerState none = Adam.builder().clipNorm(1).build().newState(new int[0]);
        none.step(new float[0], new float[0]);
        assertThat(none.iterations()).isEqualTo(1);
        OptimizerState withEmptyVariable = Sgd.builder().learningRate(1).clipNorm(1).build().newState(new int[] {0, 2});
        float[] params = {0f, 0f};
        withEmptyVariable.step(params, new float[] {3f, 4f});
        assertThat((double) params[0]).isCloseTo(-0.6, within(1e-7));
    }

    @Test
    void step_wrongLengths() {
        assertThatThrownBy(() -> Sgd.defaults().newState(SIZES).step(new float[N], new float[N + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sgd state holds 9 parameters but got params of length 9 and grads of length 10");
    }

    // ------------------------------------------------------------------ all-or-nothing

    @Test
    void nonFiniteUpdate_refused_paramsAndStateUnchanged() {
        Reference.Data data = new Reference.Data(36, N, 2, 1);
        float[] bad = data.grads[1].clone();
        bad[6] = Float.NaN;
        for (Optimizer optimizer : everyVariant()) {
            OptimizerState state = optimizer.newState(SIZES);
            OptimizerState twin = optimizer.newState(SIZES);
            float[] params = data.weights.clone();
            float[] twinParams = data.weights.clone();
            state.step(params, data.grads[0]);
            twin.step(twinParams, data.grads[0]);
            float[] before = params.clone();
            List<float[]> slotsBefore = state.slots();
            double rateBefore = state.learningRate();
            // a NaN gradient at 6, in variable 2: clipNorm spreads it over that variable, which starts at 5,
            // globalClipNorm over everything
            String settings = optimizer.toString();
            int expectedIndex = settings.contains(", clipNorm=") ? 5 : settings.contains(", globalClipNorm=") ? 0 : 6;
            assertThatThrownBy(() -> state.step(params, bad))
                    .as("%s", optimizer)
                    .isInstanceOf(NonFiniteUpdateException.class)
                    .hasMessage("the update of parameter " + expectedIndex + " would be NaN")
                    .satisfies(e -> assertThat(((NonFiniteUpdateException) e).index()).isEqualTo(expectedIndex));
            assertThat(params).containsExactly(before);
            assertThat(state.iterations()).isEqualTo(1);
            assertThat(state.learningRate()).isEqualTo(rateBefore);
            for (int s = 0; s < slotsBefore.size(); s++) {
                assertThat(state.slots().get(s)).containsExactly(slotsBefore.get(s));
            }
            // and the next good step is the one the twin, which never saw the bad gradient, takes
            state.step(params, data.grads[1]);
            twin.step(twinParams, data.grads[1]);
            assertThat(params).as("%s", optimizer).containsExactly(twinParams);
        }
    }

    @Test
    void overflowingUpdate_refusedWithItsIndex() {
        OptimizerState state = Sgd.builder().learningRate(1e38).build().newState(SIZES);
        float[] params = new float[N];
        float[] grads = new float[N];
        grads[2] = 10f;
        assertThatThrownBy(() -> state.step(params, grads))
                .isInstanceOf(NonFiniteUpdateException.class)
                .hasMessage("the update of parameter 2 would be -Infinity");
        assertThat(params).containsOnly(0f);
        assertThat(state.iterations()).isZero();
    }

    // ------------------------------------------------------------------ builder validation

    @Test
    void twoClippingModes_refused() {
        assertThatThrownBy(() -> Adam.builder().clipNorm(1).clipValue(0.5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Only one of `clipNorm`, `clipValue` and `globalClipNorm` can be set: `clipNorm` was already set "
                        + "to 1.0, so `clipValue` cannot be set too");
        assertThatThrownBy(() -> Sgd.builder().clipValue(0.5).globalClipNorm(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Only one of `clipNorm`, `clipValue` and `globalClipNorm` can be set: `clipValue` was already set "
                        + "to 0.5, so `globalClipNorm` cannot be set too");
        RmsProp.Builder builder = RmsProp.builder().globalClipNorm(2);
        assertThatThrownBy(() -> builder.clipNorm(1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("`globalClipNorm` was already set to 2.0");
        RmsProp built = builder.build();
        assertThat(built.globalClipNorm()).hasValue(2.0);
        assertThat(built.clipNorm()).isEmpty();
    }

    @Test
    void clipping_invalidValues() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Adam.builder().clipNorm(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Received an invalid value for argument `clipNorm`, expected a positive finite number, got " + bad + ".");
            assertThatThrownBy(() -> Sgd.builder().globalClipNorm(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Received an invalid value for argument `globalClipNorm`, expected a positive finite number, got "
                            + bad + ".");
            assertThatThrownBy(() -> RmsProp.builder().clipValue(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Received an invalid value for argument `clipValue`, expected a positive finite number, got " + bad + ".");
            assertThatThrownBy(() -> Adam.builder().weightDecay(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Received an invalid value for argument `weightDecay`, expected a positive finite number, got "
                            + bad + ".");
        }
    }

    @Test
    void settingsTwice() {
        assertThatThrownBy(() -> Adam.builder().clipNorm(1).clipNorm(2))
                .isInstanceOf(IllegalStateException.class).hasMessage("`clipNorm` was already set to 1.0");
        assertThatThrownBy(() -> Sgd.builder().globalClipNorm(1).globalClipNorm(2))
                .isInstanceOf(IllegalStateException.class).hasMessage("`globalClipNorm` was already set to 1.0");
        assertThatThrownBy(() -> RmsProp.builder().clipValue(1).clipValue(2))
                .isInstanceOf(IllegalStateException.class).hasMessage("`clipValue` was already set to 1.0");
        assertThatThrownBy(() -> Sgd.builder().weightDecay(0.1).weightDecay(0.2))
                .isInstanceOf(IllegalStateException.class).hasMessage("`weightDecay` was already set to 0.1");
    }

    @Test
    void learningRate_constantAndScheduleAreOneSetting() {
        assertThatThrownBy(() -> Adam.builder().learningRate(0.01).learningRate(new CosineDecay(0.1, 10)))
                .isInstanceOf(IllegalStateException.class).hasMessage("`learningRate` was already set to 0.01");
        assertThatThrownBy(() -> Sgd.builder().learningRate(new CosineDecay(0.1, 10)).learningRate(0.01))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`learningRate` was already set to CosineDecay{initialLearningRate=0.1, decaySteps=10, alpha=0.0}");
        assertThatThrownBy(() -> RmsProp.builder().learningRate((LearningRateSchedule) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `learningRate`, expected a positive finite number or a "
                        + "learning-rate schedule, got null.");
    }

    @Test
    void builders_buildEqualOptimizersTwice() {
        Sgd.Builder sgd = Sgd.builder().momentum(0.5).clipNorm(1);
        assertThat(sgd.build()).isEqualTo(sgd.build());
        RmsProp.Builder rms = RmsProp.builder().centered(true).weightDecay(0.1);
        assertThat(rms.build()).isEqualTo(rms.build());
    }
}
