package io.github.stackedrnn.bench;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * The workloads of issue 3: a stack of tanh SimpleRNN layers (all but the last returning sequences)
 * and a softmax head, trained with Adam on sparse labels. {@code bench/workloads.py} repeats these
 * numbers for the Python scripts; change both together.
 */
public enum Workload {
    /** Keras's tutorial model: features 10, 3 × 50 units, 4 classes, batch 32, T 20. */
    W1(10, new int[] {50, 50, 50}, 4, 32, 20),
    /** A wide one: features 64, 3 × 256 units, 10 classes, batch 64, T 100. */
    W2(64, new int[] {256, 256, 256}, 10, 64, 100),
    /** MNIST rows as a sequence: features 28, 2 × 128 units, 10 classes, batch 128, T 28. */
    W3(28, new int[] {128, 128}, 10, 128, 28),
    /** W3 with LSTM layers (issue 13). */
    W4(28, new int[] {128, 128}, 10, 128, 28, 4),
    /** W3 with GRU layers, reset_after (PyTorch's nn.GRU) (issue 13). */
    W5(28, new int[] {128, 128}, 10, 128, 28, 3);

    /** Batch size of the batched-inference benchmarks. */
    public static final int INFERENCE_BATCH = 256;

    private static final long SEED = 42;

    /** Features per time step. */
    public final int features;
    private final int[] units; // per recurrent layer, bottom to top
    /** Classes of the softmax head. */
    public final int classes;
    /** Batch size of a training step. */
    public final int trainBatch;
    /** Time steps of every sequence. */
    public final int time;

    /** Gate blocks of the recurrent layer: 1 SimpleRNN, 4 LSTM, 3 GRU. */
    public final int gates;

    Workload(int features, int[] units, int classes, int trainBatch, int time) {
        this(features, units, classes, trainBatch, time, 1);
    }

    Workload(int features, int[] units, int classes, int trainBatch, int time, int gates) {
        this.gates = gates;
        this.features = features;
        this.units = units;
        this.classes = classes;
        this.trainBatch = trainBatch;
        this.time = time;
    }

    /**
     * @param threads the model's {@code threads} setting
     * @return a freshly initialised model of this workload, seeded, with Keras's default Adam
     */
    public StackedRnnModel model(int threads) {
        StackedRnnModel.Builder b = StackedRnnModel.builder().inputFeatures(features).threads(threads).seed(SEED);
        for (int l = 0; l < units.length; l++) {
            boolean sequences = l < units.length - 1;
            if (gates == 4) {
                b.add(LstmLayer.builder(units[l]).returnSequences(sequences).build());
            } else if (gates == 3) {
                b.add(GruLayer.builder(units[l]).returnSequences(sequences).build());
            } else {
                b.add(SimpleRnnLayer.builder(units[l]).activation(Activation.TANH).returnSequences(sequences).build());
            }
        }
        return b.add(DenseSoftmaxLayer.builder(classes).build()).build();
    }

    /**
     * @param batch sequences
     * @return fixed uniform random inputs in [-1, 1), {@code [batch, time, features]}
     */
    public Tensor inputs(int batch) {
        SplittableRandom random = new SplittableRandom(SEED + batch);
        float[] x = new float[batch * time * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.of(x, batch, time, features);
    }

    /**
     * @param batch sequences
     * @return fixed random class indices in [0, classes), one per sequence
     */
    public int[] labels(int batch) {
        SplittableRandom random = new SplittableRandom(SEED - batch);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(classes);
        }
        return y;
    }

    /**
     * Floating-point operations of one sample's training step: forward, BPTT and the weight gradients
     * each cost about {@code 2·T·G·Σ(in·units + units²)}; the head and Adam are left out.
     *
     * @return the operation count per sample
     */
    public double trainFlopsPerSample() {
        return 3 * inferenceFlopsPerSample();
    }

    /** @return floating-point operations of one sample's forward pass, {@code 2·T·G·Σ(in·units + units²)} */
    public double inferenceFlopsPerSample() {
        double perStep = 0;
        int in = features;
        for (int u : units) {
            perStep += (double) in * u + (double) u * u;
            in = u;
        }
        return 2.0 * time * gates * perStep;
    }
}
