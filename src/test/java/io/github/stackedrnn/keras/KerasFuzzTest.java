package io.github.stackedrnn.keras;

import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Damages valid Keras files at many offsets and checks that every result is a
 * {@link ModelFormatException} or a load, never another exception, a hang or an out-of-memory error:
 * raw bytes of a {@code .keras} (local headers, member data, the zip's central directory; the members'
 * CRC-32 makes every load after such damage a correct one, asserted bit for bit), the members inside it
 * with their CRC recomputed (so the damage reaches the JSON parser and the HDF5 reader), a legacy
 * {@code .h5} (superblock, object headers, attributes, data), one with chunked gzip datasets, a
 * Bidirectional LSTM {@code .keras} and its members, and truncations.
 */
class KerasFuzzTest {
    @TempDir
    Path tmp;

    private final Map<String, Integer> outcomes = new TreeMap<>();

    @Test
    void damagedFilesAreRefusedOrLoadCorrectly() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), this::fuzz);
    }

    private void fuzz() throws IOException {
        KerasFixture f = new KerasFixture("keras3", "masked_simple_rnn");
        Tensor x = f.input();
        byte[] keras = Files.readAllBytes(f.file(".keras"));
        byte[] h5 = Files.readAllBytes(f.file(".h5"));
        float[] expected = KerasModels.open(f.file(".keras")).predict(x).toFloatArray();
        SplittableRandom random = new SplittableRandom(20261201);

        // raw .keras: CRC-32 guards the members, so a load must predict exactly as the undamaged file
        for (int offset : offsets(keras.length, 100, random)) {
            byte[] damaged = keras.clone();
            damaged[offset] ^= (byte) (1 + random.nextInt(255));
            float[] p = attempt("keras byte " + offset, damaged, ".keras", x);
            if (p != null) {
                assertThat(p).as("load after damage at byte " + offset).isEqualTo(expected);
            }
        }
        // the members themselves, re-zipped with a correct CRC
        Map<String, byte[]> members = members(f.file(".keras"));
        for (String member : members.keySet()) {
            byte[] original = members.get(member);
            for (int offset : offsets(original.length, member.endsWith(".h5") ? 100 : 40, random)) {
                byte[] damaged = original.clone();
                damaged[offset] = member.endsWith(".json") && random.nextBoolean()
                        ? (byte) "{}[]\",:0e-.n\\".charAt(random.nextInt(13)) : (byte) (damaged[offset] ^ (1 + random.nextInt(255)));
                Map<String, byte[]> copy = new LinkedHashMap<>(members);
                copy.put(member, damaged);
                attempt(member + " byte " + offset, zip(copy), ".keras", x);
            }
            for (int length : truncations(original.length, random)) {
                Map<String, byte[]> copy = new LinkedHashMap<>(members);
                copy.put(member, java.util.Arrays.copyOf(original, length));
                attempt(member + " truncated to " + length, zip(copy), ".keras", x);
            }
            Map<String, byte[]> without = new LinkedHashMap<>(members);
            without.remove(member);
            attempt("without " + member, zip(without), ".keras", x);
        }
        // legacy .h5: no checksums, so damaged weight values may load (shapes and finiteness are checked)
        for (int offset : offsets(h5.length, 150, random)) {
            byte[] damaged = h5.clone();
            damaged[offset] ^= (byte) (1 + random.nextInt(255));
            attempt("h5 byte " + offset, damaged, ".h5", x);
        }
        // chunked gzip datasets: damage reaches jhdf's B-tree of chunks and the inflater
        byte[] gzip = Files.readAllBytes(f.dir.resolveSibling("extra").resolve("simple_rnn_stack_gzip.h5"));
        for (int offset : offsets(gzip.length, 80, random)) {
            byte[] damaged = gzip.clone();
            damaged[offset] ^= (byte) (1 + random.nextInt(255));
            attempt("gzip h5 byte " + offset, damaged, ".h5", new KerasFixture("keras3", "simple_rnn_stack").input());
        }
        // a Bidirectional LSTM stack: its config (nested layer configs) and weight groups (forward_layer, backward_layer)
        KerasFixture bi = new KerasFixture("keras3", "bidirectional_lstm_concat");
        byte[] biKeras = Files.readAllBytes(bi.file(".keras"));
        float[] biExpected = KerasModels.open(bi.file(".keras")).predict(bi.input()).toFloatArray();
        for (int offset : offsets(biKeras.length, 60, random)) {
            byte[] damaged = biKeras.clone();
            damaged[offset] ^= (byte) (1 + random.nextInt(255));
            float[] p = attempt("bidirectional keras byte " + offset, damaged, ".keras", bi.input());
            if (p != null) {
                assertThat(p).as("bidirectional load after damage at byte " + offset).isEqualTo(biExpected);
            }
        }
        Map<String, byte[]> biMembers = members(bi.file(".keras"));
        for (String member : List.of("config.json", "model.weights.h5")) {
            byte[] original = biMembers.get(member);
            for (int offset : offsets(original.length, 50, random)) {
                byte[] damaged = original.clone();
                damaged[offset] = member.endsWith(".json") && random.nextBoolean()
                        ? (byte) "{}[]\",:0e-.n\\".charAt(random.nextInt(13)) : (byte) (damaged[offset] ^ (1 + random.nextInt(255)));
                Map<String, byte[]> copy = new LinkedHashMap<>(biMembers);
                copy.put(member, damaged);
                attempt("bidirectional " + member + " byte " + offset, zip(copy), ".keras", bi.input());
            }
        }
        for (int length : truncations(keras.length, random)) {
            attempt("keras truncated to " + length, java.util.Arrays.copyOf(keras, length), ".keras", x);
        }
        for (int length : truncations(h5.length, random)) {
            attempt("h5 truncated to " + length, java.util.Arrays.copyOf(h5, length), ".h5", x);
        }
        assertThat(outcomes.getOrDefault("refused", 0)).as(outcomes.toString()).isGreaterThan(400);
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).as(outcomes.toString()).isGreaterThan(1100);
        assertThat(outcomes.keySet()).as(outcomes.toString()).isSubsetOf("refused", "loaded");
    }

    /** @return the predictions if the damaged file loaded, null if it was refused */
    private float[] attempt(String what, byte[] bytes, String suffix, Tensor x) throws IOException {
        Path file = tmp.resolve("damaged" + suffix);
        Files.write(file, bytes);
        try {
            KerasModel m = KerasModels.open(file);
            float[] p = m.predict(x).toFloatArray();
            outcomes.merge("loaded", 1, Integer::sum);
            return p;
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).as(what).isNotBlank();
            outcomes.merge("refused", 1, Integer::sum);
            return null;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": " + e, e);
        }
    }

    /** The first 64 bytes (headers), the last 64 (the zip directory, HDF5 heaps), and random ones between. */
    private static List<Integer> offsets(int length, int count, SplittableRandom random) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Math.min(64, length); i++) {
            out.add(i);
        }
        for (int i = Math.max(64, length - 64); i < length; i++) {
            out.add(i);
        }
        for (int i = 0; i < count && length > 128; i++) {
            out.add(64 + random.nextInt(length - 128));
        }
        return out;
    }

    private static List<Integer> truncations(int length, SplittableRandom random) {
        List<Integer> out = new ArrayList<>(List.of(0, 1, 4, 8, 30, length / 2, length - 1));
        for (int i = 0; i < 10; i++) {
            out.add(random.nextInt(length));
        }
        return out;
    }

    private static Map<String, byte[]> members(Path keras) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(keras.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                out.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    private static byte[] zip(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                ZipEntry e = new ZipEntry(m.getKey());
                e.setMethod(ZipEntry.STORED);
                e.setSize(m.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(m.getValue());
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(m.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
