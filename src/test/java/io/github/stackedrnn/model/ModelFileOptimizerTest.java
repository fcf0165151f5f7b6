package io.github.stackedrnn.model;

import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.CosineDecay;
import io.github.stackedrnn.optim.ExponentialDecay;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.optim.OptimizerState;
import io.github.stackedrnn.optim.PiecewiseConstantDecay;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.optim.Sgd;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Format version 2: every optimizer configuration and its state survive a save exactly, a Dense head
 * with dropout and L2 keeps its configuration, and every malformed OPTM field is refused saying where.
 */
class ModelFileOptimizerTest {
    private static final int FEATURES = 3;

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("Adam defaults", Adam.defaults()),
                Arguments.of("Adam amsgrad, weightDecay, clipNorm, ExponentialDecay with staircase",
                        Adam.builder().amsgrad(true).weightDecay(0.004).clipNorm(0.05).beta2(0.99)
                                .learningRate(new ExponentialDecay(0.02, 1, 0.5, true)).build()),
                Arguments.of("Sgd momentum, nesterov, globalClipNorm, PiecewiseConstantDecay",
                        Sgd.builder().momentum(0.9).nesterov(true).globalClipNorm(0.3)
                                .learningRate(new PiecewiseConstantDecay(new long[] {1, 2}, new double[] {0.1, 0.05, 0.01})).build()),
                Arguments.of("Sgd plain: no slot",
                        Sgd.builder().learningRate(0.07).clipValue(0.5).build()),
                Arguments.of("RmsProp centered, momentum, clipValue, CosineDecay",
                        RmsProp.builder().centered(true).momentum(0.5).rho(0.8).epsilon(1e-6).clipValue(0.01)
                                .learningRate(new CosineDecay(0.01, 5, 0.1)).build()),
                Arguments.of("RmsProp weightDecay, clipNorm",
                        RmsProp.builder().weightDecay(0.01).clipNorm(0.02).learningRate(0.003).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void everyOptimizer_roundTripsWithItsState_andTheNextStepIsBitIdentical(String label, Optimizer optimizer) throws IOException {
        StackedRnnModel model = small(optimizer);
        Tensor x = ModelFileTest.input(5, 4, 1);
        int[] y = {0, 1, 2, 1, 0};
        model.trainOnBatch(x, y);
        model.trainOnBatch(x, new int[] {2, 2, 1, 0, 0});

        StackedRnnModel loaded = roundTrip(model);

        assertThat(loaded.optimizer()).isEqualTo(optimizer).isEqualTo(model.optimizer());
        assertThat(loaded.iterations()).isEqualTo(model.iterations()).isEqualTo(2);
        assertThat(loaded.learningRate()).isEqualTo(model.learningRate());
        assertThat(loaded.summary().toString()).isEqualTo(model.summary().toString());
        for (int step = 0; step < 2; step++) {
            assertThat(loaded.trainOnBatch(x, y)).isEqualTo(model.trainOnBatch(x, y));
            assertThat(loaded.getWeights()).isEqualTo(model.getWeights());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void everyOptimizer_withoutState_roundTripsItsConfiguration(String label, Optimizer optimizer) throws IOException {
        StackedRnnModel untrained = small(optimizer);
        StackedRnnModel loaded = roundTrip(untrained);
        assertThat(loaded.optimizer()).isEqualTo(optimizer);
        assertThat(loaded.iterations()).isZero();

        StackedRnnModel trained = small(optimizer);
        trained.trainOnBatch(ModelFileTest.input(5, 4, 1), new int[] {0, 1, 2, 1, 0});
        ByteArrayOutputStream slim = new ByteArrayOutputStream();
        trained.save(slim, false);
        StackedRnnModel slimLoaded = StackedRnnModel.load(new ByteArrayInputStream(slim.toByteArray()));
        assertThat(slimLoaded.optimizer()).isEqualTo(optimizer);
        assertThat(slimLoaded.iterations()).isZero();
    }

    @Test
    void learningRateSetOnTheState_isSaved_andTheNextStepsUseIt() throws IOException {
        for (Optimizer optimizer : List.of(Adam.builder().learningRate(0.01).build(), Sgd.builder().momentum(0.5).build(),
                RmsProp.builder().clipNorm(0.1).build())) {
            StackedRnnModel model = small(optimizer);
            Tensor x = ModelFileTest.input(5, 4, 2);
            int[] y = {2, 1, 0, 1, 2};
            model.trainOnBatch(x, y);
            model.setLearningRate(0.0123); // as ReduceLROnPlateau does through the fit context

            StackedRnnModel loaded = roundTrip(model);

            assertThat(loaded.optimizer()).isEqualTo(optimizer);
            assertThat(loaded.iterations()).isEqualTo(1);
            assertThat(loaded.learningRate()).isEqualTo(0.0123);
            assertThat(loaded.trainOnBatch(x, y)).isEqualTo(model.trainOnBatch(x, y));
            assertThat(loaded.getWeights()).isEqualTo(model.getWeights());
        }
    }

    @Test
    void learningRateSetBeforeAnyStep_isSavedWithTheEmptyState() throws IOException {
        StackedRnnModel model = small(Sgd.defaults());
        model.setLearningRate(0.5);
        StackedRnnModel loaded = roundTrip(model);
        assertThat(loaded.iterations()).isZero();
        assertThat(loaded.learningRate()).isEqualTo(0.5);
        Tensor x = ModelFileTest.input(5, 4, 3);
        int[] y = {0, 0, 1, 1, 2};
        assertThat(loaded.trainOnBatch(x, y)).isEqualTo(model.trainOnBatch(x, y));
        assertThat(loaded.getWeights()).isEqualTo(model.getWeights());
    }

    @Test
    void denseSigmoidHead_withDropoutAndL2_roundTripsItsConfiguration() throws IOException {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(4).returnSequences(true).dropout(0.25).recurrentDropout(0.125)
                        .kernelL2(1e-3).recurrentL2(2e-3).biasL2(3e-3).build())
                .add(SimpleRnnLayer.builder(3).recurrentDropout(0.5).build())
                .add(DenseLayer.builder(1).activation(Activation.SIGMOID).kernelL2(0.01).biasL2(0.02).name("out").build())
                .loss(Loss.binaryCrossentropy(0.1))
                .optimizer(Adam.builder().amsgrad(true).build())
                .seed(4).build();
        Tensor x = ModelFileTest.input(6, 5, 4);
        Tensor y = Tensor.of(new float[] {1, 0, 0, 1, 1, 0}, 6, 1);
        model.trainOnBatch(x, y);

        StackedRnnModel loaded = roundTrip(model);

        assertThat(loaded.layers()).isEqualTo(model.layers());
        assertThat(loaded.layerNames()).containsExactly("simple_rnn", "simple_rnn_1", "out");
        assertThat(loaded.loss()).isEqualTo(model.loss()).isEqualTo(Loss.binaryCrossentropy(0.1));
        assertThat(loaded.predict(x)).isEqualTo(model.predict(x));
        assertThat(loaded.getWeights()).isEqualTo(model.getWeights());
        // dropout masks come from the seed and the step count, both saved: training goes on identically
        assertThat(loaded.trainOnBatch(x, y)).isEqualTo(model.trainOnBatch(x, y));
        assertThat(loaded.getWeights()).isEqualTo(model.getWeights());
    }

    // ---------------------------------------------------------------- malformed OPTM payloads

    /** A hand-written OPTM payload, with a mark where the reader must complain, and the complaint. */
    record Bad(String label, Consumer<Payload> payload, String message) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Bad> malformed() {
        return Stream.of(
                new Bad("unknown optimizer name", p -> p.mark().string("adagrad"),
                        "unknown optimizer \"adagrad\"; this library reads \"adam\", \"sgd\" and \"rmsprop\""),
                new Bad("wrong setting count", p -> p.string("sgd").mark().u8(3),
                        "Sgd has 2 settings but the file has 3"),
                new Bad("setting out of range", p -> p.string("adam").u8(4).mark().f64(1.5),
                        "invalid Adam setting beta1: Received an invalid value for argument `beta1`, expected a number in [0, 1)"),
                new Bad("flag neither 0 nor 1", p -> p.string("rmsprop").u8(4).f64(0.9).f64(0).f64(1e-7).mark().f64(0.5),
                        "invalid RmsProp setting centered: 0.5, not 0 or 1"),
                new Bad("unknown learning-rate kind", p -> adamSettings(p).mark().u8(7),
                        "unknown learning-rate kind 7 (0 constant, 1 ExponentialDecay, 2 PiecewiseConstantDecay, 3 CosineDecay)"),
                new Bad("non-positive constant rate", p -> adamSettings(p).u8(0).mark().f64(-0.1),
                        "invalid Adam setting learningRate"),
                new Bad("invalid schedule", p -> adamSettings(p).u8(1).mark().f64(0.1).i64(0).f64(0.5).u8(0),
                        "invalid learning-rate schedule: Received an invalid value for argument `decaySteps`"),
                new Bad("piecewise boundaries not increasing", p -> adamSettings(p).u8(2).mark().u16(2).i64(5).i64(5)
                                .f64(0.1).f64(0.01).f64(0.001),
                        "invalid learning-rate schedule: Received an invalid value for argument `boundaries`"),
                new Bad("piecewise counts past the payload", p -> adamSettings(p).u8(2).u16(9).mark().i64(5),
                        "the section ends early, while reading the 9 boundaries and 10 values"),
                new Bad("a clip threshold without a clip mode", p -> constantRate(p).u8(0).mark().f64(0.5),
                        "clipping threshold 0.5 given with clip mode 0 (none); it must be 0"),
                new Bad("a clip mode without a threshold", p -> constantRate(p).u8(3).mark().f64(0),
                        "invalid Adam setting globalClipNorm: Received an invalid value for argument `globalClipNorm`"),
                new Bad("unknown clip mode", p -> constantRate(p).mark().u8(4),
                        "unknown clip mode 4 (0 none, 1 clipNorm, 2 clipValue, 3 globalClipNorm)"),
                new Bad("negative weight decay", p -> constantRate(p).u8(0).f64(0).mark().f64(-1),
                        "invalid Adam setting weightDecay"),
                new Bad("bad slot count", p -> stateHead(p).i64(3).u8(0).f64(0).mark().u8(3),
                        "Adam state has 2 slots but the file has 3"),
                new Bad("negative iterations", p -> stateHead(p).mark().i64(-1).u8(0).f64(0).u8(2).floats(2 * 7),
                        "invalid optimizer state: Received an invalid value for argument `iterations`"),
                new Bad("override with a schedule", p -> adamSettings(p).u8(3).f64(0.1).i64(10).f64(0).u8(0).f64(0).f64(0)
                                .u8(1).i64(1).mark().u8(1).f64(0.5).u8(2).floats(2 * 7),
                        "invalid learning-rate override: the optimizer follows a learning-rate schedule"),
                new Bad("override value without its flag", p -> stateHead(p).i64(1).u8(0).mark().f64(0.5),
                        "learning-rate override 0.5 given with the override flag 0; it must be 0"),
                new Bad("second moment negative", p -> stateHead(p).mark().i64(1).u8(0).f64(0).u8(2).floats(7)
                                .f32(-1).floats(6),
                        "invalid optimizer state: Adam slot 1 (v) has the invalid value -1.0 at 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedOptimizerFields_areRefusedNamingSectionAndOffset(Bad bad) throws IOException {
        byte[] good = bytesOf(tiny());
        Payload payload = new Payload();
        bad.payload().accept(payload);
        byte[] file = withOptimizerPayload(good, payload.bytes());
        long payloadStart = indexOf(good, "OPTM") + 8;
        assertThatThrownBy(() -> StackedRnnModel.load(new ByteArrayInputStream(file)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(bad.message())
                .satisfies(e -> {
                    ModelFormatException f = (ModelFormatException) e;
                    assertThat(f.section()).isEqualTo("OPTM");
                    assertThat(f.offset()).as("offset of the error").isEqualTo(payloadStart + payload.marked);
                });
    }

    @Test
    void theHandWrittenPayloads_matchWhatTheWriterWrites() throws IOException {
        // the malformed cases are built by hand; this checks the hand's layout against the writer's
        byte[] good = bytesOf(tiny());
        Payload same = stateHead(new Payload()).i64(1).u8(0).f64(0).u8(2);
        StackedRnnModel model = StackedRnnModel.load(new ByteArrayInputStream(good));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        model.save(again);
        byte[] written = optimizerPayload(good);
        assertThat(java.util.Arrays.copyOf(written, same.bytes().length)).isEqualTo(same.bytes());
        assertThat(written).hasSize(same.bytes().length + 2 * 7 * 4);
        assertThat(again.toByteArray()).isEqualTo(good);
    }

    // ---------------------------------------------------------------- helpers

    /** Adam's name and four default settings. */
    private static Payload adamSettings(Payload p) {
        return p.string("adam").u8(4).f64(Adam.DEFAULT_BETA1).f64(Adam.DEFAULT_BETA2).f64(Adam.DEFAULT_EPSILON).f64(0);
    }

    private static Payload constantRate(Payload p) {
        return adamSettings(p).u8(0).f64(1e-3);
    }

    /** Default Adam up to its state flag, set; slots then hold the 7 parameters of {@link #tiny()}. */
    private static Payload stateHead(Payload p) {
        return constantRate(p).u8(0).f64(0).f64(0).u8(1);
    }

    /** One SimpleRNN unit on one feature and a two-class head: 3 + 4 = 7 parameters, Adam defaults, one step. */
    private static StackedRnnModel tiny() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(1)
                .add(SimpleRnnLayer.builder(1).build()).add(DenseSoftmaxLayer.builder(2).build()).seed(1).build();
        assertThat(model.parameterCount()).isEqualTo(7);
        model.trainOnBatch(Tensor.of(new float[] {1, -1, 0.5f, 2}, 2, 2, 1), new int[] {0, 1});
        return model;
    }

    private static StackedRnnModel small(Optimizer optimizer) {
        return StackedRnnModel.builder().inputFeatures(FEATURES)
                .add(SimpleRnnLayer.builder(4).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(3).build())
                .add(DenseSoftmaxLayer.builder(3).build())
                .optimizer(optimizer).seed(6).threads(1).build();
    }

    private static StackedRnnModel roundTrip(StackedRnnModel model) throws IOException {
        return StackedRnnModel.load(new ByteArrayInputStream(bytesOf(model)));
    }

    private static byte[] bytesOf(StackedRnnModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.save(out);
        return out.toByteArray();
    }

    private static int indexOf(byte[] file, String tag) {
        byte[] needle = tag.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 12; i + needle.length <= file.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (file[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(tag + " not found");
    }

    private static byte[] optimizerPayload(byte[] file) {
        int at = indexOf(file, "OPTM");
        int length = ByteBuffer.wrap(file, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return java.util.Arrays.copyOfRange(file, at + 8, at + 8 + length);
    }

    /** {@code file} with its OPTM payload replaced by {@code payload}, length and checksum made to fit. */
    private static byte[] withOptimizerPayload(byte[] file, byte[] payload) {
        int at = indexOf(file, "OPTM");
        int oldLength = ByteBuffer.wrap(file, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int after = at + 8 + oldLength + 4;
        ByteBuffer out = ByteBuffer.allocate(file.length - oldLength + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, at);
        out.put("OPTM".getBytes(StandardCharsets.US_ASCII)).putInt(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), at, 8 + payload.length);
        out.putInt((int) crc.getValue());
        out.put(file, after, file.length - after);
        return out.array();
    }

    /** Little-endian payload bytes, with a mark where the reader is expected to complain. */
    static final class Payload {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int marked = -1;

        Payload mark() {
            marked = out.size();
            return this;
        }

        Payload u8(int v) {
            out.write(v);
            return this;
        }

        Payload u16(int v) {
            out.write(v & 0xFF);
            out.write(v >>> 8);
            return this;
        }

        Payload i64(long v) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            return this;
        }

        Payload f64(double v) {
            return i64(Double.doubleToRawLongBits(v));
        }

        Payload f32(float v) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
            return this;
        }

        /** {@code n} small finite non-negative floats. */
        Payload floats(int n) {
            SplittableRandom random = new SplittableRandom(n);
            for (int i = 0; i < n; i++) {
                f32((float) random.nextDouble());
            }
            return this;
        }

        Payload string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u16(b.length);
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
