package io.github.stackedrnn.io;

import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.DropoutLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.layer.GateActivation;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.NormalizationLayer;
import io.github.stackedrnn.model.ModelSnapshot;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.CosineDecay;
import io.github.stackedrnn.optim.ExponentialDecay;
import io.github.stackedrnn.optim.LearningRateSchedule;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.optim.OptimizerState;
import io.github.stackedrnn.optim.PiecewiseConstantDecay;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.optim.Sgd;
import io.github.stackedrnn.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.zip.CRC32C;

/** Writes a model in the format of {@code docs/FORMAT.md}: header, then checksummed sections. */
final class ModelFileWriter {
    private final OutputStream out;

    ModelFileWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * @throws UnsupportedOperationException if a setting does not fit the format (a schedule of more than
     *                                       65,535 boundaries); nothing is written then
     */
    void write(ModelSnapshot s) throws IOException {
        byte[] optimizer = optimizer(s); // first: a setting that cannot be saved writes nothing
        out.write(ModelFormat.MAGIC);
        out.write(le(4).putInt(ModelFormat.VERSION).array());
        section(ModelFormat.CONFIG, config(s));
        section(ModelFormat.WEIGHTS, weights(s));
        section(ModelFormat.OPTIMIZER, optimizer);
        section(ModelFormat.PROGRESS, le(4).putInt(s.epochsDone()).array());
        section(ModelFormat.END, new byte[0]);
        out.flush();
    }

    private void section(String tag, byte[] payload) throws IOException {
        byte[] head = le(8).put(tag.getBytes(StandardCharsets.US_ASCII)).putInt(payload.length).array();
        CRC32C crc = new CRC32C();
        crc.update(head);
        crc.update(payload);
        out.write(head);
        out.write(payload);
        out.write(le(4).putInt((int) crc.getValue()).array());
    }

    /** One layer's record of CONF (docs/FORMAT.md); a Bidirectional's holds its wrapped layer's record. */
    private static void layer(LittleEndian d, Layer layer, String name) throws IOException {
        if (layer instanceof SimpleRnnLayer) {
            SimpleRnnLayer r = (SimpleRnnLayer) layer;
            d.u8(ModelFormat.KIND_SIMPLE_RNN);
            d.u8(r.name().isPresent() ? 1 : 0);
            d.string(name);
            d.i32(r.units());
            d.u8(ModelFormat.code(r.activation()));
            d.u8(ModelFormat.sequenceFlags(r));
            d.u8(r.useBias() ? 1 : 0);
            d.u8(ModelFormat.code(r.kernelInitializer()));
            d.u8(ModelFormat.code(r.recurrentInitializer()));
            d.f64(r.dropout());
            d.f64(r.recurrentDropout());
            d.f64(r.kernelL2());
            d.f64(r.recurrentL2());
            d.f64(r.biasL2());
        } else if (layer instanceof LstmLayer r) {
            d.u8(ModelFormat.KIND_LSTM);
            d.u8(r.name().isPresent() ? 1 : 0);
            d.string(name);
            gated(d, r.units(), r.activation(), r.recurrentActivation(), ModelFormat.sequenceFlags(r), r.useBias(), r.unitForgetBias(),
                    r.kernelInitializer(), r.recurrentInitializer(), new double[] {r.dropout(), r.recurrentDropout(),
                        r.kernelL2(), r.recurrentL2(), r.biasL2()});
        } else if (layer instanceof GruLayer r) {
            d.u8(ModelFormat.KIND_GRU);
            d.u8(r.name().isPresent() ? 1 : 0);
            d.string(name);
            gated(d, r.units(), r.activation(), r.recurrentActivation(), ModelFormat.sequenceFlags(r), r.useBias(), r.resetAfter(),
                    r.kernelInitializer(), r.recurrentInitializer(), new double[] {r.dropout(), r.recurrentDropout(),
                        r.kernelL2(), r.recurrentL2(), r.biasL2()});
        } else if (layer instanceof Bidirectional bi) {
            d.u8(ModelFormat.KIND_BIDIRECTIONAL);
            d.u8(bi.name().isPresent() ? 1 : 0);
            d.string(name);
            d.u8(ModelFormat.code(bi.mergeMode()));
            RecurrentLayer wrapped = bi.layer();
            layer(d, wrapped, wrapped.name().orElse(wrapped.kerasType().toLowerCase(java.util.Locale.ROOT)));
        } else if (layer instanceof NormalizationLayer n) {
            // the statistics are the layer's weights: WGHT holds them, as the model has them now
            d.u8(ModelFormat.KIND_NORMALIZATION);
            d.u8(n.name().isPresent() ? 1 : 0);
            d.string(name);
            d.i32(n.features());
        } else if (layer instanceof DropoutLayer drop) {
            d.u8(ModelFormat.KIND_DROPOUT);
            d.u8(drop.name().isPresent() ? 1 : 0);
            d.string(name);
            d.f64(drop.rate());
            d.u8(drop.seed().isPresent() ? 1 : 0);
            d.i64(drop.seed().orElse(0));
        } else if (layer instanceof DenseSoftmaxLayer) {
            DenseSoftmaxLayer h = (DenseSoftmaxLayer) layer;
            d.u8(ModelFormat.KIND_DENSE_SOFTMAX);
            d.u8(h.name().isPresent() ? 1 : 0);
            d.string(name);
            d.i32(h.classes());
            d.u8(h.useBias() ? 1 : 0);
        } else {
            DenseLayer h = (DenseLayer) layer;
            d.u8(ModelFormat.KIND_DENSE);
            d.u8(h.name().isPresent() ? 1 : 0);
            d.string(name);
            d.i32(h.units());
            d.u8(ModelFormat.code(h.activation()));
            d.u8(h.useBias() ? 1 : 0);
            d.f64(h.kernelL2());
            d.f64(h.biasL2());
        }
    }

