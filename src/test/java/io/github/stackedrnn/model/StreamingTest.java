package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Streaming with explicit state: step by step gives, at every step, what predict gives for the prefix. */
class StreamingTest {
    private static final int FEATURES = 4;

    static Stream<StackedRnnModel> models() {
        return Stream.of(
                StackedRnnModel.builder().inputFeatures(FEATURES).seed(1)
                        .add(SimpleRnnLayer.builder(6).build()).add(DenseSoftmaxLayer.builder(3).build()).build(),
                StackedRnnModel.builder().inputFeatures(FEATURES).seed(2)
                        .add(SimpleRnnLayer.builder(5).returnSequences(true).activation(Activation.RELU).build())
                        .add(SimpleRnnLayer.builder(7).returnSequences(true).useBias(false).build())
                        .add(SimpleRnnLayer.builder(4).activation(Activation.LINEAR).build())
                        .add(DenseSoftmaxLayer.builder(2).build()).build(),
                StackedRnnModel.builder().inputFeatures(FEATURES).seed(3)
                        .add(SimpleRnnLayer.builder(8).returnSequences(true).build())
                        .add(SimpleRnnLayer.builder(6).returnSequences(true).build())
                        .add(DenseSoftmaxLayer.builder(5).build()).build(),
                // from 128 units the Vector API kernels read U packed once per predict call (a step does not)
                StackedRnnModel.builder().inputFeatures(FEATURES).seed(4)
                        .add(SimpleRnnLayer.builder(128).returnSequences(true).build())
                        .add(SimpleRnnLayer.builder(136).build())
                        .add(DenseSoftmaxLayer.builder(3).build()).build());
    }

