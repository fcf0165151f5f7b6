package io.github.stackedrnn.bench;

import io.github.stackedrnn.data.CsvSequenceDataset;
import io.github.stackedrnn.data.SequenceDataset;
import io.github.stackedrnn.data.SequenceExample;
import io.github.stackedrnn.data.SequenceFileDataset;
import io.github.stackedrnn.data.SequenceFileWriter;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One epoch of {@code fit} on W1-shaped data (2,048 sequences, T 20, 10 features, 4 classes, batch 32)
 * from each source: a tensor in memory, an in-memory data set, the binary sequence file (through a
 * shuffle buffer) and one CSV file per sequence. The data are the same numbers in all four; each
 * benchmark trains its own model, so the weights go on changing, the shapes do not.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules=jdk.incubator.vector"})
public class DatasetFitBench {
    private static final int SEQUENCES = 2_048;

    /** The data in memory and on disk, and a model per source. */
    @State(Scope.Benchmark)
    public static class Data {
        Path dir;
        Tensor x;
        int[] labels;
        SequenceDataset memory;
        SequenceDataset file;
        SequenceDataset csv;
        StackedRnnModel model;
        final FitOptions options = FitOptions.builder().epochs(1).batchSize(Workload.W1.trainBatch).build();

        /** Writes the data once per fork. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            Workload w = Workload.W1;
            x = w.inputs(SEQUENCES);
            labels = w.labels(SEQUENCES);
            float[] values = x.toFloatArray();
            List<SequenceExample> examples = new ArrayList<>();
            for (int i = 0; i < SEQUENCES; i++) {
                float[][] s = new float[w.time][w.features];
                for (int t = 0; t < w.time; t++) {
                    System.arraycopy(values, (i * w.time + t) * w.features, s[t], 0, w.features);
                }
                examples.add(SequenceExample.of(s, labels[i]));
            }
            memory = SequenceDataset.of(examples);
            dir = Files.createTempDirectory("dataset-bench");
            Path seq = dir.resolve("train.seq");
            try (SequenceFileWriter out = SequenceFileWriter.create(seq, w.features, SequenceExample.Kind.CLASS, 0)) {
                for (SequenceExample e : examples) {
                    out.write(e);
                }
            }
            file = SequenceFileDataset.of(seq).shuffled(1_024);
            Path csvDir = Files.createDirectory(dir.resolve("csv"));
            for (int i = 0; i < SEQUENCES; i++) {
                StringBuilder sb = new StringBuilder();
                for (float[] step : examples.get(i).steps()) {
                    for (float v : step) {
                        sb.append(v).append(',');
                    }
                    sb.append(labels[i]).append('\n');
                }
                Files.writeString(csvDir.resolve(String.format(Locale.ROOT, "%05d.csv", i)), sb);
            }
            csv = CsvSequenceDataset.builder(csvDir).features(w.features).classLabel().build();
            model = w.model(1);
        }

        /** Removes the files. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    /**
     * @param d the data and model
     * @return the epoch's loss
     */
    @Benchmark
    public double tensor(Data d) {
        return d.model.fit(d.x, d.labels, d.options).loss().get(0);
    }

    /**
     * @param d the data and model
     * @return the epoch's loss
     */
    @Benchmark
    public double memoryDataset(Data d) {
        return d.model.fit(d.memory, d.options).loss().get(0);
    }

    /**
     * @param d the data and model
     * @return the epoch's loss
     */
    @Benchmark
    public double sequenceFile(Data d) {
        return d.model.fit(d.file, d.options).loss().get(0);
    }

    /**
     * @param d the data and model
     * @return the epoch's loss
     */
    @Benchmark
    public double csvFiles(Data d) {
        return d.model.fit(d.csv, d.options).loss().get(0);
    }
}
