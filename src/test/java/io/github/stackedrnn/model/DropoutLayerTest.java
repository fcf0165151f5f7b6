package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.DropoutLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The Dropout layer ({@link DropoutLayer}, Keras's {@code Dropout(rate)}): identity outside training steps,
 * in a training step a fresh mask per value of every step, scaled by {@code 1 / (1 - rate)}, the same
 * mask backwards; drawn deterministically, whatever the thread count. The gradients are checked against
 * a double-precision model of the same stack written here, with the masks the engine drew.
 */
class DropoutLayerTest {
    private static final int F = 3;
    private static final int T = 4;
    private static final int B = 11; // two chunks (8 + 3), so the masks of the second chunk are checked too

    // ---------------------------------------------------------------- the configuration

    @Test
    void rateMustBeInZeroToOne() {
        for (double bad : new double[] {1.0, -0.1, Double.NaN, 1.5}) {
            assertThatThrownBy(() -> DropoutLayer.of(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Received an invalid value for argument `rate`, expected a number in [0, 1), got " + bad + ".");
            assertThatThrownBy(() -> DropoutLayer.builder(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got " + bad);
        }
        assertThat(DropoutLayer.of(0).rate()).isZero();
        assertThat(DropoutLayer.of(0.999).rate()).isEqualTo(0.999);
    }

    @Test
    void builderSettingsAreMadeOnce() {
        DropoutLayer.Builder b = DropoutLayer.builder(0.2).seed(7).name("drop");
        assertThatThrownBy(() -> b.seed(8)).isInstanceOf(IllegalStateException.class).hasMessage("`seed` was already set to 7");
        assertThatThrownBy(() -> b.name("other")).isInstanceOf(IllegalStateException.class)
                .hasMessage("`name` was already set to drop");
        assertThatThrownBy(() -> DropoutLayer.builder(0.2).name("has space")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has space");
        DropoutLayer layer = b.build();
        assertThat(layer.seed()).hasValue(7);
        assertThat(layer.name()).contains("drop");
        assertThat(layer).isEqualTo(DropoutLayer.builder(0.2).seed(7).name("drop").build()).isNotEqualTo(DropoutLayer.of(0.2));
        assertThat(DropoutLayer.of(0.2).seed()).isEmpty();
        assertThat(layer.kerasType()).isEqualTo("Dropout");
    }

    @Test
    void stackRefusesDropoutAboveTheHeadOrWithoutRecurrentLayer() {
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(F).add(SimpleRnnLayer.builder(4).build())
                .add(DenseSoftmaxLayer.builder(3).build()).add(DropoutLayer.of(0.5)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Layer dropout (Dropout) is placed after the output layer dense (Dense); a Dropout goes below the "
                        + "output layer: before, between or after the recurrent layers, or between Dense layers");
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(F).add(DropoutLayer.of(0.5)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("The model has no recurrent layer");
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(F).add(DropoutLayer.of(0.5))
                .add(DenseSoftmaxLayer.builder(3).build()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Layer dense (Dense) has no recurrent layer before it");
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(F).add(SimpleRnnLayer.builder(4).build())
                .add(DropoutLayer.of(0.5)).add(SimpleRnnLayer.builder(4).build()).add(DenseSoftmaxLayer.builder(3).build()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("set returnSequences(true) on simple_rnn");
    }

    @Test
    void summaryShowsEveryDropoutWithItsShapeAndNoWeights() {
        StackedRnnModel m = lastStepModel(1, 1);
        assertThat(m.layerNames()).containsExactly("dropout", "simple_rnn", "dropout_1", "dropout_2", "simple_rnn_1", "dropout_3",
                "dense", "dropout_4", "dense_1");
        List<ModelSummary.Row> rows = m.summary().rows();
        assertThat(rows).extracting(ModelSummary.Row::name).isEqualTo(m.layerNames());
        assertThat(rows.get(0)).isEqualTo(new ModelSummary.Row("dropout", "Dropout", "(None, None, 3)", 0));
        assertThat(rows.get(2)).isEqualTo(new ModelSummary.Row("dropout_1", "Dropout", "(None, None, 4)", 0));
        assertThat(rows.get(5)).isEqualTo(new ModelSummary.Row("dropout_3", "Dropout", "(None, 3)", 0));
        assertThat(rows.get(7)).isEqualTo(new ModelSummary.Row("dropout_4", "Dropout", "(None, 5)", 0));
        assertThat(rows.get(1)).isEqualTo(new ModelSummary.Row("simple_rnn", "SimpleRNN", "(None, None, 4)", 3 * 4 + 4 * 4 + 4));
        assertThat(m.summary().toString()).contains(" dropout_3 (Dropout)").contains("(None, 3)")
                .contains("Total params: " + plain(lastStepModel(1, 1)).summary().totalParameters());
        assertThat(m.summary().totalParameters()).isEqualTo(plain(m).summary().totalParameters());
        assertThat(m.weightNames()).isEqualTo(plain(m).weightNames()).noneMatch(n -> n.startsWith("dropout"));
        assertThat(m.getWeights()).hasSameSizeAs(plain(m).getWeights());
    }

    // ---------------------------------------------------------------- outside training: the identity

    @Test
    void predictEvaluateAndGradientsAreThoseOfTheModelWithoutDropout() {
        for (StackedRnnModel m : List.of(lastStepModel(2, 1), perStepModel(3, 1), gatedModel(4, 1))) {
            StackedRnnModel without = plain(m);
            without.setWeights(m.getWeights());
            Tensor x = input(4);
            assertThat(bits(m.predict(x))).isEqualTo(bits(without.predict(x)));
            assertThat(bits(m.predictLogits(x))).isEqualTo(bits(without.predictLogits(x)));
            List<Tensor> h = m.hiddenStates(x);
            List<Tensor> hw = without.hiddenStates(x);
            for (int i = 0; i < h.size(); i++) {
                assertThat(bits(h.get(i))).isEqualTo(bits(hw.get(i)));
            }
            Tensor y = labels(m, 5);
            assertThat(m.evaluate(x, y).loss()).isEqualTo(without.evaluate(x, y).loss());
            Gradients g = m.computeGradients(x, y);
            Gradients gw = without.computeGradients(x, y);
            assertThat(g.loss()).isEqualTo(gw.loss());
            for (int i = 0; i < g.size(); i++) {
                assertThat(bits(g.get(i))).as(g.name(i)).isEqualTo(bits(gw.get(i)));
            }
            // training changes the weights; the predictions stay those of the plain model with the same weights
            m.fit(x, y, FitOptions.builder().epochs(2).batchSize(4).verbose(0).build());
            without.setWeights(m.getWeights());
            assertThat(bits(m.predict(x))).isEqualTo(bits(without.predict(x)));
        }
    }

    // ---------------------------------------------------------------- the masks

    @Test
    void masksKeepAboutOneMinusRateScaledAndDoNotDependOnChunking() {
        DropoutPlan plan = new DropoutPlan("d", DropoutLayer.of(0.3), 50, 1, true, 0);
        int batch = 16;
        int steps = 20;
        float[] mask = new float[steps * batch * 50];
        plan.draw(mask, Dropout.mix(5), 0, batch, steps);
        float kept = 1f / (1f - 0.3f);
        int keptCount = 0;
        for (float v : mask) {
            assertThat(v).isIn(0f, kept);
            keptCount += v == kept ? 1 : 0;
        }
        // 16,000 draws: the kept fraction's standard deviation is 0.0036
        assertThat(keptCount / (double) mask.length).isCloseTo(0.7, within(0.015));
        // a fresh mask at every step (Keras's Dropout on a sequence), and per sample
        assertThat(Arrays.copyOfRange(mask, 0, 50)).isNotEqualTo(Arrays.copyOfRange(mask, batch * 50, batch * 50 + 50));
        assertThat(Arrays.copyOfRange(mask, 0, 50)).isNotEqualTo(Arrays.copyOfRange(mask, 50, 100));
        // samples 0..6 and 7..15 drawn as two chunks get the masks they get in one
        float[] a = new float[steps * 7 * 50];
        float[] b = new float[steps * 9 * 50];
        plan.draw(a, Dropout.mix(5), 0, 7, steps);
        plan.draw(b, Dropout.mix(5), 7, 9, steps);
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < batch; s++) {
                float[] part = s < 7 ? a : b;
                int row = s < 7 ? t * 7 + s : t * 9 + s - 7;
                assertThat(Arrays.copyOfRange(part, row * 50, row * 50 + 50)).as("step %d sample %d", t, s)
                        .isEqualTo(Arrays.copyOfRange(mask, (t * batch + s) * 50, (t * batch + s) * 50 + 50));
            }
        }
        float[] other = new float[mask.length];
        plan.draw(other, Dropout.mix(6), 0, batch, steps);
        assertThat(other).as("another step's key, other masks").isNotEqualTo(mask);
    }

    @Test
    void theEngineDrawsMasksWithTheRateInATrainingStep() {
        StackedRnnModel m = lastStepModel(1, 1);
        Network net = Network.plan(F, m.layers(), null);
        Engine e = new Engine(net, new Parallelism(1, null), true);
        Tensor x = input(1);
        e.gradients(ModelParameters.of(net, m.getWeights()).values(), batch(net, x, labels(m, 2)), null, true, Dropout.mix(9), 0);
        for (int d = 0; d < net.dropouts.length; d++) {
            DropoutPlan p = net.dropouts[d];
            float kept = 1f / (1f - p.rate);
            int zeros = 0;
            int n = 0;
            for (int i = 0; i < B; i++) {
                for (int t = 0; t < p.steps(T); t++) {
                    for (int j = 0; j < p.width; j++) {
                        float v = e.dropoutMask(d, i, t, j);
                        assertThat(v).isIn(0f, kept);
                        zeros += v == 0f ? 1 : 0;
                        n++;
                    }
                }
            }
            assertThat(zeros).as(p.name + " drops some values").isPositive();
            assertThat(zeros).as(p.name + " keeps most").isLessThan(n);
        }
    }

    // ---------------------------------------------------------------- gradients with the masks the engine drew

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void gradientsMatchFiniteDifferencesOfTheMaskedNetwork(boolean perStep) {
        StackedRnnModel m = perStep ? perStepModel(21, 1) : lastStepModel(21, 1);
        Network net = Network.plan(F, m.layers(), null);
        Engine e = new Engine(net, new Parallelism(2, null), true);
        Tensor x = input(22);
        Tensor y = labels(m, 23);
        float[] params = ModelParameters.of(net, m.getWeights()).values();
        Batch batch = batch(net, x, y);
        e.gradients(params, batch, null);
        float[] undropped = e.grads.clone();
        Engine.Result r = e.gradients(params, batch, null, true, Dropout.mix(31), 0);
        float[] grads = e.grads.clone();
        assertThat(grads).as("the masks change the gradient").isNotEqualTo(undropped);

        Reference ref = new Reference(net, e, x, y, perStep);
        double[] p = new double[params.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = params[i];
        }
        assertThat(r.meanLoss()).as("the training loss is the masked network's").isCloseTo(ref.loss(p), within(1e-5));
        double eps = 1e-6;
        int checked = 0;
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + eps;
            double plus = ref.loss(p);
            p[i] = keep - eps;
            double minus = ref.loss(p);
            p[i] = keep;
            double numeric = (plus - minus) / (2 * eps);
            double error = Math.abs(grads[i] - numeric);
            if (error > 1e-5) {
                assertThat(error / (Math.abs(grads[i]) + Math.abs(numeric))).as("parameter %d: %s against %s", i, grads[i], numeric)
                        .isLessThan(1e-2);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(net.parameterCount);
    }

    /**
     * The stack in double precision, sample by sample: tanh SimpleRNNs, a tanh hidden Dense layer, a softmax
     * head with categorical cross-entropy, each Dropout multiplying by the mask the engine drew.
     */
    private static final class Reference {
        final Network net;
        final Engine engine;
        final double[][][] x; // [B][T][F]
        final double[][][] y; // [B][rows per sample][K]
        final boolean perStep;

        Reference(Network net, Engine engine, Tensor x, Tensor y, boolean perStep) {
            this.net = net;
            this.engine = engine;
            this.perStep = perStep;
            float[] xs = x.toFloatArray();
            this.x = new double[B][T][F];
            for (int b = 0; b < B; b++) {
                for (int t = 0; t < T; t++) {
                    for (int f = 0; f < F; f++) {
                        this.x[b][t][f] = xs[(b * T + t) * F + f];
                    }
                }
            }
            int k = net.outputUnits();
            int rows = perStep ? T : 1;
            float[] ys = y.toFloatArray();
            this.y = new double[B][rows][k];
            for (int b = 0; b < B; b++) {
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < k; j++) {
                        this.y[b][r][j] = ys[(b * rows + r) * k + j];
                    }
                }
            }
        }

        /** Multiplies {@code v} (step t of sample b) by the masks of the Dropout layers at {@code stage}. */
        private void drop(int stage, int b, int t, double[] v) {
            for (int d = net.firstDropout(stage); d < net.endDropout(stage); d++) {
                for (int j = 0; j < v.length; j++) {
                    v[j] *= engine.dropoutMask(d, b, t, j);
                }
            }
        }

        double loss(double[] p) {
            double total = 0;
            int rows = 0;
            for (int b = 0; b < B; b++) {
                double[][] seq = new double[T][];
                for (int t = 0; t < T; t++) {
                    seq[t] = x[b][t].clone();
                    drop(0, b, t, seq[t]);
                }
                for (int i = 0; i < net.rnn.length; i++) {
                    RnnLayerPlan plan = net.rnn[i];
                    int in = plan.in;
                    int u = plan.units;
                    double[][] out = new double[T][u];
                    double[] h = new double[u];
                    for (int t = 0; t < T; t++) {
                        double[] next = new double[u];
                        for (int k = 0; k < u; k++) {
                            double z = p[plan.biasOffset + k];
                            for (int j = 0; j < in; j++) {
                                z += seq[t][j] * p[plan.kernelOffset + j * u + k];
                            }
                            for (int j = 0; j < u; j++) {
                                z += h[j] * p[plan.recurrentOffset + j * u + k];
                            }
                            next[k] = Math.tanh(z);
                        }
                        h = next;
                        out[t] = next.clone();
                    }
                    boolean top = i == net.rnn.length - 1;
                    if (top && !perStep) {
                        seq = new double[][] {out[T - 1]};
                    } else {
                        seq = out;
                    }
                    for (int t = 0; t < seq.length; t++) {
                        drop(i + 1, b, t, seq[t]);
                    }
                }
                for (int r = 0; r < seq.length; r++) {
                    double[] v = seq[r];
                    for (int k = 0; k < net.hidden.length; k++) {
                        DensePlan d = net.hidden[k];
                        v = dense(p, d.kernelOffset, d.biasOffset, v, d.units, true);
                        drop(net.stageAfterHidden(k), b, r, v);
                    }
                    double[] z = dense(p, net.head.kernelOffset, net.head.biasOffset, v, net.head.units, false);
                    double max = Arrays.stream(z).max().orElseThrow();
                    double sum = 0;
                    for (double zi : z) {
                        sum += Math.exp(zi - max);
                    }
                    for (int j = 0; j < z.length; j++) {
                        total -= y[b][r][j] * (z[j] - max - Math.log(sum));
                    }
                    rows++;
                }
            }
            return total / rows;
        }

        private static double[] dense(double[] p, int kernel, int bias, double[] v, int units, boolean tanh) {
            double[] out = new double[units];
            for (int k = 0; k < units; k++) {
                double z = p[bias + k];
                for (int j = 0; j < v.length; j++) {
                    z += v[j] * p[kernel + j * units + k];
                }
                out[k] = tanh ? Math.tanh(z) : z;
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- determinism, saving

    @Test
    void trainingIsDeterministicAndThreadCountIndependent() {
        Tensor x = input(41);
        Tensor y = labels(lastStepModel(42, 1), 43);
        FitOptions options = FitOptions.builder().epochs(2).batchSize(B).verbose(0).build();
        StackedRnnModel one = lastStepModel(42, 1);
        StackedRnnModel two = lastStepModel(42, 2);
        StackedRnnModel again = lastStepModel(42, 1);
        StackedRnnModel without = plain(one);
        without.setWeights(one.getWeights());
        one.fit(x, y, options);
        two.fit(x, y, options);
        again.fit(x, y, options);
        without.fit(x, y, options);
        assertThat(weightBits(two)).as("threads(1) and threads(2)").isEqualTo(weightBits(one));
        assertThat(weightBits(again)).as("the same seed").isEqualTo(weightBits(one));
        assertThat(weightBits(without)).as("dropout changes training").isNotEqualTo(weightBits(one));
        StackedRnnModel gatedOne = gatedModel(44, 1);
        StackedRnnModel gatedTwo = gatedModel(44, 2);
        gatedOne.fit(x, y, options);
        gatedTwo.fit(x, y, options);
        assertThat(weightBits(gatedTwo)).as("Bidirectional, LSTM, GRU: threads(1) and threads(2)").isEqualTo(weightBits(gatedOne));
    }

    @Test
    void aLayerSeedFixesItsMasksWhateverTheModelSeed() {
        Tensor x = input(51);
        List<Layer> layers = List.of(SimpleRnnLayer.builder(4).build(), DropoutLayer.builder(0.5).seed(77).build(),
                DenseSoftmaxLayer.builder(3).build());
        StackedRnnModel a = build(layers, 1, 1);
        StackedRnnModel b = build(layers, 2, 1);
        b.setWeights(a.getWeights());
        Tensor y = labels(a, 52);
        a.trainOnBatch(x, y);
        b.trainOnBatch(x, y);
        assertThat(weightBits(b)).as("the same layer seed, other model seeds").isEqualTo(weightBits(a));
        StackedRnnModel c = build(List.of(SimpleRnnLayer.builder(4).build(), DropoutLayer.of(0.5),
                DenseSoftmaxLayer.builder(3).build()), 2, 1);
        c.setWeights(weightsBefore(layers, 1));
        c.trainOnBatch(x, y);
        assertThat(weightBits(c)).as("without the layer seed the model's seed draws").isNotEqualTo(weightBits(a));
    }

    @Test
    void saveAndLoadKeepTheLayersAndResumeBitForBit() throws IOException {
        List<Layer> layers = new ArrayList<>(lastStepModel(61, 1).layers());
        layers.set(2, DropoutLayer.builder(0.4).seed(-5).name("named_drop").build());
        StackedRnnModel m = build(layers, 61, 1);
        Tensor x = input(62);
        Tensor y = labels(m, 63);
        FitOptions one = FitOptions.builder().epochs(1).batchSize(4).verbose(0).build();
        m.fit(x, y, one);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        m.save(bytes);
        StackedRnnModel loaded = StackedRnnModel.load(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(loaded.layers()).isEqualTo(m.layers());
        assertThat(loaded.layerNames()).isEqualTo(m.layerNames());
        assertThat(loaded.summary().toString()).isEqualTo(m.summary().toString());
        assertThat(bits(loaded.predict(x))).isEqualTo(bits(m.predict(x)));
        m.fit(x, y, one);
        loaded.fit(x, y, one);
        assertThat(weightBits(loaded)).as("resumed training draws the same masks").isEqualTo(weightBits(m));
    }

    /**
     * Padded steps: whatever a padded step holds, a training step with Dropout layers at every stage (a
     * per-step head, so the masked rows reach the loss's rows too) changes the weights the same way.
     */
    @Test
    void paddedStepsChangeNothingInTraining() {
        Tensor x = input(71);
        float[] noisy = x.toFloatArray();
        float[] zeros = x.toFloatArray();
        boolean[][] valid = new boolean[B][T];
        SplittableRandom r = new SplittableRandom(72);
        for (int b = 0; b < B; b++) {
            int length = 1 + b % T;
            for (int t = 0; t < T; t++) {
                valid[b][t] = t < length;
                for (int f = 0; f < F && t >= length; f++) {
                    noisy[(b * T + t) * F + f] = (float) (10 * r.nextGaussian());
                    zeros[(b * T + t) * F + f] = 0f;
                }
            }
        }
        SequenceMask mask = SequenceMask.of(valid);
        StackedRnnModel a = perStepModel(73, 2);
        StackedRnnModel b = perStepModel(73, 2);
        Tensor y = labels(a, 74);
        double lossA = a.trainOnBatch(Tensor.of(noisy, B, T, F), y, mask);
        double lossB = b.trainOnBatch(Tensor.of(zeros, B, T, F), y, mask);
        assertThat(lossA).isEqualTo(lossB);
        assertThat(weightBits(a)).isEqualTo(weightBits(b));
        StackedRnnModel unmasked = perStepModel(73, 2);
        unmasked.trainOnBatch(Tensor.of(zeros, B, T, F), y);
        assertThat(weightBits(unmasked)).as("the mask matters").isNotEqualTo(weightBits(a));
    }

    // ---------------------------------------------------------------- helpers

    /** Dropout at the input, twice between the recurrent layers, after the last one (last step) and between Dense layers. */
    private static StackedRnnModel lastStepModel(long seed, int threads) {
        return build(List.of(DropoutLayer.of(0.3), SimpleRnnLayer.builder(4).returnSequences(true).build(), DropoutLayer.of(0.4),
                DropoutLayer.of(0.2), SimpleRnnLayer.builder(3).build(), DropoutLayer.of(0.25),
                DenseLayer.builder(5).activation(Activation.TANH).build(), DropoutLayer.of(0.5), DenseSoftmaxLayer.builder(3).build()),
                seed, threads);
    }

    /** The top recurrent layer returns sequences: the Dropout above it and above the hidden Dense layer see every step. */
    private static StackedRnnModel perStepModel(long seed, int threads) {
        return build(List.of(DropoutLayer.of(0.3), SimpleRnnLayer.builder(4).returnSequences(true).build(), DropoutLayer.of(0.4),
                SimpleRnnLayer.builder(3).returnSequences(true).build(), DropoutLayer.of(0.25),
                DenseLayer.builder(5).activation(Activation.TANH).build(), DropoutLayer.of(0.5), DenseSoftmaxLayer.builder(3).build()),
                seed, threads);
    }

    /** Dropout around a Bidirectional (its merged output) and a GRU with dropout of its own. */
    private static StackedRnnModel gatedModel(long seed, int threads) {
        return build(List.of(io.github.stackedrnn.layer.Bidirectional.builder(io.github.stackedrnn.layer.LstmLayer.builder(3)
                        .returnSequences(true).build()).build(), DropoutLayer.of(0.3),
                io.github.stackedrnn.layer.GruLayer.builder(4).dropout(0.2).recurrentDropout(0.1).build(), DropoutLayer.of(0.4),
                DenseSoftmaxLayer.builder(3).build()), seed, threads);
    }

    private static StackedRnnModel build(List<Layer> layers, long seed, int threads) {
        StackedRnnModel.Builder b = StackedRnnModel.builder().inputFeatures(F).seed(seed).threads(threads);
        layers.forEach(b::add);
        return b.build();
    }

    private static List<Tensor> weightsBefore(List<Layer> layers, long seed) {
        return build(layers, seed, 1).getWeights();
    }

    /** The same stack without its Dropout layers. */
    private static StackedRnnModel plain(StackedRnnModel m) {
        List<Layer> layers = new ArrayList<>(m.layers());
        layers.removeIf(l -> l instanceof DropoutLayer);
        return build(layers, m.seed(), 1);
    }

    private static Batch batch(Network net, Tensor x, Tensor y) {
        return new Batch(x, Targets.oneHot(y, B, T, net), null, 0, B);
    }

    private static Tensor input(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[B * T * F];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return Tensor.of(x, B, T, F);
    }

    /** One-hot labels shaped as the model's output. */
    private static Tensor labels(StackedRnnModel m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rows = m.outputsSequences() ? B * T : B;
        int k = m.classes();
        float[] y = new float[rows * k];
        for (int i = 0; i < rows; i++) {
            y[i * k + r.nextInt(k)] = 1f;
        }
        return m.outputsSequences() ? Tensor.of(y, B, T, k) : Tensor.of(y, B, k);
    }

    private static int[] bits(Tensor t) {
        float[] v = t.toFloatArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }

    /** Every weight's bits, concatenated in getWeights() order. */
    private static int[] weightBits(StackedRnnModel m) {
        List<Tensor> weights = m.getWeights();
        int n = 0;
        for (Tensor w : weights) {
            n += w.size();
        }
        int[] out = new int[n];
        int at = 0;
        for (Tensor w : weights) {
            int[] b = bits(w);
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }
}
