package io.github.stackedrnn.data;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trains on a data set several times larger than the heap: runs in its own JVM with {@code -Xmx96m}
 * (surefire execution {@code small-heap-dataset}), on a file written as a stream.
 */
class LargeDatasetTest {
    private static final int FEATURES = 16;
    private static final int STEPS = 64;

    @TempDir
    Path dir;

    @Test
    void fitOnAFileFourTimesTheHeap_finishes() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        Path file = dir.resolve("big.seq");
        long recordBytes = 4 + 4L * STEPS * FEATURES + 4;
        int count = (int) (4 * heap / recordBytes) + 1;
        SplittableRandom random = new SplittableRandom(5);
        try (SequenceFileWriter w = SequenceFileWriter.create(file, FEATURES, SequenceExample.Kind.CLASS, 0)) {
            for (int i = 0; i < count; i++) {
                int label = random.nextInt(2);
                float[][] s = new float[STEPS][FEATURES];
                for (float[] step : s) {
                    for (int f = 0; f < FEATURES; f++) {
                        step[f] = (float) random.nextGaussian() + (f == 0 ? (label == 1 ? 0.5f : -0.5f) : 0f);
                    }
                }
                w.write(SequenceExample.of(s, label));
            }
        }
        assertThat(Files.size(file)).isGreaterThan(4 * heap);
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(FEATURES).seed(1)
                .add(SimpleRnnLayer.builder(4).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .optimizer(Adam.builder().learningRate(0.01).build()).build();
        // what is held at once (the shuffle buffer, 4 batches read ahead, the workspaces) is a few tens of
        // megabytes, far below the data; at -Xmx64m with batches of 512 it came close to the heap under load
        int batch = 256;
        History h = model.fit(SequenceFileDataset.of(file).shuffled(1_024),
                FitOptions.builder().epochs(1).batchSize(batch).build());
        assertThat(model.iterations()).isEqualTo((count + batch - 1) / batch);
        assertThat(h.loss().get(0)).isFinite();
        // the signal is strong: one pass over this much data learns it
        assertThat(h.accuracy().get(0)).isGreaterThan(0.8);
    }
}
