package io.github.stackedrnn.examples;

import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.CsvLogger;
import io.github.stackedrnn.train.EarlyStopping;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.ProgressBar;
import io.github.stackedrnn.train.ReduceLROnPlateau;
import io.github.stackedrnn.train.ValidationData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Forecasting, the most common use of SimpleRNN in tutorials: from the last 30 values of a noisy sum of
 * two sines, predict the next one. A regression head ({@code Dense(1)}, mean squared error) trained with
 * the Keras controls users reach for: gradient clipping, early stopping with the best weights restored,
 * a learning rate reduced on plateaus, a CSV log, the progress bar and a chart.
 *
 * <pre>
 * mvn -B -q test-compile exec:exec -Dexec.mainClass=io.github.stackedrnn.examples.ForecastingExample
 * </pre>
 *
 * Options: {@code --epochs 60 --series 2000 --seed 1}.
 */
public final class ForecastingExample {
    /** Steps of history each prediction reads. */
    public static final int WINDOW = 30;

    private ForecastingExample() {
    }

    /** What one run gives: the test MSE against the naive forecast (repeat the last value), and when it stopped. */
    public record Result(double testMse, double naiveMse, int epochs, int bestEpoch, History history) {
    }

    /**
     * @param args {@code --epochs N --series N --seed N}
     * @throws IOException if the chart or the log cannot be written
     */
    public static void main(String[] args) throws IOException {
        ExampleArgs options = ExampleArgs.parse(args, "epochs", "series", "seed");
        Path out = Files.createDirectories(Path.of("target", "charts"));
        Result r = run(options.positiveInt("epochs", 60), options.positiveInt("series", 2000), options.positiveInt("seed", 1),
                out.resolve("forecasting.csv"), true);
        System.out.printf(Locale.ROOT, "%nStopped after %d epochs (best epoch %d). Test MSE %.5f; repeating the last value "
                + "gives %.5f.%n", r.epochs(), r.bestEpoch() + 1, r.testMse(), r.naiveMse());
        Path chart = TrainingChart.save(r.history(), "Forecasting a noisy sine", out.resolve("forecasting.png"));
        System.out.println("Chart: " + chart + ", log: " + out.resolve("forecasting.csv"));
    }

    /**
     * Trains on {@code samples} windows and tests on as many fresh ones.
     *
     * @param csv      where the CsvLogger writes
     * @param progress true to show the progress bar on standard output
     * @return the figures
     * @throws IOException never in practice (the CSV logger reports I/O failures unchecked)
     */
    public static Result run(int epochs, int samples, long seed, Path csv, boolean progress) throws IOException {
        Window train = windows(samples, seed);
        Window validation = windows(samples / 4, seed + 1);
        Window test = windows(samples, seed + 2);
        StackedRnnModel model = StackedRnnModel.builder()
                .inputFeatures(1)
                .add(SimpleRnnLayer.builder(32).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(32).build())
                .add(DenseLayer.builder(1).build())                    // Dense(1): linear
                .loss(Loss.meanSquaredError())                         // loss='mse'
                .optimizer(Adam.builder().learningRate(3e-3).globalClipNorm(1.0).build())
                .seed(seed)
                .build();
        EarlyStopping early = EarlyStopping.builder().monitor("val_loss").patience(8).restoreBestWeights(true).build();
        FitOptions.Builder fit = FitOptions.builder().epochs(epochs).batchSize(32)
                .validationData(ValidationData.of(validation.x(), validation.y()));
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().monitor("val_loss").factor(0.5).patience(3).minLr(1e-4).build();
        CsvLogger log = CsvLogger.builder(csv).build();
        if (progress) {
            fit.listeners(early, plateau, log, ProgressBar.builder().build());
        } else {
            fit.listeners(early, plateau, log);
        }
        History history = model.fit(train.x(), train.y(), fit.build());
        Evaluation e = model.evaluate(test.x(), test.y());
        return new Result(e.mse(), naiveMse(test), history.epochs(), early.bestEpoch(), history);
    }

    /** Windows of a series and the value that follows each. */
    record Window(Tensor x, Tensor y, float[] last) {
    }

    /** {@code sin(t/8) + 0.5 sin(t/3.7)} plus noise, at random offsets. */
    static Window windows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * WINDOW];
        float[] y = new float[n];
        float[] last = new float[n];
        for (int i = 0; i < n; i++) {
            double start = random.nextDouble() * 1000;
            for (int t = 0; t <= WINDOW; t++) {
                double time = start + t;
                float v = (float) (Math.sin(time / 8) + 0.5 * Math.sin(time / 3.7) + 0.05 * random.nextGaussian());
                if (t < WINDOW) {
                    x[i * WINDOW + t] = v;
                } else {
                    y[i] = v;
                }
            }
            last[i] = x[i * WINDOW + WINDOW - 1];
        }
        return new Window(Tensor.of(x, n, WINDOW, 1), Tensor.of(y, n, 1), last);
    }

    private static double naiveMse(Window w) {
        double sum = 0;
        int n = w.last().length;
        for (int i = 0; i < n; i++) {
            double e = w.last()[i] - w.y().get(i, 0);
            sum += e * e;
        }
        return sum / n;
    }
}
