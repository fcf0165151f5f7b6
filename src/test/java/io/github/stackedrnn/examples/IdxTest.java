package io.github.stackedrnn.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The IDX reader on small files written here (CI has no Fashion-MNIST). */
class IdxTest {

    @TempDir
    Path dir;

    @Test
    void readImages_plainAndGzipped() throws IOException {
        byte[] pixels = new byte[2 * 3 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 11); // up to 253: unsigned bytes above 127 included
        }
        byte[] file = images(2, 3, 4, pixels);
        Files.write(dir.resolve("images"), file);
        Files.write(dir.resolve("images.gz"), gzip(file));

        for (String name : new String[] {"images", "images.gz"}) {
            Idx.Images images = Idx.readImages(dir.resolve(name));
            assertThat(images.count()).isEqualTo(2);
            assertThat(images.rows()).isEqualTo(3);
            assertThat(images.columns()).isEqualTo(4);
            assertThat(images.pixels()).containsExactly(pixels);
            assertThat(images.pixel(1, 2, 3)).as("last pixel, row-major").isEqualTo(23 * 11);
            assertThat(images.pixel(0, 1, 0)).isEqualTo(4 * 11);
        }
    }

    @Test
    void readLabels_plainAndGzipped() throws IOException {
        byte[] file = labels(new byte[] {0, 9, 3, (byte) 200});
        Files.write(dir.resolve("labels"), file);
        Files.write(dir.resolve("labels.gz"), gzip(file));

        assertThat(Idx.readLabels(dir.resolve("labels"))).containsExactly(0, 9, 3, 200);
        assertThat(Idx.readLabels(dir.resolve("labels.gz"))).containsExactly(0, 9, 3, 200);
    }

    @Test
    void emptyFilesOfZeroItems() throws IOException {
        assertThat(Idx.readLabels(stream(labels(new byte[0])), "none")).isEmpty();
        assertThat(Idx.readImages(stream(images(0, 28, 28, new byte[0])), "none").pixels()).isEmpty();
    }

    @Test
    void wrongMagic_namesBothNumbers() {
        assertThatThrownBy(() -> Idx.readImages(stream(labels(new byte[] {1, 2})), "train-labels"))
                .isInstanceOf(Idx.IdxFormatException.class)
                .hasMessage("train-labels: expected the IDX image magic number 0x00000803 but found 0x00000801 (a label file)");
        assertThatThrownBy(() -> Idx.readLabels(stream(images(1, 1, 1, new byte[1])), "x"))
                .hasMessage("x: expected the IDX label magic number 0x00000801 but found 0x00000803 (an image file)");
        byte[] text = "hello, world".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Idx.readLabels(stream(text), "notes.txt"))
                .hasMessage("notes.txt: expected the IDX label magic number 0x00000801 but found 0x68656c6c");
    }

    @Test
    void truncatedData_saysHowMuchWasDeclaredAndFound() throws IOException {
        byte[] file = images(2, 3, 4, new byte[24]);
        byte[] cut = Arrays.copyOf(file, file.length - 5);
        assertThatThrownBy(() -> Idx.readImages(stream(cut), "cut"))
                .isInstanceOf(Idx.IdxFormatException.class)
                .hasMessage("cut: the header declares 2 images of 3 x 4 pixels (24 bytes) but only 19 bytes follow");
        assertThatThrownBy(() -> Idx.readLabels(stream(Arrays.copyOf(labels(new byte[5]), 10)), "cut"))
                .hasMessage("cut: the header declares 5 labels (5 bytes) but only 2 bytes follow");
    }

    @Test
    void truncatedHeader() {
        byte[] file = Arrays.copyOf(images(2, 3, 4, new byte[24]), 10);
        assertThatThrownBy(() -> Idx.readImages(stream(file), "short"))
                .isInstanceOf(Idx.IdxFormatException.class)
                .hasMessage("short: the file ends inside its header, before the rows");
        assertThatThrownBy(() -> Idx.readLabels(stream(new byte[0]), "empty"))
                .hasMessage("empty: the file ends inside its header, before the magic number");
    }

    @Test
    void trailingBytes() {
        byte[] file = Arrays.copyOf(labels(new byte[] {1, 2, 3}), 8 + 3 + 1);
        assertThatThrownBy(() -> Idx.readLabels(stream(file), "long"))
                .isInstanceOf(Idx.IdxFormatException.class)
                .hasMessage("long: the file has bytes after the 3 declared by its header (3 labels)");
    }

    @Test
    void badDimensions() {
        assertThatThrownBy(() -> Idx.readImages(stream(images(1, 0, 28, new byte[0])), "f"))
                .hasMessage("f: the rows must be positive but the header says 0");
        assertThatThrownBy(() -> Idx.readImages(stream(images(-1, 28, 28, new byte[0])), "f"))
                .hasMessage("f: the image count must be non-negative but the header says -1");
        // a corrupt count must not make the reader allocate what the header claims
        assertThatThrownBy(() -> Idx.readImages(stream(images(60_000, 28_000, 28_000, new byte[10])), "f"))
                .hasMessageContaining("exceed what one array holds");
        assertThatThrownBy(() -> Idx.readLabels(stream(labels(Integer.MAX_VALUE, new byte[10])), "f"))
                .hasMessage("f: the header declares 2147483647 labels (2147483647 bytes) but only 10 bytes follow");
    }

    @Test
    void damagedGzip() throws IOException {
        byte[] zipped = gzip(images(2, 3, 4, new byte[24]));
        byte[] cut = Arrays.copyOf(zipped, zipped.length - 12);
        assertThatThrownBy(() -> Idx.readImages(stream(cut), "cut.gz"))
                .isInstanceOf(Idx.IdxFormatException.class)
                .hasMessageStartingWith("cut.gz: the compressed data is damaged or cut short while reading 2 images of 3 x 4 pixels");
    }

    @Test
    void fashionMnist_readsRowsAsStepsScaledToOne() throws IOException {
        byte[] pixels = new byte[3 * 28 * 28];
        for (int i = 0; i < 3; i++) {
            pixels[i * 784 + 5 * 28 + 7] = (byte) 255; // image i, row 5, column 7
            pixels[i * 784 + 27 * 28 + 27] = (byte) 51;
        }
        assertThat(FashionMnist.missingFiles(dir)).hasSize(4);
        for (String split : new String[] {"train", "t10k"}) {
            Files.write(dir.resolve(split + "-images-idx3-ubyte.gz"), gzip(images(3, 28, 28, pixels)));
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), labels(new byte[] {7, 0, 9}));
        }
        assertThat(FashionMnist.missingFiles(dir)).isEmpty();

        FashionMnist.Split split = FashionMnist.load(dir, FashionMnist.TRAIN, 2);
        assertThat(split.x().shape()).containsExactly(2, 28, 28);
        assertThat(split.labels()).containsExactly(7, 0);
        assertThat(split.x().get(1, 5, 7)).isEqualTo(1f);
        assertThat(split.x().get(1, 27, 27)).isCloseTo(0.2f, within(1e-7f));
        assertThat(split.x().get(1, 7, 5)).isZero();
        assertThat(FashionMnist.load(dir, FashionMnist.TEST, Integer.MAX_VALUE).samples()).isEqualTo(3);
    }

    @Test
    void fashionMnist_refusesLabelsBeyondTenAndMismatchedCounts() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(2, 28, 28, new byte[2 * 784]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(new byte[] {3, 10}));
        assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.TRAIN, 10))
                .hasMessageEndingWith("train-labels-idx1-ubyte: label 10 at [1] is outside [0, 10)");
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(new byte[] {3}));
        assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.TRAIN, 10))
                .hasMessageContaining("has 2 images but").hasMessageEndingWith("has 1 labels");
        assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.TEST, 10))
                .hasMessageContaining("t10k-images-idx3-ubyte.gz exists; install the data with: sudo apt-get install dataset-fashion-mnist");
    }

    private static byte[] images(int count, int rows, int columns, byte[] pixels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(Idx.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(columns);
            out.write(pixels);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(byte[] values) {
        return labels(values.length, values);
    }

    private static byte[] labels(int declared, byte[] values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(Idx.LABELS_MAGIC);
            out.writeInt(declared);
            out.write(values);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static ByteArrayInputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
