package io.github.stackedrnn.loss;

/**
 * Categorical cross-entropy on softmax outputs, computed from the logits.
 *
 * <p>For a row of logits {@code z} and a target distribution {@code y} (one-hot, or any row of
 * non-negative values summing to 1): {@code loss = logsumexp(z) - Σ_k y_k z_k}, with the row maximum
 * subtracted before exponentiating so that large logits cannot overflow. The gradient with respect to
 * the logits of the mean loss over {@code N} rows is {@code (softmax(z) - y) / N}. Unlike Keras's
 * probability-space formula, no probability is clipped to {@code [1e-7, 1 - 1e-7]}: the two agree
 * unless a probability saturates.
 *
 * <pre>{@code
 * float[] logits = {2f, 1f, 0f};
 * float[] probabilities = new float[3];
 * CategoricalCrossEntropy.softmax(logits, 0, 1, 3, probabilities, 0);   // one row of three classes
 * }</pre>
 */
public final class CategoricalCrossEntropy {
    private CategoricalCrossEntropy() {
    }

    /**
     * For each of {@code rows} rows: {@code probs = softmax(logits)},
     * {@code dLogits = (probs - targets) * scale}; returns the sum of the rows' losses.
     *
     * @param logits   the logits, {@code [rows, classes]}
     * @param lOff     offset of the logits
     * @param targets  the target distributions, {@code [rows, classes]}
     * @param tOff     offset of the targets
     * @param rows     how many rows
     * @param classes  classes per row
     * @param scale    the factor on the gradient, {@code 1 / N} for the mean over {@code N} rows
     * @param probs    output: the softmax probabilities, {@code [rows, classes]}
     * @param pOff     offset of the probabilities
     * @param dLogits  output: the gradient, {@code [rows, classes]}; may be null to skip it
     * @param dOff     offset of the gradient
     * @return the summed loss, in double precision
     */
    public static double forwardBackward(float[] logits, int lOff, float[] targets, int tOff, int rows, int classes,
                                         float scale, float[] probs, int pOff, float[] dLogits, int dOff) {
        return forwardBackward(logits, lOff, targets, tOff, rows, classes, 0f, scale, probs, pOff, dLogits, dOff);
    }

    /**
     * As {@link #forwardBackward(float[], int, float[], int, int, int, float, float[], int, float[], int)}
     * with Keras's label smoothing {@code s}: each target row becomes {@code y·(1 - s) + s/K} (with
     * {@code s = 0} the targets are used as they are, bit for bit).
     *
     * @param logits         the logits, {@code [rows, classes]}
     * @param lOff           offset of the logits
     * @param targets        the target distributions, {@code [rows, classes]}
     * @param tOff           offset of the targets
     * @param rows           how many rows
     * @param classes        classes per row
     * @param labelSmoothing {@code s}, in [0, 1]
     * @param scale          the factor on the gradient
     * @param probs          output: the softmax probabilities
     * @param pOff           offset of the probabilities
     * @param dLogits        output: the gradient; may be null to skip it
     * @param dOff           offset of the gradient
     * @return the summed loss, in double precision
     */
    public static double forwardBackward(float[] logits, int lOff, float[] targets, int tOff, int rows, int classes,
                                         float labelSmoothing, float scale, float[] probs, int pOff, float[] dLogits, int dOff) {
        float spread = labelSmoothing / classes;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int lr = lOff + r * classes;
            int tr = tOff + r * classes;
            int pr = pOff + r * classes;
            double logSumExp = softmaxRow(logits, lr, classes, probs, pr);
            double loss = 0;
            for (int k = 0; k < classes; k++) {
                float y = smoothed(targets[tr + k], labelSmoothing, spread);
                if (y != 0f) {
                    loss += y * (logSumExp - logits[lr + k]);
                }
            }
            total += loss;
            if (dLogits != null) {
                int dr = dOff + r * classes;
                for (int k = 0; k < classes; k++) {
                    dLogits[dr + k] = (probs[pr + k] - smoothed(targets[tr + k], labelSmoothing, spread)) * scale;
                }
            }
        }
        return total;
    }

    /**
     * {@code probs = softmax(logits)} row by row, subtracting each row's maximum first.
     *
     * @param logits  the logits, {@code [rows, classes]}
     * @param lOff    offset of the logits
     * @param rows    how many rows
     * @param classes classes per row
     * @param probs   output: the probabilities, {@code [rows, classes]}
     * @param pOff    offset of the probabilities
     */
    public static void softmax(float[] logits, int lOff, int rows, int classes, float[] probs, int pOff) {
        for (int r = 0; r < rows; r++) {
            softmaxRow(logits, lOff + r * classes, classes, probs, pOff + r * classes);
        }
    }

    private static float smoothed(float y, float smoothing, float spread) {
        return smoothing == 0f ? y : y * (1f - smoothing) + spread;
    }

    /** Writes the row's softmax and returns its log-sum-exp. */
    private static double softmaxRow(float[] logits, int lr, int classes, float[] probs, int pr) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, logits[lr + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(logits[lr + k] - max);
        }
        for (int k = 0; k < classes; k++) {
            probs[pr + k] = (float) (Math.exp(logits[lr + k] - max) / sum);
        }
        return max + Math.log(sum);
    }
}
