package io.github.stackedrnn.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link EarlyStopping} against Keras 3's {@code on_epoch_end}, each case worked by hand: the wait grows by one
 * every monitored epoch, an improvement resets it (only if the baseline is beaten too), and training stops at
 * the first non-improving epoch (after epoch 0) whose wait has reached the patience.
 */
class EarlyStoppingTest {
    private static final String VAL_LOSS = History.VAL_LOSS;
    private static final String VAL_ACCURACY = History.VAL_ACCURACY;

    private static FakeFitContext context() {
        return new FakeFitContext(100, 4, History.LOSS, History.ACCURACY, VAL_LOSS, VAL_ACCURACY);
    }

    @Test
    void defaults_areKeras() {
        EarlyStopping stop = EarlyStopping.builder().build();
        assertThat(stop.monitor()).isEqualTo("val_loss");
        assertThat(stop.minDelta()).isZero();
        assertThat(stop.patience()).isZero();
        assertThat(stop.mode()).isEqualTo(MonitorMode.MIN);
        assertThat(stop.baseline()).isEmpty();
        assertThat(stop.restoreBestWeights()).isFalse();
        assertThat(stop.startFromEpoch()).isZero();
    }

    @Test
    void patience0_stopsAtFirstEpochWithoutImprovement() {
        EarlyStopping stop = EarlyStopping.builder().build();
        FakeFitContext fit = context();
        int ran = fit.fit(stop, VAL_LOSS, 1.0, 0.9, 0.95, 0.8, 0.7);
        assertThat(ran).isEqualTo(3);
        assertThat(stop.stoppedEpoch()).isEqualTo(2);
        assertThat(fit.stoppedAt).isEqualTo(2);
        assertThat(stop.bestEpoch()).isEqualTo(1);
        assertThat(stop.best()).isEqualTo(0.9);
    }

    @Test
    void patience0_neverStopsAtEpoch0() {
        EarlyStopping stop = EarlyStopping.builder().build();
        FakeFitContext fit = context();
        // epoch 0 cannot improve on NaN's comparison, so its wait is 1 >= 0, but Keras requires epoch > 0
        int ran = fit.fit(stop, VAL_LOSS, Double.NaN, 1.0, 2.0);
        assertThat(ran).isEqualTo(3);
        assertThat(stop.stoppedEpoch()).isEqualTo(2);
    }

    @Test
    void patience2_stopsAfterTwoEpochsWithoutImprovement() {
        EarlyStopping stop = EarlyStopping.builder().patience(2).build();
        assertThat(context().fit(stop, VAL_LOSS, 1.0, 0.9, 0.95, 0.93, 0.5)).isEqualTo(4);
        assertThat(stop.stoppedEpoch()).isEqualTo(3);
        assertThat(stop.bestEpoch()).isEqualTo(1);
    }

    @Test
    void patience2_anImprovementRestartsTheWait() {
        EarlyStopping stop = EarlyStopping.builder().patience(2).build();
        assertThat(context().fit(stop, VAL_LOSS, 1.0, 0.9, 0.95, 0.85, 0.9, 0.91, 0.5)).isEqualTo(6);
        assertThat(stop.stoppedEpoch()).isEqualTo(5);
        assertThat(stop.bestEpoch()).isEqualTo(3);
    }

    @Test
    void notStopping_leavesStoppedEpoch0() {
        EarlyStopping stop = EarlyStopping.builder().patience(1).build();
        assertThat(context().fit(stop, VAL_LOSS, 3, 2, 1)).isEqualTo(3);
        assertThat(stop.stoppedEpoch()).isZero();
        assertThat(stop.bestEpoch()).isEqualTo(2);
    }

    @Test
    void autoMode_maximisesAccuracy() {
        EarlyStopping stop = EarlyStopping.builder().monitor(VAL_ACCURACY).patience(1).build();
        assertThat(stop.mode()).isEqualTo(MonitorMode.MAX);
        // 0.6 does not beat 0.6: the wait reaches 1 at epoch 2
        assertThat(context().fit(stop, VAL_ACCURACY, 0.5, 0.6, 0.6, 0.55, 0.9)).isEqualTo(3);
        assertThat(stop.stoppedEpoch()).isEqualTo(2);
        assertThat(stop.best()).isEqualTo(0.6);
    }

    @Test
    void maxMode_stopsWhenTheValueFalls() {
        EarlyStopping auto = EarlyStopping.builder().monitor(VAL_ACCURACY).build();
        EarlyStopping max = EarlyStopping.builder().monitor(VAL_LOSS).mode(MonitorMode.MAX).build();
        assertThat(max.mode()).isEqualTo(MonitorMode.MAX);
        // rising values improve under MAX: the first fall, at epoch 3, stops
        assertThat(context().fit(max, VAL_LOSS, 1, 2, 3, 2.5, 4)).isEqualTo(4);
        assertThat(max.stoppedEpoch()).isEqualTo(3);
        assertThat(context().fit(auto, VAL_ACCURACY, 0.1, 0.2, 0.3, 0.25, 0.4)).isEqualTo(4);
    }

