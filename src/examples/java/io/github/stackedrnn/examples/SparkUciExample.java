package io.github.stackedrnn.examples;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.spark.SparkTrainer;
import io.github.stackedrnn.train.FitOptions;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parameter averaging on Spark against {@code fit} on one machine, on the UCI Synthetic Control data:
 * the same model (2 × SimpleRNN(32), Adam with global clip norm 1.0), the same epochs, seeds 1..K; the
 * test accuracy of each and the medians. {@code SparkTrainerTest} runs a 3-seed version of this.
 *
 * <pre>
 * mvn -B -q test-compile exec:exec -Dexec.mainClass=io.github.stackedrnn.examples.SparkUciExample \
 *     -Dexample.args="--epochs 40 --seeds 7 --partitions 2 --averaging 4"
 * </pre>
 */
public final class SparkUciExample {
    private SparkUciExample() {
    }

    /**
     * @param args {@code --epochs E} (40), {@code --seeds K} (7), {@code --partitions N} (2),
     *             {@code --averaging F} mini-batches between averagings (4)
     */
    public static void main(String[] args) {
        ExampleArgs options = ExampleArgs.parse(args, "epochs", "seeds", "partitions", "averaging");
        int epochs = options.positiveInt("epochs", 40);
        int seeds = options.positiveInt("seeds", 7);
        int partitions = options.positiveInt("partitions", 2);
        int averaging = options.positiveInt("averaging", 4);
        UciSyntheticControl.Data data = UciSyntheticControl.load();
        SparkSession spark = SparkData.localSession(2);
        try {
            Dataset<Row> train = frame(spark, data.train(), partitions).cache();
            double[] single = new double[seeds];
            double[] distributed = new double[seeds];
            for (int s = 1; s <= seeds; s++) {
                StackedRnnModel a = model(s);
                a.fit(data.train().x(), data.train().labels(), FitOptions.builder().epochs(epochs).batchSize(32).build());
                single[s - 1] = a.evaluate(data.test().x(), data.test().labels()).accuracy();
                StackedRnnModel b = model(s);
                SparkTrainer.builder().epochs(epochs).batchSize(32).averagingFrequency(averaging).build().fit(b, train);
                distributed[s - 1] = b.evaluate(data.test().x(), data.test().labels()).accuracy();
                System.out.printf(Locale.ROOT, "seed %d: fit %.3f, Spark %.3f%n", s, single[s - 1], distributed[s - 1]);
            }
            System.out.printf(Locale.ROOT, "%d epochs, %d partitions, averaging every %d batches of 32: median test accuracy fit %.3f %s, "
                    + "Spark %.3f %s%n", epochs, partitions, averaging, median(single), range(single), median(distributed), range(distributed));
        } finally {
            spark.stop();
        }
    }

    static StackedRnnModel model(long seed) {
        return StackedRnnModel.builder().inputFeatures(1)
                .add(SimpleRnnLayer.builder(32).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(32).build())
                .add(DenseSoftmaxLayer.builder(UciSyntheticControl.CLASSES).build())
                .optimizer(Adam.builder().globalClipNorm(1.0).build())
                .seed(seed).build();
    }

    static Dataset<Row> frame(SparkSession spark, UciSyntheticControl.Split split, int partitions) {
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("seq", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
                .add("label", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        int time = split.x().dim(1);
        float[] all = split.x().toFloatArray();
        for (int i = 0; i < split.samples(); i++) {
            float[][] s = new float[time][1];
            for (int t = 0; t < time; t++) {
                s[t][0] = all[i * time + t];
            }
            rows.add(RowFactory.create((long) i, s, split.labels()[i]));
        }
        return spark.createDataFrame(rows, schema).repartition(partitions, new Column("id")).sortWithinPartitions("id");
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String range(double[] v) {
        return String.format(Locale.ROOT, "[%.3f, %.3f]", Arrays.stream(v).min().orElse(Double.NaN), Arrays.stream(v).max().orElse(Double.NaN));
    }
}
