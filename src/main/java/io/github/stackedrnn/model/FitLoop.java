package io.github.stackedrnn.model;

import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.ModelCheckpoint;
import io.github.stackedrnn.train.NonFiniteLossException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Keras's {@code fit}: epochs of shuffled mini-batches, validation on a held-out tail, one log line per epoch. */
final class FitLoop {
    private static final Logger LOG = LoggerFactory.getLogger(StackedRnnModel.class);

    private final StackedRnnModel model;
    private final TrainingData data;
    private final FitOptions options;

    FitLoop(StackedRnnModel model, TrainingData data, FitOptions options) {
        this.model = model;
        this.data = data;
        this.options = options;
        int samples = data.trainCount() + data.validationCount();
        if (data.trainCount() == 0) {
            throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " of " + samples
                    + " samples leaves no training sample");
        }
        ModelCheckpoint checkpoint = options.checkpoint();
        if (checkpoint != null && checkpoint.saveBestOnly() && checkpoint.monitor().startsWith("val_")
                && data.validationCount() == 0) {
            throw new IllegalArgumentException("The checkpoint monitors " + checkpoint.monitor()
                    + " but fit has no validation data: set validationSplit");
        }
        if (options.validationSplit() > 0 && data.validationCount() == 0) {
            throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " of " + samples
                    + " samples leaves no validation sample");
        }
    }

    /** Keras's split: {@code int(n * (1 - validation_split))} training samples; the tail validates. */
    static int trainCount(int samples, FitOptions options) {
        return (int) Math.floor(samples * (1.0 - options.validationSplit()));
    }

    History run() {
        List<Double> loss = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> valAccuracy = new ArrayList<>();
        int epochs = options.epochs();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            int epochIndex = model.nextEpochIndex();
            // each epoch's order depends only on the seed and how many epochs the model has done, so
            // fit(6) equals fit(3) then fit(3), and a resumed checkpoint shuffles as if never stopped
            List<Batch> batches = data.epoch(options.shuffle() ? model.shuffleRandom(epochIndex) : null, options.batchSize());
            double lossSum = 0;
            double correct = 0;
            long rows = 0;
            int batchIndex = 0;
            for (Batch batch : batches) {
                batchIndex++;
                Engine.Result r = model.step(batch, epoch, batchIndex);
                lossSum += r.lossSum;
                correct += r.scoreSum;
                rows += r.rows;
            }
            loss.add(lossSum / rows);
            accuracy.add((double) correct / rows);
            String validation = "";
            if (data.validationCount() > 0) {
                Evaluation v = data.validate();
                valLoss.add(v.loss());
                valAccuracy.add(v.accuracy());
                validation = String.format(Locale.ROOT, " - val_loss: %.4f - val_accuracy: %.4f", v.loss(), v.accuracy());
            }
            model.epochCompleted();
            if (options.checkpoint() != null) {
                double monitored = Double.NaN;
                if (options.checkpoint().saveBestOnly()) {
                    String metric = options.checkpoint().monitor();
                    monitored = metric.equals(History.LOSS) ? loss.get(loss.size() - 1)
                            : metric.equals(History.ACCURACY) ? accuracy.get(accuracy.size() - 1)
                            : metric.equals(History.VAL_LOSS) ? valLoss.get(valLoss.size() - 1)
                            : valAccuracy.get(valAccuracy.size() - 1);
                }
                checkpoint(options.checkpoint(), monitored);
            }
            LOG.info(String.format(Locale.ROOT, "Epoch %d/%d - %.1fs - loss: %.4f - accuracy: %.4f%s", epoch, epochs,
                    (System.nanoTime() - start) / 1e9, lossSum / rows, (double) correct / rows, validation));
        }
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        metrics.put(History.LOSS, loss);
        metrics.put(History.ACCURACY, accuracy);
        if (data.validationCount() > 0) {
            metrics.put(History.VAL_LOSS, valLoss);
            metrics.put(History.VAL_ACCURACY, valAccuracy);
        }
        return new History(metrics);
    }

    private double best = Double.NaN;

    /** Saves after this epoch if the checkpoint says so: every N epochs, or on an improvement of the monitored metric. */
    private void checkpoint(ModelCheckpoint checkpoint, double monitored) {
        int epochs = model.nextEpochIndex();
        boolean save;
        if (checkpoint.saveBestOnly()) {
            boolean better = checkpoint.mode() == ModelCheckpoint.Mode.MAX ? monitored > best : monitored < best;
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
                model.save(checkpoint.pathFor(epochs), checkpoint.includeOptimizerState());
            } catch (IOException e) {
                throw new UncheckedIOException("Epoch " + epochs + ": could not save the checkpoint " + checkpoint.pathFor(epochs), e);
            }
        }
    }

}
