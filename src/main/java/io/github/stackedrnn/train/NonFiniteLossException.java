package io.github.stackedrnn.train;

/**
 * Training produced a NaN or infinite loss or gradient. The step that produced it was not applied:
 * the model keeps the weights of the last finite step.
 *
 * <pre>{@code
 * try {
 *     model.fit(x, labels, options);
 * } catch (NonFiniteLossException e) {
 *     log.warn("diverged at epoch {}, batch {}: {}", e.epoch(), e.batch(), e.getMessage());
 *     // the model keeps the weights of the last finite step: lower the learning rate and fit again
 * }
 * }</pre>
 */
public final class NonFiniteLossException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    /**
     * @param message what was not finite
     * @param epoch   the 1-based epoch, or 0 outside {@code fit}
     * @param batch   the 1-based batch within the epoch, or 0 outside {@code fit}
     */
    public NonFiniteLossException(String message, int epoch, int batch) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** @return the 1-based epoch in which training stopped, or 0 outside {@code fit} */
    public int epoch() {
        return epoch;
    }

    /** @return the 1-based batch of that epoch, or 0 outside {@code fit} */
    public int batch() {
        return batch;
    }
}
