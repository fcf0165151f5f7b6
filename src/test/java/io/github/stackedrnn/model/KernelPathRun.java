package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A short training run whose every weight and prediction {@link KernelPathsTest} compares between the
 * two kernel paths: {@link #main} runs it in a JVM of its own and writes the results to a file.
 * The layers cover the kernels' cases: 20 units (a few vectors and a tail), 130 units (packed recurrent
 * kernels on the Vector path, panels of B wider than 128 columns), 12 units with ReLU (narrower than a 512-bit vector, wider than a 256-bit one: the lane rule decides its order), and a softmax head of 5 classes
 * (narrower than one vector).
 */
public final class KernelPathRun {
    static final int FEATURES = 7;

    private KernelPathRun() {
    }

    /** Trains the model and returns the kernels' name, every weight, then the predictions on new data. */
    static float[] run(StringBuilder kernels) {
        kernels.append(MatrixKernels.implementation());
        StackedRnnModel model = StackedRnnModel.builder()
                .inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(20).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(130).returnSequences(true).build())
                // the gated cells' sigmoid and tanh, and GRU's reset-before column-block products
                .add(io.github.stackedrnn.layer.LstmLayer.builder(24).returnSequences(true).build())
                .add(io.github.stackedrnn.layer.GruLayer.builder(18).resetAfter(false).returnSequences(true).build())
                .add(io.github.stackedrnn.layer.GruLayer.builder(17).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(12).activation(Activation.RELU).build())
                .add(DenseSoftmaxLayer.builder(5).build())
                .optimizer(Adam.builder().learningRate(3e-3).build())
                .threads(2)
                .seed(2024)
                .build();
        int samples = 96;
        int time = 11;
        Tensor x = input(samples, time, 1);
        int[] labels = new int[samples];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(5);
        }
        model.fit(x, labels, FitOptions.builder().epochs(3).batchSize(16).validationSplit(0.25).build());
        Tensor predictions = model.predict(input(9, 23, 3));
        int size = predictions.size();
        for (Tensor w : model.getWeights()) {
            size += w.size();
        }
        float[] out = new float[size];
        int at = 0;
        for (Tensor w : model.getWeights()) {
            w.copyTo(0, out, at, w.size());
            at += w.size();
        }
        predictions.copyTo(0, out, at, predictions.size());
        return out;
    }

    private static Tensor input(int samples, int time, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[samples * time * FEATURES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * 1.5);
        }
        return Tensor.of(data, samples, time, FEATURES);
    }

    /**
     * Runs {@link #run} and writes the kernels' name and the floats to the file named by the argument.
     *
     * @param args the output file
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        StringBuilder kernels = new StringBuilder();
        float[] result = run(kernels);
        try (OutputStream file = Files.newOutputStream(Path.of(args[0])); DataOutputStream out = new DataOutputStream(file)) {
            out.writeUTF(kernels.toString());
            out.writeInt(result.length);
            for (float v : result) {
                out.writeInt(Float.floatToRawIntBits(v));
            }
        }
    }
}
