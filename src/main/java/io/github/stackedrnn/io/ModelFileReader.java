package io.github.stackedrnn.io;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.DropoutLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.MergeMode;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.NormalizationLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.model.ModelSnapshot;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.CosineDecay;
import io.github.stackedrnn.optim.ExponentialDecay;
import io.github.stackedrnn.optim.LearningRateSchedule;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.optim.OptimizerState;
import io.github.stackedrnn.optim.PiecewiseConstantDecay;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.optim.Sgd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Reads a model written by {@link ModelWriter}, validating everything before it builds the model:
 * magic, version, section order, every length against sane bounds and against what is left, every
 * checksum, every shape against the configuration, and that nothing follows the end. Payloads are read
 * as their bytes arrive, so a corrupt length on a short stream cannot make it allocate gigabytes.
 */
final class ModelFileReader {
    private static final int READ_CHUNK = 1 << 16;

    private final InputStream in;
    private long offset; // bytes consumed from the start of the file

    ModelFileReader(InputStream in) {
        this.in = in;
    }

    /** What the CONF section holds. */
    private record Configuration(String name, long seed, int features, List<Layer> layers, Loss loss,
                                 List<ModelSnapshot.WeightSpec> weights) {
    }

    ModelSnapshot read() throws IOException {
        byte[] magic = readFully("header", 8, "the magic number");
        if (!Arrays.equals(magic, ModelFormat.MAGIC)) {
            throw new ModelFormatException("header", 0, "not a stacked-rnn model file (wrong magic number)");
        }
        int version = ByteBuffer.wrap(readFully("header", 4, "the format version")).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (version < ModelFormat.OLDEST_READABLE_VERSION || version > ModelFormat.VERSION) {
            throw new ModelFormatException("header", 8, "format version " + Integer.toUnsignedString(version)
                    + "; this library reads versions " + ModelFormat.OLDEST_READABLE_VERSION + ".." + ModelFormat.VERSION);
        }
        Cursor config = section(ModelFormat.CONFIG);
        Configuration conf = readConfig(config, version);
        Cursor weightSection = section(ModelFormat.WEIGHTS);
        List<Tensor> weights = readWeights(weightSection, conf.weights());
        List<Layer> layers = withStatistics(conf.layers(), weights, weightSection);

        Cursor next = section(ModelFormat.OPTIMIZER, ModelFormat.PROGRESS, ModelFormat.END);
        Optimizer optimizer = null;
        OptimizerState state = null;
        if (next.tag.equals(ModelFormat.OPTIMIZER)) {
            // the optimizer's variables: the trainable weights (a NormalizationLayer's statistics are not)
            int[] variableSizes = conf.weights().stream().filter(ModelSnapshot.WeightSpec::trainable).mapToInt(w -> (int) w.size())
                    .toArray();
            if (version == 1) {
                optimizer = readVersion1Adam(next);
                state = readVersion1State(next, optimizer, variableSizes);
            } else {
                optimizer = readOptimizerConfig(next);
                state = readOptimizerState(next, optimizer, variableSizes);
            }
            next.end();
            next = section(ModelFormat.PROGRESS, ModelFormat.END);
        }
        int epochsDone = 0;
        if (next.tag.equals(ModelFormat.PROGRESS)) {
            epochsDone = next.i32();
            if (epochsDone < 0) {
                throw next.error(-4, "negative epoch count " + epochsDone);
            }
            next.end();
            next = section(ModelFormat.END);
        }
        next.end();
        if (in.read() != -1) {
            throw new ModelFormatException("after " + ModelFormat.END, offset, "trailing bytes after the end section");
        }
        try {
            return ModelSnapshot.of(conf.name(), conf.seed(), conf.features(), layers, conf.loss(),
                    optimizer != null ? optimizer : Adam.defaults(), weights, state, epochsDone);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // every part was checked where it was read; this is a last line of defence
            throw new ModelFormatException(ModelFormat.CONFIG, 12, "invalid model: " + e.getMessage());
        }
    }

