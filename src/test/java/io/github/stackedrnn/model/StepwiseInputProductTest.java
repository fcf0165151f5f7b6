package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A layer whose input product {@code Z = X·W + b} is larger than {@link Tuning#HOISTED_INPUT_FLOATS}
 * computes it step by step instead of for all steps at once. The kernels sum every element in the same
 * order whatever the rows of a call, so the two must give the same bits: a batch of sequences long
 * enough to run step by step predicts, row for row, what each sequence predicts alone (whose Z is small
 * enough to be hoisted).
 */
class StepwiseInputProductTest {
    private static final int FEATURES = 4;
    private static final int TIME = 150;
    private static final int BATCH = 16;

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("SimpleRNN", (Function<Boolean, RecurrentLayer>) seq -> SimpleRnnLayer.builder(256).returnSequences(seq).build()),
                Arguments.of("LSTM", (Function<Boolean, RecurrentLayer>) seq -> LstmLayer.builder(64).returnSequences(seq).build()),
                Arguments.of("GRU reset_after", (Function<Boolean, RecurrentLayer>) seq -> GruLayer.builder(96).returnSequences(seq).build()),
                Arguments.of("GRU reset_before",
                        (Function<Boolean, RecurrentLayer>) seq -> GruLayer.builder(96).resetAfter(false).returnSequences(seq).build()),
                Arguments.of("Bidirectional LSTM", (Function<Boolean, RecurrentLayer>) seq -> Bidirectional.builder(
                        LstmLayer.builder(64).returnSequences(seq).build()).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void aBatchRunStepByStepPredictsWhatEachSequenceAlonePredicts(String name, Function<Boolean, RecurrentLayer> layer) {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(FEATURES).seed(5).threads(1)
                .add(layer.apply(true))
                .add(layer.apply(false))
                .add(DenseSoftmaxLayer.builder(3).build())
                .build();
        Network net = model.network();
        int chunk = Tuning.inferenceChunkSize(BATCH);
        assertThat((long) TIME * chunk * net.rnn[0].gateWidth).as("the batch's Z is computed step by step")
                .isGreaterThan(Tuning.HOISTED_INPUT_FLOATS);
        assertThat((long) TIME * net.rnn[0].gateWidth).as("one sequence's Z is hoisted")
                .isLessThanOrEqualTo(Tuning.HOISTED_INPUT_FLOATS);

        Tensor x = StreamingTest.input(BATCH, TIME, 17);
        float[] all = model.predict(x).toFloatArray();
        float[] data = x.toFloatArray();
        int per = TIME * FEATURES;
        for (int i = 0; i < BATCH; i++) {
            Tensor one = Tensor.of(Arrays.copyOfRange(data, i * per, (i + 1) * per), 1, TIME, FEATURES);
            float[] alone = model.predict(one).toFloatArray();
            assertThat(Arrays.copyOfRange(all, i * 3, i * 3 + 3)).as("sequence %d", i).isEqualTo(alone);
        }
    }
}
