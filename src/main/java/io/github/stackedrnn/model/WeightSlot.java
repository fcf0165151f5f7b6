package io.github.stackedrnn.model;

import java.util.Arrays;

/**
 * Where one weight tensor sits: a trainable one in the model's flat parameter vector (what the optimizer
 * updates), a non-trainable one (a NormalizationLayer's statistics) in the separate vector of
 * non-trainable weights, which no optimizer step, gradient or penalty touches.
 */
final class WeightSlot {
    /** What values a weight may hold beyond being finite. */
    enum Values {
        ANY,
        NON_NEGATIVE, // a variance
        COUNT         // a whole number >= 0
    }

    final String layer;  // owning layer's name
    final String name;   // kernel, recurrent_kernel, bias; mean, variance, count
    final int[] shape;
    final int offset;    // in the parameter vector, or in the non-trainable vector when !trainable
    final int size;
    final double l2;     // L2 penalty factor, 0 for none
    final boolean trainable;
    final Values values;

    WeightSlot(String layer, String name, int offset, double l2, int... shape) {
        this(layer, name, offset, l2, true, Values.ANY, shape);
    }

    private WeightSlot(String layer, String name, int offset, double l2, boolean trainable, Values values, int... shape) {
        this.layer = layer;
        this.l2 = l2;
        this.name = name;
        this.shape = shape;
        this.offset = offset;
        this.trainable = trainable;
        this.values = values;
        this.size = Math.toIntExact(Sizes.product(Arrays.stream(shape).asLongStream().toArray())); // checked by the plans
    }

    /** A non-trainable weight at {@code offset} of the non-trainable vector. */
    static WeightSlot nonTrainable(String layer, String name, int offset, Values values, int... shape) {
        return new WeightSlot(layer, name, offset, 0, false, values, shape);
    }

    String path() {
        return layer + "/" + name;
    }
}