    /**
     * The layers with a NormalizationLayer's statistics taken from its weights (the first three tensors),
     * so that the loaded model's configuration holds the statistics it computes with.
     */
    private static List<Layer> withStatistics(List<Layer> layers, List<Tensor> weights, Cursor weightSection)
            throws ModelFormatException {
        if (layers.isEmpty() || !(layers.get(0) instanceof NormalizationLayer n)) {
            return layers;
        }
        float[] count = weights.get(2).toFloatArray();
        if (count[0] < 0 || count[0] != Math.rint(count[0])) {
            throw weightSection.errorAt(4, "the count of layer 0 (Normalization) is " + count[0] + "; it must be a whole number >= 0");
        }
        NormalizationLayer adapted;
        try {
            adapted = NormalizationLayer.of(weights.get(0).toFloatArray(), weights.get(1).toFloatArray(), (long) count[0]);
        } catch (IllegalArgumentException e) {
            throw weightSection.errorAt(4, "invalid statistics of layer 0 (Normalization): " + e.getMessage());
        }
        if (n.name().isPresent()) {
            adapted = adapted.withName(n.name().get());
        }
        List<Layer> out = new ArrayList<>(layers);
        out.set(0, adapted);
        return out;
    }

    /** One layer's record; {@code wrapped}: the layer inside a Bidirectional, which must be recurrent. */
    private Layer readLayer(Cursor c, int version, int i, boolean wrapped) throws ModelFormatException {
        int kind = c.u8();
        boolean named = c.flag("layer " + i + " name flag");
        String layerName = c.string("layer " + i + " name");
        try {
            if (kind == ModelFormat.KIND_SIMPLE_RNN) {
                SimpleRnnLayer.Builder b = SimpleRnnLayer.builder(c.width("units of layer " + i));
                b.activation(c.choice(ModelFormat::activation, "activation of layer " + i));
                int sequence = c.sequenceFlags("returnSequences of layer " + i);
                b.returnSequences((sequence & ModelFormat.RETURN_SEQUENCES) != 0);
                if ((sequence & ModelFormat.GO_BACKWARDS) != 0) {
                    b.goBackwards(true);
                }
                b.useBias(c.flag("useBias of layer " + i));
                b.kernelInitializer(c.choice(ModelFormat::initializer, "kernel initializer of layer " + i));
                b.recurrentInitializer(c.choice(ModelFormat::initializer, "recurrent initializer of layer " + i));
                if (version >= 2) {
                    b.dropout(c.f64()).recurrentDropout(c.f64()).kernelL2(c.f64()).recurrentL2(c.f64()).biasL2(c.f64());
                }
                if (named) {
                    b.name(layerName);
                }
                return b.build();
            } else if (kind == ModelFormat.KIND_LSTM && version >= 2) {
                LstmLayer.Builder b = LstmLayer.builder(c.width("units of layer " + i));
                b.activation(c.choice(ModelFormat::activation, "activation of layer " + i));
                b.recurrentActivation(c.choice(ModelFormat::gateActivation, "recurrent activation of layer " + i));
                int sequence = c.sequenceFlags("returnSequences of layer " + i);
                b.returnSequences((sequence & ModelFormat.RETURN_SEQUENCES) != 0);
                if ((sequence & ModelFormat.GO_BACKWARDS) != 0) {
                    b.goBackwards(true);
                }
                b.useBias(c.flag("useBias of layer " + i));
                b.unitForgetBias(c.flag("unitForgetBias of layer " + i));
                b.kernelInitializer(c.choice(ModelFormat::initializer, "kernel initializer of layer " + i));
                b.recurrentInitializer(c.choice(ModelFormat::initializer, "recurrent initializer of layer " + i));
                b.dropout(c.f64()).recurrentDropout(c.f64()).kernelL2(c.f64()).recurrentL2(c.f64()).biasL2(c.f64());
                if (named) {
                    b.name(layerName);
                }
                return b.build();
            } else if (kind == ModelFormat.KIND_GRU && version >= 2) {
                GruLayer.Builder b = GruLayer.builder(c.width("units of layer " + i));
                b.activation(c.choice(ModelFormat::activation, "activation of layer " + i));
                b.recurrentActivation(c.choice(ModelFormat::gateActivation, "recurrent activation of layer " + i));
                int sequence = c.sequenceFlags("returnSequences of layer " + i);
                b.returnSequences((sequence & ModelFormat.RETURN_SEQUENCES) != 0);
                if ((sequence & ModelFormat.GO_BACKWARDS) != 0) {
                    b.goBackwards(true);
                }
                b.useBias(c.flag("useBias of layer " + i));
                b.resetAfter(c.flag("resetAfter of layer " + i));
                b.kernelInitializer(c.choice(ModelFormat::initializer, "kernel initializer of layer " + i));
                b.recurrentInitializer(c.choice(ModelFormat::initializer, "recurrent initializer of layer " + i));
                b.dropout(c.f64()).recurrentDropout(c.f64()).kernelL2(c.f64()).recurrentL2(c.f64()).biasL2(c.f64());
                if (named) {
                    b.name(layerName);
                }
                return b.build();
            } else if (kind == ModelFormat.KIND_BIDIRECTIONAL && version >= 2 && !wrapped) {
                MergeMode merge = c.choice(ModelFormat::mergeMode, "merge mode of layer " + i);
                Layer inner = readLayer(c, version, i, true);
                if (!(inner instanceof RecurrentLayer r) || inner instanceof Bidirectional) {
                    throw c.error(0, "layer " + i + " (Bidirectional) wraps a " + inner.kerasType() + "; expected SimpleRNN, LSTM or GRU");
                }
                Bidirectional.Builder b = Bidirectional.builder(r).mergeMode(merge);
                if (named) {
                    b.name(layerName);
                }
                return b.build();
            } else if (kind == ModelFormat.KIND_NORMALIZATION && version >= 2 && !wrapped) {
                // no array yet: the statistics are read with the weights, whose sizes are checked first
                NormalizationLayer n = NormalizationLayer.unadapted(c.width("features of layer " + i));
                return named ? n.withName(layerName) : n;
            } else if (kind == ModelFormat.KIND_DENSE_SOFTMAX && !wrapped) {
                DenseSoftmaxLayer.Builder b = DenseSoftmaxLayer.builder(c.width("classes of layer " + i));
                b.useBias(c.flag("useBias of layer " + i));
                if (named) {
                    b.name(layerName);
                }
                return b.build();
            } else if (kind == ModelFormat.KIND_DENSE && version >= 2 && !wrapped) {
                DenseLayer.Builder b = DenseLayer.builder(c.width("units of layer " + i));
                b.activation(c.choice(ModelFormat::activation, "activation of layer " + i));
                b.useBias(c.flag("useBias of layer " + i));
                b.kernelL2(c.f64()).biasL2(c.f64());
                if (named) {
                    b.name(layerName);
                }
                return b.build();
            } else if (kind == ModelFormat.KIND_DROPOUT && version >= 2 && !wrapped) {
                DropoutLayer.Builder b = DropoutLayer.builder(c.f64());
                boolean seeded = c.flag("seed flag of layer " + i);
                long seed = c.i64();
                if (seeded) {
                    b.seed(seed);
                } else if (seed != 0) {
                    throw c.error(-8, "layer " + i + " (Dropout) has no seed but stores " + seed + " where the seed goes; expected 0");
                }
                if (named) {
                    b.name(layerName);
                }
                return b.build();
            } else {
                throw c.error(-1, "unknown layer kind " + kind + " for layer " + i);
            }
        } catch (IllegalArgumentException e) {
            throw c.error(0, "invalid layer " + i + ": " + e.getMessage());
        }
    }

