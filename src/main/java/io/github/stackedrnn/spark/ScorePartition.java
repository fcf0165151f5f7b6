package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.util.LongAccumulator;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Scores one partition: reads a block of rows, groups the valid sequences by length, predicts each
 * group in batches, and returns the block's rows in their order with the output columns appended. Works
 * on Catalyst rows ({@link CatalystFrames}): the sequences are read from Spark's binary arrays without
 * boxing, the input row travels on as it came (one copy), and the outputs are appended as Catalyst values.
 */
final class ScorePartition implements CatalystFrames.PartitionMap {
    private static final long serialVersionUID = 1L;

    private final Predictor predictor;
    private final int column;
    private final BadRowPolicy policy;
    private final int batchSize;
    private final int blockRows;
    private final LongAccumulator badRows;
    private final boolean doubles;

    /** @param doubles true if the sequence column holds {@code double}s rather than {@code float}s */
    ScorePartition(Predictor predictor, int column, BadRowPolicy policy, int batchSize, int blockRows, LongAccumulator badRows,
                   boolean doubles) {
        this.predictor = predictor;
        this.column = column;
        this.policy = policy;
        this.batchSize = batchSize;
        this.blockRows = blockRows;
        this.badRows = badRows;
        this.doubles = doubles;
    }

    @Override
    public Iterator<InternalRow> apply(Iterator<InternalRow> rows, int partition) {
        return new Iterator<>() {
            private final InternalRow[] block = new InternalRow[blockRows];
            private final float[][] sequences = new float[blockRows][]; // time-major, time × features; null for a bad row
            private final int[] steps = new int[blockRows];
            private final Object[] probability = new Object[blockRows];
            private final Object[] prediction = new Object[blockRows];
            private StackedRnnModel model;
            private long consumed; // rows of the partition read so far
            private int size;
            private int next;

            @Override
            public boolean hasNext() {
                if (next < size) {
                    return true;
                }
                if (!rows.hasNext()) {
                    return false;
                }
                fill();
                return next < size;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                GenericInternalRow out = new GenericInternalRow(predictor.classifier ? 2 : 1);
                if (probability[i] != null) {
                    out.update(0, probabilityValue(probability[i]));
                    if (predictor.classifier) {
                        out.update(1, predictionValue(prediction[i]));
                    }
                }
                JoinedRow joined = new JoinedRow(block[i], out);
                block[i] = null;
                sequences[i] = null;
                probability[i] = null;
                prediction[i] = null;
                return joined;
            }

            private void fill() {
                size = 0;
                next = 0;
                long bad = 0;
                while (size < blockRows && rows.hasNext()) {
                    InternalRow row = rows.next();
                    try {
                        float[] s = predictor.input.read(row, column, predictor.features, doubles);
                        sequences[size] = s;
                        steps[size] = s.length / predictor.features;
                    } catch (SequenceColumn.BadValue e) {
                        if (policy == BadRowPolicy.FAIL) {
                            throw new BadRowException(partition, consumed, predictor.input.name(), e.getMessage());
                        }
                        sequences[size] = null;
                        bad++;
                    }
                    block[size] = row.copy(); // the input's iterator may reuse its row
                    consumed++;
                    size++;
                }
                if (bad > 0) {
                    badRows.add(bad);
                }
                predictBlock();
            }

            /** Sorts the block's valid rows by length (stable) and predicts runs of one length. */
            private void predictBlock() {
                int valid = 0;
                int[] order = new int[size];
                long[] keys = new long[size];
                for (int i = 0; i < size; i++) {
                    if (sequences[i] != null) {
                        keys[valid++] = ((long) steps[i] << 32) | i;
                    }
                }
                Arrays.sort(keys, 0, valid);
                for (int i = 0; i < valid; i++) {
                    order[i] = (int) keys[i];
                }
                if (valid > 0 && model == null) {
                    model = predictor.model();
                }
                int start = 0;
                while (start < valid) {
                    int time = steps[order[start]];
                    int end = start;
                    while (end < valid && end - start < batchSize && steps[order[end]] == time) {
                        end++;
                    }
                    predictor.predict(model, sequences, order, start, end - start, time, probability, prediction);
                    start = end;
                }
            }
        };
    }

    /** @return Spark's value of {@code array<float>} (or {@code array<array<float>>} per step) for {@code p} */
    private static Object probabilityValue(Object p) {
        if (p instanceof float[][] perStep) {
            Object[] values = new Object[perStep.length];
            for (int t = 0; t < perStep.length; t++) {
                values[t] = UnsafeArrayData.fromPrimitiveArray(perStep[t]);
            }
            return new GenericArrayData(values);
        }
        return UnsafeArrayData.fromPrimitiveArray((float[]) p);
    }

    /** @return Spark's value of {@code int} (or {@code array<int>} per step) for {@code c} */
    private static Object predictionValue(Object c) {
        return c instanceof int[] perStep ? UnsafeArrayData.fromPrimitiveArray(perStep) : c;
    }
}
