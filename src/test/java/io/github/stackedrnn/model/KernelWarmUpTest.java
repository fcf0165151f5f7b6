package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link StackedRnnModel#warmUp()} runs every head's kernels and changes nothing; {@code kernels()} names them. */
class KernelWarmUpTest {
    private static Tensor input(int samples, int time, int features) {
        SplittableRandom random = new SplittableRandom(9);
        float[] data = new float[samples * time * features];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.of(data, samples, time, features);
    }

    private static void assertWarmUpChangesNothing(StackedRnnModel model) throws Exception {
        // one training step first, so that the optimizer has state that warming up must leave alone
        Tensor x = input(8, 5, model.inputFeatures());
        int rows = model.outputsSequences() ? 8 * 5 : 8;
        float[] y = new float[rows * model.classes()];
        for (int r = 0; r < rows; r++) {
            y[r * model.classes() + r % model.classes()] = 1f;
        }
        model.trainOnBatch(x, model.outputsSequences() ? Tensor.of(y, 8, 5, model.classes()) : Tensor.of(y, 8, model.classes()));
        List<Tensor> weights = model.getWeights();
        long iterations = model.iterations();
        Tensor before = model.predict(x);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        model.save(saved, true);

        int rounds = KernelWarmUp.run(model);

        assertThat(rounds).isPositive(); // fewer than MIN_ROUNDS when the time budget ends it (a loaded machine)
        assertThat(model.getWeights()).isEqualTo(weights);
        assertThat(model.iterations()).isEqualTo(iterations);
        assertThat(model.predict(x)).isEqualTo(before);
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        model.save(after, true);
        assertThat(after.toByteArray()).as("the saved model with its optimizer state").isEqualTo(saved.toByteArray());
    }

    @Test
    void warmingUpAClassifierChangesNothing() throws Exception {
        assertWarmUpChangesNothing(StackedRnnModel.builder().inputFeatures(10)
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).build())
                .add(DenseSoftmaxLayer.builder(4).build())
                .optimizer(Adam.builder().build()).seed(1).build());
    }

    @Test
    void warmingUpPerStepAndRegressionHeadsChangesNothing() throws Exception {
        assertWarmUpChangesNothing(StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(20).returnSequences(true).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .seed(2).build());
        assertWarmUpChangesNothing(StackedRnnModel.builder().inputFeatures(1)
                .add(SimpleRnnLayer.builder(16).activation(Activation.RELU).build())
                .add(DenseLayer.builder(2).build())
                .loss(Loss.meanSquaredError())
                .seed(3).build());
        assertWarmUpChangesNothing(StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(8).build())
                .add(DenseLayer.builder(1).activation(Activation.SIGMOID).build())
                .seed(4).build());
    }

    @Test
    void kernelsNamesThePathInUseAndOnTheScalarPathTheFlag() {
        String text = StackedRnnModel.kernels();
        assertThat(text).startsWith("stacked-rnn kernels: " + MatrixKernels.implementation());
        if (MatrixKernels.vectorized()) {
            assertThat(text).isEqualTo("stacked-rnn kernels: Vector API, " + MatrixKernels.implementation().replaceAll("\\D", "") + "-bit");
        } else {
            assertThat(text).startsWith("stacked-rnn kernels: scalar (auto-vectorised)");
            assertThat(text).containsAnyOf("--add-modules jdk.incubator.vector", "-Dstackedrnn.vector=false");
        }
    }
}
