package io.github.stackedrnn.model;

import io.github.stackedrnn.data.SequenceDataset;
import io.github.stackedrnn.data.SequenceExample;
import io.github.stackedrnn.data.SequenceReader;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Training data read from a {@link SequenceDataset} as it trains: each epoch opens a pass (with the
 * epoch's shuffling stream) and a {@link Prefetcher} reads and assembles its batches ahead. Memory is
 * the data set's own buffers plus {@link #DEPTH} batches, whatever the data set's size. Also
 * {@code evaluate} and {@code predict} over a data set, and fit's validation on one.
 */
final class DatasetData implements TrainingData {
    /** Batches read ahead of training: enough to hide an uneven read, few enough to bound memory. */
    static final int DEPTH = 4;
    /** Sequences per batch of evaluate and predict, as for lists. */
    static final int EVALUATION_BATCH = 256;

    private final SequenceDataset dataset;
    private final int count;
    private final DatasetBatches batches;

    private DatasetData(SequenceDataset dataset, int count, DatasetBatches batches) {
        this.dataset = dataset;
        this.count = count;
        this.batches = batches;
    }

    /** Checks the options a data set cannot take, and counts the data set if it does not know its size. */
    static DatasetData of(StackedRnnModel model, SequenceDataset dataset, FitOptions options) {
        if (dataset == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `dataset`, expected a SequenceDataset, got null.");
        }
        if (options == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `options`, expected FitOptions, got null.");
        }
        if (options.validationSplit() > 0) {
            throw new IllegalArgumentException("validationSplit " + options.validationSplit() + " cannot cut a data set (as in Keras, "
                    + "`validation_split` is only supported for arrays); give validationData(ValidationData.of(dataset))");
        }
        if (options.sampleWeights() != null) {
            throw new IllegalArgumentException("sampleWeights are given by position in arrays; a data set has none (classWeight works)");
        }
        RowWeights weights = RowWeights.of(options, 0, model.network());
        return new DatasetData(dataset, count(dataset), new DatasetBatches(model.evaluator(), weights, true));
    }

    /** The size, or one pass counting the sequences if it is not known; at most {@code Integer.MAX_VALUE}. */
    static int count(SequenceDataset dataset) {
        OptionalLong size = dataset.size();
        long n;
        if (size.isPresent()) {
            n = size.getAsLong();
        } else {
            n = 0;
            try (SequenceReader r = dataset.open(null)) {
                while (r.next() != null) {
                    n++;
                }
            }
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("The data set holds " + n + " sequences; at most " + Integer.MAX_VALUE + " per epoch");
        }
        return (int) n;
    }

    @Override
    public int trainCount() {
        return count;
    }

    @Override
    public int validationCount() {
        return 0;
    }

    @Override
    public List<Batch> epoch(SplittableRandom random, int batchSize) {
        throw new IllegalStateException("A data set is read as a stream of batches, not listed");
    }

    @Override
    public BatchStream stream(SplittableRandom random, int batchSize) {
        return new Prefetcher(dataset, random, batchSize, DEPTH, batches);
    }

    @Override
    public Evaluation validate() {
        throw new IllegalStateException("A data set has no validation split");
    }

    /** Loss and metrics over one pass in the data set's order, summed as one batch would be. */
    static Evaluation evaluate(Evaluator evaluator, SequenceDataset dataset) {
        if (dataset == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `dataset`, expected a SequenceDataset, got null.");
        }
        Network net = evaluator.network();
        EvaluationSums sums = new EvaluationSums(net.loss, net.outputUnits());
        long rows = 0;
        try (Prefetcher pass = new Prefetcher(dataset, null, EVALUATION_BATCH, DEPTH, new DatasetBatches(evaluator, null, true))) {
            Batch b;
            while ((b = pass.next()) != null) {
                evaluator.add(sums, b.x, b.targets, 0, b.size, b.mask);
                rows += b.size;
            }
        }
        if (rows == 0) {
            throw new IllegalArgumentException("The data set " + dataset + " has no sequence to evaluate");
        }
        return evaluator.finish(sums);
    }

    /** Predictions for one pass, in the data set's order; targets, if any, are ignored. */
    static List<Tensor> predict(StackedRnnModel model, SequenceDataset dataset) {
        if (dataset == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `dataset`, expected a SequenceDataset, got null.");
        }
        List<Tensor> out = new ArrayList<>();
        try (SequenceReader r = dataset.open(null)) {
            List<float[][]> chunk = new ArrayList<>(EVALUATION_BATCH);
            SequenceExample first = null;
            SequenceExample e;
            do {
                e = r.next();
                if (e != null) {
                    first = chunk.isEmpty() ? e : first;
                    chunk.add(e.steps());
                }
                if (chunk.size() == EVALUATION_BATCH || e == null && !chunk.isEmpty()) {
                    try {
                        out.addAll(model.predict(chunk));
                    } catch (IllegalArgumentException x) {
                        // "sequence i ..." counts from the chunk's first sequence, named here
                        throw new io.github.stackedrnn.data.DatasetException(DatasetBatches.name(first, out.size())
                                + " (the first of " + chunk.size() + " predicted together)", x.getMessage(), x);
                    }
                    chunk.clear();
                }
            } while (e != null);
        }
        return out;
    }
}
