package io.github.stackedrnn.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * {@link OptimizerStateAccess} on the model file format, version 2 (docs/FORMAT.md): finds the
 * {@code OPTM} section, skips the optimizer's configuration to the "state follows" flag, and reads or
 * rewrites what follows it (iterations, learning-rate override, slots), with a new CRC-32C. Only files
 * the library itself just wrote in memory come here, so a malformed one is a bug, reported as such.
 */
final class ModelFileOptimizerState implements OptimizerStateAccess {
    private static final byte[] MAGIC = {(byte) 0x89, 'S', 'R', 'N', 'N', 0x0D, 0x0A, 0x1A};
    private static final int VERSION = 2;

    /** Where the OPTM section and its state are in a file. */
    private record Layout(int sectionStart, int payloadStart, int payloadLength, int flagOffset) {
    }

    @Override
    public OptimizerSnapshot read(byte[] file) {
        Layout layout = locate(file);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int p = layout.flagOffset;
        if (file[p] == 0) {
            return null;
        }
        long iterations = b.getLong(p + 1);
        boolean override = file[p + 9] != 0;
        double rate = b.getDouble(p + 10);
        int slotCount = file[p + 18] & 0xFF;
        int end = layout.payloadStart + layout.payloadLength;
        int values = p + 19;
        long bytes = end - values;
        if (slotCount == 0 ? bytes != 0 : bytes % (4L * slotCount) != 0) {
            throw new IllegalArgumentException("OPTM state: " + bytes + " bytes of slots do not divide into " + slotCount + " slots");
        }
        int parameters = slotCount == 0 ? 0 : (int) (bytes / 4 / slotCount);
        List<float[]> slots = new ArrayList<>(slotCount);
        for (int s = 0; s < slotCount; s++) {
            float[] slot = new float[parameters];
            ByteBuffer.wrap(file, values + s * parameters * 4, parameters * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(slot);
            slots.add(slot);
        }
        return new OptimizerSnapshot(iterations, override ? rate : 0, slots);
    }

    @Override
    public byte[] write(byte[] file, OptimizerSnapshot state) {
        Layout layout = locate(file);
        int prefix = layout.flagOffset - layout.payloadStart; // configuration, up to the flag
        long slotBytes = 0;
        for (float[] slot : state.slots()) {
            slotBytes += 4L * slot.length;
        }
        long payloadLength = prefix + 1 + 8 + 1 + 8 + 1 + slotBytes;
        if (payloadLength > (1 << 30) || state.slots().size() > 255) {
            throw new IllegalArgumentException("The optimizer state does not fit in a model file section: " + payloadLength + " bytes");
        }
        ByteBuffer payload = ByteBuffer.allocate((int) payloadLength).order(ByteOrder.LITTLE_ENDIAN);
        payload.put(file, layout.payloadStart, prefix);
        payload.put((byte) 1);
        payload.putLong(state.iterations());
        payload.put((byte) (state.learningRateOverride() > 0 ? 1 : 0));
        payload.putDouble(state.learningRateOverride() > 0 ? state.learningRateOverride() : 0);
        payload.put((byte) state.slots().size());
        for (float[] slot : state.slots()) {
            payload.asFloatBuffer().put(slot);
            payload.position(payload.position() + 4 * slot.length);
        }
        int oldSectionEnd = layout.payloadStart + layout.payloadLength + 4;
        int tail = file.length - oldSectionEnd;
        ByteBuffer out = ByteBuffer.allocate(layout.sectionStart + 8 + (int) payloadLength + 4 + tail).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, layout.sectionStart);
        out.put("OPTM".getBytes(StandardCharsets.US_ASCII));
        out.putInt((int) payloadLength);
        out.put(payload.array());
        CRC32C crc = new CRC32C();
        crc.update(out.array(), layout.sectionStart, 8 + (int) payloadLength);
        out.putInt((int) crc.getValue());
        out.put(file, oldSectionEnd, tail);
        return out.array();
    }

    /** Walks the sections to OPTM and its payload to the state flag. */
    private static Layout locate(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (file.length < 12 || file[i] != MAGIC[i]) {
                throw new IllegalArgumentException("Not a stacked-rnn model file");
            }
        }
        int version = b.getInt(8);
        if (version != VERSION) {
            throw new IllegalArgumentException("Parameter averaging edits model files of format version " + VERSION
                    + " but the library wrote version " + version);
        }
        int p = 12;
        while (p + 8 <= file.length) {
            String tag = new String(file, p, 4, StandardCharsets.US_ASCII);
            int length = b.getInt(p + 4);
            if (length < 0 || (long) p + 12 + length > file.length) {
                throw new IllegalArgumentException("Section " + tag + " at " + p + " runs past the end of the file");
            }
            if (tag.equals("OPTM")) {
                return new Layout(p, p + 8, length, flagOffset(b, p + 8, length));
            }
            if (tag.equals("END.")) {
                break;
            }
            p += 12 + length;
        }
        throw new IllegalArgumentException("The model file has no OPTM section");
    }

    /** Skips the optimizer's name, settings, learning rate, clipping and weight decay (FORMAT.md, OPTM version 2). */
    private static int flagOffset(ByteBuffer b, int start, int length) {
        int p = start;
        p += 2 + (b.getShort(p) & 0xFFFF);          // name
        p += 1 + 8 * (b.get(p) & 0xFF);             // settings
        int kind = b.get(p++) & 0xFF;               // learning rate
        switch (kind) {
            case 0 -> p += 8;
            case 1 -> p += 8 + 8 + 8 + 1;
            case 2 -> {
                int n = b.getShort(p) & 0xFFFF;
                p += 2 + 8 * n + 8 * (n + 1);
            }
            case 3 -> p += 8 + 8 + 8;
            default -> throw new IllegalArgumentException("OPTM: unknown learning-rate kind " + kind);
        }
        p += 1 + 8 + 8;                              // clip mode, threshold, weight decay
        if (p >= start + length) {
            throw new IllegalArgumentException("OPTM: the configuration runs past the section");
        }
        return p;
    }
}
