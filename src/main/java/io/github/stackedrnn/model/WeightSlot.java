package io.github.stackedrnn.model;

import java.util.Arrays;

/** Where one weight tensor sits in the model's flat parameter vector. */
final class WeightSlot {
    final String layer;  // owning layer's name
    final String name;   // kernel, recurrent_kernel or bias
    final int[] shape;
    final int offset;
    final int size;
    final double l2;     // L2 penalty factor, 0 for none

    WeightSlot(String layer, String name, int offset, double l2, int... shape) {
        this.layer = layer;
        this.l2 = l2;
        this.name = name;
        this.shape = shape;
        this.offset = offset;
        this.size = Math.toIntExact(Sizes.product(Arrays.stream(shape).asLongStream().toArray())); // checked by the plans
    }

    String path() {
        return layer + "/" + name;
    }
}
