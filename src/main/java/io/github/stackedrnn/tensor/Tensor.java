package io.github.stackedrnn.tensor;

import java.util.Arrays;

/**
 * An immutable dense float32 array with a shape, stored flat and row-major: the element at
 * {@code (i0, i1, ..., ik)} is {@code data[((i0 * d1 + i1) * d2 + ...) * dk + ik]}.
 *
 * <p>Sequences are {@code [batch, time, features]}; labels are {@code [batch, classes]} or
 * {@code [batch, time, classes]}. Every factory copies its input and {@link #toFloatArray()} returns a
 * copy, so a {@code Tensor} can be shared freely between threads.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[][][] {{{0.1f, 0.2f}, {0.3f, 0.4f}}});   // [batch 1, time 2, features 2]
 * Tensor y = Tensor.of(new float[] {1, 0, 0, 0, 1, 0}, 2, 3);             // [2, 3], row-major
 * float v = y.get(1, 1);                                                  // 1.0
 * int[] classes = y.argMax(-1);                                           // {0, 1}
 * }</pre>
 */
public final class Tensor {
    private final float[] data; // row-major
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /**
     * A tensor with a copy of {@code data} and the given shape.
     *
     * @param data  the elements, row-major
     * @param shape one or more non-negative dimensions whose product is {@code data.length}
     * @return the new tensor
     * @throws IllegalArgumentException if the shape is empty, has a negative dimension, or does not
     *                                  match the number of elements
     */
    public static Tensor of(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `data`, expected an array, got null.");
        }
        int[] s = checkedShape(shape);
        long size = product(s);
        if (size != data.length) {
            throw new IllegalArgumentException("Tensor shape " + Arrays.toString(s) + " holds " + size
                    + " elements but data has " + data.length);
        }
        return new Tensor(data.clone(), s);
    }

    /**
     * A tensor that takes {@code data} over without copying it: the caller hands the array on and must
     * not read or change it afterwards (the tensor would no longer be immutable). For code that builds a
     * large result once and returns it, as the model's predictions do, so that it is allocated once.
     *
     * @param data  the elements, row-major; owned by the tensor from now on
     * @param shape one or more non-negative dimensions whose product is {@code data.length}
     * @return the new tensor
     * @throws IllegalArgumentException if the shape is empty, has a negative dimension, or does not
     *                                  match the number of elements
     */
    public static Tensor wrap(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `data`, expected an array, got null.");
        }
        int[] s = checkedShape(shape);
        long size = product(s);
        if (size != data.length) {
            throw new IllegalArgumentException("Tensor shape " + Arrays.toString(s) + " holds " + size
                    + " elements but data has " + data.length);
        }
        return new Tensor(data, s);
    }

    /**
     * A {@code [rows, cols]} tensor copied from a rectangular array.
     *
     * @param rows the values; every row must have the same length
     * @return the new tensor
     * @throws IllegalArgumentException if the array is ragged or null
     */
    public static Tensor of(float[][] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `rows`, expected an array, got null.");
        }
        int cols = rows.length == 0 ? 0 : lengthOf(rows[0], "rows[0]");
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (lengthOf(rows[i], "rows[" + i + "]") != cols) {
                throw new IllegalArgumentException("Ragged array: rows[" + i + "] has length " + rows[i].length
                        + " but rows[0] has length " + cols);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new Tensor(data, new int[] {rows.length, cols});
    }

    /**
     * A {@code [batch, time, features]} tensor copied from a rectangular array.
     *
     * @param values the values, indexed {@code [batch][time][feature]}; must not be ragged
     * @return the new tensor
     * @throws IllegalArgumentException if the array is ragged or null
     */
    public static Tensor of(float[][][] values) {
        if (values == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `values`, expected an array, got null.");
        }
        int d1 = values.length == 0 ? 0 : lengthOf(values[0], "values[0]");
        int d2 = d1 == 0 ? 0 : lengthOf(values[0][0], "values[0][0]");
        float[] data = new float[values.length * d1 * d2];
        int at = 0;
        for (int i = 0; i < values.length; i++) {
            if (lengthOf(values[i], "values[" + i + "]") != d1) {
                throw new IllegalArgumentException("Ragged array: values[" + i + "] has length " + values[i].length
                        + " but values[0] has length " + d1);
            }
            for (int j = 0; j < d1; j++) {
                if (lengthOf(values[i][j], "values[" + i + "][" + j + "]") != d2) {
                    throw new IllegalArgumentException("Ragged array: values[" + i + "][" + j + "] has length "
                            + values[i][j].length + " but values[0][0] has length " + d2);
                }
                System.arraycopy(values[i][j], 0, data, at, d2);
                at += d2;
            }
        }
        return new Tensor(data, new int[] {values.length, d1, d2});
    }

    /**
     * A tensor of zeros.
     *
     * @param shape one or more non-negative dimensions
     * @return the new tensor
     * @throws IllegalArgumentException if the shape is empty or has a negative dimension
     */
    public static Tensor zeros(int... shape) {
        int[] s = checkedShape(shape);
        long size = product(s);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Tensor shape " + Arrays.toString(s) + " is too large: " + size + " elements");
        }
        return new Tensor(new float[(int) size], s);
    }

    /** @return a copy of the shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions */
    public int rank() {
        return shape.length;
    }

    /**
     * @param axis a dimension index in {@code [0, rank())}
     * @return the size of that dimension
     * @throws IndexOutOfBoundsException if {@code axis} is out of range
     */
    public int dim(int axis) {
        return shape[axis];
    }

    /** @return the number of elements */
    public int size() {
        return data.length;
    }

    /**
     * @param index one index per dimension
     * @return the element at that position
     * @throws IndexOutOfBoundsException if the number of indices or any index is out of range
     */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("Tensor of shape " + Arrays.toString(shape) + " needs "
                    + shape.length + " indices but got " + index.length);
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("Index " + index[i] + " out of range [0, " + shape[i]
                        + ") on axis " + i + " of shape " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    /** @return a copy of the elements, row-major */
    public float[] toFloatArray() {
        return data.clone();
    }

    /**
     * Copies {@code length} elements, starting at flat index {@code from}, into {@code dest}; like
     * {@link System#arraycopy}, without allocating.
     *
     * @param from       the first flat (row-major) index to copy
     * @param dest       the destination array
     * @param destOffset where in {@code dest} to start writing
     * @param length     how many elements to copy
     * @throws IndexOutOfBoundsException if a range is out of bounds
     */
    public void copyTo(int from, float[] dest, int destOffset, int length) {
        System.arraycopy(data, from, dest, destOffset, length);
    }

    /**
     * NumPy's {@code argmax(x, axis)}: the index of the largest value along {@code axis}, the lowest
     * index on ties (a NaN counts as the largest value, as in NumPy).
     *
     * <pre>{@code
     * Tensor p = Tensor.of(new float[] {0.1f, 0.7f, 0.2f,  0.5f, 0.5f, 0.0f}, 2, 3);
     * int[] classes = p.argMax(-1);           // {1, 0}: ties go to the lower index
     * int[] perStep = model.predict(x).argMax(-1);   // [batch, time, classes] -> batch * time indices, row-major
     * }</pre>
     *
     * @param axis the axis to reduce, in {@code [-rank(), rank())}; negative counts from the end, as in NumPy
     * @return the indices, in row-major order over this tensor's shape without {@code axis} (one index
     *         for a rank-1 tensor)
     * @throws IllegalArgumentException if {@code axis} is out of range or that axis has size 0
     */
    public int[] argMax(int axis) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length) {
            throw new IllegalArgumentException("Received an invalid value for argument `axis`, expected an axis in [" + -shape.length
                    + ", " + shape.length + ") of shape " + Arrays.toString(shape) + ", got " + axis + ".");
        }
        if (shape[a] == 0) {
            throw new IllegalArgumentException("argMax along axis " + axis + " of shape " + Arrays.toString(shape)
                    + ": the axis is empty, so it has no largest value");
        }
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        int inner = 1;
        for (int i = a + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int[] out = new int[outer * inner];
        IndexKernels.argMax(data, outer, shape[a], inner, out);
        return out;
    }

    /** @return true if every element is finite (neither NaN nor infinite) */
    public boolean isFinite() {
        return firstNonFinite() < 0;
    }

    /** @return the flat index of the first NaN or infinite element, or -1 if there is none */
    public int firstNonFinite() {
        return MatrixKernels.firstNonFinite(data, 0, data.length);
    }

    /** @return true if {@code other} is a tensor with the same shape and bit-identical elements */
    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor
                && Arrays.equals(shape, ((Tensor) other).shape)
                && Arrays.equals(data, ((Tensor) other).data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** @return the shape and, for small tensors, the elements */
    @Override
    public String toString() {
        String head = "Tensor" + Arrays.toString(shape);
        if (data.length <= 16) {
            return head + Arrays.toString(data);
        }
        return head + "[" + data[0] + ", " + data[1] + ", ..., " + data[data.length - 1] + "]";
    }

    /**
     * Formats a shape the way error messages in this library do: {@code [32, 20, 9]}.
     *
     * @param shape the dimensions
     * @return the text
     */
    public static String formatShape(int... shape) {
        return Arrays.toString(shape);
    }

    private static int[] checkedShape(int[] shape) {
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `shape`, expected at least one dimension, got none.");
        }
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Received an invalid value for argument `shape`, expected non-negative dimensions, got "
                        + Arrays.toString(shape) + ".");
            }
        }
        return shape.clone();
    }

    private static long product(int[] shape) {
        long p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p;
    }

    private static int lengthOf(Object array, String what) {
        if (array == null) {
            throw new IllegalArgumentException("Ragged array: " + what + " is null");
        }
        return java.lang.reflect.Array.getLength(array);
    }
}
