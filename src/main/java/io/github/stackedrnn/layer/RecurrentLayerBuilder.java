package io.github.stackedrnn.layer;

/**
 * The settings every recurrent layer's builder shares (Keras's {@code RNN} arguments and the weights'
 * initializers, dropout and penalties), each validated once here. A layer's public {@code Builder}
 * extends this (or {@link GatedLayerBuilder}) with itself as {@code B}, so every setter returns the
 * layer's own builder type and chains as before, and adds only what its layer has of its own.
 *
 * @param <B> the layer's builder, returned by every setter
 * @param <L> the layer it builds
 */
abstract class RecurrentLayerBuilder<B extends RecurrentLayerBuilder<B, L>, L extends RecurrentLayer> {
    final int units;
    private final String layerClass; // "an LstmLayer", as the messages name it
    private final int gates;         // G: the kernels are [in, G·units] and [units, G·units]
    Activation activation;
    Boolean returnSequences;
    Boolean goBackwards;
    Boolean useBias;
    Initializer kernelInitializer;
    Initializer recurrentInitializer;
    String name;
    Double dropout;
    Double recurrentDropout;
    Double kernelL2;
    Double recurrentL2;
    Double biasL2;

    RecurrentLayerBuilder(int units, String layerClass, int gates) {
        this.units = units;
        this.layerClass = layerClass;
        this.gates = gates;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param value the activation: TANH (default), RELU or LINEAR (for a gated layer, of its candidate and output)
     * @return this builder
     * @throws IllegalArgumentException if null, SIGMOID or SOFTMAX (output functions, for a {@link DenseLayer};
     *                                  a gated layer's gates take {@code recurrentActivation})
     * @throws IllegalStateException    if already set
     */
    public B activation(Activation value) {
        Checks.notNull("activation", value);
        if (value == Activation.SIGMOID || value == Activation.SOFTMAX) {
            throw new IllegalArgumentException("Received an invalid value for argument `activation`, expected TANH, RELU "
                    + "or LINEAR for " + layerClass + ", got " + value + " ("
                    + (gates == 1 ? "an output function: use it on a DenseLayer head" : "for the gates use recurrentActivation")
                    + ").");
        }
        Checks.once("activation", activation);
        activation = value;
        return self();
    }

    /**
     * @param value true to output the whole hidden sequence ({@code [batch, time, units]}); default false, as in Keras
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public B returnSequences(boolean value) {
        Checks.once("returnSequences", returnSequences);
        returnSequences = value;
        return self();
    }

    /**
     * Keras's {@code go_backwards}: the layer reads its input from the last step to the first (with a
     * mask, the padding after a sample's last valid step comes first and is carried over, as Keras does).
     * Its last state is the one after reading step 0; with {@link #returnSequences(boolean)} its output
     * sequence stays in the order it was read (position k holds the state after reading steps
     * {@code T-1 ... T-1-k}), as Keras returns it, and the next layer sees the same mask as this one. A
     * model with such a layer cannot stream ({@code newState}/{@code step}); it cannot be wrapped in a
     * {@link Bidirectional}, which makes its own backward copy.
     *
     * @param value true to read backwards; default false
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public B goBackwards(boolean value) {
        Checks.once("goBackwards", goBackwards);
        goBackwards = value;
        return self();
    }

    /**
     * @param value false to drop the bias; default true
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public B useBias(boolean value) {
        Checks.once("useBias", useBias);
        useBias = value;
        return self();
    }

    /**
     * @param value how to initialise the kernel; default {@link Initializer#GLOROT_UNIFORM}
     * @return this builder
     * @throws IllegalArgumentException if null or {@link Initializer#IDENTITY} (the kernel need not be square)
     * @throws IllegalStateException    if already set
     */
    public B kernelInitializer(Initializer value) {
        Checks.notNull("kernelInitializer", value);
        if (value == Initializer.IDENTITY) {
            throw new IllegalArgumentException("Received an invalid value for argument `kernelInitializer`, "
                    + "expected GLOROT_UNIFORM, ORTHOGONAL or ZEROS, got IDENTITY ("
                    + (gates == 1 ? "only the square recurrent kernel can be an identity" : "the gate kernels are not square")
                    + ").");
        }
        Checks.once("kernelInitializer", kernelInitializer);
        kernelInitializer = value;
        return self();
    }

    /**
     * @param value how to initialise the recurrent kernel; default {@link Initializer#ORTHOGONAL};
     *              {@link Initializer#IDENTITY} only for a {@link SimpleRnnLayer} (with {@link Activation#RELU}
     *              it gives an IRNN), whose recurrent kernel is square
     * @return this builder
     * @throws IllegalArgumentException if null, or IDENTITY for a gated layer
     * @throws IllegalStateException    if already set
     */
    public B recurrentInitializer(Initializer value) {
        Checks.notNull("recurrentInitializer", value);
        if (value == Initializer.IDENTITY && gates > 1) {
            throw new IllegalArgumentException("Received an invalid value for argument `recurrentInitializer`, "
                    + "expected ORTHOGONAL, GLOROT_UNIFORM or ZEROS, got IDENTITY (the recurrent kernel [units, " + gates
                    + "·units] is not square).");
        }
        Checks.once("recurrentInitializer", recurrentInitializer);
        recurrentInitializer = value;
        return self();
    }

    /**
     * @param value the layer's name, unique in its model; by default the model names it as Keras would
     *              ({@code simple_rnn}, {@code lstm_1}, ...)
     * @return this builder
     * @throws IllegalArgumentException if null, empty or not made of letters, digits and {@code _ . - /}
     * @throws IllegalStateException    if already set
     */
    public B name(String value) {
        Checks.name(value);
        Checks.once("name", name);
        name = value;
        return self();
    }

    /**
     * Keras's {@code dropout}: in training only, drops this fraction of the input features, with one
     * mask per sequence reused at every time step; {@code predict} and {@code evaluate} never drop.
     *
     * @param rate in [0, 1); default 0
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1)
     * @throws IllegalStateException    if already set
     */
    public B dropout(double rate) {
        Checks.fraction("dropout", rate);
        Checks.once("dropout", dropout);
        dropout = rate;
        return self();
    }

    /**
     * Keras's {@code recurrent_dropout}: in training only, drops this fraction of {@code h_(t-1)}
     * before it meets the recurrent kernel, one mask per sequence reused at every step.
     *
     * @param rate in [0, 1); default 0
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1)
     * @throws IllegalStateException    if already set
     */
    public B recurrentDropout(double rate) {
        Checks.fraction("recurrentDropout", rate);
        Checks.once("recurrentDropout", recurrentDropout);
        recurrentDropout = rate;
        return self();
    }

    /**
     * Keras's {@code kernel_regularizer=L2(factor)}: adds {@code factor · Σ kernel²} to the training loss.
     *
     * @param factor non-negative and finite; default 0 (none)
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     * @throws IllegalStateException    if already set
     */
    public B kernelL2(double factor) {
        Checks.penalty("kernelL2", factor);
        Checks.once("kernelL2", kernelL2);
        kernelL2 = factor;
        return self();
    }

    /**
     * Keras's {@code recurrent_regularizer=L2(factor)}.
     *
     * @param factor non-negative and finite; default 0 (none)
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     * @throws IllegalStateException    if already set
     */
    public B recurrentL2(double factor) {
        Checks.penalty("recurrentL2", factor);
        Checks.once("recurrentL2", recurrentL2);
        recurrentL2 = factor;
        return self();
    }

    /**
     * Keras's {@code bias_regularizer=L2(factor)}.
     *
     * @param factor non-negative and finite; default 0 (none)
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     * @throws IllegalStateException    if already set
     */
    public B biasL2(double factor) {
        Checks.penalty("biasL2", factor);
        Checks.once("biasL2", biasL2);
        biasL2 = factor;
        return self();
    }

    /** @return the layer; the builder is unchanged and may build again */
    public abstract L build();

    // the settings with their defaults, as the layers' constructors take them

    Activation activationOrDefault() {
        return activation == null ? Activation.TANH : activation;
    }

    boolean returnSequencesOrDefault() {
        return returnSequences != null && returnSequences;
    }

    boolean goBackwardsOrDefault() {
        return goBackwards != null && goBackwards;
    }

    boolean useBiasOrDefault() {
        return useBias == null || useBias;
    }

    Initializer kernelInitializerOrDefault() {
        return kernelInitializer == null ? Initializer.GLOROT_UNIFORM : kernelInitializer;
    }

    Initializer recurrentInitializerOrDefault() {
        return recurrentInitializer == null ? Initializer.ORTHOGONAL : recurrentInitializer;
    }

    static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
