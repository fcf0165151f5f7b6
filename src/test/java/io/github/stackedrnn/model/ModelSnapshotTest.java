package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A snapshot is the whole model as data: a model built from it is the same model, on any thread count. */
class ModelSnapshotTest {

    private static StackedRnnModel trained() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4).seed(21).threads(2)
                .add(SimpleRnnLayer.builder(9).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(7).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .build();
        Tensor x = StreamingTest.input(12, 6, 1);
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};
        for (int i = 0; i < 3; i++) {
            model.trainOnBatch(x, labels);
        }
        return model;
    }

    @Test
    void aModelFromItsSnapshotPredictsAndTrainsOnToTheBit_onOneThread() {
        StackedRnnModel model = trained();
        ModelSnapshot snapshot = model.snapshot(true);
        StackedRnnModel copy = StackedRnnModel.fromSnapshot(snapshot, 1);
        assertThat(copy.threads()).isEqualTo(1);
        assertThat(copy.iterations()).isEqualTo(3);
        assertThat(copy.layerNames()).isEqualTo(model.layerNames());
        Tensor probe = StreamingTest.input(5, 8, 2);
        assertThat(copy.predict(probe)).isEqualTo(model.predict(probe));
        Tensor x = StreamingTest.input(12, 6, 3);
        int[] labels = {2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0};
        assertThat(copy.trainOnBatch(x, labels)).isEqualTo(model.trainOnBatch(x, labels));
        assertThat(copy.getWeights()).isEqualTo(model.getWeights());
    }

    @Test
    void ofChecksItsPartsAsTheBuilderAndSetWeightsDo() {
        ModelSnapshot s = trained().snapshot(false);
        List<Tensor> weights = new ArrayList<>(s.weights());
        weights.set(1, Tensor.zeros(9, 8));
        assertThatThrownBy(() -> ModelSnapshot.of(s.name(), s.seed(), s.inputFeatures(), s.layers(), s.loss(), s.optimizer(), weights,
                null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 1 (simple_rnn/recurrent_kernel) must be [9, 9] but got [9, 8]");
        assertThatThrownBy(() -> ModelSnapshot.of(s.name(), s.seed(), s.inputFeatures(), s.layers(), s.loss(), s.optimizer(),
                s.weights(), null, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochsDone");
        assertThat(s.optimizerState()).isEmpty();
        assertThatThrownBy(() -> StackedRnnModel.fromSnapshot(s, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`threads`");
        assertThatThrownBy(() -> StackedRnnModel.fromSnapshot(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`snapshot`");
    }
}
