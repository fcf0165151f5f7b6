package io.github.stackedrnn.parity;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.github.stackedrnn.parity.ParityAssert.FORWARD;
import static io.github.stackedrnn.parity.ParityAssert.assertClose;

/**
 * Keras's own golden test for {@code SimpleRNN}, {@code keras/src/layers/rnn/simple_rnn_test.py::
 * test_correctness}: {@code SimpleRNN(4)} with constant weights on {@code arange(24).reshape(2, 3, 4)}.
 */
class ParityKerasGoldenTest {
    private static final int BATCH = 2;    // B
    private static final int TIME = 3;     // T
    private static final int FEATURES = 4; // F
    private static final int UNITS = 4;    // U
    private static final float KERNEL = 0.01f;
    private static final float RECURRENT = 0.02f;
    private static final float BIAS = 0.03f;

    @Test
    void simpleRnnWithConstantWeightsGivesKerasLastStates() {
        Tensor last = lastStates(model(), input());
        // The numbers in Keras's test, for sample 0 and sample 1.
        Tensor keras = Tensor.of(new float[][] {
                {0.405432f, 0.405432f, 0.405432f, 0.405432f},
                {0.73605347f, 0.73605347f, 0.73605347f, 0.73605347f},
        });
        assertClose("keras simple_rnn_test.py::test_correctness, last states", "keras golden", keras, last, FORWARD);
    }

    @Test
    void simpleRnnWithConstantWeightsMatchesADoublePrecisionRecurrence() {
        Tensor x = input();
        // h_t = tanh(x_t·W + b + h_(t-1)·U), h_0 = 0, in double precision
        float[] xs = x.toFloatArray();
        double[] expected = new double[BATCH * TIME * UNITS]; // [B, T, U]
        for (int b = 0; b < BATCH; b++) {
            double[] h = new double[UNITS];
            for (int t = 0; t < TIME; t++) {
                double[] next = new double[UNITS];
                for (int u = 0; u < UNITS; u++) {
                    double z = BIAS;
                    for (int f = 0; f < FEATURES; f++) {
                        z += (double) xs[(b * TIME + t) * FEATURES + f] * KERNEL;
                    }
                    for (int v = 0; v < UNITS; v++) {
                        z += h[v] * RECURRENT;
                    }
                    next[u] = Math.tanh(z);
                }
                h = next;
                System.arraycopy(h, 0, expected, (b * TIME + t) * UNITS, UNITS);
            }
        }
        float[] rounded = new float[expected.length];
        for (int i = 0; i < expected.length; i++) {
            rounded[i] = (float) expected[i];
        }
        assertClose("keras test_correctness, every hidden state vs a float64 recurrence", "keras golden",
                Tensor.of(rounded, BATCH, TIME, UNITS), model().hiddenStates(x).get(0), FORWARD);
    }

    /** {@code arange(24).reshape(2, 3, 4)} as floats. */
    private static Tensor input() {
        float[] data = new float[BATCH * TIME * FEATURES];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        return Tensor.of(data, BATCH, TIME, FEATURES);
    }

    /** SimpleRNN(4) with the constant weights, under a Dense head (whose weights do not matter here). */
    private static StackedRnnModel model() {
        StackedRnnModel model = StackedRnnModel.builder()
                .inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(UNITS).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .seed(7)
                .build();
        model.setWeights(List.of(
                constant(KERNEL, FEATURES, UNITS),
                constant(RECURRENT, UNITS, UNITS),
                constant(BIAS, UNITS),
                constant(0.5f, UNITS, 2),
                constant(0f, 2)));
        return model;
    }

    /** The last time step of the first (only) recurrent layer's hidden sequence: {@code [B, U]}. */
    private static Tensor lastStates(StackedRnnModel model, Tensor x) {
        Tensor hidden = model.hiddenStates(x).get(0); // [B, T, U]
        float[] last = new float[BATCH * UNITS];
        for (int b = 0; b < BATCH; b++) {
            for (int u = 0; u < UNITS; u++) {
                last[b * UNITS + u] = hidden.get(b, TIME - 1, u);
            }
        }
        return Tensor.of(last, BATCH, UNITS);
    }

    private static Tensor constant(float value, int... shape) {
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] data = new float[size];
        Arrays.fill(data, value);
        return Tensor.of(data, shape);
    }
}
