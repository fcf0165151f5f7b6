package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Dropout has Keras's semantics: one mask per sequence reused at every step, only in training. */
class DropoutTest {
    private static final int UNITS = 64;
    private static final int TIME = 6;
    private static final int BATCH = 8;

    /**
     * A layer whose state is its input: kernel = identity, no recurrence, linear, no bias, and every input
     * 1. Then {@code h_t} is the input mask, so the mask is read off every step directly.
     */
    @Test
    void inputMaskIsFixedAcrossTimeAndScaled() {
        float[][] h = identityLayerStates(0.25, 0);
        int dropped = 0;
        for (int s = 0; s < BATCH; s++) {
            for (int t = 1; t < TIME; t++) {
                assertThat(Arrays.copyOfRange(h[t], s * UNITS, (s + 1) * UNITS))
                        .as("sample %d, step %d has the mask of step 0", s, t)
                        .containsExactly(Arrays.copyOfRange(h[0], s * UNITS, (s + 1) * UNITS));
            }
            for (int u = 0; u < UNITS; u++) {
                float v = h[0][s * UNITS + u];
                assertThat(v).as("a kept value is scaled by 1 / (1 - rate)").isIn(0f, 1f / 0.75f);
                dropped += v == 0f ? 1 : 0;
            }
        }
        // 512 draws at rate 0.25: 128 expected, sd ~9.8
        assertThat(dropped).isBetween(90, 166);
        // sequences get masks of their own
        assertThat(Arrays.copyOfRange(h[0], 0, UNITS)).isNotEqualTo(Arrays.copyOfRange(h[0], UNITS, 2 * UNITS));
    }

    @Test
    void recurrentMaskIsFixedAcrossTime() {
        SimpleRnnLayer config = SimpleRnnLayer.builder(UNITS).recurrentDropout(0.5).build();
        RnnLayerPlan plan = RnnLayerPlan.of("r", config, UNITS, 0);
        Dropout drop = new Dropout(plan, TIME, BATCH);
        drop.draw(99, 0, 0, BATCH, UNITS, UNITS);
        float[] h = new float[TIME * BATCH * UNITS];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) random.nextDouble();
        }
        for (int t = 0; t < TIME; t++) {
            drop.maskState(h, t * BATCH * UNITS, BATCH, UNITS);
        }
        for (int t = 0; t < TIME; t++) {
            for (int i = 0; i < BATCH * UNITS; i++) {
                float expected = drop.stateMask[i] == 0f ? 0f : h[t * BATCH * UNITS + i] * 2f;
                assertThat(drop.droppedState[t * BATCH * UNITS + i]).isEqualTo(expected);
            }
        }
    }

    @Test
    void masksChangeFromStepToStep() {
        SimpleRnnLayer config = SimpleRnnLayer.builder(UNITS).dropout(0.5).build();
        RnnLayerPlan plan = RnnLayerPlan.of("r", config, UNITS, 0);
        Dropout first = new Dropout(plan, 1, BATCH);
        Dropout second = new Dropout(plan, 1, BATCH);
        first.draw(Dropout.mix(1), 0, 0, BATCH, UNITS, UNITS);
        second.draw(Dropout.mix(2), 0, 0, BATCH, UNITS, UNITS);
        assertThat(first.inputMask).isNotEqualTo(second.inputMask);
        Dropout again = new Dropout(plan, 1, BATCH);
        again.draw(Dropout.mix(1), 0, 0, BATCH, UNITS, UNITS);
        assertThat(again.inputMask).isEqualTo(first.inputMask);
    }

    @Test
    void predictAndEvaluateNeverDrop() {
        StackedRnnModel plain = model(0, 0, 11);
        StackedRnnModel dropping = model(0.5, 0.5, 11);
        dropping.setWeights(plain.getWeights());
        Tensor x = input(5);
        assertThat(dropping.predict(x)).isEqualTo(plain.predict(x));
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        assertThat(dropping.evaluate(x, labels).loss()).isEqualTo(plain.evaluate(x, labels).loss());
        // and twice the same: no randomness at inference
        assertThat(dropping.predict(x)).isEqualTo(dropping.predict(x));
    }

    @Test
    void dropoutChangesTrainingDeterministically() {
        Tensor x = input(6);
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        StackedRnnModel plain = model(0, 0, 12);
        StackedRnnModel dropping = model(0.3, 0.3, 12);
        StackedRnnModel droppingAgain = model(0.3, 0.3, 12);
        assertThat(dropping.getWeights()).isEqualTo(plain.getWeights());
        double plainLoss = plain.trainOnBatch(x, labels);
        double droppingLoss = dropping.trainOnBatch(x, labels);
        droppingAgain.trainOnBatch(x, labels);
        assertThat(droppingLoss).as("the training loss sees the dropped units").isNotEqualTo(plainLoss);
        assertThat(dropping.getWeights()).isNotEqualTo(plain.getWeights());
        assertThat(droppingAgain.getWeights()).as("the same seed drops the same units").isEqualTo(dropping.getWeights());
    }

    private static float[][] identityLayerStates(double rate, double recurrentRate) {
        SimpleRnnLayer config = SimpleRnnLayer.builder(UNITS).activation(Activation.LINEAR).useBias(false)
                .dropout(rate).recurrentDropout(recurrentRate).build();
        RnnLayerPlan plan = RnnLayerPlan.of("r", config, UNITS, 0);
        float[] params = new float[plan.parameterCount()];
        for (int i = 0; i < UNITS; i++) {
            params[plan.kernelOffset + i * UNITS + i] = 1f;
        }
        float[] x = new float[TIME * BATCH * UNITS];
        Arrays.fill(x, 1f);
        RecurrentCache cache = plan.cell.newCache(TIME, BATCH, false);
        Dropout drop = new Dropout(plan, TIME, BATCH);
        drop.draw(Dropout.mix(42), 0, 0, BATCH, UNITS, UNITS);
        plan.forward(params, null, null, x, cache, TIME, BATCH, null, null, 0, drop);
        float[] h = cache.h();
        float[][] steps = new float[TIME][];
        for (int t = 0; t < TIME; t++) {
            steps[t] = Arrays.copyOfRange(h, t * BATCH * UNITS, (t + 1) * BATCH * UNITS);
        }
        return steps;
    }

    private static StackedRnnModel model(double dropout, double recurrentDropout, long seed) {
        return StackedRnnModel.builder().inputFeatures(3).seed(seed)
                .add(SimpleRnnLayer.builder(8).returnSequences(true).dropout(dropout).recurrentDropout(recurrentDropout)
                        .recurrentInitializer(Initializer.ORTHOGONAL).build())
                .add(SimpleRnnLayer.builder(8).dropout(dropout).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .build();
    }

    private static Tensor input(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[BATCH * 5 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return Tensor.of(x, BATCH, 5, 3);
    }
}
