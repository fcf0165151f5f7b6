package io.github.stackedrnn.optim;

/**
 * Argument checks shared by the optimizers, the schedules and their builders, with Keras-style
 * messages: "Received an invalid value for argument `x`, expected ..., got ...".
 */
final class Check {
    private Check() {
    }

    static double positiveFinite(String argument, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw invalid(argument, "a positive finite number", value);
        }
        return value;
    }

    static double nonNegativeFinite(String argument, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw invalid(argument, "a non-negative finite number", value);
        }
        return value;
    }

    /** Accepts {@code [0, 1)}. */
    static double unitInterval(String argument, double value) {
        if (!(value >= 0 && value < 1)) {
            throw invalid(argument, "a number in [0, 1)", value);
        }
        return value;
    }

    /** Accepts {@code [0, 1]}. */
    static double closedUnitInterval(String argument, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw invalid(argument, "a number in [0, 1]", value);
        }
        return value;
    }

    static long positive(String argument, long value) {
        if (value <= 0) {
            throw invalid(argument, "a positive integer", value);
        }
        return value;
    }

    static long nonNegative(String argument, long value) {
        if (value < 0) {
            throw invalid(argument, "a non-negative integer", value);
        }
        return value;
    }

    static <T> T notNull(String argument, String expected, T value) {
        if (value == null) {
            throw invalid(argument, expected, null);
        }
        return value;
    }

    /** A builder setting may be made once; the message quotes the earlier value. */
    static void once(String setting, Object earlier) {
        if (earlier != null) {
            throw new IllegalStateException("`" + setting + "` was already set to " + earlier);
        }
    }

    static IllegalArgumentException invalid(String argument, String expected, Object got) {
        return new IllegalArgumentException("Received an invalid value for argument `" + argument + "`, expected "
                + expected + ", got " + got + ".");
    }

    /**
     * Checks the sizes of the weight tensors an optimizer state updates and returns their offsets in
     * the flat vector, {@code [V + 1]}, the last being the parameter count.
     */
    static int[] offsets(int[] variableSizes) {
        notNull("variableSizes", "an array of non-negative sizes", variableSizes);
        int[] offsets = new int[variableSizes.length + 1];
        long total = 0;
        for (int i = 0; i < variableSizes.length; i++) {
            if (variableSizes[i] < 0) {
                throw new IllegalArgumentException("Received an invalid value for argument `variableSizes`, expected "
                        + "non-negative sizes, got " + variableSizes[i] + " at index " + i + ".");
            }
            total += variableSizes[i];
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Received an invalid value for argument `variableSizes`, expected "
                        + "sizes that sum to at most " + Integer.MAX_VALUE + ", got a sum above it at index " + i + ".");
            }
            offsets[i + 1] = (int) total;
        }
        return offsets;
    }
}
