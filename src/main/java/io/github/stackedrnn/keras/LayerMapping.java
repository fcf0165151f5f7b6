package io.github.stackedrnn.keras;

/**
 * Turns one Keras layer's config into library terms, adding it to the {@link ModelSpec}. One
 * implementation per Keras class name, registered in {@link LayerMappings}; a new layer type is a new
 * mapping there. A mapping reads every key that changes what the layer computes and refuses values
 * the library cannot honour (by throwing {@link KerasFormatError} or {@link IllegalStateException}).
 */
@FunctionalInterface
interface LayerMapping {
    /**
     * @param layer the Keras layer, with its class name, name, position and config
     * @param spec  the model being described, to add to
     */
    void map(KerasLayer layer, ModelSpec spec);

    /**
     * One entry of a Keras config's layer list.
     *
     * @param className Keras's class name
     * @param name      the layer's name
     * @param position  its index in {@code model.layers}, the InputLayer not counted
     * @param config    its {@code config} object
     */
    record KerasLayer(String className, String name, int position, Json config) {
        String describe() {
            return MappedLayer.describe(className, name, position);
        }

        KerasFormatError refuse(String problem) {
            return config.error(describe() + ": " + problem);
        }
    }
}
