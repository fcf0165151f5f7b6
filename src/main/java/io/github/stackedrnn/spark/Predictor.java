package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;

import org.apache.spark.broadcast.Broadcast;

import java.io.Serializable;

/**
 * What an executor needs to predict: the broadcast model and how to turn its outputs into column
 * values. Serializable and small (the model itself travels in the broadcast).
 */
final class Predictor implements Serializable {
    private static final long serialVersionUID = 1L;

    final String modelId;
    final Broadcast<byte[]> model;
    final SequenceColumn input;
    final int features;
    final int outputs;
    final boolean classifier;
    final boolean perStep;

    Predictor(String modelId, Broadcast<byte[]> model, SequenceColumn input, int features, int outputs, boolean classifier,
              boolean perStep) {
        this.modelId = modelId;
        this.model = model;
        this.input = input;
        this.features = features;
        this.outputs = outputs;
        this.classifier = classifier;
        this.perStep = perStep;
    }

    /** @return this executor JVM's copy of the model */
    StackedRnnModel model() {
        return ExecutorModels.get(modelId, model);
    }

    /**
     * Predicts {@code count} sequences of one length {@code time}, {@code sequences[rows[first..]]}, each
     * time-major ({@code time × features} values), and stores each one's outputs in {@code probability[row]}
     * ({@code float[]}, or {@code float[time][]} per step) and {@code prediction[row]} ({@code Integer}, or
     * {@code int[time]} per step).
     */
    void predict(StackedRnnModel m, float[][] sequences, int[] rows, int first, int count, int time,
                 Object[] probability, Object[] prediction) {
        int width = Math.multiplyExact(time, features);
        float[] x = new float[Math.multiplyExact(count, width)];
        for (int i = 0; i < count; i++) {
            System.arraycopy(sequences[rows[first + i]], 0, x, i * width, width);
        }
        float[] out = m.predict(Tensor.of(x, count, time, features)).toFloatArray();
        for (int i = 0; i < count; i++) {
            int row = rows[first + i];
            if (perStep) {
                float[][] p = new float[time][];
                int[] c = new int[time];
                for (int t = 0; t < time; t++) {
                    p[t] = java.util.Arrays.copyOfRange(out, (i * time + t) * outputs, (i * time + t + 1) * outputs);
                    c[t] = predictedClass(p[t]);
                }
                probability[row] = p;
                prediction[row] = c;
            } else {
                float[] p = java.util.Arrays.copyOfRange(out, i * outputs, (i + 1) * outputs);
                probability[row] = p;
                prediction[row] = predictedClass(p);
            }
        }
    }

    /** The arg-max (the first on ties), or {@code p >= 0.5} for a single sigmoid output. */
    int predictedClass(float[] p) {
        if (p.length == 1) {
            return p[0] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
