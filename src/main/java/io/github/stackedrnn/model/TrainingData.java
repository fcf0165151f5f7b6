package io.github.stackedrnn.model;

import io.github.stackedrnn.train.Evaluation;

import java.util.List;
import java.util.SplittableRandom;

/** What {@code fit} trains on: its batches for one epoch, and the held-out validation data. */
interface TrainingData {
    int trainCount();

    int validationCount();

    /**
     * @param random the epoch's shuffling stream, or null to keep the order
     * @return the epoch's batches, in the order to train on them
     */
    List<Batch> epoch(SplittableRandom random, int batchSize);

    /** @return loss and accuracy on the validation data, with the current weights */
    Evaluation validate();
}
