package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Initializer;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Fills weight slots with Keras's initializers, from an explicit random stream. */
final class WeightInit {
    private WeightInit() {
    }

    /** Fills {@code [rows, cols]} at {@code offset} of {@code params}. */
    static void fill(Initializer init, float[] params, int offset, int rows, int cols, SplittableRandom random) {
        switch (init) {
            case ZEROS:
                Arrays.fill(params, offset, offset + rows * cols, 0f);
                break;
            case GLOROT_UNIFORM:
                double limit = Math.sqrt(6.0 / (rows + cols));
                for (int i = 0; i < rows * cols; i++) {
                    params[offset + i] = (float) ((2 * random.nextDouble() - 1) * limit);
                }
                break;
            case IDENTITY:
                if (rows != cols) {
                    throw new IllegalArgumentException("The identity initializer needs a square matrix but got [" + rows + ", " + cols + "]");
                }
                Arrays.fill(params, offset, offset + rows * cols, 0f);
                for (int i = 0; i < rows; i++) {
                    params[offset + i * cols + i] = 1f;
                }
                break;
            case ORTHOGONAL:
                orthogonal(params, offset, rows, cols, random);
                break;
            default:
                throw new AssertionError(init);
        }
    }

    /**
     * Keras's orthogonal initializer with gain 1: the Q factor of a standard normal matrix, with the
     * signs fixed by R's diagonal. Modified Gram-Schmidt on the columns of the taller orientation gives
     * that same Q (the one whose R has a positive diagonal).
     */
    private static void orthogonal(float[] params, int offset, int rows, int cols, SplittableRandom random) {
        boolean transpose = rows < cols;
        int n = transpose ? cols : rows; // tall side
        int m = transpose ? rows : cols; // orthonormal columns
        double[][] q = new double[m][n];  // column vectors
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = random.nextGaussian();
            }
        }
        for (int j = 0; j < m; j++) {
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[p][i] * q[j][i];
                }
                for (int i = 0; i < n; i++) {
                    q[j][i] -= dot * q[p][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                params[offset + r * cols + c] = (float) (transpose ? q[r][c] : q[c][r]);
            }
        }
    }
}
