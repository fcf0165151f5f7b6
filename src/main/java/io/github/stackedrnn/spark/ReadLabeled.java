package io.github.stackedrnn.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Reads a partition's rows into {@link LabeledSequence}s, applying the bad-row policy (NULL drops the row). */
final class ReadLabeled implements FlatMapFunction<Iterator<Row>, LabeledSequence> {
    private static final long serialVersionUID = 1L;

    private final SequenceColumn input;
    private final int sequenceIndex;
    private final String labelColumn;
    private final int labelIndex;
    private final int features;
    private final int classes;
    private final BadRowPolicy policy;
    private final LongAccumulator badRows;

    ReadLabeled(SequenceColumn input, int sequenceIndex, String labelColumn, int labelIndex, int features, int classes,
                BadRowPolicy policy, LongAccumulator badRows) {
        this.input = input;
        this.sequenceIndex = sequenceIndex;
        this.labelColumn = labelColumn;
        this.labelIndex = labelIndex;
        this.features = features;
        this.classes = classes;
        this.policy = policy;
        this.badRows = badRows;
    }

    @Override
    public Iterator<LabeledSequence> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        int partition = task == null ? -1 : task.partitionId();
        List<LabeledSequence> out = new ArrayList<>();
        long position = 0;
        long bad = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            String column = input.name();
            try {
                float[][] x = input.read(row.get(sequenceIndex), features);
                column = labelColumn;
                if (row.isNullAt(labelIndex)) {
                    throw new SequenceColumn.BadValue("is null");
                }
                long label = ((Number) row.get(labelIndex)).longValue();
                if (label < 0 || label >= classes) {
                    throw new SequenceColumn.BadValue("is " + label + ", outside [0, " + classes + ")");
                }
                out.add(new LabeledSequence(x, (int) label));
            } catch (SequenceColumn.BadValue e) {
                if (policy == BadRowPolicy.FAIL) {
                    throw new BadRowException(partition, position, column, e.getMessage());
                }
                bad++;
            }
            position++;
        }
        if (bad > 0) {
            badRows.add(bad);
        }
        return out.iterator();
    }
}