    private Configuration readConfig(Cursor c, int version) throws ModelFormatException {
        String name = c.string("model name");
        long seed = c.i64();
        int features = c.width("inputFeatures");
        int count = c.u16();
        if (count < 2 || count > ModelFormat.MAX_LAYERS) {
            throw c.error(-2, "layer count " + count + " outside [2, " + ModelFormat.MAX_LAYERS + "]");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            layers.add(readLayer(c, version, i, false));
        }
        Loss loss = null;
        if (version >= 2) {
            Loss.Kind kind = c.choice(ModelFormat::lossKind, "loss");
            double smoothing = c.f64();
            try {
                loss = Loss.of(kind, smoothing);
            } catch (IllegalArgumentException e) {
                throw c.error(-8, "invalid loss: " + e.getMessage());
            }
        }
        c.end();
        List<ModelSnapshot.WeightSpec> weights;
        try {
            if (name.isBlank()) {
                throw new IllegalArgumentException("Received an invalid value for argument `name`, expected a non-blank name, got \""
                        + name + "\".");
            }
            weights = ModelSnapshot.weightLayout(features, layers, loss);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw c.error(0, "invalid model configuration: " + e.getMessage());
        }
        long parameters = 0;
        for (ModelSnapshot.WeightSpec w : weights) {
            parameters += w.size();
        }
        if (parameters > ModelFormat.MAX_PARAMETERS) {
            throw c.error(0, parameters + " parameters, more than the " + ModelFormat.MAX_PARAMETERS + " allowed");
        }
        return new Configuration(name, seed, features, layers, loss, weights);
    }

