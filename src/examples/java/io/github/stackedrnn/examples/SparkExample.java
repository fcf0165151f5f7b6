package io.github.stackedrnn.examples;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.spark.BadRowPolicy;
import io.github.stackedrnn.spark.SequenceColumn;
import io.github.stackedrnn.spark.SparkFit;
import io.github.stackedrnn.spark.SparkScorer;
import io.github.stackedrnn.spark.SparkTrainer;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;

/**
 * The tutorial model on Spark ({@code local[2]}): trains it by parameter averaging on a Parquet data set
 * of sequences of 12 to 20 steps, then scores a million sequences of the tutorial shape from a Parquet
 * file the example writes first.
 *
 * <pre>
 * mvn -B -q test-compile exec:exec -Dexec.mainClass=io.github.stackedrnn.examples.SparkExample \
 *     -Dexample.args="--rows 1000000 --train-rows 20000 --epochs 3"
 * </pre>
 *
 * Files go to {@code target/spark-example/}.
 */
public final class SparkExample {
    private SparkExample() {
    }

    /**
     * @param args {@code --rows N} sequences to score (default 1,000,000), {@code --train-rows M}
     *             training sequences (20,000), {@code --epochs E} (3), {@code --slots S} task slots (2)
     */
    public static void main(String[] args) {
        ExampleArgs options = ExampleArgs.parse(args, "rows", "train-rows", "epochs", "slots");
        int rows = options.positiveInt("rows", 1_000_000);
        int trainRows = options.positiveInt("train-rows", 20_000);
        int epochs = options.positiveInt("epochs", 3);
        int slots = options.positiveInt("slots", 2);
        String dir = "target/spark-example/";
        SparkSession spark = SparkData.localSession(slots);
        try {
            long t0 = System.nanoTime();
            SparkData.write(spark, dir + "train.parquet", trainRows, 2 * slots, 1, true);
            SparkData.write(spark, dir + "validation.parquet", 2_000, slots, 2, true);
            Dataset<Row> train = spark.read().parquet(dir + "train.parquet");
            Dataset<Row> validation = spark.read().parquet(dir + "validation.parquet");
            System.out.printf(Locale.ROOT, "Wrote %,d training and 2,000 validation sequences (12-20 steps) in %.1f s%n", trainRows,
                    (System.nanoTime() - t0) / 1e9);

            StackedRnnModel model = TutorialExample.tutorialModel();
            long t1 = System.nanoTime();
            SparkFit fit = SparkTrainer.builder().input(SequenceColumn.ragged("seq")).labelColumn("label")
                    .epochs(epochs).batchSize(32).averagingFrequency(5).build()
                    .fit(model, train, validation);
            System.out.printf(Locale.ROOT, "Trained %d epochs on %d partitions in %.1f s: %s%n", epochs, train.rdd().getNumPartitions(),
                    (System.nanoTime() - t1) / 1e9, fit.history());

            long t2 = System.nanoTime();
            SparkData.write(spark, dir + "score.parquet", rows, 4 * slots, 3, false);
            System.out.printf(Locale.ROOT, "Wrote %,d sequences of 20 × 10 in %.1f s%n", rows, (System.nanoTime() - t2) / 1e9);

            long t3 = System.nanoTime();
            SparkScorer.Scored scored = SparkScorer.builder(model).input(SequenceColumn.fixed("x", SparkData.TIME, 10))
                    .badRows(BadRowPolicy.NULL).build()
                    .score(spark.read().parquet(dir + "score.parquet"));
            scored.dataset().select("id", "label", "prediction", "probability").write().mode("overwrite").parquet(dir + "scores.parquet");
            double seconds = (System.nanoTime() - t3) / 1e9;
            Row accuracy = spark.read().parquet(dir + "scores.parquet")
                    .selectExpr("avg(cast(prediction = label as double)) as accuracy", "count(*) as n").first();
            System.out.printf(Locale.ROOT, "Scored %,d sequences in %.1f s (%,.0f per second), %d bad rows; accuracy %.4f%n",
                    accuracy.getLong(1), seconds, accuracy.getLong(1) / seconds, scored.badRowCount(), accuracy.getDouble(0));
        } finally {
            spark.stop();
        }
    }
}
