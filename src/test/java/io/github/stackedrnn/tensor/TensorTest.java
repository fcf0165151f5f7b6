package io.github.stackedrnn.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorTest {

    // ------------------------------------------------------------------ factories and accessors

    @Test
    void of_flat_keepsDataAndShape() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.rank()).isEqualTo(2);
        assertThat(t.dim(0)).isEqualTo(2);
        assertThat(t.dim(1)).isEqualTo(3);
        assertThat(t.size()).isEqualTo(6);
        assertThat(t.get(0, 0)).isEqualTo(1f);
        assertThat(t.get(0, 2)).isEqualTo(3f);
        assertThat(t.get(1, 0)).isEqualTo(4f);
        assertThat(t.get(1, 2)).isEqualTo(6f);
        assertThat(t.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void of_rank3_isRowMajor() {
        float[] data = new float[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        Tensor t = Tensor.of(data, 2, 3, 4);
        for (int b = 0; b < 2; b++) {
            for (int s = 0; s < 3; s++) {
                for (int f = 0; f < 4; f++) {
                    assertThat(t.get(b, s, f)).isEqualTo((float) ((b * 3 + s) * 4 + f));
                }
            }
        }
    }

    @Test
    void of_rows_copiesRectangularArray() {
        Tensor t = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(t).isEqualTo(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    }

    @Test
    void of_sequences_copiesBatchTimeFeatures() {
        Tensor t = Tensor.of(new float[][][] {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}});
        assertThat(t.shape()).containsExactly(2, 3, 2);
        assertThat(t.get(1, 2, 0)).isEqualTo(11f);
        assertThat(t).isEqualTo(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2));
    }

    @Test
    void of_emptyRows_isZeroByZero() {
        assertThat(Tensor.of(new float[0][]).shape()).containsExactly(0, 0);
        assertThat(Tensor.of(new float[0][][]).shape()).containsExactly(0, 0, 0);
    }

    @Test
    void zeros_hasShapeAndZeros() {
        Tensor t = Tensor.zeros(2, 0, 3);
        assertThat(t.shape()).containsExactly(2, 0, 3);
        assertThat(t.size()).isZero();
        Tensor z = Tensor.zeros(3, 2);
        assertThat(z.toFloatArray()).containsOnly(0f).hasSize(6);
        assertThat(z).isEqualTo(Tensor.of(new float[6], 3, 2));
    }

    // ------------------------------------------------------------------ copy semantics

    @Test
    void of_flat_mutatingInputArray_doesNotChangeTensor() {
        float[] data = {1, 2, 3};
        Tensor t = Tensor.of(data, 3);
        data[0] = 99;
        assertThat(t.get(0)).isEqualTo(1f);
    }

    @Test
    void of_flat_mutatingShapeArray_doesNotChangeTensor() {
        int[] shape = {2, 3};
        Tensor t = Tensor.of(new float[6], shape);
        shape[0] = 3;
        shape[1] = 2;
        assertThat(t.shape()).containsExactly(2, 3);
    }

    @Test
    void of_rows_mutatingInputArray_doesNotChangeTensor() {
        float[][] rows = {{1, 2}, {3, 4}};
        Tensor t = Tensor.of(rows);
        rows[1][0] = 99;
        assertThat(t.get(1, 0)).isEqualTo(3f);
    }

    @Test
    void of_sequences_mutatingInputArray_doesNotChangeTensor() {
        float[][][] values = {{{1, 2}}, {{3, 4}}};
        Tensor t = Tensor.of(values);
        values[1][0][1] = 99;
        assertThat(t.get(1, 0, 1)).isEqualTo(4f);
    }

    @Test
    void toFloatArray_mutatingOutput_doesNotChangeTensor() {
        Tensor t = Tensor.of(new float[] {1, 2, 3}, 3);
        float[] out = t.toFloatArray();
        out[1] = 99;
        assertThat(t.get(1)).isEqualTo(2f);
        assertThat(t.toFloatArray()).containsExactly(1, 2, 3).isNotSameAs(out);
    }

    @Test
    void shape_mutatingOutput_doesNotChangeTensor() {
        Tensor t = Tensor.zeros(2, 3);
        int[] shape = t.shape();
        shape[0] = 7;
        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.dim(0)).isEqualTo(2);
    }

    @Test
    void copyTo_copiesRangeWithoutSharing() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5}, 5);
        float[] dest = {9, 9, 9, 9};
        t.copyTo(1, dest, 1, 3);
        assertThat(dest).containsExactly(9, 2, 3, 4);
        dest[1] = 100;
        assertThat(t.get(1)).isEqualTo(2f);
        assertThatThrownBy(() -> t.copyTo(3, dest, 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ------------------------------------------------------------------ rejected arguments

    @Test
    void of_rows_ragged_isRejected() {
        assertThatThrownBy(() -> Tensor.of(new float[][] {{1, 2, 3}, {4, 5}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Ragged array: rows[1] has length 2 but rows[0] has length 3");
    }

    @Test
    void of_rows_nullRow_isRejected() {
        assertThatThrownBy(() -> Tensor.of(new float[][] {{1, 2}, null}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Ragged array: rows[1] is null");
    }

    @Test
    void of_sequences_raggedTime_isRejected() {
        assertThatThrownBy(() -> Tensor.of(new float[][][] {{{1}, {2}}, {{3}}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Ragged array: values[1] has length 1 but values[0] has length 2");
    }

    @Test
    void of_sequences_raggedFeatures_isRejected() {
        assertThatThrownBy(() -> Tensor.of(new float[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7}}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Ragged array: values[1][1] has length 1 but values[0][0] has length 2");
    }

    @Test
    void of_sequences_nullStep_isRejected() {
        assertThatThrownBy(() -> Tensor.of(new float[][][] {{{1, 2}, null}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Ragged array: values[0][1] is null");
    }

    @Test
    void of_nullData_isRejected() {
        assertThatThrownBy(() -> Tensor.of((float[]) null, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`data`").hasMessageContaining("got null");
        assertThatThrownBy(() -> Tensor.of((float[][]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`rows`");
        assertThatThrownBy(() -> Tensor.of((float[][][]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`values`");
    }

    @Test
    void of_shapeDataMismatch_isRejectedWithMessage() {
        assertThatThrownBy(() -> Tensor.of(new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tensor shape [2, 3] holds 6 elements but data has 5");
    }

    @Test
    void of_negativeDimension_isRejected() {
        assertThatThrownBy(() -> Tensor.of(new float[0], 2, -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Received an invalid value for argument `shape`, expected non-negative dimensions, got [2, -3].");
    }

    @Test
    void zeros_negativeDimension_isRejected() {
        assertThatThrownBy(() -> Tensor.zeros(-1, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`shape`").hasMessageContaining("[-1, 4]");
    }

    @Test
    void of_negativeDimensionsWhoseProductMatches_isRejected() {
        // (-2) * (-3) = 6 elements: the product must not hide the signs
        assertThatThrownBy(() -> Tensor.of(new float[6], -2, -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-negative");
    }

    @Test
    void of_emptyShape_isRejected() {
        assertThatThrownBy(() -> Tensor.of(new float[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one dimension");
        assertThatThrownBy(Tensor::zeros)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one dimension");
    }

    @Test
    void zeros_overflowingShape_isRejected() {
        assertThatThrownBy(() -> Tensor.zeros(65536, 65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tensor shape [65536, 65536] is too large: 4294967296 elements");
    }

    @Test
    void of_overflowingShape_isRejectedAsMismatch() {
        // 65536 * 65536 wraps to 0 in int arithmetic; the check must not
        assertThatThrownBy(() -> Tensor.of(new float[0], 65536, 65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tensor shape [65536, 65536] holds 4294967296 elements but data has 0");
    }

    @Test
    void get_wrongNumberOfIndices_isRejected() {
        Tensor t = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> t.get(1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Tensor of shape [2, 3] needs 2 indices but got 1");
    }

    @Test
    void get_indexOutOfRange_isRejected() {
        Tensor t = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> t.get(0, 3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Index 3 out of range [0, 3) on axis 1 of shape [2, 3]");
        assertThatThrownBy(() -> t.get(-1, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("Index -1");
    }

    @Test
    void dim_outOfRange_isRejected() {
        assertThatThrownBy(() -> Tensor.zeros(2).dim(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ------------------------------------------------------------------ finiteness

    @Test
    void firstNonFinite_findsNanAndInfinity() {
        assertThat(Tensor.of(new float[] {1, 2, 3}, 3).isFinite()).isTrue();
        assertThat(Tensor.of(new float[] {1, 2, 3}, 3).firstNonFinite()).isEqualTo(-1);
        assertThat(Tensor.of(new float[] {1, Float.NaN, Float.POSITIVE_INFINITY}, 3).firstNonFinite()).isEqualTo(1);
        assertThat(Tensor.of(new float[] {1, 2, Float.NEGATIVE_INFINITY}, 3).firstNonFinite()).isEqualTo(2);
        assertThat(Tensor.of(new float[] {Float.MAX_VALUE, -Float.MAX_VALUE}, 2).isFinite()).isTrue();
    }

    // ------------------------------------------------------------------ equality

    @Test
    void equals_sameShapeAndElements() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isEqualTo(a).isNotEqualTo(null).isNotEqualTo("Tensor[2, 2]");
    }

    @Test
    void equals_differentShapeSameData_notEqual() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertThat(a).isNotEqualTo(Tensor.of(new float[] {1, 2, 3, 4}, 4));
        assertThat(a).isNotEqualTo(Tensor.of(new float[] {1, 2, 3, 4}, 4, 1));
        assertThat(a).isNotEqualTo(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2));
    }

    @Test
    void equals_differentElement_notEqual() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertThat(a).isNotEqualTo(Tensor.of(new float[] {1, 2, 3, 5}, 2, 2));
    }

    @Test
    void equals_isBitwise() {
        // bit-identical elements: NaN equals NaN, 0 differs from -0, as Arrays.equals(float[], float[])
        assertThat(Tensor.of(new float[] {Float.NaN}, 1)).isEqualTo(Tensor.of(new float[] {Float.NaN}, 1));
        assertThat(Tensor.of(new float[] {0f}, 1)).isNotEqualTo(Tensor.of(new float[] {-0f}, 1));
    }

    @Test
    void equals_emptyTensorsOfDifferentShape_notEqual() {
        assertThat(Tensor.zeros(0, 3)).isNotEqualTo(Tensor.zeros(3, 0));
        assertThat(Tensor.zeros(0, 3)).isEqualTo(Tensor.zeros(0, 3));
        assertThat(Tensor.zeros(0, 3).hashCode()).isEqualTo(Tensor.zeros(0, 3).hashCode());
    }

    // ------------------------------------------------------------------ text

    @Test
    void toString_smallTensor_listsElements() {
        assertThat(Tensor.of(new float[] {1, 2}, 1, 2)).hasToString("Tensor[1, 2][1.0, 2.0]");
    }

    @Test
    void toString_largeTensor_isAbbreviated() {
        Tensor t = Tensor.zeros(17);
        assertThat(t.toString()).isEqualTo("Tensor[17][0.0, 0.0, ..., 0.0]");
    }

    @Test
    void formatShape_matchesErrorMessages() {
        assertThat(Tensor.formatShape(32, 20, 9)).isEqualTo("[32, 20, 9]");
    }
}
