package io.github.stackedrnn.parity;

import io.github.stackedrnn.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Element-wise comparisons with an absolute plus relative tolerance, {@code |a - e| <= abs + rel·|e|},
 * whose failure message names the worst element: its index, the expected and the actual value. Every
 * comparison also feeds a per-category tally of the largest deviation seen, which
 * {@link #deviationReport()} writes out (the place named there is that of the largest absolute deviation).
 */
final class ParityAssert {
    /** Forward outputs (hidden states, logits, probabilities) and losses: 1e-6 abs. */
    static final Tolerance FORWARD = new Tolerance(1e-6, 0);
    /** Gradients: 1e-5 abs + 1e-3 rel. */
    static final Tolerance GRADIENT = new Tolerance(1e-5, 1e-3);
    /** Weights after up to 5 Adam steps: 2e-5 abs. */
    static final Tolerance ADAM_WEIGHTS = new Tolerance(2e-5, 0);

    private static final Map<String, Worst> TALLY = new TreeMap<>();
    private static int comparisons;
    private static int comparedElements;

    private ParityAssert() {
    }

    /** {@code |actual - expected| <= abs + rel·|expected|}. */
    record Tolerance(double abs, double rel) {
        double allowed(double expected) {
            return abs + rel * Math.abs(expected);
        }

        @Override
        public String toString() {
            return rel == 0 ? String.format(Locale.ROOT, "%.0e", abs)
                    : String.format(Locale.ROOT, "%.0e + %.0e*|expected|", abs, rel);
        }
    }

    /** The largest deviation of one category: its absolute size, its share of the allowance, and where. */
    private record Worst(double absDiff, double ratio, String where) {
    }

    /**
     * Asserts that two tensors have the same shape and every element is within the tolerance.
     *
     * @param what     names the compared quantity in a failure message, such as
     *                 {@code "single_layer: logitsPath.gradients[0] simple_rnn/kernel"}
     * @param category the tally this comparison counts towards, such as {@code "gradients"}
     */
    static void assertClose(String what, String category, Tensor expected, Tensor actual, Tolerance tolerance) {
        if (actual == null) {
            fail(what + ": expected a tensor " + Tensor.formatShape(expected.shape()) + " but got null");
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            fail(what + ": expected shape " + Tensor.formatShape(expected.shape()) + " but got "
                    + Tensor.formatShape(actual.shape()));
        }
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        int worst = -1;
        double worstRatio = -1;
        double maxAbsDiff = 0;
        int outside = 0;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs((double) a[i] - e[i]);
            double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / tolerance.allowed(e[i]);
            if (!(diff <= tolerance.allowed(e[i]))) {
                outside++;
            }
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = i;
            }
            maxAbsDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(maxAbsDiff, diff);
        }
        if (worst < 0) {
            return; // no elements
        }
        String index = Arrays.toString(unflatten(worst, expected.shape()));
        record(category, maxAbsDiff, worstRatio, what + " at " + index, e.length);
        if (outside > 0) {
            fail(String.format(Locale.ROOT, "%s: %d of %d elements outside |actual - expected| <= %s; worst at %s: "
                            + "expected %s, actual %s, |diff| %.3e (allowed %.3e)",
                    what, outside, e.length, tolerance, index, e[worst], a[worst],
                    Math.abs((double) a[worst] - e[worst]), tolerance.allowed(e[worst])));
        }
    }

    /** Asserts that a scalar, such as a loss, is within the tolerance. */
    static void assertClose(String what, String category, double expected, double actual, Tolerance tolerance) {
        double diff = Math.abs(actual - expected);
        record(category, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff,
                Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / tolerance.allowed(expected), what, 1);
        if (!(diff <= tolerance.allowed(expected))) {
            fail(String.format(Locale.ROOT, "%s: expected %s, actual %s, |diff| %.3e > allowed %s",
                    what, expected, actual, diff, tolerance));
        }
    }

    /**
     * @return one line per category: the largest absolute deviation, the largest share of the
     *         allowance used, and where; then how many elements were compared
     */
    static synchronized String deviationReport() {
        StringBuilder out = new StringBuilder();
        TALLY.forEach((category, w) -> out.append(String.format(Locale.ROOT,
                "%-22s max |diff| %.3e, max share of tolerance %.3f (%s)%n", category, w.absDiff(), w.ratio(), w.where())));
        out.append("comparisons: ").append(comparisons).append(", compared elements: ").append(comparedElements)
                .append(System.lineSeparator());
        return out.toString();
    }

    private static synchronized void record(String category, double absDiff, double ratio, String where, int elements) {
        comparisons++;
        comparedElements += elements;
        TALLY.merge(category, new Worst(absDiff, ratio, where),
                (old, now) -> now.absDiff() > old.absDiff() ? new Worst(now.absDiff(), Math.max(old.ratio(), now.ratio()), now.where())
                        : new Worst(old.absDiff(), Math.max(old.ratio(), now.ratio()), old.where()));
    }

    private static int[] unflatten(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
