package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.NonFiniteLossException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        if (options.validationSplit() > 0 && validationCount == 0) {
            throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " of " + samples
                    + " samples leaves no validation sample");
        }
    }

    History run(SplittableRandom shuffleRandom) {
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
            if (options.shuffle()) {
                shuffle(order, shuffleRandom);
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
