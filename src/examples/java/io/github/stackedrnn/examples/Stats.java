package io.github.stackedrnn.examples;

import java.util.Arrays;

/** The summary the examples report over seeds and epochs. */
final class Stats {
    private Stats() {
    }

    /**
     * @param values any order; NaN (a diverged run) sorts last, so it counts as the worst
     * @return the median, the mean of the middle two for an even count
     */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
