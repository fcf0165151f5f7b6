package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** predictClasses / predictStepClasses: argmax of softmax heads, thresholds of one sigmoid unit, ties to the lower index. */
class ClassPredictionsTest {
    private static final int FEATURES = 3;

    private static StackedRnnModel model(boolean perStep, io.github.stackedrnn.layer.Layer head) {
        return StackedRnnModel.builder().inputFeatures(FEATURES).seed(11)
                .add(SimpleRnnLayer.builder(6).returnSequences(perStep).build()).add(head).build();
    }

    private static Tensor input(int batch, int time, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[batch * time * FEATURES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (2 * r.nextGaussian());
        }
        return Tensor.of(data, batch, time, FEATURES);
    }

    /** The first index of the largest of {@code k} values from {@code off}: the reference, written here. */
    private static int firstMax(float[] v, int off, int k) {
        int best = 0;
        for (int i = 1; i < k; i++) {
            if (v[off + i] > v[off + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Sets the head's kernel to zeros and its bias to {@code bias}: every output row is then the same. */
    private static void constantHead(StackedRnnModel model, float... bias) {
        List<Tensor> w = new ArrayList<>(model.getWeights());
        int kernel = w.size() - 2;
        w.set(kernel, Tensor.zeros(w.get(kernel).shape()));
        w.set(kernel + 1, Tensor.of(bias, bias.length));
        model.setWeights(w);
    }

    @Test
    void softmax_isTheArgmaxOfPredict() {
        StackedRnnModel model = model(false, DenseSoftmaxLayer.builder(4).build());
        Tensor x = input(30, 5, 1);
        float[] p = model.predict(x).toFloatArray();
        int[] classes = model.predictClasses(x);
        assertThat(classes).hasSize(30);
        for (int s = 0; s < 30; s++) {
            assertThat(classes[s]).as("sample %d", s).isEqualTo(firstMax(p, s * 4, 4));
        }
        assertThat(java.util.Arrays.stream(classes).distinct().count()).as("not a constant answer").isGreaterThan(1);
    }

    @Test
    void softmax_tiesGoToTheLowerIndex() {
        StackedRnnModel model = model(false, DenseSoftmaxLayer.builder(4).build());
        constantHead(model, 0f, 2f, 2f, 2f); // classes 1, 2, 3 tie exactly
        assertThat(model.predictClasses(input(5, 3, 2))).containsOnly(1);
        constantHead(model, 0f, 0f, 0f, 0f);
        assertThat(model.predictClasses(input(5, 3, 2))).containsOnly(0);
    }

    @Test
    void perStep_givesOneClassPerStep_andListsKeepTheirLengths() {
        StackedRnnModel model = model(true, DenseSoftmaxLayer.builder(3).build());
        Tensor x = input(4, 6, 3);
        float[] p = model.predict(x).toFloatArray();
        int[][] classes = model.predictStepClasses(x);
        assertThat(classes.length).isEqualTo(4);
        for (int s = 0; s < 4; s++) {
            assertThat(classes[s]).hasSize(6);
            for (int t = 0; t < 6; t++) {
                assertThat(classes[s][t]).isEqualTo(firstMax(p, (s * 6 + t) * 3, 3));
            }
        }
        List<float[][]> sequences = List.of(sequence(x, 0, 6), sequence(x, 1, 2), sequence(x, 2, 4));
        int[][] ragged = model.predictStepClasses(sequences);
        assertThat(ragged[0]).containsExactly(classes[0]);
        assertThat(ragged[1]).containsExactly(classes[1][0], classes[1][1]); // a prefix predicts what the sequence does up to there
        assertThat(ragged[2]).containsExactly(java.util.Arrays.copyOf(classes[2], 4));
    }

    private static float[][] sequence(Tensor x, int sample, int length) {
        float[][] s = new float[length][FEATURES];
        for (int t = 0; t < length; t++) {
            for (int f = 0; f < FEATURES; f++) {
                s[t][f] = x.get(sample, t, f);
            }
        }
        return s;
    }

    @Test
    void lists_giveEachSequenceTheClassItHasAlone() {
        StackedRnnModel model = model(false, DenseSoftmaxLayer.builder(4).build());
        Tensor x = input(6, 7, 4);
        List<float[][]> sequences = new ArrayList<>();
        int[] alone = new int[6];
        for (int s = 0; s < 6; s++) {
            float[][] seq = sequence(x, s, 2 + s);
            sequences.add(seq);
            alone[s] = model.predictClasses(Tensor.of(new float[][][] {seq}))[0];
        }
        assertThat(model.predictClasses(sequences)).containsExactly(alone);
    }

    @Test
    void sigmoid_comparesWithTheThreshold_andATieIsClassZero() {
        StackedRnnModel model = model(false, DenseLayer.builder(1).activation(Activation.SIGMOID).build());
        Tensor x = input(8, 4, 5);
        float[] p = model.predict(x).toFloatArray();
        int[] classes = model.predictClasses(x);
        for (int s = 0; s < 8; s++) {
            assertThat(classes[s]).isEqualTo(p[s] > 0.5f ? 1 : 0);
        }
        double median = medianOf(p);
        int[] high = model.predictClasses(x, median);
        for (int s = 0; s < 8; s++) {
            assertThat(high[s]).isEqualTo(p[s] > median ? 1 : 0);
        }
        assertThat(java.util.Arrays.stream(high).sum()).isBetween(1, 7);
        constantHead(model, 0f); // sigmoid(0) = 0.5 exactly
        assertThat(model.predictClasses(x)).containsOnly(0);
        assertThat(model.predictClasses(x, 0.49)).containsOnly(1);
        assertThat(model.predictClasses(List.<float[][]>of(sequence(x, 0, 3)), 0.49)).containsExactly(1);
    }

    private static double medianOf(float[] p) {
        float[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }

    @Test
    void refusals_sayWhatToUseInstead() {
        Tensor x = input(2, 3, 6);
        StackedRnnModel linear = model(false, DenseLayer.builder(2).build());
        assertThatThrownBy(() -> linear.predictClasses(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a classifier head").hasMessageContaining("Tensor.argMax(-1)");
        StackedRnnModel multiLabel = model(false, DenseLayer.builder(3).activation(Activation.SIGMOID).build());
        assertThatThrownBy(() -> multiLabel.predictClasses(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigmoid with 3 units");
        StackedRnnModel softmax = model(false, DenseSoftmaxLayer.builder(3).build());
        assertThatThrownBy(() -> softmax.predictClasses(x, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A threshold applies to a single sigmoid unit");
        assertThatThrownBy(() -> softmax.predictStepClasses(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use predictClasses");
        StackedRnnModel perStep = model(true, DenseSoftmaxLayer.builder(3).build());
        assertThatThrownBy(() -> perStep.predictClasses(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use predictStepClasses");
        StackedRnnModel binary = model(false, DenseLayer.builder(1).activation(Activation.SIGMOID).build());
        assertThatThrownBy(() -> binary.predictClasses(x, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a number in [0, 1], got 1.5");
        assertThatThrownBy(() -> binary.predictClasses(x, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
