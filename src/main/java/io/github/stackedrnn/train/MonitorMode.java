package io.github.stackedrnn.train;

/**
 * Whether a smaller or a larger value of a monitored metric is better, as the {@code mode} argument of
 * Keras's {@code EarlyStopping} and {@code ReduceLROnPlateau}.
 *
 * <pre>{@code
 * EarlyStopping.builder().monitor("val_mae").mode(MonitorMode.MIN).patience(5).build();
 * ModelCheckpoint.builder(Path.of("best.srnn")).saveBestOnly("val_accuracy", MonitorMode.AUTO).build();   // MAX
 * }</pre>
 */
public enum MonitorMode {
    /** {@link #MAX} for metrics whose name contains {@code acc}, else {@link #MIN}: Keras's {@code "auto"}. */
    AUTO,
    /** Smaller is better (losses, {@code mae}). */
    MIN,
    /** Larger is better (accuracies). */
    MAX;

    /**
     * @param monitor the monitored metric's name
     * @return {@link #MIN} or {@link #MAX}: this mode, with {@link #AUTO} decided by the name
     */
    public MonitorMode resolve(String monitor) {
        if (this != AUTO) {
            return this;
        }
        return monitor.contains("acc") ? MAX : MIN;
    }
}
