package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No allocation inside the per-time-step loop: once the workspaces exist for a batch shape, a
 * training step or a prediction over 60 steps allocates no more than one over 5 steps (what a call
 * allocates is its result and a few small objects, whatever the length). Measured on the calling
 * thread (one thread) and on the scalar kernels, which the JIT compiles without boxing; before C2
 * compiles them, the Vector API kernels box every vector, which would say nothing about the loop.
 */
class StepLoopAllocationTest {

    @Test
    void longerSequencesAllocateNothingMorePerCall() {
        Assumptions.assumeFalse(MatrixKernels.vectorized(), "measured on the scalar kernels (see the class comment)");
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4).seed(3).threads(1)
                .add(SimpleRnnLayer.builder(8).returnSequences(true).dropout(0.1).recurrentDropout(0.1).build())
                .add(SimpleRnnLayer.builder(6).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .build();
        long shortTrain = allocatedPerTrainingStep(model, 5);
        long longTrain = allocatedPerTrainingStep(model, 60);
        long shortPredict = allocatedPerPrediction(model, 5);
        long longPredict = allocatedPerPrediction(model, 60);
        // 55 more steps x 2 layers: a single allocation per step would add more than 1 kB
        assertThat(longTrain - shortTrain).as("training: %d vs %d bytes", longTrain, shortTrain).isLessThan(512);
        assertThat(longPredict - shortPredict).as("prediction: %d vs %d bytes", longPredict, shortPredict).isLessThan(512);
    }

    @Test
    void predictionsOfVaryingLengthAllocateTheirResultOnceAndNoWorkspace() {
        Assumptions.assumeFalse(MatrixKernels.vectorized(), "measured on the scalar kernels (see the class comment)");
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4).seed(4).threads(1)
                .add(SimpleRnnLayer.builder(16).returnSequences(true).build())
                .add(DenseSoftmaxLayer.builder(32).build())
                .build();
        Tensor[] inputs = new Tensor[40];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = StreamingTest.input(8, 1 + (i * 7) % 40, i);
        }
        for (int round = 0; round < 50; round++) {
            for (Tensor x : inputs) {
                model.predict(x);
            }
        }
        for (Tensor x : inputs) {
            long before = allocated();
            Tensor p = model.predict(x);
            long bytes = allocated() - before;
            long result = 16 + 4L * p.size(); // the array of a [8, T, 32] result: 1 to 40 kB
            // once, plus the call's few small objects (about 1.3 kB); a second copy would add the result again
            assertThat(bytes).as("predict over %d steps: %d bytes for a result of %d", x.dim(1), bytes, result)
                    .isLessThan(result + 4096);
        }
    }

    private static long allocatedPerTrainingStep(StackedRnnModel model, int time) {
        Tensor x = StreamingTest.input(4, time, time);
        int[] labels = {0, 1, 1, 0};
        for (int i = 0; i < 200; i++) {
            model.trainOnBatch(x, labels);
        }
        long before = allocated();
        model.trainOnBatch(x, labels);
        return allocated() - before;
    }

    private static long allocatedPerPrediction(StackedRnnModel model, int time) {
        Tensor x = StreamingTest.input(4, time, time + 1);
        for (int i = 0; i < 200; i++) {
            model.predict(x);
        }
        long before = allocated();
        model.predict(x);
        return allocated() - before;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
