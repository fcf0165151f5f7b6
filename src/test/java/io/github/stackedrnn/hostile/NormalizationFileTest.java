package io.github.stackedrnn.hostile;

import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.layer.NormalizationLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Model files with a Normalization layer (kind 7 of docs/FORMAT.md), crafted by hand: a valid one loads
 * with its statistics in the layer and the weights; a huge declared width, a negative variance, a
 * fractional count, the layer in second place or at a width other than the input's are refused as
 * format errors that name the problem.
 */
class NormalizationFileTest {
    /** The WGHT payload: a tensor count, then per tensor its rank, dimensions and float32 values. */
    private static final class Weights {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int count;
        private final ByteArrayOutputStream tensors = new ByteArrayOutputStream();

        Weights tensor(int[] shape, float... values) {
            tensors.write(shape.length);
            for (int d : shape) {
                tensors.writeBytes(le(4).putInt(d).array());
            }
            ByteBuffer b = le(4 * values.length);
            for (float v : values) {
                b.putFloat(v);
            }
            tensors.writeBytes(b.array());
            count++;
            return this;
        }

        byte[] bytes() {
            out.reset();
            out.writeBytes(le(4).putInt(count).array());
            out.writeBytes(tensors.toByteArray());
            return out.toByteArray();
        }

        private static ByteBuffer le(int n) {
            return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Normalization(2), SimpleRNN(1), Dense softmax(2): mean, variance, count, then the five trainable tensors. */
    private static Weights weights(float[] variance, float count) {
        return new Weights().tensor(new int[] {2}, 1f, -1f).tensor(new int[] {2}, variance).tensor(new int[] {1}, count)
                .tensor(new int[] {2, 1}, 0.5f, -0.25f).tensor(new int[] {1, 1}, 0.75f).tensor(new int[] {1}, 0.1f)
                .tensor(new int[] {1, 2}, 1f, -1f).tensor(new int[] {2}, 0f, 0f);
    }

    private static byte[] file(Weights w) {
        return new CraftedModelFile("norm", 2).normalization(2).simpleRnn(1, false).denseSoftmax(2).weightsPayload(w.bytes()).bytes();
    }

    private static StackedRnnModel load(byte[] file) throws IOException {
        return StackedRnnModel.load(new ByteArrayInputStream(file));
    }

    @Test
    void aValidFileLoads_withTheStatisticsInTheLayerAndTheWeights_andStandardisesWithThem() throws IOException {
        StackedRnnModel model = load(file(weights(new float[] {4f, 0.25f}, 10f)));
        NormalizationLayer norm = (NormalizationLayer) model.layers().get(0);
        assertArrayEquals(new float[] {1f, -1f}, norm.mean());
        assertArrayEquals(new float[] {4f, 0.25f}, norm.variance());
        assertEquals(10, norm.count());
        assertEquals(5 + 2 + 1 + 1 + 2 + 2, model.parameterCount()); // 2·F + 1 statistics, SimpleRNN(1), Dense(2)
        // one step (3, -2): standardised (1, -2); h = tanh(0.5·1 - 0.25·-2 + 0.1) = tanh(1.1); logits (h, -h)
        float[] p = model.predict(new float[][] {{3f, -2f}}).toFloatArray();
        double h = Math.tanh(1.1);
        double p0 = 1 / (1 + Math.exp(-2 * h));
        assertEquals(p0, p[0], 1e-6);
    }

    @Test
    void aHugeDeclaredWidthWithoutItsValuesIsRefused() {
        // the count of tensors the layout has, then the mean's header [2^20] and none of its 4 MB of values
        byte[] payload = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).putInt(8).put((byte) 1).putInt(1 << 20).array();
        byte[] f = new CraftedModelFile("huge", 1 << 20).normalization(1 << 20).simpleRnn(1, false).denseSoftmax(2)
                .weightsPayload(payload).bytes();
        assertThat(f.length).isLessThan(200);
        assertThatThrownBy(() -> load(f)).isInstanceOf(ModelFormatException.class).hasMessageContaining("WGHT")
                .hasMessageContaining("ends early").hasMessageContaining("normalization/mean");
    }

    @Test
    void aNegativeVarianceIsRefused() {
        assertThatThrownBy(() -> load(file(weights(new float[] {4f, -0.25f}, 10f)))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("WGHT").hasMessageContaining("variance").hasMessageContaining("-0.25");
    }

    @Test
    void aFractionalOrNegativeCountIsRefused() {
        assertThatThrownBy(() -> load(file(weights(new float[] {4f, 0.25f}, 2.5f)))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("count").hasMessageContaining("2.5");
        assertThatThrownBy(() -> load(file(weights(new float[] {4f, 0.25f}, -1f)))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("count").hasMessageContaining("-1.0");
    }

    @Test
    void theLayerAnywhereButFirst_orAtAnotherWidth_isRefused() {
        byte[] second = new CraftedModelFile("second", 2).simpleRnn(2, true).normalization(2).simpleRnn(1, false).denseSoftmax(2)
                .bytes();
        assertThatThrownBy(() -> load(second)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("invalid model configuration").hasMessageContaining("can only be the first layer");
        byte[] narrow = new CraftedModelFile("narrow", 3).normalization(2).simpleRnn(1, false).denseSoftmax(2).bytes();
        assertThatThrownBy(() -> load(narrow)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("statistics of 2 features but the model's inputFeatures is 3");
    }

    @Test
    void theLibrarysOwnFileOfTheSameModel_holdsTheSameBytesOfStatistics() throws IOException {
        StackedRnnModel model = load(file(weights(new float[] {4f, 0.25f}, 10f)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.save(out, false);
        StackedRnnModel again = load(out.toByteArray());
        assertEquals(model.getWeights(), again.getWeights());
        assertEquals(model.layers(), again.layers());
        Tensor x = Tensor.of(new float[] {3f, -2f, 0f, 1f}, 1, 2, 2);
        assertArrayEquals(model.predict(x).toFloatArray(), again.predict(x).toFloatArray());
    }
}
