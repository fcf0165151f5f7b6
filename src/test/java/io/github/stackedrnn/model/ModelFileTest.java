package io.github.stackedrnn.model;

import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.ExponentialDecay;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.ModelCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Saving and loading: round trips, exact resumption, checkpoints, atomic saves and damaged files. */
class ModelFileTest {
    private static final int FEATURES = 3;

    static Stream<StackedRnnModel.Builder> configurations() {
        return Stream.of(
                StackedRnnModel.builder().inputFeatures(FEATURES)
                        .add(SimpleRnnLayer.builder(5).build()).add(DenseSoftmaxLayer.builder(3).build()),
                StackedRnnModel.builder().inputFeatures(FEATURES)
                        .add(SimpleRnnLayer.builder(4).returnSequences(true).activation(Activation.RELU)
                                .recurrentInitializer(Initializer.IDENTITY).name("irnn").build())
                        .add(SimpleRnnLayer.builder(6).returnSequences(true).activation(Activation.LINEAR).useBias(false).build())
                        .add(DenseSoftmaxLayer.builder(2).useBias(false).name("per_step_head").build())
                        .optimizer(Adam.builder().learningRate(0.01).beta1(0.8).epsilon(1e-6).build()),
                StackedRnnModel.builder().inputFeatures(FEATURES).name("tutorial_like")
                        .add(SimpleRnnLayer.builder(7).returnSequences(true).build())
                        .add(SimpleRnnLayer.builder(7).returnSequences(true).kernelInitializer(Initializer.ORTHOGONAL).build())
                        .add(SimpleRnnLayer.builder(7).build())
                        .add(DenseSoftmaxLayer.builder(4).build()));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void roundTrip_predictsBitForBitTheSame_andSummarisesTheSame(StackedRnnModel.Builder builder) throws IOException {
        StackedRnnModel model = builder.seed(11).build();
        Tensor x = input(9, 6, 1);
        model.trainOnBatch(x, oneHotFor(model, 9, 6, 2));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.save(bytes);
        StackedRnnModel loaded = StackedRnnModel.load(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(loaded.predict(x)).isEqualTo(model.predict(x));
        assertThat(loaded.predict(input(2, 13, 3))).isEqualTo(model.predict(input(2, 13, 3)));
        assertThat(loaded.getWeights()).isEqualTo(model.getWeights());
        assertThat(loaded.summary().toString()).isEqualTo(model.summary().toString()).contains("Optimizer params");
        assertThat(loaded.layers()).isEqualTo(model.layers());
        assertThat(loaded.layerNames()).isEqualTo(model.layerNames());
        assertThat(loaded.name()).isEqualTo(model.name());
        assertThat(loaded.seed()).isEqualTo(model.seed());
        assertThat(loaded.optimizer()).isEqualTo(model.optimizer());
        assertThat(loaded.iterations()).isEqualTo(1);

        // and the next training step is the same too: the optimizer state came along
        Tensor y = oneHotFor(model, 9, 6, 4);
        assertThat(loaded.trainOnBatch(x, y)).isEqualTo(model.trainOnBatch(x, y));
        assertThat(loaded.getWeights()).isEqualTo(model.getWeights());
    }

    @Test
    void saveWithoutOptimizerState_loadsWithFreshOptimizer() throws IOException {
        StackedRnnModel model = configurations().findFirst().orElseThrow().seed(3).build();
        Tensor x = input(4, 5, 1);
        model.trainOnBatch(x, new int[] {0, 1, 2, 0});
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        ByteArrayOutputStream slim = new ByteArrayOutputStream();
        model.save(full);
        model.save(slim, false);
        StackedRnnModel loaded = StackedRnnModel.load(new ByteArrayInputStream(slim.toByteArray()));
        assertThat(slim.size()).isLessThan(full.size() - 2 * 4 * model.parameterCount() + 64);
        assertThat(loaded.predict(x)).isEqualTo(model.predict(x));
        assertThat(loaded.iterations()).isZero();
        assertThat(loaded.summary().optimizerParameters()).isEmpty();
    }

    @Test
    void resume_threeEpochsSavedAndThreeMore_equalsSixWithoutStopping(@TempDir Path dir) throws IOException {
        Tensor x = input(70, 8, 5);
        int[] labels = labels(70, 4, 6);
        FitOptions three = FitOptions.builder().epochs(3).batchSize(16).validationSplit(0.2).build();
        FitOptions six = FitOptions.builder().epochs(6).batchSize(16).validationSplit(0.2).build();

        StackedRnnModel straight = tutorialLike(21);
        History all = straight.fit(x, labels, six);

        StackedRnnModel first = tutorialLike(21);
        first.fit(x, labels, three);
        Path file = dir.resolve("after-3.srnn");
        first.save(file);
        StackedRnnModel resumed = StackedRnnModel.load(file);
        assertThat(resumed.epochsDone()).isEqualTo(3);
        History rest = resumed.fit(x, labels, three);

        assertThat(resumed.getWeights()).isEqualTo(straight.getWeights());
        assertThat(resumed.iterations()).isEqualTo(straight.iterations());
        assertThat(resumed.epochsDone()).isEqualTo(6);
        assertThat(rest.loss()).isEqualTo(all.loss().subList(3, 6));
        assertThat(rest.valLoss()).isEqualTo(all.valLoss().subList(3, 6));
    }

    @Test
    void checkpointEveryTwoEpochs_writesThoseEpochs_andEachResumesExactly(@TempDir Path dir) throws IOException {
        Tensor x = input(40, 6, 7);
        int[] labels = labels(40, 4, 8);
        StackedRnnModel model = tutorialLike(5);
        model.fit(x, labels, FitOptions.builder().epochs(5).batchSize(8)
                .checkpoint(ModelCheckpoint.builder(dir.resolve("model-{epoch}.srnn")).everyEpochs(2).build()).build());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("model-2.srnn", "model-4.srnn");
        }
        StackedRnnModel fromFour = StackedRnnModel.load(dir.resolve("model-4.srnn"));
        assertThat(fromFour.epochsDone()).isEqualTo(4);
        fromFour.fit(x, labels, FitOptions.builder().epochs(1).batchSize(8).build());
        assertThat(fromFour.getWeights()).isEqualTo(model.getWeights());
    }

    @Test
    void checkpointSaveBestOnly_keepsTheEpochWithTheLowestValidationLoss(@TempDir Path dir) throws IOException {
        Tensor x = input(60, 6, 9);
        int[] labels = labels(60, 4, 10);
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(8).build()).add(DenseSoftmaxLayer.builder(4).build())
                .optimizer(Adam.builder().learningRate(0.05).build()).seed(2).build();
        Path best = dir.resolve("best.srnn");
        History h = model.fit(x, labels, FitOptions.builder().epochs(12).batchSize(8).validationSplit(0.25)
                .checkpoint(ModelCheckpoint.builder(best).saveBestOnly("val_loss", io.github.stackedrnn.train.MonitorMode.AUTO).build()).build());
        int bestEpoch = 0;
        for (int e = 1; e < h.epochs(); e++) {
            if (h.valLoss().get(e) < h.valLoss().get(bestEpoch)) {
                bestEpoch = e;
            }
        }
        assertThat(bestEpoch).as("the validation loss must not be best at the last epoch, or the test shows nothing")
                .isLessThan(h.epochs() - 1);
        StackedRnnModel saved = StackedRnnModel.load(best);
        assertThat(saved.epochsDone()).isEqualTo(bestEpoch + 1);
        Tensor valX = slice(x, 45, 60);
        int[] valLabels = Arrays.copyOfRange(labels, 45, 60);
        assertThat(saved.evaluate(valX, valLabels).loss()).isEqualTo(h.valLoss().get(bestEpoch));
    }

