package io.github.stackedrnn.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Lowers the learning rate when a monitored metric has stopped improving, as Keras 3's
 * {@code ReduceLROnPlateau}: models often gain from dividing the rate by 2 to 10 once learning stagnates.
 *
 * <p>At every epoch's end: during a cooldown the cooldown count goes down by one and the wait is reset.
 * Then, if the value beats the best so far by more than {@link #minDelta()}, it becomes the best and the
 * wait is reset; otherwise, outside a cooldown, the wait grows by one, and once it reaches
 * {@link #patience()} the rate becomes {@code max(rate * factor, minLr)} (if it is still above
 * {@link #minLr()}), a cooldown of {@link #cooldown()} epochs starts and the wait is reset. Each reduction
 * is logged at INFO.
 *
 * <p>The name keeps Keras's spelling, so that it is found by those who know Keras.
 *
 * <p>The configuration is immutable; the run state (best value, wait, cooldown) is reset by
 * {@link #onTrainBegin}, so one instance may serve several {@code fit} calls one after the other, but not
 * two concurrent ones.
 *
 * <pre>{@code
 * // ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=2, min_lr=1e-5)
 * ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().monitor("val_loss").factor(0.5).patience(2).minLr(1e-5).build();
 * model.fit(x, labels, FitOptions.builder().epochs(100).validationSplit(0.2).listeners(plateau).build());
 * }</pre>
 */
public final class ReduceLROnPlateau implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReduceLROnPlateau.class);

    private final String monitor;
    private final double factor;
    private final int patience;
    private final MonitorMode mode;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;

    // run state, reset by onTrainBegin
    private double best;
    private int wait;
    private int cooldownCounter;

    private ReduceLROnPlateau(Builder b) {
        this.monitor = b.monitor == null ? History.VAL_LOSS : b.monitor;
        this.factor = b.factor == null ? 0.1 : b.factor;
        this.patience = b.patience == null ? 10 : b.patience;
        this.mode = b.mode == null ? MonitorMode.AUTO : b.mode;
        this.minDelta = b.minDelta == null ? 1e-4 : b.minDelta;
        this.cooldown = b.cooldown == null ? 0 : b.cooldown;
        this.minLr = b.minLr == null ? 0 : b.minLr;
        reset();
    }

    /**
     * @return a builder with Keras's defaults: monitor {@code val_loss}, factor 0.1, patience 10, mode auto,
     *         min delta 1e-4, cooldown 0, min learning rate 0
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the monitored metric, such as {@code val_loss} */
    public String monitor() {
        return monitor;
    }

    /** @return the factor, in (0, 1), the learning rate is multiplied by on a plateau */
    public double factor() {
        return factor;
    }

    /** @return epochs without improvement after which the learning rate is reduced */
    public int patience() {
        return patience;
    }

    /** @return whether smaller or larger is better, {@link MonitorMode#AUTO} resolved by the metric's name */
    public MonitorMode mode() {
        return mode.resolve(monitor);
    }

    /** @return the least change of the monitored value that counts as an improvement */
    public double minDelta() {
        return minDelta;
    }

    /** @return epochs after a reduction during which no epoch counts towards the patience */
    public int cooldown() {
        return cooldown;
    }

    /** @return the lower bound of the learning rate */
    public double minLr() {
        return minLr;
    }

    /**
     * Resets the run state and checks that the fit reports the monitored metric.
     *
     * @throws IllegalArgumentException if {@code context.metricNames()} lacks {@link #monitor()}; the
     *                                  message lists the available metrics
     */
    @Override
    public void onTrainBegin(FitContext context) {
        Settings.requireMetric("ReduceLROnPlateau", monitor, context);
        reset();
    }

    private void reset() {
        best = mode() == MonitorMode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        wait = 0;
        cooldownCounter = 0;
    }

    /**
     * Updates the best value, the wait and the cooldown, and reduces the learning rate on a plateau.
     *
     * @throws IllegalStateException from {@link FitContext#setLearningRate}, if the optimizer follows a
     *                               learning-rate schedule
     */
    @Override
    public void onEpochEnd(FitContext context, int epoch, Map<String, Double> logs) {
        Double current = logs.get(monitor);
        if (current == null) {
            LOG.warn("Learning rate reduction is conditioned on metric `{}` which is not available. Available metrics are: {}.",
                    monitor, String.join(",", logs.keySet()));
            return;
        }
        if (inCooldown()) {
            cooldownCounter--;
            wait = 0;
        }
        if (isImprovement(current)) {
            best = current;
            wait = 0;
        } else if (!inCooldown()) {
            wait++;
            if (wait >= patience) {
                double oldLr = context.learningRate();
                // Keras compares its float32 rate with float32(min_lr); the rate here is a double, so the
                // same test, "not yet at the floor", is a double comparison
                if (oldLr > minLr) {
                    double newLr = Math.max(oldLr * factor, minLr);
                    context.setLearningRate(newLr);
                    LOG.info("Epoch {}: ReduceLROnPlateau reducing learning rate to {}.", epoch + 1, newLr);
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }

    private boolean inCooldown() {
        return cooldownCounter > 0;
    }

    private boolean isImprovement(double current) {
        return mode() == MonitorMode.MIN ? current < best - minDelta : current > best + minDelta;
    }

    @Override
    public String toString() {
        return "ReduceLROnPlateau{monitor=" + monitor + ", factor=" + factor + ", patience=" + patience + ", mode=" + mode()
                + ", minDelta=" + minDelta + ", cooldown=" + cooldown + ", minLr=" + minLr + "}";
    }

    /** Builds a {@link ReduceLROnPlateau}. Each setting may be made once. */
    public static final class Builder {
        private String monitor;
        private Double factor;
        private Integer patience;
        private MonitorMode mode;
        private Double minDelta;
        private Integer cooldown;
        private Double minLr;

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
         * @param value the new rate is {@code rate * factor}; in (0, 1); default 0.1
         * @return this builder
         * @throws IllegalArgumentException if not in (0, 1)
         * @throws IllegalStateException    if already set
         */
        public Builder factor(double value) {
            if (!(value > 0 && value < 1)) {
                throw Settings.invalid("factor", "a number in (0, 1)", value);
            }
            Settings.once("factor", factor);
            factor = value;
            return this;
        }

        /**
         * @param value epochs without improvement before reducing, non-negative; default 10
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
         * @param value the least change that counts as an improvement, non-negative and finite; default 1e-4
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
         * @param value epochs after a reduction before the wait counts again, non-negative; default 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws IllegalStateException    if already set
         */
        public Builder cooldown(int value) {
            Settings.nonNegative("cooldown", value);
            Settings.once("cooldown", cooldown);
            cooldown = value;
            return this;
        }

        /**
         * @param value the lowest learning rate to reduce to, non-negative and finite; default 0
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         * @throws IllegalStateException    if already set
         */
        public Builder minLr(double value) {
            Settings.nonNegativeFinite("minLr", value);
            Settings.once("minLr", minLr);
            minLr = value;
            return this;
        }

        /** @return the listener; the builder is unchanged */
        public ReduceLROnPlateau build() {
            return new ReduceLROnPlateau(this);
        }
    }
}
