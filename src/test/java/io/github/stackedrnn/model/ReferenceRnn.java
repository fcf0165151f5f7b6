package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain double-precision stacked SimpleRNN with a dense softmax head and mean categorical
 * cross-entropy, written for the tests independently of the library's engine: one sample, one step,
 * one unit at a time, straight from the Keras formulas. No chunks, no time-major buffers, no
 * transposes, no float arithmetic.
 *
 * <p>Dimension legend: {@code B} = batch, {@code T} = time, {@code F} = features, {@code U} = units of
 * a layer, {@code K} = classes, {@code R} = rows the head sees ({@code B·T} when the last recurrent
 * layer returns sequences, else {@code B}). Every array is flat and row-major, sample-major:
 * {@code x [B, T, F]}, hidden states {@code [B, T, U]}, logits and targets {@code [R, K]} with row
 * {@code b·T + t} (per-step output) or {@code b}.
 *
 * <p>Weights are given in Keras's {@code get_weights()} order: for each recurrent layer
 * {@code kernel [in, U]}, {@code recurrent_kernel [U, U]} and, with a bias, {@code bias [U]}; then the
 * head's {@code kernel [U, K]} and, with a bias, {@code bias [K]}.
 */
final class ReferenceRnn {
    /** One recurrent layer: {@code h_t = f(x_t·kernel + bias + h_(t-1)·recurrent_kernel)}, {@code h_0 = 0}. */
    record RnnSpec(int units, Activation activation, boolean useBias, boolean returnSequences) {
    }

    /** Everything one forward pass computes. */
    static final class Pass {
        final double[][] preActivations; // [L][B, T, U_l] z_t before the activation
        final double[][] hidden;         // [L][B, T, U_l] h_t = f(z_t)
        final double[] logits;           // [R, K]
        final double[] probabilities;    // [R, K]

        private Pass(double[][] preActivations, double[][] hidden, double[] logits, double[] probabilities) {
            this.preActivations = preActivations;
            this.hidden = hidden;
            this.logits = logits;
            this.probabilities = probabilities;
        }
    }

    private final int features;          // F
    private final List<RnnSpec> layers;  // bottom to top
    private final int classes;           // K
    private final boolean headBias;

    ReferenceRnn(int features, List<RnnSpec> layers, int classes, boolean headBias) {
        if (features <= 0 || classes <= 0 || layers.isEmpty()) {
            throw new IllegalArgumentException("need features > 0, classes > 0 and at least one layer");
        }
        for (int l = 0; l + 1 < layers.size(); l++) {
            if (!layers.get(l).returnSequences()) {
                throw new IllegalArgumentException("layer " + l + " feeds another recurrent layer and must return sequences");
            }
        }
        this.features = features;
        this.layers = List.copyOf(layers);
        this.classes = classes;
        this.headBias = headBias;
    }

    int features() {
        return features;
    }

    int classes() {
        return classes;
    }

    List<RnnSpec> layers() {
        return layers;
    }

    boolean headBias() {
        return headBias;
    }

    /** @return true if the head outputs one prediction per time step */
    boolean perStepOutput() {
        return layers.get(layers.size() - 1).returnSequences();
    }

    /** @return R, the number of rows the head outputs and the loss averages over */
    int headRows(int batch, int time) {
        return perStepOutput() ? batch * time : batch;
    }

    /** @return the shapes of the weights, in Keras's {@code get_weights()} order */
    List<int[]> weightShapes() {
        List<int[]> shapes = new ArrayList<>();
        int in = features;
        for (RnnSpec spec : layers) {
            shapes.add(new int[] {in, spec.units()});
            shapes.add(new int[] {spec.units(), spec.units()});
            if (spec.useBias()) {
                shapes.add(new int[] {spec.units()});
            }
            in = spec.units();
        }
        shapes.add(new int[] {in, classes});
        if (headBias) {
            shapes.add(new int[] {classes});
        }
        return shapes;
    }