    @ParameterizedTest
    @MethodSource("models")
    void stepByStep_equalsPredictOnEveryPrefix(StackedRnnModel model) {
        int batch = 37; // several chunks
        int time = 9;
        Tensor x = input(batch, time, 5);
        RnnState state = model.newState(batch);
        for (int t = 1; t <= time; t++) {
            Tensor out = model.step(state, stepOf(x, t - 1));
            Tensor prefix = model.predict(prefix(x, t));
            assertThat(out.shape()).containsExactly(batch, model.classes());
            for (int s = 0; s < batch; s++) {
                for (int k = 0; k < model.classes(); k++) {
                    float expected = model.outputsSequences() ? prefix.get(s, t - 1, k) : prefix.get(s, k);
                    assertThat(out.get(s, k)).as("step %d sample %d class %d", t, s, k).isCloseTo(expected, within(1e-6f));
                }
            }
        }
        // the hidden states are those of the full sequence
        List<Tensor> hidden = model.hiddenStates(x);
        for (int l = 0; l < state.layers(); l++) {
            Tensor h = state.hidden(l);
            for (int s = 0; s < batch; s++) {
                for (int u = 0; u < h.dim(1); u++) {
                    assertThat(h.get(s, u)).isCloseTo(hidden.get(l).get(s, time - 1, u), within(1e-6f));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void chunks_continueWhereTheLastStepLeftOff(StackedRnnModel model) {
        Tensor x = input(3, 10, 6);
        RnnState state = model.newState(3);
        model.step(state, prefix(x, 4));
        Tensor rest = model.step(state, range(x, 4, 10));
        Tensor full = model.predict(x);
        if (model.outputsSequences()) {
            assertThat(rest.shape()).containsExactly(3, 6, model.classes());
            for (int s = 0; s < 3; s++) {
                for (int t = 0; t < 6; t++) {
                    for (int k = 0; k < model.classes(); k++) {
                        assertThat(rest.get(s, t, k)).isCloseTo(full.get(s, t + 4, k), within(1e-6f));
                    }
                }
            }
        } else {
            for (int s = 0; s < 3; s++) {
                for (int k = 0; k < model.classes(); k++) {
                    assertThat(rest.get(s, k)).isCloseTo(full.get(s, k), within(1e-6f));
                }
            }
        }
    }

    @Test
    void resetCopyAndInitialState_behaveLikeKerasInitialState() {
        StackedRnnModel model = models().findFirst().orElseThrow();
        Tensor x = input(2, 5, 7);
        RnnState state = model.newState(2);
        Tensor first = model.step(state, prefix(x, 5));
        RnnState fork = state.copy();
        Tensor a = model.step(state, stepOf(x, 0));
        Tensor b = model.step(fork, stepOf(x, 0));
        assertThat(a).isEqualTo(b);
        model.step(fork, stepOf(x, 1));
        assertThat(fork.hidden(0)).isNotEqualTo(state.hidden(0));
        state.reset();
        assertThat(state.hidden(0)).isEqualTo(Tensor.zeros(2, 6));
        assertThat(model.step(state, prefix(x, 5))).isEqualTo(first);

        // setHidden then step == the same steps from that state
        RnnState other = model.newState(2);
        other.setHidden(0, fork.hidden(0));
        assertThat(model.step(other, stepOf(x, 3))).isEqualTo(model.step(fork, stepOf(x, 3)));
    }

    @Test
    void independentStreams_ofAnyBatchSize_shareOneModel() {
        StackedRnnModel model = models().skip(1).findFirst().orElseThrow();
        Tensor x = input(5, 6, 8);
        RnnState together = model.newState(5);
        RnnState[] alone = new RnnState[5];
        for (int s = 0; s < 5; s++) {
            alone[s] = model.newState(1);
        }
        for (int t = 0; t < 6; t++) {
            Tensor all = model.step(together, stepOf(x, t));
            for (int s = 0; s < 5; s++) {
                Tensor one = model.step(alone[s], stepOf(range(x, 0, 6), t, s));
                for (int k = 0; k < model.classes(); k++) {
                    assertThat(one.get(0, k)).isCloseTo(all.get(s, k), within(1e-6f));
                }
            }
        }
    }

    @Test
    void badStates_areRefusedAndLeaveTheStateUnchanged() {
        StackedRnnModel model = models().findFirst().orElseThrow();
        StackedRnnModel other = models().skip(1).findFirst().orElseThrow();
        RnnState state = model.newState(2);
        model.step(state, stepOf(input(2, 1, 1), 0));
        Tensor before = state.hidden(0);
        assertThatThrownBy(() -> model.step(other.newState(2), stepOf(input(2, 1, 1), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newState");
        assertThatThrownBy(() -> model.step(state, stepOf(input(3, 1, 1), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 2 streams but the input has 3");
        assertThatThrownBy(() -> model.step(state, Tensor.zeros(2, FEATURES + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but got [2, 1, 5]");
        assertThatThrownBy(() -> state.setHidden(0, Tensor.zeros(2, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be [2, 6] but got [2, 5]");
        assertThatThrownBy(() -> model.newState(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(state.hidden(0)).isEqualTo(before);
    }

    static Tensor input(int batch, int time, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[batch * time * FEATURES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.of(data, batch, time, FEATURES);
    }

    static Tensor stepOf(Tensor x, int t) {
        int batch = x.dim(0);
        float[] data = new float[batch * FEATURES];
        for (int s = 0; s < batch; s++) {
            x.copyTo((s * x.dim(1) + t) * FEATURES, data, s * FEATURES, FEATURES);
        }
        return Tensor.of(data, batch, FEATURES);
    }

    private static Tensor stepOf(Tensor x, int t, int sample) {
        float[] data = new float[FEATURES];
        x.copyTo((sample * x.dim(1) + t) * FEATURES, data, 0, FEATURES);
        return Tensor.of(data, 1, FEATURES);
    }

    static Tensor prefix(Tensor x, int length) {
        return range(x, 0, length);
    }

    static Tensor range(Tensor x, int from, int to) {
        int batch = x.dim(0);
        int time = x.dim(1);
        float[] data = new float[batch * (to - from) * FEATURES];
        for (int s = 0; s < batch; s++) {
            x.copyTo((s * time + from) * FEATURES, data, s * (to - from) * FEATURES, (to - from) * FEATURES);
        }
        return Tensor.of(data, batch, to - from, FEATURES);
    }
}
