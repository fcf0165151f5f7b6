package io.github.stackedrnn.examples;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.spark.SequenceColumn;
import io.github.stackedrnn.spark.SparkScorer;
import io.github.stackedrnn.spark.SparkTrainer;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.File;
import java.util.Arrays;
import java.util.Locale;

/**
 * Spark's overhead, measured in one JVM on the same rows: scoring {@code --rows} tutorial-shaped
 * sequences (20 × 10, the tutorial model) from Parquet with {@link SparkScorer} in {@code local[2]}
 * (to Spark's {@code noop} sink), against {@code model.predict} on 2 threads over the same sequences
 * made in memory in batches of 256; and training throughput of {@link SparkTrainer} (2 partitions,
 * batch 32, averaging every {@code --averaging} batches) against {@code fit} on 2 threads (batch 32). After an untimed warm-up
 * of both, the two sides alternate: the scoring rows are cut into 8 slices of two Parquet files (two
 * Spark tasks; predict has two threads), each scored by Spark and then by predict, so that both see the
 * same load on a shared machine; the ratio of the totals and the median ratio per slice are printed
 * (a slice is its own Spark job, so each pays a job's start). Training runs {@code --repeats} times
 * each side; the medians are printed. Not a JMH benchmark: one run takes
 * seconds to minutes and includes Spark's job start, Parquet decoding and the row conversions, which
 * is the overhead in question.
 *
 * <pre>
 * mvn -B -q test-compile exec:exec -Dexec.mainClass=io.github.stackedrnn.examples.SparkBenchmark \
 *     -Dexample.args="--rows 1000000 --train-rows 20000 --repeats 3"
 * </pre>
 */
public final class SparkBenchmark {
    private static final int CHUNKS = 16;
    private static final int SLICES = CHUNKS / 2;
    private static final long SEED = 3;

    private SparkBenchmark() {
    }

