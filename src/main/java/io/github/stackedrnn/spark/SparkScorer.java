package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.util.Arrays;

/**
 * Scores a {@code Dataset<Row>} of sequences with a model, on the executors: adds a column of
 * probabilities (or regression outputs) and, for a classifier, a column with the predicted class.
 *
 * <pre>{@code
 * SparkScorer scorer = SparkScorer.builder(model)
 *         .input(SequenceColumn.ragged("seq"))           // array<array<float>>, any length per row
 *         .badRows(BadRowPolicy.NULL)
 *         .build();
 * SparkScorer.Scored scored = scorer.score(df);
 * scored.dataset().write().parquet("scores");         // df's columns + probability, prediction
 * long bad = scored.badRowCount();                     // after the write has run
 * }</pre>
 *
 * <p>The model is taken as it is when {@link Builder#build()} runs (its saved bytes, without the
 * optimizer state); each {@link #score} broadcasts those bytes once, and each executor JVM loads the
 * model once and shares it between its tasks, single-threaded (Spark's task slots are the parallelism).
 * Each partition is read in blocks of {@link Builder#blockRows} rows; within a block the sequences are
 * grouped by length and predicted in batches of up to {@link Builder#batchSize} sequences of one length,
 * so no padding is computed. The outputs are bit for bit what {@code model.predict} gives for the same
 * sequences, and the rows keep their order. The rows are read and written in Spark's internal (binary)
 * form, so the input's columns pass through unchanged and unconverted; the result is a lazy
 * {@code Dataset<Row>} like any other (filter it, join it, write it), whose plan starts from the scored
 * rows: the optimizer does not push a filter on it into the input's scan, so filter the input first.
 *
 * <p>Output columns: {@code probability} ({@code array<float>}, the model's {@code classes()} values;
 * {@code array<array<float>>}, one per step, for a model with per-step output) and, for classifiers,
 * {@code prediction} ({@code int}: the arg-max, or {@code p >= 0.5} for a single sigmoid unit;
 * {@code array<int>} per step). Instances are immutable and may be shared.
 */
public final class SparkScorer {
    private final byte[] modelBytes;
    private final String modelId;
    private final int features;
    private final int outputs;
    private final boolean classifier;
    private final boolean perStep;
    private final SequenceColumn input;
    private final String probabilityColumn;
    private final String predictionColumn;
    private final BadRowPolicy policy;
    private final int batchSize;
    private final int blockRows;

    private SparkScorer(Builder b) {
        this.modelBytes = ModelBytes.of(b.model, false);
        this.modelId = ModelBytes.id(modelBytes);
        this.features = b.model.inputFeatures();
        this.outputs = b.model.classes();
        this.classifier = b.model.loss().isClassification();
        this.perStep = b.model.outputsSequences();
        this.input = b.input;
        this.probabilityColumn = b.probabilityColumn;
        this.predictionColumn = b.predictionColumn;
        this.policy = b.policy;
        this.batchSize = b.batchSize;
        this.blockRows = b.blockRows;
    }

    /**
     * @param model the model to score with; it is saved when {@link Builder#build()} runs, so later
     *              training does not change this scorer
     * @return a builder, by default for an {@code array<array<float>>} column {@code seq}, batches of
     *         256, blocks of 8,192 rows, failing on bad rows
     * @throws IllegalArgumentException if the model is null
     */
    public static Builder builder(StackedRnnModel model) {
        if (model == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `model`, expected a model, got null.");
        }
        return new Builder(model);
    }

