package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link StackedRnnModel#warmUp()} runs every head's kernels and changes nothing; {@code kernels()} names them. */
class KernelWarmUpTest {
    private static Tensor input(int samples, int time, int features) {
        SplittableRandom random = new SplittableRandom(9);
        float[] data = new float[samples * time * features];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.of(data, samples, time, features);
    }

    private static void assertWarmUpChangesNothing(StackedRnnModel model) throws Exception {
        // one training step first, so that the optimizer has state that warming up must leave alone
        Tensor x = input(8, 5, model.inputFeatures());
        int rows = model.outputsSequences() ? 8 * 5 : 8;
        float[] y = new float[rows * model.classes()];
        for (int r = 0; r < rows; r++) {
            y[r * model.classes() + r % model.classes()] = 1f;
        }
        model.trainOnBatch(x, model.outputsSequences() ? Tensor.of(y, 8, 5, model.classes()) : Tensor.of(y, 8, model.classes()));
        List<Tensor> weights = model.getWeights();
        long iterations = model.iterations();
        Tensor before = model.predict(x);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        model.save(saved, true);

        int rounds = KernelWarmUp.run(model);

        assertThat(rounds).isPositive(); // fewer than MIN_ROUNDS when the time budget ends it (a loaded machine)
        assertThat(model.getWeights()).isEqualTo(weights);
        assertThat(model.iterations()).isEqualTo(iterations);
        assertThat(model.predict(x)).isEqualTo(before);
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        model.save(after, true);
        assertThat(after.toByteArray()).as("the saved model with its optimizer state").isEqualTo(saved.toByteArray());
    }

