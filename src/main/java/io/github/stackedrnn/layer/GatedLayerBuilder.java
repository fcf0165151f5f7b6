package io.github.stackedrnn.layer;

/**
 * The shared settings of the gated layers' builders ({@link LstmLayer}, {@link GruLayer}): those of every
 * recurrent layer, and the gates' function.
 *
 * @param <B> the layer's builder, returned by every setter
 * @param <L> the layer it builds
 */
abstract class GatedLayerBuilder<B extends GatedLayerBuilder<B, L>, L extends RecurrentLayer> extends RecurrentLayerBuilder<B, L> {
    GateActivation recurrentActivation;

    GatedLayerBuilder(int units, String layerClass, int gates) {
        super(units, layerClass, gates);
    }

    /**
     * @param value the gates' function (Keras's {@code recurrent_activation}): SIGMOID (default),
     *              HARD_SIGMOID (Keras 3's) or HARD_SIGMOID_KERAS2 (Keras 2's)
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException    if already set
     */
    @SuppressWarnings("unchecked")
    public B recurrentActivation(GateActivation value) {
        Checks.notNull("recurrentActivation", value);
        Checks.once("recurrentActivation", recurrentActivation);
        recurrentActivation = value;
        return (B) this;
    }

    GateActivation recurrentActivationOrDefault() {
        return recurrentActivation == null ? GateActivation.SIGMOID : recurrentActivation;
    }
}
