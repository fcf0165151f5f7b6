package io.github.stackedrnn.model;

import io.github.stackedrnn.train.History;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One {@code fit} at a time per model, refused rather than queued: a second fit that silently waited
 * for the first would train on the weights the first left behind, which is never what its caller
 * meant. The refusal names the thread that is fitting. Single training steps ({@code trainOnBatch},
 * {@code setWeights}) still wait for the running fit's session to end.
 */
final class FitGuard {
    private final AtomicReference<Thread> fitting = new AtomicReference<>();

    /**
     * Runs {@code fit} (which takes the trainer's session), unless another fit is running on this model.
     *
     * @throws IllegalStateException if a fit is running, on this thread (a listener calling fit) or another
     */
    History run(Supplier<History> fit) {
        Thread me = Thread.currentThread();
        while (!fitting.compareAndSet(null, me)) {
            Thread other = fitting.get();
            if (other != null) {
                throw new IllegalStateException("fit is already running on this model in thread \"" + other.getName() + "\" (id "
                        + other.getId() + (other == me ? ", this thread: a listener may not call fit" : "")
                        + "); a model runs one fit at a time: wait for it to return, or fit a copy (save and load the model)");
            }
        }
        try {
            return fit.get();
        } finally {
            fitting.set(null);
        }
    }
}
