package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.ValidationData;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code fit}'s explicit validation data, checked against the model when {@code fit} starts (before any
 * step) and prepared once: targets validated, a list of sequences bucketed and padded. The supplier
 * evaluates it with the weights of the moment.
 */
final class ValidationSource {
    private ValidationSource() {
    }

    static Supplier<Evaluation> of(StackedRnnModel model, ValidationData v) {
        Network net = model.network();
        if (v.dataset() != null) {
            io.github.stackedrnn.data.SequenceDataset dataset = v.dataset();
            Evaluator evaluator = model.evaluator();
            return () -> DatasetData.evaluate(evaluator, dataset);
        }
        if (v.x() != null) {
            Tensor x = v.x();
            Inputs.check(x, net);
            SequenceMask mask = v.mask();
            if (mask != null) {
                mask.checkMatches(x.dim(0), x.dim(1), net.firstLayer().name);
            }
            Targets targets = v.labelTensor() != null ? Targets.oneHot(v.labelTensor(), x.dim(0), x.dim(1), net, mask)
                    : v.classIndices() != null ? Targets.sparse(v.classIndices(), x.dim(0), net)
                    : Targets.sparse(v.stepClassIndices(), x.dim(0), x.dim(1), net, mask);
            Evaluator evaluator = model.evaluator();
            return () -> evaluator.evaluate(x, targets, 0, x.dim(0), mask);
        }
        List<float[][]> sequences = v.sequences();
        RaggedData data;
        if (v.classIndices() != null || v.stepClassIndices() != null) {
            model.checkRagged(sequences, v.classIndices(), v.stepClassIndices());
            data = new RaggedData(model.evaluator(), sequences, v.classIndices(), v.stepClassIndices(), 0);
        } else {
            RaggedTargets targets = v.labelTensor() != null ? RaggedTargets.of(v.labelTensor(), sequences, net)
                    : v.targetRows() != null ? RaggedTargets.of(v.targetRows(), sequences, net)
                    : RaggedTargets.ofSteps(v.stepTargets(), sequences, net);
            data = new RaggedData(model.evaluator(), sequences, targets, 0, null);
        }
        List<Batch> buckets = data.buckets(0, sequences.size(), 256);
        return () -> data.evaluate(buckets);
    }
}
