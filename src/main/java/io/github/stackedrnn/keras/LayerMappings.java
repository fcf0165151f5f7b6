package io.github.stackedrnn.keras;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.SimpleRnnLayer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Keras layer classes the importer understands, one {@link LayerMapping} each, and the ones it
 * knows it cannot take yet. Adding LSTM, GRU or Bidirectional when the library has them is one
 * mapping each in the static block (reading its config into the library's layer builder and naming
 * its Keras 3 weight group, {@code layers/lstm/cell}, {@code layers/bidirectional/forward_layer/cell}),
 * its weight shapes in {@link MappedLayer#weightShapes()}, and its case in {@link KerasWriter}.
 */
final class LayerMappings {
    private static final Map<String, LayerMapping> MAPPINGS;
    /** Recurrent layers Keras has and this library does not yet: refused with their own message. */
    private static final Set<String> NOT_YET = Set.of("LSTM", "GRU", "Bidirectional", "ConvLSTM1D", "CuDNNLSTM", "CuDNNGRU");

    static {
        Map<String, LayerMapping> m = new LinkedHashMap<>();
        m.put("InputLayer", LayerMappings::input);
        m.put("Masking", LayerMappings::masking);
        m.put("SimpleRNN", LayerMappings::simpleRnn);
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
        return "InputLayer, Masking, SimpleRNN, Dense (linear, softmax, sigmoid, tanh, relu), TimeDistributed(Dense), Dropout, "
                + "Activation after a linear Dense head";
    }

    static void map(LayerMapping.KerasLayer layer, ModelSpec spec) {
        LayerMapping m = MAPPINGS.get(layer.className());
        if (m == null) {
            if (NOT_YET.contains(layer.className())) {
                throw layer.refuse("not supported yet: the library has no " + layer.className() + " layer (it comes "
                        + "with the LSTM/GRU/Bidirectional layers); supported: " + supported());
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

    private static void dropout(LayerMapping.KerasLayer layer, ModelSpec spec) {
        Json c = layer.config();
        inputOnLayer(layer, spec);
        double rate = c.require("rate").finite();
        if (rate < 0 || rate >= 1) {
            throw c.get("rate").error(layer.describe() + ": rate must be in [0, 1), got " + rate);
        }
        spec.notes.add(layer.describe() + " (rate " + rate + ") was left out: an inference no-op, and the library has no "
                + "Dropout layer, so fit does not apply it");
    }

    private static void simpleRnn(LayerMapping.KerasLayer layer, ModelSpec spec) {
        Json c = layer.config();
        checkDtype(layer, c);
        inputOnLayer(layer, spec);
        refuseIfTrue(layer, c, "go_backwards", "the library's recurrent layers read forwards only");
        refuseIfTrue(layer, c, "return_state", "a Sequential model cannot use the states");
        refuseIfTrue(layer, c, "stateful", "use RnnState with StackedRnnModel.step to carry state across calls");
        refuseIfTrue(layer, c, "zero_output_for_mask", "the library carries the previous output forward at masked steps");
        refuseIfTrue(layer, c, "time_major", "inputs are [batch, time, features]");
        noExtras(layer, c, "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint");
        int units = (int) c.require("units").integer(1, 1 << 24);
        SimpleRnnLayer.Builder b = SimpleRnnLayer.builder(units).name(layer.name());
        Activation activation = activation(layer, c, "tanh");
        if (activation == Activation.SIGMOID || activation == Activation.SOFTMAX) {
            throw c.get("activation").error(layer.describe() + ": activation " + activation.kerasName()
                    + " is not supported for SimpleRNN; supported: tanh, relu, linear");
        }
        b.activation(activation);
        boolean returnSequences = c.boolOr("return_sequences", false);
        b.returnSequences(returnSequences).useBias(c.boolOr("use_bias", true));
        double dropout = c.numberOr("dropout", 0);
        double recurrentDropout = c.numberOr("recurrent_dropout", 0);
        b.dropout(dropout).recurrentDropout(recurrentDropout);
        b.kernelL2(l2(layer, c, "kernel_regularizer")).recurrentL2(l2(layer, c, "recurrent_regularizer"))
                .biasL2(l2(layer, c, "bias_regularizer"));
        initializer(c, "kernel_initializer", false).ifPresent(b::kernelInitializer);
        initializer(c, "recurrent_initializer", true).ifPresent(b::recurrentInitializer);
        trainable(layer, c, spec);
        spec.addRecurrent("SimpleRNN", layer.name(), layer.position(), b.build(),
                spec.keras3Group("SimpleRNN") + "/cell", returnSequences);
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
