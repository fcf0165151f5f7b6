package io.github.stackedrnn.golden;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.model.SequenceMask;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.optim.Sgd;
import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training runs through the public API only, so that their results can be compared across versions
 * of the engine: {@link #main} wrote {@code src/test/resources/golden/} with the library as it was
 * before the engine was split into cells and loop (commit f823680), and {@code GoldenRunsTest} checks
 * that the same calls still give the same bits. Each run trains a model, then predicts a fixed input.
 */
public final class GoldenRuns {
    /** The runs, by name. */
    public static final List<String> NAMES = List.of("tutorial", "masked-regression", "ragged-sigmoid");

    private GoldenRuns() {
    }

    /** A run's outcome: the trained model and its predictions (flat) on the run's probe input. */
    public record Outcome(StackedRnnModel model, float[] predictions) {
    }

    public static Outcome run(String name) {
        switch (name) {
            case "tutorial":
                return tutorial();
            case "masked-regression":
                return maskedRegression();
            case "ragged-sigmoid":
                return raggedSigmoid();
            default:
                throw new IllegalArgumentException(name);
        }
    }

    /** The README's tutorial model (3 x SimpleRNN(50), softmax, Adam), two epochs of fit. */
    private static Outcome tutorial() {
        StackedRnnModel model = StackedRnnModel.builder()
                .inputFeatures(10)
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).build())
                .add(DenseSoftmaxLayer.builder(4).build())
                .seed(42)
                .threads(2)
                .build();
        SplittableRandom r = new SplittableRandom(1);
        Tensor x = normal(r, 96, 12, 10);
        int[] labels = new int[96];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(4);
        }
        model.fit(x, labels, FitOptions.builder().epochs(2).batchSize(32).validationSplit(0.25).build());
        return new Outcome(model, model.predict(normal(new SplittableRandom(2), 5, 9, 10)).toFloatArray());
    }

    /** Padded sequences with a mask, per-step regression, dropout, recurrent dropout, L2 and SGD with momentum. */
    private static Outcome maskedRegression() {
        StackedRnnModel model = StackedRnnModel.builder()
                .inputFeatures(3)
                .add(SimpleRnnLayer.builder(24).returnSequences(true).dropout(0.2).recurrentDropout(0.1).kernelL2(1e-3).build())
                .add(SimpleRnnLayer.builder(16).activation(Activation.RELU).returnSequences(true).recurrentL2(1e-3).build())
                .add(DenseLayer.builder(2).biasL2(1e-2).build())
                .loss(Loss.meanSquaredError())
                .optimizer(Sgd.builder().learningRate(0.01).momentum(0.9).nesterov(true).build())
                .seed(7)
                .threads(2)
                .build();
        SplittableRandom r = new SplittableRandom(3);
        int samples = 40;
        int time = 10;
        Tensor x = normal(r, samples, time, 3);
        Tensor y = normal(r, samples, time, 2);
        int[] lengths = new int[samples];
        for (int i = 0; i < samples; i++) {
            lengths[i] = 1 + r.nextInt(time);
        }
        SequenceMask mask = SequenceMask.ofLengths(lengths, time);
        model.fit(x, y, mask, FitOptions.builder().epochs(3).batchSize(8).build());
        return new Outcome(model, model.predict(normal(new SplittableRandom(4), 4, 6, 3)).toFloatArray());
    }

    /** Sequences of different lengths as a list, a sigmoid head (binary cross-entropy) and RMSprop. */
    private static Outcome raggedSigmoid() {
        StackedRnnModel model = StackedRnnModel.builder()
                .inputFeatures(4)
                .add(SimpleRnnLayer.builder(32).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(20).build())
                .add(DenseLayer.builder(1).activation(Activation.SIGMOID).build())
                .optimizer(RmsProp.builder().learningRate(1e-3).momentum(0.5).centered(true).build())
                .seed(11)
                .threads(2)
                .build();
        SplittableRandom r = new SplittableRandom(5);
        List<float[][]> sequences = new ArrayList<>();
        int[] labels = new int[60];
        for (int i = 0; i < labels.length; i++) {
            float[][] s = new float[2 + r.nextInt(14)][4];
            for (float[] step : s) {
                for (int f = 0; f < step.length; f++) {
                    step[f] = (float) r.nextGaussian();
                }
            }
            sequences.add(s);
            labels[i] = r.nextInt(2);
        }
        model.fit(sequences, labels, FitOptions.builder().epochs(3).batchSize(16).build());
        return new Outcome(model, model.predict(normal(new SplittableRandom(6), 3, 8, 4)).toFloatArray());
    }

    static Tensor normal(SplittableRandom r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) r.nextGaussian();
        }
        return Tensor.of(data, shape);
    }

    /** The kernels a fixture was written with: bits are compared only on the same kernels. */
    public static String kernels() {
        return MatrixKernels.implementation();
    }

    /** Writes every run's saved model and predictions (float bits in hex, one a line) to {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (String name : NAMES) {
            Outcome o = run(name);
            o.model().save(dir.resolve(name + ".srnn"));
            StringBuilder sb = new StringBuilder();
            for (float v : o.predictions()) {
                sb.append(Integer.toHexString(Float.floatToRawIntBits(v))).append('\n');
            }
            Files.writeString(dir.resolve(name + ".predictions"), sb.toString(), StandardCharsets.US_ASCII);
        }
        Files.writeString(dir.resolve("KERNELS"), kernels() + "\n", StandardCharsets.US_ASCII);
    }
}
