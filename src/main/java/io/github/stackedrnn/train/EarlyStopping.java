package io.github.stackedrnn.train;

import io.github.stackedrnn.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Stops {@code fit} when a monitored metric has stopped improving, as Keras 3's {@code EarlyStopping}.
 *
 * <p>At the end of every epoch from {@link #startFromEpoch()} on, the monitored value improves if it beats
 * the best so far by more than {@link #minDelta()} (smaller for {@link MonitorMode#MIN}, larger for
 * {@link MonitorMode#MAX}). An improvement records the value and the epoch and, if it also beats the
 * {@link #baseline()} (when set), resets the wait; any other epoch adds one to the wait, and once the wait
 * reaches {@link #patience()} (at epoch 1 or later) training stops. So with patience 0 the first epoch
 * that does not improve stops training; with a baseline no epoch counts as progress until one beats it.
 *
 * <p>With {@link #restoreBestWeights()}, the weights at the end of the best epoch are copied and, when
 * training ends (stopped or not, as Keras 3 does), set back on the model. If no epoch ever improved,
 * those of the first monitored epoch are restored.
 *
 * <pre>{@code
 * EarlyStopping stop = EarlyStopping.builder().monitor("val_loss").patience(3).restoreBestWeights(true).build();
 * // ... fit with stop among the listeners, then:
 * stop.bestEpoch(); // the epoch whose weights the model now holds
 * }</pre>
 *
 * <p>The configuration is immutable. The run state (wait, best value, best weights, stopped and best epoch)
 * is reset by {@link #onTrainBegin}, so one instance may serve several {@code fit} calls one after the
 * other, and after each it tells how that one went; it must not serve two concurrent fits.
 */
public final class EarlyStopping implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final MonitorMode mode;
    private final Double baseline;
    private final boolean restoreBestWeights;
    private final int startFromEpoch;

    // run state, reset by onTrainBegin
    private int wait;
    private double best;
    private int bestEpoch;
    private int stoppedEpoch;
    private List<Tensor> bestWeights;

    private EarlyStopping(Builder b) {
        this.monitor = b.monitor == null ? History.VAL_LOSS : b.monitor;
        this.minDelta = b.minDelta == null ? 0 : b.minDelta;
        this.patience = b.patience == null ? 0 : b.patience;
        this.mode = b.mode == null ? MonitorMode.AUTO : b.mode;
        this.baseline = b.baseline;
        this.restoreBestWeights = b.restoreBestWeights != null && b.restoreBestWeights;
        this.startFromEpoch = b.startFromEpoch == null ? 0 : b.startFromEpoch;
        reset();
    }

    /** @return a builder with Keras's defaults: monitor {@code val_loss}, min delta 0, patience 0, mode auto */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the monitored metric, such as {@code val_loss} */
    public String monitor() {
        return monitor;
    }

    /** @return the least change of the monitored value that counts as an improvement, non-negative */
    public double minDelta() {
        return minDelta;
    }

    /** @return epochs without improvement after which training stops */
    public int patience() {
        return patience;
    }

    /** @return whether smaller or larger is better, {@link MonitorMode#AUTO} resolved by the metric's name */
    public MonitorMode mode() {
        return mode.resolve(monitor);
    }

    /** @return the value the monitored metric must beat for the wait to reset, if set */
    public OptionalDouble baseline() {
        return baseline == null ? OptionalDouble.empty() : OptionalDouble.of(baseline);
    }

    /** @return true if the best epoch's weights are set back when training ends */
    public boolean restoreBestWeights() {
        return restoreBestWeights;
    }

    /** @return epochs (from 0) before which the monitored metric is ignored: a warm-up */
    public int startFromEpoch() {
        return startFromEpoch;
    }

    /**
     * @return the epoch (from 0, within the last {@code fit}) after which this listener stopped training, or
     *         0 if it did not (it never stops at epoch 0, as Keras)
     */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** @return the epoch (from 0, within the last {@code fit}) with the best monitored value so far, 0 before any */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** @return the best monitored value so far: infinite (of the losing sign) before any */
    public double best() {
        return best;
    }

    /**
     * Resets the run state and checks that the fit reports the monitored metric.
     *
     * @throws IllegalArgumentException if {@code context.metricNames()} lacks {@link #monitor()}; the
     *                                  message lists the available metrics
     */
    @Override
    public void onTrainBegin(FitContext context) {
        Settings.requireMetric("EarlyStopping", monitor, context);
        reset();
    }

    private void reset() {
        wait = 0;
        stoppedEpoch = 0;
        bestEpoch = 0;
        bestWeights = null;
        best = mode() == MonitorMode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Updates the wait and the best value, and stops training when the patience is exhausted. */
    @Override
    public void onEpochEnd(FitContext context, int epoch, Map<String, Double> logs) {
        Double current = logs.get(monitor);
        if (current == null) {
            LOG.warn("Early stopping conditioned on metric `{}` which is not available. Available metrics are: {}",
                    monitor, String.join(",", logs.keySet()));
            return;
        }
        if (epoch < startFromEpoch) {
            return;
        }
        if (restoreBestWeights && bestWeights == null) {
            // never improved yet: the current weights are the best there are
            bestWeights = context.getWeights();
            bestEpoch = epoch;
        }
        wait++;
        if (isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = context.getWeights();
            }
            // the wait restarts only on beating both the baseline and the previous best
            if (baseline == null || isImprovement(current, baseline)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            context.stopTraining();
            LOG.info("Epoch {}: early stopping", epoch + 1);
        }
    }

    /** Sets the best epoch's weights back on the model, if {@link #restoreBestWeights()}. */
    @Override
    public void onTrainEnd(FitContext context) {
        if (restoreBestWeights && bestWeights != null) {
            LOG.info("Restoring model weights from the end of the best epoch: {}.", bestEpoch + 1);
            context.setWeights(bestWeights);
            bestWeights = null;
        }
    }

    /** Keras's {@code monitor_op(value - min_delta, reference)}, the delta's sign set by the mode. */
    private boolean isImprovement(double value, double reference) {
        return mode() == MonitorMode.MIN ? value + minDelta < reference : value - minDelta > reference;
    }

    @Override
    public String toString() {
        return "EarlyStopping{monitor=" + monitor + ", minDelta=" + minDelta + ", patience=" + patience + ", mode=" + mode()
                + (baseline == null ? "" : ", baseline=" + baseline) + ", restoreBestWeights=" + restoreBestWeights
                + ", startFromEpoch=" + startFromEpoch + "}";
    }

    /** Builds an {@link EarlyStopping}. Each setting may be made once. */
    public static final class Builder {
        private String monitor;
        private Double minDelta;
        private Integer patience;
        private MonitorMode mode;
        private Double baseline;
        private Boolean restoreBestWeights;
        private Integer startFromEpoch;

        private Builder() {
        }

        /**
         * @param value the metric to watch, one of the fit's {@link FitContext#metricNames()}; default {@code val_loss}
         * @return this builder
         * @throws IllegalArgumentException if null or empty
         * @throws IllegalStateException    if already set
         */
        public Builder monitor(String value) {
            Settings.metricName("monitor", value);
            Settings.once("monitor", monitor);
            monitor = value;
            return this;
        }

        /**
         * @param value the least change that counts as an improvement, non-negative and finite; default 0
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         * @throws IllegalStateException    if already set
         */
        public Builder minDelta(double value) {
            Settings.nonNegativeFinite("minDelta", value);
            Settings.once("minDelta", minDelta);
            minDelta = value;
            return this;
        }

        /**
         * @param value epochs without improvement before stopping, non-negative; default 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws IllegalStateException    if already set
         */
        public Builder patience(int value) {
            Settings.nonNegative("patience", value);
            Settings.once("patience", patience);
            patience = value;
            return this;
        }

        /**
         * @param value whether smaller or larger is better; default {@link MonitorMode#AUTO}
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if already set
         */
        public Builder mode(MonitorMode value) {
            Settings.notNull("mode", "AUTO, MIN or MAX", value);
            Settings.once("mode", mode);
            mode = value;
            return this;
        }

        /**
         * @param value a value the monitored metric must beat (by more than the min delta) before an epoch
         *              resets the wait; default none
         * @return this builder
         * @throws IllegalArgumentException if not finite
         * @throws IllegalStateException    if already set
         */
        public Builder baseline(double value) {
            Settings.finite("baseline", value);
            Settings.once("baseline", baseline);
            baseline = value;
            return this;
        }

        /**
         * @param value true to set the best epoch's weights back when training ends; default false
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder restoreBestWeights(boolean value) {
            Settings.once("restoreBestWeights", restoreBestWeights);
            restoreBestWeights = value;
            return this;
        }

        /**
         * @param value epochs of warm-up, from the start of each fit, during which the metric is ignored,
         *              non-negative; default 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws IllegalStateException    if already set
         */
        public Builder startFromEpoch(int value) {
            Settings.nonNegative("startFromEpoch", value);
            Settings.once("startFromEpoch", startFromEpoch);
            startFromEpoch = value;
            return this;
        }

        /** @return the listener; the builder is unchanged */
        public EarlyStopping build() {
            return new EarlyStopping(this);
        }
    }
}
