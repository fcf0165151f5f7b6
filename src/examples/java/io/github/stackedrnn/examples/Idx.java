package io.github.stackedrnn.examples;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST: unsigned-byte images and labels, plain or gzipped.
 *
 * <p>An IDX file is a big-endian header and the data: the magic number {@code 0x00000803} (unsigned
 * bytes, 3 dimensions) followed by the image count, the rows and the columns, then
 * {@code count × rows × columns} pixels, image by image and row by row; or {@code 0x00000801}
 * (unsigned bytes, 1 dimension) followed by the label count, then one byte per label. A file that
 * starts with gzip's magic bytes {@code 1f 8b} is decompressed first, whatever its name.
 *
 * <p>A wrong magic number, a negative or zero dimension, a file shorter than its header declares or
 * one with bytes after the declared data is refused with an {@link IdxFormatException} naming the
 * file, what was expected and what was found. Memory grows with the data actually read, never with
 * a size merely declared in a header.
 */
public final class Idx {
    /** Magic number of an image file: unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a label file: unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    /** A malformed IDX file: the message says which file, what was expected and what came. */
    public static final class IdxFormatException extends IOException {
        private static final long serialVersionUID = 1L;

        /** @param message what was wrong, and in which file */
        public IdxFormatException(String message) {
            super(message);
        }
    }

    /**
     * The images of one file.
     *
     * @param count   how many images
     * @param rows    rows per image
     * @param columns columns per image
     * @param pixels  {@code [count, rows, columns]} row-major, each an unsigned byte (read with {@code & 0xff})
     */
    public record Images(int count, int rows, int columns, byte[] pixels) {
        /**
         * @param image  the image index
         * @param row    the row
         * @param column the column
         * @return the pixel, 0 to 255
         */
        public int pixel(int image, int row, int column) {
            return pixels[(image * rows + row) * columns + column] & 0xff;
        }
    }

    private Idx() {
    }

    /**
     * @param file an IDX image file, plain or gzipped
     * @return its images
     * @throws IdxFormatException if the file is not a well-formed IDX image file
     * @throws IOException        if it cannot be read
     */
    public static Images readImages(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return readImages(in, file.toString());
        }
    }

    /**
     * @param in     the bytes of an IDX image file, plain or gzipped; not closed
     * @param source the file's name for error messages
     * @return its images
     * @throws IdxFormatException if the bytes are not a well-formed IDX image file
     * @throws IOException        if reading fails
     */
    public static Images readImages(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(decompressed(in));
        checkMagic(data, IMAGES_MAGIC, "image", source);
        int count = dimension(data, "image count", source, true);
        int rows = dimension(data, "rows", source, false);
        int columns = dimension(data, "columns", source, false);
        long size = (long) count * rows * columns;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IdxFormatException(String.format(Locale.ROOT, "%s: %d images of %d x %d pixels (%d bytes) exceed "
                    + "what one array holds", source, count, rows, columns, size));
        }
        byte[] pixels = body(data, (int) size, String.format(Locale.ROOT, "%d images of %d x %d pixels", count, rows, columns), source);
        return new Images(count, rows, columns, pixels);
    }

    /**
     * @param file an IDX label file, plain or gzipped
     * @return its labels, each 0 to 255
     * @throws IdxFormatException if the file is not a well-formed IDX label file
     * @throws IOException        if it cannot be read
     */
    public static int[] readLabels(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return readLabels(in, file.toString());
        }
    }

    /**
     * @param in     the bytes of an IDX label file, plain or gzipped; not closed
     * @param source the file's name for error messages
     * @return its labels, each 0 to 255
     * @throws IdxFormatException if the bytes are not a well-formed IDX label file
     * @throws IOException        if reading fails
     */
    public static int[] readLabels(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(decompressed(in));
        checkMagic(data, LABELS_MAGIC, "label", source);
        int count = dimension(data, "label count", source, true);
        byte[] bytes = body(data, count, count + " labels", source);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = bytes[i] & 0xff;
        }
        return labels;
    }

    private static InputStream open(Path file) throws IOException {
        return Files.newInputStream(file);
    }

    /** The stream itself, or its decompression when it starts with gzip's magic bytes. */
    private static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == 0x1f && second == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
        }
        return buffered;
    }

    private static void checkMagic(DataInputStream data, int expected, String kind, String source) throws IOException {
        int magic = header(data, "the magic number", source);
        if (magic != expected) {
            String found = magic == IMAGES_MAGIC ? " (an image file)" : magic == LABELS_MAGIC ? " (a label file)" : "";
            throw new IdxFormatException(String.format(Locale.ROOT, "%s: expected the IDX %s magic number 0x%08x but found 0x%08x%s",
                    source, kind, expected, magic, found));
        }
    }

    private static int dimension(DataInputStream data, String name, String source, boolean zeroAllowed) throws IOException {
        int value = header(data, "the " + name, source);
        if (value < 0 || (value == 0 && !zeroAllowed)) {
            throw new IdxFormatException(source + ": the " + name + " must be " + (zeroAllowed ? "non-negative" : "positive")
                    + " but the header says " + value);
        }
        return value;
    }

    private static int header(DataInputStream data, String what, String source) throws IOException {
        try {
            return data.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(source + ": the file ends inside its header, before " + what);
        }
    }

    private static byte[] body(DataInputStream data, int size, String declared, String source) throws IOException {
        byte[] bytes;
        try {
            bytes = data.readNBytes(size); // grows with what is read, not with the declared size
        } catch (EOFException | ZipException e) {
            throw new IdxFormatException(String.format(Locale.ROOT, "%s: the compressed data is damaged or cut short "
                    + "while reading %s (%s)", source, declared, e.getMessage()));
        }
        if (bytes.length < size) {
            throw new IdxFormatException(String.format(Locale.ROOT, "%s: the header declares %s (%d bytes) but only %d bytes follow",
                    source, declared, size, bytes.length));
        }
        if (data.read() != -1) {
            throw new IdxFormatException(String.format(Locale.ROOT, "%s: the file has bytes after the %d declared by its header (%s)",
                    source, size, declared));
        }
        return bytes;
    }
}
