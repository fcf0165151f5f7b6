package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sequences of different lengths, bucketed: sorted by length, cut into batches of neighbours (so each
 * batch holds sequences of similar length and little work goes to padding), each padded to its longest
 * sequence and masked. Batches are made once per batch size; every epoch visits them in a new order.
 */
final class RaggedData implements TrainingData {
    private final Evaluator evaluator;
    private final List<float[][]> sequences;
    private final int[] labels;       // one per sequence, or null
    private final int[][] stepLabels; // one per step, or null
    private final RaggedTargets dense; // tensor targets (any head and loss), or null
    private final int trainCount;
    private final RowWeights weights; // of the training batches, or null
    private List<Batch> batches;      // for batchSize
    private int batchSize = -1;

    RaggedData(Evaluator evaluator, List<float[][]> sequences, int[] labels, int[][] stepLabels, int trainCount) {
        this(evaluator, sequences, labels, stepLabels, trainCount, null);
    }

    RaggedData(Evaluator evaluator, List<float[][]> sequences, int[] labels, int[][] stepLabels, int trainCount,
               RowWeights weights) {
        this(evaluator, sequences, labels, stepLabels, null, trainCount, weights);
    }

    /** With targets given as tensors or rows, checked by {@link RaggedTargets}: any head and loss. */
    RaggedData(Evaluator evaluator, List<float[][]> sequences, RaggedTargets dense, int trainCount, RowWeights weights) {
        this(evaluator, sequences, null, null, dense, trainCount, weights);
    }

    private RaggedData(Evaluator evaluator, List<float[][]> sequences, int[] labels, int[][] stepLabels, RaggedTargets dense,
                       int trainCount, RowWeights weights) {
        this.dense = dense;
        this.weights = weights;
        this.evaluator = evaluator;
        this.sequences = sequences;
        this.labels = labels;
        this.stepLabels = stepLabels;
        this.trainCount = trainCount;
    }

    /** Checks every sequence: not null, at least one step, {@code features} finite values per step. */
    static void check(List<float[][]> sequences, int features, String layer) {
        if (sequences == null || sequences.isEmpty()) {
            throw new IllegalArgumentException(layer + ": expected at least one sequence, got "
                    + (sequences == null ? "null" : "an empty list"));
        }
        for (int i = 0; i < sequences.size(); i++) {
            float[][] s = sequences.get(i);
            if (s == null || s.length == 0) {
                throw new IllegalArgumentException(layer + ": sequence " + i + " has no time step; every sequence needs at least one");
            }
            for (int t = 0; t < s.length; t++) {
                if (s[t] == null || s[t].length != features) {
                    throw new IllegalArgumentException(layer + ": sequence " + i + " step " + t + " must have " + features
                            + " features but has " + (s[t] == null ? "null" : s[t].length));
                }
                for (int f = 0; f < features; f++) {
                    if (!Float.isFinite(s[t][f])) {
                        throw new IllegalArgumentException(layer + ": sequence " + i + " contains " + s[t][f] + " at step " + t
                                + ", feature " + f + "; inputs must be finite");
                    }
                }
            }
        }
    }

    @Override
    public int trainCount() {
        return trainCount;
    }

    @Override
    public int validationCount() {
        return sequences.size() - trainCount;
    }

    @Override
    public List<Batch> epoch(SplittableRandom random, int size) {
        if (size != batchSize) {
            batches = buckets(0, trainCount, size, weights);
            batchSize = size;
        }
        List<Batch> order = new ArrayList<>(batches);
        if (random != null) {
            for (int i = order.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Batch tmp = order.get(i);
                order.set(i, order.get(j));
                order.set(j, tmp);
            }
        }
        return order;
    }

    @Override
    public Evaluation validate() {
        return evaluate(buckets(trainCount, sequences.size(), 256));
    }

    /** The evaluation over buckets, summed as one batch would be. */
    Evaluation evaluate(List<Batch> buckets) {
        Network net = evaluator.network();
        EvaluationSums sums = new EvaluationSums(net.loss, net.outputUnits());
        for (Batch b : buckets) {
            evaluator.add(sums, b.x, b.targets, 0, b.size, b.mask);
        }
        return evaluator.finish(sums);
    }

    /** Batches of at most {@code size} sequences from {@code [from, to)}, neighbours in length order. */
    List<Batch> buckets(int from, int to, int size) {
        return buckets(from, to, size, null);
    }

