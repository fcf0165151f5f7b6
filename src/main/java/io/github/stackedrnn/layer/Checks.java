package io.github.stackedrnn.layer;

/** Argument checks with Keras's wording, shared by the layer builders. */
final class Checks {
    private Checks() {
    }

    static int positive(String argument, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `" + argument
                    + "`, expected a positive integer, got " + value + ".");
        }
        return value;
    }

    static <T> T notNull(String argument, T value) {
        if (value == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `" + argument
                    + "`, expected a value, got null.");
        }
        return value;
    }

    /** The longest layer name: a model file stores names of at most 1,024 bytes. */
    static final int MAX_NAME_LENGTH = 1024;

    static String name(String value) {
        notNull("name", value);
        if (value.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("Received an invalid value for argument `name`, expected at most " + MAX_NAME_LENGTH
                    + " characters, got " + value.length() + ".");
        }
        if (!value.matches("[A-Za-z0-9_.\\-/]+")) {
            throw new IllegalArgumentException("Received an invalid value for argument `name`, expected a non-empty "
                    + "name of letters, digits and _ . - /, got \"" + value + "\".");
        }
        return value;
    }

    static double fraction(String argument, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("Received an invalid value for argument `" + argument
                    + "`, expected a number in [0, 1), got " + value + ".");
        }
        return value;
    }

    static double penalty(String argument, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("Received an invalid value for argument `" + argument
                    + "`, expected a non-negative finite number, got " + value + ".");
        }
        return value;
    }

    static void once(String setting, Object earlier) {
        if (earlier != null) {
            throw new IllegalStateException("`" + setting + "` was already set to " + earlier);
        }
    }
}