    @Test
    void warmingUpAClassifierChangesNothing() throws Exception {
        assertWarmUpChangesNothing(StackedRnnModel.builder().inputFeatures(10)
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).build())
                .add(DenseSoftmaxLayer.builder(4).build())
                .optimizer(Adam.builder().build()).seed(1).build());
    }

    @Test
    void warmingUpPerStepAndRegressionHeadsChangesNothing() throws Exception {
        assertWarmUpChangesNothing(StackedRnnModel.builder().inputFeatures(3)
                .add(SimpleRnnLayer.builder(20).returnSequences(true).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .seed(2).build());
        assertWarmUpChangesNothing(StackedRnnModel.builder().inputFeatures(1)
                .add(SimpleRnnLayer.builder(16).activation(Activation.RELU).build())
                .add(DenseLayer.builder(2).build())
                .loss(Loss.meanSquaredError())
                .seed(3).build());
        assertWarmUpChangesNothing(StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(8).build())
                .add(DenseLayer.builder(1).activation(Activation.SIGMOID).build())
                .seed(4).build());
    }

    private static StackedRnnModel small() {
        return StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(8).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .seed(5).build();
    }

    /** A clock that moves on by {@code step} ns at every reading, and remembers the last one. */
    private static final class FakeClock implements java.util.function.LongSupplier {
        private final long step;
        long now;

        FakeClock(long step) {
            this.step = step;
        }

        @Override
        public long getAsLong() {
            now += step;
            return now;
        }
    }

    private static final java.util.function.LongSupplier NO_JIT_TIME = () -> -1;

    @Test
    void theBudgetEndsTheWarmUpAfterTheRoundThatPassesIt() {
        FakeClock clock = new FakeClock(1_000_000_000L); // every call takes a second
        assertThat(KernelWarmUp.run(small(), clock, null, NO_JIT_TIME)).isEqualTo(1);
        assertThat(clock.now).isGreaterThan(KernelWarmUp.BUDGET_MILLIS * 1_000_000L);
    }

    @Test
    void withoutAllocationOrJitTimeSteadyCallsEndIt() {
        FakeClock clock = new FakeClock(1_000_000L); // every call takes 1 ms: steady from the start
        assertThat(KernelWarmUp.run(small(), clock, null, NO_JIT_TIME)).isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
    }

    @Test
    void withoutAllocationTheJitMustBeQuietToo() {
        FakeClock clock = new FakeClock(1_000_000L);
        FakeClock compiling = new FakeClock(1); // the JIT finishes a compilation between any two readings
        assertThat(KernelWarmUp.run(small(), clock, null, compiling)).isGreaterThan(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
        assertThat(clock.now).isGreaterThan(KernelWarmUp.BUDGET_MILLIS * 1_000_000L);

        FakeClock quietClock = new FakeClock(1_000_000L);
        int rounds = KernelWarmUp.run(small(), quietClock, null, () -> 1234); // quiet from the start
        assertThat(quietClock.now).isBetween(SteadyState.QUIET_NANOS, KernelWarmUp.BUDGET_MILLIS * 1_000_000L);
        assertThat(rounds).isGreaterThanOrEqualTo(SteadyState.MIN_ROUNDS);
    }

    @Test
    void steadyCallsThatStillAllocateLikeBoxingKernelsRunToTheBudget() {
        StackedRnnModel model = small();
        FakeClock clock = new FakeClock(1_000_000L);
        FakeClock boxing = new FakeClock(4L << 20); // 4 MiB between two readings, as a kernel boxing its vectors
        int rounds = KernelWarmUp.run(model, clock, boxing, () -> 1234);
        assertThat(rounds).isGreaterThan(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
        assertThat(clock.now).isGreaterThan(KernelWarmUp.BUDGET_MILLIS * 1_000_000L);
        // compiled calls allocate their results and a few small objects; the JIT's activity then does not matter
        FakeClock compiled = new FakeClock(KernelWarmUp.allocationCeilings(model)[0]);
        assertThat(KernelWarmUp.run(model, new FakeClock(1_000_000L), compiled, new FakeClock(1)))
                .isEqualTo(Math.max(SteadyState.MIN_ROUNDS, SteadyState.STEADY_ROUNDS));
    }

    @Test
    void withTheCompileQueueItRunsUntilNoKernelIsLeftInIt() {
        int[] asked = new int[1];
        // a kernel queued or compiling at the end of each of the first 30 rounds (the queue is opened after the first)
        java.util.function.IntSupplier queue = () -> ++asked[0] <= 30 ? 1 : 0;
        FakeClock clock = new FakeClock(1_000_000L);
        FakeClock boxing = new FakeClock(4L << 20); // ignored where the queue tells
        assertThat(KernelWarmUp.run(small(), clock, boxing, new FakeClock(1), () -> queue)).isEqualTo(30 + SteadyState.STEADY_ROUNDS);
        // a JVM that does not tell its queue: the other signs decide (here the boxing, to the budget)
        assertThat(KernelWarmUp.run(small(), new FakeClock(1_000_000L), new FakeClock(4L << 20), () -> 1234, () -> null))
                .isGreaterThan(30 + SteadyState.STEADY_ROUNDS);
    }

    @Test
    void theCeilingsLeaveRoomForEachCallsResults() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(10)
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).build())
                .add(DenseSoftmaxLayer.builder(4).build())
                .seed(1).build();
        long[] ceilings = KernelWarmUp.allocationCeilings(model);
        long slack = KernelWarmUp.ALLOCATION_SLACK;
        assertThat(ceilings).containsExactly(slack + 2 * 4 * 4, slack + 2 * 32 * 4 * 4,
                slack + 2 * 4 * (model.parameterCount() + 32L * KernelWarmUp.TIME_STEPS * 10));
    }

    @Test
    void kernelsNamesThePathInUseAndOnTheScalarPathTheFlag() {
        String text = StackedRnnModel.kernels();
        assertThat(text).startsWith("stacked-rnn kernels: " + MatrixKernels.implementation());
        if (MatrixKernels.vectorized()) {
            assertThat(text).isEqualTo("stacked-rnn kernels: Vector API, " + MatrixKernels.implementation().replaceAll("\\D", "") + "-bit");
        } else {
            assertThat(text).startsWith("stacked-rnn kernels: scalar (auto-vectorised)");
            assertThat(text).containsAnyOf("--add-modules jdk.incubator.vector", "-Dstackedrnn.vector=false");
        }
    }
}
