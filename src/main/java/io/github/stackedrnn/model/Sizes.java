package io.github.stackedrnn.model;

/**
 * Sizes of arrays, computed in {@code long} so that no shape can overflow them, and checked against
 * what one float array can hold before anything is allocated.
 */
final class Sizes {
    /** The most elements the JVM allocates in one array (a few below {@code Integer.MAX_VALUE}). */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Sizes() {
    }

    /** @return the product of {@code factors}, saturated at {@code Long.MAX_VALUE} instead of overflowing */
    static long product(long... factors) {
        long n = 1;
        for (long f : factors) {
            if (f != 0 && n > Long.MAX_VALUE / f) {
                return Long.MAX_VALUE;
            }
            n *= f;
        }
        return n;
    }

    /**
     * The element count of a buffer the caller is about to allocate for a call's input.
     *
     * @param what    what the buffer holds, for the message: {@code "the hidden states of simple_rnn"}
     * @param factors its dimensions
     * @return the product, at most {@link #MAX_ARRAY}
     * @throws IllegalArgumentException if the product is larger than one array can hold
     */
    static int buffer(String what, long... factors) {
        long n = product(factors);
        if (n > MAX_ARRAY) {
            StringBuilder dims = new StringBuilder();
            for (long f : factors) {
                dims.append(dims.length() == 0 ? "" : " x ").append(f);
            }
            throw new IllegalArgumentException(what + " would need " + dims + " = " + (n == Long.MAX_VALUE ? "more than 2^63" : n)
                    + " floats, more than one array holds (" + MAX_ARRAY + "); use shorter sequences or smaller batches");
        }
        return (int) n;
    }
}
