package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Scores one partition: reads a block of rows, groups the valid sequences by length, predicts each
 * group in batches, and returns the block's rows in their order with the output columns appended.
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Predictor predictor;
    private final int column;
    private final BadRowPolicy policy;
    private final int batchSize;
    private final int blockRows;
    private final LongAccumulator badRows;
    private final boolean echo;

    /**
     * @param echo true to write the sequence column back from the primitive arrays it was read into (a
     *             float column): Spark encodes those several times faster than the boxed values it handed over
     */
    ScorePartition(Predictor predictor, int column, BadRowPolicy policy, int batchSize, int blockRows, LongAccumulator badRows,
                   boolean echo) {
        this.echo = echo;
        this.predictor = predictor;
        this.column = column;
        this.policy = policy;
        this.batchSize = batchSize;
        this.blockRows = blockRows;
        this.badRows = badRows;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        int partition = task == null ? -1 : task.partitionId();
        return new Iterator<>() {
            private final Row[] block = new Row[blockRows];
            private final float[][][] sequences = new float[blockRows][][];
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
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                Row row = block[i];
                Object[] values = new Object[row.length() + (predictor.classifier ? 2 : 1)];
                for (int c = 0; c < row.length(); c++) {
                    values[c] = row.get(c);
                }
                if (echo && sequences[i] != null) {
                    values[column] = predictor.input.echo(sequences[i]);
                }
                sequences[i] = null;
                values[row.length()] = probability[i];
                if (predictor.classifier) {
                    values[row.length() + 1] = prediction[i];
                }
                block[i] = null;
                return RowFactory.create(values);
            }

            private void fill() {
                size = 0;
                next = 0;
                long bad = 0;
                while (size < blockRows && rows.hasNext()) {
                    Row row = rows.next();
                    block[size] = row;
                    probability[size] = null;
                    prediction[size] = null;
                    try {
                        sequences[size] = predictor.input.read(row.get(column), predictor.features);
                    } catch (SequenceColumn.BadValue e) {
                        if (policy == BadRowPolicy.FAIL) {
                            throw new BadRowException(partition, consumed, predictor.input.name(), e.getMessage());
                        }
                        sequences[size] = null;
                        bad++;
                    }
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
                        keys[valid++] = ((long) sequences[i].length << 32) | i;
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
                    int time = sequences[order[start]].length;
                    int end = start;
                    while (end < valid && end - start < batchSize && sequences[order[end]].length == time) {
                        end++;
                    }
                    predictor.predict(model, sequences, order, start, end - start, time, probability, prediction);
                    start = end;
                }
            }
        };
    }
}