    @Test
    void checkpointMonitoringValidation_withoutValidationData_isRefused() {
        StackedRnnModel model = tutorialLike(1);
        List<Tensor> before = model.getWeights();
        assertThatThrownBy(() -> model.fit(input(8, 3, 1), labels(8, 4, 1), FitOptions.builder()
                .checkpoint(ModelCheckpoint.builder(Path.of("never.srnn")).saveBestOnly("val_loss", io.github.stackedrnn.train.MonitorMode.MIN)
                        .build()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no validation data");
        assertThat(model.getWeights()).isEqualTo(before);
    }

    @Test
    void failedSave_leavesThePreviousFileIntact_andNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.srnn");
        StackedRnnModel original = tutorialLike(4);
        original.save(file);
        byte[] before = Files.readAllBytes(file);

        StackedRnnModel other = tutorialLike(5);
        assertThatThrownBy(() -> io.github.stackedrnn.io.AtomicSaves.saveAtomically(other, file, true, out -> new FailAfter(out, 300)))
                .isInstanceOf(IOException.class).hasMessageContaining("disk full");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(StackedRnnModel.load(file).getWeights()).isEqualTo(original.getWeights());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void everyTruncation_isRefusedWithTheDocumentedException() throws IOException {
        byte[] good = bytesOf(smallModel());
        long worstAllocation = 0;
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            worstAllocation = Math.max(worstAllocation, refusedAllocating(cut));
        }
        assertThat(worstAllocation).as("bytes allocated by the worst refused load").isLessThan(4L * good.length + (1 << 20));
    }

    @Test
    void randomBitFlipsAndByteChanges_areAllRefused() throws IOException {
        byte[] good = bytesOf(smallModel());
        SplittableRandom random = new SplittableRandom(99);
        long worstAllocation = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] bad = good.clone();
            int flips = 1 + random.nextInt(trial % 3 == 0 ? 8 : 1);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(bad.length);
                if (trial % 5 == 0) {
                    bad[at] = (byte) random.nextInt(256);
                } else {
                    bad[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            if (Arrays.equals(bad, good)) {
                continue;
            }
            worstAllocation = Math.max(worstAllocation, refusedAllocating(bad));
        }
        assertThat(worstAllocation).isLessThan(4L * good.length + (1 << 20));
    }

    @Test
    void hugeDeclaredLength_isRefusedWithoutAllocatingIt() throws IOException {
        byte[] good = bytesOf(smallModel());
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad, 16, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3FFF_FFFF); // CONF length: ~1 GiB
        long allocated = refusedAllocating(bad);
        assertThat(allocated).isLessThan(1 << 22);
        ByteBuffer.wrap(bad, 16, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1); // 4 GiB
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(bad)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("exceeds the limit")
                .hasMessageContaining("section CONF, byte offset 16");
    }

    @Test
    void unknownVersion_isRefusedNamingTheReadableVersions() throws IOException {
        byte[] bad = bytesOf(smallModel());
        ByteBuffer.wrap(bad, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(7);
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(bad)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("format version 7; this library reads versions 1..2")
                .satisfies(e -> assertThat(((ModelFormatException) e).offset()).isEqualTo(8));
    }

    @Test
    void wrongMagic_trailingBytes_andFlippedWeights_areRefusedSayingWhere() throws IOException {
        byte[] good = bytesOf(smallModel());
        byte[] text = "{\"not\": \"a model\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(text)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("wrong magic number");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(trailing)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("trailing bytes")
                .satisfies(e -> assertThat(((ModelFormatException) e).offset()).isEqualTo(good.length));
        byte[] flipped = good.clone();
        int inWeights = indexOf(good, "WGHT".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + 20;
        flipped[inWeights] ^= 1;
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(flipped)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("checksum mismatch")
                .satisfies(e -> assertThat(((ModelFormatException) e).section()).isEqualTo("WGHT"));
    }

    @Test
    void fileWrittenByVersion1_stillLoads_andPredictsWhatItDidThen() throws IOException {
        // src/test/resources/models/v1-small.srnn was written by StackedRnnModel 0.1.0 (format version 1)
        // by CompatibilityFixture (v1Model); v1-small.predictions holds its predictions as float bits.
        StackedRnnModel model = loadFixture("v1-small");
        assertThat(model.iterations()).isEqualTo(2);
        assertThat(model.layerNames()).containsExactly("simple_rnn", "simple_rnn_1", "dense");
        assertThat(model.optimizer()).isEqualTo(Adam.defaults());
    }

    @Test
    void fileWrittenByVersion2_stillLoads_withItsLayersLossAndOptimizer() throws IOException {
        // src/test/resources/models/v2-small.srnn was written at format version 2 by CompatibilityFixture
        // (v2Model, scalar kernels): dropout, L2, a Dense sigmoid head, the loss, RmsProp with a schedule
        StackedRnnModel model = loadFixture("v2-small");
        StackedRnnModel recipe = StackedRnnModel.builder().inputFeatures(4)
                .add(SimpleRnnLayer.builder(5).returnSequences(true).dropout(0.25).recurrentDropout(0.125).kernelL2(1e-3).build())
                .add(SimpleRnnLayer.builder(4).activation(Activation.RELU).recurrentL2(2e-3).biasL2(5e-4).name("encoder").build())
                .add(DenseLayer.builder(2).activation(Activation.SIGMOID).kernelL2(1e-2).build())
                .loss(Loss.binaryCrossentropy(0.05))
                .optimizer(RmsProp.builder().centered(true).momentum(0.5).weightDecay(0.004).clipNorm(1.0)
                        .learningRate(new ExponentialDecay(0.01, 1, 0.9, true)).build())
                .seed(2).build();
        assertThat(model.layers()).isEqualTo(recipe.layers());
        assertThat(model.layerNames()).containsExactly("simple_rnn", "encoder", "dense");
        assertThat(model.loss()).isEqualTo(recipe.loss());
        assertThat(model.optimizer()).isEqualTo(recipe.optimizer());
        assertThat(model.seed()).isEqualTo(2);
        assertThat(model.iterations()).isEqualTo(2);
        // the iteration counter and three slots (velocities, momentums, average gradients); no rate variable
        assertThat(model.summary().optimizerParameters()).hasValue(1 + 3L * model.parameterCount());
        model.trainOnBatch(CompatibilityFixture.input(), Tensor.of(new float[] {1, 1, 0, 0, 1, 0}, 3, 2));
        assertThat(model.iterations()).isEqualTo(3);
    }

    /** Loads a fixture and checks it predicts what it predicted when written (to float rounding: see below). */
    private StackedRnnModel loadFixture(String name) throws IOException {
        StackedRnnModel model;
        try (var in = getClass().getResourceAsStream("/models/" + name + ".srnn")) {
            model = StackedRnnModel.load(in);
        }
        List<String> expected;
        try (var in = getClass().getResourceAsStream("/models/" + name + ".predictions")) {
            expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines().toList();
        }
        float[] predicted = model.predict(CompatibilityFixture.input()).toFloatArray();
        assertThat(predicted).hasSize(expected.size());
        for (int i = 0; i < predicted.length; i++) {
            float then = Float.intBitsToFloat(Integer.parseUnsignedInt(expected.get(i), 16));
            // the fixtures were written on the scalar kernels of the time, which summed in another order; both
            // paths now sum in the Vector API kernels' order (the same bits, KernelPathsTest) and round differently
            assertThat(predicted[i]).as("%s prediction %d", name, i).isCloseTo(then, org.assertj.core.data.Offset.offset(1e-6f));
        }
        return model;
    }

    /** Loads {@code bytes}, expects the documented exception, and returns the bytes the attempt allocated. */
    private static long refusedAllocating(byte[] bytes) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(bytes)))
                .as("loading %d damaged bytes", bytes.length)
                .isInstanceOf(ModelFormatException.class);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static StackedRnnModel smallModel() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(2)
                .add(SimpleRnnLayer.builder(3).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(2).build())
                .add(DenseSoftmaxLayer.builder(2).build()).seed(8).build();
        model.trainOnBatch(Tensor.of(new float[] {1, 0, 0, 1, 1, 1, 0, 0}, 2, 2, 2), new int[] {0, 1});
        return model;
    }

