package io.github.stackedrnn.train;

import io.github.stackedrnn.tensor.Tensor;

import java.util.List;

/**
 * What a {@link TrainingListener} sees of the running {@code fit} and may change: Keras's
 * {@code callback.model} reduced to what callbacks use. Valid only during the {@code fit} call that
 * passed it.
 *
 * <pre>{@code
 * TrainingListener stopAtTarget = new TrainingListener() {
 *     @Override
 *     public void onEpochEnd(FitContext context, int epoch, Map<String, Double> logs) {
 *         if (logs.get("val_accuracy") >= 0.99) {
 *             context.stopTraining();                       // the fit ends after this epoch
 *         }
 *         context.setLearningRate(context.learningRate() * 0.9);
 *     }
 * };
 * }</pre>
 */
public interface FitContext {
    /** @return the epochs this call of {@code fit} runs unless stopped */
    int epochs();

    /** @return batches per epoch */
    int stepsPerEpoch();

    /** @return the samples each epoch trains on */
    int samples();

    /**
     * @return the metric names every epoch's logs hold, in order: {@code loss}, then {@code accuracy}
     *         (classification) or {@code mae} (regression), then the same with {@code val_} when there is
     *         validation data
     */
    List<String> metricNames();

    /** Asks {@code fit} to stop after the current batch, as Keras's {@code model.stop_training = True}. */
    void stopTraining();

    /** @return true once {@link #stopTraining()} was called */
    boolean stopRequested();

    /** @return the learning rate the next optimizer step uses */
    double learningRate();

    /**
     * Sets the learning rate of the following steps, as Keras's {@code optimizer.learning_rate.assign}.
     *
     * @param value positive and finite
     * @throws IllegalArgumentException if not positive and finite
     * @throws IllegalStateException    if the optimizer follows a learning-rate schedule
     */
    void setLearningRate(double value);

    /** @return copies of the model's weights, as {@code StackedRnnModel.getWeights()} */
    List<Tensor> getWeights();

    /**
     * Replaces the model's weights, as {@code StackedRnnModel.setWeights}.
     *
     * @param weights tensors in {@link #getWeights()} order and shapes
     */
    void setWeights(List<Tensor> weights);
}
