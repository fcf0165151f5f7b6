package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.train.Evaluation;

import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** A partition's validation figures: {partition, loss × rows, rows, correct}, summed by the driver in partition order. */
final class EvaluatePartition implements Function2<Integer, Iterator<LabeledSequence>, Iterator<double[]>> {
    private static final long serialVersionUID = 1L;

    private final String modelId;
    private final Broadcast<byte[]> model;

    EvaluatePartition(String modelId, Broadcast<byte[]> model) {
        this.modelId = modelId;
        this.model = model;
    }

    @Override
    public Iterator<double[]> call(Integer partition, Iterator<LabeledSequence> rows) {
        List<float[][]> x = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        rows.forEachRemaining(r -> {
            x.add(r.x());
            labels.add(r.label());
        });
        if (x.isEmpty()) {
            return Collections.emptyIterator();
        }
        StackedRnnModel m = ExecutorModels.get(modelId, model);
        Evaluation e = m.evaluate(x, labels.stream().mapToInt(Integer::intValue).toArray());
        long correct = 0;
        long[][] confusion = e.confusionMatrix();
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return Collections.singletonList(new double[] {partition, e.loss() * e.rows(), e.rows(), correct}).iterator();
    }
}
