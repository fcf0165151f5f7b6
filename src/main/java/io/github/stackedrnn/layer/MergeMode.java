package io.github.stackedrnn.layer;

/** How a {@link Bidirectional} combines its forward and backward outputs, Keras's {@code merge_mode}. */
public enum MergeMode {
    /** {@code [forward, backward]}, twice the wrapped layer's width: Keras's {@code "concat"}, the default. */
    CONCAT("concat"),
    /** {@code forward + backward}: Keras's {@code "sum"}. */
    SUM("sum"),
    /** {@code forward ⊙ backward}: Keras's {@code "mul"}. */
    MUL("mul"),
    /** {@code (forward + backward) / 2}: Keras's {@code "ave"}. */
    AVE("ave");

    private final String kerasName;

    MergeMode(String kerasName) {
        this.kerasName = kerasName;
    }

    /** @return Keras's name for this mode */
    public String kerasName() {
        return kerasName;
    }
}
