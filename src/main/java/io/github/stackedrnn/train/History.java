package io.github.stackedrnn.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-epoch metrics of one {@code fit} call, like Keras's {@code History.history}: {@code loss},
 * {@code accuracy} (classification) or {@code mae} (regression), and with validation data the same with
 * {@code val_}. Immutable.
 *
 * <pre>{@code
 * History history = model.fit(x, labels, FitOptions.builder().epochs(20).validationSplit(0.2).build());
 * List<Double> valLoss = history.valLoss();           // one value per epoch, as history.history['val_loss']
 * double last = history.accuracy().get(history.epochs() - 1);
 * history.writeCsv(Path.of("history.csv"));           // epoch,loss,accuracy,val_loss,val_accuracy
 * }</pre>
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
    /** Metric name of the training mean absolute error (regression). */
    public static final String MAE = "mae";
    /** Metric name of the validation mean absolute error (regression). */
    public static final String VAL_MAE = "val_mae";

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

    /** @return the training mean absolute error of each epoch (regression), empty if not recorded */
    public List<Double> mae() {
        return metric(MAE);
    }

    /** @return the validation mean absolute error after each epoch (regression), empty if not recorded */
    public List<Double> valMae() {
        return metric(VAL_MAE);
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

    /**
     * The history as CSV, as Keras's {@code CSVLogger} would have written it: a header {@code epoch} and the
     * metric names in order, then one row per epoch, epochs from 0. Numbers are written with
     * {@link Double#toString}: locale-independent, and read back exactly. Lines end with {@code \n}.
     *
     * <pre>
     * epoch,loss,accuracy
     * 0,1.3862943611198906,0.25
     * </pre>
     *
     * @return the CSV text
     */
    public String toCsv() {
        StringBuilder s = new StringBuilder("epoch");
        for (String name : metrics.keySet()) {
            s.append(',').append(name);
        }
        s.append('\n');
        for (int epoch = 0; epoch < epochs(); epoch++) {
            s.append(epoch);
            for (List<Double> values : metrics.values()) {
                s.append(',').append(Double.toString(values.get(epoch)));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * Writes {@link #toCsv()} to a file, in UTF-8, replacing it if it exists.
     *
     * @param path the file to write
     * @throws IOException if it cannot be written
     */
    public void writeCsv(Path path) throws IOException {
        Files.writeString(path, toCsv(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "History" + metrics;
    }
}
