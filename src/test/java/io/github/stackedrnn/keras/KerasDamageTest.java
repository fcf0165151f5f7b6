package io.github.stackedrnn.keras;

import io.github.stackedrnn.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each kind of damage the issue names gets a ModelFormatException with the member and the path inside it. */
class KerasDamageTest {
    @TempDir
    Path tmp;

    private KerasFixture fixture = new KerasFixture("keras3", "simple_rnn_stack");

    @Test
    void wrongJsonTypeNamesTheMemberAndKeyPath() throws IOException {
        Path file = withConfig(c -> c.replaceFirst("\"units\": 8", "\"units\": \"8\""));
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("expected a number, got \"8\" (config.json in damaged.keras, config.layers[1].config.units)");
    }

    @Test
    void functionalModelThatIsNotAChainIsRefused() throws IOException {
        fixture = new KerasFixture("extra", "functional_chain");
        // the head reads the input layer instead of the last SimpleRNN: a skip, not a chain
        Path file = withConfig(c -> c.replaceFirst("\"keras_history\": \\[\"simple_rnn_1\", 0, 0\\]",
                "\"keras_history\": [\"input_layer\", 0, 0]"));
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("Dense 'dense' at layer 2 is not called once on the output of 'simple_rnn_1' "
                        + "(inputs [input_layer], 1 calls); supported: functional models that are a single chain");
    }

    @Test
    void invalidJsonIsRefused() throws IOException {
        Path file = withConfig(c -> c.substring(0, c.length() / 2));
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("not valid JSON: ")
                .hasMessageEndingWith("(config.json in damaged.keras)");
    }

    @Test
    void weightShapeThatDisagreesWithTheConfigNamesTheDataset() throws IOException {
        // the first layer claims 9 units; the file's kernel is [3, 8]
        Path file = withConfig(c -> c.replaceFirst("\"units\": 8", "\"units\": 9"));
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("shape [3, 8] does not match the config, which implies [3, 9] "
                        + "(model.weights.h5 in damaged.keras, layers/simple_rnn/cell/vars/0)");
    }

    @Test
    void bidirectionalWithoutAMergeModeIsRefused() throws IOException {
        fixture = new KerasFixture("keras3", "bidirectional_lstm_concat");
        Path file = withConfig(c -> c.replaceFirst("\"merge_mode\": \"concat\"", "\"merge_mode\": null"));
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("Bidirectional 'bidirectional' at layer 0: merge_mode=None (two separate outputs) is "
                        + "not supported; supported: concat, sum, mul, ave (config.json in damaged.keras, config.layers[1].config)");
    }

    @Test
    void bidirectionalWhoseBackwardLayerDiffersIsRefused() throws IOException {
        fixture = new KerasFixture("keras3", "bidirectional_lstm_concat");
        Path file = withConfig(c -> {
            int backward = c.indexOf("\"backward_layer\"");
            return c.substring(0, backward) + c.substring(backward).replaceFirst("\"activation\": \"tanh\"", "\"activation\": \"relu\"");
        });
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("LSTM 'backward_lstm' at layer 0 in Bidirectional 'bidirectional' at layer 0: the "
                        + "backward layer's settings differ from the forward layer's");
    }

