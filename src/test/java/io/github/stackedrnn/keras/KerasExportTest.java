package io.github.stackedrnn.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.optim.Sgd;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java -> .keras -> Java gives bit-identical predictions and the same configuration; and the exported
 * files, with the Java predictions beside them, are left in {@code target/keras-export} for
 * {@code interop/keras_check.py} to check with real Keras.
 */
class KerasExportTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripPredictsBitForBit() throws IOException {
        for (Map.Entry<String, KerasModel> e : ExportModels.all().entrySet()) {
            KerasModel original = e.getValue();
            StackedRnnModel model = original.model();
            Path file = tmp.resolve(e.getKey() + ".keras");
            KerasModels.save(original, file);
            KerasModel back = KerasModels.open(file);
            Tensor x = ExportModels.input(model.inputFeatures(), 3, 5, new SplittableRandom(11), original.maskValue().isPresent());
            assertThat(back.predict(x).toFloatArray()).as(e.getKey()).isEqualTo(original.predict(x).toFloatArray());
            assertThat(back.model().getWeights()).as(e.getKey()).isEqualTo(model.getWeights());
            assertThat(back.model().layerNames()).isEqualTo(model.layerNames());
            assertThat(back.model().name()).isEqualTo(model.name());
            assertThat(back.model().optimizer()).as(e.getKey()).isEqualTo(model.optimizer());
            assertThat(back.model().loss()).isEqualTo(model.loss());
            assertThat(back.maskValue()).isEqualTo(original.maskValue());
            for (int i = 0; i < model.layers().size(); i++) {
                Layer l = model.layers().get(i);
                boolean softmaxAsDenseLayer = l instanceof DenseLayer d && d.activation().kerasName().equals("softmax")
                        && d.kernelL2() == 0 && d.biasL2() == 0;
                if (!softmaxAsDenseLayer) { // comes back as the equivalent DenseSoftmaxLayer
                    // the same configuration; the name was the model's default and is now set
                    assertThat(back.model().layers().get(i).toString().replaceAll(", name=[^,}]*", ""))
                            .as(e.getKey()).isEqualTo(l.toString().replaceAll(", name=[^,}]*", ""));
                }
            }
            try (ZipFile zip = new ZipFile(file.toFile())) {
                assertThat(zip.stream().map(z -> z.getName())).containsExactly("metadata.json", "config.json", "model.weights.h5");
            }
        }
    }

    @Test
    void keras2HardSigmoidIsRefusedBeforeAnythingIsWritten() {
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(2)
                .add(io.github.stackedrnn.layer.GruLayer.builder(3).returnSequences(true).build())
                .add(io.github.stackedrnn.layer.Bidirectional.builder(io.github.stackedrnn.layer.LstmLayer.builder(3)
                        .recurrentActivation(io.github.stackedrnn.layer.GateActivation.HARD_SIGMOID_KERAS2).build()).build())
                .add(io.github.stackedrnn.layer.DenseSoftmaxLayer.builder(2).build()).seed(1).build();
        Path file = tmp.resolve("keras2.keras");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KerasModels.save(model, file))
                .isInstanceOf(io.github.stackedrnn.io.ModelFormatException.class)
                .hasMessage("Bidirectional 'bidirectional' at layer 1 has recurrentActivation HARD_SIGMOID_KERAS2, Keras 2's "
                        + "hard_sigmoid clip(0.2·x + 0.5, 0, 1), which Keras 3 does not have (its hard_sigmoid is relu6(x + 3) / 6, "
                        + "other numbers); a .keras file cannot hold this model: use SIGMOID or HARD_SIGMOID (layer 1 'bidirectional')");
        assertThat(file).doesNotExist();
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void writesTheModelsForTheKerasCheckScript() throws IOException {
        Path out = Paths.get("target", "keras-export");
        Files.createDirectories(out);
        for (Map.Entry<String, KerasModel> e : ExportModels.all().entrySet()) {
            KerasModel m = e.getValue();
            KerasModels.save(m, out.resolve(e.getKey() + ".keras"));
            Tensor x = ExportModels.input(m.model().inputFeatures(), 3, 5, new SplittableRandom(13), m.maskValue().isPresent());
            JsonObject io = new JsonObject();
            io.add("input", array(x));
            io.add("input_shape", shape(x.shape()));
            Tensor p = m.predict(x);
            io.add("java_predictions", array(p));
            io.add("prediction_shape", shape(p.shape()));
            io.add("optimizer", optimizerSettings(m.model().optimizer()));
            io.addProperty("loss", m.model().loss().kerasName());
            JsonArray dropouts = new JsonArray(); // [name, rate, seed or null] of each Dropout layer, in order
            for (int i = 0; i < m.model().layers().size(); i++) {
                if (m.model().layers().get(i) instanceof io.github.stackedrnn.layer.DropoutLayer d) {
                    JsonArray entry = new JsonArray();
                    entry.add(m.model().layerNames().get(i));
                    entry.add(d.rate());
                    entry.add(d.seed().isPresent() ? new com.google.gson.JsonPrimitive(d.seed().getAsLong())
                            : com.google.gson.JsonNull.INSTANCE);
                    dropouts.add(entry);
                }
            }
            io.add("dropout", dropouts);
            Files.writeString(out.resolve(e.getKey() + ".java.json"), io.toString(), StandardCharsets.UTF_8);
        }
        assertThat(Files.list(out).filter(f -> f.toString().endsWith(".keras")).count()).isGreaterThanOrEqualTo(8);
    }

    /** What Keras's optimizer.get_config() must say, from the Java optimizer's getters. */
    private static JsonObject optimizerSettings(Optimizer o) {
        JsonObject c = new JsonObject();
        if (o instanceof Adam a) {
            c.addProperty("class_name", "Adam");
            c.addProperty("beta_1", a.beta1());
            c.addProperty("beta_2", a.beta2());
            c.addProperty("epsilon", a.epsilon());
            c.addProperty("amsgrad", a.amsgrad());
        } else if (o instanceof Sgd g) {
            c.addProperty("class_name", "SGD");
            c.addProperty("momentum", g.momentum());
            c.addProperty("nesterov", g.nesterov());
        } else {
            RmsProp r = (RmsProp) o;
            c.addProperty("class_name", "RMSprop");
            c.addProperty("rho", r.rho());
            c.addProperty("momentum", r.momentum());
            c.addProperty("centered", r.centered());
        }
        BaseSettings b = BaseSettings.of(o);
        if (b.schedule == null) {
            c.addProperty("learning_rate", b.rate);
        }
        b.weightDecay.ifPresent(v -> c.addProperty("weight_decay", v));
        b.clipNorm.ifPresent(v -> c.addProperty("clipnorm", v));
        b.clipValue.ifPresent(v -> c.addProperty("clipvalue", v));
        b.globalClipNorm.ifPresent(v -> c.addProperty("global_clipnorm", v));
        return c;
    }

    private record BaseSettings(double rate, Object schedule, OptionalDouble weightDecay, OptionalDouble clipNorm,
                                OptionalDouble clipValue, OptionalDouble globalClipNorm) {
        static BaseSettings of(Optimizer o) {
            if (o instanceof Adam a) {
                return new BaseSettings(a.learningRate(), a.learningRateSchedule().orElse(null), a.weightDecay(), a.clipNorm(),
                        a.clipValue(), a.globalClipNorm());
            }
            if (o instanceof Sgd g) {
                return new BaseSettings(g.learningRate(), g.learningRateSchedule().orElse(null), g.weightDecay(), g.clipNorm(),
                        g.clipValue(), g.globalClipNorm());
            }
            RmsProp r = (RmsProp) o;
            return new BaseSettings(r.learningRate(), r.learningRateSchedule().orElse(null), r.weightDecay(), r.clipNorm(),
                    r.clipValue(), r.globalClipNorm());
        }
    }

    private static JsonArray array(Tensor t) {
        JsonArray a = new JsonArray();
        for (float v : t.toFloatArray()) {
            a.add(v);
        }
        return a;
    }

    private static JsonArray shape(int[] s) {
        JsonArray a = new JsonArray();
        for (int d : s) {
            a.add(d);
        }
        return a;
    }
}
