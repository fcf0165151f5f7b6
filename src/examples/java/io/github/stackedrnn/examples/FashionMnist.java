package io.github.stackedrnn.examples;

import io.github.stackedrnn.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul &amp; Vollgraf, 2017) read row by row: each 28 × 28 grey image becomes a
 * sequence of 28 steps (its rows, top to bottom) of 28 features (the row's pixels), scaled from
 * 0..255 to [0, 1]. 60,000 training and 10,000 test images in 10 classes.
 *
 * <p>The data is not part of this project. Debian ships it: {@value #INSTALL} puts the four IDX
 * files in {@code /usr/share/datasets/fashion-mnist} ({@link #DEBIAN_DIR}). A directory with the
 * files from the original distribution works too, gzipped or not:
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each optionally with {@code .gz}.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The command that installs the data on Debian and Ubuntu. */
    public static final String INSTALL = "sudo apt-get install dataset-fashion-mnist";
    /** Steps per sequence: the image's rows. */
    public static final int TIME = 28;
    /** Features per step: the pixels of one row. */
    public static final int FEATURES = 28;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Class names by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The training files' name prefix. */
    public static final String TRAIN = "train";
    /** The test files' name prefix. */
    public static final String TEST = "t10k";

    /**
     * One split.
     *
     * @param x      {@code [samples, 28, 28]} the images, one row per step, pixels in [0, 1]
     * @param labels {@code [samples]} classes in {@code [0, 10)}
     */
    public record Split(Tensor x, int[] labels) {
        /** @return the number of samples */
        public int samples() {
            return labels.length;
        }
    }

    private FashionMnist() {
    }

    /**
     * @param dir a directory
     * @return the files of both splits that are missing from {@code dir}, empty when all four are there
     */
    public static List<String> missingFiles(Path dir) {
        return List.of(TRAIN + "-images-idx3-ubyte", TRAIN + "-labels-idx1-ubyte", TEST + "-images-idx3-ubyte",
                TEST + "-labels-idx1-ubyte").stream().filter(name -> find(dir, name) == null).toList();
    }

    /**
     * Reads the first {@code limit} images of a split and their labels.
     *
     * @param dir    the directory with the IDX files
     * @param prefix {@link #TRAIN} or {@link #TEST}
     * @param limit  at most this many samples, the first ones of the file
     * @return the images as sequences and their labels
     * @throws IOException if a file is missing or malformed, the images are not 28 × 28, the counts of
     *                     images and labels differ, or a label is not below 10
     */
    public static Split load(Path dir, String prefix, int limit) throws IOException {
        Path imageFile = required(dir, prefix + "-images-idx3-ubyte");
        Path labelFile = required(dir, prefix + "-labels-idx1-ubyte");
        Idx.Images images = Idx.readImages(imageFile);
        int[] labels = Idx.readLabels(labelFile);
        if (images.rows() != TIME || images.columns() != FEATURES) {
            throw new IOException(imageFile + ": expected 28 x 28 images but they are " + images.rows() + " x " + images.columns());
        }
        if (images.count() != labels.length) {
            throw new IOException(imageFile + " has " + images.count() + " images but " + labelFile + " has " + labels.length + " labels");
        }
        int n = Math.min(limit, labels.length);
        float[] x = new float[n * TIME * FEATURES]; // [n, 28, 28]
        byte[] pixels = images.pixels();
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xff) / 255f;
        }
        int[] kept = Arrays.copyOf(labels, n);
        for (int i = 0; i < n; i++) {
            if (kept[i] >= CLASSES) {
                throw new IOException(labelFile + ": label " + kept[i] + " at [" + i + "] is outside [0, " + CLASSES + ")");
            }
        }
        return new Split(Tensor.of(x, n, TIME, FEATURES), kept);
    }

    private static Path required(Path dir, String name) throws IOException {
        Path file = find(dir, name);
        if (file == null) {
            throw new IOException("Neither " + dir.resolve(name) + " nor " + dir.resolve(name + ".gz") + " exists; install "
                    + "the data with: " + INSTALL);
        }
        return file;
    }

    private static Path find(Path dir, String name) {
        for (Path candidate : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
