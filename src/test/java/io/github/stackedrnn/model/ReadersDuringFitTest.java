package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitContext;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the class Javadoc promises: summary, getWeights, save, computeGradients and predictions from
 * another thread during a long fit wait for at most one optimizer step, not for the fit. The fit's
 * listener holds the fit inside its first epoch until the other thread's calls have all returned: had
 * they waited for the fit to end, the listener would give up after its timeout and the test fail.
 */
class ReadersDuringFitTest {

    @Test
    void readersFinishWhileTheFitIsStillRunning() throws Exception {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4).seed(5).threads(1)
                .add(SimpleRnnLayer.builder(8).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .build();
        Tensor x = StreamingTest.input(16, 5, 1);
        int[] labels = new int[16];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
        }
        CountDownLatch fitInsideAnEpoch = new CountDownLatch(1);
        CountDownLatch readersDone = new CountDownLatch(1);
        AtomicBoolean readersFinishedInTime = new AtomicBoolean();
        AtomicBoolean fitReturned = new AtomicBoolean();
        TrainingListener holdFirstEpoch = new TrainingListener() {
            @Override
            public void onBatchEnd(FitContext context, int epoch, int batch, Map<String, Double> logs) {
                if (epoch == 0 && batch == 1) {
                    fitInsideAnEpoch.countDown();
                    try {
                        readersFinishedInTime.set(readersDone.await(30, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        CompletableFuture<Void> fit = CompletableFuture.runAsync(() -> {
            model.fit(x, labels, FitOptions.builder().epochs(3).batchSize(4).listeners(holdFirstEpoch).build());
            fitReturned.set(true);
        });
        if (!fitInsideAnEpoch.await(30, TimeUnit.SECONDS)) {
            fit.get(1, TimeUnit.SECONDS); // shows why the fit ended early
            throw new AssertionError("the fit did not reach its second batch");
        }

        AtomicReference<List<Tensor>> weightsSeen = new AtomicReference<>();
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        model.save(saved);
        ModelSummary summary = model.summary();
        weightsSeen.set(model.getWeights());
        Gradients gradients = model.computeGradients(x, labels);
        Tensor predicted = model.predict(x);
        long iterations = model.iterations();
        readersDone.countDown();
        fit.get(60, TimeUnit.SECONDS);

        assertThat(readersFinishedInTime).as("every reader returned while the fit was held in its first epoch").isTrue();
        assertThat(fitReturned).isTrue();
        // the readers saw the model after exactly the two steps the fit had taken
        assertThat(iterations).isEqualTo(2);
        assertThat(summary.optimizerParameters()).isPresent();
        StackedRnnModel reloaded = StackedRnnModel.load(new ByteArrayInputStream(saved.toByteArray()));
        assertThat(reloaded.iterations()).isEqualTo(2);
        assertThat(reloaded.getWeights()).isEqualTo(weightsSeen.get());
        assertThat(reloaded.predict(x)).isEqualTo(predicted);
        assertThat(gradients.loss()).isFinite();
        assertThat(model.iterations()).isEqualTo(12);
    }
}
