package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;
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
import java.util.SplittableRandom;

/** Keras's {@code fit}: epochs of shuffled mini-batches, validation on a held-out tail, one log line per epoch. */
final class FitLoop {
    private static final Logger LOG = LoggerFactory.getLogger(StackedRnnModel.class);

    private final StackedRnnModel model;
    private final Tensor x;
    private final Targets targets;
    private final FitOptions options;
    private final int trainCount;
    private final int validationCount;

    FitLoop(StackedRnnModel model, Tensor x, Targets targets, FitOptions options) {
        this.model = model;
        this.x = x;
        this.targets = targets;
        this.options = options;
        int samples = x.dim(0);
        // Keras: split_at = int(n * (1 - validation_split)); the tail is validation, taken before shuffling
        this.trainCount = (int) Math.floor(samples * (1.0 - options.validationSplit()));
        this.validationCount = samples - trainCount;
        if (trainCount == 0) {
            throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " of " + samples
                    + " samples leaves no training sample");
        }
        ModelCheckpoint checkpoint = options.checkpoint();
        if (checkpoint != null && checkpoint.saveBestOnly() && checkpoint.monitor().startsWith("val_") && validationCount == 0) {
            throw new IllegalArgumentException("The checkpoint monitors " + checkpoint.monitor()
                    + " but fit has no validation data: set validationSplit");
        }
        if (options.validationSplit() > 0 && validationCount == 0) {
            throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " of " + samples
                    + " samples leaves no validation sample");
        }
    }

    History run() {
        int[] order = new int[trainCount];
        for (int i = 0; i < trainCount; i++) {
            order[i] = i;
        }
        List<Double> loss = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> valAccuracy = new ArrayList<>();
        int epochs = options.epochs();
        int batchSize = options.batchSize();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            int epochIndex = model.nextEpochIndex();
            if (options.shuffle()) {
                // each epoch's order depends only on the seed and how many epochs the model has done, so
                // fit(6) equals fit(3) then fit(3), and a resumed checkpoint shuffles as if never stopped
                for (int i = 0; i < trainCount; i++) {
                    order[i] = i;
                }
                shuffle(order, model.shuffleRandom(epochIndex));
            }
            double lossSum = 0;
            long correct = 0;
            long rows = 0;
            int batchIndex = 0;
            for (int first = 0; first < trainCount; first += batchSize) {
                batchIndex++;
                int size = Math.min(batchSize, trainCount - first);
                Engine.Result r = model.step(new Batch(x, targets, order, first, size), epoch, batchIndex);
                lossSum += r.lossSum;
                correct += r.correct;
                rows += r.rows;
            }
            loss.add(lossSum / rows);
            accuracy.add((double) correct / rows);
            String validation = "";
            if (validationCount > 0) {
                Evaluation v = model.evaluateRange(x, targets, trainCount, validationCount);
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
        if (validationCount > 0) {
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

    /** Fisher-Yates with the model's shuffling stream, so the same seed gives the same epochs. */
    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