    private List<Tensor> readWeights(Cursor c, List<ModelSnapshot.WeightSpec> layout) throws ModelFormatException {
        int count = c.i32();
        if (count != layout.size()) {
            throw c.error(-4, count + " weight tensors but the configuration has " + layout.size());
        }
        List<Tensor> weights = new ArrayList<>(count);
        for (ModelSnapshot.WeightSpec spec : layout) {
            int[] expected = spec.shape();
            int rank = c.u8();
            int[] shape = new int[rank];
            if (rank != expected.length) {
                throw c.error(-1, spec.name() + " has rank " + rank + " but must be " + Arrays.toString(expected));
            }
            for (int d = 0; d < rank; d++) {
                shape[d] = c.i32();
            }
            if (!Arrays.equals(shape, expected)) {
                throw c.error(-4 * rank, spec.name() + " has shape " + Arrays.toString(shape) + " but must be "
                        + Arrays.toString(expected));
            }
            c.need(4 * spec.size(), spec.name()); // before allocating: the section must hold every value
            float[] values = new float[(int) spec.size()];
            c.floats(values, 0, values.length, spec.name());
            weights.add(Tensor.wrap(values, shape));
        }
        c.end();
        return weights;
    }

    /** Version 1: always Adam, with its learning rate and three settings. */
    private static Adam readVersion1Adam(Cursor c) throws ModelFormatException {
        int start = c.position();
        String kind = c.string("optimizer name");
        if (!kind.equals(ModelFormat.ADAM)) {
            throw c.errorAt(start, "unknown optimizer \"" + kind + "\"; format version 1 has only \"adam\"");
        }
        int count = c.u8();
        if (count != ModelFormat.VERSION_1_ADAM_SETTINGS) {
            throw c.error(-1, "Adam has " + ModelFormat.VERSION_1_ADAM_SETTINGS + " settings in format version 1 but the file has "
                    + count);
        }
        Adam.Builder b = Adam.builder();
        setting(c, "Adam", "learningRate", b::learningRate);
        setting(c, "Adam", "beta1", b::beta1);
        setting(c, "Adam", "beta2", b::beta2);
        setting(c, "Adam", "epsilon", b::epsilon);
        return b.build();
    }

