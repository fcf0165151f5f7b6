package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an idle engine keeps: a batch within the retention cap keeps its workspaces for the next call;
 * one beyond it gets them for its call only, so one large prediction does not hold tens of megabytes
 * for as long as the model lives. The results are the same either way.
 */
class WorkspaceRetentionTest {

    @Test
    void anEngineKeepsWorkspacesUpToTheCapBetweenCalls() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4).seed(8).threads(1)
                .add(SimpleRnnLayer.builder(128).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(128).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .build();
        Network net = model.network();
        Engine engine = new Engine(net, new Parallelism(1, null), false);
        float[] params = new float[net.parameterCount];

        Batch small = new Batch(StreamingTest.input(16, 20, 1), null, null, 0, 16);
        engine.forward(params, small, new float[16 * 3]);
        engine.trimTo(Tuning.RETAINED_WORKSPACE_FLOATS);
        long kept = engine.workspaceFloats();
        assertThat(kept).isPositive().isLessThanOrEqualTo(Tuning.RETAINED_WORKSPACE_FLOATS);

        // a longer batch: larger workspaces, which an engine with a cap below them lets go of
        Tensor longX = StreamingTest.input(64, 120, 2);
        Batch large = new Batch(longX, null, null, 0, 64);
        float[] out = new float[64 * 3];
        engine.forward(params, large, out);
        long held = engine.workspaceFloats();
        assertThat(held).isGreaterThan(kept);
        engine.trimTo(held);
        assertThat(engine.workspaceFloats()).as("at the cap: kept").isEqualTo(held);
        engine.trimTo(held - 1);
        assertThat(engine.workspaceFloats()).as("over the cap: released").isZero();

        float[] again = new float[64 * 3];
        engine.forward(params, large, again);
        assertThat(again).isEqualTo(out);
    }

    @Test
    void predictionsGiveTheSameBitsWhateverTheWorkspaceWasSizedFor() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4).seed(9).threads(1)
                .add(SimpleRnnLayer.builder(128).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .build();
        Tensor x = StreamingTest.input(64, 40, 3);
        Tensor first = model.predict(x);
        // a shorter batch runs in a prefix of the longer one's buffers, and gives what a fresh model gives
        Tensor shorter = StreamingTest.input(64, 7, 4);
        Tensor inUsedWorkspace = model.predict(shorter);
        StackedRnnModel fresh = StackedRnnModel.builder().inputFeatures(4).seed(9).threads(1)
                .add(SimpleRnnLayer.builder(128).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .build();
        assertThat(inUsedWorkspace).isEqualTo(fresh.predict(shorter));
        assertThat(model.predict(x)).isEqualTo(first);
    }
}
