package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.SimpleRnnLayer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The loop's direction flag, which a Bidirectional wrapper will use: reading a sequence backwards must
 * be reading the time-reversed sequence forwards, in the forward pass (the states, mask carrying
 * included) and in the backward pass (every weight gradient and the input gradient).
 */
class LoopDirectionTest {
    private static final int T = 6;
    private static final int B = 3;
    private static final int IN = 4;
    private static final int U = 5;

    @Test
    void readingBackwardsIsReadingTheReversedSequenceForwards() {
        SimpleRnnLayer config = SimpleRnnLayer.builder(U).build();
        RnnLayerPlan forwards = RnnLayerPlan.of("f", config, IN, 0);
        RnnLayerPlan backwards = new RnnLayerPlan("b", config, forwards.cell, config.returnSequences(), true, 0);
        SplittableRandom random = new SplittableRandom(9);
        float[] params = new float[forwards.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (random.nextDouble() - 0.5);
        }
        float[] x = new float[T * B * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        boolean[] valid = new boolean[T * B];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = random.nextInt(4) != 0;
        }
        float[] dhTop = new float[T * B * U];
        for (int i = 0; i < dhTop.length; i++) {
            dhTop[i] = (float) random.nextGaussian();
        }

        RecurrentCache reversedRun = forwards.cell.newCache(T, B, true);
        float[] gradsForwards = new float[params.length];
        float[] dxForwards = new float[x.length];
        run(forwards, params, reverseTime(x, IN), reverseTime(valid), reverseTime(dhTop, U), reversedRun, gradsForwards, dxForwards);

        RecurrentCache backwardRun = backwards.cell.newCache(T, B, true);
        float[] gradsBackwards = new float[params.length];
        float[] dxBackwards = new float[x.length];
        run(backwards, params, x, valid, dhTop, backwardRun, gradsBackwards, dxBackwards);

        assertThat(backwardRun.h()).containsExactly(reverseTime(reversedRun.h(), U));
        assertThat(backwards.lastStep(T)).isZero();
        for (int i = 0; i < params.length; i++) {
            assertThat(gradsBackwards[i]).as("gradient %d", i).isCloseTo(gradsForwards[i], within(1e-5f));
        }
        float[] dxExpected = reverseTime(dxForwards, IN);
        for (int i = 0; i < x.length; i++) {
            assertThat(dxBackwards[i]).as("input gradient %d", i).isCloseTo(dxExpected[i], within(1e-5f));
        }
    }

    private static void run(RnnLayerPlan plan, float[] params, float[] x, boolean[] valid, float[] dhTop, RecurrentCache cache,
                            float[] grads, float[] dx) {
        plan.forward(params, null, null, x, cache, T, B, valid, null, 0, null);
        System.arraycopy(dhTop, 0, cache.dh(), 0, dhTop.length);
        DerivedWeights derived = new DerivedWeights(plan, true);
        derived.refreshForTraining(params, true);
        plan.backward(derived, x, cache, grads, dx, T, B, valid, null);
    }

    /** {@code [T, b, width]} rows in reverse time order. */
    private static float[] reverseTime(float[] rows, int width) {
        float[] out = new float[rows.length];
        int step = B * width;
        for (int t = 0; t < T; t++) {
            System.arraycopy(rows, t * step, out, (T - 1 - t) * step, step);
        }
        return out;
    }

    private static boolean[] reverseTime(boolean[] valid) {
        boolean[] out = new boolean[valid.length];
        for (int t = 0; t < T; t++) {
            System.arraycopy(valid, t * B, out, (T - 1 - t) * B, B);
        }
        return out;
    }
}