    @Test
    void minMode_overridesAuto() {
        EarlyStopping auto = EarlyStopping.builder().monitor(VAL_ACCURACY).build();
        EarlyStopping min = EarlyStopping.builder().monitor(VAL_ACCURACY).mode(MonitorMode.MIN).build();
        assertThat(context().fit(auto, VAL_ACCURACY, 0.5, 0.4, 0.45)).isEqualTo(2);
        assertThat(context().fit(min, VAL_ACCURACY, 0.5, 0.4, 0.45)).isEqualTo(3);
        assertThat(min.stoppedEpoch()).isEqualTo(2);
    }

    @Test
    void minDelta_smallerChangesAreNoImprovement_minMode() {
        EarlyStopping plain = EarlyStopping.builder().build();
        EarlyStopping delta = EarlyStopping.builder().minDelta(0.1).build();
        assertThat(context().fit(plain, VAL_LOSS, 1.0, 0.95, 0.9, 0.95)).isEqualTo(4);
        // 0.95 + 0.1 is not below 1.0
        assertThat(context().fit(delta, VAL_LOSS, 1.0, 0.95, 0.9, 0.95)).isEqualTo(2);
        assertThat(delta.stoppedEpoch()).isEqualTo(1);
        // 0.85 + 0.1 < 1.0 improves; 0.8 + 0.1 is not below 0.85
        assertThat(context().fit(delta, VAL_LOSS, 1.0, 0.85, 0.8, 0.1)).isEqualTo(3);
        assertThat(delta.bestEpoch()).isEqualTo(1);
    }

    @Test
    void minDelta_smallerChangesAreNoImprovement_maxMode() {
        EarlyStopping delta = EarlyStopping.builder().monitor(VAL_ACCURACY).minDelta(0.05).build();
        // 0.54 - 0.05 is not above 0.5
        assertThat(context().fit(delta, VAL_ACCURACY, 0.5, 0.54, 0.9)).isEqualTo(2);
        // 0.56 - 0.05 > 0.5 improves
        assertThat(context().fit(delta, VAL_ACCURACY, 0.5, 0.56, 0.5)).isEqualTo(3);
    }

    @Test
    void baseline_notBeaten_keepsTheWaitGrowing() {
        EarlyStopping plain = EarlyStopping.builder().patience(2).build();
        EarlyStopping baseline = EarlyStopping.builder().patience(2).baseline(0.5).build();
        assertThat(context().fit(plain, VAL_LOSS, 1.0, 1.1, 1.2, 1.3)).isEqualTo(3);
        // epoch 0 improves on infinity but not on the baseline: its wait of 1 stays, epoch 1 brings it to 2
        assertThat(context().fit(baseline, VAL_LOSS, 1.0, 1.1, 1.2, 1.3)).isEqualTo(2);
        assertThat(baseline.stoppedEpoch()).isEqualTo(1);
        assertThat(baseline.bestEpoch()).isZero();
    }

    @Test
    void baseline_improvementsAboveIt_doNotStopButDoNotResetTheWait() {
        EarlyStopping baseline = EarlyStopping.builder().baseline(0.5).build();
        // improving epochs return before the stop test: 1.0, 0.9, 0.8 run; 0.85 (wait 4) stops
        assertThat(context().fit(baseline, VAL_LOSS, 1.0, 0.9, 0.8, 0.85, 0.1)).isEqualTo(4);
        assertThat(baseline.bestEpoch()).isEqualTo(2);
    }

    @Test
    void baseline_beaten_resetsTheWait() {
        EarlyStopping baseline = EarlyStopping.builder().patience(2).baseline(1.05).build();
        assertThat(context().fit(baseline, VAL_LOSS, 1.0, 1.1, 1.2, 1.3)).isEqualTo(3);
        assertThat(baseline.stoppedEpoch()).isEqualTo(2);
    }

    @Test
    void startFromEpoch_ignoresTheWarmUp() {
        EarlyStopping plain = EarlyStopping.builder().build();
        EarlyStopping warm = EarlyStopping.builder().startFromEpoch(2).build();
        assertThat(context().fit(plain, VAL_LOSS, 1.0, 2.0, 3.0, 2.5, 2.6)).isEqualTo(2);
        assertThat(context().fit(warm, VAL_LOSS, 1.0, 2.0, 3.0, 2.5, 2.6)).isEqualTo(5);
        assertThat(warm.stoppedEpoch()).isEqualTo(4);
        assertThat(warm.bestEpoch()).isEqualTo(3);
    }

