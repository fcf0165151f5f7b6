package io.github.stackedrnn.data;

/**
 * Bad data in a data set: a short row, a value that is not a number, a wrong feature count, a
 * truncated or corrupt file, or a file that cannot be read. The message names the file and the line
 * (CSV) or record (binary file); {@link #source()} gives them apart. When {@code fit} meets one, the
 * steps before the batch that held the bad data stay applied and that batch is not.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source where: {@code "path:line"} or {@code "path record n"}
     * @param message what was expected and what came
     */
    public DatasetException(String source, String message) {
        super(source + ": " + message);
        this.source = source;
    }

    /**
     * @param source where: {@code "path:line"} or {@code "path record n"}
     * @param message what went wrong
     * @param cause   the underlying error, such as an {@link java.io.IOException}
     */
    public DatasetException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
    }

    /** @return the file and line or record of the bad data */
    public String source() {
        return source;
    }
}
