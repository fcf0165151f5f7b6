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

    /**
     * The epoch's batches one at a time, for data read as it trains ({@link DatasetData}); by default
     * the list of {@link #epoch}.
     */
    default BatchStream stream(SplittableRandom random, int batchSize) {
        java.util.Iterator<Batch> batches = epoch(random, batchSize).iterator();
        return new BatchStream() {
            @Override
            public Batch next() {
                return batches.hasNext() ? batches.next() : null;
            }

            @Override
            public void close() {
            }
        };
    }

    /** An epoch's batches in training order; closed when the epoch ends, however it ends. */
    interface BatchStream extends AutoCloseable {
        /** @return the next batch, or null after the last; throws what reading the data threw */
        Batch next();

        @Override
        void close();
    }

    /** @return loss and accuracy on the validation data, with the current weights */
    Evaluation validate();
}
