package io.github.stackedrnn.examples;

import io.github.stackedrnn.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The UCI Synthetic Control Chart Time Series (Alcock &amp; Manolopoulos, 1999): 600 control charts of
 * 60 steps in six classes, split 450 / 150 as in Deeplearning4j's integration tests. The two files
 * are test resources, {@code uci-synthetic-control/train.csv} and {@code test.csv}; their origin is in
 * {@code SOURCE.md} beside them.
 *
 * <p>Each row is {@code label,v1,...,v60} with labels 0 normal, 1 cyclic, 2 increasing trend,
 * 3 decreasing trend, 4 upward shift, 5 downward shift.
 *
 * <p>{@link #load()} normalises both splits with one global mean and one global standard deviation,
 * computed over all 450 × 60 training values (not per time step: every step of a chart is the same
 * kind of measurement, and a per-step statistic would partly remove the trends and shifts that tell
 * the classes apart). The test split never contributes to the statistics.
 */
public final class UciSyntheticControl {
    /** Steps per series. */
    public static final int TIME = 60;
    /** Features per step: one value. */
    public static final int FEATURES = 1;
    /** Number of classes. */
    public static final int CLASSES = 6;
    /** Class names by label. */
    public static final List<String> CLASS_NAMES = List.of(
            "normal", "cyclic", "increasing trend", "decreasing trend", "upward shift", "downward shift");

    private static final String RESOURCE_DIR = "/uci-synthetic-control/";

    /**
     * Raw rows of one file, before normalisation.
     *
     * @param values {@code [rows][60]} the series
     * @param labels {@code [rows]} classes in {@code [0, 6)}
     */
    public record Rows(float[][] values, int[] labels) {
    }

    /**
     * One normalised split.
     *
     * @param x      {@code [samples, 60, 1]} the normalised series
     * @param labels {@code [samples]} classes in {@code [0, 6)}
     */
    public record Split(Tensor x, int[] labels) {
        /** @return the number of samples */
        public int samples() {
            return labels.length;
        }
    }

    /**
     * Both splits, normalised with the training statistics.
     *
     * @param train 450 training series
     * @param test  150 test series
     * @param mean  the mean of all training values, subtracted from every value
     * @param std   the standard deviation of all training values (population), divided into every value
     */
    public record Data(Split train, Split test, double mean, double std) {
    }

    private UciSyntheticControl() {
    }

    /**
     * Reads both files from the class path and normalises them with the training mean and standard
     * deviation.
     *
     * @return the normalised training and test splits
     * @throws UncheckedIOException     if a file is missing or cannot be read
     * @throws IllegalArgumentException if a file is malformed (see {@link #parse})
     */
    public static Data load() {
        Rows train = readResource("train.csv");
        Rows test = readResource("test.csv");
        double[] stats = meanAndStd(train.values());
        return new Data(normalise(train, stats[0], stats[1]), normalise(test, stats[0], stats[1]), stats[0], stats[1]);
    }

    /**
     * Parses rows of {@code label,v1,...,v60}. Every line must have 61 fields, an integer label in
     * {@code [0, 6)} and finite values; the first offence is reported with the file name and line.
     *
     * @param reader the text
     * @param source the file name for error messages
     * @return the rows in file order
     * @throws IllegalArgumentException if a line is malformed or there is no line
     * @throws IOException              if reading fails
     */
    public static Rows parse(BufferedReader reader, String source) throws IOException {
        List<float[]> values = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String[] fields = line.split(",", -1);
            if (fields.length != TIME + 1) {
                throw new IllegalArgumentException(source + " line " + number + ": expected " + (TIME + 1)
                        + " comma-separated fields (label,v1..v" + TIME + ") but got " + fields.length);
            }
            int label;
            try {
                label = Integer.parseInt(fields[0].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " line " + number + ": label must be an integer in [0, "
                        + CLASSES + ") but got '" + fields[0] + "'");
            }
            if (label < 0 || label >= CLASSES) {
                throw new IllegalArgumentException(source + " line " + number + ": label " + label + " is outside [0, "
                        + CLASSES + ")");
            }
            float[] series = new float[TIME];
            for (int t = 0; t < TIME; t++) {
                String field = fields[t + 1].trim();
                float value;
                try {
                    value = Float.parseFloat(field);
                } catch (NumberFormatException e) {
                    value = Float.NaN;
                }
                if (!Float.isFinite(value)) {
                    throw new IllegalArgumentException(source + " line " + number + ": v" + (t + 1)
                            + " must be a finite number but got '" + field + "'");
                }
                series[t] = value;
            }
            values.add(series);
            labels.add(label);
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(source + " has no rows");
        }
        return new Rows(values.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The mean and the population standard deviation of every value, in double precision.
     *
     * @param values {@code [rows][time]}
     * @return {@code {mean, std}}
     * @throws IllegalArgumentException if all values are equal (nothing to scale by)
     */
    public static double[] meanAndStd(float[][] values) {
        double sum = 0;
        long count = 0;
        for (float[] row : values) {
            for (float v : row) {
                sum += v;
                count++;
            }
        }
        double mean = sum / count;
        double squares = 0;
        for (float[] row : values) {
            for (float v : row) {
                squares += (v - mean) * (v - mean);
            }
        }
        double std = Math.sqrt(squares / count);
        if (!(std > 0)) {
            throw new IllegalArgumentException("All " + count + " values equal " + mean + "; cannot normalise");
        }
        return new double[] {mean, std};
    }

    /**
     * @param rows the raw rows
     * @param mean subtracted from every value
     * @param std  divided into every value
     * @return {@code [rows, 60, 1]} the scaled series and the labels
     */
    public static Split normalise(Rows rows, double mean, double std) {
        int n = rows.labels().length;
        float[] x = new float[n * TIME]; // [n, T, 1]
        for (int s = 0; s < n; s++) {
            for (int t = 0; t < TIME; t++) {
                x[s * TIME + t] = (float) ((rows.values()[s][t] - mean) / std);
            }
        }
        return new Split(Tensor.of(x, n, TIME, FEATURES), rows.labels().clone());
    }

    private static Rows readResource(String name) {
        String path = RESOURCE_DIR + name;
        try (InputStream in = UciSyntheticControl.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("Class-path resource " + path + " not found; it is in "
                        + "src/test/resources" + path + " and is on the test class path (run with mvn test-compile exec:exec)"));
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), name);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
