package io.github.stackedrnn.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ProgressBar} on a scripted run with a fake clock, so that no expectation depends on timing: the
 * exact text of the redrawn line and of the final line on a terminal, and one line per epoch elsewhere.
 */
class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now; // nanoseconds

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void at(double seconds) {
        now = Math.round(seconds * 1e9);
    }

    private ProgressBar.Builder bar() {
        return ProgressBar.builder().output(out).nanoTime(() -> now);
    }

    private static FakeFitContext context(int epochs, int steps) {
        return new FakeFitContext(epochs, steps, History.LOSS, History.ACCURACY, History.VAL_LOSS, History.VAL_ACCURACY);
    }

    private static Map<String, Double> logs(double loss, double accuracy) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put(History.LOSS, loss);
        logs.put(History.ACCURACY, accuracy);
        return logs;
    }

    private static Map<String, Double> logs(double loss, double accuracy, double valLoss, double valAccuracy) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put(History.VAL_ACCURACY, valAccuracy); // printed in the fit's metric order all the same
        logs.put(History.VAL_LOSS, valLoss);
        logs.putAll(logs(loss, accuracy));
        return logs;
    }

    /** Epoch {@code epoch} of 4 batches: at 1 s, 1.01 s (within 50 ms: not drawn), 2 s, 2.02 s (last), end at 2.5 s. */
    private static void epoch(ProgressBar bar, FakeFitContext fit, int epoch, double start, ProgressBarTest t) {
        t.at(start);
        bar.onEpochBegin(fit, epoch);
        t.at(start + 1.0);
        bar.onBatchEnd(fit, epoch, 0, logs(10.5, 0.25));
        t.at(start + 1.01);
        bar.onBatchEnd(fit, epoch, 1, logs(0.9, 0.5));
        t.at(start + 2.0);
        bar.onBatchEnd(fit, epoch, 2, logs(0.8, 0.5));
        t.at(start + 2.02);
        bar.onBatchEnd(fit, epoch, 3, logs(0.7, 0.625));
        t.at(start + 2.5);
        bar.onEpochEnd(fit, epoch, logs(0.7, 0.625, 0.65, 0.75));
    }

    @Test
    void interactive_redrawsOneLineAndEndsWithTheFinalLine() {
        ProgressBar bar = bar().interactive(true).build();
        FakeFitContext fit = context(2, 4);
        bar.onTrainBegin(fit);
        epoch(bar, fit, 0, 0, this);
        bar.onTrainEnd(fit);
        // the second batch is within 50 ms of the first: not drawn; the third's line is one character shorter
        // than the first's, so one space erases the rest; the last batch is drawn though only 20 ms passed;
        // 2.5 s rounds to 2 s as Python's %.0f does
        assertThat(printed()).isEqualTo("Epoch 1/2\n"
                + "\r1/4 [======>.......................] - ETA: 3s - loss: 10.5000 - accuracy: 0.2500"
                + "\r3/4 [=====================>........] - ETA: 0s - loss: 0.8000 - accuracy: 0.5000 "
                + "\r4/4 [==============================] - ETA: 0s - loss: 0.7000 - accuracy: 0.6250"
                + "\r4/4 [==============================] - 2s 625ms/step - loss: 0.7000 - accuracy: 0.6250"
                + " - val_loss: 0.6500 - val_accuracy: 0.7500\n");
    }

    @Test
    void interactive_eachEpochStartsAfresh() {
        ProgressBar bar = bar().interactive(true).build();
        FakeFitContext fit = context(2, 4);
        bar.onTrainBegin(fit);
        epoch(bar, fit, 0, 0, this);
        int first = printed().length();
        epoch(bar, fit, 1, 10, this);
        bar.onTrainEnd(fit);
        String second = printed().substring(first);
        assertThat(second).startsWith("Epoch 2/2\n\r1/4 [======>.......................] - ETA: 3s - loss: 10.5000");
        assertThat(second).endsWith("\r4/4 [==============================] - 2s 625ms/step - loss: 0.7000 - accuracy: 0.6250"
                + " - val_loss: 0.6500 - val_accuracy: 0.7500\n");
    }

    @Test
    void nonInteractive_printsOneLinePerEpochAndNoCarriageReturn() {
        ProgressBar bar = bar().interactive(false).build();
        FakeFitContext fit = context(2, 4);
        bar.onTrainBegin(fit);
        epoch(bar, fit, 0, 0, this);
        at(3.0);
        bar.onEpochBegin(fit, 1);
        for (int b = 0; b < 4; b++) {
            at(3.0 + 0.01 * b);
            bar.onBatchEnd(fit, 1, b, logs(0.5, 0.75));
        }
        at(4.0);
        bar.onEpochEnd(fit, 1, logs(0.5, 0.75, 0.6, 0.8));
        bar.onTrainEnd(fit);
        assertThat(printed()).isEqualTo(
                "Epoch 1/2 - 4/4 - 2s 625ms/step - loss: 0.7000 - accuracy: 0.6250 - val_loss: 0.6500 - val_accuracy: 0.7500\n"
                + "Epoch 2/2 - 4/4 - 1s 250ms/step - loss: 0.5000 - accuracy: 0.7500 - val_loss: 0.6000 - val_accuracy: 0.8000\n");
        assertThat(printed()).doesNotContain("\r");
    }

    @Test
    void anotherStreamThanTheConsole_isNotInteractiveByDefault() {
        ProgressBar bar = bar().build();
        FakeFitContext fit = context(1, 4);
        bar.onTrainBegin(fit);
        epoch(bar, fit, 0, 0, this);
        bar.onTrainEnd(fit);
        assertThat(printed()).doesNotContain("\r").startsWith("Epoch 1/1 - 4/4 - ").hasLineCount(1);
    }

    @Test
    void eta_inMinutesAndHours() {
        ProgressBar bar = bar().interactive(true).width(10).build();
        FakeFitContext fit = context(1, 100);
        bar.onTrainBegin(fit);
        at(0);
        bar.onEpochBegin(fit, 0);
        at(2);
        bar.onBatchEnd(fit, 0, 0, logs(1, 0));
        // 2 s per step, 99 steps left: 198 s
        assertThat(printed()).endsWith("\r  1/100 [..........] - ETA: 3:18 - loss: 1.0000 - accuracy: 0.0000e+00");
        at(2 + 3600);
        bar.onBatchEnd(fit, 0, 9, logs(1, 0));
        // 360.2 s per step, 90 steps left: 32418 s
        assertThat(printed()).endsWith("\r 10/100 [>.........] - ETA: 9:00:18 - loss: 1.0000 - accuracy: 0.0000e+00");
    }

    @Test
    void stepTimes_inSecondsAndMicroseconds() {
        ProgressBar bar = bar().interactive(false).build();
        FakeFitContext fit = context(2, 4);
        bar.onTrainBegin(fit);
        at(0);
        bar.onEpochBegin(fit, 0);
        bar.onBatchEnd(fit, 0, 3, logs(1, 1));
        at(8);
        bar.onEpochEnd(fit, 0, logs(1, 1));
        at(10);
        bar.onEpochBegin(fit, 1);
        bar.onBatchEnd(fit, 1, 3, logs(1, 1));
        at(10.0002);
        bar.onEpochEnd(fit, 1, logs(1, 1));
        assertThat(printed()).isEqualTo("Epoch 1/2 - 4/4 - 8s 2s/step - loss: 1.0000 - accuracy: 1.0000\n"
                + "Epoch 2/2 - 4/4 - 0s 50us/step - loss: 1.0000 - accuracy: 1.0000\n");
    }

    @Test
    void stoppedMidEpoch_theOpenLineIsEnded() {
        ProgressBar bar = bar().interactive(true).build();
        FakeFitContext fit = context(3, 4);
        bar.onTrainBegin(fit);
        at(0);
        bar.onEpochBegin(fit, 0);
        at(1);
        bar.onBatchEnd(fit, 0, 0, logs(Double.NaN, 0.5));
        bar.onTrainEnd(fit);
        assertThat(printed()).isEqualTo("Epoch 1/3\n\r1/4 [======>.......................] - ETA: 3s - loss: nan - accuracy: 0.5000\n");
    }

    @Test
    void values_asKerasFormatsThem() {
        assertThat(ProgressBar.format(0.69314718)).isEqualTo("0.6931");
        assertThat(ProgressBar.format(12.0)).isEqualTo("12.0000");
        assertThat(ProgressBar.format(-0.5)).isEqualTo("-0.5000");
        assertThat(ProgressBar.format(0.001)).isEqualTo("1.0000e-03");
        assertThat(ProgressBar.format(1.234567e-5)).isEqualTo("1.2346e-05");
        assertThat(ProgressBar.format(0.0)).isEqualTo("0.0000e+00");
        assertThat(ProgressBar.format(Double.NaN)).isEqualTo("nan");
        assertThat(ProgressBar.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void width_notPositive() {
        assertThatThrownBy(() -> ProgressBar.builder().width(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `width`, expected a positive integer, got 0.");
    }

    @Test
    void interactive_twice() {
        assertThatThrownBy(() -> ProgressBar.builder().interactive(true).interactive(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`interactive` was already set to true");
    }

    @Test
    void output_null() {
        assertThatThrownBy(() -> ProgressBar.builder().output(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`output`");
    }
}
