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

    /** @return the section being read, such as {@code WGHT}, or {@code header} */
    public String section() {
        return section;
    }

    /** @return the byte offset from the start of the file where the problem was found */
    public long offset() {
        return offset;
    }
}
