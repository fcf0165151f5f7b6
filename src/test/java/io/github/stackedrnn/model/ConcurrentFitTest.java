package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitContext;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A second fit while one runs is refused at once, names the fitting thread, and changes nothing. */
class ConcurrentFitTest {
    private static StackedRnnModel model() {
        return StackedRnnModel.builder().inputFeatures(4).seed(3)
                .add(SimpleRnnLayer.builder(4).build()).add(DenseSoftmaxLayer.builder(2).build()).build();
    }

    private static final Tensor X = StreamingTest.input(16, 4, 2);
    private static final int[] LABELS = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1};

    @Test
    void aSecondFitOnAnotherThread_isRefusedAtOnce_namingTheFittingThread() throws Exception {
        StackedRnnModel model = model();
        CountDownLatch inFit = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TrainingListener hold = new TrainingListener() {
            @Override
            public void onEpochBegin(FitContext context, int epoch) {
                inFit.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "fitter-" + r.hashCode()));
        AtomicReference<String> fitterName = new AtomicReference<>();
        try {
            Future<?> first = pool.submit(() -> {
                fitterName.set(Thread.currentThread().getName());
                model.fit(X, LABELS, FitOptions.builder().epochs(1).batchSize(8).listeners(hold).build());
            });
            assertThat(inFit.await(30, TimeUnit.SECONDS)).isTrue();
            List<Tensor> before = model.getWeights();
            // a waiting second fit would block here until release, and the get below would time out
            Future<?> second = pool.submit(() -> model.fit(X, LABELS, FitOptions.builder().epochs(1).build()));
            assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("fit is already running on this model in thread \"" + fitterName.get() + "\"");
            assertThat(model.getWeights()).isEqualTo(before);
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(model.iterations()).as("only the first fit's two steps").isEqualTo(2);
        assertThat(model.epochsDone()).isEqualTo(1);
        model.fit(X, LABELS, FitOptions.builder().epochs(1).batchSize(8).build());
        assertThat(model.iterations()).as("the guard is released when a fit returns").isEqualTo(4);
    }

    @Test
    void aListenerCallingFit_isRefused_andAFailedFitReleasesTheGuard() {
        StackedRnnModel model = model();
        TrainingListener nested = new TrainingListener() {
            @Override
            public void onTrainBegin(FitContext context) {
                model.fit(X, LABELS, FitOptions.builder().build());
            }
        };
        assertThatThrownBy(() -> model.fit(X, LABELS, FitOptions.builder().listeners(nested).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("thread \"" + Thread.currentThread().getName() + "\"")
                .hasMessageContaining("a listener may not call fit");
        assertThat(model.iterations()).isZero();
        model.fit(X, LABELS, FitOptions.builder().epochs(1).batchSize(16).build());
        assertThat(model.iterations()).isEqualTo(1);
    }
}
