package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.SequenceMask;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One partition's share of an averaging round: a local copy of the broadcast model (weights and
 * optimizer state) trains on the partition's next {@code averagingFrequency} mini-batches of the
 * epoch's order, and the partition returns its weights, slots and figures as a {@link RoundSum}.
 */
final class TrainRound implements Function2<Integer, Iterator<LabeledSequence>, Iterator<RoundSum>> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> model;
    private final int epoch;
    private final int round;
    private final long seed;
    private final boolean shuffle;
    private final int batchSize;
    private final int averagingFrequency;
    private final RoundHook hook;

    TrainRound(Broadcast<byte[]> model, int epoch, int round, long seed, boolean shuffle, int batchSize, int averagingFrequency,
               RoundHook hook) {
        this.model = model;
        this.epoch = epoch;
        this.round = round;
        this.seed = seed;
        this.shuffle = shuffle;
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
        this.hook = hook;
    }

    /** The epoch's order of a partition's rows: a permutation from (seed, epoch, partition) alone. */
    static int[] order(int rows, long seed, int epoch, int partition, boolean shuffle) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L)) ^ (0xC2B2AE3D27D4EB4FL * (partition + 1L)));
            for (int i = rows - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    @Override
    public Iterator<RoundSum> call(Integer partition, Iterator<LabeledSequence> rows) {
        List<LabeledSequence> data = new ArrayList<>();
        rows.forEachRemaining(data::add);
        int batches = (data.size() + batchSize - 1) / batchSize;
        int first = round * averagingFrequency;
        int last = Math.min(batches, first + averagingFrequency);
        if (first >= last) {
            return Collections.emptyIterator();
        }
        if (hook != null) {
            TaskContext task = TaskContext.get();
            hook.beforeRound(epoch, round, partition, task == null ? 0 : task.attemptNumber());
        }
        int[] order = order(data.size(), seed, epoch, partition, shuffle);
        StackedRnnModel local = ModelBytes.loadSingleThreaded(model.value());
        int features = local.inputFeatures();
        long rowsSeen = 0;
        long correct = 0;
        double lossSum = 0;
        for (int b = first; b < last; b++) {
            int from = b * batchSize;
            int n = Math.min(batchSize, data.size() - from);
            int time = 0;
            boolean ragged = false;
            for (int i = 0; i < n; i++) {
                int length = data.get(order[from + i]).x().length;
                ragged |= i > 0 && length != time;
                time = Math.max(time, length);
            }
            float[] x = new float[Math.multiplyExact(Math.multiplyExact(n, time), features)];
            int[] labels = new int[n];
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                LabeledSequence row = data.get(order[from + i]);
                labels[i] = row.label();
                lengths[i] = row.x().length;
                for (int t = 0; t < lengths[i]; t++) {
                    System.arraycopy(row.x()[t], 0, x, (i * time + t) * features, features);
                }
            }
            Tensor input = Tensor.of(x, n, time, features);
            SequenceMask mask = ragged ? SequenceMask.ofLengths(lengths, time) : null;
            // the accuracy fit reports is of the predictions before each step; trainOnBatch gives only the loss
            float[] p = (mask == null ? local.predict(input) : local.predict(input, mask)).toFloatArray();
            int k = local.classes();
            for (int i = 0; i < n; i++) {
                if (predicted(p, i, k) == labels[i]) {
                    correct++;
                }
            }
            double loss = mask == null ? local.trainOnBatch(input, labels) : local.trainOnBatch(input, labels, mask);
            lossSum += loss * n;
            rowsSeen += n;
        }
        List<Tensor> weights = local.getWeights();
        double[] w = new double[local.parameterCount()];
        int offset = 0;
        for (Tensor t : weights) {
            float[] values = t.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                w[offset + i] = values[i];
            }
            offset += values.length;
        }
        OptimizerSnapshot state = SparkTrainer.STATE.read(ModelBytes.of(local, true));
        double[][] slots = new double[state == null ? 0 : state.slots().size()][];
        for (int s = 0; s < slots.length; s++) {
            float[] slot = state.slots().get(s);
            slots[s] = new double[slot.length];
            for (int i = 0; i < slot.length; i++) {
                slots[s][i] = slot[i];
            }
        }
        Contribution c = new Contribution(1, last - first, rowsSeen, lossSum, correct, w, slots);
        return Collections.singletonList(RoundSum.of(partition, c)).iterator();
    }

    private static int predicted(float[] p, int row, int k) {
        if (k == 1) {
            return p[row] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (p[row * k + c] > p[row * k + best]) {
                best = c;
            }
        }
        return best;
    }
}