    /** Version 1 state: iterations, then the slots; no learning-rate override. */
    private static OptimizerState readVersion1State(Cursor c, Optimizer optimizer, int[] variableSizes) throws ModelFormatException {
        if (!c.flag("optimizer state flag")) {
            return null;
        }
        int start = c.position();
        long iterations = c.i64();
        return restore(c, optimizer, variableSizes, start, iterations, readSlots(c, optimizer, variableSizes));
    }

    /** Version 2: the optimizer's name and own settings, the learning rate, clipping and weight decay. */
    private static Optimizer readOptimizerConfig(Cursor c) throws ModelFormatException {
        int start = c.position();
        String kind = c.string("optimizer name");
        switch (kind) {
            case ModelFormat.ADAM: {
                settingCount(c, "Adam", ModelFormat.ADAM_SETTINGS);
                Adam.Builder b = Adam.builder();
                setting(c, "Adam", "beta1", b::beta1);
                setting(c, "Adam", "beta2", b::beta2);
                setting(c, "Adam", "epsilon", b::epsilon);
                b.amsgrad(f64Flag(c, "Adam", "amsgrad"));
                common(c, "Adam", b::learningRate, b::learningRate, b::clipNorm, b::clipValue, b::globalClipNorm, b::weightDecay);
                return b.build();
            }
            case ModelFormat.SGD: {
                settingCount(c, "Sgd", ModelFormat.SGD_SETTINGS);
                Sgd.Builder b = Sgd.builder();
                setting(c, "Sgd", "momentum", b::momentum);
                b.nesterov(f64Flag(c, "Sgd", "nesterov"));
                common(c, "Sgd", b::learningRate, b::learningRate, b::clipNorm, b::clipValue, b::globalClipNorm, b::weightDecay);
                return b.build();
            }
            case ModelFormat.RMSPROP: {
                settingCount(c, "RmsProp", ModelFormat.RMSPROP_SETTINGS);
                RmsProp.Builder b = RmsProp.builder();
                setting(c, "RmsProp", "rho", b::rho);
                setting(c, "RmsProp", "momentum", b::momentum);
                setting(c, "RmsProp", "epsilon", b::epsilon);
                b.centered(f64Flag(c, "RmsProp", "centered"));
                common(c, "RmsProp", b::learningRate, b::learningRate, b::clipNorm, b::clipValue, b::globalClipNorm, b::weightDecay);
                return b.build();
            }
            default:
                throw c.errorAt(start, "unknown optimizer \"" + kind + "\"; this library reads \"" + ModelFormat.ADAM + "\", \""
                        + ModelFormat.SGD + "\" and \"" + ModelFormat.RMSPROP + "\"");
        }
    }

    private static void settingCount(Cursor c, String optimizer, int expected) throws ModelFormatException {
        int count = c.u8();
        if (count != expected) {
            throw c.error(-1, optimizer + " has " + expected + " settings but the file has " + count);
        }
    }

    /** Reads one f64 setting and hands it to the builder, whose refusal becomes a format error at that setting. */
    private static void setting(Cursor c, String optimizer, String name, DoubleConsumer setter) throws ModelFormatException {
        double value = c.f64();
        try {
            setter.accept(value);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw c.error(-8, "invalid " + optimizer + " setting " + name + ": " + e.getMessage());
        }
    }

    /** A yes/no setting stored as the f64 0 or 1. */
    private static boolean f64Flag(Cursor c, String optimizer, String name) throws ModelFormatException {
        double value = c.f64();
        if (value != 0 && value != 1) {
            throw c.error(-8, "invalid " + optimizer + " setting " + name + ": " + value + ", not 0 or 1");
        }
        return value == 1;
    }

