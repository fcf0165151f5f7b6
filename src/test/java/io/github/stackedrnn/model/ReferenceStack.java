package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.MergeMode;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain double-precision model of a stack of SimpleRNN (tanh), LSTM, GRU (both reset variants) and
 * Bidirectional layers under a softmax head with categorical cross-entropy, written sample by sample
 * and step by step from Keras's equations (see {@code src/test/resources/parity-recurrent/README.md}),
 * independent of the engine: its loss is what finite differences are taken of.
 */
final class ReferenceStack {
    enum Kind {
        SIMPLE(1), LSTM(4), GRU_AFTER(3), GRU_BEFORE(3),
        /** LSTM and GRU (reset after) with Keras 3's hard sigmoid gates. */
        LSTM_HARD(4), GRU_HARD(3),
        /** LSTM and GRU (reset after) with Keras 2's hard sigmoid gates, {@code clip(0.2·x + 0.5, 0, 1)}. */
        LSTM_HARD_KERAS2(4), GRU_HARD_KERAS2(3);

        final int gates;

        Kind(int gates) {
            this.gates = gates;
        }
    }

    /**
     * One recurrent layer; {@code merge} non-null makes it a Bidirectional around it; {@code backwards} a
     * plain layer reading from the last step (Keras's go_backwards: outputs in reading order).
     */
    record Spec(Kind kind, int units, boolean seq, MergeMode merge, boolean backwards) {
        Spec(Kind kind, int units, boolean seq, MergeMode merge) {
            this(kind, units, seq, merge, false);
        }

        int width() {
            return merge == MergeMode.CONCAT ? 2 * units : units;
        }

        int directions() {
            return merge == null ? 1 : 2;
        }
    }

    final int features;
    final int classes;
    final List<Spec> specs;
    final List<DenseSpec> dense; // hidden Dense layers before the head

    /** A hidden Dense layer. */
    record DenseSpec(int units, io.github.stackedrnn.layer.Activation activation) {
    }

    ReferenceStack(int features, int classes, List<Spec> specs) {
        this(features, classes, specs, List.of());
    }

    ReferenceStack(int features, int classes, List<Spec> specs, List<DenseSpec> dense) {
        this.features = features;
        this.classes = classes;
        this.specs = List.copyOf(specs);
        this.dense = List.copyOf(dense);
    }

    /** The hidden Dense layers on one row, weights from {@code w[wi]} on. */
    private double[] hidden(double[][] w, int wi, double[] row) {
        double[] v = row;
        for (DenseSpec d : dense) {
            double[] kernel = w[wi++];
            double[] bias = w[wi++];
            double[] out = new double[d.units()];
            for (int k = 0; k < d.units(); k++) {
                out[k] = bias[k];
                for (int j = 0; j < v.length; j++) {
                    out[k] += v[j] * kernel[j * d.units() + k];
                }
            }
            switch (d.activation()) {
                case TANH -> {
                    for (int k = 0; k < out.length; k++) {
                        out[k] = Math.tanh(out[k]);
                    }
                }
                case RELU -> {
                    for (int k = 0; k < out.length; k++) {
                        out[k] = Math.max(0, out[k]);
                    }
                }
                case SIGMOID -> {
                    for (int k = 0; k < out.length; k++) {
                        out[k] = sigmoid(out[k]);
                    }
                }
                case SOFTMAX -> {
                    double max = Double.NEGATIVE_INFINITY;
                    for (double o : out) {
                        max = Math.max(max, o);
                    }
                    double sum = 0;
                    for (int k = 0; k < out.length; k++) {
                        out[k] = Math.exp(out[k] - max);
                        sum += out[k];
                    }
                    for (int k = 0; k < out.length; k++) {
                        out[k] /= sum;
                    }
                }
                case LINEAR -> {
                }
            }
            v = out;
        }
        return v;
    }

    boolean perStep() {
        return specs.get(specs.size() - 1).seq();
    }

    /** @return every weight's shape in Keras order (per direction kernel, recurrent kernel, bias; then the head) */
    List<int[]> weightShapes() {
        List<int[]> shapes = new ArrayList<>();
        int in = features;
        for (Spec s : specs) {
            int g = s.kind().gates * s.units();
            for (int d = 0; d < s.directions(); d++) {
                shapes.add(new int[] {in, g});
                shapes.add(new int[] {s.units(), g});
                boolean twoRows = s.kind() == Kind.GRU_AFTER || s.kind() == Kind.GRU_HARD || s.kind() == Kind.GRU_HARD_KERAS2;
                shapes.add(twoRows ? new int[] {2, g} : new int[] {g});
            }
            in = s.width();
        }
        for (DenseSpec d : dense) {
            shapes.add(new int[] {in, d.units()});
            shapes.add(new int[] {d.units()});
            in = d.units();
        }
        shapes.add(new int[] {in, classes});
        shapes.add(new int[] {classes});
        return shapes;
    }

