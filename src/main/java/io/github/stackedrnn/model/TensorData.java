package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Training data in one padded tensor: shuffled samples in mini-batches; validation on the tail. */
final class TensorData implements TrainingData {
    private final Evaluator evaluator;
    private final Tensor x;            // [N, T, F]
    private final Targets targets;
    private final SequenceMask mask;   // or null
    private final int trainCount;
    private final int[] order;         // [trainCount] this epoch's sample order
    private final RowWeights weights;  // or null

    TensorData(Evaluator evaluator, Tensor x, Targets targets, SequenceMask mask, int trainCount, RowWeights weights) {
        this.weights = weights;
        this.evaluator = evaluator;
        this.x = x;
        this.targets = targets;
        this.mask = mask;
        this.trainCount = trainCount;
        this.order = new int[trainCount];
    }

    @Override
    public int trainCount() {
        return trainCount;
    }

    @Override
    public int validationCount() {
        return x.dim(0) - trainCount;
    }

    @Override
    public List<Batch> epoch(SplittableRandom random, int batchSize) {
        for (int i = 0; i < trainCount; i++) {
            order[i] = i;
        }
        if (random != null) {
            shuffle(order, random);
        }
        List<Batch> batches = new ArrayList<>();
        for (int first = 0; first < trainCount; first += batchSize) {
            batches.add(new Batch(x, targets, order, first, Math.min(batchSize, trainCount - first), mask, null, weights));
        }
        return batches;
    }

    @Override
    public Evaluation validate() {
        return evaluator.evaluate(x, targets, trainCount, validationCount(), mask);
    }

    /** Fisher-Yates with the model's shuffling stream, so the same seed gives the same epochs. */
    static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