    private static byte[] bytesOf(StackedRnnModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.save(out);
        return out.toByteArray();
    }

    private static StackedRnnModel tutorialLike(long seed) {
        return StackedRnnModel.builder().inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(6).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(6).build())
                .add(DenseSoftmaxLayer.builder(4).build())
                .seed(seed).build();
    }

    static Tensor input(int batch, int time, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[batch * time * FEATURES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.of(data, batch, time, FEATURES);
    }

    private static int[] labels(int batch, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }

    private static Tensor oneHotFor(StackedRnnModel model, int batch, int time, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int classes = model.classes();
        int rows = model.outputsSequences() ? batch * time : batch;
        float[] y = new float[rows * classes];
        for (int r = 0; r < rows; r++) {
            y[r * classes + random.nextInt(classes)] = 1f;
        }
        return model.outputsSequences() ? Tensor.of(y, batch, time, classes) : Tensor.of(y, batch, classes);
    }

    private static Tensor slice(Tensor x, int from, int to) {
        int per = x.dim(1) * x.dim(2);
        float[] data = new float[(to - from) * per];
        x.copyTo(from * per, data, 0, data.length);
        return Tensor.of(data, to - from, x.dim(1), x.dim(2));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** An output stream that fails, like a full disk, after {@code limit} bytes. */
    private static final class FailAfter extends FilterOutputStream {
        private long left;

        FailAfter(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (--left < 0) {
                throw new IOException("disk full (simulated)");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }
}
