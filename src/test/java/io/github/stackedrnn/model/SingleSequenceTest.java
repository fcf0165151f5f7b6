package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** predict(float[][]) and step(state, float[] / float[][]): a batch of one without its batch axis. */
class SingleSequenceTest {
    private static StackedRnnModel model(boolean perStep) {
        return StackedRnnModel.builder().inputFeatures(3).seed(2)
                .add(SimpleRnnLayer.builder(5).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(4).returnSequences(perStep).build())
                .add(DenseSoftmaxLayer.builder(3).build()).build();
    }

    private static float[][] sequence(int time, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] s = new float[time][3];
        for (float[] step : s) {
            for (int f = 0; f < 3; f++) {
                step[f] = (float) r.nextGaussian();
            }
        }
        return s;
    }

    @Test
    void predict_ofOneSequence_isTheBatchOfOnesRow_bitForBit() {
        for (boolean perStep : new boolean[] {false, true}) {
            StackedRnnModel model = model(perStep);
            float[][] s = sequence(7, 1);
            Tensor batch = model.predict(Tensor.of(new float[][][] {s}));
            Tensor one = model.predict(s);
            int[] expected = perStep ? new int[] {7, 3} : new int[] {3};
            assertThat(one.shape()).containsExactly(expected);
            assertThat(one.toFloatArray()).containsExactly(batch.toFloatArray());
        }
    }

    @Test
    void step_ofOneStream_matchesTheTensorForm() {
        StackedRnnModel model = model(false);
        float[][] s = sequence(5, 2);
        RnnState viaArrays = model.newState(1);
        RnnState viaTensors = model.newState(1);
        for (int t = 0; t < 4; t++) {
            Tensor a = model.step(viaArrays, s[t]);
            Tensor b = model.step(viaTensors, Tensor.of(new float[][] {s[t]}));
            assertThat(a.shape()).containsExactly(3);
            assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
        }
        // a chunk of the remaining step continues the same stream; the whole sequence gives predict's answer
        Tensor last = model.step(viaArrays, new float[][] {s[4]});
        assertThat(last.shape()).containsExactly(3);
        Tensor whole = model.predict(s);
        for (int k = 0; k < 3; k++) {
            assertThat(last.get(k)).isCloseTo(whole.get(k), org.assertj.core.api.Assertions.within(1e-6f));
        }
    }

    @Test
    void badInput_isRefusedClearly() {
        StackedRnnModel model = model(false);
        assertThatThrownBy(() -> model.predict((float[][]) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a sequence float[time][3], got null");
        assertThatThrownBy(() -> model.predict(new float[0][])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no time step");
        assertThatThrownBy(() -> model.predict(new float[][] {{1, 2, 3}, {1, 2}})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 1 must have 3 features but has 2");
        RnnState two = model.newState(2);
        assertThatThrownBy(() -> model.step(two, new float[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a state of one stream (newState(1)), but this state holds 2 streams");
        RnnState one = model.newState(1);
        assertThatThrownBy(() -> model.step(one, new float[] {1, 2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a step must have 3 features but got 2");
        assertThat(one.hidden(0).toFloatArray()).containsOnly(0f);
    }
}
