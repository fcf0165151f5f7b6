package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.train.History;

/** What {@link SparkTrainer#fit} gives back: the per-epoch metrics and the trained model. */
public final class SparkFit {
    private final History history;
    private final StackedRnnModel model;
    private final long badRows;

    SparkFit(History history, StackedRnnModel model, long badRows) {
        this.history = history;
        this.model = model;
        this.badRows = badRows;
    }

    /** @return {@code loss}, {@code accuracy} and, with validation data, {@code val_loss}, {@code val_accuracy}, per epoch */
    public History history() {
        return history;
    }

    /**
     * @return the trained model as the driver holds it after the last round: averaged weights and
     *         averaged optimizer state (so {@code fit} or another {@code SparkTrainer.fit} resumes from it);
     *         a new instance, using the library's default thread count
     */
    public StackedRnnModel model() {
        return model;
    }

    /** @return training and validation rows dropped under {@link BadRowPolicy#NULL} (read once per row: the data is cached) */
    public long badRows() {
        return badRows;
    }
}
