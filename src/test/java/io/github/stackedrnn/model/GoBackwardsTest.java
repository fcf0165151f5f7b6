package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.LstmLayer;
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

/**
 * Keras's {@code go_backwards} on SimpleRNN, LSTM and GRU: a layer reading backwards computes what the
 * same layer reading forwards computes on the time-reversed input (its sequence output in reading
 * order); with post-padding the padding is read first and carried from the zero state, so a masked
 * sample's last state is the forward layer's over its valid steps reversed. Gradients are checked
 * against finite differences in {@link GatedGradientCheckTest}, Keras's own numbers in the keras
 * package's import tests.
 */
class GoBackwardsTest {
    private static final int FEATURES = 3;
    private static final int TIME = 6;
    private static final double TOLERANCE = 1e-6;

    private static StackedRnnModel model(int seed, Layer... layers) {
        StackedRnnModel.Builder b = StackedRnnModel.builder().inputFeatures(FEATURES).seed(seed);
        for (Layer l : layers) {
            b.add(l);
        }
        return b.build();
    }

    private static Tensor input(int batch, int time, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[batch * time * FEATURES];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Tensor.of(v, batch, time, FEATURES);
    }

    /** {@code x[b, t] -> x[b, length_b - 1 - t]} for t below each sample's length, else unchanged. */
    private static Tensor reversed(Tensor x, int[] lengths) {
        int batch = x.dim(0);
        int time = x.dim(1);
        int f = x.dim(2);
        float[] in = x.toFloatArray();
        float[] out = in.clone();
        for (int b = 0; b < batch; b++) {
            int length = lengths == null ? time : lengths[b];
            for (int t = 0; t < length; t++) {
                System.arraycopy(in, (b * time + length - 1 - t) * f, out, (b * time + t) * f, f);
            }
        }
        return Tensor.of(out, batch, time, f);
    }

