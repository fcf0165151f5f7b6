package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** One model shared by many threads: predictions and steps are exact, and never see half an update. */
class ConcurrencyTest {
    private static StackedRnnModel model(long seed) {
        return StackedRnnModel.builder().inputFeatures(4).seed(seed)
                .add(SimpleRnnLayer.builder(12).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(10).build())
                .add(DenseSoftmaxLayer.builder(3).build()).build();
    }

    @Test
    void manyThreadsPredictingAndStepping_getExactlyTheSerialResults() throws Exception {
        StackedRnnModel model = model(1);
        int inputs = 12;
        List<Tensor> xs = new ArrayList<>();
        List<Tensor> serial = new ArrayList<>();
        List<Tensor> serialSteps = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            Tensor x = StreamingTest.input(1 + i * 5, 3 + i, 100 + i);
            xs.add(x);
            serial.add(model.predict(x));
            RnnState state = model.newState(x.dim(0));
            Tensor last = null;
            for (int t = 0; t < x.dim(1); t++) {
                last = model.step(state, StreamingTest.stepOf(x, t));
            }
            serialSteps.add(last);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int offset = thread;
                futures.add(pool.submit(() -> {
                    int checked = 0;
                    for (int call = 0; call < 60; call++) {
                        int i = (call + offset) % inputs;
                        Tensor x = xs.get(i);
                        if (call % 3 == 0) {
                            RnnState state = model.newState(x.dim(0));
                            Tensor last = null;
                            for (int t = 0; t < x.dim(1); t++) {
                                last = model.step(state, StreamingTest.stepOf(x, t));
                            }
                            assertThat(last).isEqualTo(serialSteps.get(i));
                        } else {
                            assertThat(model.predict(x)).isEqualTo(serial.get(i));
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(8 * 60);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void predictionsWhileAnotherThreadTrains_eachMatchSomeWholeOptimizerStep() throws Exception {
        StackedRnnModel model = model(2);
        Tensor probe = StreamingTest.input(5, 6, 7);
        Tensor trainX = StreamingTest.input(64, 6, 8);
        int[] labels = new int[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        int steps = 40;
        List<List<Tensor>> snapshots = new ArrayList<>();
        snapshots.add(model.getWeights());
        ConcurrentLinkedQueue<Tensor> seen = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    while (!done.get()) {
                        seen.add(model.predict(probe));
                    }
                }));
            }
            for (int s = 0; s < steps; s++) {
                model.trainOnBatch(trainX, labels);
                snapshots.add(model.getWeights());
            }
            done.set(true);
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // what each whole step predicts, computed afterwards on a separate model
        StackedRnnModel replay = model(2);
        List<Tensor> expected = new ArrayList<>();
        for (List<Tensor> weights : snapshots) {
            replay.setWeights(weights);
            expected.add(replay.predict(probe));
        }
        assertThat(seen).isNotEmpty();
        for (Tensor p : seen) {
            assertThat(expected).as("a prediction made during training").contains(p);
        }
    }
}