    /**
     * The forward pass.
     *
     * @param weights the weights in Keras order, each flat row-major
     * @param x       the input {@code [B, T, F]}
     * @return every pre-activation, hidden state, logit and probability
     */
    Pass forward(double[][] weights, double[] x, int batch, int time) {
        if (weights.length != weightShapes().size()) {
            throw new IllegalArgumentException("expected " + weightShapes().size() + " weight arrays but got " + weights.length);
        }
        if (x.length != batch * time * features) {
            throw new IllegalArgumentException("x must hold " + batch * time * features + " values but has " + x.length);
        }
        double[][] z = new double[layers.size()][];
        double[][] h = new double[layers.size()][];
        double[] input = x;
        int in = features;
        int w = 0;
        for (int l = 0; l < layers.size(); l++) {
            RnnSpec spec = layers.get(l);
            int units = spec.units();
            double[] kernel = weights[w++];    // [in, U]
            double[] recurrent = weights[w++]; // [U, U]
            double[] bias = spec.useBias() ? weights[w++] : null; // [U]
            double[] zl = new double[batch * time * units];
            double[] hl = new double[batch * time * units];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < time; t++) {
                    int row = b * time + t;
                    for (int u = 0; u < units; u++) {
                        double s = bias == null ? 0.0 : bias[u];
                        for (int i = 0; i < in; i++) {
                            s += input[row * in + i] * kernel[i * units + u];
                        }
                        if (t > 0) { // h_0 = 0 contributes nothing
                            for (int j = 0; j < units; j++) {
                                s += hl[(row - 1) * units + j] * recurrent[j * units + u];
                            }
                        }
                        zl[row * units + u] = s;
                        hl[row * units + u] = activate(spec.activation(), s);
                    }
                }
            }
            z[l] = zl;
            h[l] = hl;
            input = hl;
            in = units;
        }
        double[] kernel = weights[w++];            // [U, K]
        double[] bias = headBias ? weights[w++] : null; // [K]
        double[] top = h[layers.size() - 1];
        int rows = headRows(batch, time);
        double[] logits = new double[rows * classes];
        double[] probabilities = new double[rows * classes];
        for (int r = 0; r < rows; r++) {
            // per-step output: row r is (b, t) = (r / T, r % T); otherwise row b reads the last step of sample b
            int hiddenRow = perStepOutput() ? r : r * time + time - 1;
            for (int k = 0; k < classes; k++) {
                double s = bias == null ? 0.0 : bias[k];
                for (int u = 0; u < in; u++) {
                    s += top[hiddenRow * in + u] * kernel[u * classes + k];
                }
                logits[r * classes + k] = s;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[r * classes + k]);
            }
            double sum = 0.0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[r * classes + k] - max);
            }
            for (int k = 0; k < classes; k++) {
                probabilities[r * classes + k] = Math.exp(logits[r * classes + k] - max) / sum;
            }
        }
        return new Pass(z, h, logits, probabilities);
    }

    /**
     * The mean categorical cross-entropy {@code -(1/R) Σ_r Σ_k y_rk log p_rk}, with
     * {@code log p = z - logsumexp(z)} for stability.
     *
     * @param targets the target distributions {@code [R, K]}
     */
    double meanLoss(double[][] weights, double[] x, double[] targets, int batch, int time) {
        double[] logits = forward(weights, x, batch, time).logits;
        int rows = headRows(batch, time);
        if (targets.length != rows * classes) {
            throw new IllegalArgumentException("targets must hold " + rows * classes + " values but has " + targets.length);
        }
        double total = 0.0;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[r * classes + k]);
            }
            double sum = 0.0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[r * classes + k] - max);
            }
            double logSumExp = max + Math.log(sum);
            for (int k = 0; k < classes; k++) {
                total -= targets[r * classes + k] * (logits[r * classes + k] - logSumExp);
            }
        }
        return total / rows;
    }

    private static double activate(Activation activation, double z) {
        switch (activation) {
            case TANH:
                return Math.tanh(z);
            case RELU:
                return z > 0.0 ? z : 0.0;
            case LINEAR:
                return z;
            default:
                throw new IllegalArgumentException("unknown activation " + activation);
        }
    }
}
