package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;

/**
 * Registers a model as SQL functions: {@code name(seq)} gives the probabilities (or regression outputs)
 * as {@code array<float>} ({@code array<array<float>>} for per-step output), and for a classifier
 * {@code name_class(seq)} the predicted class ({@code int}, or {@code array<int>} per step).
 *
 * <pre>{@code
 * RnnSql.register(spark, "rnn_predict", model, BadRowPolicy.NULL);
 * spark.sql("select id, rnn_predict(seq) as p, rnn_predict_class(seq) as c from sequences").show();
 * }</pre>
 *
 * <p>The model ships as {@link SparkScorer} ships it (broadcast saved bytes, loaded once per executor
 * JVM, single-threaded) and gives the same bits, but a function sees one row at a time, so it predicts
 * batches of one: use {@link SparkScorer} for large jobs. A null input gives a null output.
 */
public final class RnnSql {
    private RnnSql() {
    }

    /**
     * Registers the functions for an {@code array<array<float>>} argument (any number of steps).
     *
     * @param spark  the session
     * @param name   the function's name, such as {@code rnn_predict}
     * @param model  the model, saved now
     * @param policy what a bad argument does: fail the query, or give null and count it
     * @return the registration, with its bad-row counter
     * @throws IllegalArgumentException if an argument is null or the name is not an identifier
     */
    public static Registration register(SparkSession spark, String name, StackedRnnModel model, BadRowPolicy policy) {
        return register(spark, name, model, policy, null);
    }

    /**
     * Registers the functions for a flat {@code array<float>} argument of {@code time × features} values, time-major.
     *
     * @param spark    the session
     * @param name     the function's name
     * @param model    the model, saved now
     * @param policy   what a bad argument does
     * @param time     steps per sequence
     * @param features features per step, the model's
     * @return the registration, with its bad-row counter
     * @throws IllegalArgumentException if an argument is null or invalid, or {@code features} is not the model's
     */
    public static Registration register(SparkSession spark, String name, StackedRnnModel model, BadRowPolicy policy,
                                        int time, int features) {
        return register(spark, name, model, policy, SequenceColumn.fixed(name == null ? "?" : name + " argument", time, features));
    }

    private static Registration register(SparkSession spark, String name, StackedRnnModel model, BadRowPolicy policy,
                                         SequenceColumn layout) {
        if (spark == null || model == null || policy == null) {
            throw new IllegalArgumentException("register needs a session, a model and a policy, got " + spark + ", " + model + ", " + policy);
        }
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("Received an invalid value for argument `name`, expected an SQL identifier, got "
                    + (name == null ? "null" : "\"" + name + "\"") + ".");
        }
        SequenceColumn input = layout != null ? layout : SequenceColumn.ragged(name + " argument");
        if (!input.isRagged() && input.features() != model.inputFeatures()) {
            throw new IllegalArgumentException("The function's argument is declared with " + input.features()
                    + " features per step but the model takes " + model.inputFeatures());
        }
        byte[] bytes = ModelBytes.of(model, false);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> broadcast = jsc.broadcast(bytes);
        LongAccumulator bad = jsc.sc().longAccumulator("stacked-rnn bad rows (" + name + ")");
        boolean classifier = model.loss().isClassification();
        Predictor predictor = new Predictor(ModelBytes.id(bytes), broadcast, input, model.inputFeatures(), model.classes(),
                classifier, model.outputsSequences());
        DataType values = DataTypes.createArrayType(DataTypes.FloatType, false);
        spark.udf().register(name, new Function(predictor, policy, bad, false),
                model.outputsSequences() ? DataTypes.createArrayType(values, false) : values);
        if (classifier) {
            spark.udf().register(name + "_class", new Function(predictor, policy, bad, true),
                    model.outputsSequences() ? DataTypes.createArrayType(DataTypes.IntegerType, false) : DataTypes.IntegerType);
        }
        return new Registration(bad);
    }

    /** A registered model's bad-argument count. */
    public static final class Registration {
        private final LongAccumulator badRows;

        Registration(LongAccumulator badRows) {
            this.badRows = badRows;
        }

        /**
         * @return the non-null arguments that gave null under {@link BadRowPolicy#NULL}, over the queries
         *         run so far (with an accumulator's caveats: see {@link SparkScorer.Scored#badRowCount()})
         */
        public long badRowCount() {
            return badRows.value();
        }
    }

    private static final class Function implements UDF1<Object, Object> {
        private static final long serialVersionUID = 1L;

        private final Predictor predictor;
        private final BadRowPolicy policy;
        private final LongAccumulator bad;
        private final boolean predictClass;

        Function(Predictor predictor, BadRowPolicy policy, LongAccumulator bad, boolean predictClass) {
            this.predictor = predictor;
            this.policy = policy;
            this.bad = bad;
            this.predictClass = predictClass;
        }

        @Override
        public Object call(Object value) {
            if (value == null) {
                return null;
            }
            float[][] one = new float[1][];
            int time;
            try {
                float[][] steps = predictor.input.read(value, predictor.features);
                time = steps.length;
                one[0] = new float[time * predictor.features];
                for (int t = 0; t < time; t++) {
                    System.arraycopy(steps[t], 0, one[0], t * predictor.features, predictor.features);
                }
            } catch (SequenceColumn.BadValue e) {
                if (policy == BadRowPolicy.FAIL) {
                    TaskContext task = TaskContext.get();
                    // a function does not know the row's position; the partition and the fault are what it can name
                    throw new IllegalArgumentException((task == null ? "" : "Partition " + task.partitionId() + ": ")
                            + "the argument of " + predictor.input.name().replace(" argument", "") + "(...) " + e.getMessage());
                }
                bad.add(1);
                return null;
            }
            Object[] probability = new Object[1];
            Object[] prediction = new Object[1];
            predictor.predict(predictor.model(), one, new int[] {0}, 0, 1, time, probability, prediction);
            return predictClass ? prediction[0] : probability[0];
        }
    }
}
