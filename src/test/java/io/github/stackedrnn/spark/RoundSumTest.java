package io.github.stackedrnn.spark;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RoundSumTest {
    private static Contribution c(double w, double slot) {
        return new Contribution(1, 1, 1, w, 0, new double[] {w}, new double[][] {{slot}});
    }

    /** Values whose double sums depend on the order of the additions. */
    private static final double[] VALUES = {1e16, 1.5, -1e16, 2.5, 3.25, 1e16, -1e16, 0.75, 9.5, -3.0, 1.0};

    private static double value(int partition) {
        return VALUES[partition];
    }

    private static double sumInOrder(List<Integer> partitions, boolean treeShaped) {
        List<RoundSum> parts = new ArrayList<>();
        for (int p : partitions) {
            parts.add(RoundSum.of(p, c(value(p), -value(p))));
        }
        RoundSum total = RoundSum.empty();
        if (treeShaped) {
            // merge pairs of partial sums at random, as treeAggregate's stages and arrival order may
            Random random = new Random(partitions.hashCode());
            while (parts.size() > 1) {
                RoundSum a = parts.remove(random.nextInt(parts.size()));
                RoundSum b = parts.remove(random.nextInt(parts.size()));
                parts.add(RoundSum.merge(a, b));
            }
            total = RoundSum.merge(total, parts.get(0));
        } else {
            for (RoundSum p : parts) {
                total = RoundSum.merge(total, p);
            }
        }
        Contribution sum = total.total();
        assertThat(sum.models).isEqualTo(partitions.size());
        assertThat(sum.slots[0][0]).isEqualTo(-sum.weights[0]);
        return sum.weights[0];
    }

    @Test
    void anyMergeOrder_givesTheSameBits() {
        List<Integer> partitions = new ArrayList<>();
        for (int p = 0; p < 11; p++) {
            partitions.add(p);
        }
        // the fixed tree: ((0+1)+(2+3))+((4+5)+(6+7)), then (8+9), then 10, added in partition order
        double[] v = new double[11];
        for (int p = 0; p < 11; p++) {
            v[p] = value(p);
        }
        double expected = ((((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]))) + (v[8] + v[9])) + v[10];
        double plain = 0;
        for (double x : v) {
            plain += x;
        }
        assertThat(plain).as("the data must make the order matter, or this test proves nothing").isNotEqualTo(expected);
        Random random = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            Collections.shuffle(partitions, random);
            assertThat(sumInOrder(partitions, trial % 2 == 0)).isEqualTo(expected);
        }
    }

    @Test
    void missingPartitions_leaveTheRestInPartitionOrder() {
        // partitions 1 and 4 took no step this round: 0, [2, 4) and 5 remain, added in that order
        double expected = (value(0) + (value(2) + value(3))) + value(5);
        assertThat(sumInOrder(List.of(5, 3, 0, 2), true)).isEqualTo(expected);
        assertThat(sumInOrder(List.of(2, 0, 5, 3), false)).isEqualTo(expected);
    }

    @Test
    void empty_hasNoTotal() {
        assertThat(RoundSum.merge(RoundSum.empty(), RoundSum.empty()).total()).isNull();
    }
}
