package io.github.stackedrnn.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Stops {@code fit} at the end of the first batch whose logs report a NaN or infinite {@code loss}, as
 * Keras's {@code TerminateOnNaN}: {@link FitContext#stopTraining()} is called, so the other listeners
 * still hear the end of training, and a warning "Batch N: Invalid loss, terminating training" (N counted
 * from 0 within the epoch, as Keras) is logged. It holds no state.
 *
 * <pre>{@code
 * model.fit(x, labels, FitOptions.builder().epochs(50).listeners(new TerminateOnNaN()).build());
 * // without it, a NaN loss ends fit with a NonFiniteLossException
 * }</pre>
 */
public final class TerminateOnNaN implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(TerminateOnNaN.class);

    /** A listener that stops training on an invalid loss. */
    public TerminateOnNaN() {
    }

    /** Stops training if the logs' {@code loss} is NaN or infinite. */
    @Override
    public void onBatchEnd(FitContext context, int epoch, int batch, Map<String, Double> logs) {
        Double loss = logs.get(History.LOSS);
        if (loss != null && !Double.isFinite(loss)) {
            LOG.warn("Batch {}: Invalid loss, terminating training", batch);
            context.stopTraining();
        }
    }

    @Override
    public String toString() {
        return "TerminateOnNaN";
    }
}
