package io.github.stackedrnn.data;

/** The layout of a sequence file, {@code docs/SEQUENCES.md}: header fields and the kind codes. */
final class SequenceFiles {
    static final byte[] MAGIC = {'S', 'R', 'N', 'N', 'S', 'E', 'Q', 'S'};
    static final int VERSION = 1;
    static final int HEADER_BYTES = 36;
    static final int COUNT_OFFSET = 24;
    static final int MAX_LENGTH_OFFSET = 32;
    /** The widest row a file may declare: features or target units. */
    static final int MAX_WIDTH = 1 << 20;

    private SequenceFiles() {
    }

    static int code(SequenceExample.Kind kind) {
        return kind.ordinal(); // NONE 0, CLASS 1, STEP_CLASSES 2, ROW 3, STEP_ROWS 4: stable, listed in the format
    }

    static SequenceExample.Kind kind(int code) {
        SequenceExample.Kind[] kinds = SequenceExample.Kind.values();
        return code >= 0 && code < kinds.length ? kinds[code] : null;
    }

    static boolean hasUnits(SequenceExample.Kind kind) {
        return kind == SequenceExample.Kind.ROW || kind == SequenceExample.Kind.STEP_ROWS;
    }

    /** Bytes of a record's body (after its length) with {@code length} steps; long, so it cannot overflow. */
    static long bodyBytes(long length, int features, SequenceExample.Kind kind, int units) {
        long x = length * features * Float.BYTES;
        switch (kind) {
            case CLASS:
                return x + Integer.BYTES;
            case STEP_CLASSES:
                return x + length * Integer.BYTES;
            case ROW:
                return x + (long) units * Float.BYTES;
            case STEP_ROWS:
                return x + length * units * Float.BYTES;
            default:
                return x;
        }
    }
}
