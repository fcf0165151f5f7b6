package io.github.stackedrnn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Sequences read lazily from one file in the binary format of {@code docs/SEQUENCES.md} (written by
 * {@link SequenceFileWriter}), front to back: memory is one record and a read buffer. A pass reads in
 * file order; shuffle with {@link #shuffled(int)}.
 *
 * <pre>{@code
 * SequenceDataset train = SequenceFileDataset.of(Path.of("train.seq")).shuffled(10_000).bucketedByLength(2_048);
 * }</pre>
 *
 * <p>The header is checked when the data set is opened; each record when it is read: its length
 * within the longest the header declares, its bytes within what the file still holds (checked before
 * anything is allocated), its values finite. A bad record is a {@link DatasetException} naming the
 * file, the record and its byte offset.
 */
public final class SequenceFileDataset implements SequenceDataset {
    private final Path path;
    private final int features;
    private final SequenceExample.Kind kind;
    private final int units;
    private final long count;
    private final int maxLength;

    private SequenceFileDataset(Path path, int features, SequenceExample.Kind kind, int units, long count, int maxLength) {
        this.path = path;
        this.features = features;
        this.kind = kind;
        this.units = units;
        this.count = count;
        this.maxLength = maxLength;
    }

    /**
     * Reads and checks the header.
     *
     * @param path a file written by {@link SequenceFileWriter}
     * @return the data set
     * @throws DatasetException if the file cannot be read or its header is not a sequence file's
     */
    public static SequenceFileDataset of(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `path`, expected a file, got null.");
        }
        byte[] header = new byte[SequenceFiles.HEADER_BYTES];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(header, 0, header.length);
            if (n < header.length) {
                throw new DatasetException(path.toString(), "is " + n + " bytes long, shorter than the " + header.length
                        + "-byte header of a sequence file");
            }
        } catch (IOException e) {
            throw new DatasetException(path.toString(), "could not be read: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(header);
        byte[] magic = new byte[SequenceFiles.MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, SequenceFiles.MAGIC)) {
            throw new DatasetException(path.toString(), "is not a sequence file: expected the magic SRNNSEQS");
        }
        int version = b.getInt();
        if (version != SequenceFiles.VERSION) {
            throw new DatasetException(path.toString(), "has format version " + version + "; this reader reads version "
                    + SequenceFiles.VERSION);
        }
        int features = b.getInt();
        if (features < 1 || features > SequenceFiles.MAX_WIDTH) {
            throw new DatasetException(path.toString(), "declares " + features + " features; expected [1, " + SequenceFiles.MAX_WIDTH + "]");
        }
        int code = b.getInt();
        SequenceExample.Kind kind = SequenceFiles.kind(code);
        if (kind == null) {
            throw new DatasetException(path.toString(), "declares target kind " + code + "; expected 0 to 4");
        }
        int units = b.getInt();
        boolean needsUnits = SequenceFiles.hasUnits(kind);
        if (needsUnits ? units < 1 || units > SequenceFiles.MAX_WIDTH : units != 0) {
            throw new DatasetException(path.toString(), "declares " + units + " target units for " + kind);
        }
        long count = b.getLong();
        if (count < 0) {
            throw new DatasetException(path.toString(), "declares " + count + " records: its writer was not closed (an interrupted "
                    + "write?)");
        }
        int maxLength = b.getInt();
        if (count > 0 && maxLength < 1) {
            throw new DatasetException(path.toString(), "declares a longest sequence of " + maxLength + " steps");
        }
        return new SequenceFileDataset(path, features, kind, units, count, maxLength);
    }

    /** @return features per step */
    public int features() {
        return features;
    }

    /** @return the form of the targets */
    public SequenceExample.Kind kind() {
        return kind;
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(count);
    }

    @Override
    public SequenceReader open(SplittableRandom random) {
        long fileSize;
        InputStream raw;
        try {
            fileSize = Files.size(path);
            raw = Files.newInputStream(path);
        } catch (IOException e) {
            throw new DatasetException(path.toString(), "could not be opened: " + e.getMessage(), e);
        }
        return new Reader(new DataInputStream(new BufferedInputStream(raw, 1 << 16)), fileSize);
    }

    @Override
    public String toString() {
        return "SequenceFileDataset{" + path + ", " + count + " sequences, features=" + features + ", target=" + kind + "}";
    }

    private final class Reader implements SequenceReader {
        private final DataInputStream in;
        private final long fileSize;
        private long offset;
        private long record;
        private byte[] scratch = new byte[0];
        private boolean closed;

        Reader(DataInputStream in, long fileSize) {
            this.in = in;
            this.fileSize = fileSize;
        }

        private String where() {
            return path + " record " + record + " (byte " + offset + ")";
        }

        @Override
        public SequenceExample next() {
            if (closed) {
                return null;
            }
            try {
                if (record == 0 && offset == 0) {
                    in.skipNBytes(SequenceFiles.HEADER_BYTES);
                    offset = SequenceFiles.HEADER_BYTES;
                }
                if (record == count) {
                    if (offset != fileSize) {
                        throw new DatasetException(path.toString(), (fileSize - offset) + " bytes follow the last of its " + count
                                + " records");
                    }
                    return null;
                }
                if (fileSize - offset < Integer.BYTES) {
                    throw new DatasetException(where(), "the file ends; the header declares " + count + " records");
                }
                int length = in.readInt();
                if (length < 1 || length > maxLength) {
                    throw new DatasetException(where(), "declares " + length + " steps; expected [1, " + maxLength
                            + "] (the longest the header declares)");
                }
                long body = SequenceFiles.bodyBytes(length, features, kind, units);
                long left = fileSize - offset - Integer.BYTES;
                if (body > left) {
                    throw new DatasetException(where(), "needs " + body + " bytes but the file holds " + left + " more: truncated");
                }
                if (scratch.length < body) {
                    scratch = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(body, 2L * scratch.length))];
                }
                in.readFully(scratch, 0, (int) body);
                SequenceExample e = decode(ByteBuffer.wrap(scratch, 0, (int) body), length);
                offset += Integer.BYTES + body;
                record++;
                return e;
            } catch (EOFException e) {
                throw new DatasetException(where(), "the file ends inside this record: truncated", e);
            } catch (IOException e) {
                throw new DatasetException(where(), "could not be read: " + e.getMessage(), e);
            }
        }

        private SequenceExample decode(ByteBuffer b, int length) {
            String where = path + " record " + record;
            FloatBuffer f = b.asFloatBuffer();
            float[][] steps = new float[length][features];
            for (float[] step : steps) {
                f.get(step);
                finite(step, where);
            }
            b.position(b.position() + length * features * Float.BYTES);
            switch (kind) {
                case CLASS: {
                    int label = b.getInt();
                    if (label < 0) {
                        throw new DatasetException(where, "holds class " + label + "; classes are >= 0");
                    }
                    return SequenceExample.of(steps, label).from(where);
                }
                case STEP_CLASSES: {
                    int[] labels = new int[length];
                    IntBuffer ib = b.asIntBuffer();
                    ib.get(labels);
                    for (int label : labels) {
                        if (label < 0) {
                            throw new DatasetException(where, "holds class " + label + "; classes are >= 0");
                        }
                    }
                    return SequenceExample.ofSteps(steps, labels).from(where);
                }
                case ROW: {
                    float[] row = new float[units];
                    b.asFloatBuffer().get(row);
                    finite(row, where);
                    return SequenceExample.of(steps, row).from(where);
                }
                case STEP_ROWS: {
                    float[][] rows = new float[length][units];
                    FloatBuffer tf = b.asFloatBuffer();
                    for (float[] row : rows) {
                        tf.get(row);
                        finite(row, where);
                    }
                    return SequenceExample.ofSteps(steps, rows).from(where);
                }
                default:
                    return SequenceExample.unlabelled(steps).from(where);
            }
        }

        private void finite(float[] values, String where) {
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    throw new DatasetException(where, "holds " + v + "; values must be finite");
                }
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try {
                    in.close();
                } catch (IOException e) {
                    // nothing was written; a failed close of a file only read loses nothing
                }
            }
        }
    }
}
