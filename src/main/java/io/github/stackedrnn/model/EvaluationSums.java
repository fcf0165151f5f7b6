package io.github.stackedrnn.model;

import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.train.Evaluation;

/**
 * Adds up what an {@link Evaluation} reports, row by row of outputs and targets: the confusion matrix
 * and the rank of the true class (classification; a sigmoid head's units are binary decisions), or the
 * squared and absolute errors (regression); and the loss, as summed by the engine.
 */
final class EvaluationSums {
    private final Loss.Kind kind;
    private final int units;      // K
    private final long[][] confusion;
    private final long[] ranks;
    private double lossSum;
    private long rows;
    private double squaredErrors;
    private double absoluteErrors;
    private long elements;

    EvaluationSums(OutputLoss loss, int units) {
        this.kind = loss.loss.kind();
        this.units = units;
        int classes = kind == Loss.Kind.CATEGORICAL_CROSSENTROPY ? units : 2;
        this.confusion = loss.classification() ? new long[classes][classes] : null;
        this.ranks = loss.classification() ? new long[classes] : null;
    }

    /** Adds a pass's summed loss over {@code count} rows. */
    void addLoss(double sum, long count) {
        lossSum += sum;
        rows += count;
    }

    /** Adds one row: outputs {@code out[o, o + K)} against targets {@code y[t, t + K)}. */
    void addRow(float[] out, int o, float[] y, int t) {
        switch (kind) {
            case CATEGORICAL_CROSSENTROPY: {
                int truth = Engine.argMax(y, t, units);
                int predicted = Engine.argMax(out, o, units);
                confusion[truth][predicted]++;
                // the classes ranked before the true one, breaking ties as argMax does (first index wins)
                int rank = 0;
                for (int j = 0; j < units; j++) {
                    float p = out[o + j];
                    float pTrue = out[o + truth];
                    rank += p > pTrue || (p == pTrue && j < truth) ? 1 : 0;
                }
                ranks[rank]++;
                break;
            }
            case BINARY_CROSSENTROPY:
                for (int j = 0; j < units; j++) {
                    int truth = y[t + j] > 0.5f ? 1 : 0;
                    int predicted = out[o + j] > 0.5f ? 1 : 0;
                    confusion[truth][predicted]++;
                    ranks[truth == predicted ? 0 : 1]++;
                }
                break;
            default:
                for (int j = 0; j < units; j++) {
                    double e = out[o + j] - y[t + j];
                    squaredErrors += e * e;
                    absoluteErrors += Math.abs(e);
                }
                elements += units;
        }
    }

    /** @param penalty the L2 penalty, added to the mean loss as Keras adds regularisation losses */
    Evaluation build(double penalty) {
        double loss = lossSum / rows + penalty;
        if (confusion != null) {
            return Evaluation.classification(loss, confusion, ranks);
        }
        return Evaluation.regression(loss, squaredErrors / elements, absoluteErrors / elements, rows);
    }
}
