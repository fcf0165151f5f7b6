package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every head and loss, label smoothing, sample and class weights, L2 penalties and dropout, against
 * central finite differences of a plain double-precision model written here (two tanh layers, the head,
 * the loss, straight from the Keras formulas). Cases without weights or dropout go through the public
 * {@code computeGradients}; the others through the engine, with the dropout masks it draws for a fixed
 * key, so both sides see the same masks.
 */
class HeadsAndLossesGradientTest {
    private static final double EPS = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-2;
    private static final double MIN_ABSOLUTE_ERROR = 1e-5;
    private static final int B = 5;
    private static final int T = 4;
    private static final int F = 3;
    private static final long DROPOUT_KEY = 0x5EEDL;

    record Case(String name, Activation head, Loss loss, int units, boolean perStep, boolean weighted, double l2,
                double dropout, double recurrentDropout) {
        boolean throughEngine() {
            return weighted || dropout > 0 || recurrentDropout > 0;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("linear+mse", Activation.LINEAR, Loss.meanSquaredError(), 2, false, false, 0, 0, 0),
                new Case("linear+mae per step", Activation.LINEAR, Loss.meanAbsoluteError(), 3, true, false, 0, 0, 0),
                new Case("sigmoid+bce 1 unit, smoothing", Activation.SIGMOID, Loss.binaryCrossentropy(0.1), 1, false, false, 0, 0, 0),
                new Case("sigmoid+bce multi-label per step", Activation.SIGMOID, Loss.binaryCrossentropy(), 3, true, false, 0, 0, 0),
                new Case("sigmoid+mse", Activation.SIGMOID, Loss.meanSquaredError(), 2, false, false, 0, 0, 0),
                new Case("tanh+mse", Activation.TANH, Loss.meanSquaredError(), 2, true, false, 0, 0, 0),
                new Case("softmax+mse", Activation.SOFTMAX, Loss.meanSquaredError(), 3, false, false, 0, 0, 0),
                new Case("softmax+cce smoothing", Activation.SOFTMAX, Loss.categoricalCrossentropy(0.2), 3, false, false, 0, 0, 0),
                new Case("linear+mse with L2", Activation.LINEAR, Loss.meanSquaredError(), 2, false, false, 0.05, 0, 0),
                new Case("softmax+cce weighted", Activation.SOFTMAX, Loss.categoricalCrossentropy(), 3, false, true, 0, 0, 0),
                new Case("sigmoid+bce weighted per step", Activation.SIGMOID, Loss.binaryCrossentropy(), 1, true, true, 0, 0, 0),
                new Case("softmax+cce dropout", Activation.SOFTMAX, Loss.categoricalCrossentropy(), 3, false, false, 0, 0.3, 0),
                new Case("linear+mse recurrent dropout", Activation.LINEAR, Loss.meanSquaredError(), 2, true, false, 0, 0, 0.4),
                new Case("sigmoid+bce both dropouts, weighted", Activation.SIGMOID, Loss.binaryCrossentropy(), 2, false, true, 0,
                        0.25, 0.25));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Case c) {
        SplittableRandom random = new SplittableRandom(c.name.hashCode());
        StackedRnnModel model = model(c);
        Network net = model.network();
        List<Tensor> weights = model.getWeights();
        double[][] w = new double[weights.size()][];
        List<Tensor> rounded = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            float[] v = new float[weights.get(i).size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (random.nextDouble() - 0.5);
            }
            rounded.add(Tensor.of(v, weights.get(i).shape()));
            w[i] = widen(v);
        }
        model.setWeights(rounded);
        float[] x = new float[B * T * F];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        int rows = c.perStep ? B * T : B;
        float[] y = targets(c, rows, random);
        Tensor yTensor = c.perStep ? Tensor.of(y, B, T, c.units) : Tensor.of(y, B, c.units);
        Tensor xTensor = Tensor.of(x, B, T, F);

