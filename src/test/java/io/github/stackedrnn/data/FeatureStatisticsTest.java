package io.github.stackedrnn.data;

import io.github.stackedrnn.model.SequenceMask;
import io.github.stackedrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Welford's one pass against a plain two-pass computation in double precision; masked steps left out. */
class FeatureStatisticsTest {
    @Test
    void maskedTensor_listAndDataset_matchTwoPassReference() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 40;
        int time = 12;
        int features = 3;
        float[] x = new float[n * time * features];
        int[] lengths = new int[n];
        for (int i = 0; i < x.length; i++) {
            // a large offset: the naive sum-of-squares formula loses digits here, Welford does not
            x[i] = (float) (1000 + (i % features) * 5 + random.nextGaussian() * (1 + i % features));
        }
        List<float[][]> sequences = new ArrayList<>();
        List<SequenceExample> examples = new ArrayList<>();
        double[] sum = new double[features];
        long count = 0;
        for (int s = 0; s < n; s++) {
            lengths[s] = 1 + random.nextInt(time);
            float[][] seq = new float[lengths[s]][features];
            for (int t = 0; t < lengths[s]; t++) {
                for (int f = 0; f < features; f++) {
                    seq[t][f] = x[(s * time + t) * features + f];
                    sum[f] += seq[t][f];
                }
                count++;
            }
            sequences.add(seq);
            examples.add(SequenceExample.unlabelled(seq));
        }
        double[] mean = new double[features];
        double[] variance = new double[features];
        for (int f = 0; f < features; f++) {
            mean[f] = sum[f] / count;
        }
        for (float[][] seq : sequences) {
            for (float[] step : seq) {
                for (int f = 0; f < features; f++) {
                    variance[f] += (step[f] - mean[f]) * (step[f] - mean[f]);
                }
            }
        }
        for (int f = 0; f < features; f++) {
            variance[f] /= count;
        }
        // padding holds huge values: counted, they would wreck both statistics
        for (int s = 0; s < n; s++) {
            for (int t = lengths[s]; t < time; t++) {
                Arrays.fill(x, (s * time + t) * features, (s * time + t + 1) * features, 1e6f);
            }
        }
        FeatureStatistics fromTensor = FeatureStatistics.of(Tensor.of(x, n, time, features), SequenceMask.ofLengths(lengths, time));
        FeatureStatistics fromList = FeatureStatistics.of(sequences);
        FeatureStatistics fromData = FeatureStatistics.of(SequenceDataset.of(examples).shuffled(7));
        for (FeatureStatistics s : List.of(fromTensor, fromList, fromData)) {
            assertThat(s.count()).isEqualTo(count);
            for (int f = 0; f < features; f++) {
                assertThat(s.mean()[f]).isCloseTo(mean[f], within(1e-9 * Math.abs(mean[f])));
                assertThat(s.variance()[f]).isCloseTo(variance[f], within(1e-9 * variance[f]));
            }
        }
        float[] step = sequences.get(0)[0];
        float[] z = fromList.standardize(step);
        for (int f = 0; f < features; f++) {
            assertThat((double) z[f]).isCloseTo((step[f] - mean[f]) / Math.sqrt(variance[f]), within(1e-5));
        }
    }

    @Test
    void constantFeature_isScaledByEpsilon_andBadInputIsRefused() {
        FeatureStatistics s = FeatureStatistics.of(List.<float[][]>of(new float[][] {{2f, 1f}, {2f, 3f}}));
        assertThat(s.variance()).containsExactly(0.0, 1.0);
        assertThat(s.standardize(new float[] {3f, 3f})).containsExactly((float) (1 / FeatureStatistics.EPSILON), 1f);
        assertThatThrownBy(() -> FeatureStatistics.of(List.<float[][]>of(new float[][] {{1f, 2f}, {1f}})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 0 step 1 has 1 features; expected 2");
        assertThatThrownBy(() -> FeatureStatistics.of(Tensor.of(new float[4], 1, 2, 2), SequenceMask.ofLengths(new int[] {1, 1}, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("The mask is [2, 2]");
    }
}
