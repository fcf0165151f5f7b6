package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.GateActivation;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.MergeMode;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** LSTM, GRU and Bidirectional as full citizens: save/load, resume, streaming, masks, summary, weights, bad settings. */
class GatedLayersTest {
    private static final int F = 3;
    private static final int T = 7;

    private static StackedRnnModel model(long seed, Layer... layers) {
        StackedRnnModel.Builder b = StackedRnnModel.builder().inputFeatures(F).seed(seed);
        for (Layer l : layers) {
            b.add(l);
        }
        return b.build();
    }

    private static Tensor input(int batch, int time, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[batch * time * F];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Tensor.of(v, batch, time, F);
    }

    private static List<StackedRnnModel> everyKind() {
        return List.of(
                model(1, LstmLayer.builder(6).returnSequences(true).build(), LstmLayer.builder(5).build(),
                        DenseSoftmaxLayer.builder(3).build()),
                model(2, GruLayer.builder(6).returnSequences(true).build(), GruLayer.builder(4).resetAfter(false).build(),
                        DenseSoftmaxLayer.builder(3).build()),
                model(3, LstmLayer.builder(4).recurrentActivation(GateActivation.HARD_SIGMOID).unitForgetBias(false)
                                .dropout(0.2).recurrentDropout(0.1).kernelL2(1e-3).name("encoder").returnSequences(true).build(),
                        GruLayer.builder(5).activation(Activation.RELU).useBias(false).recurrentInitializer(Initializer.GLOROT_UNIFORM)
                                .build(),
                        DenseLayer.builder(2).activation(Activation.LINEAR).build()),
                model(4, Bidirectional.builder(LstmLayer.builder(4).returnSequences(true).build()).build(),
                        Bidirectional.builder(GruLayer.builder(3).build()).mergeMode(MergeMode.MUL).name("both").build(),
                        DenseSoftmaxLayer.builder(3).build()),
                model(5, SimpleRnnLayer.builder(4).returnSequences(true).build(),
                        Bidirectional.builder(GruLayer.builder(3).resetAfter(false).returnSequences(true).build())
                                .mergeMode(MergeMode.AVE).build(),
                        Bidirectional.builder(SimpleRnnLayer.builder(2).returnSequences(true).build()).mergeMode(MergeMode.SUM).build(),
                        DenseSoftmaxLayer.builder(3).build()),
                // hidden Dense layers: SimpleRNN -> Dense(relu) -> Dense(softmax), and per step after a sequence
                model(6, SimpleRnnLayer.builder(5).build(), DenseLayer.builder(4).activation(Activation.RELU).build(),
                        DenseSoftmaxLayer.builder(3).build()),
                model(7, GruLayer.builder(4).returnSequences(true).build(), DenseLayer.builder(6).activation(Activation.TANH).kernelL2(1e-3)
                        .build(), DenseLayer.builder(3).activation(Activation.SIGMOID).build(), DenseSoftmaxLayer.builder(3).build()));
    }

    @Test
    void saveAndLoadKeepConfigurationWeightsAndPredictions() throws IOException {
        for (StackedRnnModel m : everyKind()) {
            Tensor x = input(4, T, 9);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            m.save(bytes);
            StackedRnnModel back = StackedRnnModel.load(new ByteArrayInputStream(bytes.toByteArray()));
            assertThat(back.layers()).as(m.toString()).isEqualTo(m.layers());
            assertThat(back.layerNames()).isEqualTo(m.layerNames());
            assertThat(back.getWeights()).isEqualTo(m.getWeights());
            assertThat(back.predict(x)).isEqualTo(m.predict(x));
        }
    }

