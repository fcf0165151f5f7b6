package io.github.stackedrnn.keras;

import io.github.stackedrnn.io.ModelFormatException;

/**
 * A problem found deep inside the reading of a Keras file, unchecked so that the readers can stay
 * plain code; {@link KerasModels} turns it into a {@link ModelFormatException} at its boundary.
 */
final class KerasFormatError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String problem;

    KerasFormatError(String where, String problem) {
        super(problem + " (" + where + ")");
        this.where = where;
        this.problem = problem;
    }

    KerasFormatError(String where, String problem, Throwable cause) {
        this(where, problem);
        initCause(cause);
    }

    ModelFormatException toChecked() {
        ModelFormatException e = new ModelFormatException(where, problem);
        e.initCause(getCause());
        return e;
    }
}
