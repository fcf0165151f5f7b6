package io.github.stackedrnn.keras;

import java.util.List;

/**
 * Reads a Keras model config (the {@code config.json} of a {@code .keras} file, or the
 * {@code model_config} attribute of a legacy {@code .h5}) into a {@link ModelSpec}. Keras 3 and Keras 2
 * differ: Keras 3 and tf.keras 2.x write {@code config: {name, layers: [...]}}, Keras 2.1-2.2 write
 * {@code config: [...]}; Keras 3 declares the input with an InputLayer's {@code batch_shape}, Keras 2
 * with {@code batch_input_shape} on the first layer (or its InputLayer); dtypes are DTypePolicy objects
 * in Keras 3 and strings in Keras 2.
 */
final class ConfigReader {
    private ConfigReader() {
    }

    /**
     * @param root         the config
     * @param kerasVersion the file's {@code keras_version}, or null if it names none
     */
    static ModelSpec read(Json root, String kerasVersion) {
        String cls = root.require("class_name").string();
        boolean functional = cls.equals("Functional") || cls.equals("Model");
        if (!cls.equals("Sequential") && !functional) {
            throw root.get("class_name").error(cls + " models are not supported; supported: Sequential models, and "
                    + "functional models that are a single chain, of " + LayerMappings.supported());
        }
        Json config = root.require("config");
        List<Json> layers;
        String name = "sequential";
        if (config.isArray()) {
            layers = config.list();
        } else {
            layers = config.require("layers").list();
            if (functional) {
                checkChain(config, layers);
            }
            name = config.stringOr("name", name);
            LayerMappings.checkDtype(new LayerMapping.KerasLayer("Sequential", name, -1, config), config);
        }
        if (name.isBlank()) {
            name = "sequential";
        }
        ModelSpec spec = new ModelSpec(name);
        spec.kerasVersion = kerasVersion;
        spec.inputFeatures = declaredFeatures(root, config, layers, name);
        int position = 0;
        for (Json entry : layers) {
            String className = entry.require("class_name").string();
            Json layerConfig = entry.require("config");
            String layerName = layerConfig.stringOr("name", ModelSpec.snakeCase(className));
            LayerMapping.KerasLayer layer = new LayerMapping.KerasLayer(className, layerName,
                    className.equals("InputLayer") ? -1 : position, layerConfig);
            try {
                LayerMappings.map(layer, spec);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // the library's builders and the stack rules say what is wrong; place it in the file
                throw layerConfig.error(e.getMessage().startsWith(className) ? e.getMessage() : layer.describe() + ": " + e.getMessage());
            }
            if (!className.equals("InputLayer")) {
                position++;
            }
        }
        try {
            spec.checkComplete();
        } catch (IllegalStateException e) {
            throw config.error(e.getMessage());
        }
        return spec;
    }

    /**
     * A functional model is taken when it is a Sequential in disguise: an InputLayer first, every other
     * layer called once on the output of the layer before it, one input and one output (the last layer).
     * Keras 2 writes a call as {@code inbound_nodes: [[["prev", 0, 0, {}]]]}, Keras 3 as
     * {@code inbound_nodes: [{args: [{class_name: "__keras_tensor__", config: {keras_history: ["prev", 0, 0]}}]}]}.
     */
    private static void checkChain(Json config, List<Json> layers) {
        String previous = null;
        for (int i = 0; i < layers.size(); i++) {
            Json layer = layers.get(i);
            String name = layer.optional("name").map(Json::string)
                    .orElseGet(() -> layer.require("config").require("name").string());
            String cls = layer.require("class_name").string();
            List<Json> nodes = layer.get("inbound_nodes").isNull() ? List.of() : layer.get("inbound_nodes").list();
            if (i == 0) {
                if (!cls.equals("InputLayer") || !nodes.isEmpty()) {
                    throw layer.error("a functional model must start with its InputLayer, got " + cls + " '" + name + "'");
                }
            } else {
                List<String> inputs = nodes.size() == 1 ? inputsOf(nodes.get(0)) : List.of();
                if (nodes.size() != 1 || inputs.size() != 1 || !inputs.get(0).equals(previous)) {
                    throw layer.get("inbound_nodes").error(cls + " '" + name + "' at layer " + (i - 1) + " is not called once on "
                            + "the output of '" + previous + "' (inputs " + inputs + ", " + nodes.size() + " calls); supported: "
                            + "functional models that are a single chain");
                }
            }
            previous = name;
        }
        for (String key : new String[] {"input_layers", "output_layers"}) {
            List<String> ends = endpoints(config.get(key));
            String expected = key.equals("input_layers") ? (layers.isEmpty() ? null : nameOf(layers.get(0))) : previous;
            if (ends.size() != 1 || !ends.get(0).equals(expected)) {
                throw config.get(key).error("a single-chain functional model has one " + key.replace("_layers", "")
                        + ", '" + expected + "', got " + ends);
            }
        }
    }

    private static String nameOf(Json layer) {
        return layer.optional("name").map(Json::string).orElseGet(() -> layer.require("config").require("name").string());
    }

    private static List<String> inputsOf(Json node) {
        List<String> out = new java.util.ArrayList<>();
        if (node.isArray()) { // Keras 2: [["prev", 0, 0, {}], ...]
            for (Json call : node.list()) {
                out.add(call.list().get(0).string());
            }
        } else { // Keras 3: {args: [tensor, ...], kwargs: {...}}
            for (Json arg : node.require("args").list()) {
                if (arg.isObject() && arg.get("class_name").isString() && arg.get("class_name").string().equals("__keras_tensor__")) {
                    out.add(arg.require("config").require("keras_history").list().get(0).string());
                } else {
                    throw arg.error("expected one input tensor, got " + arg.describe());
                }
            }
        }
        return out;
    }

    /** {@code [["name", 0, 0]]} or, for a single one in Keras 3, {@code ["name", 0, 0]}. */
    private static List<String> endpoints(Json ends) {
        List<String> out = new java.util.ArrayList<>();
        List<Json> list = ends.list();
        if (!list.isEmpty() && list.get(0).isString()) {
            out.add(list.get(0).string());
            return out;
        }
        for (Json e : list) {
            out.add(e.list().get(0).string());
        }
        return out;
    }

    /**
     * The input's width, wherever this Keras version put it: the first layer's {@code batch_shape}
     * (an InputLayer in Keras 3) or {@code batch_input_shape} (Keras 2), else the built input shape.
     */
    private static Integer declaredFeatures(Json root, Json config, List<Json> layers, String name) {
        if (!layers.isEmpty()) {
            Json first = layers.get(0);
            Json c = first.get("config");
            if (c.isObject()) {
                LayerMapping.KerasLayer layer = new LayerMapping.KerasLayer(first.get("class_name").isString()
                        ? first.get("class_name").string() : "layer", c.stringOr("name", "?"), 0, c);
                for (String key : new String[] {"batch_shape", "batch_input_shape"}) {
                    if (c.has(key)) {
                        return LayerMappings.features(layer, c.get(key));
                    }
                }
            }
        }
        LayerMapping.KerasLayer model = new LayerMapping.KerasLayer("Sequential", name, -1, config);
        if (config.isObject() && config.has("build_input_shape")) {
            return LayerMappings.features(model, config.get("build_input_shape"));
        }
        if (root.get("build_config").isObject() && root.get("build_config").has("input_shape")) {
            return LayerMappings.features(model, root.get("build_config").get("input_shape"));
        }
        return null;
    }
}
