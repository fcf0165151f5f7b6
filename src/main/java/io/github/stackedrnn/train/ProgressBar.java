package io.github.stackedrnn.train;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Prints training progress as Keras's {@code fit(verbose=1)} does (the ASCII bar of Keras 2). Adding this
 * listener is asking for text on the console: it is the one part of the library that prints.
 * {@link FitOptions.Builder#verbose(int) FitOptions.builder().verbose(1)} adds one with the defaults below
 * ({@code verbose(2)} one that prints a line per epoch); add one yourself for another stream or width.
 * While a bar prints, {@code fit} logs its per-epoch line at DEBUG rather than INFO, so it never lands
 * inside the bar.
 *
 * <p>On a terminal, each epoch starts with a line {@code Epoch 3/10}, then one line is redrawn in place
 * (with {@code \r}, at most every 50 ms, padded with spaces to erase a longer previous text):
 * <pre>
 * 12/32 [==========&gt;...................] - ETA: 3s - loss: 0.6931 - accuracy: 0.5000
 * </pre>
 * and at the epoch's end it becomes, validation metrics included, and ends with a new line:
 * <pre>
 * 32/32 [==============================] - 1s 31ms/step - loss: 0.6931 - accuracy: 0.5000 - val_loss: 0.6920 - val_accuracy: 0.5100
 * </pre>
 *
 * <p>Elsewhere (a log file, a pipe, a CI console) it prints neither bar nor {@code \r}, only one line per
 * epoch, at its end, so that logs are not flooded:
 * <pre>
 * Epoch 3/10 - 32/32 - 1s 31ms/step - loss: 0.6931 - accuracy: 0.5000
 * </pre>
 *
 * <p>Values print as Keras prints them: {@code %.4f}, or {@code %.4e} when their magnitude is at most 1e-3;
 * metrics in the order of {@link FitContext#metricNames()}. Times round as Python's {@code %.0f} does (half to
 * even).
 *
 * <p>Whether the output is a terminal is decided at the start of each {@code fit} unless
 * {@link Builder#interactive(boolean)} forces it: for {@code System.out} or {@code System.err},
 * {@code System.console() != null} and, on Java 22 and later, {@code Console.isTerminal()}; any other
 * stream is not a terminal. The configuration is immutable; the drawing state is reset at the start of
 * each fit, so an instance serves one {@code fit} at a time.
 */
public final class ProgressBar implements TrainingListener {
    /** Keras's {@code Progbar} interval: the least time between two redraws of the line. */
    static final long REDRAW_INTERVAL_NANOS = 50_000_000L;

    private final PrintStream output; // null: System.out at the start of each fit
    private final Boolean interactive; // null: detect
    private final int width;
    private final LongSupplier nanoTime;

    // run state, reset by onTrainBegin
    private PrintStream out;
    private boolean dynamic;
    private int epochs;
    private int target;
    private int epoch;
    private long epochStart;
    private long lastDraw;
    private boolean drawn; // true once the line of this epoch has been drawn
    private int previousWidth;
    private int seen;
    private List<String> order = List.of();

    private ProgressBar(Builder b) {
        this.output = b.output;
        this.interactive = b.interactive;
        this.width = b.width == null ? 30 : b.width;
        this.nanoTime = b.nanoTime == null ? System::nanoTime : b.nanoTime;
    }

    /** @return a builder: {@code System.out}, terminal detected, a bar 30 characters wide */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the bar's width in characters, between the brackets */
    public int width() {
        return width;
    }

    /** Picks the stream and the mode, and reads the epochs and steps of the fit. */
    @Override
    public void onTrainBegin(FitContext context) {
        out = output == null ? System.out : output;
        if (interactive != null) {
            dynamic = interactive;
        } else {
            dynamic = (out == System.out || out == System.err) && isTerminal();
        }
        epochs = context.epochs();
        target = context.stepsPerEpoch();
        order = List.copyOf(context.metricNames());
        drawn = false;
    }

    /** Prints {@code Epoch N/M} on a terminal and starts the epoch's clock. */
    @Override
    public void onEpochBegin(FitContext context, int epoch) {
        this.epoch = epoch;
        epochStart = nanoTime.getAsLong();
        seen = 0;
        drawn = false;
        previousWidth = 0;
        if (dynamic) {
            out.print("Epoch " + (epoch + 1) + "/" + epochs + "\n");
            out.flush();
        }
    }

    /** On a terminal, redraws the progress line (at most every 50 ms, and always after the last batch). */
    @Override
    public void onBatchEnd(FitContext context, int epoch, int batch, Map<String, Double> logs) {
        seen = batch + 1;
        if (!dynamic) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (drawn && now - lastDraw < REDRAW_INTERVAL_NANOS && seen < target) {
            return;
        }
        StringBuilder line = new StringBuilder(bar(seen));
        line.append(" - ETA: ").append(eta(now, seen));
        appendValues(line, logs);
        redraw(line, false);
        lastDraw = now;
    }

    /** Prints the epoch's final line, validation metrics included. */
    @Override
    public void onEpochEnd(FitContext context, int epoch, Map<String, Double> logs) {
        long now = nanoTime.getAsLong();
        double seconds = (now - epochStart) / 1e9;
        String time = " - " + Math.round(Math.rint(seconds)) + "s" + perStep(seen == 0 ? 0 : seconds / seen);
        StringBuilder line = new StringBuilder();
        if (dynamic) {
            line.append(bar(seen)).append(time);
            appendValues(line, logs);
            redraw(line, true);
        } else {
            line.append("Epoch ").append(epoch + 1).append('/').append(epochs).append(" - ").append(count(seen)).append(time);
            appendValues(line, logs);
            out.print(line.append('\n'));
            out.flush();
        }
        drawn = false;
    }

    /** Ends a progress line left open by an epoch that did not end. */
    @Override
    public void onTrainEnd(FitContext context) {
        if (dynamic && drawn) {
            out.print('\n');
            out.flush();
        }
        drawn = false;
    }

    private void redraw(StringBuilder line, boolean last) {
        int length = line.length();
        for (int i = length; i < previousWidth; i++) {
            line.append(' ');
        }
        previousWidth = length;
        out.print("\r" + line + (last ? "\n" : ""));
        out.flush();
        drawn = !last;
    }

    /** {@code 12/32}, the count right-aligned to the width of the target as Keras pads it. */
    private String count(int current) {
        if (target <= 0) {
            return current + "/Unknown";
        }
        String digits = Integer.toString(target);
        return String.format(Locale.ROOT, "%" + digits.length() + "d/%d", current, target);
    }

    /** {@code 12/32 [=========>....................]}: Keras 2's ASCII bar. */
    private String bar(int current) {
        StringBuilder b = new StringBuilder(count(current));
        if (target <= 0) {
            return b.toString();
        }
        b.append(" [");
        int filled = (int) (width * Math.min(1.0, (double) current / target));
        if (filled > 0) {
            b.append("=".repeat(filled - 1)).append(current < target ? '>' : '=');
        }
        b.append(".".repeat(width - filled)).append(']');
        return b.toString();
    }

    /** Keras's ETA: the mean step time so far times the steps left, as {@code 3s}, {@code 2:05} or {@code 1:02:05}. */
    private String eta(long now, int current) {
        if (target <= 0) {
            return "?";
        }
        double perStep = (now - epochStart) / 1e9 / current;
        long eta = (long) (perStep * Math.max(0, target - current));
        if (eta > 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", eta / 3600, eta % 3600 / 60, eta % 60);
        }
        if (eta > 60) {
            return String.format(Locale.ROOT, "%d:%02d", eta / 60, eta % 60);
        }
        return eta + "s";
    }

    /** Keras's {@code _format_time}: {@code " 31ms/step"}, in s, ms or us. */
    private static String perStep(double seconds) {
        if (seconds >= 1 || seconds == 0) {
            return " " + Math.round(Math.rint(seconds)) + "s/step";
        }
        if (seconds >= 1e-3) {
            return " " + Math.round(Math.rint(seconds * 1e3)) + "ms/step";
        }
        return " " + Math.round(Math.rint(seconds * 1e6)) + "us/step";
    }

    /** {@code " - loss: 0.6931"} for each value, in the fit's metric order, then any others in the logs' order. */
    private void appendValues(StringBuilder line, Map<String, Double> logs) {
        List<String> names = new ArrayList<>();
        for (String name : order) {
            if (logs.containsKey(name)) {
                names.add(name);
            }
        }
        for (String name : logs.keySet()) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        for (String name : names) {
            line.append(" - ").append(name).append(": ").append(format(logs.get(name)));
        }
    }

    /** As Keras: {@code %.4f}, or {@code %.4e} for magnitudes up to 1e-3; NaN and infinities as Python prints them. */
    static String format(Double value) {
        if (value == null) {
            return "None";
        }
        double v = value;
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, Math.abs(v) > 1e-3 ? "%.4f" : "%.4e", v);
    }

    /** {@code System.console() != null}, and on Java 22 and later {@code Console.isTerminal()}. */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        Method isTerminal;
        try {
            isTerminal = Console.class.getMethod("isTerminal");
        } catch (NoSuchMethodException e) {
            return true; // before Java 22 a console exists only on a terminal
        }
        try {
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ProgressBar{output=" + (output == null ? "System.out" : output) + ", interactive="
                + (interactive == null ? "detected" : interactive) + ", width=" + width + "}";
    }

    /** Builds a {@link ProgressBar}. Each setting may be made once. */
    public static final class Builder {
        private PrintStream output;
        private Boolean interactive;
        private Integer width;
        private LongSupplier nanoTime;

        private Builder() {
        }

        /**
         * @param value where to print; default {@code System.out} (as it is at the start of each fit)
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if already set
         */
        public Builder output(PrintStream value) {
            Settings.notNull("output", "a PrintStream", value);
            Settings.once("output", output);
            output = value;
            return this;
        }

        /**
         * @param value true to draw the redrawn bar, false for one line per epoch; default: detected
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder interactive(boolean value) {
            Settings.once("interactive", interactive);
            interactive = value;
            return this;
        }

        /**
         * @param value the bar's width in characters, positive; default 30
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException    if already set
         */
        public Builder width(int value) {
            Settings.positive("width", value);
            Settings.once("width", width);
            width = value;
            return this;
        }

        /** The clock, in nanoseconds; tests set a scripted one. Default {@code System::nanoTime}. */
        Builder nanoTime(LongSupplier value) {
            Settings.notNull("nanoTime", "a clock", value);
            Settings.once("nanoTime", nanoTime);
            nanoTime = value;
            return this;
        }

        /** @return the listener; the builder is unchanged */
        public ProgressBar build() {
            return new ProgressBar(this);
        }
    }
}