    /** @return the number of directional plans (a Bidirectional has two), the engine's dropout streams */
    int plans() {
        return specs.stream().mapToInt(Spec::directions).sum();
    }

    /**
     * The mean loss.
     *
     * @param w       the weights in {@link #weightShapes()} order
     * @param x       {@code [B, T, F]}
     * @param lengths valid steps per sample (padding at the end), or null
     * @param labels  {@code [B][T]} per step, else {@code [B][1]}
     * @param drop    per plan {@code {inputMask [B, in], stateMask [B, U]}} (either null), or null
     */
    double loss(double[][] w, double[] x, int batch, int time, int[] lengths, int[][] labels, float[][][] drop) {
        double sum = 0;
        int rows = 0;
        for (int b = 0; b < batch; b++) {
            int length = lengths == null ? time : lengths[b];
            double[][] seq = new double[time][features];
            for (int t = 0; t < time; t++) {
                for (int f = 0; f < features; f++) {
                    seq[t][f] = x[(b * time + t) * features + f];
                }
            }
            int wi = 0;
            int plan = 0;
            double[][] out = seq;
            double[] last = null;
            for (Spec s : specs) {
                double[][] fwd = direction(s, w, wi, out, time, length, s.backwards(), mask(drop, plan, b, out[0].length),
                        mask(drop, plan, b, -s.units()));
                wi += 3;
                plan++;
                if (s.merge() == null && s.backwards()) {
                    // Keras's go_backwards: the outputs in reading order, the last one after step 0; the
                    // mask stays the input's
                    last = fwd[0];
                    out = new double[time][];
                    for (int k = 0; k < time; k++) {
                        out[k] = fwd[time - 1 - k];
                    }
                } else if (s.merge() == null) {
                    last = fwd[time - 1];
                    out = fwd;
                } else {
                    double[][] bwd = direction(s, w, wi, out, time, length, true, mask(drop, plan, b, out[0].length),
                            mask(drop, plan, b, -s.units()));
                    wi += 3;
                    plan++;
                    double[][] merged = new double[time][];
                    for (int t = 0; t < time; t++) {
                        merged[t] = t < length ? merge(s.merge(), fwd[t], bwd[t]) : new double[s.width()];
                    }
                    last = merge(s.merge(), fwd[time - 1], bwd[0]);
                    out = merged;
                }
            }
            double[] kernel = w[wi + 2 * dense.size()];
            double[] bias = w[wi + 2 * dense.size() + 1];
            if (perStep()) {
                for (int t = 0; t < length; t++) {
                    sum += crossEntropy(hidden(w, wi, out[t]), kernel, bias, labels[b][t]);
                    rows++;
                }
            } else {
                sum += crossEntropy(hidden(w, wi, last), kernel, bias, labels[b][0]);
                rows++;
            }
        }
        return sum / rows;
    }