    @Test
    void restoreBestWeights_setsTheBestEpochsWeightsWhenItStops() {
        EarlyStopping stop = EarlyStopping.builder().patience(2).restoreBestWeights(true).build();
        FakeFitContext fit = context();
        assertThat(fit.fit(stop, VAL_LOSS, 1.0, 0.5, 0.7, 0.8, 0.1)).isEqualTo(4);
        assertThat(stop.bestEpoch()).isEqualTo(1);
        assertThat(fit.weightsSet).containsExactly(List.of(FakeFitContext.weightsOf(1)));
        assertThat(fit.currentWeights()).containsExactly(FakeFitContext.weightsOf(1));
    }

    @Test
    void restoreBestWeights_alsoWhenTrainingRunsToTheEnd_asKeras3() {
        EarlyStopping stop = EarlyStopping.builder().patience(5).restoreBestWeights(true).build();
        FakeFitContext fit = context();
        assertThat(fit.fit(stop, VAL_LOSS, 1.0, 0.5, 0.7)).isEqualTo(3);
        assertThat(stop.stoppedEpoch()).isZero();
        assertThat(fit.weightsSet).containsExactly(List.of(FakeFitContext.weightsOf(1)));
    }

    @Test
    void restoreBestWeights_withoutAnyImprovement_restoresTheFirstMonitoredEpoch() {
        EarlyStopping stop = EarlyStopping.builder().patience(2).restoreBestWeights(true).startFromEpoch(1).build();
        FakeFitContext fit = context();
        assertThat(fit.fit(stop, VAL_LOSS, 0.1, Double.NaN, Double.NaN, 0.2)).isEqualTo(3);
        assertThat(fit.weightsSet).containsExactly(List.of(FakeFitContext.weightsOf(1)));
    }

    @Test
    void withoutRestoreBestWeights_weightsAreLeftAlone() {
        EarlyStopping stop = EarlyStopping.builder().patience(2).build();
        FakeFitContext fit = context();
        fit.fit(stop, VAL_LOSS, 1.0, 0.5, 0.7, 0.8, 0.1);
        assertThat(fit.weightsSet).isEmpty();
        assertThat(fit.currentWeights()).containsExactly(FakeFitContext.weightsOf(3));
    }

    @Test
    void state_isResetForTheNextFit() {
        EarlyStopping stop = EarlyStopping.builder().patience(1).restoreBestWeights(true).build();
        assertThat(context().fit(stop, VAL_LOSS, 0.1, 0.2, 0.3, 0.4)).isEqualTo(2);
        FakeFitContext second = context();
        // a best of 0.1 carried over would stop this fit at epoch 1
        assertThat(second.fit(stop, VAL_LOSS, 1.0, 0.9, 0.8, 0.85, 0.9)).isEqualTo(4);
        assertThat(stop.stoppedEpoch()).isEqualTo(3);
        assertThat(stop.bestEpoch()).isEqualTo(2);
        assertThat(second.weightsSet).containsExactly(List.of(FakeFitContext.weightsOf(2)));
    }

    @Test
    void unknownMonitor_isRefusedAtTrainBegin() {
        EarlyStopping stop = EarlyStopping.builder().build();
        FakeFitContext noValidation = new FakeFitContext(10, 4, History.LOSS, History.ACCURACY);
        assertThatThrownBy(() -> stop.onTrainBegin(noValidation))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`val_loss`")
                .hasMessageContaining("Available metrics are: loss,accuracy");
    }

    @Test
    void patience_negative() {
        assertThatThrownBy(() -> EarlyStopping.builder().patience(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `patience`, expected a non-negative integer, got -1.");
    }

    @Test
    void patience_twice() {
        assertThatThrownBy(() -> EarlyStopping.builder().patience(1).patience(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`patience` was already set to 1");
    }

    @Test
    void minDelta_negative() {
        assertThatThrownBy(() -> EarlyStopping.builder().minDelta(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `minDelta`, expected a non-negative finite number, got -0.1.");
    }

    @Test
    void baseline_notFinite() {
        assertThatThrownBy(() -> EarlyStopping.builder().baseline(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`baseline`");
    }

    @Test
    void startFromEpoch_negative() {
        assertThatThrownBy(() -> EarlyStopping.builder().startFromEpoch(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`startFromEpoch`");
    }

    @Test
    void monitor_empty() {
        assertThatThrownBy(() -> EarlyStopping.builder().monitor(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`monitor`");
    }

    @Test
    void mode_null() {
        assertThatThrownBy(() -> EarlyStopping.builder().mode(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`mode`");
    }
}