    /**
     * An LSTM's or GRU's fields after its name (docs/FORMAT.md): the flag is unitForgetBias or resetAfter;
     * the sequence flags are returnSequences and goBackwards ({@link ModelFormat#sequenceFlags}).
     */
    private static void gated(LittleEndian d, int units, Activation activation, GateActivation gates, int sequenceFlags,
                              boolean bias, boolean flag, Initializer kernel, Initializer recurrent, double[] rates)
            throws IOException {
        d.i32(units);
        d.u8(ModelFormat.code(activation));
        d.u8(ModelFormat.code(gates));
        d.u8(sequenceFlags);
        d.u8(bias ? 1 : 0);
        d.u8(flag ? 1 : 0);
        d.u8(ModelFormat.code(kernel));
        d.u8(ModelFormat.code(recurrent));
        for (double r : rates) {
            d.f64(r);
        }
    }

    private static byte[] config(ModelSnapshot s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LittleEndian d = new LittleEndian(bytes);
        d.string(s.name());
        d.i64(s.seed());
        d.i32(s.inputFeatures());
        List<String> names = s.layerNames();
        d.u16(s.layers().size());
        for (int i = 0; i < s.layers().size(); i++) {
            Layer layer = s.layers().get(i);
            layer(d, layer, names.get(i));
        }
        d.u8(ModelFormat.code(s.loss().kind()));
        d.f64(s.loss().labelSmoothing());
        return bytes.toByteArray();
    }

