package io.github.stackedrnn.io;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.GateActivation;
import io.github.stackedrnn.layer.MergeMode;
import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.loss.Loss;

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
    static final int KIND_LSTM = 4;          // version 2, from 0.3
    static final int KIND_GRU = 5;           // version 2, from 0.3
    static final int KIND_BIDIRECTIONAL = 6; // version 2, from 0.3: merge mode, then the wrapped layer's record
    static final int KIND_NORMALIZATION = 7; // version 2, from 0.3: the feature count; its statistics are weights (WGHT)

    // CONF, a recurrent layer's sequence flags (the byte that was returnSequences alone before goBackwards
    // came, within version 2): a layer that does not read backwards writes 0 or 1 as before, so an older
    // reader reads it; one that does writes 2 or 3, which an older reader refuses as "not 0 or 1"
    static final int RETURN_SEQUENCES = 1;
    static final int GO_BACKWARDS = 2;

    static int sequenceFlags(io.github.stackedrnn.layer.RecurrentLayer r) {
        return (r.returnSequences() ? RETURN_SEQUENCES : 0) | (r.goBackwards() ? GO_BACKWARDS : 0);
    }
    static final int KIND_DROPOUT = 8;       // version 2: rate, seed flag, seed

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

    // Stable codes of the enums a file stores. A switch over an enum must name every constant, so a
    // constant added to an enum does not compile here until it has a code of its own; codes are never
    // reused or renumbered (an ordinal would silently change meaning when a constant is inserted).

    static int code(Activation a) {
        return switch (a) {
            case TANH -> 0;
            case RELU -> 1;
            case LINEAR -> 2;
            case SIGMOID -> 3;
            case SOFTMAX -> 4;
        };
    }

    /** @return the activation with {@code code}, or null for an unknown code */
    static Activation activation(int code) {
        for (Activation a : Activation.values()) {
            if (code(a) == code) {
                return a;
            }
        }
        return null;
    }

    static int code(Initializer i) {
        return switch (i) {
            case GLOROT_UNIFORM -> 0;
            case ORTHOGONAL -> 1;
            case IDENTITY -> 2;
            case ZEROS -> 3;
        };
    }

    /** @return the initializer with {@code code}, or null for an unknown code */
    static Initializer initializer(int code) {
        for (Initializer i : Initializer.values()) {
            if (code(i) == code) {
                return i;
            }
        }
        return null;
    }

    static int code(MergeMode m) {
        return switch (m) {
            case CONCAT -> 0;
            case SUM -> 1;
            case MUL -> 2;
            case AVE -> 3;
        };
    }

    /** @return the merge mode with {@code code}, or null for an unknown code */
    static MergeMode mergeMode(int code) {
        for (MergeMode m : MergeMode.values()) {
            if (code(m) == code) {
                return m;
            }
        }
        return null;
    }

    static int code(GateActivation a) {
        return switch (a) {
            case SIGMOID -> 0;
            case HARD_SIGMOID -> 1;
            case HARD_SIGMOID_KERAS2 -> 2; // added within version 2
        };
    }

    /** @return the gate function with {@code code}, or null for an unknown code */
    static GateActivation gateActivation(int code) {
        for (GateActivation a : GateActivation.values()) {
            if (code(a) == code) {
                return a;
            }
        }
        return null;
    }

    static int code(Loss.Kind k) {
        return switch (k) {
            case CATEGORICAL_CROSSENTROPY -> 0;
            case BINARY_CROSSENTROPY -> 1;
            case MEAN_SQUARED_ERROR -> 2;
            case MEAN_ABSOLUTE_ERROR -> 3;
        };
    }

    /** @return the loss kind with {@code code}, or null for an unknown code */
    static Loss.Kind lossKind(int code) {
        for (Loss.Kind k : Loss.Kind.values()) {
            if (code(k) == code) {
                return k;
            }
        }
        return null;
    }

    // sane bounds: a corrupt length is refused before it can make the reader allocate or loop
    static final int MAX_SECTION_BYTES = 1 << 30;
    static final int MAX_NAME_BYTES = 1024;
    static final int MAX_LAYERS = 1024;
    static final int MAX_WIDTH = 1 << 20;     // units, classes, features
    static final long MAX_PARAMETERS = 1L << 28;
}
