package io.github.stackedrnn.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-epoch metrics of one {@code fit} call, like Keras's {@code History.history}: {@code loss},
 * {@code accuracy}, and with validation data {@code val_loss}, {@code val_accuracy}. Immutable.
 */
public final class History {
    /** Metric name of the training loss. */
    public static final String LOSS = "loss";
    /** Metric name of the training accuracy. */
    public static final String ACCURACY = "accuracy";
    /** Metric name of the validation loss. */
    public static final String VAL_LOSS = "val_loss";
    /** Metric name of the validation accuracy. */
    public static final String VAL_ACCURACY = "val_accuracy";

    private final Map<String, List<Double>> metrics;

    /**
     * @param metrics per-epoch values by metric name, every list one entry per epoch; copied
     * @throws IllegalArgumentException if the lists differ in length
     */
    public History(Map<String, List<Double>> metrics) {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        int epochs = -1;
        for (Map.Entry<String, List<Double>> e : metrics.entrySet()) {
            if (epochs >= 0 && e.getValue().size() != epochs) {
                throw new IllegalArgumentException("Metric " + e.getKey() + " has " + e.getValue().size()
                        + " values but other metrics have " + epochs);
            }
            epochs = e.getValue().size();
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        this.metrics = Collections.unmodifiableMap(copy);
    }

    /** @return how many epochs ran */
    public int epochs() {
        return metrics.isEmpty() ? 0 : metrics.values().iterator().next().size();
    }

    /** @return the training loss of each epoch: the mean over its batches, each measured before its step */
    public List<Double> loss() {
        return metric(LOSS);
    }

    /** @return the training accuracy of each epoch, measured like {@link #loss()} */
    public List<Double> accuracy() {
        return metric(ACCURACY);
    }

    /** @return the validation loss after each epoch, empty without validation data */
    public List<Double> valLoss() {
        return metric(VAL_LOSS);
    }

    /** @return the validation accuracy after each epoch, empty without validation data */
    public List<Double> valAccuracy() {
        return metric(VAL_ACCURACY);
    }

    /**
     * @param name a metric name such as {@code "val_loss"}
     * @return its per-epoch values, empty if the metric was not recorded
     */
    public List<Double> metric(String name) {
        return metrics.getOrDefault(name, List.of());
    }

    /** @return every metric by name, in insertion order */
    public Map<String, List<Double>> asMap() {
        return metrics;
    }

    @Override
    public String toString() {
        return "History" + metrics;
    }
}