    private static byte[] weights(ModelSnapshot s) throws IOException {
        long floats = 0;
        for (Tensor w : s.weights()) {
            floats += w.size();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, floats * 4 + 64));
        LittleEndian d = new LittleEndian(bytes);
        d.i32(s.weights().size());
        for (Tensor w : s.weights()) {
            int[] shape = w.shape();
            d.u8(shape.length);
            for (int dim : shape) {
                d.i32(dim);
            }
            d.floats(w.toFloatArray(), 0, w.size());
        }
        return bytes.toByteArray();
    }

    /** The OPTM payload of {@code docs/FORMAT.md}, version 2. */
    private static byte[] optimizer(ModelSnapshot s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LittleEndian d = new LittleEndian(bytes);
        Optimizer optimizer = s.optimizer();
        Optional<LearningRateSchedule> schedule;
        double learningRate;
        OptionalDouble weightDecay;
        OptionalDouble clipNorm;
        OptionalDouble clipValue;
        OptionalDouble globalClipNorm;
        if (optimizer instanceof Adam a) {
            d.string(ModelFormat.ADAM);
            d.u8(ModelFormat.ADAM_SETTINGS);
            d.f64(a.beta1());
            d.f64(a.beta2());
            d.f64(a.epsilon());
            d.f64(a.amsgrad() ? 1 : 0);
            schedule = a.learningRateSchedule();
            learningRate = a.learningRate();
            weightDecay = a.weightDecay();
            clipNorm = a.clipNorm();
            clipValue = a.clipValue();
            globalClipNorm = a.globalClipNorm();
        } else if (optimizer instanceof Sgd g) {
            d.string(ModelFormat.SGD);
            d.u8(ModelFormat.SGD_SETTINGS);
            d.f64(g.momentum());
            d.f64(g.nesterov() ? 1 : 0);
            schedule = g.learningRateSchedule();
            learningRate = g.learningRate();
            weightDecay = g.weightDecay();
            clipNorm = g.clipNorm();
            clipValue = g.clipValue();
            globalClipNorm = g.globalClipNorm();
        } else if (optimizer instanceof RmsProp r) {
            d.string(ModelFormat.RMSPROP);
            d.u8(ModelFormat.RMSPROP_SETTINGS);
            d.f64(r.rho());
            d.f64(r.momentum());
            d.f64(r.epsilon());
            d.f64(r.centered() ? 1 : 0);
            schedule = r.learningRateSchedule();
            learningRate = r.learningRate();
            weightDecay = r.weightDecay();
            clipNorm = r.clipNorm();
            clipValue = r.clipValue();
            globalClipNorm = r.globalClipNorm();
        } else {
            throw new AssertionError("Optimizer is sealed: Adam, Sgd, RmsProp; got " + optimizer);
        }
        learningRate(d, schedule, learningRate);
        if (clipNorm.isPresent()) {
            d.u8(ModelFormat.CLIP_NORM);
            d.f64(clipNorm.getAsDouble());
        } else if (clipValue.isPresent()) {
            d.u8(ModelFormat.CLIP_VALUE);
            d.f64(clipValue.getAsDouble());
        } else if (globalClipNorm.isPresent()) {
            d.u8(ModelFormat.CLIP_GLOBAL_NORM);
            d.f64(globalClipNorm.getAsDouble());
        } else {
            d.u8(ModelFormat.CLIP_NONE);
            d.f64(0);
        }
        d.f64(weightDecay.orElse(0));

        OptimizerState state = s.optimizerState().orElse(null);
        d.u8(state == null ? 0 : 1);
        if (state != null) {
            d.i64(state.iterations());
            OptionalDouble override = state.learningRateOverride();
            d.u8(override.isPresent() ? 1 : 0);
            d.f64(override.orElse(0));
            List<float[]> slots = state.slots();
            d.u8(slots.size());
            for (float[] slot : slots) {
                d.floats(slot, 0, slot.length);
            }
        }
        return bytes.toByteArray();
    }

    /** The learning rate: a kind, then the constant or the schedule's settings. */
    private static void learningRate(LittleEndian d, Optional<LearningRateSchedule> schedule, double constant) throws IOException {
        if (schedule.isEmpty()) {
            d.u8(ModelFormat.RATE_CONSTANT);
            d.f64(constant);
        } else if (schedule.get() instanceof ExponentialDecay e) {
            d.u8(ModelFormat.RATE_EXPONENTIAL_DECAY);
            d.f64(e.initialLearningRate());
            d.i64(e.decaySteps());
            d.f64(e.decayRate());
            d.u8(e.staircase() ? 1 : 0);
        } else if (schedule.get() instanceof PiecewiseConstantDecay p) {
            long[] boundaries = p.boundaries();
            double[] values = p.values();
            if (boundaries.length > ModelFormat.MAX_PIECEWISE_BOUNDARIES) {
                throw new UnsupportedOperationException("cannot save a PiecewiseConstantDecay with " + boundaries.length
                        + " boundaries: the model file format holds at most " + ModelFormat.MAX_PIECEWISE_BOUNDARIES);
            }
            d.u8(ModelFormat.RATE_PIECEWISE_CONSTANT_DECAY);
            d.u16(boundaries.length);
            for (long b : boundaries) {
                d.i64(b);
            }
            for (double v : values) {
                d.f64(v);
            }
        } else {
            CosineDecay c = (CosineDecay) schedule.get(); // the interface is sealed to these three
            d.u8(ModelFormat.RATE_COSINE_DECAY);
            d.f64(c.initialLearningRate());
            d.i64(c.decaySteps());
            d.f64(c.alpha());
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Little-endian primitives over a stream ({@link DataOutputStream} is big-endian). */
    private static final class LittleEndian {
        private final OutputStream out;
        private final ByteBuffer eight = le(8);

        LittleEndian(OutputStream out) {
            this.out = out;
        }

        void u8(int v) throws IOException {
            out.write(v);
        }

        void u16(int v) throws IOException {
            out.write(v & 0xFF);
            out.write((v >>> 8) & 0xFF);
        }

        void i32(int v) throws IOException {
            eight.clear();
            out.write(eight.putInt(v).array(), 0, 4);
        }

        void i64(long v) throws IOException {
            eight.clear();
            out.write(eight.putLong(v).array(), 0, 8);
        }

        void f64(double v) throws IOException {
            i64(Double.doubleToRawLongBits(v));
        }

        void floats(float[] a, int off, int n) throws IOException {
            ByteBuffer buf = le(n * 4);
            buf.asFloatBuffer().put(a, off, n);
            out.write(buf.array());
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u16(b.length);
            out.write(b);
        }
    }
}
