package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.loss.CategoricalCrossEntropy;
import io.github.stackedrnn.loss.Loss;

/**
 * The head's output function and the loss, as one forward/backward pair over rows of pre-activation
 * values {@code z}: writes the outputs {@code f(z)}, returns the summed (weighted) loss, and writes
 * {@code dL/dz}. Softmax with categorical cross-entropy and sigmoid with binary cross-entropy are
 * computed from {@code z} directly (stable for any {@code z}, and the gradient is simply
 * {@code f(z) - y}); the regression losses go through the output function's derivative.
 *
 * <p>Each row's loss is the mean over its K units (Keras's reduction over the last axis); the caller's
 * {@code scale} (1 / rows) then makes the batch mean. Also scores each row: 1 or 0 for a correct
 * arg-max (categorical), the fraction of units on the right side of 0.5 (binary), or the mean
 * absolute error (regression).
 */
final class OutputLoss {
    final Loss loss;
    final Activation activation;
    private final float smoothing;

    OutputLoss(Loss loss, Activation activation) {
        this.loss = loss;
        this.activation = activation;
        this.smoothing = (float) loss.labelSmoothing();
    }

    boolean classification() {
        return loss.isClassification();
    }

    /** The name of the per-row score in logs and History: {@code accuracy}, or {@code mae} for regression. */
    String metricName() {
        return classification() ? "accuracy" : "mae";
    }

    /**
     * One row. {@code dZ} may be null (no gradient); {@code weight} multiplies the row's loss and gradient.
     *
     * @return the row's loss (times its weight)
     */
    double row(float[] z, int off, float[] y, int k, float scale, float weight, float[] out, float[] dZ) {
        switch (loss.kind()) {
            case CATEGORICAL_CROSSENTROPY:
                return CategoricalCrossEntropy.forwardBackward(z, off, y, off, 1, k, smoothing, scale * weight, out, off, dZ, off)
                        * weight;
            case BINARY_CROSSENTROPY:
                return binary(z, off, y, k, scale * weight, out, dZ) * weight;
            default:
                return regression(z, off, y, k, scale * weight, out, dZ) * weight;
        }
    }

    /** Outputs only, for prediction. */
    void outputs(float[] z, int off, int rows, int k, float[] out) {
        for (int r = 0; r < rows; r++) {
            activate(z, off + r * k, k, out);
        }
    }

    /** The row's score: see the class comment. */
    double score(float[] out, float[] y, int off, int k) {
        switch (loss.kind()) {
            case CATEGORICAL_CROSSENTROPY:
                return Engine.argMax(out, off, k) == Engine.argMax(y, off, k) ? 1 : 0;
            case BINARY_CROSSENTROPY: {
                int right = 0;
                for (int j = off; j < off + k; j++) {
                    right += (out[j] > 0.5f) == (y[j] > 0.5f) ? 1 : 0;
                }
                return (double) right / k;
            }
            default: {
                double sum = 0;
                for (int j = off; j < off + k; j++) {
                    sum += Math.abs(out[j] - y[j]);
                }
                return sum / k;
            }
        }
    }

    /** Per unit {@code max(z, 0) - z·y' + log(1 + exp(-|z|))}, averaged over the units; dz = (σ(z) - y') / K. */
    private double binary(float[] z, int off, float[] y, int k, float scale, float[] out, float[] dZ) {
        double loss = 0;
        float unitScale = scale / k;
        for (int j = off; j < off + k; j++) {
            float target = smoothing == 0f ? y[j] : y[j] * (1f - smoothing) + 0.5f * smoothing;
            double v = z[j];
            loss += Math.max(v, 0) - v * target + Math.log1p(Math.exp(-Math.abs(v)));
            out[j] = (float) sigmoid(v);
            if (dZ != null) {
                dZ[j] = (out[j] - target) * unitScale;
            }
        }
        return loss / k;
    }

    /** Mean squared or absolute error of {@code f(z)}, back through {@code f'}. */
    private double regression(float[] z, int off, float[] y, int k, float scale, float[] out, float[] dZ) {
        activate(z, off, k, out);
        boolean squared = loss.kind() == Loss.Kind.MEAN_SQUARED_ERROR;
        double loss = 0;
        float unitScale = scale / k;
        for (int j = off; j < off + k; j++) {
            float e = out[j] - y[j];
            loss += squared ? (double) e * e : Math.abs(e);
            if (dZ != null) {
                dZ[j] = (squared ? 2f * e : Math.signum(e)) * unitScale;
            }
        }
        if (dZ != null) {
            activationBackward(out, off, k, dZ);
        }
        return loss / k;
    }

    private void activate(float[] z, int off, int k, float[] out) {
        switch (activation) {
            case SOFTMAX:
                CategoricalCrossEntropy.softmax(z, off, 1, k, out, off);
                break;
            case SIGMOID:
                for (int j = off; j < off + k; j++) {
                    out[j] = (float) sigmoid(z[j]);
                }
                break;
            case TANH:
                for (int j = off; j < off + k; j++) {
                    out[j] = (float) Math.tanh(z[j]);
                }
                break;
            case RELU:
                for (int j = off; j < off + k; j++) {
                    out[j] = Math.max(z[j], 0f);
                }
                break;
            default:
                System.arraycopy(z, off, out, off, k);
        }
    }

    /** {@code dz = dOut ⊙ f'(out)}, in place on {@code d}; softmax through its Jacobian. */
    private void activationBackward(float[] out, int off, int k, float[] d) {
        switch (activation) {
            case SOFTMAX: {
                double dot = 0;
                for (int j = off; j < off + k; j++) {
                    dot += (double) out[j] * d[j];
                }
                for (int j = off; j < off + k; j++) {
                    d[j] = (float) (out[j] * (d[j] - dot));
                }
                break;
            }
            case SIGMOID:
                for (int j = off; j < off + k; j++) {
                    d[j] *= out[j] * (1f - out[j]);
                }
                break;
            case TANH:
                for (int j = off; j < off + k; j++) {
                    d[j] *= 1f - out[j] * out[j];
                }
                break;
            case RELU:
                for (int j = off; j < off + k; j++) {
                    d[j] = out[j] > 0f ? d[j] : 0f;
                }
                break;
            default:
        }
    }

    private static double sigmoid(double v) {
        return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    }
}
