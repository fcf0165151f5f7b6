package io.github.stackedrnn.keras;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.DropoutLayer;
import io.github.stackedrnn.layer.GateActivation;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.NormalizationLayer;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.io.ModelFormatException;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.CosineDecay;
import io.github.stackedrnn.optim.ExponentialDecay;
import io.github.stackedrnn.optim.LearningRateSchedule;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.optim.PiecewiseConstantDecay;
import io.github.stackedrnn.optim.RmsProp;
import io.github.stackedrnn.optim.Sgd;
import io.github.stackedrnn.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.OptionalDouble;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a model as a Keras 3 {@code .keras} file: {@code metadata.json}, {@code config.json} (the
 * Sequential config with the compile config) and {@code model.weights.h5} (jhdf's writer: one float32
 * dataset per variable under {@code layers/<class group>/[cell/]vars/<i>}), all members stored, as
 * Keras writes them. The optimizer's state is not written: Keras starts the loaded optimizer afresh.
 */
final class KerasWriter {
    /** The Keras version whose format the file follows (and that {@code interop/keras_check.py} loads it with). */
    static final String KERAS_VERSION = "3.15.1";

    private KerasWriter() {
    }

    static void write(StackedRnnModel model, Double maskValue, Path path) throws IOException {
        refuseWhatKeras3Lacks(model);
        byte[] config = new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().create()
                .toJson(config(model, maskValue)).getBytes(StandardCharsets.UTF_8);
        JsonObject meta = new JsonObject();
        meta.addProperty("keras_version", KERAS_VERSION);
        meta.addProperty("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        byte[] metadata = meta.toString().getBytes(StandardCharsets.UTF_8);
        byte[] weights = weights(model, maskValue, path);

        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(ch);
                ZipOutputStream zip = new ZipOutputStream(out);
                stored(zip, KerasArchive.METADATA, metadata);
                stored(zip, KerasArchive.CONFIG, config);
                stored(zip, KerasArchive.WEIGHTS, weights);
                zip.finish();
                zip.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Keras 3 has no Keras 2 {@code hard_sigmoid} ({@code clip(0.2·x + 0.5, 0, 1)}): its {@code hard_sigmoid}
     * is {@code relu6(x + 3) / 6}, so writing the name would give a model that predicts otherwise. Refused
     * before anything is written.
     */
    static void refuseWhatKeras3Lacks(StackedRnnModel model) throws ModelFormatException {
        List<String> names = model.layerNames();
        for (int i = 0; i < model.layers().size(); i++) {
            Layer layer = model.layers().get(i);
            Layer inner = layer instanceof Bidirectional bi ? bi.layer() : layer;
            GateActivation gates = inner instanceof LstmLayer l ? l.recurrentActivation()
                    : inner instanceof GruLayer g ? g.recurrentActivation() : null;
            if (gates == GateActivation.HARD_SIGMOID_KERAS2) {
                throw new ModelFormatException("layer " + i + " '" + names.get(i) + "'", layer.kerasType() + " '" + names.get(i)
                        + "' at layer " + i + " has recurrentActivation HARD_SIGMOID_KERAS2, Keras 2's hard_sigmoid "
                        + "clip(0.2·x + 0.5, 0, 1), which Keras 3 does not have (its hard_sigmoid is relu6(x + 3) / 6, "
                        + "other numbers); a .keras file cannot hold this model: use SIGMOID or HARD_SIGMOID");
            }
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(315532800000L); // 1980-01-01, as Keras's zipfile writes its JSON members
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    // ---------------------------------------------------------------- model.weights.h5

    private static byte[] weights(StackedRnnModel model, Double maskValue, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".h5.tmp");
        try {
            List<Tensor> w = model.getWeights();
            int next = 0;
            try (WritableHdfFile h5 = HdfFile.write(tmp)) {
                // no empty groups: Keras reads an absent vars group as no variables, and jhdf 0.13.0 writes
                // an empty group that follows a deeper sibling with a broken object header. No attributes
                // either (Keras's "name" on vars groups is informative only; jhdf misaligns its own).
                WritableGroup layers = h5.putGroup("layers");
                ModelSpec names = new ModelSpec(model.name());
                int in = model.inputFeatures();
                java.util.Map<String, WritableGroup> made = new java.util.HashMap<>();
                for (int i = 0; i < model.layers().size(); i++) {
                    Layer layer = model.layers().get(i);
                    String group = names.keras3Group(layer.kerasType()).substring("layers/".length());
                    boolean cell = layer instanceof RecurrentLayer && !(layer instanceof Bidirectional);
                    MappedLayer mapped = new MappedLayer(i, layer.kerasType(), group, layer, in,
                            "layers/" + group + (cell ? "/cell" : ""));
                    if (!mapped.weighted()) {
                        continue; // Keras reads an absent vars group as no variables
                    }
                    List<int[]> shapes = mapped.weightShapes();
                    List<String> varGroups = mapped.keras3VarGroups();
                    int perGroup = shapes.size() / varGroups.size();
                    for (String path : varGroups) {
                        // jhdf looks up no child of a group being written: the groups made so far, by path
                        WritableGroup g = layers;
                        String at = "layers";
                        for (String part : path.substring("layers/".length()).split("/")) {
                            WritableGroup parent = g;
                            at = at + "/" + part;
                            g = made.computeIfAbsent(at, k -> parent.putGroup(part));
                        }
                        WritableGroup vars = g.putGroup("vars");
                        for (int v = 0; v < perGroup; v++) {
                            if (shapes.get(v).length == 0) {
                                // a Normalization's count: Keras's is an integer scalar (int32 on JAX), ours a [1]
                                vars.putDataset(Integer.toString(v), Integer.valueOf((int) w.get(next++).toFloatArray()[0]));
                            } else {
                                put(vars, Integer.toString(v), w.get(next++));
                            }
                        }
                    }
                    in = layer.outputSize();
                }
            }
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void put(WritableGroup group, String name, Tensor t) {
        float[] flat = t.toFloatArray();
        if (t.rank() == 1) {
            group.putDataset(name, flat);
            return;
        }
        int rows = t.dim(0);
        int cols = t.dim(1);
        float[][] m = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, m[r], 0, cols);
        }
        group.putDataset(name, m);
    }

    // ---------------------------------------------------------------- config.json

    static JsonObject config(StackedRnnModel model, Double maskValue) {
        JsonArray layers = new JsonArray();
        int features = model.inputFeatures();
        JsonObject input = new JsonObject();
        input.add("batch_shape", shape(null, null, features));
        input.addProperty("dtype", "float32");
        input.addProperty("sparse", false);
        input.addProperty("name", "input_layer");
        layers.add(entry("InputLayer", input, null));
        if (maskValue != null) {
            JsonObject masking = common("masking");
            masking.addProperty("mask_value", maskValue);
            layers.add(entry("Masking", masking, shape(null, null, features)));
        }
        List<String> names = model.layerNames();
        int in = features;
        boolean sequence = true;
        for (int i = 0; i < model.layers().size(); i++) {
            Layer layer = model.layers().get(i);
            JsonArray builtOn = sequence ? shape(null, null, in) : shape(null, in);
            if (layer instanceof NormalizationLayer) {
                // adapted: the statistics are its weights, so the config's mean and variance stay None
                JsonObject c = common(names.get(i));
                JsonArray axis = new JsonArray();
                axis.add(-1);
                c.add("axis", axis);
                c.addProperty("invert", false);
                c.add("mean", JsonNull.INSTANCE);
                c.add("variance", JsonNull.INSTANCE);
                layers.add(entry("Normalization", c, builtOn));
            } else if (layer instanceof Bidirectional bi) {
                layers.add(entry("Bidirectional", bidirectional(bi, names.get(i), model.weightNames()), builtOn));
                sequence = bi.returnSequences();
                in = bi.outputSize();
            } else if (layer instanceof DropoutLayer d) {
                layers.add(entry("Dropout", dropout(d, names.get(i)), null)); // Keras writes no build_config for it
            } else if (layer instanceof RecurrentLayer r) {
                layers.add(entry(r.kerasType(), recurrent(r, names.get(i), r.goBackwards()), builtOn));
                sequence = r.returnSequences();
                in = r.units();
            } else {
                layers.add(entry("Dense", dense(layer, names.get(i)), builtOn));
                in = layer.outputSize();
            }
        }
        JsonObject config = new JsonObject();
        config.addProperty("name", model.name());
        config.addProperty("trainable", true);
        config.add("dtype", dtype());
        config.add("layers", layers);
        JsonObject root = new JsonObject();
        root.addProperty("module", "keras");
        root.addProperty("class_name", "Sequential");
        root.add("config", config);
        root.add("registered_name", JsonNull.INSTANCE);
        JsonObject build = new JsonObject();
        build.add("input_shape", shape(null, null, features));
        root.add("build_config", build);
        root.add("compile_config", compile(model));
        return root;
    }

    /**
     * Keras 3's Bidirectional config: the forward copy's config as {@code layer} ({@code forward_NAME}) and
     * the backward copy's as {@code backward_layer} ({@code backward_NAME}, {@code go_backwards}), as its
     * {@code get_config} writes them.
     */
    private static JsonObject bidirectional(Bidirectional bi, String name, List<String> weightNames) {
        JsonObject c = common(name);
        c.addProperty("merge_mode", bi.mergeMode().kerasName());
        String prefix = name + "/";
        String forward = null;
        String backward = null;
        for (String w : weightNames) { // bidirectional/forward_lstm/kernel: the copies' names as the model has them
            if (w.startsWith(prefix)) {
                String copy = w.substring(prefix.length(), w.lastIndexOf('/'));
                if (forward == null) {
                    forward = copy;
                } else if (!copy.equals(forward) && backward == null) {
                    backward = copy;
                }
            }
        }
        JsonObject f = recurrent(bi.layer(), forward, false);
        JsonObject b = recurrent(bi.layer(), backward, true);
        for (JsonObject copy : new JsonObject[] {f, b}) {
            copy.addProperty("zero_output_for_mask", bi.returnSequences());
        }
        c.add("layer", object("keras.layers", bi.layer().kerasType(), f));
        c.add("backward_layer", object("keras.layers", bi.layer().kerasType(), b));
        return c;
    }

    private static JsonObject recurrent(RecurrentLayer layer, String name, boolean goBackwards) {
        JsonObject c = common(name);
        c.addProperty("return_sequences", layer.returnSequences());
        c.addProperty("return_state", false);
        c.addProperty("go_backwards", goBackwards);
        c.addProperty("stateful", false);
        c.addProperty("unroll", false);
        c.addProperty("zero_output_for_mask", false);
        c.addProperty("units", layer.units());
        Activation activation;
        boolean useBias;
        Initializer kernel;
        Initializer recurrent;
        double kernelL2;
        double recurrentL2;
        double biasL2;
        double dropout;
        double recurrentDropout;
        if (layer instanceof LstmLayer l) {
            activation = l.activation();
            c.addProperty("activation", activation.kerasName());
            c.addProperty("recurrent_activation", l.recurrentActivation().kerasName());
            useBias = l.useBias();
            c.addProperty("use_bias", useBias);
            c.addProperty("unit_forget_bias", l.unitForgetBias());
            kernel = l.kernelInitializer();
            recurrent = l.recurrentInitializer();
            kernelL2 = l.kernelL2();
            recurrentL2 = l.recurrentL2();
            biasL2 = l.biasL2();
            dropout = l.dropout();
            recurrentDropout = l.recurrentDropout();
        } else if (layer instanceof GruLayer g) {
            activation = g.activation();
            c.addProperty("activation", activation.kerasName());
            c.addProperty("recurrent_activation", g.recurrentActivation().kerasName());
            useBias = g.useBias();
            c.addProperty("use_bias", useBias);
            c.addProperty("reset_after", g.resetAfter());
            kernel = g.kernelInitializer();
            recurrent = g.recurrentInitializer();
            kernelL2 = g.kernelL2();
            recurrentL2 = g.recurrentL2();
            biasL2 = g.biasL2();
            dropout = g.dropout();
            recurrentDropout = g.recurrentDropout();
        } else {
            SimpleRnnLayer r = (SimpleRnnLayer) layer;
            activation = r.activation();
            c.addProperty("activation", activation.kerasName());
            useBias = r.useBias();
            c.addProperty("use_bias", useBias);
            kernel = r.kernelInitializer();
            recurrent = r.recurrentInitializer();
            kernelL2 = r.kernelL2();
            recurrentL2 = r.recurrentL2();
            biasL2 = r.biasL2();
            dropout = r.dropout();
            recurrentDropout = r.recurrentDropout();
        }
        c.add("kernel_initializer", initializer(kernel));
        c.add("recurrent_initializer", initializer(recurrent));
        c.add("bias_initializer", initializer(Initializer.ZEROS));
        c.add("kernel_regularizer", l2(kernelL2));
        c.add("recurrent_regularizer", l2(recurrentL2));
        c.add("bias_regularizer", l2(biasL2));
        c.add("activity_regularizer", JsonNull.INSTANCE);
        c.add("kernel_constraint", JsonNull.INSTANCE);
        c.add("recurrent_constraint", JsonNull.INSTANCE);
        c.add("bias_constraint", JsonNull.INSTANCE);
        c.addProperty("dropout", dropout);
        c.addProperty("recurrent_dropout", recurrentDropout);
        c.add("seed", JsonNull.INSTANCE);
        return c;
    }

    private static JsonObject dropout(DropoutLayer layer, String name) {
        JsonObject c = common(name);
        c.addProperty("rate", layer.rate());
        if (layer.seed().isPresent()) {
            c.addProperty("seed", layer.seed().getAsLong());
        } else {
            c.add("seed", JsonNull.INSTANCE);
        }
        c.add("noise_shape", JsonNull.INSTANCE);
        return c;
    }

    private static JsonObject dense(Layer layer, String name) {
        JsonObject c = common(name);
        Activation activation;
        boolean bias;
        double kernelL2 = 0;
        double biasL2 = 0;
        if (layer instanceof DenseLayer d) {
            activation = d.activation();
            bias = d.useBias();
            kernelL2 = d.kernelL2();
            biasL2 = d.biasL2();
        } else {
            activation = Activation.SOFTMAX;
            bias = ((DenseSoftmaxLayer) layer).useBias();
        }
        c.addProperty("units", layer.outputSize());
        c.addProperty("activation", activation.kerasName());
        c.addProperty("use_bias", bias);
        c.add("kernel_initializer", initializer(Initializer.GLOROT_UNIFORM));
        c.add("bias_initializer", initializer(Initializer.ZEROS));
        c.add("kernel_regularizer", l2(kernelL2));
        c.add("bias_regularizer", l2(biasL2));
        c.add("kernel_constraint", JsonNull.INSTANCE);
        c.add("bias_constraint", JsonNull.INSTANCE);
        return c;
    }

    private static JsonObject common(String name) {
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        c.addProperty("trainable", true);
        c.add("dtype", dtype());
        return c;
    }

    private static JsonObject entry(String className, JsonObject config, JsonArray builtOn) {
        JsonObject e = new JsonObject();
        e.addProperty("module", "keras.layers");
        e.addProperty("class_name", className);
        e.add("config", config);
        e.add("registered_name", JsonNull.INSTANCE);
        if (builtOn != null) {
            JsonObject build = new JsonObject();
            build.add("input_shape", builtOn);
            e.add("build_config", build);
        }
        return e;
    }

    private static JsonObject dtype() {
        JsonObject c = new JsonObject();
        c.addProperty("name", "float32");
        return object("keras", "DTypePolicy", c);
    }

    private static JsonObject object(String module, String className, JsonObject config) {
        JsonObject o = new JsonObject();
        o.addProperty("module", module);
        o.addProperty("class_name", className);
        o.add("config", config);
        o.add("registered_name", JsonNull.INSTANCE);
        return o;
    }

    private static JsonArray shape(Integer... dims) {
        JsonArray a = new JsonArray();
        for (Integer d : dims) {
            if (d == null) {
                a.add(JsonNull.INSTANCE);
            } else {
                a.add(d);
            }
        }
        return a;
    }

    private static JsonElement l2(double factor) {
        if (factor == 0) {
            return JsonNull.INSTANCE;
        }
        JsonObject c = new JsonObject();
        c.addProperty("l2", factor);
        return object("keras.regularizers", "L2", c);
    }

    private static JsonObject initializer(Initializer i) {
        JsonObject c = new JsonObject();
        String cls;
        switch (i) {
            case GLOROT_UNIFORM -> {
                cls = "GlorotUniform";
                c.add("seed", JsonNull.INSTANCE);
            }
            case ORTHOGONAL -> {
                cls = "Orthogonal";
                c.add("seed", JsonNull.INSTANCE);
                c.addProperty("gain", 1.0);
            }
            case IDENTITY -> {
                cls = "Identity";
                c.addProperty("gain", 1.0);
            }
            default -> cls = "Zeros";
        }
        return object("keras.initializers", cls, c);
    }

    // ---------------------------------------------------------------- compile_config

    private static JsonObject compile(StackedRnnModel model) {
        JsonObject c = new JsonObject();
        c.add("optimizer", optimizer(model.optimizer()));
        Loss loss = model.loss();
        if (loss.labelSmoothing() == 0) {
            c.addProperty("loss", loss.kerasName());
        } else {
            JsonObject lc = new JsonObject();
            lc.addProperty("label_smoothing", loss.labelSmoothing());
            lc.addProperty("from_logits", false);
            c.add("loss", object("keras.losses", loss.kind() == Loss.Kind.BINARY_CROSSENTROPY
                    ? "BinaryCrossentropy" : "CategoricalCrossentropy", lc));
        }
        c.add("loss_weights", JsonNull.INSTANCE);
        JsonArray metrics = new JsonArray();
        metrics.add(loss.isClassification() ? "accuracy" : "mae");
        c.add("metrics", metrics);
        c.add("weighted_metrics", JsonNull.INSTANCE);
        return c;
    }

    private static JsonObject optimizer(Optimizer o) {
        JsonObject c = new JsonObject();
        String cls;
        double rate;
        LearningRateSchedule schedule;
        OptionalDouble weightDecay;
        OptionalDouble clipNorm;
        OptionalDouble globalClipNorm;
        OptionalDouble clipValue;
        if (o instanceof Adam a) {
            cls = "Adam";
            c.addProperty("name", "adam");
            rate = a.learningRate();
            schedule = a.learningRateSchedule().orElse(null);
            weightDecay = a.weightDecay();
            clipNorm = a.clipNorm();
            globalClipNorm = a.globalClipNorm();
            clipValue = a.clipValue();
        } else if (o instanceof Sgd s) {
            cls = "SGD";
            c.addProperty("name", "SGD");
            rate = s.learningRate();
            schedule = s.learningRateSchedule().orElse(null);
            weightDecay = s.weightDecay();
            clipNorm = s.clipNorm();
            globalClipNorm = s.globalClipNorm();
            clipValue = s.clipValue();
        } else {
            RmsProp r = (RmsProp) o;
            cls = "RMSprop";
            c.addProperty("name", "rmsprop");
            rate = r.learningRate();
            schedule = r.learningRateSchedule().orElse(null);
            weightDecay = r.weightDecay();
            clipNorm = r.clipNorm();
            globalClipNorm = r.globalClipNorm();
            clipValue = r.clipValue();
        }
        if (schedule == null) {
            c.addProperty("learning_rate", rate);
        } else {
            c.add("learning_rate", schedule(schedule));
        }
        c.add("weight_decay", optional(weightDecay));
        c.add("clipnorm", optional(clipNorm));
        c.add("global_clipnorm", optional(globalClipNorm));
        c.add("clipvalue", optional(clipValue));
        c.addProperty("use_ema", false);
        c.addProperty("ema_momentum", 0.99);
        c.add("ema_overwrite_frequency", JsonNull.INSTANCE);
        c.add("loss_scale_factor", JsonNull.INSTANCE);
        c.add("gradient_accumulation_steps", JsonNull.INSTANCE);
        if (o instanceof Adam a) {
            c.addProperty("beta_1", a.beta1());
            c.addProperty("beta_2", a.beta2());
            c.addProperty("epsilon", a.epsilon());
            c.addProperty("amsgrad", a.amsgrad());
        } else if (o instanceof Sgd s) {
            c.addProperty("momentum", s.momentum());
            c.addProperty("nesterov", s.nesterov());
        } else {
            RmsProp r = (RmsProp) o;
            c.addProperty("rho", r.rho());
            c.addProperty("momentum", r.momentum());
            c.addProperty("epsilon", r.epsilon());
            c.addProperty("centered", r.centered());
        }
        return object("keras.optimizers", cls, c);
    }

    private static JsonElement optional(OptionalDouble v) {
        return v.isPresent() ? new com.google.gson.JsonPrimitive(v.getAsDouble()) : JsonNull.INSTANCE;
    }

    private static JsonObject schedule(LearningRateSchedule s) {
        JsonObject c = new JsonObject();
        String cls;
        if (s instanceof ExponentialDecay e) {
            cls = "ExponentialDecay";
            c.addProperty("initial_learning_rate", e.initialLearningRate());
            c.addProperty("decay_steps", e.decaySteps());
            c.addProperty("decay_rate", e.decayRate());
            c.addProperty("staircase", e.staircase());
        } else if (s instanceof CosineDecay cd) {
            cls = "CosineDecay";
            c.addProperty("initial_learning_rate", cd.initialLearningRate());
            c.addProperty("decay_steps", cd.decaySteps());
            c.addProperty("alpha", cd.alpha());
        } else {
            PiecewiseConstantDecay p = (PiecewiseConstantDecay) s;
            cls = "PiecewiseConstantDecay";
            JsonArray b = new JsonArray();
            for (long x : p.boundaries()) {
                b.add(x);
            }
            JsonArray v = new JsonArray();
            for (double x : p.values()) {
                v.add(x);
            }
            c.add("boundaries", b);
            c.add("values", v);
        }
        c.add("name", JsonNull.INSTANCE);
        return object("keras.optimizers.schedules", cls, c);
    }
}
