package io.github.stackedrnn.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Streams each epoch's metrics to a CSV file, as Keras's {@code CSVLogger}: a header {@code epoch} and the
 * metric names, then one row per epoch with the epoch counted from 0 within the {@code fit} call.
 *
 * <pre>
 * epoch,loss,accuracy,val_loss,val_accuracy
 * 0,1.3862943611198906,0.25,1.3780184984207153,0.3
 * </pre>
 *
 * <p>The columns follow {@link FitContext#metricNames()} (Keras sorts them by name); a metric missing from
 * an epoch's logs is written {@code NA}, as Keras does. Numbers are written with {@link Double#toString}:
 * locale-independent and exact when read back. Lines end with {@code \n}; a field holding the separator or
 * a quote is quoted as Python's {@code csv} module quotes it. Each row is flushed as it is written, so a
 * crash keeps the rows written so far.
 *
 * <p>The file is opened (created, or truncated unless appending) at the start of {@code fit} and closed at
 * its end. With {@link #append()}, rows go after those of an earlier run and the header is written only
 * if the file is new or empty; the epochs restart at 0 in each {@code fit} call.
 *
 * <p>The configuration is immutable; the open file is run state, so an instance serves one {@code fit}
 * at a time.
 */
public final class CsvLogger implements TrainingListener {
    private final Path path;
    private final String separator;
    private final boolean append;

    // run state: the open file and its columns, between onTrainBegin and onTrainEnd
    private BufferedWriter writer;
    private List<String> columns;

    private CsvLogger(Builder b) {
        this.path = b.path;
        this.separator = b.separator == null ? "," : b.separator;
        this.append = b.append != null && b.append;
    }

    /**
     * @param path the CSV file, such as {@code run/log.csv}; its directory must exist
     * @return a builder with Keras's defaults: separator {@code ","}, overwrite
     * @throws IllegalArgumentException if {@code path} is null
     */
    public static Builder builder(Path path) {
        Settings.notNull("path", "a path", path);
        return new Builder(path);
    }

    /** @return the CSV file */
    public Path path() {
        return path;
    }

    /** @return the field separator, one character */
    public String separator() {
        return separator;
    }

    /** @return true if rows are appended to an existing file, false if it is overwritten */
    public boolean append() {
        return append;
    }

    /**
     * Opens the file and writes the header (unless appending to a non-empty file).
     *
     * @throws UncheckedIOException naming the file, if it cannot be opened or written
     */
    @Override
    public void onTrainBegin(FitContext context) {
        close();
        columns = List.copyOf(context.metricNames());
        try {
            boolean header = !append || !Files.exists(path) || Files.size(path) == 0;
            writer = append
                    ? Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    : Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            if (header) {
                StringBuilder line = new StringBuilder(field("epoch"));
                for (String name : columns) {
                    line.append(separator).append(field(name));
                }
                writeLine(line);
            }
        } catch (IOException e) {
            throw failure("open", e);
        }
    }

    /**
     * Writes and flushes the epoch's row.
     *
     * @throws UncheckedIOException naming the file, if it cannot be written
     * @throws IllegalStateException if called outside a fit (before {@link #onTrainBegin})
     */
    @Override
    public void onEpochEnd(FitContext context, int epoch, Map<String, Double> logs) {
        if (writer == null) {
            throw new IllegalStateException("CsvLogger " + path + " is not open: onEpochEnd came before onTrainBegin");
        }
        StringBuilder line = new StringBuilder(field(Integer.toString(epoch)));
        for (String name : columns) {
            Double value = logs.get(name);
            line.append(separator).append(value == null ? "NA" : field(Double.toString(value)));
        }
        try {
            writeLine(line);
        } catch (IOException e) {
            throw failure("write to", e);
        }
    }

    /**
     * Closes the file.
     *
     * @throws UncheckedIOException naming the file, if closing it fails
     */
    @Override
    public void onTrainEnd(FitContext context) {
        close();
    }

    private void writeLine(CharSequence line) throws IOException {
        writer.append(line).append('\n');
        writer.flush();
    }

    private void close() {
        BufferedWriter w = writer;
        writer = null;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                throw failure("close", e);
            }
        }
    }

    /** Quotes a field as Python's csv QUOTE_MINIMAL does: only if it holds the separator, a quote or a line break. */
    private String field(String value) {
        if (value.contains(separator) || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    private UncheckedIOException failure(String action, IOException e) {
        return new UncheckedIOException("CsvLogger could not " + action + " " + path + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "CsvLogger{path=" + path + ", separator=" + separator + ", append=" + append + "}";
    }

    /** Builds a {@link CsvLogger}. Each setting may be made once. */
    public static final class Builder {
        private final Path path;
        private String separator;
        private Boolean append;

        private Builder(Path path) {
            this.path = path;
        }

        /**
         * @param value the field separator, one character other than a quote or a line break (as Python's
         *              {@code csv} requires); default {@code ","}
         * @return this builder
         * @throws IllegalArgumentException if not one such character
         * @throws IllegalStateException    if already set
         */
        public Builder separator(String value) {
            if (value == null || value.length() != 1 || "\"\r\n".contains(value)) {
                throw Settings.invalid("separator", "one character other than a quote or a line break",
                        value == null ? "null" : '"' + value + '"');
            }
            Settings.once("separator", separator);
            separator = value;
            return this;
        }

        /**
         * @param value true to add rows to an existing file (to continue a training run), false to
         *              overwrite it; default false
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder append(boolean value) {
            Settings.once("append", append);
            append = value;
            return this;
        }

        /** @return the listener; the builder is unchanged */
        public CsvLogger build() {
            return new CsvLogger(this);
        }
    }
}
