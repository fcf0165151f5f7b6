package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.OptimizerState;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitContext;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.ModelCheckpoint;
import io.github.stackedrnn.train.TrainingListener;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Data-parallel training of a classifier on a {@code Dataset<Row>} by parameter averaging, as DL4J's
 * {@code ParameterAveragingTrainingMaster} did.
 *
 * <pre>{@code
 * SparkTrainer trainer = SparkTrainer.builder()
 *         .input(SequenceColumn.ragged("seq")).labelColumn("label")
 *         .epochs(20).batchSize(32).averagingFrequency(5)
 *         .listeners(EarlyStopping.builder().monitor("val_loss").patience(3).restoreBestWeights(true).build())
 *         .build();
 * SparkFit fit = trainer.fit(model, train, validation);
 * fit.history().valAccuracy();
 * }</pre>
 *
 * <p>Each epoch is cut into rounds. In a round the driver broadcasts the model file (weights and
 * optimizer state), every partition trains its own copy on its next {@code averagingFrequency}
 * mini-batches, and the driver averages the copies' weights and optimizer slots (Adam's moments)
 * over the partitions that trained, summed with a tree aggregation. Rows stay in their partitions;
 * each epoch visits every partition's rows in a new order drawn from the seed, the epoch and the
 * partition. Given the same model, seed, data and partitioning the result is the same to the bit,
 * whatever the order in which tasks finish and whether Spark re-ran some of them (the sums are formed
 * in a fixed tree, see {@code RoundSum}).
 *
 * <p>How this differs from {@code model.fit} on one machine: with {@code N} partitions an epoch makes
 * about {@code 1/N} as many averaged updates, each the mean of {@code N} local trajectories of
 * {@code averagingFrequency} steps, not a step on the combined gradient; so an epoch here usually
 * learns less than an epoch of {@code fit}, and the curves differ. A small {@code averagingFrequency}
 * keeps the copies close (averaging every step is close to synchronous training with an {@code N}
 * times larger batch) at the price of one Spark job, broadcast and aggregation per round; a large one
 * amortises that cost but lets the copies drift apart, which can slow or spoil convergence. The
 * iteration count after a round is the count before it plus the most steps one partition took
 * (what Adam's bias correction and learning-rate schedules read). The training {@code loss} and
 * {@code accuracy} are the means over the epoch's batches, each measured on its partition's copy
 * before its step (as {@code fit} measures them). Listeners run on the driver: {@code onBatchEnd}
 * after each round (its {@code batch} is the round), the rest as in {@code fit}; stopping takes
 * effect after the current round.
 *
 * <p>Not supported (refused): regression heads, per-step outputs and sample or class weights.
 */
public final class SparkTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);

    /** How the optimizer state is read from and put into the broadcast model files. */
    static final OptimizerStateAccess STATE = new SnapshotOptimizerState();

    private final SequenceColumn input;
    private final String labelColumn;
    private final int epochs;
    private final int batchSize;
    private final int averagingFrequency;
    private final boolean shuffle;
    private final Long seed;
    private final int treeDepth;
    private final BadRowPolicy policy;
    private final List<TrainingListener> listeners;
    private final ModelCheckpoint checkpoint;
    private final RoundHook hook;

    private SparkTrainer(Builder b) {
        this.input = b.input;
        this.labelColumn = b.labelColumn;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.averagingFrequency = b.averagingFrequency;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.treeDepth = b.treeDepth;
        this.policy = b.policy;
        this.listeners = List.copyOf(b.listeners);
        this.checkpoint = b.checkpoint;
        this.hook = b.hook;
    }

    /** @return a builder: column {@code seq} (ragged), labels {@code label}, 1 epoch, batch 32, averaging every 5 batches */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the mini-batches each partition trains between two averagings */
    public int averagingFrequency() {
        return averagingFrequency;
    }

    /**
     * Trains without validation data; see {@link #fit(StackedRnnModel, Dataset, Dataset)}.
     *
     * @param model the model to train; its weights are set to the trained ones at the end
     * @param train rows with the sequence and label columns
     * @return the history and the trained model
     * @throws IllegalArgumentException if the model or the columns do not suit
     */
    public SparkFit fit(StackedRnnModel model, Dataset<Row> train) {
        return fit(model, train, null);
    }

    /**
     * Trains {@code model} on {@code train}, evaluating {@code validation} after every epoch. The data
     * are read once and cached (memory, then disk) for the duration of the call. At the end the passed
     * model's weights are the trained ones (its own optimizer state is left as it was: the averaged
     * state is in {@link SparkFit#model()}).
     *
     * @param model      the model to train: a classifier with one output per sequence
     * @param train      rows with the sequence column and an integer label column (a class in [0, classes))
     * @param validation rows with the same columns, or null
     * @return the history and the trained model
     * @throws IllegalArgumentException if the model or the columns do not suit, or a checkpoint monitors a
     *                                  metric this fit does not report
     * @throws BadRowException          (wrapped by Spark) under {@link BadRowPolicy#FAIL}, for the first bad row met
     */
    public SparkFit fit(StackedRnnModel model, Dataset<Row> train, Dataset<Row> validation) {
        if (model == null || train == null) {
            throw new IllegalArgumentException("fit needs a model and a training dataset, got " + model + " and " + train);
        }
        if (!model.loss().isClassification() || model.outputsSequences()) {
            throw new IllegalArgumentException("SparkTrainer trains classifiers with one output per sequence; this model "
                    + (model.outputsSequences() ? "outputs one per step" : "is a regression (" + model.loss().kerasName() + ")"));
        }
        List<String> metrics = validation == null ? List.of(History.LOSS, History.ACCURACY)
                : List.of(History.LOSS, History.ACCURACY, History.VAL_LOSS, History.VAL_ACCURACY);
        if (checkpoint != null && checkpoint.saveBestOnly() && !metrics.contains(checkpoint.monitor())) {
            throw new IllegalArgumentException("The checkpoint monitors " + checkpoint.monitor() + " but this fit reports " + metrics);
        }
        int classes = model.classes() == 1 ? 2 : model.classes();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        LongAccumulator bad = jsc.sc().longAccumulator("stacked-rnn bad training rows");
        JavaRDD<LabeledSequence> trainRows = read(train, model, classes, bad);
        JavaRDD<LabeledSequence> validationRows = validation == null ? null : read(validation, model, classes, bad);
        long start = System.nanoTime();
        try {
            long[] counts = counts(trainRows);
            long samples = Arrays.stream(counts).sum();
            int rounds = 0;
            for (long n : counts) {
                long batches = (n + batchSize - 1) / batchSize;
                rounds = (int) Math.max(rounds, (batches + averagingFrequency - 1) / averagingFrequency);
            }
            if (samples == 0) {
                throw new IllegalArgumentException("The training dataset has no rows");
            }
            LOG.debug("Parameter averaging over {} partitions ({} rows), {} rounds per epoch", counts.length, samples, rounds);
            Driver driver = new Driver(model, ModelBytes.of(model, true), metrics, rounds, (int) Math.min(samples, Integer.MAX_VALUE),
                    epochs);
            long trainingSeed = seed != null ? seed : model.seed();
            Map<String, List<Double>> history = new LinkedHashMap<>();
            metrics.forEach(m -> history.put(m, new ArrayList<>()));
            double best = Double.NaN;
            listeners.forEach(l -> l.onTrainBegin(driver));
            for (int epoch = 0; epoch < epochs && !driver.stop; epoch++) {
                long epochStart = System.nanoTime();
                int e = epoch;
                listeners.forEach(l -> l.onEpochBegin(driver, e));
                long rows = 0;
                long correct = 0;
                double lossSum = 0;
                for (int round = 0; round < rounds && !driver.stop; round++) {
                    Broadcast<byte[]> bytes = jsc.broadcast(driver.file);
                    Contribution c;
                    try {
                        c = trainRows.mapPartitionsWithIndex(new TrainRound(bytes, epoch, round, trainingSeed, shuffle, batchSize,
                                averagingFrequency, hook), false)
                                .treeAggregate(RoundSum.empty(), RoundSum::merge, RoundSum::merge, treeDepth).total();
                    } finally {
                        bytes.destroy();
                    }
                    if (c == null) {
                        continue;
                    }
                    driver.average(c);
                    rows += c.rows;
                    correct += c.correct;
                    lossSum += c.lossSum;
                    Map<String, Double> logs = Map.of(History.LOSS, lossSum / rows, History.ACCURACY, (double) correct / rows);
                    int r = round;
                    listeners.forEach(l -> l.onBatchEnd(driver, e, r, logs));
                }
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put(History.LOSS, lossSum / rows);
                logs.put(History.ACCURACY, (double) correct / rows);
                if (validationRows != null) {
                    double[] v = evaluate(jsc, validationRows, driver.file);
                    logs.put(History.VAL_LOSS, v[0]);
                    logs.put(History.VAL_ACCURACY, v[1]);
                }
                logs.forEach((k, v) -> history.get(k).add(v));
                LOG.info("Epoch {}/{} - {} rounds on {} partitions - {}s - {}", epoch + 1, epochs, rounds, counts.length,
                        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - epochStart) / 1e9), format(logs));
                if (checkpoint != null) {
                    best = checkpoint(driver, epoch + 1, logs, best);
                }
                Map<String, Double> epochLogs = Collections.unmodifiableMap(logs);
                listeners.forEach(l -> l.onEpochEnd(driver, e, epochLogs));
            }
            listeners.forEach(l -> l.onTrainEnd(driver));
            StackedRnnModel trained = ModelBytes.load(driver.file);
            model.setWeights(trained.getWeights());
            LOG.debug("Spark fit took {} s", (System.nanoTime() - start) / 1e9);
            return new SparkFit(new History(history), trained, bad.value());
        } finally {
            trainRows.unpersist(false);
            if (validationRows != null) {
                validationRows.unpersist(false);
            }
        }
    }

    private JavaRDD<LabeledSequence> read(Dataset<Row> data, StackedRnnModel model, int classes, LongAccumulator bad) {
        StructType schema = data.schema();
        int sequenceIndex = input.check(schema, model.inputFeatures());
        int labelIndex;
        try {
            labelIndex = schema.fieldIndex(labelColumn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("No label column `" + labelColumn + "` in " + Arrays.toString(schema.fieldNames()), e);
        }
        DataType type = schema.fields()[labelIndex].dataType();
        if (!(type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType) || type.equals(DataTypes.ShortType)
                || type.equals(DataTypes.ByteType))) {
            throw new IllegalArgumentException("The label column `" + labelColumn + "` must hold integer classes but is " + type.simpleString());
        }
        JavaRDD<LabeledSequence> rows = data.javaRDD().mapPartitions(new ReadLabeled(input, sequenceIndex, labelColumn, labelIndex,
                model.inputFeatures(), classes, policy, bad));
        return rows.persist(StorageLevel.MEMORY_AND_DISK());
    }

    private static long[] counts(JavaRDD<LabeledSequence> rows) {
        List<long[]> counted = rows.mapPartitionsWithIndex((p, it) -> {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return Collections.singletonList(new long[] {p, n}).iterator();
        }, false).collect();
        long[] counts = new long[rows.getNumPartitions()];
        for (long[] c : counted) {
            counts[(int) c[0]] = c[1];
        }
        return counts;
    }

    /** @return {val_loss, val_accuracy}, summed over the partitions in partition order */
    private static double[] evaluate(JavaSparkContext jsc, JavaRDD<LabeledSequence> rows, byte[] file) {
        Broadcast<byte[]> bytes = jsc.broadcast(file);
        try {
            List<double[]> parts = new ArrayList<>(rows.mapPartitionsWithIndex(new EvaluatePartition(ModelBytes.id(file), bytes), false)
                    .collect());
            parts.sort((a, b) -> Double.compare(a[0], b[0]));
            double loss = 0;
            double n = 0;
            double correct = 0;
            for (double[] p : parts) {
                loss += p[1];
                n += p[2];
                correct += p[3];
            }
            return new double[] {loss / n, correct / n};
        } finally {
            bytes.destroy();
        }
    }

    private double checkpoint(Driver driver, int epochsDone, Map<String, Double> logs, double best) {
        boolean save;
        double next = best;
        if (checkpoint.saveBestOnly()) {
            double monitored = logs.get(checkpoint.monitor());
            save = Double.isNaN(best) || (checkpoint.mode() == ModelCheckpoint.Mode.MAX ? monitored > best : monitored < best);
            if (save) {
                next = monitored;
            }
        } else {
            save = epochsDone % checkpoint.everyEpochs() == 0;
        }
        if (save) {
            try {
                ModelBytes.load(driver.file).save(checkpoint.pathFor(epochsDone), checkpoint.includeOptimizerState());
            } catch (IOException e) {
                throw new UncheckedIOException("Epoch " + epochsDone + ": could not save the checkpoint " + checkpoint.pathFor(epochsDone), e);
            }
        }
        return next;
    }

    private static String format(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " - ").append(k).append(": ")
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }

    /**
     * The driver's side of the fit: the current model file (averaged weights and optimizer state), and
     * what listeners see of it.
     */
    private static final class Driver implements FitContext {
        private final StackedRnnModel template;
        private final List<String> metrics;
        private final int rounds;
        private final int samples;
        private final int epochs;
        byte[] file;
        boolean stop;

        Driver(StackedRnnModel template, byte[] file, List<String> metrics, int rounds, int samples, int epochs) {
            this.template = template;
            this.epochs = epochs;
            this.file = file;
            this.metrics = metrics;
            this.rounds = rounds;
            this.samples = samples;
        }

        /** Replaces the model by the mean of the round's copies. */
        void average(Contribution c) {
            OptimizerSnapshot before = STATE.read(file);
            float[] w = new float[c.weights.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (c.weights[i] / c.models);
            }
            List<float[]> slots = new ArrayList<>();
            for (double[] sum : c.slots) {
                float[] mean = new float[sum.length];
                for (int i = 0; i < mean.length; i++) {
                    mean[i] = (float) (sum[i] / c.models);
                }
                slots.add(mean);
            }
            long iterations = (before == null ? 0 : before.iterations()) + c.maxSteps;
            StackedRnnModel m = ModelBytes.load(file);
            m.setWeights(split(m, w));
            file = STATE.write(ModelBytes.of(m, true),
                    new OptimizerSnapshot(iterations, before == null ? 0 : before.learningRateOverride(), slots));
        }

        private static List<Tensor> split(StackedRnnModel m, float[] flat) {
            List<Tensor> out = new ArrayList<>();
            int offset = 0;
            for (Tensor t : m.getWeights()) {
                out.add(Tensor.of(Arrays.copyOfRange(flat, offset, offset + t.size()), t.shape()));
                offset += t.size();
            }
            return out;
        }

        /** The optimizer state of the current file, made afresh (zero slots) if no round has run. */
        private OptimizerState state() {
            OptimizerSnapshot s = STATE.read(file);
            OptimizerState state = s == null ? template.optimizer().newState(template.trainableParameterCount())
                    : template.optimizer().restoreState(template.trainableParameterCount(), s.iterations(), s.slots());
            if (s != null && s.learningRateOverride() > 0) {
                state.setLearningRate(s.learningRateOverride());
            }
            return state;
        }

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public int stepsPerEpoch() {
            return rounds;
        }

        @Override
        public int samples() {
            return samples;
        }

        @Override
        public List<String> metricNames() {
            return metrics;
        }

        @Override
        public void stopTraining() {
            stop = true;
        }

        @Override
        public boolean stopRequested() {
            return stop;
        }

        @Override
        public double learningRate() {
            return state().learningRate();
        }

        @Override
        public void setLearningRate(double value) {
            OptimizerState state = state();
            state.setLearningRate(value); // checks the value, and refuses with a schedule
            file = STATE.write(file, new OptimizerSnapshot(state.iterations(), value, state.slots()));
        }

        @Override
        public List<Tensor> getWeights() {
            return ModelBytes.load(file).getWeights();
        }

        @Override
        public void setWeights(List<Tensor> weights) {
            StackedRnnModel m = ModelBytes.load(file); // with the file's optimizer state, which the save below keeps
            m.setWeights(weights);
            file = ModelBytes.of(m, true);
        }
    }

    /** Configures a {@link SparkTrainer}; each setter checks its value, {@link #build()} leaves the builder unchanged. */
    public static final class Builder {
        private SequenceColumn input = SequenceColumn.ragged("seq");
        private String labelColumn = "label";
        private int epochs = 1;
        private int batchSize = 32;
        private int averagingFrequency = 5;
        private boolean shuffle = true;
        private Long seed;
        private int treeDepth = 2;
        private BadRowPolicy policy = BadRowPolicy.FAIL;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private ModelCheckpoint checkpoint;
        private RoundHook hook;

        private Builder() {
        }

        /**
         * @param value the sequence column; default {@code SequenceColumn.ragged("seq")}
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
         * @param value the column of class indices (int, long, short or byte); default {@code label}
         * @return this builder
         * @throws IllegalArgumentException if null or blank
         */
        public Builder labelColumn(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("Received an invalid value for argument `labelColumn`, expected a column name, got "
                        + (value == null ? "null" : "\"" + value + "\"") + ".");
            }
            labelColumn = value;
            return this;
        }

        /**
         * @param value passes over the training data; default 1
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder epochs(int value) {
            epochs = positive(value, "epochs");
            return this;
        }

        /**
         * @param value rows per mini-batch on each partition; default 32
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder batchSize(int value) {
            batchSize = positive(value, "batchSize");
            return this;
        }

        /**
         * @param value mini-batches each partition trains between two averagings; default 5 (DL4J's default)
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder averagingFrequency(int value) {
            averagingFrequency = positive(value, "averagingFrequency");
            return this;
        }

        /**
         * @param value false to visit each partition's rows in their order every epoch; default true
         * @return this builder
         */
        public Builder shuffle(boolean value) {
            shuffle = value;
            return this;
        }

        /**
         * @param value the seed of the per-epoch shuffling; default the model's seed
         * @return this builder
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * @param value depth of the aggregation tree (Spark's {@code treeAggregate}); default 2
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder treeDepth(int value) {
            treeDepth = positive(value, "treeDepth");
            return this;
        }

        /**
         * @param value a bad training or validation row fails the fit ({@link BadRowPolicy#FAIL}, the
         *              default) or is left out and counted ({@link BadRowPolicy#NULL}: {@link SparkFit#badRows()})
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
         * @param values listeners (Keras's callbacks), called on the driver in this order; added to any given before
         * @return this builder
         * @throws IllegalArgumentException if one is null
         */
        public Builder listeners(TrainingListener... values) {
            for (TrainingListener l : values) {
                if (l == null) {
                    throw new IllegalArgumentException("Received an invalid value for argument `listeners`, expected listeners, got a null one.");
                }
            }
            listeners.addAll(Arrays.asList(values));
            return this;
        }

        /**
         * @param value saves the driver's model after epochs, as {@code FitOptions.Builder#checkpoint} does
         *              (the epoch number in the path counts the epochs of this call)
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder checkpoint(ModelCheckpoint value) {
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `checkpoint`, expected a ModelCheckpoint, got null.");
            }
            checkpoint = value;
            return this;
        }

        /** For the tests: runs before each task of a round trains. */
        Builder roundHook(RoundHook value) {
            hook = value;
            return this;
        }

        /** @return the trainer */
        public SparkTrainer build() {
            return new SparkTrainer(this);
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