        Reference ref = new Reference(c, net, widen(x), widen(y));
        float[] analytic;
        double loss;
        if (!c.throughEngine()) {
            Gradients g = model.computeGradients(xTensor, yTensor);
            analytic = flatten(g.asList());
            loss = g.loss();
        } else {
            float[] sampleWeights = new float[B];
            for (int i = 0; i < B; i++) {
                sampleWeights[i] = (float) (0.5 + 1.5 * random.nextDouble());
            }
            float[] classWeights = new float[c.units == 1 ? 2 : c.units];
            for (int i = 0; i < classWeights.length; i++) {
                classWeights[i] = (float) (0.5 + random.nextDouble());
            }
            RowWeights rowWeights = c.weighted ? new RowWeights(sampleWeights, classWeights) : null;
            ref.sampleWeights = c.weighted ? widen(sampleWeights) : null;
            ref.classWeights = c.weighted ? widen(classWeights) : null;
            ref.drawMasks(net);
            Engine engine = new Engine(net, new Parallelism(2, null), true);
            Batch batch = new Batch(xTensor, Targets.oneHot(yTensor, B, T, net), null, 0, B, null, null, rowWeights);
            Engine.Result r = engine.gradients(flatten(rounded), batch, null, c.dropout > 0 || c.recurrentDropout > 0,
                    DROPOUT_KEY);
            analytic = engine.grads.clone();
            loss = r.meanLoss();
        }
        double expectedLoss = ref.loss(w);
        assertEquals(expectedLoss, loss, 1e-5 * Math.max(1, Math.abs(expectedLoss)), c + ": loss");

