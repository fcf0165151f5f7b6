package io.github.stackedrnn.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Where the sequences are in a {@code Dataset<Row>} and how they are laid out: either
 * {@code array<array<float>>} (one inner array of features per time step, any number of steps per row:
 * {@link #ragged}) or a flat {@code array<float>} of {@code time × features} values, time-major
 * ({@link #fixed}). {@code double} elements are accepted too and rounded to {@code float}.
 *
 * <pre>{@code
 * SequenceColumn.ragged("seq");            // [[f0, f1, ...], [f0, f1, ...], ...]
 * SequenceColumn.fixed("values", 60, 1);   // [v0, v1, ..., v59]
 * }</pre>
 */
public final class SequenceColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int time;     // 0 for ragged
    private final int features; // 0 for ragged: the model's

    private SequenceColumn(String name, int time, int features) {
        this.name = name;
        this.time = time;
        this.features = features;
    }

    /**
     * @param name an {@code array<array<float>>} column: one array of features per step, any number of steps
     * @return the column
     * @throws IllegalArgumentException if the name is null or blank
     */
    public static SequenceColumn ragged(String name) {
        return new SequenceColumn(checkName(name), 0, 0);
    }

    /**
     * @param name     an {@code array<float>} column of {@code time × features} values, time-major:
     *                 value {@code t · features + f} is feature {@code f} of step {@code t}
     * @param time     steps per sequence
     * @param features features per step (must equal the model's)
     * @return the column
     * @throws IllegalArgumentException if the name is blank, a size is not positive, or their product overflows an int
     */
    public static SequenceColumn fixed(String name, int time, int features) {
        if (time <= 0 || features <= 0) {
            throw new IllegalArgumentException("A fixed-size sequence column needs a positive time and feature count, got time "
                    + time + " and features " + features);
        }
        if ((long) time * features > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("time × features = " + (long) time * features + " is more than an array holds");
        }
        return new SequenceColumn(checkName(name), time, features);
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Received an invalid value for argument `column`, expected a column name, got "
                    + (name == null ? "null" : "\"" + name + "\"") + ".");
        }
        return name;
    }

    /** @return the column's name */
    public String name() {
        return name;
    }

    /** @return true for {@code array<array<float>>} of any length, false for a fixed-size flat array */
    public boolean isRagged() {
        return time == 0;
    }

    /** @return steps per sequence of a fixed-size column; 0 for a ragged one */
    public int time() {
        return time;
    }

    /** @return features per step declared for a fixed-size column; 0 for a ragged one (the model's count applies) */
    public int features() {
        return features;
    }

    /**
     * Checks the column exists with a suitable type and, for a fixed column, that its feature count is the model's.
     *
     * @return the column's index in the schema
     */
    int check(StructType schema, int modelFeatures) {
        if (!isRagged() && features != modelFeatures) {
            throw new IllegalArgumentException("Column `" + name + "` is declared with " + features
                    + " features per step but the model takes " + modelFeatures);
        }
        int index;
        try {
            index = schema.fieldIndex(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("No column `" + name + "` in " + Arrays.toString(schema.fieldNames()), e);
        }
        StructField field = schema.fields()[index];
        String expected = isRagged() ? "array<array<float>> (or array<array<double>>)" : "array<float> (or array<double>)";
        DataType type = field.dataType();
        boolean ok = type instanceof ArrayType outer
                && (isRagged() ? outer.elementType() instanceof ArrayType inner && isReal(inner.elementType())
                        : isReal(outer.elementType()));
        if (!ok) {
            throw new IllegalArgumentException("Column `" + name + "` must be " + expected + " but is " + type.simpleString());
        }
        return index;
    }

    /** @return true if the (checked) column holds {@code float}s, false for {@code double}s */
    boolean holdsFloats(StructType schema) {
        DataType type = schema.fields()[schema.fieldIndex(name)].dataType();
        DataType element = ((ArrayType) type).elementType();
        return (isRagged() ? ((ArrayType) element).elementType() : element).equals(DataTypes.FloatType);
    }

    private static boolean isReal(DataType type) {
        return type.equals(DataTypes.FloatType) || type.equals(DataTypes.DoubleType);
    }

    /**
     * Reads one value of the column as {@code [time][features]}.
     *
     * @throws BadValue naming the fault, if the value is null, empty, of the wrong size or not finite
     */
    float[][] read(Object value, int modelFeatures) throws BadValue {
        if (value == null) {
            throw new BadValue("is null");
        }
        List<?> outer = Values.list(value);
        if (isRagged()) {
            int steps = outer.size();
            if (steps == 0) {
                throw new BadValue("has no time step; a sequence needs at least one");
            }
            float[][] out = new float[steps][];
            for (int t = 0; t < steps; t++) {
                Object step = outer.get(t);
                if (step == null) {
                    throw new BadValue("has a null step at [" + t + "]");
                }
                List<?> values = Values.list(step);
                if (values.size() != modelFeatures) {
                    throw new BadValue("has " + values.size() + " features at step " + t + " but the model takes " + modelFeatures);
                }
                float[] row = new float[modelFeatures];
                for (int f = 0; f < modelFeatures; f++) {
                    row[f] = finite(values.get(f), t, f);
                }
                out[t] = row;
            }
            return out;
        }
        if (outer.size() != time * features) {
            throw new BadValue("has " + outer.size() + " values but must have time × features = " + time + " × " + features
                    + " = " + time * features);
        }
        float[][] out = new float[time][features];
        for (int t = 0; t < time; t++) {
            for (int f = 0; f < features; f++) {
                out[t][f] = finite(outer.get(t * features + f), -1, t * features + f);
            }
        }
        return out;
    }

    /**
     * Reads the column of a Catalyst row (as Spark's operators pass it on, without boxing) as one time-major
     * array of {@code steps × modelFeatures} values, with the same faults and messages as {@link #read(Object, int)}.
     *
     * @param doubles true if the column holds {@code double}s ({@link #holdsFloats} false), rounded to {@code float}
     * @throws BadValue naming the fault, if the value is null, empty, of the wrong size or not finite
     */
    float[] read(InternalRow row, int ordinal, int modelFeatures, boolean doubles) throws BadValue {
        if (row.isNullAt(ordinal)) {
            throw new BadValue("is null");
        }
        ArrayData outer = row.getArray(ordinal);
        if (isRagged()) {
            int steps = outer.numElements();
            if (steps == 0) {
                throw new BadValue("has no time step; a sequence needs at least one");
            }
            if ((long) steps * modelFeatures > Integer.MAX_VALUE - 8) {
                throw new BadValue("has " + steps + " steps of " + modelFeatures + " features, more values than an array holds");
            }
            float[] out = new float[steps * modelFeatures];
            for (int t = 0; t < steps; t++) {
                if (outer.isNullAt(t)) {
                    throw new BadValue("has a null step at [" + t + "]");
                }
                ArrayData step = outer.getArray(t);
                if (step.numElements() != modelFeatures) {
                    throw new BadValue("has " + step.numElements() + " features at step " + t + " but the model takes " + modelFeatures);
                }
                copyFinite(step, doubles, out, t * modelFeatures, t);
            }
            return out;
        }
        if (outer.numElements() != time * features) {
            throw new BadValue("has " + outer.numElements() + " values but must have time × features = " + time + " × " + features
                    + " = " + time * features);
        }
        float[] out = new float[time * features];
        copyFinite(outer, doubles, out, 0, -1);
        return out;
    }

    /** Copies {@code values} to {@code out[offset..]}; {@code step} is the ragged step they are, or -1 for a whole fixed sequence. */
    private void copyFinite(ArrayData values, boolean doubles, float[] out, int offset, int step) throws BadValue {
        int n = values.numElements();
        for (int i = 0; i < n; i++) {
            if (values.isNullAt(i)) {
                throw new BadValue("has a null value at " + where(step, i));
            }
            float x = doubles ? (float) values.getDouble(i) : values.getFloat(i);
            if (!Float.isFinite(x)) {
                throw new BadValue("has " + x + " at " + where(step, i) + "; inputs must be finite");
            }
            out[offset + i] = x;
        }
    }

    /** @return where value {@code i} of a ragged sequence's {@code step} is, or value {@code i} of a fixed sequence ({@code step} -1) */
    private String where(int step, int i) {
        return step >= 0 ? "[" + step + "][" + i + "]" : "[" + i + "] (step " + i / features + ", feature " + i % features + ")";
    }

    /** @return {@code v} as a finite float; {@code step} and {@code i} say where it is, as in {@link #where} (the text is made only for a fault) */
    private float finite(Object v, int step, int i) throws BadValue {
        if (v == null) {
            throw new BadValue("has a null value at " + where(step, i));
        }
        float x = ((Number) v).floatValue();
        if (!Float.isFinite(x)) {
            throw new BadValue("has " + x + " at " + where(step, i) + "; inputs must be finite");
        }
        return x;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceColumn c && c.name.equals(name) && c.time == time && c.features == features;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + time * 7 + features;
    }

    @Override
    public String toString() {
        return isRagged() ? name + " array<array<float>>" : name + " array<float>[" + time + " × " + features + "]";
    }

    /** A value that cannot be read as a sequence; its message completes "column `x` ...". */
    static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String fault) {
            super(fault, null, false, false);
        }
    }
}
