package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;

/**
 * Loss and metrics on labelled data with the current weights, as {@code evaluate} and fit's validation
 * compute them: predictions from the inference pool, summed by {@link EvaluationSums}, plus the L2
 * penalty Keras adds to the loss.
 */
final class Evaluator {
    private final Network net;
    private final ModelParameters parameters;
    private final InferencePool inference;

    Evaluator(Network net, ModelParameters parameters, InferencePool inference) {
        this.net = net;
        this.parameters = parameters;
        this.inference = inference;
    }

    Network network() {
        return net;
    }

    /** Evaluates samples {@code [start, start + count)}. */
    Evaluation evaluate(Tensor x, Targets targets, int start, int count, SequenceMask mask) {
        EvaluationSums sums = new EvaluationSums(net.loss, net.outputUnits());
        add(sums, x, targets, start, count, mask);
        return finish(sums);
    }

    /** The loss and metrics of what {@code sums} has gathered, the current L2 penalty added. */
    Evaluation finish(EvaluationSums sums) {
        return sums.build(parameters.penalty());
    }

    /** Runs samples {@code [start, start + count)} and adds their loss and scored rows to {@code sums}. */
    void add(EvaluationSums sums, Tensor x, Targets targets, int start, int count, SequenceMask mask) {
        int time = x.dim(1);
        int k = net.outputUnits();
        float[] out = new float[net.head.outputFloats(time, count)];
        Engine.Result r = inference.forward(new Batch(x, targets, null, start, count, mask, null), out);
        sums.addLoss(r.lossSum, r.rows);
        float[] target = new float[k];
        int steps = net.perStepOutput() ? time : 1;
        for (int s = 0; s < count; s++) {
            for (int t = 0; t < steps; t++) {
                if (net.perStepOutput() && mask != null && !mask.valid(start + s, t)) {
                    continue;
                }
                targets.copyRow(start + s, t, target, 0);
                sums.addRow(out, (s * steps + t) * k, target, 0);
            }
        }
    }
}
