package io.github.stackedrnn.keras;

import com.google.gson.JsonArray;
import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.NormalizationLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keras's adapted {@code Normalization} as the first layer (fixtures {@code extra/normalization_gru} and
 * {@code extra/normalization_masked}, written by real Keras 3.15.1: {@code make_fixtures.py normalization}):
 * every format reproduces Keras's predictions on raw inputs within 1e-5, the layer holds the file's
 * statistics, and a weights-only file fills an un-adapted layer.
 */
class KerasNormalizationTest {
    @ParameterizedTest
    @ValueSource(strings = {"normalization_gru", "normalization_masked"})
    void everyFormatReproducesKerasOnRawInputs(String name) throws IOException {
        KerasFixture f = new KerasFixture("extra", name);
        Tensor x = f.input();
        Tensor expected = f.expected();
        KerasModel fromKeras = KerasModels.open(f.file(".keras"));
        KerasImportTest.assertClose(fromKeras.predict(x), expected, name + ".keras");
        KerasModel fromH5 = KerasModels.open(f.file(".h5"));
        KerasImportTest.assertClose(fromH5.predict(x), expected, name + ".h5");

        // the layer holds Keras's statistics: mean, variance (float32, exact), count (Keras 3's adapt leaves it 0)
        JsonArray stats = f.io.getAsJsonArray("normalization_weights");
        NormalizationLayer norm = (NormalizationLayer) fromKeras.model().layers().get(0);
        assertThat(norm.mean()).containsExactly(floats(stats.get(0).getAsJsonArray()));
        assertThat(norm.variance()).containsExactly(floats(stats.get(1).getAsJsonArray()));
        assertThat(norm.count()).isEqualTo(stats.get(2).getAsJsonArray().get(0).getAsLong());
        assertThat(fromKeras.model().summary().nonTrainableParameters()).isEqualTo(7);
        assertThat(fromH5.model().layers()).isEqualTo(fromKeras.model().layers());

        // weights only, into a Java model whose Normalization is not adapted
        StackedRnnModel.Builder b = StackedRnnModel.builder().seed(5);
        b.add(NormalizationLayer.unadapted(3));
        for (Layer l : fromKeras.model().layers().subList(1, fromKeras.model().layers().size())) {
            b.add(l);
        }
        StackedRnnModel javaModel = b.build();
        KerasModels.loadWeights(javaModel, f.file(".weights.h5"));
        Tensor p = fromKeras.mask(x).map(m -> javaModel.predict(x, m)).orElseGet(() -> javaModel.predict(x));
        KerasImportTest.assertClose(p, expected, name + ".weights.h5");
    }

    @Test
    void theWeightsOfANormalizationDoNotLoadIntoAModelWithoutOne() {
        KerasFixture f = new KerasFixture("extra", "normalization_gru");
        StackedRnnModel wrong = StackedRnnModel.builder().inputFeatures(3)
                .add(io.github.stackedrnn.layer.GruLayer.builder(4).returnSequences(true).build())
                .add(io.github.stackedrnn.layer.SimpleRnnLayer.builder(3).build())
                .add(io.github.stackedrnn.layer.DenseSoftmaxLayer.builder(2).build()).build();
        assertThatThrownBy(() -> KerasModels.loadWeights(wrong, f.file(".weights.h5"))).isInstanceOf(ModelFormatException.class);
    }

    @Test
    void anotherAxis_invert_orStatisticsInTheConfig_areRefusedNamingTheLayer() throws IOException {
        KerasFixture f = new KerasFixture("extra", "normalization_gru");
        assertThatThrownBy(() -> KerasModels.load(withConfig(f, "\"axis\": [-1]", "\"axis\": [1]")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("Normalization 'normalization'")
                .hasMessageContaining("axis (1) is not supported; supported: -1");
        assertThatThrownBy(() -> KerasModels.load(withConfig(f, "\"axis\": [-1]", "\"axis\": null")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("axis None is not supported");
        assertThatThrownBy(() -> KerasModels.load(withConfig(f, "\"invert\": false", "\"invert\": true")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("invert=True is not supported");
        assertThatThrownBy(() -> KerasModels.load(withConfig(f, "\"mean\": null, \"variance\": null",
                "\"mean\": [1, 2, 3], \"variance\": [1, 1, 1]")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("a mean given in the config is not supported yet");
    }

    /** The fixture's .keras with one edit of its config.json, written to a temporary file. */
    private static Path withConfig(KerasFixture f, String from, String to) throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(f.file(".keras").toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                members.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        String config = new String(members.get("config.json"), StandardCharsets.UTF_8);
        String edited = config.replace(from, to);
        assertThat(edited).isNotEqualTo(config);
        members.put("config.json", edited.getBytes(StandardCharsets.UTF_8));
        Path file = Files.createTempFile("normalization", ".keras");
        file.toFile().deleteOnExit();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
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
        return file;
    }

    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }
}
