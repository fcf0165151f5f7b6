package io.github.stackedrnn.layer;

/**
 * How a weight tensor is initialised, with Keras's definitions. Randomness comes from the model's seed.
 *
 * <pre>{@code
 * // IRNN (Le et al. 2015): ReLU with an identity recurrent kernel
 * SimpleRnnLayer.builder(100).activation(Activation.RELU)
 *         .recurrentInitializer(Initializer.IDENTITY).build();
 * }</pre>
 */
public enum Initializer {
    /** Uniform in {@code [-l, l]} with {@code l = sqrt(6 / (fanIn + fanOut))}: Keras's {@code glorot_uniform}. */
    GLOROT_UNIFORM,
    /** A random orthogonal matrix (QR of a standard normal one, gain 1): Keras's {@code orthogonal}. */
    ORTHOGONAL,
    /** The identity matrix (square weights only), as in IRNN (Le, Jaitly and Hinton, 2015). */
    IDENTITY,
    /** All zeros: Keras's {@code zeros}. */
    ZEROS
}
