package io.github.stackedrnn.examples;

import io.github.stackedrnn.data.CsvSequenceDataset;
import io.github.stackedrnn.data.SequenceDataset;
import io.github.stackedrnn.data.SequenceExample;
import io.github.stackedrnn.data.SequenceFileDataset;
import io.github.stackedrnn.data.SequenceFileWriter;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.NormalizationLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.ValidationData;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains from files on disk, never holding the data set in memory: the drift task of
 * {@link DriftTask} with sequences of 10 to 40 steps, the training set as one CSV file per sequence
 * (features, then the class), the validation and test sets as binary sequence files
 * ({@code docs/SEQUENCES.md}). The training files are read in a new order every epoch and bucketed by
 * length; a thread reads ahead while the model trains.
 *
 * <p>The files hold raw values, each feature in units of its own (offsets up to 900, spreads from 1
 * to 512): a {@link NormalizationLayer} adapted in one pass over the training files standardises them
 * inside the model, so the saved model is loaded and predicts on raw test data with no scaling code.
 *
 * <p>{@code mvn -B -q test-compile exec:exec -Dexec.mainClass=io.github.stackedrnn.examples.FilesExample
 * -Dexample.args="--epochs 5 --sequences 4000 --dir target/files-example"}
 */
public final class FilesExample {
    /**
     * What a run gives.
     *
     * @param history                 the training history
     * @param test                    the test evaluation
     * @param normalization           the statistics adapted from the training files
     * @param reloadedLargestDifference the largest difference between the predictions on the raw test data
     *                                of the trained model and of the model saved and loaded again (0: the same)
     */
    public record Result(History history, Evaluation test, NormalizationLayer normalization, double reloadedLargestDifference) {
    }

    private FilesExample() {
    }

    /**
     * @param args {@code --epochs}, {@code --sequences} (training sequences), {@code --seed}, {@code --dir} (default a temporary directory)
     * @throws IOException if the files cannot be written
     */
    public static void main(String[] args) throws IOException {
        ExampleArgs options = ExampleArgs.parse(args, "epochs", "sequences", "seed", "dir");
        Path dir = options.has("dir") ? Files.createDirectories(options.path("dir", null)) : Files.createTempDirectory("files-example");
        Result r = run(dir, options.positiveInt("sequences", 4000), options.positiveInt("epochs", 5), options.positiveInt("seed", 1));
        System.out.printf(Locale.ROOT, "Data in %s. Validation accuracy by epoch %s; test accuracy %.3f, loss %.4f%n", dir,
                r.history().valAccuracy(), r.test().accuracy(), r.test().loss());
        System.out.printf(Locale.ROOT, "Normalization adapted on %d steps; the reloaded model's predictions differ by at most %g%n",
                r.normalization().count(), r.reloadedLargestDifference());
    }

    /**
     * Writes the data to {@code dir}, then trains and tests from the files.
     *
     * @param dir       where the files go
     * @param sequences training sequences (validation and test get a quarter as many each)
     * @param epochs    epochs
     * @param seed      the data's and the model's seed
     * @return the history, the test evaluation, the statistics and how the reloaded model agrees
     * @throws IOException if the files cannot be written
     */
    public static Result run(Path dir, int sequences, int epochs, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path trainDir = Files.createDirectories(dir.resolve("train"));
        for (int i = 0; i < sequences; i++) {
            int label = random.nextInt(DriftTask.CLASSES);
            float[][] steps = sequence(random, label);
            // one line per step: the features, then the class (only the last line's counts)
            try (Writer out = Files.newBufferedWriter(trainDir.resolve(String.format(Locale.ROOT, "%06d.csv", i)), StandardCharsets.UTF_8)) {
                for (float[] step : steps) {
                    for (float v : step) {
                        out.write(Float.toString(v));
                        out.write(',');
                    }
                    out.write(Integer.toString(label));
                    out.write('\n');
                }
            }
        }
        Path validation = writeSequenceFile(dir.resolve("validation.seq"), sequences / 4, random);
        Path test = writeSequenceFile(dir.resolve("test.seq"), sequences / 4, random);

        SequenceDataset train = CsvSequenceDataset.builder(trainDir).features(DriftTask.FEATURES).classLabel().build()
                .bucketedByLength(32 * 16); // the files come in a new order every epoch; sort 16 batches at a time by length
        // one pass over the files: per-feature mean and variance (Welford, double), held by the model from now on
        NormalizationLayer normalization = NormalizationLayer.adapt(train);
        StackedRnnModel model = StackedRnnModel.builder().seed(seed)
                .add(normalization)                          // inputFeatures is its width
                .add(SimpleRnnLayer.builder(32).build())
                .add(DenseSoftmaxLayer.builder(DriftTask.CLASSES).build())
                .optimizer(Adam.builder().learningRate(0.005).build())
                .build();
        History history = model.fit(train, FitOptions.builder().epochs(epochs).batchSize(32)
                .validationData(ValidationData.of(SequenceFileDataset.of(validation))).build());
        Evaluation evaluation = model.evaluate(SequenceFileDataset.of(test));

        // the statistics travel with the model: saved, loaded, and applied to raw inputs inside it
        Path saved = dir.resolve("model.srnn");
        model.save(saved);
        StackedRnnModel served = StackedRnnModel.load(saved);
        List<Tensor> before = model.predict(SequenceFileDataset.of(test));
        List<Tensor> after = served.predict(SequenceFileDataset.of(test));
        double largest = 0;
        for (int i = 0; i < before.size(); i++) {
            float[] a = before.get(i).toFloatArray();
            float[] b = after.get(i).toFloatArray();
            for (int k = 0; k < a.length; k++) {
                largest = Math.max(largest, Math.abs(a[k] - b[k]));
            }
        }
        return new Result(history, evaluation, normalization, largest);
    }

    /**
     * 10 to 40 steps of {@link DriftTask}'s features, the class's feature shifted up by 1, in raw units:
     * feature f is {@code 100·f + 2^f · value}, as sensors of different kinds would report them.
     */
    private static float[][] sequence(SplittableRandom random, int label) {
        float[][] steps = new float[10 + random.nextInt(31)][DriftTask.FEATURES];
        for (float[] step : steps) {
            for (int f = 0; f < step.length; f++) {
                double value = random.nextGaussian() + (f == label ? 1 : 0);
                step[f] = (float) (100.0 * f + Math.scalb(value, f));
            }
        }
        return steps;
    }

    private static Path writeSequenceFile(Path path, int count, SplittableRandom random) throws IOException {
        try (SequenceFileWriter out = SequenceFileWriter.create(path, DriftTask.FEATURES, SequenceExample.Kind.CLASS, 0)) {
            for (int i = 0; i < count; i++) {
                int label = random.nextInt(DriftTask.CLASSES);
                out.write(SequenceExample.of(sequence(random, label), label));
            }
        }
        return path;
    }
}
