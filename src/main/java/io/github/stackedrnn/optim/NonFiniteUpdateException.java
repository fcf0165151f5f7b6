package io.github.stackedrnn.optim;

/**
 * An optimizer step would have made a parameter NaN or infinite (finite gradients can still overflow
 * an update); the step was refused and nothing changed.
 *
 * <pre>{@code
 * try {
 *     state.step(params, grads);
 * } catch (NonFiniteUpdateException e) {
 *     // nothing changed; e.index() is the parameter whose update overflowed
 * }
 * }</pre>
 */
public final class NonFiniteUpdateException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int index;

    /**
     * @param index the flat index of the first parameter whose update was not finite
     * @param value the value it would have taken
     */
    public NonFiniteUpdateException(int index, float value) {
        super("the update of parameter " + index + " would be " + value);
        this.index = index;
    }

    /** @return the flat index of the first parameter whose update was not finite */
    public int index() {
        return index;
    }
}