    private static double[] mask(float[][][] drop, int plan, int b, int width) {
        if (drop == null || drop[plan] == null) {
            return null;
        }
        float[] m = drop[plan][width >= 0 ? 0 : 1];
        int n = Math.abs(width);
        if (m == null) {
            return null;
        }
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            out[j] = m[b * n + j];
        }
        return out;
    }

    private static double[] merge(MergeMode mode, double[] f, double[] b) {
        int u = f.length;
        double[] out = new double[mode == MergeMode.CONCAT ? 2 * u : u];
        for (int j = 0; j < u; j++) {
            switch (mode) {
                case CONCAT -> {
                    out[j] = f[j];
                    out[u + j] = b[j];
                }
                case SUM -> out[j] = f[j] + b[j];
                case MUL -> out[j] = f[j] * b[j];
                case AVE -> out[j] = (f[j] + b[j]) / 2;
            }
        }
        return out;
    }

    private double crossEntropy(double[] h, double[] kernel, double[] bias, int label) {
        double[] z = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            z[k] = bias[k];
            for (int j = 0; j < h.length; j++) {
                z[k] += h[j] * kernel[j * classes + k];
            }
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(z[k] - max);
        }
        return -(z[label] - max - Math.log(sum));
    }

    /** One direction over one sample: the state after each step, carried over the padded steps. */
    private static double[][] direction(Spec s, double[][] w, int wi, double[][] seq, int time, int length, boolean reverse,
                                        double[] inMask, double[] stateMask) {
        int u = s.units();
        int g = s.kind().gates * u;
        int in = seq[0].length;
        double[] kernel = w[wi];
        double[] rec = w[wi + 1];
        double[] bias = w[wi + 2];
        double[] h = new double[u];
        double[] c = new double[u];
        double[][] out = new double[time][];
        for (int k = 0; k < time; k++) {
            int t = reverse ? time - 1 - k : k;
            if (t >= length) {
                out[t] = h.clone();
                continue;
            }
            double[] xt = seq[t].clone();
            if (inMask != null) {
                for (int i = 0; i < in; i++) {
                    xt[i] *= inMask[i];
                }
            }
            double[] hd = h.clone();
            if (stateMask != null) {
                for (int j = 0; j < u; j++) {
                    hd[j] *= stateMask[j];
                }
            }
            double[] zx = new double[g];
            for (int col = 0; col < g; col++) {
                zx[col] = bias[col];
                for (int i = 0; i < in; i++) {
                    zx[col] += xt[i] * kernel[i * g + col];
                }
            }
            double[] next = new double[u];
            int hard = s.kind() == Kind.LSTM_HARD || s.kind() == Kind.GRU_HARD ? 3
                    : s.kind() == Kind.LSTM_HARD_KERAS2 || s.kind() == Kind.GRU_HARD_KERAS2 ? 2 : 0;
            Kind kind = switch (s.kind()) {
                case LSTM_HARD, LSTM_HARD_KERAS2 -> Kind.LSTM;
                case GRU_HARD, GRU_HARD_KERAS2 -> Kind.GRU_AFTER;
                default -> s.kind();
            };
            switch (kind) {
                case LSTM_HARD, GRU_HARD, LSTM_HARD_KERAS2, GRU_HARD_KERAS2 -> throw new AssertionError();
                case SIMPLE -> {
                    for (int j = 0; j < u; j++) {
                        next[j] = Math.tanh(zx[j] + dot(hd, rec, g, j));
                    }
                }
                case LSTM -> {
                    for (int j = 0; j < u; j++) {
                        double i = gate(hard, zx[j] + dot(hd, rec, g, j));
                        double f = gate(hard, zx[u + j] + dot(hd, rec, g, u + j));
                        double cand = Math.tanh(zx[2 * u + j] + dot(hd, rec, g, 2 * u + j));
                        double o = gate(hard, zx[3 * u + j] + dot(hd, rec, g, 3 * u + j));
                        c[j] = f * c[j] + i * cand;
                        next[j] = o * Math.tanh(c[j]);
                    }
                }
                case GRU_AFTER -> {
                    for (int j = 0; j < u; j++) {
                        double z = gate(hard, zx[j] + bias[g + j] + dot(hd, rec, g, j));
                        double r = gate(hard, zx[u + j] + bias[g + u + j] + dot(hd, rec, g, u + j));
                        double cand = Math.tanh(zx[2 * u + j] + r * (bias[g + 2 * u + j] + dot(hd, rec, g, 2 * u + j)));
                        next[j] = z * h[j] + (1 - z) * cand;
                    }
                }
                case GRU_BEFORE -> {
                    double[] z = new double[u];
                    double[] rh = new double[u];
                    for (int j = 0; j < u; j++) {
                        z[j] = gate(hard, zx[j] + dot(hd, rec, g, j));
                        rh[j] = gate(hard, zx[u + j] + dot(hd, rec, g, u + j)) * hd[j];
                    }
                    for (int j = 0; j < u; j++) {
                        double cand = Math.tanh(zx[2 * u + j] + dot(rh, rec, g, 2 * u + j));
                        next[j] = z[j] * h[j] + (1 - z[j]) * cand;
                    }
                }
            }
            h = next;
            out[t] = h.clone();
        }
        return out;
    }

    /** {@code Σ_i v[i]·m[i, col]} for a row-major matrix with {@code cols} columns. */
    private static double dot(double[] v, double[] m, int cols, int col) {
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i] * m[i * cols + col];
        }
        return sum;
    }

    /** The gate function: {@code keras} 3 for Keras 3's hard sigmoid, 2 for Keras 2's, 0 for the sigmoid. */
    private static double gate(int keras, double v) {
        return switch (keras) {
            case 3 -> Math.min(6, Math.max(0, v + 3)) / 6;
            case 2 -> Math.min(1, Math.max(0, 0.2 * v + 0.5));
            default -> sigmoid(v);
        };
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
