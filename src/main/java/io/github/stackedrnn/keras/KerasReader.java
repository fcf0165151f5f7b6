package io.github.stackedrnn.keras;

import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.DropoutLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.NormalizationLayer;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Keras file into a model: detects the format, reads the config into a {@link ModelSpec} (which
 * refuses what the library cannot build), reads and checks every weight, and only then builds the model.
 */
final class KerasReader {
    /** The seed of imported models: their weights come from the file; the seed drives shuffling and dropout. */
    static final long IMPORT_SEED = 0;

    private KerasReader() {
    }

    static KerasModel read(Path path, boolean compile) throws IOException {
        String file = path.getFileName().toString();
        byte[] head = head(path);
        if (KerasArchive.looksLikeZip(head)) {
            KerasArchive archive = KerasArchive.read(path);
            String configMember = KerasArchive.CONFIG + " in " + file;
            Json root = Json.parse(utf8(archive.config, configMember), configMember);
            String version = null;
            if (archive.metadata != null) {
                String metadataMember = KerasArchive.METADATA + " in " + file;
                Json metadata = Json.parse(utf8(archive.metadata, metadataMember), metadataMember);
                version = metadata.isObject() && metadata.get("keras_version").isString() ? metadata.get("keras_version").string() : null;
            }
            ModelSpec spec = ConfigReader.read(root, version);
            if (compile) {
                CompileReader.read(root.get("compile_config"), spec);
            }
            List<Tensor> weights;
            try (Hdf5Reader h5 = Hdf5Reader.open(archive.weights, KerasArchive.WEIGHTS + " in " + file)) {
                weights = WeightsReader.keras3(h5, spec.layers);
            }
            return build(spec, weights, version, configMember);
        }
        byte[] bytes = KerasArchive.readFile(path);
        try (Hdf5Reader h5 = Hdf5Reader.open(bytes, file)) {
            String config = h5.string("", "model_config").orElseThrow(() -> new KerasFormatError(file,
                    "has no model_config attribute: a weights-only file; build the model in Java and use "
                            + "KerasModels.loadWeights(model, path)"));
            String configMember = "model_config attribute of " + file;
            Json root = Json.parse(config, configMember);
            String version = h5.string("", "keras_version").orElse(null);
            ModelSpec spec = ConfigReader.read(root, version);
            if (compile) {
                h5.string("", "training_config").ifPresent(t -> {
                    String member = "training_config attribute of " + file;
                    CompileReader.read(Json.parse(t, member), spec);
                });
            }
            List<Tensor> weights = WeightsReader.legacy(h5, "model_weights", spec.layers, true);
            return build(spec, weights, version, configMember);
        }
    }

    private static KerasModel build(ModelSpec spec, List<Tensor> weights, String version, String configMember) {
        StackedRnnModel.Builder b = StackedRnnModel.builder().name(spec.name).inputFeatures(spec.inputFeatures).seed(IMPORT_SEED);
        for (MappedLayer layer : spec.layers) {
            b.add(layer.layer() instanceof NormalizationLayer n ? adapted(n, weights, configMember) : layer.layer());
        }
        if (spec.loss != null) {
            b.loss(spec.loss);
        }
        if (spec.optimizer != null) {
            b.optimizer(spec.optimizer);
        }
        StackedRnnModel model;
        try {
            model = b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new KerasFormatError(configMember, "the library cannot build this model: " + e.getMessage(), e);
        }
        model.setWeights(weights);
        return new KerasModel(model, spec.maskValue, spec.notes, version);
    }

    /** A Normalization layer holding the statistics its weights (the model's first three) hold. */
    private static NormalizationLayer adapted(NormalizationLayer n, List<Tensor> weights, String configMember) {
        float count = weights.get(2).toFloatArray()[0];
        try {
            if (count < 0 || count != Math.rint(count)) {
                throw new IllegalArgumentException("its count is " + count + "; it must be a whole number >= 0");
            }
            NormalizationLayer a = NormalizationLayer.of(weights.get(0).toFloatArray(), weights.get(1).toFloatArray(), (long) count);
            return n.name().isPresent() ? a.withName(n.name().get()) : a;
        } catch (IllegalArgumentException e) {
            throw new KerasFormatError(configMember, n.name().orElse("normalization") + " (Normalization): " + e.getMessage(), e);
        }
    }

    /** Loads a weights file into a model built in Java with the same layers. */
    static void readWeights(StackedRnnModel model, Path path) throws IOException {
        String file = path.getFileName().toString();
        byte[] head = head(path);
        byte[] bytes;
        String where;
        if (KerasArchive.looksLikeZip(head)) {
            bytes = KerasArchive.read(path).weights;
            where = KerasArchive.WEIGHTS + " in " + file;
        } else {
            bytes = KerasArchive.readFile(path);
            where = file;
        }
        List<Tensor> weights;
        try (Hdf5Reader h5 = Hdf5Reader.open(bytes, where)) {
            if (WeightsReader.isKeras3(h5)) {
                weights = WeightsReader.keras3(h5, layersOf(model, h5));
            } else if (h5.isGroup("model_weights")) {
                weights = WeightsReader.legacy(h5, "model_weights", layersOf(model, null), false);
            } else {
                weights = WeightsReader.legacy(h5, "", layersOf(model, null), false);
            }
        }
        model.setWeights(weights);
    }

    /**
     * The model's layers as Keras 3 grouped their weights. A Dense layer of the model may have been a
     * {@code Dense} or a {@code TimeDistributed(Dense)} in Keras (the same per-step layer); Keras 3 names the
     * groups by class, counting each class in order ({@code layers/dense}, {@code layers/dense_1}, ...,
     * {@code layers/time_distributed}), so the file's groups say how many were of each class, and the
     * weights' shapes which ones: {@link DenseClasses} finds the one assignment that fits.
     */
    private static List<MappedLayer> layersOf(StackedRnnModel model, Hdf5Reader keras3) {
        boolean[] timeDistributed = keras3 == null ? new boolean[model.layers().size()] : DenseClasses.of(model, keras3);
        return mapped(model, timeDistributed);
    }

    /** The layers mapped with {@code timeDistributed[i]} telling which Dense layers are TimeDistributed. */
    static List<MappedLayer> mapped(StackedRnnModel model, boolean[] timeDistributed) {
        ModelSpec spec = new ModelSpec(model.name());
        spec.inputFeatures = model.inputFeatures();
        List<MappedLayer> out = new ArrayList<>();
        List<String> names = model.layerNames();
        int in = model.inputFeatures();
        for (int i = 0; i < model.layers().size(); i++) {
            Layer layer = model.layers().get(i);
            String group;
            String cls;
            if (layer instanceof NormalizationLayer || layer instanceof Bidirectional || layer instanceof DropoutLayer) {
                cls = layer.kerasType();
                group = spec.keras3Group(cls);
            } else if (layer instanceof RecurrentLayer) {
                cls = layer.kerasType();
                group = spec.keras3Group(cls) + "/cell";
            } else {
                cls = timeDistributed[i] ? "TimeDistributed" : "Dense";
                group = spec.keras3Group(cls) + (timeDistributed[i] ? "/layer" : "");
            }
            out.add(new MappedLayer(i, cls, names.get(i), layer, in, group));
            in = layer instanceof DropoutLayer ? in : layer.outputSize();
        }
        return out;
    }

    private static byte[] head(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(8);
        }
    }

    private static String utf8(byte[] bytes, String member) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new KerasFormatError(member, "not UTF-8 text", e);
        }
    }
}
