package io.github.stackedrnn.data;

import java.util.OptionalLong;
import java.util.SplittableRandom;

/** tf.data's shuffle buffer: fill {@code bufferSize}, then each new sequence takes the place of a random one handed out. */
final class ShuffledDataset implements SequenceDataset {
    private final SequenceDataset source;
    private final int bufferSize;

    ShuffledDataset(SequenceDataset source, int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("Received an invalid value for argument `bufferSize`, expected a positive integer, got "
                    + bufferSize + ".");
        }
        this.source = source;
        this.bufferSize = bufferSize;
    }

    @Override
    public SequenceReader open(SplittableRandom random) {
        if (random == null) {
            return source.open(null);
        }
        // the source gets a stream of its own, so a shuffling source and this buffer do not share draws
        SequenceReader in = source.open(random.split());
        return new SequenceReader() {
            private final SequenceExample[] buffer = new SequenceExample[bufferSize];
            private int held;
            private boolean drained;

            @Override
            public SequenceExample next() {
                while (!drained && held < bufferSize) {
                    SequenceExample e = in.next();
                    if (e == null) {
                        drained = true;
                    } else {
                        buffer[held++] = e;
                    }
                }
                if (held == 0) {
                    return null;
                }
                int pick = random.nextInt(held);
                SequenceExample out = buffer[pick];
                buffer[pick] = buffer[--held];
                buffer[held] = null;
                return out;
            }

            @Override
            public void close() {
                in.close();
            }
        };
    }

    @Override
    public OptionalLong size() {
        return source.size();
    }

    @Override
    public String toString() {
        return source + ".shuffled(" + bufferSize + ")";
    }
}
