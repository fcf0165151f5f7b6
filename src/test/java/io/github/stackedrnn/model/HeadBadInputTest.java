package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each head refuses the targets and settings that do not fit it, saying what it expected, before anything changes. */
class HeadBadInputTest {
    private static final Tensor X = Tensor.of(new float[2 * 3 * 2], 2, 3, 2);

    @Test
    void aCrossEntropyNeedsItsOutputFunction() {
        StackedRnnModel.Builder linearWithCce = StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(3).build()).add(DenseLayer.builder(2).build())
                .loss(Loss.categoricalCrossentropy());
        assertThatThrownBy(linearWithCce::build).isInstanceOf(IllegalStateException.class)
                .hasMessage("The loss categorical_crossentropy needs a softmax output, but dense has activation linear; use "
                        + "DenseLayer.builder(2).activation(Activation.SOFTMAX) or a DenseSoftmaxLayer, or another loss");
        StackedRnnModel.Builder softmaxWithBce = StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(3).build()).add(DenseLayer.builder(2).activation(Activation.SOFTMAX).build())
                .loss(Loss.binaryCrossentropy());
        assertThatThrownBy(softmaxWithBce::build).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The loss binary_crossentropy needs a sigmoid output, but dense has activation softmax");
        assertThatThrownBy(() -> SimpleRnnLayer.builder(3).activation(Activation.SIGMOID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected TANH, RELU or LINEAR for a SimpleRnnLayer, got SIGMOID");
        assertThatThrownBy(() -> Loss.categoricalCrossentropy(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `labelSmoothing`, expected a number in [0, 1], got 1.5.");
    }

    @Test
    void regressionTargetsMustBeFiniteAndShapedAsTheOutput() {
        StackedRnnModel model = regressor();
        List<Tensor> before = model.getWeights();
        assertThatThrownBy(() -> model.trainOnBatch(X, Tensor.of(new float[] {1f, Float.NaN}, 2, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("targets[1] has value NaN at output 0; regression targets must be finite");
        assertThatThrownBy(() -> model.fit(X, Tensor.of(new float[4], 2, 2), FitOptions.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels must be [2, 1] (regression targets, matching the output of dense) but got [2, 2]");
        assertThatThrownBy(() -> model.fit(X, new int[] {0, 1}, FitOptions.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The model's loss is mean_squared_error on 1 output; give its targets as a tensor, not as class indices");
        assertThat(model.getWeights()).isEqualTo(before);
        // a one-unit head also takes [batch]
        assertThat(model.trainOnBatch(X, Tensor.of(new float[] {1f, 2f}, 2))).isPositive();
    }

    @Test
    void binaryLabelsMustLieInZeroOne() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(2).seed(1)
                .add(SimpleRnnLayer.builder(3).build()).add(DenseLayer.builder(1).activation(Activation.SIGMOID).build())
                .build();
        assertThat(model.loss()).isEqualTo(Loss.binaryCrossentropy());
        List<Tensor> before = model.getWeights();
        assertThatThrownBy(() -> model.trainOnBatch(X, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("label 2 at [1] is outside [0, 2)");
        assertThatThrownBy(() -> model.trainOnBatch(X, Tensor.of(new float[] {0.5f, 1.5f}, 2, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels[1] has value 1.5 for output 0; binary labels must lie in [0, 1]");
        assertThat(model.getWeights()).isEqualTo(before);
        assertThat(model.trainOnBatch(X, new int[] {0, 1})).isCloseTo(Math.log(2), org.assertj.core.api.Assertions.within(0.3));
    }

    private static StackedRnnModel regressor() {
        return StackedRnnModel.builder().inputFeatures(2).seed(1)
                .add(SimpleRnnLayer.builder(3).build()).add(DenseLayer.builder(1).build()).build();
    }
}