    /**
     * Adds the output columns to {@code data}; nothing runs until an action. The schema is checked now.
     *
     * @param data rows with the input column
     * @return the scored dataset and its bad-row counter
     * @throws IllegalArgumentException if the input column is missing or of the wrong type, an output
     *                                  column already exists, or {@code data} belongs to a Spark Connect
     *                                  session (scoring runs on a classic session, where the executors run this library)
     */
    public Scored score(Dataset<Row> data) {
        StructType schema = data.schema();
        int index = input.check(schema, features);
        for (String out : outputColumns()) {
            if (Arrays.asList(schema.fieldNames()).contains(out)) {
                throw new IllegalArgumentException("The input already has a column `" + out + "`; choose other output column names");
            }
        }
        StructType outSchema = schema.add(probabilityColumn, probabilityType(), true);
        if (classifier) {
            outSchema = outSchema.add(predictionColumn, perStep ? DataTypes.createArrayType(DataTypes.IntegerType, false)
                    : DataTypes.IntegerType, true);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Broadcast<byte[]> broadcast = jsc.broadcast(modelBytes);
        LongAccumulator bad = jsc.sc().longAccumulator("stacked-rnn bad rows (" + input.name() + ")");
        ScorePartition task = new ScorePartition(new Predictor(modelId, broadcast, input, features, outputs, classifier, perStep),
                index, policy, batchSize, blockRows, bad, !input.holdsFloats(schema));
        return new Scored(CatalystFrames.mapPartitions(data, task, outSchema), bad);
    }

    private String[] outputColumns() {
        return classifier ? new String[] {probabilityColumn, predictionColumn} : new String[] {probabilityColumn};
    }

    private DataType probabilityType() {
        DataType values = DataTypes.createArrayType(DataTypes.FloatType, false);
        return perStep ? DataTypes.createArrayType(values, false) : values;
    }

    /** A scored dataset and the count of its bad rows. */
    public static final class Scored {
        private final Dataset<Row> dataset;
        private final LongAccumulator badRows;

        Scored(Dataset<Row> dataset, LongAccumulator badRows) {
            this.dataset = dataset;
            this.badRows = badRows;
        }

        /** @return the input's columns followed by the output columns */
        public Dataset<Row> dataset() {
            return dataset;
        }

        /**
         * The rows written as nulls under {@link BadRowPolicy#NULL}, summed over the actions run on
         * {@link #dataset()} so far. As with every Spark accumulator updated in a transformation, a
         * task that Spark re-runs (a retry, a lost cache) counts its rows again, and a dataset computed
         * by two actions counts twice: cache it, or read the count after a single action.
         *
         * @return the bad rows seen so far
         */
        public long badRowCount() {
            return badRows.value();
        }
    }

    /** Configures a {@link SparkScorer}; each setter checks its value. */
    public static final class Builder {
        private final StackedRnnModel model;
        private SequenceColumn input = SequenceColumn.ragged("seq");
        private String probabilityColumn = "probability";
        private String predictionColumn = "prediction";
        private BadRowPolicy policy = BadRowPolicy.FAIL;
        private int batchSize = 256;
        private int blockRows = 8192;

        private Builder(StackedRnnModel model) {
            this.model = model;
        }

        /**
         * @param value the sequence column and its layout; default {@code SequenceColumn.ragged("seq")}
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder input(SequenceColumn value) {
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `input`, expected a SequenceColumn, got null.");
            }
            input = value;
            return this;
        }

        /**
         * @param value the name of the probabilities (or outputs) column; default {@code probability}
         * @return this builder
         * @throws IllegalArgumentException if null or blank
         */
        public Builder probabilityColumn(String value) {
            probabilityColumn = name(value, "probabilityColumn");
            return this;
        }

        /**
         * @param value the name of the predicted-class column of a classifier; default {@code prediction}
         * @return this builder
         * @throws IllegalArgumentException if null or blank
         */
        public Builder predictionColumn(String value) {
            predictionColumn = name(value, "predictionColumn");
            return this;
        }

        /**
         * @param value what to do with a null, empty, wrongly sized or non-finite sequence; default {@link BadRowPolicy#FAIL}
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder badRows(BadRowPolicy value) {
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `badRows`, expected a BadRowPolicy, got null.");
            }
            policy = value;
            return this;
        }

        /**
         * @param value the most sequences (of one length) in one {@code predict} call; default 256
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder batchSize(int value) {
            batchSize = positive(value, "batchSize");
            return this;
        }

        /**
         * @param value rows read before they are grouped by length and predicted: larger blocks make
         *              fuller batches of ragged data and hold more rows in memory; default 8,192
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder blockRows(int value) {
            blockRows = positive(value, "blockRows");
            return this;
        }

        /**
         * @return the scorer, with the model saved as it is now
         * @throws IllegalStateException if the two output columns have the same name
         */
        public SparkScorer build() {
            if (model.loss().isClassification() && probabilityColumn.equals(predictionColumn)) {
                throw new IllegalStateException("The probability and prediction columns are both named `" + probabilityColumn + "`");
            }
            return new SparkScorer(this);
        }

        private static String name(String value, String argument) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("Received an invalid value for argument `" + argument + "`, expected a column name, got "
                        + (value == null ? "null" : "\"" + value + "\"") + ".");
            }
            return value;
        }

        private static int positive(int value, String argument) {
            if (value <= 0) {
                throw new IllegalArgumentException("Received an invalid value for argument `" + argument
                        + "`, expected a positive integer, got " + value + ".");
            }
            return value;
        }
    }
}
