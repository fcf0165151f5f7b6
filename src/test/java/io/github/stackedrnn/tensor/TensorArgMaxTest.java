package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code Tensor.argMax} against hand-computed cases and a naive reference over every axis of random shapes. */
class TensorArgMaxTest {

    @Test
    void handComputed_lastAxis_tiesGoToTheLowerIndex() {
        Tensor p = Tensor.of(new float[] {0.1f, 0.7f, 0.2f, 0.5f, 0.5f, 0.0f}, 2, 3);
        assertThat(p.argMax(-1)).containsExactly(1, 0);
        assertThat(p.argMax(1)).containsExactly(1, 0);
        assertThat(p.argMax(0)).containsExactly(1, 0, 0); // columns: (0.1, 0.5), (0.7, 0.5), (0.2, 0.0)
        assertThat(Tensor.of(new float[] {3, 3, 3}, 3).argMax(0)).containsExactly(0);
        assertThat(Tensor.of(new float[] {-5, -1, -2}, 3).argMax(-1)).containsExactly(1);
    }

    @Test
    void handComputed_middleAxisOfRankThree() {
        // [2, 2, 2]: element (i, j, k) = data[(i * 2 + j) * 2 + k]
        Tensor t = Tensor.of(new float[] {1, 9, 4, 2, 7, 0, 8, 6}, 2, 2, 2);
        assertThat(t.argMax(1)).containsExactly(1, 0, 1, 1);
        assertThat(t.argMax(-1)).containsExactly(1, 0, 0, 0);
        assertThat(t.argMax(0)).containsExactly(1, 0, 1, 1);
    }

    @Test
    void nan_winsAsInNumpy() {
        assertThat(Tensor.of(new float[] {1, Float.NaN, 5, Float.NaN}, 4).argMax(0)).containsExactly(1);
        assertThat(Tensor.of(new float[] {Float.NEGATIVE_INFINITY, -1e30f}, 2).argMax(0)).containsExactly(1);
    }

    @Test
    void randomShapes_matchANaiveReference_onEveryAxis() {
        SplittableRandom random = new SplittableRandom(7);
        int checked = 0;
        for (int trial = 0; trial < 40; trial++) {
            int rank = 1 + random.nextInt(4);
            int[] shape = new int[rank];
            int size = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = 1 + random.nextInt(5);
                size *= shape[d];
            }
            float[] data = new float[size];
            for (int i = 0; i < size; i++) {
                data[i] = random.nextInt(4); // few distinct values: many ties
            }
            Tensor t = Tensor.of(data, shape);
            for (int axis = -rank; axis < rank; axis++) {
                assertThat(t.argMax(axis)).as("shape %s axis %d", java.util.Arrays.toString(shape), axis)
                        .containsExactly(naive(data, shape, axis < 0 ? axis + rank : axis));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(80);
    }

    /** Walks every output position by its multi-index and scans the axis, keeping the first maximum. */
    private static int[] naive(float[] data, int[] shape, int axis) {
        int rank = shape.length;
        int[] strides = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        int outSize = data.length / shape[axis];
        int[] out = new int[outSize];
        int[] index = new int[rank];
        for (int o = 0; o < outSize; o++) {
            int rest = o;
            for (int d = rank - 1; d >= 0; d--) {
                if (d == axis) {
                    index[d] = 0;
                    continue;
                }
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            int best = 0;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < shape[axis]; i++) {
                index[axis] = i;
                int flat = 0;
                for (int d = 0; d < rank; d++) {
                    flat += index[d] * strides[d];
                }
                if (i == 0 || data[flat] > max) {
                    max = data[flat];
                    best = i;
                }
            }
            out[o] = best;
        }
        return out;
    }

    @Test
    void badAxis_isRefused() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertThatThrownBy(() -> t.argMax(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected an axis in [-2, 2) of shape [2, 2], got 2");
        assertThatThrownBy(() -> t.argMax(-3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tensor.zeros(2, 0).argMax(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the axis is empty");
    }
}
