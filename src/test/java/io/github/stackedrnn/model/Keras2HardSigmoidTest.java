package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.GateActivation;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keras 2's hard sigmoid gates, {@code clip(0.2·x + 0.5, 0, 1)}: the derivative at and beside its kinks,
 * and a model file that keeps them. Their gradients are checked against finite differences in
 * {@link GatedGradientCheckTest}, their numbers against Keras in the keras package's import tests.
 */
class Keras2HardSigmoidTest {
    @Test
    void derivativeIsAFifthStrictlyInsideTheRampAndZeroOnTheFlats() {
        float[] z = {-3f, -2.5f, -2.4f, 0f, 2.4f, 2.5f, 3f};
        float[] y = z.clone();
        GateFunctions.gate(GateActivation.HARD_SIGMOID_KERAS2, y, 0, y.length);
        float[] expected = {0f, 0f, 0.2f, 0.2f, 0.2f, 0f, 0f};
        for (int i = 0; i < z.length; i++) {
            assertThat(GateFunctions.gateDerivative(GateActivation.HARD_SIGMOID_KERAS2, y[i])).as("at " + z[i]).isEqualTo(expected[i]);
        }
        // Keras 3's hard sigmoid is another function: slope 1/6 and its ramp out to ±3
        float[] keras3 = {2.4f};
        GateFunctions.gate(GateActivation.HARD_SIGMOID, keras3, 0, 1);
        assertThat(keras3[0]).isNotEqualTo(y[4]);
        assertThat(GateFunctions.gateDerivative(GateActivation.HARD_SIGMOID, keras3[0])).isEqualTo(1f / 6f);
    }

    @Test
    void aModelFileKeepsTheKeras2Gates() throws IOException {
        StackedRnnModel m = StackedRnnModel.builder().inputFeatures(2)
                .add(LstmLayer.builder(3).recurrentActivation(GateActivation.HARD_SIGMOID_KERAS2).returnSequences(true).build())
                .add(GruLayer.builder(3).recurrentActivation(GateActivation.HARD_SIGMOID_KERAS2).build())
                .add(DenseSoftmaxLayer.builder(2).build()).seed(3).build();
        SplittableRandom r = new SplittableRandom(5);
        float[] v = new float[4 * 5 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 4 - 2);
        }
        Tensor x = Tensor.of(v, 4, 5, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.save(out);
        StackedRnnModel back = StackedRnnModel.load(new ByteArrayInputStream(out.toByteArray()));
        assertThat(((LstmLayer) back.layers().get(0)).recurrentActivation()).isEqualTo(GateActivation.HARD_SIGMOID_KERAS2);
        assertThat(((GruLayer) back.layers().get(1)).recurrentActivation()).isEqualTo(GateActivation.HARD_SIGMOID_KERAS2);
        assertThat(back.predict(x).toFloatArray()).isEqualTo(m.predict(x).toFloatArray());
        // and the gates are not Keras 3's: the same weights with those predict otherwise
        StackedRnnModel keras3 = StackedRnnModel.builder().inputFeatures(2)
                .add(LstmLayer.builder(3).recurrentActivation(GateActivation.HARD_SIGMOID).returnSequences(true).build())
                .add(GruLayer.builder(3).recurrentActivation(GateActivation.HARD_SIGMOID).build())
                .add(DenseSoftmaxLayer.builder(2).build()).seed(3).build();
        keras3.setWeights(m.getWeights());
        assertThat(keras3.predict(x).toFloatArray()).isNotEqualTo(m.predict(x).toFloatArray());
    }
}