    /** The settings every optimizer shares: the learning rate, the clipping and the weight decay. */
    private static void common(Cursor c, String optimizer, DoubleConsumer constant, Consumer<LearningRateSchedule> schedule,
                               DoubleConsumer clipNorm, DoubleConsumer clipValue, DoubleConsumer globalClipNorm,
                               DoubleConsumer weightDecay) throws ModelFormatException {
        int kind = c.u8();
        int start = c.position();
        switch (kind) {
            case ModelFormat.RATE_CONSTANT:
                setting(c, optimizer, "learningRate", constant);
                break;
            case ModelFormat.RATE_EXPONENTIAL_DECAY: {
                double initial = c.f64();
                long steps = c.i64();
                double rate = c.f64();
                boolean staircase = c.flag("staircase of the ExponentialDecay");
                learningRateSchedule(c, start, schedule, () -> new ExponentialDecay(initial, steps, rate, staircase));
                break;
            }
            case ModelFormat.RATE_PIECEWISE_CONSTANT_DECAY: {
                int n = c.u16();
                c.need(8 * (2 * n + 1), "the " + n + " boundaries and " + (n + 1) + " values of the PiecewiseConstantDecay");
                long[] boundaries = new long[n];
                double[] values = new double[n + 1];
                for (int i = 0; i < n; i++) {
                    boundaries[i] = c.i64();
                }
                for (int i = 0; i <= n; i++) {
                    values[i] = c.f64();
                }
                learningRateSchedule(c, start, schedule, () -> new PiecewiseConstantDecay(boundaries, values));
                break;
            }
            case ModelFormat.RATE_COSINE_DECAY: {
                double initial = c.f64();
                long steps = c.i64();
                double alpha = c.f64();
                learningRateSchedule(c, start, schedule, () -> new CosineDecay(initial, steps, alpha));
                break;
            }
            default:
                throw c.error(-1, "unknown learning-rate kind " + kind + " (0 constant, 1 ExponentialDecay, "
                        + "2 PiecewiseConstantDecay, 3 CosineDecay)");
        }
        int mode = c.u8();
        switch (mode) {
            case ModelFormat.CLIP_NONE: {
                double threshold = c.f64();
                if (Double.doubleToRawLongBits(threshold) != 0) {
                    throw c.error(-8, "clipping threshold " + threshold + " given with clip mode 0 (none); it must be 0");
                }
                break;
            }
            case ModelFormat.CLIP_NORM:
                setting(c, optimizer, "clipNorm", clipNorm);
                break;
            case ModelFormat.CLIP_VALUE:
                setting(c, optimizer, "clipValue", clipValue);
                break;
            case ModelFormat.CLIP_GLOBAL_NORM:
                setting(c, optimizer, "globalClipNorm", globalClipNorm);
                break;
            default:
                throw c.error(-1, "unknown clip mode " + mode + " (0 none, 1 clipNorm, 2 clipValue, 3 globalClipNorm)");
        }
        double decay = c.f64();
        if (Double.doubleToRawLongBits(decay) != 0) { // 0: none
            try {
                weightDecay.accept(decay);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw c.error(-8, "invalid " + optimizer + " setting weightDecay: " + e.getMessage());
            }
        }
    }

    /** Builds a schedule read from {@code start} on; the constructor's refusal becomes a format error there. */
    private static void learningRateSchedule(Cursor c, int start, Consumer<LearningRateSchedule> setter,
                                             Supplier<LearningRateSchedule> schedule) throws ModelFormatException {
        try {
            setter.accept(schedule.get());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw c.errorAt(start, "invalid learning-rate schedule: " + e.getMessage());
        }
    }

    /** Version 2 state: iterations, the learning-rate override, then the slots. */
    private static OptimizerState readOptimizerState(Cursor c, Optimizer optimizer, int[] variableSizes) throws ModelFormatException {
        if (!c.flag("optimizer state flag")) {
            return null;
        }
        int start = c.position();
        long iterations = c.i64();
        int overrideAt = c.position();
        boolean hasOverride = c.flag("learning-rate override flag");
        double override = c.f64();
        if (!hasOverride && Double.doubleToRawLongBits(override) != 0) {
            throw c.error(-8, "learning-rate override " + override + " given with the override flag 0; it must be 0");
        }
        OptimizerState state = restore(c, optimizer, variableSizes, start, iterations, readSlots(c, optimizer, variableSizes));
        if (hasOverride) {
            try {
                state.setLearningRate(override);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw c.errorAt(overrideAt, "invalid learning-rate override: " + e.getMessage());
            }
        }
        return state;
    }

