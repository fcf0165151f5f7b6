package io.github.stackedrnn.keras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the members of a Keras 3 {@code .keras} file (a zip: {@code metadata.json}, {@code config.json},
 * {@code model.weights.h5}), and whole plain files, with bounded reads: a member is read only up to the
 * size its zip entry declares, that size must be plausible for the archive's size, and the bytes must
 * match the entry's CRC-32.
 */
final class KerasArchive {
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    /** The JSON members are small; anything above this is not a Keras config. */
    private static final long MAX_JSON = 64L << 20;
    /** Deflate cannot shrink data more than about 1032 to 1. */
    private static final long MAX_DEFLATE_RATIO = 1100;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final int MAX_ENTRIES = 10_000;

    final byte[] config;
    final byte[] metadata; // null when absent
    final byte[] weights;

    private KerasArchive(byte[] config, byte[] metadata, byte[] weights) {
        this.config = config;
        this.metadata = metadata;
        this.weights = weights;
    }

    /** @return true if the file starts like a zip archive */
    static boolean looksLikeZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    static KerasArchive read(Path path) throws IOException {
        String name = path.getFileName().toString();
        long archiveSize = Files.size(path);
        try (ZipFile zip = new ZipFile(path.toFile())) {
            byte[] config = null;
            byte[] metadata = null;
            byte[] weights = null;
            int entries = 0;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                if (++entries > MAX_ENTRIES) {
                    throw new KerasFormatError(name, "more than " + MAX_ENTRIES + " zip entries");
                }
                switch (entry.getName()) {
                    case CONFIG -> config = member(zip, entry, name, archiveSize, MAX_JSON);
                    case METADATA -> metadata = member(zip, entry, name, archiveSize, MAX_JSON);
                    case WEIGHTS -> weights = member(zip, entry, name, archiveSize, MAX_ARRAY);
                    default -> {
                        // assets/ and other members carry nothing the supported layers need
                    }
                }
            }
            if (config == null) {
                throw new KerasFormatError(name, "the archive has no " + CONFIG);
            }
            if (weights == null) {
                throw new KerasFormatError(name, "the archive has no " + WEIGHTS
                        + (entries > 0 ? "" : " (no entries at all)"));
            }
            return new KerasArchive(config, metadata, weights);
        } catch (ZipException | java.io.EOFException | SecurityException | IllegalArgumentException | IllegalStateException e) {
            throw new KerasFormatError(name, "damaged zip archive: " + e.getMessage(), e);
        }
    }

    private static byte[] member(ZipFile zip, ZipEntry entry, String archive, long archiveSize, long limit) throws IOException {
        String where = entry.getName() + " in " + archive;
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size < 0 || compressed < 0) {
            throw new KerasFormatError(where, "the zip entry does not declare its size");
        }
        long plausible = entry.getMethod() == ZipEntry.STORED ? archiveSize : Math.multiplyExact(Math.min(compressed, archiveSize), MAX_DEFLATE_RATIO);
        if (size > plausible || size > limit) {
            throw new KerasFormatError(where, "the zip entry declares " + size + " bytes, more than an archive of "
                    + archiveSize + " bytes can hold" + (size > limit ? " (limit " + limit + ")" : ""));
        }
        byte[] data = new byte[(int) size];
        try (InputStream in = zip.getInputStream(entry)) {
            int n = 0;
            while (n < data.length) {
                int r = in.read(data, n, data.length - n);
                if (r < 0) {
                    throw new KerasFormatError(where, "truncated: " + n + " of " + size + " bytes");
                }
                n += r;
            }
            if (in.read() >= 0) {
                throw new KerasFormatError(where, "holds more bytes than its zip entry declares (" + size + ")");
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new KerasFormatError(where, "damaged zip data: " + e.getMessage(), e);
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new KerasFormatError(where, "CRC-32 mismatch: the entry says " + Long.toHexString(entry.getCrc())
                    + ", the data has " + Long.toHexString(crc.getValue()));
        }
        return data;
    }

    /** Reads a whole plain file (an {@code .h5}) into memory: the file's own size is what it implies. */
    static byte[] readFile(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_ARRAY) {
            throw new KerasFormatError(path.getFileName().toString(), "file of " + size + " bytes is larger than 2 GB");
        }
        return Files.readAllBytes(path);
    }
}
