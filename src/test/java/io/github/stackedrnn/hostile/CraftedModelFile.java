package io.github.stackedrnn.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes model files by hand from docs/FORMAT.md, as an attacker would: any configuration, any weight
 * payload, with valid checksums. Independent of the library's writer, so a test can say things the
 * library would never write.
 */
final class CraftedModelFile {
    private final ByteArrayOutputStream config = new ByteArrayOutputStream();
    private byte[] weights = new byte[] {0, 0, 0, 0};
    private int layers;
    private final String name;
    private final int features;

    CraftedModelFile(String name, int features) {
        this.name = name;
        this.features = features;
    }

    /** A SimpleRNN layer: tanh, bias, glorot_uniform / orthogonal, no dropout or penalties. */
    CraftedModelFile simpleRnn(int units, boolean returnSequences) {
        u8(config, 1);
        u8(config, 0);
        string(config, layers == 0 ? "simple_rnn" : "simple_rnn_" + layers);
        i32(config, units);
        u8(config, 0);
        u8(config, returnSequences ? 1 : 0);
        u8(config, 1);
        u8(config, 0);
        u8(config, 1);
        for (int i = 0; i < 5; i++) {
            f64(config, 0);
        }
        layers++;
        return this;
    }

    /** A Normalization layer (kind 7) of {@code width} features; its statistics go in the weights. */
    CraftedModelFile normalization(int width) {
        u8(config, 7);
        u8(config, 0);
        string(config, "normalization");
        i32(config, width);
        layers++;
        return this;
    }

    /** A softmax Dense head with bias. */
    CraftedModelFile denseSoftmax(int classes) {
        u8(config, 2);
        u8(config, 0);
        string(config, "dense");
        i32(config, classes);
        u8(config, 1);
        layers++;
        return this;
    }

    /** A Dropout layer (kind 8): its rate, seed flag and seed as given, however wrong. */
    CraftedModelFile dropout(double rate, int seedFlag, long seed) {
        u8(config, 8);
        u8(config, 0);
        string(config, "dropout_" + layers);
        f64(config, rate);
        u8(config, seedFlag);
        i64(config, seed);
        layers++;
        return this;
    }

    /** A WGHT payload of tensors of these shapes, every value 0.5. */
    CraftedModelFile weights(int[]... shapes) {
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        i32(w, shapes.length);
        for (int[] shape : shapes) {
            u8(w, shape.length);
            int n = 1;
            for (int d : shape) {
                i32(w, d);
                n *= d;
            }
            for (int i = 0; i < n; i++) {
                i32(w, Float.floatToRawIntBits(0.5f));
            }
        }
        this.weights = w.toByteArray();
        return this;
    }

    /** The WGHT payload as given. */
    CraftedModelFile weightsPayload(byte[] payload) {
        this.weights = payload;
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream conf = new ByteArrayOutputStream();
        string(conf, name);
        i64(conf, 1);
        i32(conf, features);
        u16(conf, layers);
        conf.writeBytes(config.toByteArray());
        u8(conf, 0); // categorical cross-entropy
        f64(conf, 0);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[] {(byte) 0x89, 'S', 'R', 'N', 'N', '\r', '\n', 0x1A});
        i32(file, 2);
        section(file, "CONF", conf.toByteArray());
        section(file, "WGHT", weights);
        section(file, "END.", new byte[0]);
        return file.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, String tag, byte[] payload) {
        byte[] head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put(tag.getBytes(StandardCharsets.US_ASCII))
                .putInt(payload.length).array();
        CRC32C crc = new CRC32C();
        crc.update(head);
        crc.update(payload);
        out.writeBytes(head);
        out.writeBytes(payload);
        i32(out, (int) crc.getValue());
    }

    private static void u8(ByteArrayOutputStream out, int v) {
        out.write(v);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void i32(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static void i64(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    private static void f64(ByteArrayOutputStream out, double v) {
        i64(out, Double.doubleToRawLongBits(v));
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(out, b.length);
        out.writeBytes(b);
    }
}
