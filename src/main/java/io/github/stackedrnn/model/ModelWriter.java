package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.OptimizerState;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/** Writes a model in the format of {@code docs/FORMAT.md}: header, then checksummed sections. */
final class ModelWriter {
    private final OutputStream out;

    ModelWriter(OutputStream out) {
        this.out = out;
    }

    /** A consistent view of what gets saved, taken under the model's locks. */
    record Snapshot(String name, long seed, int features, List<Layer> layers, List<String> names, Loss loss,
                    List<int[]> shapes, float[] params, Adam adam, OptimizerState state, int epochsDone) {
    }

    void write(Snapshot s) throws IOException {
        out.write(ModelFormat.MAGIC);
        out.write(le(4).putInt(ModelFormat.VERSION).array());
        section(ModelFormat.CONFIG, config(s));
        section(ModelFormat.WEIGHTS, weights(s));
        if (s.adam() != null) {
            section(ModelFormat.OPTIMIZER, optimizer(s));
        }
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

    private static byte[] config(Snapshot s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LittleEndian d = new LittleEndian(bytes);
        d.string(s.name());
        d.i64(s.seed());
        d.i32(s.features());
        d.u16(s.layers().size());
        for (int i = 0; i < s.layers().size(); i++) {
            Layer layer = s.layers().get(i);
            if (layer instanceof SimpleRnnLayer) {
                SimpleRnnLayer r = (SimpleRnnLayer) layer;
                d.u8(ModelFormat.KIND_SIMPLE_RNN);
                d.u8(r.name().isPresent() ? 1 : 0);
                d.string(s.names().get(i));
                d.i32(r.units());
                d.u8(r.activation().ordinal());
                d.u8(r.returnSequences() ? 1 : 0);
                d.u8(r.useBias() ? 1 : 0);
                d.u8(r.kernelInitializer().ordinal());
                d.u8(r.recurrentInitializer().ordinal());
                d.f64(r.dropout());
                d.f64(r.recurrentDropout());
                d.f64(r.kernelL2());
                d.f64(r.recurrentL2());
                d.f64(r.biasL2());
            } else if (layer instanceof DenseSoftmaxLayer) {
                DenseSoftmaxLayer h = (DenseSoftmaxLayer) layer;
                d.u8(ModelFormat.KIND_DENSE_SOFTMAX);
                d.u8(h.name().isPresent() ? 1 : 0);
                d.string(s.names().get(i));
                d.i32(h.classes());
                d.u8(h.useBias() ? 1 : 0);
            } else {
                DenseLayer h = (DenseLayer) layer;
                d.u8(ModelFormat.KIND_DENSE);
                d.u8(h.name().isPresent() ? 1 : 0);
                d.string(s.names().get(i));
                d.i32(h.units());
                d.u8(h.activation().ordinal());
                d.u8(h.useBias() ? 1 : 0);
                d.f64(h.kernelL2());
                d.f64(h.biasL2());
            }
        }
        d.u8(s.loss().kind().ordinal());
        d.f64(s.loss().labelSmoothing());
        return bytes.toByteArray();
    }

    private static byte[] weights(Snapshot s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.params().length * 4 + 64);
        LittleEndian d = new LittleEndian(bytes);
        d.i32(s.shapes().size());
        int at = 0;
        for (int[] shape : s.shapes()) {
            d.u8(shape.length);
            int size = 1;
            for (int dim : shape) {
                d.i32(dim);
                size *= dim;
            }
            d.floats(s.params(), at, size);
            at += size;
        }
        return bytes.toByteArray();
    }

    private static byte[] optimizer(Snapshot s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LittleEndian d = new LittleEndian(bytes);
        Adam adam = s.adam();
        d.string(adam.kerasName());
        d.u8(4);
        d.f64(adam.learningRate());
        d.f64(adam.beta1());
        d.f64(adam.beta2());
        d.f64(adam.epsilon());
        OptimizerState state = s.state();
        d.u8(state == null ? 0 : 1);
        if (state != null) {
            d.i64(state.iterations());
            List<float[]> slots = state.slots();
            d.u8(slots.size());
            for (float[] slot : slots) {
                d.floats(slot, 0, slot.length);
            }
        }
        return bytes.toByteArray();
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
