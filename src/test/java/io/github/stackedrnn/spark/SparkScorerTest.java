package io.github.stackedrnn.spark;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparkScorerTest {
    private static final int FEATURES = 3;
    private static final StructType RAGGED = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("seq", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)), true);

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static StackedRnnModel classifier() {
        return classifier(7);
    }

    private static StackedRnnModel classifier(long seed) {
        return StackedRnnModel.builder().inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(12).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(8).build())
                .add(DenseSoftmaxLayer.builder(4).build())
                .seed(seed).build();
    }

    /** {@code n} sequences of 1 to 9 steps, values from a seeded stream. */
    private static List<float[][]> sequences(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[][] s = new float[1 + random.nextInt(9)][FEATURES];
            for (float[] step : s) {
                for (int f = 0; f < FEATURES; f++) {
                    step[f] = (float) (random.nextDouble() * 4 - 2);
                }
            }
            out.add(s);
        }
        return out;
    }

    private static Dataset<Row> frame(List<float[][]> sequences, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            rows.add(RowFactory.create((long) i, sequences.get(i)));
        }
        return spark.createDataFrame(rows, RAGGED).repartition(partitions).sortWithinPartitions("id");
    }

    private static float[] floats(Row row, String column) {
        List<Float> values = row.getList(row.fieldIndex(column));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    @Test
    void raggedScoring_equalsPredictRowForRow_bitForBit() {
        StackedRnnModel model = classifier();
        List<float[][]> sequences = sequences(700, 1);
        // small batches and blocks so that a partition holds several blocks and each length several batches
        SparkScorer scorer = SparkScorer.builder(model).input(SequenceColumn.ragged("seq")).batchSize(16).blockRows(100).build();

        List<Row> scored = scorer.score(frame(sequences, 3)).dataset().collectAsList();

        assertThat(scored).hasSize(700);
        List<Tensor> expected = model.predict(sequences); // the library's own batching by length
        int checked = 0;
        for (Row row : scored) {
            int id = (int) row.getLong(0);
            float[] p = floats(row, "probability");
            float[] alone = model.predict(Tensor.of(new float[][][] {sequences.get(id)})).toFloatArray();
            assertThat(p).as("row %d", id).containsExactly(expected.get(id).toFloatArray());
            assertThat(p).as("row %d predicted alone", id).containsExactly(alone);
            assertThat(row.getInt(row.fieldIndex("prediction"))).isEqualTo(argMax(p));
            checked++;
        }
        assertThat(checked).isEqualTo(700);
    }

    @Test
    void scoring_keepsEachPartitionsRowOrder_andTheInputColumns() {
        StackedRnnModel model = classifier();
        List<float[][]> sequences = sequences(200, 2);

        List<Row> scored = SparkScorer.builder(model).blockRows(37).build().score(frame(sequences, 2)).dataset().collectAsList();

        assertThat(scored.get(0).schema().fieldNames()).containsExactly("id", "seq", "probability", "prediction");
        // sortWithinPartitions put each partition in id order; scoring (length-grouped inside blocks) must not reorder
        long previous = -1;
        int ascending = 0;
        for (Row row : scored) {
            float[][] expected = sequences.get((int) row.getLong(0));
            List<?> steps = Values.list(row.get(1));
            assertThat(steps).hasSize(expected.length);
            for (int t = 0; t < expected.length; t++) {
                List<?> values = Values.list(steps.get(t));
                for (int f = 0; f < FEATURES; f++) {
                    assertThat(values.get(f)).as("row %d [%d][%d]", row.getLong(0), t, f).isEqualTo(expected[t][f]);
                }
            }
            if (row.getLong(0) > previous) {
                ascending++;
            }
            previous = row.getLong(0);
        }
        assertThat(ascending).as("one descent at the partition boundary at most").isGreaterThanOrEqualTo(199);
    }

    @Test
    void theModelIsLoadedOncePerJvm_andTwoModelsDoNotMix() {
        // seeds no other test uses: a model scored before in this JVM would already be in the cache
        StackedRnnModel a = classifier(1234);
        StackedRnnModel b = StackedRnnModel.builder().inputFeatures(FEATURES).add(SimpleRnnLayer.builder(5).build())
                .add(DenseSoftmaxLayer.builder(4).build()).seed(99).build();
        Dataset<Row> data = frame(sequences(90, 9), 3);
        SparkScorer scorerA = SparkScorer.builder(a).build();
        long before = ExecutorModels.loads();

        List<Row> first = scorerA.score(data).dataset().collectAsList();
        List<Row> again = scorerA.score(data).dataset().collectAsList();
        assertThat(ExecutorModels.loads() - before).as("3 tasks, 2 jobs, 1 JVM: one load").isEqualTo(1);
        List<Row> other = SparkScorer.builder(b).build().score(data).dataset().collectAsList();
        assertThat(ExecutorModels.loads() - before).isEqualTo(2);

        List<float[][]> sequences = sequences(90, 9);
        for (int i = 0; i < 90; i++) {
            int id = (int) first.get(i).getLong(0);
            assertThat(floats(again.get(i), "probability")).containsExactly(floats(first.get(i), "probability"));
            assertThat(floats(other.get(i), "probability"))
                    .containsExactly(b.predict(Tensor.of(new float[][][] {sequences.get((int) other.get(i).getLong(0))})).toFloatArray());
            assertThat(floats(first.get(i), "probability"))
                    .containsExactly(a.predict(Tensor.of(new float[][][] {sequences.get(id)})).toFloatArray());
        }
    }

    @Test
    void fixedSizeColumn_equalsPredictOnTheTensor() {
        StackedRnnModel model = classifier();
        int n = 120;
        int time = 5;
        SplittableRandom random = new SplittableRandom(3);
        float[] all = new float[n * time * FEATURES];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] flat = new float[time * FEATURES];
            for (int j = 0; j < flat.length; j++) {
                flat[j] = (float) random.nextGaussian();
            }
            System.arraycopy(flat, 0, all, i * flat.length, flat.length);
            rows.add(RowFactory.create((long) i, flat));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("values", DataTypes.createArrayType(DataTypes.FloatType));
        Tensor expected = model.predict(Tensor.of(all, n, time, FEATURES));

        List<Row> scored = SparkScorer.builder(model).input(SequenceColumn.fixed("values", time, FEATURES)).build()
                .score(spark.createDataFrame(rows, schema).repartition(2)).dataset().collectAsList();

        assertThat(scored).hasSize(n);
        for (Row row : scored) {
            int id = (int) row.getLong(0);
            float[] p = floats(row, "probability");
            assertThat(floats(row, "values")).containsExactly(Arrays.copyOfRange(all, id * time * FEATURES, (id + 1) * time * FEATURES));
            for (int k = 0; k < 4; k++) {
                assertThat(Float.floatToIntBits(p[k])).as("row %d class %d", id, k).isEqualTo(Float.floatToIntBits(expected.get(id, k)));
            }
        }
    }

    @Test
    void regressionHead_hasNoPredictionColumn() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(6).build())
                .add(DenseLayer.builder(2).activation(Activation.LINEAR).build())
                .seed(11).build();
        List<float[][]> sequences = sequences(50, 4);

        List<Row> scored = SparkScorer.builder(model).build().score(frame(sequences, 2)).dataset().collectAsList();

        assertThat(scored.get(0).schema().fieldNames()).containsExactly("id", "seq", "probability");
        List<Tensor> expected = model.predict(sequences);
        for (Row row : scored) {
            assertThat(floats(row, "probability")).containsExactly(expected.get((int) row.getLong(0)).toFloatArray());
        }
    }

    private static List<Row> withBadRows() {
        List<Row> rows = new ArrayList<>();
        for (float[][] s : sequences(40, 5)) {
            rows.add(RowFactory.create((long) rows.size(), s));
        }
        rows.set(7, RowFactory.create(7L, null));                                        // null sequence
        rows.set(13, RowFactory.create(13L, new float[][] {{1, 2, 3}, {1, 2}}));          // 2 features at step 1
        rows.set(21, RowFactory.create(21L, new float[][] {{1, Float.NaN, 3}}));          // NaN
        rows.set(30, RowFactory.create(30L, new float[0][]));                             // no step
        return rows;
    }

    @Test
    void badRows_fail_namesTheRowsPositionAndFault() {
        SparkScorer scorer = SparkScorer.builder(classifier()).build();
        // one partition, so that the position in it is the list index
        Dataset<Row> data = spark.createDataFrame(withBadRows(), RAGGED).coalesce(1);

        assertThatThrownBy(() -> scorer.score(data).dataset().collectAsList())
                .hasMessageContaining("Row 7 of partition 0: column `seq` is null");
        Dataset<Row> wrongWidth = spark.createDataFrame(withBadRows().subList(8, 20), RAGGED).coalesce(1);
        assertThatThrownBy(() -> scorer.score(wrongWidth).dataset().collectAsList())
                .hasMessageContaining("Row 5 of partition 0: column `seq` has 2 features at step 1 but the model takes 3");
        Dataset<Row> nan = spark.createDataFrame(withBadRows().subList(14, 25), RAGGED).coalesce(1);
        assertThatThrownBy(() -> scorer.score(nan).dataset().collectAsList())
                .hasMessageContaining("Row 7 of partition 0: column `seq` has NaN at [0][1]; inputs must be finite");
    }

    @Test
    void badRows_null_writesNullsAndCountsThem() {
        StackedRnnModel model = classifier();
        List<Row> rows = withBadRows();

        SparkScorer.Scored scored = SparkScorer.builder(model).badRows(BadRowPolicy.NULL).build()
                .score(spark.createDataFrame(rows, RAGGED).repartition(2));
        List<Row> out = scored.dataset().collectAsList();

        assertThat(out).hasSize(40);
        assertThat(scored.badRowCount()).isEqualTo(4);
        List<Long> nullIds = new ArrayList<>();
        for (Row row : out) {
            long id = row.getLong(0);
            if (row.isNullAt(row.fieldIndex("probability"))) {
                assertThat(row.isNullAt(row.fieldIndex("prediction"))).isTrue();
                nullIds.add(id);
            } else {
                float[][] s = rows.get((int) id).getAs(1);
                assertThat(floats(row, "probability")).containsExactly(model.predict(Tensor.of(new float[][][] {s})).toFloatArray());
            }
        }
        assertThat(nullIds).containsExactlyInAnyOrder(7L, 13L, 21L, 30L);
    }

    @Test
    void schemaErrors_areRefusedBeforeAnythingRuns() {
        SparkScorer scorer = SparkScorer.builder(classifier()).input(SequenceColumn.ragged("missing")).build();
        Dataset<Row> data = frame(sequences(3, 6), 1);
        assertThatThrownBy(() -> scorer.score(data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No column `missing` in [id, seq]");
        assertThatThrownBy(() -> SparkScorer.builder(classifier()).input(SequenceColumn.ragged("id")).build().score(data))
                .hasMessage("Column `id` must be array<array<float>> (or array<array<double>>) but is bigint");
        assertThatThrownBy(() -> SparkScorer.builder(classifier()).input(SequenceColumn.fixed("seq", 4, 2)).build().score(data))
                .hasMessage("Column `seq` is declared with 2 features per step but the model takes 3");
        assertThatThrownBy(() -> SparkScorer.builder(classifier()).probabilityColumn("id").build().score(data))
                .hasMessageContaining("already has a column `id`");
    }

    @Test
    void sqlFunction_givesTheSameBitsAsPredict() {
        StackedRnnModel model = classifier();
        List<float[][]> sequences = sequences(60, 8);
        frame(sequences, 2).createOrReplaceTempView("sequences");
        RnnSql.Registration registration = RnnSql.register(spark, "rnn_predict", model, BadRowPolicy.NULL);

        List<Row> out = spark.sql("select id, rnn_predict(seq) as p, rnn_predict_class(seq) as c from sequences").collectAsList();

        assertThat(out).hasSize(60);
        List<Tensor> expected = model.predict(sequences);
        for (Row row : out) {
            float[] p = floats(row, "p");
            assertThat(p).containsExactly(expected.get((int) row.getLong(0)).toFloatArray());
            assertThat(row.getInt(2)).isEqualTo(argMax(p));
        }
        spark.createDataFrame(withBadRows(), RAGGED).createOrReplaceTempView("bad_sequences");
        long nulls = spark.sql("select rnn_predict(seq) as p from bad_sequences").filter("p is null").count();
        assertThat(nulls).isEqualTo(4);
        assertThat(registration.badRowCount()).as("the null sequence is not counted: null in, null out").isEqualTo(3);
    }

    @Test
    void perStepModel_givesOneProbabilityArrayAndClassPerStep() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(6).returnSequences(true).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .seed(21).build();
        List<float[][]> sequences = sequences(80, 10);

        Dataset<Row> scored = SparkScorer.builder(model).blockRows(30).build().score(frame(sequences, 2)).dataset();

        assertThat(scored.schema().apply("probability").dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false));
        assertThat(scored.schema().apply("prediction").dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.IntegerType, false));
        int checked = 0;
        for (Row row : scored.collectAsList()) {
            float[][] s = sequences.get((int) row.getLong(0));
            float[] expected = model.predict(Tensor.of(new float[][][] {s})).toFloatArray();
            List<?> steps = Values.list(row.get(row.fieldIndex("probability")));
            List<?> classes = Values.list(row.get(row.fieldIndex("prediction")));
            assertThat(steps).hasSize(s.length);
            assertThat(classes).hasSize(s.length);
            for (int t = 0; t < s.length; t++) {
                List<?> p = Values.list(steps.get(t));
                float[] step = new float[3];
                for (int k = 0; k < 3; k++) {
                    step[k] = (Float) p.get(k);
                }
                assertThat(step).as("row %d step %d", row.getLong(0), t).containsExactly(Arrays.copyOfRange(expected, t * 3, t * 3 + 3));
                assertThat(classes.get(t)).isEqualTo(argMax(step));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(80);
    }

    @Test
    void nullStepsAndNullValues_areBadRows_withTheirPositions() {
        StackedRnnModel model = classifier();
        List<Row> rows = new ArrayList<>();
        for (float[][] s : sequences(12, 11)) {
            List<List<Float>> steps = new ArrayList<>();
            for (float[] step : s) {
                List<Float> values = new ArrayList<>();
                for (float v : step) {
                    values.add(v);
                }
                steps.add(values);
            }
            rows.add(RowFactory.create((long) rows.size(), steps));
        }
        rows.set(3, RowFactory.create(3L, Arrays.asList(Arrays.asList(1f, 2f, 3f), null)));           // null step
        rows.set(8, RowFactory.create(8L, Arrays.asList(Arrays.asList(1f, 2f, 3f), Arrays.asList(4f, 5f, null)))); // null value

        SparkScorer failing = SparkScorer.builder(model).build();
        assertThatThrownBy(() -> failing.score(spark.createDataFrame(rows, RAGGED).coalesce(1)).dataset().collectAsList())
                .hasMessageContaining("Row 3 of partition 0: column `seq` has a null step at [1]");
        assertThatThrownBy(() -> failing.score(spark.createDataFrame(rows.subList(4, 12), RAGGED).coalesce(1)).dataset().collectAsList())
                .hasMessageContaining("Row 4 of partition 0: column `seq` has a null value at [1][2]");

        SparkScorer.Scored scored = SparkScorer.builder(model).badRows(BadRowPolicy.NULL).build()
                .score(spark.createDataFrame(rows, RAGGED).coalesce(1));
        List<Row> out = scored.dataset().collectAsList();
        assertThat(scored.badRowCount()).isEqualTo(2);
        List<float[][]> sequences = sequences(12, 11);
        for (Row row : out) {
            int id = (int) row.getLong(0);
            if (id == 3 || id == 8) {
                assertThat(row.isNullAt(2)).as("row %d", id).isTrue();
                assertThat(row.isNullAt(3)).isTrue();
            } else {
                assertThat(floats(row, "probability")).as("row %d", id)
                        .containsExactly(model.predict(Tensor.of(new float[][][] {sequences.get(id)})).toFloatArray());
            }
        }
    }

    @Test
    void fixedColumn_nullValue_namesItsStepAndFeature() {
        List<Row> rows = List.of(RowFactory.create(0L, Arrays.asList(1f, 2f, 3f, 4f, 5f, 6f)),
                RowFactory.create(1L, Arrays.asList(1f, 2f, 3f, 4f, null, 6f)));
        StructType schema = new StructType().add("id", DataTypes.LongType).add("values", DataTypes.createArrayType(DataTypes.FloatType));

        assertThatThrownBy(() -> SparkScorer.builder(classifier()).input(SequenceColumn.fixed("values", 2, FEATURES)).build()
                .score(spark.createDataFrame(rows, schema).coalesce(1)).dataset().collectAsList())
                .hasMessageContaining("Row 1 of partition 0: column `values` has a null value at [4] (step 1, feature 1)");
    }

    @Test
    void doubleColumns_areRoundedToFloat_asPredictOnTheRoundedValues() {
        StackedRnnModel model = classifier();
        List<float[][]> sequences = sequences(60, 12);
        List<Row> ragged = new ArrayList<>();
        List<Row> fixed = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(13);
        List<float[][]> rounded = new ArrayList<>();
        List<float[]> roundedFlat = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            int steps = sequences.get(i).length;
            double[][] d = new double[steps][FEATURES];
            double[] flat = new double[4 * FEATURES];
            float[][] r = new float[steps][FEATURES];
            for (int t = 0; t < steps; t++) {
                for (int f = 0; f < FEATURES; f++) {
                    d[t][f] = random.nextDouble() * 4 - 2; // most of these are not floats: the rounding matters
                    r[t][f] = (float) d[t][f];
                }
            }
            for (int j = 0; j < flat.length; j++) {
                flat[j] = d[Math.min(j / FEATURES, steps - 1)][j % FEATURES];
            }
            rounded.add(r);
            float[] rf = new float[flat.length];
            for (int j = 0; j < flat.length; j++) {
                rf[j] = (float) flat[j];
            }
            roundedFlat.add(rf);
            ragged.add(RowFactory.create((long) i, d));
            fixed.add(RowFactory.create((long) i, flat));
        }
        StructType raggedSchema = new StructType().add("id", DataTypes.LongType)
                .add("seq", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));
        StructType fixedSchema = new StructType().add("id", DataTypes.LongType).add("values", DataTypes.createArrayType(DataTypes.DoubleType));

        List<Row> a = SparkScorer.builder(model).build().score(spark.createDataFrame(ragged, raggedSchema).repartition(2)).dataset()
                .collectAsList();
        List<Row> b = SparkScorer.builder(model).input(SequenceColumn.fixed("values", 4, FEATURES)).build()
                .score(spark.createDataFrame(fixed, fixedSchema).repartition(2)).dataset().collectAsList();

        assertThat(a).hasSize(60);
        assertThat(b).hasSize(60);
        for (Row row : a) {
            assertThat(floats(row, "probability")).containsExactly(model.predict(rounded.subList((int) row.getLong(0),
                    (int) row.getLong(0) + 1)).get(0).toFloatArray());
        }
        for (Row row : b) {
            float[] x = roundedFlat.get((int) row.getLong(0));
            assertThat(floats(row, "probability")).containsExactly(model.predict(Tensor.of(x, 1, 4, FEATURES)).toFloatArray());
        }
    }

    @Test
    void otherColumns_passThroughUnchanged_andTheSchemaIsTheInputsPlusTheOutputs() {
        StackedRnnModel model = classifier();
        StructType schema = new StructType()
                .add("name", DataTypes.StringType)
                .add("seq", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false), false)
                .add("weight", DataTypes.createDecimalType(10, 3))
                .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
                .add("point", new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.ShortType))
                .add("blob", DataTypes.BinaryType)
                .add("id", DataTypes.LongType, false);
        List<float[][]> sequences = sequences(30, 14);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            rows.add(RowFactory.create(i % 5 == 0 ? null : "row " + i, sequences.get(i),
                    i % 7 == 0 ? null : new java.math.BigDecimal(i + ".125"),
                    scala.collection.immutable.Map$.MODULE$.<String, Integer>empty().updated("k" + i, i),
                    i % 3 == 0 ? null : RowFactory.create(i / 2.0, (short) -i),
                    new byte[] {(byte) i, 7}, (long) i));
        }
        Dataset<Row> input = spark.createDataFrame(rows, schema).repartition(3);

        Dataset<Row> scored = SparkScorer.builder(model).build().score(input).dataset();

        assertThat(scored.schema()).isEqualTo(schema.add("probability", DataTypes.createArrayType(DataTypes.FloatType, false), true)
                .add("prediction", DataTypes.IntegerType, true));
        List<Row> out = scored.collectAsList();
        assertThat(out).hasSize(30);
        for (Row row : out) {
            int id = (int) row.getLong(6);
            Row original = rows.get(id);
            for (int c = 0; c < schema.size(); c++) {
                if (c == 1) {
                    continue; // the sequence, checked by scoring_keepsEachPartitionsRowOrder_andTheInputColumns
                }
                if (c == 5) {
                    assertThat((byte[]) row.get(c)).containsExactly((byte[]) original.get(c));
                } else if (c == 2 && original.get(c) != null) {
                    assertThat(row.getDecimal(c)).isEqualByComparingTo(original.getDecimal(c));
                } else {
                    assertThat(row.get(c)).as("row %d column %s", id, schema.fieldNames()[c]).isEqualTo(original.get(c));
                }
            }
            assertThat(floats(row, "probability")).containsExactly(model.predict(Tensor.of(new float[][][] {sequences.get(id)})).toFloatArray());
        }
    }

    @Test
    void scoring_isLazy_evenWhenTheInputHasAShuffleUnderAdaptiveExecution() {
        StackedRnnModel model = classifier();
        List<float[][]> sequences = sequences(50, 15);
        org.apache.spark.util.LongAccumulator touched = spark.sparkContext().longAccumulator("rows read upstream");
        spark.udf().register("touch", (org.apache.spark.sql.api.java.UDF1<Long, Long>) id -> {
            touched.add(1);
            return id;
        }, DataTypes.LongType);
        String adaptive = spark.conf().get("spark.sql.adaptive.enabled");
        spark.conf().set("spark.sql.adaptive.enabled", "true");
        try {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < sequences.size(); i++) {
                rows.add(RowFactory.create((long) i, sequences.get(i)));
            }
            Dataset<Row> input = spark.createDataFrame(rows, RAGGED).selectExpr("touch(id) as id", "seq").repartition(3);

            Dataset<Row> scored = SparkScorer.builder(model).build().score(input).dataset();
            Dataset<Row> classZero = scored.filter("prediction = 0");
            assertThat(touched.value()).as("nothing ran before the action").isZero();

            List<Row> zeros = classZero.collectAsList();
            assertThat(touched.value()).isEqualTo(50);
            List<Tensor> expected = model.predict(sequences);
            long expectedZeros = expected.stream().filter(p -> argMax(p.toFloatArray()) == 0).count();
            assertThat(expectedZeros).as("the filter keeps some rows and drops others").isBetween(1L, 49L);
            assertThat(zeros).hasSize((int) expectedZeros);
            for (Row row : zeros) {
                assertThat(floats(row, "probability")).containsExactly(expected.get((int) row.getLong(0)).toFloatArray());
            }
        } finally {
            spark.conf().set("spark.sql.adaptive.enabled", adaptive);
        }
    }
}
