package io.github.stackedrnn.data;

/**
 * One sequence {@code [time][features]} and its target, in one of the forms {@code fit} takes: a class
 * index, a class per step, a target row {@code [units]}, or a row per step {@code [time][units]}; or no
 * target, for {@code predict}. The arrays are held, not copied (a data set makes millions of these):
 * do not change them after handing them over.
 *
 * <pre>{@code
 * SequenceExample.of(steps, 2);                        // class 2
 * SequenceExample.of(steps, new float[] {0.5f});       // a regression target
 * SequenceExample.unlabelled(steps);                   // for predict
 * }</pre>
 */
public final class SequenceExample {
    /** Which form the target takes. */
    public enum Kind {
        /** no target (prediction only) */
        NONE,
        /** one class index per sequence */
        CLASS,
        /** one class index per step */
        STEP_CLASSES,
        /** one target row per sequence */
        ROW,
        /** one target row per step */
        STEP_ROWS
    }

    private final float[][] steps;
    private final Kind kind;
    private final int label;
    private final int[] stepLabels;
    private final float[] row;
    private final float[][] stepRows;
    private final String source;

    private SequenceExample(float[][] steps, Kind kind, int label, int[] stepLabels, float[] row, float[][] stepRows,
                            String source) {
        if (steps == null || steps.length == 0) {
            throw new IllegalArgumentException((source == null ? "" : source + ": ")
                    + "Received an invalid value for argument `steps`, expected at least one time step, got "
                    + (steps == null ? "null" : "none"));
        }
        this.steps = steps;
        this.kind = kind;
        this.label = label;
        this.stepLabels = stepLabels;
        this.row = row;
        this.stepRows = stepRows;
        this.source = source;
    }

    /**
     * @param steps {@code [time][features]}, at least one step
     * @param label the class index
     * @return the example
     */
    public static SequenceExample of(float[][] steps, int label) {
        return new SequenceExample(steps, Kind.CLASS, label, null, null, null, null);
    }

    /**
     * @param steps  {@code [time][features]}
     * @param target the target row {@code [units]}: regression targets, binary or one-hot labels
     * @return the example
     */
    public static SequenceExample of(float[][] steps, float[] target) {
        return new SequenceExample(steps, Kind.ROW, 0, null, notNull(target, "target"), null, null);
    }

    /**
     * @param steps  {@code [time][features]}
     * @param labels one class index per step
     * @return the example
     */
    public static SequenceExample ofSteps(float[][] steps, int[] labels) {
        return new SequenceExample(steps, Kind.STEP_CLASSES, 0, notNull(labels, "labels"), null, null, null);
    }

    /**
     * @param steps   {@code [time][features]}
     * @param targets one target row per step, {@code [time][units]}
     * @return the example
     */
    public static SequenceExample ofSteps(float[][] steps, float[][] targets) {
        return new SequenceExample(steps, Kind.STEP_ROWS, 0, null, null, notNull(targets, "targets"), null);
    }

    /**
     * @param steps {@code [time][features]}
     * @return an example without target, for {@code predict}
     */
    public static SequenceExample unlabelled(float[][] steps) {
        return new SequenceExample(steps, Kind.NONE, 0, null, null, null, null);
    }

    /**
     * @param where the file and line or record this example was read from, named by later errors
     * @return the same example, naming where it came from
     */
    public SequenceExample from(String where) {
        return new SequenceExample(steps, kind, label, stepLabels, row, stepRows, where);
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `" + name + "`, expected an array, got null.");
        }
        return value;
    }

    /** @return the steps {@code [time][features]} (held, not a copy) */
    public float[][] steps() {
        return steps;
    }

    /** @return the number of steps */
    public int length() {
        return steps.length;
    }

    /** @return the form of the target */
    public Kind kind() {
        return kind;
    }

    /** @return the class index ({@link Kind#CLASS}) */
    public int label() {
        return label;
    }

    /** @return the class per step ({@link Kind#STEP_CLASSES}), or null */
    public int[] stepLabels() {
        return stepLabels;
    }

    /** @return the target row ({@link Kind#ROW}), or null */
    public float[] target() {
        return row;
    }

    /** @return the target rows per step ({@link Kind#STEP_ROWS}), or null */
    public float[][] stepTargets() {
        return stepRows;
    }

    /** @return where this example was read, or null if it was made in memory */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "SequenceExample{time=" + steps.length + ", kind=" + kind + (source == null ? "" : ", from " + source) + "}";
    }
}
