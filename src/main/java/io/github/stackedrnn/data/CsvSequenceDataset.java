package io.github.stackedrnn.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Sequences read lazily from CSV files, one file per sequence, one line per time step: the features,
 * then the target columns if any. A per-sequence target (a class, or a row of values) is taken from the
 * last line; a per-step target from every line. Every line has the same number of columns. Blank lines
 * are skipped; an optional header line is skipped. A pass with a random stream visits the files in a
 * new full permutation (only the list of paths is in memory), so no shuffle buffer is needed.
 *
 * <pre>{@code
 * // data/train/0001.csv:  0.1,0.5,-1.2,2     (3 features, then the class; the last line's class counts)
 * SequenceDataset train = CsvSequenceDataset.builder(Path.of("data/train")).features(3).classLabel().build();
 * }</pre>
 *
 * <p>Bad data (a short row, a value that is not a finite number, a wrong column count, a line longer
 * than its columns can need, more steps than {@link Builder#maxSteps}) is a {@link DatasetException}
 * naming the file and line.
 */
public final class CsvSequenceDataset implements SequenceDataset {
    private final List<Path> files;
    private final int features;
    private final int targets;
    private final SequenceExample.Kind kind;
    private final boolean header;
    private final char delimiter;
    private final int maxSteps;

    private CsvSequenceDataset(Builder b, List<Path> files) {
        this.files = List.copyOf(files);
        this.features = b.features;
        this.kind = b.kind;
        this.targets = b.targets;
        this.header = b.header;
        this.delimiter = b.delimiter;
        this.maxSteps = b.maxSteps;
    }

    /**
     * @param directory a directory whose {@code *.csv} files, in name order, are the sequences
     * @return a builder
     * @throws IllegalArgumentException if the directory is null
     */
    public static Builder builder(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `directory`, expected a directory, got null.");
        }
        return new Builder(directory, null);
    }

    /**
     * @param files the files of the sequences, in this order
     * @return a builder
     * @throws IllegalArgumentException if the list is null, empty or holds null
     */
    public static Builder builder(List<Path> files) {
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("Received an invalid value for argument `files`, expected at least one path, got "
                    + (files == null ? "null" : "an empty list"));
        }
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i) == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `files`, expected paths, got null at " + i);
            }
        }
        return new Builder(null, List.copyOf(files));
    }

    /** @return the files, in their natural order */
    public List<Path> files() {
        return files;
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(files.size());
    }

    @Override
    public SequenceReader open(SplittableRandom random) {
        int[] order = new int[files.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (random != null) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
        return new SequenceReader() {
            private int next;

            @Override
            public SequenceExample next() {
                return next < order.length ? read(files.get(order[next++])) : null;
            }

            @Override
            public void close() {
                next = order.length;
            }
        };
    }

    /** Reads one file whole: it is one sequence, at most {@code maxSteps} lines of bounded length. */
    SequenceExample read(Path file) {
        int columns = features + targets;
        // a number needs at most ~50 characters; a longer line is refused before it is held
        int maxLine = 64 * columns + 64;
        List<float[]> steps = new ArrayList<>();
        List<float[]> stepTargets = new ArrayList<>();
        String[] fields = new String[columns];
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LineReader lines = new LineReader(in, maxLine, file);
            String line;
            boolean first = true;
            while ((line = lines.next()) != null) {
                if (first && header) {
                    first = false;
                    continue;
                }
                first = false;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + lines.number();
                if (steps.size() == maxSteps) {
                    throw new DatasetException(where, "more than " + maxSteps + " steps (maxSteps) in one sequence");
                }
                int count = split(line, fields);
                if (count != columns) {
                    throw new DatasetException(where, "expected " + columns + " columns (" + features + " features"
                            + (targets > 0 ? " + " + targets + " target" + (targets > 1 ? "s" : "") : "") + "), got " + count);
                }
                float[] step = new float[features];
                for (int c = 0; c < features; c++) {
                    step[c] = number(fields[c], where, c);
                }
                steps.add(step);
                if (targets > 0) {
                    float[] t = new float[targets];
                    for (int c = 0; c < targets; c++) {
                        t[c] = number(fields[features + c], where, features + c);
                        if (kind == SequenceExample.Kind.CLASS || kind == SequenceExample.Kind.STEP_CLASSES) {
                            if (t[c] < 0 || t[c] != Math.rint(t[c]) || t[c] > Integer.MAX_VALUE) {
                                throw new DatasetException(where, "column " + (features + c + 1)
                                        + ": expected a class index (an integer >= 0), got " + fields[features + c].trim());
                            }
                        }
                    }
                    stepTargets.add(t);
                }
            }
        } catch (IOException e) {
            throw new DatasetException(file.toString(), "could not be read: " + e.getMessage(), e);
        }
        if (steps.isEmpty()) {
            throw new DatasetException(file.toString(), "has no step; every sequence needs at least one line of data");
        }
        float[][] x = steps.toArray(new float[0][]);
        String where = file.toString();
        switch (kind) {
            case CLASS:
                return SequenceExample.of(x, (int) stepTargets.get(stepTargets.size() - 1)[0]).from(where);
            case ROW:
                return SequenceExample.of(x, stepTargets.get(stepTargets.size() - 1)).from(where);
            case STEP_CLASSES: {
                int[] labels = new int[x.length];
                for (int t = 0; t < labels.length; t++) {
                    labels[t] = (int) stepTargets.get(t)[0];
                }
                return SequenceExample.ofSteps(x, labels).from(where);
            }
            case STEP_ROWS:
                return SequenceExample.ofSteps(x, stepTargets.toArray(new float[0][])).from(where);
            default:
                return SequenceExample.unlabelled(x).from(where);
        }
    }

    /** Splits on the delimiter into {@code fields}; returns the column count (which may exceed the array). */
    private int split(String line, String[] fields) {
        int count = 0;
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == delimiter) {
                if (count < fields.length) {
                    fields[count] = line.substring(start, i);
                }
                count++;
                start = i + 1;
            }
        }
        return count;
    }

    private static float number(String field, String where, int column) {
        String s = field.trim();
        float v;
        try {
            v = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new DatasetException(where, "column " + (column + 1) + ": expected a number, got '" + s + "'");
        }
        if (!Float.isFinite(v)) {
            throw new DatasetException(where, "column " + (column + 1) + ": expected a finite number, got '" + s + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return "CsvSequenceDataset{" + files.size() + " files, features=" + features + ", target=" + kind + "}";
    }

    /** Lines of at most {@code max} characters, numbered from 1; {@code \n}, {@code \r\n} or {@code \r} end a line. */
    private static final class LineReader {
        private final Reader in;
        private final int max;
        private final Path file;
        private final StringBuilder line = new StringBuilder();
        private int number;
        private int pushed = -2;

        LineReader(Reader in, int max, Path file) {
            this.in = in;
            this.max = max;
            this.file = file;
        }

        String next() throws IOException {
            line.setLength(0);
            int c = pushed != -2 ? pushed : in.read();
            pushed = -2;
            if (c == -1) {
                return null;
            }
            number++;
            while (c != -1 && c != '\n' && c != '\r') {
                if (line.length() == max) {
                    throw new DatasetException(file + ":" + number, "line longer than " + max
                            + " characters, more than its columns can need");
                }
                line.append((char) c);
                c = in.read();
            }
            if (c == '\r') {
                int n = in.read();
                if (n != '\n') {
                    pushed = n;
                }
            }
            return line.toString();
        }

        int number() {
            return number;
        }
    }

    /**
     * Configures a {@link CsvSequenceDataset}: the feature count, and which target columns follow.
     * Each setter validates its value; a target set twice is refused.
     */
    public static final class Builder {
        private final Path directory;
        private final List<Path> list;
        private int features = -1;
        private int targets;
        private SequenceExample.Kind kind = SequenceExample.Kind.NONE;
        private boolean header;
        private char delimiter = ',';
        private int maxSteps = 100_000;

        private Builder(Path directory, List<Path> list) {
            this.directory = directory;
            this.list = list;
        }

        /**
         * @param value the feature columns, first on each line
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder features(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("Received an invalid value for argument `features`, expected a positive integer, got "
                        + value + ".");
            }
            features = value;
            return this;
        }

        /** @return this builder: one column after the features holds the class index; the last line's counts */
        public Builder classLabel() {
            return target(SequenceExample.Kind.CLASS, 1);
        }

        /** @return this builder: one column after the features holds the class of each step */
        public Builder stepClassLabels() {
            return target(SequenceExample.Kind.STEP_CLASSES, 1);
        }

        /**
         * @param units the target columns after the features; the last line's are the sequence's target row
         * @return this builder
         */
        public Builder targetColumns(int units) {
            return target(SequenceExample.Kind.ROW, units);
        }

        /**
         * @param units the target columns after the features: one target row per step
         * @return this builder
         */
        public Builder stepTargetColumns(int units) {
            return target(SequenceExample.Kind.STEP_ROWS, units);
        }

        private Builder target(SequenceExample.Kind value, int units) {
            if (units < 1) {
                throw new IllegalArgumentException("Received an invalid value for argument `units`, expected a positive integer, got "
                        + units + ".");
            }
            if (kind != SequenceExample.Kind.NONE) {
                throw new IllegalStateException("The target was already set to " + kind + " with " + targets + " columns");
            }
            kind = value;
            targets = units;
            return this;
        }

        /**
         * @param value whether the first line of each file is a header, skipped (default false)
         * @return this builder
         */
        public Builder header(boolean value) {
            header = value;
            return this;
        }

        /**
         * @param value the column separator (default {@code ','}); not a digit, sign, point or letter
         * @return this builder
         * @throws IllegalArgumentException for a character that can be part of a number
         */
        public Builder delimiter(char value) {
            if (Character.isLetterOrDigit(value) || value == '-' || value == '+' || value == '.' || value == '\n' || value == '\r') {
                throw new IllegalArgumentException("Received an invalid value for argument `delimiter`, expected a separator that "
                        + "cannot be part of a number, got '" + value + "'.");
            }
            delimiter = value;
            return this;
        }

        /**
         * @param value the most steps a sequence may have (default 100000); a longer file is refused
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxSteps(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("Received an invalid value for argument `maxSteps`, expected a positive integer, got "
                        + value + ".");
            }
            maxSteps = value;
            return this;
        }

        /**
         * Lists the directory's {@code *.csv} files (only their paths are held).
         *
         * @return the data set
         * @throws IllegalStateException if the features are not set
         * @throws DatasetException      if the directory cannot be listed or holds no CSV file
         */
        public CsvSequenceDataset build() {
            if (features < 0) {
                throw new IllegalStateException("features(int) must be set: how many feature columns each line starts with");
            }
            List<Path> paths = list;
            if (paths == null) {
                paths = new ArrayList<>();
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "*.csv")) {
                    for (Path p : dir) {
                        paths.add(p);
                    }
                } catch (IOException e) {
                    throw new DatasetException(directory.toString(), "could not be listed: " + e.getMessage(), e);
                }
                if (paths.isEmpty()) {
                    throw new DatasetException(directory.toString(), "holds no *.csv file");
                }
                paths.sort(null);
            }
            return new CsvSequenceDataset(this, paths);
        }
    }
}
