package io.github.stackedrnn.train;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Saving the model during {@code fit}, like Keras's {@code ModelCheckpoint}: every N epochs, or only
 * when a monitored metric improves ({@code save_best_only=True}). Each save is atomic and, by default,
 * includes the optimizer state and the epoch count, so that loading the file resumes training exactly
 * where it stopped. Immutable.
 *
 * <pre>{@code
 * // Keras's ModelCheckpoint("best.srnn", monitor="val_loss", save_best_only=True)
 * ModelCheckpoint best = ModelCheckpoint.builder(Path.of("best.srnn")).saveBestOnly("val_loss", MonitorMode.MIN).build();
 * // every 5 epochs, one file each: model-5.srnn, model-10.srnn, ...
 * ModelCheckpoint periodic = ModelCheckpoint.builder(Path.of("model-{epoch}.srnn")).everyEpochs(5).build();
 * model.fit(x, labels, FitOptions.builder().epochs(50).validationSplit(0.2).checkpoint(best).build());
 * StackedRnnModel restored = StackedRnnModel.load(Path.of("best.srnn"));
 * }</pre>
 */
public final class ModelCheckpoint {
    /**
     * Whether a smaller or a larger value of the monitored metric is better.
     *
     * @deprecated the same as {@link MonitorMode}, which {@link EarlyStopping} and {@link ReduceLROnPlateau}
     *             take too: use {@link Builder#saveBestOnly(String, MonitorMode)} and {@link #monitorMode()}.
     *             Kept so that code written against it still compiles; it will be removed in a later version.
     */
    @Deprecated
    public enum Mode {
        /** Smaller is better (losses). */
        MIN,
        /** Larger is better (accuracies). */
        MAX,
        /** {@code MAX} for metrics whose name contains {@code accuracy}, else {@code MIN}, as Keras decides. */
        AUTO;

        MonitorMode toMonitorMode() {
            return MonitorMode.valueOf(name());
        }

        static Mode of(MonitorMode mode) {
            return valueOf(mode.name());
        }
    }

    private final Path path;
    private final int everyEpochs;
    private final String monitor;
    private final MonitorMode mode;
    private final boolean includeOptimizerState;

    private ModelCheckpoint(Builder b) {
        this.path = b.path;
        this.everyEpochs = b.everyEpochs == null ? 1 : b.everyEpochs;
        this.monitor = b.monitor;
        this.mode = b.mode == null ? MonitorMode.AUTO : b.mode;
        this.includeOptimizerState = b.includeOptimizerState == null || b.includeOptimizerState;
    }

