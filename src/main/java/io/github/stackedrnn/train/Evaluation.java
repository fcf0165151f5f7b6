package io.github.stackedrnn.train;

/**
 * Loss and accuracy of a model on a data set: the mean categorical cross-entropy and the fraction of
 * predictions whose arg-max is the label's, over samples (or samples × time steps for per-step output).
 *
 * @param loss     the mean loss
 * @param accuracy the fraction correct, in [0, 1]
 * @param rows     how many predictions were scored
 */
public record Evaluation(double loss, double accuracy, int rows) {
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "loss: %.4f - accuracy: %.4f (%d predictions)", loss, accuracy, rows);
    }
}
