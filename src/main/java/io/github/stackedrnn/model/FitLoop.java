package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitContext;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.ModelCheckpoint;
import io.github.stackedrnn.train.MonitorMode;
import io.github.stackedrnn.train.NonFiniteLossException;
import io.github.stackedrnn.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keras's {@code fit}: epochs of shuffled mini-batches, validation after each, listeners told of every
 * batch and epoch, one log line per epoch.
 */
final class FitLoop {
    private static final Logger LOG = LoggerFactory.getLogger(StackedRnnModel.class);

    private final Trainer trainer;
    private final CheckpointWriter checkpoints;
    private final TrainingData data;
    private final FitOptions options;
    private final Supplier<Evaluation> validation; // null without validation data
    private final String metric;                   // accuracy, or mae for regression
    private double best = Double.NaN;              // the checkpoint's best monitored value
    private final FitOutput output;                // the listeners (with verbose's bar) and the log line's level

    /** Saves the model for a checkpoint: {@code StackedRnnModel.save(path, includeOptimizerState)}. */
    interface CheckpointWriter {
        void save(Path path, boolean includeOptimizerState) throws IOException;
    }

    FitLoop(Trainer trainer, Network net, CheckpointWriter checkpoints, TrainingData data, FitOptions options,
            Supplier<Evaluation> explicitValidation) {
        this(trainer, net, checkpoints, data, options, explicitValidation, LOG);
    }