    /**
     * @param path where to save; {@code {epoch}} in the file name is replaced by the number of epochs
     *             the model has completed
     * @return a builder that saves after every epoch
     * @throws IllegalArgumentException if {@code path} is null
     */
    public static Builder builder(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `path`, expected a path, got null.");
        }
        return new Builder(path);
    }

    /** @return the path template */
    public Path path() {
        return path;
    }

    /**
     * @param epochsDone epochs the model has completed
     * @return the file to write after that epoch
     */
    public Path pathFor(int epochsDone) {
        String name = path.getFileName().toString().replace("{epoch}", Integer.toString(epochsDone));
        return path.resolveSibling(name);
    }

    /** @return save every this many epochs (ignored when saving only the best) */
    public int everyEpochs() {
        return everyEpochs;
    }

    /** @return true if only epochs that improve {@link #monitor()} are saved */
    public boolean saveBestOnly() {
        return monitor != null;
    }

    /** @return the monitored metric, such as {@code val_loss}, or null when not saving only the best */
    public String monitor() {
        return monitor;
    }

    /**
     * @return whether smaller or larger values of the monitored metric are better, {@link MonitorMode#AUTO}
     *         resolved by the metric's name ({@code AUTO} when not saving only the best)
     */
    public MonitorMode monitorMode() {
        return monitor == null ? mode : mode.resolve(monitor);
    }

    /**
     * @return {@link #monitorMode()} as the old enum
     * @deprecated use {@link #monitorMode()}
     */
    @Deprecated
    public Mode mode() {
        return Mode.of(monitorMode());
    }

    /** @return true if each save includes the optimizer state (needed to resume training exactly) */
    public boolean includeOptimizerState() {
        return includeOptimizerState;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelCheckpoint)) {
            return false;
        }
        ModelCheckpoint c = (ModelCheckpoint) o;
        return path.equals(c.path) && everyEpochs == c.everyEpochs && Objects.equals(monitor, c.monitor) && mode == c.mode
                && includeOptimizerState == c.includeOptimizerState;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, everyEpochs, monitor, mode, includeOptimizerState);
    }

    @Override
    public String toString() {
        return "ModelCheckpoint{path=" + path + (monitor == null ? ", everyEpochs=" + everyEpochs
                : ", saveBestOnly monitor=" + monitor + " mode=" + monitorMode()) + ", includeOptimizerState=" + includeOptimizerState + "}";
    }

    /** Builds a {@link ModelCheckpoint}. Each setting may be made once. */
    public static final class Builder {
        private final Path path;
        private Integer everyEpochs;
        private String monitor;
        private MonitorMode mode;
        private Boolean includeOptimizerState;

        private Builder(Path path) {
            this.path = path;
        }

        /**
         * @param value save every this many epochs, positive; default 1
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException    if already set, or saving only the best
         */
        public Builder everyEpochs(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("Received an invalid value for argument `everyEpochs`, "
                        + "expected a positive integer, got " + value + ".");
            }
            if (everyEpochs != null) {
                throw new IllegalStateException("`everyEpochs` was already set to " + everyEpochs);
            }
            if (monitor != null) {
                throw new IllegalStateException("`everyEpochs` conflicts with saveBestOnly(" + monitor + ")");
            }
            everyEpochs = value;
            return this;
        }

        /**
         * Saves only after epochs whose {@code monitor} value is the best so far, as Keras's
         * {@code save_best_only=True}.
         *
         * @param metric the monitored metric: {@code loss}, {@code accuracy}, {@code val_loss} or {@code val_accuracy}
         * @param value  whether smaller or larger is better; {@link MonitorMode#AUTO} decides by the metric's name
         * @return this builder
         * @throws IllegalArgumentException if the metric is unknown or the mode null
         * @throws IllegalStateException    if already set, or everyEpochs was set
         */
        public Builder saveBestOnly(String metric, MonitorMode value) {
            if (!History.LOSS.equals(metric) && !History.ACCURACY.equals(metric) && !History.VAL_LOSS.equals(metric)
                    && !History.VAL_ACCURACY.equals(metric)) {
                throw new IllegalArgumentException("Received an invalid value for argument `monitor`, expected loss, accuracy, "
                        + "val_loss or val_accuracy, got " + metric + ".");
            }
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `mode`, expected MIN, MAX or AUTO, got null.");
            }
            if (monitor != null) {
                throw new IllegalStateException("`saveBestOnly` was already set to " + monitor);
            }
            if (everyEpochs != null) {
                throw new IllegalStateException("`saveBestOnly` conflicts with everyEpochs(" + everyEpochs + ")");
            }
            monitor = metric;
            mode = value;
            return this;
        }

        /**
         * @param metric the monitored metric: {@code loss}, {@code accuracy}, {@code val_loss} or {@code val_accuracy}
         * @param value  whether smaller or larger is better
         * @return this builder
         * @throws IllegalArgumentException if the metric is unknown or the mode null
         * @throws IllegalStateException    if already set, or everyEpochs was set
         * @deprecated use {@link #saveBestOnly(String, MonitorMode)}
         */
        @Deprecated
        public Builder saveBestOnly(String metric, Mode value) {
            return saveBestOnly(metric, value == null ? null : value.toMonitorMode());
        }

        /**
         * @param value false to save weights and configuration only; default true
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder includeOptimizerState(boolean value) {
            if (includeOptimizerState != null) {
                throw new IllegalStateException("`includeOptimizerState` was already set to " + includeOptimizerState);
            }
            includeOptimizerState = value;
            return this;
        }

        /** @return the checkpoint configuration; the builder is unchanged */
        public ModelCheckpoint build() {
            return new ModelCheckpoint(this);
        }
    }
}