    /** A slot count, checked against the optimizer's, then that many slots of one value per parameter. */
    private static List<float[]> readSlots(Cursor c, Optimizer optimizer, int[] variableSizes) throws ModelFormatException {
        int parameterCount = Arrays.stream(variableSizes).sum(); // at most MAX_PARAMETERS, checked with the configuration
        int slotCount = c.u8();
        if (slotCount != optimizer.slotCount()) {
            throw c.error(-1, name(optimizer) + " state has " + optimizer.slotCount() + " slots but the file has " + slotCount);
        }
        c.need(4L * parameterCount * slotCount, "the optimizer's " + slotCount + " slots");
        List<float[]> slots = new ArrayList<>();
        for (int s = 0; s < slotCount; s++) {
            float[] slot = new float[parameterCount];
            c.floats(slot, 0, parameterCount, "optimizer slot " + s);
            slots.add(slot);
        }
        return slots;
    }

    private static OptimizerState restore(Cursor c, Optimizer optimizer, int[] variableSizes, int start, long iterations,
                                          List<float[]> slots) throws ModelFormatException {
        try {
            return optimizer.restoreState(variableSizes, iterations, slots);
        } catch (IllegalArgumentException e) {
            throw c.errorAt(start, "invalid optimizer state: " + e.getMessage());
        }
    }

    private static String name(Optimizer optimizer) {
        return optimizer instanceof Adam ? "Adam" : optimizer instanceof Sgd ? "Sgd" : "RmsProp";
    }