    /**
     * @param args {@code --rows N} (1,000,000), {@code --train-rows M} (20,000), {@code --repeats R} (3),
     *             {@code --averaging F} mini-batches between averagings (5)
     */
    public static void main(String[] args) {
        ExampleArgs options = ExampleArgs.parse(args, "rows", "train-rows", "repeats", "averaging");
        int rows = options.positiveInt("rows", 1_000_000);
        int trainRows = options.positiveInt("train-rows", 20_000);
        int repeats = options.positiveInt("repeats", 3);
        int averaging = options.positiveInt("averaging", 5);
        String dir = "target/spark-bench/";
        SparkSession spark = SparkData.localSession(2);
        try {
            SparkData.write(spark, dir + "score.parquet", rows, CHUNKS, SEED, false);
            SparkData.write(spark, dir + "train.parquet", trainRows, 2, SEED + 100, false);
            StackedRnnModel model = TutorialExample.tutorialModel(); // threads = available processors (2 here)
            SparkScorer scorer = SparkScorer.builder(model).input(SequenceColumn.fixed("x", SparkData.TIME, DriftTask.FEATURES)).build();
            Dataset<Row> train = spark.read().parquet(dir + "train.parquet").repartition(2).cache();
            train.count();
            DriftTask.Data trainData = trainInMemory(trainRows);
            // warm-up, untimed: the JIT compiles both sides' code, Spark loads its classes and caches the training rows
            scorer.score(train).dataset().write().format("noop").mode("overwrite").save();
            predictSeconds(model, rows, 0);
            SparkTrainer.builder().input(SequenceColumn.fixed("x", SparkData.TIME, DriftTask.FEATURES)).epochs(1).batchSize(32)
                    .averagingFrequency(5).build().fit(TutorialExample.tutorialModel(), train);
            TutorialExample.tutorialModel().fit(trainData.x(), trainData.labels(), FitOptions.builder().epochs(1).batchSize(32).build());

            // scoring: the rows in 8 slices of 2 files each (2 Spark tasks, as predict has 2 threads); each slice
            // is scored by Spark and then predicted in this JVM, so that both sides see the same load
            double[] ratios = new double[SLICES * repeats];
            double sparkSeconds = 0;
            double predictSeconds = 0;
            for (int r = 0; r < repeats; r++) {
                for (int slice = 0; slice < SLICES; slice++) {
                    // the slice's two files by name: a filter on id over the whole directory let Spark pack both
                    // files into one task for some slices (files are packed into 128 MB splits), halving its cores
                    Dataset<Row> part = spark.read().parquet(chunkFile(dir + "score.parquet", 2 * slice),
                            chunkFile(dir + "score.parquet", 2 * slice + 1));
                    long t0 = System.nanoTime();
                    scorer.score(part).dataset().write().format("noop").mode("overwrite").save();
                    double s = (System.nanoTime() - t0) / 1e9;
                    double p = predictSeconds(model, rows, 2 * slice) + predictSeconds(model, rows, 2 * slice + 1);
                    ratios[r * SLICES + slice] = s / p;
                    sparkSeconds += s;
                    predictSeconds += p;
                }
            }
            double[] fitRate = new double[repeats];
            double[] sparkFitRate = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                StackedRnnModel fresh = TutorialExample.tutorialModel();
                long t1 = System.nanoTime();
                fresh.fit(trainData.x(), trainData.labels(), FitOptions.builder().epochs(1).batchSize(32).build());
                fitRate[r] = trainRows / ((System.nanoTime() - t1) / 1e9);
                StackedRnnModel distributed = TutorialExample.tutorialModel();
                long t2 = System.nanoTime();
                SparkTrainer.builder().input(SequenceColumn.fixed("x", SparkData.TIME, DriftTask.FEATURES)).epochs(1).batchSize(32)
                        .averagingFrequency(averaging).build().fit(distributed, train);
                sparkFitRate[r] = trainRows / ((System.nanoTime() - t2) / 1e9);
            }
            double fit = median(fitRate);
            double sparkFit = median(sparkFitRate);
            System.out.printf(Locale.ROOT, "Scoring %,d rows × %d: model.predict %,.0f rows/s, Spark local[2] %,.0f rows/s: overhead %.0f%% "
                    + "(of the totals), per-slice median %.0f%% [%.0f%%, %.0f%%]%n", rows, repeats, rows * repeats / predictSeconds,
                    rows * repeats / sparkSeconds, 100 * (sparkSeconds / predictSeconds - 1), 100 * (median(ratios) - 1),
                    100 * (Arrays.stream(ratios).min().orElse(1) - 1), 100 * (Arrays.stream(ratios).max().orElse(1) - 1));
            System.out.printf(Locale.ROOT, "Training %,d rows, 1 epoch: fit %,.0f rows/s, Spark local[2] (averaging every %d batches) "
                    + "%,.0f rows/s (%.2f× fit's time)%n", trainRows, fit, averaging, sparkFit, fit / sparkFit);
        } finally {
            spark.stop();
        }
    }

    /** @return the file that the Spark task {@code chunk} wrote in {@code dir} (Spark names it {@code part-<chunk>-...}) */
    private static String chunkFile(String dir, int chunk) {
        String prefix = String.format(Locale.ROOT, "part-%05d-", chunk);
        File[] files = new File(dir).listFiles((d, name) -> name.startsWith(prefix) && name.endsWith(".parquet"));
        if (files == null || files.length != 1) {
            throw new IllegalStateException("Expected one file " + prefix + "*.parquet in " + dir + ", found "
                    + (files == null ? "no directory" : Arrays.toString(files)));
        }
        return files[0].getPath();
    }

    /** model.predict over chunk {@code c} of the Parquet file's rows, in batches of 256; only the predict calls are timed. */
    private static double predictSeconds(StackedRnnModel model, int rows, int c) {
        long nanos = 0;
        int width = SparkData.TIME * DriftTask.FEATURES;
        int n = SparkData.chunkRows(rows, c, CHUNKS);
        float[] x = SparkData.chunk(n, SEED, c).x().toFloatArray();
        for (int from = 0; from < n; from += 256) {
            int b = Math.min(256, n - from);
            Tensor batch = Tensor.of(Arrays.copyOfRange(x, from * width, (from + b) * width), b, SparkData.TIME, DriftTask.FEATURES);
            long t = System.nanoTime();
            model.predict(batch);
            nanos += System.nanoTime() - t;
        }
        return nanos / 1e9;
    }

    /** The training file's rows in one tensor (the file has 2 chunks, made by SparkData.chunk). */
    private static DriftTask.Data trainInMemory(int rows) {
        DriftTask.Data a = SparkData.chunk(SparkData.chunkRows(rows, 0, 2), SEED + 100, 0);
        DriftTask.Data b = SparkData.chunk(SparkData.chunkRows(rows, 1, 2), SEED + 100, 1);
        float[] x = new float[rows * SparkData.TIME * DriftTask.FEATURES];
        a.x().copyTo(0, x, 0, a.x().size());
        b.x().copyTo(0, x, a.x().size(), b.x().size());
        int[] labels = new int[rows];
        System.arraycopy(a.labels(), 0, labels, 0, a.labels().length);
        System.arraycopy(b.labels(), 0, labels, a.labels().length, b.labels().length);
        return new DriftTask.Data(Tensor.of(x, rows, SparkData.TIME, DriftTask.FEATURES), labels);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
