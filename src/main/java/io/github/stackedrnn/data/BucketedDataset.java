package io.github.stackedrnn.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/** Windows of {@code window} sequences, each sorted by length, ascending and descending in turn. */
final class BucketedDataset implements SequenceDataset {
    private final SequenceDataset source;
    private final int window;

    BucketedDataset(SequenceDataset source, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("Received an invalid value for argument `window`, expected a positive integer, got "
                    + window + ".");
        }
        this.source = source;
        this.window = window;
    }

    @Override
    public SequenceReader open(SplittableRandom random) {
        SequenceReader in = source.open(random);
        return new SequenceReader() {
            private final SequenceExample[] buffer = new SequenceExample[window];
            private int held;
            private int next;
            private int windows;

            @Override
            public SequenceExample next() {
                if (next == held) {
                    Arrays.fill(buffer, 0, held, null);
                    held = 0;
                    next = 0;
                    SequenceExample e;
                    while (held < window && (e = in.next()) != null) {
                        buffer[held++] = e;
                    }
                    if (held == 0) {
                        return null;
                    }
                    // a stable sort: ties keep the order they came in
                    Comparator<SequenceExample> byLength = Comparator.comparingInt(SequenceExample::length);
                    Arrays.sort(buffer, 0, held, windows++ % 2 == 0 ? byLength : byLength.reversed());
                }
                SequenceExample out = buffer[next];
                buffer[next++] = null;
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
        return source + ".bucketedByLength(" + window + ")";
    }
}
