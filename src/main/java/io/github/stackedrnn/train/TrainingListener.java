package io.github.stackedrnn.train;

import java.util.Map;

/**
 * Hears what {@code fit} does, as Keras's {@code Callback}: training start and end, each epoch's start
 * and end, each batch's end. Pass listeners with {@link FitOptions.Builder#listeners}; they are called
 * in that order, on the thread that called {@code fit}, under the model's training lock.
 *
 * <p>Epochs and batches are counted from 0, as Keras counts them for callbacks. Logs map metric names
 * ({@link History#LOSS}, {@link History#ACCURACY}, {@code mae}, {@code val_loss}, ...) to values: at a
 * batch's end the running means over the epoch so far, at an epoch's end the epoch's figures,
 * validation included. The maps are unmodifiable.
 *
 * <pre>{@code
 * // Keras's LambdaCallback(on_epoch_end=...): log each epoch's validation loss
 * TrainingListener printer = new TrainingListener() {
 *     @Override
 *     public void onEpochEnd(FitContext context, int epoch, Map<String, Double> logs) {
 *         log.info("epoch {} of {}: val_loss {}", epoch + 1, context.epochs(), logs.get("val_loss"));
 *     }
 * };
 * model.fit(x, labels, FitOptions.builder().epochs(10).validationSplit(0.2).listeners(printer).build());
 * }</pre>
 */
public interface TrainingListener {
    /** @param context the running fit: what it will report, and controls such as stopping it */
    default void onTrainBegin(FitContext context) {
    }

    /**
     * @param context the running fit
     * @param epoch   the epoch about to run, from 0 within this call of {@code fit}
     */
    default void onEpochBegin(FitContext context, int epoch) {
    }

    /**
     * @param context the running fit
     * @param epoch   the epoch, from 0
     * @param batch   the batch just done, from 0 within the epoch
     * @param logs    running means over the epoch's batches so far; a batch whose loss was not finite
     *                reports {@code loss = NaN} (its step was not applied)
     */
    default void onBatchEnd(FitContext context, int epoch, int batch, Map<String, Double> logs) {
    }

    /**
     * @param context the running fit
     * @param epoch   the epoch just done, from 0
     * @param logs    the epoch's metrics, as {@link History} records them
     */
    default void onEpochEnd(FitContext context, int epoch, Map<String, Double> logs) {
    }

    /** @param context the fit that ends, normally or because a listener stopped it */
    default void onTrainEnd(FitContext context) {
    }
}
