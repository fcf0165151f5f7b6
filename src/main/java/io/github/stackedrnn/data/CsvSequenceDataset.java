package io.github.stackedrnn.data;

import java.io.IOException;
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
 * than its columns can need, more steps than {@link Builder#maxSteps}, a file larger than those lines
 * can need, checked before it is read) is a {@link DatasetException}
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

    /**
     * Reads one file whole: it is one sequence, at most {@code maxSteps} lines of bounded length, so its
     * size is checked before it is read. Parsed from the bytes (the numbers are ASCII): no per-character
     * reader, no line strings.
     */
    SequenceExample read(Path file) {
        int columns = features + targets;
        // a number needs at most ~50 characters; a longer line is refused before it is parsed
        int maxLine = 64 * columns + 64;
        byte[] bytes;
        try {
            long size = Files.size(file);
            long most = (maxSteps + 1L) * (maxLine + 2L);
            if (size > most) {
                throw new DatasetException(file.toString(), "is " + size + " bytes, more than " + maxSteps + " lines (maxSteps) of "
                        + columns + " columns can need (" + most + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file.toString(), "could not be read: " + e.getMessage(), e);
        }
        List<float[]> steps = new ArrayList<>();
        List<float[]> stepTargets = new ArrayList<>();
        int[] starts = new int[columns];
        int[] ends = new int[columns];
        int line = 0;
        int pos = 0;
        boolean skipHeader = header;
        while (pos < bytes.length) {
            int lineStart = pos;
            while (pos < bytes.length && bytes[pos] != '\n' && bytes[pos] != '\r') {
                pos++;
            }
            int lineEnd = pos;
            if (pos < bytes.length && bytes[pos] == '\r') {
                pos++;
            }
            if (pos < bytes.length && bytes[pos] == '\n') {
                pos++;
            }
            line++;
            Where where = new Where(file, line);
            if (lineEnd - lineStart > maxLine) {
                throw new DatasetException(where.toString(), "line longer than " + maxLine + " characters, more than its columns can need");
            }
            if (skipHeader) {
                skipHeader = false;
                continue;
            }
            if (blank(bytes, lineStart, lineEnd)) {
                continue;
            }
            if (steps.size() == maxSteps) {
                throw new DatasetException(where.toString(), "more than " + maxSteps + " steps (maxSteps) in one sequence");
            }
            int count = 0;
            int fieldStart = lineStart;
            for (int i = lineStart; i <= lineEnd; i++) {
                if (i == lineEnd || bytes[i] == delimiter) {
                    if (count < columns) {
                        starts[count] = fieldStart;
                        ends[count] = i;
                    }
                    count++;
                    fieldStart = i + 1;
                }
            }
            if (count != columns) {
                throw new DatasetException(where.toString(), "expected " + columns + " columns (" + features + " features"
                        + (targets > 0 ? " + " + targets + " target" + (targets > 1 ? "s" : "") : "") + "), got " + count);
            }
            float[] step = new float[features];
            for (int c = 0; c < features; c++) {
                step[c] = number(bytes, starts[c], ends[c], where, c);
            }
            steps.add(step);
            if (targets > 0) {
                float[] t = new float[targets];
                for (int c = 0; c < targets; c++) {
                    t[c] = number(bytes, starts[features + c], ends[features + c], where, features + c);
                    if (kind == SequenceExample.Kind.CLASS || kind == SequenceExample.Kind.STEP_CLASSES) {
                        if (t[c] < 0 || t[c] != Math.rint(t[c]) || t[c] > Integer.MAX_VALUE) {
                            throw new DatasetException(where.toString(), "column " + (features + c + 1)
                                    + ": expected a class index (an integer >= 0), got "
                                    + field(bytes, starts[features + c], ends[features + c]));
                        }
                    }
                }
                stepTargets.add(t);
            }
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

    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The field's text, trimmed. */
    private static String field(byte[] bytes, int from, int to) {
        while (from < to && (bytes[from] == ' ' || bytes[from] == '\t')) {
            from++;
        }
        while (to > from && (bytes[to - 1] == ' ' || bytes[to - 1] == '\t')) {
            to--;
        }
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /** Where a line is, made into text only for an error: most lines are fine. */
    private record Where(Path file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    private static float number(byte[] bytes, int from, int to, Where where, int column) {
        while (from < to && (bytes[from] == ' ' || bytes[from] == '\t')) {
            from++;
        }
        while (to > from && (bytes[to - 1] == ' ' || bytes[to - 1] == '\t')) {
            to--;
        }
        float v;
        try {
            v = DecimalParser.parse(bytes, from, to);
        } catch (NumberFormatException e) {
            throw new DatasetException(where.toString(), "column " + (column + 1) + ": expected a number, got '" + field(bytes, from, to) + "'");
        }
        if (!Float.isFinite(v)) {
            throw new DatasetException(where.toString(), "column " + (column + 1) + ": expected a finite number, got '" + field(bytes, from, to) + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return "CsvSequenceDataset{" + files.size() + " files, features=" + features + ", target=" + kind + "}";
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
         * @param value the column separator (default {@code ','}); ASCII, not a digit, sign, point or letter
         * @return this builder
         * @throws IllegalArgumentException for a character that can be part of a number
         */
        public Builder delimiter(char value) {
            if (value > 127 || Character.isLetterOrDigit(value) || value == '-' || value == '+' || value == '.' || value == '\n' || value == '\r') {
                throw new IllegalArgumentException("Received an invalid value for argument `delimiter`, expected an ASCII separator "
                        + "that cannot be part of a number, got '" + value + "'.");
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
