package io.github.stackedrnn.train;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TerminateOnNaN}: a batch whose running loss is NaN or infinite stops training; nothing else does. */
class TerminateOnNaNTest {
    private static boolean stopsOn(Map<String, Double> logs) {
        FakeFitContext fit = new FakeFitContext(3, 10, History.LOSS, History.ACCURACY);
        TerminateOnNaN listener = new TerminateOnNaN();
        listener.onTrainBegin(fit);
        listener.onBatchEnd(fit, 0, 4, logs);
        return fit.stopRequested();
    }

    @Test
    void nan_stops() {
        assertThat(stopsOn(Map.of(History.LOSS, Double.NaN, History.ACCURACY, 0.5))).isTrue();
    }

    @Test
    void infinity_stops() {
        assertThat(stopsOn(Map.of(History.LOSS, Double.POSITIVE_INFINITY))).isTrue();
        assertThat(stopsOn(Map.of(History.LOSS, Double.NEGATIVE_INFINITY))).isTrue();
    }

    @Test
    void finiteLoss_doesNotStop() {
        assertThat(stopsOn(Map.of(History.LOSS, 1e30, History.ACCURACY, 0.5))).isFalse();
        assertThat(stopsOn(Map.of(History.LOSS, 0.0))).isFalse();
    }

    @Test
    void otherMetricsNotFinite_orNoLoss_doNotStop() {
        assertThat(stopsOn(Map.of(History.LOSS, 0.7, History.ACCURACY, Double.NaN))).isFalse();
        assertThat(stopsOn(Map.of(History.ACCURACY, Double.NaN))).isFalse();
    }
}
