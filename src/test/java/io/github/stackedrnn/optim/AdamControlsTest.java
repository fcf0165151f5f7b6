package io.github.stackedrnn.optim;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link Adam} gained beyond the classic rule: AMSGrad and the shared controls; and its old arithmetic kept. */
class AdamControlsTest {
    private static final int[] SIZES = {3, 2, 4};
    private static final int N = 9;

    /** The float arithmetic of the Adam state before the shared controls, copied as it was: the parity baseline. */
    private static void formerAdamStep(float[] params, float[] grads, float[] m, float[] v, long t, double lr) {
        double beta1Power = Math.pow((float) 0.9, t);
        double beta2Power = Math.pow((float) 0.999, t);
        float alpha = (float) (lr * Math.sqrt(1 - beta2Power) / (1 - beta1Power));
        float oneMinusBeta1 = (float) (1 - 0.9);
        float oneMinusBeta2 = (float) (1 - 0.999);
        float epsilon = (float) 1e-7;
        for (int i = 0; i < params.length; i++) {
            float g = grads[i];
            float mi = m[i] + (g - m[i]) * oneMinusBeta1;
            float vi = v[i] + (g * g - v[i]) * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            params[i] -= alpha * mi / ((float) Math.sqrt(vi) + epsilon);
        }
    }

