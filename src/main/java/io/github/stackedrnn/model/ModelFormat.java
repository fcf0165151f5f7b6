package io.github.stackedrnn.model;

/** Constants of the model file format; {@code docs/FORMAT.md} is its specification. */
final class ModelFormat {
    private ModelFormat() {
    }

    /** PNG-style magic: a high byte, the name, CR LF and ^Z catch text-mode and 7-bit transfers. */
    static final byte[] MAGIC = {(byte) 0x89, 'S', 'R', 'N', 'N', '\r', '\n', 0x1A};
    static final int VERSION = 2;
    static final int OLDEST_READABLE_VERSION = 1;

    static final String CONFIG = "CONF";
    static final String WEIGHTS = "WGHT";
    static final String OPTIMIZER = "OPTM";
    static final String PROGRESS = "PROG";
    static final String END = "END.";

    static final int KIND_SIMPLE_RNN = 1;
    static final int KIND_DENSE_SOFTMAX = 2;
    static final int KIND_DENSE = 3;         // version 2

    // OPTM, version 2: the optimizer's name, then its own settings, in this order, as f64
    static final String ADAM = "adam";       // beta1, beta2, epsilon, amsgrad (0/1)
    static final String SGD = "sgd";         // momentum, nesterov (0/1)
    static final String RMSPROP = "rmsprop"; // rho, momentum, epsilon, centered (0/1)
    static final int ADAM_SETTINGS = 4;
    static final int SGD_SETTINGS = 2;
    static final int RMSPROP_SETTINGS = 4;
    static final int VERSION_1_ADAM_SETTINGS = 4; // learning rate, beta1, beta2, epsilon

    // OPTM, version 2: how the learning rate is given
    static final int RATE_CONSTANT = 0;
    static final int RATE_EXPONENTIAL_DECAY = 1;
    static final int RATE_PIECEWISE_CONSTANT_DECAY = 2;
    static final int RATE_COSINE_DECAY = 3;
    static final int MAX_PIECEWISE_BOUNDARIES = 0xFFFF; // a u16 count

    // OPTM, version 2: how gradients are clipped
    static final int CLIP_NONE = 0;
    static final int CLIP_NORM = 1;
    static final int CLIP_VALUE = 2;
    static final int CLIP_GLOBAL_NORM = 3;

    // sane bounds: a corrupt length is refused before it can make the reader allocate or loop
    static final int MAX_SECTION_BYTES = 1 << 30;
    static final int MAX_NAME_BYTES = 1024;
    static final int MAX_LAYERS = 1024;
    static final int MAX_WIDTH = 1 << 20;     // units, classes, features
    static final long MAX_PARAMETERS = 1L << 28;
}