    @Test
    void trainingResumesBitIdenticallyFromAFile() throws IOException {
        for (StackedRnnModel m : everyKind()) {
            Tensor x = input(5, T, 10);
            boolean regression = m.loss().kind() == io.github.stackedrnn.loss.Loss.Kind.MEAN_SQUARED_ERROR;
            Tensor y = regression ? Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f, 0.9f, 1f}, 5, 2) : null;
            int[][] labels = new int[5][m.outputsSequences() ? T : 1];
            for (int b = 0; b < 5; b++) {
                for (int t = 0; t < labels[b].length; t++) {
                    labels[b][t] = (b + t) % 3;
                }
            }
            Tensor oneHot = oneHot(labels, 3, m.outputsSequences());
            if (regression) {
                m.trainOnBatch(x, y);
            } else {
                m.trainOnBatch(x, oneHot);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            m.save(bytes);
            StackedRnnModel back = StackedRnnModel.load(new ByteArrayInputStream(bytes.toByteArray()));
            for (int k = 0; k < 2; k++) {
                double a = regression ? m.trainOnBatch(x, y) : m.trainOnBatch(x, oneHot);
                double b = regression ? back.trainOnBatch(x, y) : back.trainOnBatch(x, oneHot);
                assertThat(b).isEqualTo(a);
            }
            assertThat(back.getWeights()).as(m.toString()).isEqualTo(m.getWeights());
        }
    }

    private static Tensor oneHot(int[][] labels, int classes, boolean perStep) {
        int steps = labels[0].length;
        float[] v = new float[labels.length * steps * classes];
        for (int b = 0; b < labels.length; b++) {
            for (int t = 0; t < steps; t++) {
                v[(b * steps + t) * classes + labels[b][t]] = 1f;
            }
        }
        return perStep ? Tensor.of(v, labels.length, steps, classes) : Tensor.of(v, labels.length, classes);
    }

    @Test
    void streamingEqualsPredictOnEveryPrefix() {
        StackedRnnModel[] models = {
            model(6, LstmLayer.builder(8).returnSequences(true).build(), LstmLayer.builder(5).build(), DenseSoftmaxLayer.builder(3).build()),
            model(7, GruLayer.builder(7).returnSequences(true).build(), GruLayer.builder(4).resetAfter(false).build(),
                    DenseSoftmaxLayer.builder(3).build())};
        for (StackedRnnModel m : models) {
            int batch = 5;
            Tensor x = input(batch, T, 12);
            RnnState state = m.newState(batch);
            float[] all = x.toFloatArray();
            for (int t = 0; t < T; t++) {
                float[] step = new float[batch * F];
                float[] prefix = new float[batch * (t + 1) * F];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(all, (b * T + t) * F, step, b * F, F);
                    System.arraycopy(all, b * T * F, prefix, b * (t + 1) * F, (t + 1) * F);
                }
                float[] streamed = m.step(state, Tensor.of(step, batch, F)).toFloatArray();
                float[] predicted = m.predict(Tensor.of(prefix, batch, t + 1, F)).toFloatArray();
                for (int i = 0; i < streamed.length; i++) {
                    assertThat(streamed[i]).as("%s step %d", m.layers().get(0), t).isCloseTo(predicted[i], within(1e-6f));
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        for (int kind = 0; kind < 3; kind++) {
            StackedRnnModel[] models = new StackedRnnModel[2];
            for (int i = 0; i < 2; i++) {
                Layer first = switch (kind) {
                    case 0 -> LstmLayer.builder(6).returnSequences(true).dropout(0.1).build();
                    case 1 -> GruLayer.builder(6).resetAfter(false).returnSequences(true).recurrentDropout(0.2).build();
                    default -> Bidirectional.builder(LstmLayer.builder(4).returnSequences(true).build()).mergeMode(MergeMode.AVE).build();
                };
                models[i] = StackedRnnModel.builder().inputFeatures(F).seed(21).threads(i == 0 ? 1 : 2).add(first)
                        .add(GruLayer.builder(5).build()).add(DenseLayer.builder(4).activation(Activation.RELU).build())
                        .add(DenseSoftmaxLayer.builder(3).build()).build();
            }
            Tensor x = input(96, T, 16); // several chunks
            int[] labels = new int[96];
            for (int b = 0; b < labels.length; b++) {
                labels[b] = b % 3;
            }
            for (int step = 0; step < 3; step++) {
                assertThat(models[1].trainOnBatch(x, labels)).isEqualTo(models[0].trainOnBatch(x, labels));
            }
            assertThat(models[1].getWeights()).as("kind %d", kind).isEqualTo(models[0].getWeights());
            assertThat(models[1].predict(x)).isEqualTo(models[0].predict(x));
        }
    }

    @Test
    void lstmStateCarriesTheCellState() {
        StackedRnnModel m = model(8, LstmLayer.builder(4).returnSequences(true).build(), GruLayer.builder(3).build(), DenseSoftmaxLayer.builder(2).build());
        RnnState state = m.newState(2);
        assertThat(state.hasCell(0)).isTrue();
        assertThat(state.hasCell(1)).isFalse();
        m.step(state, input(2, 3, 13));
        assertThat(state.cell(0).shape()).containsExactly(2, 4);
        assertThat(state.cell(0).toFloatArray()).isNotEqualTo(new float[8]);
        assertThatThrownBy(() -> state.cell(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only an LSTM");
        // the cell state is part of the stream: resetting c alone changes the next output
        RnnState other = state.copy();
        other.setCell(0, Tensor.zeros(2, 4));
        Tensor next = input(2, 1, 14);
        assertThat(m.step(other, next)).isNotEqualTo(m.step(state, next));
    }

    @Test
    void aMaskedSampleEqualsTheSameSampleAlone() {
        for (StackedRnnModel m : everyKind()) {
            int batch = 3;
            Tensor x = input(batch, T, 15);
            int[] lengths = {T, 3, 5};
            float[] padded = x.toFloatArray();
            for (int b = 0; b < batch; b++) {
                for (int t = lengths[b]; t < T; t++) {
                    for (int f = 0; f < F; f++) {
                        padded[(b * T + t) * F + f] = 9f; // padding values must not matter
                    }
                }
            }
            float[] together = m.predict(Tensor.of(padded, batch, T, F), SequenceMask.ofLengths(lengths, T)).toFloatArray();
            int k = m.classes();
            for (int b = 0; b < batch; b++) {
                float[] alone = new float[lengths[b] * F];
                System.arraycopy(padded, b * T * F, alone, 0, alone.length);
                float[] single = m.predict(Tensor.of(alone, 1, lengths[b], F)).toFloatArray();
                // per-step output: the valid steps; else the one output
                int rows = m.outputsSequences() ? lengths[b] : 1;
                int base = m.outputsSequences() ? b * T * k : b * k;
                for (int i = 0; i < rows * k; i++) {
                    assertThat(together[base + i]).as("%s sample %d", m, b).isCloseTo(single[i], within(1e-6f));
                }
            }
        }
    }

    @Test
    void raggedListsTrainAndPredictEachSequenceAsAlone() {
        StackedRnnModel m = model(13, Bidirectional.builder(GruLayer.builder(4).returnSequences(true).build()).build(),
                LstmLayer.builder(3).build(), DenseSoftmaxLayer.builder(2).build());
        SplittableRandom r = new SplittableRandom(17);
        List<float[][]> sequences = new java.util.ArrayList<>();
        int[] labels = new int[24];
        for (int i = 0; i < labels.length; i++) {
            float[][] seq = new float[2 + i % 9][F];
            for (float[] step : seq) {
                for (int f = 0; f < F; f++) {
                    step[f] = (float) (r.nextDouble() * 2 - 1);
                }
            }
            sequences.add(seq);
            labels[i] = seq.length % 2;
        }
        io.github.stackedrnn.train.History h = m.fit(sequences, labels,
                io.github.stackedrnn.train.FitOptions.builder().epochs(15).batchSize(8).build());
        assertThat(h.loss().get(14)).isLessThan(h.loss().get(0));
        List<Tensor> together = m.predict(sequences);
        for (int i = 0; i < sequences.size(); i += 5) {
            float[][] seq = sequences.get(i);
            float[] flat = new float[seq.length * F];
            for (int t = 0; t < seq.length; t++) {
                System.arraycopy(seq[t], 0, flat, t * F, F);
            }
            float[] alone = m.predict(Tensor.of(flat, 1, seq.length, F)).toFloatArray();
            float[] listed = together.get(i).toFloatArray();
            for (int k = 0; k < alone.length; k++) {
                assertThat(listed[k]).isCloseTo(alone[k], within(1e-6f));
            }
        }
    }

    @Test
    void damagedFilesOfTheNewLayersAreRefused() throws IOException {
        StackedRnnModel m = model(14, Bidirectional.builder(LstmLayer.builder(2).returnSequences(true).build()).build(),
                GruLayer.builder(2).resetAfter(false).build(), DenseSoftmaxLayer.builder(2).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.save(out);
        byte[] good = out.toByteArray();
        for (int length = 0; length < good.length; length += 7) {
            byte[] cut = java.util.Arrays.copyOf(good, length);
            assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(cut)))
                    .isInstanceOf(io.github.stackedrnn.io.ModelFormatException.class);
        }
        // the Bidirectional's wrapped record made a Bidirectional or a Dense layer (with a valid checksum)
        java.nio.ByteBuffer conf = java.nio.ByteBuffer.wrap(good).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int payload = 20;
        int length = conf.getInt(16);
        int at = payload;
        at += 2 + (conf.getShort(at) & 0xFFFF); // model name
        at += 8 + 4 + 2;                         // seed, features, layer count
        assertThat(good[at]).as("kind of layer 0").isEqualTo((byte) 6);
        at += 2;                                 // kind, name flag
        at += 2 + (conf.getShort(at) & 0xFFFF); // name
        at += 1;                                 // merge mode
        assertThat(good[at]).as("kind of the wrapped layer").isEqualTo((byte) 4);
        for (byte kind : new byte[] {6, 2}) {
            byte[] bad = good.clone();
            bad[at] = kind;
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bad, 12, 8 + length);
            java.nio.ByteBuffer.wrap(bad).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(payload + length, (int) crc.getValue());
            assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(bad)))
                    .isInstanceOf(io.github.stackedrnn.io.ModelFormatException.class)
                    .hasMessageContaining("layer 0");
        }
    }

    @Test
    void bidirectionalModelsCannotStream() {
        StackedRnnModel m = model(9, Bidirectional.builder(LstmLayer.builder(3).build()).build(), DenseSoftmaxLayer.builder(2).build());
        assertThatThrownBy(() -> m.newState(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Bidirectional").hasMessageContaining("predict");
    }

    @Test
    void summaryShowsKerasNamesAndParameterCounts() {
        StackedRnnModel m = model(10, LstmLayer.builder(8).returnSequences(true).build(), GruLayer.builder(6).returnSequences(true).build(),
                Bidirectional.builder(LstmLayer.builder(4).build()).build(), DenseSoftmaxLayer.builder(3).build());
        String s = m.summary().toString();
        assertThat(s).contains("lstm (LSTM)", "gru (GRU)", "bidirectional (Bidirectional)", "dense (Dense)");
        // Keras: LSTM 4U(in+U+1), GRU(reset_after) 3U(in+U+2), Bidirectional twice its layer, Dense in·K + K
        List<ModelSummary.Row> rows = m.summary().rows();
        assertThat(rows.get(0).parameters()).isEqualTo(4 * 8 * (3 + 8 + 1));
        assertThat(rows.get(1).parameters()).isEqualTo(3 * 6 * (8 + 6 + 2));
        assertThat(rows.get(2).parameters()).isEqualTo(2 * 4 * 4 * (6 + 4 + 1));
        assertThat(rows.get(2).outputShape()).isEqualTo("(None, 8)");
        assertThat(rows.get(3).parameters()).isEqualTo(8 * 3 + 3);
        // the wrapped layer takes its name first, as in Keras: the next LSTM is lstm_2
        StackedRnnModel n = model(11, Bidirectional.builder(LstmLayer.builder(2).returnSequences(true).build()).build(),
                LstmLayer.builder(2).build(), DenseSoftmaxLayer.builder(2).build());
        assertThat(n.layerNames()).containsExactly("bidirectional", "lstm_1", "dense");
        assertThat(n.weightNames()).startsWith("bidirectional/forward_lstm/kernel", "bidirectional/forward_lstm/recurrent_kernel",
                "bidirectional/forward_lstm/bias", "bidirectional/backward_lstm/kernel");
    }

    @Test
    void weightsHaveKerasShapesAndInitialBiases() {
        StackedRnnModel m = model(12, LstmLayer.builder(4).returnSequences(true).build(), GruLayer.builder(3).returnSequences(true).build(),
                GruLayer.builder(2).resetAfter(false).build(), DenseSoftmaxLayer.builder(2).build());
        List<Tensor> w = m.getWeights();
        assertThat(w.get(0).shape()).containsExactly(F, 16);
        assertThat(w.get(1).shape()).containsExactly(4, 16);
        assertThat(w.get(2).shape()).containsExactly(16);
        assertThat(w.get(5).shape()).containsExactly(2, 9);
        assertThat(w.get(8).shape()).containsExactly(6);
        // unit_forget_bias: zeros except the forget block (i, f, c, o)
        assertThat(w.get(2).toFloatArray()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThatThrownBy(() -> m.setWeights(List.of(w.get(0)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badSettingsGetKerasStyleMessages() {
        assertThatThrownBy(() -> LstmLayer.builder(0)).hasMessageContaining("`units`").hasMessageContaining("got 0");
        assertThatThrownBy(() -> GruLayer.builder(3).activation(Activation.SIGMOID))
                .hasMessageContaining("`activation`").hasMessageContaining("recurrentActivation");
        assertThatThrownBy(() -> LstmLayer.builder(3).dropout(1.0)).hasMessageContaining("`dropout`");
        assertThatThrownBy(() -> GruLayer.builder(3).resetAfter(true).resetAfter(false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resetAfter");
        assertThatThrownBy(() -> LstmLayer.builder(3).recurrentInitializer(Initializer.IDENTITY)).hasMessageContaining("not square");
        Bidirectional bi = Bidirectional.builder(LstmLayer.builder(2).build()).build();
        assertThatThrownBy(() -> Bidirectional.builder(bi)).hasMessageContaining("cannot wrap another");
        assertThatThrownBy(() -> Bidirectional.builder(null)).hasMessageContaining("`layer`");
        assertThatThrownBy(() -> model(1, bi, LstmLayer.builder(2).build(), DenseSoftmaxLayer.builder(2).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returnSequences");
    }
}