    @Test
    void defaultAdam_isBitForBitTheFormerArithmetic() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 200;
        double lr = 0.01;
        OptimizerState state = Adam.builder().learningRate(lr).build().newState(new int[] {120, 80});
        float[] params = new float[n];
        for (int i = 0; i < n; i++) {
            params[i] = (float) random.nextGaussian();
        }
        float[] former = params.clone();
        float[] m = new float[n];
        float[] v = new float[n];
        for (int t = 1; t <= 30; t++) {
            float[] grads = new float[n];
            for (int i = 0; i < n; i++) {
                grads[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(6) - 4));
            }
            state.step(params, grads);
            formerAdamStep(former, grads, m, v, t, lr);
            assertThat(params).as("step %d", t).containsExactly(former);
        }
        assertThat(state.slots().get(0)).containsExactly(m);
        assertThat(state.slots().get(1)).containsExactly(v);
    }

    @Test
    void amsgrad_fiveSteps_matchReference() {
        Reference reference = new Reference(SIZES, 0.01, new Reference.Adam(N, 0.9, 0.999, 1e-7, true));
        Reference.assertMatches(Adam.builder().learningRate(0.01).amsgrad(true).build(), SIZES, reference,
                new Reference.Data(21, N, 5, 1), 1e-5);
    }

    @Test
    void amsgrad_vHatIsMonotoneAndDiffersWhenGradientsShrink() {
        Adam plainAdam = Adam.builder().learningRate(0.01).beta2(0.5).build();
        Adam amsAdam = Adam.builder().learningRate(0.01).beta2(0.5).amsgrad(true).build();
        OptimizerState plain = plainAdam.newState(SIZES);
        OptimizerState ams = amsAdam.newState(SIZES);
        float[] a = new float[N];
        float[] b = new float[N];
        float[] previousVHat = new float[N];
        boolean vDecreased = false;
        for (int step = 0; step < 6; step++) {
            float[] g = new float[N];
            java.util.Arrays.fill(g, (float) Math.pow(0.1, step)); // gradients shrinking tenfold each step
            plain.step(a, g);
            ams.step(b, g);
            List<float[]> slots = ams.slots();
            float[] v = slots.get(1);
            float[] vHat = slots.get(2);
            for (int i = 0; i < N; i++) {
                assertThat(vHat[i]).as("vHat never falls").isGreaterThanOrEqualTo(previousVHat[i]);
                assertThat(vHat[i]).as("vHat is the max of v").isGreaterThanOrEqualTo(v[i]);
                vDecreased |= v[i] < previousVHat[i];
            }
            previousVHat = vHat;
            if (step == 0) {
                assertThat(b).as("identical while v only grows").containsExactly(a);
            }
        }
        assertThat(vDecreased).isTrue();
        // with the larger remembered vHat AMSGrad takes smaller steps than Adam once gradients shrink
        assertThat(b[0]).isGreaterThan(a[0]);
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void weightDecayAndClipNorm_fiveSteps_matchReference() {
        Reference reference = new Reference(SIZES, 0.01, new Reference.Adam(N, 0.9, 0.999, 1e-7, false))
                .weightDecay(0.1).clip(Reference.Clip.NORM, 0.5);
        Reference.assertMatches(Adam.builder().learningRate(0.01).weightDecay(0.1).clipNorm(0.5).build(), SIZES, reference,
                new Reference.Data(22, N, 5, 1), 1e-5);
    }

    @Test
    void amsgradWithScheduleAndClipValue_fiveSteps_matchReference() {
        ExponentialDecay schedule = new ExponentialDecay(0.02, 2, 0.5, true);
        Reference reference = new Reference(SIZES, Double.NaN, new Reference.Adam(N, 0.8, 0.99, 1e-6, true))
                .schedule(step -> 0.02 * Math.pow(0.5, Math.floor(step / 2.0))).clip(Reference.Clip.VALUE, 0.3);
        Reference.assertMatches(Adam.builder().learningRate(schedule).beta1(0.8).beta2(0.99).epsilon(1e-6).amsgrad(true)
                .clipValue(0.3).build(), SIZES, reference, new Reference.Data(23, N, 5, 1), 1e-5);
    }

    @Test
    void slotCount_andVariableCount_followKeras() {
        assertThat(Adam.defaults().slotCount()).isEqualTo(2);
        Adam ams = Adam.builder().amsgrad(true).build();
        assertThat(ams.slotCount()).isEqualTo(3);
        assertThat(ams.newState(SIZES).variableCount()).isEqualTo(3 * N + 2);
        assertThat(ams.newState(SIZES).slots()).hasSize(3);
        // Keras 3 makes no learning-rate variable when a schedule gives the rate
        assertThat(Adam.builder().learningRate(new CosineDecay(0.1, 10)).build().newState(SIZES).variableCount())
                .isEqualTo(2 * N + 1);
    }

    @Test
    void settings_keptAndShown() {
        CosineDecay schedule = new CosineDecay(0.1, 100, 0.1);
        Adam adam = Adam.builder().learningRate(schedule).amsgrad(true).weightDecay(0.004).globalClipNorm(1).build();
        assertThat(adam.amsgrad()).isTrue();
        assertThat(adam.learningRateSchedule()).contains(schedule);
        assertThat(adam.learningRate()).as("the schedule at step 0").isEqualTo(0.1);
        assertThat(adam.weightDecay()).hasValue(0.004);
        assertThat(adam.globalClipNorm()).hasValue(1.0);
        assertThat(adam.clipNorm()).isEmpty();
        assertThat(adam.clipValue()).isEmpty();
        assertThat(adam).hasToString("Adam{learningRate=CosineDecay{initialLearningRate=0.1, decaySteps=100, alpha=0.1}, "
                + "beta1=0.9, beta2=0.999, epsilon=1.0E-7, amsgrad=true, weightDecay=0.004, globalClipNorm=1.0}");
        Adam same = Adam.builder().globalClipNorm(1).weightDecay(0.004).amsgrad(true).learningRate(new CosineDecay(0.1, 100, 0.1)).build();
        assertThat(adam).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(adam).isNotEqualTo(Adam.builder().learningRate(schedule).weightDecay(0.004).globalClipNorm(1).build());
        assertThat(Adam.builder().amsgrad(false).build()).isEqualTo(Adam.defaults());
    }

    @Test
    void amsgrad_twice() {
        assertThatThrownBy(() -> Adam.builder().amsgrad(true).amsgrad(false))
                .isInstanceOf(IllegalStateException.class).hasMessage("`amsgrad` was already set to true");
    }

    @Test
    void restoreState_amsgradNeedsThreeSlots() {
        Adam ams = Adam.builder().amsgrad(true).build();
        assertThatThrownBy(() -> ams.restoreState(SIZES, 2, List.of(new float[N], new float[N])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adam state has 3 slots (m, v, vHat) but got 2");
        float[] vHat = new float[N];
        vHat[8] = -1f;
        assertThatThrownBy(() -> ams.restoreState(SIZES, 2, List.of(new float[N], new float[N], vHat)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adam slot 2 (vHat) has the invalid value -1.0 at 8; it must be finite and non-negative");
    }
}
