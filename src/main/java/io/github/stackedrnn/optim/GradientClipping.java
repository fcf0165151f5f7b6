package io.github.stackedrnn.optim;

/**
 * Keras 3's gradient clipping ({@code BaseOptimizer._clip_gradients}) on a flat gradient vector made
 * of variables laid end to end. Inputs first, the output last; the output may not be the input.
 * Norms are summed in double; each clipped element is computed in float as Keras computes it.
 */
final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * {@code clipnorm}: each variable's gradient {@code g} becomes {@code g·c / max(‖g‖₂, c)}, so its
     * norm is at most {@code c}; a zero gradient stays zero.
     *
     * @param g       the gradients, [P]
     * @param offsets where each variable starts, [V + 1], the last being P
     * @param c       the threshold, positive
     * @param out     the clipped gradients, [P]
     */
    static void byNorm(float[] g, int[] offsets, double c, float[] out) {
        float cf = (float) c;
        for (int v = 0; v + 1 < offsets.length; v++) {
            int from = offsets[v];
            int to = offsets[v + 1];
            double sumOfSquares = 0;
            for (int i = from; i < to; i++) {
                sumOfSquares += (double) g[i] * g[i];
            }
            float divisor = (float) Math.max(Math.sqrt(sumOfSquares), c);
            for (int i = from; i < to; i++) {
                out[i] = g[i] * cf / divisor;
            }
        }
    }

    /**
     * {@code global_clipnorm}: every gradient is scaled by {@code c·min(1/‖g‖₂, 1/c)}, the norm taken
     * over all variables together. As in Keras, a norm that is not finite makes the scale NaN.
     *
     * @param g   the gradients, [P]
     * @param c   the threshold, positive
     * @param out the clipped gradients, [P]
     */
    static void byGlobalNorm(float[] g, double c, float[] out) {
        double sumOfSquares = 0;
        for (float x : g) {
            sumOfSquares += (double) x * x;
        }
        double norm = Math.sqrt(sumOfSquares);
        float scale = (float) (c * Math.min(1 / norm, 1 / c) + (norm - norm));
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] * scale;
        }
    }

    /**
     * {@code clipvalue}: each element clamped to {@code [-c, c]}; NaN stays NaN.
     *
     * @param g   the gradients, [P]
     * @param c   the threshold, positive
     * @param out the clipped gradients, [P]
     */
    static void byValue(float[] g, double c, float[] out) {
        float cf = (float) c;
        for (int i = 0; i < g.length; i++) {
            out[i] = Math.max(-cf, Math.min(cf, g[i]));
        }
    }
}
