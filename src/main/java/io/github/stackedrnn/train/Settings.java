package io.github.stackedrnn.train;

import java.util.List;

/** Argument checks shared by the listeners' builders, with Keras's wording. */
final class Settings {
    private Settings() {
    }

    static IllegalArgumentException invalid(String argument, String expected, Object received) {
        return new IllegalArgumentException("Received an invalid value for argument `" + argument + "`, expected "
                + expected + ", got " + received + ".");
    }

    static void nonNegative(String argument, int value) {
        if (value < 0) {
            throw invalid(argument, "a non-negative integer", value);
        }
    }

    static void positive(String argument, int value) {
        if (value <= 0) {
            throw invalid(argument, "a positive integer", value);
        }
    }

    static void nonNegativeFinite(String argument, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw invalid(argument, "a non-negative finite number", value);
        }
    }

    static void finite(String argument, double value) {
        if (!Double.isFinite(value)) {
            throw invalid(argument, "a finite number", value);
        }
    }

    static void metricName(String argument, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(argument, "a metric name such as val_loss", value == null ? "null" : "an empty string");
        }
    }

    static void notNull(String argument, String expected, Object value) {
        if (value == null) {
            throw invalid(argument, expected, null);
        }
    }

    /** An {@code IllegalStateException} if the setting was made before, quoting the earlier value. */
    static void once(String setting, Object earlier) {
        if (earlier != null) {
            throw new IllegalStateException("`" + setting + "` was already set to " + earlier);
        }
    }

    /**
     * Fails fast, at the start of {@code fit}, when the logs will never hold the monitored metric (Keras only
     * warns at every epoch's end).
     */
    static void requireMetric(String listener, String monitor, FitContext context) {
        List<String> available = context.metricNames();
        if (!available.contains(monitor)) {
            throw new IllegalArgumentException(listener + " monitors `" + monitor + "`, which this fit does not report. "
                    + "Available metrics are: " + String.join(",", available)
                    + (monitor.startsWith("val_") ? " (validation metrics need validation data)" : ""));
        }
    }
}
