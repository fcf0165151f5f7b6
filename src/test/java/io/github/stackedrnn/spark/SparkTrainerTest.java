package io.github.stackedrnn.spark;

import io.github.stackedrnn.examples.UciSyntheticControl;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.SequenceMask;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.EarlyStopping;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitContext;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.ModelCheckpoint;
import io.github.stackedrnn.train.TrainingListener;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SparkTrainerTest {
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType)
            .add("seq", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
            .add("label", DataTypes.IntegerType);

    private static SparkSession spark;
    private static UciSyntheticControl.Data uci;
    private static Dataset<Row> uciTrain;
    private static Dataset<Row> uciTest;

    @BeforeAll
    static void start() {
        // local[2, 2]: two task slots, as local[2], and one retry of a failed task (local[2] fails the job at once)
        spark = LocalSpark.start("local[2,2]");
        uci = UciSyntheticControl.load();
        uciTrain = frame(uci.train(), 2).cache();
        uciTest = frame(uci.test(), 2).cache();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The README's UCI model ³: 2 × SimpleRNN(32), Dense(6, softmax), Adam with global clip norm 1.0. */
    private static StackedRnnModel uciModel(long seed) {
        return StackedRnnModel.builder().inputFeatures(1)
                .add(SimpleRnnLayer.builder(32).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(32).build())
                .add(DenseSoftmaxLayer.builder(6).build())
                .optimizer(Adam.builder().globalClipNorm(1.0).build())
                .seed(seed).build();
    }

    private static float[][] sequence(float[] all, int i, int time) {
        float[][] s = new float[time][1];
        for (int t = 0; t < time; t++) {
            s[t][0] = all[i * time + t];
        }
        return s;
    }

    /** Rows in id order within each of {@code partitions} partitions (a deterministic partitioning). */
    private static Dataset<Row> frame(UciSyntheticControl.Split split, int partitions) {
        List<Row> rows = new ArrayList<>();
        int time = split.x().dim(1);
        float[] all = split.x().toFloatArray();
        for (int i = 0; i < split.samples(); i++) {
            rows.add(RowFactory.create((long) i, sequence(all, i, time), split.labels()[i]));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(partitions, new org.apache.spark.sql.Column("id"))
                .sortWithinPartitions("id");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void uci_reachesTheTestAccuracyOfFit_atTheSameEpochs() {
        int epochs = 40;
        long[] seeds = {1, 2, 3};
        double[] spark = new double[seeds.length];
        double[] single = new double[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            StackedRnnModel alone = uciModel(seeds[i]);
            alone.fit(uci.train().x(), uci.train().labels(), FitOptions.builder().epochs(epochs).batchSize(32).build());
            single[i] = alone.evaluate(uci.test().x(), uci.test().labels()).accuracy();
            StackedRnnModel distributed = uciModel(seeds[i]);
            SparkTrainer.builder().epochs(epochs).batchSize(32).averagingFrequency(8).build().fit(distributed, uciTrain);
            spark[i] = distributed.evaluate(uci.test().x(), uci.test().labels()).accuracy();
        }
        // the single-machine figure is itself checked against the README's medians (UciSyntheticControlTest)
        assertThat(median(single)).as("fit: %s", Arrays.toString(single)).isGreaterThan(0.85);
        assertThat(median(spark)).as("Spark %s against fit %s", Arrays.toString(spark), Arrays.toString(single))
                .isGreaterThan(median(single) - 0.05);
    }

    private static SparkTrainer.Builder small() {
        return SparkTrainer.builder().epochs(2).batchSize(16).averagingFrequency(3);
    }

    private static List<Tensor> trainSmall(SparkTrainer trainer, long seed) {
        StackedRnnModel model = uciModel(seed);
        trainer.fit(model, uciTrain);
        return model.getWeights();
    }

    @Test
    void sameSeedAndPartitioning_giveTheSameWeights_toTheBit() {
        List<Tensor> first = trainSmall(small().build(), 9);
        List<Tensor> second = trainSmall(small().build(), 9);
        List<Tensor> otherShuffle = trainSmall(small().seed(10).build(), 9);

        assertThat(second).isEqualTo(first); // Tensor equality compares every float's bits
        assertThat(otherShuffle).as("a different shuffling seed must change the result").isNotEqualTo(first);
        assertThat(first).isNotEqualTo(uciModel(9).getWeights());
    }

    /** Counts the failures it caused: the tests run Spark in this JVM, so the count is visible here. */
    private static final AtomicInteger FAILURES = new AtomicInteger();

    @Test
    void aTaskThatFailsOnce_isRetried_andTheResultIsTheSame() {
        List<Tensor> clean = trainSmall(small().build(), 12);
        FAILURES.set(0);
        RoundHook failOnce = (epoch, round, partition, attempt) -> {
            if (epoch == 1 && round == 1 && partition == 1 && attempt == 0) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("worker lost (injected)");
            }
        };

        List<Tensor> retried = trainSmall(small().roundHook(failOnce).build(), 12);

        assertThat(FAILURES.get()).as("the injected failure happened").isEqualTo(1);
        assertThat(retried).isEqualTo(clean);
    }

    @Test
    void oneRound_averagesTheLocalCopies() {
        // with shuffling off and one round per epoch, the result is the mean of two copies each trained on its partition
        int batch = 50;
        StackedRnnModel model = uciModel(4);
        List<List<Row>> partitions = uciTrain.javaRDD().glom().collect();
        List<float[]> local = new ArrayList<>();
        for (List<Row> rows : partitions) {
            StackedRnnModel copy = uciModel(4);
            for (int from = 0; from < rows.size(); from += batch) {
                List<Row> part = rows.subList(from, Math.min(rows.size(), from + batch));
                float[][][] x = new float[part.size()][][];
                int[] labels = new int[part.size()];
                for (int i = 0; i < part.size(); i++) {
                    List<?> steps = part.get(i).getList(1);
                    x[i] = new float[steps.size()][1];
                    for (int t = 0; t < steps.size(); t++) {
                        x[i][t][0] = ((Number) Values.list(steps.get(t)).get(0)).floatValue();
                    }
                    labels[i] = part.get(i).getInt(2);
                }
                copy.trainOnBatch(Tensor.of(x), labels);
            }
            float[] flat = new float[copy.parameterCount()];
            int offset = 0;
            for (Tensor t : copy.getWeights()) {
                t.copyTo(0, flat, offset, t.size());
                offset += t.size();
            }
            local.add(flat);
        }

        SparkFit fit = SparkTrainer.builder().epochs(1).batchSize(batch).averagingFrequency(100).shuffle(false).build().fit(model, uciTrain);

        int offset = 0;
        int checked = 0;
        for (Tensor t : model.getWeights()) {
            float[] w = t.toFloatArray();
            for (int i = 0; i < w.length; i++) {
                float mean = (float) (((double) local.get(0)[offset + i] + local.get(1)[offset + i]) / 2);
                assertThat(w[i]).isEqualTo(mean);
                checked++;
            }
            offset += w.length;
        }
        assertThat(checked).isEqualTo(model.parameterCount());
        // both partitions took ceil(225 / 50) = 5 steps: the averaged optimizer has counted 5
        assertThat(fit.model().iterations()).isEqualTo(5);
        assertThat(fit.model().getWeights()).isEqualTo(model.getWeights());
        assertThat(fit.history().epochs()).isEqualTo(1);
    }

    @Test
    void validation_listeners_andCheckpoints_runOnTheDriver(@TempDir Path dir) {
        List<String> events = new ArrayList<>();
        double[] rates = new double[2];
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onTrainBegin(FitContext context) {
                events.add("begin " + context.epochs() + " epochs, " + context.stepsPerEpoch() + " rounds, " + context.samples()
                        + " samples, " + context.metricNames());
            }

            @Override
            public void onBatchEnd(FitContext context, int epoch, int batch, Map<String, Double> logs) {
                events.add("round " + epoch + "." + batch);
            }

            @Override
            public void onEpochEnd(FitContext context, int epoch, Map<String, Double> logs) {
                events.add("epoch " + epoch);
                if (epoch == 0) {
                    rates[0] = context.learningRate();
                    context.setLearningRate(rates[0] / 4);
                    rates[1] = context.learningRate();
                }
                if (epoch == 2) {
                    context.stopTraining();
                }
            }

            @Override
            public void onTrainEnd(FitContext context) {
                events.add("end");
            }
        };
        StackedRnnModel model = uciModel(6);
        SparkTrainer trainer = SparkTrainer.builder().epochs(10).batchSize(32).averagingFrequency(4)
                .listeners(recorder)
                .checkpoint(ModelCheckpoint.builder(dir.resolve("m-{epoch}.srnn")).build())
                .build();

        SparkFit fit = trainer.fit(model, uciTrain, uciTest);

        // 225 rows per partition: 8 batches of 32, 2 rounds of 4
        assertThat(events).containsExactly("begin 10 epochs, 2 rounds, 450 samples, [loss, accuracy, val_loss, val_accuracy]",
                "round 0.0", "round 0.1", "epoch 0", "round 1.0", "round 1.1", "epoch 1", "round 2.0", "round 2.1", "epoch 2", "end");
        assertThat(rates[0]).isEqualTo(1e-3);
        assertThat(rates[1]).isEqualTo(2.5e-4);
        assertThat(fit.history().epochs()).isEqualTo(3);
        Evaluation test = model.evaluate(uci.test().x(), uci.test().labels());
        assertThat(fit.history().valAccuracy().get(2)).isEqualTo(test.accuracy());
        assertThat(fit.history().valLoss().get(2)).isCloseTo(test.loss(), within(1e-5));
        assertThat(fit.history().loss().get(0)).isBetween(0.5, 3.0);
        assertThat(Files.exists(dir.resolve("m-1.srnn"))).isTrue();
        assertThat(Files.exists(dir.resolve("m-3.srnn"))).isTrue();
        assertThat(Files.exists(dir.resolve("m-4.srnn"))).isFalse();
    }

    @Test
    void earlyStopping_restoresTheBestWeights() {
        EarlyStopping early = EarlyStopping.builder().monitor("val_loss").patience(1).minDelta(10).restoreBestWeights(true).build();
        StackedRnnModel model = uciModel(8);

        SparkFit fit = SparkTrainer.builder().epochs(6).batchSize(32).averagingFrequency(4).listeners(early).build()
                .fit(model, uciTrain, uciTest);

        // no epoch improves val_loss by 10, so it stops after the second and brings back the first epoch's weights
        assertThat(fit.history().epochs()).isEqualTo(2);
        Evaluation test = model.evaluate(uci.test().x(), uci.test().labels());
        assertThat(test.accuracy()).isEqualTo(fit.history().valAccuracy().get(0));
    }

    @Test
    void raggedSequences_badRows_andRefusals() {
        // sequences of 20 to 60 steps cut from the UCI series; a few bad rows
        List<Row> rows = new ArrayList<>();
        float[] all = uci.train().x().toFloatArray();
        for (int i = 0; i < 120; i++) {
            float[][] s = sequence(all, i, 60);
            rows.add(RowFactory.create((long) i, Arrays.copyOf(s, 20 + (i * 7) % 41), uci.train().labels()[i]));
        }
        rows.set(5, RowFactory.create(5L, null, 1));
        rows.set(9, RowFactory.create(9L, new float[][] {{Float.POSITIVE_INFINITY}}, 1));
        rows.set(17, RowFactory.create(17L, new float[][] {{1f}}, 6));
        Dataset<Row> data = spark.createDataFrame(rows, SCHEMA).coalesce(1);

        StackedRnnModel model = uciModel(2);
        SparkFit fit = SparkTrainer.builder().epochs(1).batchSize(16).badRows(BadRowPolicy.NULL).build().fit(model, data);
        assertThat(fit.badRows()).isEqualTo(3);
        assertThat(fit.model().iterations()).as("117 good rows in batches of 16").isEqualTo(8);

        assertThatThrownBy(() -> SparkTrainer.builder().build().fit(uciModel(2), data))
                .hasMessageContaining("Row 5 of partition 0: column `seq` is null");
        Dataset<Row> badLabel = spark.createDataFrame(rows.subList(10, 20), SCHEMA).coalesce(1);
        assertThatThrownBy(() -> SparkTrainer.builder().build().fit(uciModel(2), badLabel))
                .hasMessageContaining("Row 7 of partition 0: column `label` is 6, outside [0, 6)");
        assertThatThrownBy(() -> SparkTrainer.builder().labelColumn("id2").build().fit(uciModel(2), data))
                .hasMessageContaining("No label column `id2`");
        assertThatThrownBy(() -> SparkTrainer.builder().averagingFrequency(0))
                .hasMessage("Received an invalid value for argument `averagingFrequency`, expected a positive integer, got 0.");
    }

    @Test
    void maskedBatches_trainAsTrainOnBatchWithAMask() {
        // one partition, one batch, no shuffling: the averaged model is the local copy, trained on the padded, masked batch
        List<Row> rows = new ArrayList<>();
        float[] all = uci.train().x().toFloatArray();
        int[] lengths = {30, 45, 60, 12};
        float[][][] padded = new float[4][60][1];
        int[] labels = new int[4];
        for (int i = 0; i < 4; i++) {
            float[][] s = Arrays.copyOf(sequence(all, i, 60), lengths[i]);
            rows.add(RowFactory.create((long) i, s, uci.train().labels()[i]));
            for (int t = 0; t < lengths[i]; t++) {
                padded[i][t] = s[t];
            }
            labels[i] = uci.train().labels()[i];
        }
        StackedRnnModel reference = uciModel(3);
        reference.trainOnBatch(Tensor.of(padded), labels, SequenceMask.ofLengths(lengths, 60));
        StackedRnnModel model = uciModel(3);

        SparkTrainer.builder().batchSize(4).shuffle(false).build().fit(model, spark.createDataFrame(rows, SCHEMA).coalesce(1));

        assertThat(model.getWeights()).isEqualTo(reference.getWeights());
    }
}
