package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.ProgressBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.SubstituteLogger;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code FitOptions.verbose}: what fit prints on System.out, and that the per-epoch log line yields to a
 * bar (DEBUG instead of INFO) so that no epoch is reported twice. Under surefire System.out is not a
 * terminal, so every bar prints one line per epoch.
 */
class VerboseTest {
    private static final int SAMPLES = 40;
    private PrintStream originalOut;
    private ByteArrayOutputStream printed;

    @BeforeEach
    void captureOut() {
        originalOut = System.out;
        printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOut() {
        System.setOut(originalOut);
    }

    private static StackedRnnModel model() {
        return StackedRnnModel.builder().inputFeatures(3).seed(5)
                .add(SimpleRnnLayer.builder(4).build()).add(DenseSoftmaxLayer.builder(2).build()).build();
    }

    private static Tensor x() {
        SplittableRandom r = new SplittableRandom(1);
        float[] data = new float[SAMPLES * 5 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        return Tensor.of(data, SAMPLES, 5, 3);
    }

    private static int[] labels() {
        int[] y = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            y[i] = i % 2;
        }
        return y;
    }

    private List<String> printedLines() {
        String text = printed.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }

    /** Runs fit's loop with a logger that records every event, whatever the binding's level. */
    private static List<SubstituteLoggingEvent> fitRecording(FitOptions options) {
        StackedRnnModel model = model();
        Tensor x = x();
        Queue<SubstituteLoggingEvent> events = new ArrayDeque<>();
        EventRecordingLogger log = new EventRecordingLogger(new SubstituteLogger("test", events, false), events);
        Targets targets = Targets.sparse(labels(), SAMPLES, model.network());
        new FitLoop(model.trainer(), model.network(), model::save,
                new TensorData(model.evaluator(), x, targets, null, FitLoop.trainCount(SAMPLES, options), null), options, null, log).run();
        return List.copyOf(events);
    }

    private static List<Level> epochLineLevels(List<SubstituteLoggingEvent> events) {
        return events.stream().filter(e -> e.getMessage().startsWith("Epoch ")).map(SubstituteLoggingEvent::getLevel)
                .collect(Collectors.toList());
    }

    @Test
    void byDefault_printsNothing_andLogsEachEpochAtInfo() {
        FitOptions options = FitOptions.builder().epochs(3).batchSize(16).build();
        assertThat(options.verbose()).isZero();
        model().fit(x(), labels(), options);
        assertThat(printed.size()).isZero();
        assertThat(epochLineLevels(fitRecording(options))).containsExactly(Level.INFO, Level.INFO, Level.INFO);
    }

    @Test
    void verboseZero_printsNothing() {
        FitOptions options = FitOptions.builder().epochs(2).verbose(0).build();
        model().fit(x(), labels(), options);
        assertThat(printed.size()).isZero();
    }

    @Test
    void verboseTwo_printsOneLinePerEpoch_andTheLogLineGoesToDebug() {
        FitOptions options = FitOptions.builder().epochs(3).batchSize(16).validationSplit(0.25).verbose(2).build();
        model().fit(x(), labels(), options);
        List<String> lines = printedLines();
        assertThat(lines).hasSize(3);
        for (int e = 0; e < 3; e++) {
            assertThat(lines.get(e)).startsWith("Epoch " + (e + 1) + "/3 - 2/2 - ").contains(" - loss: ")
                    .contains(" - val_accuracy: ").doesNotContain("\r").doesNotContain("[");
        }
        printed.reset();
        assertThat(epochLineLevels(fitRecording(options))).containsExactly(Level.DEBUG, Level.DEBUG, Level.DEBUG);
    }

    @Test
    void verboseOne_printsTheBar_andTheLogLineGoesToDebug() {
        FitOptions options = FitOptions.builder().epochs(2).batchSize(16).verbose(1).build();
        model().fit(x(), labels(), options);
        // not a terminal here: the bar's one line per epoch, 3 steps of 16, 16, 8 samples
        assertThat(printedLines()).hasSize(2).allMatch(l -> l.matches("Epoch [12]/2 - 3/3 - .* - loss: .* - accuracy: .*"));
        printed.reset();
        assertThat(epochLineLevels(fitRecording(options))).containsExactly(Level.DEBUG, Level.DEBUG);
    }

    @Test
    void aProgressBarListener_isTheOnlyBar_andTheLogLineGoesToDebug() {
        ByteArrayOutputStream own = new ByteArrayOutputStream();
        ProgressBar bar = ProgressBar.builder().output(new PrintStream(own, true, StandardCharsets.UTF_8)).build();
        for (FitOptions options : List.of(FitOptions.builder().epochs(2).listeners(bar).build(),
                FitOptions.builder().epochs(2).verbose(1).listeners(bar).build())) {
            own.reset();
            model().fit(x(), labels(), options);
            assertThat(printed.size()).as("nothing on System.out beside the listener's own stream").isZero();
            assertThat(own.toString(StandardCharsets.UTF_8).split("\n")).hasSize(2);
            assertThat(epochLineLevels(fitRecording(options))).containsExactly(Level.DEBUG, Level.DEBUG);
        }
    }

    @Test
    void verbose_refusesOtherLevels_twice_andAContradictingBar() {
        assertThatThrownBy(() -> FitOptions.builder().verbose(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 0, 1 or 2, got 3");
        assertThatThrownBy(() -> FitOptions.builder().verbose(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FitOptions.builder().verbose(1).verbose(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("`verbose` was already set to 1");
        for (int level : new int[] {0, 2}) {
            assertThatThrownBy(() -> FitOptions.builder().verbose(level).listeners(ProgressBar.builder().build()).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("`verbose` is " + level)
                    .hasMessageContaining("ProgressBar");
        }
    }
}
