package io.github.stackedrnn.train;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link ReduceLROnPlateau} against Keras 3's {@code on_epoch_end}, each case worked by hand. The fake
 * context records each learning rate set, keyed by the epoch that set it; the rate starts at 1.
 */
class ReduceLROnPlateauTest {
    private static final String VAL_LOSS = History.VAL_LOSS;

    private static FakeFitContext context() {
        return new FakeFitContext(100, 4, History.LOSS, History.ACCURACY, VAL_LOSS, History.VAL_ACCURACY);
    }

    @Test
    void defaults_areKeras() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().build();
        assertThat(r.monitor()).isEqualTo("val_loss");
        assertThat(r.factor()).isEqualTo(0.1);
        assertThat(r.patience()).isEqualTo(10);
        assertThat(r.mode()).isEqualTo(MonitorMode.MIN);
        assertThat(r.minDelta()).isEqualTo(1e-4);
        assertThat(r.cooldown()).isZero();
        assertThat(r.minLr()).isZero();
    }

    @Test
    void patience2_reducesAfterEveryTwoEpochsWithoutImprovement() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(2).factor(0.5).minDelta(0).build();
        FakeFitContext fit = context();
        fit.fit(r, VAL_LOSS, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
        assertThat(fit.learningRates).containsExactly(entry(2, 0.5), entry(4, 0.25));
        assertThat(fit.stopRequested()).isFalse();
    }

    @Test
    void improvement_resetsTheWait() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(2).factor(0.5).minDelta(0).build();
        FakeFitContext fit = context();
        fit.fit(r, VAL_LOSS, 1.0, 1.0, 0.9, 1.0, 1.0, 1.0);
        assertThat(fit.learningRates).containsExactly(entry(4, 0.5));
    }

    @Test
    void defaultMinDelta_tinyGainsAreAPlateau() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(1).build();
        FakeFitContext fit = context();
        // 0.99995 is not below 1.0 - 1e-4; 0.9 is
        fit.fit(r, VAL_LOSS, 1.0, 0.99995, 0.9);
        assertThat(fit.learningRates).containsExactly(entry(1, 0.1));
    }

    @Test
    void cooldown_pausesTheWaitAfterAReduction() {
        ReduceLROnPlateau without = ReduceLROnPlateau.builder().patience(1).factor(0.5).build();
        ReduceLROnPlateau with = ReduceLROnPlateau.builder().patience(1).factor(0.5).cooldown(2).build();
        FakeFitContext a = context();
        FakeFitContext b = context();
        a.fit(without, VAL_LOSS, 1, 1, 1, 1, 1, 1, 1, 1);
        b.fit(with, VAL_LOSS, 1, 1, 1, 1, 1, 1, 1, 1);
        assertThat(a.learningRates).containsOnlyKeys(1, 2, 3, 4, 5, 6, 7);
        // a reduction at 1 starts a cooldown of 2: epoch 2 counts it down to 1, epoch 3 to 0 and waits again
        assertThat(b.learningRates).containsExactly(entry(1, 0.5), entry(3, 0.25), entry(5, 0.125), entry(7, 0.0625));
    }

    @Test
    void minLr_isAFloor() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(0).minLr(0.05).build();
        FakeFitContext fit = context();
        fit.fit(r, VAL_LOSS, 1, 1, 1, 1, 1);
        // 1 -> 0.1 -> max(0.01, 0.05); then the rate is at the floor and is left alone
        assertThat(fit.learningRates).containsExactly(entry(1, 0.1), entry(2, 0.05));
        assertThat(fit.learningRate()).isEqualTo(0.05);
    }

    @Test
    void minLr_alreadyReached_changesNothing() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(0).minLr(0.5).build();
        FakeFitContext fit = context().learningRate(0.5);
        fit.fit(r, VAL_LOSS, 1, 1, 1);
        assertThat(fit.learningRates).isEmpty();
    }

    @Test
    void autoMode_maximisesAccuracy() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().monitor(History.VAL_ACCURACY).patience(1).minDelta(0).factor(0.5).build();
        assertThat(r.mode()).isEqualTo(MonitorMode.MAX);
        FakeFitContext fit = context();
        fit.fit(r, History.VAL_ACCURACY, 0.5, 0.5, 0.6, 0.6, 0.6);
        assertThat(fit.learningRates).containsOnlyKeys(1, 3, 4);
    }

    @Test
    void maxMode_minDeltaAddsToTheBest() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().monitor("loss").mode(MonitorMode.MAX).patience(1).minDelta(0.1).build();
        FakeFitContext fit = context();
        // 1.05 is not above 1.0 + 0.1; 1.2 is
        fit.fit(r, History.LOSS, 1.0, 1.05, 1.2);
        assertThat(fit.learningRates).containsOnlyKeys(1);
    }

    @Test
    void state_isResetForTheNextFit() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(1).factor(0.5).cooldown(5).build();
        context().fit(r, VAL_LOSS, 0.1, 0.2, 0.3);
        FakeFitContext second = context();
        // a best of 0.1 or a running cooldown carried over would change when this fit reduces
        second.fit(r, VAL_LOSS, 1.0, 0.9, 0.95);
        assertThat(second.learningRates).containsExactly(entry(2, 0.5));
    }

    @Test
    void unknownMonitor_isRefusedAtTrainBegin() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().build();
        FakeFitContext noValidation = new FakeFitContext(10, 4, History.LOSS, History.MAE);
        assertThatThrownBy(() -> r.onTrainBegin(noValidation))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Available metrics are: loss,mae");
    }

    @Test
    void missingValueAtEpochEnd_changesNothing() {
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(0).build();
        FakeFitContext fit = context();
        r.onTrainBegin(fit);
        r.onEpochEnd(fit, 0, Map.of(History.LOSS, 1.0));
        r.onEpochEnd(fit, 1, Map.of(History.LOSS, 1.0));
        assertThat(fit.learningRates).isEmpty();
    }

    @Test
    void factor_mustBeBelow1() {
        assertThatThrownBy(() -> ReduceLROnPlateau.builder().factor(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `factor`, expected a number in (0, 1), got 1.0.");
        assertThatThrownBy(() -> ReduceLROnPlateau.builder().factor(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factor_twice() {
        assertThatThrownBy(() -> ReduceLROnPlateau.builder().factor(0.5).factor(0.2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`factor` was already set to 0.5");
    }

    @Test
    void cooldown_negative() {
        assertThatThrownBy(() -> ReduceLROnPlateau.builder().cooldown(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `cooldown`, expected a non-negative integer, got -1.");
    }

    @Test
    void minLr_negative() {
        assertThatThrownBy(() -> ReduceLROnPlateau.builder().minLr(-1e-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`minLr`");
    }

    @Test
    void patience_negative() {
        assertThatThrownBy(() -> ReduceLROnPlateau.builder().patience(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `patience`, expected a non-negative integer, got -3.");
    }
}
