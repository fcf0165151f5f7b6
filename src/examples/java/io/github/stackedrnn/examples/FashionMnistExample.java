package io.github.stackedrnn.examples;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Row-wise Fashion-MNIST ({@link FashionMnist}): each image is read as 28 steps of 28 pixels by
 * SimpleRNN(128, return_sequences) → SimpleRNN(128) → Dense(10, softmax), Adam's defaults, seed 1.
 * After every epoch it prints the training loss and accuracy, the test loss and accuracy on all 10,000
 * test images and the seconds the epoch took; at the end it saves the curves to
 * {@code target/charts/fashion-mnist.png}.
 *
 * <pre>
 * sudo apt-get install dataset-fashion-mnist
 * mvn -B -q test-compile exec:exec -Dexec.mainClass=io.github.stackedrnn.examples.FashionMnistExample \
 *     -Dexample.args="--epochs 3 --train-samples 60000 --batch 128"
 * </pre>
 *
 * <p>{@code --data DIR} reads the IDX files from another directory. Without the files it prints how to
 * install them and exits with status 2.
 */
public final class FashionMnistExample {
    private FashionMnistExample() {
    }

    /**
     * The model: SimpleRNN(128, return_sequences), SimpleRNN(128), Dense(10, softmax), Adam's defaults.
     *
     * @param seed the model's seed (weights and shuffling)
     * @return a new, untrained model
     */
    public static StackedRnnModel model(long seed) {
        return StackedRnnModel.builder()
                .inputFeatures(FashionMnist.FEATURES)
                .add(SimpleRnnLayer.builder(128).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(128).build())
                .add(DenseSoftmaxLayer.builder(FashionMnist.CLASSES).build())
                .seed(seed)
                .build();
    }

    /**
     * Loads the data, trains and prints the result of every epoch.
     *
     * @param args {@code --epochs N} (default 3), {@code --train-samples N} (60000, the first N of the
     *             training file), {@code --batch B} (128), {@code --seeds K} (1; seeds 1..K, with the
     *             median and range of the test accuracy per epoch at the end), {@code --data DIR} (Debian's
     *             {@code /usr/share/datasets/fashion-mnist})
     * @throws IOException if the data cannot be read or the chart cannot be written
     */
    public static void main(String[] args) throws IOException {
        ExampleArgs options = ExampleArgs.parse(args, "epochs", "train-samples", "batch", "data", "seeds");
        int epochs = options.positiveInt("epochs", 3);
        int seeds = options.positiveInt("seeds", 1);
        int trainSamples = options.positiveInt("train-samples", 60_000);
        int batch = options.positiveInt("batch", 128);
        Path dir = options.path("data", FashionMnist.DEBIAN_DIR);

        List<String> missing = FashionMnist.missingFiles(dir);
        if (!missing.isEmpty()) {
            System.err.println("Fashion-MNIST not found in " + dir.toAbsolutePath() + " (missing: " + String.join(", ", missing)
                    + ", plain or .gz).");
            System.err.println("Install it with:  " + FashionMnist.INSTALL);
            System.err.println("or point to a directory with the four IDX files:  --data DIR");
            System.exit(2);
        }

        long loadStart = System.nanoTime();
        FashionMnist.Split train = FashionMnist.load(dir, FashionMnist.TRAIN, trainSamples);
        FashionMnist.Split test = FashionMnist.load(dir, FashionMnist.TEST, Integer.MAX_VALUE);
        System.out.printf(Locale.ROOT, "Fashion-MNIST from %s: %d training and %d test images as %d steps x %d features "
                        + "(read in %.1f s)%n", dir, train.samples(), test.samples(), FashionMnist.TIME, FashionMnist.FEATURES,
                (System.nanoTime() - loadStart) / 1e9);

        double[][] accuracy = new double[seeds][epochs];
        List<Double> epochSeconds = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            History curves = train(seed, train, test, epochs, batch, accuracy[seed - 1], epochSeconds);
            if (seed == 1) {
                Path chart = TrainingChart.save(curves,
                        String.format(Locale.ROOT, "Row-wise Fashion-MNIST, 2 x SimpleRNN(128), %d training images", train.samples()),
                        Path.of("target", "charts", "fashion-mnist.png"));
                System.out.println("Chart: " + chart);
            }
        }
        System.out.printf(Locale.ROOT, "%nTest accuracy over %d seed%s%nepoch   median      min      max%n", seeds,
                seeds == 1 ? "" : "s");
        for (int e = 0; e < epochs; e++) {
            double[] column = new double[seeds];
            for (int k = 0; k < seeds; k++) {
                column[k] = accuracy[k][e];
            }
            java.util.Arrays.sort(column);
            System.out.printf(Locale.ROOT, "%5d   %.4f   %.4f   %.4f%n", e + 1, Stats.median(column), column[0], column[seeds - 1]);
        }
        double[] seconds = epochSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "seconds per training epoch: median %.2f (min %.2f, max %.2f) over %d epochs%n",
                Stats.median(seconds), seconds[0], seconds[seconds.length - 1], seconds.length);
    }

    /** One seed's run: prints each epoch, records its test accuracy and training time; returns the curves. */
    private static History train(long seed, FashionMnist.Split train, FashionMnist.Split test, int epochs, int batch,
                                 double[] accuracy, List<Double> epochSeconds) {
        StackedRnnModel model = model(seed);
        System.out.printf(Locale.ROOT, "Seed %d. Model: SimpleRNN(128, return_sequences) -> SimpleRNN(128) -> Dense(10, softmax), "
                + "%,d parameters, Adam defaults, batch %d, %d threads%n", seed, model.parameterCount(), batch, model.threads());
        FitOptions oneEpoch = FitOptions.builder().epochs(1).batchSize(batch).build();
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            History history = model.fit(train.x(), train.labels(), oneEpoch);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            epochSeconds.add(trainSeconds);
            long testStart = System.nanoTime();
            Evaluation evaluation = model.evaluate(test.x(), test.labels());
            double testSeconds = (System.nanoTime() - testStart) / 1e9;
            accuracy[epoch - 1] = evaluation.accuracy();
            append(metrics, History.LOSS, history.loss().get(0));
            append(metrics, History.ACCURACY, history.accuracy().get(0));
            append(metrics, "test_loss", evaluation.loss());
            append(metrics, "test_accuracy", evaluation.accuracy());
            System.out.printf(Locale.ROOT, "epoch %d/%d: loss %.4f - accuracy %.4f - test_loss %.4f - test_accuracy %.4f"
                            + " - %.1f s training (%.0f samples/s), %.1f s test%n",
                    epoch, epochs, history.loss().get(0), history.accuracy().get(0), evaluation.loss(), evaluation.accuracy(),
                    trainSeconds, train.samples() / trainSeconds, testSeconds);
        }
        return new History(metrics);
    }

    private static void append(Map<String, List<Double>> metrics, String name, double value) {
        metrics.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
}