    private static void assertClose(Tensor actual, Tensor expected, String what) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertThat((double) a[i]).as(what + " [" + i + "]").isCloseTo(e[i], within(TOLERANCE));
        }
    }

    @Test
    void aBackwardsLayerIsTheForwardLayerOnTheReversedInput() {
        for (int kind = 0; kind < 4; kind++) {
            Layer backwards = switch (kind) {
                case 0 -> SimpleRnnLayer.builder(5).goBackwards(true).build();
                case 1 -> LstmLayer.builder(5).goBackwards(true).build();
                case 2 -> GruLayer.builder(5).goBackwards(true).build();
                default -> GruLayer.builder(5).resetAfter(false).goBackwards(true).build();
            };
            Layer forwards = switch (kind) {
                case 0 -> SimpleRnnLayer.builder(5).build();
                case 1 -> LstmLayer.builder(5).build();
                case 2 -> GruLayer.builder(5).build();
                default -> GruLayer.builder(5).resetAfter(false).build();
            };
            StackedRnnModel b = model(kind, backwards, DenseSoftmaxLayer.builder(3).build());
            StackedRnnModel f = model(kind + 100, forwards, DenseSoftmaxLayer.builder(3).build());
            f.setWeights(b.getWeights());
            Tensor x = input(4, TIME, kind);
            Tensor pb = b.predict(x);
            assertClose(pb, f.predict(reversed(x, null)), backwards.kerasType() + " last state");
            // and it does read backwards: the forward layer on the same input differs
            assertThat(f.predict(x).toFloatArray()).isNotEqualTo(pb.toFloatArray());
        }
    }

    @Test
    void sequencesStayInReadingOrderThroughAStack() {
        // backwards(seq) > backwards: the second reads the first's reversed outputs backwards, so on an
        // unmasked input the stack equals forward(seq) on reversed x > forward on that output reversed
        StackedRnnModel b = model(1, SimpleRnnLayer.builder(4).goBackwards(true).returnSequences(true).build(),
                LstmLayer.builder(3).goBackwards(true).returnSequences(true).build(), DenseLayer.builder(2).build());
        Tensor x = input(3, TIME, 7);
        List<Tensor> hb = b.hiddenStates(x);
        StackedRnnModel first = model(2, SimpleRnnLayer.builder(4).returnSequences(true).build(), DenseLayer.builder(2).build());
        first.setWeights(withHead(b.getWeights().subList(0, 3), first));
        Tensor h1 = first.hiddenStates(reversed(x, null)).get(0);
        assertClose(hb.get(0), h1, "first layer: forward on reversed input");
        StackedRnnModel second = StackedRnnModel.builder().inputFeatures(4).seed(3)
                .add(LstmLayer.builder(3).returnSequences(true).build()).add(DenseLayer.builder(2).build()).build();
        second.setWeights(b.getWeights().subList(3, b.getWeights().size()));
        assertClose(hb.get(1), second.hiddenStates(reversed(h1, null)).get(0), "second layer");
        assertClose(b.predict(x), second.predict(reversed(h1, null)), "per-step head");
    }

    private static byte[] bytes(StackedRnnModel m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.save(out);
        return out.toByteArray();
    }

    private static List<Tensor> withHead(List<Tensor> recurrent, StackedRnnModel model) {
        List<Tensor> w = new java.util.ArrayList<>(recurrent);
        w.addAll(model.getWeights().subList(recurrent.size(), model.getWeights().size()));
        return w;
    }

    @Test
    void withPostPaddingThePaddingIsReadFirstFromTheZeroState() {
        int[] lengths = {TIME, 4, 1};
        for (int kind = 0; kind < 3; kind++) {
            Layer backwards = kind == 0 ? SimpleRnnLayer.builder(4).goBackwards(true).build()
                    : kind == 1 ? LstmLayer.builder(4).goBackwards(true).build() : GruLayer.builder(4).goBackwards(true).build();
            Layer forwards = kind == 0 ? SimpleRnnLayer.builder(4).build()
                    : kind == 1 ? LstmLayer.builder(4).build() : GruLayer.builder(4).build();
            StackedRnnModel b = model(kind, backwards, DenseSoftmaxLayer.builder(2).build());
            StackedRnnModel f = model(kind + 10, forwards, DenseSoftmaxLayer.builder(2).build());
            f.setWeights(b.getWeights());
            Tensor x = input(3, TIME, 20 + kind);
            Tensor masked = b.predict(x, SequenceMask.ofLengths(lengths, TIME));
            Tensor reference = f.predict(reversed(x, lengths), SequenceMask.ofLengths(lengths, TIME));
            assertClose(masked, reference, backwards.kerasType() + " masked");
            // a masked sample equals the same sample alone, cut to its valid steps
            float[] alone = b.predict(Tensor.of(java.util.Arrays.copyOfRange(x.toFloatArray(), 2 * TIME * FEATURES,
                    2 * TIME * FEATURES + FEATURES), 1, 1, FEATURES)).toFloatArray();
            for (int k = 0; k < alone.length; k++) {
                assertThat((double) masked.toFloatArray()[2 * alone.length + k]).isCloseTo(alone[k], within(TOLERANCE));
            }
        }
    }

    @Test
    void settingsAreCheckedAndDescribed() {
        assertThat(LstmLayer.builder(3).build().goBackwards()).isFalse();
        assertThat(GruLayer.builder(3).goBackwards(true).build().goBackwards()).isTrue();
        assertThatThrownBy(() -> SimpleRnnLayer.builder(3).goBackwards(true).goBackwards(false))
                .isInstanceOf(IllegalStateException.class).hasMessage("`goBackwards` was already set to true");
        assertThat(LstmLayer.builder(3).goBackwards(true).build()).isNotEqualTo(LstmLayer.builder(3).build());
        assertThat(LstmLayer.builder(3).goBackwards(true).build().toString()).contains("goBackwards=true");
        assertThat(LstmLayer.builder(3).build().toString()).doesNotContain("goBackwards");
        assertThatThrownBy(() -> Bidirectional.builder(GruLayer.builder(3).goBackwards(true).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `layer`, expected a layer reading forwards, got one with "
                        + "goBackwards=true (the Bidirectional makes its own backward copy).");
        assertThat(Bidirectional.builder(GruLayer.builder(3).build()).build().goBackwards()).isFalse();
    }

    @Test
    void aBackwardsModelCannotStream() {
        StackedRnnModel m = model(4, LstmLayer.builder(3).returnSequences(true).build(),
                GruLayer.builder(3).goBackwards(true).name("reader").build(), DenseSoftmaxLayer.builder(2).build());
        assertThatThrownBy(() -> m.newState(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This model cannot stream: layer reader has goBackwards=true and reads each sequence from its last "
                        + "step to its first, so it needs the whole sequence; a stream cannot be read backwards; use predict "
                        + "instead of newState/step");
    }

    @Test
    void summaryIsKerasTable() {
        StackedRnnModel m = model(5, SimpleRnnLayer.builder(4).goBackwards(true).returnSequences(true).build(),
                LstmLayer.builder(3).goBackwards(true).build(), DenseSoftmaxLayer.builder(2).build());
        List<ModelSummary.Row> rows = m.summary().rows();
        assertThat(rows.get(0).name()).isEqualTo("simple_rnn");
        assertThat(rows.get(0).type()).isEqualTo("SimpleRNN");
        assertThat(rows.get(0).parameters()).isEqualTo(3 * 4 + 4 * 4 + 4);
        assertThat(rows.get(1).type()).isEqualTo("LSTM");
        assertThat(rows.get(1).parameters()).isEqualTo(4 * 12 + 3 * 12 + 12);
    }

    @Test
    void saveAndLoadKeepTheDirectionAndThePredictions() throws IOException {
        StackedRnnModel m = model(6, GruLayer.builder(4).goBackwards(true).returnSequences(true).build(),
                SimpleRnnLayer.builder(3).goBackwards(true).returnSequences(true).build(),
                LstmLayer.builder(3).goBackwards(true).build(), DenseSoftmaxLayer.builder(2).build());
        Tensor x = input(3, TIME, 9);
        m.trainOnBatch(x, new int[] {0, 1, 1});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.save(out);
        StackedRnnModel back = StackedRnnModel.load(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back.layers()).isEqualTo(m.layers());
        assertThat(back.predict(x).toFloatArray()).isEqualTo(m.predict(x).toFloatArray());

        // the same model reading forwards: its file differs only in the layer's flag byte (1, the
        // returnSequences byte as every earlier version wrote it, against 3) and in CONF's checksum
        byte[] backwards = bytes(model(7, GruLayer.builder(4).returnSequences(true).goBackwards(true).build(),
                DenseSoftmaxLayer.builder(2).build()));
        byte[] forwards = bytes(model(7, GruLayer.builder(4).returnSequences(true).build(), DenseSoftmaxLayer.builder(2).build()));
        assertThat(backwards.length).isEqualTo(forwards.length);
        int confEnd = 20 + java.nio.ByteBuffer.wrap(forwards, 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        List<Integer> differ = new java.util.ArrayList<>();
        for (int i = 0; i < forwards.length; i++) {
            if (forwards[i] != backwards[i]) {
                differ.add(i);
            }
        }
        assertThat(differ).isNotEmpty();
        int flag = differ.get(0);
        assertThat(forwards[flag]).isEqualTo((byte) 1);
        assertThat(backwards[flag]).isEqualTo((byte) 3);
        assertThat(differ.subList(1, differ.size())).allSatisfy(i -> assertThat(i).isBetween(confEnd, confEnd + 3));
    }
}
