package io.github.stackedrnn.keras;

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
import io.github.stackedrnn.layer.MergeMode;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Keras layer classes the importer understands, one {@link LayerMapping} each, and the ones it
 * knows it cannot take. Adding a layer is one mapping in the static block (reading its config into the
 * library's layer builder and naming its Keras 3 weight group, {@code layers/lstm/cell}), its weight
 * shapes in {@link MappedLayer#weightShapes()}, and its case in {@link KerasWriter}.
 */
final class LayerMappings {
    private static final Map<String, LayerMapping> MAPPINGS;
    /** Recurrent layers Keras has and this library does not: refused with their own message. */
    private static final Set<String> NOT_YET = Set.of("ConvLSTM1D", "ConvLSTM2D", "CuDNNLSTM", "CuDNNGRU", "RNN",
            "StackedRNNCells");

    static {
        Map<String, LayerMapping> m = new LinkedHashMap<>();
        m.put("InputLayer", LayerMappings::input);
        m.put("Masking", LayerMappings::masking);
        m.put("Normalization", LayerMappings::normalization);
        m.put("SimpleRNN", LayerMappings::simpleRnn);
        m.put("LSTM", LayerMappings::gated);
        m.put("GRU", LayerMappings::gated);
        m.put("Bidirectional", LayerMappings::bidirectional);
        m.put("Dense", (layer, spec) -> dense(layer, layer.config(), spec, false));
        m.put("TimeDistributed", LayerMappings::timeDistributed);
        m.put("Dropout", LayerMappings::dropout);
        m.put("Activation", (layer, spec) -> spec.foldActivation(layer.name(), layer.position(),
                activation(layer, layer.config(), "linear")));
        MAPPINGS = java.util.Collections.unmodifiableMap(m);
    }

    private LayerMappings() {
    }

    /** @return the text after "supported: " in refusals */
    static String supported() {
        return "InputLayer, Masking, SimpleRNN, LSTM, GRU, Bidirectional (of SimpleRNN, LSTM or GRU), "
                + "Dense (linear, softmax, sigmoid, tanh, relu), TimeDistributed(Dense), Dropout, Activation after a linear Dense, "
                + "Normalization (adapted, axis -1, first)";
    }

    static void map(LayerMapping.KerasLayer layer, ModelSpec spec) {
        LayerMapping m = MAPPINGS.get(layer.className());
        if (m == null) {
            if (NOT_YET.contains(layer.className())) {
                throw layer.refuse("not supported: the library has no " + layer.className() + " layer; supported: "
                        + supported());
            }
            throw layer.config().error(layer.describe() + " is not supported; supported: " + supported());
        }
        m.map(layer, spec);
    }

    // ---------------------------------------------------------------- the mappings

    private static void input(LayerMapping.KerasLayer layer, ModelSpec spec) {
        Json c = layer.config();
        checkDtype(layer, c);
        if (c.boolOr("sparse", false) || c.boolOr("ragged", false)) {
            throw layer.refuse("sparse or ragged inputs are not supported");
        }
        Optional<Json> shape = c.optional("batch_shape").or(() -> c.optional("batch_input_shape"));
        if (shape.isEmpty()) {
            throw layer.refuse("declares no batch_shape (Keras 3) or batch_input_shape (Keras 2)");
        }
        spec.inputFeatures = features(layer, shape.get());
    }

    /** Keras 2 puts the input's shape on the first layer itself. */
    static void inputOnLayer(LayerMapping.KerasLayer layer, ModelSpec spec) {
        Optional<Json> shape = layer.config().optional("batch_input_shape").or(() -> layer.config().optional("batch_shape"));
        if (shape.isPresent() && spec.inputFeatures == null) {
            spec.inputFeatures = features(layer, shape.get());
        }
    }

    static int features(LayerMapping.KerasLayer layer, Json shape) {
        List<Json> dims = shape.list();
        if (dims.size() != 3) {
            throw shape.error(layer.describe() + ": the input must be [batch, time, features], got " + dims.size()
                    + " dimensions");
        }
        if (dims.get(2).isNull()) {
            throw shape.error(layer.describe() + ": the number of features is not set (None)");
        }
        if (!dims.get(1).isNull()) {
            dims.get(1).integer(1, Integer.MAX_VALUE); // any fixed length is fine: the library takes any length
        }
        return (int) dims.get(2).integer(1, 1 << 24);
    }

    private static void masking(LayerMapping.KerasLayer layer, ModelSpec spec) {
        Json c = layer.config();
        checkDtype(layer, c);
        inputOnLayer(layer, spec);
        spec.setMask(layer.name(), layer.position(), c.numberOr("mask_value", 0.0));
    }

    /**
     * Keras's {@code Normalization}, adapted (its statistics are the weights {@code mean}, {@code variance},
     * {@code count}), per feature ({@code axis=-1}), before the first recurrent layer.
     */
    private static void normalization(LayerMapping.KerasLayer layer, ModelSpec spec) {
        Json c = layer.config();
        checkDtype(layer, c);
        inputOnLayer(layer, spec);
        refuseIfTrue(layer, c, "invert", "it would turn standardised inputs back into raw ones");
        Json axis = c.get("axis");
        List<Json> axes = axis.isNull() ? List.of() : axis.isNumber() ? List.of(axis) : axis.list();
        long a = axes.size() == 1 && axes.get(0).isNumber() ? axes.get(0).integer(-3, 2) : 0;
        if (a != -1 && a != 2) {
            String given = axis.isNull() ? "None" : axes.stream().map(j -> j.isNumber() ? Long.toString((long) j.number()) : "?")
                    .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
            throw (axis.isNull() ? c : axis).error(layer.describe() + ": axis " + given
                    + " is not supported; supported: -1 (a mean and variance per feature)");
        }
        for (String key : new String[] {"mean", "variance"}) {
            if (!c.get(key).isNull()) {
                throw c.get(key).error(layer.describe() + ": a " + key + " given in the config is not supported yet; "
                        + "supported: an adapted layer, whose statistics are its weights");
            }
        }
        trainable(layer, c, spec);
        spec.addNormalization(layer.name(), layer.position(), spec.keras3Group("Normalization"));
    }

    /** Keras's {@code Dropout(rate, noise_shape=None, seed=None)}: a {@link DropoutLayer} with its rate and seed. */
    private static void dropout(LayerMapping.KerasLayer layer, ModelSpec spec) {
        Json c = layer.config();
        checkDtype(layer, c);
        inputOnLayer(layer, spec);
        double rate = c.require("rate").finite();
        if (rate < 0 || rate >= 1) {
            throw c.get("rate").error(layer.describe() + ": rate must be in [0, 1), got " + rate);
        }
        Json noise = c.get("noise_shape");
        if (!noise.isNull()) {
            String shown = noise.isArray() ? noise.list().stream().map(d -> d.isNull() ? "None" : d.describe())
                    .collect(java.util.stream.Collectors.joining(", ", "(", ")")) : noise.describe();
            throw noise.error(layer.describe() + ": noise_shape " + shown + " is not supported (a mask shared along some "
                    + "axis); supported: noise_shape=None, a draw for every value");
        }
        DropoutLayer.Builder b = DropoutLayer.builder(rate).name(layer.name());
        Json seed = c.get("seed");
        if (!seed.isNull()) {
            b.seed(seed.integer(Long.MIN_VALUE, Long.MAX_VALUE));
        }
        spec.addDropout(layer.name(), layer.position(), b.build(), spec.keras3Group("Dropout"));
    }

    private static void simpleRnn(LayerMapping.KerasLayer layer, ModelSpec spec) {
        inputOnLayer(layer, spec);
        RecurrentLayer r = recurrent(layer, layer.config(), spec, layer.name(), false);
        trainable(layer, layer.config(), spec);
        spec.addRecurrent("SimpleRNN", layer.name(), layer.position(), r, spec.keras3Group("SimpleRNN") + "/cell",
                r.returnSequences());
    }

    private static void gated(LayerMapping.KerasLayer layer, ModelSpec spec) {
        inputOnLayer(layer, spec);
        RecurrentLayer r = recurrent(layer, layer.config(), spec, layer.name(), false);
        trainable(layer, layer.config(), spec);
        spec.addRecurrent(layer.className(), layer.name(), layer.position(), r, spec.keras3Group(layer.className()) + "/cell",
                r.returnSequences());
    }

    /**
     * Keras's {@code Bidirectional}: its {@code layer} (in Keras 3 the forward copy's config, named
     * {@code forward_NAME}; in Keras 2 the wrapped layer's own) and, in Keras 3, a {@code backward_layer}
     * that must be the same layer reading backwards (a different one the library cannot build).
     */
    private static void bidirectional(LayerMapping.KerasLayer layer, ModelSpec spec) {
        Json c = layer.config();
        inputOnLayer(layer, spec);
        Json merge = c.get("merge_mode");
        if (merge.isNull()) {
            throw layer.refuse("merge_mode=None (two separate outputs) is not supported; supported: concat, sum, mul, ave");
        }
        MergeMode mode = null;
        for (MergeMode m : MergeMode.values()) {
            if (m.kerasName().equals(merge.string())) {
                mode = m;
            }
        }
        if (mode == null) {
            throw merge.error(layer.describe() + ": merge_mode " + merge.string() + " is not supported; supported: concat, "
                    + "sum, mul, ave");
        }
        Json inner = c.require("layer");
        String innerClass = inner.require("class_name").string();
        if (!Set.of("SimpleRNN", "LSTM", "GRU").contains(innerClass)) {
            throw inner.error(layer.describe() + " wraps " + innerClass + "; supported: Bidirectional of SimpleRNN, LSTM or GRU");
        }
        Json innerConfig = inner.require("config");
        String innerName = innerConfig.stringOr("name", ModelSpec.snakeCase(innerClass));
        String stem = innerName.startsWith("forward_") ? innerName.substring("forward_".length()) : innerName;
        LayerMapping.KerasLayer wrapped = new LayerMapping.KerasLayer(innerClass, innerName, layer.position(), innerConfig);
        if (innerConfig.boolOr("go_backwards", false)) {
            throw innerConfig.get("go_backwards").error(wrapped.describe() + " in " + layer.describe()
                    + ": a forward layer with go_backwards=True is not supported");
        }
        RecurrentLayer forward = recurrent(wrapped, innerConfig, spec, stem, true);
        Json backward = c.get("backward_layer");
        if (!backward.isNull()) {
            String backwardClass = backward.require("class_name").string();
            Json bc = backward.require("config");
            LayerMapping.KerasLayer bw = new LayerMapping.KerasLayer(backwardClass,
                    bc.stringOr("name", "backward_" + stem), layer.position(), bc);
            if (!backwardClass.equals(innerClass) || !bc.boolOr("go_backwards", false)) {
                throw bc.error(bw.describe() + " in " + layer.describe() + ": the backward layer must be a " + innerClass
                        + " with go_backwards=True; supported: Bidirectional's own backward copy of its layer");
            }
            RecurrentLayer copy = recurrent(bw, bc, spec, stem, true);
            if (!copy.equals(forward)) {
                throw bc.error(bw.describe() + " in " + layer.describe() + ": the backward layer's settings differ from the "
                        + "forward layer's (" + copy + " against " + forward + "); supported: the same layer in both directions");
            }
        }
        trainable(layer, c, spec);
        Bidirectional b = Bidirectional.builder(forward).mergeMode(mode).name(layer.name()).build();
        spec.addRecurrent("Bidirectional", layer.name(), layer.position(), b, spec.keras3Group("Bidirectional"),
                forward.returnSequences());
    }

    /**
     * Reads a SimpleRNN, LSTM or GRU config into the library's layer.
     *
     * @param name          the library layer's name (a Bidirectional's wrapped layer without its forward_ prefix)
     * @param bidirectional true inside a Bidirectional, which zeroes masked outputs itself (Keras sets the
     *                      copies' {@code zero_output_for_mask} to their {@code return_sequences})
     */
    private static RecurrentLayer recurrent(LayerMapping.KerasLayer layer, Json c, ModelSpec spec, String name,
                                            boolean bidirectional) {
        checkDtype(layer, c);
        String cls = layer.className();
        if (!bidirectional) {
            refuseIfTrue(layer, c, "zero_output_for_mask", "the library carries the previous output forward at masked steps");
        }
        refuseIfTrue(layer, c, "return_state", "a Sequential model cannot use the states");
        refuseIfTrue(layer, c, "stateful", "use RnnState with StackedRnnModel.step to carry state across calls");
        refuseIfTrue(layer, c, "time_major", "inputs are [batch, time, features]");
        noExtras(layer, c, "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint");
        int units = (int) c.require("units").integer(1, 1 << 24);
        Activation activation = activation(layer, c, "tanh");
        if (activation == Activation.SIGMOID || activation == Activation.SOFTMAX) {
            throw c.get("activation").error(layer.describe() + ": activation " + activation.kerasName()
                    + " is not supported for " + cls + "; supported: tanh, relu, linear");
        }
        boolean returnSequences = c.boolOr("return_sequences", false);
        // a Bidirectional's copies: the forward one was refused above if it reads backwards, and the
        // backward one's go_backwards is the wrapper's own, not a setting of the wrapped layer
        boolean goBackwards = !bidirectional && c.boolOr("go_backwards", false);
        boolean useBias = c.boolOr("use_bias", true);
        double dropout = c.numberOr("dropout", 0);
        double recurrentDropout = c.numberOr("recurrent_dropout", 0);
        double kernelL2 = l2(layer, c, "kernel_regularizer");
        double recurrentL2 = l2(layer, c, "recurrent_regularizer");
        double biasL2 = l2(layer, c, "bias_regularizer");
        Optional<Initializer> kernelInit = initializer(c, "kernel_initializer", false);
        Optional<Initializer> recurrentInit = initializer(c, "recurrent_initializer", true);
        switch (cls) {
            case "SimpleRNN" -> {
                SimpleRnnLayer.Builder b = SimpleRnnLayer.builder(units).name(name).activation(activation)
                        .returnSequences(returnSequences).goBackwards(goBackwards).useBias(useBias).dropout(dropout)
                        .recurrentDropout(recurrentDropout)
                        .kernelL2(kernelL2).recurrentL2(recurrentL2).biasL2(biasL2);
                kernelInit.ifPresent(b::kernelInitializer);
                recurrentInit.ifPresent(b::recurrentInitializer);
                return b.build();
            }
            case "LSTM" -> {
                LstmLayer.Builder b = LstmLayer.builder(units).name(name).activation(activation)
                        .recurrentActivation(gateActivation(layer, c, spec)).returnSequences(returnSequences).goBackwards(goBackwards)
                        .useBias(useBias)
                        .unitForgetBias(c.boolOr("unit_forget_bias", true)).dropout(dropout).recurrentDropout(recurrentDropout)
                        .kernelL2(kernelL2).recurrentL2(recurrentL2).biasL2(biasL2);
                kernelInit.filter(i -> i != Initializer.IDENTITY).ifPresent(b::kernelInitializer);
                recurrentInit.filter(i -> i != Initializer.IDENTITY).ifPresent(b::recurrentInitializer);
                return b.build();
            }
            default -> {
                // Keras 2.1 wrote no reset_after (its GRU had none: the original, reset before the product); later
                // versions always write it
                GruLayer.Builder b = GruLayer.builder(units).name(name).activation(activation)
                        .recurrentActivation(gateActivation(layer, c, spec)).returnSequences(returnSequences).goBackwards(goBackwards)
                        .useBias(useBias)
                        .resetAfter(c.boolOr("reset_after", false)).dropout(dropout).recurrentDropout(recurrentDropout)
                        .kernelL2(kernelL2).recurrentL2(recurrentL2).biasL2(biasL2);
                kernelInit.filter(i -> i != Initializer.IDENTITY).ifPresent(b::kernelInitializer);
                recurrentInit.filter(i -> i != Initializer.IDENTITY).ifPresent(b::recurrentInitializer);
                return b.build();
            }
        }
    }

    /**
     * {@code recurrent_activation}: sigmoid, or hard_sigmoid, which Keras 3 defines as {@code relu6(x + 3) / 6}
     * ({@link GateActivation#HARD_SIGMOID}) and Keras 2 (standalone and tf.keras) as
     * {@code clip(0.2·x + 0.5, 0, 1)} ({@link GateActivation#HARD_SIGMOID_KERAS2}): the file's
     * {@code keras_version} decides. A file that names no version is refused rather than loaded with
     * numbers that may be the other function's.
     */
    static GateActivation gateActivation(LayerMapping.KerasLayer layer, Json c, ModelSpec spec) {
        Json a = c.get("recurrent_activation");
        String name = a.isNull() ? "sigmoid" : a.isString() ? a.string() : null;
        if (name == null) {
            throw a.error(layer.describe() + ": recurrent_activation must be a name such as \"sigmoid\", got " + a.describe());
        }
        if (name.equals("sigmoid")) {
            return GateActivation.SIGMOID;
        }
        if (name.equals("hard_sigmoid")) {
            if (isKeras3(spec.kerasVersion)) {
                return GateActivation.HARD_SIGMOID;
            }
            if (isKeras2(spec.kerasVersion)) {
                return GateActivation.HARD_SIGMOID_KERAS2;
            }
            throw a.error(layer.describe() + ": recurrent_activation hard_sigmoid in a file that names "
                    + (spec.kerasVersion == null ? "no keras_version" : "keras_version " + spec.kerasVersion)
                    + ": Keras 2's is clip(0.2·x + 0.5, 0, 1), Keras 3's relu6(x + 3) / 6, and the file does not say "
                    + "which; supported: sigmoid, and hard_sigmoid in files written by Keras 2 or Keras 3");
        }
        throw a.error(layer.describe() + ": recurrent_activation " + name + " is not supported; supported: sigmoid, "
                + "hard_sigmoid (Keras 2's or Keras 3's, by the file's keras_version)");
    }

    /** @return true for a {@code keras_version} whose major version is 2 ({@code 2.1.3}, {@code 2.2.4-tf}) */
    static boolean isKeras2(String version) {
        return majorVersion(version) == 2;
    }

    /** @return true for a {@code keras_version} of 3 or later ({@code 3.15.1}); false for 2.x, {@code 2.2.4-tf} or none */
    static boolean isKeras3(String version) {
        return majorVersion(version) >= 3;
    }

    /** @return the number before the first dot of a {@code keras_version}, or -1 if there is none */
    private static int majorVersion(String version) {
        if (version == null) {
            return -1;
        }
        int dot = version.indexOf('.');
        String major = dot < 0 ? version : version.substring(0, dot);
        try {
            return Integer.parseInt(major.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void timeDistributed(LayerMapping.KerasLayer layer, ModelSpec spec) {
        Json c = layer.config();
        inputOnLayer(layer, spec);
        Json inner = c.require("layer");
        String innerClass = inner.require("class_name").string();
        if (!innerClass.equals("Dense")) {
            throw inner.error(layer.describe() + " wraps " + innerClass + "; supported: TimeDistributed(Dense)");
        }
        String group = spec.keras3Group("TimeDistributed") + "/layer";
        Json innerConfig = inner.require("config");
        trainable(layer, c, spec);
        spec.addDense("TimeDistributed", layer.name(), layer.position(),
                denseLayer(layer, innerConfig, layer.name()), group, true);
    }

    private static void dense(LayerMapping.KerasLayer layer, Json c, ModelSpec spec, boolean perStepOnly) {
        inputOnLayer(layer, spec);
        trainable(layer, c, spec);
        spec.addDense("Dense", layer.name(), layer.position(), denseLayer(layer, c, layer.name()), spec.keras3Group("Dense"),
                perStepOnly);
    }

    private static Layer denseLayer(LayerMapping.KerasLayer layer, Json c, String name) {
        checkDtype(layer, c);
        noExtras(layer, c, "activity_regularizer", "kernel_constraint", "bias_constraint", "lora_rank", "quantization_config");
        int units = (int) c.require("units").integer(1, 1 << 24);
        Activation activation = activation(layer, c, "linear");
        boolean useBias = c.boolOr("use_bias", true);
        double kernelL2 = l2(layer, c, "kernel_regularizer");
        double biasL2 = l2(layer, c, "bias_regularizer");
        if (activation == Activation.SOFTMAX && kernelL2 == 0 && biasL2 == 0) {
            return DenseSoftmaxLayer.builder(units).useBias(useBias).name(name).build();
        }
        return DenseLayer.builder(units).activation(activation).useBias(useBias).kernelL2(kernelL2).biasL2(biasL2)
                .name(name).build();
    }

    // ---------------------------------------------------------------- shared settings

    static Activation activation(LayerMapping.KerasLayer layer, Json c, String fallback) {
        Json a = c.get("activation");
        String name = a.isNull() ? fallback : a.isString() ? a.string() : null;
        if (name == null) {
            throw a.error(layer.describe() + ": activation must be a name such as \"tanh\", got " + a.describe());
        }
        for (Activation candidate : Activation.values()) {
            if (candidate.kerasName().equals(name)) {
                return candidate;
            }
        }
        throw a.error(layer.describe() + ": activation " + name + " is not supported; supported: linear, softmax, sigmoid, tanh, relu");
    }

    /** @return the L2 factor of a regularizer config ({@code L2}, or {@code L1L2} with l1 = 0), 0 when null */
    static double l2(LayerMapping.KerasLayer layer, Json c, String key) {
        Json r = c.get(key);
        if (r.isNull()) {
            return 0;
        }
        String cls = r.require("class_name").string();
        Json rc = r.require("config");
        switch (cls) {
            case "L2", "l2" -> {
                return nonNegative(layer, rc.require("l2"));
            }
            case "L1L2" -> {
                double l1 = rc.numberOr("l1", 0);
                if (l1 != 0) {
                    throw rc.get("l1").error(layer.describe() + ": " + key + " has l1 = " + l1 + "; supported: L2 only");
                }
                return rc.optional("l2").map(v -> nonNegative(layer, v)).orElse(0.0);
            }
            default -> throw r.error(layer.describe() + ": " + key + " " + cls + " is not supported; supported: L2, L1L2 with l1 = 0");
        }
    }

    private static double nonNegative(LayerMapping.KerasLayer layer, Json v) {
        double d = v.finite();
        if (d < 0) {
            throw v.error(layer.describe() + ": the L2 factor must not be negative, got " + d);
        }
        return d;
    }

    /**
     * Initializers only decide the weights before the file's weights replace them; the library's own
     * are kept (a re-export then names them), and any other falls back to the library's default.
     */
    static Optional<Initializer> initializer(Json c, String key, boolean square) {
        Json i = c.get(key);
        if (i.isNull() || !i.isObject() || !i.has("class_name") || !i.get("class_name").isString()) {
            return Optional.empty();
        }
        Json cfg = i.get("config");
        boolean unitGain = cfg.isNull() || !cfg.isObject() || !cfg.has("gain") || (cfg.get("gain").isNumber() && cfg.get("gain").number() == 1.0);
        return switch (i.get("class_name").string()) {
            case "GlorotUniform", "glorot_uniform" -> Optional.of(Initializer.GLOROT_UNIFORM);
            case "Orthogonal", "orthogonal", "OrthogonalInitializer" -> unitGain ? Optional.of(Initializer.ORTHOGONAL) : Optional.empty();
            case "Zeros", "zeros" -> Optional.of(Initializer.ZEROS);
            case "Identity", "identity", "IdentityInitializer" -> square && unitGain ? Optional.of(Initializer.IDENTITY) : Optional.empty();
            default -> Optional.empty();
        };
    }

    static void checkDtype(LayerMapping.KerasLayer layer, Json c) {
        Json d = c.get("dtype");
        if (d.isNull()) {
            return;
        }
        String name;
        if (d.isString()) {
            name = d.string(); // Keras 2
        } else {
            name = d.require("config").require("name").string(); // Keras 3: a DTypePolicy object
        }
        if (!name.equals("float32")) {
            throw d.error(layer.describe() + ": dtype " + name + " is not supported; supported: float32");
        }
    }

    private static void refuseIfTrue(LayerMapping.KerasLayer layer, Json c, String key, String why) {
        if (c.boolOr(key, false)) {
            throw c.get(key).error(layer.describe() + ": " + key + "=True is not supported (" + why + ")");
        }
    }

    private static void noExtras(LayerMapping.KerasLayer layer, Json c, String... keys) {
        for (String key : keys) {
            if (c.has(key)) {
                throw c.get(key).error(layer.describe() + ": " + key + " is not supported (it must be None)");
            }
        }
    }

    private static void trainable(LayerMapping.KerasLayer layer, Json c, ModelSpec spec) {
        if (!c.boolOr("trainable", true)) {
            spec.notes.add(layer.describe() + " is frozen in Keras (trainable=False); the library trains every layer, so "
                    + "fit would change its weights");
        }
    }
}
