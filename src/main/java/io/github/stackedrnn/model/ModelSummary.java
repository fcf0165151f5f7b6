package io.github.stackedrnn.model;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A model's layers and parameter counts, as data and, through {@link #toString()}, as the table
 * tf.keras 2.13 prints for a Sequential model, with columns widened rather than names cut.
 *
 * <pre>{@code
 * ModelSummary summary = model.summary();
 * System.out.print(summary);                                  // Keras's table
 * for (ModelSummary.Row row : summary.rows()) {
 *     System.out.println(row.name() + ": " + row.parameters());
 * }
 * long total = summary.totalParameters();
 * }</pre>
 */
public final class ModelSummary {
    private static final int LINE_LENGTH = 65;
    private static final int[] POSITIONS = {29, 55, 65}; // tf.keras's [.45, .85, 1] of 65 columns

    /**
     * One layer's row.
     *
     * @param name        the layer's name, such as {@code simple_rnn_1}
     * @param type        Keras's class name, such as {@code SimpleRNN}
     * @param outputShape the output shape as Keras writes it, such as {@code (None, None, 50)}
     * @param parameters  the layer's parameter count
     */
    public record Row(String name, String type, String outputShape, long parameters) {
    }

    private final String modelName;
    private final List<Row> rows;
    private final long total;
    private final long nonTrainable;
    private final OptionalLong optimizerParameters;
    private final String outputActivation;
    private final String loss;

    ModelSummary(String modelName, List<Row> rows, long nonTrainable, OptionalLong optimizerParameters, String outputActivation,
                 String loss) {
        this.outputActivation = outputActivation;
        this.loss = loss;
        this.modelName = modelName;
        this.rows = List.copyOf(rows);
        this.total = rows.stream().mapToLong(Row::parameters).sum();
        this.nonTrainable = nonTrainable;
        this.optimizerParameters = optimizerParameters;
    }

    /** @return the model's name */
    public String modelName() {
        return modelName;
    }

    /** @return one row per layer, bottom to top */
    public List<Row> rows() {
        return rows;
    }

    /** @return all parameters */
    public long totalParameters() {
        return total;
    }

    /** @return the trainable parameters: all but the non-trainable ones */
    public long trainableParameters() {
        return total - nonTrainable;
    }

    /** @return the non-trainable parameters: a NormalizationLayer's mean, variance and count ({@code 2·F + 1}), else 0 */
    public long nonTrainableParameters() {
        return nonTrainable;
    }

    /**
     * @return the optimizer's variables counted as Keras 3 does (moments, iteration counter, learning
     *         rate), once the optimizer has state, that is after the first training step; else empty
     */
    public OptionalLong optimizerParameters() {
        return optimizerParameters;
    }

    /** @return the output function of the head, as Keras names it: {@code softmax}, {@code sigmoid}, {@code linear}, ... */
    public String outputActivation() {
        return outputActivation;
    }

    /** @return the loss, as Keras names it, such as {@code categorical_crossentropy} or {@code mean_squared_error(...)} */
    public String loss() {
        return loss;
    }

    /**
     * @return the Keras-style table; for a softmax head with plain categorical cross-entropy (the
     *         tutorial's model) exactly Keras's, otherwise with one more line naming the output function and
     *         the loss, which Keras's table does not show
     */
    @Override
    public String toString() {
        int[] pos = POSITIONS.clone();
        for (Row r : rows) {
            widen(pos, 0, r.name() + " (" + r.type() + ")", 2);
            widen(pos, 1, r.outputShape(), 3);
            widen(pos, 2, String.format(Locale.ROOT, "%,d", r.parameters()), 0);
        }
        int width = Math.max(LINE_LENGTH, pos[2]);
        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(modelName).append("\"\n");
        out.append("_".repeat(width)).append('\n');
        out.append(row(pos, "Layer (type)", "Output Shape", "Param #")).append('\n');
        out.append("=".repeat(width)).append('\n');
        for (Row r : rows) {
            out.append(row(pos, r.name() + " (" + r.type() + ")", r.outputShape(),
                    String.format(Locale.ROOT, "%,d", r.parameters()))).append('\n');
            out.append(" ".repeat(width)).append('\n');
        }
        out.append("=".repeat(width)).append('\n');
        out.append(totalLine("Total params: ", total));
        out.append(totalLine("Trainable params: ", total - nonTrainable));
        out.append(totalLine("Non-trainable params: ", nonTrainable));
        if (optimizerParameters.isPresent()) {
            out.append(totalLine("Optimizer params: ", optimizerParameters.getAsLong()));
        }
        if (!outputActivation.equals("softmax") || !loss.equals("categorical_crossentropy")) {
            out.append("Output: ").append(outputActivation).append(", loss: ").append(loss).append('\n');
        }
        out.append("_".repeat(width)).append('\n');
        return out.toString();
    }

    /** Moves column boundaries right so that {@code text} fits column {@code col} with its margin. */
    private static void widen(int[] pos, int col, String text, int margin) {
        int start = col == 0 ? 0 : pos[col - 1];
        int lead = col == 0 ? 1 : 0;
        int need = start + lead + text.length() + margin - pos[col];
        if (need > 0) {
            for (int c = col; c < pos.length; c++) {
                pos[c] += need;
            }
        }
    }

    private static String row(int[] pos, String first, String second, String third) {
        StringBuilder line = new StringBuilder(" ").append(first);
        pad(line, pos[0]);
        line.append(second);
        pad(line, pos[1]);
        line.append(third);
        pad(line, pos[2]);
        return line.toString();
    }

    private static void pad(StringBuilder line, int to) {
        while (line.length() < to) {
            line.append(' ');
        }
    }

    private static String totalLine(String label, long count) {
        return label + String.format(Locale.ROOT, "%,d", count) + " (" + readableSize(count * Float.BYTES) + ")\n";
    }

    /** Keras's {@code readable_memory_size}: powers of 1024, two decimals. */
    static String readableSize(double bytes) {
        String[] units = {"Byte", "KB", "MB", "GB", "TB", "PB"};
        for (String unit : units) {
            if (bytes / 1024 < 1) {
                return String.format(Locale.ROOT, "%.2f %s", bytes, unit);
            }
            bytes /= 1024;
        }
        return String.format(Locale.ROOT, "%.2f %s", bytes, units[units.length - 1]);
    }
}
