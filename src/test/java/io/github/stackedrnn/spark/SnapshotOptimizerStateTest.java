package io.github.stackedrnn.spark;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.Gradients;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.ExponentialDecay;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.tensor.Tensor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SnapshotOptimizerStateTest {
    private final OptimizerStateAccess access = new SnapshotOptimizerState();

    private static StackedRnnModel model(Optimizer optimizer) {
        return StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(5).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .optimizer(optimizer).seed(3).build();
    }

    private static Tensor x() {
        SplittableRandom r = new SplittableRandom(1);
        float[] v = new float[4 * 6 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(v, 4, 6, 2);
    }

    private static final int[] LABELS = {0, 2, 1, 2};

    @Test
    void freshModel_hasNoState() {
        assertThat(access.read(ModelBytes.of(model(Adam.defaults()), true))).isNull();
    }

    @Test
    void adamAfterOneStep_readsTheMomentsKerasRuleGives() {
        StackedRnnModel m = model(Adam.defaults());
        Gradients g = m.computeGradients(x(), LABELS);
        m.trainOnBatch(x(), LABELS);

        OptimizerSnapshot state = access.read(ModelBytes.of(m, true));

        assertThat(state.iterations()).isEqualTo(1);
        assertThat(state.learningRateOverride()).isZero();
        assertThat(state.slots()).hasSize(2);
        int offset = 0;
        for (Tensor grad : g.asList()) {
            float[] values = grad.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                // from zero moments: m = (1 - beta1)·g, v = (1 - beta2)·g²
                assertThat((double) state.slots().get(0)[offset + i]).isCloseTo(0.1 * values[i], within(1e-7 + 1e-5 * Math.abs(values[i])));
                assertThat((double) state.slots().get(1)[offset + i])
                        .isCloseTo(0.001 * values[i] * values[i], within(1e-12 + 1e-5 * values[i] * values[i]));
            }
            offset += values.length;
        }
        assertThat(offset).isEqualTo(m.parameterCount());
    }

    @Test
    void write_givesAFileTheLibraryLoads_withThatState_andTheWeightsUnchanged() throws Exception {
        // a schedule and three slots: the configuration before the state has variable length
        StackedRnnModel m = model(RmsProp.builder().learningRate(new ExponentialDecay(1e-2, 10, 0.5, false)).momentum(0.5)
                .centered(true).build());
        m.trainOnBatch(x(), LABELS);
        byte[] file = ModelBytes.of(m, true);
        OptimizerSnapshot before = access.read(file);
        assertThat(before.slots()).hasSize(3);
        float[][] halved = new float[3][];
        for (int s = 0; s < 3; s++) {
            halved[s] = before.slots().get(s).clone();
            for (int i = 0; i < halved[s].length; i++) {
                halved[s][i] /= 2;
            }
        }

        byte[] edited = access.write(file, new OptimizerSnapshot(7, 0, List.of(halved)));
        StackedRnnModel loaded = StackedRnnModel.load(new java.io.ByteArrayInputStream(edited));

        assertThat(loaded.iterations()).isEqualTo(7);
        assertThat(loaded.getWeights()).isEqualTo(m.getWeights());
        OptimizerSnapshot after = access.read(ModelBytes.of(loaded, true));
        for (int s = 0; s < 3; s++) {
            assertThat(after.slots().get(s)).containsExactly(halved[s]);
        }
    }

    @Test
    void write_intoAFileWithoutState_addsIt_withALearningRateOverride() throws Exception {
        StackedRnnModel m = model(Adam.defaults());
        int p = m.parameterCount();
        float[] first = new float[p];
        float[] second = new float[p];
        java.util.Arrays.fill(first, 0.25f);
        java.util.Arrays.fill(second, 0.5f);

        byte[] edited = access.write(ModelBytes.of(m, true), new OptimizerSnapshot(3, 0.125, List.of(first, second)));
        StackedRnnModel loaded = StackedRnnModel.load(new java.io.ByteArrayInputStream(edited));

        assertThat(loaded.iterations()).isEqualTo(3);
        OptimizerSnapshot state = access.read(ModelBytes.of(loaded, true));
        assertThat(state.learningRateOverride()).isEqualTo(0.125);
        assertThat(state.slots().get(1)).containsOnly(0.5f);
    }

    @Test
    void notAModelFile_isRefused() {
        assertThatThrownBy(() -> access.read(new byte[20])).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a model file this package wrote");
    }
}
