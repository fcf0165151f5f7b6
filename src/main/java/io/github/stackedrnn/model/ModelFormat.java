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

    // sane bounds: a corrupt length is refused before it can make the reader allocate or loop
    static final int MAX_SECTION_BYTES = 1 << 30;
    static final int MAX_NAME_BYTES = 1024;
    static final int MAX_LAYERS = 1024;
    static final int MAX_WIDTH = 1 << 20;     // units, classes, features
    static final long MAX_PARAMETERS = 1L << 28;
}
