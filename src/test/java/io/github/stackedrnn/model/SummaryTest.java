package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ModelSummary}: the tutorial model's table, whole, and the data behind it. */
class SummaryTest {
    private static final String HEADER = " Layer (type)                Output Shape              Param #   ";

    /** The tutorial model: SimpleRNN(50, rs) → SimpleRNN(50, rs) → SimpleRNN(50) → Dense(4). */
    private static StackedRnnModel tutorialModel() {
        return StackedRnnModel.builder()
                .inputFeatures(10)
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).build())
                .add(DenseSoftmaxLayer.builder(4).build())
                .seed(42)
                .build();
    }

    // Lines are padded with spaces to 65 columns; "\s" keeps the last one from being stripped.
    private static final String TUTORIAL_SUMMARY = """
            Model: "sequential"
            _________________________________________________________________
             Layer (type)                Output Shape              Param #  \s
            =================================================================
             simple_rnn (SimpleRNN)      (None, None, 50)          3,050    \s
                                                                            \s
             simple_rnn_1 (SimpleRNN)    (None, None, 50)          5,050    \s
                                                                            \s
             simple_rnn_2 (SimpleRNN)    (None, 50)                5,050    \s
                                                                            \s
             dense (Dense)               (None, 4)                 204      \s
                                                                            \s
            =================================================================
            Total params: 13,354 (52.16 KB)
            Trainable params: 13,354 (52.16 KB)
            Non-trainable params: 0 (0.00 Byte)
            _________________________________________________________________
            """;

    @Test
    void toString_tutorialModel_isTheWholeTable() {
        assertThat(tutorialModel().summary().toString()).isEqualTo(TUTORIAL_SUMMARY);
    }

    @Test
    void toString_tutorialModel_hasKerasLayout() {
        List<String> lines = TUTORIAL_SUMMARY.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Model: \"sequential\"");
        assertThat(lines.get(1)).isEqualTo("_".repeat(65));
        assertThat(lines.get(2)).isEqualTo(HEADER).hasSize(65);
        assertThat(lines.get(3)).isEqualTo("=".repeat(65));
        // each layer row is followed by a blank line of 65 spaces; columns start at 0, 29 and 55
        for (int row = 0; row < 4; row++) {
            String line = lines.get(4 + 2 * row);
            assertThat(line).hasSize(65).startsWith(" ");
            assertThat(line.charAt(28)).isEqualTo(' ');
            assertThat(line.charAt(29)).isEqualTo('(');
            assertThat(line.charAt(54)).isEqualTo(' ');
            assertThat(Character.isDigit(line.charAt(55))).isTrue();
            assertThat(lines.get(5 + 2 * row)).isEqualTo(" ".repeat(65));
        }
        assertThat(lines.get(12)).isEqualTo("=".repeat(65));
        assertThat(lines.get(13)).isEqualTo("Total params: 13,354 (52.16 KB)");
        assertThat(lines.get(14)).isEqualTo("Trainable params: 13,354 (52.16 KB)");
        assertThat(lines.get(15)).isEqualTo("Non-trainable params: 0 (0.00 Byte)");
        assertThat(lines.get(16)).isEqualTo("_".repeat(65));
        assertThat(lines).hasSize(17);
        assertThat(TUTORIAL_SUMMARY).endsWith("\n");
    }

    @Test
    void toString_afterOneTrainingStep_addsOptimizerParams() {
        StackedRnnModel model = tutorialModel();
        model.trainOnBatch(Tensor.zeros(2, 3, 10), new int[] {0, 3});
        String expected = TUTORIAL_SUMMARY.replace("Non-trainable params: 0 (0.00 Byte)\n",
                "Non-trainable params: 0 (0.00 Byte)\nOptimizer params: 26,710 (104.34 KB)\n");
        assertThat(model.summary().toString()).isEqualTo(expected);
        List<String> lines = model.summary().toString().lines().toList();
        assertThat(lines.get(lines.size() - 2)).isEqualTo("Optimizer params: 26,710 (104.34 KB)");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("_".repeat(65));
    }

    @Test
    void rows_tutorialModel() {
        ModelSummary summary = tutorialModel().summary();
        assertThat(summary.modelName()).isEqualTo("sequential");
        assertThat(summary.rows()).containsExactly(
                new ModelSummary.Row("simple_rnn", "SimpleRNN", "(None, None, 50)", 3050),
                new ModelSummary.Row("simple_rnn_1", "SimpleRNN", "(None, None, 50)", 5050),
                new ModelSummary.Row("simple_rnn_2", "SimpleRNN", "(None, 50)", 5050),
                new ModelSummary.Row("dense", "Dense", "(None, 4)", 204));
        assertThat(summary.totalParameters()).isEqualTo(13_354);
        assertThat(summary.trainableParameters()).isEqualTo(13_354);
        assertThat(summary.nonTrainableParameters()).isZero();
        assertThat(summary.optimizerParameters()).isEmpty();
    }

    @Test
    void rows_parameterCounts_matchTheWeights() {
        StackedRnnModel model = tutorialModel();
        long weights = model.getWeights().stream().mapToLong(Tensor::size).sum();
        assertThat(model.summary().totalParameters()).isEqualTo(weights).isEqualTo(model.parameterCount());
        // 10·50 + 50·50 + 50 = 3050; 50·50 + 50·50 + 50 = 5050; 50·4 + 4 = 204
        assertThat(model.getWeights().stream().map(t -> Arrays.toString(t.shape())).toList()).containsExactly(
                "[10, 50]", "[50, 50]", "[50]", "[50, 50]", "[50, 50]", "[50]", "[50, 50]", "[50, 50]", "[50]", "[50, 4]", "[4]");
    }

    @Test
    void optimizerParameters_afterOneStep_areTwoPerWeightPlusTwo() {
        StackedRnnModel model = tutorialModel();
        model.trainOnBatch(Tensor.zeros(1, 2, 10), new int[] {1});
        assertThat(model.summary().optimizerParameters()).hasValue(2 * 13_354 + 2);
    }

    @Test
    void toString_regressionAndBinaryHeads_nameTheOutputAndTheLoss() {
        StackedRnnModel regression = StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(4).build())
                .add(io.github.stackedrnn.layer.DenseLayer.builder(1).build())
                .seed(1).build();
        String text = regression.summary().toString();
        assertThat(regression.summary().rows()).containsExactly(
                new ModelSummary.Row("simple_rnn", "SimpleRNN", "(None, 4)", 28),
                new ModelSummary.Row("dense", "Dense", "(None, 1)", 5));
        assertThat(text).endsWith("Non-trainable params: 0 (0.00 Byte)\nOutput: linear, loss: mean_squared_error\n"
                + "_".repeat(65) + "\n");
        StackedRnnModel binary = StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(4).build())
                .add(io.github.stackedrnn.layer.DenseLayer.builder(1).activation(io.github.stackedrnn.layer.Activation.SIGMOID).build())
                .loss(io.github.stackedrnn.loss.Loss.binaryCrossentropy(0.1))
                .seed(1).build();
        assertThat(binary.summary().toString()).contains("\nOutput: sigmoid, loss: binary_crossentropy(labelSmoothing=0.1)\n");
        assertThat(binary.summary().loss()).isEqualTo("binary_crossentropy(labelSmoothing=0.1)");
        assertThat(binary.summary().outputActivation()).isEqualTo("sigmoid");
    }

    @Test
    void rows_perStepHead_hasSequenceShape() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(5).returnSequences(true).build())
                .add(DenseSoftmaxLayer.builder(2).useBias(false).build())
                .seed(1).build();
        assertThat(model.summary().rows()).containsExactly(
                new ModelSummary.Row("simple_rnn", "SimpleRNN", "(None, None, 5)", 45),
                new ModelSummary.Row("dense", "Dense", "(None, None, 2)", 10));
        assertThat(model.summary().toString()).contains("Total params: 55 (220.00 Byte)");
    }

    @Test
    void toString_longLayerName_widensTheColumnInsteadOfCuttingIt() {
        String longName = "a_very_long_layer_name_that_does_not_fit_the_column";
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(5).name(longName).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .name("long")
                .seed(1).build();
        String text = model.summary().toString();
        List<String> lines = text.lines().toList();
        String row = " " + longName + " (SimpleRNN)  ";
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith(row + "(None, 5)"));
        // every table line is as wide as the widened rule, and the columns after the name moved right together
        int width = lines.get(1).length();
        assertThat(width).isGreaterThan(65);
        assertThat(lines.get(1)).isEqualTo("_".repeat(width));
        assertThat(lines.get(3)).isEqualTo("=".repeat(width));
        String header = lines.get(2);
        assertThat(header).hasSize(width).startsWith(" Layer (type)");
        assertThat(header.indexOf("Output Shape")).isEqualTo(row.length());
        String nameRow = lines.get(4);
        assertThat(nameRow).hasSize(width);
        assertThat(nameRow.indexOf("45")).isEqualTo(header.indexOf("Param #"));
        assertThat(lines.get(5)).isEqualTo(" ".repeat(width));
        assertThat(lines.get(6)).hasSize(width).startsWith(" dense (Dense)");
        assertThat(lines.get(6).indexOf("(None, 2)")).isEqualTo(row.length());
        assertThat(lines.get(lines.size() - 1)).isEqualTo("_".repeat(width));
        assertThat(text).contains("Total params: 57 (228.00 Byte)");
    }

    @Test
    void readableSize_isKerasReadableMemorySize() {
        assertThat(ModelSummary.readableSize(0)).isEqualTo("0.00 Byte");
        assertThat(ModelSummary.readableSize(1023)).isEqualTo("1023.00 Byte");
        assertThat(ModelSummary.readableSize(1024)).isEqualTo("1.00 KB");
        assertThat(ModelSummary.readableSize(13_354 * 4)).isEqualTo("52.16 KB");
        assertThat(ModelSummary.readableSize(26_710 * 4)).isEqualTo("104.34 KB");
        assertThat(ModelSummary.readableSize(5L * 1024 * 1024)).isEqualTo("5.00 MB");
    }
}
