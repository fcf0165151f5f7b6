package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.optim.ExponentialDecay;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.tensor.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the compatibility fixture of the current format version, {@code src/test/resources/models/
 * vN-small.srnn}, and its predictions ({@code vN-small.predictions}, one float's bits per line). Run once
 * per format version, by hand, on the scalar kernels:
 * <pre>
 * mvn -o test-compile
 * java -Dstackedrnn.vector=false -cp target/classes:target/test-classes \
 *     io.github.stackedrnn.model.CompatibilityFixture src/test/resources/models
 * </pre>
 * The committed files must never be regenerated for an existing version, since their point is to catch a
 * reader that no longer reads what users already have. The recipes of earlier versions stay here as the
 * record of what their files hold.
 */
final class CompatibilityFixture {
    private CompatibilityFixture() {
    }

    static Tensor input() {
        SplittableRandom random = new SplittableRandom(2026);
        float[] data = new float[3 * 7 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextInt(512) - 256) / 128f; // exact in float
        }
        return Tensor.of(data, 3, 7, 4);
    }

    /** {@code v1-small.srnn}, written by version 0.1.0 (format version 1): two SimpleRNNs, softmax, default Adam. */
    static StackedRnnModel v1Model() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4)
                .add(SimpleRnnLayer.builder(5).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(4).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .seed(1).threads(1).build();
        model.trainOnBatch(input(), new int[] {0, 1, 2});
        model.trainOnBatch(input(), new int[] {2, 1, 0});
        return model;
    }

    /**
     * {@code v2-small.srnn} (format version 2): what version 2 added to CONF (dropout and L2 on the
     * SimpleRNNs, a Dense sigmoid head, the loss with label smoothing) and to OPTM (RmsProp with three
     * slots, a learning-rate schedule, clipping and weight decay), after two steps.
     */
    static StackedRnnModel v2Model() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4)
                .add(SimpleRnnLayer.builder(5).returnSequences(true).dropout(0.25).recurrentDropout(0.125).kernelL2(1e-3).build())
                .add(SimpleRnnLayer.builder(4).activation(Activation.RELU).recurrentL2(2e-3).biasL2(5e-4).name("encoder").build())
                .add(DenseLayer.builder(2).activation(Activation.SIGMOID).kernelL2(1e-2).build())
                .loss(Loss.binaryCrossentropy(0.05))
                .optimizer(RmsProp.builder().centered(true).momentum(0.5).weightDecay(0.004).clipNorm(1.0)
                        .learningRate(new ExponentialDecay(0.01, 1, 0.9, true)).build())
                .seed(2).threads(1).build();
        model.trainOnBatch(input(), Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2));
        model.trainOnBatch(input(), Tensor.of(new float[] {0, 0, 1, 0, 0, 1}, 3, 2));
        return model;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/models");
        String name = "v2-small"; // the format version it writes
        StackedRnnModel model = v2Model();
        model.save(dir.resolve(name + ".srnn"));
        StringBuilder lines = new StringBuilder();
        for (float p : model.predict(input()).toFloatArray()) {
            lines.append(String.format("%08x%n", Float.floatToIntBits(p)));
        }
        Files.writeString(dir.resolve(name + ".predictions"), lines.toString(), StandardCharsets.US_ASCII);
    }
}