    /** With the logger of the epoch lines; tests pass one that records them. */
    FitLoop(Trainer trainer, Network net, CheckpointWriter checkpoints, TrainingData data, FitOptions options,
            Supplier<Evaluation> explicitValidation, Logger log) {
        this.output = FitOutput.of(options, log);
        this.trainer = trainer;
        this.checkpoints = checkpoints;
        this.data = data;
        this.options = options;
        this.metric = net.loss.metricName();
        int samples = data.trainCount() + data.validationCount();
        if (data.trainCount() == 0) {
            throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " of " + samples
                    + " samples leaves no training sample");
        }
        if (options.validationSplit() > 0 && data.validationCount() == 0) {
            throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " of " + samples
                    + " samples leaves no validation sample");
        }
        this.validation = explicitValidation != null ? explicitValidation : data.validationCount() > 0 ? data::validate : null;
        ModelCheckpoint checkpoint = options.checkpoint();
        if (checkpoint != null && checkpoint.saveBestOnly() && checkpoint.monitor().startsWith("val_") && validation == null) {
            throw new IllegalArgumentException("The checkpoint monitors " + checkpoint.monitor()
                    + " but fit has no validation data: set validationSplit or validationData");
        }
        if (checkpoint != null && checkpoint.saveBestOnly() && !metricNames().contains(checkpoint.monitor())) {
            throw new IllegalArgumentException("The checkpoint monitors " + checkpoint.monitor() + " but this fit reports "
                    + metricNames());
        }
        if (checkpoint != null) {
            // found now, not after the first epoch has trained and changed the weights
            Path directory = checkpoint.pathFor(trainer.epochsDone() + 1).toAbsolutePath().getParent();
            if (directory == null || !Files.isDirectory(directory)) {
                throw new IllegalArgumentException("The checkpoint " + checkpoint.pathFor(trainer.epochsDone() + 1)
                        + " would be written in " + directory + ", which is not an existing directory");
            }
            if (!Files.isWritable(directory)) {
                throw new IllegalArgumentException("The checkpoint directory " + directory + " is not writable");
            }
        }
    }

    /** Keras's split: {@code int(n * (1 - validation_split))} training samples; the tail validates. */
    static int trainCount(int samples, FitOptions options) {
        return (int) Math.floor(samples * (1.0 - options.validationSplit()));
    }

    private List<String> metricNames() {
        List<String> names = new ArrayList<>(List.of(History.LOSS, metric));
        if (validation != null) {
            names.add("val_" + History.LOSS);
            names.add("val_" + metric);
        }
        return Collections.unmodifiableList(names);
    }

    History run() {
        int epochs = options.epochs();
        int steps = (data.trainCount() + options.batchSize() - 1) / options.batchSize();
        Context context = new Context(epochs, steps, data.trainCount(), metricNames());
        Map<String, List<Double>> history = new LinkedHashMap<>();
        for (String name : context.names) {
            history.put(name, new ArrayList<>());
        }
        List<TrainingListener> listeners = output.listeners();
        try {
            for (TrainingListener l : listeners) {
                l.onTrainBegin(context);
            }
            for (int epoch = 0; epoch < epochs && !context.stop; epoch++) {
                Map<String, Double> logs = runEpoch(context, epoch);
                logs.forEach((name, value) -> history.get(name).add(value));
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(context, epoch, Collections.unmodifiableMap(logs));
                }
            }
        } finally {
            for (TrainingListener l : listeners) {
                l.onTrainEnd(context);
            }
        }
        return new History(history);
    }

    /** One epoch: its batches (until a listener stops the fit), validation, checkpoint and log line; returns its logs. */
    private Map<String, Double> runEpoch(Context context, int epoch) {
        long start = System.nanoTime();
        List<TrainingListener> listeners = output.listeners();
        for (TrainingListener l : listeners) {
            l.onEpochBegin(context, epoch);
        }
        // each epoch's order depends only on the seed and how many epochs the model has done, so
        // fit(6) equals fit(3) then fit(3), and a resumed checkpoint shuffles as if never stopped
        int epochIndex = trainer.epochsDone();
        double lossSum = 0;
        double scoreSum = 0;
        long rows = 0;
        try (TrainingData.BatchStream batches = data.stream(options.shuffle() ? trainer.shuffleRandom(epochIndex) : null,
                options.batchSize())) {
            for (int b = 0; !context.stop; b++) {
                Batch batch = batches.next(); // a dataset's bad data throws here, after the last whole step
                if (batch == null) {
                    break;
                }
                Map<String, Double> batchLogs = new LinkedHashMap<>();
                try {
                    Engine.Result r = trainer.applyStep(batch, epoch + 1, b + 1);
                    lossSum += r.lossSum;
                    scoreSum += r.scoreSum;
                    rows += r.rows;
                    batchLogs.put(History.LOSS, lossSum / rows);
                    batchLogs.put(metric, scoreSum / rows);
                } catch (NonFiniteLossException e) {
                    // a listener (TerminateOnNaN) may end the fit here, keeping the last finite weights
                    batchLogs.put(History.LOSS, Double.NaN);
                    batchLogs.put(metric, rows == 0 ? Double.NaN : scoreSum / rows);
                    for (TrainingListener l : listeners) {
                        l.onBatchEnd(context, epoch, b, Collections.unmodifiableMap(batchLogs));
                    }
                    if (!context.stop) {
                        throw e;
                    }
                    LOG.warn("{}; a listener ended the training", e.getMessage());
                    break;
                }
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(context, epoch, b, Collections.unmodifiableMap(batchLogs));
                }
            }
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put(History.LOSS, lossSum / rows);
        logs.put(metric, scoreSum / rows);
        if (validation != null) {
            Evaluation v = validation.get();
            logs.put("val_" + History.LOSS, v.loss());
            logs.put("val_" + metric, v.isClassification() ? v.accuracy() : v.mae());
        }
        trainer.epochCompleted();
        if (options.checkpoint() != null) {
            checkpoint(options.checkpoint(), logs);
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d - %.1fs", epoch + 1, options.epochs(),
                (System.nanoTime() - start) / 1e9));
        logs.forEach((name, value) -> line.append(String.format(Locale.ROOT, " - %s: %.4f", name, value)));
        output.epochLine(line.toString());
        return logs;
    }

    /** Saves after this epoch if the checkpoint says so: every N epochs, or on an improvement of the monitored metric. */
    private void checkpoint(ModelCheckpoint checkpoint, Map<String, Double> logs) {
        int epochs = trainer.epochsDone();
        boolean save;
        if (checkpoint.saveBestOnly()) {
            double monitored = logs.get(checkpoint.monitor());
            boolean better = checkpoint.monitorMode() == MonitorMode.MAX ? monitored > best : monitored < best;
            save = Double.isNaN(best) ? !Double.isNaN(monitored) : better;
            if (save) {
                LOG.info("Epoch {}: {} improved from {} to {}, saving the model to {}", epochs, checkpoint.monitor(),
                        String.format(Locale.ROOT, "%.5f", best), String.format(Locale.ROOT, "%.5f", monitored),
                        checkpoint.pathFor(epochs));
                best = monitored;
            }
        } else {
            save = epochs % checkpoint.everyEpochs() == 0;
        }
        if (save) {
            try {
                checkpoints.save(checkpoint.pathFor(epochs), checkpoint.includeOptimizerState());
            } catch (IOException e) {
                throw new UncheckedIOException("Epoch " + epochs + ": could not save the checkpoint " + checkpoint.pathFor(epochs), e);
            }
        }
    }

    /** What listeners see of this fit. Runs on the fitting thread, which holds the training session. */
    private final class Context implements FitContext {
        private final int epochs;
        private final int steps;
        private final int samples;
        private final List<String> names;
        private boolean stop;

        Context(int epochs, int steps, int samples, List<String> names) {
            this.epochs = epochs;
            this.steps = steps;
            this.samples = samples;
            this.names = names;
        }

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public int stepsPerEpoch() {
            return steps;
        }

        @Override
        public int samples() {
            return samples;
        }

        @Override
        public List<String> metricNames() {
            return names;
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
            return trainer.learningRate();
        }

        @Override
        public void setLearningRate(double value) {
            trainer.setLearningRate(value);
        }

        @Override
        public List<Tensor> getWeights() {
            return trainer.weights();
        }

        @Override
        public void setWeights(List<Tensor> weights) {
            trainer.setWeights(weights);
        }
    }
}
