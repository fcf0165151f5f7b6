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

    static ModelSpec read(Json root) {
        String cls = root.require("class_name").string();
        if (!cls.equals("Sequential")) {
            throw root.get("class_name").error(cls + " models are not supported; supported: Sequential models of "
                    + LayerMappings.supported());
        }
        Json config = root.require("config");
        List<Json> layers;
        String name = "sequential";
        if (config.isArray()) {
            layers = config.list();
        } else {
            layers = config.require("layers").list();
            name = config.stringOr("name", name);
            LayerMappings.checkDtype(new LayerMapping.KerasLayer("Sequential", name, -1, config), config);
        }
        if (name.isBlank()) {
            name = "sequential";
        }
        ModelSpec spec = new ModelSpec(name);
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