    @Test
    void hardSigmoidIsTheFunctionOfTheVersionThatWroteTheFile() throws IOException {
        fixture = new KerasFixture("keras3", "lstm_stack");
        Map<String, byte[]> m = members();
        m.put("metadata.json", "{\"keras_version\": \"2.13.1\"}".getBytes(StandardCharsets.UTF_8));
        m.put("config.json", new String(m.get("config.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"recurrent_activation\": \"sigmoid\"", "\"recurrent_activation\": \"hard_sigmoid\"")
                .getBytes(StandardCharsets.UTF_8));
        // Keras 2 wrote it: Keras 2's clip(0.2·x + 0.5, 0, 1)
        assertThat(((io.github.stackedrnn.layer.LstmLayer) KerasModels.load(write(m)).layers().get(0)).recurrentActivation())
                .isEqualTo(io.github.stackedrnn.layer.GateActivation.HARD_SIGMOID_KERAS2);
        // the same file as Keras 3 wrote it loads, with Keras 3's hard sigmoid
        m.put("metadata.json", "{\"keras_version\": \"3.15.1\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(((io.github.stackedrnn.layer.LstmLayer) KerasModels.load(write(m)).layers().get(0)).recurrentActivation())
                .isEqualTo(io.github.stackedrnn.layer.GateActivation.HARD_SIGMOID);
        // a file that does not say which Keras wrote it is refused: the two functions give other numbers
        m.put("metadata.json", "{}".getBytes(StandardCharsets.UTF_8));
        Path unknown = write(m);
        assertThatThrownBy(() -> KerasModels.load(unknown))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("LSTM 'lstm' at layer 0: recurrent_activation hard_sigmoid in a file that names no "
                        + "keras_version: Keras 2's is clip(0.2·x + 0.5, 0, 1), Keras 3's relu6(x + 3) / 6");
    }

    @Test
    void missingMemberIsNamed() throws IOException {
        Map<String, byte[]> m = members();
        m.remove("model.weights.h5");
        Path file = write(m);
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("the archive has no model.weights.h5 (damaged.keras)");
    }

    @Test
    void truncatedZipIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture.file(".keras"));
        Path file = tmp.resolve("damaged.keras");
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("damaged zip archive: ")
                .hasMessageEndingWith("(damaged.keras)");
    }

    @Test
    void memberDataThatFailsItsChecksumIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture.file(".keras"));
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"units\": 8");
        bytes[at + 9] = '9';
        Path file = tmp.resolve("damaged.keras");
        Files.write(file, bytes);
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("CRC-32 mismatch")
                .hasMessageEndingWith("(config.json in damaged.keras)");
    }

    @Test
    void aZipEntryThatClaimsMoreThanTheArchiveHoldsIsRefusedBeforeAllocating() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture.file(".keras"));
        // the weights member's size in its central-directory record: 0x7fff0000 bytes
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int cen = s.lastIndexOf("PK\u0001\u0002");
        assertThat(s.substring(cen + 46, cen + 46 + 16)).isEqualTo("model.weights.h5");
        bytes[cen + 24] = 0;
        bytes[cen + 25] = 0;
        bytes[cen + 26] = (byte) 0xff;
        bytes[cen + 27] = 0x7f;
        Path file = tmp.resolve("damaged.keras");
        Files.write(file, bytes);
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("declares 2147418112 bytes, more than an archive of " + bytes.length + " bytes can hold");
    }

    @Test
    void notAKerasFileIsRefused() throws IOException {
        Path file = tmp.resolve("notes.h5");
        Files.writeString(file, "hello");
        assertThatThrownBy(() -> KerasModels.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("not an HDF5 file (no HDF5 signature at byte 0) (notes.h5)");
    }

    @Test
    void aMissingDependencyNamesTheArtifact() {
        assertThat(KerasModels.missingDependency(new NoClassDefFoundError("io/jhdf/HdfFile")))
                .hasMessageStartingWith("Keras files need io.jhdf:jhdf:0.13.0 on the class path");
        assertThat(KerasModels.missingDependency(new NoClassDefFoundError("com/google/gson/JsonObject")))
                .hasMessageStartingWith("Keras files need com.google.code.gson:gson:2.13.2 on the class path");
        assertThat(KerasModels.missingDependency(new NoClassDefFoundError("com/ning/compress/lzf/LZFException")))
                .hasMessageStartingWith("Keras files need com.ning:compress-lzf (a dependency of io.jhdf:jhdf:0.13.0");
    }

    private Path withConfig(UnaryOperator<String> edit) throws IOException {
        Map<String, byte[]> m = members();
        String config = new String(m.get("config.json"), StandardCharsets.UTF_8);
        // config.json is one line; put spaces the edits can find
        String edited = edit.apply(config);
        assertThat(edited).isNotEqualTo(config);
        m.put("config.json", edited.getBytes(StandardCharsets.UTF_8));
        return write(m);
    }

    private Map<String, byte[]> members() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(fixture.file(".keras").toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                out.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    private Path write(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
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
        Path file = tmp.resolve("damaged.keras");
        Files.write(file, bytes.toByteArray());
        return file;
    }
}