    private List<Batch> buckets(int from, int to, int size, RowWeights rowWeights) {
        Integer[] index = byLength(sequences, from, to);
        List<Batch> out = new ArrayList<>();
        for (int first = 0; first < index.length; first += size) {
            int count = Math.min(size, index.length - first);
            out.add(padded(Arrays.copyOfRange(index, first, first + count), rowWeights));
        }
        return out;
    }

    private Batch padded(Integer[] members, RowWeights rowWeights) {
        Network net = evaluator.network();
        int features = net.features;
        int time = 0;
        for (int i : members) {
            time = Math.max(time, sequences.get(i).length);
        }
        float[] x = new float[Sizes.buffer("a padded batch", members.length, time, features)];
        int[] lengths = new int[members.length];
        for (int s = 0; s < members.length; s++) {
            float[][] seq = sequences.get(members[s]);
            lengths[s] = seq.length;
            for (int t = 0; t < seq.length; t++) {
                System.arraycopy(seq[t], 0, x, (s * time + t) * features, features);
            }
        }
        SequenceMask mask = SequenceMask.ofLengths(lengths, time);
        Targets targets = null;
        if (labels != null) {
            int[] batchLabels = new int[members.length];
            for (int s = 0; s < members.length; s++) {
                batchLabels[s] = labels[members[s]];
            }
            targets = Targets.sparse(batchLabels, members.length, net);
        } else if (stepLabels != null) {
            int[][] batchLabels = new int[members.length][time];
            for (int s = 0; s < members.length; s++) {
                System.arraycopy(stepLabels[members[s]], 0, batchLabels[s], 0, lengths[s]);
            }
            targets = Targets.sparse(batchLabels, members.length, time, net, mask);
        } else if (dense != null) {
            targets = dense.batch(members, time, mask);
        }
        return new Batch(Tensor.wrap(x, members.length, time, features), targets, null, 0, members.length, mask, null,
                rowWeights == null ? null : rowWeights.select(members));
    }

    /** The members' positions in the original list, batch by batch, for putting predictions back in order. */
    static int[] memberOrder(List<float[][]> sequences) {
        return Arrays.stream(byLength(sequences, 0, sequences.size())).mapToInt(Integer::intValue).toArray();
    }

    /** Indices {@code [from, to)} sorted by sequence length; the sort is stable, so ties keep list order. */
    private static Integer[] byLength(List<float[][]> sequences, int from, int to) {
        Integer[] index = new Integer[to - from];
        for (int i = 0; i < index.length; i++) {
            index[i] = from + i;
        }
        Arrays.sort(index, Comparator.comparingInt(i -> sequences.get(i).length));
        return index;
    }

    /** Checks the sequences and their labels against the network: one class per sequence, or per step of it. */
    static void checkLabels(List<float[][]> sequences, int[] labels, int[][] stepLabels, Network net) {
        RaggedData.check(sequences, net.features, net.blocks[0].name);
        if (stepLabels == null) {
            if (net.perStepOutput()) {
                throw new IllegalArgumentException("The model outputs one prediction per time step; give int[][] labels, one per step");
            }
            if (labels == null || labels.length != sequences.size()) {
                throw new IllegalArgumentException("labels must have one class per sequence, " + sequences.size() + " in all, but got "
                        + (labels == null ? "null" : labels.length));
            }
            int classes = Targets.sparseClasses(net);
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException("label " + labels[i] + " at [" + i + "] is outside [0, " + classes + ")");
                }
            }
        } else {
            if (!net.perStepOutput()) {
                throw new IllegalArgumentException("The model outputs one prediction per sequence; give int[] labels, one per sequence");
            }
            int classes = Targets.sparseClasses(net);
            if (stepLabels.length != sequences.size()) {
                throw new IllegalArgumentException("labels must have one row per sequence, " + sequences.size() + " in all, but got "
                        + stepLabels.length);
            }
            for (int i = 0; i < stepLabels.length; i++) {
                int length = sequences.get(i).length;
                if (stepLabels[i] == null || stepLabels[i].length != length) {
                    throw new IllegalArgumentException("labels[" + i + "] must have " + length + " classes, one per step, but has "
                            + (stepLabels[i] == null ? "null" : stepLabels[i].length));
                }
                for (int t = 0; t < length; t++) {
                    if (stepLabels[i][t] < 0 || stepLabels[i][t] >= classes) {
                        throw new IllegalArgumentException("label " + stepLabels[i][t] + " at [" + i + "][" + t + "] is outside [0, "
                                + classes + ")");
                    }
                }
            }
        }
    }
}
