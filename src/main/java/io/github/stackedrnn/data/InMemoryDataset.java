package io.github.stackedrnn.data;

import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/** Sequences held in a list; shuffled as a whole (Fisher-Yates from the pass's stream). */
final class InMemoryDataset implements SequenceDataset {
    private final List<SequenceExample> examples;

    InMemoryDataset(List<SequenceExample> examples) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("Received an invalid value for argument `examples`, expected at least one sequence, got "
                    + (examples == null ? "null" : "an empty list"));
        }
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i) == null) { // not contains(null): immutable lists throw on it
                throw new IllegalArgumentException("Received an invalid value for argument `examples`, expected sequences, got null at "
                        + i);
            }
        }
        this.examples = List.copyOf(examples);
    }

    @Override
    public SequenceReader open(SplittableRandom random) {
        int n = examples.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (random != null) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
        return new SequenceReader() {
            private int next;

            @Override
            public SequenceExample next() {
                return next < n ? examples.get(order[next++]) : null;
            }

            @Override
            public void close() {
                next = n;
            }
        };
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(examples.size());
    }

    @Override
    public String toString() {
        return "SequenceDataset.of(" + examples.size() + " sequences)";
    }
}