    /** Reads the next section, which must have one of the {@code expected} tags, and checks its checksum. */
    private Cursor section(String... expected) throws IOException {
        long start = offset;
        String where = String.join("/", expected);
        byte[] head = readFully(where, 8, "a section header");
        String tag = new String(head, 0, 4, StandardCharsets.ISO_8859_1);
        if (!Arrays.asList(expected).contains(tag)) {
            throw new ModelFormatException(where, start, "expected a section " + String.join(" or ", expected)
                    + " but found tag \"" + printable(tag) + "\"");
        }
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(head, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (length > ModelFormat.MAX_SECTION_BYTES) {
            throw new ModelFormatException(tag, start + 4, "section length " + length + " exceeds the limit of "
                    + ModelFormat.MAX_SECTION_BYTES + " bytes");
        }
        byte[] payload = readFully(tag, (int) length, "the section's " + length + " bytes");
        byte[] stored = readFully(tag, 4, "the section's checksum");
        CRC32C crc = new CRC32C();
        crc.update(head);
        crc.update(payload);
        int expectedCrc = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if ((int) crc.getValue() != expectedCrc) {
            throw new ModelFormatException(tag, offset - 4, "checksum mismatch: the section is damaged");
        }
        return new Cursor(tag, payload, start + 8);
    }

    /** Reads exactly {@code n} bytes, growing the buffer only as bytes arrive. */
    private byte[] readFully(String section, int n, String what) throws IOException {
        if (n <= READ_CHUNK) {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw truncated(section, what, b.length);
            }
            offset += n;
            return b;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(READ_CHUNK);
        byte[] chunk = new byte[READ_CHUNK];
        int remaining = n;
        while (remaining > 0) {
            int got = in.readNBytes(chunk, 0, Math.min(READ_CHUNK, remaining));
            if (got <= 0) {
                throw truncated(section, what, n - remaining);
            }
            buffer.write(chunk, 0, got);
            remaining -= got;
        }
        offset += n;
        return buffer.toByteArray();
    }

    private ModelFormatException truncated(String section, String what, int got) {
        return new ModelFormatException(section, offset + got, "the file ends early, while reading " + what);
    }

    private static String printable(String tag) {
        StringBuilder sb = new StringBuilder();
        for (char ch : tag.toCharArray()) {
            sb.append(ch >= 32 && ch < 127 ? String.valueOf(ch) : String.format("\\x%02x", (int) ch));
        }
        return sb.toString();
    }

    /** A bounds-checked little-endian view of one section's payload; errors name the absolute offset. */
    private static final class Cursor {
        final String tag;
        private final ByteBuffer buf;
        private final long base;

        Cursor(String tag, byte[] payload, long base) {
            this.tag = tag;
            this.buf = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            this.base = base;
        }

        ModelFormatException error(int relative, String problem) {
            return new ModelFormatException(tag, base + buf.position() + relative, problem);
        }

        /** @return the position in the payload, for {@link #errorAt} */
        int position() {
            return buf.position();
        }

        /** An error at {@code position} in the payload, where what it names began. */
        ModelFormatException errorAt(int position, String problem) {
            return new ModelFormatException(tag, base + position, problem);
        }

        void need(long bytes, String what) throws ModelFormatException {
            if (buf.remaining() < bytes) {
                throw error(0, "the section ends early, while reading " + what);
            }
        }

        int u8() throws ModelFormatException {
            need(1, "a byte");
            return buf.get() & 0xFF;
        }

        int u16() throws ModelFormatException {
            need(2, "a 16-bit count");
            return buf.getShort() & 0xFFFF;
        }

        int i32() throws ModelFormatException {
            need(4, "a 32-bit integer");
            return buf.getInt();
        }

        long i64() throws ModelFormatException {
            need(8, "a 64-bit integer");
            return buf.getLong();
        }

        double f64() throws ModelFormatException {
            need(8, "a 64-bit float");
            return buf.getDouble();
        }

        boolean flag(String what) throws ModelFormatException {
            int v = u8();
            if (v > 1) {
                throw error(-1, what + " is " + v + ", not 0 or 1");
            }
            return v == 1;
        }

        /** The byte that is returnSequences (bit 0) and, within version 2, goBackwards (bit 1). */
        int sequenceFlags(String what) throws ModelFormatException {
            int v = u8();
            if (v > (ModelFormat.RETURN_SEQUENCES | ModelFormat.GO_BACKWARDS)) {
                throw error(-1, what + " is " + v + ", not 0 or 1 (or 2, 3 for a layer reading backwards)");
            }
            return v;
        }

        int width(String what) throws ModelFormatException {
            int v = i32();
            if (v <= 0 || v > ModelFormat.MAX_WIDTH) {
                throw error(-4, what + " is " + v + ", outside [1, " + ModelFormat.MAX_WIDTH + "]");
            }
            return v;
        }

        <E extends Enum<E>> E choice(java.util.function.IntFunction<E> byCode, String what) throws ModelFormatException {
            int v = u8();
            E value = byCode.apply(v);
            if (value == null) {
                throw error(-1, what + " has the unknown code " + v);
            }
            return value;
        }

        String string(String what) throws ModelFormatException {
            int n = u16();
            if (n == 0 || n > ModelFormat.MAX_NAME_BYTES) {
                throw error(-2, what + " has length " + n + ", outside [1, " + ModelFormat.MAX_NAME_BYTES + "]");
            }
            need(n, what);
            ByteBuffer slice = buf.slice();
            slice.limit(n);
            try {
                String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
                buf.position(buf.position() + n);
                return s;
            } catch (CharacterCodingException e) {
                throw error(0, what + " is not valid UTF-8");
            }
        }

        void floats(float[] dst, int off, int n, String what) throws ModelFormatException {
            need(4 * n, what);
            for (int i = 0; i < n; i++) {
                float v = buf.getFloat();
                if (!Float.isFinite(v)) {
                    throw error(-4, what + " holds the non-finite value " + v + " at index " + i);
                }
                dst[off + i] = v;
            }
        }

        void end() throws ModelFormatException {
            if (buf.hasRemaining()) {
                throw error(0, buf.remaining() + " unexpected bytes at the end of the section");
            }
        }
    }
}
