package io.github.stackedrnn.io;

import java.io.IOException;

/**
 * A model file (or stream) is not a valid model: wrong magic number, unknown format version, a
 * checksum that does not match, a length or shape out of bounds, a truncated section, trailing bytes.
 * The message says what was wrong and where: the section and the byte offset from the start of the file.
 *
 * <pre>{@code
 * try {
 *     StackedRnnModel model = StackedRnnModel.load(Path.of("model.srnn"));
 * } catch (ModelFormatException e) {
 *     System.err.println("not a usable model file: " + e.getMessage()
 *             + " (section " + e.section() + ", byte " + e.offset() + ")");
 * } catch (IOException e) {
 *     System.err.println("could not read the file: " + e);
 * }
 * }</pre>
 */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String section;
    private final long offset;

    /**
     * @param section the section being read, such as {@code WGHT}, or {@code header}
     * @param offset  the byte offset from the start of the file where the problem was found
     * @param problem what was wrong
     */
    public ModelFormatException(String section, long offset, String problem) {
        super("Invalid model file: " + problem + " (section " + section + ", byte offset " + offset + ")");
        this.section = section;
        this.offset = offset;
    }

    /**
     * For files whose problems have a place but no useful byte offset, such as a member of a Keras
     * archive and the path inside it; {@link #offset()} is then -1.
     *
     * @param section where the problem was found, such as {@code config.json in model.keras, layers[2].config.units}
     * @param problem what was wrong
     */
    public ModelFormatException(String section, String problem) {
        super(problem + " (" + section + ")");
        this.section = section;
        this.offset = -1;
    }

    /** @return the section being read, such as {@code WGHT}, or {@code header} */
    public String section() {
        return section;
    }

    /** @return the byte offset from the start of the file where the problem was found, -1 if it has none */
    public long offset() {
        return offset;
    }
}
