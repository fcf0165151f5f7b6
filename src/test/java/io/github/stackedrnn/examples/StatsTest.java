package io.github.stackedrnn.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {
    @Test
    void median_ofOddAndEvenCounts_andDivergedRunsCountAsTheWorst() {
        assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Stats.median(new double[] {Double.NaN, 0.1, 0.2})).isEqualTo(0.2);
        double[] input = {3, 1, 2};
        Stats.median(input);
        assertThat(input).containsExactly(3, 1, 2);
    }
}
