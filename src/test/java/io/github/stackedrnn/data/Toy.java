package io.github.stackedrnn.data;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** A toy problem for the data set tests: class 1 adds +1, class 0 adds -1 to the first of two noisy features. */
final class Toy {
    static final int FEATURES = 2;

    private Toy() {
    }

    static StackedRnnModel model(long seed) {
        return StackedRnnModel.builder().inputFeatures(FEATURES).seed(seed)
                .add(SimpleRnnLayer.builder(6).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .optimizer(Adam.builder().learningRate(0.01).build()).build();
    }

    /** {@code count} sequences of lengths in [minLength, maxLength]. */
    static List<SequenceExample> examples(int count, long seed, int minLength, int maxLength) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SequenceExample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            int label = random.nextInt(2);
            float[][] s = new float[length][FEATURES];
            for (int t = 0; t < length; t++) {
                s[t][0] = (float) random.nextGaussian() + (label == 1 ? 1f : -1f);
                s[t][1] = (float) random.nextGaussian();
            }
            out.add(SequenceExample.of(s, label));
        }
        return out;
    }

    static List<float[][]> steps(List<SequenceExample> examples) {
        List<float[][]> out = new ArrayList<>();
        for (SequenceExample e : examples) {
            out.add(e.steps());
        }
        return out;
    }

    static int[] labels(List<SequenceExample> examples) {
        return examples.stream().mapToInt(SequenceExample::label).toArray();
    }

    /** Writes one CSV file per example (features, then the class on every line), named 00000.csv, 00001.csv, ... */
    static List<Path> writeCsv(Path dir, List<SequenceExample> examples) {
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < examples.size(); i++) {
                StringBuilder sb = new StringBuilder();
                SequenceExample e = examples.get(i);
                for (float[] step : e.steps()) {
                    for (float v : step) {
                        // %s of a float prints the shortest decimal that reads back to the same float
                        sb.append(String.format(Locale.ROOT, "%s,", v));
                    }
                    sb.append(e.label()).append('\n');
                }
                Path p = dir.resolve(String.format(Locale.ROOT, "%05d.csv", i));
                Files.writeString(p, sb);
                files.add(p);
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return files;
    }
}
