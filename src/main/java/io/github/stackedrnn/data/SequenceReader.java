package io.github.stackedrnn.data;

/**
 * One pass over a {@link SequenceDataset}: its sequences one after the other. Used by one thread; close
 * it when done (it may hold an open file).
 */
public interface SequenceReader extends AutoCloseable {
    /**
     * @return the next sequence, or null at the end of the pass
     * @throws DatasetException if the data is bad or cannot be read
     */
    SequenceExample next();

    /** Releases the files of this pass; idempotent. */
    @Override
    void close();
}
