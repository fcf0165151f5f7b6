package io.github.stackedrnn.data;

import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * A source of labelled sequences that {@code fit}, {@code evaluate} and {@code predict} read one pass
 * (epoch) at a time, so that the data need not fit in memory. {@code fit} cuts each pass into batches,
 * pads each batch to its longest sequence and masks it, and reads ahead on a thread of its own while
 * the model trains.
 *
 * <pre>{@code
 * SequenceDataset train = CsvSequenceDataset.builder(Path.of("data/train"))   // one CSV file per sequence
 *         .features(3).classLabel()                                            // 3 features, then the class
 *         .build()
 *         .shuffled(10_000)                // a bounded shuffle buffer, reshuffled every epoch
 *         .bucketedByLength(1_024);        // batches of similar lengths
 * History h = model.fit(train, FitOptions.builder().epochs(10).batchSize(32)
 *         .validationData(ValidationData.of(validation)).build());
 * Evaluation e = model.evaluate(test);
 * }</pre>
 *
 * <p>Implementations are descriptions: {@link #open} starts an independent pass each time it is called.
 * A pass is deterministic given its random stream: the model opens pass {@code e} with a stream from its
 * seed and {@code e}, so the same seed gives the same batches.
 */
public interface SequenceDataset {
    /**
     * Starts a pass over the data.
     *
     * @param random the epoch's stream, for sources and stages that shuffle; null for their natural order
     *               ({@code evaluate}, {@code predict}, {@code shuffle(false)})
     * @return a reader of this pass, to be closed
     * @throws DatasetException if the data cannot be opened
     */
    SequenceReader open(SplittableRandom random);

    /**
     * @return the number of sequences in one pass if known without reading them; {@code fit} counts a
     *         data set of unknown size with one pass before training
     */
    OptionalLong size();

    /**
     * A shuffle buffer (tf.data's {@code shuffle(buffer_size)}): keeps {@code bufferSize} sequences and
     * hands out a random one of them as each new one comes in. Memory is bounded by the buffer; the
     * mixing is only as wide as the buffer. Without a random stream the order is kept.
     *
     * @param bufferSize how many sequences the buffer holds, at least 1
     * @return this data set, shuffled per pass
     * @throws IllegalArgumentException if {@code bufferSize < 1}
     */
    default SequenceDataset shuffled(int bufferSize) {
        return new ShuffledDataset(this, bufferSize);
    }

    /**
     * Length bucketing for ragged data: reads {@code window} sequences at a time and hands them out
     * sorted by length (ascending in one window, descending in the next, so that the batches across a
     * window's end also hold similar lengths). Batches then need little padding. Give a window of many
     * batches, after {@link #shuffled(int)} so that each epoch's windows differ.
     *
     * @param window how many sequences are sorted together, at least 1
     * @return this data set, bucketed by length
     * @throws IllegalArgumentException if {@code window < 1}
     */
    default SequenceDataset bucketedByLength(int window) {
        return new BucketedDataset(this, window);
    }

    /**
     * A data set in memory; a pass with a random stream visits the sequences in a new full permutation,
     * as {@code fit} on arrays does.
     *
     * @param examples the sequences (the list is copied, the arrays are not)
     * @return the data set
     * @throws IllegalArgumentException if the list is null, empty or holds null
     */
    static SequenceDataset of(List<SequenceExample> examples) {
        return new InMemoryDataset(examples);
    }
}
