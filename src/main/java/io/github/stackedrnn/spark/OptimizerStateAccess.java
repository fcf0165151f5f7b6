package io.github.stackedrnn.spark;

/**
 * Reads and replaces the optimizer state of a model, seen as the bytes of its saved file (what the
 * driver broadcasts and the executors return). The implementation, {@link SnapshotOptimizerState}, goes
 * through the model's public {@code ModelSnapshot}.
 */
interface OptimizerStateAccess {
    /**
     * @param modelFile a saved model
     * @return its optimizer state, or null if it has none (no step taken yet)
     * @throws IllegalArgumentException if the bytes are not a model file this package can edit
     */
    OptimizerSnapshot read(byte[] modelFile);

    /**
     * @param modelFile a saved model
     * @param state     the state to put in it, with the optimizer's slot count and the model's parameter count
     * @return a copy of the file with that state (and everything else unchanged)
     * @throws IllegalArgumentException if the bytes are not a model file this package can edit, or the state does not fit
     */
    byte[] write(byte[] modelFile, OptimizerSnapshot state);
}
