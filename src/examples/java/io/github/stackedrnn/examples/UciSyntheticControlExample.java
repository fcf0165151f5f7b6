package io.github.stackedrnn.examples;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * The tutorial model's shape on a real benchmark: the UCI Synthetic Control Chart series
 * ({@link UciSyntheticControl}, 450 training and 150 test series of 60 steps, 6 classes).
 *
 * <p>For each seed 1..K it trains {@code layers} × SimpleRNN({@code units}) (all but the last returning
 * sequences) and a 6-class softmax, with Adam's defaults, one epoch at a time, and scores the test set
 * after every epoch. It prints the test accuracy at epochs 10, 20, 40 and 80 (those that are run, and
 * the last epoch) and the median seconds per epoch; then, over the seeds, the median and range of the
 * test accuracy at those epochs. The first seed's curves are saved to
 * {@code target/charts/uci-synthetic-control.png}.
 *
 * <p>{@code --clip C} clips the gradients to a global norm of {@code C} (Adam's
 * {@code globalClipNorm}: the norm of all gradients together, as PyTorch's {@code clip_grad_norm_} in the
 * reference runs, not Keras's per-tensor {@code clipnorm}); without it there is no clipping.
 *
 * <pre>
 * mvn -B -q test-compile exec:exec -Dexec.mainClass=io.github.stackedrnn.examples.UciSyntheticControlExample \
 *     -Dexample.args="--epochs 40 --seeds 3 --units 50 --layers 3 --batch 32"
 * </pre>
 */
public final class UciSyntheticControlExample {
    private static final int[] REPORTED_EPOCHS = {10, 20, 40, 80};

    private UciSyntheticControlExample() {
    }

    /**
     * The model: {@code layers} × SimpleRNN({@code units}), all but the last returning sequences, and
     * Dense(6, softmax), with Adam's defaults.
     *
     * @param units  units per recurrent layer
     * @param layers recurrent layers, at least 1
     * @param seed   the model's seed (weights and shuffling)
     * @return a new, untrained model
     */
    public static StackedRnnModel model(int units, int layers, long seed) {
        return model(units, layers, seed, OptionalDouble.empty());
    }

    /**
     * As {@link #model(int, int, long)}, with gradient clipping when {@code clip} is present.
     *
     * @param units  units per recurrent layer
     * @param layers recurrent layers, at least 1
     * @param seed   the model's seed (weights and shuffling)
     * @param clip   if present, Adam (otherwise with its defaults) scales the gradients so that the norm
     *               of all of them together is at most this: {@link Adam.Builder#globalClipNorm}, the
     *               global norm that PyTorch's {@code clip_grad_norm_} bounds in the reference runs, not
     *               Keras's per-tensor {@code clipnorm}
     * @return a new, untrained model
     */
    public static StackedRnnModel model(int units, int layers, long seed, OptionalDouble clip) {
        return model(units, layers, seed, clip, "simple");
    }

    /**
     * As {@link #model(int, int, long, OptionalDouble)}, with recurrent layers of the given kind.
     *
     * @param units  units per recurrent layer
     * @param layers recurrent layers, at least 1
     * @param seed   the model's seed (weights and shuffling)
     * @param clip   the global clip norm, if present
     * @param cell   {@code simple} (SimpleRNN, tanh), {@code lstm} or {@code gru} (Keras's defaults)
     * @return a new, untrained model
     */
    public static StackedRnnModel model(int units, int layers, long seed, OptionalDouble clip, String cell) {
        StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(UciSyntheticControl.FEATURES);
        for (int l = 0; l < layers; l++) {
            boolean sequences = l < layers - 1;
            switch (cell) {
                case "simple" -> builder.add(SimpleRnnLayer.builder(units).returnSequences(sequences).build());
                case "lstm" -> builder.add(LstmLayer.builder(units).returnSequences(sequences).build());
                case "gru" -> builder.add(GruLayer.builder(units).returnSequences(sequences).build());
                default -> throw new IllegalArgumentException("Option --cell expects simple, lstm or gru, got '" + cell + "'");
            }
        }
        if (clip.isPresent()) {
            builder.optimizer(Adam.builder().globalClipNorm(clip.getAsDouble()).build());
        }
        return builder.add(DenseSoftmaxLayer.builder(UciSyntheticControl.CLASSES).build()).seed(seed).build();
    }

    /**
     * Trains one model per seed and prints the test accuracies.
     *
     * @param args {@code --epochs N} (default 40), {@code --seeds K} (3), {@code --units U} (50),
     *             {@code --layers L} (3), {@code --batch B} (32), {@code --clip C} (none: clip the
     *             gradients to a global norm of {@code C}, as PyTorch's {@code clip_grad_norm_}),
     *             {@code --cell simple|lstm|gru} (simple: SimpleRNN)
     * @throws IOException if the chart cannot be written
     */
    public static void main(String[] args) throws IOException {
        ExampleArgs options = ExampleArgs.parse(args, "epochs", "seeds", "units", "layers", "batch", "clip", "cell");
        String cell = options.text("cell", "simple");
        String cellName = switch (cell) {
            case "lstm" -> "LSTM";
            case "gru" -> "GRU";
            default -> "SimpleRNN";
        };
        int epochs = options.positiveInt("epochs", 40);
        int seeds = options.positiveInt("seeds", 3);
        int units = options.positiveInt("units", 50);
        int layers = options.positiveInt("layers", 3);
        int batch = options.positiveInt("batch", 32);
        OptionalDouble clip = options.has("clip") ? OptionalDouble.of(options.positiveDouble("clip", 1)) : OptionalDouble.empty();

        UciSyntheticControl.Data data = UciSyntheticControl.load();
        UciSyntheticControl.Split train = data.train();
        UciSyntheticControl.Split test = data.test();
        System.out.printf(Locale.ROOT, "UCI Synthetic Control: %d training and %d test series of %d steps, %d classes; "
                        + "normalised with the training mean %.3f and std %.3f%n",
                train.samples(), test.samples(), UciSyntheticControl.TIME, UciSyntheticControl.CLASSES, data.mean(), data.std());
        System.out.printf(Locale.ROOT, "Model: %d x %s(%d) + Dense(%d, softmax), Adam defaults%s, batch %d, %d epochs, seeds 1..%d%n",
                layers, cellName, units, UciSyntheticControl.CLASSES, clip.isPresent() ? " with global clip norm " + clip.getAsDouble() : "",
                batch, epochs, seeds);

        int[] reported = reportedEpochs(epochs);
        double[][] accuracies = new double[reported.length][seeds]; // [reported epoch][seed]
        double[] secondsPerEpoch = new double[seeds];
        FitOptions oneEpoch = FitOptions.builder().epochs(1).batchSize(batch).build();
        for (int s = 0; s < seeds; s++) {
            long seed = s + 1;
            StackedRnnModel model = model(units, layers, seed, clip, cell);
            Map<String, List<Double>> metrics = new LinkedHashMap<>();
            double[] seconds = new double[epochs];
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                History history = model.fit(train.x(), train.labels(), oneEpoch);
                seconds[epoch - 1] = (System.nanoTime() - start) / 1e9;
                Evaluation evaluation = model.evaluate(test.x(), test.labels());
                append(metrics, History.LOSS, history.loss().get(0));
                append(metrics, History.ACCURACY, history.accuracy().get(0));
                append(metrics, "test_loss", evaluation.loss());
                append(metrics, "test_accuracy", evaluation.accuracy());
                int row = Arrays.binarySearch(reported, epoch);
                if (row >= 0) {
                    accuracies[row][s] = evaluation.accuracy();
                }
            }
            secondsPerEpoch[s] = Stats.median(seconds);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "seed %d:", seed));
            for (int r = 0; r < reported.length; r++) {
                line.append(String.format(Locale.ROOT, "  epoch %d %.4f", reported[r], accuracies[r][s]));
            }
            line.append(String.format(Locale.ROOT, "  (test accuracy; %.3f s per epoch, median)", secondsPerEpoch[s]));
            System.out.println(line);
            if (s == 0) {
                Path chart = TrainingChart.save(new History(metrics),
                        String.format(Locale.ROOT, "UCI Synthetic Control, %d x %s(%d), seed 1", layers, cellName, units),
                        Path.of("target", "charts", "uci-synthetic-control.png"));
                System.out.println("        chart: " + chart);
            }
        }

        System.out.printf(Locale.ROOT, "%nTest accuracy over %d seed%s%n", seeds, seeds == 1 ? "" : "s");
        System.out.println("epoch   median      min      max");
        for (int r = 0; r < reported.length; r++) {
            double[] values = accuracies[r].clone();
            Arrays.sort(values);
            System.out.printf(Locale.ROOT, "%5d   %.4f   %.4f   %.4f%n", reported[r], Stats.median(values), values[0], values[seeds - 1]);
        }
        System.out.printf(Locale.ROOT, "seconds per epoch (median over seeds of each seed's median): %.3f%n", Stats.median(secondsPerEpoch));
    }

    /** Epochs 10, 20, 40, 80 that are run, and the last one. */
    static int[] reportedEpochs(int epochs) {
        TreeSet<Integer> epochsToReport = new TreeSet<>();
        for (int e : REPORTED_EPOCHS) {
            if (e <= epochs) {
                epochsToReport.add(e);
            }
        }
        epochsToReport.add(epochs);
        return epochsToReport.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void append(Map<String, List<Double>> metrics, String name, double value) {
        metrics.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
}
