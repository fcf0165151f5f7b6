package io.github.stackedrnn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes sequences to a file in the binary format of {@code docs/SEQUENCES.md}, streaming: memory is
 * one buffer, whatever the file's size. The record count is written when the writer is closed; a file
 * whose writer did not close is refused by {@link SequenceFileDataset}.
 *
 * <pre>{@code
 * try (SequenceFileWriter out = SequenceFileWriter.create(Path.of("train.seq"), 3, SequenceExample.Kind.CLASS, 0)) {
 *     for (...) {
 *         out.write(SequenceExample.of(steps, label));   // steps [time][3]
 *     }
 * }
 * SequenceDataset train = SequenceFileDataset.of(Path.of("train.seq")).shuffled(10_000);
 * }</pre>
 */
public final class SequenceFileWriter implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final int features;
    private final SequenceExample.Kind kind;
    private final int units;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private long count;
    private int maxLength;
    private boolean closed;

    private SequenceFileWriter(Path path, FileChannel channel, int features, SequenceExample.Kind kind, int units) {
        this.path = path;
        this.channel = channel;
        this.features = features;
        this.kind = kind;
        this.units = units;
    }

    /**
     * Creates (or replaces) the file and writes its header.
     *
     * @param path     the file
     * @param features features per step, at least 1
     * @param kind     the targets every record holds
     * @param units    target units per row for {@link SequenceExample.Kind#ROW} and {@link SequenceExample.Kind#STEP_ROWS}; else 0
     * @return the writer, to be closed
     * @throws IllegalArgumentException if a size is out of range
     * @throws IOException              if the file cannot be created
     */
    public static SequenceFileWriter create(Path path, int features, SequenceExample.Kind kind, int units) throws IOException {
        if (path == null || kind == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `" + (path == null ? "path" : "kind")
                    + "`, expected a value, got null.");
        }
        if (features < 1 || features > SequenceFiles.MAX_WIDTH) {
            throw new IllegalArgumentException("Received an invalid value for argument `features`, expected an integer in [1, "
                    + SequenceFiles.MAX_WIDTH + "], got " + features + ".");
        }
        boolean needsUnits = SequenceFiles.hasUnits(kind);
        if (needsUnits ? units < 1 || units > SequenceFiles.MAX_WIDTH : units != 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `units`, expected "
                    + (needsUnits ? "an integer in [1, " + SequenceFiles.MAX_WIDTH + "]" : "0 for " + kind) + ", got " + units + ".");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        SequenceFileWriter w = new SequenceFileWriter(path, channel, features, kind, units);
        w.buffer.put(SequenceFiles.MAGIC).putInt(SequenceFiles.VERSION).putInt(features).putInt(SequenceFiles.code(kind))
                .putInt(units).putLong(-1L).putInt(0);
        return w;
    }

    /**
     * Appends one sequence, checked whole before any of it is written.
     *
     * @param e a sequence of this file's kind, {@code features} finite values per step
     * @throws IllegalArgumentException if it does not match the file; nothing is written then
     * @throws UncheckedIOException     if the file cannot be written
     */
    public void write(SequenceExample e) {
        if (closed) {
            throw new IllegalStateException("The writer of " + path + " is closed");
        }
        if (e == null || e.kind() != kind) {
            throw new IllegalArgumentException("Record " + count + ": expected a sequence with targets " + kind + ", got "
                    + (e == null ? "null" : e.kind()));
        }
        float[][] steps = e.steps();
        for (int t = 0; t < steps.length; t++) {
            checkRow(steps[t], features, "step " + t);
        }
        switch (kind) {
            case STEP_CLASSES:
                if (e.stepLabels().length != steps.length) {
                    throw new IllegalArgumentException("Record " + count + ": expected " + steps.length + " step labels, got "
                            + e.stepLabels().length);
                }
                for (int label : e.stepLabels()) {
                    checkClass(label);
                }
                break;
            case CLASS:
                checkClass(e.label());
                break;
            case ROW:
                checkRow(e.target(), units, "target");
                break;
            case STEP_ROWS:
                if (e.stepTargets().length != steps.length) {
                    throw new IllegalArgumentException("Record " + count + ": expected " + steps.length + " target rows, got "
                            + e.stepTargets().length);
                }
                for (int t = 0; t < steps.length; t++) {
                    checkRow(e.stepTargets()[t], units, "target of step " + t);
                }
                break;
            default:
                break;
        }
        try {
            putInt(steps.length);
            for (float[] step : steps) {
                putFloats(step);
            }
            switch (kind) {
                case CLASS:
                    putInt(e.label());
                    break;
                case STEP_CLASSES:
                    for (int label : e.stepLabels()) {
                        putInt(label);
                    }
                    break;
                case ROW:
                    putFloats(e.target());
                    break;
                case STEP_ROWS:
                    for (float[] row : e.stepTargets()) {
                        putFloats(row);
                    }
                    break;
                default:
                    break;
            }
        } catch (IOException x) {
            throw new UncheckedIOException("Could not write " + path, x);
        }
        count++;
        maxLength = Math.max(maxLength, steps.length);
    }

    private void checkRow(float[] row, int width, String what) {
        if (row == null || row.length != width) {
            throw new IllegalArgumentException("Record " + count + ": " + what + " must have " + width + " values, has "
                    + (row == null ? "null" : row.length));
        }
        for (float v : row) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("Record " + count + ": " + what + " holds " + v + "; values must be finite");
            }
        }
    }

    private void checkClass(int label) {
        if (label < 0) {
            throw new IllegalArgumentException("Record " + count + ": class " + label + " is negative");
        }
    }

    private void putInt(int v) throws IOException {
        if (buffer.remaining() < Integer.BYTES) {
            flush();
        }
        buffer.putInt(v);
    }

    private void putFloats(float[] values) throws IOException {
        for (float v : values) {
            if (buffer.remaining() < Float.BYTES) {
                flush();
            }
            buffer.putFloat(v);
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /** @return the sequences written so far */
    public long count() {
        return count;
    }

    /**
     * Writes the record count and the longest length into the header, and closes the file.
     *
     * @throws IOException if the file cannot be written
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
            ByteBuffer tail = ByteBuffer.allocate(12);
            tail.putLong(count).putInt(maxLength).flip();
            while (tail.hasRemaining()) {
                channel.write(tail, SequenceFiles.COUNT_OFFSET + (12 - tail.remaining()));
            }
            channel.force(true);
        } finally {
            channel.close();
        }
    }
}