        int at = 0;
        double largest = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[i].length; j++, at++) {
                double saved = w[i][j];
                w[i][j] = saved + EPS;
                double plus = ref.loss(w);
                w[i][j] = saved - EPS;
                double minus = ref.loss(w);
                w[i][j] = saved;
                double numeric = (plus - minus) / (2 * EPS);
                double a = analytic[at];
                largest = Math.max(largest, Math.abs(numeric));
                double error = Math.abs(a - numeric);
                if (!(error < MIN_ABSOLUTE_ERROR) && !(error / (Math.abs(a) + Math.abs(numeric)) <= MAX_RELATIVE_ERROR)) {
                    failures.add(model.weightNames().get(i) + "[" + j + "]: analytic " + a + ", numeric " + numeric);
                }
            }
        }
        assertThat(largest).as(c + ": the gradient is not all zero").isGreaterThan(1e-3);
        if (!failures.isEmpty()) {
            fail(c + ": " + failures.size() + " of " + at + " elements differ:\n  " + String.join("\n  ", failures.subList(0,
                    Math.min(20, failures.size()))));
        }
    }

    private static StackedRnnModel model(Case c) {
        return StackedRnnModel.builder().inputFeatures(F).seed(7).threads(1)
                .add(SimpleRnnLayer.builder(4).returnSequences(true).dropout(c.dropout).recurrentDropout(c.recurrentDropout)
                        .kernelL2(c.l2).recurrentL2(c.l2).biasL2(c.l2).build())
                .add(SimpleRnnLayer.builder(3).returnSequences(c.perStep).recurrentDropout(c.recurrentDropout).build())
                .add(DenseLayer.builder(c.units).activation(c.head).kernelL2(c.l2).biasL2(c.l2).build())
                .loss(c.loss)
                .build();
    }

    private static float[] targets(Case c, int rows, SplittableRandom random) {
        float[] y = new float[rows * c.units];
        for (int r = 0; r < rows; r++) {
            switch (c.loss.kind()) {
                case CATEGORICAL_CROSSENTROPY:
                    y[r * c.units + random.nextInt(c.units)] = 1f;
                    break;
                case BINARY_CROSSENTROPY:
                    for (int k = 0; k < c.units; k++) {
                        y[r * c.units + k] = random.nextBoolean() ? 1f : 0f;
                    }
                    break;
                default:
                    for (int k = 0; k < c.units; k++) {
                        y[r * c.units + k] = (float) (random.nextDouble() * 2 - 1);
                    }
            }
        }
        return y;
    }

    /** The model in double precision, sample-major, one unit at a time. */
    private static final class Reference {
        final Case c;
        final double[] x;  // [B, T, F]
        final double[] y;  // [R, K]
        double[] sampleWeights;
        double[] classWeights;
        final double[][] inputMasks = new double[2][];  // [B, in] or null
        final double[][] stateMasks = new double[2][];  // [B, U] or null
        final double[] l2; // per weight slot

        Reference(Case c, Network net, double[] x, double[] y) {
            this.c = c;
            this.x = x;
            this.y = y;
            this.l2 = new double[net.slots.size()];
            for (int i = 0; i < l2.length; i++) {
                l2[i] = net.slots.get(i).l2;
            }
        }

        /** The masks the engine draws for {@link #DROPOUT_KEY}: the same Dropout code, read back. */
        void drawMasks(Network net) {
            for (int l = 0; l < 2; l++) {
                RnnLayerPlan p = net.rnn[l];
                if (!Dropout.needed(p)) {
                    continue;
                }
                Dropout d = new Dropout(p, T, B);
                d.draw(DROPOUT_KEY, l, 0, B, p.in, p.units);
                inputMasks[l] = d.inputMask == null ? null : widen(d.inputMask);
                stateMasks[l] = d.stateMask == null ? null : widen(d.stateMask);
            }
        }

        double loss(double[][] w) {
            double[] input = x;
            int in = F;
            int[] units = {4, 3};
            int wi = 0;
            for (int l = 0; l < 2; l++) {
                int u = units[l];
                double[] kernel = w[wi++];
                double[] recurrent = w[wi++];
                double[] bias = w[wi++];
                double[] h = new double[B * T * u];
                for (int b = 0; b < B; b++) {
                    for (int t = 0; t < T; t++) {
                        for (int k = 0; k < u; k++) {
                            double z = bias[k];
                            for (int i = 0; i < in; i++) {
                                double m = inputMasks[l] == null ? 1 : inputMasks[l][b * in + i];
                                z += input[(b * T + t) * in + i] * m * kernel[i * u + k];
                            }
                            for (int j = 0; t > 0 && j < u; j++) {
                                double m = stateMasks[l] == null ? 1 : stateMasks[l][b * u + j];
                                z += h[(b * T + t - 1) * u + j] * m * recurrent[j * u + k];
                            }
                            h[(b * T + t) * u + k] = Math.tanh(z);
                        }
                    }
                }
                input = h;
                in = u;
            }
            double[] kernel = w[wi++];
            double[] bias = w[wi];
            int rows = c.perStep ? B * T : B;
            int k = c.units;
            double total = 0;
            for (int r = 0; r < rows; r++) {
                int hiddenRow = c.perStep ? r : r * T + T - 1;
                double[] z = new double[k];
                for (int j = 0; j < k; j++) {
                    z[j] = bias[j];
                    for (int i = 0; i < in; i++) {
                        z[j] += input[hiddenRow * in + i] * kernel[i * k + j];
                    }
                }
                double rowLoss = rowLoss(z, r * k);
                if (sampleWeights != null) {
                    int sample = c.perStep ? r / T : r;
                    rowLoss *= sampleWeights[sample] * classWeights[classOf(r * k)];
                }
                total += rowLoss;
            }
            double penalty = 0;
            for (int i = 0; i < w.length; i++) {
                for (double v : w[i]) {
                    penalty += l2[i] * v * v;
                }
            }
            return total / rows + penalty;
        }

        private int classOf(int off) {
            if (c.units == 1) {
                return y[off] > 0.5 ? 1 : 0;
            }
            int best = 0;
            for (int j = 1; j < c.units; j++) {
                best = y[off + j] > y[off + best] ? j : best;
            }
            return best;
        }

        private double rowLoss(double[] z, int off) {
            int k = z.length;
            double s = c.loss.labelSmoothing();
            double[] out = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            for (int j = 0; j < k; j++) {
                switch (c.head) {
                    case SOFTMAX:
                        out[j] = Math.exp(z[j] - max) / sum;
                        break;
                    case SIGMOID:
                        out[j] = 1 / (1 + Math.exp(-z[j]));
                        break;
                    case TANH:
                        out[j] = Math.tanh(z[j]);
                        break;
                    default:
                        out[j] = z[j];
                }
            }
            double loss = 0;
            for (int j = 0; j < k; j++) {
                double target = y[off + j];
                switch (c.loss.kind()) {
                    case CATEGORICAL_CROSSENTROPY:
                        loss -= (target * (1 - s) + s / k) * Math.log(out[j]);
                        break;
                    case BINARY_CROSSENTROPY: {
                        double t = target * (1 - s) + 0.5 * s;
                        loss -= (t * Math.log(out[j]) + (1 - t) * Math.log(1 - out[j])) / k;
                        break;
                    }
                    case MEAN_SQUARED_ERROR:
                        loss += (out[j] - target) * (out[j] - target) / k;
                        break;
                    default:
                        loss += Math.abs(out[j] - target) / k;
                }
            }
            return loss;
        }
    }

    private static float[] flatten(List<Tensor> tensors) {
        int n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        float[] flat = new float[n];
        int at = 0;
        for (Tensor t : tensors) {
            t.copyTo(0, flat, at, t.size());
            at += t.size();
        }
        return flat;
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
