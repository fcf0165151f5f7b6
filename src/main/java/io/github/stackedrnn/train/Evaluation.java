package io.github.stackedrnn.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The result of evaluating a model on a data set, over its rows: samples, or samples × time steps for
 * per-step output. Immutable.
 *
 * <p>A <em>classification</em> evaluation holds the mean loss, the confusion matrix and, for top-k
 * accuracy, how often the true class came at each rank of the predicted probabilities; everything else
 * (accuracy, per-class precision, recall and F1, macro F1) derives from these, so evaluations of parts
 * of a data set aggregate by adding their counts. A binary (sigmoid) head is a classification with 2
 * classes. A <em>regression</em> evaluation holds the mean loss, the mean squared error and the mean
 * absolute error.
 *
 * <p>Methods that do not apply to the kind at hand throw {@link IllegalStateException}, except
 * {@link #accuracy()}, which is NaN for a regression.
 *
 * <pre>{@code
 * Evaluation e = model.evaluate(x, labels);
 * e.accuracy();
 * e.f1(2);
 * System.out.println(e.report()); // per-class table and confusion matrix
 * }</pre>
 */
public final class Evaluation {
    /** Keras's {@code top_k_categorical_accuracy} default. */
    public static final int DEFAULT_TOP_K = 5;

    private final boolean classification;
    private final double loss;
    private final long rows;
    private final double accuracy; // NaN for a regression
    private final long[][] confusion; // [classes, classes], [true][predicted]; null if not known
    private final long[] rankCounts; // [classes]; null if not known
    private final double mse; // NaN for a classification
    private final double mae; // NaN for a classification

    private Evaluation(boolean classification, double loss, long rows, double accuracy, long[][] confusion, long[] rankCounts,
            double mse, double mae) {
        this.classification = classification;
        this.loss = loss;
        this.rows = rows;
        this.accuracy = accuracy;
        this.confusion = confusion;
        this.rankCounts = rankCounts;
        this.mse = mse;
        this.mae = mae;
    }

    /**
     * A classification evaluation that knows only its loss and accuracy: the methods that need the
     * confusion matrix throw {@link IllegalStateException}. Prefer
     * {@link #classification(double, long[][], long[])}.
     *
     * @param loss     the mean loss
     * @param accuracy the fraction of rows whose arg-max is the label's, in [0, 1] (NaN for no rows)
     * @param rows     how many predictions were scored, non-negative
     * @throws IllegalArgumentException if {@code rows} is negative or {@code accuracy} outside [0, 1]
     */
    Evaluation(double loss, double accuracy, long rows) {
        this(true, loss, nonNegativeRows(rows), checkedAccuracy(accuracy), null, null, Double.NaN, Double.NaN);
    }

    /**
     * A classification evaluation from counts.
     *
     * <p>{@code rankCounts[r]} counts the rows whose true class came at rank {@code r} when the classes are
     * sorted by descending predicted probability, ties broken as the arg-max breaks them, so that rank 0
     * means "predicted class = true class": {@code rankCounts[0]} is then the diagonal sum of the
     * confusion matrix, and the counts add up to its total.
     *
     * @param loss       the mean loss over the rows
     * @param confusion  {@code [classes][classes]} counts, {@code confusion[trueClass][predictedClass]}; copied
     * @param rankCounts {@code [classes]} counts of the true class's rank; copied
     * @return the evaluation
     * @throws IllegalArgumentException if the matrix is not square with at least 2 classes, a count is
     *                                  negative, {@code rankCounts} has another length, or the counts
     *                                  disagree as described
     */
    public static Evaluation classification(double loss, long[][] confusion, long[] rankCounts) {
        if (confusion == null || confusion.length < 2) {
            throw Settings.invalid("confusion", "a square matrix of at least 2 classes",
                    confusion == null ? "null" : confusion.length + " rows");
        }
        int classes = confusion.length;
        long[][] matrix = new long[classes][];
        long total = 0;
        long diagonal = 0;
        for (int t = 0; t < classes; t++) {
            if (confusion[t] == null || confusion[t].length != classes) {
                throw Settings.invalid("confusion", "a square matrix, " + classes + " columns in every row",
                        confusion[t] == null ? "null row " + t : confusion[t].length + " columns in row " + t);
            }
            matrix[t] = confusion[t].clone();
            for (int p = 0; p < classes; p++) {
                if (matrix[t][p] < 0) {
                    throw Settings.invalid("confusion", "non-negative counts", matrix[t][p] + " at [" + t + "][" + p + "]");
                }
                total = Math.addExact(total, matrix[t][p]);
            }
            diagonal += matrix[t][t];
        }
        if (rankCounts == null || rankCounts.length != classes) {
            throw Settings.invalid("rankCounts", classes + " counts, one per rank",
                    rankCounts == null ? "null" : rankCounts.length + " counts");
        }
        long[] ranks = rankCounts.clone();
        long rankTotal = 0;
        for (int r = 0; r < classes; r++) {
            if (ranks[r] < 0) {
                throw Settings.invalid("rankCounts", "non-negative counts", ranks[r] + " at rank " + r);
            }
            rankTotal = Math.addExact(rankTotal, ranks[r]);
        }
        if (rankTotal != total) {
            throw new IllegalArgumentException("rankCounts add up to " + rankTotal + " rows but the confusion matrix to " + total);
        }
        if (ranks[0] != diagonal) {
            throw new IllegalArgumentException("rankCounts[0] is " + ranks[0] + " but the confusion matrix's diagonal is "
                    + diagonal + ": both count the rows whose top prediction is the true class");
        }
        return new Evaluation(true, loss, total, (double) diagonal / total, matrix, ranks, Double.NaN, Double.NaN);
    }

    /**
     * A regression evaluation.
     *
     * @param loss the mean loss over the rows
     * @param mse  the mean squared error, non-negative (or NaN)
     * @param mae  the mean absolute error, non-negative (or NaN)
     * @param rows how many predictions were scored, non-negative
     * @return the evaluation
     * @throws IllegalArgumentException if an error or {@code rows} is negative
     */
    public static Evaluation regression(double loss, double mse, double mae, long rows) {
        if (mse < 0) {
            throw Settings.invalid("mse", "a non-negative number", mse);
        }
        if (mae < 0) {
            throw Settings.invalid("mae", "a non-negative number", mae);
        }
        return new Evaluation(false, loss, nonNegativeRows(rows), Double.NaN, null, null, mse, mae);
    }

    private static long nonNegativeRows(long rows) {
        if (rows < 0) {
            throw Settings.invalid("rows", "a non-negative integer", rows);
        }
        return rows;
    }

    private static double checkedAccuracy(double accuracy) {
        if (accuracy < 0 || accuracy > 1) {
            throw Settings.invalid("accuracy", "a fraction in [0, 1]", accuracy);
        }
        return accuracy;
    }

    /** @return true for a classification evaluation, false for a regression */
    public boolean isClassification() {
        return classification;
    }

    /** @return the mean loss over the rows */
    public double loss() {
        return loss;
    }

    /** @return how many predictions were scored */
    public long rows() {
        return rows;
    }

    /**
     * @return the fraction of rows whose predicted class is the true class (NaN for no rows); NaN for a
     *         regression
     */
    public double accuracy() {
        return accuracy;
    }

    /**
     * @return the number of classes
     * @throws IllegalStateException if this is a regression, or a classification without counts
     */
    public int classes() {
        return counts("classes").length;
    }

    /**
     * The fraction of rows whose true class is among the {@code k} most probable, as Keras's
     * {@code top_k_categorical_accuracy} (whose default k is {@value #DEFAULT_TOP_K}); 1 when
     * {@code k >= classes()}; NaN for no rows.
     *
     * @param k how many of the most probable classes count, at least 1
     * @return the top-k accuracy
     * @throws IllegalArgumentException if {@code k < 1}
     * @throws IllegalStateException    if this is a regression, or a classification without counts
     */
    public double topKAccuracy(int k) {
        counts("topKAccuracy");
        if (k < 1) {
            throw Settings.invalid("k", "a positive integer", k);
        }
        long hits = 0;
        for (int r = 0; r < Math.min(k, rankCounts.length); r++) {
            hits += rankCounts[r];
        }
        return (double) hits / rows;
    }

    /**
     * @return a copy of the {@code [classes][classes]} counts, {@code [trueClass][predictedClass]}
     * @throws IllegalStateException if this is a regression, or a classification without counts
     */
    public long[][] confusionMatrix() {
        long[][] m = counts("confusionMatrix");
        long[][] copy = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            copy[i] = m[i].clone();
        }
        return copy;
    }

    /**
     * @param c a class, from 0
     * @return of the rows predicted {@code c}, the fraction truly {@code c}; 0 if none was predicted
     *         {@code c} (scikit-learn's {@code zero_division=0})
     * @throws IllegalArgumentException if {@code c} is not a class
     * @throws IllegalStateException    if this is a regression, or a classification without counts
     */
    public double precision(int c) {
        long[][] m = counts("precision");
        checkClass(c);
        return ratio(m[c][c], predicted(c));
    }

    /**
     * @param c a class, from 0
     * @return of the rows truly {@code c}, the fraction predicted {@code c}; 0 if there were none
     *         (scikit-learn's {@code zero_division=0})
     * @throws IllegalArgumentException if {@code c} is not a class
     * @throws IllegalStateException    if this is a regression, or a classification without counts
     */
    public double recall(int c) {
        long[][] m = counts("recall");
        checkClass(c);
        return ratio(m[c][c], support(c));
    }

    /**
     * @param c a class, from 0
     * @return the harmonic mean of {@link #precision(int)} and {@link #recall(int)}, computed as
     *         {@code 2·TP / (2·TP + FP + FN)}; 0 if the class was neither true nor predicted in any row
     *         (scikit-learn's {@code zero_division=0})
     * @throws IllegalArgumentException if {@code c} is not a class
     * @throws IllegalStateException    if this is a regression, or a classification without counts
     */
    public double f1(int c) {
        long[][] m = counts("f1");
        checkClass(c);
        long tp = m[c][c];
        return ratio(2 * tp, support(c) + predicted(c));
    }

    /**
     * @return the unweighted mean of {@link #f1(int)} over all {@link #classes()}, those absent from the data
     *         included (as Keras's {@code F1Score(average="macro")} and scikit-learn given all labels)
     * @throws IllegalStateException if this is a regression, or a classification without counts
     */
    public double macroF1() {
        int classes = counts("macroF1").length;
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += f1(c);
        }
        return sum / classes;
    }

    /**
     * @return the mean squared error
     * @throws IllegalStateException if this is a classification
     */
    public double mse() {
        regressionOnly("mse");
        return mse;
    }

    /**
     * @return the mean absolute error
     * @throws IllegalStateException if this is a classification
     */
    public double mae() {
        regressionOnly("mae");
        return mae;
    }

    /**
     * A readable summary. For a classification with counts, scikit-learn's {@code classification_report}
     * layout (precision, recall, F1 and support per class, then accuracy, macro and support-weighted
     * averages) followed by the confusion matrix; otherwise the line of {@link #toString()}.
     *
     * @return the report, lines ending with {@code \n}
     */
    public String report() {
        if (confusion == null) {
            return toString() + "\n";
        }
        int classes = confusion.length;
        int nameWidth = Math.max("weighted avg".length(), Integer.toString(classes - 1).length());
        StringBuilder s = new StringBuilder(toString()).append("\n\n");
        s.append(String.format(Locale.ROOT, "%" + nameWidth + "s  %9s %9s %9s %9s", "", "precision", "recall", "f1-score", "support"));
        s.append("\n\n");
        double[] macro = new double[3];
        double[] weighted = new double[3];
        for (int c = 0; c < classes; c++) {
            double[] prf = {precision(c), recall(c), f1(c)};
            long support = support(c);
            s.append(row(nameWidth, Integer.toString(c), prf, support));
            for (int i = 0; i < 3; i++) {
                macro[i] += prf[i] / classes;
                weighted[i] += prf[i] * support;
            }
        }
        for (int i = 0; i < 3; i++) {
            weighted[i] = rows == 0 ? 0 : weighted[i] / rows;
        }
        s.append('\n');
        s.append(String.format(Locale.ROOT, "%" + nameWidth + "s  %9s %9s %9.2f %9d", "accuracy", "", "", accuracy, rows)).append('\n');
        s.append(row(nameWidth, "macro avg", macro, rows));
        s.append(row(nameWidth, "weighted avg", weighted, rows));
        s.append("\nconfusion matrix (rows: true class, columns: predicted class)\n");
        int cell = Integer.toString(classes - 1).length();
        for (long[] r : confusion) {
            for (long v : r) {
                cell = Math.max(cell, Long.toString(v).length());
            }
        }
        int label = Integer.toString(classes - 1).length();
        s.append(" ".repeat(label));
        for (int p = 0; p < classes; p++) {
            s.append(' ').append(pad(Integer.toString(p), cell));
        }
        s.append('\n');
        for (int t = 0; t < classes; t++) {
            s.append(pad(Integer.toString(t), label));
            for (int p = 0; p < classes; p++) {
                s.append(' ').append(pad(Long.toString(confusion[t][p]), cell));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String row(int nameWidth, String name, double[] prf, long support) {
        return String.format(Locale.ROOT, "%" + nameWidth + "s  %9.2f %9.2f %9.2f %9d", name, prf[0], prf[1], prf[2], support) + "\n";
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /** @return one line: the loss, and the accuracy or the errors, and the number of rows */
    @Override
    public String toString() {
        if (classification) {
            return String.format(Locale.ROOT, "loss: %.4f - accuracy: %.4f (%d predictions)", loss, accuracy, rows);
        }
        return String.format(Locale.ROOT, "loss: %.4f - mse: %.4f - mae: %.4f (%d predictions)", loss, mse, mae, rows);
    }

    /** @return true for an evaluation of the same kind with the same figures and counts */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Evaluation)) {
            return false;
        }
        Evaluation e = (Evaluation) o;
        return classification == e.classification && Double.compare(loss, e.loss) == 0 && rows == e.rows
                && Double.compare(accuracy, e.accuracy) == 0 && Arrays.deepEquals(confusion, e.confusion)
                && Arrays.equals(rankCounts, e.rankCounts) && Double.compare(mse, e.mse) == 0 && Double.compare(mae, e.mae) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classification, loss, rows, accuracy, Arrays.deepHashCode(confusion), Arrays.hashCode(rankCounts), mse, mae);
    }

    private long[][] counts(String method) {
        if (!classification) {
            throw new IllegalStateException(method + "() is undefined: this is a regression evaluation");
        }
        if (confusion == null) {
            throw new IllegalStateException(method + "() needs the confusion matrix, which this evaluation, made from the loss "
                    + "and accuracy alone, does not have: build it with Evaluation.classification");
        }
        return confusion;
    }

    private void regressionOnly(String method) {
        if (classification) {
            throw new IllegalStateException(method + "() is undefined: this is a classification evaluation");
        }
    }

    private void checkClass(int c) {
        if (c < 0 || c >= confusion.length) {
            throw Settings.invalid("c", "a class in [0, " + confusion.length + ")", c);
        }
    }

    private long support(int c) {
        long sum = 0;
        for (long v : confusion[c]) {
            sum += v;
        }
        return sum;
    }

    private long predicted(int c) {
        long sum = 0;
        for (long[] r : confusion) {
            sum += r[c];
        }
        return sum;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
